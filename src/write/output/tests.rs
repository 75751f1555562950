//! Unit tests of `write/output.rs`.

use super::*;

fn output(files: &[(&str, &str)]) -> Output {
    let mut out = Output::default();
    for (path, text) in files {
        out.insert_generated(path, text.as_bytes().to_vec());
    }
    out
}

#[test]
fn writes_a_fresh_tree_and_replaces_an_old_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    write(
        &output(&[("index.html", "one"), ("codes/404.html", "a")]),
        &book,
    )
    .unwrap();
    fs::write(book.join("stale.html"), "left over").unwrap();
    write(&output(&[("index.html", "two")]), &book).unwrap();
    assert_eq!(fs::read_to_string(book.join("index.html")).unwrap(), "two");
    assert!(!book.join("stale.html").exists());
    assert!(!book.join("codes").exists());
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["book"], "no temporary folders are left behind");
}

#[test]
fn unchanged_files_keep_their_modification_time_and_changed_ones_are_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    write(
        &output(&[("same.html", "same"), ("codes/edited.html", "old")]),
        &book,
    )
    .unwrap();
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    for name in ["same.html", "codes/edited.html"] {
        fs::File::options()
            .write(true)
            .open(book.join(name))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    write(
        &output(&[("same.html", "same"), ("codes/edited.html", "new")]),
        &book,
    )
    .unwrap();
    let modified = |name: &str| fs::metadata(book.join(name)).unwrap().modified().unwrap();
    assert_eq!(modified("same.html"), old);
    assert_ne!(modified("codes/edited.html"), old);
    assert_eq!(
        fs::read_to_string(book.join("codes/edited.html")).unwrap(),
        "new"
    );
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no old folder left"
    );
}

#[test]
fn nothing_is_touched_when_nothing_changed_but_a_file_gone_is_removed() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let site = output(&[("index.html", "one"), ("codes/404.html", "a")]);
    write(&site, &book).unwrap();
    let folder = fs::metadata(&book).unwrap().ino();
    let written = write(&site, &book).unwrap();
    assert_eq!(written.changed, 0);
    assert_eq!(fs::metadata(&book).unwrap().ino(), folder, "not replaced");

    fs::write(book.join("codes/stale.html"), "left over").unwrap();
    assert_eq!(write(&site, &book).unwrap().changed, 0);
    assert!(!book.join("codes/stale.html").exists());
    assert!(book.join("codes/404.html").is_file());
    let leftovers = fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "only the build folder");
}

#[test]
fn an_unfinished_write_leaves_no_temporary_folder() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let staging = Staging::begin(&book, Claim::Ours, Wait::No).unwrap();
    staging.put("index.html", b"x").unwrap();
    let temporary = format!(".book.statusbook-new.{}", std::process::id());
    assert!(dir.path().join(temporary).is_dir());
    drop(staging);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn several_threads_may_put_files_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    write(&output(&[("a/0.html", "old"), ("b/0.html", "0")]), &book).unwrap();
    let staging = Staging::begin(&book, Claim::Ours, Wait::No).unwrap();
    std::thread::scope(|scope| {
        for folder in ["a", "b"] {
            let staging = &staging;
            scope.spawn(move || {
                for i in 0..50 {
                    staging
                        .put(&format!("{folder}/{i}.html"), i.to_string().as_bytes())
                        .unwrap();
                }
            });
        }
    });
    let written = staging.commit().unwrap();
    assert_eq!(
        (written.files, written.changed),
        (100, 99),
        "b/0.html is unchanged"
    );
    for folder in ["a", "b"] {
        for i in 0..50 {
            let text = fs::read_to_string(book.join(format!("{folder}/{i}.html"))).unwrap();
            assert_eq!(text, i.to_string());
        }
    }
}

#[test]
fn a_failed_write_leaves_the_previous_site() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    write(&output(&[("index.html", "old")]), &book).unwrap();
    // A file and a folder of the same name cannot both be written.
    let clash = output(&[("a", "file"), ("a/b.html", "under a file")]);
    assert!(write(&clash, &book).is_err());
    assert_eq!(fs::read_to_string(book.join("index.html")).unwrap(), "old");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["book"]);
}

#[test]
fn every_build_folder_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    write(&output(&[("index.html", "one")]), &book).unwrap();
    assert_eq!(fs::read_to_string(book.join(MARKER)).unwrap(), MARKER_TEXT);
    assert!(build_dir::is_marked(&book));
}

