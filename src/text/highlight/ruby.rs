//! Ruby. Whether a value or an operator comes next decides what `/`, `%` and `<<` start (a
//! regex, a `%w[]` literal, a heredoc, or division, modulo and append), as in the JS scanner.

use super::clike::{Words, word};
use super::scan::{Class, Interp, Out, Scan, find, is_word, number_end, quoted_end, run_while};
use super::script::regex_end;

/// `"…"` and `` `…` `` strings hold `#{…}`, which may hold strings of their own.
const INTERP: Interp = Interp {
    q: b'"',
    escapes: true,
    multiline: true,
    open: b"#{",
    brackets: *b"{}",
};

struct Ruby<'a> {
    sc: Scan<'a>,
    /// A value may start here, so `/` opens a regex rather than dividing.
    value_next: bool,
    /// A failed regex attempt scanned to here; retrying each later `/` would be quadratic.
    no_regex_before: usize,
    want_name: bool,
    /// A heredoc's terminator (a range in the source), whose body starts on the next line.
    heredoc: Option<(usize, usize)>,
}

/// Highlights `s` as Ruby into `out`.
pub(super) fn run(s: &str, out: &mut Out) {
    let mut rb = Ruby {
        sc: Scan::new(s, out),
        value_next: true,
        no_regex_before: 0,
        want_name: false,
        heredoc: None,
    };
    while rb.sc.more() {
        let c = rb.sc.peek(0);
        if c == b'\n' {
            rb.sc.i += 1;
            rb.value_next = true;
            if let Some(delim) = rb.heredoc.take() {
                rb.heredoc_body(delim);
            }
        } else if matches!(c, b' ' | b'\t' | b'\r') {
            rb.sc.i += 1;
        } else {
            rb.value_next = rb.token(c);
        }
    }
    rb.sc.finish();
}

impl Ruby<'_> {
    /// One token at the cursor; returns whether a value may follow it.
    fn token(&mut self, c: u8) -> bool {
        let sc = &mut self.sc;
        let (class, end) = match (c, sc.peek(1)) {
            (b'#', _) => (Class::Comment, sc.line_end(sc.i)),
            (b'=', b'b') if sc.s[sc.i..].starts_with("=begin") && sc.at_line_start() => {
                let end = find(sc.b, sc.i, b"\n=end");
                (Class::Comment, sc.line_end(end))
            }
            (b'"' | b'`', _) => (Class::Str, Interp { q: c, ..INTERP }.end(sc.b, sc.i, false)),
            (b'\'', _) => (Class::Str, quoted_end(sc.b, sc.i, c, true, true)),
            (b'/', _) if self.value_next && sc.i >= self.no_regex_before => {
                match regex_end(sc.b, sc.i) {
                    Ok(end) => (Class::Str, end),
                    Err(line_end) => {
                        self.no_regex_before = line_end;
                        sc.i += 1;
                        return true;
                    }
                }
            }
            (b'%', _) if self.value_next => match percent_end(sc.b, sc.i) {
                Some(end) => (Class::Str, end),
                None => {
                    sc.i += 1;
                    return true;
                }
            },
            (b'<', b'<') => match self.heredoc_start() {
                Some(end) => (Class::Str, end),
                None => {
                    self.sc.i += 2;
                    return true;
                }
            },
            (b':', b':') => {
                sc.i += 2;
                return true;
            }
            (b':', b'"') => (Class::Literal, INTERP.end(sc.b, sc.i + 1, false)),
            (b':', n) if n.is_ascii_alphabetic() || n == b'_' => {
                (Class::Literal, name_end(sc.b, sc.i + 1))
            }
            (b'@', n) if is_word(n) || n == b'@' && is_word(sc.peek(2)) => {
                let name = sc.i + if n == b'@' { 2 } else { 1 };
                (Class::Var, run_while(sc.b, name, is_word))
            }
            (b'$', n) if is_word(n) => (Class::Var, run_while(sc.b, sc.i + 1, is_word)),
            (b'$', n) if b"!@&~=/\\,;.<>_*$?:".contains(&n) => (Class::Var, sc.i + 2),
            (b'0'..=b'9', _) => (Class::Num, number_end(sc.b, sc.i)),
            _ if is_word(c) => return self.word(),
            (b')' | b']' | b'}', _) => {
                sc.i += 1;
                return false;
            }
            _ => {
                sc.bump();
                return true;
            }
        };
        self.sc.emit(class, end);
        // A value just ended, unless it was a comment.
        class == Class::Comment
    }

    /// A name: a `key:` label, the name after `def`, a keyword, a literal or a call.
    fn word(&mut self) -> bool {
        let sc = &mut self.sc;
        let end = name_end(sc.b, sc.i);
        let w = &sc.s[sc.i..end];
        if sc.at(end) == b':' && sc.at(end + 1) != b':' && !matches!(sc.at(end - 1), b'?' | b'!') {
            sc.emit(Class::Attr, end + 1);
            return true;
        }
        let value_next = keyword(w) && !matches!(w, "end" | "self");
        word(sc, end, &WORDS, &mut self.want_name);
        value_next
    }

    /// `<<~EOS`, `<<-EOS`, `<<EOS` or a quoted name: arms the body for the next line and returns
    /// the end of the marker. `list << item` is an append, not a heredoc.
    fn heredoc_start(&mut self) -> Option<usize> {
        let sc = &self.sc;
        let flag = usize::from(matches!(sc.peek(2), b'~' | b'-'));
        let at = sc.i + 2 + flag;
        let quote = matches!(sc.at(at), b'\'' | b'"' | b'`');
        let name = at + usize::from(quote);
        let name_end = run_while(sc.b, name, is_word);
        let named = name_end > name && !sc.at(name).is_ascii_digit();
        if !named || !(flag == 1 || quote || sc.at(name).is_ascii_uppercase()) {
            return None;
        }
        self.heredoc = Some((name, name_end));
        Some(name_end + usize::from(quote && sc.at(name_end) == sc.at(at)))
    }

    /// A heredoc's body and terminator line are one string.
    fn heredoc_body(&mut self, (d, d_end): (usize, usize)) {
        let sc = &mut self.sc;
        let delim = &sc.b[d..d_end];
        let mut j = sc.i;
        while j < sc.b.len() {
            let e = sc.line_end(j);
            let line = sc.b[j..e].trim_ascii();
            if line == delim {
                j = e;
                break;
            }
            j = e + 1;
        }
        sc.emit(Class::Str, j);
    }
}

