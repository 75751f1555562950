//! Runs the pipeline on a site folder: read, check, render into memory.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use crate::base::diagnostic::{Diagnostic, Diagnostics, in_file_order};
use crate::base::source::{self, io_reason};
use crate::base::span::display_path;
use crate::input::config::Config;
use crate::input::content::{self, Asset};
use crate::input::openapi;
use crate::input::templates::{TEMPLATES_DIR, Templates};
use crate::model;
use crate::model::Site;
use crate::outputs::{self, Output};
use crate::write::build_dir::{self, Input};
use crate::write::manifest::{self, Manifest, Sources};
use crate::write::output::{self, Written};
use crate::write::swap::Wait;

/// The settings file that marks a folder as a site.
pub const CONFIG_FILE: &str = "book.toml";

/// A site rendered in memory, ready to write.
#[derive(Debug)]
pub struct Built {
    /// Every file of the site.
    pub output: Output,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// How many codes the site documents.
    pub codes: usize,
    /// How many of them have a written page.
    pub written: usize,
    /// How many other pages it has.
    pub pages: usize,
    /// How long each stage took.
    pub timings: Timings,
}

/// A site read and checked, ready to render.
pub struct Loaded {
    /// The site as data.
    pub(crate) site: Site,
    /// Its templates.
    pub(crate) templates: Templates,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    build_dir: PathBuf,
    /// The folders the site is read from, which a build must never delete.
    inputs: Vec<Input>,
    /// The site folder, as given.
    root: PathBuf,
    /// Every input file as found before any was read, for the build folder's manifest
    /// (see [`load_to_write`]).
    scanned: Option<manifest::Inputs>,
    timings: Timings,
}

/// The time each stage of a build took, in order.
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    /// Runs `stage`, recording how long it took under `name`.
    pub fn measure<T>(&mut self, name: &'static str, stage: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = stage();
        self.0.push((name, started.elapsed()));
        value
    }
}

/// Reads the site in `root` and renders it into memory.
///
/// On failure, every problem found is returned (errors and warnings), not only the first.
pub fn build(root: &Path) -> Result<Built, Vec<Diagnostic>> {
    load(root)?.render()
}

/// Reads and checks the site in `root`, without rendering it.
pub fn load(root: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    load_with(root, false)
}

/// Reads and checks the site in `root` to write it: first notes every input file as it is
/// (see [`manifest`]), so [`Loaded::write`] can record what the build was made from.
pub fn load_to_write(root: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    load_with(root, true)
}

fn load_with(root: &Path, scan: bool) -> Result<Loaded, Vec<Diagnostic>> {
    let mut timings = Timings::default();
    let mut config = timings.measure("book.toml", || load_config(root))?;
    // A site whose files cannot all be listed and read is built without a manifest: the
    // next build then does everything again, and reading the inputs reports the problem.
    let stamped = scan
        .then(|| timings.measure("inputs", || sources(root, &config).stamp().ok()))
        .flatten();
    let mut diagnostics = Diagnostics::default();
    if config.html.site_url.is_none() {
        diagnostics.push(missing_site_url(&config));
    }
    if config.html.fragments && config.html.absolute_site_url().is_none() {
        diagnostics.push(relative_fragments(&config));
    }
    config.api.document =
        timings.measure("openapi", || openapi::load(root, &config, &mut diagnostics));
    let mut content = timings.measure("content", || content::load(root, &config, &mut diagnostics));
    let read = std::mem::take(&mut content.read);
    if content.table.is_empty() && !diagnostics.has_errors() {
        diagnostics.push(Diagnostic::warning(format!(
            "the code table {} lists no codes",
            display_path(root, config.book.src.join(content::TABLE_FILE)).display()
        )));
    }
    let templates = timings.measure("templates", || Templates::load(root, &mut diagnostics));
    let extra = named_files(root, &config, &mut diagnostics);
    let build_dir = display_path(root, &config.build_dir).to_path_buf();
    let inputs = inputs(root, &config);
    // The files the build read are hashed from what it read; only the few others (book.toml,
    // templates, additional files) are read again.
    let scanned = stamped.and_then(|stamped| stamped.hash(&sources(root, &config), read).ok());
    // The model is checked even after errors, so one run reports every problem it can.
    let site = timings.measure("model", || {
        model::build(config, content, extra, &mut diagnostics)
    });
    match templates {
        Some(templates) if !diagnostics.has_errors() => Ok(Loaded {
            site,
            templates,
            warnings: diagnostics.into_vec(),
            build_dir,
            inputs,
            root: root.to_path_buf(),
            scanned,
            timings,
        }),
        _ => Err(in_file_order(diagnostics.into_vec())),
    }
}

