//! Property-based tests of everything that reads what a user wrote: on any input the
//! parsers return problems, never panic, and what they read back is what was written.
//! Bounded in cases so the test command stays fast.

use std::path::Path;
use std::sync::Arc;

use proptest::prelude::*;
use statusbook::internals::front_matter;
use statusbook::internals::markdown;
use statusbook::internals::search;
use statusbook::internals::source::SourceFile;
use statusbook::internals::table;

fn source(name: &str, text: String) -> SourceFile {
    SourceFile::new(Arc::from(Path::new(name)), text)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// A reason phrase or description as a table line can hold it: no colon in a reason, no
/// control characters, not blank, no `#` at the start of the line.
fn phrase(colon: bool) -> impl Strategy<Value = String> {
    let chars = if colon {
        "[a-zA-Z0-9 ,.()'&<>\"é中:!?/-]{1,40}"
    } else {
        "[a-zA-Z0-9 ,.()'&<>\"é中!?/-]{1,40}"
    };
    chars.prop_filter("not blank", |s| !s.trim().is_empty())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_table_parser_never_panics(text in "\\PC*", custom in any::<bool>()) {
        let _ = table::parse(&source("codes.txt", text), custom);
    }

    #[test]
    fn the_table_parser_never_panics_on_near_misses(
        lines in prop::collection::vec("[0-9]{0,4}[ \t:]{0,2}[A-Za-z :#\r]{0,12}", 0..12)
    ) {
        let _ = table::parse(&source("codes.txt", lines.join("\n")), false);
    }

    #[test]
    fn a_table_reads_back_as_written(
        rows in prop::collection::btree_map(100u32..600, (phrase(false), phrase(true)), 1..20),
        crlf in any::<bool>(),
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let text: String = rows
            .iter()
            .map(|(code, (reason, description))| format!("{code} {reason}: {description}{end}"))
            .collect();
        let (entries, problems) = table::parse(&source("codes.txt", text), false);
        prop_assert!(problems.is_empty(), "{problems:?}");
        let read: Vec<(u32, String, String)> = entries
            .into_iter()
            .map(|e| (e.code.get(), e.reason, e.description))
            .collect();
        let written: Vec<(u32, String, String)> = rows
            .into_iter()
            .map(|(code, (reason, description))| {
                (code, reason.trim().to_string(), description.trim().to_string())
            })
            .collect();
        prop_assert_eq!(read, written);
    }

    #[test]
    fn front_matter_never_panics(text in "(\\+\\+\\+\n)?\\PC{0,200}(\n\\+\\+\\+\n)?\\PC{0,40}") {
        let file = source("codes/404.md", text);
        if let Ok(split) = front_matter::split(&file)
            && let Some(toml) = &split.front_matter
        {
            let _ = front_matter::code_meta(toml);
            let _ = front_matter::page_meta(toml);
        }
    }

    #[test]
    fn front_matter_keys_read_back(summary in phrase(true), related in prop::collection::vec(100u32..600, 0..5)) {
        let toml = format!(
            "+++\nsummary = {}\nrelated = {:?}\n+++\nBody\n",
            serde_json::to_string(&summary).unwrap(),
            related
        );
        let file = source("codes/404.md", toml);
        let split = front_matter::split(&file).unwrap();
        let meta = front_matter::code_meta(&split.front_matter.unwrap()).unwrap();
        prop_assert_eq!(meta.summary.as_deref(), Some(summary.trim()));
        let read: Vec<u32> = meta.related.iter().map(|r| r.value).collect();
        prop_assert_eq!(read, related);
    }

    #[test]
    fn heading_ids_are_unique_on_any_page(headings in prop::collection::vec("[A-Za-z0-9 -]{0,12}", 0..60)) {
        let page: String = headings.iter().map(|h| format!("## {h}\n\ntext\n\n")).collect();
        let rendered = markdown::render(&page);
        let mut ids: Vec<&str> = rendered.facts.headings.iter().map(|h| h.id.as_str()).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), count);
    }

    /// A page's body is kept as Markdown and its HTML and text made again when needed
    /// (`Body` in input/content.rs): each must be what rendering it all at once makes.
    #[test]
    fn a_body_read_then_rendered_in_parts_is_rendered_whole(
        blocks in prop::collection::vec(prop::sample::select(vec![
            "# Title\n", "# The `Retry-After` *header*\n", "## Causes\n", "### Caching {#own}\n",
            "Some *prose* with `code`.\n",
            "See [401](401.md#top) and ![x](a.png).\n", "- one\n- two\n", "> quoted\n",
            "```http\nGET / HTTP/1.1\n```\n", "```python snippet\nprint(1)\n```\n",
            "```json\n{\"a\": 1}\n```\n", "<div>raw</div>\n", "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "Text[^1].\n\n[^1]: A note.\n", "    indented code\n",
        ]), 0..12),
    ) {
        let page = blocks.join("\n");
        let whole = markdown::render(&page);
        prop_assert_eq!(markdown::html(&page), whole.html);
        prop_assert_eq!(markdown::text(&page), whole.text);
        prop_assert_eq!(markdown::read(&page), whole.facts);
    }

    #[test]
    fn markdown_never_panics(text in "\\PC{0,400}") {
        let _ = markdown::render(&text);
    }

    #[test]
    fn search_compounds_are_lower_case_words_run_together(text in "[a-zA-Z0-9é§ _\\-.]{0,80}") {
        search::each_compound(&text, |term| {
            assert!(term.chars().count() >= 2, "{term:?}");
            assert_eq!(term, term.to_lowercase(), "{term:?}");
            assert!(term.chars().all(char::is_alphanumeric), "{term:?}");
            assert!(term.chars().any(char::is_alphabetic), "{term:?}");
        });
    }

    #[test]
    fn search_terms_are_lower_case_words_of_two_or_more(text in "\\PC{0,200}") {
        search::each_term(&text, |term| {
            assert!(term.chars().count() >= 2, "{term:?}");
            assert_eq!(term, term.to_lowercase(), "{term:?}");
            assert!(term.chars().all(char::is_alphanumeric), "{term:?}");
            assert!(!term.bytes().all(|b| b.is_ascii_digit()), "{term:?}");
        });
    }
}

