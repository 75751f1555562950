//! HTTP/1.x messages: start line, headers, then a body that is highlighted as JSON when it
//! looks like JSON or is declared as JSON.

use super::json;
use super::scan::{Class, Out, Scan, run_while};

/// Methods that make a request line even without an `HTTP/x` version.
const METHODS: [&[u8]; 9] = [
    b"GET", b"POST", b"PUT", b"PATCH", b"DELETE", b"HEAD", b"OPTIONS", b"TRACE", b"CONNECT",
];

/// Highlights `s` as one or more HTTP messages into `out`.
pub(super) fn run(s: &str, out: &mut Out) {
    let mut sc = Scan::new(s, out);
    let mut in_head = false;
    let mut json_body = false;
    while sc.more() {
        let start = sc.i;
        let end = sc.line_end(start);
        let text_end = end - usize::from(end > start && sc.at(end - 1) == b'\r');
        let line = &sc.b[start..text_end];
        if let Some(parts) = start_line(line) {
            for (class, from, to) in parts {
                sc.i = start + from;
                sc.emit(class, start + to);
            }
            in_head = true;
            json_body = false;
        } else if line.iter().all(u8::is_ascii_whitespace) {
            if in_head {
                sc.i = (end + 1).min(sc.b.len());
                body(&mut sc, json_body);
                in_head = false;
                continue;
            }
        } else {
            // Also taken by header-only snippets that have no start line.
            header(&mut sc, start, text_end, &mut json_body);
            in_head = true;
        }
        sc.i = (end + 1).min(sc.b.len());
    }
    sc.finish();
}

/// Splits a request or status line into (class, from, to) tokens, or None for other lines.
fn start_line(line: &[u8]) -> Option<[(Class, usize, usize); 3]> {
    let word_end = |i| run_while(line, i, |c| c != b' ' && c != b'\t');
    if line.starts_with(b"HTTP/") {
        let version = word_end(0);
        let code = run_while(line, version, |c| c == b' ');
        let code_end = run_while(line, code, |c| c.is_ascii_digit());
        return (code_end > code).then_some([
            (Class::Comment, 0, version),
            (Class::Num, code, code_end),
            (Class::Num, code_end, code_end),
        ]);
    }
    let method = run_while(line, 0, |c| {
        c.is_ascii_uppercase() || c == b'-' || c == b'_'
    });
    if method == 0 || line.get(method) != Some(&b' ') {
        return None;
    }
    let target = word_end(method + 1);
    let version = run_while(line, target, |c| c == b' ');
    let version_end = word_end(version);
    let has_version = line[version..].starts_with(b"HTTP/") && version_end == line.len();
    // Without a version only a well-known method counts, so body text like "OK done" stays plain.
    let bare = version == line.len() && METHODS.contains(&&line[..method]);
    (target > method + 1 && (has_version || bare)).then_some([
        (Class::Method, 0, method),
        (Class::Url, method + 1, target),
        (Class::Comment, version, version_end),
    ])
}

/// A `Name: value` line; a JSON Content-Type marks the body as JSON whatever it looks like.
fn header(sc: &mut Scan, start: usize, text_end: usize, json_body: &mut bool) {
    let line = &sc.b[start..text_end];
    let value = if line[0] == b' ' || line[0] == b'\t' {
        0 // an obsolete folded continuation of the previous header's value
    } else {
        let Some(colon) = line.iter().position(|&c| c == b':') else {
            return;
        };
        let name = &line[..colon];
        if name.is_empty() || name.iter().any(|c| c.is_ascii_whitespace()) {
            return;
        }
        let value = &line[colon + 1..];
        if name.eq_ignore_ascii_case(b"content-type")
            && value.windows(4).any(|w| w.eq_ignore_ascii_case(b"json"))
        {
            *json_body = true;
        }
        sc.i = start;
        sc.emit(Class::Attr, start + colon);
        colon + 1
    };
    sc.i = start + run_while(line, value, |c| c == b' ' || c == b'\t');
    sc.emit(Class::Str, text_end);
}

/// Consumes the body, which runs until a line that starts the next message.
fn body(sc: &mut Scan, json_body: bool) {
    let mut end = sc.i;
    while end < sc.b.len() {
        let line_end = sc.line_end(end);
        let text = &sc.b[end..line_end];
        if start_line(text.strip_suffix(b"\r").unwrap_or(text)).is_some() {
            break;
        }
        end = line_end + 1;
    }
    let end = end.min(sc.b.len());
    let first = sc.b[sc.i..end].iter().find(|c| !c.is_ascii_whitespace());
    if json_body || matches!(first, Some(b'{' | b'[')) {
        sc.nest(end, json::run);
    } else {
        sc.i = end;
    }
}
