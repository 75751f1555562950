//! `$ref`s inside one document: JSON pointers (`#/components/schemas/Order`) resolved
//! against its tree. References to other files or URLs are never followed: statusbook reads
//! only the document the site names.

use std::collections::HashMap;

use super::tree::{Node, Value};
use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;

/// How many `$ref`s in a row are followed before a chain counts as a loop.
const MAX_HOPS: usize = 32;

/// Why a `$ref` was not followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// It names another file or a URL.
    External,
    /// It names nothing in this document.
    Missing,
    /// It leads back to itself.
    Loop,
}

/// The node a JSON pointer names (RFC 6901, in a URI fragment: `/paths/~1orders`).
pub fn pointer<'a>(root: &'a Node, pointer: &str) -> Option<&'a Node> {
    let mut node = root;
    if pointer.is_empty() {
        return Some(node);
    }
    for part in pointer.strip_prefix('/')?.split('/') {
        let part = percent_decode(part).replace("~1", "/").replace("~0", "~");
        node = match &node.value {
            Value::Object(_) => node.get(&part)?,
            Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The `$ref` of a node, if it is a reference object.
pub fn reference(node: &Node) -> Option<&str> {
    node.str_of("$ref")
}

/// `node`, or what its `$ref` (and theirs, in turn) leads to.
pub fn resolve<'a>(root: &'a Node, node: &'a Node) -> Result<&'a Node, Unresolved> {
    let mut node = node;
    for _ in 0..MAX_HOPS {
        let Some(target) = reference(node) else {
            return Ok(node);
        };
        node = follow(root, target)?;
    }
    Err(Unresolved::Loop)
}

/// What one `$ref` names.
fn follow<'a>(root: &'a Node, target: &str) -> Result<&'a Node, Unresolved> {
    match target.strip_prefix('#') {
        Some(fragment) if fragment.is_empty() || fragment.starts_with('/') => {
            pointer(root, fragment).ok_or(Unresolved::Missing)
        }
        Some(_) => Err(Unresolved::Missing),
        None => Err(Unresolved::External),
    }
}

/// Every `$ref` of the document checked once: one that names nothing is an error at its
/// place, one that names another file or URL a warning that it is not followed.
pub fn check_all(source: &SourceFile, root: &Node) -> Vec<Diagnostic> {
    let mut known: HashMap<&str, Result<(), Unresolved>> = HashMap::new();
    let mut problems = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Object(entries) => {
                for (key, value) in entries {
                    if key.text == "$ref"
                        && let Some(target) = value.as_str()
                    {
                        let result = known
                            .entry(target)
                            .or_insert_with(|| check_one(root, target))
                            .clone();
                        if let Err(why) = result {
                            problems.push(problem(source, value, target, &why));
                        }
                    } else {
                        stack.push(value);
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    problems.sort_by_key(|p| p.location.as_ref().map(|l| (l.at.span.line, l.at.span.col)));
    problems
}

/// Whether one `$ref` names something; a missing target further down a chain is reported
/// at the `$ref` that names it, a loop at each `$ref` in it.
fn check_one(root: &Node, target: &str) -> Result<(), Unresolved> {
    let named = follow(root, target)?;
    match resolve(root, named) {
        Err(Unresolved::Loop) => Err(Unresolved::Loop),
        _ => Ok(()),
    }
}

/// The diagnostic for a `$ref` at `node` that could not be followed.
pub fn problem(source: &SourceFile, node: &Node, target: &str, why: &Unresolved) -> Diagnostic {
    let at = source.locate(node.range());
    match why {
        Unresolved::External => Diagnostic::warning(format!(
            "`$ref` to `{target}` is not followed: statusbook reads only this document"
        ))
        .at(at, "another file or a URL")
        .hint("bundle the document into one file (for example with `redocly bundle`), so every `$ref` starts with `#/`"),
        Unresolved::Missing => Diagnostic::error(format!(
            "`$ref` to `{target}` names nothing in this document"
        ))
        .at(at, "not found")
        .hint("a local `$ref` is a JSON pointer from the document's root, like `#/components/schemas/Order`"),
        Unresolved::Loop => Diagnostic::error(format!("`$ref` to `{target}` leads back to itself"))
            .at(at, "a loop of references")
            .hint("point the `$ref` at the object itself, not at another `$ref`"),
    }
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::openapi::tree::parse;
    use std::path::Path;
    use std::sync::Arc;

    fn doc(text: &str) -> (SourceFile, Node) {
        let source = SourceFile::new(Arc::from(Path::new("api.yaml")), text.to_string());
        let root = parse(&source, false).unwrap();
        (source, root)
    }

    #[test]
    fn pointers_unescape_slashes_tildes_and_percent_signs() {
        let (_, root) = doc("paths:\n  /a/{id}:\n    x: 1\n  ~b: [10, 20]\n");
        assert_eq!(
            pointer(&root, "/paths/~1a~1%7Bid%7D/x")
                .unwrap()
                .to_json(false),
            "1"
        );
        assert_eq!(pointer(&root, "/paths/~0b/1").unwrap().to_json(false), "20");
        assert!(pointer(&root, "/paths/nope").is_none());
        assert!(pointer(&root, "paths").is_none());
    }

    #[test]
    fn chains_are_followed_and_loops_caught() {
        let (_, root) = doc(
            "a: {$ref: '#/b'}\nb: {$ref: '#/c'}\nc: {ok: true}\nd: {$ref: '#/d'}\ne: {$ref: 'other.yaml#/x'}\n",
        );
        let a = root.get("a").unwrap();
        assert_eq!(resolve(&root, a).unwrap().to_json(false), r#"{"ok":true}"#);
        assert_eq!(
            resolve(&root, root.get("d").unwrap()),
            Err(Unresolved::Loop)
        );
        assert_eq!(
            resolve(&root, root.get("e").unwrap()),
            Err(Unresolved::External)
        );
    }

    #[test]
    fn every_reference_is_checked_with_its_place() {
        let (source, root) = doc(
            "a:\n  $ref: '#/missing'\nb:\n  - $ref: 'https://x.test/s.json'\nc: {$ref: '#/a'}\n",
        );
        let problems: Vec<String> = check_all(&source, &root)
            .iter()
            .map(|p| p.one_line())
            .collect();
        assert_eq!(
            problems,
            [
                "api.yaml:2:9: error: `$ref` to `#/missing` names nothing in this document",
                "api.yaml:4:11: warning: `$ref` to `https://x.test/s.json` is not followed: statusbook reads only this document",
            ]
        );
    }
}
