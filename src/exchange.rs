//! Generated example exchanges: a request and the response with a given code, as HTTP/1.1
//! text that follows RFC 9110 (and the RFCs of the registered extension codes).
//!
//! Every rule an example follows is also returned as a [`Note`] citing its section, so a
//! page can say why the example looks the way it does.

use serde::Serialize;

use crate::config::{ErrorFormat, Examples};
use crate::knowledge::Policy;

/// One HTTP message: a start line, header fields, and content if it has any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// `GET /v1/orders/8472 HTTP/1.1` or `HTTP/1.1 404 Not Found`.
    pub start: String,
    /// Header fields in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The content, if the message has any.
    pub body: Option<String>,
}

/// A request and the responses it gets: interim (1xx) responses, then the final one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exchange {
    /// What the client sent.
    pub request: Message,
    /// What the server answered, in order.
    pub responses: Vec<Message>,
    /// Why the example looks as it does, each with the section that says so.
    pub notes: Vec<Note>,
}

/// A rule the example follows, and where it is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The rule, in a sentence.
    pub text: &'static str,
    /// The section that states it: `RFC 9110 §15.3.5`.
    pub spec: &'static str,
}

impl Message {
    fn new(start: String) -> Self {
        Self {
            start,
            headers: Vec::new(),
            body: None,
        }
    }

    fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Adds content with its `Content-Type` and exact `Content-Length`.
    fn content(self, content_type: &str, body: String) -> Self {
        let mut message = self
            .header("Content-Type", content_type)
            .header("Content-Length", body.len().to_string());
        message.body = Some(body);
        message
    }

    /// The value of header field `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn write(&self, out: &mut String) {
        out.push_str(&self.start);
        out.push('\n');
        for (name, value) in &self.headers {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(value);
            out.push('\n');
        }
        if let Some(body) = &self.body {
            out.push('\n');
            out.push_str(body);
            out.push('\n');
        }
    }
}

impl Exchange {
    /// The exchange as HTTP/1.1 text: the request, a blank line, each response.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.request.write(&mut out);
        for response in &self.responses {
            out.push('\n');
            response.write(&mut out);
        }
        out.trim_end().to_string()
    }

    /// The final response.
    pub fn response(&self) -> &Message {
        self.responses
            .last()
            .expect("an exchange has a final response")
    }
}

/// A fixed date, so that builds are reproducible.
const DATE: &str = "Tue, 14 Jan 2025 10:15:00 GMT";
const ETAG: &str = "\"33a64df5\"";
const TOKEN: &str = "Bearer <token>";

