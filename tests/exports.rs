//! What portals consume: codes.json against its JSON Schema, fragments that are only content,
//! and a MkDocs export whose links resolve, which `mkdocs build --strict` with Backstage's
//! `techdocs-core` accepts, and whose built pages load nothing from another origin.

mod common;

use std::path::Path;
use std::process::Command;

use common::{build, copy_fixture, fixture, repo, text};

#[test]
fn codes_json_matches_its_schema_on_every_site() {
    let schema: serde_json::Value =
        serde_json::from_str(statusbook::internals::export::SCHEMA_JSON).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid JSON Schema");
    for site in [
        repo(),
        fixture("seed"),
        fixture("table-only"),
        fixture("custom-templates"),
        fixture("custom-codes"),
        fixture("code-pages"),
    ] {
        let built = build(&site);
        assert_eq!(
            text(&built.output, "codes.schema.json"),
            statusbook::internals::export::SCHEMA_JSON
        );
        let json: serde_json::Value =
            serde_json::from_str(text(&built.output, "codes.json")).unwrap();
        assert_eq!(json["$schema"], "codes.schema.json");
        let problems: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(problems.is_empty(), "{}: {problems:#?}", site.display());
    }
}

#[test]
fn the_schema_rejects_what_it_should() {
    let schema: serde_json::Value =
        serde_json::from_str(statusbook::internals::export::SCHEMA_JSON).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let built = build(&fixture("table-only"));
    let mut json: serde_json::Value =
        serde_json::from_str(text(&built.output, "codes.json")).unwrap();
    json["codes"][0]["url"] = "/absolute/100.html".into();
    assert!(!validator.is_valid(&json), "urls are relative");
    json["codes"][0]["url"] = "codes/100.html".into();
    json["codes"][0].as_object_mut().unwrap().remove("reason");
    assert!(!validator.is_valid(&json), "reason is required");
}

#[test]
fn fragments_are_only_content() {
    let built = build(&fixture("code-pages"));
    for code in [201, 204, 304, 401, 420, 429, 503] {
        let fragment = text(&built.output, &format!("fragments/{code}.html"));
        assert!(
            fragment.starts_with("<article class=\"statusbook-fragment "),
            "{code}"
        );
        for forbidden in [
            "<html", "<head>", "<body", "<script", "<style", " style=", "<input",
        ] {
            assert!(!fragment.contains(forbidden), "{code} has {forbidden}");
        }
    }
    let limited = text(&built.output, "fragments/429.html");
    assert!(
        limited.contains("<h4>Go</h4>"),
        "snippets are stacked, not tabs"
    );
    assert!(
        limited.contains("<a href=\"https://docs.acme.test/status/codes/503.html\">"),
        "links point at the published site"
    );
    assert!(
        limited.contains("<h2 class=\"sb-title\">"),
        "the title is an h2"
    );
    assert!(!limited.contains("<h1"), "and nothing is above it");
    assert!(
        limited.contains("id=\"statusbook-429-"),
        "ids carry the code's prefix"
    );
    assert!(built.output.get("fragments/503.html").is_some());
    assert!(
        build(&fixture("table-only"))
            .output
            .get("fragments/100.html")
            .is_none(),
        "fragments are opt-in"
    );
}

