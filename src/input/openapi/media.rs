//! The bodies and parameters of an operation, read only when a page shows it: a media
//! type's own example first, then the first of its named examples, else a value built from
//! its schema.

use super::tree::{Key, Node, Value};
use super::{OpenApi, Operation, Response};

/// How deep a value built from a schema goes: deeper objects are left empty, so recursive
/// schemas (a comment's replies are comments) end.
const MAX_DEPTH: usize = 6;
/// How many properties of one object a value built from a schema has at most.
const MAX_PROPERTIES: usize = 24;

/// A body of an example message.
#[derive(Clone, Debug)]
pub struct Body {
    /// Its media type: `application/json`.
    pub content_type: String,
    /// The value: as the document wrote it (with its place), or built from the schema.
    pub value: Node,
    /// Whether the document wrote it (else it was built from the schema).
    pub written: bool,
}

impl Body {
    /// The content as it is sent: JSON pretty-printed, a string as it is.
    pub fn text(&self) -> String {
        match (&self.value.value, self.content_type.contains("json")) {
            (Value::String(text), false) => text.clone(),
            _ => self.value.to_json(true),
        }
    }
}

/// Whether a body is read as a request's or a response's: `readOnly` properties are left
/// out of requests, `writeOnly` ones out of responses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Sent by the client.
    Request,
    /// Sent by the server.
    Response,
}

/// A parameter of an operation, with a value to send.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// `order_id`.
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    pub location: String,
    /// Whether it must be sent.
    pub required: bool,
    /// A value for it: its example, else one from its schema.
    pub value: Option<String>,
}

impl OpenApi {
    /// The response object of `response`.
    pub fn response_object(&self, response: &Response) -> Option<&Node> {
        self.node(&response.pointer)
    }

    /// The body of `response`, if the document gives one: its example, else one built from
    /// its schema.
    pub fn response_body(&self, response: &Response) -> Option<Body> {
        self.body(self.response_object(response)?, Direction::Response)
    }

    /// Every example the document writes for `response`, with their places: the media
    /// types' `example` and each of their `examples`.
    pub fn response_examples(&self, response: &Response) -> Vec<(&str, &Node)> {
        let Some(object) = self.response_object(response) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for (media, content) in object.get("content").map_or(&[][..], Node::entries) {
            let Some(content) = self.resolve(content) else {
                continue;
            };
            if let Some(example) = content.get("example") {
                found.push((media.text.as_str(), example));
            }
            for (_, example) in content.get("examples").map_or(&[][..], Node::entries) {
                if let Some(value) = self.resolve(example).and_then(|e| e.get("value")) {
                    found.push((media.text.as_str(), value));
                }
            }
        }
        found
    }

    /// The body an operation's request sends, if it has one.
    pub fn request_body(&self, operation: &Operation) -> Option<Body> {
        let object = self.node(&operation.pointer)?.get("requestBody")?;
        self.body(self.resolve(object)?, Direction::Request)
    }

    /// The parameters of an operation: its own, then its path's it does not redefine.
    pub fn parameters(&self, operation: &Operation) -> Vec<Parameter> {
        let own = self
            .node(&operation.pointer)
            .and_then(|o| o.get("parameters"));
        let shared = self
            .node(&operation.path_pointer)
            .and_then(|p| p.get("parameters"));
        let mut out: Vec<Parameter> = Vec::new();
        for list in [own, shared].into_iter().flatten() {
            for parameter in list.items() {
                let Some(parameter) = self.resolve(parameter) else {
                    continue;
                };
                let (Some(name), Some(location)) =
                    (parameter.str_of("name"), parameter.str_of("in"))
                else {
                    continue;
                };
                if out.iter().any(|p| p.name == name && p.location == location) {
                    continue;
                }
                // Only a value the document gives: one made up from a type (`string`) says less
                // than the parameter's name.
                let value = self
                    .example_of(parameter)
                    .or_else(|| self.declared(parameter.get("schema")?))
                    .and_then(|v| match v.value {
                        Value::String(s) | Value::Number(s) => Some(s),
                        Value::Bool(b) => Some(b.to_string()),
                        _ => None,
                    });
                out.push(Parameter {
                    name: name.to_string(),
                    location: location.to_string(),
                    required: location == "path"
                        || parameter
                            .get("required")
                            .is_some_and(|r| r.value == Value::Bool(true)),
                    value,
                });
            }
        }
        out
    }

    /// The body a request or response object (with `content`) describes.
    fn body(&self, object: &Node, direction: Direction) -> Option<Body> {
        let content = object.get("content")?.entries();
        let (media, content) = content
            .iter()
            .find(|(k, _)| k.text.contains("json"))
            .or(content.first())?;
        let content = self.resolve(content)?;
        if let Some(example) = self.example_of(content) {
            return Some(Body {
                content_type: media.text.clone(),
                value: example,
                written: true,
            });
        }
        let schema = content.get("schema")?;
        Some(Body {
            content_type: media.text.clone(),
            value: self.sample(schema, direction, 0, &mut Vec::new()),
            written: false,
        })
    }

    /// The example an object (media type, parameter) writes: `example`, else the first of
    /// its `examples` that has a `value` (an `externalValue` is another file, not read).
    fn example_of(&self, object: &Node) -> Option<Node> {
        if let Some(example) = object.get("example") {
            return Some(example.clone());
        }
        object
            .get("examples")?
            .entries()
            .iter()
            .find_map(|(_, e)| self.resolve(e)?.get("value").cloned())
    }

