//! The search index, built from the model at build time and written as JavaScript files
//! that a `<script>` element can load, so search works from `file://` and with no server.
//!
//! Files, all under `search/`:
//! - `index.js`: every document (code, reason, description), the sorted vocabulary, and
//!   the postings of the small fields (reason, keywords, description). This is what the
//!   first search loads.
//! - `b<k>.js`: the body postings of a contiguous range of the vocabulary, loaded when a
//!   query word needs them. Prefixes of one word fall in one or two of these.
//! - `t<k>.js`: the plain text of a run of documents, loaded only to show a snippet.
//!
//! Each file calls `statusbookSearch.index(…)`, `.shard(k, …)` or `.text(k, …)`.
//! The query side is `templates/static/search.js`; the two share the tokenizer and the
//! posting encoding described on [`encode_postings`].

use rustc_hash::FxHashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Site;

/// The folder of the index files in the site.
pub const DIR: &str = "search";
/// Raised when the layout of the index files changes, so a stale script refuses them.
pub const FORMAT: u32 = 1;
/// Target size of one body-postings file.
const SHARD_BYTES: usize = 24 * 1024;
/// Target size of one text file.
const TEXT_BYTES: usize = 48 * 1024;

/// The fields a word can match in, best first: the order results are ranked by.
#[derive(Clone, Copy)]
enum Field {
    Reason = 0,
    Keywords = 1,
    Description = 2,
    Body = 3,
}

/// One searchable document: a code's page or another page.
struct Doc<'a> {
    code: Option<u32>,
    title: &'a str,
    description: &'a str,
    /// The page's site path, for pages (a code's path follows from its number).
    url: Option<&'a str>,
    keywords: Vec<&'a str>,
    body: &'a str,
}

/// The index files for `site`, as (site path, bytes).
pub fn build(site: &Site) -> Vec<(String, Vec<u8>)> {
    let docs = documents(site);
    let terms = vocabulary(&docs);
    let doc_count = docs.len() as u32;
    let mut files = Vec::new();

    let body: Vec<String> = terms
        .par_iter()
        .map(|term| encode_postings(&term.postings[Field::Body as usize], doc_count))
        .collect();
    let shard_starts = chunk_starts(body.iter().map(|postings| postings.len() + 3), SHARD_BYTES);
    for (k, range) in ranges(&shard_starts, body.len()).enumerate() {
        files.push(script(&format!("b{k}.js"), "shard", k, &body[range]));
    }

    let texts: Vec<&str> = docs.iter().map(|doc| doc.body).collect();
    let text_starts = chunk_starts(texts.iter().map(|text| text.len()), TEXT_BYTES);
    for (k, range) in ranges(&text_starts, texts.len()).enumerate() {
        files.push(script(&format!("t{k}.js"), "text", k, &texts[range]));
    }

    let field = |f: Field| -> Vec<Sparse> {
        let mut sparse = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            let ids = &term.postings[f as usize];
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
        terms: terms.iter().map(|t| t.term.as_str()).collect(),
        reason: field(Field::Reason),
        keywords: field(Field::Keywords),
        description: field(Field::Description),
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

/// The vocabulary of every document, sorted. Documents are tokenized in parallel, in runs
/// whose partial vocabularies are then merged in document order, keeping postings sorted.
fn vocabulary(docs: &[Doc<'_>]) -> Vec<Term> {
    // A few runs per thread: enough to balance the load, few enough that merging is cheap.
    let run_len = docs
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(64);
    let partials: Vec<Vocabulary> = docs
        .par_chunks(run_len)
        .enumerate()
        .map(|(run, chunk)| {
            let mut vocabulary = Vocabulary::default();
            for (offset, doc) in chunk.iter().enumerate() {
                let id = (run * run_len + offset) as u32;
                vocabulary.add(id, Field::Reason, doc.title);
                for keyword in &doc.keywords {
                    vocabulary.add(id, Field::Keywords, keyword);
                }
                vocabulary.add(id, Field::Description, doc.description);
                vocabulary.add(id, Field::Body, doc.body);
            }
            vocabulary
        })
        .collect();
    let mut all = Vocabulary::default();
    for partial in partials {
        all.merge(partial);
    }
    all.sorted()
}

#[derive(Serialize)]
struct CoreIndex<'a> {
    format: u32,
    /// `[code, reason, description]` for codes, `[null, title, description, url]` for pages.
    docs: Vec<DocRecord<'a>>,
    terms: Vec<&'a str>,
    /// Sparse postings per field: term index, encoded postings, term index, …
    reason: Vec<Sparse>,
    keywords: Vec<Sparse>,
    description: Vec<Sparse>,
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

fn documents(site: &Site) -> Vec<Doc<'_>> {
    let codes = site.codes.iter().map(|code| {
        let page = code.page.as_ref();
        let meta = page.map(|p| &p.meta);
        Doc {
            code: Some(code.code.get()),
            title: &code.reason,
            description: &code.description,
            url: None,
            keywords: meta
                .map(|m| {
                    m.keywords
                        .iter()
                        .chain(&m.aliases)
                        .map(String::as_str)
                        .collect()
                })
                .unwrap_or_default(),
            body: page.map_or("", |p| p.body.text.as_str()),
        }
    });
    let pages = site.pages.iter().map(|page| Doc {
        code: None,
        title: &page.title,
        description: page.meta.description.as_deref().unwrap_or(""),
        url: Some(&page.path),
        keywords: Vec::new(),
        body: &page.body.text,
    });
    codes.chain(pages).collect()
}

fn doc_record<'a>(doc: &Doc<'a>) -> DocRecord<'a> {
    match (doc.code, doc.url) {
        (Some(code), _) => DocRecord::Code(code, doc.title, doc.description),
        (None, url) => DocRecord::Page(None, doc.title, doc.description, url.unwrap_or("")),
    }
}

