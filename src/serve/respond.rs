//! The dev server's HTTP semantics, as a pure function from a request to a reply, so every
//! rule (content types, validators, 304, HEAD, 405, 404, path safety) is testable alone.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hyper::body::Bytes;

use crate::render::pages::NOT_FOUND_PAGE;

/// Where the reload script is served.
pub const LIVERELOAD_PATH: &str = "/__statusbook/livereload.js";
/// Where browsers listen for rebuilds (Server-Sent Events).
pub const EVENTS_PATH: &str = "/__statusbook/events";
const LIVERELOAD_JS: &[u8] = include_bytes!("livereload.js");

/// One file of the site as served: its bytes and validators. Shared, not copied, by every
/// generation of the site it is unchanged in and by the replies that send it.
///
/// A text file (a page, a script, the search index) is kept gzip-compressed, as browsers
/// take it: the served site is a fifth of its size in memory, and a server that holds it
/// beside the next rebuild stays near a build's own peak. It is decompressed for the rare
/// client that does not accept gzip.
#[derive(Clone, Debug)]
pub struct ServedFile {
    /// The bytes (HTML pages with the reload script added), compressed if `gzip`.
    pub bytes: Bytes,
    /// Whether `bytes` are the gzip of the file.
    pub gzip: bool,
    /// A strong entity tag of the file's bytes, as uncompressed.
    pub etag: String,
    /// When these bytes were first served (kept across rebuilds that leave them unchanged).
    pub modified: SystemTime,
}

/// Files smaller than this are kept as they are: compression would save next to nothing.
const COMPRESS_FROM: usize = 1024;

impl ServedFile {
    /// The file `path` with these bytes and validators, compressed when it is text.
    pub fn new(path: &str, bytes: Vec<u8>, etag: String, modified: SystemTime) -> ServedFile {
        let kind = content_type(path);
        let text = kind.starts_with("text/")
            || matches!(
                kind,
                "application/json" | "image/svg+xml" | "application/xml; charset=utf-8"
            );
        if text && bytes.len() >= COMPRESS_FROM {
            let mut encoder = flate2::write::GzEncoder::new(
                Vec::with_capacity(bytes.len() / 4),
                flate2::Compression::fast(),
            );
            // Writing into memory cannot fail.
            if std::io::Write::write_all(&mut encoder, &bytes).is_ok()
                && let Ok(mut compressed) = encoder.finish()
                && compressed.len() < bytes.len()
            {
                compressed.shrink_to_fit();
                return ServedFile {
                    bytes: Bytes::from(compressed),
                    gzip: true,
                    etag,
                    modified,
                };
            }
        }
        let mut bytes = bytes;
        // Kept for as long as it is served: no room to spare.
        bytes.shrink_to_fit();
        ServedFile {
            bytes: Bytes::from(bytes),
            gzip: false,
            etag,
            modified,
        }
    }

    /// The file's bytes, uncompressed.
    pub fn plain(&self) -> Bytes {
        if !self.gzip {
            return self.bytes.clone();
        }
        let mut out = Vec::new();
        let mut decoder = flate2::read::GzDecoder::new(&self.bytes[..]);
        // Our own gzip of bytes in memory: it decodes.
        match std::io::Read::read_to_end(&mut decoder, &mut out) {
            Ok(_) => Bytes::from(out),
            Err(_) => Bytes::new(),
        }
    }

    /// The entity tag of the representation sent: a gzip-coded one is another
    /// representation, with a tag of its own (RFC 9110 §8.8.3).
    fn etag_for(&self, gzip: bool) -> String {
        match self.etag.strip_suffix('"') {
            Some(open) if gzip => format!("{open}-gzip\""),
            _ => self.etag.clone(),
        }
    }
}

/// The site as the server currently has it.
#[derive(Debug, Default)]
pub struct Served {
    /// Files by site path.
    pub files: HashMap<String, Arc<ServedFile>>,
    /// Bumped on every successful rebuild.
    pub generation: u64,
    /// The last rebuild's problems, as text, while they are not fixed.
    pub problem: Option<String>,
}

/// What the server needs of a request.
#[derive(Debug)]
pub struct Request<'a> {
    /// `GET`, `HEAD`, …
    pub method: &'a str,
    /// The request target, such as `/codes/404.html?x=1`.
    pub target: &'a str,
    /// How many `Host` fields an HTTP/1.1 request has (exactly one is valid, RFC 9112
    /// §3.2); 1 for HTTP/1.0, which may leave it out.
    pub hosts: usize,
    /// The `If-None-Match` field, if sent.
    pub if_none_match: Option<&'a str>,
    /// The `If-Modified-Since` field, if sent.
    pub if_modified_since: Option<&'a str>,
    /// Whether `Accept-Encoding` takes gzip (see [`accepts_gzip`]).
    pub gzip: bool,
}

/// The answer: status, header fields, content. For `HEAD`, the content is that of `GET`:
/// the HTTP layer sends its length but not its bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// Header fields.
    pub headers: Vec<(&'static str, String)>,
    /// The content.
    pub body: Bytes,
}

impl Reply {
    fn text(status: u16, text: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: Bytes::from(format!("{status} {text}\n")),
        }
    }

    /// The value of a header field of the reply.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Answers `request` from `served`.
