//! JavaScript/TypeScript and Python, which share identifier handling: keyword, literal,
//! call (`name(`) and the name after `function`/`def`/`class`.

use super::scan::{Class, Out, Scan, find, is_word, number_end, quoted_end, run_while, triple_end};

#[rustfmt::skip]
fn js_keyword(w: &str) -> bool {
    matches!(w, "break" | "case" | "catch" | "class" | "const" | "continue" | "debugger"
        | "default" | "delete" | "do" | "else" | "export" | "extends" | "finally" | "for"
        | "function" | "if" | "import" | "in" | "instanceof" | "let" | "new" | "of" | "return"
        | "static" | "super" | "switch" | "this" | "throw" | "try" | "typeof" | "var" | "void"
        | "while" | "with" | "yield" | "async" | "await" | "from" | "as")
}

#[rustfmt::skip]
fn py_keyword(w: &str) -> bool {
    matches!(w, "and" | "as" | "assert" | "async" | "await" | "break" | "class" | "continue"
        | "def" | "del" | "elif" | "else" | "except" | "finally" | "for" | "from" | "global"
        | "if" | "import" | "in" | "is" | "lambda" | "nonlocal" | "not" | "or" | "pass"
        | "raise" | "return" | "try" | "while" | "with" | "yield")
}

fn js_ident(c: u8) -> bool {
    is_word(c) || c == b'$'
}

/// Highlights an identifier `[i, end)`; `want_name` carries "a definition name comes next".
fn ident(sc: &mut Scan, end: usize, keyword: bool, literal: bool, want_name: &mut bool) {
    // After `.` a keyword is a property (`promise.catch(`), but not after a `...` spread.
    let member = sc.i > 0 && sc.at(sc.i - 1) == b'.' && (sc.i < 2 || sc.at(sc.i - 2) != b'.');
    let class = if std::mem::take(want_name) {
        Class::Func
    } else if keyword && !member {
        let w = &sc.s[sc.i..end];
        if matches!(w, "function" | "class" | "def") {
            // Only a name right after the keyword is a definition, not `function (x)`.
            let next = run_while(sc.b, end, |c| c == b' ' || c == b'\t' || c == b'*');
            *want_name = sc.at(next).is_ascii_alphabetic() || matches!(sc.at(next), b'_' | b'$');
        }
        Class::Keyword
    } else if literal {
        Class::Literal
    } else if sc.at(end) == b'(' {
        Class::Func
    } else {
        sc.i = end;
        return;
    };
    sc.emit(class, end);
}

/// The end of a regex literal at `i`, or, when the `/` is not one because the line ends first,
/// the line end as `Err`.
pub(super) fn regex_end(b: &[u8], i: usize) -> Result<usize, usize> {
    let (mut j, mut class) = (i + 1, false);
    while j < b.len() {
        match b[j] {
            b'\n' => return Err(j),
            b'\\' if b.get(j + 1) != Some(&b'\n') => j += 1,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => return Ok(run_while(b, j + 1, |c| c.is_ascii_alphabetic())),
            _ => {}
        }
        j += 1;
    }
    Err(b.len())
}

/// The end of a template literal whose backtick is at `i`. `${…}` may hold strings and nested
/// templates, so a stack tracks them: `None` is a template, `Some(depth)` an expression.
fn template_end(b: &[u8], i: usize) -> usize {
    let mut stack = vec![None];
    let mut j = i + 1;
    while let (Some(&top), Some(&c)) = (stack.last(), b.get(j)) {
        match (top, c) {
            (None, b'\\') => j += 1,
            (None, b'`') => {
                stack.pop();
                if stack.is_empty() {
                    return j + 1;
                }
            }
            (None, b'$') if b.get(j + 1) == Some(&b'{') => {
                stack.push(Some(0));
                j += 1;
            }
            (Some(_), b'`') => stack.push(None),
            (Some(_), b'\'' | b'"') => j = quoted_end(b, j, c, true, false) - 1,
            (Some(0), b'}') => _ = stack.pop(),
            (Some(d), b'{' | b'}') => {
                stack.pop();
                stack.push(Some(if c == b'{' { d + 1 } else { d - 1 }));
            }
            _ => {}
        }
        j += 1;
    }
    b.len()
}

