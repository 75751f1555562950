//! `book.toml`: the site's settings, with mdBook's key names where they exist.

use std::path::{Component, Path, PathBuf};

use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;
use crate::base::span::{Located, Spanned};
use crate::input::toml_fields::Fields;

/// Everything `book.toml` can say, with defaults filled in.
#[derive(Clone, Debug)]
pub struct Config {
    /// `[book]`
    pub book: Book,
    /// `[build] build-dir`: where the site is written, relative to the site folder.
    pub build_dir: PathBuf,
    /// Where `build-dir` was written, if it was.
    pub build_dir_at: Option<Located>,
    /// `[output.html]`
    pub html: Html,
    /// `[output.mkdocs]`: also write a MkDocs project (for Backstage TechDocs).
    pub mkdocs: bool,
    /// `[table]`: statusbook's own settings for the code table.
    pub table: Table,
    /// `[examples]`: how generated example exchanges look.
    pub examples: Examples,
}

/// `[book]`: what the site is.
#[derive(Clone, Debug)]
pub struct Book {
    /// The site's title, shown in every page's header and `<title>`.
    pub title: String,
    /// One sentence about the site, for the home page and its meta description.
    pub description: Option<String>,
    /// Who wrote it, for `<meta name="author">`.
    pub authors: Vec<String>,
    /// The pages' language, as a BCP 47 tag (`en`, `pt-BR`).
    pub language: String,
    /// The content folder, relative to the site folder.
    pub src: PathBuf,
}

/// `[output.html]`: how the HTML site is made.
#[derive(Clone, Debug, Default)]
pub struct Html {
    /// Where the site is published. Only an absolute URL (`https://…/`) is used: for the
    /// sitemap and canonical links. Always ends with `/`.
    pub site_url: Option<String>,
    /// Style sheets to copy into the site and link from every page, after the built-in one.
    pub additional_css: Vec<Spanned<PathBuf>>,
    /// Scripts to copy into the site and load (deferred) on every page.
    pub additional_js: Vec<Spanned<PathBuf>>,
    /// Also write `fragments/<code>.html`: each code's content alone, to include elsewhere.
    pub fragments: bool,
    /// Keep raw HTML in the pages' Markdown as written, scripts and all (never in fragments).
    pub trusted_html: bool,
}

impl Html {
    /// The path of the site URL (`/status/` of `https://x.test/status/`), which the not-found
    /// page uses as its base: it is served at any depth, where relative links alone fail.
    pub fn site_path(&self) -> Option<&str> {
        let url = self.site_url.as_deref()?;
        match url.split_once("://") {
            Some((_, rest)) => Some(rest.find('/').map_or("/", |i| &rest[i..])),
            None => Some(url).filter(|u| u.starts_with('/')),
        }
    }

    /// The site URL if it is absolute, which is what a sitemap and canonical links need.
    pub fn absolute_site_url(&self) -> Option<&str> {
        self.site_url
            .as_deref()
            .filter(|url| url.starts_with("https://") || url.starts_with("http://"))
    }
}

/// `[table]`: how the code table is read.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Allow any positive integer as a code (API error codes), grouped by range.
    pub custom_codes: bool,
}

/// `[examples]`: the API profile that generated examples follow, so they look like this
/// API: its address, how it authenticates, an example resource, and its error body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Examples {
    /// The API's address: scheme, host and path prefix (`https://api.example.com/v1`),
    /// without a trailing `/`.
    pub base_url: String,
    /// The body of error responses.
    pub error: ErrorFormat,
    /// How requests authenticate.
    pub auth: Auth,
    /// The collection examples use, under `base_url` (`/orders`).
    pub resource: String,
    /// The id of an example member of it (`8472`, `ord_8472`).
    pub id: String,
    /// The JSON a request that creates a member sends: the fields the API requires.
    pub body: String,
    /// Where the `type` URIs of problem details live (`https://api.example.com/problems/`).
    pub problem_base: String,
    /// The header that makes a `POST` safe to repeat (`Idempotency-Key`); none if the API
    /// has none.
    pub idempotency_header: Option<String>,
}

