//! The Tera templates and static files: built in, or replaced by the site's own `templates/`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tera::{Context, ErrorKind, Tera};

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::source::{self, SourceFile};
use crate::base::span::{Located, display_path};
use crate::input::content::site_path;

/// The folder in a site that holds its own templates.
pub const TEMPLATES_DIR: &str = "templates";
/// The folder inside it whose files are copied into the site's `static/`.
pub const STATIC_DIR: &str = "static";

/// The built-in templates, compiled in. A site's `templates/<name>` replaces the one of that name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("code.html", include_str!("../../templates/code.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "fragment.html",
        include_str!("../../templates/fragment.html"),
    ),
];

/// The built-in static files, written under `static/` in the site.
pub const BUILT_IN_STATIC: &[(&str, &[u8])] = &[
    (
        "statusbook.css",
        include_bytes!("../../templates/static/statusbook.css"),
    ),
    (
        "index.css",
        include_bytes!("../../templates/static/index.css"),
    ),
    (
        "search.css",
        include_bytes!("../../templates/static/search.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../templates/static/favicon.svg"),
    ),
    (
        "search.js",
        include_bytes!("../../templates/static/search.js"),
    ),
    ("page.js", include_bytes!("../../templates/static/page.js")),
    ("head.js", include_bytes!("../../templates/static/head.js")),
    (
        "embed.js",
        include_bytes!("../../templates/static/embed.js"),
    ),
    (
        "fragment.css",
        include_bytes!("../../templates/static/fragment.css"),
    ),
    (
        "portal.js",
        include_bytes!("../../templates/static/portal.js"),
    ),
];

/// Templates ready to render, and the static files to copy.
pub struct Templates {
    tera: Tera,
    /// Each template's text and where it came from, to point errors at a line.
    sources: BTreeMap<String, SourceFile>,
    /// Static files by site path (`static/statusbook.css`).
    pub statics: BTreeMap<String, Vec<u8>>,
    /// The length of the last page rendered from each template: the next one is rendered
    /// into a buffer about that size, so it is not grown (and copied) several times.
    last_len: BTreeMap<String, AtomicUsize>,
}

impl Templates {
    /// Loads the built-in templates, then the site's `templates/` over them.
    pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Option<Templates> {
        let mut sources: BTreeMap<String, SourceFile> = BUILT_IN
            .iter()
            .map(|&(name, text)| {
                let shown: Arc<Path> = Arc::from(Path::new(&format!("<built-in>/{name}")));
                (name.to_string(), SourceFile::new(shown, text.to_string()))
            })
            .collect();
        let mut statics: BTreeMap<String, Vec<u8>> = BUILT_IN_STATIC
            .iter()
            .map(|&(name, bytes)| (format!("{STATIC_DIR}/{name}"), minified(name, bytes)))
            .collect();

        let dir = root.join(TEMPLATES_DIR);
        if dir.is_dir() {
            read_site_templates(root, &dir, &mut sources, &mut statics, diagnostics);
        }

        // Tera reports a cycle without a place, and an include cycle not at all.
        if let Some(cycle) = cycle(&sources) {
            diagnostics.push(cycle);
            return None;
        }
        let mut tera = Tera::new();
        let added = tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, source)| (name.as_str(), source.text())),
        );
        let last_len = sources
            .keys()
            .map(|name| (name.clone(), AtomicUsize::new(0)))
            .collect();
        let templates = Templates {
            tera,
            sources,
            statics,
            last_len,
        };
        match added {
            Ok(()) => Some(templates),
            Err(error) => {
                diagnostics.push(templates.diagnostic(&error));
                None
            }
        }
    }

    /// Renders template `name`; an error points at the template's file and line.
    ///
    /// The page may have some capacity to spare: one kept in memory, not written and
    /// dropped, is best shrunk.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        let last_len = self.last_len.get(name);
        let like = last_len.map_or(0, |len| len.load(Ordering::Relaxed));
        // Pages of one template differ in length: a quarter more holds most of them.
        let mut page = Vec::with_capacity(like + like / 4);
        self.tera
            .render_to(name, context, &mut page)
            .map_err(|error| self.diagnostic(&error))?;
        if let Some(len) = last_len {
            len.store(page.len(), Ordering::Relaxed);
        }
        // Templates and the values put into them are text: this never fails.
        String::from_utf8(page).map_err(|_| {
            Diagnostic::error(format!(
                "template error: {name} did not render to UTF-8 text"
            ))
        })
    }

    fn diagnostic(&self, error: &tera::Error) -> Diagnostic {
        match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let message = format!("template error: {}", report.message());
                match self.sources.get(report.filename()) {
                    Some(source) => Diagnostic::error(message)
                        .at(source.locate(report.span().range.clone()), ""),
                    None => Diagnostic::error(message),
                }
                .hint("see https://keats.github.io/tera/ for the template syntax")
            }
            other => Diagnostic::error(format!("template error: {other}")),
        }
    }
}

