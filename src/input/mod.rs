//! Reading a site folder: `book.toml` ([`config`], read key by key with [`toml_fields`]),
//! the code table ([`table`]), the pages ([`front_matter`], [`content`]), the templates
//! ([`templates`]) and the API's OpenAPI document ([`openapi`]).

pub mod config;
pub mod content;
pub mod front_matter;
pub mod openapi;
pub mod table;
pub mod templates;
pub mod toml_fields;
