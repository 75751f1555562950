//! What search knows of each page: the fields a word can match in, filled from the model,
//! the knowledge base and the text the page shows, written or generated.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::base::status::Class;
use crate::input::content::{Body, Page};
use crate::knowledge::{self, Retry};
use crate::model::{Code, Site};
use crate::render::sections::{self, Written};
use crate::text::markdown;

use super::terms::Found;

/// The fields a word can match in, best first: a match in an earlier field weighs more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The reason phrase or page title.
    Reason = 0,
    /// Other names: front matter `aliases` and `keywords`, former reason phrases and
    /// nicknames from the knowledge base.
    Aliases = 1,
    /// What the code is about: words from its policy (`retry`, `cache`, `redirect`,
    /// `auth`), its class's name for an `x00` code, and the headers that matter for it. A
    /// query naming a topic ranks the codes about it above pages that mention it.
    Topics = 2,
    /// The table's description and the page's summary (else the built-in one).
    Summary = 3,
    /// The written page's headings, the class's name and the headers of the example.
    Headings = 4,
    /// Everything else the page says: its written text and the built-in reference.
    Body = 5,
}

impl From<Field> for usize {
    fn from(field: Field) -> usize {
        field as usize
    }
}

/// How many fields there are.
pub const FIELDS: usize = 6;

/// The fields whose vocabulary the first search loads (see [`super`]); the body's is
/// only in the term shards.
pub(super) const SMALL_FIELDS: [Field; 5] = [
    Field::Reason,
    Field::Aliases,
    Field::Topics,
    Field::Summary,
    Field::Headings,
];

/// What search knows of one page, a code's or another: owned and serialisable, so a
/// build can keep the documents of pages that did not change and rebuild only the others
/// (see [`super::files`]). The text is tokenized here, once per document, so that writing
/// the index from documents is only a matter of joining their terms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// The status code, for a code's page.
    pub code: Option<u32>,
    /// The reason phrase or the page's title.
    pub title: String,
    /// What a result shows under the title: the page's summary, else its description.
    pub shown: String,
    /// The page's site path, for pages (a code's path follows from its number).
    pub url: Option<String>,
    /// The page's text as a reader sees it, blocks on lines of their own: what result
    /// snippets are cut from.
    pub text: String,
    /// Every term of the document ([`super::each_term`] and [`super::each_compound`]),
    /// each once, in byte order, separated by spaces.
    pub terms: String,
    /// Per term of `terms`, the fields it is in: bit `f` for [`Field`] `f`.
    pub term_fields: Vec<u8>,
}

thread_local! {
    /// Each thread's tables for tokenizing, emptied after each document.
    static FOUND: std::cell::RefCell<Found> = std::cell::RefCell::default();
}

impl SearchDoc {
    /// The document of a page with this title and the texts of each field
    /// (`fields[f]` for [`Field`] `f`; the title is the reason field's first text, and the
    /// body's texts are its text).
    pub fn new(
        code: Option<u32>,
        title: String,
        shown: String,
        url: Option<String>,
        fields: [Vec<String>; FIELDS],
    ) -> SearchDoc {
        let (terms, term_fields) = FOUND.with_borrow_mut(|found| {
            found.add(Field::Reason, &title);
            for (field, texts) in fields.iter().enumerate() {
                for text in texts {
                    found.add(field, text);
                }
            }
            found.take()
        });
        let [.., body] = fields;
        SearchDoc {
            code,
            title,
            shown,
            url,
            text: body.join("\n"),
            terms,
            term_fields,
        }
    }

    /// The document's terms, in byte order, each with its fields.
    pub fn each_term(&self) -> impl Iterator<Item = (&str, u8)> {
        // Terms are short: a plain scan beats `split`'s search for each space.
        let terms = self.terms.as_bytes();
        let mut start = 0;
        std::iter::from_fn(move || {
            while start < terms.len() && terms[start] == b' ' {
                start += 1;
            }
            let end = start
                + terms[start..]
                    .iter()
                    .position(|&b| b == b' ')
                    .unwrap_or(terms.len() - start);
            let term = (end > start).then(|| &self.terms[start..end]);
            start = end;
            term
        })
        .zip(self.term_fields.iter().copied())
    }
}

/// Response headers nearly every example carries: naming them says nothing about a code.
const EVERYWHERE: [&str; 3] = ["content-type", "content-length", "date"];

/// The document of every code, in site order, then of every other page.
pub fn documents(site: &Site) -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = site.codes.par_iter().map(code_doc).collect();
    docs.extend(site.pages.iter().map(page_doc));
    docs
}

/// The document of `site.codes[code]`: document number `code` of [`documents`].
pub fn code_document(site: &Site, code: usize) -> SearchDoc {
    code_doc(&site.codes[code])
}

/// The document of `site.pages[page]`: document number `site.codes.len() + page`.
pub fn page_document(site: &Site, page: usize) -> SearchDoc {
    page_doc(&site.pages[page])
}

fn page_doc(page: &Page) -> SearchDoc {
    let description = page.meta.description.as_deref().unwrap_or("");
    let mut fields: [Vec<String>; FIELDS] = Default::default();
    fields[Field::Summary as usize].push(description.into());
    // A guide's headings are what it is about.
    fields[Field::Topics as usize].extend(heading_texts(&page.body));
    fields[Field::Body as usize].push(page.body.text());
    SearchDoc::new(
        None,
        page.title.clone(),
        description.into(),
        Some(page.path.clone()),
        fields,
    )
}

