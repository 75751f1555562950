use super::*;

impl Manifest {
    /// The warnings to report again if nothing changed.
    fn unchanged(&self, sources: &Sources<'_>, build_dir: &Path) -> Option<Vec<Diagnostic>> {
        let changes = self.compare(sources, build_dir)?;
        if changes.is_empty() {
            self.warnings()
        } else {
            None
        }
    }
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    fs::create_dir_all(dir.path().join("content/codes")).unwrap();
    fs::write(
        dir.path().join("content/codes.txt"),
        "404 Not Found: missing\n",
    )
    .unwrap();
    fs::write(dir.path().join("content/codes/404.md"), "Gone.\n").unwrap();
    dir
}

fn sources(root: &Path) -> Sources<'_> {
    Sources {
        root,
        paths: vec!["book.toml".into(), "content".into(), "templates".into()],
    }
}

/// A manifest of the site as it is, with an empty build folder beside it.
fn manifest(root: &Path) -> (Manifest, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let mut inputs = sources(root).scan().unwrap();
    // As if scanned long after the files were written: their stamps are trusted.
    inputs.scanned += 10 * RACY;
    let manifest = Manifest::new(root, inputs, None, out.path(), (1, 1, 0), &[]).unwrap();
    (manifest, out)
}

#[test]
fn lists_every_input_in_path_order_including_missing_folders() {
    let dir = site();
    let files = sources(dir.path()).list().unwrap();
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["book.toml", "content/codes.txt", "content/codes/404.md"]
    );
}

#[test]
fn nothing_changed_is_unchanged() {
    let dir = site();
    let (manifest, out) = manifest(dir.path());
    assert!(
        manifest
            .unchanged(&sources(dir.path()), out.path())
            .is_some()
    );
}

#[test]
fn an_edit_an_added_file_or_a_removed_one_is_a_change() {
    for change in ["edit", "add", "remove", "template"] {
        let dir = site();
        let (manifest, out) = manifest(dir.path());
        let root = dir.path();
        match change {
            "edit" => fs::write(root.join("content/codes/404.md"), "Gone!\n").unwrap(),
            "add" => fs::write(root.join("content/codes/410.md"), "Gone.\n").unwrap(),
            "remove" => fs::remove_file(root.join("content/codes/404.md")).unwrap(),
            _ => {
                fs::create_dir(root.join("templates")).unwrap();
                fs::write(root.join("templates/page.html"), "x").unwrap();
            }
        }
        assert!(
            manifest.unchanged(&sources(root), out.path()).is_none(),
            "{change}"
        );
    }
}

#[test]
fn the_same_bytes_written_again_are_no_change() {
    let dir = site();
    let (manifest, out) = manifest(dir.path());
    fs::write(dir.path().join("content/codes/404.md"), "Gone.\n").unwrap();
    assert!(
        manifest
            .unchanged(&sources(dir.path()), out.path())
            .is_some()
    );
}

#[test]
fn an_edit_that_keeps_the_size_and_time_still_shows() {
    let dir = site();
    let page = dir.path().join("content/codes/404.md");
    let (manifest, out) = manifest(dir.path());
    let modified = fs::metadata(&page).unwrap().modified().unwrap();
    fs::write(&page, "Lost.\n").unwrap();
    fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert!(
        manifest
            .unchanged(&sources(dir.path()), out.path())
            .is_none()
    );
}

#[test]
fn a_file_changed_in_the_build_folder_is_a_change() {
    let dir = site();
    let (_, out) = manifest(dir.path());
    fs::write(out.path().join("index.html"), "site").unwrap();
    let mut inputs = sources(dir.path()).scan().unwrap();
    inputs.scanned += 10 * RACY;
    let manifest = Manifest::new(dir.path(), inputs, None, out.path(), (1, 1, 0), &[]).unwrap();
    assert!(
        manifest
            .unchanged(&sources(dir.path()), out.path())
            .is_some()
    );
    fs::write(out.path().join("index.html"), "mine").unwrap();
    assert!(
        manifest
            .unchanged(&sources(dir.path()), out.path())
            .is_none()
    );
    fs::remove_file(out.path().join("index.html")).unwrap();
    assert!(
        manifest
            .unchanged(&sources(dir.path()), out.path())
            .is_none()
    );
}

#[test]
fn warnings_come_back_with_their_lines_read_again() {
    let dir = site();
    let out = tempfile::tempdir().unwrap();
    let file: Arc<Path> = Arc::from(dir.path().join("content/codes.txt").as_path());
    let at = Located {
        span: Span {
            file,
            line: 1,
            col: 5,
            len: 3,
        },
        line_text: Arc::from("404 Not Found: missing"),
    };
    let warning = Diagnostic::warning("w").at(at.clone(), "here").hint("h");
    let mut inputs = sources(dir.path()).scan().unwrap();
    inputs.scanned += 10 * RACY;
    let manifest = Manifest::new(
        dir.path(),
        inputs,
        None,
        out.path(),
        (1, 1, 0),
        std::slice::from_ref(&warning),
    )
    .unwrap();
    manifest.write(out.path()).unwrap();
    let read = Manifest::read(out.path()).unwrap();
    let bytes = fs::read(out.path().join(MANIFEST)).unwrap();
    assert!(
        !bytes.windows(9).any(|w| w == b"Not Found"),
        "the manifest quotes no source"
    );
    assert_eq!(
        read.unchanged(&sources(dir.path()), out.path()),
        Some(vec![warning])
    );
}

#[test]
fn a_file_changed_after_its_stamp_is_recorded_as_the_build_read_it() {
    // Stamped before the build reads anything; the page is then edited, read by the
    // build, and edited again before the manifest hashes what it has not read.
    let dir = site();
    let root = dir.path();
    let mut stamped = sources(root).stamp().unwrap();
    stamped.scanned += 10 * RACY;
    let page = root.join("content/codes/404.md");
    fs::write(&page, "Gone for good.\n").unwrap();
    let read = vec![(
        "content/codes/404.md".to_string(),
        source::fingerprint(&fs::read(&page).unwrap()),
    )];
    fs::write(&page, "Gone again.\n").unwrap();
    let inputs = stamped.hash(&sources(root), read).unwrap();
    let out = tempfile::tempdir().unwrap();
    let manifest = Manifest::new(root, inputs, None, out.path(), (1, 1, 0), &[]).unwrap();
    // The site was made from other bytes than the file's now: a change.
    assert!(manifest.unchanged(&sources(root), out.path()).is_none());
    // Put back as the build read it, the old stamp notwithstanding: nothing to do.
    fs::write(&page, "Gone for good.\n").unwrap();
    assert!(manifest.unchanged(&sources(root), out.path()).is_some());
}

#[test]
fn files_the_build_did_not_read_are_hashed_from_the_disk() {
    let dir = site();
    let root = dir.path();
    let stamped = sources(root).stamp().unwrap();
    let inputs = stamped.hash(&sources(root), Vec::new()).unwrap();
    let scanned = sources(root).scan().unwrap();
    assert_eq!(inputs.files, scanned.files);
    assert_eq!(
        inputs.files[0].hash,
        source::fingerprint(&fs::read(root.join("book.toml")).unwrap())
    );
}
