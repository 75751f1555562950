//! View models: what each template receives, ready to lay out.
//!
//! Every URL here is already relative to the page being rendered (`../codes/401.html`),
//! so the site works from `file://`, from `/` and from any sub-path. Templates only print.

use serde::Serialize;

use crate::base::status::Group;
use crate::knowledge::registry::spec_url;
use crate::model::{Code, CodeGroup, Site};

mod code;
mod returned;

pub use code::code;

/// The built-in style sheet's site path.
pub const STYLE_SHEET: &str = "static/statusbook.css";
/// The style sheet only the index needs.
pub const INDEX_STYLE_SHEET: &str = "static/index.css";
/// The built-in icon's site path.
pub const ICON: &str = "static/favicon.svg";
/// The page behaviour script's site path (copy buttons, snippet tabs, theme, embedding).
pub const PAGE_SCRIPT: &str = "static/page.js";
/// The script that runs before the page is drawn (theme and embedded mode, without a flash).
pub const HEAD_SCRIPT: &str = "static/head.js";

/// What every page knows about the site.
#[derive(Serialize)]
pub struct SiteView<'a> {
    /// `[book] title`.
    pub title: &'a str,
    /// `[book] description`.
    pub description: Option<&'a str>,
    /// `[book] language`.
    pub language: &'a str,
    /// `[book] authors`, joined with commas.
    pub authors: String,
    /// The home page.
    pub home_url: String,
    /// The icon.
    pub icon_url: String,
    /// The script that runs before the page is drawn.
    pub head_js: String,
    /// Scripts to load, deferred: page behaviour (which loads search when used), then
    /// `additional-js`.
    pub js: Vec<String>,
    /// `codes.json`.
    pub json_url: String,
    /// The other pages, for the navigation.
    pub nav: Vec<NavLink<'a>>,
}

/// A link in the site navigation.
#[derive(Serialize)]
pub struct NavLink<'a> {
    /// Its text.
    pub title: &'a str,
    /// Where it goes.
    pub url: String,
    /// Whether it is the page being shown (for `aria-current`).
    pub current: bool,
}

/// What the page being rendered is, for `<head>`.
#[derive(Serialize)]
pub struct PageView<'a> {
    /// `index`, `code`, `page` or `not-found`: a class on `<body>` for styling.
    pub kind: &'static str,
    /// The `<title>`, without the site title.
    pub title: String,
    /// The meta description.
    pub description: &'a str,
    /// The absolute URL of this page when `site-url` is absolute.
    pub canonical: Option<String>,
    /// A `<base href>` for the not-found page, from `site-url`: hosts serve it at any depth,
    /// where its relative links alone would lead nowhere.
    pub base: Option<&'a str>,
    /// Style sheets to link, in order: built-in ones (the index has one of its own), then
    /// `additional-css`, so a site's rules win.
    pub css: Vec<String>,
}

/// A code as listed: on the index, as a related code, as previous or next.
#[derive(Serialize)]
pub struct CodeLink<'a> {
    /// The code.
    pub code: u32,
    /// Its reason phrase.
    pub reason: &'a str,
    /// Its one-line description from the table.
    pub description: &'a str,
    /// Its page.
    pub url: String,
}

/// A class or range of codes on the index: its name, and its codes.
#[derive(Serialize)]
pub struct GroupView<'a> {
    /// Which group.
    #[serde(flatten)]
    pub group: GroupName,
    /// Its codes.
    pub codes: Vec<CodeLink<'a>>,
}

/// A class or range of codes, as named wherever it is shown.
#[derive(Serialize)]
pub struct GroupName {
    /// Anchor id on the index: `4xx`.
    pub id: String,
    /// Short label: `4xx`, `1000–1999`.
    pub label: String,
    /// The class's name, `Client Error`; none for ranges of custom codes.
    pub name: Option<&'static str>,
    /// CSS class for its colours: `group-4xx`, or `group-range` for custom codes.
    pub css_class: &'static str,
    /// What its codes have in common, for HTTP classes.
    pub meaning: Option<&'static str>,
    /// Its place on the index.
    pub url: String,
}

