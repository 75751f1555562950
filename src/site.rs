//! Runs the pipeline on a site folder: read, check, render into memory.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use crate::build_dir::{self, Input};
use crate::config::Config;
use crate::content::{self, Asset};
use crate::diagnostic::{Diagnostic, Diagnostics, in_file_order};
use crate::mkdocs;
use crate::model;
use crate::model::Site;
use crate::output::{self, Output, Written};
use crate::render;
use crate::search;
use crate::source::{self, io_reason};
use crate::span::display_path;
use crate::swap::Wait;
use crate::templates::{TEMPLATES_DIR, Templates};

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
    pub site: Site,
    /// Its templates.
    pub templates: Templates,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    build_dir: PathBuf,
    /// The folders the site is read from, which a build must never delete.
    inputs: Vec<Input>,
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
    let mut timings = Timings::default();
    let config = timings.measure("book.toml", || load_config(root))?;
    let mut diagnostics = Diagnostics::default();
    let content = timings.measure("content", || content::load(root, &config, &mut diagnostics));
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
            timings,
        }),
        _ => Err(in_file_order(diagnostics.into_vec())),
    }
}

/// How many threads write pages. The kernel's work to create a file and copy its bytes is
/// most of a large build; with two writers one copies while the other waits for the
/// folder's lock. At 10,000 codes on two cores, two took 0.58 s where one took 0.66 s.
const WRITERS: usize = 2;

impl Loaded {
    /// Renders every page, the exports and the search index into memory. The loaded site is
    /// kept, so the dev server can re-render single pages later.
    pub fn render(&self) -> Result<Built, Vec<Diagnostic>> {
        let Loaded {
            site,
            templates,
            warnings,
            timings,
            ..
        } = self;
        let mut timings = timings.clone();
        // The index first: its working memory is freed before the pages take theirs.
        let index = timings.measure("search index", || search::build(site));
        let rendered = timings.measure("pages", || render::render(site, templates));
        let mut output = match rendered {
            Ok(output) => output,
            Err(errors) => {
                let mut all = warnings.clone();
                all.extend(errors);
                return Err(in_file_order(all));
            }
        };
        for (path, bytes) in index {
            output.insert_generated(&path, bytes);
        }
        if site.config.mkdocs {
            for (path, bytes) in timings.measure("mkdocs", || mkdocs::export(site)) {
                output.insert_generated(&path, bytes);
            }
        }
        Ok(Built {
            output,
            warnings: in_file_order(warnings.clone()),
            codes: site.codes.len(),
            written: site.codes.iter().filter(|c| c.page.is_some()).count(),
            pages: site.pages.len(),
            timings,
        })
    }

    /// Renders the site and writes it into `build_dir`: all or nothing, files that did not
    /// change left untouched (see [`output::Staging`]). Errors do not repeat the warnings.
    ///
    /// `build_dir` is replaced only if it is statusbook's (see [`build_dir::claim`]), or,
    /// with `force`, if it is not an input of the site or a Git repository. While another
    /// build writes into it, this one waits or fails, as `wait` says (see [`crate::swap`]).
    ///
    /// Three things overlap, so a large site's file-system work hides the rest: pages are
    /// rendered in parallel batches; [`WRITERS`] threads write each as it comes; and another
    /// thread builds the search index, then writes it into a folder of its own.
    pub fn write(
        &self,
        build_dir: &Path,
        force: bool,
        wait: Wait<'_>,
    ) -> Result<(Written, Timings), Vec<Diagnostic>> {
        let mut timings = self.timings.clone();
        let claim = build_dir::claim(build_dir, &self.inputs, force).map_err(|e| vec![e])?;
        let started = Instant::now();
        let staging = output::Staging::begin(build_dir, claim, wait).map_err(|e| vec![e])?;
        let (send, receive) = mpsc::channel::<(String, Vec<u8>)>();
        let receive = Mutex::new(receive);
        let (rendered, rendering, wrote, (indexed, indexing)) = std::thread::scope(|scope| {
            let staging = &staging;
            let index = scope.spawn(move || {
                let started = Instant::now();
                let index = search::build(&self.site);
                let took = started.elapsed();
                let wrote = index
                    .iter()
                    .try_for_each(|(path, bytes)| staging.put(path, bytes));
                (wrote, took)
            });
            let writers: Vec<_> = (0..WRITERS)
                .map(|_| {
                    let receive = &receive;
                    scope.spawn(move || {
                        // The lock is held only to take the next page, which is freed once
                        // written, making room for the index.
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
            let rendering = Instant::now();
            let rendered = render::each_file(&self.site, &self.templates, |path, bytes| {
                // Cannot fail: the receiver outlives the scope. A writer's failure is
                // reported below, once rendering is over.
                let _ = send.send((path, bytes));
            });
            let rendering = rendering.elapsed();
            drop(send);
            let mut wrote = Ok(());
            for writer in writers {
                let result = writer
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p));
                wrote = wrote.and(result);
            }
            let index = index
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (rendered, rendering, wrote, index)
        });
        rendered.map_err(in_file_order)?;
        wrote.and(indexed).map_err(|e| vec![e])?;
        timings.0.push(("pages", rendering));
        timings.0.push(("search index", indexing));
        if self.site.config.mkdocs {
            for (path, bytes) in timings.measure("mkdocs", || mkdocs::export(&self.site)) {
                staging.put(&path, &bytes).map_err(|e| vec![e])?;
            }
        }
        let written = staging.commit().map_err(|e| vec![e])?;
        timings.0.push(("write", started.elapsed()));
        Ok((written, timings))
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
