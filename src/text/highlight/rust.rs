//! Rust: the C-family scanner, plus strings that span lines, `r#"…"#` raw strings, `b` and `c`
//! prefixes, char literals vs lifetimes, `#[attributes]` and `name!` macro calls.

use super::clike::{self, Lang, Words, attribute_end};
use super::scan::{Class, Out, Scan, is_word, quoted_end, raw_end, run_while};

/// Highlights `s` as Rust into `out`.
pub(super) fn run(s: &str, out: &mut Out) {
    clike::run(s, out, &RUST);
}

const RUST: Lang = Lang {
    words: Words {
        keyword,
        literal: |w| matches!(w, "true" | "false"),
        definer: |w| matches!(w, "fn" | "struct" | "enum" | "trait" | "type"),
    },
    nested_comments: true,
    annotations: false,
    special,
};

#[rustfmt::skip]
fn keyword(w: &str) -> bool {
    matches!(w, "as" | "async" | "await" | "break" | "const" | "continue" | "crate" | "dyn"
        | "else" | "enum" | "extern" | "fn" | "for" | "if" | "impl" | "in" | "let" | "loop"
        | "match" | "mod" | "move" | "mut" | "pub" | "ref" | "return" | "self" | "Self"
        | "static" | "struct" | "super" | "trait" | "type" | "unsafe" | "use" | "where"
        | "while")
}

/// The tokens only Rust has, at the cursor; returns whether it took one.
fn special(sc: &mut Scan) -> bool {
    let (class, end) = match sc.peek(0) {
        b'"' => (Class::Str, quoted_end(sc.b, sc.i, b'"', true, true)),
        b'\'' => char_or_lifetime(sc, sc.i),
        b'#' if sc.peek(1) == b'[' => (Class::Attr, attribute_end(sc.b, sc.i + 1)),
        b'#' if sc.peek(1) == b'!' && sc.peek(2) == b'[' => {
            (Class::Attr, attribute_end(sc.b, sc.i + 2))
        }
        c if is_word(c) => {
            let end = run_while(sc.b, sc.i, is_word);
            let w = &sc.s[sc.i..end];
            // At most 255 `#`, as in Rust, so checking for the closing ones stays linear.
            let hashes = sc.b[end..]
                .iter()
                .take(256)
                .take_while(|&&c| c == b'#')
                .count();
            match (w, sc.at(end)) {
                ("r" | "br" | "cr", b'"' | b'#') if sc.at(end + hashes) == b'"' && hashes < 256 => {
                    (Class::Str, raw_end(sc.b, end + hashes, hashes))
                }
                // A raw identifier (`r#type`) is a plain name.
                ("r", b'#') if is_word(sc.at(end + 1)) => {
                    sc.i = run_while(sc.b, end + 1, is_word);
                    return true;
                }
                ("b" | "c", b'"') => (Class::Str, quoted_end(sc.b, end, b'"', true, true)),
                ("b", b'\'') => match char_or_lifetime(sc, end) {
                    (Class::Str, e) if e > end => (Class::Str, e),
                    _ => return false,
                },
                (w, b'!') if matches!(sc.at(end + 1), b'(' | b'[' | b'{') && !keyword(w) => {
                    (Class::Func, end + 1)
                }
                _ => return false,
            }
        }
        _ => return false,
    };
    if end > sc.i {
        sc.emit(class, end);
    } else {
        sc.i += 1; // a lone `'`
    }
    true
}

/// At the `'` at `q`: a char literal (`'a'`, `'\n'`, `'é'`) as a string, or a lifetime or loop
/// label (`'a`, `'static`, `'outer:`) as an attribute, which is how Pygments shows them. A lone
/// `'` gives an empty range.
fn char_or_lifetime(sc: &Scan, q: usize) -> (Class, usize) {
    let next = sc.at(q + 1);
    let len = sc.s[q + 1..].chars().next().map_or(0, char::len_utf8);
    if next == b'\\' {
        (Class::Str, quoted_end(sc.b, q, b'\'', true, false))
    } else if len > 0 && next != b'\'' && next != b'\n' && sc.at(q + 1 + len) == b'\'' {
        (Class::Str, q + len + 2)
    } else if is_word(next) && !next.is_ascii_digit() {
        (Class::Attr, run_while(sc.b, q + 1, is_word))
    } else {
        (Class::Str, q)
    }
}
