//! POSIX-ish shell and console transcripts. The one piece of state that matters is whether the
//! next word is in command position, since that decides command name vs argument.

use super::scan::{Class, Out, Scan, byte_set, quoted_end, run_while};

struct Shell<'a> {
    sc: Scan<'a>,
    /// The next word is a command name (or keyword).
    cmd: bool,
    /// Open `(` / `$(`, so an unmatched `)` (a `case` pattern) can be told apart.
    depth: usize,
    /// After `for`/`case`, where the word `in` is a keyword.
    want_in: bool,
    /// After `function`, whose next word is the function's name.
    want_name: bool,
    /// A here-document delimiter (range in the source) and whether tabs before it are stripped.
    heredoc: Option<(usize, usize, bool)>,
}

/// Highlights `s` as shell into `out`.
pub(super) fn run(s: &str, out: &mut Out) {
    let sc = Scan::new(s, out);
    let mut sh = Shell {
        sc,
        cmd: true,
        depth: 0,
        want_in: false,
        want_name: false,
        heredoc: None,
    };
    while sh.sc.more() {
        let sc = &mut sh.sc;
        match sc.peek(0) {
            b'\n' => {
                sc.i += 1;
                sh.cmd = true;
                if let Some(delim) = sh.heredoc.take() {
                    sh.heredoc_body(delim);
                }
            }
            b' ' | b'\t' | b'\r' => sc.i += 1,
            // A line continuation keeps the command going, so `cmd` stays as it is.
            b'\\' if continuation(sc) > 0 => sc.i += continuation(sc),
            b'#' => sc.emit(Class::Comment, sc.line_end(sc.i)),
            b'<' | b'>' => sh.redirect(),
            b'&' if sc.peek(1) == b'>' => sh.redirect(),
            b'|' | b'&' | b';' => {
                sc.i = run_while(sc.b, sc.i, |c| matches!(c, b'|' | b'&' | b';'));
                sh.cmd = true;
            }
            b'(' => {
                sc.i += 1;
                sh.depth += 1;
                sh.cmd = true;
            }
            b')' => {
                sc.i += 1;
                sh.cmd = sh.depth == 0;
                sh.depth = sh.depth.saturating_sub(1);
            }
            _ => sh.word(),
        }
    }
    sh.sc.finish();
}

/// The length of a `\` line continuation at the cursor, or 0.
fn continuation(sc: &Scan) -> usize {
    match (sc.peek(1), sc.peek(2)) {
        (b'\n', _) => 2,
        (b'\r', b'\n') => 3,
        _ => 0,
    }
}

/// Bytes that end a plain run inside a word: blanks, operators, quotes, `$` and `\`.
const SPECIAL: [bool; 256] = byte_set(b" \t\n\r|&;<>()'\"`$\\");

fn is_plain(c: u8) -> bool {
    !SPECIAL[usize::from(c)]
}

