//! XML, HTML and SVG. Tags (with their angle brackets) are keywords, attribute names attributes,
//! their values strings; text between tags stays plain except for `&entity;` references. An
//! HTML `<script>` holds JavaScript and a `<style>` raw text, so neither is read as tags.

use super::scan::{Class, Out, Scan, find, is_word, quoted_end, run_while};

/// Highlights `s` as XML or HTML into `out`.
pub(super) fn run(s: &str, out: &mut Out) {
    let mut sc = Scan::new(s, out);
    while sc.more() {
        let rest = &sc.b[sc.i..];
        match (sc.peek(0), sc.peek(1)) {
            _ if rest.starts_with(b"<!--") => sc.emit(Class::Comment, find(sc.b, sc.i + 4, b"-->")),
            _ if rest.starts_with(b"<![CDATA[") => {
                sc.emit(Class::Str, find(sc.b, sc.i + 9, b"]]>"))
            }
            // `<!DOCTYPE html>` and other declarations.
            (b'<', b'!') => {
                let end = run_while(sc.b, sc.i, |c| c != b'>');
                sc.emit(Class::Keyword, end + 1);
            }
            (b'<', n) if n.is_ascii_alphabetic() || matches!(n, b'/' | b'?' | b'_') => tag(&mut sc),
            (b'&', _) => entity(&mut sc),
            (b'<', _) => sc.i += 1,
            _ => sc.i = run_while(sc.b, sc.i, |c| c != b'<' && c != b'&'),
        }
    }
    sc.finish();
}

/// `&amp;`, `&#39;`, `&#x1F600;` as literals; a bare `&` stays plain. The text stays escaped,
/// so the reader sees the reference as written.
fn entity(sc: &mut Scan) {
    let name = sc.i + 1 + usize::from(sc.peek(1) == b'#');
    let end = run_while(sc.b, name, |c| c.is_ascii_alphanumeric());
    if end > name && sc.at(end) == b';' {
        sc.emit(Class::Literal, end + 1);
    } else {
        sc.i += 1;
    }
}

/// A start, end or processing-instruction tag at the cursor, with its attributes.
fn tag(sc: &mut Scan) {
    let name = sc.i + 1 + usize::from(matches!(sc.peek(1), b'/' | b'?'));
    let name_end = run_while(sc.b, name, |c| {
        is_word(c) || matches!(c, b'-' | b':' | b'.')
    });
    let closing = sc.peek(1) == b'/';
    let name = &sc.s[name..name_end];
    sc.emit(Class::Keyword, name_end);
    let mut value_next = false;
    while sc.more() {
        let c = sc.peek(0);
        match (c, sc.peek(1)) {
            (b' ' | b'\t' | b'\r' | b'\n', _) => sc.i += 1,
            (b'>', _) => {
                sc.emit(Class::Keyword, sc.i + 1);
                if !closing {
                    raw_text(sc, name);
                }
                return;
            }
            (b'/' | b'?', b'>') => return sc.emit(Class::Keyword, sc.i + 2),
            (b'<', _) => return, // an unclosed tag; a new one starts
            (b'=', _) => {
                sc.i += 1;
                value_next = true;
            }
            (b'"' | b'\'', _) => {
                sc.emit(Class::Str, quoted_end(sc.b, sc.i, c, false, true));
                value_next = false;
            }
            _ => {
                let value = std::mem::take(&mut value_next);
                let stop: &[u8] = if value {
                    b" \t\r\n>"
                } else {
                    b" \t\r\n>=\"'</?"
                };
                let end = run_while(sc.b, sc.i, |c| !stop.contains(&c));
                if end == sc.i {
                    sc.bump();
                } else {
                    sc.emit(if value { Class::Str } else { Class::Attr }, end);
                }
            }
        }
    }
}

/// After an HTML `<script>` or `<style>` start tag: its content, up to the end tag, as
/// JavaScript or as plain text.
fn raw_text(sc: &mut Scan, name: &str) {
    let script = name.eq_ignore_ascii_case("script");
    if !script && !name.eq_ignore_ascii_case("style") {
        return;
    }
    let mut end = sc.i;
    while end < sc.b.len() {
        end = find(sc.b, end, b"</");
        let tag = sc.b.get(end..end + name.len());
        if tag.is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes())) {
            end -= 2;
            break;
        }
    }
    if script {
        sc.nest(end, super::script::js);
    } else {
        sc.i = end.min(sc.b.len());
    }
}
