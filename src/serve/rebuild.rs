//! Turning changed inputs into newly served files: a full rebuild, or first the edited code
//! pages alone; then telling the open pages which of them should reload.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use super::respond::{LIVERELOAD_PATH, Served, ServedFile};
use super::{EVERY_PAGE, Event, Push, Report, Shared};
use crate::base::diagnostic::{self, Diagnostic, in_file_order};
use crate::base::memory::release_freed_memory;
use crate::site;

/// Rebuilds the site into `shared`, and tells the pages whose content changed. Returns the
/// site as loaded, for later edits of single pages, if it built.
///
/// Each file is taken into the next generation as it renders, and one whose bytes did not
/// change is the very one already served: the site is never held twice, as it would be
/// with a whole build in memory beside the served site.
pub(super) fn rebuild(
    root: &Path,
    shared: &Shared,
    report: &Report,
    is_rebuild: bool,
) -> Option<site::Loaded> {
    let started = Instant::now();
    let loaded = match site::load(root) {
        Ok(loaded) => loaded,
        Err(problems) => return fail(shared, report, problems),
    };
    let mut next = NextFiles::new(SystemTime::now());
    let rendered = loaded.render_into(&mut site::Timings::default(), &mut |path, bytes| {
        // Only this thread writes `served`: between files, pages keep being answered.
        let served = shared.served.read().unwrap_or_else(|e| e.into_inner());
        next.add(&served, path, bytes);
    });
    if let Err(problems) = rendered {
        return fail(shared, report, problems);
    }
    let old = {
        let mut served = shared.served.write().unwrap_or_else(|e| e.into_inner());
        let was_failing = served.problem.is_some();
        let (changed, old) = next.replace(&mut served);
        if let Some(pages) = to_reload(&changed, was_failing) {
            let _ = shared.pushes.send(Push::Reload(served.generation, pages));
        }
        old
    };
    // Released after the lock, so no request waits for it.
    drop(old);
    release_freed_memory();
    report(Event::Built {
        took: started.elapsed(),
        codes: loaded.site.codes.len(),
        warnings: in_file_order(loaded.warnings.clone()),
        rebuild: is_rebuild,
    });
    Some(loaded)
}

/// Shows a failed build's problems in the terminal and over the open pages.
fn fail(shared: &Shared, report: &Report, problems: Vec<Diagnostic>) -> Option<site::Loaded> {
    let text = diagnostic::render(&problems, false);
    shared
        .served
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .problem = Some(text.clone());
    let _ = shared.pushes.send(Push::Problem(text));
    report(Event::Failed(problems));
    None
}

/// Re-renders the pages of codes whose `codes/<code>.md` files are all that changed, and
/// serves them at once: an edit shows in milliseconds whatever the size of the site. The full
/// rebuild that follows brings the rest (the index, search, checks of links across pages).
/// For any other change, or a page that does not read or render cleanly, nothing is served
/// and the full rebuild, which replaces `loaded`, is left to report it.
pub(super) fn quick_update(
    root: &Path,
    absolute: &Path,
    changed: &BTreeSet<PathBuf>,
    loaded: &mut site::Loaded,
    shared: &Shared,
    report: &Report,
    started: Instant,
) {
    let src = absolute.join(loaded.content_dir());
    let mut pages = Vec::new();
    for path in changed {
        if !path.exists() {
            // An editor's temporary file, already renamed over the page it saves; or a file
            // deleted, which the full rebuild deals with.
            continue;
        }
        let Ok(relative) = path.strip_prefix(&src) else {
            return;
        };
        let mut parts = relative.iter();
        let (Some(dir), Some(name), None) = (parts.next(), parts.next(), parts.next()) else {
            return;
        };
        let is_code = Path::new(name)
            .file_stem()
            .is_some_and(|stem| stem.to_str().is_some_and(|s| s.parse::<u16>().is_ok()));
        if dir != crate::input::content::CODES_DIR || !is_code || !path.is_file() {
            return;
        }
        pages.push(relative.to_path_buf());
    }
    let config = &loaded.site.config;
    let mut read = Vec::new();
    for relative in &pages {
        let (item, problems) = crate::input::content::read_item(root, config, relative);
        match item {
            Some(crate::input::content::Item::Code(page))
                if !problems.iter().any(Diagnostic::is_error) =>
            {
                read.push(*page)
            }
            _ => return,
        }
    }
    let mut positions = Vec::new();
    for page in read {
        match crate::model::replace_page(&mut loaded.site, page) {
            Ok(i) => positions.push(i),
            Err(_) => return,
        }
    }
    // The same generators as a build, restricted to the edited codes' files.
    let mut rendered: Vec<(String, Vec<u8>)> = Vec::new();
    for i in positions {
        for generator in crate::outputs::all() {
            let done =
                generator.render_code(&loaded.site, &loaded.templates, i, &mut |path, bytes| {
                    rendered.push((path, bytes))
                });
            if done.is_err() {
                return;
            }
        }
    }
    let now = SystemTime::now();
    let mut served = shared.served.write().unwrap_or_else(|e| e.into_inner());
    if served.problem.is_some() {
        // Only a full rebuild can tell whether the problem shown is fixed.
        return;
    }
    let mut paths = Vec::new();
    for (path, bytes) in rendered {
        let (file, changed) = served_file(&path, bytes, served.files.get(&path), now);
        if changed {
            paths.push(path.clone());
        }
        served.files.insert(path, file);
    }
    served.generation += 1;
    let _ = shared
        .pushes
        .send(Push::Reload(served.generation, paths.clone()));
    drop(served);
    // The pages a reader opens; fragments, re-rendered with them, are for other sites.
    let fragments = format!("{}/", crate::render::pages::FRAGMENTS_DIR);
    report(Event::Updated {
        pages: paths
            .into_iter()
            .filter(|p| !p.starts_with(&fragments))
            .collect(),
        took: started.elapsed(),
    });
}