pub fn respond(served: &Served, request: &Request<'_>) -> Reply {
    // RFC 9112 §3.2: a request without Host, or with more than one, gets 400.
    if request.hosts != 1 {
        return Reply::text(400, "Bad Request");
    }
    if request.method != "GET" && request.method != "HEAD" {
        let mut reply = Reply::text(405, "Method Not Allowed");
        reply.headers.push(("Allow", "GET, HEAD".into()));
        return reply;
    }
    let path = match site_path(request.target) {
        Ok(path) => path,
        Err(()) => return Reply::text(400, "Bad Request"),
    };
    // A HEAD of the event stream: what a GET would start with, without the stream.
    if request.target.split('?').next() == Some(EVENTS_PATH) {
        return Reply {
            status: 200,
            headers: vec![
                ("Content-Type", "text/event-stream".into()),
                ("Cache-Control", "no-store".into()),
            ],
            body: Bytes::new(),
        };
    }
    if request.target.split('?').next() == Some(LIVERELOAD_PATH) {
        return Reply {
            status: 200,
            headers: vec![
                ("Content-Type", content_type("x.js").into()),
                ("Cache-Control", "no-store".into()),
            ],
            body: Bytes::from_static(LIVERELOAD_JS),
        };
    }
    if served.files.is_empty() {
        return not_built(served);
    }
    let index = format!("{path}index.html");
    let wanted = if path.is_empty() || path.ends_with('/') {
        &index
    } else {
        &path
    };
    if let Some(file) = served.files.get(wanted.as_str()) {
        return file_reply(wanted, file, request);
    }
    if served.files.contains_key(&format!("{path}/index.html")) {
        let location = format!("/{path}/");
        return Reply {
            status: 308,
            headers: vec![
                ("Location", location),
                ("Content-Type", "text/plain; charset=utf-8".into()),
            ],
            body: Bytes::from_static(b"308 Permanent Redirect\n"),
        };
    }
    match served.files.get(NOT_FOUND_PAGE) {
        Some(page) => Reply {
            status: 404,
            headers: vec![
                ("Content-Type", content_type(NOT_FOUND_PAGE).into()),
                ("Cache-Control", "no-cache".into()),
            ],
            body: page.plain(),
        },
        None => Reply::text(404, "Not Found"),
    }
}

fn file_reply(path: &str, file: &ServedFile, request: &Request<'_>) -> Reply {
    let modified = httpdate::fmt_http_date(file.modified);
    let gzip = file.gzip && request.gzip;
    let etag = file.etag_for(gzip);
    let mut headers = vec![
        ("ETag", etag.clone()),
        ("Last-Modified", modified),
        ("Cache-Control", "no-cache".into()),
    ];
    if file.gzip {
        headers.push(("Vary", "Accept-Encoding".into()));
    }
    let fresh = match request.if_none_match {
        Some(tags) => etag_matches(tags, &etag),
        None => request
            .if_modified_since
            .and_then(|since| httpdate::parse_http_date(since).ok())
            .is_some_and(|since| whole_seconds(file.modified) <= since),
    };
    if fresh {
        return Reply {
            status: 304,
            headers,
            body: Bytes::new(),
        };
    }
    headers.insert(0, ("Content-Type", content_type(path).into()));
    if gzip {
        headers.push(("Content-Encoding", "gzip".into()));
    }
    Reply {
        status: 200,
        headers,
        body: if gzip {
            file.bytes.clone()
        } else {
            file.plain()
        },
    }
}

/// Whether an `Accept-Encoding` field takes gzip: it names `gzip` (or `x-gzip`, or `*`)
/// without `q=0` (RFC 9110 §12.5.3). No field at all asks for no coding: the bytes as they
/// are are sent then, which every client takes.
pub fn accepts_gzip(field: Option<&str>) -> bool {
    let Some(field) = field else {
        return false;
    };
    let mut star = false;
    for item in field.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let refused = parts.any(|p| {
            let p = p.trim().to_ascii_lowercase();
            p.strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        match coding.as_str() {
            "gzip" | "x-gzip" => return !refused,
            "*" => star = !refused,
            _ => {}
        }
    }
    star
}

/// The page shown while the site has never built: the problem, and the reload script so the
/// page recovers by itself once the problem is fixed.
fn not_built(served: &Served) -> Reply {
    let problem = served
        .problem
        .as_deref()
        .unwrap_or("The site is being built.");
    let escaped = crate::base::html::escape(problem);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>The site does not build</title>\n<script src=\"{LIVERELOAD_PATH}\" defer></script>\n</head>\n<body>\n<h1>The site does not build</h1>\n<pre>{escaped}</pre>\n</body>\n</html>\n"
    );
    Reply {
        status: 503,
        headers: vec![
            ("Content-Type", content_type("x.html").into()),
            ("Cache-Control", "no-store".into()),
            ("Retry-After", "1".into()),
        ],
        body: Bytes::from(html),
    }
}

/// Whether an `If-None-Match` list matches `etag` (weak comparison, RFC 9110 §13.1.2).
fn etag_matches(list: &str, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    list.trim() == "*" || list.split(',').any(|tag| opaque(tag) == opaque(etag))
}

fn whole_seconds(time: SystemTime) -> SystemTime {
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    UNIX_EPOCH + Duration::from_secs(seconds)
}

/// The site path a request target asks for, `""` for the root. Anything that could step
/// outside the site, or that a file name cannot hold, is refused: `..` and `.` segments
/// (also when percent-encoded), encoded slashes, backslashes, NUL bytes, `//`.
fn site_path(target: &str) -> Result<String, ()> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix('/').ok_or(())?;
    if rest.starts_with('/') {
        return Err(());
    }
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(());
    }
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\\', '\0']) {
        return Err(());
    }
    if decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return Err(());
    }
    Ok(decoded)
}

fn percent_decode(text: &str) -> Result<String, ()> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(())?;
            let hex = std::str::from_utf8(hex).map_err(|_| ())?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| ())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| ())
}

/// The `Content-Type` of a site file, with a charset for text.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests;