/// An earlier build without a marker: a code page, its export, and `extra` files.
fn earlier_build(book: &Path, extra: &[&str]) -> Claim {
    let old = [
        (
            "index.html",
            r#"<meta name="generator" content="statusbook">"#,
        ),
        (
            "codes.json",
            r#"{"$schema": "codes.schema.json", "version": 1, "codes": [{"code": 404}, {"code": 418}]}"#,
        ),
        ("codes.schema.json", "{}"),
        ("codes/404.html", "old"),
        ("codes/418.html", "a code the new table dropped"),
        ("search/b0.js", "old"),
    ];
    for (path, text) in old
        .iter()
        .copied()
        .chain(extra.iter().map(|p| (*p, "mine")))
    {
        fs::create_dir_all(book.join(path).parent().unwrap()).unwrap();
        fs::write(book.join(path), text).unwrap();
    }
    build_dir::claim(book, &[], false).unwrap()
}

fn new_site() -> Output {
    output(&[
        ("index.html", "new"),
        ("codes.json", "{}"),
        ("codes.schema.json", "{}"),
        ("codes/404.html", "new"),
        ("img/logo.png", "copied from content"),
    ])
}

#[test]
fn an_earlier_build_holding_only_files_statusbook_writes_is_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let claim = earlier_build(&book, &["img/logo.png"]);
    assert!(matches!(claim, Claim::Earlier { .. }), "{claim:?}");
    let staging = Staging::begin(&book, claim, Wait::No).unwrap();
    for (path, bytes) in new_site().files() {
        staging.put(path, bytes).unwrap();
    }
    assert!(staging.commit().unwrap().adopted);
    assert!(build_dir::is_marked(&book));
    assert!(!book.join("codes/418.html").exists());
}

#[test]
fn an_earlier_build_holding_a_file_of_someone_else_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let claim = earlier_build(&book, &["CNAME", "img/mine.png"]);
    let before = tree(&book);
    let staging = Staging::begin(&book, claim, Wait::No).unwrap();
    for (path, bytes) in new_site().files() {
        staging.put(path, bytes).unwrap();
    }
    let error = staging.commit().unwrap_err();
    assert!(
        error
            .message
            .contains("did not write: CNAME and img/mine.png"),
        "{error:?}"
    );
    assert_eq!(tree(&book), before, "not a byte changed");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary folder"
    );
}

/// Every file under `root` with its bytes.
fn tree(root: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

/// Every file under `book` with its stamp, as a walk after the build finds them.
fn walked(book: &Path) -> Vec<(String, Stamp)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(book)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(book).unwrap();
            let metadata = fs::symlink_metadata(e.path()).unwrap();
            (
                path.to_string_lossy().replace('\\', "/"),
                Stamp::of(&metadata),
            )
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[test]
fn the_stamps_taken_while_writing_are_those_the_folder_has_after() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let put = |files: &[(&str, &str)]| {
        let claim = build_dir::claim(&book, &[], false).unwrap();
        let staging = Staging::begin(&book, claim, Wait::No).unwrap();
        for (path, text) in files {
            staging.put(path, text.as_bytes()).unwrap();
        }
        let mut stamps = staging.finish().unwrap().stamps;
        if let Some(stamps) = &mut stamps {
            stamps.sort_by(|a, b| a.0.cmp(&b.0));
        }
        stamps
    };
    // A fresh folder; then one with files linked from it, before and after the first change
    // (a link changes the old file's status, and so does removing the old folder).
    for files in [
        &[
            ("index.html", "1"),
            ("codes/404.html", "a"),
            ("codes/410.html", "b"),
        ][..],
        &[
            ("index.html", "1"),
            ("codes/404.html", "a"),
            ("codes/410.html", "c"),
        ],
        &[
            ("codes/404.html", "a"),
            ("index.html", "2"),
            ("codes/410.html", "c"),
        ],
    ] {
        assert_eq!(put(files), Some(walked(&book)), "{files:?}");
    }
    // Nothing changed: the folder is left as it was, and its stamps are not known here.
    assert_eq!(
        put(&[
            ("codes/404.html", "a"),
            ("index.html", "2"),
            ("codes/410.html", "c")
        ]),
        None
    );
}
