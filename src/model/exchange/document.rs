//! A code's example moved onto a real operation of the API's OpenAPI document: its method,
//! server, path and parameters, credentials, request body and, when the document gives one,
//! the response's body. What the generated example got right about HTTP (the fields a code
//! needs, no content where there is none) stays.

use super::api::Api;
use super::{Exchange, Message};
use crate::input::config::{Auth, Examples};
use crate::input::openapi::media::Body;
use crate::input::openapi::tree::{Node, Value};
use crate::input::openapi::{OpenApi, Operation, Security};

/// Codes whose example is about how the request is framed (waiting for `100 Continue`, no
/// length, too long, an expectation): their request keeps the generated content and fields.
const FRAMING: [u32; 4] = [100, 411, 413, 417];

/// What moving an example onto an operation needs to know about it.
pub struct Target<'a> {
    /// The document.
    pub api: &'a OpenApi,
    /// The operation.
    pub operation: &'a Operation,
    /// Whether the operation returns the code (else it only lends its request, and the
    /// generated method is kept: 501 needs a method nobody knows).
    pub returns_code: bool,
    /// Whether the document's response for the code has no content.
    pub no_content: bool,
    /// The response's body from the document, if it gives one.
    pub body: Option<Body>,
}

/// The profile `[examples]` describes, with the operation's server and credentials: what
/// the snippets of its example follow.
pub fn profile(api: &OpenApi, operation: &Operation, examples: &Examples) -> Examples {
    let base_url = match operation.server.as_deref() {
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => url.to_string(),
        // A server relative to where the document is served: under the profile's origin.
        Some(path) => {
            let origin = examples
                .base_url
                .find("://")
                .and_then(|i| examples.base_url[i + 3..].find('/').map(|j| i + 3 + j))
                .map_or(examples.base_url.as_str(), |end| &examples.base_url[..end]);
            format!("{origin}{}", path.trim_end_matches('/'))
        }
        None => examples.base_url.clone(),
    };
    let auth = match &operation.security {
        // A document that declares no security at all (GitHub's does not) leaves the
        // profile's credentials in place.
        Security::Unspecified => examples.auth.clone(),
        Security::Bearer => Auth::Bearer,
        Security::Basic => Auth::Basic,
        Security::Header(name) => Auth::Header(name.clone()),
        Security::None | Security::Query(_) | Security::Cookie(_) => Auth::None,
    };
    // The idempotency header is sent where the document says the operation takes it.
    let idempotency_header = examples.idempotency_header.clone().filter(|name| {
        api.parameters(operation)
            .iter()
            .any(|p| p.location == "header" && p.name.eq_ignore_ascii_case(name))
    });
    Examples {
        base_url,
        auth,
        idempotency_header,
        ..examples.clone()
    }
}

