//! Every output of a site, as one list of generators: each turns the model into files.
//! `build`, `serve` and `check` all go through [`all`], so adding an output is adding one
//! generator here, and [`plan`] knows every path before anything renders: a content file
//! or asset that would land on a generated path is an error, not a race.
//!
//! The pages ([`pages`]: code pages, fragments, the index, other pages, the not-found
//! page), the files copied as they are ([`files`]), the search index ([`search`]), the JSON
//! export ([`export`]), the sitemap ([`sitemap`]) and the MkDocs project ([`mkdocs`]).

pub mod export;
pub mod files;
pub mod mkdocs;
pub mod pages;
pub mod search;
pub mod sitemap;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::base::diagnostic::Diagnostic;
use crate::base::span::Located;
use crate::input::templates::Templates;
use crate::model::Site;

/// Every file of the site by its `/`-separated path, in a stable order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    /// Adds a file the site generates (each path is generated once).
    pub fn insert_generated(&mut self, path: &str, mut bytes: Vec<u8>) {
        // Kept with every other file of the site: not a byte more than it needs.
        bytes.shrink_to_fit();
        let previous = self.files.insert(path.to_string(), bytes);
        debug_assert!(previous.is_none(), "{path} generated twice");
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
}

/// Where a generator writes: a file it names in advance, or a whole folder whose files it
/// decides as it renders (the search index's shards); with the file of the site's own that
/// it comes from, if any (a written page, a copied image).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The site path (`codes/404.html`), or the folder (`search`).
    pub path: String,
    /// Whether it is a folder, claimed whole.
    pub folder: bool,
    /// The site's own file it comes from.
    pub source: Option<Arc<Path>>,
}

impl Claim {
    /// A file statusbook generates.
    pub fn file(path: impl Into<String>) -> Claim {
        Claim {
            path: path.into(),
            folder: false,
            source: None,
        }
    }

    /// A folder statusbook generates all of.
    pub fn folder(path: impl Into<String>) -> Claim {
        Claim {
            path: path.into(),
            folder: true,
            source: None,
        }
    }

    /// A file made from one of the site's own files.
    pub fn from(path: impl Into<String>, source: Arc<Path>) -> Claim {
        Claim {
            path: path.into(),
            folder: false,
            source: Some(source),
        }
    }
}

/// Receives each file a generator renders: its site path and bytes.
pub type Sink<'a> = dyn FnMut(String, Vec<u8>) + 'a;

/// What a generator does in a build after only some code pages were edited in place
/// ([`crate::incremental`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageEdit {
    /// None of its files depend on code pages: there is nothing to do.
    Unaffected,
    /// It renders what the edit changes: see [`Generator::update`].
    Update,
    /// It cannot tell what the edit changes: only a full build is right.
    Full,
}

/// Receives the site path of each file of the previous build that an update removes.
pub type Gone<'a> = dyn FnMut(String) + 'a;

/// Reads a file of the previous build by its site path.
pub type Previous<'a> = dyn Fn(&str) -> Option<Vec<u8>> + Sync + 'a;

/// One kind of output of a site.
pub trait Generator: Sync {
    /// What it makes, for messages and `--timings` (`the code pages`, `the search index`).
    fn name(&self) -> &'static str;

    /// Where it writes, for `site`: known before anything renders.
    fn claims(&self, site: &Site, templates: &Templates) -> Vec<Claim>;

    /// Renders its files, handing each to `out` as soon as it is ready. On `Err`, some
    /// files may have been handed on already.
    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>>;

    /// Renders only the files of `site.codes[code]`, for `serve`'s update of one edited
    /// page and for rebuilds (see [`Generator::update`]); generators with no file per code
    /// render nothing.
    fn render_code(
        &self,
        _site: &Site,
        _templates: &Templates,
        _code: usize,
        _out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        Ok(())
    }

    /// What it does in a build after only some code pages were edited in place. By default
    /// [`PageEdit::Full`]: a generator must say that its files do not depend on code pages,
    /// or update them itself.
    fn on_page_edit(&self, _site: &Site) -> PageEdit {
        PageEdit::Full
    }

