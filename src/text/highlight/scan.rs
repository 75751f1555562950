//! The shared HTML writer and byte cursor that every language scanner builds on.
//!
//! Scanners only ever cut the source at ASCII bytes (or at its end), so every slice lands on a
//! char boundary; non-ASCII text is copied through untouched.

/// A token class; its discriminant is the letter of its `hl-*` CSS class.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Class {
    Keyword = b'k',
    Str = b's',
    Num = b'n',
    Comment = b'c',
    Literal = b'l',
    Attr = b'a',
    Func = b'f',
    Var = b'v',
    Opt = b'o',
    Type = b't',
    Method = b'm',
    Url = b'u',
}

/// The HTML being built. At most one span is open, so spans never nest and directly adjacent
/// tokens of one class share a span.
pub(super) struct Out {
    buf: String,
    open: Option<Class>,
}

impl Out {
    /// An empty writer sized for roughly `n` bytes of output.
    pub(super) fn with_capacity(n: usize) -> Self {
        Out {
            buf: String::with_capacity(n),
            open: None,
        }
    }

    /// Writes text outside any span.
    pub(super) fn plain(&mut self, s: &str) {
        if !s.is_empty() {
            self.close();
            self.escape(s);
        }
    }

    /// Writes `s` inside a span of `class`; empty tokens write nothing.
    pub(super) fn span(&mut self, class: Class, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.open != Some(class) {
            self.close();
            self.buf.push_str("<span class=\"hl-");
            self.buf.push(char::from(class as u8));
            self.buf.push_str("\">");
            self.open = Some(class);
        }
        self.escape(s);
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.buf.push_str("</span>");
        }
    }

    fn escape(&mut self, s: &str) {
        crate::base::html::escape_into(&mut self.buf, s);
    }

    /// Closes any open span and returns the HTML.
    pub(super) fn finish(mut self) -> String {
        self.close();
        self.buf
    }
}

/// A cursor over one source text. Bytes the scanner steps over are written as plain text
/// lazily, when the next token is emitted, so scanners only have to mark tokens.
pub(super) struct Scan<'a> {
    pub(super) s: &'a str,
    pub(super) b: &'a [u8],
    pub(super) i: usize,
    mark: usize,
    pub(super) out: &'a mut Out,
}

impl<'a> Scan<'a> {
    /// A cursor at the start of `s`.
    pub(super) fn new(s: &'a str, out: &'a mut Out) -> Self {
        Scan {
            s,
            b: s.as_bytes(),
            i: 0,
            mark: 0,
            out,
        }
    }

    /// The byte at `k`, or 0 past the end (callers never treat 0 as a delimiter).
    pub(super) fn at(&self, k: usize) -> u8 {
        self.b.get(k).copied().unwrap_or(0)
    }

    /// The byte `off` bytes after the cursor, or 0 past the end.
    pub(super) fn peek(&self, off: usize) -> u8 {
        self.at(self.i + off)
    }

    /// Whether any input is left.
    pub(super) fn more(&self) -> bool {
        self.i < self.b.len()
    }

    /// Steps over one whole char, so the cursor never rests inside a multi-byte char.
    pub(super) fn bump(&mut self) {
        self.i += 1;
        while self.i < self.b.len() && self.b[self.i] & 0xC0 == 0x80 {
            self.i += 1;
        }
    }

    /// Emits `[i, end)` as a token of `class` and moves past it.
    pub(super) fn emit(&mut self, class: Class, end: usize) {
        let end = end.clamp(self.i, self.b.len());
        self.out.plain(&self.s[self.mark..self.i]);
        self.out.span(class, &self.s[self.i..end]);
        self.i = end;
        self.mark = end;
    }

    /// Hands `[i, end)` to another scanner (an HTTP body to the JSON one) and moves past it.
    pub(super) fn nest(&mut self, end: usize, f: impl FnOnce(&str, &mut Out)) {
        let end = end.clamp(self.i, self.b.len());
        self.out.plain(&self.s[self.mark..self.i]);
        f(&self.s[self.i..end], self.out);
        self.i = end;
        self.mark = end;
    }

    /// Writes whatever is left as plain text.
    pub(super) fn finish(mut self) {
        self.i = self.b.len();
        self.out.plain(&self.s[self.mark..]);
    }

    /// Whether only blanks precede the cursor on its line, as decorators and directives need.
    pub(super) fn at_line_start(&self) -> bool {
        let before = self.b[..self.i]
            .iter()
            .rev()
            .find(|&&c| c != b' ' && c != b'\t');
        before.is_none_or(|&c| c == b'\n')
    }

    /// The index of the `\n` ending the line containing `from`, or the end of input.
    pub(super) fn line_end(&self, from: usize) -> usize {
        let rest = self.b.get(from..).unwrap_or(&[]);
        rest.iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |p| from + p)
    }
}

/// The first index at or after `i` whose byte fails `f` (or the end).
pub(super) fn run_while(b: &[u8], mut i: usize, f: impl Fn(u8) -> bool) -> usize {
    while i < b.len() && f(b[i]) {
        i += 1;
    }
    i.min(b.len())
}

/// A byte-indexed membership table, so hot loops test a byte with one load.
pub(super) const fn byte_set(members: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < members.len() {
        set[members[i] as usize] = true;
        i += 1;
    }
    set
}

/// Identifier bytes; non-ASCII counts so that a word always ends on an ASCII byte.
pub(super) fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// The index just past `pat` searched from `i`, or the end of input when it never occurs.
pub(super) fn find(b: &[u8], i: usize, pat: &[u8]) -> usize {
    let rest = b.get(i..).unwrap_or(&[]);
    rest.windows(pat.len())
        .position(|w| w == pat)
        .map_or(b.len(), |p| i + p + pat.len())
}