impl Shell<'_> {
    /// One word: plain runs, quoted strings and `$` expansions glued together.
    fn word(&mut self) {
        let first = self.sc.i;
        if self.cmd && self.sc.peek(0) == b'$' && self.sc.peek(1) == b' ' {
            self.sc.i += 1; // a console prompt, not an expansion
            return;
        }
        let mut cmd_after = false;
        while self.sc.more() {
            let sc = &mut self.sc;
            match sc.peek(0) {
                b'\\' if continuation(sc) > 0 => break,
                b'\\' => {
                    sc.i += 1;
                    if sc.more() {
                        sc.bump();
                    }
                }
                b'\'' => sc.emit(Class::Str, quoted_end(sc.b, sc.i, b'\'', false, true)),
                q @ (b'"' | b'`') => sc.emit(Class::Str, quoted_end(sc.b, sc.i, q, true, true)),
                b'$' => match sc.peek(1) {
                    b'(' => {
                        sc.i += 2;
                        self.depth += 1;
                        self.cmd = true;
                        return;
                    }
                    b'{' => {
                        // Unterminated, it runs to the line end; rescanning would be quadratic.
                        let close = run_while(sc.b, sc.i, |c| c != b'}' && c != b'\n');
                        sc.emit(Class::Var, close + usize::from(sc.at(close) == b'}'));
                    }
                    b'\'' => sc.emit(Class::Str, quoted_end(sc.b, sc.i + 1, b'\'', true, true)),
                    c if c.is_ascii_alphabetic() || c == b'_' => {
                        let name = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
                        sc.emit(Class::Var, run_while(sc.b, sc.i + 1, name));
                    }
                    c if c.is_ascii_digit() || b"?#@*!$-".contains(&c) => {
                        sc.emit(Class::Var, sc.i + 2)
                    }
                    _ => sc.i += 1,
                },
                c if !is_plain(c) => break,
                _ => {
                    let end = run_while(sc.b, sc.i, is_plain);
                    if sc.i == first {
                        cmd_after = self.classify(end);
                    }
                    self.sc.i = end;
                }
            }
        }
        self.cmd = cmd_after;
    }

    /// Highlights a word's leading plain run; returns whether a command name still follows.
    fn classify(&mut self, end: usize) -> bool {
        let sc = &mut self.sc;
        let s = sc.s;
        let w = &s[sc.i..end];
        if std::mem::take(&mut self.want_name) {
            sc.emit(Class::Func, end);
            return false;
        }
        if !self.cmd {
            if w == "{" {
                return true; // the body of `name() {`
            } else if w == "in" && std::mem::take(&mut self.want_in) {
                sc.emit(Class::Keyword, end);
            } else if w.starts_with('-') {
                sc.emit(Class::Opt, end);
            } else if w.bytes().all(|c| c.is_ascii_digit()) {
                sc.emit(Class::Num, end);
            }
            return false;
        }
        // What follows a keyword: a command, an argument, the `in` of a loop, or a name.
        let cmd_after = match w {
            "if" | "then" | "else" | "elif" | "do" | "while" | "until" => true,
            "fi" | "done" | "esac" | "in" | "return" | "export" | "local" => false,
            "for" | "case" | "select" => {
                self.want_in = true;
                false
            }
            "function" => {
                self.want_name = true;
                false
            }
            _ => return self.command(end),
        };
        self.sc.emit(Class::Keyword, end);
        cmd_after
    }

    /// A command word that is not a keyword; returns whether a command name still follows.
    fn command(&mut self, end: usize) -> bool {
        let sc = &mut self.sc;
        let w = &sc.b[sc.i..end];
        let c = w[0];
        let name = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        // `FOO=bar cmd`: the assignment is a prefix, the command comes after it.
        if (c.is_ascii_alphabetic() || c == b'_') && w[run_while(w, 0, name)..].starts_with(b"=") {
            return true;
        }
        // `start)` with no `(` open is a `case` pattern, not a command.
        let pattern = sc.at(end) == b')' && self.depth == 0;
        if (c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'/' | b'~') || c >= 0x80)
            && !pattern
        {
            sc.emit(Class::Func, end);
            return false;
        }
        w == b"{" || w == b"!"
    }

    /// `>`, `>>`, `2>&1`, `&>`, `<`, and `<<EOF`, which arms a here-document for the next line.
    fn redirect(&mut self) {
        let sc = &mut self.sc;
        let end = run_while(sc.b, sc.i, |c| matches!(c, b'<' | b'>' | b'&'));
        if &sc.b[sc.i..end] == b"<<" {
            let strip = sc.at(end) == b'-';
            let mut d = run_while(sc.b, end + usize::from(strip), |c| c == b' ' || c == b'\t');
            d += usize::from(matches!(sc.at(d), b'\'' | b'"'));
            let d_end = run_while(sc.b, d, |c| c.is_ascii_alphanumeric() || c == b'_');
            if d_end > d {
                self.heredoc = Some((d, d_end, strip));
            }
        }
        sc.i = end;
    }

    /// A here-document body is a string; its terminator line is plain, never a command.
    fn heredoc_body(&mut self, (d, d_end, strip): (usize, usize, bool)) {
        let sc = &mut self.sc;
        let delim = &sc.b[d..d_end];
        let mut j = sc.i;
        while j < sc.b.len() {
            let e = sc.line_end(j);
            let line = &sc.b[j..e];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let line = if strip {
                &line[run_while(line, 0, |c| c == b'\t')..]
            } else {
                line
            };
            if line == delim {
                break;
            }
            j = e + 1;
        }
        sc.emit(Class::Str, j);
        sc.i = sc.line_end(sc.i);
    }
}
