//! Compiles the knowledge base (`data/knowledge/*.toml`) into Rust statics, so the program
//! never parses it at run time and a malformed entry fails the build, not a user's site.
//! The types mirror `src/knowledge.rs`, which documents each field.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

const DIR: &str = "data/knowledge";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    code: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Entry {
    code: u32,
    reason: String,
    spec: Option<String>,
    used_by: Option<String>,
    source: Option<String>,
    summary: String,
    meaning: String,
    causes: Vec<String>,
    client: Vec<String>,
    retrying: String,
    caching: String,
    cacheable: bool,
    related: Vec<u32>,
    former_names: Vec<FormerName>,
    nicknames: Vec<String>,
    #[serde(default)]
    headers: Vec<Header>,
    policy: Policy,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormerName {
    name: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    name: String,
    direction: String,
    why: String,
    spec: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Policy {
    retry: String,
    retry_when: Option<String>,
    retry_after: bool,
    idempotent_only: bool,
    attempts: Option<u32>,
    max_wait: Option<u32>,
}

fn main() {
    println!("cargo::rerun-if-changed={DIR}");
    let mut files: Vec<_> = std::fs::read_dir(DIR)
        .unwrap_or_else(|e| panic!("cannot read {DIR}: {e}"))
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut entries = Vec::new();
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let file: File = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not a valid knowledge file: {e}", path.display()));
        entries.extend(file.code);
    }
    entries.sort_by_key(|e| e.code);
    let mut seen = BTreeSet::new();
    for entry in &entries {
        assert!(
            seen.insert(entry.code),
            "code {} has two entries",
            entry.code
        );
    }

    let mut out = String::from("&[\n");
    for e in &entries {
        let _ = writeln!(out, "    Entry {{");
        let _ = writeln!(out, "        code: {},", e.code);
        let _ = writeln!(out, "        reason: {:?},", e.reason);
        let _ = writeln!(out, "        spec: {},", option(&e.spec));
        let _ = writeln!(out, "        used_by: {},", option(&e.used_by));
        let _ = writeln!(out, "        source: {},", option(&e.source));
        let _ = writeln!(out, "        summary: {:?},", e.summary.trim());
        let _ = writeln!(out, "        meaning: {:?},", e.meaning.trim());
        let _ = writeln!(out, "        causes: &{:?},", e.causes);
        let _ = writeln!(out, "        client: &{:?},", e.client);
        let _ = writeln!(out, "        retrying: {:?},", e.retrying.trim());
        let _ = writeln!(out, "        caching: {:?},", e.caching.trim());
        let _ = writeln!(out, "        cacheable: {},", e.cacheable);
        let _ = writeln!(out, "        related: &{:?},", e.related);
        out.push_str("        former_names: &[");
        for f in &e.former_names {
            let _ = write!(
                out,
                "FormerName {{ name: {:?}, source: {:?} }}, ",
                f.name, f.source
            );
        }
        out.push_str("],\n");
        let _ = writeln!(out, "        nicknames: &{:?},", e.nicknames);
        out.push_str("        headers: &[");
        for h in &e.headers {
            let direction = match h.direction.as_str() {
                "request" => "Request",
                "response" => "Response",
                other => panic!(
                    "code {}: direction {other:?} is not request or response",
                    e.code
                ),
            };
            let _ = write!(
                out,
                "Header {{ name: {:?}, direction: Direction::{direction}, why: {:?}, spec: {:?} }}, ",
                h.name,
                h.why.trim(),
                h.spec
            );
        }
        out.push_str("],\n");
        let p = &e.policy;
        let retry = match p.retry.as_str() {
            "none" => "None",
            "redirect" => "Redirect",
            "fix" => "Fix",
            "after-change" => "AfterChange",
            "wait" => "Wait",
            "backoff" => "Backoff",
            other => panic!("code {}: retry {other:?} is not a known policy", e.code),
        };
        let _ = writeln!(
            out,
            "        policy: Policy {{ retry: Retry::{retry}, retry_when: {}, retry_after: {}, idempotent_only: {}, attempts: {:?}, max_wait: {:?} }},",
            match &p.retry_when {
                Some(when) => format!("Some(Cow::Borrowed({when:?}))"),
                None => "None".to_string(),
            },
            p.retry_after,
            p.idempotent_only,
            p.attempts,
            p.max_wait
        );
        out.push_str("    },\n");
    }
    out.push(']');
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("knowledge.rs");
    std::fs::write(&target, out)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}

fn option(value: &Option<String>) -> String {
    match value {
        Some(text) => format!("Some({text:?})"),
        None => "None".to_string(),
    }
}