/// The `{% extends %}` and `{% include %}` statements of a template: the name each refers
/// to, and the byte range of the statement.
fn references(text: &str) -> Vec<(&str, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{%").map(|i| from + i) {
        let Some(close) = text[open..].find("%}").map(|i| open + i + 2) else {
            break;
        };
        let inner = text[open + 2..close - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let rest = inner
            .strip_prefix("extends")
            .or_else(|| inner.strip_prefix("include"))
            .map(str::trim_start);
        if let Some(quoted) = rest {
            let quote = quoted.chars().next().filter(|c| *c == '"' || *c == '\'');
            if let Some(q) = quote
                && let Some(end) = quoted[1..].find(q)
            {
                found.push((&quoted[1..1 + end], open..close));
            }
        }
        from = close;
    }
    found
}

/// A cycle of `{% extends %}` or `{% include %}` among the templates, as an error at the
/// statement that closes it, naming every template on the way.
fn cycle(sources: &BTreeMap<String, SourceFile>) -> Option<Diagnostic> {
    fn visit<'a>(
        name: &'a str,
        sources: &'a BTreeMap<String, SourceFile>,
        path: &mut Vec<(&'a str, std::ops::Range<usize>)>,
        done: &mut std::collections::HashSet<&'a str>,
    ) -> Option<Diagnostic> {
        if done.contains(name) {
            return None;
        }
        let source = sources.get(name)?;
        for (target, range) in references(source.text()) {
            if let Some(start) = path.iter().position(|(n, _)| *n == target) {
                let mut chain: Vec<&str> = path[start..].iter().map(|(n, _)| *n).collect();
                chain.push(name);
                chain.push(target);
                return Some(
                    Diagnostic::error(format!(
                        "templates refer to each other in a circle: {}",
                        chain.join(" → ")
                    ))
                    .at(source.locate(range), "this closes the circle")
                    .hint(
                        "a template may not extend or include itself, directly or through others",
                    ),
                );
            }
            if target == name {
                return Some(
                    Diagnostic::error(format!("template {name} refers to itself"))
                        .at(source.locate(range), "")
                        .hint("a template may not extend or include itself"),
                );
            }
            path.push((name, range));
            let found = visit(target, sources, path, done);
            path.pop();
            if found.is_some() {
                return found;
            }
        }
        done.insert(name);
        None
    }
    let mut done = std::collections::HashSet::new();
    sources
        .keys()
        .find_map(|name| visit(name, sources, &mut Vec::new(), &mut done))
}

/// Whether a site's `templates/static/` file is byte for byte the built-in one of its name.
fn is_built_in(relative: &Path, bytes: &[u8]) -> bool {
    let name = relative.strip_prefix(STATIC_DIR).unwrap_or(relative);
    BUILT_IN_STATIC
        .iter()
        .any(|&(built_in, original)| Path::new(built_in) == name && original == bytes)
}

/// A built-in static file as served: CSS and JavaScript without their comments.
fn minified(name: &str, bytes: &[u8]) -> Vec<u8> {
    match (name.rsplit('.').next(), std::str::from_utf8(bytes)) {
        (Some("css"), Ok(text)) => crate::text::minify::css(text).into_bytes(),
        (Some("js"), Ok(text)) => crate::text::minify::js(text).into_bytes(),
        _ => bytes.to_vec(),
    }
}

fn read_site_templates(
    root: &Path,
    dir: &Path,
    sources: &mut BTreeMap<String, SourceFile>,
    statics: &mut BTreeMap<String, Vec<u8>>,
    diagnostics: &mut Diagnostics,
) {
    if let Some(target) = source::escapes(dir, root) {
        diagnostics.push(
            Diagnostic::error(format!(
                "the templates folder links to {}, outside the site folder",
                target.display()
            ))
            .at(Located::file(display_path(root, TEMPLATES_DIR)), "")
            .hint("statusbook never reads outside the site folder: move or copy the templates into it"),
        );
        return;
    }
    let (files, problems) = source::walk(dir, root);
    diagnostics.extend(problems);
    for relative in files {
        let path = dir.join(&relative);
        let shown = display_path(root, Path::new(TEMPLATES_DIR).join(&relative));
        if relative.starts_with(STATIC_DIR) {
            match source::read_bytes(&path, shown) {
                // A copy of a built-in file is the built-in file, served minified.
                Ok(bytes) if is_built_in(&relative, &bytes) => {}
                Ok(bytes) => {
                    statics.insert(site_path(&relative), bytes);
                }
                Err(error) => diagnostics.push(error),
            }
        } else {
            match source::read(&path, shown) {
                Ok(file) => {
                    sources.insert(site_path(&relative), file);
                }
                Err(error) => diagnostics.push(error),
            }
        }
    }
}
