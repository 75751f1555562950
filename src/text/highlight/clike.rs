//! The C family: Go, Java, Kotlin, Swift and C# here, Rust in its own file. One scanner handles
//! comments, numbers, words and plain strings; each language brings its word tables and a hook
//! for the tokens only it has (raw and interpolated strings, attributes, directives).

use super::scan::{
    Class, Interp, Out, Scan, block_comment_end, is_word, number_end, quoted_end, raw_end,
    run_while, triple_end,
};

/// The word tables of one language (PHP and Ruby use them too).
pub(super) struct Words {
    pub(super) keyword: fn(&str) -> bool,
    pub(super) literal: fn(&str) -> bool,
    /// Keywords after which the next word is the name being defined (`fn`, `class`).
    pub(super) definer: fn(&str) -> bool,
}

/// What sets one C-family language apart from the others.
pub(super) struct Lang {
    pub(super) words: Words,
    /// Block comments nest (`/* a /* b */ c */`), as in Rust, Kotlin and Swift.
    pub(super) nested_comments: bool,
    /// `@Name` is an annotation (Java, Kotlin, Swift).
    pub(super) annotations: bool,
    /// Takes a token only this language has at the cursor; returns whether it took one.
    pub(super) special: fn(&mut Scan) -> bool,
}

/// Highlights `s` as Go into `out`.
pub(super) fn go(s: &str, out: &mut Out) {
    run(s, out, &GO);
}

/// Highlights `s` as Java into `out`.
pub(super) fn java(s: &str, out: &mut Out) {
    run(s, out, &JAVA);
}

/// Highlights `s` as Kotlin into `out`.
pub(super) fn kotlin(s: &str, out: &mut Out) {
    run(s, out, &KOTLIN);
}

/// Highlights `s` as Swift into `out`.
pub(super) fn swift(s: &str, out: &mut Out) {
    run(s, out, &SWIFT);
}

/// Highlights `s` as C# into `out`.
pub(super) fn csharp(s: &str, out: &mut Out) {
    run(s, out, &CSHARP);
}

/// Highlights `s` as the C-family language `lang` into `out`.
pub(super) fn run(s: &str, out: &mut Out, lang: &Lang) {
    let mut sc = Scan::new(s, out);
    let mut want_name = false;
    while sc.more() {
        let c = sc.peek(0);
        match (c, sc.peek(1)) {
            (b' ' | b'\t' | b'\r' | b'\n', _) => sc.i += 1,
            (b'/', b'/') => sc.emit(Class::Comment, sc.line_end(sc.i)),
            (b'/', b'*') => {
                let end = block_comment_end(sc.b, sc.i, lang.nested_comments);
                sc.emit(Class::Comment, end);
            }
            _ if (lang.special)(&mut sc) => {}
            (b'"' | b'\'', _) => sc.emit(Class::Str, quoted_end(sc.b, sc.i, c, true, false)),
            (b'0'..=b'9', _) => sc.emit(Class::Num, number_end(sc.b, sc.i)),
            // `.5` is a number, but the `.0` of Rust's `pair.0` is a field.
            (b'.', b'0'..=b'9') if sc.i == 0 || !is_word(sc.at(sc.i - 1)) => {
                sc.emit(Class::Num, number_end(sc.b, sc.i))
            }
            (b'@', n) if lang.annotations && (n.is_ascii_alphabetic() || n == b'_') => {
                annotation(&mut sc, &lang.words)
            }
            _ if is_word(c) => {
                let end = run_while(sc.b, sc.i, is_word);
                word(&mut sc, end, &lang.words, &mut want_name);
            }
            _ => sc.bump(),
        }
    }
    sc.finish();
}

