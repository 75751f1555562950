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

/// The site's OpenAPI document and its written pages agree: each page's example is a request
/// to an operation of openapi.yaml that declares the example's code, and where the document
/// writes an example of that response, the page's response body is that example.
#[test]
fn every_written_example_is_an_operation_of_the_sites_openapi_document() {
    use statusbook::internals::exchange;
    use statusbook::internals::openapi::OpenApi;
    use statusbook::internals::operations::{operation_of, response_for};

    let path = repo().join("openapi.yaml");
    let source =
        statusbook::internals::source::read(&path, std::sync::Arc::from(path.as_path())).unwrap();
    let (api, problems) = OpenApi::parse(source);
    assert!(problems.is_empty(), "{problems:?}");
    let api = api.unwrap();
    let fence = regex::Regex::new(r"(?s)```http\n(.*?)```").unwrap();
    let (mut pages, mut compared) = (0, 0);
    for entry in std::fs::read_dir(repo().join("content/codes")).unwrap() {
        let file = entry.unwrap().path();
        let markdown = std::fs::read_to_string(&file).unwrap();
        let code: u32 = file.file_stem().unwrap().to_str().unwrap().parse().unwrap();
        let example = fence
            .captures_iter(&markdown)
            .filter_map(|c| exchange::parse(&c[1]))
            .find(|e| e.response().status() == code)
            .unwrap_or_else(|| panic!("{}: no example of {code}", file.display()));
        let request = format!("{} {}", example.request.method(), example.request.target());
        let operation = operation_of(&api, example.request.method(), example.request.target())
            .unwrap_or_else(|| panic!("{}: {request} is no operation", file.display()));
        let operation = &api.operations[operation];
        let response = response_for(operation, code)
            .unwrap_or_else(|| panic!("{}: {request} does not declare {code}", file.display()));
        let written: Vec<serde_json::Value> = api
            .response_examples(&operation.responses[response])
            .iter()
            .map(|(_, node)| serde_json::from_str(&node.to_json(false)).unwrap())
            .collect();
        if let (false, Some(body)) = (written.is_empty(), &example.response().body) {
            let body: serde_json::Value = serde_json::from_str(body).unwrap();
            assert!(
                written.contains(&body),
                "{}: the body differs from the document's example of {code} for {request}",
                file.display()
            );
            compared += 1;
        }
        pages += 1;
    }
    assert_eq!(pages, 11);
    assert!(compared >= 8, "only {compared} bodies compared");
}
