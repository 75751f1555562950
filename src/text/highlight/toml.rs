//! TOML. Whether a key or a value comes next is the only context: keys start lines and follow
//! `{` or `,` inside inline tables; everything else is a value.

use super::scan::{Class, Out, Scan, quoted_end, run_while, triple_end};

/// Highlights `s` as TOML into `out`.
pub(super) fn run(s: &str, out: &mut Out) {
    let mut sc = Scan::new(s, out);
    // Open arrays (false) and inline tables (true), innermost last.
    let mut nest: Vec<bool> = Vec::new();
    let mut want_key = true;
    while sc.more() {
        let c = sc.peek(0);
        match c {
            b' ' | b'\t' | b'\r' => sc.i += 1,
            b'\n' => {
                sc.i += 1;
                want_key |= nest.is_empty();
            }
            b'#' => sc.emit(Class::Comment, sc.line_end(sc.i)),
            b'[' if want_key && nest.is_empty() => {
                let end = header_end(&sc);
                sc.emit(Class::Type, end);
                want_key = false;
            }
            _ if want_key => {
                key(&mut sc);
                want_key = false;
            }
            b'"' | b'\'' => {
                let end = if sc.peek(1) == c && sc.peek(2) == c {
                    // Up to two quotes may close the content right before the closing triple.
                    let end = triple_end(sc.b, sc.i, c, c == b'"');
                    end + (end..end + 2).take_while(|&k| sc.at(k) == c).count()
                } else {
                    quoted_end(sc.b, sc.i, c, c == b'"', false)
                };
                sc.emit(Class::Str, end);
            }
            b'[' | b'{' => {
                sc.i += 1;
                nest.push(c == b'{');
                want_key = c == b'{';
            }
            b']' | b'}' => {
                sc.i += 1;
                nest.pop();
            }
            b',' => {
                sc.i += 1;
                want_key = nest.last() == Some(&true);
            }
            b'0'..=b'9' => sc.emit(Class::Num, number_end(&sc)),
            b'+' | b'-' if matches!(sc.peek(1), b'0'..=b'9' | b'i' | b'n') => {
                sc.emit(Class::Num, number_end(&sc))
            }
            c if c.is_ascii_alphabetic() => {
                let end = run_while(sc.b, sc.i, |c| c.is_ascii_alphanumeric() || c == b'_');
                match &sc.s[sc.i..end] {
                    "true" | "false" => sc.emit(Class::Literal, end),
                    "inf" | "nan" => sc.emit(Class::Num, end),
                    _ => sc.i = end,
                }
            }
            _ => sc.bump(),
        }
    }
    sc.finish();
}

/// The end of a `[table]` or `[[array]]` header; quoted keys inside may hold `]`.
fn header_end(sc: &Scan) -> usize {
    let line_end = sc.line_end(sc.i);
    let mut j = sc.i + 1;
    while j < line_end && sc.b[j] != b']' {
        j = match sc.b[j] {
            q @ (b'"' | b'\'') => quoted_end(sc.b, j, q, q == b'"', false),
            _ => j + 1,
        };
    }
    if j < line_end {
        j += 1;
        if sc.peek(1) == b'[' && sc.at(j) == b']' {
            j += 1;
        }
    }
    j.min(line_end)
}

/// Emits a (bare, quoted or dotted) key when `=` follows; otherwise leaves the cursor alone so
/// the line is scanned as values.
fn key(sc: &mut Scan) {
    let mut j = sc.i;
    while j < sc.b.len() {
        j = match sc.b[j] {
            q @ (b'"' | b'\'') => quoted_end(sc.b, j, q, q == b'"', false),
            b'=' => break,
            b'\n' | b'#' | b'[' | b']' | b'{' | b'}' | b',' => return,
            _ => j + 1,
        };
    }
    if j < sc.b.len() && sc.b[j] == b'=' {
        let end = sc.i + sc.b[sc.i..j].trim_ascii_end().len();
        sc.emit(Class::Attr, end);
        sc.i = j + 1;
    }
}

/// The end of a number, date, time or date-time at the cursor (`1_000`, `0xff`, `-inf`,
/// `1979-05-27T07:32:00-08:00`, and `1979-05-27 07:32:00` with its space).
fn number_end(sc: &Scan) -> usize {
    let part = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b':' | b'-' | b'+');
    let end = run_while(sc.b, sc.i + 1, part);
    let date = end - sc.i == 10 && sc.peek(4) == b'-';
    if date && sc.at(end) == b' ' && sc.at(end + 1).is_ascii_digit() && sc.at(end + 3) == b':' {
        return run_while(sc.b, end + 1, part);
    }
    end
}