/// A JavaScript file that hands file number `k` and its `items` to `statusbookSearch.<method>`.
fn script<T: Serialize>(name: &str, method: &str, k: usize, items: &[T]) -> (String, Vec<u8>) {
    let items = serde_json::to_string(items).expect("plain data serialises");
    let js = format!("statusbookSearch.{method}({k},{items});\n");
    (format!("{DIR}/{name}"), js.into_bytes())
}

/// Calls `found` with each search term of `text`: lower-case runs of letters and digits,
/// two characters or more, not all digits (numbers are matched against codes, not text).
///
/// The script splits queries the same way: `/[^\p{Alphabetic}\p{N}]+/u` after lower-casing.
pub fn each_term(text: &str, mut found: impl FnMut(&str)) {
    let keep = |term: &str| term.len() > 1 && !term.bytes().all(|b| b.is_ascii_digit());
    if text.is_ascii() {
        // Most text is ASCII: scan bytes, without decoding characters.
        let lower = text.to_ascii_lowercase();
        let bytes = lower.as_bytes();
        let mut start = None;
        for (i, &b) in bytes.iter().chain(std::iter::once(&b' ')).enumerate() {
            match (b.is_ascii_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let term = &lower[s..i];
                    if keep(term) {
                        found(term);
                    }
                    start = None;
                }
                _ => {}
            }
        }
        return;
    }
    let lower = text.to_lowercase();
    for term in lower.split(|c: char| !c.is_alphanumeric()) {
        if term.chars().nth(1).is_some() && keep(term) {
            found(term);
        }
    }
}

/// Terms and, per term and field, the documents holding it.
#[derive(Default)]
struct Vocabulary {
    /// A fast, unkeyed hash: terms are not attacker-chosen, and this is the hot loop.
    ids: FxHashMap<String, usize>,
    entries: Vec<Term>,
}

struct Term {
    term: String,
    /// Per field, the increasing ids of the documents holding the term.
    postings: [Vec<u32>; 4],
}

impl Vocabulary {
    /// Records that document `doc` (added in increasing order) holds the terms of `text` in `field`.
    fn add(&mut self, doc: u32, field: Field, text: &str) {
        each_term(text, |term| {
            let id = match self.ids.get(term) {
                Some(&id) => id,
                None => {
                    let id = self.entries.len();
                    self.entries.push(Term {
                        term: term.to_string(),
                        postings: Default::default(),
                    });
                    self.ids.insert(term.to_string(), id);
                    id
                }
            };
            let list = &mut self.entries[id].postings[field as usize];
            if list.last() != Some(&doc) {
                list.push(doc);
            }
        });
    }

