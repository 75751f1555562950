//! HTML escaping, in one place: every text statusbook writes into HTML or XML outside the
//! templates (which Tera escapes itself) goes through [`escape_into`], which is the escaping
//! pulldown-cmark uses for the Markdown it renders, so both agree.

/// `text` with `&`, `<`, `>`, `"` and `'` written as entities, so it is text in HTML
/// content and attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape`] does.
pub fn escape_into(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_five_characters_become_entities_and_nothing_else_changes() {
        assert_eq!(
            super::escape("<a href=\"x\">Tom & Jerry's</a> é 中"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; é 中"
        );
    }
}
