//! The site as plain data: every code with its page, the groups, the other pages.
//!
//! This is where the table and the pages meet: a page must be for a code in the table,
//! and related codes must exist. Nothing here does I/O or knows about HTML.

pub mod drift;
pub mod exchange;
pub mod operations;
pub mod snippets;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::span::{Located, Spanned};
use crate::base::status::{Group, StatusCode};
use crate::input::config::{Config, Examples};
use crate::input::content::{self, Asset, Body, CodePage, Content, Page};
use crate::knowledge::{self, Entry, Policy};
use crate::text::highlight;
use crate::text::markdown::Link;
use exchange::Exchange;
use snippets::Snippet;

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// The settings from book.toml.
    pub config: Config,
    /// Every code, in code order.
    pub codes: Vec<Code>,
    /// Where each code is in [`Site::codes`].
    pub index: HashMap<StatusCode, usize>,
    /// The groups the index lists, in code order, each a range of `codes`.
    pub groups: Vec<CodeGroup>,
    /// The other pages, in navigation order (weight, then title).
    pub pages: Vec<Page>,
    /// The home page's introduction.
    pub intro: Option<Body>,
    /// The introduction's links, with where they were written.
    pub intro_links: Vec<Spanned<Link>>,
    /// Files copied unchanged: content assets and `additional-css`/`additional-js`.
    pub assets: Vec<Asset>,
    /// Site paths of the additional style sheets, in the order given.
    pub css: Vec<String>,
    /// Site paths of the additional scripts, in the order given.
    pub js: Vec<String>,
}

/// One code with everything known about it.
#[derive(Debug)]
pub struct Code {
    /// The code.
    pub code: StatusCode,
    /// The reason phrase, from the table.
    pub reason: String,
    /// The one-line description, from the table.
    pub description: String,
    /// The table line that defines it.
    pub at: Located,
    /// The class or range it is listed under.
    pub group: Group,
    /// Its page in the site, `codes/<code>.html`.
    pub path: String,
    /// The written page, if there is one: boxed, since a bare table has none and the page
    /// is 552 bytes (at 100,000 codes a bare table peaked at 410 MB with it inline, 260 MB
    /// boxed).
    pub page: Option<Box<CodePage>>,
    /// Indexes into [`Site::codes`] of the related codes, in the order written.
    pub related: Vec<usize>,
    /// What the built-in knowledge base says about the code, if it knows it.
    pub knowledge: Option<&'static Entry>,
    /// Cacheable by default (front matter, else the knowledge base, after RFC 9110 §15.1).
    pub cacheable: bool,
    /// What a client does next (the knowledge base's policy, as front matter adjusts it);
    /// none for a custom code nothing is known about.
    pub policy: Option<Policy>,
    /// Worth retrying unchanged: the policy waits or backs off.
    pub retryable: bool,
    /// The defining specification (front matter, else the IANA registry): `RFC 9110 §15.5.5`.
    pub spec: Option<String>,
    /// A generated example exchange, for codes 100–599. This and the other exchanges and
    /// the chosen operation are boxed: most codes of a large custom table have none, and
    /// held inline they were 440 of the 1,312 bytes of every code (44 MB at 100,000 codes).
    pub example: Option<Box<Exchange>>,
    /// The written page's own example exchange, if it has one: then it is the page's one
    /// request, which the snippets send.
    pub written_example: Option<Box<Exchange>>,
    /// Client snippets: the generated ones, replaced or joined by the page's own.
    pub snippets: Vec<Snippet>,
    /// The operations of the API's OpenAPI document that return the code.
    pub returned_by: Vec<operations::Returned>,
    /// The operation the generated example uses, when the site has a document.
    pub example_operation: Option<Box<operations::Chosen>>,
    /// The operation of the document the written example's request is sent to, if any.
    pub written_operation: Option<usize>,
}

impl Code {
    /// The page's one-sentence summary, if it has one.
    pub fn summary(&self) -> Option<&str> {
        self.page.as_deref().and_then(|p| p.meta.summary.as_deref())
    }
}

/// A run of codes listed under one heading.
#[derive(Debug)]
pub struct CodeGroup {
    /// The heading.
    pub group: Group,
    /// Which of [`Site::codes`] it holds.
    pub codes: Range<usize>,
}

/// Joins the table, the pages and the settings into a site, checking they agree.
pub fn build(
    config: Config,
    content: Content,
    extra_assets: Vec<Asset>,
    diagnostics: &mut Diagnostics,
) -> Site {
    build_for(config, content, extra_assets, diagnostics, None)
}

/// The site as [`build`] makes it, for a build that renders only the code pages of
/// `content`'s written pages: only those codes are worked out in full (examples,
/// snippets, policy); the others keep their table line, which is all other pages show of
/// them.
pub fn build_partial(config: Config, content: Content, diagnostics: &mut Diagnostics) -> Site {
    let written: HashSet<u32> = content.code_pages.iter().map(|p| p.code).collect();
    build_for(config, content, Vec::new(), diagnostics, Some(&written))
}