/// How `group` is named on the page at `from`.
pub fn group_name(group: Group, from: &str) -> GroupName {
    GroupName {
        id: group.id(),
        label: group.label(),
        name: group.name(),
        css_class: css_class(group),
        meaning: group.meaning(),
        url: format!("{}#{}", href(from, "index.html"), group.id()),
    }
}

/// `../` repeated once per folder in `path`: how to get from a page to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The relative URL from the page at site path `from` to the file at site path `to`
/// (`codes/404.html` → `codes/401.html` is `401.html`).
pub fn href(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let (to_dirs, file) = to_parts.split_at(to_parts.len() - 1);
    let common = from_dirs
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut url = "../".repeat(from_dirs.len() - common);
    for dir in &to_dirs[common..] {
        url.push_str(dir);
        url.push('/');
    }
    url.push_str(file[0]);
    url
}

/// The parts of the site every page shows, for a page at `path`.
pub fn site<'a>(site: &'a Site, path: &str) -> SiteView<'a> {
    let root = root_of(path);
    let book = &site.config.book;
    SiteView {
        title: &book.title,
        description: book.description.as_deref(),
        language: &book.language,
        authors: book.authors.join(", "),
        home_url: format!("{root}index.html"),
        icon_url: format!("{root}{ICON}"),
        head_js: format!("{root}{HEAD_SCRIPT}"),
        js: [PAGE_SCRIPT]
            .into_iter()
            .chain(site.js.iter().map(String::as_str))
            .map(|p| format!("{root}{p}"))
            .collect(),
        json_url: format!("{root}codes.json"),
        nav: site
            .pages
            .iter()
            .map(|p| NavLink {
                title: &p.title,
                url: href(path, &p.path),
                current: p.path == path,
            })
            .collect(),
    }
}

/// The page's own `<head>` facts.
pub fn page<'a>(
    site: &'a Site,
    kind: &'static str,
    path: &str,
    title: String,
    description: &'a str,
) -> PageView<'a> {
    // The not-found page is served at many addresses and is the canonical page of none.
    let canonical = site
        .config
        .html
        .absolute_site_url()
        .filter(|_| kind != "not-found")
        .map(|base| match path {
            "index.html" => base.to_string(),
            _ => format!("{base}{path}"),
        });
    let base = (kind == "not-found")
        .then(|| site.config.html.site_path())
        .flatten();
    let root = root_of(path);
    let own = (kind == "index").then_some(INDEX_STYLE_SHEET);
    let css = std::iter::once(STYLE_SHEET)
        .chain(own)
        .chain(site.css.iter().map(String::as_str))
        .map(|p| format!("{root}{p}"))
        .collect();
    PageView {
        kind,
        title,
        description,
        canonical,
        base,
        css,
    }
}

/// A link to `code` from the page at `from`.
pub fn code_link<'a>(code: &'a Code, from: &str) -> CodeLink<'a> {
    CodeLink {
        code: code.code.get(),
        reason: &code.reason,
        description: &code.description,
        url: href(from, &code.path),
    }
}

/// The index's groups of codes.
pub fn groups<'a>(site: &'a Site, from: &str) -> Vec<GroupView<'a>> {
    site.groups
        .iter()
        .map(|CodeGroup { group, codes }| GroupView {
            group: group_name(*group, from),
            codes: site.codes[codes.clone()]
                .iter()
                .map(|c| code_link(c, from))
                .collect(),
        })
        .collect()
}

fn css_class(group: Group) -> &'static str {
    match group {
        Group::Class(class) => [
            "group-1xx",
            "group-2xx",
            "group-3xx",
            "group-4xx",
            "group-5xx",
        ][class.digit() as usize - 1],
        Group::Range { .. } => "group-range",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("codes/404.html"), "../");
        assert_eq!(root_of("guides/a/b.html"), "../../");
    }

    #[test]
    fn hrefs_are_as_short_as_possible() {
        assert_eq!(href("codes/404.html", "codes/401.html"), "401.html");
        assert_eq!(href("codes/404.html", "index.html"), "../index.html");
        assert_eq!(href("index.html", "codes/401.html"), "codes/401.html");
        assert_eq!(href("guides/a.html", "guides/deep/b.html"), "deep/b.html");
        assert_eq!(
            href("guides/deep/b.html", "codes/1.html"),
            "../../codes/1.html"
        );
        assert_eq!(href("a.html", "a.html"), "a.html");
    }
}
