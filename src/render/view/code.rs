//! The view of a code page: its facts, sections, example and snippets.

use serde::Serialize;

use super::returned::{RETURNED_BY_ID, ReturnedByView, returned_by};
use super::{CodeLink, GroupName, code_link, group_name, spec_url};
use crate::model::Site;
use crate::render::sections::{self, Origin, Section, Written};
use crate::text::markdown::Heading;

/// One line of the facts box on a code page.
#[derive(Serialize)]
pub struct Fact {
    /// What the fact is about (`Cacheable by default`).
    pub label: &'static str,
    /// The fact (`Yes`).
    pub value: String,
    /// Where to read more, if anywhere.
    pub url: Option<String>,
}

/// Everything a code page shows.
#[derive(Serialize)]
pub struct CodeView<'a> {
    /// The code.
    pub code: u32,
    /// Its reason phrase.
    pub reason: &'a str,
    /// Its one-line description from the table.
    pub description: &'a str,
    /// Its class or range.
    pub group: GroupName,
    /// The page's one-sentence summary.
    pub summary: Option<&'a str>,
    /// The line under the title: the summary, else the table's description.
    pub lead: &'a str,
    /// The table's description when the lead is the summary (and says something else).
    pub table_description: Option<&'a str>,
    /// The written page's body as HTML (already safe), if there is one. The built-in
    /// template shows [`CodeView::sections`] instead; this is for templates of a site's own.
    pub body_html: Option<String>,
    /// The page's sections in order: the written page's, then the built-in ones (from the
    /// knowledge base) it does not replace, then its written examples.
    pub sections: Vec<Section>,
    /// A line that introduces the built-in sections, shown before the first of them, so a
    /// reader knows they describe HTTP in general and that the site's own text comes first.
    pub builtin_note: Option<String>,
    /// The written page's section headings, for an "On this page" list.
    pub headings: &'a [Heading],
    /// Other names of the code.
    pub aliases: &'a [String],
    /// Cacheable by default.
    pub cacheable: bool,
    /// Worth retrying.
    pub retryable: bool,
    /// Class, caching, retrying and specification (or who uses the code), ready to list.
    pub facts: Vec<Fact>,
    /// Related codes.
    pub related: Vec<CodeLink<'a>>,
    /// The page's one example exchange: the written page's own, else the generated one (for
    /// codes 100–599). The snippets send its request.
    pub example: Option<ExampleView>,
    /// The operations of the API's OpenAPI document that return the code, when the site
    /// has one.
    pub returned_by: Option<ReturnedByView>,
    /// Client snippets, one tab each.
    pub snippets: Vec<SnippetView<'a>>,
    /// The page's sections for an "On this page" list: its own `##` headings, then the
    /// generated example and snippets when shown.
    pub toc: Vec<TocEntry>,
}

/// An example exchange, ready to show.
#[derive(Serialize)]
pub struct ExampleView {
    /// The exchange as plain HTTP/1.1 text.
    pub text: String,
    /// The same, highlighted HTML (already safe).
    pub html: String,
    /// The request alone, highlighted HTML.
    pub request_html: String,
    /// The responses alone (interim ones first), highlighted HTML.
    pub response_html: String,
    /// Whether the page's authors wrote it (else statusbook generated it).
    pub written: bool,
    /// Where a generated example's request comes from, when it is an operation of the API's
    /// OpenAPI document: `createOrder (POST /orders), with the document's example response`.
    pub source: Option<String>,
    /// The rules a generated example follows, each with the section that states it.
    pub notes: Vec<NoteView>,
}

/// A rule an example follows.
#[derive(Serialize)]
pub struct NoteView {
    /// The rule.
    pub text: &'static str,
    /// Where it is written: `RFC 9110 §15.3.5`.
    pub spec: &'static str,
    /// A link to that section.
    pub url: Option<String>,
}

/// A client snippet tab.
#[derive(Serialize)]
pub struct SnippetView<'a> {
    /// A stable id (`curl`, `js`, `python`), shared by every page so a reader's choice sticks.
    pub id: &'a str,
    /// The tab's label.
    pub label: &'a str,
    /// The code block, highlighted HTML (already safe).
    pub html: String,
}

/// An entry of "On this page".
#[derive(Serialize)]
pub struct TocEntry {
    /// The section's id.
    pub id: String,
    /// Its heading.
    pub text: String,
}

/// The id of the generated example section on a code page.
pub const EXAMPLE_ID: &str = "request-and-response";
/// The id of the client snippets section on a code page.
pub const SNIPPETS_ID: &str = "client-code";