/// `generated` (the example of `code`) sent to `target`'s operation instead.
pub fn apply(
    generated: Exchange,
    code: u32,
    reason: &str,
    description: &str,
    target: Target<'_>,
    examples: &Examples,
) -> Exchange {
    let Target {
        api,
        operation,
        returns_code,
        no_content,
        body,
    } = target;
    let profile = profile(api, operation, examples);
    let new = Api::new(&profile);
    let old = Api::new(examples);
    let parameters = api.parameters(operation);
    let value_of = |name: &str| {
        parameters
            .iter()
            .find(|p| p.name == name && p.location == "path")
            .and_then(|p| p.value.clone())
            .unwrap_or_else(|| {
                if name.ends_with("id") || name.ends_with("Id") {
                    examples.id.clone()
                } else {
                    name.to_string()
                }
            })
    };
    let path = fill_path(&operation.path, value_of);
    let mut query: Vec<String> = parameters
        .iter()
        .filter(|p| p.location == "query" && p.required)
        .map(|p| format!("{}={}", p.name, p.value.as_deref().unwrap_or("1")))
        .collect();
    if let Security::Query(name) = &operation.security {
        query.push(format!("{name}=<api-key>"));
    }
    let mut target_path = format!("{}{path}", new.prefix);
    if !query.is_empty() {
        target_path = format!("{target_path}?{}", query.join("&"));
    }
    let method = if returns_code {
        operation.method.clone()
    } else {
        generated.request.method().to_string()
    };

    // The request: the operation's, with the fields the code's example needs.
    let framing = FRAMING.contains(&code);
    let mut request = new.request(&method, &target_path);
    if let Security::Cookie(name) = &operation.security {
        request = request.header("Cookie", format!("{name}=<api-key>"));
    }
    let idempotency = profile.idempotency_header.as_deref().unwrap_or("");
    for parameter in parameters.iter().filter(|p| {
        p.location == "header" && p.required && !p.name.eq_ignore_ascii_case(idempotency)
    }) {
        request = request.header(&parameter.name, parameter.value.clone().unwrap_or_default());
    }
    let own = |name: &str| {
        ["Host", "Authorization", "Cookie"]
            .iter()
            .chain(old.auth.as_ref().map(|(n, _)| n.as_str()).iter())
            .chain(examples.idempotency_header.as_deref().iter())
            .any(|n| n.eq_ignore_ascii_case(name))
            || (!framing
                && ["Content-Type", "Content-Length", "Transfer-Encoding"]
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(name)))
    };
    for (name, value) in &generated.request.headers {
        if !own(name) {
            request = request.header(name, value.clone());
        }
    }
    let sends_content = matches!(method.as_str(), "POST" | "PUT" | "PATCH");
    if framing {
        request.body = generated.request.body.clone();
    } else if let Some(content) = api.request_body(operation).filter(|_| sends_content) {
        request = request.content(&content.content_type, content.text());
    } else if sends_content {
        // RFC 9110 §8.6: a request whose method gives content a meaning says when it has none.
        request = request.header("Content-Length", "0");
    }

    // The response: the generated one's fields, on the operation's address, with the
    // document's content.
    let responses: Vec<Message> = generated
        .responses
        .into_iter()
        .map(|response| {
            if response.status() != code {
                return response;
            }
            let mut response = retarget(response, &old, &new);
            if code == 405 {
                set(&mut response, "Allow", operation.path_methods.join(", "));
            }
            if code == 401 && operation.security == Security::Basic {
                set(
                    &mut response,
                    "WWW-Authenticate",
                    "Basic realm=\"api\"".into(),
                );
            }
            if code == 201 && response.get("Location").is_some() {
                let id = body
                    .as_ref()
                    .and_then(|b| b.value.get("id"))
                    .and_then(|id| match &id.value {
                        crate::input::openapi::tree::Value::String(s)
                        | crate::input::openapi::tree::Value::Number(s) => Some(s.clone()),
                        _ => None,
                    })
                    .unwrap_or_else(|| new.new_id.clone());
                let location = if method == "POST" {
                    format!(
                        "{}{}/{id}",
                        new.origin,
                        target_path.split('?').next().unwrap_or("")
                    )
                } else {
                    new.absolute(&target_path)
                };
                set(&mut response, "Location", location);
            }
            if response.body.is_none() {
                return response;
            }
            match &body {
                Some(built) if !built.written && code >= 400 => {
                    let mut built = built.clone();
                    let kind = format!(
                        "{}{}",
                        new.problem_base,
                        crate::text::markdown::slug(reason)
                    );
                    fill_error(
                        &mut built.value,
                        code,
                        reason,
                        description,
                        &kind,
                        &target_path,
                    );
                    with_content(response, &built.content_type, built.text())
                }
                Some(body) => with_content(response, &body.content_type, body.text()),
                // What the document declares over the site's error format, for successes.
                None if no_content && code < 400 => {
                    let mut response = without_content(response);
                    set(&mut response, "Content-Length", "0".into());
                    response
                }
                None if code >= 400 => {
                    let error = new.error(code, reason, description, &target_path, &examples.error);
                    error.into_response(without_content(response))
                }
                None => response,
            }
        })
        .collect();
    // The rule that errors are problem details holds only where they are.
    let problem = responses.iter().any(|r: &Message| {
        r.status() == code
            && r.get("Content-Type")
                .is_some_and(|t| t.contains("problem+json"))
    });
    let mut notes = generated.notes;
    notes.retain(|note| problem || note.spec != "RFC 9457 §3");
    Exchange {
        request,
        responses,
        notes,
    }
}

/// An error body built from the document's schema, its placeholder values replaced where
/// the field's name says what it holds: `status` the code (RFC 9457 §3.1.2 asks that it be
/// the response's), `title` the reason, `detail` or `message` the table's description, `type`
/// the problem type and `instance` the request path. The schema's shape stays.
fn fill_error(
    value: &mut Node,
    code: u32,
    reason: &str,
    description: &str,
    kind: &str,
    path: &str,
) {
    let Value::Object(entries) = &mut value.value else {
        return;
    };
    for (key, field) in entries {
        let text = match key.text.as_str() {
            "status" => code.to_string(),
            "title" => reason.to_string(),
            "detail" | "message" => description.to_string(),
            "type" => kind.to_string(),
            "instance" => path.to_string(),
            _ => continue,
        };
        field.value = match (&field.value, key.text.as_str()) {
            (Value::Number(_), "status") => Value::Number(text),
            (Value::String(_), _) => Value::String(text),
            _ => continue,
        };
    }
}

/// `/orders/{order_id}` with each `{name}` replaced by its value.
fn fill_path(path: &str, value_of: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&value_of(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A response whose absolute URLs pointed at the profile's API, pointing at the operation's.
fn retarget(mut response: Message, old: &Api, new: &Api) -> Message {
    let from = format!("{}{}", old.origin, old.prefix);
    let to = format!("{}{}", new.origin, new.prefix);
    for (name, value) in &mut response.headers {
        if ["Location", "Link", "Content-Location"]
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
        {
            *value = value.replace(&from, &to);
        }
    }
    response
}

fn set(message: &mut Message, name: &str, value: String) {
    match message
        .headers
        .iter_mut()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        Some((_, v)) => *v = value,
        None => message.headers.push((name.to_string(), value)),
    }
}

fn without_content(mut message: Message) -> Message {
    message.headers.retain(|(n, _)| {
        !n.eq_ignore_ascii_case("Content-Type") && !n.eq_ignore_ascii_case("Content-Length")
    });
    message.body = None;
    message
}

fn with_content(message: Message, content_type: &str, body: String) -> Message {
    without_content(message).content(content_type, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_filled_parameter_by_parameter() {
        assert_eq!(
            fill_path("/repos/{owner}/{repo}/issues", |n| n.to_uppercase()),
            "/repos/OWNER/REPO/issues"
        );
        assert_eq!(fill_path("/a/{b", |_| "x".into()), "/a/{b");
    }
}
