//! statusbook turns an API's table of HTTP status codes into a searchable static reference site.
//!
//! The pipeline, one folder per stage, data flowing one way (a module only uses the ones
//! above it in this list; `tests/layers.rs` keeps it so):
//!
//! 1. [`base`]: spans, diagnostics, source files, status codes, HTML escaping;
//! 2. [`knowledge`]: what statusbook knows of every status code (the IANA registry and the
//!    built-in knowledge base);
//! 3. [`text`]: Markdown, highlighting, the raw-HTML policy, minifying;
//! 4. [`input`]: reading a site folder: `book.toml`, the code table, the pages, templates;
//! 5. [`model`]: the site as plain data, with its example exchanges and client snippets;
//! 6. [`render`]: pages laid out with the templates, into memory;
//! 7. [`outputs`]: the search index, `codes.json`, the sitemap, the MkDocs export;
//! 8. [`write`]: the build folder, written all or nothing;
//! 9. on top: [`site`] runs the stages (load, render, write), [`check`] finds problems,
//!    [`init`] scaffolds a site, [`serve`] serves it with live reload.
//!
//! Problems are [`base::diagnostic::Diagnostic`]s that point at the file, line and column;
//! the library never prints or exits.

pub mod base;
pub mod input;
pub mod knowledge;
pub mod model;
pub mod outputs;
pub mod render;
pub mod text;
pub mod write;

pub mod check;
pub mod init;
pub mod serve;
pub mod site;
