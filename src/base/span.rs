//! Where a user wrote something: source files and positions inside them.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// A position in a file the user wrote, 1-based, with the length of what it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The file, as the user would type it (relative to where statusbook was run).
    pub file: Arc<Path>,
    /// Line number, starting at 1.
    pub line: usize,
    /// Column in characters, starting at 1.
    pub col: usize,
    /// How many characters the span covers on its line (at least 1 for a caret).
    pub len: usize,
}

impl Span {
    /// A span that names a whole file rather than a place in it.
    pub fn file(file: Arc<Path>) -> Self {
        Self {
            file,
            line: 0,
            col: 0,
            len: 0,
        }
    }

    /// Whether this span points into the file (as opposed to naming the file only).
    pub fn has_position(&self) -> bool {
        self.line > 0
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_position() {
            write!(f, "{}:{}:{}", self.file.display(), self.line, self.col)
        } else {
            write!(f, "{}", self.file.display())
        }
    }
}

/// A span with the text of its line, so a diagnostic can show it long after the file was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// Where.
    pub span: Span,
    /// The whole source line the span is on (empty when the span names only a file).
    pub line_text: Arc<str>,
}

impl Located {
    /// Names a whole file, not a place in it.
    pub fn file(file: Arc<Path>) -> Self {
        Self {
            span: Span::file(file),
            line_text: Arc::from(""),
        }
    }
}

/// A value the user wrote, with where they wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub at: Located,
}

/// Joins a path under the site directory the way a user would write it
/// (`content/codes.txt` rather than `./content/codes.txt`).
pub fn display_path(dir: &Path, relative: impl AsRef<Path>) -> Arc<Path> {
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        Arc::from(relative.as_ref())
    } else {
        Arc::from(dir.join(relative).as_path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_display_as_file_line_column() {
        let s = Span {
            file: Arc::from(Path::new("t.txt")),
            line: 1,
            col: 1,
            len: 1,
        };
        assert_eq!(s.to_string(), "t.txt:1:1");
        assert_eq!(Span::file(s.file.clone()).to_string(), "t.txt");
    }

    #[test]
    fn display_paths_drop_the_current_directory() {
        assert_eq!(
            &*display_path(Path::new("."), "book.toml"),
            Path::new("book.toml")
        );
        assert_eq!(
            &*display_path(Path::new("site"), "book.toml"),
            Path::new("site/book.toml")
        );
    }
}
