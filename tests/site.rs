//! The repository's own site: every generated file is pinned by a snapshot, and the
//! whole output is checked for the product's rules (self-contained, relative, escaped).

mod common;

use common::{assert_links_resolve, assert_self_contained, build, repo, snapshot_all, text};

#[test]
fn every_file_of_the_default_site() {
    let built = build(&repo());
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    snapshot_all(&built.output, "site");
}

#[test]
fn the_default_site_documents_the_seed_codes_each_with_a_written_page() {
    let built = build(&repo());
    let export: serde_json::Value =
        serde_json::from_str(text(&built.output, "codes.json")).unwrap();
    let codes: Vec<u64> = export["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_u64().unwrap())
        .collect();
    assert_eq!(
        codes,
        [200, 201, 202, 304, 400, 401, 403, 404, 406, 500, 503]
    );
    for code in export["codes"].as_array().unwrap() {
        let n = &code["code"];
        assert_eq!(code["has_page"], true, "{n} has a written page");
        let page = text(&built.output, &format!("codes/{n}.html"));
        // Its own example exchange and curl command, among the written sections.
        assert!(
            page.contains("<code class=\"language-http\">"),
            "{n}: an HTTP exchange"
        );
        assert!(
            page.contains("<code class=\"language-sh\">"),
            "{n}: a shell command"
        );
        assert!(
            page.contains("<span class=\"hl-f\">curl</span>"),
            "{n}: the command is curl"
        );
    }
}

#[test]
fn code_pages_are_never_at_the_root() {
    let built = build(&repo());
    let not_found = text(&built.output, "404.html");
    assert!(not_found.contains("Page not found"));
    assert!(
        !not_found.contains("404 Not Found"),
        "404.html is the not-found page, not code 404"
    );
    assert!(text(&built.output, "codes/404.html").contains("Not Found"));
}

#[test]
fn table_text_is_escaped_exactly_once() {
    let built = build(&repo());
    for page in ["index.html", "codes/304.html"] {
        let html = text(&built.output, page);
        assert!(
            html.contains("(think: cache). &lt;-- This is very important!"),
            "{page}"
        );
        assert!(!html.contains("<--"), "{page} has raw <--");
        assert!(!html.contains("&amp;lt;"), "{page} is escaped twice");
    }
}

#[test]
fn the_site_is_self_contained_and_its_links_resolve() {
    let built = build(&repo());
    assert_self_contained(&built.output);
    assert_links_resolve(&built.output);
}

#[test]
fn two_builds_are_byte_identical() {
    assert_eq!(build(&repo()).output, build(&repo()).output);
}

#[test]
fn codes_json_is_versioned_and_complete() {
    let built = build(&repo());
    let json: serde_json::Value = serde_json::from_str(text(&built.output, "codes.json")).unwrap();
    assert_eq!(json["version"], 1);
    let codes = json["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 11);
    let not_modified = codes.iter().find(|c| c["code"] == 304).unwrap();
    assert_eq!(not_modified["reason"], "Not Modified");
    assert_eq!(
        not_modified["description"],
        "There was no new data to return (think: cache). <-- This is very important!"
    );
    assert_eq!(
        not_modified["description_html"],
        "There was no new data to return (think: cache). &lt;-- This is very important!"
    );
    assert_eq!(not_modified["url"], "codes/304.html");
    assert_eq!(not_modified["class"]["id"], "3xx");
}

#[test]
fn no_two_snapshots_pin_the_same_text() {
    // A reviewer re-blesses copies without reading them: each text is pinned once.
    let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let dir = common::repo().join("tests/snapshots");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // The text after the metadata header.
        let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text).to_string();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(first) = seen.insert(body, name.clone()) {
            panic!("{first} and {name} pin the same text");
        }
    }
}