/// Without `site-url`, the not-found page cannot know where the site's root is: served for
/// a missing address one folder down or deeper, its style sheet, scripts and links miss.
fn missing_site_url(config: &Config) -> Diagnostic {
    Diagnostic::warning(
        "`output.html.site-url` is not set: the not-found page works only for missing addresses at the top of the site",
    )
    .hint("set `site-url` under `[output.html]` to where the site is served: `site-url = \"/\"` at the root of a domain, or its URL (`https://docs.acme.example/status/`); the not-found page then gets a `<base>` and works at any depth")
    .at(config.html_at.clone(), "no `site-url` here")
}

/// Fragments go into other sites' pages, where links relative to `fragments/` lead nowhere:
/// they are made absolute against an absolute `site-url`, and without one they stay relative.
fn relative_fragments(config: &Config) -> Diagnostic {
    Diagnostic::warning(
        "`output.html.fragments` is on but `site-url` is not an absolute URL: the fragments' links stay relative, and break in a host page",
    )
    .hint("set `site-url` to the published site's address (`https://docs.acme.example/status/`); fragments then link to its pages")
    .at(config.html_at.clone(), "fragments are written from here")
}

/// How many threads write pages. The kernel's work to create a file and copy its bytes is
/// most of a large build; with two writers one copies while the other waits for the
/// folder's lock. At 10,000 codes on two cores, two took 0.58 s where one took 0.66 s.
const WRITERS: usize = 2;

/// How many rendered files may wait for a writer. Rendering outpaces writing on a large
/// site, and an unbounded queue held most of its pages at once (a gigabyte at 100,000
/// codes); past this many, rendering waits for the writers instead.
const QUEUED: usize = 256;

impl Loaded {
    /// Renders every output of the site into memory, through the one list of generators
    /// ([`outputs::all`]). The loaded site is kept, so the dev server can re-render single
    /// pages later.
    pub fn render(&self) -> Result<Built, Vec<Diagnostic>> {
        let mut timings = self.timings.clone();
        let mut output = Output::default();
        self.render_into(&mut timings, &mut |path, bytes| {
            output.insert_generated(&path, bytes)
        })?;
        let (codes, written, pages) = self.counts();
        Ok(Built {
            output,
            warnings: in_file_order(self.warnings.clone()),
            codes,
            written,
            pages,
            timings,
        })
    }

    /// Renders every output of the site, handing each file to `out` as soon as it is
    /// ready, and timing each generator into `timings`. On failure, every problem (the
    /// warnings too) in file order; some files may have been handed on already.
    pub fn render_into(
        &self,
        timings: &mut Timings,
        out: &mut outputs::Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        let (site, templates) = (&self.site, &self.templates);
        let with_warnings = |errors: Vec<Diagnostic>| {
            let mut all = self.warnings.clone();
            all.extend(errors);
            in_file_order(all)
        };
        outputs::plan(site, templates).map_err(with_warnings)?;
        let mut errors = Vec::new();
        for generator in outputs::all() {
            let rendered = timings.measure(generator.name(), || {
                generator.render(site, templates, &mut *out)
            });
            errors.extend(rendered.err().into_iter().flatten());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(with_warnings(errors))
        }
    }

