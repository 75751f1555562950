//! The rendered site in memory (path → bytes), and writing it to disk atomically.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::source::io_reason;
use crate::span::Located;

/// Every file of the site by its `/`-separated path, in a stable order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Vec<u8>>,
}

/// A copied file that would replace a file the site generates or another copied file.
#[derive(Debug)]
pub struct Collision {
    path: String,
}

impl Collision {
    /// Explains the collision, naming the file that caused it.
    pub fn diagnostic(&self, source: Arc<Path>) -> Diagnostic {
        Diagnostic::error(format!(
            "{} would be written to {}, which the site already has",
            source.display(),
            self.path
        ))
        .at(Located::file(source), "")
        .hint("rename the file; statusbook generates index.html, 404.html, codes.json, sitemap.xml, codes/ and static/")
    }
}

impl Output {
    /// Adds a file the site generates (each path is generated once).
    pub fn insert_generated(&mut self, path: &str, bytes: Vec<u8>) {
        let previous = self.files.insert(path.to_string(), bytes);
        debug_assert!(previous.is_none(), "{path} generated twice");
    }

    /// Adds a file copied from the input, unless the path is taken.
    pub fn insert_copy(&mut self, path: &str, bytes: Vec<u8>) -> Result<(), Collision> {
        if self.files.contains_key(path) {
            return Err(Collision {
                path: path.to_string(),
            });
        }
        self.files.insert(path.to_string(), bytes);
        Ok(())
    }

    /// One file's bytes.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// All files, in path order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Total size in bytes.
    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}

/// Checks that `build_dir` may be replaced: it must not hold any of `protected`
/// (the site folder, its content and templates), nor sit inside the content folder.
pub fn check_build_dir(
    build_dir: &Path,
    protected: &[&Path],
    content_dir: &Path,
) -> Result<(), Diagnostic> {
    let target = absolute(build_dir);
    for path in protected {
        let path = absolute(path);
        if path.starts_with(&target) {
            return Err(Diagnostic::error(format!(
                "refusing to build into {}: it holds {}, which the build would delete",
                build_dir.display(),
                path.display()
            ))
            .hint("choose a build directory of its own, like `book` (`[build] build-dir` in book.toml, or `-d`)"));
        }
    }
    if target.starts_with(absolute(content_dir)) {
        return Err(Diagnostic::error(format!(
            "refusing to build into {}: it is inside the content folder",
            build_dir.display()
        ))
        .hint(
            "the next build would read its own output; choose a folder outside the content folder",
        ));
    }
    if target.exists() && !target.is_dir() {
        return Err(Diagnostic::error(format!(
            "cannot build into {}: it is a file, not a folder",
            build_dir.display()
        )));
    }
    Ok(())
}

/// Writes `output` as the new content of `build_dir`, all or nothing.
///
/// Files go into a temporary folder beside `build_dir`, which then takes its place, so a
/// failure leaves the previous site as it was and no temporary files behind. Only
/// `build_dir` and statusbook's own temporary folders beside it are ever removed.
pub fn write(output: &Output, build_dir: &Path) -> Result<(), Diagnostic> {
    let failed = |what: &str, path: &Path, e: io::Error| {
        Diagnostic::error(format!(
            "cannot {what} {}: {}",
            path.display(),
            io_reason(&e)
        ))
    };
    let target = absolute(build_dir);
    let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".to_string());
    let staging = parent.join(format!(".{name}.statusbook-new"));
    let retired = parent.join(format!(".{name}.statusbook-old"));

    fs::create_dir_all(&parent).map_err(|e| failed("create", &parent, e))?;
    remove_if_present(&staging).map_err(|e| failed("remove", &staging, e))?;
    remove_if_present(&retired).map_err(|e| failed("remove", &retired, e))?;

    let previous = target.is_dir().then_some(target.as_path());
    if let Err((path, e)) = write_tree(output, &staging, previous) {
        let _ = fs::remove_dir_all(&staging);
        return Err(failed("write", &path, e));
    }

    let had_previous = target.exists();
    if had_previous {
        if let Err(e) = fs::rename(&target, &retired) {
            let _ = fs::remove_dir_all(&staging);
            return Err(failed("replace", build_dir, e));
        }
    }
    if let Err(e) = fs::rename(&staging, &target) {
        if had_previous {
            let _ = fs::rename(&retired, &target);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(failed("replace", build_dir, e));
    }
    if had_previous {
        remove_tree(&retired).map_err(|e| failed("remove", &retired, e))?;
    }
    Ok(())
}

/// Writes every file under `root`, in parallel. A file whose bytes are those of the same
/// file of the `previous` build is hard-linked instead of written: it keeps its modification
/// time (so HTTP caches revalidate with 304) and costs no copy.
fn write_tree(
    output: &Output,
    root: &Path,
    previous: Option<&Path>,
) -> Result<(), (PathBuf, io::Error)> {
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::from([root.to_path_buf()]);
    for (path, _) in output.files() {
        if let Some(dir) = root.join(path).parent() {
            dirs.insert(dir.to_path_buf());
        }
    }
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| (dir.clone(), e))?;
    }
    let files: Vec<(&str, &[u8])> = output.files().collect();
    files.par_iter().try_for_each(|&(path, bytes)| {
        let file = root.join(path);
        if let Some(old) = previous.map(|p| p.join(path)) {
            if unchanged(&old, bytes) && fs::hard_link(&old, &file).is_ok() {
                return Ok(());
            }
        }
        fs::write(&file, bytes).map_err(|e| (file.clone(), e))
    })
}

