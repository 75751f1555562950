//! Builds that reuse the previous one: after any sequence of edits, a build into the same
//! folder writes exactly what a clean build writes, reports the same warnings, and does no
//! more work than the edits call for.

mod common;

use common::{site_files, statusbook};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn build(site: &Path, args: &[&str]) -> Output {
    statusbook()
        .current_dir(site)
        .args(["--color", "never", "build", "--timings"])
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What a build reported, but its timings and where it wrote: the problems, in order.
fn problems(output: &Output) -> String {
    stderr(output)
        .lines()
        .take_while(|line| !line.starts_with("built ") && !line.starts_with("build failed"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// How a build went: from scratch, nothing to do, or only edited pages rendered.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Kind {
    Full,
    Nothing,
    Pages,
    Failed,
}

fn kind(output: &Output) -> Kind {
    let said = stderr(output);
    if !output.status.success() {
        Kind::Failed
    } else if said.contains("(nothing changed)") {
        Kind::Nothing
    } else if said.contains("only the edited pages rendered") {
        Kind::Pages
    } else {
        Kind::Full
    }
}

const TABLE: &str = "\
200 OK: It worked.
201 Created: A resource was made.
400 Bad Request: The request is malformed.
401 Unauthorized: Credentials are missing.
404 Not Found: Nothing is at this address.
409 Conflict: The state does not allow it.
429 Too Many Requests: Slow down.
503 Service Unavailable: Try again later.
";

/// A small site: a table, pages for some codes, a guide.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Acme\"\n\n[output.html]\nsite-url = \"/\"\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("content/codes")).unwrap();
    fs::create_dir_all(root.join("content/guides")).unwrap();
    fs::write(root.join("content/codes.txt"), TABLE).unwrap();
    for code in [400, 404, 429] {
        fs::write(
            root.join(format!("content/codes/{code}.md")),
            format!("+++\nsummary = \"About {code}.\"\n+++\n\n## Why\n\nBecause of {code}.\n"),
        )
        .unwrap();
    }
    fs::write(
        root.join("content/guides/errors.md"),
        "# Errors\n\nEvery error has a body.\n",
    )
    .unwrap();
    dir
}

/// A tiny deterministic random number generator (xorshift), so a failing sequence can be
/// replayed from its seed.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Makes one random edit to the site in `root`, built into `root/book`; says what it did.
fn edit(root: &Path, random: &mut Random, step: usize) -> String {
    let content = root.join("content");
    let pages: Vec<PathBuf> = fs::read_dir(content.join("codes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect::<Vec<_>>();
    let mut pages = pages;
    pages.sort();
    let page = pages.get(random.below(pages.len().max(1))).cloned();
    match (random.below(14), page) {
        (0..=4, Some(page)) => {
            let text = fs::read_to_string(&page).unwrap();
            fs::write(&page, format!("{text}\nStep {step} adds a line.\n")).unwrap();
            format!("appended to {}", page.display())
        }
        (5, Some(page)) => {
            let text = fs::read_to_string(&page).unwrap();
            let text = text.replace("summary = \"", &format!("summary = \"Step {step}: "));
            fs::write(&page, text).unwrap();
            format!("changed the summary of {}", page.display())
        }
        (6, Some(page)) => {
            let text = fs::read_to_string(&page).unwrap();
            fs::write(
                &page,
                format!("{text}\n<script>alert({step})</script>\n\nSee [the guide](../guides/errors.md).\n"),
            )
            .unwrap();
            format!("raw HTML (a warning) in {}", page.display())
        }
        (7, Some(page)) => {
            // The same bytes again: a new time, no change.
            let text = fs::read(&page).unwrap();
            fs::write(&page, text).unwrap();
            format!("rewrote {} unchanged", page.display())
        }
        (8, _) => {
            let code = [200, 201, 401, 409, 503][random.below(5)];
            let page = content.join(format!("codes/{code}.md"));
            if page.exists() {
                fs::remove_file(&page).unwrap();
                format!("removed {}", page.display())
            } else {
                fs::write(
                    &page,
                    format!("## Steps\n\nPage {code} from step {step}.\n"),
                )
                .unwrap();
                format!("added {}", page.display())
            }
        }
        (9, _) => {
            let table = content.join("codes.txt");
            let text = fs::read_to_string(&table).unwrap();
            fs::write(
                &table,
                text.replace("Slow down", &format!("Slow down ({step})")),
            )
            .unwrap();
            "edited the table".to_string()
        }
        (10, _) => {
            let guide = content.join("guides/errors.md");
            let text = fs::read_to_string(&guide).unwrap();
            fs::write(
                &guide,
                text.replace("# Errors", &format!("# Errors {step}")),
            )
            .unwrap();
            "retitled the guide".to_string()
        }
        (11, _) => {
            let book = root.join("book.toml");
            let text = fs::read_to_string(&book).unwrap();
            fs::write(
                &book,
                text.replace("title = \"Acme", &format!("title = \"Acme {step}")),
            )
            .unwrap();
            "retitled the book".to_string()
        }
        (12, _) => {
            let out = root.join("book/codes/404.html");
            fs::write(&out, "edited by hand").unwrap();
            "edited a built page by hand".to_string()
        }
        _ => {
            let out = root.join("book/sitemap.xml");
            let _ = fs::remove_file(&out);
            "deleted a built file".to_string()
        }
    }
}

#[test]
fn after_random_edits_a_build_writes_what_a_clean_build_writes() {
    let mut kinds = BTreeMap::new();
    for seed in [7_u64, 1_000_003, 424_242, 99] {
        let dir = site();
        let root = dir.path();
        let first = build(root, &[]);
        assert!(first.status.success(), "{}", stderr(&first));
        let mut random = Random(seed);
        let mut done = Vec::new();
        for step in 0..14 {
            done.push(edit(root, &mut random, step));
            let again = build(root, &[]);
            let clean_dir = root.join(format!("clean-{step}"));
            let clean = build(root, &["-d", clean_dir.to_str().unwrap()]);
            assert_eq!(
                again.status.success(),
                clean.status.success(),
                "seed {seed}, after {done:?}:\n{}\n{}",
                stderr(&again),
                stderr(&clean)
            );
            assert_eq!(
                problems(&again),
                problems(&clean),
                "seed {seed}, after {done:?}"
            );
            *kinds.entry(format!("{:?}", kind(&again))).or_insert(0) += 1;
            if clean.status.success() {
                assert!(
                    site_files(&root.join("book")) == site_files(&clean_dir),
                    "seed {seed}, after {done:?}: the build differs from a clean one:\n{}",
                    stderr(&again)
                );
            }
            fs::remove_dir_all(&clean_dir).unwrap();
        }
    }
    // Each way of building was taken, so each was compared with a clean build.
    for way in ["Full", "Nothing", "Pages"] {
        assert!(kinds.contains_key(way), "never built {way}: {kinds:?}");
    }
}

#[test]
fn nothing_changed_reads_and_writes_nothing_but_reports_the_warnings() {
    let dir = site();
    let root = dir.path();
    fs::write(
        root.join("content/codes/404.md"),
        "Gone.\n\n<script>alert(1)</script>\n",
    )
    .unwrap();
    let first = build(root, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = site_files(&root.join("book"));
    let again = build(root, &[]);
    assert_eq!(kind(&again), Kind::Nothing, "{}", stderr(&again));
    assert_eq!(problems(&again), problems(&first));
    assert!(problems(&again).contains("raw HTML with a <script> was removed"));
    assert!(
        !stderr(&again).contains("the code pages"),
        "nothing rendered"
    );
    assert_eq!(site_files(&root.join("book")), before);
}

#[test]
fn an_edited_page_renders_only_its_own_files() {
    let dir = site();
    let root = dir.path();
    assert!(build(root, &[]).status.success());
    let page = root.join("content/codes/429.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, format!("{text}\nA new paragraph.\n")).unwrap();
    let again = build(root, &[]);
    assert_eq!(kind(&again), Kind::Pages, "{}", stderr(&again));
    let clean = root.join("clean");
    assert!(
        build(root, &["-d", clean.to_str().unwrap()])
            .status
            .success()
    );
    assert!(site_files(&root.join("book")) == site_files(&clean));
}

#[test]
fn force_and_a_changed_template_build_everything() {
    let dir = site();
    let root = dir.path();
    assert!(build(root, &[]).status.success());
    assert_eq!(kind(&build(root, &["--force"])), Kind::Full);
    fs::create_dir(root.join("templates")).unwrap();
    fs::write(root.join("templates/extra.html"), "unused").unwrap();
    assert_eq!(kind(&build(root, &[])), Kind::Full);
    assert_eq!(kind(&build(root, &[])), Kind::Nothing);
}

/// A site large enough for its search index to be cut into shards: `count` custom codes,
/// each with a page of made-up words.
fn large_site(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Large\"\n\n[table]\ncustom-codes = true\n\n[output.html]\nsite-url = \"/\"\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("content/codes")).unwrap();
    let mut random = Random(20_261_206);
    let mut table = String::new();
    for code in 1000..1000 + count {
        table.push_str(&format!("{code} Reason {code}: Made-up code {code}.\n"));
        let words: Vec<String> = (0..150)
            .map(|_| format!("w{}", random.below(20_000)))
            .collect();
        let summary = format!("s{} and s{}", random.below(300), random.below(300));
        fs::write(
            root.join(format!("content/codes/{code}.md")),
            format!(
                "+++\nsummary = \"{summary}\"\n+++\n\n## Notes\n\n{}\n",
                words.join(" ")
            ),
        )
        .unwrap();
    }
    fs::write(root.join("content/codes.txt"), table).unwrap();
    dir
}

#[test]
fn edits_to_the_pages_of_a_large_site_patch_its_sharded_index_exactly() {
    let dir = large_site(3000);
    let root = dir.path();
    let first = build(root, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        root.join("book/.statusbook-search").is_file(),
        "a sharded index, with its state file"
    );
    let mut random = Random(5);
    for step in 0..6 {
        // One to three pages: words added (some no page has), dropped, a summary changed.
        let mut done = Vec::new();
        for _ in 0..1 + random.below(3) {
            let code = 1000 + random.below(3000);
            let page = root.join(format!("content/codes/{code}.md"));
            let text = fs::read_to_string(&page).unwrap();
            let text = match random.below(3) {
                0 => format!(
                    "{text}\nStep {step} adds fresh{step}x{code} and w{}.\n",
                    random.below(20_000)
                ),
                1 => text.replacen(" w", " ", 5),
                _ => text.replace("summary = \"", &format!("summary = \"Step {step} ")),
            };
            fs::write(&page, text).unwrap();
            done.push(code);
        }
        let again = build(root, &[]);
        assert_eq!(kind(&again), Kind::Pages, "step {step}: {}", stderr(&again));
        let clean = root.join(format!("clean-{step}"));
        assert!(
            build(root, &["-d", clean.to_str().unwrap()])
                .status
                .success()
        );
        assert!(
            site_files(&root.join("book")) == site_files(&clean),
            "step {step}, pages {done:?}: the build differs from a clean one"
        );
        fs::remove_dir_all(&clean).unwrap();
    }
}
