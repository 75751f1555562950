//! A JSON or YAML document as one tree of values, each with the bytes it was written at, so
//! that every problem found later in an OpenAPI document can point at its line and column.
//!
//! JSON is read with `jsonc-parser` (strict JSON: no comments or trailing commas), YAML with
//! `saphyr-parser`'s events (YAML 1.2, core schema). JSON is YAML too, but reading GitHub's
//! 13 MB description as YAML takes three times as long.

use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;

/// One value of the document, and where it was written (a byte range of the file).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it starts, in bytes.
    pub start: u32,
    /// Where it ends, in bytes.
    pub end: u32,
}

/// A value of a JSON or YAML document.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written in JSON (`12`, `-1.5e3`).
    Number(String),
    /// A string.
    String(String),
    /// A list.
    Array(Vec<Node>),
    /// A map, in the order written.
    Object(Vec<(Key, Node)>),
}

/// The key of a map entry, and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The key as text (`200` for a YAML integer key).
    pub text: String,
    /// Where it starts, in bytes.
    pub start: u32,
    /// Where it ends, in bytes.
    pub end: u32,
}

impl Node {
    /// A value made by statusbook, not read from a file (it points at the file's start).
    pub fn made(value: Value) -> Node {
        Node {
            value,
            start: 0,
            end: 0,
        }
    }

    /// Where the value was written, as a byte range.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The value of `key`, if this is a map that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, node)| node)
    }

    /// The entry of `key`, with the key's position, if this is a map that has it.
    pub fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        match &self.value {
            Value::Object(entries) => entries
                .iter()
                .find(|(k, _)| k.text == key)
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// The entries of a map (none for anything else).
    pub fn entries(&self) -> &[(Key, Node)] {
        match &self.value {
            Value::Object(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a list (none for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a string value of `key`.
    pub fn str_of(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// What kind of value this is, for messages: `a string`, `a map`.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "a map",
        }
    }

    /// The value as JSON text, keys in the order written; `indent` pretty-prints it the way
    /// `serde_json` does (two spaces, `": "`).
    pub fn to_json(&self, pretty: bool) -> String {
        let mut out = String::new();
        self.write_json(&mut out, pretty, 0);
        out
    }

    fn write_json(&self, out: &mut String, pretty: bool, depth: usize) {
        let newline = |out: &mut String, depth: usize| {
            if pretty {
                out.push('\n');
                out.push_str(&"  ".repeat(depth));
            }
        };
        match &self.value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => out.push_str(&quote(s)),
            Value::Array(items) if items.is_empty() => out.push_str("[]"),
            Value::Object(entries) if entries.is_empty() => out.push_str("{}"),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    item.write_json(out, pretty, depth + 1);
                }
                newline(out, depth);
                out.push(']');
            }
            Value::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    out.push_str(&quote(&key.text));
                    out.push_str(if pretty { ": " } else { ":" });
                    value.write_json(out, pretty, depth + 1);
                }
                newline(out, depth);
                out.push('}');
            }
        }
    }
}

impl Key {
    /// A key made by statusbook.
    pub fn made(text: &str) -> Key {
        Key {
            text: text.to_string(),
            start: 0,
            end: 0,
        }
    }

    /// Where the key was written, as a byte range.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialise")
}

/// Whether a file is read as JSON: by its name, else by its first character.
pub fn is_json(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".json") {
        return true;
    }
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        return false;
    }
    text.trim_start().starts_with('{')
}

/// Reads `source` as JSON, or as YAML, into a tree; a syntax error points at its place.
pub fn parse(source: &SourceFile, json: bool) -> Result<Node, Diagnostic> {
    if json {
        parse_json(source)
    } else {
        parse_yaml(source)
    }
}

fn parse_json(source: &SourceFile) -> Result<Node, Diagnostic> {
    use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed =
        parse_to_ast(source.text(), &CollectOptions::default(), &strict).map_err(|e| {
            let range = e.range();
            Diagnostic::error(format!("invalid JSON: {}", e.kind()))
            .at(source.locate(range.start..range.end.max(range.start + 1)), "")
            .hint("an OpenAPI document in JSON must be strict JSON: no comments or trailing commas")
        })?;
    match parsed.value {
        Some(value) => Ok(from_json(value)),
        None => Err(Diagnostic::error("the OpenAPI document is empty")
            .at(source.locate(0..0), "")
            .hint("write the document's `openapi`, `info` and `paths`")),
    }
}

