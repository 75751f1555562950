//! YAML. A scalar followed by `: ` is a key; any other plain scalar is a value, typed the way the
//! YAML 1.2 core schema reads it (`yes`/`on` are strings there). After `|` or `>`, the lines
//! indented deeper than the node holding it are one block of text.

use super::scan::{Class, Out, Scan, quoted_end, run_while};

/// Highlights `s` as YAML into `out`.
pub(super) fn run(s: &str, out: &mut Out) {
    let mut sc = Scan::new(s, out);
    // Open `[` and `{`, inside which `,` and brackets end plain scalars.
    let mut flow = 0_usize;
    // Where the current line starts, and the column of its innermost node: its indentation, or
    // the column of its last key. A block scalar's text is indented deeper than that.
    let (mut line, mut node) = (0, run_while(sc.b, 0, |c| c == b' '));
    let mut block = false;
    while sc.more() {
        let c = sc.peek(0);
        let column0 = sc.i == line;
        let spaced = |n: u8| matches!(n, b' ' | b'\t' | b'\r' | b'\n' | 0);
        match c {
            b'\n' => {
                sc.i += 1;
                if std::mem::take(&mut block) {
                    block_scalar(&mut sc, node);
                }
                // After a block scalar the cursor is on its last line's `\n`, handled next.
                line = sc.i;
                node = run_while(sc.b, line, |c| c == b' ') - line;
            }
            b' ' | b'\t' | b'\r' => sc.i += 1,
            b'#' if sc.i == 0 || matches!(sc.at(sc.i - 1), b' ' | b'\t') => {
                sc.emit(Class::Comment, sc.line_end(sc.i))
            }
            b'-' | b'.'
                if column0
                    && sc.s[sc.i..].starts_with(if c == b'-' { "---" } else { "..." })
                    && spaced(sc.peek(3)) =>
            {
                sc.emit(Class::Type, sc.i + 3)
            }
            b'%' if column0 => sc.emit(Class::Keyword, sc.line_end(sc.i)),
            // A sequence entry or complex key, not the start of `-1` or `-x`.
            b'-' | b'?' | b':' if spaced(sc.peek(1)) => sc.i += 1,
            b'[' | b'{' => {
                sc.i += 1;
                flow += 1;
            }
            b']' | b'}' => {
                sc.i += 1;
                flow = flow.saturating_sub(1);
            }
            b',' if flow > 0 => sc.i += 1,
            b'&' | b'*' if !spaced(sc.peek(1)) => {
                let end = run_while(sc.b, sc.i, |c| !spaced(c) && !b",[]{}".contains(&c));
                sc.emit(Class::Var, end);
            }
            b'!' => sc.emit(Class::Keyword, run_while(sc.b, sc.i, |c| !spaced(c))),
            b'|' | b'>' if block_indicator(&sc) => {
                sc.i = run_while(sc.b, sc.i + 1, |c| {
                    c == b'+' || c == b'-' || c.is_ascii_digit()
                });
                block = true;
            }
            _ => {
                let start = sc.i;
                if scalar(&mut sc, flow > 0) {
                    node = start - line;
                }
            }
        }
    }
    sc.finish();
}

/// Whether the `|` or `>` at the cursor starts a block scalar: only chomping and indentation
/// indicators, then a comment or the line end, may follow it.
fn block_indicator(sc: &Scan) -> bool {
    let rest = run_while(sc.b, sc.i + 1, |c| {
        c == b'+' || c == b'-' || c.is_ascii_digit()
    });
    let rest = run_while(sc.b, rest, |c| c == b' ' || c == b'\t' || c == b'\r');
    matches!(sc.at(rest), b'\n' | b'#' | 0)
}

/// A block scalar's text: the lines after the cursor that are blank or indented deeper than
/// `node`.
fn block_scalar(sc: &mut Scan, node: usize) {
    let (mut j, mut end) = (sc.i, sc.i);
    while j < sc.b.len() {
        let e = sc.line_end(j);
        let text = run_while(sc.b, j, |c| c == b' ');
        let blank = sc.b[text..e].trim_ascii().is_empty();
        if !blank && text - j <= node {
            break;
        }
        if !blank {
            end = e;
        }
        j = e + 1;
    }
    sc.emit(Class::Str, end);
}

