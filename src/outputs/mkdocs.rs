//! The MkDocs export (`[output.mkdocs]`): the reference as a `docs/` tree of Markdown and an
//! `mkdocs.yml` set up as Backstage TechDocs builds it (the `techdocs-core` plugin), whose
//! pages load nothing from another origin. Every code gets a page with its facts, its written
//! text, its example and client code.

use std::fmt::Write as _;

use crate::base::diagnostic::Diagnostic;
use crate::input::templates::Templates;
use crate::model::{Code, Site};
use crate::outputs::{Claim, Generator, PageEdit, Sink};
use crate::render::sections;
use crate::render::view;

/// The export's folder inside the build folder.
pub const DIR: &str = "mkdocs";

/// The export's files, as (site path, bytes).
pub fn export(site: &Site) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        (format!("{DIR}/mkdocs.yml"), config(site)),
        (format!("{DIR}/docs/index.md"), index(site)),
    ];
    for (i, code) in site.codes.iter().enumerate() {
        files.push((
            format!("{DIR}/docs/codes/{}.md", code.code),
            code_page(site, i, code),
        ));
    }
    for page in &site.pages {
        let markdown = page.body.shown_markdown();
        let path = page.path.trim_end_matches(".html");
        files.push((
            format!("{DIR}/docs/{path}.md"),
            format!("# {}\n\n{markdown}\n", text(&page.title)),
        ));
    }
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(path, text)| (path, text.into_bytes()))
        .collect();
    // Images and other files the pages link to sit beside them, as in the HTML site.
    for asset in &site.assets {
        files.push((format!("{DIR}/docs/{}", asset.path), asset.bytes.clone()));
    }
    files
}

fn config(site: &Site) -> String {
    let book = &site.config.book;
    let mut yml = format!("site_name: {}\n", yaml(&book.title));
    if let Some(description) = &book.description {
        let _ = writeln!(yml, "site_description: {}", yaml(description));
    }
    if !book.authors.is_empty() {
        let _ = writeln!(yml, "site_author: {}", yaml(&book.authors.join(", ")));
    }
    // No `site_url`: the MkDocs site is published elsewhere (TechDocs gives it its own
    // address), and the HTML site's URL would give every page a canonical link to an
    // address that does not exist (`codes/503/`).
    yml.push_str("docs_dir: docs\nnav:\n  - Home: index.md\n  - Status codes:\n");
    for code in &site.codes {
        let _ = writeln!(
            yml,
            "      - {}: codes/{}.md",
            yaml(&format!("{} {}", code.code, code.reason)),
            code.code
        );
    }
    for page in &site.pages {
        let _ = writeln!(
            yml,
            "  - {}: {}.md",
            yaml(&page.title),
            page.path.trim_end_matches(".html")
        );
    }
    yml.push_str(TECHDOCS);
    yml
}

/// The end of every `mkdocs.yml`: TechDocs' plugin and a theme that loads nothing from outside.
///
/// `techdocs-core` brings the Markdown extensions (tables, fenced code highlighted by Pygments
/// at build time, permalinks) and swaps any theme but Material for a default Material, which
/// fetches Roboto from Google Fonts; naming Material here keeps `font: false`, the system
/// fonts. Material's search writes the `search_index.json` TechDocs reads, as MkDocs' own
/// would, without MkDocs' search script, which throws under Material (it needs a `base_url`
/// only MkDocs' themes define). The emoji extension would turn a `:smile:` in a written page
/// into an image from a CDN; `to_alt` writes the character instead (the plugin merges this
/// setting over its own).
const TECHDOCS: &str = "\
theme:
  name: material
  font: false
plugins:
  - techdocs-core:
      use_material_search: true
markdown_extensions:
  - pymdownx.emoji:
      emoji_generator: !!python/name:pymdownx.emoji.to_alt
";

