//! The real `statusbook` binary: exit codes, messages, and what lands on disk.

mod common;

use common::{copy_fixture, statusbook};

use std::fs;
use std::path::Path;

/// `statusbook build <site>`, run to completion.
fn build(site: &Path) -> assert_cmd::assert::Assert {
    statusbook().arg("build").arg(site).assert()
}

/// Asserts that a run failed with exit code 1 and said `expected` on standard error.
fn assert_fails_saying(output: &std::process::Output, expected: &str) {
    let message = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains(expected), "{message}");
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn builds_a_site_into_its_build_dir() {
    let site = copy_fixture("table-only");
    let output = statusbook().arg("build").arg(site.path()).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("built 6 codes (0 with a written page) and 0 other pages into"),
        "{message}"
    );
    let book = site.path().join("book");
    for file in [
        "index.html",
        "404.html",
        "codes/418.html",
        "codes.json",
        "sitemap.xml",
        "static/statusbook.css",
    ] {
        assert!(book.join(file).is_file(), "{file}");
    }
    assert!(!book.join("418.html").exists());
}

#[test]
fn builds_the_current_folder_by_default_and_quiet_says_nothing() {
    let site = copy_fixture("table-only");
    let output = statusbook()
        .current_dir(site.path())
        .args(["build", "-q"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(stderr(&output), "");
    assert!(site.path().join("book/index.html").is_file());
}

#[test]
fn dest_dir_is_relative_to_the_current_folder() {
    let site = copy_fixture("table-only");
    let out = tempfile::tempdir().unwrap();
    statusbook()
        .current_dir(out.path())
        .args(["build", "-d", "public"])
        .arg(site.path())
        .assert()
        .success();
    assert!(out.path().join("public/index.html").is_file());
    assert!(!site.path().join("book").exists());
}

#[test]
fn warnings_are_shown_and_the_build_succeeds() {
    let site = copy_fixture("seed");
    let output = statusbook().arg("build").arg(site.path()).output().unwrap();
    assert!(output.status.success());
    let message = stderr(&output);
    assert_eq!(message.matches("warning: line ").count(), 10, "{message}");
    assert!(message.contains("content/codes.txt:12:1"), "{message}");
    assert!(message.contains("first listed here"), "{message}");
    let page = fs::read_to_string(site.path().join("book/codes/304.html")).unwrap();
    assert!(page.contains("(think: cache). &lt;-- This is very important!"));
}

#[test]
fn errors_exit_1_name_the_place_and_write_nothing() {
    let site = copy_fixture("table-only");
    fs::write(
        site.path().join("content/codes.txt"),
        "200 OK: Fine.\n404 Not Found\n",
    )
    .unwrap();
    let output = statusbook().arg("build").arg(site.path()).output().unwrap();
    assert_fails_saying(
        &output,
        "error: expected `:` between the reason phrase and the description",
    );
    let message = stderr(&output);
    assert!(message.contains("content/codes.txt:2:14"), "{message}");
    assert!(
        message.contains("404 Not Found"),
        "the offending line is shown: {message}"
    );
    assert!(
        message.contains("build failed (1 error); nothing was written"),
        "{message}"
    );
    assert!(!site.path().join("book").exists());
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = copy_fixture("table-only");
    build(site.path()).success();
    let book = site.path().join("book");
    let before = fs::read(book.join("index.html")).unwrap();
    fs::write(site.path().join("content/codes.txt"), "oops\n").unwrap();
    build(site.path()).code(1);
    assert_eq!(fs::read(book.join("index.html")).unwrap(), before);
    assert!(book.join("codes/418.html").is_file());
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_template_failing_on_a_late_page_leaves_the_previous_site_untouched() {
    // Pages are written while later ones render: a failure on the last code page comes
    // after the others were written into the temporary folder, which must then go.
    let site = copy_fixture("table-only");
    build(site.path()).success();
    let book = site.path().join("book");
    let before = stamps(&book);
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/code.html"),
        "{% if code.code == 503 %}{{ code.no_such_field }}{% else %}changed{% endif %}",
    )
    .unwrap();
    let output = build(site.path()).code(1).get_output().clone();
    assert!(stderr(&output).contains("code.html"), "{}", stderr(&output));
    assert_eq!(stamps(&book), before);
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_rebuild_replaces_the_old_site_whole() {
    let site = copy_fixture("table-only");
    build(site.path()).success();
    fs::write(site.path().join("book/stale.html"), "old").unwrap();
    fs::write(
        site.path().join("content/codes.txt"),
        "200 OK: Only this.\n",
    )
    .unwrap();
    build(site.path()).success();
    assert!(!site.path().join("book/stale.html").exists());
    assert!(!site.path().join("book/codes/418.html").exists());
    assert!(site.path().join("book/codes/200.html").is_file());
}

/// Every file of a built site with its inode and modification time.
fn stamps(book: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(book)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        // The manifest is rewritten by every build that does anything: it is not the site's.
        .filter(|e| e.file_type().is_file() && e.file_name() != ".statusbook-manifest")
        .map(|e| {
            let meta = e.metadata().unwrap();
            let path = e.path().strip_prefix(book).unwrap();
            (
                path.display().to_string(),
                meta.ino(),
                meta.modified().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_rebuild_rewrites_only_what_changed_and_nothing_when_nothing_did() {
    let site = copy_fixture("table-only");
    let book = site.path().join("book");
    build(site.path()).success();
    let first = stamps(&book);
    // Any rewrite would give a new modification time, even within the same second.
    std::thread::sleep(std::time::Duration::from_millis(20));

    let again = build(site.path()).success();
    assert!(stderr(again.get_output()).contains("(nothing changed)"));
    assert_eq!(stamps(&book), first, "no file was touched");

    let table = site.path().join("content/codes.txt");
    let text = fs::read_to_string(&table).unwrap();
    fs::write(&table, text.replace("Send the body.", "Send the body now.")).unwrap();
    let edited = build(site.path()).success();
    let said = stderr(edited.get_output());
    let after = stamps(&book);
    let changed: Vec<&str> = after
        .iter()
        .filter(|file| !first.contains(file))
        .map(|(path, _, _)| path.as_str())
        .collect();
    assert!(changed.contains(&"codes/100.html"), "{changed:?}");
    assert!(changed.contains(&"index.html"), "{changed:?}");
    assert!(!changed.contains(&"codes/503.html"), "{changed:?}");
    assert!(
        !changed.iter().any(|p| p.starts_with("static/")),
        "{changed:?}"
    );
    assert!(
        said.contains(&format!("({} files changed)", changed.len())),
        "{said}"
    );
}

#[test]
fn refuses_to_build_into_the_site_or_a_parent_of_it() {
    let site = copy_fixture("table-only");
    for dest in [
        site.path().to_path_buf(),
        site.path().join("content"),
        site.path().join(".."),
    ] {
        let output = statusbook()
            .arg("build")
            .arg(site.path())
            .arg("-d")
            .arg(&dest)
            .output()
            .unwrap();
        assert_fails_saying(&output, "refusing to build into");
    }
    assert!(site.path().join("content/codes.txt").is_file());
    assert!(site.path().join("book.toml").is_file());
}

#[test]
fn a_folder_that_is_not_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let output = statusbook().arg("build").arg(dir.path()).output().unwrap();
    assert_fails_saying(&output, "error: no book.toml in");
}

#[test]
fn usage_mistakes_exit_2() {
    statusbook()
        .args(["build", "--no-such-flag"])
        .assert()
        .code(2);
    statusbook().arg("frobnicate").assert().code(2);
    statusbook().assert().code(2);
}

#[test]
fn help_and_version() {
    let help = statusbook().arg("--help").output().unwrap();
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(text.contains("build"), "{text}");
    assert!(text.contains("Examples:"), "{text}");
    let build_help = String::from_utf8(
        statusbook()
            .args(["build", "--help"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(build_help.contains("--dest-dir <OUT>"), "{build_help}");
    let version =
        String::from_utf8(statusbook().arg("--version").output().unwrap().stdout).unwrap();
    assert!(version.starts_with("statusbook "), "{version}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let site = copy_fixture("seed");
    let plain = statusbook().arg("build").arg(site.path()).output().unwrap();
    assert!(
        !stderr(&plain).contains('\x1b'),
        "not a terminal: no colour"
    );
    let always = statusbook()
        .args(["--color", "always", "build"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(stderr(&always).contains('\x1b'));
    let never = statusbook()
        .args(["--color", "never", "build"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(!stderr(&never).contains('\x1b'));
}

#[test]
fn init_creates_a_site_that_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("acme-api");
    let output = statusbook().arg("init").arg(&site).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Next: `statusbook serve"),
        "{}",
        stderr(&output)
    );
    for file in [
        "book.toml",
        "content/codes.txt",
        "content/codes/404.md",
        "content/index.md",
        ".gitignore",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    build(&site).success();
    assert!(site.join("book/codes/404.html").is_file());
    let again = statusbook().arg("init").arg(&site).output().unwrap();
    assert_fails_saying(&again, "is already a site");
    let templates = statusbook()
        .args(["init", "--templates"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(templates.status.success(), "{}", stderr(&templates));
    assert!(site.join("templates/code.html").is_file());
    assert!(site.join("templates/static/search.js").is_file());
    build(&site).success();
    let twice = statusbook()
        .args(["init", "--templates"])
        .arg(&site)
        .output()
        .unwrap();
    assert_fails_saying(&twice, "init would overwrite templates/");
}

#[test]
fn every_subcommand_has_help_with_examples() {
    for command in ["init", "build", "serve", "check"] {
        let output = statusbook().args([command, "--help"]).output().unwrap();
        assert!(output.status.success(), "{command}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("Examples:"), "{command}: {text}");
        assert!(text.contains("statusbook "), "{command}");
    }
}

#[test]
fn serving_a_folder_that_is_not_a_site_fails_like_building_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = statusbook().arg("serve").arg(dir.path()).output().unwrap();
    assert_fails_saying(&output, "error: no book.toml in");
    assert_fails_saying(&output, "serve failed (1 error)");
}
