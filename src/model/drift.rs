//! Where the API's OpenAPI document and the code table have drifted apart, for `check`:
//! codes the API returns that the table does not list (warnings, naming the operations),
//! codes of the table that no operation returns (notes), and problem-details examples
//! whose `status` is not their response's code (errors).

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

/// Codes of the table that no operation returns, not even through a range or `default`.
fn unreturned(site: &Site, api: &OpenApi) -> Vec<Diagnostic> {
    site.codes
        .iter()
        .filter(|code| code.code.is_http())
        .filter(|code| super::operations::returned_by(api, code.code.get()).is_empty())
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
