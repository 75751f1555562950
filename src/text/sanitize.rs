//! The raw-HTML policy: HTML written into Markdown is cleaned of what could run code or
//! pull in other pages (scripts, event handlers, `javascript:` URLs, frames, objects,
//! forms), unless the site says it trusts its authors (`[output.html] trusted-html`); a
//! fragment, which is included into other sites' pages, is always cleaned.
//!
//! The cleaning is done by ammonia on the page's HTML, allowing everything statusbook's
//! own Markdown rendering produces (heading ids and anchors, highlighted code, task lists,
//! footnotes, tables), so a page without raw HTML comes out unchanged.

use std::sync::OnceLock;

/// `html` with anything that could run code or load other content removed.
pub fn clean(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut builder = ammonia::Builder::default();
            builder
                .add_generic_attributes(["class", "id"])
                .add_tags(["input"])
                .add_tag_attributes("input", ["type", "disabled", "checked"])
                .add_tag_attributes("pre", ["tabindex"])
                .add_tag_attributes("ol", ["start"])
                .add_tag_attributes("td", ["style"])
                .add_tag_attributes("th", ["style"])
                // Keep links as written: adding rel would change every link of the page.
                .link_rel(None);
            builder
        })
        .clean(html)
        .to_string()
}

/// What in a piece of raw HTML the cleaning removes, in a few words, if anything.
pub fn risk(raw: &str) -> Option<&'static str> {
    let lower = raw.to_ascii_lowercase();
    let tag = |name: &str| {
        lower.match_indices(&format!("<{name}")).any(|(at, found)| {
            lower[at + found.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c == '>' || c == '/')
        })
    };
    if tag("script") {
        Some("a <script>")
    } else if ["iframe", "frame", "frameset", "object", "embed"]
        .into_iter()
        .any(tag)
    {
        Some("a frame or embedded object")
    } else if lower.contains("javascript:") || lower.contains("vbscript:") {
        Some("a javascript: URL")
    } else if has_event_handler(&lower) {
        Some("an event-handler attribute (on…=)")
    } else if tag("style") || tag("link") || tag("meta") || tag("base") || tag("form") {
        Some("a <style>, <link>, <meta>, <base> or <form> element")
    } else {
        None
    }
}

/// Whether a tag in `lower` has an `on…=` attribute.
fn has_event_handler(lower: &str) -> bool {
    let bytes = lower.as_bytes();
    lower.match_indices("on").any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let starts_attribute = before.is_some_and(|b| b.is_ascii_whitespace() || b == b'/');
        let name_end = lower[at + 2..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(lower.len(), |i| at + 2 + i);
        starts_attribute && name_end > at + 2 && lower[name_end..].trim_start().starts_with('=')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_urls_and_frames_are_removed() {
        let dirty = r#"<p>Hi<script>alert(1)</script><img src="x.png" onerror="alert(2)"><a href="javascript:alert(3)">x</a><iframe src="https://evil.test"></iframe></p>"#;
        let clean = clean(dirty);
        for gone in ["script", "onerror", "javascript:", "iframe", "alert"] {
            assert!(!clean.contains(gone), "{gone} in {clean}");
        }
        assert!(clean.contains(r#"<img src="x.png">"#), "{clean}");
    }

    #[test]
    fn what_statusbook_renders_itself_passes_unchanged() {
        let page = crate::text::markdown::render(
            "## Heading\n\nText with `code`, a [link](401.md) and a footnote[^1].\n\n- [x] done\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n```json\n{\"a\": 1}\n```\n\n[^1]: Note.\n",
        );
        // The same elements and attributes, up to how the serialiser writes them.
        let same = |html: &str| html.replace("&quot;", "\"").replace("/>", ">");
        assert_eq!(same(&clean(&page.html)), same(&page.html));
    }

    #[test]
    fn risks_are_named() {
        assert_eq!(risk("<script src=x>"), Some("a <script>"));
        assert_eq!(risk("<SCRIPT>"), Some("a <script>"));
        assert_eq!(
            risk("<img src=x onerror=alert(1)>"),
            Some("an event-handler attribute (on…=)")
        );
        assert_eq!(risk("<a href='JavaScript:x'>"), Some("a javascript: URL"));
        assert_eq!(risk("<iframe src=x>"), Some("a frame or embedded object"));
        assert_eq!(risk("<details><summary>More</summary>"), None);
        assert_eq!(risk("<span class=\"note\">"), None);
        assert_eq!(risk("<scripture>"), None);
        assert_eq!(risk("<a href=x title=\"on = off\">"), None);
    }
}
