//! Shared helpers for the integration tests: build a fixture site in memory, check its output.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;
use statusbook::Output;
use statusbook::diagnostic;
use statusbook::site::{self, Built};

/// The folder of the repository (the default site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Builds a site in memory; a failure shows its diagnostics.
pub fn build(dir: &Path) -> Built {
    match site::build(dir) {
        Ok(built) => built,
        Err(problems) => panic!(
            "{} failed to build:\n{}",
            dir.display(),
            diagnostic::render(&problems, false)
        ),
    }
}

/// One generated file as text.
pub fn text<'a>(output: &'a Output, path: &str) -> &'a str {
    let bytes = output
        .get(path)
        .unwrap_or_else(|| panic!("the site has no {path}"));
    std::str::from_utf8(bytes).expect("text file")
}

/// Snapshots every file of `output` (and the list of files) under `prefix`.
pub fn snapshot_all(output: &Output, prefix: &str) {
    snapshot_except(output, prefix, |_, _| false);
}

/// Snapshots a fixture site's files, but for the files it shares byte for byte with the
/// repository's own site (the built-in static files, the export's schema), which that
/// site's snapshots pin once: a reviewer reads each file once, not once per fixture.
pub fn snapshot_fixture(output: &Output, prefix: &str) {
    static DEFAULT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    let default = DEFAULT.get_or_init(|| build(&repo()));
    snapshot_except(output, prefix, |path, bytes| {
        (path.starts_with("static/") || path == "codes.schema.json")
            && default.output.get(path) == Some(bytes)
    });
}

fn snapshot_except(output: &Output, prefix: &str, shared: impl Fn(&str, &[u8]) -> bool) {
    let files: Vec<&str> = output.files().map(|(path, _)| path).collect();
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(format!("{prefix}__files"), files.join("\n"));
        for (path, bytes) in output.files() {
            if shared(path, bytes) {
                continue;
            }
            let name = format!("{prefix}__{}", path.replace('/', "__"));
            insta::assert_snapshot!(name, String::from_utf8_lossy(bytes));
        }
    });
}

/// Snapshots the files `paths` of `output` under `prefix`.
pub fn snapshot_files(output: &Output, prefix: &str, paths: &[&str]) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        for path in paths {
            let name = format!("{prefix}__{}", path.replace('/', "__"));
            insta::assert_snapshot!(name, text(output, path));
        }
    });
}

/// Checks the rules for a self-contained page: nothing loaded from elsewhere, no inline
/// scripts, styles or event handlers, and every URL relative.
pub fn assert_self_contained(output: &Output) {
    let inline_script = Regex::new(r"<script(?:\s[^>]*)?>").unwrap();
    let event_handler = Regex::new(r#"\son[a-z]+\s*="#).unwrap();
    let url_attr =
        Regex::new(r#"<(\w+)\b[^>]*?\s(href|src|srcset|action|poster|data)="([^"]*)""#).unwrap();
    for (path, bytes) in output.files() {
        if !path.ends_with(".html") {
            continue;
        }
        let html = std::str::from_utf8(bytes).unwrap();
        for tag in inline_script.find_iter(html) {
            assert!(
                tag.as_str().contains(" src="),
                "{path}: inline script {}",
                tag.as_str()
            );
        }
        assert!(!html.contains("<style"), "{path}: inline <style>");
        assert!(!html.contains(" style="), "{path}: style attribute");
        assert!(
            !event_handler.is_match(html),
            "{path}: event handler attribute"
        );
        for cap in url_attr.captures_iter(html) {
            let (tag, attr, url) = (&cap[1], &cap[2], &cap[3]);
            if tag == "base" {
                // Only the not-found page has one, from site-url: it is served at any depth.
                assert_eq!(path, "404.html", "{path}: <base>");
                continue;
            }
            assert!(
                !url.starts_with('/'),
                "{path}: <{tag} {attr}=\"{url}\"> is not relative"
            );
            let external = url.contains("://") || url.starts_with("//") || url.starts_with("data:");
            if external {
                let navigation = (tag == "a" && attr == "href")
                    || (tag == "link" && cap[0].contains("rel=\"canonical\""));
                assert!(
                    navigation,
                    "{path}: <{tag} {attr}=\"{url}\"> loads from outside the site"
                );
            }
        }
    }
    for (path, bytes) in output.files() {
        if path.ends_with(".css") {
            let css = std::str::from_utf8(bytes).unwrap();
            assert!(!css.contains("@import"), "{path}: @import");
            assert!(!css.contains("url("), "{path}: url() loads a resource");
        }
    }
}

/// Checks every relative link and `#anchor` in every page points at something in the site.
pub fn assert_links_resolve(output: &Output) {
    let url_attr = Regex::new(r#"\s(?:href|src)="([^"]*)""#).unwrap();
    let id_attr = Regex::new(r#"\sid="([^"]*)""#).unwrap();
    let ids: BTreeMap<&str, BTreeSet<String>> = output
        .files()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| {
            let html = std::str::from_utf8(b).unwrap();
            (
                p,
                id_attr
                    .captures_iter(html)
                    .map(|c| unescape(&c[1]))
                    .collect(),
            )
        })
        .collect();
    let base = Regex::new(r"<base [^>]*>").unwrap();
    for (page, bytes) in output.files().filter(|(p, _)| p.ends_with(".html")) {
        // A not-found page's <base> is its site path; its links resolve as from the root.
        let html = base.replace(std::str::from_utf8(bytes).unwrap(), "");
        for cap in url_attr.captures_iter(&html) {
            let url = unescape(&cap[1]);
            if url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = match url.split_once('#') {
                Some((f, frag)) => (f.to_string(), Some(frag.to_string())),
                None => (url.clone(), None),
            };
            let target = if file.is_empty() {
                page.to_string()
            } else {
                resolve(page, &file)
                    .unwrap_or_else(|| panic!("{page}: {url} climbs out of the site"))
            };
            assert!(
                output.get(&target).is_some(),
                "{page}: broken link {url} ({target})"
            );
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let known = ids
                    .get(target.as_str())
                    .is_some_and(|ids| ids.contains(&fragment));
                assert!(known, "{page}: no id {fragment:?} in {target} for {url}");
            }
        }
    }
}

fn resolve(from: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for piece in relative.split('/') {
        match piece {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The real `statusbook` binary, with colour left to its flags.
pub fn statusbook() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("statusbook").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Copies a fixture site into a fresh temporary folder, so a test may build into it.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// Copies a folder's files and folders into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `root` with its bytes, but a build folder's manifest, which records
/// times and so differs between two builds of the same site.
#[allow(dead_code)] // not every test crate compares folders
pub fn site_files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".statusbook-manifest")
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            (e.path().strip_prefix(root).unwrap().to_path_buf(), bytes)
        })
        .collect()
}