/// Whether `file` exists and holds exactly `bytes`.
fn unchanged(file: &Path, bytes: &[u8]) -> bool {
    fs::metadata(file).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(file).is_ok_and(|old| old == bytes)
}

/// Removes a tree of files, in parallel (a big site has thousands).
fn remove_tree(root: &Path) -> io::Result<()> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    files.par_iter().for_each(|file| {
        let _ = fs::remove_file(file);
    });
    fs::remove_dir_all(root)
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// An absolute, normalised path, resolving symlinks as far as the path exists.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Canonicalise the longest existing ancestor; the rest is appended as written.
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return normalise(&out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return normalise(&joined),
        }
    }
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(files: &[(&str, &str)]) -> Output {
        let mut out = Output::default();
        for (path, text) in files {
            out.insert_generated(path, text.as_bytes().to_vec());
        }
        out
    }

    #[test]
    fn copies_may_not_replace_generated_files() {
        let mut out = output(&[("index.html", "x")]);
        assert!(out.insert_copy("index.html", vec![]).is_err());
        assert!(out.insert_copy("logo.png", vec![1]).is_ok());
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn writes_a_fresh_tree_and_replaces_an_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        write(
            &output(&[("index.html", "one"), ("codes/404.html", "a")]),
            &book,
        )
        .unwrap();
        fs::write(book.join("stale.html"), "left over").unwrap();
        write(&output(&[("index.html", "two")]), &book).unwrap();
        assert_eq!(fs::read_to_string(book.join("index.html")).unwrap(), "two");
        assert!(!book.join("stale.html").exists());
        assert!(!book.join("codes").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["book"], "no temporary folders are left behind");
    }

    #[test]
    fn unchanged_files_keep_their_modification_time_and_changed_ones_are_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        write(
            &output(&[("same.html", "same"), ("codes/edited.html", "old")]),
            &book,
        )
        .unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        for name in ["same.html", "codes/edited.html"] {
            fs::File::options()
                .write(true)
                .open(book.join(name))
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        write(
            &output(&[("same.html", "same"), ("codes/edited.html", "new")]),
            &book,
        )
        .unwrap();
        let modified = |name: &str| fs::metadata(book.join(name)).unwrap().modified().unwrap();
        assert_eq!(modified("same.html"), old);
        assert_ne!(modified("codes/edited.html"), old);
        assert_eq!(
            fs::read_to_string(book.join("codes/edited.html")).unwrap(),
            "new"
        );
        assert!(!dir.path().join(".book.statusbook-old").exists());
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        write(&output(&[("index.html", "old")]), &book).unwrap();
        // A file and a folder of the same name cannot both be written.
        let clash = output(&[("a", "file"), ("a/b.html", "under a file")]);
        assert!(write(&clash, &book).is_err());
        assert_eq!(fs::read_to_string(book.join("index.html")).unwrap(), "old");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["book"]);
    }

    #[test]
    fn refuses_build_dirs_that_hold_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let content = site.join("content");
        fs::create_dir_all(&content).unwrap();
        let protected = [site.as_path(), content.as_path()];
        assert!(check_build_dir(&site, &protected, &content).is_err());
        assert!(check_build_dir(dir.path(), &protected, &content).is_err());
        assert!(check_build_dir(&content, &protected, &content).is_err());
        assert!(check_build_dir(&content.join("out"), &protected, &content).is_err());
        assert!(check_build_dir(&site.join("."), &protected, &content).is_err());
        assert!(check_build_dir(&site.join("book/.."), &protected, &content).is_err());
        assert!(check_build_dir(&site.join("book"), &protected, &content).is_ok());
        fs::write(site.join("file"), "").unwrap();
        assert!(check_build_dir(&site.join("file"), &protected, &content).is_err());
    }
}
