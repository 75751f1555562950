//! Which folder a build may replace: never one of the site's inputs, never a Git
//! repository, and never a folder statusbook did not make unless the user says `--force`.
//!
//! statusbook marks every build folder it writes with [`MARKER`]. A folder that is missing,
//! empty or marked is statusbook's to replace. A folder without the marker that is an
//! earlier build (made before the marker existed) is adopted once, but only if every file
//! in it is one statusbook writes (checked by [`crate::write::output::Staging`] once the new site
//! is complete), so nothing a person added can be lost. Anything else is refused.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::Diagnostic;

/// The file that marks a folder as statusbook's build folder.
pub const MARKER: &str = ".statusbook-build";

/// The marker's text. Its first line names the format; the rest is for whoever opens it.
pub const MARKER_TEXT: &str = "\
statusbook build folder, format 1
This folder is written by `statusbook build`. The next build replaces all of it: files
added here by hand are deleted then. Keep your own files in the site's content folder,
which every build copies in.
";

/// What identifies the marker, whatever its format version.
const MARKER_MAGIC: &str = "statusbook build folder";

/// How an earlier statusbook build's `index.html` says who made it.
const GENERATOR: &str = r#"<meta name="generator" content="statusbook">"#;

/// How many of a refused folder's entries a message names.
const SHOWN_ENTRIES: usize = 5;

/// A folder the site is read from, which a build folder must not be, hold, or lie in.
#[derive(Debug, Clone)]
pub struct Input {
    /// The folder, as the user would recognise it.
    pub path: PathBuf,
    /// What it is, for messages ("the content folder").
    pub role: String,
}

/// Why a build may replace its folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The folder is missing, empty, or marked by an earlier build.
    Ours,
    /// An earlier statusbook build without the marker. It may be replaced only by a site
    /// that writes every file it holds, apart from code pages and search files of codes
    /// its `codes.json` lists (`stale_codes`), which the new build may have dropped.
    Earlier {
        /// The codes the earlier build's `codes.json` lists.
        stale_codes: HashSet<u64>,
    },
    /// Not statusbook's, replaced because the user said `--force`.
    Forced,
}

/// Decides whether a build may replace `build_dir`, as a site read from `inputs` (the site
/// folder first). A folder that is, holds or lies inside an input, or that is or holds a
/// Git repository, is refused even with `force`.
pub fn claim(build_dir: &Path, inputs: &[Input], force: bool) -> Result<Claim, Diagnostic> {
    let target = absolute(build_dir);
    let shown = build_dir.display();
    if target.exists() && !target.is_dir() {
        return Err(Diagnostic::error(format!(
            "cannot build into {shown}: it is a file, not a folder"
        ))
        .hint(ANOTHER_FOLDER));
    }
    // `-d notes.txt/book`: a file where a folder of the path should be.
    if let Some(file) = target.ancestors().skip(1).find(|a| a.is_file()) {
        return Err(Diagnostic::error(format!(
            "cannot build into {shown}: {} is a file, not a folder",
            file.display()
        ))
        .hint(ANOTHER_FOLDER));
    }
    check_inputs(build_dir, &target, inputs)?;
    if target.components().any(|c| c.as_os_str() == ".git") {
        return Err(Diagnostic::error(format!(
            "refusing to build into {shown}: it is inside a Git repository's .git folder"
        ))
        .hint(ANOTHER_FOLDER));
    }
    let Ok(entries) = fs::read_dir(&target) else {
        // Missing (or unreadable, which writing it will report with the reason).
        return Ok(Claim::Ours);
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            match e.file_type() {
                Ok(t) if t.is_dir() => format!("{name}/"),
                _ => name,
            }
        })
        .collect();
    names.sort();
    if let Some(git) = find_git(&target) {
        return Err(Diagnostic::error(format!(
            "refusing to build into {shown}: it holds a Git repository ({}), which the build would delete",
            display_inside(build_dir, &target, &git)
        ))
        .hint(
            "to publish with Git, build into a folder of its own and copy or push it from there (`--force` does not override this)",
        ));
    }
    if names.is_empty() || is_marked(&target) {
        return Ok(Claim::Ours);
    }
    if force {
        return Ok(Claim::Forced);
    }
    if let Some(stale_codes) = earlier_build(&target) {
        return Ok(Claim::Earlier { stale_codes });
    }
    Err(Diagnostic::error(format!(
        "refusing to replace {shown}: statusbook did not make it, and it is not empty"
    ))
    .hint(format!(
        "{shown} holds {}; build into another folder (`-d OUT`, or `[build] build-dir` in book.toml), or pass `--force` to replace it and delete everything in it",
        list(&names)
    )))
}

