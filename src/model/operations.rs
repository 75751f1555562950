//! Which operations of the API's OpenAPI document return each code ("Returned by"), and
//! which of them a code's example exchange uses.

use super::Code;
use super::exchange::document::{self, Target};
use crate::input::config::{Config, Examples};
use crate::input::openapi::media::Body;
use crate::input::openapi::{OpenApi, Operation, ResponseKey};

/// Joins `code` to the API's document, if the site has one: the operations that return
/// it, and its generated example moved onto the one [`choose`] picks. Returns the profile
/// that example follows (the operation's server and credentials), for its snippets.
pub fn attach(code: &mut Code, config: &Config) -> Option<Examples> {
    code.returned_by.clear();
    code.example_operation = None;
    let api = config.api.document.as_deref()?;
    let number = code.code.get();
    code.returned_by = returned_by(api, number);
    let generated = code.example.take()?;
    let Some(chosen) = choose(api, number, &code.returned_by, generated.request.method()) else {
        code.example = Some(generated);
        return None;
    };
    let operation = &api.operations[chosen.operation];
    let target = Target {
        api,
        operation,
        returns_code: chosen.response.is_some(),
        no_content: chosen.no_content,
        body: chosen.body.clone(),
    };
    code.example = Some(Box::new(document::apply(
        *generated,
        number,
        &code.reason,
        &code.description,
        target,
        &config.examples,
    )));
    code.example_operation = Some(Box::new(chosen));
    Some(document::profile(api, operation, &config.examples))
}

/// The operation a request is sent to, as a written example's request names it: the same
/// method, and a path that, once the operation's server path (`/v1`) is taken off, fits the
/// operation's path template (`/users/{id}` fits `/users/usr_8f3k2`); of several that fit,
/// the one with the most written characters (`/users/me` before `/users/{id}`).
pub fn operation_of(api: &OpenApi, method: &str, target: &str) -> Option<usize> {
    let path = origin_form(target);
    api.operations
        .iter()
        .enumerate()
        .filter(|(_, o)| o.method.eq_ignore_ascii_case(method))
        .filter_map(|(i, operation)| {
            let prefix = operation.server.as_deref().map_or("", server_path);
            let rest = path.strip_prefix(prefix).filter(|r| r.starts_with('/'));
            let literal = [rest, Some(path)]
                .into_iter()
                .flatten()
                .find_map(|p| fits(&operation.path, p))?;
            Some((literal, std::cmp::Reverse(i), i))
        })
        .max()
        .map(|(_, _, i)| i)
}

/// A request target as a path: without scheme and host, query or fragment.
fn origin_form(target: &str) -> &str {
    let target = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    let end = target.find(['?', '#']).unwrap_or(target.len());
    &target[..end]
}

/// The path of a server URL: `/v1` of `https://api.example.com/v1`, empty for none.
fn server_path(url: &str) -> &str {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => url,
    };
    path.trim_end_matches('/')
}

/// Whether `path` fits a path template, segment by segment, each `{name}` standing for at
/// least one character; if it does, how many characters the template fixes.
fn fits(template: &str, path: &str) -> Option<usize> {
    let templates: Vec<&str> = template.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    if templates.len() != segments.len() {
        return None;
    }
    let mut literal = 0;
    for (template, segment) in templates.iter().zip(&segments) {
        literal += fits_segment(template, segment)?;
    }
    Some(literal)
}

fn fits_segment(template: &str, segment: &str) -> Option<usize> {
    // The written pieces between `{…}`, in order; each variable takes at least one character.
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c)?;
        pieces.push(&rest[..open]);
        rest = &rest[close + 1..];
    }
    pieces.push(rest);
    let (first, others) = pieces.split_first()?;
    if others.is_empty() {
        return (*first == segment).then_some(first.len());
    }
    let mut at = segment.strip_prefix(first)?;
    let (last, middle) = others.split_last()?;
    for piece in middle {
        // A variable, then this piece.
        let skip = at.chars().next()?.len_utf8();
        let found = at[skip..].find(piece)? + skip;
        at = &at[found + piece.len()..];
    }
    (at.len() > last.len() && at.ends_with(last)).then(|| pieces.iter().map(|p| p.len()).sum())
}

/// An operation whose responses include a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Returned {
    /// Which of the document's operations.
    pub operation: usize,
    /// Which of its responses applies: the code itself, its class (`4XX`) or `default`.
    pub key: ResponseKey,
    /// That response's description.
    pub description: String,
}

/// The operation a code's example uses, and the response of it that gives the code.
#[derive(Clone, Debug)]
pub struct Chosen {
    /// Which of the document's operations.
    pub operation: usize,
    /// Which of its responses (none when the operation does not return the code, and is
    /// only a real request to show the code with).
    pub response: Option<usize>,
    /// Whether the response, in the document, has no `content`: it is sent without any.
    pub no_content: bool,
    /// The response's body from the document, when it gives one (an example, or a value
    /// built from its schema) that agrees with the code.
    pub body: Option<Body>,
}

