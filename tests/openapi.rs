//! The API's OpenAPI document: "Returned by" and real examples on code pages, drift
//! reported by `check`, `init --from-openapi`, and real documents from npm packages
//! (GitHub's REST API, and examples of OpenAPI 3.0 and 3.1 in YAML and JSON).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{
    assert_links_resolve, assert_self_contained, build, copy_fixture, fixture, repo,
    snapshot_files, statusbook, text,
};
use statusbook::internals::openapi::OpenApi;
use statusbook::internals::source::read;

#[test]
fn code_pages_show_the_operations_that_return_them_and_the_documents_examples() {
    let built = build(&fixture("openapi"));
    let created = plain(text(&built.output, "codes/201.html"));
    for expected in [
        "Returned by",
        "POST /v2/items HTTP/1.1",
        "X-Api-Key: <api-key>",
        "Desk lamp",
        "Location: https://api.shop.test/v2/items/itm_43",
        "The request is the API's operation createItem (POST /items), with the document's example response.",
    ] {
        assert!(created.contains(expected), "201 lacks {expected}");
    }
    assert!(
        text(&built.output, "codes/201.html")
            .contains("href=\"https://portal.shop.test/apis/shop/createItem\"")
    );
    // The example whose problem details say 400 is not shown as a 422: a generated body is.
    let invalid = plain(text(&built.output, "codes/422.html"));
    assert!(!invalid.contains("price must be positive"));
    assert!(invalid.contains("\"status\": 422"), "{invalid}");
    // 500 comes under 5XX of one operation and `default` of another, marked as such; its
    // body is built from the document's schema, with the code's own status and reason.
    let server = plain(text(&built.output, "codes/500.html"));
    assert!(server.contains("as 5XX") && server.contains("as default"));
    assert!(server.contains("Operations marked “as 5XX” or “as default” declare no 500"));
    assert!(
        server.contains("\"title\": \"Internal Server Error\""),
        "{server}"
    );
    assert!(server.contains("\"status\": 500"));
    assert!(!server.contains("\"string\""));
    // A page's own example wins over the document's, and is marked as the operation it sends.
    let unauthorized = plain(text(&built.output, "codes/401.html"));
    assert!(unauthorized.contains("ApiKey realm"));
    assert!(unauthorized.contains("The request is the API's operation listItems (GET /items)."));
    assert_eq!(unauthorized.matches("in the example").count(), 1);
    // One that sends no operation of the document is shown as written, with nothing claimed.
    let ok = plain(text(&built.output, "codes/200.html"));
    assert!(ok.contains("GET /v2/items/itm_42/reviews"));
    assert!(!ok.contains("in the example") && !ok.contains("The request is the API's"));
    assert!(ok.contains("3 operations of Shop API return 200."));
    assert_self_contained(&built.output);
    assert_links_resolve(&built.output);
    snapshot_files(
        &built.output,
        "openapi",
        &["codes/201.html", "codes/404.html", "codes/500.html"],
    );
}

