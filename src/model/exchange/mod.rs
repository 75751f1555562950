//! Generated example exchanges: a request and the response with a given code, as HTTP/1.1
//! text that follows RFC 9110 (and the RFCs of the registered extension codes).
//!
//! Every rule an example follows is also returned as a [`Note`] citing its section, so a
//! page can say why the example looks the way it does.
//!
//! Messages are data ([`Message`], [`Start`]) until a page shows them: `generate` builds
//! them from the API profile in `api`, the requests that earn error codes live in `errors`,
//! and [`parse`] reads a page's own example into the same shape; [`document`] moves an
//! example onto a real operation of the API's OpenAPI document.

mod api;
pub mod document;
mod errors;
mod generate;

pub use generate::generate;

/// One HTTP message: a start line, header fields, and content if it has any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// What the message is: a request for a target, or a response with a status.
    pub start: Start,
    /// Header fields in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The content, if the message has any.
    pub body: Option<String>,
}

/// The first line of a message, as data: written as text only when the message is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    /// `GET /v1/orders/8472 HTTP/1.1`.
    Request {
        /// `GET`.
        method: String,
        /// `/v1/orders/8472`: a path, or an absolute URL as a page may write it.
        target: String,
        /// `HTTP/1.1`, or empty when a written example leaves it out.
        version: String,
    },
    /// `HTTP/1.1 404 Not Found`.
    Response {
        /// `HTTP/1.1`.
        version: String,
        /// `404`.
        status: u32,
        /// `Not Found`, or empty.
        reason: String,
    },
}

impl Start {
    /// An HTTP/1.1 request line.
    pub fn request(method: &str, target: &str) -> Self {
        Start::Request {
            method: method.to_string(),
            target: target.to_string(),
            version: HTTP_1_1.to_string(),
        }
    }

    /// An HTTP/1.1 status line.
    pub fn response(status: u32, reason: &str) -> Self {
        Start::Response {
            version: HTTP_1_1.to_string(),
            status,
            reason: reason.to_string(),
        }
    }

    /// Reads a written start line: a status line if it starts with `HTTP/` and a three-digit
    /// code, a request line if it starts with a method in capitals, else `None`.
    fn parse(line: &str) -> Option<Self> {
        let mut words = line.split(' ');
        let first = words.next().unwrap_or("");
        let second = words.next().unwrap_or("");
        let rest = words.collect::<Vec<_>>().join(" ");
        let is_status = second.len() == 3 && second.bytes().all(|b| b.is_ascii_digit());
        if first.starts_with("HTTP/")
            && is_status
            && let Ok(status) = second.parse()
        {
            return Some(Start::Response {
                version: first.to_string(),
                status,
                reason: rest,
            });
        }
        if first.is_empty() || !first.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        Some(Start::Request {
            method: first.to_string(),
            target: second.to_string(),
            version: rest,
        })
    }
}

impl std::fmt::Display for Start {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (a, b, c) = match self {
            Start::Request {
                method,
                target,
                version,
            } => (method.as_str(), target.clone(), version.as_str()),
            Start::Response {
                version,
                status,
                reason,
            } => (version.as_str(), status.to_string(), reason.as_str()),
        };
        write!(f, "{a}")?;
        for part in [b.as_str(), c] {
            if !part.is_empty() {
                write!(f, " {part}")?;
            }
        }
        Ok(())
    }
}

const HTTP_1_1: &str = "HTTP/1.1";

/// A request and the responses it gets: interim (1xx) responses, then the final one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// What the client sent.
    pub request: Message,
    /// What the server answered, in order.
    pub responses: Vec<Message>,
    /// Why the example looks as it does, each with the section that says so.
    pub notes: Vec<Note>,
}

/// A rule the example follows, and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The rule, in a sentence.
    pub text: &'static str,
    /// The section that states it: `RFC 9110 §15.3.5`.
    pub spec: &'static str,
}

impl Message {
    pub(super) fn new(start: Start) -> Self {
        Self {
            start,
            headers: Vec::new(),
            body: None,
        }
    }

    pub(super) fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Adds content with its `Content-Type` and exact `Content-Length`.
    pub(super) fn content(self, content_type: &str, body: String) -> Self {
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
        out.push_str(&self.start.to_string());
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
        let start = Start::parse(line);
        if messages.is_empty() {
            match start {
                Some(start @ Start::Request { .. }) => messages.push(Message::new(start)),
                _ => return None,
            }
            continue;
        }
        if let Some(start @ Start::Response { .. }) = start {
            messages.push(Message::new(start));
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
    /// A request's method: `GET`; empty for a response.
    pub fn method(&self) -> &str {
        match &self.start {
            Start::Request { method, .. } => method,
            Start::Response { .. } => "",
        }
    }

    /// A request's target: `/v1/orders/8472` (`/` if a written line leaves it out); empty
    /// for a response.
    pub fn target(&self) -> &str {
        match &self.start {
            Start::Request { target, .. } if target.is_empty() => "/",
            Start::Request { target, .. } => target,
            Start::Response { .. } => "",
        }
    }

    /// A response's status code; 0 for a request.
    pub fn status(&self) -> u32 {
        match self.start {
            Start::Response { status, .. } => status,
            Start::Request { .. } => 0,
        }
    }

    /// The absolute URL of a request: its target on its `Host`, with the scheme (and port) of
    /// the API's base URL when the host is the API's.
    pub fn url(&self, base_url: &str) -> String {
        let target = self.target();
        if target.starts_with("http://") || target.starts_with("https://") {
            return target.to_string();
        }
        let (scheme, rest) = base_url.split_once("://").unwrap_or(("https", base_url));
        let base_host = rest.split('/').next().unwrap_or(rest);
        let host = self.get("Host").unwrap_or(base_host);
        let scheme = if host.eq_ignore_ascii_case(base_host) {
            scheme
        } else {
            "https"
        };
        format!("{scheme}://{host}{target}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_keep_the_scheme_and_port_of_the_api() {
        let request =
            parse_request("GET /v1/x HTTP/1.1\nHost: localhost:8080\n\nHTTP/1.1 200 OK\n");
        assert_eq!(
            request.url("http://localhost:8080/v1"),
            "http://localhost:8080/v1/x"
        );
        assert_eq!(
            request.url("https://api.example.com"),
            "https://localhost:8080/v1/x"
        );
    }

    #[test]
    fn start_lines_are_read_as_data_and_written_back_as_they_were() {
        for line in [
            "GET /v1/orders/8472 HTTP/1.1",
            "POST https://api.example.com/v1/orders HTTP/2",
            "GET /",
            "HTTP/1.1 404 Not Found",
            "HTTP/2 204",
        ] {
            assert_eq!(Start::parse(line).unwrap().to_string(), line);
        }
        assert_eq!(
            Start::parse("HTTP/1.1 404 Not Found"),
            Some(Start::response(404, "Not Found"))
        );
        assert_eq!(Start::parse("HTTP/1.1 +12 x").map(|s| s.to_string()), None);
        assert_eq!(Start::parse("hello world"), None);
    }

    fn parse_request(text: &str) -> Message {
        parse(text).unwrap().request
    }
}