/// Highlights the word `[i, end)` as a keyword, a literal, a call (`name(`) or, when
/// `want_name` says a definer came just before, the name being defined.
pub(super) fn word(sc: &mut Scan, end: usize, words: &Words, want_name: &mut bool) {
    let w = &sc.s[sc.i..end];
    // After `.` or PHP's `->` a keyword is a member (`response.type`), but not after a `..`
    // range; Rust's `.await` stays a keyword.
    let before = |k: usize| if sc.i >= k { sc.at(sc.i - k) } else { 0 };
    let member = before(1) == b'.' && before(2) != b'.' || before(2) == b'-' && before(1) == b'>';
    let keyword = (words.keyword)(w) && (!member || w == "await");
    let class = if *want_name && sc.at(end) == b'.' {
        // A receiver (Kotlin's `fun Client.get(`, Ruby's `def self.name`): the name comes next.
        if !keyword {
            sc.i = end;
            return;
        }
        Class::Keyword
    } else if keyword {
        // Only a name right after the keyword is a definition, not `func (r *T) Name(`.
        let next = sc.at(run_while(sc.b, end, |c| c == b' ' || c == b'\t'));
        *want_name = (words.definer)(w) && (next.is_ascii_alphabetic() || next == b'_');
        Class::Keyword
    } else if std::mem::take(want_name) {
        Class::Func
    } else if (words.literal)(w) && !member {
        Class::Literal
    } else if sc.at(end) == b'(' {
        Class::Func
    } else {
        sc.i = end;
        return;
    };
    sc.emit(class, end);
}

/// `@Override`, `@app.Route`: the name is the annotation, its arguments are ordinary code.
/// After a word the `@` is a label instead (Kotlin's `return@forEach`).
fn annotation(sc: &mut Scan, words: &Words) {
    if sc.i > 0 && is_word(sc.at(sc.i - 1)) {
        sc.i += 1;
        return;
    }
    let end = run_while(sc.b, sc.i + 1, |c| is_word(c) || c == b'.');
    // Java's `@interface` declares an annotation type.
    let class = if (words.keyword)(&sc.s[sc.i + 1..end]) {
        Class::Keyword
    } else {
        Class::Attr
    };
    sc.emit(class, end);
}

/// The end of a bracketed attribute whose `[` is at `i` (`#[derive(Debug)]`,
/// `[HttpGet("{id}")]`): past its matching `]`, or the line end when it does not close on its
/// line, so a failed attempt consumes what it scanned and never goes quadratic.
pub(super) fn attribute_end(b: &[u8], i: usize) -> usize {
    let (mut depth, mut j) = (0_usize, i);
    while j < b.len() {
        match b[j] {
            b'[' => depth += 1,
            b']' if depth <= 1 => return j + 1,
            b']' => depth -= 1,
            q @ (b'"' | b'\'') => {
                j = quoted_end(b, j, q, true, false);
                continue;
            }
            b'\n' => return j,
            _ => {}
        }
        j += 1;
    }
    b.len()
}

const GO: Lang = Lang {
    words: Words {
        keyword: go_keyword,
        literal: |w| matches!(w, "true" | "false" | "nil" | "iota"),
        definer: |w| matches!(w, "func" | "type"),
    },
    nested_comments: false,
    annotations: false,
    special: go_special,
};

#[rustfmt::skip]
fn go_keyword(w: &str) -> bool {
    matches!(w, "break" | "case" | "chan" | "const" | "continue" | "default" | "defer" | "else"
        | "fallthrough" | "for" | "func" | "go" | "goto" | "if" | "import" | "interface" | "map"
        | "package" | "range" | "return" | "select" | "struct" | "switch" | "type" | "var")
}

/// Go's raw strings: `` `…` ``, over lines, without escapes.
fn go_special(sc: &mut Scan) -> bool {
    let raw = sc.peek(0) == b'`';
    if raw {
        sc.emit(Class::Str, quoted_end(sc.b, sc.i, b'`', false, true));
    }
    raw
}

const JAVA: Lang = Lang {
    words: Words {
        keyword: java_keyword,
        literal: |w| matches!(w, "true" | "false" | "null"),
        definer: |w| matches!(w, "class" | "interface" | "enum" | "record"),
    },
    nested_comments: false,
    annotations: true,
    special: java_special,
};

#[rustfmt::skip]
fn java_keyword(w: &str) -> bool {
    matches!(w, "abstract" | "assert" | "boolean" | "break" | "byte" | "case" | "catch" | "char"
        | "class" | "const" | "continue" | "default" | "do" | "double" | "else" | "enum"
        | "extends" | "final" | "finally" | "float" | "for" | "goto" | "if" | "implements"
        | "import" | "instanceof" | "int" | "interface" | "long" | "native" | "new" | "package"
        | "private" | "protected" | "public" | "return" | "short" | "static" | "strictfp"
        | "super" | "switch" | "synchronized" | "this" | "throw" | "throws" | "transient"
        | "try" | "void" | "volatile" | "while" | "var" | "record" | "yield" | "sealed"
        | "permits")
}

