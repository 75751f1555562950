//! Generated example exchanges: a request and the response with a given code, as HTTP/1.1
//! text that follows RFC 9110 (and the RFCs of the registered extension codes).
//!
//! Every rule an example follows is also returned as a [`Note`] citing its section, so a
//! page can say why the example looks the way it does.

use serde::Serialize;

use crate::input::config::{Auth, ErrorFormat, Examples, fill_error_body};
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

    /// The request and the responses as HTTP/1.1 text, apart.
    pub fn split_text(&self) -> (String, String) {
        let mut request = String::new();
        self.request.write(&mut request);
        let mut responses = String::new();
        for (i, response) in self.responses.iter().enumerate() {
            if i > 0 {
                responses.push('\n');
            }
            response.write(&mut responses);
        }
        (
            request.trim_end().to_string(),
            responses.trim_end().to_string(),
        )
    }

    /// The final response.
    pub fn response(&self) -> &Message {
        self.responses
            .last()
            .expect("an exchange has a final response")
    }
}

/// Reads an exchange written as HTTP/1.1 text, as a page's ```` ```http ```` example shows
/// it: a request, then one or more responses, each a start line, header fields and, after
/// a blank line, content. `None` if the text does not start with a request line or has no
/// response.
pub fn parse(text: &str) -> Option<Exchange> {
    let mut messages: Vec<Message> = Vec::new();
    let mut in_body = false;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        let starts_message = line.starts_with("HTTP/")
            && line
                .split(' ')
                .nth(1)
                .is_some_and(|s| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()));
        if messages.is_empty() || starts_message {
            messages.push(Message::new(line.to_string()));
            in_body = false;
            continue;
        }
        let message = messages.last_mut().expect("one was pushed");
        if in_body {
            let body = message.body.get_or_insert_with(String::new);
            body.push_str(line);
            body.push('\n');
        } else if line.trim().is_empty() {
            in_body = true;
        } else if let Some((name, value)) = line.split_once(':') {
            message
                .headers
                .push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    for message in &mut messages {
        if let Some(body) = &mut message.body {
            body.truncate(body.trim_end().len());
        }
        if message.body.as_deref() == Some("") {
            message.body = None;
        }
    }
    let mut messages = messages.into_iter();
    let request = messages.next()?;
    let method = request.start.split(' ').next()?;
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let responses: Vec<Message> = messages.collect();
    if responses.is_empty() {
        return None;
    }
    Some(Exchange {
        request,
        responses,
        notes: Vec::new(),
    })
}

impl Message {
    /// A request's method: `GET`.
    pub fn method(&self) -> &str {
        self.start.split(' ').next().unwrap_or("GET")
    }

    /// A request's target: `/v1/orders/8472`.
    pub fn target(&self) -> &str {
        self.start.split(' ').nth(1).unwrap_or("/")
    }

