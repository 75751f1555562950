//! `check`: everything a build validates, and what a build lets pass: links and `#anchors`
//! that lead nowhere, codes that have no written page, and where the API's OpenAPI
//! document and the code table disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diagnostic::{Diagnostic, Severity, in_file_order};
use crate::base::span::{Located, Spanned};
use crate::input::templates::TEMPLATES_DIR;
use crate::outputs::Output;
use crate::render::pages::NOT_FOUND_PAGE;
use crate::site::{self, Loaded};
use crate::text::markdown::Link;

/// What a check found, and what it looked at.
#[derive(Debug)]
pub struct Report {
    /// Every problem, in file order.
    pub problems: Vec<Diagnostic>,
    /// How many codes the site has (0 when it did not load).
    pub codes: usize,
    /// How many links were followed.
    pub links: usize,
}

/// Checks the site in `root`. With `strict`, warnings count as errors.
pub fn check(root: &Path, strict: bool) -> Report {
    let mut report = match site::load(root) {
        Ok(loaded) => check_loaded(root, loaded),
        Err(problems) => Report {
            problems,
            codes: 0,
            links: 0,
        },
    };
    if strict {
        for problem in &mut report.problems {
            if problem.severity == Severity::Warning {
                problem.severity = Severity::Error;
            }
        }
    }
    report.problems = in_file_order(report.problems);
    report
}

fn check_loaded(root: &Path, loaded: Loaded) -> Report {
    let mut problems = loaded.warnings.clone();
    // `build` would refuse this folder: say so before anyone relies on it.
    if let Err(refused) = loaded.claim(loaded.build_dir()) {
        problems.push(match &loaded.site.config.build_dir_at {
            Some(at) => refused.at(at.clone(), "the build folder"),
            None => refused,
        });
    }
    let site = &loaded.site;
    // Where the API's OpenAPI document and the table disagree.
    problems.extend(crate::model::drift::drift(site));
    for code in site.codes.iter().filter(|c| c.page.is_none()) {
        problems.push(
            Diagnostic::warning(format!("code {} has no written page", code.code))
                .at(code.at.clone(), "")
                .hint(format!(
                    "write {}/codes/{}.md; until then its page shows the table's description and a generated example",
                    site.config.book.src.display(),
                    code.code
                )),
        );
    }

    // Links written in Markdown, by the page they end up on.
    let mut written: BTreeMap<String, Vec<Spanned<Link>>> = BTreeMap::new();
    written.insert("index.html".to_string(), site.intro_links.clone());
    for code in &site.codes {
        if let Some(page) = &code.page {
            written.insert(code.path.clone(), page.links.clone());
        }
    }
    for page in &site.pages {
        written.insert(page.path.clone(), page.links.clone());
    }
    let template_files = template_files(root);
    let code_pages: BTreeSet<String> = site.codes.iter().map(|c| c.path.clone()).collect();

    let output = match loaded.render() {
        Ok(built) => built.output,
        Err(more) => {
            problems.extend(more.into_iter().filter(Diagnostic::is_error));
            return Report {
                problems,
                codes: 0,
                links: 0,
            };
        }
    };
    let codes = output
        .files()
        .filter(|(p, _)| p.starts_with("codes/"))
        .count();
    let ids = ids_by_page(&output);
    let mut followed = 0;

    for (page, links) in &written {
        for link in links {
            followed += 1;
            if let Some(problem) = follow(&output, &ids, page, &link.value.url, &link.value.written)
            {
                let mut diagnostic = Diagnostic::error(problem.message)
                    .at(link.at.clone(), "written here")
                    .hint(problem.hint);
                diagnostic.severity = problem.severity;
                problems.push(diagnostic);
            }
        }
    }

    // Links the templates wrote: whatever is in a page but not in its Markdown.
    for (page, html) in output.files().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(html);
        let own: BTreeSet<&str> = written
            .get(page)
            .map(|links| links.iter().map(|l| l.value.url.as_str()).collect())
            .unwrap_or_default();
        let mut reported = BTreeSet::new();
        // The not-found page's <base> (its site path) makes its links resolve as from the root.
        let html = match (html.find("<base "), page == NOT_FOUND_PAGE) {
            (Some(start), true) => {
                let end = html[start..]
                    .find('>')
                    .map_or(html.len(), |e| start + e + 1);
                format!("{}{}", &html[..start], &html[end..])
            }
            _ => html.into_owned(),
        };
        for url in attribute_values(&html, &["href", "src"]) {
            if own.contains(url.as_str()) || !reported.insert(url.clone()) {
                continue;
            }
            followed += 1;
            if let Some(problem) = follow(&output, &ids, page, &url, &url) {
                let template = template_of(page, &code_pages);
                let file = template_files
                    .get(template)
                    .cloned()
                    .unwrap_or_else(|| Arc::from(Path::new(&format!("<built-in>/{template}"))));
                let mut diagnostic = Diagnostic::error(format!("{} (in {page})", problem.message))
                    .at(Located::file(file), "")
                    .hint(problem.hint);
                diagnostic.severity = problem.severity;
                problems.push(diagnostic);
            }
        }
    }
    Report {
        problems,
        codes,
        links: followed,
    }
}

