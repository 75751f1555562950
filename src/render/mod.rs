//! Laying the site out as HTML: what each template receives ([`view`]), a code page's
//! sections ([`sections`]) and the pages themselves ([`pages`]).

pub mod pages;
pub mod sections;
pub mod view;
