//! The generator of the files copied into the site as they are: the built-in (or the site's
//! own) static files, the content folder's other files, and `additional-css`/`-js`.

use std::sync::Arc;

use crate::base::diagnostic::Diagnostic;
use crate::input::templates::Templates;
use crate::model::Site;
use crate::outputs::{Claim, Generator, PageEdit, Sink};

/// `static/*` and every copied file.
pub struct Files;

impl Generator for Files {
    fn name(&self) -> &'static str {
        "the copied files"
    }

    fn claims(&self, site: &Site, templates: &Templates) -> Vec<Claim> {
        templates
            .statics
            .keys()
            .map(|path| Claim::file(path.clone()))
            .chain(
                site.assets
                    .iter()
                    .map(|a| Claim::from(a.path.clone(), Arc::clone(&a.source))),
            )
            .collect()
    }

    fn render(
        &self,
        site: &Site,
        templates: &Templates,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        for (path, bytes) in &templates.statics {
            out(path.clone(), bytes.clone());
        }
        for asset in &site.assets {
            out(asset.path.clone(), asset.bytes.clone());
        }
        Ok(())
    }

    fn on_page_edit(&self, _: &Site) -> PageEdit {
        // The files it copies are inputs of their own: a change to one is no page edit.
        PageEdit::Unaffected
    }
}
