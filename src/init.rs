//! `init`: scaffolds a new site that builds at once (its code table from an OpenAPI document
//! if given one), or writes the built-in templates out.

mod from_openapi;

use std::fs;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::Diagnostic;
use crate::base::source::io_reason;
use crate::input::templates::{BUILT_IN, BUILT_IN_STATIC, STATIC_DIR, TEMPLATES_DIR};

/// The files of a new site: path in the site folder, contents.
fn scaffold(title: &str) -> Vec<(PathBuf, Vec<u8>)> {
    [
        (
            "book.toml",
            include_str!("scaffold/book.toml").replace("{title}", title),
        ),
        (
            "content/codes.txt",
            include_str!("scaffold/codes.txt").to_string(),
        ),
        (
            "content/index.md",
            include_str!("scaffold/index.md").to_string(),
        ),
        (
            "content/codes/404.md",
            include_str!("scaffold/404.md").to_string(),
        ),
        (".gitignore", include_str!("scaffold/gitignore").to_string()),
    ]
    .into_iter()
    .map(|(path, text)| (PathBuf::from(path), text.into_bytes()))
    .collect()
}

/// The built-in templates and static files, as files of a site's `templates/`.
fn templates() -> Vec<(PathBuf, Vec<u8>)> {
    let pages = BUILT_IN.iter().map(|(name, text)| {
        (
            Path::new(TEMPLATES_DIR).join(name),
            text.as_bytes().to_vec(),
        )
    });
    let statics = BUILT_IN_STATIC.iter().map(|(name, bytes)| {
        (
            Path::new(TEMPLATES_DIR).join(STATIC_DIR).join(name),
            bytes.to_vec(),
        )
    });
    pages.chain(statics).collect()
}

/// Creates a site in `dir` (made if missing), or, with `with_templates` in an existing site,
/// adds the built-in templates. Never overwrites a file: if any would be, nothing is written.
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path, with_templates: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    let is_site = dir.join(crate::site::CONFIG_FILE).is_file();
    if is_site && !with_templates {
        return Err(
            Diagnostic::error(format!("{} is already a site", shown(dir)))
                .hint("to customise its look, run `statusbook init --templates` there"),
        );
    }
    let mut files = Vec::new();
    if !is_site {
        files.extend(scaffold(&title_for(dir)));
    }
    if with_templates {
        files.extend(templates());
    }
    write_new(dir, files)
}

/// Creates a site in `dir` (made if missing) whose code table lists the codes the OpenAPI
/// document at `spec` says the API returns, and whose book.toml reads that document (copied
/// into the site unless it is there already); with `with_templates`, also the built-in
/// templates. Never overwrites a file. Returns the files written, relative to `dir`, and
/// the warnings reading the document gave; or every problem that stopped it.
pub fn init_from_openapi(
    dir: &Path,
    spec: &Path,
    with_templates: bool,
) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), Vec<Diagnostic>> {
    if dir.join(crate::site::CONFIG_FILE).is_file() {
        return Err(vec![
            Diagnostic::error(format!("{} is already a site", shown(dir))).hint(
                "to read an OpenAPI document in an existing site, set `[api] openapi` in its book.toml",
            ),
        ]);
    }
    let (mut files, warnings) = from_openapi::scaffold(dir, spec)?;
    if with_templates {
        files.extend(templates());
    }
    let written = write_new(dir, files).map_err(|e| vec![e])?;
    Ok((written, warnings))
}

/// Writes `files` into `dir`, unless any exists already: then nothing is written.
fn write_new(dir: &Path, files: Vec<(PathBuf, Vec<u8>)>) -> Result<Vec<PathBuf>, Diagnostic> {
    let existing: Vec<String> = files
        .iter()
        .filter(|(path, _)| dir.join(path).exists())
        .map(|(path, _)| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(Diagnostic::error(format!(
            "init would overwrite {} in {}",
            existing.join(", "),
            shown(dir)
        ))
        .hint("move those files away first, or run init in an empty folder"));
    }
    for (path, bytes) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| cannot("create", parent, &e))?;
        }
        fs::write(&target, bytes).map_err(|e| cannot("write", &target, &e))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// A title from the folder's name: `acme-api` → `Acme api status codes`.
fn title_for(dir: &Path) -> String {
    let name = fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
        .replace(['-', '_'], " ");
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => format!("{}{} status codes", first.to_uppercase(), chars.as_str()),
        None => "API status codes".to_string(),
    }
    .replace('"', "")
}

fn shown(dir: &Path) -> String {
    if dir == Path::new(".") {
        "the current folder".to_string()
    } else {
        dir.display().to_string()
    }
}

fn cannot(what: &str, path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot {what} {}: {}",
        path.display(),
        io_reason(error)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_site_builds_at_once_without_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("acme-api");
        let written = init(&site, false).unwrap();
        assert_eq!(written.len(), 5);
        let built = crate::site::build(&site).unwrap();
        assert!(built.warnings.is_empty(), "{:?}", built.warnings);
        assert_eq!(built.codes, 12);
        assert_eq!(built.written, 1);
        let toml = fs::read_to_string(site.join("book.toml")).unwrap();
        assert!(toml.contains("title = \"Acme api status codes\""));
    }

    #[test]
    fn init_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content")).unwrap();
        fs::write(dir.path().join("content/codes.txt"), "mine").unwrap();
        let error = init(dir.path(), false).unwrap_err();
        assert!(
            error
                .message
                .contains("init would overwrite content/codes.txt"),
            "{}",
            error.message
        );
        assert!(!dir.path().join("book.toml").exists(), "nothing is written");
        assert_eq!(
            fs::read_to_string(dir.path().join("content/codes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn templates_go_into_an_existing_site_once() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path(), false).unwrap();
        assert!(
            init(dir.path(), false)
                .unwrap_err()
                .message
                .contains("already a site")
        );
        let written = init(dir.path(), true).unwrap();
        assert!(written.contains(&PathBuf::from("templates/code.html")));
        assert!(written.contains(&PathBuf::from("templates/static/statusbook.css")));
        assert!(
            crate::site::build(dir.path()).is_ok(),
            "the written templates build"
        );
        assert!(
            init(dir.path(), true)
                .unwrap_err()
                .message
                .contains("templates/base.html")
        );
    }
}