/// The end of a method or variable name at `i`; method names may end in `?` or `!`
/// (`empty?`, `save!`), but `a!= b` is a comparison.
fn name_end(b: &[u8], i: usize) -> usize {
    let end = run_while(b, i, is_word);
    let mark = matches!(b.get(end), Some(b'?' | b'!')) && b.get(end + 1) != Some(&b'=');
    end + usize::from(mark)
}

/// The end of a `%w[a b]`, `%i(x)`, `%q{…}`, `%(…)` literal at `i`: brackets nest, other
/// delimiters close with themselves. None when the `%` is modulo.
fn percent_end(b: &[u8], i: usize) -> Option<usize> {
    let kind = usize::from(b.get(i + 1).is_some_and(|c| b"qQwWiIrsx".contains(c)));
    let open = *b.get(i + 1 + kind)?;
    let close = match open {
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        b'<' => b'>',
        b'|' | b'!' | b'/' | b'^' => open,
        _ => return None,
    };
    let (mut depth, mut j) = (0_usize, i + 2 + kind);
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            c if c == close && depth == 0 => return Some(j + 1),
            c if c == close => depth -= 1,
            c if c == open => depth += 1,
            _ => {}
        }
        j += 1;
    }
    Some(b.len())
}

const WORDS: Words = Words {
    keyword,
    literal: |w| matches!(w, "true" | "false" | "nil" | "__FILE__" | "__LINE__"),
    definer: |w| matches!(w, "def" | "class" | "module"),
};

#[rustfmt::skip]
fn keyword(w: &str) -> bool {
    matches!(w, "BEGIN" | "END" | "alias" | "and" | "begin" | "break" | "case" | "class" | "def"
        | "defined?" | "do" | "else" | "elsif" | "end" | "ensure" | "for" | "if" | "in"
        | "module" | "next" | "not" | "or" | "redo" | "rescue" | "retry" | "return" | "self"
        | "super" | "then" | "undef" | "unless" | "until" | "when" | "while" | "yield"
        | "raise")
}
