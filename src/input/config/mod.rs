//! `book.toml`: the site's settings, with mdBook's key names where they exist.

use std::path::{Component, Path, PathBuf};

use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;
use crate::base::span::{Located, Spanned};
use crate::input::toml_fields::Fields;

mod api;
mod examples;

use api::read_api;
pub use api::{Api, operation_url};
use examples::read_examples;
pub use examples::{Auth, ErrorFormat, Examples, check_error_template, fill_error_body};

/// Everything `book.toml` can say, with defaults filled in.
#[derive(Clone, Debug)]
pub struct Config {
    /// `[book]`
    pub book: Book,
    /// `[build] build-dir`: where the site is written, relative to the site folder.
    pub build_dir: PathBuf,
    /// Where `build-dir` was written, if it was.
    pub build_dir_at: Option<Located>,
    /// Where `[output.html]` begins, else the file: where a missing `site-url` belongs.
    pub html_at: Located,
    /// `[output.html]`
    pub html: Html,
    /// `[output.mkdocs]`: also write a MkDocs project (for Backstage TechDocs).
    pub mkdocs: bool,
    /// `[table]`: statusbook's own settings for the code table.
    pub table: Table,
    /// `[examples]`: how generated example exchanges look.
    pub examples: Examples,
    /// `[api]`: the API's OpenAPI document.
    pub api: Api,
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
#[derive(Clone, Debug)]
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
    /// What every id in a fragment starts with, `{code}` standing for its code, so that
    /// fragments of several codes can share a host page.
    pub fragment_id_prefix: String,
    /// The level of a fragment's title heading (`<h2>`); its sections are one below.
    pub fragment_heading_level: u8,
    /// Keep raw HTML in the pages' Markdown as written, scripts and all (never in fragments).
    pub trusted_html: bool,
}

impl Default for Html {
    fn default() -> Self {
        Html {
            site_url: None,
            additional_css: Vec::new(),
            additional_js: Vec::new(),
            fragments: false,
            fragment_id_prefix: "statusbook-{code}-".to_string(),
            fragment_heading_level: 2,
            trusted_html: false,
        }
    }
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
            html_at: Located::file(std::sync::Arc::from(Path::new("book.toml"))),
            html: Html::default(),
            mkdocs: false,
            table: Table::default(),
            examples: Examples::default(),
            api: Api::default(),
        }
    }
}

impl Config {
    /// Parses `book.toml`, reporting every problem in it, not only the first.
    pub fn parse(source: &SourceFile) -> Result<Config, Vec<Diagnostic>> {
        let mut doc = Fields::parse(source).map_err(|e| vec![e])?;
        let mut config = Config {
            html_at: section_start(source, "[output.html]"),
            ..Config::default()
        };
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
        if let Some(mut api) = doc.table("api") {
            read_api(&mut api, &mut config.api);
            errors.extend(api.finish());
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

/// Where the line `header` is in `source`, else the whole file.
fn section_start(source: &SourceFile, header: &str) -> Located {
    let mut offset = 0;
    for line in source.text().split_inclusive('\n') {
        if line.trim() == header {
            return source.locate(offset..offset + header.len());
        }
        offset += line.len();
    }
    Located::file(source.path().clone())
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
    if let Some(prefix) = fields.string("fragment-id-prefix") {
        let valid = !prefix.value.is_empty()
            && prefix.value.starts_with(|c: char| c.is_ascii_alphabetic())
            && prefix
                .value
                .replace("{code}", "0")
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if valid {
            html.fragment_id_prefix = prefix.value;
        } else {
            fields.invalid(
                &prefix,
                format!("`{}` cannot start an id", prefix.value),
                "use a letter, then letters, digits, `-`, `_` and `{code}`, such as \"api-{code}-\"",
            );
        }
    }
    if let Some(level) = fields.integer("fragment-heading-level") {
        match u8::try_from(level.value) {
            Ok(value @ 1..=5) => html.fragment_heading_level = value,
            _ => fields.invalid(
                &level,
                format!(
                    "`{}` is not a heading level for a fragment's title",
                    level.value
                ),
                "use 1 to 5: the title is <h1> to <h5>, and its sections one level below",
            ),
        }
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

/// A path inside the site folder; an absolute path or one that climbs out with `..` is an error.
pub(super) fn relative_path(
    fields: &mut Fields<'_>,
    value: &Spanned<String>,
    key: &str,
) -> Option<PathBuf> {
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
    fn fragment_ids_and_heading_level_are_checked() {
        let config = parse(
            "[output.html]\nfragment-id-prefix = \"api-{code}-\"\nfragment-heading-level = 3\n",
        )
        .unwrap();
        assert_eq!(config.html.fragment_id_prefix, "api-{code}-");
        assert_eq!(config.html.fragment_heading_level, 3);
        let defaults = parse("").unwrap();
        assert_eq!(defaults.html.fragment_id_prefix, "statusbook-{code}-");
        assert_eq!(defaults.html.fragment_heading_level, 2);
        let errors =
            parse("[output.html]\nfragment-id-prefix = \"9 x\"\nfragment-heading-level = 6\n")
                .unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("cannot start an id"), "{errors:?}");
        assert!(errors[1].contains("not a heading level"), "{errors:?}");
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
