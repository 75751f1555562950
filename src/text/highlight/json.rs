//! JSON and JSONC. Invalid input is fine: anything unrecognised passes through as plain text.

use super::scan::{Class, Out, Scan, find, is_word, number_end, quoted_end, run_while};

/// Highlights `s` as JSON into `out`.
pub(super) fn run(s: &str, out: &mut Out) {
    let mut sc = Scan::new(s, out);
    while sc.more() {
        let c = sc.peek(0);
        match c {
            b'"' => {
                let end = quoted_end(sc.b, sc.i, b'"', true, false);
                // A key is only known by the colon after it, which may sit past whitespace.
                let next = run_while(sc.b, end, |c| c.is_ascii_whitespace());
                let class = if sc.at(next) == b':' {
                    Class::Attr
                } else {
                    Class::Str
                };
                sc.emit(class, end);
            }
            b'0'..=b'9' => sc.emit(Class::Num, number_end(sc.b, sc.i)),
            b'-' if sc.peek(1).is_ascii_digit() => sc.emit(Class::Num, number_end(sc.b, sc.i + 1)),
            b'/' if sc.peek(1) == b'/' => sc.emit(Class::Comment, sc.line_end(sc.i)),
            b'/' if sc.peek(1) == b'*' => sc.emit(Class::Comment, find(sc.b, sc.i + 2, b"*/")),
            c if is_word(c) => {
                let end = run_while(sc.b, sc.i, is_word);
                match &sc.s[sc.i..end] {
                    "true" | "false" | "null" | "NaN" | "Infinity" => sc.emit(Class::Literal, end),
                    _ => sc.i = end,
                }
            }
            _ => sc.bump(),
        }
    }
    sc.finish();
}
