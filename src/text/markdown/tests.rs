//! Unit tests of `text/markdown.rs`.

use super::*;

#[test]
fn heading_ids_stay_unique_in_linear_time() {
    let page = "## Same\n\n".repeat(20_000) + "## Same-1 {#same-1}\n";
    let r = render(&page);
    let ids: HashSet<&str> = r.facts.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids.len(), r.facts.headings.len(), "every id once");
    assert_eq!(r.facts.headings[0].id, "same");
    assert_eq!(r.facts.headings[19_999].id, "same-19999");
    // The explicit id was taken by the 2nd heading already, so it gets the next free one.
    assert_eq!(r.facts.headings[20_000].id, "same-1-1");
    // Each heading tries a bounded number of candidates (it was one more per duplicate).
    let mut ids = Ids::default();
    let mut tries = 0;
    for _ in 0..1_000 {
        let before = ids.next.get("same").copied().unwrap_or(1);
        unique("same".to_string(), &mut ids);
        tries += ids.next.get("same").copied().unwrap_or(1) - before + 1;
    }
    assert!(tries <= 2_000, "{tries} tries for 1,000 headings");
}

#[test]
fn a_leading_h1_becomes_the_title() {
    let r = render("# 404 *Not* Found\n\nBody.\n");
    assert_eq!(r.facts.title.as_deref(), Some("404 Not Found"));
    assert_eq!(r.html, "<p>Body.</p>\n");
    let later = render("Intro.\n\n# Later\n");
    assert_eq!(later.facts.title, None);
    assert!(later.html.contains("<h1 id=\"later\">"));
}

#[test]
fn headings_get_unique_ids_and_link_to_themselves() {
    let r = render("## What it means\n\n## Retrying\n\n### Retrying\n\n## Custom {#mine}\n");
    let ids: Vec<&str> = r.facts.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["what-it-means", "retrying", "retrying-1", "mine"]);
    assert!(r.html.contains(
            "<h2 id=\"what-it-means\"><a class=\"header\" href=\"#what-it-means\">What it means</a></h2>"
        ));
    assert_eq!(r.facts.headings[2].level, 3);
}

#[test]
fn a_heading_holding_a_link_is_not_wrapped_in_another() {
    let r = render("## See [401](401.md)\n");
    assert!(
        r.html
            .contains("<h2 id=\"see-401\">See <a href=\"401.html\">401</a></h2>"),
        "{}",
        r.html
    );
}

#[test]
fn extensions_are_on() {
    let r = render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: Footnote.\n",
    );
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.html.contains("type=\"checkbox\""));
    assert!(r.html.contains("footnote-definition"));
}

#[test]
fn links_to_markdown_files_point_at_generated_pages() {
    let r = render(
        "[a](401.md) [b](../error-format.md#fields) [c](https://x.test/a.md) [d](#x) [e](/abs.md) [f](mailto:a@b.md) [g](img.png)\n",
    );
    assert!(r.html.contains("href=\"401.html\""));
    assert!(r.html.contains("href=\"../error-format.html#fields\""));
    assert!(r.html.contains("href=\"https://x.test/a.md\""));
    assert!(r.html.contains("href=\"#x\""));
    assert!(r.html.contains("href=\"/abs.md\""));
    assert!(r.html.contains("href=\"mailto:a@b.md\""));
    assert!(r.html.contains("href=\"img.png\""));
}

#[test]
fn text_is_escaped_and_code_blocks_keep_their_language() {
    let r = render("a <-- b & c\n\n```http\nGET / HTTP/1.1\n```\n");
    assert!(r.html.contains("a &lt;-- b &amp; c"), "{}", r.html);
    assert!(
            r.html.contains(
                "<pre tabindex=\"0\"><code class=\"language-http\"><span class=\"hl-m\">GET</span> <span class=\"hl-u\">/</span> <span class=\"hl-c\">HTTP/1.1</span>\n</code></pre>"
            ),
            "{}",
            r.html
        );
}

#[test]
fn plain_text_keeps_words_and_code_but_not_markup() {
    let r = render(
        "# Title\n\nSee *this* [link](a.md).\n\n- one\n- two\n\n```http\nRetry-After: 120\n```\n",
    );
    assert_eq!(r.text, "See this link.\none\ntwo\nRetry-After: 120");
}

#[test]
fn snippet_blocks_leave_the_body_and_others_are_listed() {
    let r = render(
        "```http\nGET / HTTP/1.1\n```\n\n```go snippet\nfmt.Println(1)\n```\n\n```\nplain <b>\n```\n",
    );
    assert_eq!(
        r.facts.snippets,
        [("go".to_string(), "fmt.Println(1)".to_string())]
    );
    assert_eq!(r.facts.http_examples, ["GET / HTTP/1.1\n"]);
    assert!(!r.html.contains("Println"));
    assert!(
        r.html
            .contains("<pre tabindex=\"0\"><code>plain &lt;b&gt;\n</code></pre>")
    );
    assert!(
        r.text.contains("fmt.Println(1)"),
        "snippets are still searched"
    );
}

#[test]
fn unknown_languages_are_escaped_text_and_odd_names_are_cleaned() {
    let html = code_block("brainf\"<x>", "+[<>]");
    assert_eq!(
        html,
        "<pre tabindex=\"0\"><code class=\"language-brainfx\">+[&lt;&gt;]</code></pre>\n"
    );
}

#[test]
fn links_are_listed_with_where_they_were_written() {
    let md = "Intro.\n\nSee [401](401.md#top) and ![x](a.png).\n";
    let facts = read(md);
    let links: Vec<(&str, &str, &str)> = facts
        .links
        .iter()
        .map(|(link, range)| (link.written.as_str(), link.url.as_str(), &md[range.clone()]))
        .collect();
    assert_eq!(
        links,
        [
            ("401.md#top", "401.html#top", "[401](401.md#top)"),
            ("a.png", "a.png", "![x](a.png)")
        ]
    );
}

#[test]
fn shown_markdown_leaves_out_the_title_and_snippets() {
    let md = "# Title\n\nBody.\n\n```go snippet\nx()\n```\n\nMore.\n";
    let r = render(md);
    assert_eq!(shown_markdown(md, &r.facts.cuts), "Body.\n\n\n\nMore.");
}

#[test]
fn slugs() {
    assert_eq!(
        slug("What the client should do"),
        "what-the-client-should-do"
    );
    assert_eq!(slug("  Retry-After & 503  "), "retry-after-503");
    assert_eq!(slug("Ünïcode ok"), "ünïcode-ok");
    assert_eq!(slug("!!!"), "section");
}
