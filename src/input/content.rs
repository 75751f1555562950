//! Reads the content folder: the code table, code pages, other pages and files to copy.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::source::{self, SourceFile};
use crate::base::span::{Located, Spanned, display_path};
use crate::input::config::Config;
use crate::input::front_matter::{self, CodeMeta, PageMeta};
use crate::input::table::{self, Entry};
use crate::text::markdown::{self, Facts, Link};
use crate::text::sanitize;

/// The file in the content folder that holds the code table.
pub const TABLE_FILE: &str = "codes.txt";
/// The folder in the content folder that holds one page per code.
pub const CODES_DIR: &str = "codes";

/// Everything the content folder holds, parsed.
#[derive(Debug, Default)]
pub struct Content {
    /// The code table, in code order.
    pub table: Vec<Entry>,
    /// Whether every line of the table was understood (if not, a page may name a code
    /// whose line is broken, and saying the table lacks it would mislead).
    pub table_complete: bool,
    /// Written pages for codes, in file-name order.
    pub code_pages: Vec<CodePage>,
    /// Other pages.
    pub pages: Vec<Page>,
    /// `index.md`: the home page's introduction.
    pub intro: Option<Body>,
    /// The introduction's links, with where they were written.
    pub intro_links: Vec<Spanned<Link>>,
    /// Files that are not Markdown, copied as they are.
    pub assets: Vec<Asset>,
    /// Every file read, by its path under the site folder (`/`-separated), with the
    /// [`source::fingerprint`] of its bytes as read: the build folder's manifest records
    /// these, so no file is read twice.
    pub read: Vec<(String, u128)>,
}

/// A written page for one code: `codes/<code>.md`.
#[derive(Debug)]
pub struct CodePage {
    /// The code the file is named after.
    pub code: u32,
    /// The file, for errors about the page as a whole.
    pub file: Located,
    /// Its front matter.
    pub meta: CodeMeta,
    /// Its body.
    pub body: Body,
    /// Its links, as they appear in the HTML, with where the Markdown wrote them.
    pub links: Vec<Spanned<Link>>,
}

/// Any other Markdown page, such as a guide to the API's error format.
#[derive(Debug)]
pub struct Page {
    /// Where it is written in the site, `/`-separated (`guides/errors.html`).
    pub path: String,
    /// The file it is written in, for errors about the page as a whole.
    pub source: Arc<Path>,
    /// The title: from front matter, else the leading `#` heading, else the file name.
    pub title: String,
    /// Its front matter.
    pub meta: PageMeta,
    /// Its body.
    pub body: Body,
    /// Its links, as they appear in the HTML, with where the Markdown wrote them.
    pub links: Vec<Spanned<Link>>,
}

/// A page's body, kept as Markdown: reading it found its [`Facts`], and its HTML and text
/// are made again each time they are needed ([`Body::html`], [`Body::text`]).
///
/// A site holds all its pages until it is written. At 100,000 codes their HTML and text
/// were 800 MB, more than half of a build's memory, where their Markdown is 320 MB; making
/// a page's HTML again takes about 11 µs, and [`markdown::read`] does not highlight code.
#[derive(Debug)]
pub struct Body {
    /// The page's file, front matter and all.
    source: String,
    /// Where in it the Markdown starts, after the front matter.
    start: usize,
    /// Whether its raw HTML is cleaned ([`sanitize::clean`]): it has some, and the site
    /// does not trust its authors' HTML.
    clean: bool,
    /// What reading it found.
    pub facts: Facts,
}

impl Body {
    /// The Markdown, after the front matter.
    fn markdown(&self) -> &str {
        &self.source[self.start..]
    }

    /// Its HTML, without its leading `#` heading: [`markdown::render`]'s, cleaned.
    pub fn html(&self) -> String {
        let html = markdown::html(self.markdown());
        if self.clean {
            sanitize::clean(&html)
        } else {
            html
        }
    }

    /// Its plain text, for the search index: [`markdown::render`]'s.
    pub fn text(&self) -> String {
        markdown::text(self.markdown())
    }

    /// Its Markdown as the page shows it (no title, no snippet blocks), for exports.
    pub fn shown_markdown(&self) -> String {
        markdown::shown_markdown(self.markdown(), &self.facts.cuts)
    }
}

