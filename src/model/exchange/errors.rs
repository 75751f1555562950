//! The requests that earn error codes, and error responses' bodies in the site's format.

use serde::Serialize;

use super::Message;
use super::api::Api;
use super::generate::REPORT;
use crate::input::config::{ErrorFormat, fill_error_body};

/// The request that gets an error `code`, and header fields its response must carry:
/// `(name, value, why, where)`. With `wait`, a code that asks the client to wait and has no
/// example of its own says how long in `Retry-After`.
pub(super) fn error_request(
    code: u32,
    wait: bool,
    api: &Api,
    item: &str,
    list: &str,
) -> (
    Message,
    Vec<(&'static str, String, &'static str, &'static str)>,
) {
    match code {
        400 => (api.post_json(list, "{\n  \"items\": [\n}"), vec![]),
        401 => (
            api.get_json(item),
            vec![(
                "WWW-Authenticate",
                "Bearer realm=\"api\", error=\"invalid_token\"".into(),
                "401 carries a WWW-Authenticate challenge.",
                "RFC 9110 §15.5.2, §11.6.1",
            )],
        ),
        405 => (
            api.request("DELETE", list),
            vec![(
                "Allow",
                "GET, POST".into(),
                "405 lists the methods the resource supports in Allow.",
                "RFC 9110 §15.5.6, §10.2.1",
            )],
        ),
        406 => (
            api.request("GET", item).header("Accept", "application/xml"),
            vec![],
        ),
        407 => (
            api.get_json(item),
            vec![(
                "Proxy-Authenticate",
                "Basic realm=\"corporate proxy\"".into(),
                "407 carries a Proxy-Authenticate challenge.",
                "RFC 9110 §15.5.8, §11.7.1",
            )],
        ),
        408 => (
            api.create(list),
            vec![(
                "Connection",
                "close".into(),
                "408 answers a request that did not arrive in full in time (here, the client stalled partway through its content); the server then closes the connection.",
                "RFC 9110 §15.5.9",
            )],
        ),
        411 => {
            // Chunked framing instead of a Content-Length, which this server insists on.
            let chunked = format!("{:x}\n{}\n0\n", api.body.len(), api.body);
            let mut request = api
                .request("POST", list)
                .header("Content-Type", "application/json")
                .header("Transfer-Encoding", "chunked");
            request.body = Some(chunked);
            (request, vec![])
        }
        412 | 428 => {
            let request = api.request("PUT", item);
            let request = if code == 412 {
                request.header("If-Match", "\"9e1c0b77\"")
            } else {
                request
            };
            let request = request.content("application/json", api.representation(&api.id));
            (request, vec![])
        }
        413 => (
            api.request("POST", &format!("{}/uploads", api.prefix))
                .header("Content-Type", "image/png")
                .header("Content-Length", "73400320")
                .header("Expect", "100-continue"),
            vec![],
        ),
        414 => (
            api.get_json(&format!(
                "{item}?fields={}",
                "id,".repeat(12).trim_end_matches(',')
            )),
            vec![],
        ),
        415 => (
            api.request("POST", list).content(
                "text/xml",
                format!("<order>\n  <id>{}</id>\n</order>", api.new_id),
            ),
            vec![],
        ),
        501 => (api.request("PURGE", item), vec![]),
        416 => (
            api.request("GET", &format!("{}/reports/2024.csv", api.prefix))
                .header("Range", "bytes=5000-5999"),
            vec![(
                "Content-Range",
                format!("bytes */{}", REPORT.len()),
                "416 gives the current length in Content-Range as bytes */length.",
                "RFC 9110 §15.5.17",
            )],
        ),
        417 => (api.create(list).header("Expect", "202-accepted"), vec![]),
        425 => (api.create(list).header("Early-Data", "1"), vec![]),
        426 => (
            api.get_json(item),
            vec![
                (
                    "Upgrade",
                    "HTTP/3.0".into(),
                    "426 names the protocols the client must switch to in Upgrade.",
                    "RFC 9110 §15.5.22, §7.8",
                ),
                (
                    "Connection",
                    "Upgrade".into(),
                    "Upgrade is listed in Connection.",
                    "RFC 9110 §7.8",
                ),
            ],
        ),
        429 => (
            api.get_json(item),
            vec![(
                "Retry-After",
                "60".into(),
                "429 says how long to wait in Retry-After.",
                "RFC 6585 §4, RFC 9110 §10.2.3",
            )],
        ),
        451 => (
            api.get_json(item),
            vec![(
                "Link",
                format!("<{}/legal/notices/12>; rel=\"blocked-by\"", api.origin),
                "451 identifies who requires the block with a blocked-by link.",
                "RFC 7725 §4",
            )],
        ),
        503 => (
            api.get_json(item),
            vec![(
                "Retry-After",
                "120".into(),
                "503 may say when to retry in Retry-After.",
                "RFC 9110 §15.6.4, §10.2.3",
            )],
        ),
        409 | 422 => (
            api.request("PUT", item)
                .content("application/json", api.body.clone()),
            vec![],
        ),
        _ if wait => (
            api.get_json(item),
            vec![(
                "Retry-After",
                "60".into(),
                "The response says how long to wait before trying again in Retry-After.",
                "RFC 9110 §10.2.3",
            )],
        ),
        _ => (api.get_json(item), vec![]),
    }
}

/// An error response's body, in the site's error format.
pub(super) struct ErrorBody {
    content_type: String,
    body: String,
}

impl ErrorBody {
    pub(super) fn into_response(self, response: Message) -> Message {
        response.content(&self.content_type, self.body)
    }
}

impl Api {
    /// The body of an error response with `code`, for a request of `path`.
    pub(super) fn error(
        &self,
        code: u32,
        reason: &str,
        description: &str,
        path: &str,
        format: &ErrorFormat,
    ) -> ErrorBody {
        let slug = crate::text::markdown::slug(reason);
        match format {
            ErrorFormat::Problem => {
                let problem = Problem {
                    kind: format!("{}{slug}", self.problem_base),
                    title: reason,
                    status: code,
                    detail: description,
                    instance: path,
                };
                ErrorBody {
                    content_type: "application/problem+json".to_string(),
                    body: serde_json::to_string_pretty(&problem).expect("plain data serialises"),
                }
            }
            ErrorFormat::Custom {
                content_type,
                template,
            } => ErrorBody {
                content_type: content_type.clone(),
                body: fill_error_body(template, code, reason, description, &slug, path),
            },
        }
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u32,
    detail: &'a str,
    instance: &'a str,
}
