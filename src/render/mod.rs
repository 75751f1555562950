//! Laying the site out as HTML: what each template receives ([`view`]), a code page's
//! sections ([`sections`]), the pages themselves ([`pages`]) and fragments made fit to
//! include ([`fragment`]).

pub mod fragment;
pub mod pages;
pub mod sections;
pub mod view;