/// The files of the next generation of the site, gathered while the current one is served.
struct NextFiles {
    files: HashMap<String, Arc<ServedFile>>,
    /// The site paths of the files that are new or changed.
    changed: Vec<String>,
    now: SystemTime,
}

impl NextFiles {
    fn new(now: SystemTime) -> NextFiles {
        NextFiles {
            files: HashMap::new(),
            changed: Vec::new(),
            now,
        }
    }

    /// Adds a file as rendered, keeping the one `served` has if its bytes are the same.
    fn add(&mut self, served: &Served, path: String, bytes: Vec<u8>) {
        let (file, changed) = served_file(&path, bytes, served.files.get(&path), self.now);
        if changed {
            self.changed.push(path.clone());
        }
        let previous = self.files.insert(path, file);
        debug_assert!(previous.is_none(), "a file generated twice");
    }

    /// Serves these files instead of those `served` has. Returns the site paths of the files
    /// that are new, changed or gone, and the files replaced, for the caller to release.
    fn replace(self, served: &mut Served) -> (Vec<String>, HashMap<String, Arc<ServedFile>>) {
        let mut changed = self.changed;
        let gone = served.files.keys().filter(|p| !self.files.contains_key(*p));
        changed.extend(gone.cloned());
        let old = std::mem::replace(&mut served.files, self.files);
        served.generation += 1;
        served.problem = None;
        (changed, old)
    }
}

/// A file as served, and whether it differs from `old`: pages get the reload script; if the
/// bytes are the same, `old` itself is kept, with its time.
fn served_file(
    path: &str,
    bytes: Vec<u8>,
    old: Option<&Arc<ServedFile>>,
    now: SystemTime,
) -> (Arc<ServedFile>, bool) {
    let bytes = if path.ends_with(".html") {
        with_reload_script(path, &bytes)
    } else {
        bytes
    };
    // The tag is of 128 bits of hash and the length: equal tags are equal bytes, so an old
    // file, kept compressed, is not read again to compare.
    let etag = entity_tag(&bytes);
    if let Some(old) = old
        && old.etag == etag
    {
        return (Arc::clone(old), false);
    }
    (Arc::new(ServedFile::new(path, bytes, etag, now)), true)
}