/// How example requests authenticate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <credentials>`.
    Basic,
    /// An API key in a header of the API's own (`X-Api-Key: <key>`).
    Header(String),
    /// No credentials.
    None,
}

/// How the API words an error response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorFormat {
    /// RFC 9457 problem details, `application/problem+json`.
    Problem,
    /// A JSON body of the API's own, from a template with `{status}`, `{reason}`,
    /// `{description}`, `{type}` and `{path}` placeholders.
    Custom {
        /// The `Content-Type` of error responses.
        content_type: String,
        /// The body, with placeholders.
        template: String,
    },
}

impl Default for Examples {
    fn default() -> Self {
        Self {
            base_url: "https://api.example.com".to_string(),
            error: ErrorFormat::Problem,
            auth: Auth::Bearer,
            resource: "/orders".to_string(),
            id: "8472".to_string(),
            body: "{\n  \"items\": [{ \"sku\": \"BK-1024\", \"quantity\": 2 }]\n}".to_string(),
            problem_base: "https://api.example.com/problems/".to_string(),
            idempotency_header: Some("Idempotency-Key".to_string()),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            book: Book {
                title: "Status codes".to_string(),
                description: None,
                authors: Vec::new(),
                language: "en".to_string(),
                src: PathBuf::from("content"),
            },
            build_dir: PathBuf::from("book"),
            build_dir_at: None,
            html: Html::default(),
            mkdocs: false,
            table: Table::default(),
            examples: Examples::default(),
        }
    }
}

impl Config {
    /// Parses `book.toml`, reporting every problem in it, not only the first.
    pub fn parse(source: &SourceFile) -> Result<Config, Vec<Diagnostic>> {
        let mut doc = Fields::parse(source).map_err(|e| vec![e])?;
        let mut config = Config::default();
        let mut errors = Vec::new();

        if let Some(mut book) = doc.table("book") {
            read_book(&mut book, &mut config.book);
            errors.extend(book.finish());
        }
        if let Some(mut build) = doc.table("build") {
            if let Some(dir) = build.string("build-dir")
                && let Some(path) = relative_path(&mut build, &dir, "build-dir")
            {
                config.build_dir = path;
                config.build_dir_at = Some(dir.at.clone());
            }
            errors.extend(build.finish());
        }
        if let Some(mut output) = doc.table("output") {
            if let Some(mut html) = output.table("html") {
                read_html(&mut html, &mut config.html);
                errors.extend(html.finish());
            }
            if let Some(mkdocs) = output.table("mkdocs") {
                config.mkdocs = true;
                errors.extend(mkdocs.finish());
            }
            errors.extend(output.finish());
        }
        if let Some(mut examples) = doc.table("examples") {
            read_examples(&mut examples, &mut config.examples);
            errors.extend(examples.finish());
        }
        if let Some(mut table) = doc.table("table") {
            if let Some(custom) = table.bool("custom-codes") {
                config.table.custom_codes = custom.value;
            }
            errors.extend(table.finish());
        }
        errors.extend(doc.finish());
        errors.sort_by_key(|e| e.location.as_ref().map(|a| (a.at.span.line, a.at.span.col)));

        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }
}

fn read_book(fields: &mut Fields<'_>, book: &mut Book) {
    if let Some(title) = fields.string("title") {
        if title.value.trim().is_empty() {
            fields.invalid(&title, "`book.title` is empty".into(), "");
        } else {
            book.title = title.value.trim().to_string();
        }
    }
    book.description = fields
        .string("description")
        .map(|d| d.value.trim().to_string())
        .filter(|d| !d.is_empty());
    if let Some(authors) = fields.strings("authors") {
        book.authors = authors.into_iter().map(|a| a.value).collect();
    }
    if let Some(language) = fields.string("language") {
        if is_language_tag(&language.value) {
            book.language = language.value;
        } else {
            fields.invalid(
                &language,
                format!("`{}` is not a language tag", language.value),
                "use a BCP 47 tag such as `en`, `de` or `pt-BR`",
            );
        }
    }
    if let Some(src) = fields.string("src")
        && let Some(path) = relative_path(fields, &src, "src")
    {
        book.src = path;
    }
}