fn from_json(value: jsonc_parser::ast::Value<'_>) -> Node {
    use jsonc_parser::ast::Value as J;
    let (value, range) = match value {
        J::StringLit(s) => (Value::String(s.value.into_owned()), s.range),
        J::NumberLit(n) => (Value::Number(n.value.to_string()), n.range),
        J::BooleanLit(b) => (Value::Bool(b.value), b.range),
        J::NullKeyword(n) => (Value::Null, n.range),
        J::Array(a) => (
            Value::Array(a.elements.into_iter().map(from_json).collect()),
            a.range,
        ),
        J::Object(o) => {
            let entries = o
                .properties
                .into_iter()
                .map(|p| {
                    let (text, range) = match p.name {
                        jsonc_parser::ast::ObjectPropName::String(s) => {
                            (s.value.into_owned(), s.range)
                        }
                        jsonc_parser::ast::ObjectPropName::Word(w) => {
                            (w.value.to_string(), w.range)
                        }
                    };
                    let key = Key {
                        text,
                        start: range.start as u32,
                        end: range.end as u32,
                    };
                    (key, from_json(p.value))
                })
                .collect();
            (Value::Object(entries), o.range)
        }
    };
    Node {
        value,
        start: range.start as u32,
        end: range.end as u32,
    }
}

/// Byte offsets of the characters of a text, for the YAML parser, which counts characters.
struct Offsets<'a> {
    text: &'a str,
    /// The byte offset of each character; empty when the text is ASCII (offset = index).
    starts: Vec<u32>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i as u32).collect()
        };
        Offsets { text, starts }
    }

    fn byte(&self, char_index: usize) -> u32 {
        if self.starts.is_empty() {
            char_index.min(self.text.len()) as u32
        } else {
            self.starts
                .get(char_index)
                .copied()
                .unwrap_or(self.text.len() as u32)
        }
    }
}

/// How many values aliases may copy in all (`*name` repeats what `&name` marked, and an
/// alias of lists of aliases grows tenfold per level): beyond it, a document is refused
/// rather than fill the memory. Real documents copy a few hundred.
const MAX_ALIASED: usize = 1_000_000;

/// A map or list being read, with where it started.
enum Open {
    Array(Vec<Node>, u32, usize),
    Object(Vec<(Key, Node)>, Option<Key>, u32, usize),
}

