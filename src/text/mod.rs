//! Text to HTML: Markdown ([`markdown`]), code highlighting ([`highlight`]), the raw-HTML
//! policy ([`sanitize`]), and the minifier of the built-in CSS and scripts ([`minify`]).

pub mod highlight;
pub mod markdown;
pub mod minify;
pub mod sanitize;