fn build_for(
    config: Config,
    content: Content,
    extra_assets: Vec<Asset>,
    diagnostics: &mut Diagnostics,
    only: Option<&HashSet<u32>>,
) -> Site {
    let Content {
        table,
        table_complete,
        code_pages,
        mut pages,
        intro,
        intro_links,
        mut assets,
        read: _,
    } = content;

    let index: HashMap<StatusCode, usize> = table
        .iter()
        .enumerate()
        .map(|(i, entry)| (entry.code, i))
        .collect();

    let mut codes: Vec<Code> = table
        .into_iter()
        .map(|entry| Code {
            code: entry.code,
            group: entry.code.group(),
            path: format!("codes/{}.html", entry.code),
            reason: entry.reason,
            description: entry.description,
            at: entry.at,
            page: None,
            related: Vec::new(),
            knowledge: None,
            cacheable: false,
            policy: None,
            retryable: false,
            spec: None,
            example: None,
            written_example: None,
            snippets: Vec::new(),
            returned_by: Vec::new(),
            example_operation: None,
            written_operation: None,
        })
        .collect();

    let mut written: Vec<Option<CodePage>> = (0..codes.len()).map(|_| None).collect();
    for page in code_pages {
        let code = StatusCode::new(page.code);
        match index.get(&code) {
            Some(&i) => written[i] = Some(page),
            None if !table_complete => {}
            None => diagnostics.push(
                Diagnostic::error(format!(
                    "a page for code {code}, which the code table does not list"
                ))
                .at(page.file.clone(), "")
                .hint(format!(
                    "add a line `{code} <Reason>: <description>` to the table, or remove the page"
                )),
            ),
        }
    }
    // Each code is worked out on its own (its examples and snippets are most of the model's
    // time), in parallel; the problems are gathered in code order.
    let found: Vec<Diagnostics> = codes
        .par_iter_mut()
        .zip(written)
        .enumerate()
        .map(|(i, (code, page))| {
            let mut found = Diagnostics::default();
            if only.is_none_or(|only| only.contains(&code.code.get())) {
                describe(code, i, page, &index, &config, table_complete, &mut found);
            }
            found
        })
        .collect();
    for found in found {
        diagnostics.extend(found.into_vec());
    }

    let mut groups: Vec<CodeGroup> = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        match groups.last_mut() {
            Some(last) if last.group == code.group => last.codes.end = i + 1,
            _ => groups.push(CodeGroup {
                group: code.group,
                codes: i..i + 1,
            }),
        }
    }

    pages.sort_by(|a, b| {
        (a.meta.weight, &a.title, &a.path).cmp(&(b.meta.weight, &b.title, &b.path))
    });

    let site_paths = |files: &[Spanned<PathBuf>]| -> Vec<String> {
        files.iter().map(|f| content::site_path(&f.value)).collect()
    };
    let css = site_paths(&config.html.additional_css);
    let js = site_paths(&config.html.additional_js);
    assets.extend(extra_assets);

    Site {
        config,
        codes,
        index,
        groups,
        pages,
        intro,
        intro_links,
        assets,
        css,
        js,
    }
}

/// Fills in everything known about `code`, the `i`th of the site: its written page (if any)
/// and what that page says, the defaults for the rest, its generated example and client
/// snippets.
fn describe(
    code: &mut Code,
    i: usize,
    page: Option<CodePage>,
    index: &HashMap<StatusCode, usize>,
    config: &Config,
    table_complete: bool,
    diagnostics: &mut Diagnostics,
) {
    code.related.clear();
    let http = code.code.is_http();
    let entry = knowledge::lookup(code.code.get()).filter(|_| http);
    code.knowledge = entry;
    // Codes the knowledge base does not know are not heuristically cacheable (RFC 9110 §15.1).
    code.cacheable = entry.is_some_and(|e| e.cacheable);
    code.policy = match entry {
        Some(entry) => Some(entry.policy.clone()),
        None if http => Some(Policy::for_class(code.code.get())),
        None => None,
    };
    code.spec = match entry {
        Some(entry) => entry.spec.map(str::to_string),
        None => crate::knowledge::registry::lookup(code.code.get()).map(|r| r.spec()),
    };
    if let Some(page) = &page {
        for related in &page.meta.related {
            let other = StatusCode::new(related.value);
            match index.get(&other) {
                Some(&j) if j != i && !code.related.contains(&j) => code.related.push(j),
                Some(_) => {}
                None if !table_complete => {}
                None => diagnostics.push(
                    Diagnostic::error(format!("related code {other} is not in the code table"))
                        .at(related.at.clone(), "not a code of this site")
                        .hint("`related` may only list codes the table defines"),
                ),
            }
        }
        if let Some(cacheable) = page.meta.cacheable {
            code.cacheable = cacheable;
        }
        if let Some(retryable) = page.meta.retryable {
            let policy = code.policy.take().unwrap_or_else(|| Policy::for_class(500));
            code.policy = Some(policy.with_retryable(retryable));
        }
        // A custom code has no policy until its page gives it one.
        let base = code
            .policy
            .take()
            .or_else(|| page.meta.policy.retry.map(|_| Policy::for_class(400)));
        code.policy = base.map(|policy| page.meta.policy.apply(policy));
        if let Some(spec) = &page.meta.spec {
            code.spec = Some(spec.value.clone());
        }
    }
    code.retryable = code.policy.as_ref().is_some_and(Policy::is_retryable);
    code.page = page.map(Box::new);
    for &other in entry.map_or(&[][..], |e| e.related) {
        if let Some(&j) = index.get(&StatusCode::new(other))
            && j != i
            && !code.related.contains(&j)
        {
            code.related.push(j);
        }
    }
    code.example = exchange::generate(
        code.code.get(),
        &code.reason,
        &code.description,
        code.policy.as_ref(),
        &config.examples,
    )
    .map(Box::new);
    // The document's operation and example come after what HTTP requires, before what the
    // page itself writes.
    let profile = operations::attach(code, config);
    // The page's example blocks are read here and nowhere else: their text goes, and the
    // exchange is kept.
    let examples = code
        .page
        .as_mut()
        .map(|p| std::mem::take(&mut p.body.facts.http_examples));
    code.written_example = examples
        .and_then(|e| written_example(code.code.get(), &e))
        .map(Box::new);
    code.written_operation = match (&code.written_example, config.api.document.as_deref()) {
        (Some(example), Some(api)) => {
            operations::operation_of(api, example.request.method(), example.request.target())
        }
        _ => None,
    };
    let profile = profile.filter(|_| code.written_example.is_none());
    code.snippets = client_snippets(code, profile.as_ref().unwrap_or(&config.examples));
}

