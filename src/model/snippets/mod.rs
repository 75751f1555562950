//! Client snippets: curl (in a bash script), JavaScript (`fetch`) and Python (`requests`),
//! each sending exactly the request of the page's example and doing what the code's policy
//! asks: retry with the policy's attempts and total wait (honouring `Retry-After` as seconds
//! or as a date measured against the response's `Date`, never sleeping after the last
//! attempt), a fresh idempotency key kept across retries, polling with a deadline (202),
//! revalidation (304), one token refresh (401), or report and stop.
//!
//! The request is kept as data (a `Call`) until each language writes it out, each in a
//! module of its own: `bash`, `javascript`, `python`.

use serde::Serialize;

use crate::input::config::{ErrorFormat, Examples};
use crate::knowledge::{Policy, Retry};
use crate::model::exchange::Exchange;

mod bash;
mod javascript;
mod python;

use bash::bash;
use javascript::javascript;
use python::python;

/// One snippet: a tab on the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// A stable id for the tab (`curl`, `js`, `python`, or the author's language).
    pub id: String,
    /// The tab's label (`curl`, `JavaScript`, `Python`).
    pub label: String,
    /// The language to highlight it as.
    pub language: String,
    /// The code.
    pub code: String,
}

/// The three generated snippets for `code`, whose example is `exchange`, following `policy`
/// (none for a custom code nothing is known about: the snippets only report it).
pub fn generate(
    code: u32,
    policy: Option<&Policy>,
    exchange: &Exchange,
    examples: &Examples,
) -> Vec<Snippet> {
    let call = Call::new(code, policy, exchange, examples);
    let mut snippets = Vec::with_capacity(3);
    // curl can show an upgrade handshake but not speak the protocol it switches to.
    if code != 101 {
        snippets.push(Snippet {
            id: "curl".into(),
            label: "curl".into(),
            language: "sh".into(),
            code: bash(&call),
        });
    }
    snippets.extend([
        Snippet {
            id: "js".into(),
            label: "JavaScript".into(),
            language: "js".into(),
            code: javascript(&call),
        },
        Snippet {
            id: "python".into(),
            label: "Python".into(),
            language: "python".into(),
            code: python(&call),
        },
    ]);
    snippets
}

/// What a client does with the response, which decides the shape of the snippets.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Handling {
    /// 1xx: the HTTP library handles it; the code sees the final response.
    Interim,
    /// 2xx: read the content (if any).
    Success,
    /// 202: poll the status resource until the work is done, within a deadline.
    Poll,
    /// 304: revalidate a stored copy, and use it.
    NotModified,
    /// 3xx: follow `Location`.
    Redirect,
    /// 401: get a new token and try once more.
    Reauthenticate,
    /// A passing condition or a transient failure: wait and retry, within the policy.
    Retry,
    /// Anything else: report it; `advice` says what must change first.
    Report { advice: String },
}

/// The example request and what to do with its response, as data.
struct Call {
    code: u32,
    handling: Handling,
    method: String,
    url: String,
    headers: Vec<(String, Value)>,
    /// The content, on one line when it is JSON.
    body: Option<String>,
    /// Whether the example's response content is JSON (else it is read as text).
    json_response: bool,
    /// Attempts in all, the first included.
    attempts: u32,
    /// The most seconds to wait in all between attempts.
    max_wait: u32,
    /// Whether error responses are problem details (`title`, `detail`).
    problem: bool,
    /// Why a non-idempotent request is not repeated, if that is why `attempts` is one.
    no_retry_reason: Option<&'static str>,
    /// The credentials variable a header uses, if any: (environment variable, name).
    secret: Option<Secret>,
}

/// A header value as a snippet writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    /// Exactly this text.
    Text(String),
    /// Credentials from the environment, after a fixed prefix (`Bearer `).
    Secret(String),
    /// A fresh idempotency key, made once per request and kept across its retries.
    NewKey,
    /// The `ETag` of the stored copy (304).
    StoredEtag(String),
}

/// Credentials a snippet reads from the environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Secret {
    /// `API_TOKEN`.
    env: &'static str,
    /// `token` in JavaScript and Python.
    var: &'static str,
}

/// How long a client polls a 202's status resource at most, in seconds.
const POLL_DEADLINE: u32 = 600;

