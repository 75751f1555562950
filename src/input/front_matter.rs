//! Front matter: the optional TOML block between `+++` lines at the top of a Markdown page.

use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;
use crate::base::span::Spanned;
use crate::input::toml_fields::{BoolOrStrings, Fields};
use crate::knowledge::{self, Policy, Retry};
use crate::text::markdown::slug;

/// A page's file cut in two: the front matter's TOML (if any) and the Markdown body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines, as its own source that keeps the file's line numbers.
    pub front_matter: Option<SourceFile>,
    /// The Markdown after the closing `+++` (or the whole file).
    pub body: &'a str,
}

/// Cuts `source` into front matter and body.
pub fn split(source: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = source.text();
    let first_line = text.split_inclusive('\n').next().unwrap_or("");
    match first_line.trim_end() {
        "+++" => {}
        "---" => {
            return Err(Diagnostic::error("front matter must be TOML between `+++` lines")
                .at(source.locate(0..3), "YAML-style front matter starts here")
                .hint("write `+++` on the first line and on the line that ends the front matter, with `key = value` lines between"));
        }
        _ => {
            return Ok(Split {
                front_matter: None,
                body: text,
            });
        }
    }
    let toml_start = first_line.len();
    let mut offset = toml_start;
    for line in text[toml_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let toml = text[toml_start..offset].to_string();
            return Ok(Split {
                front_matter: Some(SourceFile::with_first_line(source.path().clone(), toml, 2)),
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("front matter is not closed")
        .at(source.locate(0..3), "front matter opens here")
        .hint("end the front matter with a line holding only `+++`"))
}

/// Front matter of a code's page (`content/codes/<code>.md`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeMeta {
    /// One sentence for search results and the meta description.
    pub summary: Option<String>,
    /// Codes to point readers to, as written (checked against the table later).
    pub related: Vec<Spanned<u32>>,
    /// The defining specification, like `RFC 9110 §15.5.5`.
    pub spec: Option<Spanned<String>>,
    /// Other names people use for the code.
    pub aliases: Vec<String>,
    /// Search terms that are not in the text.
    pub keywords: Vec<String>,
    /// Whether a client may retry, overriding the default for the code.
    pub retryable: Option<bool>,
    /// Whether the response is cacheable by default, overriding RFC 9110's list.
    pub cacheable: Option<bool>,
    /// Which built-in sections the page shows besides its own (`builtin = ...`).
    pub builtin: Builtin,
    /// Changes to the code's client-behaviour policy (`[policy]`).
    pub policy: PolicyOverride,
}

/// What a page's `[policy]` table changes in the code's built-in client-behaviour policy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyOverride {
    /// `retry = "wait"`.
    pub retry: Option<Retry>,
    /// `retry-when = "fresh credentials"`.
    pub retry_when: Option<String>,
    /// `retry-after = true`.
    pub retry_after: Option<bool>,
    /// `idempotent-only = true`.
    pub idempotent_only: Option<bool>,
    /// `attempts = 4`.
    pub attempts: Option<u32>,
    /// `max-wait = 3600`, in seconds.
    pub max_wait: Option<u32>,
}

impl PolicyOverride {
    /// `policy` with this page's changes made.
    pub fn apply(&self, mut policy: Policy) -> Policy {
        if let Some(retry) = self.retry {
            policy.retry = retry;
        }
        if let Some(when) = &self.retry_when {
            policy.retry_when = Some(when.clone().into());
        }
        if let Some(retry_after) = self.retry_after {
            policy.retry_after = retry_after;
        }
        if let Some(idempotent_only) = self.idempotent_only {
            policy.idempotent_only = idempotent_only;
        }
        if self.attempts.is_some() {
            policy.attempts = self.attempts;
        }
        if self.max_wait.is_some() {
            policy.max_wait = self.max_wait;
        }
        policy
    }
}

/// Which built-in sections (from the knowledge base) a code page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Builtin {
    /// All of them, but those the page replaces with a section of the same name.
    #[default]
    All,
    /// Only these (by id, `common-causes`), but those the page replaces.
    Only(Vec<&'static str>),
}

impl Builtin {
    /// Whether the built-in section `id` may be shown.
    pub fn shows(&self, id: &str) -> bool {
        match self {
            Builtin::All => true,
            Builtin::Only(ids) => ids.contains(&id),
        }
    }
}

/// Front matter of any other page (`content/*.md`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageMeta {
    /// The page title; without it, the page's first `#` heading is the title.
    pub title: Option<String>,
    /// One sentence for the meta description.
    pub description: Option<String>,
    /// Position in the navigation: lower first, then by title.
    pub weight: i64,
}

