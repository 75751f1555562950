//! A small, fast, build-time syntax highlighter for code blocks: one hand-written scanner per
//! language (one shared by the C family), writing HTML with `hl-*` classes.

mod clike;
mod http;
mod json;
mod php;
mod ruby;
mod rust;
mod scan;
mod script;
mod shell;
mod toml;
mod xml;
mod yaml;

/// The canonical name of a Markdown info-string language this module highlights, or None.
/// http → "http"; json, jsonc → "json"; sh, bash, shell, zsh, console, curl → "sh";
/// js, javascript, mjs, cjs, ts, typescript, node → "js"; python, py, python3 → "python";
/// toml → "toml"; go, golang → "go"; rust, rs → "rust"; java → "java";
/// kotlin, kt, kts → "kotlin"; swift → "swift"; csharp, cs, c# → "csharp"; php → "php";
/// ruby, rb → "ruby"; yaml, yml → "yaml"; xml, html, xhtml, svg → "xml". Case-insensitive.
pub fn language(name: &str) -> Option<&'static str> {
    const NAMES: [(&str, &str); 16] = [
        ("http", "http"),
        ("json", "json jsonc"),
        ("sh", "sh bash shell zsh console curl"),
        ("js", "js javascript mjs cjs ts typescript node"),
        ("python", "python py python3"),
        ("toml", "toml"),
        ("go", "go golang"),
        ("rust", "rust rs"),
        ("java", "java"),
        ("kotlin", "kotlin kt kts"),
        ("swift", "swift"),
        ("csharp", "csharp cs c#"),
        ("php", "php"),
        ("ruby", "ruby rb"),
        ("yaml", "yaml yml"),
        ("xml", "xml html xhtml svg"),
    ];
    let known = |aliases: &str| aliases.split(' ').any(|a| a.eq_ignore_ascii_case(name));
    NAMES
        .iter()
        .find(|(_, aliases)| known(aliases))
        .map(|&(canonical, _)| canonical)
}

/// Highlights `code` in `language` (any name `language()` accepts). Returns HTML: the code's text
/// HTML-escaped (& < > " ' as &amp; &lt; &gt; &quot; &#39;), with tokens wrapped in
/// `<span class="hl-X">…</span>`. No `<pre>` or `<code>` wrapper. None for an unknown language.
///
/// Classes (spans never nest; punctuation and plain identifiers are not wrapped):
/// - `hl-k` keyword: each language's keywords; shell `if then else fi for do done while case
///   esac in function return export local`; C# `#region` lines, Swift `#if`; PHP `<?php` `?>`;
///   XML/HTML tags with their brackets (`<div`, `>`, `</div>`, `/>`) and `<!DOCTYPE …>`;
///   YAML `!tags` and `%` directives
/// - `hl-s` string: every string form, interpolations included (`${…}`, `\(…)`, `#{…}`,
///   `{$…}`): raw (`r#"…"#`, `` `…` ``, `#"…"#`), verbatim `@"…"`, text blocks `"""…"""`,
///   heredocs (shell, PHP, Ruby); JSON and TOML string values, HTTP header values; JS and Ruby
///   regex literals, Ruby `%w[…]`; Rust/Go/Java/Kotlin/C# char literals; YAML quoted and plain
///   values and `|`/`>` blocks; XML attribute values and CDATA
/// - `hl-n` number (with `_`, hex, suffixes such as `10u8`, `1L`, `2.5f`); TOML and YAML
///   dates/times; the HTTP status code
/// - `hl-c` comment: `//`, `/* */` (nested in Rust, Kotlin, Swift), `#`, Ruby `=begin…=end`,
///   `<!-- -->`; also the HTTP version token (`HTTP/1.1`), which reads as secondary
/// - `hl-l` literal constant: `true false null undefined None True False NaN Infinity`, `nil`
///   (Go, Swift, Ruby), `iota`, YAML `~`; Ruby `:symbols`; XML/HTML `&entity;` references
/// - `hl-a` attribute/key: JSON, TOML and YAML keys, Ruby `key:` labels, HTTP header names,
///   XML attribute names; Python decorators and `@Annotations` (Java, Kotlin, Swift) by name;
///   Rust and PHP `#[…]` and C# `[…]` attributes whole; Rust lifetimes and loop labels (`'a`)
/// - `hl-f` function: `name(` calls, the name after `function def fn func fun class struct
///   enum trait interface …`; Rust macros (`println!`); the shell command word
/// - `hl-v` variable: shell `$NAME`, `${…}`, `$1`, `$?`; PHP `$name`; Ruby `@ivar`, `@@cvar`,
///   `$global`; YAML `&anchor` and `*alias`
/// - `hl-o` option: shell `-x` / `--long` arguments
/// - `hl-t` section: TOML `[table]` and `[[array]]` headers; YAML `---` and `...`
/// - `hl-m` HTTP method; `hl-u` HTTP request target
pub fn highlight(language: &str, code: &str) -> Option<String> {
    let run: fn(&str, &mut scan::Out) = match self::language(language)? {
        "http" => self::http::run,
        "json" => self::json::run,
        "sh" => self::shell::run,
        "js" => self::script::js,
        "python" => self::script::python,
        "go" => self::clike::go,
        "rust" => self::rust::run,
        "java" => self::clike::java,
        "kotlin" => self::clike::kotlin,
        "swift" => self::clike::swift,
        "csharp" => self::clike::csharp,
        "php" => self::php::run,
        "ruby" => self::ruby::run,
        "yaml" => self::yaml::run,
        "xml" => self::xml::run,
        _ => self::toml::run,
    };
    // Markup typically adds about half the input again; one allocation covers most blocks.
    let mut out = scan::Out::with_capacity(code.len() + code.len() / 2 + 64);
    run(code, &mut out);
    Some(out.finish())
}

#[cfg(test)]
mod tests;
