//! Builds that start from the previous one, as the build folder's manifest describes it
//! ([`crate::write::manifest`]): with nothing changed there is nothing to do, and with only
//! some code pages edited, only the files those pages make are rendered and replaced.
//!
//! Whatever is not certain falls back to a full build ([`Reuse::Full`]): another program,
//! a build folder changed by hand, a changed table, template, setting or file other than a
//! code page, an added or removed file, a page with errors (the full build reports them
//! with everything else), or an output that cannot tell which of its files a page changes
//! ([`crate::outputs::Generator::on_page_edit`]). An incremental build writes exactly the bytes
//! a full build would; `tests/incremental.rs` checks that after random edits.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diagnostic::{Diagnostic, Diagnostics, in_file_order};
use crate::base::source;
use crate::base::span::display_path;
use crate::base::status::StatusCode;
use crate::input::content::{self, CODES_DIR, TABLE_FILE, site_path};
use crate::input::templates::Templates;
use crate::model;
use crate::outputs::{self, PageEdit};
use crate::site::{self, Timings};
use crate::write::build_dir;
use crate::write::manifest::{Changes, Manifest};
use crate::write::output;
use crate::write::swap::{self, Wait};

/// What the previous build lets a build skip.
pub enum Reuse {
    /// Nothing changed: the build folder already holds the site.
    UpToDate(Reused),
    /// Only some code pages changed: their files were rendered and replaced.
    Updated(Reused),
    /// Only a full build is right.
    Full,
}

/// A build that reused the previous one.
pub struct Reused {
    /// The warnings a full build would report.
    pub warnings: Vec<Diagnostic>,
    /// How many codes the site documents, how many of them have a written page, and how
    /// many other pages it has.
    pub counts: (usize, usize, usize),
    /// How many files it rewrote.
    pub rewritten: usize,
    /// The build folder.
    pub build_dir: PathBuf,
    /// How long each stage took.
    pub timings: Timings,
}

/// Builds the site in `root` into `build_dir` (else its `build-dir`) from the previous
/// build there, if that can be done exactly (see the module's documentation).
///
/// Like a full build it waits for (or, with [`Wait::No`], fails on) another build into the
/// same folder, and removes what an interrupted build left beside it.
pub fn build(root: &Path, build_dir: Option<&Path>, wait: Wait<'_>) -> Reuse {
    attempt(root, build_dir, wait).unwrap_or(Reuse::Full)
}

