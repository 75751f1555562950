//! Bad input: every mistake is reported with its file, line and column, what was expected,
//! and a hint; the rendered diagnostics are pinned by snapshots.

use std::fs;
use std::path::Path;

use statusbook::diagnostic;
use statusbook::site;

const BOOK: &str = "[book]\ntitle = \"Errors\"\n\n[output.html]\nsite-url = \"/\"\n";
const TABLE: &str = "200 OK: Fine.\n404 Not Found: No such thing.\n";

/// Writes a site from `(path, text)` pairs, builds it, and returns its rendered problems.
fn problems(files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let file = dir.path().join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
    render(dir.path())
}

fn render(dir: &Path) -> String {
    match site::build(dir) {
        Ok(_) => panic!("the site built, but it has an error"),
        Err(problems) => {
            assert!(problems.iter().any(|p| p.is_error()));
            diagnostic::render(&problems, false)
                .replace(&format!("{}/", dir.display()), "")
                .replace(&dir.display().to_string(), "[site]")
        }
    }
}

macro_rules! problem {
    ($name:ident, $files:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(problems(&$files));
        }
    };
}

problem!(no_book_toml, [("content/codes.txt", TABLE)]);
problem!(no_code_table, [("book.toml", BOOK)]);
problem!(
    unknown_config_key_with_a_suggestion,
    [
        ("book.toml", "[book]\ntitel = \"Errors\"\n"),
        ("content/codes.txt", TABLE)
    ]
);
problem!(
    config_value_of_the_wrong_type,
    [
        ("book.toml", "[table]\ncustom-codes = \"yes\"\n"),
        ("content/codes.txt", TABLE)
    ]
);
problem!(
    config_toml_syntax,
    [
        ("book.toml", "[book\ntitle = \"x\"\n"),
        ("content/codes.txt", TABLE)
    ]
);
problem!(
    table_line_without_a_colon,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", "200 OK: Fine.\n404 Not Found\n")
    ]
);
problem!(
    table_line_without_a_code,
    [("book.toml", BOOK), ("content/codes.txt", "OK: Fine.\n")]
);
problem!(
    table_code_outside_http,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", "200 OK: Fine.\n20003 Auth: Bad.\n")
    ]
);
problem!(
    table_same_code_with_different_text,
    [
        ("book.toml", BOOK),
        (
            "content/codes.txt",
            "404 Not Found: No.\n200 OK: Yes.\n404 Not Found: Gone.\n"
        )
    ]
);
problem!(
    page_for_a_code_not_in_the_table,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        ("content/codes/418.md", "Teapot.\n")
    ]
);
problem!(
    page_not_named_after_a_code,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        ("content/codes/not-found.md", "Hi.\n")
    ]
);
problem!(
    front_matter_unknown_key,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        (
            "content/codes/404.md",
            "+++\nsumary = \"Gone.\"\n+++\nBody.\n"
        )
    ]
);
problem!(
    front_matter_not_closed,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        ("content/codes/404.md", "+++\nsummary = \"Gone.\"\nBody.\n")
    ]
);
problem!(
    related_code_not_in_the_table,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        (
            "content/codes/404.md",
            "+++\nrelated = [200, 410]\n+++\nBody.\n"
        )
    ]
);
problem!(
    template_syntax_error,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        (
            "templates/code.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ code.code }</h1>\n{% endblock main %}\n"
        )
    ]
);
problem!(
    template_unknown_field,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        (
            "templates/code.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ code.title }}</h1>\n{% endblock main %}\n"
        )
    ]
);
problem!(
    additional_css_missing,
    [
        (
            "book.toml",
            "[output.html]\nadditional-css = [\"theme/missing.css\"]\nsite-url = \"/\"\n"
        ),
        ("content/codes.txt", TABLE)
    ]
);
problem!(
    content_file_collides_with_a_generated_one,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        ("content/codes.json", "{}\n")
    ]
);
problem!(
    every_problem_is_reported_not_only_the_first,
    [
        ("book.toml", BOOK),
        (
            "content/codes.txt",
            "200 OK: Fine.\nnonsense\n404 Not Found: No.\n200 OK: Different.\n"
        ),
        ("content/codes/404.md", "+++\nretryable = \"no\"\n+++\n"),
        ("content/codes/999.md", "Not in the table.\n")
    ]
);

#[test]
fn invalid_utf8_bytes_are_reported_not_panicked_on() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("book.toml"), BOOK).unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::write(
        dir.path().join("content/codes.txt"),
        b"200 OK: Fine.\n404 N\xFFt: x\n",
    )
    .unwrap();
    let text = render(dir.path());
    assert!(text.contains("content/codes.txt:2:6"), "{text}");
    assert!(text.contains("not valid UTF-8"), "{text}");
}
problem!(
    page_problems_are_all_reported_together,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        ("content/codes/200.md", "+++\nrelated = [410]\n+++\n"),
        ("content/codes/404.md", "+++\nretryable = \"no\"\n+++\n"),
        ("content/codes/999.md", "Not in the table.\n"),
        ("templates/page.html", "{% if %}\n")
    ]
);