    /// Adds the postings of `later`, whose documents all come after this one's.
    fn merge(&mut self, later: Vocabulary) {
        if self.entries.is_empty() {
            *self = later;
            return;
        }
        for entry in later.entries {
            match self.ids.get(&entry.term) {
                Some(&id) => {
                    for (mine, theirs) in self.entries[id].postings.iter_mut().zip(entry.postings) {
                        mine.extend(theirs);
                    }
                }
                None => {
                    self.ids.insert(entry.term.clone(), self.entries.len());
                    self.entries.push(entry);
                }
            }
        }
    }

    /// The terms in byte order, so every prefix is a contiguous range.
    fn sorted(self) -> Vec<Term> {
        let mut entries = self.entries;
        entries.sort_unstable_by(|a, b| a.term.cmp(&b.term));
        entries
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes increasing document ids in whichever of two forms is shorter:
///
/// - a list of gaps (`id - previous - 1`, the first from -1), each a little-endian varint of
///   base-64 digits from [`ALPHABET`] carrying 5 bits, with 32 added while more digits follow;
/// - `~` and a bitmap: digit `i` holds documents `6i` to `6i + 5` in its bits 0 to 5.
pub fn encode_postings(ids: &[u32], doc_count: u32) -> String {
    let mut list = String::new();
    let mut previous: i64 = -1;
    for &id in ids {
        let mut gap = (i64::from(id) - previous - 1) as u64;
        previous = i64::from(id);
        loop {
            let digit = (gap & 31) as usize;
            gap >>= 5;
            if gap == 0 {
                list.push(ALPHABET[digit] as char);
                break;
            }
            list.push(ALPHABET[digit | 32] as char);
        }
    }
    let bitmap_len = (doc_count as usize).div_ceil(6) + 1;
    if list.len() <= bitmap_len {
        return list;
    }
    let mut bits = vec![0u8; bitmap_len - 1];
    for &id in ids {
        bits[id as usize / 6] |= 1 << (id % 6);
    }
    std::iter::once('~')
        .chain(bits.into_iter().map(|b| ALPHABET[b as usize] as char))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoder the script implements, to check the encoding round-trips.
    fn decode(encoded: &str) -> Vec<u32> {
        let digit = |c: char| ALPHABET.iter().position(|&a| a as char == c).unwrap() as u64;
        let mut ids = Vec::new();
        if let Some(bitmap) = encoded.strip_prefix('~') {
            for (i, c) in bitmap.chars().enumerate() {
                for bit in 0..6 {
                    if digit(c) & (1 << bit) != 0 {
                        ids.push((i * 6 + bit) as u32);
                    }
                }
            }
            return ids;
        }
        let (mut previous, mut value, mut shift) = (-1i64, 0u64, 0);
        for c in encoded.chars() {
            let d = digit(c);
            value |= (d & 31) << shift;
            shift += 5;
            if d < 32 {
                previous += value as i64 + 1;
                ids.push(previous as u32);
                (value, shift) = (0, 0);
            }
        }
        ids
    }

    #[test]
    fn sparse_postings_are_gap_lists() {
        assert_eq!(encode_postings(&[0], 1000), "A");
        assert_eq!(encode_postings(&[0, 1, 2], 1000), "AAA");
        assert_eq!(encode_postings(&[5, 40], 1000), "FiB");
        for ids in [vec![0, 31, 32, 33, 1000, 99_999], vec![7], vec![]] {
            assert_eq!(decode(&encode_postings(&ids, 100_000)), ids);
        }
    }

    #[test]
    fn dense_postings_are_bitmaps() {
        let all: Vec<u32> = (0..600).collect();
        let encoded = encode_postings(&all, 600);
        assert!(encoded.starts_with('~'));
        assert_eq!(encoded.len(), 101);
        assert_eq!(decode(&encoded), all);
        let every_third: Vec<u32> = (0..600).step_by(3).collect();
        assert_eq!(decode(&encode_postings(&every_third, 600)), every_third);
    }

    #[test]
    fn terms_are_lower_case_words_without_numbers_or_single_letters() {
        let mut found = Vec::new();
        each_term(
            "Retry-After: 120 seconds; a WWW-Authenticate Ünïcode x2",
            |t| found.push(t.to_string()),
        );
        assert_eq!(
            found,
            [
                "retry",
                "after",
                "seconds",
                "www",
                "authenticate",
                "ünïcode",
                "x2"
            ]
        );
    }
}
