//! statusbook turns an API's table of HTTP status codes into a searchable static reference site.
//!
//! # Using it from a program
//!
//! A site is a folder with a `book.toml` and a `content/codes.txt` (see the README).
//!
//! - [`site::build`] reads a site and renders every file into memory ([`Output`]);
//!   [`site::load`] reads it, and [`site::Loaded::write`] writes it into a build folder,
//!   all or nothing, replacing only a folder statusbook made (its [`MARKER`]), waiting for
//!   another build into it or not ([`Wait`]); [`abandon`] removes the temporary folders of
//!   builds in progress (for a signal handler). [`incremental::build`] first tries to
//!   reuse the previous build, as its manifest describes it: nothing to do when nothing
//!   changed, only the edited pages' files when only code pages changed.
//! - [`check::check`] finds every problem a build would, and broken links.
//! - [`serve::start`] serves a site on loopback, rebuilding and reloading on change.
//! - [`init::init`] scaffolds a new site.
//!
//! Problems are [`Diagnostic`]s that point at the file, line and column;
//! [`diagnostic::render`] shows them like the Rust compiler. The library never prints or
//! exits.
//!
//! # Inside
//!
//! The pipeline, one folder per stage, data flowing one way (a module only uses the ones
//! above it in this list; `tests/layers.rs` keeps it so):
//!
//! 1. `base`: spans, diagnostics, source files, status codes, HTML escaping;
//! 2. `knowledge`: what statusbook knows of every status code (the IANA registry and the
//!    built-in knowledge base, compiled from `data/knowledge/` by `build.rs`);
//! 3. `text`: Markdown, highlighting, the raw-HTML policy, minifying;
//! 4. `input`: reading a site folder: `book.toml`, the code table, the pages, templates;
//! 5. `model`: the site as plain data, with its example exchanges and client snippets;
//! 6. `render`: pages laid out with the templates, into memory;
//! 7. `outputs`: every output as a generator in one list (pages, search index,
//!    `codes.json`, sitemap, MkDocs export, copied files), and the check that no two claim
//!    one path;
//! 8. `write`: the build folder, written all or nothing, and its manifest;
//! 9. on top: [`site`] runs the stages, [`incremental`] reuses the previous build,
//!    [`check`], [`init`] and [`serve`].

pub(crate) mod base;
pub(crate) mod input;
pub(crate) mod knowledge;
pub(crate) mod model;
pub(crate) mod outputs;
pub(crate) mod render;
pub(crate) mod text;
pub(crate) mod write;

pub mod check;
pub mod incremental;
pub mod init;
pub mod serve;
pub mod site;

pub use base::diagnostic::{self, Diagnostic, Severity};
pub use outputs::Output;
pub use write::build_dir::MARKER;
pub use write::swap::{Wait, abandon};

/// The stages, for statusbook's own tests and benchmarks, which check each on its own. Not
/// part of the API: it may change at any time.
#[doc(hidden)]
pub mod internals {
    pub use crate::base::{html, source, span, status};
    pub use crate::input::{config, front_matter, openapi, table};
    pub use crate::knowledge::registry;
    /// The knowledge base of status codes.
    pub mod knowledge {
        pub use crate::knowledge::{Entry, Policy, Retry, SECTIONS, all, lookup};
    }
    pub use crate::model::{drift, exchange, operations, snippets};
    pub use crate::outputs::{export, search};
    pub use crate::text::{highlight, markdown};
    pub use crate::write::{output, swap};

    /// The search index of a loaded site, built on its own (for the benchmarks).
    pub fn search_index(loaded: &crate::site::Loaded) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        crate::outputs::search::build(&loaded.site, &mut |path, bytes| files.push((path, bytes)));
        files
    }
}
