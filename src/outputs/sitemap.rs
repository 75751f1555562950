//! `sitemap.xml`, written when `site-url` is absolute so search engines find every page.

use crate::base::diagnostic::Diagnostic;
use crate::base::html::escape as escape_html;
use crate::input::templates::Templates;
use crate::model::Site;
use crate::outputs::{Claim, Generator, PageEdit, Sink};

/// The sitemap's site path.
pub const SITEMAP: &str = "sitemap.xml";

/// The sitemap of `site` published at `base` (an absolute URL ending with `/`).
pub fn sitemap(site: &Site, base: &str) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: &str| {
        xml.push_str("<url><loc>");
        xml.push_str(&escape_html(&format!("{base}{path}")));
        xml.push_str("</loc></url>\n");
    };
    url("");
    for code in &site.codes {
        url(&code.path);
    }
    for page in &site.pages {
        url(&page.path);
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

/// `sitemap.xml`, when `site-url` is absolute.
pub struct Sitemap;

impl Generator for Sitemap {
    fn name(&self) -> &'static str {
        "the sitemap"
    }

    fn claims(&self, site: &Site, _: &Templates) -> Vec<Claim> {
        match site.config.html.absolute_site_url() {
            Some(_) => vec![Claim::file(SITEMAP)],
            None => Vec::new(),
        }
    }

    fn render(
        &self,
        site: &Site,
        _: &Templates,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        if let Some(base) = site.config.html.absolute_site_url() {
            out(SITEMAP.to_string(), sitemap(site, base));
        }
        Ok(())
    }

    fn on_page_edit(&self, _: &Site) -> PageEdit {
        // It lists pages by their addresses, which a page's text does not change.
        PageEdit::Unaffected
    }
}