/// A file copied into the site unchanged (an image, say).
#[derive(Debug)]
pub struct Asset {
    /// Where it is written in the site, `/`-separated.
    pub path: String,
    /// The file it comes from, for errors.
    pub source: Arc<Path>,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Reads the content folder of the site in `root`, as `config` describes it.
pub fn load(root: &Path, config: &Config, diagnostics: &mut Diagnostics) -> Content {
    let src = config.book.src.as_path();
    let dir = root.join(src);
    let mut content = Content::default();
    let table_path = display_path(root, src.join(TABLE_FILE));
    if let Some(target) = source::escapes(&dir, root) {
        diagnostics.push(
            Diagnostic::error(format!(
                "the content folder {} links to {}, outside the site folder",
                display_path(root, src).display(),
                target.display()
            ))
            .hint(
                "statusbook never reads outside the site folder: move or copy the content into it",
            ),
        );
        return content;
    }
    if dir.join(TABLE_FILE).is_dir() {
        diagnostics.push(
            Diagnostic::error(format!("{} is a folder, not a file", table_path.display()))
                .hint("the code table is a text file with one code per line"),
        );
        return content;
    }
    if !dir.join(TABLE_FILE).is_file() {
        diagnostics.push(
            Diagnostic::error(format!(
                "no code table: {} does not exist",
                table_path.display()
            ))
            .hint(format!(
                "write one code per line in {}, like `404 Not Found: No user has this id.`",
                table_path.display()
            )),
        );
        return content;
    }

    let (files, problems) = source::walk(&dir, root);
    diagnostics.extend(problems);
    read_files(root, config, &files, &mut content, diagnostics);
    content
}

/// Reads only the files `files` of the content folder (paths under it), as [`load`] would:
/// for a build that knows the others did not change and are not needed.
pub fn load_only(
    root: &Path,
    config: &Config,
    files: &[std::path::PathBuf],
    diagnostics: &mut Diagnostics,
) -> Content {
    let mut content = Content::default();
    read_files(root, config, files, &mut content, diagnostics);
    content
}

fn read_files(
    root: &Path,
    config: &Config,
    files: &[std::path::PathBuf],
    content: &mut Content,
    diagnostics: &mut Diagnostics,
) {
    // Files are read and parsed in parallel, then gathered in their (sorted) order, so the
    // result and the order of problems do not depend on the number of threads. The table
    // is read first: one file, parsed on one thread, it came last in that order, and a
    // large one was parsed alone while the other threads waited.
    let mut order: Vec<usize> = (0..files.len()).collect();
    if let Some(table) = files.iter().position(|f| f == Path::new(TABLE_FILE)) {
        order[..=table].rotate_right(1);
    }
    let mut items: Vec<_> = order
        .into_par_iter()
        .map(|i| {
            let (item, problems, hash) = read_hashed(root, config, &files[i]);
            let read = hash.map(|hash| (site_path(&config.book.src.join(&files[i])), hash));
            (i, item, problems, read)
        })
        .collect();
    items.sort_unstable_by_key(|&(i, ..)| i);
    content.read.reserve(items.len());
    for (_, item, problems, read) in items {
        diagnostics.extend(problems);
        content.read.extend(read);
        match item {
            Some(Item::Table(entries, complete)) => {
                content.table = entries;
                content.table_complete = complete;
            }
            Some(Item::Code(page)) => content.code_pages.push(*page),
            Some(Item::Intro(body, links)) => {
                content.intro = Some(body);
                content.intro_links = links;
            }
            Some(Item::Page(page)) => content.pages.push(page),
            Some(Item::Asset(asset)) => content.assets.push(asset),
            None => {}
        }
    }
}

/// One file of the content folder, read and parsed.
pub enum Item {
    /// `codes.txt`: its entries, and whether every line was understood.
    Table(Vec<Entry>, bool),
    /// `codes/<code>.md`.
    Code(Box<CodePage>),
    /// `index.md`: its body and links.
    Intro(Body, Vec<Spanned<Link>>),
    /// Any other Markdown page.
    Page(Page),
    /// Any other file, copied as it is.
    Asset(Asset),
}

/// Reads and parses the file `relative` of the content folder of the site in `root`.
/// Unless `trusted-html` is on, raw HTML is cleaned, with a warning for what is removed.
pub fn read_item(root: &Path, config: &Config, relative: &Path) -> (Option<Item>, Vec<Diagnostic>) {
    let (item, problems, _) = read_hashed(root, config, relative);
    (item, problems)
}

/// [`read_item`], with the [`source::fingerprint`] of the bytes read, if the file could be.
fn read_hashed(
    root: &Path,
    config: &Config,
    relative: &Path,
) -> (Option<Item>, Vec<Diagnostic>, Option<u128>) {
    let src = config.book.src.as_path();
    let custom_codes = config.table.custom_codes;
    let shown = display_path(root, src.join(relative));
    let bytes = source::read_bytes(&root.join(src).join(relative), Arc::clone(&shown));
    let hash = bytes.as_deref().ok().map(source::fingerprint);
    let (item, problems) = if relative == Path::new(TABLE_FILE) {
        match bytes.and_then(|bytes| source::decode(bytes, shown)) {
            Ok(file) => {
                let (entries, problems) = table::parse(&file, custom_codes);
                let complete = !problems.iter().any(Diagnostic::is_error);
                (Some(Item::Table(entries, complete)), problems)
            }
            Err(error) => (None, vec![error]),
        }
    } else if relative.extension().is_some_and(|e| e == "md") {
        match read_page(bytes, relative, shown, config) {
            Ok((item, warnings)) => (Some(item), warnings),
            Err(problems) => (None, problems),
        }
    } else {
        match bytes {
            Ok(bytes) => {
                let asset = Asset {
                    path: site_path(relative),
                    source: shown,
                    bytes,
                };
                (Some(Item::Asset(asset)), Vec::new())
            }
            Err(error) => (None, vec![error]),
        }
    };
    (item, problems, hash)
}

/// Parses a Markdown page from its `bytes` (or the error reading them), once its file
/// name says which kind of page it is.
fn read_page(
    bytes: Result<Vec<u8>, Diagnostic>,
    relative: &Path,
    shown: Arc<Path>,
    config: &Config,
) -> Result<(Item, Vec<Diagnostic>), Vec<Diagnostic>> {
    let kind = page_kind(relative).map_err(|(message, hint)| {
        vec![
            Diagnostic::error(message)
                .at(Located::file(Arc::clone(&shown)), "")
                .hint(hint),
        ]
    })?;
    let file = bytes
        .and_then(|bytes| source::decode(bytes, shown))
        .map_err(|e| vec![e])?;
    let split = front_matter::split(&file).map_err(|e| vec![e])?;
    let mut facts = markdown::read(split.body);
    let clean = !config.html.trusted_html && !facts.raw_html.is_empty();
    // The body is the end of the file, so its offsets shift by what comes before it.
    let offset = file.text().len() - split.body.len();
    let mut warnings = Vec::new();
    if clean {
        for range in &facts.raw_html {
            if let Some(risk) = sanitize::risk(&split.body[range.clone()]) {
                warnings.push(
                    Diagnostic::warning(format!("raw HTML with {risk} was removed"))
                        .at(file.locate(offset + range.start..offset + range.end), "")
                        .hint("statusbook removes scripts, event handlers, javascript: URLs and frames from Markdown; if you trust this site's authors, set `trusted-html = true` under `[output.html]` in book.toml"),
                );
            }
        }
    }
    let links: Vec<Spanned<Link>> = std::mem::take(&mut facts.links)
        .into_iter()
        .map(|(link, range)| Spanned {
            value: link,
            at: file.locate(offset + range.start..offset + range.end),
        })
        .collect();
    // Line 1, for problems with the page as a whole.
    let first_line = file.locate(0..file.text().find('\n').unwrap_or(file.text().len()));
    let source = Arc::clone(file.path());
    let toml = split.front_matter;
    // The file's own text is kept: no copy of the body is made.
    let body = Body {
        source: file.into_text(),
        start: offset,
        clean,
        facts,
    };
    match kind {
        PageKind::Code(code) => {
            let meta = parse_meta(toml.as_ref(), front_matter::code_meta)?;
            Ok((
                Item::Code(Box::new(CodePage {
                    code,
                    file: first_line,
                    meta,
                    body,
                    links,
                })),
                warnings,
            ))
        }
        PageKind::Intro => match &toml {
            Some(fm) => Err(vec![
                Diagnostic::error("the home page introduction takes no front matter")
                    .at(fm.locate(0..0), "")
                    .hint("set the site's title and description under `[book]` in book.toml"),
            ]),
            None => Ok((Item::Intro(body, links), warnings)),
        },
        PageKind::Page => {
            let meta = parse_meta(toml.as_ref(), front_matter::page_meta)?;
            let title = meta
                .title
                .clone()
                .or_else(|| body.facts.title.clone())
                .unwrap_or_else(|| title_from_file_name(relative));
            let page = Page {
                source,
                path: site_path(&relative.with_extension("html")),
                title,
                meta,
                body,
                links,
            };
            Ok((Item::Page(page), warnings))
        }
    }
}

fn parse_meta<T: Default>(
    toml: Option<&SourceFile>,
    parse: fn(&SourceFile) -> Result<T, Vec<Diagnostic>>,
) -> Result<T, Vec<Diagnostic>> {
    toml.map_or_else(|| Ok(T::default()), parse)
}

enum PageKind {
    Code(u32),
    Intro,
    Page,
}

/// What a Markdown file is, from where it is; on error, a message and a hint.
fn page_kind(relative: &Path) -> Result<PageKind, (String, String)> {
    let parts: Vec<&str> = relative.iter().map(|p| p.to_str().unwrap_or("")).collect();
    match parts.as_slice() {
        [CODES_DIR, name] => {
            let stem = name.trim_end_matches(".md");
            match stem.parse::<u32>() {
                Ok(code) if code > 0 && !stem.starts_with('0') && !stem.starts_with('+') => {
                    Ok(PageKind::Code(code))
                }
                _ => Err((
                    format!("`{name}` is not named after a code"),
                    format!(
                        "a page in {CODES_DIR}/ is named after the code it explains, like `404.md`; put other pages beside {TABLE_FILE}"
                    ),
                )),
            }
        }
        [CODES_DIR, ..] => Err((
            "code pages go directly in the codes folder".to_string(),
            format!("move it to {CODES_DIR}/<code>.md"),
        )),
        ["index.md"] => Ok(PageKind::Intro),
        ["404.md"] => Err((
            "`404.md` would replace the site's not-found page".to_string(),
            format!(
                "the page for code 404 is {CODES_DIR}/404.md; the not-found page is the `404.html` template"
            ),
        )),
        _ => Ok(PageKind::Page),
    }
}

/// `guides/error-format.md` → `Error format`.
fn title_from_file_name(relative: &Path) -> String {
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
        .unwrap_or_default();
    let mut chars = stem.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}

/// A relative file path as a site path, `/`-separated on every platform.
pub fn site_path(relative: &Path) -> String {
    relative
        .iter()
        .map(|p| p.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_files_are_pages_by_where_they_are() {
        assert!(matches!(
            page_kind(Path::new("codes/404.md")),
            Ok(PageKind::Code(404))
        ));
        assert!(matches!(
            page_kind(Path::new("codes/20003.md")),
            Ok(PageKind::Code(20003))
        ));
        assert!(matches!(
            page_kind(Path::new("index.md")),
            Ok(PageKind::Intro)
        ));
        assert!(matches!(
            page_kind(Path::new("guides/index.md")),
            Ok(PageKind::Page)
        ));
        assert!(matches!(
            page_kind(Path::new("error-format.md")),
            Ok(PageKind::Page)
        ));
        for bad in [
            "codes/not-found.md",
            "codes/0404.md",
            "codes/0.md",
            "codes/x/1.md",
            "404.md",
        ] {
            assert!(page_kind(Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(
            title_from_file_name(Path::new("guides/error-format.md")),
            "Error format"
        );
        assert_eq!(
            title_from_file_name(Path::new("rate_limits.md")),
            "Rate limits"
        );
    }
}