/// A quoted or plain scalar at the cursor: a key when `:` follows it, else a value. Returns
/// whether it was a key.
fn scalar(sc: &mut Scan, flow: bool) -> bool {
    let c = sc.peek(0);
    let (end, key) = if c == b'"' || c == b'\'' {
        // `''` inside single quotes is a quote: the two halves share one span.
        let end = quoted_end(sc.b, sc.i, c, c == b'"', false);
        let after = run_while(sc.b, end, |c| c == b' ' || c == b'\t');
        (end, sc.at(after) == b':')
    } else {
        plain_end(sc, flow)
    };
    if end == sc.i {
        sc.bump();
        return false;
    }
    let class = if key {
        Class::Attr
    } else {
        value_class(&sc.b[sc.i..end])
    };
    sc.emit(class, end);
    if key && matches!(c, b'"' | b'\'') {
        // JSON-style `"a":1` has no blank after the colon, so step over it here.
        sc.i = run_while(sc.b, end, |c| c == b' ' || c == b'\t') + 1;
    }
    key
}

/// The end of a plain scalar at the cursor (trailing blanks left out) and whether a key's `:`
/// ends it. It runs to the line end, a ` #` comment, or, in a flow collection, `,[]{}`.
fn plain_end(sc: &Scan, flow: bool) -> (usize, bool) {
    let stop = |c: u8| flow && b",[]{}".contains(&c);
    let mut j = sc.i;
    let mut key = false;
    while j < sc.b.len() {
        match sc.b[j] {
            b'\n' => break,
            b':' if matches!(sc.at(j + 1), b' ' | b'\t' | b'\r' | b'\n' | 0)
                || stop(sc.at(j + 1)) =>
            {
                key = true;
                break;
            }
            b'#' if j > sc.i && matches!(sc.b[j - 1], b' ' | b'\t') => break,
            c if stop(c) => break,
            _ => {}
        }
        j += 1;
    }
    (sc.i + sc.b[sc.i..j].trim_ascii_end().len(), key)
}

/// How a plain value reads: `true`/`null`/`~`, a number or timestamp, or a string.
fn value_class(v: &[u8]) -> Class {
    #[rustfmt::skip]
    let literal = matches!(v, b"true" | b"True" | b"TRUE" | b"false" | b"False" | b"FALSE"
        | b"null" | b"Null" | b"NULL" | b"~");
    if literal {
        Class::Literal
    } else if is_number(v) || is_timestamp(v) {
        Class::Num
    } else {
        Class::Str
    }
}

/// YAML 1.2 core numbers: `12`, `-1.5e3`, `.5`, `0x1F`, `0o17`, `.inf`, `-.Inf`, `.NaN`.
fn is_number(v: &[u8]) -> bool {
    let digits = |s: &[u8], f: fn(&u8) -> bool| !s.is_empty() && s.iter().all(f);
    if let Some(hex) = v.strip_prefix(b"0x") {
        return digits(hex, u8::is_ascii_hexdigit);
    }
    if let Some(oct) = v.strip_prefix(b"0o") {
        return digits(oct, |c| (b'0'..=b'7').contains(c));
    }
    let v = v.strip_prefix(b"-").or(v.strip_prefix(b"+")).unwrap_or(v);
    if matches!(v, b".inf" | b".Inf" | b".INF" | b".nan" | b".NaN" | b".NAN") {
        return true;
    }
    let (mantissa, exponent) = match v.iter().position(|&c| c == b'e' || c == b'E') {
        Some(e) => (&v[..e], Some(&v[e + 1..])),
        None => (v, None),
    };
    let (int, frac) = match mantissa.iter().position(|&c| c == b'.') {
        Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
        None => (mantissa, &[][..]),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(b"-").or(e.strip_prefix(b"+")).unwrap_or(e);
        digits(e, u8::is_ascii_digit)
    });
    let all_digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    (!int.is_empty() || !frac.is_empty()) && all_digits(int) && all_digits(frac) && exponent_ok
}

/// A date (`2024-01-02`), optionally with a time after `T` or a space.
fn is_timestamp(v: &[u8]) -> bool {
    let digit = |k: usize| v.get(k).is_some_and(u8::is_ascii_digit);
    let date = (0..4).all(digit) && v.get(4) == Some(&b'-') && (5..7).all(digit);
    date && v.get(7) == Some(&b'-')
        && (8..10).all(digit)
        && matches!(v.get(10), None | Some(b'T' | b't' | b' '))
}
