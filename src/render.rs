//! Renders the site into memory: every page through its template, plus the JSON export,
//! the sitemap and the files to copy. No I/O happens here.

use std::collections::HashSet;
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
use crate::span::Located;
use crate::templates::Templates;
use crate::view;

/// The not-found page's site path, where static hosts look for it.
pub const NOT_FOUND_PAGE: &str = "404.html";
/// The folder of the code fragments (`[output.html] fragments`).
pub const FRAGMENTS_DIR: &str = "fragments";

/// Renders every file of the site.
pub fn render(site: &Site, templates: &Templates) -> Result<Output, Vec<Diagnostic>> {
    let mut output = Output::default();
    each_file(site, templates, |path, bytes| {
        output.insert_generated(&path, bytes)
    })?;
    Ok(output)
}

/// How many code pages render in parallel before they are handed on: enough to keep every
/// core busy, few enough that writing starts early.
const BATCH: usize = 256;

/// Renders every file of the site, handing each (path, bytes) to `file` as soon as it is
/// ready, so the caller can write the first pages while the rest render. Each path comes
/// once. On `Err`, some files may have been handed on already; one broken template would
/// fail every code page the same way, so code pages stop at the first error.
pub fn each_file(
    site: &Site,
    templates: &Templates,
    mut file: impl FnMut(String, Vec<u8>),
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    // Paths generated so far, which a copied file must not take.
    let mut generated: HashSet<String> = HashSet::new();
    let mut keep = |path: String, rendered: Result<String, Diagnostic>| match rendered {
        Ok(html) => {
            generated.insert(path.clone());
            file(path, html.into_bytes());
        }
        Err(error) => errors.push(error),
    };

    keep(
        "index.html".into(),
        templates.render("index.html", &index(site)),
    );
    // Code pages, the bulk of a site, render in parallel, in batches kept in the codes' order.
    each_batch(
        site.codes.len(),
        |i| code_page(site, templates, i),
        &mut keep,
    );
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
        let fragment = |i: usize| {
            let path = format!("{FRAGMENTS_DIR}/{}.html", site.codes[i].code);
            (path, templates.render("fragment.html", &fragment(site, i)))
        };
        each_batch(site.codes.len(), fragment, &mut keep);
    }
    let mut data = vec![
        (export::CODES_JSON.to_string(), export::codes_json(site)),
        (
            export::SCHEMA.to_string(),
            export::SCHEMA_JSON.as_bytes().to_vec(),
        ),
    ];
    if let Some(base) = site.config.html.absolute_site_url() {
        data.push((sitemap::SITEMAP.to_string(), sitemap::sitemap(site, base)));
    }
    for (path, bytes) in data {
        generated.insert(path.clone());
        file(path, bytes);
    }
    let templates_dir = Path::new(crate::templates::TEMPLATES_DIR);
    let copies = templates
        .statics
        .iter()
        .map(|(path, bytes)| (path, bytes, Arc::from(templates_dir.join(path))))
        .chain(
            site.assets
                .iter()
                .map(|a| (&a.path, &a.bytes, Arc::clone(&a.source))),
        );
    for (path, bytes, source) in copies {
        if generated.insert(path.clone()) {
            file(path.clone(), bytes.clone());
        } else {
            errors.push(collision(path, source));
        }
    }

    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A copied file (from `source`) that would replace a generated file or another copy.
fn collision(path: &str, source: Arc<Path>) -> Diagnostic {
    Diagnostic::error(format!(
        "{} would be written to {path}, which the site already has",
        source.display(),
    ))
    .at(Located::file(source), "")
    .hint("rename the file; statusbook generates index.html, 404.html, codes.json, sitemap.xml, codes/ and static/")
}

/// Renders items `0..count` with `render` in parallel, a batch at a time, handing each
/// result to `keep` in order; stops after the batch holding the first error.
fn each_batch(
    count: usize,
    render: impl Fn(usize) -> (String, Result<String, Diagnostic>) + Sync,
    keep: &mut impl FnMut(String, Result<String, Diagnostic>),
) {
    for start in (0..count).step_by(BATCH) {
        let batch: Vec<_> = (start..count.min(start + BATCH))
            .into_par_iter()
            .map(&render)
            .collect();
        if let Some(first) = batch.iter().position(|(_, r)| r.is_err()) {
            let (path, error) = batch.into_iter().nth(first).expect("found above");
            keep(path, error);
            return;
        }
        for (path, html) in batch {
            keep(path, html);
        }
    }
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
    let mut code = view::code(site, i);
    // A fragment goes into other sites' pages: trusted raw HTML is cleaned all the same.
    if site.config.html.trusted_html {
        for section in &mut code.sections {
            section.html = crate::sanitize::clean(&section.html);
        }
    }
    context.insert("code", &code);
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
