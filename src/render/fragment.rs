//! A code's fragment made fit to go into another site's page: every id carries the
//! fragment's prefix (and so does every reference to one), headings sit at the level the
//! host asks for, and links point at the published site instead of being relative.
//!
//! The fragment is our own HTML (templates, Markdown, cleaned raw HTML), rewritten with
//! lol_html's streaming rewriter, so nothing is parsed by hand.

use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, element, rewrite_str};
use url::Url;

/// How a fragment is adapted to a host page.
pub struct Include {
    /// What every id starts with (`statusbook-401-`).
    pub id_prefix: String,
    /// How many levels every heading moves down (the template's title is an `<h1>`).
    pub shift: u8,
    /// The address of the code's page on the published site, which relative links are
    /// resolved against; none when the site's URL is not absolute.
    pub page_url: Option<Url>,
}

/// The attributes that name other elements by id, as space-separated lists.
const ID_REFERENCES: [&str; 4] = [
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "for",
];

/// `html` rewritten for `include`. The root element (`article.statusbook-fragment`) keeps
/// its id, which is already the code's own.
pub fn rewrite(html: &str, include: &Include) -> String {
    let prefix = include.id_prefix.as_str();
    let prefixed = |element: &mut Element<'_, '_>, name: &str, each_token: bool| {
        if let Some(value) = element.get_attribute(name) {
            let value = if each_token {
                value
                    .split_whitespace()
                    .map(|id| format!("{prefix}{id}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                format!("{prefix}{value}")
            };
            let _ = element.set_attribute(name, &value);
        }
    };
    // A link to an id in the fragment follows the id; any other relative one is resolved
    // against the code's page on the published site, when there is one.
    let absolute = |element: &mut Element<'_, '_>, name: &str| {
        let Some(value) = element.get_attribute(name) else {
            return;
        };
        if let Some(fragment) = value.strip_prefix('#') {
            let _ = element.set_attribute(name, &format!("#{prefix}{fragment}"));
        } else if let Some(url) = include.page_url.as_ref().and_then(|b| b.join(&value).ok()) {
            let _ = element.set_attribute(name, url.as_str());
        }
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("[id]:not(article.statusbook-fragment)", |el| {
            prefixed(el, "id", false);
            Ok(())
        }))
        .append_element_content_handler(element!(
            "[aria-labelledby], [aria-describedby], [aria-controls], label[for]",
            |el| {
                for name in ID_REFERENCES {
                    prefixed(el, name, true);
                }
                Ok(())
            }
        ))
        .append_element_content_handler(element!("a[href]", |el| {
            absolute(el, "href");
            Ok(())
        }))
        .append_element_content_handler(element!("img[src], source[src]", |el| {
            absolute(el, "src");
            Ok(())
        }))
        .append_element_content_handler(element!("h1, h2, h3, h4, h5, h6", |el| {
            let level = el.tag_name()[1..].parse::<u8>().unwrap_or(6);
            let _ = el.set_tag_name(&format!("h{}", (level + include.shift).min(6)));
            Ok(())
        }));
    // Our own well-formed HTML: the rewriter has nothing to refuse. Should it ever, the
    // fragment as rendered is still valid and safe, only not adapted.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn include(page_url: Option<&str>) -> Include {
        Include {
            id_prefix: "sb-401-".into(),
            shift: 1,
            page_url: page_url.map(|u| Url::parse(u).unwrap()),
        }
    }

    #[test]
    fn ids_and_references_to_them_are_prefixed_but_the_root_keeps_its_own() {
        let html = r##"<article class="statusbook-fragment" id="statusbook-401"><section aria-labelledby="a b"><h2 id="a">A</h2><a href="#a">to A</a><label for="x">X</label><input id="x"></section></article>"##;
        let out = rewrite(html, &include(None));
        assert!(out.contains(r#"id="statusbook-401""#), "{out}");
        assert!(
            out.contains(r#"aria-labelledby="sb-401-a sb-401-b""#),
            "{out}"
        );
        assert!(out.contains(r#"<h3 id="sb-401-a">A</h3>"#), "{out}");
        assert!(out.contains(r##"href="#sb-401-a""##), "{out}");
        assert!(out.contains(r#"for="sb-401-x""#), "{out}");
        assert!(out.contains(r#"<input id="sb-401-x">"#), "{out}");
    }

    #[test]
    fn relative_links_point_at_the_published_site_and_others_stay() {
        let html = r#"<a href="403.html">403</a><a href="../retrying.html#backoff">r</a><a href="https://www.rfc-editor.org/rfc/rfc9110">RFC</a><img src="../static/x.svg" alt="">"#;
        let out = rewrite(
            html,
            &include(Some("https://docs.acme.test/status/codes/401.html")),
        );
        assert!(
            out.contains(r#"href="https://docs.acme.test/status/codes/403.html""#),
            "{out}"
        );
        assert!(
            out.contains(r#"href="https://docs.acme.test/status/retrying.html#backoff""#),
            "{out}"
        );
        assert!(
            out.contains(r#"href="https://www.rfc-editor.org/rfc/rfc9110""#),
            "{out}"
        );
        assert!(
            out.contains(r#"src="https://docs.acme.test/status/static/x.svg""#),
            "{out}"
        );
        let kept = rewrite(html, &include(None));
        assert!(
            kept.contains(r#"href="403.html""#),
            "without a site URL, links stay relative"
        );
    }

    #[test]
    fn headings_move_down_and_stop_at_h6() {
        let html = "<h1>T</h1><h2>S</h2><h6>D</h6>";
        let out = rewrite(
            html,
            &Include {
                id_prefix: String::new(),
                shift: 2,
                page_url: None,
            },
        );
        assert_eq!(out, "<h3>T</h3><h4>S</h4><h6>D</h6>");
    }
}