#[test]
fn check_reports_drift_between_the_document_and_the_table() {
    let site = copy_fixture("openapi");
    let output = statusbook()
        .args(["check", "--format", "short"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "the status mismatch is an error"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let drift: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.contains("has no written page"))
        .collect();
    let site_path = format!("{}/", site.path().display());
    let drift: Vec<String> = drift.iter().map(|l| l.replace(&site_path, "")).collect();
    assert_eq!(
        drift,
        [
            "api/openapi.yaml:28:9: warning: the API returns 429, which the code table does not list: GET /items",
            "api/openapi.yaml:57:25: error: the application/problem+json example of a 422 response of POST /items says `\"status\": 400`",
            "content/codes/200.md: warning: the example sends `GET /v2/items/itm_42/reviews`, which is no operation of api/openapi.yaml",
            "content/codes.txt:5:1: note: no operation of api/openapi.yaml returns 418",
        ]
    );

    let output = statusbook()
        .args(["check", "--format", "json"])
        .arg(site.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["errors"], 1);
    assert_eq!(report["notes"], 1);
    let problems = report["problems"].as_array().unwrap();
    let warning = problems
        .iter()
        .find(|p| p["message"].as_str().unwrap().contains("returns 429"))
        .unwrap();
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["line"], 28);
    assert_eq!(
        warning["hint"],
        "add `429 Too Many Requests: Too many requests.` to content/codes.txt, so the reference explains it"
    );
    let note = problems.iter().find(|p| p["severity"] == "note").unwrap();
    assert_eq!(note["line"], 5);
    assert!(
        note["file"]
            .as_str()
            .unwrap()
            .ends_with("/content/codes.txt")
    );
    let mismatch = problems.iter().find(|p| p["severity"] == "error").unwrap();
    assert_eq!(
        (&mismatch["line"], &mismatch["column"]),
        (&serde_json::json!(57), &serde_json::json!(25))
    );
    assert!(
        mismatch["hint"]
            .as_str()
            .unwrap()
            .starts_with("RFC 9457 §3.1.2")
    );
    let example = problems
        .iter()
        .find(|p| p["message"].as_str().unwrap().contains("no operation of"))
        .unwrap();
    assert_eq!(example["severity"], "warning");
    assert!(
        example["file"]
            .as_str()
            .unwrap()
            .ends_with("/content/codes/200.md")
    );
    assert!(example["line"].is_null(), "the page as a whole");

    // --strict fails on the warning, and leaves the note a note.
    fs::write(
        site.path().join("api/openapi.yaml"),
        fs::read_to_string(site.path().join("api/openapi.yaml"))
            .unwrap()
            .replace("status: 400", "status: 422"),
    )
    .unwrap();
    let output = statusbook()
        .args(["check", "--format", "json"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let output = statusbook()
        .args(["check", "--strict", "--format", "json"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["notes"], 1);
}

#[test]
fn init_from_openapi_lists_the_codes_the_api_returns() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("shop");
    let spec = fixture("openapi").join("api/openapi.yaml");
    let output = statusbook()
        .args(["init"])
        .arg(&site)
        .arg("--from-openapi")
        .arg(&spec)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        fs::read_to_string(site.join("content/codes.txt")).unwrap(),
        "# The codes openapi.yaml says the API returns: <code> <reason phrase>: <description>\n\
         200 OK: A page of items.\n\
         201 Created: Created.\n\
         401 Unauthorized: No valid API key.\n\
         404 Not Found: No item has this id.\n\
         422 Unprocessable Content: A field is invalid.\n\
         429 Too Many Requests: Too many requests.\n"
    );
    let toml = fs::read_to_string(site.join("book.toml")).unwrap();
    assert!(toml.contains("title = \"Shop API status codes\""), "{toml}");
    assert!(
        toml.contains("base-url = \"https://api.shop.test/v2\""),
        "{toml}"
    );
    assert!(
        toml.contains("[api]\n") && toml.contains("openapi = \"openapi.yaml\""),
        "{toml}"
    );
    assert_eq!(
        fs::read(site.join("openapi.yaml")).unwrap(),
        fs::read(&spec).unwrap(),
        "the document is copied into the site, which reads nothing outside itself"
    );
    statusbook().arg("build").arg(&site).assert().success();
    let page = fs::read_to_string(site.join("book/codes/429.html")).unwrap();
    assert!(
        page.contains("2 operations of Shop API return 429."),
        "{page}"
    );

    // A document with an error makes no site, and says where the error is.
    let bad = dir.path().join("bad.yaml");
    fs::write(
        &bad,
        "openapi: 3.1.0\npaths:\n  /a: {get: {responses: {'20': {}}}}\n",
    )
    .unwrap();
    let output = statusbook()
        .args(["init"])
        .arg(dir.path().join("other"))
        .arg("--from-openapi")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("bad.yaml:3:26"), "{message}");
    assert!(!dir.path().join("other").exists());
}

