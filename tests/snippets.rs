//! Client snippets are real code: for every code 100–599 (and the unregistered 420, 499,
//! 520), the generated curl, JavaScript and Python snippets pass their language's own
//! syntax check (`bash -n`, `node --check`, `python3 -m py_compile`).

use std::fs;
use std::path::Path;
use std::process::Command;

use statusbook::internals::config::{ErrorFormat, Examples};
use statusbook::internals::knowledge::{self, Policy};
use statusbook::internals::registry;
use statusbook::internals::{exchange, snippets};

fn check(tool: &str, args: &[&str], file: &Path) {
    let output = Command::new(tool)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"));
    assert!(
        output.status.success(),
        "{tool} rejects {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&output.stderr),
    );
}

fn all_snippets(errors: &ErrorFormat) -> Vec<(u32, snippets::Snippet)> {
    let examples = Examples {
        error: errors.clone(),
        ..Examples::default()
    };
    let mut all = Vec::new();
    for code in 100..=599 {
        let reason = registry::lookup(code).map_or("Unknown", |r| r.reason);
        let policy =
            knowledge::lookup(code).map_or_else(|| Policy::for_class(code), |k| k.policy.clone());
        let exchange =
            exchange::generate(code, reason, "A description.", Some(&policy), &examples).unwrap();
        for snippet in snippets::generate(code, Some(&policy), &exchange, &examples) {
            all.push((code, snippet));
        }
    }
    all
}

#[test]
fn every_generated_snippet_is_valid_code() {
    let dir = tempfile::tempdir().unwrap();
    let custom = ErrorFormat::Custom {
        content_type: "application/json".into(),
        template: "{\"error\": \"{reason}\"}".into(),
    };
    // Each snippet becomes a function of one file per language, so one process checks them all.
    let (mut sh, mut js) = (String::new(), String::new());
    let mut python_files = Vec::new();
    for (format, errors) in [("problem", ErrorFormat::Problem), ("custom", custom)] {
        for (code, snippet) in all_snippets(&errors) {
            let name = format!("{format}_{code}_{}", snippet.id);
            match snippet.language.as_str() {
                "sh" => sh.push_str(&format!("snippet_{name}() {{\n{}\n}}\n", snippet.code)),
                "js" => js.push_str(&format!(
                    "async function snippet_{name}() {{\n{}\n}}\n",
                    snippet.code
                )),
                "python" => {
                    let file = dir.path().join(format!("{name}.py"));
                    fs::write(&file, &snippet.code).unwrap();
                    python_files.push(file);
                }
                other => panic!("unexpected language {other}"),
            }
        }
    }
    let sh_file = dir.path().join("all.sh");
    let js_file = dir.path().join("all.mjs");
    fs::write(&sh_file, sh).unwrap();
    fs::write(&js_file, js).unwrap();
    check("bash", &["-n"], &sh_file);
    check("node", &["--check"], &js_file);
    let output = Command::new("python3")
        .args(["-m", "py_compile"])
        .args(&python_files)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn snippets_follow_what_the_code_asks_of_a_client() {
    let snippets = all_snippets(&ErrorFormat::Problem);
    let find = |code: u32, id: &str| {
        snippets
            .iter()
            .find(|(c, s)| *c == code && s.id == id)
            .map(|(_, s)| s.code.clone())
            .unwrap()
    };
    for code in [429, 503] {
        assert!(
            find(code, "js").contains("Retry-After"),
            "{code}: JS honours Retry-After"
        );
        assert!(
            find(code, "python").contains("Retry-After"),
            "{code}: Python honours Retry-After"
        );
        assert!(
            find(code, "curl").contains("Retry-After"),
            "{code}: curl honours Retry-After"
        );
    }
    assert!(
        find(304, "curl").contains("If-None-Match"),
        "304 is a conditional request"
    );
    assert!(find(304, "js").contains("stored.etag"));
    assert!(find(304, "python").contains("stored[\"etag\"]"));
    assert!(find(401, "js").contains("refreshToken"));
    assert!(find(202, "python").contains("status_url"));
    assert!(find(301, "curl").contains(" -L"));
    assert!(
        !find(404, "js").contains("Retry-After"),
        "a 404 is not retried"
    );
    assert!(find(204, "js").contains("do not read the body"));
}
