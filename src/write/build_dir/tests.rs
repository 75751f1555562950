//! Unit tests of `write/build_dir.rs`.

use super::*;

fn inputs(site: &Path) -> Vec<Input> {
    let input = |path: PathBuf, role: &str| Input {
        path,
        role: role.into(),
    };
    vec![
        input(site.to_path_buf(), "the site folder"),
        input(site.join("content"), "the content folder"),
        input(site.join("theme"), "the folder of an additional-css file"),
    ]
}

fn refusal(build_dir: &Path, inputs: &[Input], force: bool) -> String {
    claim(build_dir, inputs, force).unwrap_err().message
}

#[test]
fn refuses_inputs_and_what_holds_them_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir_all(site.join("content")).unwrap();
    let inputs = inputs(&site);
    for force in [false, true] {
        for (build_dir, says) in [
            (site.clone(), "it is the site folder"),
            (site.join("."), "it is the site folder"),
            (site.join("book/.."), "it is the site folder"),
            (dir.path().to_path_buf(), "it holds the site folder"),
            (site.join("content"), "it is the content folder"),
            (site.join("content/out"), "it is inside the content folder"),
            (
                site.join("theme"),
                "it is the folder of an additional-css file",
            ),
            (
                site.join("theme/out"),
                "it is inside the folder of an additional-css",
            ),
        ] {
            let message = refusal(&build_dir, &inputs, force);
            assert!(message.contains(says), "{build_dir:?}: {message}");
        }
    }
    assert_eq!(claim(&site.join("book"), &inputs, false), Ok(Claim::Ours));
    fs::write(site.join("file"), "").unwrap();
    assert!(refusal(&site.join("file"), &inputs, true).contains("it is a file"));
}

#[test]
fn an_input_folder_that_holds_the_site_does_not_forbid_building_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir_all(&site).unwrap();
    let mut inputs = inputs(&site);
    // additional-css = ["../shared.css"]: its folder holds the site and its book/.
    inputs.push(Input {
        path: dir.path().to_path_buf(),
        role: "the folder of `additional-css` file ../shared.css".into(),
    });
    assert_eq!(claim(&site.join("book"), &inputs, false), Ok(Claim::Ours));
}

#[test]
fn missing_empty_and_marked_folders_are_ours_and_others_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    assert_eq!(claim(&book, &[], false), Ok(Claim::Ours));
    fs::create_dir(&book).unwrap();
    assert_eq!(claim(&book, &[], false), Ok(Claim::Ours));
    fs::write(book.join("notes.txt"), "mine").unwrap();
    let error = claim(&book, &[], false).unwrap_err();
    assert!(
        error.message.contains("statusbook did not make it"),
        "{error:?}"
    );
    assert!(error.hint.unwrap().contains("holds notes.txt;"));
    assert_eq!(claim(&book, &[], true), Ok(Claim::Forced));
    fs::write(book.join(MARKER), MARKER_TEXT).unwrap();
    assert_eq!(claim(&book, &[], false), Ok(Claim::Ours));
    fs::write(book.join(MARKER), "something else").unwrap();
    assert!(
        claim(&book, &[], false).is_err(),
        "a marker must say what it is"
    );
}

#[test]
fn a_git_repository_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    fs::create_dir_all(book.join("deep/.git")).unwrap();
    fs::write(book.join(MARKER), MARKER_TEXT).unwrap();
    for force in [false, true] {
        let message = refusal(&book, &[], force);
        assert!(message.contains("holds a Git repository"), "{message}");
        assert!(message.contains("deep/.git"), "{message}");
        let message = refusal(&book.join("deep/.git"), &[], force);
        assert!(message.contains(".git folder"), "{message}");
    }
    // A worktree or submodule has a `.git` file instead.
    fs::remove_dir_all(book.join("deep")).unwrap();
    fs::write(book.join(".git"), "gitdir: elsewhere").unwrap();
    assert!(refusal(&book, &[], true).contains("holds a Git repository"));
}

/// The files an earlier statusbook wrote that make it recognisable.
fn earlier(folder: &Path) {
    fs::create_dir_all(folder.join("codes")).unwrap();
    let json = r#"{"$schema": "codes.schema.json", "version": 1, "codes": [{"code": 404}, {"code": 418}]}"#;
    fs::write(folder.join("codes.json"), json).unwrap();
    fs::write(folder.join("codes.schema.json"), "{}").unwrap();
    let index = format!("<head>{GENERATOR}</head>");
    fs::write(folder.join("index.html"), index).unwrap();
}

#[test]
fn an_earlier_build_is_recognised_by_its_export_and_generator() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    earlier(&book);
    let expected = Claim::Earlier {
        stale_codes: HashSet::from([404, 418]),
    };
    assert_eq!(claim(&book, &[], false), Ok(expected));
    // Any one sign missing, and it is a folder like any other.
    for (file, text) in [
        (
            "index.html",
            "<head><meta name=\"generator\" content=\"Hugo\"></head>",
        ),
        ("codes.json", r#"{"version": 1, "codes": []}"#),
        (
            "codes.json",
            r#"{"$schema": "codes.schema.json", "codes": []}"#,
        ),
        (
            "codes.json",
            r#"{"$schema": "codes.schema.json", "version": 1, "codes": [{"code": "x"}]}"#,
        ),
        ("codes.json", "not json"),
    ] {
        let other = dir.path().join("other");
        earlier(&other);
        fs::write(other.join(file), text).unwrap();
        assert!(claim(&other, &[], false).is_err(), "{file}: {text}");
        fs::remove_dir_all(&other).unwrap();
    }
    fs::remove_file(book.join("codes.schema.json")).unwrap();
    assert!(claim(&book, &[], false).is_err());
}

#[test]
fn stale_pages_of_listed_codes_count_as_written_by_an_earlier_build() {
    let codes = HashSet::from([404, 418]);
    for path in ["codes/418.html", "fragments/404.html", "search/b7.js"] {
        assert!(written_by_earlier_build(path, &codes), "{path}");
    }
    for path in [
        "codes/500.html",
        "codes/418.md",
        "notes.txt",
        "search/x/b.js",
        "CNAME",
    ] {
        assert!(!written_by_earlier_build(path, &codes), "{path}");
    }
}

#[test]
fn lists_name_the_first_few_entries() {
    let names = |n: usize| (1..=n).map(|i| format!("f{i}")).collect::<Vec<_>>();
    assert_eq!(list(&names(1)), "f1");
    assert_eq!(list(&names(2)), "f1 and f2");
    assert_eq!(list(&names(5)), "f1, f2, f3, f4 and f5");
    assert_eq!(list(&names(7)), "f1, f2, f3, f4, f5 and 2 more");
}