fn read_html(fields: &mut Fields<'_>, html: &mut Html) {
    if let Some(url) = fields.string("site-url") {
        let mut value = url.value.trim().to_string();
        if value.contains(char::is_whitespace) || value.is_empty() {
            fields.invalid(
                &url,
                "`output.html.site-url` is not a URL".into(),
                "write the address the site is published at, like `https://api.example.com/status/`",
            );
        } else {
            if !value.ends_with('/') {
                value.push('/');
            }
            html.site_url = Some(value);
        }
    }
    if let Some(trusted) = fields.bool("trusted-html") {
        html.trusted_html = trusted.value;
    }
    if let Some(fragments) = fields.bool("fragments") {
        html.fragments = fragments.value;
    }
    for (key, list) in [
        ("additional-css", &mut html.additional_css),
        ("additional-js", &mut html.additional_js),
    ] {
        for item in fields.strings(key).unwrap_or_default() {
            if let Some(path) = relative_path(fields, &item, key) {
                list.push(Spanned {
                    value: path,
                    at: item.at,
                });
            }
        }
    }
}

fn read_examples(fields: &mut Fields<'_>, examples: &mut Examples) {
    if let Some(url) = fields.string("base-url") {
        let value = url.value.trim().trim_end_matches('/');
        let host = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"))
            .and_then(|rest| rest.split('/').next())
            .filter(|host| !host.is_empty() && !host.contains(char::is_whitespace));
        match host {
            Some(host) => {
                let origin = &value[..value.find(host).unwrap_or(0) + host.len()];
                examples.problem_base = format!("{origin}/problems/");
                examples.base_url = value.to_string();
            }
            None => fields.invalid(
                &url,
                "`examples.base-url` is not an http(s) URL".into(),
                "write the API's address, like `https://api.example.com/v1`",
            ),
        }
    }
    if let Some(auth) = fields.string("auth") {
        match auth.value.trim() {
            "bearer" => examples.auth = Auth::Bearer,
            "basic" => examples.auth = Auth::Basic,
            "none" => examples.auth = Auth::None,
            other => match other.strip_prefix("header:").map(str::trim) {
                Some(name) if is_token(name) => examples.auth = Auth::Header(name.to_string()),
                _ => fields.invalid(
                    &auth,
                    format!("`examples.auth` cannot be `{}`", auth.value),
                    "write \"bearer\", \"basic\", \"none\", or \"header:<Name>\" for an API key header, like \"header:X-Api-Key\"",
                ),
            },
        }
    }
    if let Some(resource) = fields.string("resource") {
        let path = resource.value.trim().trim_end_matches('/');
        if path.starts_with('/') && path.len() > 1 && !path.contains(['?', '#', ' ']) {
            examples.resource = path.to_string();
        } else {
            fields.invalid(
                &resource,
                "`examples.resource` is not a path".into(),
                "write the collection's path under base-url, like \"/orders\"",
            );
        }
    }
    if let Some(id) = fields.string("id") {
        let value = id.value.trim();
        if !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
        {
            examples.id = value.to_string();
        } else {
            fields.invalid(
                &id,
                "`examples.id` must be a URL path segment".into(),
                "letters, digits, `-`, `_`, `.` and `~`, like \"ord_8472\"",
            );
        }
    }
    if let Some(body) = fields.string("body") {
        match serde_json::from_str::<serde_json::Value>(&body.value) {
            Ok(value) if value.is_object() => {
                examples.body = serde_json::to_string_pretty(&value).expect("JSON serialises");
            }
            _ => fields.invalid(
                &body,
                "`examples.body` is not a JSON object".into(),
                "write the JSON a request that creates a member sends, like '{\"cart_id\": \"crt_9e1\"}'",
            ),
        }
    }
    if let Some(base) = fields.string("problem-base") {
        let value = base.value.trim();
        if value.starts_with("https://") || value.starts_with("http://") {
            examples.problem_base = if value.ends_with('/') {
                value.to_string()
            } else {
                format!("{value}/")
            };
        } else {
            fields.invalid(
                &base,
                "`examples.problem-base` is not an http(s) URL".into(),
                "write where the API's problem types live, like \"https://api.example.com/problems/\"",
            );
        }
    }
    if let Some(header) = fields.string("idempotency-header") {
        let name = header.value.trim();
        if name.is_empty() {
            examples.idempotency_header = None;
        } else if is_token(name) {
            examples.idempotency_header = Some(name.to_string());
        } else {
            fields.invalid(
                &header,
                format!("`{name}` is not a header name"),
                "write a header name like \"Idempotency-Key\", or \"\" if the API has none",
            );
        }
    }
    let content_type = fields.string("error-content-type");
    if let Some(body) = fields.string("error-body") {
        match check_error_template(&body.value) {
            Ok(()) => {
                examples.error = ErrorFormat::Custom {
                    content_type: content_type
                        .map_or_else(|| "application/json".to_string(), |c| c.value),
                    template: body.value.trim().to_string(),
                }
            }
            Err(problem) => fields.invalid(
                &body,
                format!("`examples.error-body` is not JSON once filled in: {problem}"),
                "placeholders {status}, {reason}, {description}, {type} and {path} are replaced inside the JSON; write {status} bare and the others inside quotes",
            ),
        }
    } else if let Some(content_type) = content_type {
        fields.invalid(
            &content_type,
            "`examples.error-content-type` needs an `error-body`".into(),
            "problem details are always `application/problem+json`",
        );
    }
}