/// The example exchange for `code` (100–599), or `None` for codes outside HTTP's range.
#[expect(
    clippy::match_overlapping_arm,
    reason = "codes with rules of their own come before their class's default"
)]
pub fn generate(
    code: u32,
    reason: &str,
    description: &str,
    policy: Option<&Policy>,
    examples: &Examples,
) -> Option<Exchange> {
    if !(100..=599).contains(&code) {
        return None;
    }
    let api = Api::new(&examples.base_url);
    let mut notes = Vec::new();
    let mut note = |text, spec| notes.push(Note { text, spec });
    // Date is required on 2xx–4xx responses and optional elsewhere; interim ones leave it out.
    let status = |c: u32, r: &str| {
        let line = Message::new(format!("HTTP/1.1 {c} {r}"));
        if c < 200 {
            line
        } else {
            line.header("Date", DATE)
        }
    };
    if code < 200 {
        note(
            "An interim 1xx response has no content and no Content-Length; the final response follows it.",
            "RFC 9110 §15.2, §8.6",
        );
    }
    let item = format!("{}/orders/8472", api.prefix);
    let list = format!("{}/orders", api.prefix);
    let error = |request: &Message, c: u32| {
        api.error(
            c,
            reason,
            description,
            &request_path(request),
            &examples.error,
        )
    };
    let order = || ORDER.to_string();

    let (request, responses) = match code {
        100 => {
            let request = api
                .request("POST", &list)
                .header("Expect", "100-continue")
                .content("application/json", NEW_ORDER.to_string());
            note(
                "The client sends Expect: 100-continue and waits for the interim response before sending the content.",
                "RFC 9110 §10.1.1",
            );
            let created = status(201, "Created")
                .header("Location", api.absolute(&format!("{list}/8473")))
                .content("application/json", order().replace("8472", "8473"));
            (request, vec![status(code, reason), created])
        }
        101 => {
            let request = api
                .request("GET", &format!("{}/stream", api.prefix))
                .header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .header("Sec-WebSocket-Version", "13");
            note(
                "A 101 names the protocol the connection switches to in Upgrade.",
                "RFC 9110 §7.8",
            );
            let switching = status(code, reason)
                .header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            (request, vec![switching])
        }
        103 => {
            let request = api.request("GET", "/").header("Accept", "text/html");
            let link = "</static/style.css>; rel=preload; as=style";
            note(
                "103 Early Hints carries Link fields the final response is likely to have.",
                "RFC 8297 §2",
            );
            let page = status(200, "OK")
                .header("Link", link)
                .content("text/html; charset=utf-8", PAGE.to_string());
            (
                request,
                vec![status(code, reason).header("Link", link), page],
            )
        }
        100..=199 => {
            let request = api.get_json(&item);
            let done = status(200, "OK").content("application/json", order());
            (request, vec![status(code, reason), done])
        }
        200 | 203 => {
            let response = status(code, reason)
                .header("ETag", ETAG)
                .header("Cache-Control", "private, max-age=60")
                .content("application/json", order());
            if code == 203 {
                note(
                    "203 means a proxy changed the content it got from the origin.",
                    "RFC 9110 §15.3.4",
                );
            }
            (api.get_json(&item), vec![response])
        }
        201 => {
            let request = api.post_json(&list, NEW_ORDER);
            note(
                "201 identifies the new resource in Location.",
                "RFC 9110 §15.3.2",
            );
            let response = status(code, reason)
                .header("Location", api.absolute(&format!("{list}/8473")))
                .content("application/json", order().replace("8472", "8473"));
            (request, vec![response])
        }
        202 => {
            let exports = format!("{}/exports", api.prefix);
            let request = api
                .request("POST", &exports)
                .content("application/json", EXPORT.to_string());
            note(
                "202 says the work is not done yet; the content should point to where its status can be seen.",
                "RFC 9110 §15.3.3",
            );
            let monitor = api.absolute(&format!("{exports}/77"));
            let body = format!(
                "{{\n  \"id\": \"77\",\n  \"status\": \"pending\",\n  \"status_url\": \"{monitor}\"\n}}"
            );
            let response = status(code, reason)
                .header("Location", monitor)
                .content("application/json", body);
            (request, vec![response])
        }
        204 => {
            note(
                "204 has no content, and no Content-Length.",
                "RFC 9110 §15.3.5, §8.6",
            );
            (api.request("DELETE", &item), vec![status(code, reason)])
        }
        205 => {
            note(
                "205 has no content: the client resets the view that sent the request.",
                "RFC 9110 §15.3.6",
            );
            let request = api
                .request("POST", &format!("{}/feedback", api.prefix))
                .content(
                    "application/x-www-form-urlencoded",
                    "rating=5&comment=Fast+delivery".to_string(),
                );
            (
                request,
                vec![status(code, reason).header("Content-Length", "0")],
            )
        }
        206 => {
            let report = format!("{}/reports/2024.csv", api.prefix);
            let request = api.request("GET", &report).header("Range", "bytes=0-99");
            note(
                "206 carries Content-Range with the part sent and the full length.",
                "RFC 9110 §14.4, §15.3.7",
            );
            let part = &REPORT[..100];
            let response = status(code, reason)
                .header("Content-Range", format!("bytes 0-99/{}", REPORT.len()))
                .content("text/csv", part.to_string());
            (request, vec![response])
        }
        207 => {
            let request = api
                .request("PROPFIND", &format!("{}/files/", api.prefix))
                .header("Depth", "1");
            note(
                "207 reports a status per resource in a multistatus XML body.",
                "RFC 4918 §13",
            );
            let response = status(code, reason)
                .content("application/xml; charset=utf-8", MULTISTATUS.to_string());
            (request, vec![response])
        }
        226 => {
            let request = api
                .get_json(&list)
                .header("A-IM", "feed")
                .header("If-None-Match", ETAG);
            note(
                "226 names the instance-manipulations applied in IM.",
                "RFC 3229 §10.4.1",
            );
            let response = status(code, reason)
                .header("IM", "feed")
                .header("ETag", "\"5c1f02e8\"")
                .content(
                    "application/json",
                    "[\n  { \"id\": \"8473\", \"status\": \"new\" }\n]".to_string(),
                );
            (request, vec![response])
        }
        200..=299 => (
            api.get_json(&item),
            vec![status(code, reason).content("application/json", order())],
        ),
        304 => {
            let request = api.get_json(&item).header("If-None-Match", ETAG);
            note(
                "A 304 answers a conditional request: it has no content, and carries the validators and caching fields a 200 would have sent.",
                "RFC 9110 §15.4.5",
            );
            let response = status(code, reason)
                .header("ETag", ETAG)
                .header("Cache-Control", "private, max-age=60")
                .header("Vary", "Accept, Authorization");
            (request, vec![response])
        }
        300 => {
            note(
                "300 should name the preferred choice in Location.",
                "RFC 9110 §15.4.1",
            );
            let choice = |kind: &str| api.absolute(&format!("{list}/8472.{kind}"));
            let body = format!(
                "{{\n  \"choices\": [\n    \"{}\",\n    \"{}\"\n  ]\n}}",
                choice("json"),
                choice("csv")
            );
            let response = status(code, reason)
                .header("Location", choice("json"))
                .content("application/json", body);
            (api.get_json(&item), vec![response])
        }
        303 => {
            let request = api.post_json(&list, NEW_ORDER);
            note(
                "303 sends the client to another resource, to be fetched with GET.",
                "RFC 9110 §15.4.4",
            );
            let response = status(code, reason)
                .header("Location", api.absolute(&format!("{list}/8473")))
                .header("Content-Length", "0");
            (request, vec![response])
        }
        300..=399 => {
            let preserves_method = code == 307 || code == 308;
            let (request, target) = if preserves_method {
                let request = api.post_json(&list, NEW_ORDER);
                (request, format!("{}/purchases", api.prefix))
            } else {
                (
                    api.get_json(&item),
                    format!("{}/purchases/8472", api.prefix),
                )
            };
            note(
                "A redirect gives the address to follow in Location.",
                "RFC 9110 §10.2.2",
            );
            match code {
                307 | 308 => note(
                    "307 and 308 keep the method and content when the client follows them.",
                    "RFC 9110 §15.4.8, §15.4.9",
                ),
                301 | 302 => note(
                    "For historical reasons a client may change POST to GET when it follows 301 or 302; use 307 or 308 to prevent that.",
                    "RFC 9110 §15.4.2, §15.4.3",
                ),
                305 => note(
                    "305 is deprecated: clients do not follow it.",
                    "RFC 9110 §15.4.6",
                ),
                306 => note("306 is reserved and no longer used.", "RFC 9110 §15.4.7"),
                _ => {}
            }
            let response = status(code, reason)
                .header("Location", api.absolute(&target))
                .header("Content-Length", "0");
            (request, vec![response])
        }
        _ => {
            if code == 418 {
                note(
                    "418 is reserved and unused: a server should not send it for a real error.",
                    "RFC 9110 §15.5.19",
                );
            }
            let wait = policy.is_some_and(|p| p.retry_after);
            let (request, extra) = error_request(code, wait, &api, &item, &list);
            let mut response = status(code, reason);
            for (name, value, text, spec) in extra {
                response = response.header(name, value);
                note(text, spec);
            }
            let response = error(&request, code).into_response(response);
            (request, vec![response])
        }
    };
    if (400..=599).contains(&code) {
        match examples.error {
            ErrorFormat::Problem => note(
                "The error is described in an application/problem+json body whose status is the response's code.",
                "RFC 9457 §3",
            ),
            ErrorFormat::Custom { .. } => {}
        }
    }
    Some(Exchange {
        request,
        responses,
        notes,
    })
}

