//! `init --from-openapi`: a new site whose code table lists the codes an API's OpenAPI
//! document says its operations return, with their reason phrases and the descriptions the
//! document gives them, and whose book.toml reads the document.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diagnostic::Diagnostic;
use crate::base::source;
use crate::input::openapi::{OpenApi, ResponseKey};
use crate::knowledge::registry;
use crate::model::drift::one_line;

/// Files to write, each with its path relative to the site folder.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// The files of a site made from the document at `spec`, to be written into `dir`, and the
/// warnings reading it gave. The document is copied into the site unless it is in it
/// already: a site reads nothing outside its folder.
pub(super) fn scaffold(
    dir: &Path,
    spec: &Path,
) -> Result<(Files, Vec<Diagnostic>), Vec<Diagnostic>> {
    let file = source::read(spec, Arc::from(spec)).map_err(|e| {
        vec![e.hint("give the OpenAPI document's path, relative to the current folder")]
    })?;
    let bytes = file.text().as_bytes().to_vec();
    let (api, problems) = OpenApi::parse(file);
    let Some(api) = api else {
        return Err(problems);
    };
    let inside = match (dir.canonicalize(), spec.canonicalize()) {
        (Ok(dir), Ok(spec)) => spec.strip_prefix(&dir).ok().map(Path::to_path_buf),
        _ => None,
    };
    let copied = inside.is_none();
    let name = inside.unwrap_or_else(|| {
        PathBuf::from(spec.file_name().map_or_else(
            || "openapi.yaml".into(),
            |n| n.to_string_lossy().into_owned(),
        ))
    });
    let title = api
        .title
        .as_deref()
        .map_or_else(|| super::title_for(dir), |t| format!("{t} status codes"));
    let mut files = vec![
        (PathBuf::from("book.toml"), book_toml(&title, &api, &name)),
        (PathBuf::from("content/codes.txt"), codes_txt(&api, spec)),
        (
            PathBuf::from("content/index.md"),
            include_str!("../scaffold/index.md").as_bytes().to_vec(),
        ),
        (
            PathBuf::from(".gitignore"),
            include_str!("../scaffold/gitignore").as_bytes().to_vec(),
        ),
    ];
    if copied {
        files.push((name, bytes));
    }
    Ok((files, problems))
}

fn book_toml(title: &str, api: &OpenApi, document: &Path) -> Vec<u8> {
    let base_url = api
        .operations
        .iter()
        .find_map(|o| o.server.clone())
        .filter(|s| s.starts_with("https://") || s.starts_with("http://"))
        .unwrap_or_else(|| "https://api.example.com".to_string());
    // Each value as a TOML basic string, whose escapes are JSON's.
    let quoted = |text: &str| serde_json::to_string(text).expect("strings serialise");
    let text = include_str!("../scaffold/book.toml")
        .replace("\"{title}\"", &quoted(title))
        .replace("\"https://api.example.com/v1\"", &quoted(&base_url));
    let path = quoted(&document.to_string_lossy().replace('\\', "/"));
    format!(
        "{text}\n[api]\n# The API's OpenAPI document: code pages list the operations that return each code,\n# and `statusbook check` reports where it and the code table disagree.\nopenapi = {path}\n"
    )
    .into_bytes()
}

/// One line per code the operations declare, in code order: the registered reason phrase,
/// and the description the document gives that code most often.
fn codes_txt(api: &OpenApi, spec: &Path) -> Vec<u8> {
    let mut descriptions: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    for operation in &api.operations {
        for response in &operation.responses {
            if let ResponseKey::Code(code) = response.key {
                descriptions
                    .entry(code)
                    .or_default()
                    .push(one_line(&response.description));
            }
        }
    }
    let mut out = format!(
        "# The codes {} says the API returns: <code> <reason phrase>: <description>\n",
        spec.file_name().unwrap_or_default().to_string_lossy()
    );
    for (code, all) in descriptions {
        let reason = registry::lookup(u32::from(code)).map_or("Unknown", |r| r.reason);
        let description =
            most_common(&all).unwrap_or_else(|| format!("The API returns {code} {reason}."));
        out.push_str(&format!("{code} {reason}: {description}\n"));
    }
    out.into_bytes()
}

/// The text found most often, not empty; of equals, the first found.
fn most_common(texts: &[String]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for text in texts.iter().filter(|t| !t.is_empty()) {
        match counts.iter_mut().find(|(t, _)| *t == text) {
            Some((_, n)) => *n += 1,
            None => counts.push((text, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(t, _)| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_paths_are_quoted_as_toml() {
        let source = crate::base::source::SourceFile::new(
            Arc::from(Path::new("a.yaml")),
            "openapi: 3.1.0\nservers: [{url: 'https://x.test/a\"b'}]\npaths: {/a: {get: {responses: {'200': {description: ok}}}}}\n".to_string(),
        );
        let api = OpenApi::parse(source).0.unwrap();
        let text = book_toml(
            "The \"Quoted\" \\ API",
            &api,
            Path::new("docs/my \"api\".yaml"),
        );
        let parsed: toml::Table = toml::from_str(std::str::from_utf8(&text).unwrap()).unwrap();
        assert_eq!(
            parsed["book"]["title"].as_str(),
            Some("The \"Quoted\" \\ API")
        );
        assert_eq!(
            parsed["examples"]["base-url"].as_str(),
            Some("https://x.test/a\"b")
        );
        assert_eq!(
            parsed["api"]["openapi"].as_str(),
            Some("docs/my \"api\".yaml")
        );
    }

    #[test]
    fn the_most_common_description_wins_and_ties_go_to_the_first() {
        let texts = ["b", "", "a", "a", "b"].map(String::from);
        assert_eq!(most_common(&texts).as_deref(), Some("b"));
        assert_eq!(most_common(&[String::new()]), None);
    }
}