/// The end of a number starting at `i` (a digit, or `.` before a digit): covers `1_000`,
/// `0x1F`, `1.5e-3`, `10n`, `3j` without validating, since highlighting needs no value.
pub(super) fn number_end(b: &[u8], start: usize) -> usize {
    let hex = b.get(start) == Some(&b'0') && matches!(b.get(start + 1), Some(b'x' | b'X'));
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        let exp_sign = matches!(c, b'+' | b'-') && i > start && matches!(b[i - 1], b'e' | b'E');
        let fraction = c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if c.is_ascii_alphanumeric() || c == b'_' || fraction || (exp_sign && !hex) {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The end of a string opened by the quote at `i`: just past the closing quote, or at the
/// newline (single-line strings) or the end of input when it is unterminated.
pub(super) fn quoted_end(b: &[u8], i: usize, q: u8, escapes: bool, multiline: bool) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            c if c == q => return j + 1,
            b'\\' if escapes => j += 2,
            b'\n' if !multiline => return j,
            _ => j += 1,
        }
    }
    b.len()
}

/// The end of a `'''`/`"""` string whose opening quotes start at `i`.
pub(super) fn triple_end(b: &[u8], i: usize, q: u8, escapes: bool) -> usize {
    let mut j = i + 3;
    while j < b.len() {
        match b[j] {
            b'\\' if escapes => j += 2,
            c if c == q && b.get(j + 1) == Some(&q) && b.get(j + 2) == Some(&q) => return j + 3,
            _ => j += 1,
        }
    }
    b.len()
}

/// The end of a raw string whose opening `"` is at `q` and which closes with `"` and `hashes`
/// `#`s: Rust's `r#"…"#`, Swift's `#"…"#`.
pub(super) fn raw_end(b: &[u8], q: usize, hashes: usize) -> usize {
    let mut j = q + 1;
    while j < b.len() {
        let closing = b[j + 1..]
            .iter()
            .take(hashes)
            .filter(|&&c| c == b'#')
            .count();
        if b[j] == b'"' && closing == hashes {
            return j + 1 + hashes;
        }
        j += 1;
    }
    b.len()
}

/// The end of a `/* … */` comment opening at `i`; with `nested`, inner `/*` must close too.
pub(super) fn block_comment_end(b: &[u8], i: usize, nested: bool) -> usize {
    if !nested {
        return find(b, i + 2, b"*/");
    }
    let (mut depth, mut j) = (0_usize, i);
    while j + 1 < b.len() {
        match (b[j], b[j + 1]) {
            (b'/', b'*') => depth += 1,
            (b'*', b'/') => depth -= 1,
            _ => {
                j += 1;
                continue;
            }
        }
        j += 2;
        if depth == 0 {
            return j;
        }
    }
    b.len()
}

/// The rules of a string that holds expressions: `"${a}"` (Kotlin), `"\(a)"` (Swift), `$"{a}"`
/// (C#), `"#{a}"` (Ruby), `"{$a}"` (PHP).
#[derive(Clone, Copy)]
pub(super) struct Interp {
    /// The quote, which also opens and closes strings nested in an expression.
    pub(super) q: u8,
    /// Backslash escapes; without them a doubled quote stands for one (C#'s `@"a""b"`).
    pub(super) escapes: bool,
    /// The string may span lines; if not, a newline ends it, expressions and all.
    pub(super) multiline: bool,
    /// What opens an expression inside the string.
    pub(super) open: &'static [u8],
    /// The brackets that nest inside an expression; the second one closes it.
    pub(super) brackets: [u8; 2],
}

impl Interp {
    /// The end of such a string whose opening quote (three of them when `triple`) is at `i`.
    /// Expressions may hold brackets and strings of their own, so a stack tracks what is open
    /// inside the string: `Err` a string (triple-quoted or not), `Ok(depth)` an expression. A
    /// string without expressions never allocates it.
    pub(super) fn end(&self, b: &[u8], i: usize, triple: bool) -> usize {
        let tripled = |k: usize| b.get(k + 1) == Some(&self.q) && b.get(k + 2) == Some(&self.q);
        let quotes = |t: bool| if t { 3 } else { 1 };
        let [opening, closing] = self.brackets;
        let mut stack: Vec<Result<u32, bool>> = Vec::new();
        let mut j = i + quotes(triple);
        while let Some(&c) = b.get(j) {
            let top = stack.last().copied().unwrap_or(Err(triple));
            if c == b'\n' && !self.multiline {
                return j;
            }
            j += match top {
                // C#'s `{{` is a brace, not an expression.
                Err(_) if self.open == [c] && b.get(j + 1) == Some(&c) => 2,
                Err(_) if b[j..].starts_with(self.open) => {
                    stack.push(Ok(0));
                    self.open.len()
                }
                Err(_) if c == b'\\' && self.escapes => 2,
                Err(t) if c == self.q && t && !tripled(j) => 1,
                Err(t) if c == self.q && !t && !self.escapes && b.get(j + 1) == Some(&c) => 2,
                Err(t) if c == self.q => {
                    if stack.pop().is_none() {
                        return j + quotes(t);
                    }
                    quotes(t)
                }
                Ok(_) if c == self.q => {
                    stack.push(Err(tripled(j)));
                    quotes(tripled(j))
                }
                Ok(_) if c == b'\'' => quoted_end(b, j, c, true, false) - j,
                Ok(depth) if c == opening || c == closing => {
                    stack.pop();
                    match (c == opening, depth) {
                        (true, _) => stack.push(Ok(depth + 1)),
                        (false, 0) => {}
                        (false, _) => stack.push(Ok(depth - 1)),
                    }
                    1
                }
                _ => 1,
            };
        }
        b.len()
    }
}
