//! Renders the site into memory: every page through its template, plus the JSON export,
//! the sitemap and the files to copy. No I/O happens here.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::diagnostic::Diagnostic;
use crate::export;
use crate::markdown::Heading;
use crate::model::Site;
use crate::output::Output;
use crate::sitemap;
use crate::templates::Templates;
use crate::view;

/// The not-found page's site path, where static hosts look for it.
pub const NOT_FOUND_PAGE: &str = "404.html";
/// The folder of the code fragments (`[output.html] fragments`).
pub const FRAGMENTS_DIR: &str = "fragments";

/// Renders every file of the site.
pub fn render(site: &Site, templates: &Templates) -> Result<Output, Vec<Diagnostic>> {
    let mut output = Output::default();
    let mut errors = Vec::new();
    let mut keep = |path: String, rendered: Result<String, Diagnostic>| match rendered {
        Ok(html) => output.insert_generated(&path, html.into_bytes()),
        Err(error) => errors.push(error),
    };

    keep(
        "index.html".into(),
        templates.render("index.html", &index(site)),
    );
    // Code pages, the bulk of a site, render in parallel; results keep the codes' order.
    for (path, rendered) in code_pages(site, templates) {
        keep(path, rendered);
    }
    for i in 0..site.pages.len() {
        keep(
            site.pages[i].path.clone(),
            templates.render("page.html", &content_page(site, i)),
        );
    }
    keep(
        NOT_FOUND_PAGE.into(),
        templates.render("404.html", &not_found(site)),
    );
    if site.config.html.fragments {
        for (path, rendered) in fragments(site, templates) {
            keep(path, rendered);
        }
    }
    output.insert_generated(export::CODES_JSON, export::codes_json(site));
    output.insert_generated(export::SCHEMA, export::SCHEMA_JSON.as_bytes().to_vec());
    if let Some(base) = site.config.html.absolute_site_url() {
        output.insert_generated(sitemap::SITEMAP, sitemap::sitemap(site, base));
    }
    for (path, bytes) in &templates.statics {
        if let Err(e) = output.insert_copy(path, bytes.clone()) {
            let source = Path::new(crate::templates::TEMPLATES_DIR).join(path);
            errors.push(e.diagnostic(Arc::from(source)));
        }
    }
    for asset in &site.assets {
        if let Err(e) = output.insert_copy(&asset.path, asset.bytes.clone()) {
            errors.push(e.diagnostic(Arc::clone(&asset.source)));
        }
    }

    if errors.is_empty() {
        Ok(output)
    } else {
        Err(errors)
    }
}

/// Every code page: `(path, HTML or the template's error)`. One broken template would fail
/// every page the same way, so only the first error is kept.
pub fn code_pages(site: &Site, templates: &Templates) -> Vec<(String, Result<String, Diagnostic>)> {
    first_error_only(
        (0..site.codes.len())
            .into_par_iter()
            .map(|i| code_page(site, templates, i))
            .collect(),
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

fn fragments(site: &Site, templates: &Templates) -> Vec<(String, Result<String, Diagnostic>)> {
    first_error_only(
        (0..site.codes.len())
            .into_par_iter()
            .map(|i| {
                let path = format!("{FRAGMENTS_DIR}/{}.html", site.codes[i].code);
                (path, templates.render("fragment.html", &fragment(site, i)))
            })
            .collect(),
    )
}

fn first_error_only(
    mut pages: Vec<(String, Result<String, Diagnostic>)>,
) -> Vec<(String, Result<String, Diagnostic>)> {
    if let Some(first) = pages.iter().position(|(_, r)| r.is_err()) {
        pages.swap(0, first);
        pages.truncate(1);
    }
    pages
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
    context.insert("intro_html", &site.intro.as_ref().map(|i| i.html.as_str()));
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

/// A code's fragment: the code's view, laid out alone. Links are the code page's, which work
/// from `fragments/` too, since it sits as deep as `codes/`.
fn fragment(site: &Site, i: usize) -> Context {
    let mut context = Context::new();
    context.insert("site", &view::site(site, &site.codes[i].path));
    context.insert("code", &view::code(site, i));
    context
}

/// What `page.html` shows as `content`.
#[derive(Serialize)]
struct ContentView<'a> {
    title: &'a str,
    body_html: &'a str,
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
            body_html: &page.body.html,
            headings: &page.body.headings,
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
