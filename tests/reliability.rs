//! The promises a build keeps under stress, with the real binary: concurrent builds into
//! one folder, readers during rebuilds, interrupted builds, links out of the site and raw
//! HTML.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use common::{copy_fixture, site_files, statusbook};

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_statusbook"))
}

/// A site of `n` custom codes and nothing else, in a fresh folder.
fn big_site(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("content")).unwrap();
    fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Big\"\n[table]\ncustom-codes = true\n",
    )
    .unwrap();
    let table: String = (0..n)
        .map(|i| {
            format!(
                "{} Error {i}: Something went wrong, case {i}.\n",
                10_000 + i
            )
        })
        .collect();
    fs::write(dir.path().join("content/codes.txt"), table).unwrap();
    dir
}

/// Names in `dir` that an interrupted build leaves behind.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".statusbook-"))
        .collect()
}

#[test]
fn concurrent_builds_into_one_folder_take_turns_and_leave_a_clean_site() {
    let site = copy_fixture("table-only");
    let clean = tempfile::tempdir().unwrap();
    statusbook()
        .args(["build", "-q", "-d"])
        .arg(clean.path().join("out"))
        .arg(site.path())
        .assert()
        .success();
    let expected = site_files(&clean.path().join("out"));
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    for _ in 0..10 {
        let builds: Vec<_> = (0..2)
            .map(|_| {
                Command::new(binary())
                    .args(["build", "-q", "-d"])
                    .arg(&out)
                    .arg(site.path())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for build in builds {
            let output = build.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        assert_eq!(
            site_files(&out),
            expected,
            "byte-identical to a clean build"
        );
        assert_eq!(leftovers(work.path()), Vec::<String>::new());
    }
}

#[test]
fn a_build_that_may_not_wait_fails_clearly_while_another_writes() {
    let site = copy_fixture("table-only");
    let work = tempfile::tempdir().unwrap();
    // Another build holds the folder.
    let held = statusbook::internals::swap::lock(work.path(), statusbook::Wait::No).unwrap();
    let output = statusbook()
        .args(["build", "--no-wait", "-d"])
        .arg(work.path().join("out"))
        .arg(site.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("another build is writing into"), "{said}");
    assert!(!work.path().join("out").exists());
    drop(held);
}

#[test]
fn a_reader_always_finds_a_complete_site_during_rebuilds() {
    let site = big_site(300);
    let out = site.path().join("book");
    statusbook()
        .arg("build")
        .arg(site.path())
        .assert()
        .success();
    let done = AtomicBool::new(false);
    let (reads, misses) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::SeqCst) {
                reads.fetch_add(1, Ordering::SeqCst);
                if fs::read(out.join("index.html")).is_err() {
                    misses.fetch_add(1, Ordering::SeqCst);
                }
            }
        });
        let table = site.path().join("content/codes.txt");
        for i in 0..20 {
            // A change on every build, so that each one switches folders.
            let mut text = fs::read_to_string(&table).unwrap();
            text.push_str(&format!("{} Added {i}: One more.\n", 20_000 + i));
            fs::write(&table, text).unwrap();
            statusbook()
                .arg("build")
                .arg(site.path())
                .assert()
                .success();
        }
        done.store(true, Ordering::SeqCst);
    });
    assert!(reads.load(Ordering::SeqCst) > 100, "the reader read");
    assert_eq!(misses.load(Ordering::SeqCst), 0, "index.html was missing");
}