fn parse_yaml(source: &SourceFile) -> Result<Node, Diagnostic> {
    let offsets = Offsets::new(source.text());
    let mut parser = Parser::new_from_str(source.text());
    let mut stack: Vec<Open> = Vec::new();
    // Each anchored value with how many values it holds, and, beside `stack`, how many the
    // maps and lists being read hold so far: what an alias would copy.
    let mut anchors: Vec<Option<(Node, usize)>> = Vec::new();
    let mut sizes: Vec<usize> = Vec::new();
    let mut aliased = 0usize;
    let mut root: Option<Node> = None;
    let syntax = |at: Range<usize>, info: &str| {
        Diagnostic::error(format!("invalid YAML: {info}"))
            .at(source.locate(at), "")
            .hint("see https://yaml.org/spec/1.2.2/ for the syntax; JSON is YAML too")
    };
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| {
            let at = offsets.byte(e.marker().index()) as usize;
            syntax(at..at + 1, e.info())
        })?;
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index()).max(start);
        let mut size = 1;
        let (node, anchor) = match event {
            Event::StreamEnd => break,
            Event::DocumentEnd if root.is_some() => break,
            Event::SequenceStart(anchor, _) => {
                stack.push(Open::Array(Vec::new(), start, anchor));
                sizes.push(1);
                continue;
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Open::Object(Vec::new(), None, start, anchor));
                sizes.push(1);
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Array(items, begin, anchor)) => {
                    size = sizes.pop().unwrap_or(1);
                    (
                        Node {
                            value: Value::Array(items),
                            start: begin,
                            end,
                        },
                        anchor,
                    )
                }
                _ => unreachable!("the parser closes what it opened"),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Open::Object(entries, _, begin, anchor)) => {
                    size = sizes.pop().unwrap_or(1);
                    check_duplicates(source, &entries)?;
                    (
                        Node {
                            value: Value::Object(entries),
                            start: begin,
                            end,
                        },
                        anchor,
                    )
                }
                _ => unreachable!("the parser closes what it opened"),
            },
            Event::Scalar(text, style, anchor, tag) => {
                let plain =
                    style == ScalarStyle::Plain && tag.as_ref().is_none_or(|t| t.suffix != "str");
                let value = if plain {
                    resolve_plain(&text)
                } else {
                    Value::String(text.into_owned())
                };
                (Node { value, start, end }, anchor)
            }
            Event::Alias(id) => match anchors.get(id).and_then(Option::as_ref) {
                Some((node, copies)) => {
                    aliased += copies;
                    if aliased > MAX_ALIASED {
                        return Err(Diagnostic::error(format!(
                            "aliases in the document repeat more than {MAX_ALIASED} values"
                        ))
                        .at(source.locate(start as usize..end as usize), "this alias")
                        .hint("an alias of lists of aliases multiplies what it repeats: write the values out, or use `$ref`"));
                    }
                    size = *copies;
                    let mut node = node.clone();
                    node.start = start;
                    node.end = end;
                    (node, 0)
                }
                None => return Err(syntax(start as usize..end as usize, "unknown alias")),
            },
            _ => continue,
        };
        if anchor > 0 {
            if anchors.len() <= anchor {
                anchors.resize(anchor + 1, None);
            }
            anchors[anchor] = Some((node.clone(), size));
        }
        if let Some(parent) = sizes.last_mut() {
            *parent += size;
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Open::Array(items, ..)) => items.push(node),
            Some(Open::Object(entries, key, ..)) => match key.take() {
                Some(key) => entries.push((key, node)),
                None => {
                    let text = match node.value {
                        Value::String(s) | Value::Number(s) => s,
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                        _ => {
                            return Err(Diagnostic::error(
                                "a map or list as a key: OpenAPI documents have only text keys",
                            )
                            .at(source.locate(node.range()), "this key"));
                        }
                    };
                    *key = Some(Key {
                        text,
                        start: node.start,
                        end: node.end,
                    });
                }
            },
        }
    }
    root.ok_or_else(|| {
        Diagnostic::error("the OpenAPI document is empty")
            .at(source.locate(0..0), "")
            .hint("write the document's `openapi`, `info` and `paths`")
    })
}

/// A YAML map may not repeat a key (YAML 1.2 §3.2.1.1).
fn check_duplicates(source: &SourceFile, entries: &[(Key, Node)]) -> Result<(), Diagnostic> {
    let mut seen = std::collections::HashSet::with_capacity(entries.len());
    for (key, _) in entries {
        if !seen.insert(key.text.as_str()) {
            let first = entries
                .iter()
                .find(|(k, _)| k.text == key.text)
                .map(|(k, _)| k.range())
                .unwrap_or(0..0);
            return Err(Diagnostic::error(format!("key `{}` is repeated", key.text))
                .at(source.locate(key.range()), "again here")
                .note(source.locate(first), "first here")
                .hint("a map has each key once: remove or merge one of them"));
        }
    }
    Ok(())
}

