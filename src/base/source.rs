//! Input files as text, with an index from byte offsets to lines and columns.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::base::diagnostic::Diagnostic;
use crate::base::span::{Located, Span};

/// The text of one input file, with an index from byte offsets to lines and columns.
#[derive(Debug)]
pub struct SourceFile {
    path: Arc<Path>,
    text: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// Added to every line number: for a piece of a larger file, such as front matter.
    first_line: usize,
}

impl SourceFile {
    /// Indexes `text`, which was read from `path`.
    pub fn new(path: Arc<Path>, text: String) -> Self {
        Self::with_first_line(path, text, 1)
    }

    /// Indexes `text`, a piece of `path` that starts on line `first_line` of it.
    pub fn with_first_line(path: Arc<Path>, text: String, first_line: usize) -> Self {
        // Every page is indexed as it is read: memchr's iterator, not `match_indices`, which
        // costs more per line than finding it.
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Self {
            path,
            text,
            line_starts,
            first_line,
        }
    }

    /// The file this text came from.
    pub fn path(&self) -> &Arc<Path> {
        &self.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The whole text, kept once the file is read.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The span covering the bytes `range` (clamped to its first line, widened to whole characters).
    pub fn span(&self, range: Range<usize>) -> Span {
        let start = self.boundary(range.start, false);
        let index = self.line_index(start);
        let line_start = self.line_starts[index];
        let line = self.line_text_at(index);
        let col = self.text[line_start..start.min(line_start + line.len())]
            .chars()
            .count()
            + 1;
        let end = self
            .boundary(range.end, true)
            .clamp(start, line_start + line.len());
        let len = self.text[start..end].chars().count().max(1);
        Span {
            file: self.path.clone(),
            line: index + self.first_line,
            col,
            len,
        }
    }

    /// The span covering `range`, with the text of its line, ready for a diagnostic.
    pub fn locate(&self, range: Range<usize>) -> Located {
        let span = self.span(range);
        Located {
            line_text: self.line_of(&span).into(),
            span,
        }
    }

    /// The text of the line a span points at, without its line ending.
    pub fn line_of(&self, span: &Span) -> &str {
        match span.line.checked_sub(self.first_line) {
            Some(index) if index < self.line_starts.len() => self.line_text_at(index),
            _ => "",
        }
    }

    /// The nearest character boundary at or before (or after, if `up`) a byte offset.
    fn boundary(&self, offset: usize, up: bool) -> usize {
        let mut i = offset.min(self.text.len());
        while !self.text.is_char_boundary(i) {
            if up { i += 1 } else { i -= 1 }
        }
        i
    }

    fn line_index(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    fn line_text_at(&self, index: usize) -> &str {
        let start = self.line_starts[index];
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// Reads a UTF-8 text file; a leading byte-order mark is dropped, invalid UTF-8 is an error
/// that points at the first bad byte.
pub fn read(path: &Path, display: Arc<Path>) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!(
            "cannot read {}: {}",
            display.display(),
            io_reason(&e)
        ))
        .at(Located::file(display.clone()), "")
    })?;
    decode(bytes, display)
}

/// Turns bytes into a source file, as [`read`] does.
pub fn decode(mut bytes: Vec<u8>, display: Arc<Path>) -> Result<SourceFile, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(display, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text has the same bytes up to the first invalid one.
            let file = SourceFile::new(display, text);
            Err(Diagnostic::error("this file is not valid UTF-8")
                .at(file.locate(valid..valid + 1), "invalid byte here")
                .hint("save the file as UTF-8"))
        }
    }
}

/// A hash of a file's bytes, by which the build folder's manifest tells whether an input
/// changed (see [`crate::write::manifest`]).
pub fn fingerprint(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// Reads a file to copy as it is; an error names the file.
pub fn read_bytes(path: &Path, display: Arc<Path>) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!(
            "cannot read {}: {}",
            display.display(),
            io_reason(&e)
        ))
        .at(Located::file(display), "")
    })
}