/// The request that gets an error `code`, and header fields its response must carry:
/// `(name, value, why, where)`. With `wait`, a code that asks the client to wait and has no
/// example of its own says how long in `Retry-After`.
fn error_request(
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
            api.post_json(list, NEW_ORDER),
            vec![(
                "Connection",
                "close".into(),
                "After 408 the server closes the connection.",
                "RFC 9110 §15.5.9",
            )],
        ),
        411 => (
            api.request("POST", list)
                .header("Content-Type", "application/json")
                .header("Transfer-Encoding", "chunked"),
            vec![],
        ),
        412 | 428 => {
            let request = api
                .request("PUT", item)
                .header("Content-Type", "application/json");
            let request = if code == 412 {
                request.header("If-Match", "\"9e1c0b77\"")
            } else {
                request
            };
            (request, vec![])
        }
        413 => (
            api.request("POST", &format!("{}/uploads", api.prefix))
                .header("Content-Type", "image/png")
                .header("Content-Length", "73400320"),
            vec![(
                "Retry-After",
                "300".into(),
                "When the limit is temporary, 413 says when to retry in Retry-After.",
                "RFC 9110 §15.5.14",
            )],
        ),
        414 => (
            api.get_json(&format!(
                "{item}?fields={}",
                "id,".repeat(12).trim_end_matches(',')
            )),
            vec![],
        ),
        415 => (
            api.request("POST", list)
                .header("Content-Type", "text/xml")
                .header("Content-Length", "12"),
            vec![],
        ),
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
        417 => (
            api.post_json(list, NEW_ORDER)
                .header("Expect", "202-accepted"),
            vec![],
        ),
        425 => (
            api.post_json(list, NEW_ORDER).header("Early-Data", "1"),
            vec![],
        ),
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
                .content("application/json", NEW_ORDER.to_string()),
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
struct ErrorBody {
    content_type: String,
    body: String,
}