/// Fills an `error-body` template; string values are JSON-escaped, `{status}` is a number.
pub fn fill_error_body(
    template: &str,
    code: u32,
    reason: &str,
    description: &str,
    kind: &str,
    path: &str,
) -> String {
    let escape = |s: &str| {
        let quoted = serde_json::to_string(s).expect("strings serialise");
        quoted[1..quoted.len() - 1].to_string()
    };
    template
        .replace("{status}", &code.to_string())
        .replace("{reason}", &escape(reason))
        .replace("{description}", &escape(description))
        .replace("{type}", &escape(kind))
        .replace("{path}", &escape(path))
}

/// Checks that an `error-body` template is JSON once filled in; on error, what is wrong.
pub fn check_error_template(template: &str) -> Result<(), String> {
    let filled = fill_error_body(
        template,
        404,
        "Not \"Found\"",
        "A \\ description",
        "not-found",
        "/v1/x",
    );
    serde_json::from_str::<serde_json::Value>(&filled)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Whether `name` can be a header field name (an RFC 9110 §5.6.2 token).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// A path inside the site folder; an absolute path or one that climbs out with `..` is an error.
fn relative_path(fields: &mut Fields<'_>, value: &Spanned<String>, key: &str) -> Option<PathBuf> {
    let path = Path::new(value.value.trim());
    let inside = !value.value.trim().is_empty()
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if inside {
        Some(path.components().collect())
    } else {
        fields.invalid(
            value,
            format!("`{key}` must be a relative path inside the site folder"),
            "paths in book.toml are relative to the folder that holds it, without `..`",
        );
        None
    }
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    parts.next().is_some_and(|primary| {
        (2..=8).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic())
    }) && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn parse(text: &str) -> Result<Config, Vec<String>> {
        let source = SourceFile::new(Arc::from(Path::new("book.toml")), text.to_string());
        Config::parse(&source).map_err(|errors| errors.iter().map(|e| e.one_line()).collect())
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let config = parse("").unwrap();
        assert_eq!(config.book.title, "Status codes");
        assert_eq!(config.book.language, "en");
        assert_eq!(config.book.src, Path::new("content"));
        assert_eq!(config.build_dir, Path::new("book"));
        assert!(!config.table.custom_codes);
        assert!(config.html.site_url.is_none());
    }

    #[test]
    fn reads_every_documented_key() {
        let config = parse(
            r#"
[book]
title = "Acme API status codes"
description = "What our codes mean."
authors = ["Platform team"]
language = "pt-BR"
src = "docs"

[build]
build-dir = "public/site"

[output.html]
site-url = "https://acme.example/status"
additional-css = ["theme/brand.css"]
additional-js = ["theme/analytics.js"]
fragments = true

[output.mkdocs]

[table]
custom-codes = true

[examples]
base-url = "https://api.acme.example/v2/"
error-body = '{"error": {"code": {status}, "message": "{description}"}}'
"#,
        )
        .unwrap();
        assert_eq!(config.book.title, "Acme API status codes");
        assert_eq!(
            config.book.description.as_deref(),
            Some("What our codes mean.")
        );
        assert_eq!(config.book.authors, ["Platform team"]);
        assert_eq!(config.book.language, "pt-BR");
        assert_eq!(config.book.src, Path::new("docs"));
        assert_eq!(config.build_dir, Path::new("public/site"));
        assert_eq!(
            config.html.site_url.as_deref(),
            Some("https://acme.example/status/")
        );
        assert_eq!(
            config.html.absolute_site_url(),
            Some("https://acme.example/status/")
        );
        assert_eq!(
            config.html.additional_css[0].value,
            Path::new("theme/brand.css")
        );
        assert_eq!(
            config.html.additional_js[0].value,
            Path::new("theme/analytics.js")
        );
        assert!(config.table.custom_codes);
        assert!(config.html.fragments);
        assert!(config.mkdocs);
        assert_eq!(config.examples.base_url, "https://api.acme.example/v2");
        assert_eq!(
            config.examples.error,
            ErrorFormat::Custom {
                content_type: "application/json".into(),
                template: r#"{"error": {"code": {status}, "message": "{description}"}}"#.into(),
            }
        );
    }

    #[test]
    fn example_settings_are_checked() {
        let errors = parse(
            "[examples]\nbase-url = \"ftp://x\"\nerror-body = '{\"status\": \"{status}\",}'\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("`examples.base-url` is not an http(s) URL"));
        assert!(errors[1].contains("`examples.error-body` is not JSON once filled in"));
        let defaults = parse("").unwrap().examples;
        assert_eq!(defaults.base_url, "https://api.example.com");
        assert_eq!(defaults.error, ErrorFormat::Problem);
    }

    #[test]
    fn a_relative_site_url_is_kept_but_not_absolute() {
        let config = parse("[output.html]\nsite-url = \"/status/\"\n").unwrap();
        assert_eq!(config.html.site_url.as_deref(), Some("/status/"));
        assert_eq!(config.html.absolute_site_url(), None);
        assert_eq!(config.html.site_path(), Some("/status/"));
        let absolute = parse("[output.html]\nsite-url = \"https://x.test/a/b\"\n").unwrap();
        assert_eq!(absolute.html.site_path(), Some("/a/b/"));
        let host = parse("[output.html]\nsite-url = \"https://x.test\"\n").unwrap();
        assert_eq!(host.html.site_path(), Some("/"));
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let errors = parse(
            "[book]\ntitel = \"x\"\nlanguage = \"english language\"\n\n[build]\nbuild-dir = \"../out\"\n\n[output.pdf]\n\n[table]\ncustom-codes = \"yes\"\n",
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "book.toml:2:1: error: unknown key `book.titel`",
                "book.toml:3:12: error: `english language` is not a language tag",
                "book.toml:6:13: error: `build-dir` must be a relative path inside the site folder",
                "book.toml:8:9: error: unknown key `output.pdf`",
                "book.toml:11:16: error: expected `table.custom-codes` to be `true` or `false`, found a string",
            ]
        );
    }

    #[test]
    fn unknown_top_level_tables_get_a_suggestion() {
        let source = SourceFile::new(Arc::from(Path::new("book.toml")), "[buidl]\n".into());
        let errors = Config::parse(&source).unwrap_err();
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `build`?"));
    }

    #[test]
    fn absolute_paths_are_refused() {
        let errors = parse("[output.html]\nadditional-css = [\"/etc/passwd\"]\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("`additional-css` must be a relative path"));
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "pt-BR", "zh-Hant-TW", "de-CH-1996"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "e", "english language", "en_US", "en-", "<x>"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