    /// Renders the site and writes it into `build_dir`: all or nothing, files that did not
    /// change left untouched (see [`output::Staging`]). Errors do not repeat the warnings.
    ///
    /// `build_dir` is replaced only if it is statusbook's (see [`build_dir::claim`]), or,
    /// with `force`, if it is not an input of the site or a Git repository. While another
    /// build writes into it, this one waits or fails, as `wait` says (see [`crate::write::swap`]).
    ///
    /// Three things overlap, so a large site's file-system work hides the rest: the
    /// generators render (pages in parallel batches), `WRITERS` threads write each file
    /// as it comes, and a generator that asks for it (the search index) renders and writes
    /// in a thread of its own.
    pub fn write(
        &self,
        build_dir: &Path,
        force: bool,
        wait: Wait<'_>,
    ) -> Result<(Written, Timings), Vec<Diagnostic>> {
        let (site, templates) = (&self.site, &self.templates);
        let mut timings = self.timings.clone();
        outputs::plan(site, templates)?;
        let claim = build_dir::claim(build_dir, &self.inputs, force).map_err(|e| vec![e])?;
        let started = Instant::now();
        let staging = output::Staging::begin(build_dir, claim, wait).map_err(|e| vec![e])?;
        let (send, receive) = mpsc::sync_channel::<(String, Vec<u8>)>(QUEUED);
        let receive = Mutex::new(receive);
        let (alone, rest): (Vec<_>, Vec<_>) =
            outputs::all().into_iter().partition(|g| g.own_thread());
        let (rendered, wrote, apart) = std::thread::scope(|scope| {
            let staging = &staging;
            // Generators with a thread of their own write straight into the staging folder.
            let apart: Vec<_> = alone
                .into_iter()
                .map(|generator| {
                    scope.spawn(move || {
                        let started = Instant::now();
                        let mut wrote = Ok(());
                        let rendered = generator.render(site, templates, &mut |path, bytes| {
                            if wrote.is_ok() {
                                wrote = staging.put(&path, &bytes);
                            }
                        });
                        (generator.name(), started.elapsed(), rendered, wrote)
                    })
                })
                .collect();
            let writers: Vec<_> = (0..WRITERS)
                .map(|_| {
                    let receive = &receive;
                    scope.spawn(move || {
                        // The lock is held only to take the next file, which is freed once
                        // written, making room for the others.
                        let next = || {
                            receive
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .recv()
                        };
                        while let Ok((path, bytes)) = next() {
                            staging.put(&path, &bytes)?;
                        }
                        Ok(())
                    })
                })
                .collect();
            let mut rendered = Vec::new();
            for generator in rest {
                let started = Instant::now();
                let result = generator.render(site, templates, &mut |path, bytes| {
                    // Cannot fail: the receiver outlives the scope. A writer's failure is
                    // reported below, once rendering is over.
                    let _ = send.send((path, bytes));
                });
                rendered.push((generator.name(), started.elapsed(), result));
            }
            drop(send);
            let mut wrote = Ok(());
            for writer in writers {
                let result = writer
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p));
                wrote = wrote.and(result);
            }
            let apart: Vec<_> = apart
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect();
            (rendered, wrote, apart)
        });
        let mut errors = Vec::new();
        for (name, took, result) in rendered {
            timings.0.push((name, took));
            errors.extend(result.err().into_iter().flatten());
        }
        for (name, took, result, written) in apart {
            timings.0.push((name, took));
            errors.extend(result.err().into_iter().flatten());
            errors.extend(written.err());
        }
        errors.extend(wrote.err());
        if !errors.is_empty() {
            return Err(in_file_order(errors));
        }
        let committed = staging.finish().map_err(|e| vec![e])?;
        timings.0.push(("write", started.elapsed()));
        if let Some(scanned) = &self.scanned {
            // Without a manifest the next build does everything again, which is only slower:
            // failing to write it fails nothing.
            timings.measure("manifest", || {
                let manifest = Manifest::new(
                    &self.root,
                    scanned.clone(),
                    committed.stamps,
                    build_dir,
                    self.counts(),
                    &self.warnings,
                );
                let _ = manifest.and_then(|m| m.write(build_dir));
            });
        }
        Ok((committed.written, timings))
    }

    /// How many codes the site documents, how many of them have a written page, and how
    /// many other pages it has.
    pub fn counts(&self) -> (usize, usize, usize) {
        let codes = &self.site.codes;
        let written = codes.iter().filter(|c| c.page.is_some()).count();
        (codes.len(), written, self.site.pages.len())
    }

    /// Where `book.toml` says to write the site (`build-dir`, under the site folder).
    pub fn build_dir(&self) -> &Path {
        &self.build_dir
    }

    /// Whether `build_dir` is statusbook's to replace, as [`Loaded::write`] would decide
    /// without `--force`. An earlier build without a marker counts as statusbook's here;
    /// only writing the new site can tell whether it holds anything else.
    pub fn claim(&self, build_dir: &Path) -> Result<build_dir::Claim, Diagnostic> {
        build_dir::claim(build_dir, &self.inputs, false)
    }

    /// The content folder, as the site's book.toml names it.
    pub fn content_dir(&self) -> &Path {
        &self.site.config.book.src
    }
}