const ANOTHER_FOLDER: &str =
    "build into a folder of its own, like `book` (`-d OUT`, or `[build] build-dir` in book.toml)";

/// Refuses a build folder that is or holds an input, or lies inside one (other than a
/// folder that holds the whole site, such as the site folder itself).
fn check_inputs(build_dir: &Path, target: &Path, inputs: &[Input]) -> Result<(), Diagnostic> {
    let site = inputs.first().map(|i| absolute(&i.path));
    for input in inputs {
        let path = absolute(&input.path);
        if path.starts_with(target) {
            let what = if path == target { "it is" } else { "it holds" };
            return Err(Diagnostic::error(format!(
                "refusing to build into {}: {what} {} ({}), which the build would delete",
                build_dir.display(),
                input.role,
                input.path.display()
            ))
            .hint(ANOTHER_FOLDER));
        }
        let holds_site = site.as_ref().is_some_and(|s| s.starts_with(&path));
        if !holds_site && target.starts_with(&path) {
            return Err(Diagnostic::error(format!(
                "refusing to build into {}: it is inside {} ({})",
                build_dir.display(),
                input.role,
                input.path.display()
            ))
            .hint(format!(
                "the next build would read its own output; {ANOTHER_FOLDER}"
            )));
        }
    }
    Ok(())
}

/// Whether `folder` carries the marker of a statusbook build.
pub fn is_marked(folder: &Path) -> bool {
    fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file())
        && fs::read(folder.join(MARKER)).is_ok_and(|text| text.starts_with(MARKER_MAGIC.as_bytes()))
}

/// A `.git` file or folder anywhere in `folder` (links are not followed).
fn find_git(folder: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(folder)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == ".git")
        .map(walkdir::DirEntry::into_path)
}

/// Recognises a build folder that an earlier statusbook wrote before it marked its
/// folders: `codes.json` is statusbook's export (its `$schema`, `version` and a `codes`
/// list of numbered codes), `codes.schema.json` is there, and `index.html` names
/// statusbook as its generator. Returns the codes its `codes.json` lists.
///
/// This alone would not make a folder safe to replace: [`crate::write::output::Staging`] then
/// also requires every file in it to be one the new build writes, so a hand-made folder,
/// or a build someone added files to, is refused with the files named.
pub fn earlier_build(folder: &Path) -> Option<HashSet<u64>> {
    let json = fs::read(folder.join("codes.json")).ok()?;
    let json: serde_json::Value = serde_json::from_slice(&json).ok()?;
    let schema_named = json.get("$schema")?.as_str()? == "codes.schema.json";
    let versioned = json.get("version")?.is_u64();
    let codes = json.get("codes")?.as_array()?;
    let codes: Option<HashSet<u64>> = codes.iter().map(|c| c.get("code")?.as_u64()).collect();
    let index = fs::read_to_string(folder.join("index.html")).ok()?;
    let ours = schema_named
        && versioned
        && folder.join("codes.schema.json").is_file()
        && index.contains(GENERATOR);
    ours.then_some(codes?)
}

/// Whether `path`, a file of an earlier build, is a code page, fragment or search file
/// that an earlier build listing `codes` would write.
pub fn written_by_earlier_build(path: &str, codes: &HashSet<u64>) -> bool {
    let page = path
        .strip_prefix("codes/")
        .or_else(|| path.strip_prefix("fragments/"))
        .and_then(|name| name.strip_suffix(".html"))
        .and_then(|code| code.parse::<u64>().ok());
    match page {
        Some(code) => codes.contains(&code),
        None => path
            .strip_prefix("search/")
            .is_some_and(|name| !name.contains('/') && name.ends_with(".js")),
    }
}

/// `a, b, c and 4 more`.
pub fn list(names: &[String]) -> String {
    let shown: Vec<&str> = names
        .iter()
        .take(SHOWN_ENTRIES)
        .map(String::as_str)
        .collect();
    let more = names.len().saturating_sub(SHOWN_ENTRIES);
    match (shown.as_slice(), more) {
        ([], _) => "nothing".to_string(),
        ([one], 0) => one.to_string(),
        ([init @ .., last], 0) => format!("{} and {last}", init.join(", ")),
        (_, more) => format!("{} and {more} more", shown.join(", ")),
    }
}

/// `inner` (inside the absolute `target`) shown under `build_dir` as the user wrote it.
fn display_inside(build_dir: &Path, target: &Path, inner: &Path) -> String {
    match inner.strip_prefix(target) {
        Ok(rest) => build_dir.join(rest).display().to_string(),
        Err(_) => inner.display().to_string(),
    }
}

/// An absolute, normalised path, resolving symlinks as far as the path exists.
pub fn absolute(path: &Path) -> PathBuf {
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
mod tests;
