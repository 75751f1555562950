//! Where the API's OpenAPI document and the code table have drifted apart, for `check`:
//! codes the API returns that the table does not list (warnings, naming the operations),
//! codes of the table that no operation returns (notes), problem-details examples whose
//! `status` is not their response's code (errors), and written examples that send a request
//! no operation takes, or get a code their operation does not declare (warnings).

use std::collections::{BTreeMap, HashSet};

use super::Site;
use super::operations::problem_status;
use crate::base::diagnostic::Diagnostic;
use crate::base::status::StatusCode;
use crate::input::openapi::{OpenApi, ResponseKey};
use crate::knowledge::registry;

/// How many operations a warning names before it says how many more there are.
const NAMED: usize = 3;

/// Every disagreement between the site's OpenAPI document and its table.
pub fn drift(site: &Site) -> Vec<Diagnostic> {
    let Some(api) = site.config.api.document.as_deref() else {
        return Vec::new();
    };
    let mut problems = unlisted(site, api);
    problems.extend(unreturned(site, api));
    problems.extend(mismatched_status(api));
    problems.extend(written_examples(site, api));
    problems
}

/// Codes the document's operations declare that the table does not list.
fn unlisted(site: &Site, api: &OpenApi) -> Vec<Diagnostic> {
    let mut by_code: BTreeMap<u16, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, operation) in api.operations.iter().enumerate() {
        for (j, response) in operation.responses.iter().enumerate() {
            if let ResponseKey::Code(code) = response.key
                && !site.index.contains_key(&StatusCode::new(u32::from(code)))
            {
                by_code.entry(code).or_default().push((i, j));
            }
        }
    }
    let table = site.config.book.src.join(crate::input::content::TABLE_FILE);
    by_code
        .into_iter()
        .map(|(code, places)| {
            let name = |&(i, _): &(usize, usize)| {
                let o = &api.operations[i];
                format!("{} {}", o.method, o.path)
            };
            let mut named: Vec<String> = places.iter().take(NAMED).map(name).collect();
            if places.len() > NAMED {
                named.push(format!("{} more", places.len() - NAMED));
            }
            let (i, j) = places[0];
            let response = &api.operations[i].responses[j];
            let reason = registry::lookup(u32::from(code)).map_or("<Reason>", |r| r.reason);
            let description = if response.description.is_empty() {
                "<description>".to_string()
            } else {
                one_line(&response.description)
            };
            let mut problem = Diagnostic::warning(format!(
                "the API returns {code}, which the code table does not list: {}",
                join(&named)
            ))
            .at(
                api.locate(response.start as usize..response.end as usize),
                "declared here",
            )
            .hint(format!(
                "add `{code} {reason}: {description}` to {}, so the reference explains it",
                table.display()
            ));
            for &(i, j) in places.iter().skip(1).take(NAMED - 1) {
                let other = &api.operations[i].responses[j];
                problem = problem.note(
                    api.locate(other.start as usize..other.end as usize),
                    "and here",
                );
            }
            problem
        })
        .collect()
}

/// Codes of the table that no operation returns, with a response of their own or of their
/// class (`4XX`): a `default` response covers any code, so it says nothing of this one.
fn unreturned(site: &Site, api: &OpenApi) -> Vec<Diagnostic> {
    site.codes
        .iter()
        .filter(|code| code.code.is_http())
        .filter(|code| {
            super::operations::returned_by(api, code.code.get())
                .iter()
                .all(|r| r.key == ResponseKey::Default)
        })
        .map(|code| {
            Diagnostic::notice(format!(
                "no operation of {} returns {}",
                api.source.path().display(),
                code.code
            ))
            .at(code.at.clone(), "listed here")
            .hint("if the API can return it, declare it in the responses of the operations that do; if it cannot, it may not belong in the table")
        })
        .collect()
}

/// Problem details written as a response's example whose `status` says another code.
fn mismatched_status(api: &OpenApi) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for operation in &api.operations {
        for response in &operation.responses {
            let fits: Box<dyn Fn(u32) -> bool> = match response.key {
                ResponseKey::Code(code) => Box::new(move |s| s == u32::from(code)),
                ResponseKey::Range(class) => Box::new(move |s| s / 100 == u32::from(class)),
                ResponseKey::Default => continue,
            };
            for (media, example) in api.response_examples(response) {
                let Some(status) = problem_status(example) else {
                    continue;
                };
                if fits(status) || !seen.insert(example.start) {
                    continue;
                }
                let at = example.get("status").map_or(example.range(), |s| s.range());
                problems.push(
                    Diagnostic::error(format!(
                        "the {media} example of a {} response of {} {} says `\"status\": {status}`",
                        response.key, operation.method, operation.path
                    ))
                    .at(api.locate(at), format!("not {}", response.key))
                    .note(
                        api.locate(response.start as usize..response.end as usize),
                        "the response",
                    )
                    .hint("RFC 9457 §3.1.2: a problem's `status` is the response's status code; correct one of them"),
                );
            }
        }
    }
    problems
}

/// Written examples whose request is no operation of the document, or whose operation does
/// not declare the code the example's response has.
fn written_examples(site: &Site, api: &OpenApi) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for code in &site.codes {
        let (Some(example), Some(page)) = (&code.written_example, &code.page) else {
            continue;
        };
        let request = format!("{} {}", example.request.method(), example.request.target());
        let document = api.source.path().display();
        // The page as a whole: the places of its code blocks are not kept.
        let page_file = crate::base::span::Located::file(page.file.span.file.clone());
        let Some(index) = code.written_operation else {
            problems.push(
                Diagnostic::warning(format!(
                    "the example sends `{request}`, which is no operation of {document}"
                ))
                .at(page_file.clone(), "this page's example")
                .hint("correct the example's method or path, or describe the operation in the document"),
            );
            continue;
        };
        let operation = &api.operations[index];
        let status = example.response().status();
        if super::operations::response_for(operation, status).is_none() {
            problems.push(
                Diagnostic::warning(format!(
                    "the example's `{request}` gets {status}, which {} {} does not declare",
                    operation.method, operation.path
                ))
                .at(page_file.clone(), "this page's example")
                .note(
                    api.locate(operation.start as usize..operation.end as usize),
                    "the operation",
                )
                .hint(format!(
                    "declare a {status} response for the operation, or show {status} on one that returns it"
                )),
            );
        }
    }
    problems
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A description on one line, as a table line holds it.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
