//! The CommonMark of a short description from another tool (an OpenAPI document's response
//! descriptions), as inline HTML to sit inside a line of a page: code spans, emphasis and
//! links to `http(s)` addresses kept, everything else as its text. Nothing it makes loads
//! anything: an image is its alt text, raw HTML is shown as written.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::base::html::{escape, escape_into};

/// `markdown` as inline HTML: blocks (paragraphs, list items) joined by spaces.
pub fn inline(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 16);
    // The closing tag of each open link: none for a link that is shown as text.
    let mut links: Vec<bool> = Vec::new();
    let mut gap = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => text(&mut out, &mut gap, &t),
            Event::Code(code) => {
                text(&mut out, &mut gap, "");
                out.push_str("<code>");
                escape_into(&mut out, &code);
                out.push_str("</code>");
            }
            Event::SoftBreak | Event::HardBreak => gap = true,
            Event::Start(Tag::Emphasis) => {
                text(&mut out, &mut gap, "");
                out.push_str("<em>");
            }
            Event::End(TagEnd::Emphasis) => out.push_str("</em>"),
            Event::Start(Tag::Strong) => {
                text(&mut out, &mut gap, "");
                out.push_str("<strong>");
            }
            Event::End(TagEnd::Strong) => out.push_str("</strong>"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let web = dest_url.starts_with("https://") || dest_url.starts_with("http://");
                if web {
                    text(&mut out, &mut gap, "");
                    out.push_str(&format!("<a href=\"{}\">", escape(&dest_url)));
                }
                links.push(web);
            }
            Event::End(TagEnd::Link) if links.pop() == Some(true) => out.push_str("</a>"),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => gap = true,
            _ => {}
        }
    }
    out
}

/// Appends `piece` as text, after the space that separates it from the block before it.
fn text(out: &mut String, gap: &mut bool, piece: &str) {
    if *gap && !out.is_empty() {
        out.push(' ');
    }
    *gap = false;
    escape_into(out, piece);
}

#[cfg(test)]
mod tests {
    use super::inline;

    #[test]
    fn code_emphasis_and_web_links_are_kept_and_the_rest_is_text() {
        assert_eq!(
            inline("Check its `status` field.\n"),
            "Check its <code>status</code> field."
        );
        assert_eq!(
            inline("See \"[policies](https://docs.github.com/a?b=1&c=2)\".\nThen **retry**."),
            "See &quot;<a href=\"https://docs.github.com/a?b=1&amp;c=2\">policies</a>&quot;. Then <strong>retry</strong>."
        );
        assert_eq!(
            inline("*   `pending`, not started.\n*   `failed`."),
            "<code>pending</code>, not started. <code>failed</code>."
        );
        assert_eq!(
            inline("[local](other.md) ![logo](https://x.test/a.png) <img src=x onerror=y>"),
            "local logo &lt;img src=x onerror=y&gt;"
        );
    }
}
