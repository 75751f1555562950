//! The operations of a document (`paths`): method, path, names, tags, the server and
//! credentials they use, and the responses each declares.

use super::refs;
use super::tree::{Node, Value};
use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;

/// The HTTP methods a path item may hold, as OpenAPI names them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation: a method on a path.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `GET`.
    pub method: String,
    /// `/orders/{order_id}`, as written in `paths`.
    pub path: String,
    /// `operationId`.
    pub operation_id: Option<String>,
    /// `summary`.
    pub summary: Option<String>,
    /// `tags`; the first is where a page lists the operation.
    pub tags: Vec<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// The first server it is served from (its own, its path's, else the document's), with
    /// its variables at their defaults; none when the document names none.
    pub server: Option<String>,
    /// How it authenticates (its `security`, else the document's).
    pub security: Security,
    /// Its responses, in the order written.
    pub responses: Vec<Response>,
    /// The methods its path has, for an `Allow` field: `GET, POST`.
    pub path_methods: Vec<String>,
    /// JSON pointer to the operation object, to read its parameters and body when needed.
    pub pointer: String,
    /// JSON pointer to its path item, for parameters shared by the path's operations.
    pub path_pointer: String,
    /// Where its method key is written, in bytes.
    pub start: u32,
    /// Where its method key ends.
    pub end: u32,
}

/// A response an operation declares.
#[derive(Clone, Debug)]
pub struct Response {
    /// `404`, `4XX` or `default`.
    pub key: ResponseKey,
    /// Its `description`.
    pub description: String,
    /// JSON pointer to the response object (where its `$ref` leads).
    pub pointer: String,
    /// Where its key is written, in bytes.
    pub start: u32,
    /// Where its key ends.
    pub end: u32,
}

/// What a response's key covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResponseKey {
    /// One code: `404`.
    Code(u16),
    /// A class: `4XX` holds 4.
    Range(u8),
    /// Every code the operation declares no other response for.
    Default,
}

impl ResponseKey {
    /// Whether the key covers `code`.
    pub fn covers(self, code: u32) -> bool {
        match self {
            ResponseKey::Code(c) => u32::from(c) == code,
            ResponseKey::Range(class) => {
                (100..=599).contains(&code) && code / 100 == u32::from(class)
            }
            ResponseKey::Default => true,
        }
    }

    fn parse(text: &str) -> Option<ResponseKey> {
        if text == "default" {
            return Some(ResponseKey::Default);
        }
        let bytes = text.as_bytes();
        match bytes {
            [c @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => Some(ResponseKey::Range(c - b'0')),
            [b'1'..=b'5', b'0'..=b'9', b'0'..=b'9'] => text.parse().ok().map(ResponseKey::Code),
            _ => None,
        }
    }
}

impl std::fmt::Display for ResponseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResponseKey::Code(c) => write!(f, "{c}"),
            ResponseKey::Range(class) => write!(f, "{class}XX"),
            ResponseKey::Default => f.write_str("default"),
        }
    }
}

/// How an operation sends credentials, from its security scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Security {
    /// The document says nothing: no `security` on the operation or the document.
    Unspecified,
    /// None (`security: []`, or no scheme).
    None,
    /// `Authorization: Bearer …` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic …`.
    Basic,
    /// An API key in a header.
    Header(String),
    /// An API key in the query.
    Query(String),
    /// An API key in a cookie.
    Cookie(String),
}