fn code_doc(code: &Code) -> SearchDoc {
    let page = code.page.as_deref();
    let entry = code.knowledge;
    let mut fields: [Vec<String>; FIELDS] = Default::default();
    let [_, aliases, topics, summary, headings, body] = &mut fields;

    if let Some(meta) = page.map(|p| &p.meta) {
        aliases.extend(meta.aliases.iter().chain(&meta.keywords).cloned());
    }
    if let Some(entry) = entry {
        aliases.extend(entry.former_names.iter().map(|f| f.name.to_string()));
        aliases.extend(entry.nicknames.iter().map(|&n| n.to_string()));
    }
    // Each name of several words also as one compound (`proxyerror`), which a query of
    // those words finds: a query that names a code's alias outranks one that has its words.
    let phrases: Vec<String> = aliases
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(code.reason.as_str()))
        .filter(|name| name.contains(' '))
        .map(|name| name.replace(' ', "-"))
        .collect();
    aliases.extend(phrases);
    topics.extend(code_topics(code).iter().map(|&t| t.to_string()));
    // The class's name ("Client Error") is on every page of the class, and is what its
    // `x00` code, the class's general code, is about.
    if let Some(class) = Class::of(code.code) {
        if code.code.get().is_multiple_of(100) {
            topics.push(class.name().into());
        }
        headings.push(class.name().into());
    }

    summary.push(code.description.clone());
    match (code.summary(), entry) {
        (Some(lead), _) => summary.push(lead.into()),
        // Without a written summary, the built-in one opens the page's reference.
        (None, Some(entry)) => summary.push(entry.summary.into()),
        (None, None) => {}
    }

    if let Some(page) = page {
        headings.extend(heading_texts(&page.body));
    }
    // The headers that matter for a code are what it is about (`Retry-After` for 429).
    if let Some(entry) = entry {
        topics.extend(entry.headers.iter().map(|h| h.name.to_string()));
    }
    let example = code.written_example.as_ref().or(code.example.as_ref());
    for response in example.iter().flat_map(|e| &e.responses) {
        for (name, _) in &response.headers {
            if !EVERYWHERE.contains(&name.to_ascii_lowercase().as_str()) {
                headings.push(name.clone());
            }
        }
    }

    body.push(page_text(code));
    SearchDoc::new(
        Some(code.code.get()),
        code.reason.clone(),
        code.summary().unwrap_or(&code.description).into(),
        None,
        fields,
    )
}

/// The text of every heading of a page.
fn heading_texts(body: &Body) -> impl Iterator<Item = String> + '_ {
    body.facts.headings.iter().map(|h| h.text.clone())
}

/// The text of a code's page as a reader sees it: the written page, then the built-in
/// sections it shows (their generic headings left out: they are on every page).
fn page_text(code: &Code) -> String {
    let page = code.page.as_deref();
    let written = page.map(Written::of);
    let builtin = sections::builtin_markdown(
        code.code.get(),
        written.as_ref(),
        code.knowledge,
        code.policy.as_ref(),
    );
    let mut text = page.map_or_else(String::new, |p| p.body.text());
    for (_, markdown) in builtin {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&markdown::text(&markdown));
    }
    text
}

/// What a code is about, as the words a reader would search for: from the policy a client
/// follows (retry, redirect), whether it is cacheable, and the authentication headers that
/// come with it.
fn code_topics(code: &Code) -> &'static [&'static str] {
    const RETRY: &[&str] = &["retry", "retries", "retrying", "backoff"];
    const REDIRECT: &[&str] = &["redirect", "redirects", "redirection"];
    const CACHE: &[&str] = &["cache", "caching", "cacheable", "cached"];
    const AUTH: &[&str] = &[
        "auth",
        "authentication",
        "authorization",
        "credentials",
        "login",
    ];
    const AUTH_HEADERS: [&str; 3] = ["WWW-Authenticate", "Proxy-Authenticate", "Authorization"];
    let authenticates = code
        .knowledge
        .is_some_and(|k| k.headers.iter().any(|h| AUTH_HEADERS.contains(&h.name)));
    if authenticates {
        return AUTH;
    }
    match code.policy.as_ref().map(|p| p.retry) {
        Some(Retry::Wait | Retry::Backoff) => RETRY,
        Some(Retry::Redirect) => REDIRECT,
        _ if code.cacheable || code.code.get() == 304 => CACHE,
        _ => &[],
    }
}

/// Each document's place in [`knowledge::MOST_MET`], for the codes it lists: the ids of
/// those documents, most met first.
pub(super) fn most_met(docs: &[SearchDoc]) -> Vec<u32> {
    let mut ranked: Vec<(usize, u32)> = docs
        .iter()
        .enumerate()
        .filter_map(|(id, doc)| {
            let place = knowledge::MOST_MET
                .iter()
                .position(|&c| Some(c) == doc.code)?;
            Some((place, id as u32))
        })
        .collect();
    ranked.sort_unstable();
    ranked.into_iter().map(|(_, id)| id).collect()
}