/// Every kind of broken document, through the real binary: `build` and `check` exit 1 with
/// the problem at its file, line and column, never a panic, and build nothing.
#[test]
fn invalid_documents_are_located_errors_and_never_a_panic() {
    for (name, text, expected) in [
        (
            "api.yaml",
            "openapi: 3.1.0\npaths:\n  /items: {get: {responses: {'200': {description: ok}}\n",
            (
                "api.yaml:4:1",
                "invalid YAML: while parsing a flow mapping, did not find expected ',' or '}'",
            ),
        ),
        (
            "api.yaml",
            "openapi: 3.1.0\npaths:\n  /items:\n    get: {}\n  /items:\n    put: {}\n",
            ("api.yaml:5:3", "key `/items` is repeated"),
        ),
        (
            "api.json",
            "{\"openapi\": \"3.0.3\",\n \"paths\": {\"/items\": {\"get\": }}}\n",
            ("api.json:2:30", "invalid JSON: "),
        ),
        (
            "api.json",
            "{\"openapi\": \"3.0.3\", \"paths\": {}} trailing\n",
            (
                "api.json:1:35",
                "invalid JSON: Text cannot contain more than one JSON value",
            ),
        ),
        (
            "api.yaml",
            "openapi: 2.0\npaths: {}\n",
            ("api.yaml:1:10", "OpenAPI 2.0 is not supported"),
        ),
        (
            "api.json",
            "{\"swagger\": \"2.0\", \"paths\": {}}",
            ("api.json:1:2", "Swagger 2.0 is not supported"),
        ),
        (
            "api.yaml",
            "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        '404': {$ref: '#/components/responses/Gone'}\n",
            (
                "api.yaml:6:23",
                "`$ref` to `#/components/responses/Gone` names nothing in this document",
            ),
        ),
        (
            "api.yaml",
            "openapi: 3.0.3\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
            (
                "api.yaml:4:15",
                "`$ref` to `#/components/schemas/B` leads back to itself",
            ),
        ),
        (
            "api.yaml",
            "openapi: 3.1.0\npaths: [/a, /b]\n",
            (
                "api.yaml:2:8",
                "`paths` is a list, not a map from paths to path items",
            ),
        ),
        (
            "api.yaml",
            "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses: {'600': {description: no}}\n",
            ("api.yaml:5:19", "`600` is not a response code"),
        ),
        (
            "api.yaml",
            "",
            ("api.yaml:1:1", "the OpenAPI document is empty"),
        ),
        (
            "api.yaml",
            "- openapi\n",
            ("api.yaml:1:1", "an OpenAPI document is a map, not a list"),
        ),
    ] {
        let (place, message) = expected;
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content")).unwrap();
        fs::write(dir.path().join("content/codes.txt"), "200 OK: Fine.\n").unwrap();
        fs::write(
            dir.path().join("book.toml"),
            format!("[output.html]\nsite-url = \"/\"\n[api]\nopenapi = \"{name}\"\n"),
        )
        .unwrap();
        fs::write(dir.path().join(name), text).unwrap();
        // `build` shows a problem as the compiler does, `check --format short` on one line.
        for (args, shown) in [
            (&["build"][..], format!("error: {message}")),
            (
                &["check", "--format", "short"][..],
                format!("{place}: error: {message}"),
            ),
        ] {
            let output = statusbook()
                .current_dir(dir.path())
                .args(args)
                .output()
                .unwrap();
            let said = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            let context = format!("{args:?} of {text:?}:\n{said}");
            assert_eq!(output.status.code(), Some(1), "{context}");
            assert!(!said.contains("panicked"), "{context}");
            assert!(said.contains(&shown), "{context}\nlacks {shown}");
            if args[0] == "build" {
                assert!(said.contains(&format!("--> {place}")), "{context}");
            }
        }
        assert!(!dir.path().join("book").exists(), "{text:?} built a site");
    }
}