/// The response of `operation` that applies to `code`: the one for the code itself, else its
/// class's (`4XX`), else `default`. Beside a success or redirect response, `default` is the
/// operation's error response and covers codes from 400 on; without one (Swagger's Petstore
/// has `default: successful operation`), it is the success response and covers the others.
pub fn response_for(operation: &Operation, code: u32) -> Option<usize> {
    let find = |wanted: fn(ResponseKey, u32) -> bool| {
        operation.responses.iter().position(|r| wanted(r.key, code))
    };
    find(|key, code| key == ResponseKey::Code(code as u16))
        .or_else(|| find(|key, code| matches!(key, ResponseKey::Range(_)) && key.covers(code)))
        .or_else(|| {
            let declares_success = operation.responses.iter().any(|r| {
                matches!(
                    r.key,
                    ResponseKey::Code(200..=399) | ResponseKey::Range(2 | 3)
                )
            });
            (declares_success == (code >= 400))
                .then(|| find(|key, _| key == ResponseKey::Default))
                .flatten()
        })
}

/// Every operation that returns `code`, in the document's order.
pub fn returned_by(api: &OpenApi, code: u32) -> Vec<Returned> {
    if !(100..=599).contains(&code) {
        return exact_only(api, code);
    }
    api.operations
        .iter()
        .enumerate()
        .filter_map(|(i, operation)| {
            let response = &operation.responses[response_for(operation, code)?];
            Some(Returned {
                operation: i,
                key: response.key,
                description: response.description.clone(),
            })
        })
        .collect()
}

/// Codes outside HTTP's range (custom codes) match only a response of their own.
fn exact_only(api: &OpenApi, code: u32) -> Vec<Returned> {
    let Ok(code) = u16::try_from(code) else {
        return Vec::new();
    };
    api.operations
        .iter()
        .enumerate()
        .filter_map(|(i, operation)| {
            let response = operation
                .responses
                .iter()
                .find(|r| r.key == ResponseKey::Code(code))?;
            Some(Returned {
                operation: i,
                key: response.key,
                description: response.description.clone(),
            })
        })
        .collect()
}

/// The operation `code`'s example uses: of those that return it, the first with an example
/// of the response written in the document, else with a schema for it, else any, those
/// declaring the code itself before those whose class or `default` covers it, and those with
/// the method the generated example would use (`method`) first; without any, an operation
/// with that method (or the first) shows the code on a real request.
pub fn choose(api: &OpenApi, code: u32, returned: &[Returned], method: &str) -> Option<Chosen> {
    let mut best: Option<(u8, Chosen)> = None;
    for returned in returned {
        let operation = &api.operations[returned.operation];
        let Some(index) = response_for(operation, code) else {
            continue;
        };
        let body = api
            .response_body(&operation.responses[index])
            .filter(|b| agrees(b, code) || (!b.written && code >= 400));
        // Lower is better: a written example, a schema, nothing; the code itself first;
        // the generated example's method first; a deprecated operation last among equals.
        // (An error body built from a schema gets the code's status when it is shown.)
        let rank = match &body {
            Some(b) if b.written => 0,
            Some(_) => 2,
            None => 4,
        } + u8::from(!matches!(returned.key, ResponseKey::Code(_))) * 6
            + u8::from(operation.method != method)
            + u8::from(operation.deprecated);
        if best.as_ref().is_none_or(|(r, _)| rank < *r) {
            best = Some((
                rank,
                Chosen {
                    operation: returned.operation,
                    response: Some(index),
                    no_content: api
                        .response_object(&operation.responses[index])
                        .is_some_and(|r| r.get("content").is_none()),
                    body,
                },
            ));
        }
    }
    best.map(|(_, chosen)| chosen).or_else(|| {
        let operation = api
            .operations
            .iter()
            .position(|o| o.method == method)
            .or((!api.operations.is_empty()).then_some(0))?;
        Some(Chosen {
            operation,
            response: None,
            no_content: false,
            body: None,
        })
    })
}

/// Whether a body may be shown with `code`: no problem details whose `status` says another
/// code.
pub fn agrees(body: &Body, code: u32) -> bool {
    problem_status(&body.value).is_none_or(|status| status == code)
}

/// The `status` of a JSON object that reads as problem details (RFC 9457: a `status` beside
/// a `type`, `title` or `detail`).
pub fn problem_status(value: &crate::input::openapi::tree::Node) -> Option<u32> {
    let status = value.get("status")?;
    let is_problem = ["type", "title", "detail"]
        .iter()
        .any(|k| value.get(k).is_some());
    match &status.value {
        crate::input::openapi::tree::Value::Number(n) if is_problem => n.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
