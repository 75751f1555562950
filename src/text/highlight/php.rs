//! PHP: C-like code with `$variables`, `#` comments and heredocs between `<?php` and `?>`; text
//! outside those tags is HTML. A snippet without tags is all code, unless it starts with markup.

use super::clike::{Words, attribute_end, word};
use super::scan::{
    Class, Interp, Out, Scan, block_comment_end, is_word, number_end, quoted_end, run_while,
};

/// Highlights `s` as PHP into `out`.
pub(super) fn run(s: &str, out: &mut Out) {
    let mut sc = Scan::new(s, out);
    let lead = s.trim_start();
    let mut html = lead.starts_with('<') && !lead.starts_with("<?");
    let mut want_name = false;
    while sc.more() {
        if std::mem::take(&mut html) {
            let open = next_open_tag(sc.b, sc.i);
            sc.nest(open, super::xml::run);
            continue;
        }
        let c = sc.peek(0);
        match (c, sc.peek(1)) {
            (b' ' | b'\t' | b'\r' | b'\n', _) => sc.i += 1,
            (b'<', b'?') => {
                let php = sc.b[sc.i + 2..]
                    .get(..3)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"php"));
                let end = sc.i
                    + if php {
                        5
                    } else {
                        2 + usize::from(sc.peek(2) == b'=')
                    };
                sc.emit(Class::Keyword, end);
            }
            (b'?', b'>') => {
                sc.emit(Class::Keyword, sc.i + 2);
                html = true;
            }
            (b'#', b'[') => sc.emit(Class::Attr, attribute_end(sc.b, sc.i + 1)),
            (b'#', _) | (b'/', b'/') => {
                // A line comment ends at `?>` too.
                let end = sc.line_end(sc.i);
                let close = sc.b[sc.i..end].windows(2).position(|w| w == b"?>");
                sc.emit(Class::Comment, close.map_or(end, |p| sc.i + p));
            }
            (b'/', b'*') => sc.emit(Class::Comment, block_comment_end(sc.b, sc.i, false)),
            (b'$', n) if is_word(n) && !n.is_ascii_digit() || n == b'$' => {
                let name = run_while(sc.b, sc.i, |c| c == b'$');
                sc.emit(Class::Var, run_while(sc.b, name, is_word));
            }
            (b'"', _) => {
                let rules = Interp {
                    q: b'"',
                    escapes: true,
                    multiline: true,
                    open: b"{$",
                    brackets: *b"{}",
                };
                sc.emit(Class::Str, rules.end(sc.b, sc.i, false));
            }
            (b'\'' | b'`', _) => sc.emit(Class::Str, quoted_end(sc.b, sc.i, c, true, true)),
            (b'<', b'<') if sc.peek(2) == b'<' => match heredoc_end(&sc) {
                Some(end) => sc.emit(Class::Str, end),
                None => sc.i += 3,
            },
            (b'0'..=b'9', _) => sc.emit(Class::Num, number_end(sc.b, sc.i)),
            (b'.', b'0'..=b'9') => sc.emit(Class::Num, number_end(sc.b, sc.i)),
            _ if is_word(c) => {
                let end = run_while(sc.b, sc.i, is_word);
                word(&mut sc, end, &WORDS, &mut want_name);
            }
            _ => sc.bump(),
        }
    }
    sc.finish();
}

/// The start of the next `<?php`, `<?=` or `<?` tag at or after `i` (not `<?xml`), or the end.
fn next_open_tag(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j + 1 < b.len() {
        if b[j] == b'<' && b[j + 1] == b'?' {
            let xml = b[j + 2..]
                .get(..3)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"xml"));
            if !xml {
                return j;
            }
        }
        j += 1;
    }
    b.len()
}

/// The end of a `<<<EOT` heredoc or `<<<'EOT'` nowdoc at the cursor, past its closing name,
/// which since PHP 7.3 may be indented and followed by more code. None without a name.
fn heredoc_end(sc: &Scan) -> Option<usize> {
    let b = sc.b;
    let mut name = run_while(b, sc.i + 3, |c| c == b' ' || c == b'\t');
    name += usize::from(matches!(sc.at(name), b'\'' | b'"'));
    let name_end = run_while(b, name, is_word);
    if name_end == name {
        return None;
    }
    let delim = &b[name..name_end];
    let mut line = sc.line_end(name_end) + 1;
    while line < b.len() {
        let text = run_while(b, line, |c| c == b' ' || c == b'\t');
        if b[text..].starts_with(delim) && !is_word(sc.at(text + delim.len())) {
            return Some(text + delim.len());
        }
        line = sc.line_end(text) + 1;
    }
    Some(b.len())
}

/// Keywords, literals and names are case-insensitive in PHP (`TRUE`, `Function`).
const WORDS: Words = Words {
    keyword: |w| lower(w, keyword),
    literal: |w| lower(w, |w| matches!(w, "true" | "false" | "null")),
    definer: |w| {
        lower(w, |w| {
            matches!(w, "function" | "class" | "interface" | "trait" | "enum")
        })
    },
};

/// Applies `f` to `w` in lower case, without allocating.
fn lower(w: &str, f: fn(&str) -> bool) -> bool {
    let mut buf = [0_u8; 16];
    let Some(buf) = buf.get_mut(..w.len()) else {
        return false; // longer than any keyword
    };
    buf.copy_from_slice(w.as_bytes());
    buf.make_ascii_lowercase();
    std::str::from_utf8(buf).is_ok_and(f)
}

#[rustfmt::skip]
fn keyword(w: &str) -> bool {
    matches!(w, "abstract" | "and" | "array" | "as" | "break" | "callable" | "case" | "catch"
        | "class" | "clone" | "const" | "continue" | "declare" | "default" | "do" | "echo"
        | "else" | "elseif" | "empty" | "enddeclare" | "endfor" | "endforeach" | "endif"
        | "endswitch" | "endwhile" | "enum" | "extends" | "final" | "finally" | "fn" | "for"
        | "foreach" | "function" | "global" | "goto" | "if" | "implements" | "include"
        | "include_once" | "instanceof" | "insteadof" | "interface" | "isset" | "list"
        | "match" | "namespace" | "new" | "or" | "print" | "private" | "protected" | "public"
        | "readonly" | "require" | "require_once" | "return" | "static" | "switch" | "throw"
        | "trait" | "try" | "unset" | "use" | "var" | "while" | "xor" | "yield")
}