    /// The value a schema itself gives, if any: its example, default, constant or first
    /// allowed value.
    fn declared(&self, schema: &Node) -> Option<Node> {
        let schema = self.resolve(schema)?;
        ["example", "default", "const"]
            .iter()
            .find_map(|k| schema.get(k).cloned())
            .or_else(|| {
                ["examples", "enum"]
                    .iter()
                    .find_map(|k| schema.get(k)?.items().first().cloned())
            })
    }

    /// A value that fits `schema`: its example, default, constant or first allowed value,
    /// else one built from its type, properties and items.
    pub fn sample(
        &self,
        schema: &Node,
        direction: Direction,
        depth: usize,
        seen: &mut Vec<String>,
    ) -> Node {
        let reference = super::refs::reference(schema).map(str::to_string);
        if let Some(reference) = &reference {
            if seen.contains(reference) || depth > MAX_DEPTH {
                return Node::made(Value::Null);
            }
            seen.push(reference.clone());
        }
        let value = match self.resolve(schema) {
            Some(schema) => self.sample_resolved(schema, direction, depth, seen),
            None => Node::made(Value::Null),
        };
        if reference.is_some() {
            seen.pop();
        }
        value
    }

    fn sample_resolved(
        &self,
        schema: &Node,
        direction: Direction,
        depth: usize,
        seen: &mut Vec<String>,
    ) -> Node {
        if let Some(value) = self.declared(schema) {
            return value;
        }
        if let Some(all) = schema.get("allOf") {
            let mut merged: Vec<(Key, Node)> = Vec::new();
            for part in all.items() {
                let part = self.sample(part, direction, depth, seen);
                if let Value::Object(entries) = part.value {
                    for (key, value) in entries {
                        merged.retain(|(k, _)| k.text != key.text);
                        merged.push((key, value));
                    }
                }
            }
            return Node::made(Value::Object(merged));
        }
        for key in ["oneOf", "anyOf"] {
            let choices = schema.get(key).map_or(&[][..], Node::items);
            let choice = choices
                .iter()
                .find(|c| self.resolve(c).and_then(|c| c.str_of("type")) != Some("null"))
                .or(choices.first());
            if let Some(choice) = choice {
                return self.sample(choice, direction, depth, seen);
            }
        }
        let kind = match schema.get("type").map(|t| &t.value) {
            Some(Value::String(t)) => t.clone(),
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Node::as_str)
                .find(|t| *t != "null")
                .unwrap_or("null")
                .to_string(),
            _ if schema.get("properties").is_some() => "object".to_string(),
            _ if schema.get("items").is_some() => "array".to_string(),
            _ => String::new(),
        };
        let value = match kind.as_str() {
            "object" if depth >= MAX_DEPTH => Value::Object(Vec::new()),
            "object" => {
                let skip = match direction {
                    Direction::Request => "readOnly",
                    Direction::Response => "writeOnly",
                };
                let entries = schema
                    .get("properties")
                    .map_or(&[][..], Node::entries)
                    .iter()
                    .filter(|(_, p)| {
                        self.resolve(p)
                            .and_then(|p| p.get(skip))
                            .is_none_or(|flag| flag.value != Value::Bool(true))
                    })
                    .take(MAX_PROPERTIES)
                    .map(|(k, p)| {
                        let mut value = self.sample(p, direction, depth + 1, seen);
                        if value.value == Value::String("string".into()) {
                            value.value = Value::String(named_string(&k.text));
                        }
                        (Key::made(&k.text), value)
                    })
                    .collect();
                Value::Object(entries)
            }
            "array" if depth >= MAX_DEPTH => Value::Array(Vec::new()),
            "array" => Value::Array(
                schema
                    .get("items")
                    .map(|items| vec![self.sample(items, direction, depth + 1, seen)])
                    .unwrap_or_default(),
            ),
            "integer" => Value::Number(number(schema, "1")),
            "number" => Value::Number(number(schema, "1.5")),
            "boolean" => Value::Bool(true),
            "string" => Value::String(string(schema.str_of("format").unwrap_or(""))),
            _ => Value::Null,
        };
        Node::made(value)
    }
}

/// A number that fits a schema's `minimum`, else `fallback`.
fn number(schema: &Node, fallback: &str) -> String {
    match schema.get("minimum").map(|m| &m.value) {
        Some(Value::Number(n)) => n.clone(),
        _ => fallback.to_string(),
    }
}

/// A string for a property whose schema gives no format, from what its name says it holds.
fn named_string(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with("url") || lower.ends_with("uri") || lower == "href" {
        string("uri")
    } else if lower.ends_with("email") {
        string("email")
    } else {
        "string".to_string()
    }
}

/// A string of a format (RFC 3339 dates, e-mail addresses, URIs, UUIDs), fixed so that builds
/// are reproducible.
fn string(format: &str) -> String {
    match format {
        "date-time" => "2025-01-14T10:15:00Z",
        "date" => "2025-01-14",
        "time" => "10:15:00Z",
        "email" => "user@example.com",
        "uri" | "url" | "uri-reference" => "https://example.com/",
        "uuid" => "6f1d8a52-3c0e-4b7e-9a4d-2f5e7c1b9d30",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "U3RhdHVzYm9vaw==",
        _ => "string",
    }
    .to_string()
}