/// Everything the code page of `site.codes[index]` shows.
pub fn code<'a>(site: &'a Site, index: usize) -> CodeView<'a> {
    let code = &site.codes[index];
    let from = code.path.as_str();
    let page = code.page.as_deref();
    let spec = code.spec.as_deref();
    let mut facts = vec![
        Fact {
            label: "Class",
            value: code.group.title(),
            url: None,
        },
        Fact {
            label: "Cacheable by default",
            value: yes_no(code.cacheable).to_string(),
            url: None,
        },
    ];
    if let Some(policy) = &code.policy {
        facts.push(Fact {
            label: "Retry",
            value: policy.fact(),
            url: None,
        });
    }
    if let Some(spec) = spec {
        facts.push(Fact {
            label: "Specification",
            value: spec.to_string(),
            url: spec_url(spec),
        });
    } else if let Some(used_by) = code.knowledge.and_then(|k| k.used_by) {
        facts.push(Fact {
            label: "Not registered",
            value: format!("Used by {used_by}"),
            url: None,
        });
    }
    let headings = page.map_or(&[][..], |p| p.body.facts.headings.as_slice());
    let written = page.map(Written::of);
    let body_html = page.map(|p| p.body.html());
    let sections = sections::compose(
        code.code.get(),
        written.as_ref().zip(body_html.as_deref()),
        code.knowledge,
        code.policy.as_ref(),
    );
    let example = code
        .written_example
        .as_ref()
        .map(|e| (e, true))
        .or(code.example.as_ref().map(|e| (e, false)))
        .map(|(exchange, written)| {
            let mut view = example_view(exchange, written);
            view.source = if written {
                written_source(site, code)
            } else {
                example_source(site, code)
            };
            view
        });
    let returned_by = returned_by(site, code);
    let mut toc: Vec<TocEntry> = example
        .iter()
        .map(|_| TocEntry {
            id: EXAMPLE_ID.to_string(),
            text: "Request and response".to_string(),
        })
        .collect();
    if returned_by.is_some() {
        toc.push(TocEntry {
            id: RETURNED_BY_ID.to_string(),
            text: "Returned by".to_string(),
        });
    }
    toc.extend(sections.iter().filter_map(|s| {
        Some(TocEntry {
            id: s.id.clone()?,
            text: s.title.clone()?,
        })
    }));
    if !code.snippets.is_empty() {
        toc.push(TocEntry {
            id: SNIPPETS_ID.to_string(),
            text: "In client code".to_string(),
        });
    }
    CodeView {
        code: code.code.get(),
        reason: &code.reason,
        description: &code.description,
        group: group_name(code.group, from),
        summary: code.summary(),
        lead: code.summary().unwrap_or(&code.description),
        table_description: code
            .summary()
            .filter(|s| s.trim() != code.description.trim())
            .map(|_| code.description.as_str()),
        body_html,
        builtin_note: sections
            .iter()
            .any(|s| s.origin == Origin::Builtin)
            .then(|| {
                format!(
                    "From here on: how HTTP defines {} {}, in statusbook's general reference, with the section behind each rule. Where this API's own description above says otherwise, it applies to this API.",
                    code.code, code.reason
                )
            }),
        sections,
        headings,
        aliases: page.map_or(&[], |p| p.meta.aliases.as_slice()),
        cacheable: code.cacheable,
        retryable: code.retryable,
        facts,
        related: code
            .related
            .iter()
            .map(|&i| code_link(&site.codes[i], from))
            .collect(),
        example,
        returned_by,
        snippets: code
            .snippets
            .iter()
            .map(|s| SnippetView {
                id: &s.id,
                label: &s.label,
                html: crate::text::markdown::code_block(&s.language, &s.code),
            })
            .collect(),
        toc,
    }
}

/// An exchange ready to show, whole and as its request and its responses.
fn example_view(exchange: &crate::model::exchange::Exchange, written: bool) -> ExampleView {
    let text = exchange.text();
    let (request, responses) = exchange.split_text();
    ExampleView {
        html: crate::text::markdown::code_block("http", &text),
        request_html: crate::text::markdown::code_block("http", &request),
        response_html: crate::text::markdown::code_block("http", &responses),
        text,
        written,
        source: None,
        notes: exchange
            .notes
            .iter()
            .map(|note| NoteView {
                text: note.text,
                spec: note.spec,
                url: spec_url(note.spec),
            })
            .collect(),
    }
}

/// An operation as the page names it: `getOrder (GET /orders/{order_id})`.
fn operation_name(operation: &crate::input::openapi::Operation) -> String {
    match &operation.operation_id {
        Some(id) => format!("{id} ({} {})", operation.method, operation.path),
        None => format!("{} {}", operation.method, operation.path),
    }
}

/// Which operation of the API's document a written example sends, when it is one.
fn written_source(site: &Site, code: &crate::model::Code) -> Option<String> {
    let api = site.config.api.document.as_deref()?;
    let index = code.written_operation?;
    let operation = &api.operations[index];
    let declares = code.returned_by.iter().any(|r| r.operation == index);
    Some(if declares {
        format!(
            "The request is the API's operation {}.",
            operation_name(operation)
        )
    } else {
        format!(
            "The request is the API's operation {}, whose responses in the document do not include {}.",
            operation_name(operation),
            code.code
        )
    })
}

/// Which operation of the API's document a generated example sends, and whether its
/// response's content is the document's.
fn example_source(site: &Site, code: &crate::model::Code) -> Option<String> {
    let api = site.config.api.document.as_deref()?;
    let chosen = code.example_operation.as_ref()?;
    let operation = &api.operations[chosen.operation];
    let name = operation_name(operation);
    let content = match (&chosen.body, chosen.response) {
        (Some(body), _) if body.written => "with the document's example response",
        (Some(_), _) => "with a response built from the document's schema",
        (None, Some(_)) if code.code.get() >= 400 => {
            "the response in this API's error format (the document gives no content for it)"
        }
        (None, Some(_)) if chosen.no_content => {
            "with no content in the response, as the document declares none"
        }
        (None, Some(_)) => "the response as HTTP shapes it (the document gives no content for it)",
        (None, None) => "which does not declare this code: the response is generated",
    };
    Some(format!(
        "The request is the API's operation {name}, {content}."
    ))
}

fn yes_no(value: bool) -> &'static str {
    if value { "Yes" } else { "No" }
}
