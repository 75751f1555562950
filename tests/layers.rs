//! The library's stages stay a pipeline: a module uses only the stages below its own, in
//! the order written once here (and in `src/lib.rs`), and no modules use each other in a
//! circle. Read from the `crate::` paths of the code itself, test modules left out.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The stages, lowest first: the folders of `src/`, then the modules on top of them.
const LAYERS: &[&[&str]] = &[
    &["base"],
    &["knowledge"],
    &["text"],
    &["input"],
    &["model"],
    &["render"],
    &["outputs"],
    &["write"],
    &["site", "incremental", "check", "init", "serve"],
];

/// The binary: it uses the library by its public name, never `crate::`.
const BINARY: &[&str] = &["main", "cli", "cmd", "report"];

fn layer(stage: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&stage))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file is (`input::config`, `model`), from its path under `src/`.
fn module_of(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts.join("::")
}

/// The code of a file without its test module, comments and strings that merely mention
/// a path: the lines that can use another module.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module a piece of code uses: `crate::a::b` paths, including grouped imports
/// (`use crate::{a, b::c}`), as the modules of the crate they name.
fn used(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| {
                c.is_alphanumeric()
                    || *c == '_'
                    || *c == ':'
                    || *c == '{'
                    || *c == ','
                    || *c == ' '
                    || *c == '}'
            })
            .collect();
        // `a::b::{c, d}` or `{a, b::c}`: try each listed path as well as the prefix.
        let (prefix, group) = match path.split_once('{') {
            Some((prefix, group)) => (prefix, group.split('}').next().unwrap_or("")),
            None => (path.as_str(), ""),
        };
        let prefix = prefix.trim().trim_end_matches("::");
        let mut candidates = vec![prefix.to_string()];
        for item in group.split(',') {
            let item = item.trim();
            if !item.is_empty() {
                candidates.push(if prefix.is_empty() {
                    item.to_string()
                } else {
                    format!("{prefix}::{item}")
                });
            }
        }
        for candidate in candidates {
            // The longest module the path starts with.
            let mut parts: Vec<&str> = candidate.split("::").map(str::trim).collect();
            while !parts.is_empty() {
                let name = parts.join("::");
                if modules.contains(&name) {
                    found.insert(name);
                    break;
                }
                parts.pop();
            }
        }
    }
    found
}

struct Crate {
    /// Each module and the modules it uses.
    uses: BTreeMap<String, BTreeSet<String>>,
}

fn read_crate() -> Crate {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let files: Vec<(String, String)> = files
        .iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(&src).unwrap();
            let first = relative
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let first = first.trim_end_matches(".rs");
            if BINARY.contains(&first) {
                return None;
            }
            Some((module_of(relative), fs::read_to_string(file).unwrap()))
        })
        .collect();
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let uses = files
        .iter()
        .map(|(module, text)| {
            let mut used = used(&code(text), &modules);
            used.remove(module);
            (module.clone(), used)
        })
        .collect();
    Crate { uses }
}

fn stage(module: &str) -> &str {
    module.split("::").next().unwrap()
}

#[test]
fn every_module_uses_only_the_stages_below_its_own() {
    let krate = read_crate();
    let mut wrong = Vec::new();
    for (module, used) in &krate.uses {
        if module.is_empty() {
            continue; // lib.rs declares the stages
        }
        let own = layer(stage(module)).unwrap_or_else(|| panic!("{module}: not in LAYERS"));
        for other in used {
            let theirs = layer(stage(other)).unwrap_or_else(|| panic!("{other}: not in LAYERS"));
            if theirs > own {
                wrong.push(format!("{module} uses {other}, a later stage"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_modules_use_each_other_in_a_circle() {
    let krate = read_crate();
    // Depth-first search for a back edge.
    fn visit<'a>(
        module: &'a str,
        uses: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<String> {
        if let Some(at) = path.iter().position(|m| *m == module) {
            let mut circle: Vec<&str> = path[at..].to_vec();
            circle.push(module);
            return Some(circle.join(" → "));
        }
        if done.contains(module) {
            return None;
        }
        path.push(module);
        for other in uses.get(module).into_iter().flatten() {
            if let Some(circle) = visit(other, uses, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(module);
        None
    }
    let mut done = BTreeSet::new();
    for module in krate.uses.keys() {
        if let Some(circle) = visit(module, &krate.uses, &mut Vec::new(), &mut done) {
            panic!("modules in a circle: {circle}");
        }
    }
}

#[test]
fn the_checks_see_what_a_module_uses() {
    let modules: BTreeSet<String> = [
        "base::span",
        "input",
        "input::config",
        "model",
        "model::exchange",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let found = used(
        "use crate::input::config::{Config, Examples};\nuse crate::{base::span::Span, model::exchange};\nlet x = crate::model::Site::new();",
        &modules,
    );
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(
        found,
        ["base::span", "input::config", "model", "model::exchange"]
    );
    assert_eq!(module_of(Path::new("input/config.rs")), "input::config");
    assert_eq!(module_of(Path::new("model/mod.rs")), "model");
}