problem!(
    templates_that_extend_each_other_in_a_circle,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        ("templates/a.html", "{% extends \"b.html\" %}\n"),
        ("templates/b.html", "<p>B</p>\n{% extends \"a.html\" %}\n"),
    ]
);
problem!(
    a_template_that_includes_itself,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        (
            "templates/index.html",
            "<main>\n  {%- include 'index.html' -%}\n</main>\n"
        ),
    ]
);
problem!(
    a_table_with_lone_carriage_returns,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", "200 OK: Fine.\r404 Not Found: Gone.\r")
    ]
);

#[test]
fn a_folder_where_a_file_should_be() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("book.toml")).unwrap();
    insta::assert_snapshot!("folder_for_book_toml", render(dir.path()));
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("book.toml"), BOOK).unwrap();
    fs::create_dir_all(dir.path().join("content/codes.txt")).unwrap();
    insta::assert_snapshot!("folder_for_codes_txt", render(dir.path()));
}

#[test]
fn a_content_file_on_any_generated_path_is_an_error_naming_both() {
    // Every output's paths, with the settings that turn the optional ones on.
    let book = "[book]\ntitle = \"Errors\"\n[output.html]\nsite-url = \"https://x.test/\"\nfragments = true\n[output.mkdocs]\n";
    for (path, writer) in [
        ("index.html", "the home page"),
        ("404.html", "the not-found page"),
        ("codes/200.html", "the code pages"),
        ("fragments/200.html", "the fragments"),
        ("codes.json", "the JSON export"),
        ("codes.schema.json", "the JSON export"),
        ("sitemap.xml", "the sitemap"),
        ("search/index.js", "the search index"),
        ("static/statusbook.css", "the copied files"),
        ("mkdocs/mkdocs.yml", "the MkDocs export"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        for (file, text) in [
            ("book.toml", book),
            ("content/codes.txt", TABLE),
            (&format!("content/{path}") as &str, "mine\n"),
        ] {
            let file = dir.path().join(file);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, text).unwrap();
        }
        let said = render(dir.path());
        assert!(
            said.contains(&format!("error: content/{path} would be written to {path}")),
            "{path}: {said}"
        );
        assert!(said.contains(writer), "{path}: {said}");
    }
}

problem!(
    two_content_files_on_one_path,
    [
        ("book.toml", BOOK),
        ("content/codes.txt", TABLE),
        ("content/guide.md", "# Guide\n"),
        ("content/guide.html", "<p>Mine</p>\n"),
    ]
);

/// A site whose `[api] openapi` names `file`.
const API_BOOK_YAML: &str = "[book]\ntitle = \"Errors\"\n\n[output.html]\nsite-url = \"/\"\n\n[api]\nopenapi = \"openapi.yaml\"\n";
const API_BOOK_JSON: &str = "[book]\ntitle = \"Errors\"\n\n[output.html]\nsite-url = \"/\"\n\n[api]\nopenapi = \"openapi.json\"\n";

problem!(
    openapi_yaml_syntax_error,
    [
        ("book.toml", API_BOOK_YAML),
        ("content/codes.txt", TABLE),
        (
            "openapi.yaml",
            "openapi: 3.1.0\ninfo: {title: Shop, version: \"1\"}\npaths:\n  /items:\n    get:\n      responses: {'200': {description: ok}\n"
        ),
    ]
);
problem!(
    openapi_json_syntax_error,
    [
        ("book.toml", API_BOOK_JSON),
        ("content/codes.txt", TABLE),
        (
            "openapi.json",
            "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {\n    \"/items\": {\"get\": {\"responses\": {\"200\": {\"description\": \"ok\"},}}}\n  }\n}\n"
        ),
    ]
);
problem!(
    openapi_unsupported_version,
    [
        ("book.toml", API_BOOK_YAML),
        ("content/codes.txt", TABLE),
        (
            "openapi.yaml",
            "openapi: 3.2.0\ninfo: {title: Shop, version: \"1\"}\npaths: {}\n"
        ),
    ]
);
problem!(
    openapi_reference_to_nothing,
    [
        ("book.toml", API_BOOK_YAML),
        ("content/codes.txt", TABLE),
        (
            "openapi.yaml",
            "openapi: 3.0.3\ninfo: {title: Shop, version: \"1\"}\npaths:\n  /items:\n    get:\n      responses:\n        '200': {description: ok}\n        '404': {$ref: '#/components/responses/NotFound'}\ncomponents:\n  responses:\n    Gone: {description: gone}\n"
        ),
    ]
);
problem!(
    openapi_document_of_the_wrong_shape,
    [
        ("book.toml", API_BOOK_YAML),
        ("content/codes.txt", TABLE),
        (
            "openapi.yaml",
            "openapi: 3.1.0\ninfo: {title: Shop, version: \"1\"}\npaths:\n  /items:\n    get:\n      responses: [200, 404]\n    post: 12\n  items: {}\n  /orders:\n    get:\n      responses:\n        '20': {description: typo}\n"
        ),
    ]
);
problem!(
    openapi_document_missing,
    [("book.toml", API_BOOK_YAML), ("content/codes.txt", TABLE),]
);
