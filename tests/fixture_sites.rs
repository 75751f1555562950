//! Fixture sites under `tests/fixtures/`: each is built in memory and its output pinned.

mod common;

use common::{
    assert_links_resolve, assert_self_contained, build, fixture, snapshot_files, snapshot_fixture,
    text,
};

#[test]
fn the_seed_table_verbatim_gives_eleven_codes_and_a_warning_per_repeated_line() {
    let built = build(&fixture("seed"));
    let codes: Vec<u32> = serde_json::from_str::<serde_json::Value>(text(
        &built.output,
        "codes.json",
    ))
    .unwrap()["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_u64().unwrap() as u32)
        .collect();
    assert_eq!(
        codes,
        [200, 201, 202, 304, 400, 401, 403, 404, 406, 500, 503]
    );
    let warnings: Vec<String> = built.warnings.iter().map(|w| w.one_line()).collect();
    // Ten repeated lines, and a book.toml with no `site-url`, as a team's first one often is.
    assert_eq!(warnings.len(), 11, "{warnings:#?}");
    assert!(warnings[0].contains("book.toml: warning: `output.html.site-url` is not set"));
    assert_eq!(
        warnings[1],
        "tests/fixtures/seed/content/codes.txt:12:1: warning: line 12 repeats code 201 from line 1"
            .replace(
                "tests/fixtures/seed/",
                &format!("{}/", fixture("seed").display())
            )
    );
    assert!(warnings.iter().all(|w| w.contains(": warning: ")));
    let page = text(&built.output, "codes/304.html");
    assert!(page.contains(
        "There was no new data to return (think: cache). &lt;-- This is very important!"
    ));
    // A table alone explains every code: meaning, causes, what to do, retrying, caching.
    for (path, page) in code_pages(&built.output) {
        for section in EXPLAINED {
            assert!(page.contains(section), "{path} lacks {section}");
        }
    }
    snapshot_fixture(&built.output, "seed");
}

/// The sections every code page of a table-only site has, from the built-in knowledge.
const EXPLAINED: [&str; 5] = [
    "<h2 id=\"what-http-says\">",
    "<h2 id=\"common-causes\">",
    "<h2 id=\"what-the-client-should-do\">",
    "<h2 id=\"retrying\">",
    "<h2 id=\"caching\">",
];

/// The code pages of `output`.
fn code_pages(output: &statusbook::Output) -> Vec<(&str, &str)> {
    output
        .files()
        .filter(|(path, _)| path.starts_with("codes/"))
        .map(|(path, bytes)| (path, std::str::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn a_table_of_every_registered_code_explains_each_one() {
    let built = build(&fixture("iana"));
    assert_eq!(built.codes, 62);
    for (path, page) in code_pages(&built.output) {
        for section in EXPLAINED {
            assert!(page.contains(section), "{path} lacks {section}");
        }
        assert!(page.contains("<dt>Retry</dt>"), "{path} has no retry fact");
    }
    let retry = |code: u32| {
        let page = text(&built.output, &format!("codes/{code}.html"));
        let at = page.find("<dt>Retry</dt><dd>").unwrap() + "<dt>Retry</dt><dd>".len();
        page[at..page[at..].find('<').unwrap() + at].to_string()
    };
    for code in [200, 201, 202, 304] {
        assert_eq!(retry(code), "No: not an error", "{code}");
    }
    assert_eq!(retry(429), "Yes, after the wait in Retry-After");
    assert_eq!(retry(503), "Yes, after the wait in Retry-After");
    assert_eq!(retry(301), "No: follow the redirect");
    assert_self_contained(&built.output);
    assert_links_resolve(&built.output);
    snapshot_files(
        &built.output,
        "iana",
        &[
            "codes/304.html",
            "codes/409.html",
            "codes/429.html",
            "codes/503.html",
        ],
    );
}

#[test]
fn a_table_only_site_with_every_quirk() {
    let built = build(&fixture("table-only"));
    assert!(built.warnings.is_empty());
    assert_eq!(built.codes, 6);
    let index = text(&built.output, "index.html");
    assert!(index.contains("&lt;script&gt;alert(&quot;&amp;&quot;)&lt;/script&gt; is text"));
    assert!(index.contains("<html lang=\"en-GB\">"));
    let sitemap = text(&built.output, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://status.example.test/api/codes/418.html</loc>"));
    let teapot = text(&built.output, "codes/418.html");
    assert!(teapot.contains(
        "<link rel=\"canonical\" href=\"https://status.example.test/api/codes/418.html\">"
    ));
    assert_self_contained(&built.output);
    assert_links_resolve(&built.output);
    snapshot_fixture(&built.output, "table_only");
}

#[test]
fn a_site_that_overrides_templates_and_adds_files() {
    let built = build(&fixture("custom-templates"));
    let page = text(&built.output, "codes/404.html");
    assert!(
        page.contains("<article class=\"acme-code\">"),
        "the site's code.html replaces the built-in one"
    );
    assert!(
        page.contains("class=\"acme-support\""),
        "a template of the site's own can be included"
    );
    assert!(page.contains("<link rel=\"stylesheet\" href=\"../static/statusbook.css\">\n<link rel=\"stylesheet\" href=\"../theme/brand.css\">"));
    assert!(page.contains("<script defer src=\"../theme/brand.js\"></script>"));
    assert!(page.contains("<img src=\"lookup.svg\" alt=\"How lookups work\""));
    assert!(
        built.output.get("codes/lookup.svg").is_some(),
        "content files are copied"
    );
    assert!(
        built.output.get("static/logo.svg").is_some(),
        "templates/static is copied"
    );
    assert!(
        built.output.get("sitemap.xml").is_none(),
        "a relative site-url gives no sitemap"
    );
    let guide = text(&built.output, "guides/errors.html");
    assert!(guide.contains("<h1>Handling errors</h1>"));
    assert!(guide.contains("href=\"../codes/404.html\""));
    let index = text(&built.output, "index.html");
    assert!(index.contains("<a href=\"guides/errors.html\">the error guide</a>"));
    assert_self_contained(&built.output);
    assert_links_resolve(&built.output);
    snapshot_fixture(&built.output, "custom_templates");
}

#[test]
fn custom_codes_group_by_range() {
    let built = build(&fixture("custom-codes"));
    let index = text(&built.output, "index.html");
    let headings: Vec<&str> = index.lines().filter(|l| l.starts_with("<h2 id=")).collect();
    assert_eq!(
        headings,
        [
            "<h2 id=\"4xx\"><span class=\"group-id\">4xx</span> Client Error</h2>",
            "<h2 id=\"1000-1999\"><span class=\"group-id\">1000–1999</span></h2>",
            "<h2 id=\"20000-20999\"><span class=\"group-id\">20000–20999</span></h2>",
            "<h2 id=\"21000-21999\"><span class=\"group-id\">21000–21999</span></h2>",
        ]
    );
    assert!(built.output.get("codes/20003.html").is_some());
    assert_links_resolve(&built.output);
    snapshot_fixture(&built.output, "custom_codes");
}

#[test]
fn code_pages_teach_with_generated_examples_and_snippets() {
    let built = build(&fixture("code-pages"));
    let limited = text(&built.output, "codes/429.html");
    assert!(
        limited.contains("<h2 id=\"request-and-response\">Request and response</h2>"),
        "no http block of its own: the generated one shows, first"
    );
    assert!(limited.contains("Why the example looks like this"));
    assert!(
        limited.contains("<span class=\"hl-a\">Retry-After</span>: <span class=\"hl-s\">60</span>")
    );
    assert!(
        limited.contains("application/vnd.acme.error+json"),
        "the site's own error format"
    );
    assert!(
        limited.contains("<label class=\"tab-label\" for=\"snippet-go\">Go</label>"),
        "a written snippet adds a tab"
    );
    assert!(
        limited.contains("Our SDK retries for you."),
        "a written snippet replaces the generated one"
    );
    assert!(
        !limited.contains("MAX_WAIT"),
        "the generated Python snippet is replaced"
    );
    assert!(
        limited.contains("waitSeconds"),
        "the generated JavaScript snippet stays"
    );
    assert!(limited.contains(
        "<a href=\"https://www.rfc-editor.org/rfc/rfc6585.html#section-4\">RFC 6585 §4</a>"
    ));
    assert!(
        limited.contains("<a href=\"420.html\">"),
        "related from front matter"
    );
    assert!(
        limited.contains("<a href=\"503.html\">"),
        "related by default: 429 ↔ 503"
    );
    let unauthorized = text(&built.output, "codes/401.html");
    assert!(
        !unauthorized.contains("Why the example looks like this"),
        "the page has its own http example, shown first"
    );
    let first_request = unauthorized
        .find("<figcaption>Request</figcaption>")
        .unwrap();
    assert!(first_request < unauthorized.find("<section class=\"prose").unwrap());
    assert!(unauthorized.contains("refreshToken"));
    let calm = text(&built.output, "codes/420.html");
    assert!(
        calm.contains(
            "<span class=\"hl-c\">HTTP/1.1</span> <span class=\"hl-n\">420</span> Enhance Your Calm"
        ),
        "unregistered codes get an example too"
    );
    let not_modified = text(&built.output, "codes/304.html");
    assert!(not_modified.contains("If-None-Match"));
    assert!(not_modified.contains(
        "<meta property=\"og:url\" content=\"https://docs.acme.test/status/codes/304.html\">"
    ));
    assert!(not_modified.contains("<meta property=\"og:title\" content=\"304 Not Modified\">"));
    assert_self_contained(&built.output);
    assert_links_resolve(&built.output);
    snapshot_fixture(&built.output, "code_pages");
}
