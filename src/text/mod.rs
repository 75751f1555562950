//! Text to HTML: Markdown ([`markdown`]), short descriptions as inline HTML ([`inline`]),
//! code highlighting ([`highlight`]), the raw-HTML policy ([`sanitize`]), and the minifier
//! of the built-in CSS and scripts ([`minify`]).

pub mod highlight;
pub mod inline;
pub mod markdown;
pub mod minify;
pub mod sanitize;
