//! What `build` may replace: only a folder statusbook made, never an input or a Git
//! repository, and everything else left byte for byte as it was.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{copy_fixture, statusbook};

/// Every file and folder under `root` (links not followed), files with their bytes.
/// Every file and folder under `root`, with the bytes of the files. A build folder's
/// manifest records times, so two builds of the same site differ there: it counts as there
/// or not, its bytes aside.
fn tree(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let bytes = e.file_type().is_file().then(|| match e.file_name() {
                name if name == ".statusbook-manifest" => b"(manifest)".to_vec(),
                _ => fs::read(e.path()).unwrap(),
            });
            (e.path().strip_prefix(root).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// `statusbook build site <args>`, run in `dir` so that messages show relative paths.
fn build_in(dir: &Path, args: &[&str]) -> Output {
    statusbook()
        .current_dir(dir)
        .args(["--color", "never", "build", "site"])
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Asserts that a build failed with exit 1, saying each of `expected`.
fn assert_refused(output: &Output, expected: &[&str]) {
    let message = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    for part in expected {
        assert!(message.contains(part), "missing {part:?} in:\n{message}");
    }
}

fn assert_built(output: &Output) -> String {
    let message = stderr(output);
    assert!(output.status.success(), "{message}");
    message
}

/// A work folder holding the table-only fixture as `site/`.
fn workspace() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    let site = copy_fixture("table-only");
    fs::rename(site.path(), work.path().join("site")).unwrap();
    work
}

#[test]
fn a_folder_of_the_users_given_to_d_is_left_byte_for_byte() {
    let work = workspace();
    let docs = work.path().join("docs");
    fs::create_dir_all(docs.join("guide")).unwrap();
    fs::write(docs.join("notes.txt"), "mine").unwrap();
    fs::write(docs.join("guide/intro.md"), "# Mine too").unwrap();
    let before = tree(work.path());
    let output = build_in(work.path(), &["-d", "docs"]);
    assert_refused(
        &output,
        &[
            "refusing to replace docs: statusbook did not make it",
            "docs holds guide/ and notes.txt",
            "-d OUT",
            "--force",
        ],
    );
    insta::assert_snapshot!(stderr(&output));
    assert_eq!(tree(work.path()), before);
}

#[test]
fn a_git_folder_is_never_replaced_even_with_force() {
    let work = workspace();
    let git = work.path().join("site/.git");
    fs::create_dir_all(git.join("objects")).unwrap();
    fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
    let before = tree(work.path());
    for force in [&[][..], &["--force"]] {
        let output = build_in(work.path(), &[&["-d", "site/.git"], force].concat());
        assert_refused(&output, &["refusing to build into site/.git", ".git"]);
        assert_eq!(tree(work.path()), before);
    }
}

#[test]
fn the_folder_of_an_additional_css_file_is_never_replaced_even_with_force() {
    let work = workspace();
    let site = work.path().join("site");
    let toml = fs::read_to_string(site.join("book.toml")).unwrap();
    let toml = toml.replace(
        "[output.html]\n",
        "[output.html]\nadditional-css = [\"theme/x.css\"]\n",
    );
    fs::write(site.join("book.toml"), toml).unwrap();
    fs::create_dir(site.join("theme")).unwrap();
    fs::write(site.join("theme/x.css"), "body { color: teal }").unwrap();
    let before = tree(work.path());
    for force in [&[][..], &["--force"]] {
        for dest in ["site/theme", "site/theme/out", "site/content", "site", "."] {
            let output = build_in(work.path(), &[&["-d", dest], force].concat());
            assert_refused(&output, &["refusing to build into"]);
            assert_eq!(tree(work.path()), before, "-d {dest} {force:?}");
        }
    }
    let output = build_in(work.path(), &["-d", "site/theme"]);
    assert_refused(
        &output,
        &["it is the folder of `additional-css` file theme/x.css"],
    );
}

#[test]
fn force_replaces_a_folder_that_is_not_an_input() {
    let work = workspace();
    let docs = work.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("notes.txt"), "mine").unwrap();
    assert_built(&build_in(work.path(), &["-d", "docs", "--force"]));
    assert!(!docs.join("notes.txt").exists());
    assert!(docs.join("index.html").is_file());
    assert!(docs.join(".statusbook-build").is_file());
    // From now on the folder is statusbook's: no --force needed.
    assert_built(&build_in(work.path(), &["-d", "docs"]));
}

#[test]
fn a_git_repository_inside_a_build_folder_is_never_replaced() {
    // `cd book && git init` to publish it: the next build would delete the history.
    let work = workspace();
    assert_built(&build_in(work.path(), &[]));
    let book = work.path().join("site/book");
    fs::create_dir_all(book.join(".git")).unwrap();
    fs::write(book.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    let before = tree(work.path());
    for force in [&[][..], &["--force"]] {
        let output = build_in(work.path(), force);
        assert_refused(&output, &["it holds a Git repository (site/book/.git)"]);
        assert_eq!(tree(work.path()), before);
    }
}

#[test]
fn missing_empty_and_earlier_build_folders_are_built_into() {
    let work = workspace();
    let book = work.path().join("site/book");
    assert_built(&build_in(work.path(), &[]));
    let first = tree(&book);
    assert!(first.contains_key(Path::new(".statusbook-build")));
    let again = assert_built(&build_in(work.path(), &[]));
    assert!(again.contains("(nothing changed)"), "{again}");
    assert_eq!(tree(&book), first);

    let empty = work.path().join("empty");
    fs::create_dir(&empty).unwrap();
    assert_built(&build_in(work.path(), &["-d", "empty"]));
    assert_eq!(tree(&empty), first);
}

#[test]
fn an_earlier_build_without_a_marker_is_adopted_once_with_a_note() {
    let work = workspace();
    let book = work.path().join("site/book");
    assert_built(&build_in(work.path(), &[]));
    let first = tree(&book);
    // As an earlier statusbook left it: no marker, and a page the site no longer has.
    fs::remove_file(book.join(".statusbook-build")).unwrap();
    let table = work.path().join("site/content/codes.txt");
    let text = fs::read_to_string(&table).unwrap();
    fs::write(&table, text.replace("429 Too Many", "# 429 Too Many")).unwrap();
    assert!(book.join("codes/429.html").is_file());
    let said = assert_built(&build_in(work.path(), &[]));
    assert!(
        said.contains("note: site/book was built by an earlier statusbook"),
        "{said}"
    );
    assert!(!book.join("codes/429.html").exists());
    fs::write(&table, text).unwrap();
    let said = assert_built(&build_in(work.path(), &[]));
    assert!(!said.contains("note:"), "adopted once: {said}");
    assert_eq!(tree(&book), first);
}

#[test]
fn an_earlier_build_with_a_file_added_by_hand_is_refused_and_kept() {
    let work = workspace();
    let book = work.path().join("site/book");
    assert_built(&build_in(work.path(), &[]));
    fs::remove_file(book.join(".statusbook-build")).unwrap();
    fs::write(book.join("CNAME"), "status.example.com").unwrap();
    let before = tree(work.path());
    let output = build_in(work.path(), &[]);
    assert_refused(
        &output,
        &[
            "refusing to replace site/book: it is an earlier statusbook build, but holds a file that statusbook did not write: CNAME",
            "move them into the content folder",
        ],
    );
    assert_eq!(tree(work.path()), before);
    let names: Vec<_> = fs::read_dir(work.path().join("site")).unwrap().collect();
    assert_eq!(names.len(), 3, "no temporary folder is left: {names:?}");
}

#[test]
fn a_hand_made_folder_does_not_pass_for_an_earlier_build() {
    // Someone copies a statusbook index.html and codes.json into their own folder.
    let work = workspace();
    assert_built(&build_in(work.path(), &["-d", "built"]));
    let mine = work.path().join("mine");
    fs::create_dir(&mine).unwrap();
    for file in ["index.html", "codes.json", "codes.schema.json"] {
        fs::copy(work.path().join("built").join(file), mine.join(file)).unwrap();
    }
    fs::write(mine.join("about.html"), "<p>mine</p>").unwrap();
    let before = tree(work.path());
    let output = build_in(work.path(), &["-d", "mine"]);
    assert_refused(&output, &["statusbook did not write: about.html"]);
    assert_eq!(tree(work.path()), before);
}

#[test]
fn check_reports_a_build_dir_that_build_would_refuse() {
    let work = workspace();
    let site = work.path().join("site");
    let toml = fs::read_to_string(site.join("book.toml")).unwrap();
    fs::write(
        site.join("book.toml"),
        format!("{toml}\n[build]\nbuild-dir = \"docs\"\n"),
    )
    .unwrap();
    fs::create_dir(site.join("docs")).unwrap();
    fs::write(site.join("docs/notes.txt"), "mine").unwrap();
    let output = statusbook()
        .current_dir(work.path())
        .args(["check", "site"])
        .output()
        .unwrap();
    let printed = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains(
            "site/book.toml:10:13: error: refusing to replace site/docs: statusbook did not make it"
        ),
        "{printed}"
    );
}

#[test]
fn a_build_folder_under_a_file_says_which_file() {
    let work = workspace();
    fs::write(work.path().join("notes.txt"), "mine").unwrap();
    let output = build_in(work.path(), &["-d", "notes.txt/book"]);
    assert_refused(
        &output,
        &[
            "cannot build into notes.txt/book:",
            "notes.txt is a file, not a folder",
        ],
    );
    assert_eq!(
        fs::read_to_string(work.path().join("notes.txt")).unwrap(),
        "mine"
    );
}
