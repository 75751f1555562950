//! Reads TOML (book.toml, front matter) key by key, so every mistake points at its line.
//!
//! A reader asks a table for the keys it knows, with their types. Whatever it did not
//! ask for is an unknown key, reported with a "did you mean" from the keys it did ask for.
//! That keeps the list of known keys in one place: the code that reads them.

use toml::de::{DeString, DeTable, DeValue};

use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;
use crate::base::span::Spanned;

type Entry<'a> = (toml::Spanned<DeString<'a>>, toml::Spanned<DeValue<'a>>);

/// A value that is a switch or a list ([`Fields::bool_or_strings`]).
pub enum BoolOrStrings {
    /// `true` or `false`.
    Bool(Spanned<bool>),
    /// An array of strings.
    Strings(Vec<Spanned<String>>),
}

/// The keys of one TOML table, taken one at a time by the code that understands them.
pub struct Fields<'a> {
    source: &'a SourceFile,
    /// Dotted name of this table, for messages (`output.html`); empty for the document.
    name: String,
    entries: Vec<Option<Entry<'a>>>,
    asked: Vec<&'static str>,
    errors: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Parses a whole TOML document; a syntax error comes back as a diagnostic.
    pub fn parse(source: &'a SourceFile) -> Result<Self, Diagnostic> {
        match DeTable::parse(source.text()) {
            Ok(table) => Ok(Self::new(source, String::new(), table.into_inner())),
            Err(error) => {
                let range = error.span().unwrap_or(0..0);
                let message = error.message().lines().next().unwrap_or("").to_string();
                Err(Diagnostic::error(format!("invalid TOML: {message}"))
                    .at(source.locate(range), "")
                    .hint("see https://toml.io for the syntax"))
            }
        }
    }

    fn new(source: &'a SourceFile, name: String, table: DeTable<'a>) -> Self {
        Self {
            source,
            name,
            entries: table.into_iter().map(Some).collect(),
            asked: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// A string value.
    pub fn string(&mut self, key: &'static str) -> Option<Spanned<String>> {
        self.take(key, "a string", |value| match value {
            DeValue::String(s) => Some(s.to_string()),
            _ => None,
        })
    }

    /// A boolean value.
    pub fn bool(&mut self, key: &'static str) -> Option<Spanned<bool>> {
        self.take(key, "`true` or `false`", |value| match value {
            DeValue::Boolean(b) => Some(*b),
            _ => None,
        })
    }

    /// An integer value.
    pub fn integer(&mut self, key: &'static str) -> Option<Spanned<i64>> {
        self.take(key, "an integer", integer)
    }

    /// An array of strings.
    pub fn strings(&mut self, key: &'static str) -> Option<Vec<Spanned<String>>> {
        self.array(key, "a string", |value| match value {
            DeValue::String(s) => Some(s.to_string()),
            _ => None,
        })
    }

    /// An array of integers.
    pub fn integers(&mut self, key: &'static str) -> Option<Vec<Spanned<i64>>> {
        self.array(key, "an integer", integer)
    }

    /// Either `true`/`false` or an array of strings (`builtin = false`, `builtin = ["caching"]`).
    pub fn bool_or_strings(&mut self, key: &'static str) -> Option<BoolOrStrings> {
        let is_array = self
            .entries
            .iter()
            .flatten()
            .any(|(k, v)| k.get_ref() == key && matches!(v.get_ref(), DeValue::Array(_)));
        if is_array {
            self.strings(key).map(BoolOrStrings::Strings)
        } else {
            self.take(
                key,
                "`true`, `false` or an array of strings",
                |value| match value {
                    DeValue::Boolean(b) => Some(*b),
                    _ => None,
                },
            )
            .map(BoolOrStrings::Bool)
        }
    }

    /// A nested table, to be read key by key and then [`finish`](Self::finish)ed.
    pub fn table(&mut self, key: &'static str) -> Option<Fields<'a>> {
        let value = self.remove(key)?;
        let range = value.span();
        match value.into_inner() {
            DeValue::Table(table) => Some(Fields::new(self.source, self.dotted(key), table)),
            other => {
                let found = other.type_str();
                self.type_error(key, "a table", found, range);
                None
            }
        }
    }

    /// Reports every key nobody asked for, and returns all problems found in this table.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        let mut unknown: Vec<Entry<'a>> = self.entries.drain(..).flatten().collect();
        unknown.sort_by_key(|(key, _)| key.span().start);
        for (key, _) in unknown {
            let name = key.get_ref().to_string();
            let mut error = Diagnostic::error(format!("unknown key `{}`", self.dotted(&name)))
                .at(self.source.locate(key.span()), "not a known key");
            error = match did_you_mean(&name, &self.asked) {
                Some(known) => error.hint(format!("did you mean `{known}`?")),
                None => error.hint(format!(
                    "the known keys here are {}",
                    self.asked
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            self.errors.push(error);
        }
        self.errors
    }

    /// Reports a value that has the right type but is not acceptable.
    pub fn invalid(&mut self, at: &Spanned<impl Sized>, message: String, hint: &str) {
        let error = Diagnostic::error(message).at(at.at.clone(), "");
        self.errors.push(if hint.is_empty() {
            error
        } else {
            error.hint(hint)
        });
    }

    fn take<T>(
        &mut self,
        key: &'static str,
        expected: &str,
        convert: impl Fn(&DeValue<'a>) -> Option<T>,
    ) -> Option<Spanned<T>> {
        let value = self.remove(key)?;
        match convert(value.get_ref()) {
            Some(v) => Some(Spanned {
                value: v,
                at: self.source.locate(value.span()),
            }),
            None => {
                let found = value.get_ref().type_str();
                self.type_error(key, expected, found, value.span());
                None
            }
        }
    }

    fn array<T>(
        &mut self,
        key: &'static str,
        expected: &str,
        convert: impl Fn(&DeValue<'a>) -> Option<T>,
    ) -> Option<Vec<Spanned<T>>> {
        let value = self.remove(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            let found = value.get_ref().type_str();
            let expected = format!("an array of {expected}s");
            self.type_error(key, &expected, found, value.span());
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match convert(item.get_ref()) {
                Some(v) => out.push(Spanned {
                    value: v,
                    at: self.source.locate(item.span()),
                }),
                None => {
                    let message = format!(
                        "expected every item of `{}` to be {expected}, found {}",
                        self.dotted(key),
                        article(item.get_ref().type_str())
                    );
                    let at = self.source.locate(item.span());
                    self.errors.push(Diagnostic::error(message).at(at, ""));
                }
            }
        }
        Some(out)
    }

    fn remove(&mut self, key: &'static str) -> Option<toml::Spanned<DeValue<'a>>> {
        self.asked.push(key);
        let slot = self
            .entries
            .iter_mut()
            .find(|e| e.as_ref().is_some_and(|(k, _)| k.get_ref() == key))?;
        slot.take().map(|(_, value)| value)
    }

    fn type_error(
        &mut self,
        key: &str,
        expected: &str,
        found: &str,
        value: std::ops::Range<usize>,
    ) {
        let message = format!(
            "expected `{}` to be {expected}, found {}",
            self.dotted(key),
            article(found)
        );
        let at = self.source.locate(value);
        self.errors
            .push(Diagnostic::error(message).at(at, format!("expected {expected}")));
    }

    fn dotted(&self, key: &str) -> String {
        if self.name.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.name)
        }
    }
}

fn integer(value: &DeValue<'_>) -> Option<i64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

fn article(type_name: &str) -> String {
    match type_name.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

/// The known key closest to `unknown`, if one is close enough to be a likely typo.
pub fn did_you_mean<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    let normalized = unknown.to_ascii_lowercase().replace('_', "-");
    known
        .iter()
        .map(|&k| (k, strsim::jaro_winkler(&normalized, k)))
        .filter(|&(_, score)| score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    fn source(text: &str) -> SourceFile {
        SourceFile::new(Arc::from(Path::new("book.toml")), text.to_string())
    }

    #[test]
    fn reads_typed_values_with_their_lines() {
        let src =
            source("[book]\ntitle = \"T\"\nauthors = [\"a\", \"b\"]\n[x]\nn = 3\nok = true\n");
        let mut doc = Fields::parse(&src).unwrap();
        let mut book = doc.table("book").unwrap();
        let title = book.string("title").unwrap();
        assert_eq!(title.value, "T");
        assert_eq!((title.at.span.line, title.at.span.col), (2, 9));
        assert_eq!(book.strings("authors").unwrap().len(), 2);
        assert!(book.finish().is_empty());
        let mut x = doc.table("x").unwrap();
        assert_eq!(x.integer("n").unwrap().value, 3);
        assert!(x.bool("ok").unwrap().value);
        assert!(x.finish().is_empty());
        assert!(doc.finish().is_empty());
    }

    #[test]
    fn unknown_keys_name_the_key_line_and_a_close_match() {
        let src = source("[build]\nbuild_dir = \"out\"\nzzz = 1\n");
        let mut doc = Fields::parse(&src).unwrap();
        let mut build = doc.table("build").unwrap();
        assert!(build.string("build-dir").is_none());
        let errors = build.finish();
        assert_eq!(errors.len(), 2);
        assert_eq!(
            errors[0].one_line(),
            "book.toml:2:1: error: unknown key `build.build_dir`"
        );
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `build-dir`?"));
        assert_eq!(
            errors[1].hint.as_deref(),
            Some("the known keys here are `build-dir`")
        );
    }

    #[test]
    fn wrong_types_name_the_key_and_both_types() {
        let src = source("title = 3\nlist = [1, \"x\"]\n");
        let mut doc = Fields::parse(&src).unwrap();
        assert!(doc.string("title").is_none());
        assert_eq!(doc.integers("list").unwrap().len(), 1);
        let errors = doc.finish();
        assert_eq!(
            errors[0].one_line(),
            "book.toml:1:9: error: expected `title` to be a string, found an integer"
        );
        assert_eq!(
            errors[1].one_line(),
            "book.toml:2:12: error: expected every item of `list` to be an integer, found a string"
        );
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let src = source("[book]\ntitle = \"unterminated\n");
        let error = Fields::parse(&src).err().unwrap();
        assert!(
            error.one_line().starts_with("book.toml:2:"),
            "{}",
            error.one_line()
        );
        assert!(error.message.starts_with("invalid TOML"));
    }

    #[test]
    fn did_you_mean_only_suggests_close_keys() {
        assert_eq!(did_you_mean("titel", &["title", "src"]), Some("title"));
        assert_eq!(did_you_mean("site_url", &["site-url"]), Some("site-url"));
        assert_eq!(did_you_mean("zebra", &["title", "src"]), None);
    }
}
