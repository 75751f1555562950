//! "Returned by": the operations of the API's OpenAPI document whose responses include a
//! code, grouped by tag, each linked to the portal's page for it when `operation-url` is set.

use serde::Serialize;

use crate::input::config::operation_url;
use crate::input::openapi::{OpenApi, ResponseKey};
use crate::model::{Code, Site};
use crate::text::inline::inline;

/// How many operations are listed open; with more, each tag's list is folded.
const OPEN_UP_TO: usize = 12;

/// The id of the "Returned by" section on a code page.
pub const RETURNED_BY_ID: &str = "returned-by";

/// The operations that return a code.
#[derive(Serialize)]
pub struct ReturnedByView {
    /// How many operations, in all.
    pub total: usize,
    /// The operations, by tag, in the order the document first names each tag.
    pub groups: Vec<TagView>,
    /// Whether each tag's list is folded (a `<details>`), for codes most operations return.
    pub folded: bool,
    /// What the section says first: how many operations.
    pub lead: String,
    /// What the marks of operations that cover the code with a range or `default` mean, when
    /// some do.
    pub marks: Option<String>,
    /// What every operation's response for the code says, as HTML, when they all say the
    /// same (then no operation repeats it).
    pub common_description_html: Option<String>,
}

/// The operations of one tag.
#[derive(Serialize)]
pub struct TagView {
    /// The tag; empty for operations without one.
    pub tag: String,
    /// Its operations.
    pub operations: Vec<OperationView>,
    /// Whether a folded list starts open: it holds the operation of the page's example.
    pub open: bool,
}

/// One operation that returns the code.
#[derive(Serialize)]
pub struct OperationView {
    /// `GET`.
    pub method: String,
    /// `get`, for a class of its own colour.
    pub method_class: String,
    /// `/orders/{order_id}`.
    pub path: String,
    /// Its summary.
    pub summary: Option<String>,
    /// Its `operationId`.
    pub operation_id: Option<String>,
    /// The portal's page of it, from `operation-url`.
    pub url: Option<String>,
    /// `4XX` or `default` when the code comes under a range or the default response rather
    /// than a response of its own.
    pub via: Option<String>,
    /// What its response for the code says, as HTML (the document writes CommonMark),
    /// unless every operation's says the same.
    pub description_html: Option<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Whether the page's example is a request to it.
    pub in_example: bool,
}

/// "Returned by" for `code`, if the site has an OpenAPI document.
pub fn returned_by(site: &Site, code: &Code) -> Option<ReturnedByView> {
    let api = site.config.api.document.as_deref()?;
    let template = site.config.api.operation_url.as_deref();
    let example = match &code.written_example {
        Some(_) => code.written_operation,
        None => code.example_operation.as_ref().map(|c| c.operation),
    };
    let mut groups: Vec<TagView> = Vec::new();
    for returned in &code.returned_by {
        let operation = &api.operations[returned.operation];
        let tag = operation.tags.first().cloned().unwrap_or_default();
        let view = OperationView {
            method: operation.method.clone(),
            method_class: operation.method.to_ascii_lowercase(),
            path: operation.path.clone(),
            summary: operation.summary.clone().filter(|s| !s.is_empty()),
            operation_id: operation.operation_id.clone(),
            url: template.and_then(|t| {
                operation_url(
                    t,
                    operation.operation_id.as_deref(),
                    &operation.method,
                    &operation.path,
                    operation.tags.first().map(String::as_str),
                )
            }),
            via: match returned.key {
                ResponseKey::Code(_) => None,
                key => Some(key.to_string()),
            },
            description_html: Some(returned.description.as_str())
                .filter(|d| !d.is_empty())
                .map(inline),
            deprecated: operation.deprecated,
            in_example: example == Some(returned.operation),
        };
        match groups.iter_mut().find(|g| g.tag == tag) {
            Some(group) => {
                group.open |= view.in_example;
                group.operations.push(view);
            }
            None => groups.push(TagView {
                tag,
                open: view.in_example,
                operations: vec![view],
            }),
        }
    }
    let total = code.returned_by.len();
    let first = code.returned_by.first().map(|r| r.description.as_str());
    let common_description_html = first
        .filter(|d| !d.is_empty() && total > 1)
        .filter(|d| code.returned_by.iter().all(|r| r.description == *d))
        .map(inline);
    if common_description_html.is_some() {
        for group in &mut groups {
            for operation in &mut group.operations {
                operation.description_html = None;
            }
        }
    }
    Some(ReturnedByView {
        total,
        common_description_html,
        folded: total > OPEN_UP_TO,
        lead: lead(api, code, total),
        marks: marks(code),
        groups,
    })
}

/// The sentence before the list.
fn lead(api: &OpenApi, code: &Code, total: usize) -> String {
    let document = api.title.as_deref().unwrap_or("the API's OpenAPI document");
    match total {
        0 => format!(
            "No operation of {document} declares a {} response.",
            code.code
        ),
        1 => format!("One operation of {document} returns {}.", code.code),
        n => format!("{n} operations of {document} return {}.", code.code),
    }
}

/// What "as 5XX" and "as default" mean, naming the marks the list uses.
fn marks(code: &Code) -> Option<String> {
    let mut keys: Vec<ResponseKey> = code
        .returned_by
        .iter()
        .map(|r| r.key)
        .filter(|k| !matches!(k, ResponseKey::Code(_)))
        .collect();
    keys.sort();
    keys.dedup();
    if keys.is_empty() {
        return None;
    }
    let marked: Vec<String> = keys.iter().map(|k| format!("“as {k}”")).collect();
    let responses: Vec<String> = keys.iter().map(ToString::to_string).collect();
    Some(format!(
        "Operations marked {} declare no {} response of their own: their {} response covers it.",
        marked.join(" or "),
        code.code,
        responses.join(" or ")
    ))
}