/// Java's `"""` text blocks.
fn java_special(sc: &mut Scan) -> bool {
    let block = sc.peek(0) == b'"' && sc.peek(1) == b'"' && sc.peek(2) == b'"';
    if block {
        sc.emit(Class::Str, triple_end(sc.b, sc.i, b'"', true));
    }
    block
}

const KOTLIN: Lang = Lang {
    words: Words {
        keyword: kotlin_keyword,
        literal: |w| matches!(w, "true" | "false" | "null"),
        definer: |w| matches!(w, "fun" | "class" | "interface" | "object" | "typealias"),
    },
    nested_comments: true,
    annotations: true,
    special: kotlin_special,
};

/// Hard and modifier keywords. Soft ones that are common names (`data`, `value`, `get`,
/// `field`, `expect`) are left out: `val data = …` is far more frequent in a snippet.
#[rustfmt::skip]
fn kotlin_keyword(w: &str) -> bool {
    matches!(w, "as" | "break" | "class" | "continue" | "do" | "else" | "for" | "fun" | "if"
        | "in" | "interface" | "is" | "object" | "package" | "return" | "super" | "this"
        | "throw" | "try" | "typealias" | "typeof" | "val" | "var" | "when" | "while" | "by"
        | "catch" | "constructor" | "finally" | "import" | "init" | "where" | "abstract"
        | "annotation" | "companion" | "const" | "crossinline" | "enum" | "external" | "final"
        | "infix" | "inline" | "inner" | "internal" | "lateinit" | "noinline" | "open"
        | "operator" | "override" | "private" | "protected" | "public" | "reified" | "sealed"
        | "suspend" | "tailrec" | "vararg")
}

/// Kotlin's strings hold `${…}` (and `$name`); `"""` ones are raw and may span lines.
fn kotlin_special(sc: &mut Scan) -> bool {
    if sc.peek(0) != b'"' {
        return false;
    }
    let triple = sc.peek(1) == b'"' && sc.peek(2) == b'"';
    let rules = Interp {
        q: b'"',
        escapes: !triple,
        multiline: triple,
        open: b"${",
        brackets: *b"{}",
    };
    sc.emit(Class::Str, rules.end(sc.b, sc.i, triple));
    true
}

const SWIFT: Lang = Lang {
    words: Words {
        keyword: swift_keyword,
        literal: |w| matches!(w, "true" | "false" | "nil"),
        definer: |w| {
            matches!(
                w,
                "func"
                    | "class"
                    | "struct"
                    | "enum"
                    | "protocol"
                    | "extension"
                    | "actor"
                    | "typealias"
            )
        },
    },
    nested_comments: true,
    annotations: true,
    special: swift_special,
};

#[rustfmt::skip]
fn swift_keyword(w: &str) -> bool {
    matches!(w, "associatedtype" | "class" | "deinit" | "enum" | "extension" | "fileprivate"
        | "func" | "import" | "init" | "inout" | "internal" | "let" | "open" | "operator"
        | "private" | "protocol" | "public" | "rethrows" | "static" | "struct" | "subscript"
        | "typealias" | "var" | "break" | "case" | "catch" | "continue" | "default" | "defer"
        | "do" | "else" | "fallthrough" | "for" | "guard" | "if" | "in" | "repeat" | "return"
        | "throw" | "switch" | "where" | "while" | "as" | "await" | "async" | "is" | "super"
        | "self" | "Self" | "throws" | "try" | "actor" | "some" | "any" | "convenience"
        | "final" | "lazy" | "mutating" | "override" | "required" | "weak" | "unowned"
        | "willSet" | "didSet")
}