/// Which open pages should reload after these files changed: none, some, or every page when
/// something they all use changed (a style sheet, a script, an image) or a problem shown over
/// them is fixed. Data files the pages do not load (the search index is loaded on demand,
/// exports and fragments are for other programs) reload nothing.
fn to_reload(changed: &[String], was_failing: bool) -> Option<Vec<String>> {
    let is_data = |path: &str| {
        path.ends_with(".html")
            || path.ends_with(".json")
            || path.ends_with(".xml")
            || path.ends_with(".md")
            || path.ends_with(".txt")
            || path.starts_with(&format!("{}/", crate::outputs::search::DIR))
            || path.starts_with(&format!("{}/", crate::outputs::mkdocs::DIR))
    };
    if was_failing || changed.iter().any(|path| !is_data(path)) {
        return Some(vec![EVERY_PAGE.to_string()]);
    }
    let pages: Vec<String> = changed
        .iter()
        .filter(|path| path.ends_with(".html"))
        .cloned()
        .collect();
    (!pages.is_empty()).then_some(pages)
}

/// The page with the reload script, which is told the page's own path so it reloads only when
/// that page changed. The page's own bytes are kept exactly as a build writes them, even
/// when they are not UTF-8.
fn with_reload_script(path: &str, html: &[u8]) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{LIVERELOAD_PATH}\" data-page=\"{}\" defer></script>\n",
        crate::base::html::escape(path)
    );
    let at = html
        .windows(b"</head>".len())
        .position(|w| w == b"</head>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn entity_tag(bytes: &[u8]) -> String {
    let hash = xxhash_rust::xxh3::xxh3_128(bytes);
    format!("\"{hash:032x}-{:x}\"", bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Serves `files` as the next generation; returns the paths that changed.
    fn update(served: &mut Served, files: &[(&str, &[u8])], now: SystemTime) -> Vec<String> {
        let mut next = NextFiles::new(now);
        for (path, bytes) in files {
            next.add(served, path.to_string(), bytes.to_vec());
        }
        next.replace(served).0
    }

    #[test]
    fn pages_get_the_reload_script_and_unchanged_files_keep_their_time() {
        let mut served = Served::default();
        let t1 = SystemTime::UNIX_EPOCH + Duration::from_secs(100);
        let page: &[u8] = b"<html><head><title>x</title></head></html>";
        update(&mut served, &[("index.html", page), ("a.css", b"a{}")], t1);
        let page = String::from_utf8(served.files["index.html"].plain().to_vec()).unwrap();
        assert!(
            page.contains("<script src=\"/__statusbook/livereload.js\" data-page=\"index.html\" defer></script>\n</head>")
        );
        let t2 = t1 + Duration::from_secs(5);
        let page: &[u8] = b"<html><head></head>new</html>";
        let changed = update(&mut served, &[("index.html", page), ("a.css", b"a{}")], t2);
        assert_eq!(changed, ["index.html"]);
        assert_eq!(served.files["a.css"].modified, t1);
        assert_eq!(served.files["index.html"].modified, t2);
        assert_eq!(served.generation, 2);
    }

    /// What keeps `serve`'s memory flat over many edits: an unchanged file is shared with the
    /// generation before, not copied, and nothing of an older generation is kept.
    #[test]
    fn unchanged_files_are_shared_and_old_generations_are_released() {
        let mut served = Served::default();
        let now = SystemTime::UNIX_EPOCH;
        update(
            &mut served,
            &[("a.css", b"a{}"), ("b.js", b"1"), ("gone.txt", b"x")],
            now,
        );
        let kept = Arc::clone(&served.files["a.css"]);
        let replaced = Arc::downgrade(&served.files["b.js"]);
        let gone = Arc::downgrade(&served.files["gone.txt"]);
        let changed = update(&mut served, &[("a.css", b"a{}"), ("b.js", b"2")], now);
        assert_eq!(changed, ["b.js", "gone.txt"]);
        assert!(Arc::ptr_eq(&kept, &served.files["a.css"]));
        assert!(replaced.upgrade().is_none() && gone.upgrade().is_none());
        let mut edited = Vec::new();
        for generation in 0..30 {
            let bytes = format!("{generation}");
            update(
                &mut served,
                &[("a.css", b"a{}"), ("b.js", bytes.as_bytes())],
                now,
            );
            edited.push(Arc::downgrade(&served.files["b.js"]));
        }
        let alive = edited
            .iter()
            .filter(|file| file.upgrade().is_some())
            .count();
        assert_eq!(
            alive, 1,
            "only the served generation of an edited file is kept"
        );
        // The generation served and this test's own handle.
        assert_eq!(Arc::strong_count(&kept), 2);
    }
}
