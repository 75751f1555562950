//! Putting a site on disk: which folder may be replaced ([`build_dir`]), writing the files
//! all or nothing ([`output`]) and switching folders safely ([`swap`]).

pub mod build_dir;
pub mod output;
pub mod swap;