/// Reads a code page's front matter.
pub fn code_meta(toml: &SourceFile) -> Result<CodeMeta, Vec<Diagnostic>> {
    let mut fields = Fields::parse(toml).map_err(|e| vec![e])?;
    let mut meta = CodeMeta {
        summary: text(fields.string("summary")),
        ..CodeMeta::default()
    };
    let mut meta_errors = Vec::new();
    for code in fields.integers("related").unwrap_or_default() {
        match u32::try_from(code.value) {
            Ok(n) if n > 0 => meta.related.push(Spanned {
                value: n,
                at: code.at,
            }),
            _ => fields.invalid(
                &code,
                format!("`{}` is not a status code", code.value),
                "`related` lists codes from the table, like `related = [401, 403]`",
            ),
        }
    }
    meta.spec = fields.string("spec").filter(|s| !s.value.trim().is_empty());
    meta.aliases = strings(fields.strings("aliases"));
    meta.keywords = strings(fields.strings("keywords"));
    meta.retryable = fields.bool("retryable").map(|b| b.value);
    meta.cacheable = fields.bool("cacheable").map(|b| b.value);
    if let Some(mut table) = fields.table("policy") {
        meta.policy = policy_override(&mut table);
        meta_errors.extend(table.finish());
    }
    meta.builtin = match fields.bool_or_strings("builtin") {
        None => Builtin::All,
        Some(BoolOrStrings::Bool(on)) if on.value => Builtin::All,
        Some(BoolOrStrings::Bool(_)) => Builtin::Only(Vec::new()),
        Some(BoolOrStrings::Strings(names)) => {
            let mut ids = Vec::new();
            for name in names {
                match knowledge::section_named(&slug(&name.value)) {
                    Some(section) => ids.push(section.id),
                    None => {
                        let known: Vec<String> = knowledge::SECTIONS
                            .iter()
                            .map(|s| format!("\"{}\"", s.title))
                            .collect();
                        let hint = format!("the built-in sections are {}", known.join(", "));
                        fields.invalid(
                            &name,
                            format!("`{}` is not a built-in section", name.value),
                            &hint,
                        );
                    }
                }
            }
            Builtin::Only(ids)
        }
    };
    let mut errors = fields.finish();
    errors.extend(meta_errors);
    if errors.is_empty() {
        Ok(meta)
    } else {
        Err(errors)
    }
}

/// Reads a page's `[policy]` table.
fn policy_override(fields: &mut Fields<'_>) -> PolicyOverride {
    const RETRIES: [(&str, Retry); 6] = [
        ("none", Retry::None),
        ("redirect", Retry::Redirect),
        ("fix", Retry::Fix),
        ("after-change", Retry::AfterChange),
        ("wait", Retry::Wait),
        ("backoff", Retry::Backoff),
    ];
    let mut policy = PolicyOverride::default();
    if let Some(retry) = fields.string("retry") {
        match RETRIES.iter().find(|(name, _)| *name == retry.value.trim()) {
            Some((_, kind)) => policy.retry = Some(*kind),
            None => fields.invalid(
                &retry,
                format!("`{}` is not a retry policy", retry.value),
                "`retry` is one of \"none\", \"redirect\", \"fix\", \"after-change\", \"wait\" or \"backoff\"",
            ),
        }
    }
    policy.retry_when = text(fields.string("retry-when"));
    policy.retry_after = fields.bool("retry-after").map(|b| b.value);
    policy.idempotent_only = fields.bool("idempotent-only").map(|b| b.value);
    for (key, slot, least) in [
        ("attempts", &mut policy.attempts, 1),
        ("max-wait", &mut policy.max_wait, 0),
    ] {
        if let Some(n) = fields.integer(key) {
            match u32::try_from(n.value) {
                Ok(v) if v >= least => *slot = Some(v),
                _ => fields.invalid(
                    &n,
                    format!("`{key}` must be a whole number of at least {least}"),
                    "",
                ),
            }
        }
    }
    policy
}

/// Reads another page's front matter.
pub fn page_meta(toml: &SourceFile) -> Result<PageMeta, Vec<Diagnostic>> {
    let mut fields = Fields::parse(toml).map_err(|e| vec![e])?;
    let meta = PageMeta {
        title: text(fields.string("title")),
        description: text(fields.string("description")),
        weight: fields.integer("weight").map_or(0, |w| w.value),
    };
    finish(fields, meta)
}

fn finish<T>(fields: Fields<'_>, meta: T) -> Result<T, Vec<Diagnostic>> {
    let errors = fields.finish();
    if errors.is_empty() {
        Ok(meta)
    } else {
        Err(errors)
    }
}