struct Broken {
    severity: Severity,
    message: String,
    hint: String,
}

impl Broken {
    fn error(message: String, hint: &str) -> Option<Broken> {
        Some(Broken {
            severity: Severity::Error,
            message,
            hint: hint.to_string(),
        })
    }
}

/// Follows `url` (written as `written`) from the page at site path `page`; returns what is
/// wrong, if anything.
fn follow(
    output: &Output,
    ids: &BTreeMap<String, BTreeSet<String>>,
    page: &str,
    url: &str,
    written: &str,
) -> Option<Broken> {
    let is_external = url.starts_with("//")
        || url
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'));
    if is_external {
        return None;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.starts_with('/') {
        return Some(Broken {
            severity: Severity::Warning,
            message: format!("link `{written}` starts at the server's root"),
            hint: "use a relative link, so the site also works under a sub-path and from file://"
                .to_string(),
        });
    }
    let target = if path.is_empty() {
        page.to_string()
    } else {
        match resolve(page, path) {
            Some(target) => target,
            None => {
                return Broken::error(
                    format!("link `{written}` leads out of the site"),
                    "link to a page of the site, or to a full https:// address",
                );
            }
        }
    };
    let target =
        if output.get(&target).is_none() && output.get(&format!("{target}/index.html")).is_some() {
            format!("{target}/index.html")
        } else {
            target
        };
    if output.get(&target).is_none() {
        let hint = if path.ends_with(".html") || path.ends_with(".md") {
            "link to another page by its Markdown file, relative to this one, like `[401](401.md)` or `[guide](../guide.md)`"
        } else {
            "put the file in the content folder, or fix the address"
        };
        return Broken::error(
            format!("link `{written}` leads to {target}, which the site does not have"),
            hint,
        );
    }
    match fragment.filter(|f| !f.is_empty()) {
        Some(fragment) if !ids.get(&target).is_some_and(|ids| ids.contains(fragment)) => {
            Broken::error(
                format!("link `{written}` leads to no `#{fragment}` in {target}"),
                "a heading's anchor is its text in lower case, words joined by `-`: `## Common causes` is `#common-causes`",
            )
        }
        _ => None,
    }
}

/// The site path `relative` leads to from the page at `from`; `None` if it climbs out.
fn resolve(from: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for piece in relative.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// The `id`s of every HTML page.
fn ids_by_page(output: &Output) -> BTreeMap<String, BTreeSet<String>> {
    output
        .files()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, html)| {
            let html = String::from_utf8_lossy(html);
            (
                path.to_string(),
                attribute_values(&html, &["id"]).into_iter().collect(),
            )
        })
        .collect()
}

/// The values of the named attributes anywhere in `html`, unescaped. The pages statusbook
/// writes always quote attributes with `"`, which is all this needs to read.
fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    for name in names {
        let needle = format!(" {name}=\"");
        let mut rest = html;
        while let Some(at) = rest.find(&needle) {
            rest = &rest[at + needle.len()..];
            let Some(end) = rest.find('"') else { break };
            values.push(unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    values
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The template that lays out the page at `path`.
fn template_of(path: &str, code_pages: &BTreeSet<String>) -> &'static str {
    if path == "index.html" {
        "index.html"
    } else if path == NOT_FOUND_PAGE {
        "404.html"
    } else if code_pages.contains(path) {
        "code.html"
    } else {
        "page.html"
    }
}

/// The site's own template files by name, to blame a template's broken link on the file.
fn template_files(root: &Path) -> BTreeMap<&'static str, Arc<Path>> {
    [
        "index.html",
        "code.html",
        "page.html",
        "404.html",
        "base.html",
    ]
    .into_iter()
    .filter_map(|name| {
        let path: PathBuf = root.join(TEMPLATES_DIR).join(name);
        path.is_file().then(|| {
            (
                name,
                crate::base::span::display_path(root, Path::new(TEMPLATES_DIR).join(name)),
            )
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_like_a_browser() {
        assert_eq!(
            resolve("codes/404.html", "401.html").as_deref(),
            Some("codes/401.html")
        );
        assert_eq!(
            resolve("codes/404.html", "../index.html").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            resolve("index.html", "./codes/./1.html").as_deref(),
            Some("codes/1.html")
        );
        assert_eq!(resolve("index.html", "../x.html"), None);
    }

    #[test]
    fn attribute_values_are_found_and_unescaped() {
        let html = r#"<a href="a.html?x=1&amp;y=2">x</a><img src="i.png" alt=""><h2 id="top">"#;
        assert_eq!(
            attribute_values(html, &["href", "src"]),
            ["a.html?x=1&y=2", "i.png"]
        );
        assert_eq!(attribute_values(html, &["id"]), ["top"]);
    }
}
