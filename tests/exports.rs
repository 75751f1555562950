//! What portals consume: codes.json against its JSON Schema, fragments that are only content,
//! and a MkDocs export whose links resolve and which `mkdocs build --strict` accepts.

mod common;

use std::path::Path;
use std::process::Command;

use common::{build, fixture, repo, text};

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
        limited.contains("<a href=\"503.html\">"),
        "links work from fragments/ as from codes/"
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

#[test]
fn mkdocs_build_strict_accepts_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let built = build(&fixture("code-pages"));
    statusbook::internals::output::write(&built.output, &dir.path().join("book")).unwrap();
    let project = dir.path().join("book/mkdocs");
    let output = Command::new("python3")
        .args(["-m", "mkdocs", "build", "--strict", "--quiet", "-d"])
        .arg(dir.path().join("html"))
        .current_dir(&project)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "mkdocs build --strict failed (scripts/test installs mkdocs):\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.path().join("html/codes/429/index.html").is_file());
}
