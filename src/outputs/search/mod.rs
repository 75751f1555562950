//! The search index, built from the model at build time and written as JavaScript files
//! that a `<script>` element can load, so search works from `file://` and with no server.
//!
//! Files, all under `search/`:
//! - `index.js`: every document (code, reason, what a result shows), the sorted
//!   vocabulary, the postings of the small fields (reason, aliases, topics, summary,
//!   headings: see [`documents::Field`]) and the codes most often met. This is what the
//!   first search loads.
//! - `b<k>.js`: the body postings (written and built-in text) of a contiguous range of the
//!   vocabulary, loaded when a query word needs them. Prefixes of one word fall in one or
//!   two of these.
//! - `t<k>.js`: the plain text of a run of documents, loaded only to show a snippet.
//!
//! Each file calls `statusbookSearch.index(…)`, `.shard(k, …)` or `.text(k, …)`.
//! The query side is `templates/static/search.js`; the two share the tokenizer and the
//! posting encoding described on [`encode_postings`].

use rayon::prelude::*;
use serde::Serialize;

use crate::base::diagnostic::Diagnostic;
use crate::input::templates::Templates;
use crate::model::Site;
use crate::outputs::{Claim, Generator, Sink};

mod documents;
mod postings;
mod terms;

use documents::{Doc, Field, SMALL_FIELDS, documents, most_met};
pub use postings::encode_postings;
use terms::vocabulary;
pub use terms::{each_compound, each_term};

/// The folder of the index files in the site.
pub const DIR: &str = "search";
/// Raised when the layout of the index files changes, so a stale script refuses them.
pub const FORMAT: u32 = 2;
/// Target size of one body-postings file.
const SHARD_BYTES: usize = 24 * 1024;
/// Target size of one text file.
const TEXT_BYTES: usize = 48 * 1024;

/// The index files for `site`, as (site path, bytes).
pub fn build(site: &Site) -> Vec<(String, Vec<u8>)> {
    let docs = documents(site);
    let terms = vocabulary(&docs);
    let doc_count = docs.len() as u32;
    let mut files = Vec::new();

    let body: Vec<String> = (0..terms.terms.len())
        .into_par_iter()
        .map(|term| encode_postings(terms.postings(term, Field::Body), doc_count))
        .collect();
    let shard_starts = chunk_starts(body.iter().map(|postings| postings.len() + 3), SHARD_BYTES);
    let shards: Vec<_> = ranges(&shard_starts, body.len()).collect();
    files.par_extend(
        shards
            .into_par_iter()
            .enumerate()
            .map(|(k, range)| script(&format!("b{k}.js"), "shard", k, &body[range])),
    );

    let texts: Vec<&str> = docs.iter().map(Doc::body).collect();
    let text_starts = chunk_starts(texts.iter().map(|text| text.len()), TEXT_BYTES);
    let runs: Vec<_> = ranges(&text_starts, texts.len()).collect();
    files.par_extend(
        runs.into_par_iter()
            .enumerate()
            .map(|(k, range)| script(&format!("t{k}.js"), "text", k, &texts[range])),
    );

    let field = |f: Field| -> Vec<Sparse> {
        let mut sparse = Vec::new();
        for i in 0..terms.terms.len() {
            let ids = terms.postings(i, f);
            if !ids.is_empty() {
                sparse.push(Sparse::Term(i));
                sparse.push(Sparse::Postings(encode_postings(ids, doc_count)));
            }
        }
        sparse
    };
    let index = CoreIndex {
        format: FORMAT,
        docs: docs.iter().map(doc_record).collect(),
        terms: terms.terms.iter().map(|t| &**t).collect(),
        fields: SMALL_FIELDS
            .iter()
            .map(|&(f, name)| (name, field(f)))
            .collect(),
        common: most_met(&docs),
        shards: shard_starts,
        texts: text_starts,
    };
    let core = serde_json::to_string(&index).expect("plain data serialises");
    files.push((
        format!("{DIR}/index.js"),
        format!("statusbookSearch.index({core});\n").into_bytes(),
    ));
    files
}

/// Where each file starts, cutting a list of items of the given sizes into files of about
/// `target` bytes.
fn chunk_starts(sizes: impl Iterator<Item = usize>, target: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = target;
    for (i, item) in sizes.enumerate() {
        if size >= target {
            starts.push(i);
            size = 0;
        }
        size += item;
    }
    starts
}

fn ranges(starts: &[usize], len: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    starts
        .iter()
        .enumerate()
        .map(move |(k, &start)| start..starts.get(k + 1).copied().unwrap_or(len))
}

#[derive(Serialize)]
struct CoreIndex<'a> {
    format: u32,
    /// `[code, reason, description]` for codes, `[null, title, description, url]` for pages.
    docs: Vec<DocRecord<'a>>,
    terms: Vec<&'a str>,
    /// Per field held here, by name: sparse postings, term index, encoded postings, …
    #[serde(flatten)]
    fields: std::collections::BTreeMap<&'static str, Vec<Sparse>>,
    /// Documents of codes most often met, most met first: the tie-breaker between equal
    /// matches.
    common: Vec<u32>,
    /// The first term index of each body shard `b<k>.js`.
    shards: Vec<usize>,
    /// The first document of each text file `t<k>.js`.
    texts: Vec<usize>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum DocRecord<'a> {
    Code(u32, &'a str, &'a str),
    Page(Option<u32>, &'a str, &'a str, &'a str),
}

#[derive(Serialize)]
#[serde(untagged)]
enum Sparse {
    Term(usize),
    Postings(String),
}

fn doc_record<'a>(doc: &Doc<'a>) -> DocRecord<'a> {
    match (doc.code, doc.url) {
        (Some(code), _) => DocRecord::Code(code, doc.title, doc.shown),
        (None, url) => DocRecord::Page(None, doc.title, doc.shown, url.unwrap_or("")),
    }
}

/// A JavaScript file that hands file number `k` and its `items` to `statusbookSearch.<method>`.
fn script<T: Serialize>(name: &str, method: &str, k: usize, items: &[T]) -> (String, Vec<u8>) {
    let items = serde_json::to_string(items).expect("plain data serialises");
    let js = format!("statusbookSearch.{method}({k},{items});\n");
    (format!("{DIR}/{name}"), js.into_bytes())
}

/// The search index: `search/*.js`, built from the model alone, in a thread of its own
/// during a build.
pub struct SearchIndex;

impl Generator for SearchIndex {
    fn name(&self) -> &'static str {
        "the search index"
    }

    fn claims(&self, _: &Site, _: &Templates) -> Vec<Claim> {
        vec![Claim::folder(DIR)]
    }

    fn render(
        &self,
        site: &Site,
        _: &Templates,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        for (path, bytes) in build(site) {
            out(path, bytes);
        }
        Ok(())
    }

    fn own_thread(&self) -> bool {
        true
    }
}
