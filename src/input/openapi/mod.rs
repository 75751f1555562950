//! The API's OpenAPI document (`[api] openapi`): 3.0 or 3.1, YAML or JSON, its local
//! `$ref`s resolved. What statusbook needs of it is read into plain data (every operation
//! and the codes it returns); its examples and schemas are read only for the codes a page
//! shows ([`media`]).
//!
//! The document is read into a [`tree`] of values that keep their place in the file, so a
//! problem in it is reported at its line and column like a problem anywhere else.

pub mod media;
pub mod refs;
pub mod tree;

mod operations;

use std::path::Path;
use std::sync::Arc;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::source::{self, SourceFile};
use crate::base::span::{Located, display_path};
use crate::input::config::Config;
pub use operations::{Operation, Response, ResponseKey, Security};
use tree::Node;

/// An OpenAPI document, read.
#[derive(Debug)]
pub struct OpenApi {
    /// The file, for the places of problems found later.
    pub source: SourceFile,
    /// The whole document.
    pub root: Node,
    /// `openapi`: `3.0.3`, `3.1.0`.
    pub version: String,
    /// `info.title`.
    pub title: Option<String>,
    /// Every operation, in the order written.
    pub operations: Vec<Operation>,
}

impl OpenApi {
    /// Reads a document from its text: every problem found, errors and warnings, comes back
    /// beside it (no document if any is an error).
    pub fn parse(source: SourceFile) -> (Option<OpenApi>, Vec<Diagnostic>) {
        let json = tree::is_json(&source.path().to_string_lossy(), source.text());
        let root = match tree::parse(&source, json) {
            Ok(root) => root,
            Err(problem) => return (None, vec![problem]),
        };
        let mut problems = Vec::new();
        let version = match version(&source, &root) {
            Ok(version) => version,
            Err(problem) => return (None, vec![problem]),
        };
        problems.extend(refs::check_all(&source, &root));
        let operations = operations::read(&source, &root, &mut problems);
        let title = root
            .get("info")
            .and_then(|info| info.str_of("title"))
            .map(str::to_string);
        problems.sort_by_key(|p| p.location.as_ref().map(|l| (l.at.span.line, l.at.span.col)));
        let failed = problems.iter().any(Diagnostic::is_error);
        let api = OpenApi {
            source,
            root,
            version,
            title,
            operations,
        };
        (if failed { None } else { Some(api) }, problems)
    }

    /// Where a node of the document was written.
    pub fn locate(&self, range: std::ops::Range<usize>) -> Located {
        self.source.locate(range)
    }

    /// The node a JSON pointer names, following a `$ref` there.
    pub fn node(&self, pointer: &str) -> Option<&Node> {
        let node = refs::pointer(&self.root, pointer)?;
        refs::resolve(&self.root, node).ok()
    }

    /// `node`, or what its `$ref` leads to.
    pub fn resolve<'a>(&'a self, node: &'a Node) -> Option<&'a Node> {
        refs::resolve(&self.root, node).ok()
    }
}

/// Reads the document `[api] openapi` names, if it names one. Problems go to `diagnostics`;
/// with an error in the document there is no document.
pub fn load(root: &Path, config: &Config, diagnostics: &mut Diagnostics) -> Option<Arc<OpenApi>> {
    let named = config.api.openapi.as_ref()?;
    let path = root.join(&named.value);
    if let Some(target) = source::escapes(&path, root) {
        diagnostics.push(
            Diagnostic::error(format!(
                "`{}` from `api.openapi` links to {}, outside the site folder",
                named.value.display(),
                target.display()
            ))
            .at(named.at.clone(), "this file")
            .hint("statusbook never reads outside the site folder: copy the document into it"),
        );
        return None;
    }
    if path.is_dir() {
        diagnostics.push(
            Diagnostic::error(format!(
                "`{}` from `api.openapi` is a folder",
                named.value.display()
            ))
            .at(named.at.clone(), "a folder")
            .hint("name the OpenAPI document itself, a .yaml or .json file"),
        );
        return None;
    }
    let file = match source::read(&path, display_path(root, &named.value)) {
        Ok(file) => file,
        Err(problem) => {
            diagnostics.push(
                problem
                    .at(named.at.clone(), "named here")
                    .hint("`api.openapi` is relative to the folder that holds book.toml"),
            );
            return None;
        }
    };
    let (api, problems) = OpenApi::parse(file);
    diagnostics.extend(problems);
    api.map(Arc::new)
}

/// The document's OpenAPI version, if statusbook reads it: 3.0 and 3.1.
fn version(source: &SourceFile, root: &Node) -> Result<String, Diagnostic> {
    if !matches!(root.value, tree::Value::Object(_)) {
        return Err(Diagnostic::error(format!(
            "an OpenAPI document is a map, not {}",
            root.kind()
        ))
        .at(source.locate(root.range()), "")
        .hint("it starts with `openapi: 3.1.0`, then `info` and `paths`"));
    }
    if let Some((key, value)) = root.entry("swagger") {
        return Err(Diagnostic::error(format!(
            "Swagger {} is not supported: statusbook reads OpenAPI 3.0 and 3.1",
            value.as_str().unwrap_or(&value.to_json(false))
        ))
        .at(source.locate(key.start as usize..value.end as usize), "")
        .hint("convert the document to OpenAPI 3 (for example with `swagger2openapi`)"));
    }
    let Some((_, value)) = root.entry("openapi") else {
        return Err(Diagnostic::error("the document has no `openapi` version")
            .at(
                source.locate(root.start as usize..root.start as usize + 1),
                "",
            )
            .hint("an OpenAPI document starts with `openapi: 3.1.0` (or 3.0.x)"));
    };
    let text = value.as_str().map(str::to_string);
    match text.as_deref() {
        Some(v) if v.starts_with("3.0.") || v.starts_with("3.1.") || v == "3.0" || v == "3.1" => {
            Ok(v.to_string())
        }
        _ => Err(Diagnostic::error(format!(
            "OpenAPI {} is not supported: statusbook reads OpenAPI 3.0 and 3.1",
            text.unwrap_or_else(|| value.to_json(false))
        ))
        .at(source.locate(value.range()), "this version")
        .hint(if value.as_str().is_none() {
            "write the version as a string: `openapi: \"3.1.0\"`"
        } else {
            "statusbook reads versions 3.0.x and 3.1.x"
        })),
    }
}

#[cfg(test)]
mod tests;
