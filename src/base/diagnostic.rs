//! Problems found in a site's input, and how to show them to a person.
//!
//! Library code collects [`Diagnostic`]s and returns them; only `main.rs`
//! decides to print them (with [`render`]).

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::base::span::Located;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing, not a problem: the build goes on, and `--strict` lets it pass.
    Note,
    /// The build goes on; the output is still correct.
    Warning,
    /// The build stops and writes nothing.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A place shown in a diagnostic, with what to say under the caret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotated {
    /// Where, with its line.
    pub at: Located,
    /// What to say under the caret, if anything.
    pub label: Option<String>,
}

impl Annotated {
    fn new(at: Located, label: impl Into<String>) -> Self {
        let label = label.into();
        Self {
            at,
            label: (!label.is_empty()).then_some(label),
        }
    }
}

/// One problem in the input: what is wrong, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence, lower-case, no full stop (like rustc).
    pub message: String,
    /// Where it is wrong (boxed: diagnostics travel in `Result`s and should stay small).
    pub location: Option<Box<Annotated>>,
    /// Other places that explain it ("first defined here").
    pub notes: Vec<Annotated>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A warning with no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    /// A note (worth knowing, not a problem) with no location yet.
    pub fn notice(message: impl Into<String>) -> Self {
        Self::new(Severity::Note, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Self {
            severity,
            message: message.into(),
            location: None,
            notes: Vec::new(),
            hint: None,
        }
    }

    /// Points the problem at a place, with `label` under the caret (may be empty).
    pub fn at(mut self, at: Located, label: impl Into<String>) -> Self {
        self.location = Some(Box::new(Annotated::new(at, label)));
        self
    }

    /// Adds a second place, such as the first definition of a duplicate.
    pub fn note(mut self, at: Located, label: impl Into<String>) -> Self {
        self.notes.push(Annotated::new(at, label));
        self
    }

    /// Says how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The short form: `file:line:col: severity: message`, for editors and CI logs.
    pub fn one_line(&self) -> String {
        match &self.location {
            Some(a) => format!("{}: {}: {}", a.at.span, self.severity, self.message),
            None => format!("{}: {}", self.severity, self.message),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.one_line())
    }
}

/// Problems collected while reading a site; stages add to it and stop at errors.
#[derive(Debug, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// All problems, in the order found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<T: IntoIterator<Item = Diagnostic>>(&mut self, iter: T) {
        self.0.extend(iter);
    }
}

/// Problems sorted by file, line and column, so they read top to bottom; problems without
/// a place come first, and problems at one place keep their order.
pub fn in_file_order(mut all: Vec<Diagnostic>) -> Vec<Diagnostic> {
    all.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.at.span.file.clone(), l.at.span.line, l.at.span.col))
        };
        key(a).cmp(&key(b))
    });
    all
}

/// Renders diagnostics the way rustc does: the source line, a caret under the column, a hint.
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&renderer.render(&report(diagnostic)));
        out.push_str("\n\n");
    }
    out
}

fn report(d: &Diagnostic) -> Vec<Group<'_>> {
    let level = match d.severity {
        Severity::Note => Level::NOTE,
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(level.primary_title(d.message.as_str()));
    if let Some(at) = &d.location {
        group = group.element(snippet(at, AnnotationKind::Primary));
    }
    for note in &d.notes {
        group = group.element(snippet(note, AnnotationKind::Context));
    }
    if let Some(hint) = &d.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    vec![group]
}

fn snippet(annotated: &Annotated, kind: AnnotationKind) -> annotate_snippets::Element<'_> {
    let Annotated { at, label } = annotated;
    let path = at.span.file.to_string_lossy().into_owned();
    if !at.span.has_position() {
        return Origin::path(path).into();
    }
    let range = byte_range(&at.line_text, at.span.col, at.span.len);
    let mut annotation = kind.span(range);
    if let Some(label) = label {
        annotation = annotation.label(label.as_str());
    }
    Snippet::source(&*at.line_text)
        .line_start(at.span.line)
        .path(path)
        .annotation(annotation)
        .into()
}

/// The byte range in `line` of `len` characters from the 1-based character column `col`.
fn byte_range(line: &str, col: usize, len: usize) -> std::ops::Range<usize> {
    let offset = |chars: usize| {
        line.char_indices()
            .nth(chars)
            .map_or(line.len(), |(i, _)| i)
    };
    let start = offset(col.saturating_sub(1));
    let end = offset(col.saturating_sub(1) + len.max(1)).max(start);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::source::SourceFile;
    use std::path::Path;
    use std::sync::Arc;

    #[test]
    fn renders_source_line_caret_and_hint() {
        let source = SourceFile::new(
            Arc::from(Path::new("content/codes.txt")),
            "200 OK: fine\n4x4 Bad: no\n".into(),
        );
        let d = Diagnostic::error("expected a status code")
            .at(source.locate(14..15), "not a digit")
            .hint("a line starts with the numeric code, like `404 Not Found: ...`");
        let text = render(std::slice::from_ref(&d), false);
        assert!(text.contains("error: expected a status code"), "{text}");
        assert!(text.contains("content/codes.txt:2:2"), "{text}");
        assert!(text.contains("4x4 Bad: no"), "{text}");
        assert!(text.contains("^ not a digit"), "{text}");
        assert!(text.contains("help: a line starts"), "{text}");
        assert_eq!(
            d.one_line(),
            "content/codes.txt:2:2: error: expected a status code"
        );
    }

    #[test]
    fn byte_ranges_follow_characters_not_bytes() {
        assert_eq!(byte_range("éa:b", 3, 1), 3..4);
        assert_eq!(byte_range("ab", 5, 1), 2..2);
    }
}