    /// A response's status code; 0 for a request.
    pub fn status(&self) -> u32 {
        self.start
            .strip_prefix("HTTP/")
            .and_then(|rest| rest.split(' ').nth(1))
            .and_then(|code| code.parse().ok())
            .unwrap_or(0)
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
    let api = Api::new(examples);
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
    let item = api.item.clone();
    let list = api.list.clone();
    let created = api.created.clone();
    let error = |request: &Message, c: u32| {
        api.error(
            c,
            reason,
            description,
            &request_path(request),
            &examples.error,
        )
    };
    let order = || api.representation(&api.id);
    let new_order = || api.representation(&api.new_id);

    let (request, responses) = match code {
        100 => {
            let request = api.create(&list).header("Expect", "100-continue");
            note(
                "The client sends Expect: 100-continue and waits for the interim response before sending the content.",
                "RFC 9110 §10.1.1",
            );
            let created = status(201, "Created")
                .header("Location", api.absolute(&created))
                .content("application/json", new_order());
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
            let request = api.create(&list);
            note(
                "201 identifies the new resource in Location.",
                "RFC 9110 §15.3.2",
            );
            let response = status(code, reason)
                .header("Location", api.absolute(&created))
                .content("application/json", new_order());
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
                    format!(
                        "[\n  {}\n]",
                        api.representation(&api.new_id).replace('\n', "\n  ")
                    ),
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
            let choice = |kind: &str| api.absolute(&format!("{item}.{kind}"));
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
            let request = api.create(&list);
            note(
                "303 sends the client to another resource, to be fetched with GET.",
                "RFC 9110 §15.4.4",
            );
            let response = status(code, reason)
                .header("Location", api.absolute(&created))
                .header("Content-Length", "0");
            (request, vec![response])
        }
        300..=399 => {
            let preserves_method = code == 307 || code == 308;
            let (request, target) = if preserves_method {
                let request = api.create(&list);
                (request, format!("{}/purchases", api.prefix))
            } else {
                (
                    api.get_json(&item),
                    format!("{}/purchases/{}", api.prefix, api.id),
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
            match code {
                413 => {
                    note(
                        "With Expect: 100-continue the client waits before sending its content, so a server that refuses it sends 413 and the content is never sent.",
                        "RFC 9110 §10.1.1",
                    );
                    note(
                        "A size limit does not pass with time, so this 413 has no Retry-After; one is sent only when the condition is temporary.",
                        "RFC 9110 §15.5.14",
                    );
                }
                418 => note(
                    "418 is reserved and unused: a server should not send it for a real error.",
                    "RFC 9110 §15.5.19",
                ),
                501 => note(
                    "501 answers a method the server does not recognise for any resource; a method it knows but the resource does not allow gets 405.",
                    "RFC 9110 §15.6.2",
                ),
                _ => {}
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
struct ErrorBody {
    content_type: String,
    body: String,
}

impl ErrorBody {
    fn into_response(self, response: Message) -> Message {
        response.content(&self.content_type, self.body)
    }
}

/// The API the examples talk to: the profile of `[examples]`, with its paths worked out.
struct Api {
    /// `https://api.example.com`
    origin: String,
    /// `api.example.com`
    host: String,
    /// `/v1`, or empty.
    prefix: String,
    /// The credentials header every request carries, if any.
    auth: Option<(String, &'static str)>,
    /// The collection: `/v1/orders`.
    list: String,
    /// A member of it: `/v1/orders/8472`.
    item: String,
    /// The member's id: `8472`.
    id: String,
    /// The id of a member just created: `8473`.
    new_id: String,
    /// Where a member just created lives: `/v1/orders/8473`.
    created: String,
    /// What a request that creates a member sends.
    body: String,
    /// Where problem types live: `https://api.example.com/problems/`.
    problem_base: String,
    /// The header that makes a `POST` safe to repeat.
    idempotency_header: Option<String>,
}

/// The idempotency key example requests send: any unique value, the same on every retry.
const IDEMPOTENCY_KEY: &str = "6f1d8a52-3c0e-4b7e-9a4d-2f5e7c1b9d30";

impl Api {
    fn new(examples: &Examples) -> Self {
        let base_url = &examples.base_url;
        let (scheme, rest) = base_url.split_once("://").unwrap_or(("https", base_url));
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let prefix = path.trim_end_matches('/').to_string();
        let list = format!("{prefix}{}", examples.resource);
        let new_id = next_id(&examples.id);
        Api {
            origin: format!("{scheme}://{host}"),
            host: host.to_string(),
            auth: match &examples.auth {
                Auth::Bearer => Some(("Authorization".to_string(), TOKEN)),
                Auth::Basic => Some(("Authorization".to_string(), "Basic <credentials>")),
                Auth::Header(name) => Some((name.clone(), "<api-key>")),
                Auth::None => None,
            },
            item: format!("{list}/{}", examples.id),
            created: format!("{list}/{new_id}"),
            list,
            prefix,
            id: examples.id.clone(),
            new_id,
            body: examples.body.clone(),
            problem_base: examples.problem_base.clone(),
            idempotency_header: examples.idempotency_header.clone(),
        }
    }

    /// A request with the API's credentials and, on a `POST`, its idempotency key.
    fn request(&self, method: &str, path: &str) -> Message {
        let path = if path.is_empty() { "/" } else { path };
        let mut message =
            Message::new(format!("{method} {path} HTTP/1.1")).header("Host", &self.host);
        if let Some((name, value)) = &self.auth {
            message = message.header(name, *value);
        }
        match &self.idempotency_header {
            Some(name) if method == "POST" => message.header(name, IDEMPOTENCY_KEY),
            _ => message,
        }
    }

    /// A GET of `path` that asks for JSON.
    fn get_json(&self, path: &str) -> Message {
        self.request("GET", path)
            .header("Accept", "application/json")
    }

    /// A POST to `path` with JSON content, and the idempotency key that makes it safe to
    /// repeat (if the API has one).
    fn post_json(&self, path: &str, body: &str) -> Message {
        self.request("POST", path)
            .content("application/json", body.to_string())
    }

    /// A POST to `path` that creates a member with the profile's body.
    fn create(&self, path: &str) -> Message {
        self.post_json(path, &self.body)
    }

    /// A member as the API returns it: the fields it was created with, and its id.
    fn representation(&self, id: &str) -> String {
        let mut object = serde_json::Map::new();
        object.insert("id".into(), id.into());
        if let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(&self.body) {
            object.extend(fields.into_iter().filter(|(k, _)| k != "id"));
        }
        serde_json::to_string_pretty(&object).expect("JSON serialises")
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

fn request_path(request: &Message) -> String {
    request.start.split(' ').nth(1).unwrap_or("/").to_string()
}

/// The id after `id`: its trailing number plus one (`ord_8472` → `ord_8473`), else `id-2`.
fn next_id(id: &str) -> String {
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (stem, number) = id.split_at(id.len() - digits);
    match number.parse::<u64>() {
        Ok(n) if n < u64::MAX => format!("{stem}{:0width$}", n + 1, width = digits),
        _ => format!("{id}-2"),
    }
}
const EXPORT: &str = "{\n  \"format\": \"csv\",\n  \"since\": \"2024-01-01\"\n}";
const PAGE: &str =
    "<!DOCTYPE html>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n<title>Orders</title>";
const REPORT: &str = "date,order,total,currency\n2024-01-02,8401,19.90,EUR\n2024-01-02,8402,120.00,EUR\n2024-01-03,8403,49.90,EUR\n2024-01-05,8404,5.00,EUR\n";
const MULTISTATUS: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\">\n  <d:response>\n    <d:href>/v1/files/report.csv</d:href>\n    <d:propstat>\n      <d:prop><d:getcontentlength>118</d:getcontentlength></d:prop>\n      <d:status>HTTP/1.1 200 OK</d:status>\n    </d:propstat>\n  </d:response>\n</d:multistatus>";