    /// For [`PageEdit::Update`]: renders the files that change when only the written pages
    /// of `site.codes[i]` for `i` in `codes` changed since the build whose files
    /// `previous` reads (by site path), and names those of its files that go (`gone`).
    /// Returns whether it could: if not, only a full build is right. `site` may hold only
    /// those codes' pages (see [`crate::model::build_partial`]): others' are not read.
    ///
    /// By default, the files of each edited code ([`Generator::render_code`]): right for a
    /// generator whose files are one per code, each made from its own code alone.
    fn update(
        &self,
        site: &Site,
        templates: &Templates,
        codes: &[usize],
        _previous: &Previous<'_>,
        out: &mut Sink<'_>,
        _gone: &mut Gone<'_>,
    ) -> Result<bool, Vec<Diagnostic>> {
        for &code in codes {
            self.render_code(site, templates, code, out)?;
        }
        Ok(true)
    }

    /// Whether a build gives it a thread of its own: it is slow, needs only the model, and
    /// its files can be written while the pages render (the search index).
    fn own_thread(&self) -> bool {
        false
    }
}

/// Every generator, in the order their files are rendered.
pub fn all() -> [&'static dyn Generator; 10] {
    [
        &pages::IndexPage,
        &pages::CodePages,
        &pages::OtherPages,
        &pages::NotFoundPage,
        &pages::Fragments,
        &export::JsonExport,
        &sitemap::Sitemap,
        &search::SearchIndex,
        &mkdocs::MkDocs,
        &files::Files,
    ]
}

/// Checks that no two outputs claim one path: every generated path and folder is known
/// here, before anything renders, so a file of the site's own that would land on one is an
/// error naming both, whatever the order files are written in.
pub fn plan(site: &Site, templates: &Templates) -> Result<(), Vec<Diagnostic>> {
    let mut claims: Vec<(Claim, &'static str)> = all()
        .into_iter()
        .flat_map(|g| {
            g.claims(site, templates)
                .into_iter()
                .map(move |c| (c, g.name()))
        })
        .collect();
    // What statusbook generates first: a file of the site's own is the one in the way.
    claims.sort_by_key(|(claim, _)| claim.source.is_some());
    // Looked up, never walked in order: an unkeyed hash of the site's own paths.
    let mut files: FxHashMap<&str, (&Claim, &'static str)> = FxHashMap::default();
    files.reserve(claims.len());
    let mut folders: Vec<(&str, &'static str)> = Vec::new();
    let mut errors = Vec::new();
    for (claim, name) in &claims {
        let in_folder = folders.iter().find(|(folder, _)| {
            claim
                .path
                .strip_prefix(folder)
                .is_some_and(|rest| rest.starts_with('/'))
        });
        let taken = match (files.get(claim.path.as_str()), in_folder) {
            (Some((other, owner)), _) => Some(match &other.source {
                Some(first) => format!("where {} is written too", first.display()),
                None => format!("where statusbook writes {owner}"),
            }),
            (None, Some((folder, owner))) => {
                Some(format!("in {folder}/, where statusbook writes {owner}"))
            }
            (None, None) => None,
        };
        match (taken, &claim.source) {
            (Some(taken), Some(source)) => errors.push(
                Diagnostic::error(format!(
                    "{} would be written to {}, {taken}",
                    source.display(),
                    claim.path
                ))
                .at(Located::file(Arc::clone(source)), "")
                .hint("rename or move the file: statusbook writes index.html, 404.html, codes.json, codes.schema.json, sitemap.xml, codes/, fragments/, search/, static/ and mkdocs/"),
            ),
            (Some(taken), None) => errors.push(Diagnostic::error(format!(
                "statusbook would write {name} to {}, {taken}",
                claim.path
            ))),
            (None, _) if claim.folder => folders.push((&claim.path, name)),
            (None, _) => {
                files.insert(&claim.path, (claim, name));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
