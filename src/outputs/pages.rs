//! The generators of the site's HTML pages: the index, a page per code, the other written
//! pages, the not-found page and, when asked for, a fragment per code. Each page is
//! rendered by [`crate::render::pages`].

use rayon::prelude::*;

use crate::base::diagnostic::Diagnostic;
use crate::input::templates::Templates;
use crate::model::Site;
use crate::outputs::{Claim, Generator, PageEdit, Sink};
use crate::render::pages::{self, FRAGMENTS_DIR, NOT_FOUND_PAGE};

/// `index.html`.
pub struct IndexPage;
/// `codes/<code>.html`, one per code.
pub struct CodePages;
/// `<path>.html` for each written page that is not a code's.
pub struct OtherPages;
/// `404.html`, the not-found page.
pub struct NotFoundPage;
/// `fragments/<code>.html`, with `[output.html] fragments`.
pub struct Fragments;

/// The home page's site path.
const INDEX: &str = "index.html";

impl Generator for IndexPage {
    fn name(&self) -> &'static str {
        "the home page"
    }

    fn claims(&self, _: &Site, _: &Templates) -> Vec<Claim> {
        vec![Claim::file(INDEX)]
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        let html = pages::index_page(site, templates).map_err(|e| vec![e])?;
        out(INDEX.to_string(), html.into_bytes());
        Ok(())
    }

    fn on_page_edit(&self, _: &Site) -> PageEdit {
        // It lists codes by their table lines, which a page does not change.
        PageEdit::Unaffected
    }
}

impl Generator for CodePages {
    fn name(&self) -> &'static str {
        "the code pages"
    }

    fn claims(&self, site: &Site, _: &Templates) -> Vec<Claim> {
        site.codes
            .iter()
            .map(|c| Claim::file(c.path.clone()))
            .collect()
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        each_batch(
            site.codes.len(),
            |i| pages::code_page(site, templates, i),
            out,
        )
    }

    fn render_code(
        &self,
        site: &Site,
        templates: &Templates,
        code: usize,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        let (path, html) = pages::code_page(site, templates, code);
        out(path, html.map_err(|e| vec![e])?.into_bytes());
        Ok(())
    }

    fn on_page_edit(&self, _: &Site) -> PageEdit {
        PageEdit::Update
    }
}

impl Generator for OtherPages {
    fn name(&self) -> &'static str {
        "the written pages"
    }

    fn claims(&self, site: &Site, _: &Templates) -> Vec<Claim> {
        site.pages
            .iter()
            .map(|p| Claim::from(p.path.clone(), p.source.clone()))
            .collect()
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        for (i, page) in site.pages.iter().enumerate() {
            match pages::other_page(site, templates, i) {
                Ok(html) => out(page.path.clone(), html.into_bytes()),
                Err(error) => errors.push(error),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn on_page_edit(&self, _: &Site) -> PageEdit {
        // Their navigation lists the other pages, not the codes.
        PageEdit::Unaffected
    }
}

impl Generator for NotFoundPage {
    fn name(&self) -> &'static str {
        "the not-found page"
    }

    fn claims(&self, _: &Site, _: &Templates) -> Vec<Claim> {
        vec![Claim::file(NOT_FOUND_PAGE)]
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        let html = pages::not_found_page(site, templates).map_err(|e| vec![e])?;
        out(NOT_FOUND_PAGE.to_string(), html.into_bytes());
        Ok(())
    }

    fn on_page_edit(&self, _: &Site) -> PageEdit {
        PageEdit::Unaffected
    }
}

impl Generator for Fragments {
    fn name(&self) -> &'static str {
        "the fragments"
    }

    fn claims(&self, site: &Site, _: &Templates) -> Vec<Claim> {
        if site.config.html.fragments {
            vec![Claim::folder(FRAGMENTS_DIR)]
        } else {
            Vec::new()
        }
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        if !site.config.html.fragments {
            return Ok(());
        }
        each_batch(
            site.codes.len(),
            |i| pages::fragment_page(site, templates, i),
            out,
        )
    }

    fn render_code(
        &self,
        site: &Site,
        templates: &Templates,
        code: usize,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        if !site.config.html.fragments {
            return Ok(());
        }
        let (path, html) = pages::fragment_page(site, templates, code);
        out(path, html.map_err(|e| vec![e])?.into_bytes());
        Ok(())
    }

    fn on_page_edit(&self, _: &Site) -> PageEdit {
        PageEdit::Update
    }
}

/// How many pages render in parallel before they are handed on: enough to keep every
/// core busy, few enough that writing starts early.
const BATCH: usize = 256;

/// Renders items `0..count` with `render` in parallel, a batch at a time, handing each to
/// `out` in order. One broken template fails every page the same way, so it stops after
/// the batch holding the first error.
fn each_batch(
    count: usize,
    render: impl Fn(usize) -> (String, Result<String, Diagnostic>) + Sync,
    out: &mut Sink<'_>,
) -> Result<(), Vec<Diagnostic>> {
    for start in (0..count).step_by(BATCH) {
        let batch: Vec<_> = (start..count.min(start + BATCH))
            .into_par_iter()
            .map(&render)
            .collect();
        let mut ready = Vec::with_capacity(batch.len());
        for (path, html) in batch {
            ready.push((path, html.map_err(|e| vec![e])?));
        }
        for (path, html) in ready {
            out(path, html.into_bytes());
        }
    }
    Ok(())
}
