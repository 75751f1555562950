//! Putting a site on disk: which folder may be replaced ([`build_dir`]), writing the files
//! all or nothing ([`output`]), switching folders safely ([`swap`]), and what a build was
//! made from, so the next one can skip all work when nothing changed ([`manifest`]).

pub mod build_dir;
pub mod manifest;
pub mod output;
pub mod swap;
