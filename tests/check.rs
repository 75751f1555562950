//! `statusbook check`, run for real on fixture sites: broken links and anchors, unknown
//! related codes, codes without a page, --strict, the output formats and the exit codes.

mod common;

use std::process::{Command, Output};

fn check(site: &std::path::Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statusbook"))
        .arg("check")
        .args(extra)
        .arg(site)
        .current_dir(common::repo())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn relative(fixture: &str) -> std::path::PathBuf {
    std::path::PathBuf::from("tests/fixtures").join(fixture)
}

#[test]
fn broken_links_and_anchors_are_one_line_each_with_file_line_and_column() {
    let output = check(&relative("broken-links"), &[]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!(stdout);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("6 errors, 3 warnings"), "{stderr}");
}

#[test]
fn the_human_format_shows_the_line_and_a_caret() {
    let output = check(&relative("broken-links"), &["--format", "human"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("--> tests/fixtures/broken-links/content/codes/404.md:10:9"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[a page that is not there](418.md)"),
        "{stdout}"
    );
    assert!(stdout.contains("^^^^"), "{stdout}");
    assert!(
        stdout.contains("help: link to another page by its Markdown file"),
        "{stdout}"
    );
}

#[test]
fn json_is_for_tools() {
    let output = check(&relative("broken-links"), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["errors"], 6);
    assert_eq!(json["warnings"], 3);
    let first = &json["problems"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(
        first["file"],
        "tests/fixtures/broken-links/content/codes/404.md"
    );
    assert_eq!(first["line"], 10);
    assert_eq!(first["column"], 9);
    assert!(first["hint"].is_string());
}

#[test]
fn codes_without_a_page_are_warnings_and_strict_makes_them_errors() {
    let output = check(&relative("table-only"), &[]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.matches("warning: code ").count(), 6, "{stdout}");
    assert!(
        stdout.contains(
            "tests/fixtures/table-only/content/codes.txt:4:1: warning: code 503 has no written page"
        ),
        "{stdout}"
    );
    let strict = check(&relative("table-only"), &["--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        String::from_utf8(strict.stdout)
            .unwrap()
            .contains(": error: code 503 has no written page")
    );
}

#[test]
fn unknown_related_codes_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"x\"\n").unwrap();
    std::fs::create_dir_all(dir.path().join("content/codes")).unwrap();
    std::fs::write(dir.path().join("content/codes.txt"), "200 OK: Fine.\n").unwrap();
    std::fs::write(
        dir.path().join("content/codes/200.md"),
        "+++\nrelated = [418]\n+++\n",
    )
    .unwrap();
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(
            "content/codes/200.md:2:12: error: related code 418 is not in the code table"
        ),
        "{stdout}"
    );
}

#[test]
fn this_repositorys_site_is_clean() {
    let output = check(std::path::Path::new("."), &["--strict"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout, "");
}

#[test]
fn usage_mistakes_exit_2() {
    let output = check(&relative("table-only"), &["--format", "xml"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_site_without_site_url_is_warned_that_its_not_found_page_works_only_at_the_top() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("content")).unwrap();
    std::fs::write(
        site.path().join("content/codes.txt"),
        "404 Not Found: no such order\n",
    )
    .unwrap();
    let book = site.path().join("book.toml");
    std::fs::write(
        &book,
        "[book]\ntitle = \"T\"\n\n[output.html]\nfragments = false\n",
    )
    .unwrap();
    let output = check(site.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let warning = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["message"].as_str().unwrap().contains("site-url"))
        .expect("a warning about site-url");
    assert_eq!(warning["severity"], "warning");
    assert!(warning["file"].as_str().unwrap().ends_with("book.toml"));
    assert_eq!(warning["line"], 4, "at [output.html]");
    assert!(
        warning["hint"]
            .as_str()
            .unwrap()
            .contains("site-url = \"/\"")
    );
    assert_eq!(check(site.path(), &["--strict"]).status.code(), Some(1));

    // `build` says it too, once.
    let build = Command::new(env!("CARGO_BIN_EXE_statusbook"))
        .args(["build", "-d"])
        .arg(site.path().join("out"))
        .arg(site.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(build.status.success());
    let stderr = String::from_utf8(build.stderr).unwrap();
    assert_eq!(
        stderr.matches("site-url` is not set").count(),
        1,
        "{stderr}"
    );

    // With it, neither does.
    std::fs::write(
        &book,
        "[book]\ntitle = \"T\"\n\n[output.html]\nsite-url = \"/\"\n",
    )
    .unwrap();
    let output = check(site.path(), &[]);
    assert!(
        !String::from_utf8(output.stdout)
            .unwrap()
            .contains("site-url"),
        "no warning once it is set"
    );
}