/// Puts a newly read page of a code of the site in place, as a build would have: for the dev
/// server, which re-reads only the files that changed. Returns the code's position.
pub fn replace_page(site: &mut Site, page: CodePage) -> Result<usize, Vec<Diagnostic>> {
    let code = StatusCode::new(page.code);
    let Some(&i) = site.index.get(&code) else {
        return Err(vec![
            Diagnostic::error(format!(
                "a page for code {code}, which the code table does not list"
            ))
            .at(page.file.clone(), ""),
        ]);
    };
    let mut diagnostics = Diagnostics::default();
    describe(
        &mut site.codes[i],
        i,
        Some(page),
        &site.index,
        &site.config,
        true,
        &mut diagnostics,
    );
    if diagnostics.has_errors() {
        Err(diagnostics.into_vec())
    } else {
        Ok(i)
    }
}

/// The generated snippets, with the page's own ```` ```<language> snippet ```` blocks replacing
/// the generated one of the same language or added after them. They send the request of the
/// page's own example when it has one, else that of the generated example: a page shows one
/// request.
fn client_snippets(code: &Code, examples: &Examples) -> Vec<Snippet> {
    let mut snippets = match code.written_example.as_ref().or(code.example.as_ref()) {
        Some(example) => {
            snippets::generate(code.code.get(), code.policy.as_ref(), example, examples)
        }
        None => Vec::new(),
    };
    let written = code.page.iter().flat_map(|p| &p.body.facts.snippets);
    for (language, text) in written {
        let (id, label) = snippet_tab(language);
        let snippet = Snippet {
            id: id.clone(),
            label,
            language: language.clone(),
            code: text.clone(),
        };
        match snippets.iter_mut().find(|s| s.id == id) {
            Some(existing) => *existing = snippet,
            None => snippets.push(snippet),
        }
    }
    snippets
}

/// The page's own example exchange: the first ```` ```http ```` block whose final response
/// has the page's code, else the first that reads as an exchange at all.
fn written_example(code: u32, blocks: &[String]) -> Option<Exchange> {
    let parsed: Vec<Exchange> = blocks.iter().filter_map(|b| exchange::parse(b)).collect();
    let position = parsed
        .iter()
        .position(|e| e.response().status() == code)
        .unwrap_or(0);
    parsed.into_iter().nth(position)
}

/// The tab a snippet in `language` goes in: its id and label, the same for every alias
/// of a language the highlighter knows (`kt` and `kotlin` share the Kotlin tab).
fn snippet_tab(language: &str) -> (String, String) {
    let (id, label) = match highlight::language(language) {
        Some("sh") => ("curl", "curl"),
        Some("js") => ("js", "JavaScript"),
        Some("python") => ("python", "Python"),
        Some("go") => ("go", "Go"),
        Some("rust") => ("rust", "Rust"),
        Some("java") => ("java", "Java"),
        Some("kotlin") => ("kotlin", "Kotlin"),
        Some("swift") => ("swift", "Swift"),
        Some("csharp") => ("csharp", "C#"),
        Some("php") => ("php", "PHP"),
        Some("ruby") => ("ruby", "Ruby"),
        _ => ("", ""),
    };
    if id.is_empty() {
        let lower = language.to_ascii_lowercase();
        let id: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
        (id, language.to_string())
    } else {
        (id.to_string(), label.to_string())
    }
}