/// Every file and folder of the site's own that a build reads.
pub(crate) fn sources<'a>(root: &'a Path, config: &Config) -> Sources<'a> {
    let mut paths = vec![
        PathBuf::from(CONFIG_FILE),
        config.book.src.clone(),
        PathBuf::from(TEMPLATES_DIR),
    ];
    paths.extend(config.html.additional_css.iter().map(|f| f.value.clone()));
    paths.extend(config.html.additional_js.iter().map(|f| f.value.clone()));
    paths.extend(config.api.openapi.iter().map(|f| f.value.clone()));
    Sources { root, paths }
}

/// Checks that `root` is a site at all: it has a `book.toml` file. Whatever else is wrong
/// with it, a command can report, or (`serve`) show until it is fixed.
pub fn find(root: &Path) -> Result<(), Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let shown = display_path(root, CONFIG_FILE);
    if path.is_dir() {
        return Err(vec![
            Diagnostic::error(format!("{} is a folder, not a file", shown.display())).hint(
                format!(
                    "{CONFIG_FILE} holds the site's settings: remove the folder and write the file"
                ),
            ),
        ]);
    }
    if !path.is_file() {
        let place = if root == Path::new(".") {
            "the current folder".to_string()
        } else {
            root.display().to_string()
        };
        return Err(vec![
            Diagnostic::error(format!("no {CONFIG_FILE} in {place}"))
                .hint(format!("a site is a folder with a {CONFIG_FILE} and a content/codes.txt; give the site's folder as an argument")),
        ]);
    }
    Ok(())
}

/// Reads and parses `book.toml`.
pub fn load_config(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    find(root)?;
    let file = source::read(&root.join(CONFIG_FILE), display_path(root, CONFIG_FILE))
        .map_err(|e| vec![e])?;
    Config::parse(&file)
}

/// The folders a site is read from: the site folder first, then its content and templates
/// folders and the folders of its `additional-css` and `additional-js` files.
fn inputs(root: &Path, config: &Config) -> Vec<Input> {
    let input = |path: PathBuf, role: String| Input { path, role };
    let mut inputs = vec![
        input(root.to_path_buf(), "the site folder".into()),
        input(root.join(&config.book.src), "the content folder".into()),
        input(root.join(TEMPLATES_DIR), "the templates folder".into()),
    ];
    for (key, files) in [
        ("additional-css", &config.html.additional_css),
        ("additional-js", &config.html.additional_js),
    ] {
        for file in files {
            let folder = root.join(&file.value);
            let folder = folder.parent().unwrap_or(root).to_path_buf();
            let role = format!("the folder of `{key}` file {}", file.value.display());
            inputs.push(input(folder, role));
        }
    }
    if let Some(file) = &config.api.openapi {
        let folder = root.join(&file.value);
        let folder = folder.parent().unwrap_or(root).to_path_buf();
        let role = format!(
            "the folder of the OpenAPI document {}",
            file.value.display()
        );
        inputs.push(input(folder, role));
    }
    inputs
}

/// Reads the `additional-css` and `additional-js` files, to copy into the site.
fn named_files(root: &Path, config: &Config, diagnostics: &mut Diagnostics) -> Vec<Asset> {
    let mut assets = Vec::new();
    for (key, files) in [
        ("additional-css", &config.html.additional_css),
        ("additional-js", &config.html.additional_js),
    ] {
        for file in files {
            if let Some(target) = source::escapes(&root.join(&file.value), root) {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "`{}` from `{key}` links to {}, outside the site folder",
                        file.value.display(),
                        target.display()
                    ))
                    .at(file.at.clone(), "this file")
                    .hint("statusbook never reads outside the site folder: copy the file into it"),
                );
                continue;
            }
            match std::fs::read(root.join(&file.value)) {
                Ok(bytes) => assets.push(Asset {
                    path: content::site_path(&file.value),
                    source: display_path(root, &file.value),
                    bytes,
                }),
                Err(e) => diagnostics.push(
                    Diagnostic::error(format!(
                        "cannot read `{}` from `{key}`: {}",
                        file.value.display(),
                        io_reason(&e)
                    ))
                    .at(file.at.clone(), "this file")
                    .hint("paths in book.toml are relative to the folder that holds it"),
                ),
            }
        }
    }
    assets
}
