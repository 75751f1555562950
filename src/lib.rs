//! statusbook turns an API's table of HTTP status codes into a searchable static reference site.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! 1. [`config`] reads `book.toml`;
//! 2. [`table`] parses the code table;
//! 3. [`content`] reads the pages ([`front_matter`] and [`markdown`]);
//! 4. [`model`] joins them into the site as plain data;
//! 5. [`render`] lays it out with the [`templates`] (via [`view`] models), into memory,
//!    and [`search`] builds the search index from the same model;
//! 6. [`output`] writes it, atomically and deterministically, leaving files that did not
//!    change as they were.
//!
//! [`site`] runs the stages in order (a build writes the pages while the search index is
//! built); [`serve`] keeps the loaded site to re-render single edited pages. Problems are [`diagnostic::Diagnostic`]s that point
//! at the file, line and column; the library never prints or exits.

pub mod build_dir;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod exchange;
pub mod export;
pub mod front_matter;
pub mod highlight;
pub mod init;
pub mod knowledge;
pub mod markdown;
pub mod minify;
pub mod mkdocs;
pub mod model;
pub mod output;
pub mod registry;
pub mod render;
pub mod sanitize;
pub mod search;
pub mod sections;
pub mod serve;
pub mod site;
pub mod sitemap;
pub mod snippets;
pub mod source;
pub mod span;
pub mod status;
pub mod swap;
pub mod table;
pub mod templates;
pub mod toml_fields;
pub mod view;