fn text(value: Option<Spanned<String>>) -> Option<String> {
    value
        .map(|v| v.value.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn strings(values: Option<Vec<Spanned<String>>>) -> Vec<String> {
    values
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| text(Some(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    fn source(text: &str) -> SourceFile {
        SourceFile::new(Arc::from(Path::new("codes/404.md")), text.to_string())
    }

    #[test]
    fn a_page_without_front_matter_is_all_body() {
        let s = source("Just *Markdown*.\n");
        let split = split(&s).unwrap();
        assert!(split.front_matter.is_none());
        assert_eq!(split.body, "Just *Markdown*.\n");
    }

    #[test]
    fn front_matter_keeps_the_file_line_numbers() {
        let s = source("+++\r\nsummary = \"Gone.\"\r\nrelated = [410, 0]\r\n+++\r\nBody\r\n");
        let split = split(&s).unwrap();
        assert_eq!(split.body, "Body\r\n");
        let errors = code_meta(&split.front_matter.unwrap()).unwrap_err();
        assert_eq!(
            errors[0].one_line(),
            "codes/404.md:3:17: error: `0` is not a status code"
        );
    }

    #[test]
    fn reads_every_code_page_key() {
        let s = source(
            "+++\nsummary = \" No such resource. \"\nrelated = [410, 403]\nspec = \"RFC 9110 §15.5.5\"\naliases = [\"Page not found\"]\nkeywords = [\"missing\", \" \"]\nretryable = false\ncacheable = true\n+++\n",
        );
        let meta = code_meta(&split(&s).unwrap().front_matter.unwrap()).unwrap();
        assert_eq!(meta.summary.as_deref(), Some("No such resource."));
        let related: Vec<u32> = meta.related.iter().map(|r| r.value).collect();
        assert_eq!(related, [410, 403]);
        assert_eq!(meta.related[1].at.span.line, 3);
        assert_eq!(meta.spec.unwrap().value, "RFC 9110 §15.5.5");
        assert_eq!(meta.aliases, ["Page not found"]);
        assert_eq!(meta.keywords, ["missing"]);
        assert_eq!(meta.retryable, Some(false));
        assert_eq!(meta.cacheable, Some(true));
        assert_eq!(meta.builtin, Builtin::All);
    }

    #[test]
    fn builtin_switches_built_in_sections_off_or_names_the_ones_to_keep() {
        let meta = |toml: &str| code_meta(&source(toml));
        assert_eq!(
            meta("builtin = false").unwrap().builtin,
            Builtin::Only(vec![])
        );
        assert_eq!(meta("builtin = true").unwrap().builtin, Builtin::All);
        let only = meta("builtin = [\"What HTTP says\", \"caching\", \"Causes\"]").unwrap();
        assert_eq!(
            only.builtin,
            Builtin::Only(vec!["what-http-says", "caching", "common-causes"])
        );
        let errors = meta("builtin = [\"Cachig\"]").unwrap_err();
        assert_eq!(
            errors[0].one_line(),
            "codes/404.md:1:12: error: `Cachig` is not a built-in section"
        );
        assert!(errors[0].hint.as_deref().unwrap().contains("\"Caching\""));
        let errors = meta("builtin = 3").unwrap_err();
        assert!(
            errors[0]
                .message
                .contains("`true`, `false` or an array of strings")
        );
    }

    #[test]
    fn an_unknown_key_names_file_line_and_a_close_match() {
        let s = source("+++\nsumary = \"x\"\n+++\n");
        let errors = code_meta(&split(&s).unwrap().front_matter.unwrap()).unwrap_err();
        assert_eq!(
            errors[0].one_line(),
            "codes/404.md:2:1: error: unknown key `sumary`"
        );
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn page_front_matter() {
        let s = source("+++\ntitle = \"Errors\"\nweight = 2\n+++\n# Ignored\n");
        let meta = page_meta(&split(&s).unwrap().front_matter.unwrap()).unwrap();
        assert_eq!(meta.title.as_deref(), Some("Errors"));
        assert_eq!(meta.weight, 2);
        let bad = source("+++\nweight = \"first\"\n+++\n");
        let errors = page_meta(&split(&bad).unwrap().front_matter.unwrap()).unwrap_err();
        assert_eq!(
            errors[0].one_line(),
            "codes/404.md:2:10: error: expected `weight` to be an integer, found a string"
        );
    }

    #[test]
    fn unclosed_and_yaml_front_matter_are_errors() {
        let e = split(&source("+++\ntitle = \"x\"\n")).unwrap_err();
        assert_eq!(
            e.one_line(),
            "codes/404.md:1:1: error: front matter is not closed"
        );
        let e = split(&source("---\ntitle: x\n---\n")).unwrap_err();
        assert!(e.message.contains("TOML between `+++`"));
    }

    #[test]
    fn an_empty_front_matter_block_is_fine() {
        let s = source("+++\n+++\nBody");
        let split = split(&s).unwrap();
        assert_eq!(split.body, "Body");
        assert_eq!(
            code_meta(&split.front_matter.unwrap()).unwrap(),
            CodeMeta::default()
        );
    }
}
