//! What search knows of each page: the fields a word can match in, filled from the model,
//! the knowledge base and the text the page shows, written or generated.

use std::borrow::Cow;

use crate::base::status::Class;
use crate::knowledge::{self, Retry};
use crate::model::{Code, Site};
use crate::render::sections::{self, Written};
use crate::text::markdown::{self, Rendered};

/// The fields a word can match in, best first: a match in an earlier field weighs more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
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
pub(super) const FIELDS: usize = 6;

/// The fields held in `index.js`, loaded with the first search; the body is in shards.
pub(super) const SMALL_FIELDS: [(Field, &str); 5] = [
    (Field::Reason, "reason"),
    (Field::Aliases, "aliases"),
    (Field::Topics, "topics"),
    (Field::Summary, "summary"),
    (Field::Headings, "headings"),
];

/// One searchable document: a code's page or another page.
pub(super) struct Doc<'a> {
    pub code: Option<u32>,
    pub title: &'a str,
    /// What a result shows under the title: the page's summary, else its description.
    pub shown: &'a str,
    /// The page's site path, for pages (a code's path follows from its number).
    pub url: Option<&'a str>,
    /// The text of each field but the title: `fields[f]` for [`Field`] `f`.
    pub fields: [Vec<Cow<'a, str>>; FIELDS],
}

impl<'a> Doc<'a> {
    /// The body's text, blocks on their own lines: what result snippets are cut from.
    pub fn body(&self) -> &str {
        self.fields[Field::Body as usize]
            .first()
            .map_or("", |text| text.as_ref())
    }
}

/// Response headers nearly every example carries: naming them says nothing about a code.
const EVERYWHERE: [&str; 3] = ["content-type", "content-length", "date"];

pub(super) fn documents(site: &Site) -> Vec<Doc<'_>> {
    let codes = site.codes.iter().map(code_doc);
    let pages = site.pages.iter().map(|page| {
        let description = page.meta.description.as_deref().unwrap_or("");
        let mut fields: [Vec<Cow<'_, str>>; FIELDS] = Default::default();
        fields[Field::Summary as usize].push(description.into());
        // A guide's headings are what it is about.
        fields[Field::Topics as usize].extend(heading_texts(&page.body));
        fields[Field::Body as usize].push(page.body.text.as_str().into());
        Doc {
            code: None,
            title: &page.title,
            shown: description,
            url: Some(&page.path),
            fields,
        }
    });
    codes.chain(pages).collect()
}

fn code_doc(code: &Code) -> Doc<'_> {
    let page = code.page.as_ref();
    let entry = code.knowledge;
    let mut fields: [Vec<Cow<'_, str>>; FIELDS] = Default::default();
    let [_, aliases, topics, summary, headings, body] = &mut fields;

    if let Some(meta) = page.map(|p| &p.meta) {
        aliases.extend(meta.aliases.iter().chain(&meta.keywords).map(|s| s.into()));
    }
    if let Some(entry) = entry {
        aliases.extend(entry.former_names.iter().map(|f| f.name.into()));
        aliases.extend(entry.nicknames.iter().map(|&n| n.into()));
    }
    // Each name of several words also as one compound (`proxyerror`), which a query of
    // those words finds: a query that names a code's alias outranks one that has its words.
    let phrases: Vec<Cow<'_, str>> = aliases
        .iter()
        .chain(std::iter::once(&Cow::from(code.reason.as_str())))
        .filter(|name| name.contains(' '))
        .map(|name| name.replace(' ', "-").into())
        .collect();
    aliases.extend(phrases);
    topics.extend(code_topics(code).iter().map(|&t| Cow::from(t)));
    // The class's name ("Client Error") is on every page of the class, and is what its
    // `x00` code, the class's general code, is about.
    if let Some(class) = Class::of(code.code) {
        if code.code.get().is_multiple_of(100) {
            topics.push(class.name().into());
        }
        headings.push(class.name().into());
    }

    summary.push(code.description.as_str().into());
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
        topics.extend(entry.headers.iter().map(|h| Cow::from(h.name)));
    }
    let example = code.written_example.as_ref().or(code.example.as_ref());
    for response in example.iter().flat_map(|e| &e.responses) {
        for (name, _) in &response.headers {
            if !EVERYWHERE.contains(&name.to_ascii_lowercase().as_str()) {
                headings.push(name.as_str().into());
            }
        }
    }

    body.push(page_text(code));
    Doc {
        code: Some(code.code.get()),
        title: &code.reason,
        shown: code.summary().unwrap_or(&code.description),
        url: None,
        fields,
    }
}

/// The text of every heading of a rendered page.
fn heading_texts(body: &Rendered) -> impl Iterator<Item = Cow<'_, str>> {
    body.headings.iter().map(|h| Cow::from(h.text.as_str()))
}

/// The text of a code's page as a reader sees it: the written page, then the built-in
/// sections it shows (their generic headings left out: they are on every page).
fn page_text(code: &Code) -> Cow<'_, str> {
    let page = code.page.as_ref();
    let written = page.map(Written::of);
    let builtin = sections::builtin_markdown(
        code.code.get(),
        written.as_ref(),
        code.knowledge,
        code.policy.as_ref(),
    );
    let own = page.map_or("", |p| p.body.text.as_str());
    if builtin.is_empty() {
        return own.into();
    }
    let mut text = own.to_string();
    for (_, markdown) in builtin {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&markdown::render(&markdown).text);
    }
    text.into()
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
pub(super) fn most_met(docs: &[Doc<'_>]) -> Vec<u32> {
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