impl ErrorBody {
    fn into_response(self, response: Message) -> Message {
        response.content(&self.content_type, self.body)
    }
}

/// The API the examples talk to, from `[examples] base-url`.
struct Api {
    /// `https://api.example.com`
    origin: String,
    /// `api.example.com`
    host: String,
    /// `/v1`, or empty.
    prefix: String,
}

impl Api {
    fn new(base_url: &str) -> Self {
        let (scheme, rest) = base_url.split_once("://").unwrap_or(("https", base_url));
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        Api {
            origin: format!("{scheme}://{host}"),
            host: host.to_string(),
            prefix: path.trim_end_matches('/').to_string(),
        }
    }

    fn request(&self, method: &str, path: &str) -> Message {
        let path = if path.is_empty() { "/" } else { path };
        Message::new(format!("{method} {path} HTTP/1.1"))
            .header("Host", &self.host)
            .header("Authorization", TOKEN)
    }

    /// A GET of `path` that asks for JSON.
    fn get_json(&self, path: &str) -> Message {
        self.request("GET", path)
            .header("Accept", "application/json")
    }

    /// A POST to `path` with JSON content.
    fn post_json(&self, path: &str, body: &str) -> Message {
        self.request("POST", path)
            .content("application/json", body.to_string())
    }

    fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    fn error(
        &self,
        code: u32,
        reason: &str,
        description: &str,
        path: &str,
        format: &ErrorFormat,
    ) -> ErrorBody {
        let slug = crate::markdown::slug(reason);
        match format {
            ErrorFormat::Problem => {
                let problem = Problem {
                    kind: format!("{}/problems/{slug}", self.origin),
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
                body: fill(template, code, reason, description, &slug, path),
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

/// Fills a custom error template; string values are JSON-escaped, `{status}` is a number.
fn fill(
    template: &str,
    code: u32,
    reason: &str,
    description: &str,
    kind: &str,
    path: &str,
) -> String {
    let escape = |s: &str| {
        let quoted = serde_json::to_string(s).expect("strings serialise");
        quoted[1..quoted.len() - 1].to_string()
    };
    template
        .replace("{status}", &code.to_string())
        .replace("{reason}", &escape(reason))
        .replace("{description}", &escape(description))
        .replace("{type}", &escape(kind))
        .replace("{path}", &escape(path))
}

/// Checks that an `error-body` template is JSON once filled in; on error, what is wrong.
pub fn check_error_template(template: &str) -> Result<(), String> {
    let filled = fill(
        template,
        404,
        "Not \"Found\"",
        "A \\ description",
        "not-found",
        "/v1/x",
    );
    serde_json::from_str::<serde_json::Value>(&filled)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn request_path(request: &Message) -> String {
    request.start.split(' ').nth(1).unwrap_or("/").to_string()
}

const ORDER: &str = "{\n  \"id\": \"8472\",\n  \"status\": \"shipped\",\n  \"total\": \"49.90\",\n  \"currency\": \"EUR\"\n}";
const NEW_ORDER: &str = "{\n  \"items\": [{ \"sku\": \"BK-1024\", \"quantity\": 2 }]\n}";
const EXPORT: &str = "{\n  \"format\": \"csv\",\n  \"since\": \"2024-01-01\"\n}";
const PAGE: &str =
    "<!DOCTYPE html>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n<title>Orders</title>";
const REPORT: &str = "date,order,total,currency\n2024-01-02,8401,19.90,EUR\n2024-01-02,8402,120.00,EUR\n2024-01-03,8403,49.90,EUR\n2024-01-05,8404,5.00,EUR\n";
const MULTISTATUS: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\">\n  <d:response>\n    <d:href>/v1/files/report.csv</d:href>\n    <d:propstat>\n      <d:prop><d:getcontentlength>118</d:getcontentlength></d:prop>\n      <d:status>HTTP/1.1 200 OK</d:status>\n    </d:propstat>\n  </d:response>\n</d:multistatus>";