impl Call {
    fn new(code: u32, policy: Option<&Policy>, exchange: &Exchange, examples: &Examples) -> Call {
        let request = &exchange.request;
        let response = exchange.response();
        let method = request.method().to_string();
        let mut secret = None;
        let idempotency = examples.idempotency_header.as_deref();
        let headers: Vec<(String, Value)> = request
            .headers
            .iter()
            .filter(|(name, _)| {
                !["Host", "Content-Length", "Transfer-Encoding", "Expect"]
                    .iter()
                    .any(|skip| name.eq_ignore_ascii_case(skip))
            })
            .map(|(name, value)| {
                let value = if idempotency.is_some_and(|h| h.eq_ignore_ascii_case(name)) {
                    Value::NewKey
                } else if code == 304 && name.eq_ignore_ascii_case("If-None-Match") {
                    Value::StoredEtag(value.clone())
                } else if let Some((prefix, found)) = placeholder(value) {
                    secret = Some(found);
                    Value::Secret(prefix.to_string())
                } else {
                    Value::Text(value.clone())
                };
                (name.clone(), value)
            })
            .collect();
        let retry = policy.map(|p| p.retry);
        let handling = match code {
            100..=199 => Handling::Interim,
            202 => Handling::Poll,
            304 => Handling::NotModified,
            200..=299 => Handling::Success,
            301 | 302 | 303 | 307 | 308 => Handling::Redirect,
            401 => Handling::Reauthenticate,
            _ if matches!(retry, Some(Retry::Wait | Retry::Backoff)) => Handling::Retry,
            _ => Handling::Report {
                advice: advice(code, policy),
            },
        };
        let idempotent =
            ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"].contains(&method.as_str());
        let keyed = headers.iter().any(|(_, v)| *v == Value::NewKey);
        let mut attempts = policy.map_or(1, Policy::attempts);
        let mut no_retry_reason = None;
        if handling == Handling::Retry
            && policy.is_some_and(|p| p.idempotent_only)
            && !idempotent
            && !keyed
        {
            attempts = 1;
            no_retry_reason = Some(
                "is not idempotent and carries no idempotency key: repeating it could do the work twice, so it is not repeated",
            );
        }
        Call {
            code,
            handling,
            url: request.url(&examples.base_url),
            method,
            headers,
            body: request.body.as_deref().map(|body| {
                let chunked = request
                    .get("Transfer-Encoding")
                    .is_some_and(|t| t.eq_ignore_ascii_case("chunked"));
                // The snippet sends the content; its library frames it.
                compact_json(&if chunked {
                    unchunk(body)
                } else {
                    body.to_string()
                })
            }),
            json_response: response
                .get("Content-Type")
                .is_none_or(|t| t.contains("json")),
            attempts,
            max_wait: policy.map_or(0, Policy::max_wait),
            problem: matches!(examples.error, ErrorFormat::Problem)
                && response
                    .get("Content-Type")
                    .is_some_and(|t| t.contains("json")),
            no_retry_reason,
            secret,
        }
    }

    /// Whether the request has a fresh idempotency key.
    fn keyed(&self) -> bool {
        self.headers.iter().any(|(_, v)| *v == Value::NewKey)
    }

    /// The stored copy's ETag, for a 304.
    fn stored_etag(&self) -> Option<&str> {
        self.headers.iter().find_map(|(_, v)| match v {
            Value::StoredEtag(etag) => Some(etag.as_str()),
            _ => None,
        })
    }

    /// One line saying what the retry loop does.
    fn retry_comment(&self) -> String {
        format!(
            "{} attempts in all, waiting as Retry-After says (seconds, or a date measured against\nthe response's Date), else backing off exponentially; at most {} s of waiting in all.",
            self.attempts, self.max_wait
        )
    }
}

/// `Bearer <token>` → (`Bearer `, the token's environment variable).
fn placeholder(value: &str) -> Option<(&str, Secret)> {
    let start = value.find('<')?;
    let end = value[start..].find('>')? + start;
    if end + 1 != value.len() {
        return None;
    }
    let secret = match &value[start + 1..end] {
        "api-key" | "key" | "api_key" => Secret {
            env: "API_KEY",
            var: "apiKey",
        },
        "credentials" => Secret {
            env: "API_CREDENTIALS",
            var: "credentials",
        },
        _ => Secret {
            env: "API_TOKEN",
            var: "token",
        },
    };
    Some((&value[..start], secret))
}

/// What must change before a request that got `code` is sent again.
fn advice(code: u32, policy: Option<&Policy>) -> String {
    match policy.map(|p| (p.retry, &p.retry_when)) {
        Some((Retry::AfterChange, Some(when))) => format!("Repeat the request only after {when}."),
        Some((Retry::AfterChange, None)) => "Repeat the request only after changing it.".into(),
        Some((Retry::Redirect, _)) => format!(
            "{code} is a redirect this client does not follow: read the response to choose where to go."
        ),
        Some((Retry::None, _)) => "Not an error: read the response.".into(),
        Some(_) => {
            "Repeating the same request fails the same way: fix it, or tell the user.".into()
        }
        None => format!("Handle {code} as the API documents it."),
    }
}

/// The content of a body written in chunked framing (`34\n{…}\n0\n`, RFC 9112 §7.1).
fn unchunk(body: &str) -> String {
    let mut content = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once('\n') {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            return body.to_string();
        };
        if size == 0 || after.len() < size {
            break;
        }
        content.push_str(&after[..size]);
        rest = after[size..].strip_prefix('\n').unwrap_or(&after[size..]);
    }
    content
}

/// JSON on one line, so it fits in a shell argument or a string literal: the same text
/// without the whitespace between its tokens (keys keep their order). Anything that is not
/// JSON is kept as it is.
fn compact_json(body: &str) -> String {
    if serde_json::from_str::<serde_json::Value>(body).is_err() {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in body.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// A string literal in JavaScript and Python alike: the text as a JSON string.
fn string_literal(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_compacted_keeping_its_order_and_its_strings() {
        assert_eq!(
            compact_json("{\n  \"z\": \"a b\",\n  \"a\": [1, 2],\n  \"q\": \"\\\" x\"\n}"),
            "{\"z\":\"a b\",\"a\":[1,2],\"q\":\"\\\" x\"}"
        );
        assert_eq!(compact_json("rating=5&comment=a b"), "rating=5&comment=a b");
    }
}