fn index(site: &Site) -> String {
    let book = &site.config.book;
    let mut md = format!("# {}\n\n", text(&book.title));
    if let Some(description) = &book.description {
        let _ = write!(md, "{}\n\n", text(description));
    }
    let intro = site.intro.as_ref().map(|i| i.shown_markdown());
    if let Some(intro) = intro.filter(|i| !i.is_empty()) {
        let _ = write!(md, "{intro}\n\n");
    }
    for group in &site.groups {
        let _ = write!(md, "## {}\n\n", text(&group.group.title()));
        if let Some(meaning) = group.group.meaning() {
            let _ = write!(md, "{}\n\n", text(meaning));
        }
        md.push_str("| Code | Reason | Description |\n|---|---|---|\n");
        for code in &site.codes[group.codes.clone()] {
            let _ = writeln!(
                md,
                "| [{}](codes/{}.md) | {} | {} |",
                code.code,
                code.code,
                text(&code.reason),
                text(&code.description)
            );
        }
        md.push('\n');
    }
    md
}

fn code_page(site: &Site, index: usize, code: &Code) -> String {
    let view = view::code(site, index);
    let mut md = format!(
        "# {} {}\n\n{}\n\n",
        code.code,
        text(&code.reason),
        text(&code.description)
    );
    md.push_str("| Fact | |\n|---|---|\n");
    for fact in &view.facts {
        let value = match &fact.url {
            Some(url) => format!("[{}]({url})", text(&fact.value)),
            None => text(&fact.value),
        };
        let _ = writeln!(md, "| {} | {value} |", fact.label);
    }
    md.push('\n');
    if let Some(body) = code.page.as_deref().map(|p| p.body.shown_markdown()) {
        let _ = write!(md, "{body}\n\n");
    }
    let written = code.page.as_deref().map(sections::Written::of);
    for (section, body) in sections::builtin_markdown(
        code.code.get(),
        written.as_ref(),
        code.knowledge,
        code.policy.as_ref(),
    ) {
        let _ = write!(md, "## {}\n\n{}\n\n", section.title, body.trim());
    }
    // A written example is part of the page's Markdown already.
    if let (None, Some(example)) = (&code.written_example, &code.example) {
        let _ = write!(md, "## Example\n\n```http\n{}\n```\n\n", example.text());
        for note in &example.notes {
            let _ = writeln!(md, "- {} ({})", text(note.text), text(note.spec));
        }
        md.push('\n');
    }
    if !code.snippets.is_empty() {
        md.push_str("## In client code\n\n");
        for snippet in &code.snippets {
            let _ = write!(
                md,
                "### {}\n\n```{}\n{}\n```\n\n",
                text(&snippet.label),
                snippet.language,
                snippet.code
            );
        }
    }
    if !code.related.is_empty() {
        md.push_str("## Related codes\n\n");
        for &i in &code.related {
            let other = &site.codes[i];
            let _ = writeln!(
                md,
                "- [{} {}]({}.md): {}",
                other.code,
                text(&other.reason),
                other.code,
                text(&other.description)
            );
        }
        md.push('\n');
    }
    md.trim_end().to_string() + "\n"
}

/// Text from the table or front matter, made inert for Markdown: characters that would start
/// markup are escaped, HTML is shown as written.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A YAML scalar: a JSON string is a valid double-quoted YAML string.
fn yaml(value: &str) -> String {
    serde_json::to_string(value).expect("strings serialise")
}

/// The MkDocs project, with `[output.mkdocs]`.
pub struct MkDocs;

impl Generator for MkDocs {
    fn name(&self) -> &'static str {
        "the MkDocs export"
    }

    fn claims(&self, site: &Site, _: &Templates) -> Vec<Claim> {
        if site.config.mkdocs {
            vec![Claim::folder(DIR)]
        } else {
            Vec::new()
        }
    }

    fn render(
        &self,
        site: &Site,
        _: &Templates,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        if site.config.mkdocs {
            for (path, bytes) in export(site) {
                out(path, bytes);
            }
        }
        Ok(())
    }

    fn on_page_edit(&self, site: &Site) -> PageEdit {
        // The export's pages link to each other's headings: a full build keeps them right.
        if site.config.mkdocs {
            PageEdit::Full
        } else {
            PageEdit::Unaffected
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_text_is_inert_in_markdown() {
        assert_eq!(
            text("(think: cache). <-- *Important* | a_b [x]"),
            "(think: cache). &lt;-- \\*Important\\* \\| a\\_b \\[x\\]"
        );
        assert_eq!(yaml("Say \"hi\": now"), "\"Say \\\"hi\\\": now\"");
    }
}