/// Highlights `s` as JavaScript or TypeScript into `out`.
pub(super) fn js(s: &str, out: &mut Out) {
    let mut sc = Scan::new(s, out);
    if s.starts_with("#!") {
        sc.emit(Class::Comment, sc.line_end(0));
    }
    // Whether a `/` here starts a regex rather than dividing: after an operator or keyword, not
    // after a value. Whitespace and comments leave it as it is.
    let mut regex_ok = true;
    // A failed regex attempt scanned to here; retrying each later `/` would be quadratic.
    let mut no_regex_before = 0;
    let mut want_name = false;
    while sc.more() {
        let c = sc.peek(0);
        match (c, sc.peek(1)) {
            (b' ' | b'\t' | b'\r' | b'\n', _) => sc.i += 1,
            (b'/', b'/') => sc.emit(Class::Comment, sc.line_end(sc.i)),
            (b'/', b'*') => sc.emit(Class::Comment, find(sc.b, sc.i + 2, b"*/")),
            (b'/', _) if regex_ok && sc.i >= no_regex_before => match regex_end(sc.b, sc.i) {
                Ok(end) => {
                    sc.emit(Class::Str, end);
                    regex_ok = false;
                }
                Err(line_end) => {
                    sc.i += 1;
                    no_regex_before = line_end;
                }
            },
            _ => regex_ok = js_token(&mut sc, &mut want_name),
        }
    }
    sc.finish();
}

/// One JavaScript token at the cursor; returns whether a regex may follow it.
fn js_token(sc: &mut Scan, want_name: &mut bool) -> bool {
    let c = sc.peek(0);
    match c {
        b'\'' | b'"' => sc.emit(Class::Str, quoted_end(sc.b, sc.i, c, true, false)),
        b'`' => sc.emit(Class::Str, template_end(sc.b, sc.i)),
        b'0'..=b'9' => sc.emit(Class::Num, number_end(sc.b, sc.i)),
        b'.' if sc.peek(1).is_ascii_digit() => sc.emit(Class::Num, number_end(sc.b, sc.i)),
        c if js_ident(c) => {
            let end = run_while(sc.b, sc.i, js_ident);
            let w = &sc.s[sc.i..end];
            let literal = matches!(
                w,
                "true" | "false" | "null" | "undefined" | "NaN" | "Infinity"
            );
            let keyword = js_keyword(w);
            // `return /x/` is a regex, `this / 2` is not.
            let regex_next = keyword && !matches!(w, "this" | "super");
            ident(sc, end, keyword, literal, want_name);
            return regex_next;
        }
        b')' | b']' | b'}' => sc.i += 1,
        _ => {
            sc.bump();
            return true;
        }
    }
    false
}

/// Highlights `s` as Python into `out`.
pub(super) fn python(s: &str, out: &mut Out) {
    let mut sc = Scan::new(s, out);
    let mut want_name = false;
    while sc.more() {
        let c = sc.peek(0);
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => sc.i += 1,
            b'#' => sc.emit(Class::Comment, sc.line_end(sc.i)),
            b'\'' | b'"' => sc.emit(Class::Str, py_string_end(sc.b, sc.i)),
            b'0'..=b'9' => sc.emit(Class::Num, number_end(sc.b, sc.i)),
            b'.' if sc.peek(1).is_ascii_digit() => sc.emit(Class::Num, number_end(sc.b, sc.i)),
            b'@' if sc.at_line_start() && is_word(sc.peek(1)) => sc.emit(
                Class::Attr,
                run_while(sc.b, sc.i + 1, |c| is_word(c) || c == b'.'),
            ),
            c if is_word(c) => {
                let end = run_while(sc.b, sc.i, is_word);
                let w = &sc.s[sc.i..end];
                let prefix = w.len() <= 2 && w.bytes().all(|c| b"rRbBfFuU".contains(&c));
                if prefix && matches!(sc.at(end), b'\'' | b'"') {
                    sc.emit(Class::Str, py_string_end(sc.b, end));
                } else {
                    let soft = matches!(w, "match" | "case") && soft_keyword(&sc, end);
                    let literal = matches!(w, "None" | "True" | "False");
                    ident(&mut sc, end, py_keyword(w) || soft, literal, &mut want_name);
                }
            }
            _ => sc.bump(),
        }
    }
    sc.finish();
}

/// `match`/`case` are keywords only as statements (`match x:`), not as names (`match = 1`).
fn soft_keyword(sc: &Scan, end: usize) -> bool {
    let next = sc.at(run_while(sc.b, end, |c| c == b' '));
    sc.at(end) == b' ' && (is_word(next) || b"([{'\"-".contains(&next)) && sc.at_line_start()
}

/// The end of a Python string whose opening quote is at `i` (prefix already skipped).
fn py_string_end(b: &[u8], i: usize) -> usize {
    let q = b[i];
    if b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
        triple_end(b, i, q, true)
    } else {
        quoted_end(b, i, q, true, false)
    }
}
