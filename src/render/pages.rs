//! Renders one page at a time through its template: a code's page and fragment, the
//! index, another page, the not-found page. Which pages a site has, and when they are
//! rendered, is the generators' business ([`crate::outputs`]). No I/O happens here.

use serde::Serialize;
use tera::Context;
use url::Url;

use crate::base::diagnostic::Diagnostic;
use crate::input::templates::Templates;
use crate::model::Site;
use crate::render::{fragment, view};
use crate::text::markdown::Heading;

/// The not-found page's site path, where static hosts look for it.
pub const NOT_FOUND_PAGE: &str = "404.html";
/// The folder of the code fragments (`[output.html] fragments`).
pub const FRAGMENTS_DIR: &str = "fragments";

/// The home page.
pub fn index_page(site: &Site, templates: &Templates) -> Result<String, Diagnostic> {
    templates.render("index.html", &index(site))
}

/// The other page `site.pages[i]`.
pub fn other_page(site: &Site, templates: &Templates, i: usize) -> Result<String, Diagnostic> {
    templates.render("page.html", &content_page(site, i))
}

/// The not-found page.
pub fn not_found_page(site: &Site, templates: &Templates) -> Result<String, Diagnostic> {
    templates.render("404.html", &not_found(site))
}

/// The fragment of `site.codes[i]`: its path and HTML.
pub fn fragment_page(
    site: &Site,
    templates: &Templates,
    i: usize,
) -> (String, Result<String, Diagnostic>) {
    let code = &site.codes[i];
    let html = &site.config.html;
    let include = fragment::Include {
        id_prefix: html
            .fragment_id_prefix
            .replace("{code}", &code.code.to_string()),
        // The template's title is an `<h1>` and its sections `<h2>`.
        shift: html.fragment_heading_level - 1,
        page_url: html
            .absolute_site_url()
            .and_then(|url| Url::parse(url).ok())
            .and_then(|url| url.join(&code.path).ok()),
    };
    (
        format!("{FRAGMENTS_DIR}/{}.html", code.code),
        templates
            .render("fragment.html", &fragment(site, i))
            .map(|html| fragment::rewrite(&html, &include)),
    )
}

/// The page of `site.codes[i]`: its path and HTML.
pub fn code_page(
    site: &Site,
    templates: &Templates,
    i: usize,
) -> (String, Result<String, Diagnostic>) {
    (
        site.codes[i].path.clone(),
        templates.render("code.html", &code(site, i)),
    )
}

fn context(site: &Site, path: &str, page: view::PageView<'_>) -> Context {
    let mut context = Context::new();
    context.insert("site", &view::site(site, path));
    context.insert("page", &page);
    context
}

fn index(site: &Site) -> Context {
    let path = "index.html";
    let fallback;
    let description = match &site.config.book.description {
        Some(d) => d.as_str(),
        None => {
            fallback = format!(
                "What each of the {} status codes of {} means, and what a client should do.",
                site.codes.len(),
                site.config.book.title
            );
            &fallback
        }
    };
    let title = site.config.book.title.clone();
    let mut context = context(
        site,
        path,
        view::page(site, "index", path, title, description),
    );
    context.insert("groups", &view::groups(site, path));
    context.insert("intro_html", &site.intro.as_ref().map(|i| i.html()));
    context
}

fn code(site: &Site, i: usize) -> Context {
    let code = &site.codes[i];
    let path = code.path.as_str();
    let title = format!("{} {}", code.code, code.reason);
    let description = code.summary().unwrap_or(&code.description);
    let mut context = context(
        site,
        path,
        view::page(site, "code", path, title, description),
    );
    context.insert("code", &view::code(site, i));
    let neighbour = |j: usize| view::code_link(&site.codes[j], path);
    context.insert("prev", &i.checked_sub(1).map(neighbour));
    context.insert(
        "next",
        &(i + 1 < site.codes.len()).then(|| neighbour(i + 1)),
    );
    context
}

/// A code's fragment: the code's view, laid out alone, before [`fragment::rewrite`] adapts
/// its ids, headings and links to a host page.
fn fragment(site: &Site, i: usize) -> Context {
    let mut context = Context::new();
    context.insert("site", &view::site(site, &site.codes[i].path));
    let mut code = view::code(site, i);
    // A fragment goes into other sites' pages: trusted raw HTML is cleaned all the same.
    if site.config.html.trusted_html {
        for section in &mut code.sections {
            section.html = crate::text::sanitize::clean(&section.html);
        }
    }
    context.insert("code", &code);
    context
}

/// What `page.html` shows as `content`.
#[derive(Serialize)]
struct ContentView<'a> {
    title: &'a str,
    body_html: String,
    headings: &'a [Heading],
}

fn content_page(site: &Site, i: usize) -> Context {
    let page = &site.pages[i];
    let path = page.path.as_str();
    let description = page
        .meta
        .description
        .as_deref()
        .or(site.config.book.description.as_deref())
        .unwrap_or(&page.title);
    let head = view::page(site, "page", path, page.title.clone(), description);
    let mut context = context(site, path, head);
    context.insert(
        "content",
        &ContentView {
            title: &page.title,
            body_html: page.body.html(),
            headings: &page.body.facts.headings,
        },
    );
    context
}

fn not_found(site: &Site) -> Context {
    let path = NOT_FOUND_PAGE;
    let description = "There is no page at this address.";
    let title = "Page not found".to_string();
    context(
        site,
        path,
        view::page(site, "not-found", path, title, description),
    )
}