/// The fixture site's OpenAPI document, in YAML and as JSON.
const OPENAPI: &str = include_str!("fixtures/openapi/api/openapi.yaml");

/// Pieces of YAML and JSON syntax, references and values that a document may get wrong.
const BREAKS: [&str; 24] = [
    "",
    "\n",
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "'",
    "\"",
    "&a ",
    "*a",
    "  ",
    "\t",
    "#",
    "$ref: '#/x'",
    "$ref: '#/paths'",
    "$ref: 'other.yaml'",
    "{$ref: '#'}",
    "~1",
    "é",
    "default",
    "4XX",
];

/// `text` with `piece` put in at about `at` (on a character boundary), and `cut` bytes after
/// it dropped.
fn broken(text: &str, at: usize, piece: &str, cut: usize) -> String {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + cut).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{piece}{}", &text[..at], &text[end..])
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn openapi_documents_never_panic_and_every_problem_has_a_place(
        at in 0usize..4000,
        piece in prop::sample::select(&BREAKS[..]),
        cut in 0usize..40,
        json in any::<bool>(),
    ) {
        use statusbook::internals::openapi::OpenApi;
        use statusbook::internals::operations::{choose, returned_by};
        let text = if json {
            let (api, _) = OpenApi::parse(source("api.yaml", OPENAPI.to_string()));
            api.unwrap().root.to_json(true)
        } else {
            OPENAPI.to_string()
        };
        let name = if json { "api.json" } else { "api.yaml" };
        let (api, problems) = OpenApi::parse(source(name, broken(&text, at, piece, cut)));
        for problem in &problems {
            prop_assert!(problem.location.is_some(), "{}", problem.one_line());
        }
        if let Some(api) = api {
            for code in [200, 201, 304, 401, 404, 418, 422, 429, 500, 503, 20003] {
                let returned = returned_by(&api, code);
                let _ = choose(&api, code, &returned, "GET");
            }
            for operation in &api.operations {
                for response in &operation.responses {
                    let _ = api.response_body(response);
                    let _ = api.response_examples(response);
                }
                let _ = api.request_body(operation);
                let _ = api.parameters(operation);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A whole site built with a broken document: problems or pages, never a panic.
    #[test]
    fn sites_with_a_broken_openapi_document_never_panic(
        at in 0usize..4000,
        piece in prop::sample::select(&BREAKS[..]),
        cut in 0usize..40,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi");
        for file in ["book.toml", "content/codes.txt", "content/codes/401.md", "content/codes/200.md"] {
            let to = dir.path().join(file);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(fixture.join(file), to).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("api")).unwrap();
        std::fs::write(dir.path().join("api/openapi.yaml"), broken(OPENAPI, at, piece, cut)).unwrap();
        if let Err(problems) = statusbook::site::build(dir.path()) {
            prop_assert!(problems.iter().any(|p| p.is_error()));
        }
    }
}