/// A page's text without its tags, as a reader sees it.
fn plain(html: &str) -> String {
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    tags.replace_all(html, "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A file of an npm package the test command installs; a clear failure when it is not.
fn package_file(path: &str) -> PathBuf {
    let file = repo().join("node_modules").join(path);
    assert!(
        file.is_file(),
        "{} is missing: the real OpenAPI documents come from npm packages; run `npm ci` first (./scripts/test does)",
        file.display()
    );
    file
}

fn read_document(path: &Path) -> OpenApi {
    let source = read(path, std::sync::Arc::from(path)).unwrap();
    let (api, problems) = OpenApi::parse(source);
    let errors: Vec<String> = problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.one_line())
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    api.unwrap()
}

/// Real documents, from `@readme/oas-examples`: OpenAPI 3.0 and 3.1, YAML and JSON, with
/// internal `$ref`s (a circular one among them).
const REAL_DOCUMENTS: [(&str, &str, usize); 7] = [
    ("@readme/oas-examples/3.0/yaml/petstore.yaml", "3.0", 19),
    (
        "@readme/oas-examples/3.0/json/petstore-expanded.json",
        "3.0",
        4,
    ),
    ("@readme/oas-examples/3.0/yaml/uspto.yaml", "3.0", 3),
    ("@readme/oas-examples/3.0/json/circular.json", "3.0", 1),
    (
        "@readme/oas-examples/3.0/json/response-examples.json",
        "3.0",
        1,
    ),
    ("@readme/oas-examples/3.1/yaml/train-travel.yaml", "3.1", 7),
    ("@readme/oas-examples/3.1/json/petstore.json", "3.1", 19),
];

#[test]
fn real_documents_of_openapi_3_0_and_3_1_in_yaml_and_json_are_read() {
    for (path, version, operations) in REAL_DOCUMENTS {
        let api = read_document(&package_file(path));
        assert!(api.version.starts_with(version), "{path}: {}", api.version);
        assert!(
            api.operations.len() >= operations,
            "{path}: {}",
            api.operations.len()
        );
        // Every response of every operation gives a body or none, and never a panic.
        for operation in &api.operations {
            for response in &operation.responses {
                let _ = api.response_body(response);
            }
            let _ = api.request_body(operation);
            let _ = api.parameters(operation);
        }
    }
    let swagger = package_file("@readme/oas-examples/2.0/json/petstore.json");
    let (api, problems) =
        OpenApi::parse(read(&swagger, std::sync::Arc::from(swagger.as_path())).unwrap());
    assert!(api.is_none());
    assert!(problems[0].message.contains("Swagger 2.0 is not supported"));
}

/// `init --from-openapi` on each real document makes a site that builds, whose code pages
/// list the operations and send one of them.
#[test]
fn real_documents_make_sites_that_build() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (path, _, _)) in REAL_DOCUMENTS.iter().enumerate() {
        let site = dir.path().join(format!("site{i}"));
        let output = statusbook()
            .arg("init")
            .arg(&site)
            .arg("--from-openapi")
            .arg(package_file(path))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let output = statusbook().arg("build").arg(&site).output().unwrap();
        assert!(
            output.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let table = fs::read_to_string(site.join("content/codes.txt")).unwrap();
        let first = table
            .lines()
            .find(|l| !l.starts_with('#'))
            .and_then(|l| l.split_whitespace().next())
            .unwrap_or_else(|| panic!("{path}: no codes in\n{table}"));
        let page =
            plain(&fs::read_to_string(site.join(format!("book/codes/{first}.html"))).unwrap());
        assert!(page.contains("Returned by"), "{path}: {first}");
        assert!(
            page.contains("The request is the API's operation"),
            "{path}: {first}"
        );
        assert!(page.contains("in the example"), "{path}: {first}");
    }
}

#[test]
fn githubs_rest_api_description_builds_a_site() {
    let document = package_file("@octokit/openapi/generated/api.github.com.json");
    let api = read_document(&document);
    assert!(api.operations.len() > 1000, "{}", api.operations.len());

    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    fs::copy(&document, dir.path().join("github.json")).unwrap();
    fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"GitHub REST API\"\n[output.html]\nsite-url = \"/\"\n[api]\nopenapi = \"github.json\"\n[examples]\nbase-url = \"https://api.github.com\"\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("content/codes.txt"),
        "200 OK: Fine.\n201 Created: Made.\n304 Not Modified: Cached.\n404 Not Found: Resource not found.\n422 Unprocessable Content: Validation failed.\n",
    )
    .unwrap();
    let built = build(dir.path());
    let page = text(&built.output, "codes/404.html");
    assert!(
        page.contains("<details class=\"operation-group\">"),
        "many operations fold by tag"
    );
    let shown = plain(page);
    assert!(shown.contains("Host: api.github.com"));
    // The document declares no security scheme: the site's own credentials stay.
    assert!(shown.contains("Authorization: Bearer <token>"), "{shown}");
    assert!(shown.contains("with the document's example response"));
    let returned: usize = page.matches("<li><span class=\"method").count();
    assert!(returned > 400, "{returned} operations return 404");
    assert_self_contained(&built.output);

    // check names the codes GitHub returns that the table leaves out, at their places.
    let output = statusbook()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{report:#}");
    let unlisted: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["message"].as_str())
        .filter(|m| m.contains("which the code table does not list"))
        .collect();
    assert!(
        unlisted
            .iter()
            .any(|m| m.starts_with("the API returns 204,")),
        "{unlisted:#?}"
    );
}