/// What a plain (unquoted) YAML scalar is under the core schema (YAML 1.2 §10.3.2).
fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let number = |digits: &str, radix| i64::from_str_radix(digits, radix).ok();
    if let Some(n) = text
        .strip_prefix("0x")
        .and_then(|h| number(h, 16))
        .or_else(|| text.strip_prefix("0o").and_then(|o| number(o, 8)))
    {
        return Value::Number(n.to_string());
    }
    let is_int = {
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    if is_int {
        return Value::Number(text.trim_start_matches('+').to_string());
    }
    let looks_float = text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    match text.parse::<f64>() {
        Ok(f) if looks_float && f.is_finite() => Value::Number(
            serde_json::Number::from_f64(f).map_or_else(|| text.to_string(), |n| n.to_string()),
        ),
        _ => Value::String(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    fn source(text: &str) -> SourceFile {
        SourceFile::new(Arc::from(Path::new("api.yaml")), text.to_string())
    }

    #[test]
    fn yaml_and_json_give_the_same_tree_with_positions() {
        let yaml = source(
            "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
        );
        let json = source(
            r#"{"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#,
        );
        let a = parse(&yaml, false).unwrap();
        let b = parse(&json, true).unwrap();
        assert_eq!(a.to_json(false), b.to_json(false));
        let responses = a
            .get("paths")
            .unwrap()
            .get("/a")
            .unwrap()
            .get("get")
            .unwrap();
        let (key, _) = responses.get("responses").unwrap().entry("200").unwrap();
        let at = yaml.locate(key.range());
        assert_eq!((at.span.line, at.span.col, at.span.len), (6, 9, 3));
        let (key, _) = b.get("paths").unwrap().entries()[0].clone();
        assert_eq!(json.locate(key.range()).span.col, 32);
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let tree = parse(
            &source("a: 12\nb: '12'\nc: true\nd: ~\ne: 1.5\nf: 3.0.3\ng: 0x1F\nh: -4\n"),
            false,
        )
        .unwrap();
        assert_eq!(
            tree.to_json(false),
            r#"{"a":12,"b":"12","c":true,"d":null,"e":1.5,"f":"3.0.3","g":31,"h":-4}"#
        );
    }

    #[test]
    fn positions_count_characters_in_yaml_but_are_kept_as_bytes() {
        let file = source("title: café\nx: [1, oops: ]\n");
        let tree = parse(&file, false);
        let ok = parse(&source("title: café\nnext: é\n"), false).unwrap();
        let (key, _) = ok.entry("next").unwrap();
        assert_eq!(&"title: café\nnext: é\n"[key.range()], "next");
        assert!(tree.is_ok() || tree.unwrap_err().one_line().starts_with("api.yaml:2:"));
    }

    #[test]
    fn syntax_errors_point_at_their_place() {
        let e = parse(&source("a: 1\nb: [1, 2\n"), false).unwrap_err();
        assert!(e.one_line().starts_with("api.yaml:3:"), "{}", e.one_line());
        let e = parse(&source("{\"a\": 1,\n \"b\": }"), true).unwrap_err();
        assert!(e.one_line().starts_with("api.yaml:2:"), "{}", e.one_line());
        let e = parse(&source("{\"a\": 1,}"), true).unwrap_err();
        assert!(e.message.starts_with("invalid JSON"), "{}", e.message);
        let e = parse(&source("a: 1\na: 2\n"), false).unwrap_err();
        assert_eq!(e.one_line(), "api.yaml:2:1: error: key `a` is repeated");
        assert!(parse(&source(""), false).is_err());
    }

    #[test]
    fn anchors_and_aliases_copy_the_value() {
        let tree = parse(&source("a: &x {b: 1}\nc: *x\n"), false).unwrap();
        assert_eq!(tree.to_json(false), r#"{"a":{"b":1},"c":{"b":1}}"#);
    }

    #[test]
    fn aliases_that_multiply_are_refused_not_expanded() {
        // Nine levels of ten aliases each would be a billion values.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let e = parse(&source(&text), false).unwrap_err();
        assert!(
            e.message
                .contains("aliases in the document repeat more than"),
            "{}",
            e.message
        );
        assert!(e.one_line().starts_with("api.yaml:6:"), "{}", e.one_line());
    }

    #[test]
    fn json_text_is_pretty_printed_like_serde_json() {
        let tree = parse(&source(r#"{"z": [1, {"a": "x\"y"}], "e": {}}"#), true).unwrap();
        let ours = tree.to_json(true);
        let theirs: serde_json::Value = serde_json::from_str(&ours).unwrap();
        assert_eq!(
            ours,
            "{\n  \"z\": [\n    1,\n    {\n      \"a\": \"x\\\"y\"\n    }\n  ],\n  \"e\": {}\n}"
        );
        assert_eq!(theirs["z"][1]["a"], "x\"y");
    }
}