/// Swift's strings hold `\(…)`; `"""` ones span lines; `#"…"#` ones are raw. `#if`,
/// `#available` are keywords.
fn swift_special(sc: &mut Scan) -> bool {
    // Up to 256 `#`, as for Rust, measured from the start of a run only, so that a long run
    // costs no more than one look at it.
    if sc.i > 0 && sc.at(sc.i - 1) == b'#' {
        return false;
    }
    let hashes = sc.b[sc.i..]
        .iter()
        .take(256)
        .take_while(|&&c| c == b'#')
        .count();
    let (class, end) = match sc.at(sc.i + hashes) {
        b'"' if hashes == 0 => {
            let triple = sc.peek(1) == b'"' && sc.peek(2) == b'"';
            let rules = Interp {
                q: b'"',
                escapes: true,
                multiline: triple,
                open: b"\\(",
                brackets: *b"()",
            };
            (Class::Str, rules.end(sc.b, sc.i, triple))
        }
        b'"' => (Class::Str, raw_end(sc.b, sc.i + hashes, hashes)),
        c if hashes == 1 && c.is_ascii_alphabetic() => {
            (Class::Keyword, run_while(sc.b, sc.i + 1, is_word))
        }
        _ => return false,
    };
    sc.emit(class, end);
    true
}

const CSHARP: Lang = Lang {
    words: Words {
        keyword: csharp_keyword,
        literal: |w| matches!(w, "true" | "false" | "null"),
        definer: |w| matches!(w, "class" | "struct" | "interface" | "enum" | "record"),
    },
    nested_comments: false,
    annotations: false,
    special: csharp_special,
};

#[rustfmt::skip]
fn csharp_keyword(w: &str) -> bool {
    matches!(w, "abstract" | "as" | "base" | "bool" | "break" | "byte" | "case" | "catch"
        | "char" | "checked" | "class" | "const" | "continue" | "decimal" | "default"
        | "delegate" | "do" | "double" | "else" | "enum" | "event" | "explicit" | "extern"
        | "finally" | "fixed" | "float" | "for" | "foreach" | "goto" | "if" | "implicit" | "in"
        | "int" | "interface" | "internal" | "is" | "lock" | "long" | "namespace" | "new"
        | "object" | "operator" | "out" | "override" | "params" | "private" | "protected"
        | "public" | "readonly" | "ref" | "return" | "sbyte" | "sealed" | "short" | "sizeof"
        | "stackalloc" | "static" | "string" | "struct" | "switch" | "this" | "throw" | "try"
        | "typeof" | "uint" | "ulong" | "unchecked" | "unsafe" | "ushort" | "using" | "virtual"
        | "void" | "volatile" | "while" | "async" | "await" | "var" | "record" | "yield"
        | "when" | "where" | "nameof" | "partial" | "get" | "set" | "init" | "not" | "and"
        | "or")
}

/// C#'s `@"verbatim"`, `$"{interpolated}"` and `"""raw"""` strings (and their mixes),
/// `#region`-style directive lines and `[Attribute]` lines.
fn csharp_special(sc: &mut Scan) -> bool {
    // At most `$$@`; measuring a longer run from each of its bytes would be quadratic.
    let marks = (0..3)
        .take_while(|&k| matches!(sc.peek(k), b'$' | b'@'))
        .count();
    let prefix = sc.i + marks;
    let (class, end) = match sc.at(prefix) {
        b'"' => {
            let marks = &sc.b[sc.i..prefix];
            let (interpolated, verbatim) = (marks.contains(&b'$'), marks.contains(&b'@'));
            let triple = sc.at(prefix + 1) == b'"' && sc.at(prefix + 2) == b'"';
            let rules = Interp {
                q: b'"',
                escapes: !verbatim && !triple,
                multiline: verbatim || triple,
                open: b"{",
                brackets: *b"{}",
            };
            let end = match (interpolated, triple) {
                (true, _) => rules.end(sc.b, prefix, triple),
                (false, true) => triple_end(sc.b, prefix, b'"', false),
                (false, false) if verbatim => quoted_end(sc.b, prefix, b'"', false, true),
                (false, false) => return false,
            };
            (Class::Str, end)
        }
        c @ (b'#' | b'[') if prefix == sc.i && sc.peek(1).is_ascii_alphabetic() => {
            if !sc.at_line_start() {
                return false;
            } else if c == b'#' {
                (Class::Keyword, sc.line_end(sc.i))
            } else {
                (Class::Attr, attribute_end(sc.b, sc.i))
            }
        }
        _ => return false,
    };
    sc.emit(class, end);
    true
}