/// Every relative link of every Markdown file of the export leads to a file of the export.
#[test]
fn mkdocs_links_resolve() {
    let built = build(&fixture("code-pages"));
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut checked = 0;
    for (path, bytes) in built
        .output
        .files()
        .filter(|(p, _)| p.starts_with("mkdocs/docs/") && p.ends_with(".md"))
    {
        let markdown = std::str::from_utf8(bytes).unwrap();
        for cap in link.captures_iter(markdown) {
            let target = &cap[1];
            if target.contains("://") || target.starts_with('#') {
                continue;
            }
            let file = target.split('#').next().unwrap();
            let resolved = Path::new(path).parent().unwrap().join(file);
            let resolved = resolved.to_str().unwrap().to_string();
            assert!(built.output.get(&resolved).is_some(), "{path}: {target}");
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} links checked");
    let yml = text(&built.output, "mkdocs/mkdocs.yml");
    for code in [201, 204, 304, 401, 420, 429, 503] {
        assert!(
            yml.contains(&format!("codes/{code}.md")),
            "{code} is in the nav"
        );
    }
}

/// The export built as Backstage TechDocs builds it: the real `mkdocs build --strict` (from
/// PATH: scripts/test puts its venv first) with the `techdocs-core` plugin.
#[test]
fn mkdocs_build_strict_accepts_the_export() {
    // A written page may use an emoji shortcode, which TechDocs' emoji extension would
    // otherwise turn into an image from a CDN.
    let site = copy_fixture("code-pages");
    let written = site.path().join("content/codes/429.md");
    let markdown = std::fs::read_to_string(&written).unwrap();
    std::fs::write(
        &written,
        markdown.replacen("Wait as long", "Wait :hourglass: as long", 1),
    )
    .unwrap();
    let built = build(site.path());
    let yml = text(&built.output, "mkdocs/mkdocs.yml");
    assert!(yml.contains("\nplugins:\n  - techdocs-core:\n"), "{yml}");
    assert!(
        yml.contains("\ntheme:\n  name: material\n  font: false\n"),
        "{yml}"
    );

    let dir = tempfile::tempdir().unwrap();
    statusbook::internals::output::write(&built.output, &dir.path().join("book")).unwrap();
    let html = dir.path().join("html");
    let output = Command::new("python3")
        .args(["-m", "mkdocs", "build", "--strict", "--quiet", "-d"])
        .arg(&html)
        .current_dir(dir.path().join("book/mkdocs"))
        // Material's banner about MkDocs 2.0 would bury the build's own messages.
        .env("NO_MKDOCS_2_WARNING", "1")
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "mkdocs build --strict failed (scripts/test installs mkdocs and techdocs-core into \
         target/python):\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        html.join("techdocs_metadata.json").is_file(),
        "techdocs-core ran: it writes the metadata the TechDocs reader reads"
    );
    let index = std::fs::read_to_string(html.join("search/search_index.json")).unwrap();
    let index: serde_json::Value = serde_json::from_str(&index).unwrap();
    let locations: Vec<&str> = index["docs"]
        .as_array()
        .expect("the search index TechDocs reads lists documents")
        .iter()
        .filter_map(|doc| doc["location"].as_str())
        .collect();
    assert!(locations.contains(&"codes/429/"), "{locations:?}");
    let limited = std::fs::read_to_string(html.join("codes/429/index.html")).unwrap();
    assert!(
        limited.contains("Wait \u{231b}\u{fe0f} as long"),
        "the emoji is a character"
    );

    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&html) {
        let path = entry.unwrap().into_path();
        let kind = path.extension().and_then(|e| e.to_str());
        if !matches!(kind, Some("html" | "css")) {
            continue;
        }
        let content = std::fs::read_to_string(&path).unwrap();
        let foreign = foreign_loads(&content);
        assert!(foreign.is_empty(), "{}: {foreign:#?}", path.display());
        // The MkDocs site is published at its own address: no canonical link may point at
        // the HTML site, which has no `codes/503/`.
        assert!(
            !content.contains("rel=\"canonical\""),
            "{}: a canonical link",
            path.display()
        );
        pages += usize::from(kind == Some("html"));
    }
    assert!(pages >= 9, "{pages} pages checked");
}

/// What a built page or stylesheet loads from another origin: a tag's `src`, `srcset`,
/// `data` or `poster`, a `<link>` other than a canonical one, or a CSS `url()` or `@import`.
/// Links a reader follows (`<a href>`) load nothing.
fn foreign_loads(content: &str) -> Vec<String> {
    let external = r#"(?:[a-z][a-z0-9+.-]*:)?//"#;
    let attribute = regex::Regex::new(&format!(
        r#"<\w+\b[^>]*?\s(?:href|src|srcset|data|poster)="{external}"#
    ))
    .unwrap();
    let css = regex::Regex::new(&format!(r#"(?:url\(|@import)\s*["']?{external}"#)).unwrap();
    let tag = regex::Regex::new(r"<[^>]*").unwrap();
    let mut found = Vec::new();
    for m in attribute.find_iter(content) {
        let whole = tag
            .find_at(content, m.start())
            .map_or(m.as_str(), |t| t.as_str());
        let followed = whole.starts_with("<a ")
            || (whole.starts_with("<link ") && whole.contains("rel=\"canonical\""));
        if !followed {
            found.push(whole.to_string());
        }
    }
    found.extend(css.find_iter(content).map(|m| m.as_str().to_string()));
    found
}