/// How a build folder's files differ from each complete site's, for a failure to show.
fn differences(now: &BTreeMap<PathBuf, Vec<u8>>, sites: &[BTreeMap<PathBuf, Vec<u8>>]) -> String {
    let some = |paths: Vec<&PathBuf>| {
        let shown: Vec<_> = paths
            .iter()
            .take(5)
            .map(|p| p.display().to_string())
            .collect();
        format!("{} ({})", paths.len(), shown.join(", "))
    };
    sites
        .iter()
        .enumerate()
        .map(|(k, site)| {
            let missing = some(site.keys().filter(|p| !now.contains_key(*p)).collect());
            let extra = some(now.keys().filter(|p| !site.contains_key(*p)).collect());
            let changed = some(
                site.iter()
                    .filter(|(p, bytes)| now.get(*p).is_some_and(|b| b != *bytes))
                    .map(|(p, _)| p)
                    .collect(),
            );
            format!("against site {k}: missing {missing}, extra {extra}, different {changed}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn an_interrupted_build_leaves_the_previous_site_and_no_temporary_folder() {
    let site = big_site(1_000);
    let out = site.path().join("book");
    let table = site.path().join("content/codes.txt");
    let first = fs::read_to_string(&table).unwrap();
    let second = first.replace("went wrong", "broke");
    // The two complete sites a build can leave: one per version of the table.
    let mut complete = Vec::new();
    for text in [&first, &second] {
        fs::write(&table, text).unwrap();
        let finished = tempfile::tempdir().unwrap();
        statusbook()
            .args(["build", "-q", "-d"])
            .arg(finished.path().join("out"))
            .arg(site.path())
            .assert()
            .success();
        complete.push(site_files(&finished.path().join("out")));
    }
    fs::write(&table, &first).unwrap();
    statusbook()
        .arg("build")
        .arg(site.path())
        .assert()
        .success();
    for (round, delay) in [5, 20, 60, 150, 5, 20, 60, 150].into_iter().enumerate() {
        fs::write(&table, if round % 2 == 0 { &second } else { &first }).unwrap();
        let mut build = Command::new(binary())
            .args(["build", "-q"])
            .arg(site.path())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        // SIGINT, as Ctrl-C sends it.
        let _ = Command::new("kill")
            .args(["-INT", &build.id().to_string()])
            .status();
        build.wait().unwrap();
        let now = site_files(&out);
        assert!(
            complete.contains(&now),
            "after {delay} ms: one site or the other, whole; {}",
            differences(&now, &complete)
        );
        assert_eq!(
            leftovers(site.path()),
            Vec::<String>::new(),
            "after {delay} ms"
        );
    }
    // A build killed outright leaves its folder for the next build to remove.
    let mut build = Command::new(binary())
        .args(["build", "-q"])
        .arg(site.path())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(30));
    build.kill().unwrap();
    build.wait().unwrap();
    statusbook()
        .arg("build")
        .arg(site.path())
        .assert()
        .success();
    assert_eq!(leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn a_link_out_of_the_site_is_never_followed() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.css"), "the secret").unwrap();
    fs::create_dir(outside.path().join("content")).unwrap();
    fs::write(outside.path().join("content/codes.txt"), "200 OK: Fine.\n").unwrap();

    // additional-css that links to a file elsewhere on the machine.
    let site = copy_fixture("table-only");
    let toml = fs::read_to_string(site.path().join("book.toml")).unwrap();
    fs::write(
        site.path().join("book.toml"),
        toml.replace(
            "[output.html]\n",
            "[output.html]\nadditional-css = [\"theme/x.css\"]\n",
        ),
    )
    .unwrap();
    fs::create_dir(site.path().join("theme")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.css"),
        site.path().join("theme/x.css"),
    )
    .unwrap();
    let output = statusbook().arg("build").arg(site.path()).output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("links to"), "{said}");
    assert!(said.contains("outside the site folder"), "{said}");
    assert!(said.contains("book.toml:"), "located: {said}");
    assert!(!site.path().join("book").exists());

    // A content folder that links outside the site.
    let site = tempfile::tempdir().unwrap();
    fs::write(site.path().join("book.toml"), "[book]\ntitle = \"x\"\n").unwrap();
    std::os::unix::fs::symlink(outside.path().join("content"), site.path().join("content"))
        .unwrap();
    let output = statusbook().arg("build").arg(site.path()).output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("the content folder") && said.contains("outside the site folder"),
        "{said}"
    );
}

#[test]
fn raw_html_is_cleaned_with_a_warning_unless_trusted_and_never_in_fragments() {
    let site = copy_fixture("table-only");
    let page = "Fine.\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" onerror=\"alert(2)\"> and <a href=\"javascript:alert(3)\">a link</a>.\n\n<iframe src=\"https://evil.test/\"></iframe>\n\n<details><summary>More</summary>Kept.</details>\n";
    fs::create_dir_all(site.path().join("content/codes")).unwrap();
    fs::write(site.path().join("content/codes/204.md"), page).unwrap();
    let output = statusbook().arg("build").arg(site.path()).output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    for (line, what) in [
        (3, "a <script>"),
        (5, "an event-handler attribute"),
        (7, "a frame or embedded object"),
    ] {
        assert!(
            said.contains(&format!("content/codes/204.md:{line}:")) && said.contains(what),
            "{line} {what}: {said}"
        );
    }
    let html = fs::read_to_string(site.path().join("book/codes/204.html")).unwrap();
    for gone in ["<script>alert", "onerror", "javascript:", "<iframe"] {
        assert!(!html.contains(gone), "{gone} is in the page");
    }
    assert!(html.contains("<details><summary>More</summary>Kept.</details>"));
    let checked = statusbook().arg("check").arg(site.path()).output().unwrap();
    assert!(
        String::from_utf8_lossy(&checked.stdout).contains("raw HTML with a <script> was removed")
    );

    // Trusted: the page keeps it, the fragment does not.
    let toml = fs::read_to_string(site.path().join("book.toml")).unwrap();
    fs::write(
        site.path().join("book.toml"),
        toml.replace(
            "[output.html]\n",
            "[output.html]\ntrusted-html = true\nfragments = true\n",
        ),
    )
    .unwrap();
    let output = statusbook().arg("build").arg(site.path()).output().unwrap();
    assert!(!String::from_utf8_lossy(&output.stderr).contains("raw HTML"));
    let html = fs::read_to_string(site.path().join("book/codes/204.html")).unwrap();
    assert!(html.contains("<script>alert(1)</script>"));
    let fragment = fs::read_to_string(site.path().join("book/fragments/204.html")).unwrap();
    for gone in ["<script", "onerror", "javascript:", "<iframe"] {
        assert!(!fragment.contains(gone), "{gone} is in the fragment");
    }
}