/// Every file below `dir` (following links, skipping hidden files and folders), as paths
/// relative to `dir` in the order of walking each folder in file-name order (see
/// [`walk_order`]); a folder that cannot be read is reported.
///
/// A link that leads outside `boundary` (the site folder) is skipped with a warning, so no
/// file from elsewhere on the machine ends up in the site, or on the dev server.
pub fn walk(dir: &Path, boundary: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let inside = boundary
        .canonicalize()
        .unwrap_or_else(|_| boundary.to_path_buf());
    let outside = std::cell::RefCell::new(Vec::new());
    // Walked in the order the system lists folders, and sorted once at the end: walkdir's
    // sort took each name out of its entry's whole path again at every comparison, a fifth
    // of a second for a folder of 100,000 pages, on one core.
    let entries = WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            let escapes = e.path_is_symlink()
                && e.path()
                    .canonicalize()
                    .is_ok_and(|target| !target.starts_with(&inside));
            if escapes {
                outside.borrow_mut().push(e.path().to_path_buf());
            }
            !escapes
        });
    for entry in entries {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                files.push(relative.to_path_buf());
            }
            Ok(_) => {}
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                let reason = error
                    .io_error()
                    .map_or_else(|| error.to_string(), io_reason);
                let problem =
                    Diagnostic::error(format!("cannot read {}: {reason}", path.display()));
                problems.push((path, problem));
            }
        }
    }
    files.sort_by_cached_key(|file| walk_order(file));
    problems.sort_by_cached_key(|problem: &(PathBuf, Diagnostic)| walk_order(&problem.0));
    let mut outside = outside.into_inner();
    outside.sort_by_cached_key(|link| walk_order(link));
    let mut problems: Vec<Diagnostic> = problems.into_iter().map(|(_, p)| p).collect();
    for link in outside {
        problems.push(
            Diagnostic::warning(format!(
                "skipped {}: it links to a file outside the site folder",
                link.display()
            ))
            .at(Located::file(Arc::from(link.as_path())), "")
            .hint("copy the file into the site folder instead of linking to it"),
        );
    }
    (files, problems)
}

/// The key that sorts paths as walking each folder in file-name order lists them: the
/// path's bytes with each separator made 0, below every byte a name can hold, so that
/// `a/z` comes before `a-b` as the folder `a` does.
fn walk_order(path: &Path) -> Vec<u8> {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes
        .iter()
        .map(|&b| {
            if std::path::is_separator(b as char) {
                0
            } else {
                b
            }
        })
        .collect()
}

/// Where `path` really is, if links take it outside `boundary` (the site folder): the one
/// symlink policy of every input. A path that does not exist does not escape.
pub fn escapes(path: &Path, boundary: &Path) -> Option<PathBuf> {
    let inside = boundary.canonicalize().ok()?;
    let target = path.canonicalize().ok()?;
    (!target.starts_with(&inside)).then_some(target)
}

/// The part of an I/O error a person needs ("No such file or directory"), without the OS code.
pub fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(Arc::from(Path::new("t.txt")), text.to_string())
    }

    #[test]
    fn offsets_map_to_one_based_lines_and_character_columns() {
        let f = file("ab\r\ncé:x\nlast");
        let s = f.span(8..9);
        assert_eq!((s.line, s.col, s.len), (2, 4, 1));
        assert_eq!(f.line_of(&s), "cé:x");
        assert_eq!(f.line_of(&f.span(0..1)), "ab");
        let end = f.span(f.text().len()..f.text().len());
        assert_eq!((end.line, end.col), (3, 5));
    }

    #[test]
    fn a_piece_of_a_file_keeps_the_file_line_numbers() {
        let f = SourceFile::with_first_line(Arc::from(Path::new("p.md")), "a\nb = 1\n".into(), 2);
        let s = f.span(2..3);
        assert_eq!((s.line, s.col), (3, 1));
        assert_eq!(f.line_of(&s), "b = 1");
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_site_are_skipped_with_a_warning() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        let site = tempfile::tempdir().unwrap();
        let content = site.path().join("content");
        std::fs::create_dir_all(content.join("img")).unwrap();
        std::fs::write(content.join("img/a.png"), "png").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), content.join("leak.txt"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), content.join("leakdir")).unwrap();
        std::os::unix::fs::symlink(content.join("img"), content.join("pictures")).unwrap();
        let (files, problems) = walk(&content, site.path());
        let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        assert_eq!(files, ["img/a.png", "pictures/a.png"]);
        assert_eq!(problems.len(), 2);
        assert!(
            problems
                .iter()
                .all(|p| !p.is_error() && p.message.contains("outside the site folder"))
        );
    }

    #[test]
    fn files_come_in_the_order_of_walking_each_folder_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "b", "a-b", "a/z", "a/b/c", "a.txt", "A", "é", "a0", "a/b-c", "ab/c",
        ];
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, name).unwrap();
        }
        let (files, problems) = walk(dir.path(), dir.path());
        assert!(problems.is_empty());
        let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        // Folder `a` and all in it before its sibling `a-b`; bytes order names (`A` first).
        let expected = [
            "A", "a/b/c", "a/b-c", "a/z", "a-b", "a.txt", "a0", "ab/c", "b", "é",
        ];
        assert_eq!(files, expected);
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let f = decode(b"\xEF\xBB\xBF200 OK: x".to_vec(), Arc::from(Path::new("t"))).unwrap();
        assert_eq!(f.text(), "200 OK: x");
    }

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let e = decode(
            b"200 OK: x\n404 N\xFFt: y".to_vec(),
            Arc::from(Path::new("t")),
        )
        .unwrap_err();
        assert_eq!(e.one_line(), "t:2:6: error: this file is not valid UTF-8");
    }
}