/// Reads every operation of `paths`; problems with the document's shape go to `problems`.
pub(super) fn read(
    source: &SourceFile,
    root: &Node,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Operation> {
    let mut operations = Vec::new();
    let Some(paths) = root.get("paths") else {
        return operations;
    };
    if !matches!(paths.value, Value::Object(_)) {
        problems.push(shape(
            source,
            paths,
            "`paths`",
            "a map from paths to path items",
        ));
        return operations;
    }
    let servers = root.get("servers");
    let security = root.get("security");
    for (path, item) in paths.entries() {
        if path.text.starts_with("x-") {
            continue;
        }
        if !path.text.starts_with('/') {
            problems.push(
                Diagnostic::error(format!("path `{}` does not start with `/`", path.text))
                    .at(source.locate(path.range()), "")
                    .hint("paths are relative to the server URL and start with `/`, like `/orders/{id}`"),
            );
            continue;
        }
        let path_pointer = format!("/paths/{}", escape(&path.text));
        // A path item's `$ref` problems are reported with every other `$ref`.
        let Ok(item) = refs::resolve(root, item) else {
            continue;
        };
        if !matches!(item.value, Value::Object(_)) {
            problems.push(shape(
                source,
                item,
                &format!("path `{}`", path.text),
                "a map of operations",
            ));
            continue;
        }
        let path_methods: Vec<String> = item
            .entries()
            .iter()
            .filter(|(k, _)| METHODS.contains(&k.text.as_str()))
            .map(|(k, _)| k.text.to_ascii_uppercase())
            .collect();
        let item_servers = item.get("servers").or(servers);
        for (method, operation) in item.entries() {
            if !METHODS.contains(&method.text.as_str()) {
                continue;
            }
            let name = format!("{} {}", method.text.to_ascii_uppercase(), path.text);
            if !matches!(operation.value, Value::Object(_)) {
                problems.push(shape(
                    source,
                    operation,
                    &format!("operation `{name}`"),
                    "a map",
                ));
                continue;
            }
            let pointer = format!("{path_pointer}/{}", method.text);
            let text = |key: &str| operation.str_of(key).map(str::to_string);
            operations.push(Operation {
                method: method.text.to_ascii_uppercase(),
                path: path.text.clone(),
                operation_id: text("operationId"),
                summary: text("summary").map(|s| s.trim().to_string()),
                tags: operation
                    .get("tags")
                    .map(|t| {
                        t.items()
                            .iter()
                            .filter_map(|t| t.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                deprecated: operation
                    .get("deprecated")
                    .is_some_and(|d| d.value == Value::Bool(true)),
                server: server(operation.get("servers").or(item_servers)),
                security: scheme(root, operation.get("security").or(security)),
                responses: responses(source, root, operation, &pointer, &name, problems),
                path_methods: path_methods.clone(),
                pointer,
                path_pointer: path_pointer.clone(),
                start: method.start,
                end: method.end,
            });
        }
    }
    operations
}

fn responses(
    source: &SourceFile,
    root: &Node,
    operation: &Node,
    pointer: &str,
    name: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Response> {
    let Some(responses) = operation.get("responses") else {
        return Vec::new();
    };
    if !matches!(responses.value, Value::Object(_)) {
        problems.push(shape(
            source,
            responses,
            &format!("`responses` of `{name}`"),
            "a map from codes to responses",
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    for (key, response) in responses.entries() {
        if key.text.starts_with("x-") {
            continue;
        }
        let Some(parsed) = ResponseKey::parse(&key.text) else {
            problems.push(
                Diagnostic::error(format!("`{}` is not a response code", key.text))
                    .at(source.locate(key.range()), format!("in the responses of `{name}`"))
                    .hint("a response is keyed by a status code from 100 to 599, a range such as `4XX`, or `default`"),
            );
            continue;
        };
        let mut target = format!("{pointer}/responses/{}", escape(&key.text));
        if let Some(reference) = refs::reference(response) {
            target = reference.trim_start_matches('#').to_string();
        }
        let description = refs::resolve(root, response)
            .ok()
            .and_then(|r| r.str_of("description"))
            .unwrap_or("")
            .trim()
            .to_string();
        out.push(Response {
            key: parsed,
            description,
            pointer: target,
            start: key.start,
            end: key.end,
        });
    }
    out
}

/// The first server's URL, its variables at their defaults.
fn server(servers: Option<&Node>) -> Option<String> {
    let first = servers?.items().first()?;
    let mut url = first.str_of("url")?.to_string();
    for (name, variable) in first.get("variables").map_or(&[][..], Node::entries) {
        if let Some(default) = variable.get("default").and_then(|d| match &d.value {
            Value::String(s) | Value::Number(s) => Some(s.clone()),
            _ => None,
        }) {
            url = url.replace(&format!("{{{}}}", name.text), &default);
        }
    }
    Some(url.trim_end_matches('/').to_string())
}

/// How a `security` requirement list sends credentials: its first scheme's way.
fn scheme(root: &Node, security: Option<&Node>) -> Security {
    let Some(security) = security else {
        return Security::Unspecified;
    };
    let Some(requirement) = security.items().first() else {
        return Security::None;
    };
    let Some((name, _)) = requirement.entries().first() else {
        return Security::None;
    };
    let Some(scheme) = root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(|s| s.get(&name.text))
        .and_then(|s| refs::resolve(root, s).ok())
    else {
        return Security::Bearer;
    };
    let field = |key: &str| scheme.str_of(key).unwrap_or("").to_string();
    match field("type").as_str() {
        "http" if field("scheme").eq_ignore_ascii_case("basic") => Security::Basic,
        "apiKey" => match field("in").as_str() {
            "query" => Security::Query(field("name")),
            "cookie" => Security::Cookie(field("name")),
            _ => Security::Header(field("name")),
        },
        _ => Security::Bearer,
    }
}

/// A key as a JSON pointer segment: `~` and `/` escaped (RFC 6901 §3).
pub(super) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn shape(source: &SourceFile, node: &Node, what: &str, expected: &str) -> Diagnostic {
    Diagnostic::error(format!("{what} is {}, not {expected}", node.kind()))
        .at(source.locate(node.range()), "")
        .hint("see the OpenAPI Specification's description of this object")
}