fn attempt(root: &Path, build_dir: Option<&Path>, wait: Wait<'_>) -> Option<Reuse> {
    let mut timings = Timings::default();
    let mut config = timings
        .measure("book.toml", || site::load_config(root))
        .ok()?;
    let build_dir = match build_dir {
        Some(dir) => dir.to_path_buf(),
        None => display_path(root, &config.build_dir).to_path_buf(),
    };
    let target = build_dir::absolute(&build_dir);
    if !build_dir::is_marked(&target) {
        return None;
    }
    let (parent, name) = swap::place(&target);
    let _lock = swap::lock(&parent, wait).ok()?;
    swap::remove_leftovers(&parent, &name).ok()?;
    let manifest = timings.measure("manifest", || Manifest::read(&target))?;
    let sources = site::sources(root, &config);
    let changes = timings.measure("inputs", || manifest.compare(&sources, &target))?;
    let previous_warnings = manifest.warnings()?;
    let counts = manifest.counts;
    if changes.is_empty() {
        if changes.restamped() {
            // Files touched but not changed: noting their stamps spares reading them next time.
            let _ = manifest
                .updated(changes, &target, &[], &[], &previous_warnings)
                .and_then(|m| m.write(&target));
        }
        return Some(Reuse::UpToDate(Reused {
            warnings: previous_warnings,
            counts,
            rewritten: 0,
            build_dir,
            timings,
        }));
    }
    let pages = edited_pages(root, &config.book.src, &changes)?;

    // Only what the edited pages' code pages need: the table, the pages they link to in
    // their navigation, and the edited pages themselves.
    let mut diagnostics = Diagnostics::default();
    // The edited pages' "Returned by" and examples come from the API's document.
    config.api.document = timings.measure("openapi", || {
        crate::input::openapi::load(root, &config, &mut diagnostics)
    });
    let templates = timings.measure("templates", || Templates::load(root, &mut diagnostics))?;
    let mut files = other_files(root, &config.book.src, &manifest)?;
    files.extend(pages.iter().map(|(_, path)| path.clone()));
    let content = timings.measure("content", || {
        content::load_only(root, &config, &files, &mut diagnostics)
    });
    let site = timings.measure("model", || {
        model::build_partial(config, content, &mut diagnostics)
    });
    if diagnostics.has_errors() {
        return None;
    }
    let codes: Vec<usize> = pages
        .iter()
        .map(|(code, _)| site.index.get(&StatusCode::new(*code)).copied())
        .collect::<Option<_>>()?;
    let previous = |path: &str| std::fs::read(target.join(path)).ok();
    let (mut files, mut gone) = (Vec::new(), Vec::new());
    for generator in outputs::all() {
        match generator.on_page_edit(&site) {
            PageEdit::Unaffected => continue,
            PageEdit::Full => return None,
            PageEdit::Update => {}
        }
        let able = timings.measure(generator.name(), || {
            generator.update(
                &site,
                &templates,
                &codes,
                &previous,
                &mut |path, bytes| files.push((path, bytes)),
                &mut |path| gone.push(path),
            )
        });
        if able != Ok(true) {
            return None;
        }
    }

    // The warnings of the edited pages are new; the others are those of the last build.
    let edited: HashSet<Arc<Path>> = pages
        .iter()
        .map(|(_, path)| display_path(root, site.config.book.src.join(path)))
        .collect();
    let in_edited = |d: &Diagnostic| {
        d.location
            .as_ref()
            .is_some_and(|a| edited.contains(&a.at.span.file))
    };
    let mut warnings: Vec<Diagnostic> = previous_warnings
        .into_iter()
        .filter(|d| !in_edited(d))
        .collect();
    warnings.extend(diagnostics.into_vec().into_iter().filter(in_edited));
    let warnings = in_file_order(warnings);

    gone.sort();
    let rewritten = timings
        .measure("write", || output::replace_files(&build_dir, files, &gone))
        .ok()?;
    timings.measure("manifest", || {
        // Without it the next build is a full one, which is only slower.
        let _ = manifest
            .updated(changes, &target, &rewritten, &gone, &warnings)
            .and_then(|m| m.write(&target));
    });
    Some(Reuse::Updated(Reused {
        warnings,
        counts,
        rewritten: rewritten.len(),
        build_dir,
        timings,
    }))
}

/// The codes and content-folder paths of the changed files, if every one is an existing
/// code page (`codes/<code>.md`) edited in place, read from inside the site folder.
fn edited_pages(root: &Path, src: &Path, changes: &Changes) -> Option<Vec<(u32, PathBuf)>> {
    if !changes.added.is_empty() || !changes.removed.is_empty() {
        return None;
    }
    let prefix = format!("{}/{CODES_DIR}/", site_path(src));
    changes
        .modified
        .iter()
        .map(|file| {
            let name = file.path().strip_prefix(&prefix)?;
            let code: u32 = name.strip_suffix(".md")?.parse().ok()?;
            let relative = PathBuf::from(CODES_DIR).join(name);
            let escapes = source::escapes(&root.join(src).join(&relative), root).is_some();
            (!escapes && !name.contains('/')).then_some((code, relative))
        })
        .collect()
}

/// The files of the content folder, but code pages, that code pages need: the table and the
/// other pages, which their navigation lists (not `index.md`, which only the home page
/// shows). `None` if one is a link out of the site folder, which only a full build reports.
fn other_files(root: &Path, src: &Path, manifest: &Manifest) -> Option<Vec<PathBuf>> {
    let prefix = format!("{}/", site_path(src));
    let mut files = Vec::new();
    for path in manifest.input_paths() {
        let Some(relative) = path.strip_prefix(&prefix) else {
            continue;
        };
        let hidden = relative.split('/').any(|part| part.starts_with('.'));
        let page = relative.ends_with(".md")
            && relative != "index.md"
            && !relative.starts_with(&format!("{CODES_DIR}/"));
        if hidden || !(page || relative == TABLE_FILE) {
            continue;
        }
        if source::escapes(&root.join(path), root).is_some() {
            return None;
        }
        files.push(PathBuf::from(relative));
    }
    Some(files)
}
