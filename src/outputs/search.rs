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

use crate::base::diagnostic::Diagnostic;
use crate::input::templates::Templates;
use crate::model::Site;
use crate::outputs::{Claim, Generator, Sink};

/// The folder of the index files in the site.
pub const DIR: &str = "search";
/// Raised when the layout of the index files changes, so a stale script refuses them.
pub const FORMAT: u32 = 1;
/// Target size of one body-postings file.
const SHARD_BYTES: usize = 24 * 1024;
/// Target size of one text file.
const TEXT_BYTES: usize = 48 * 1024;

/// How many fields there are.
const FIELDS: usize = 4;

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
    /// What a result shows under the title: the page's summary, else its description.
    shown: &'a str,
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

    let texts: Vec<&str> = docs.iter().map(|doc| doc.body).collect();
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

/// The vocabulary of every document, sorted. Documents are tokenized in parallel runs, each
/// recording (term, document) pairs; the runs are then joined in document order.
fn vocabulary(docs: &[Doc<'_>]) -> Vocabulary {
    // A few runs per thread: enough to balance the load, few enough that joining is cheap.
    let run_len = docs
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(64);
    let runs: Vec<Run> = docs
        .par_chunks(run_len)
        .enumerate()
        .map(|(run, chunk)| {
            let mut terms = Run::default();
            for (offset, doc) in chunk.iter().enumerate() {
                let id = (run * run_len + offset) as u32;
                terms.add(id, Field::Reason, doc.title);
                for keyword in &doc.keywords {
                    terms.add(id, Field::Keywords, keyword);
                }
                terms.add(id, Field::Description, doc.description);
                if doc.shown != doc.description {
                    terms.add(id, Field::Description, doc.shown);
                }
                terms.add(id, Field::Body, doc.body);
            }
            terms
        })
        .collect();
    Vocabulary::join(&runs)
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
            shown: code.summary().unwrap_or(&code.description),
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
        shown: page.meta.description.as_deref().unwrap_or(""),
        url: Some(&page.path),
        keywords: Vec::new(),
        body: &page.body.text,
    });
    codes.chain(pages).collect()
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

/// Calls `found` with each search term of `text`: lower-case runs of letters and digits,
/// two characters or more, not all digits (numbers are matched against codes, not text).
///
/// The script splits queries the same way: `/[^\p{Alphabetic}\p{N}]+/u` after lower-casing.
pub fn each_term(text: &str, mut found: impl FnMut(&str)) {
    // Index text takes the faster ASCII path of `Run::add`; this is for the rest.
    let lower = text.to_lowercase();
    for term in lower.split(|c: char| !c.is_alphanumeric()) {
        if term.chars().nth(1).is_some() && !term.bytes().all(|b| b.is_ascii_digit()) {
            found(term);
        }
    }
}

/// The terms of a run of documents, numbered in order of appearance, and per field the
/// (term, document) pairs in document order, each pair once.
#[derive(Default)]
struct Run {
    /// Terms of up to 16 bytes (nearly all) by their bytes packed into a number, so finding
    /// one is a hash of two words and one comparison. A fast, unkeyed hash: terms are not
    /// attacker-chosen, and this is the hot loop.
    short: FxHashMap<u128, u32>,
    /// Longer terms.
    long: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    /// Per term and field, the last document recorded, to record each pair once.
    last: Vec<[u32; FIELDS]>,
    pairs: [Vec<(u32, u32)>; FIELDS],
}

/// What each byte is in a term: 0 none (it separates terms), 1 a digit, 2 a letter.
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        class[b] = if byte.is_ascii_digit() {
            1
        } else if byte.is_ascii_alphabetic() {
            2
        } else {
            0
        };
        b += 1;
    }
    class
};

impl Run {
    /// Records that document `doc` (added in increasing order) holds the terms of `text` in
    /// `field`: the terms of [`each_term`], found here without copying ASCII text.
    fn add(&mut self, doc: u32, field: Field, text: &str) {
        let field = field as usize;
        if !text.is_ascii() {
            each_term(text, |term| {
                let number = self.number(term);
                self.record(number, doc, field);
            });
            return;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if CLASS[bytes[i] as usize] == 0 {
                i += 1;
                continue;
            }
            let start = i;
            let (mut key, mut letters) = (0u128, false);
            while i < bytes.len() && CLASS[bytes[i] as usize] != 0 {
                letters |= CLASS[bytes[i] as usize] == 2;
                if i - start < 16 {
                    key |= u128::from(bytes[i].to_ascii_lowercase()) << (8 * (i - start));
                }
                i += 1;
            }
            if i - start < 2 || !letters {
                continue;
            }
            let number = if i - start <= 16 {
                match self.short.get(&key) {
                    Some(&number) => number,
                    None => {
                        let number = self.new_term(text[start..i].to_ascii_lowercase());
                        self.short.insert(key, number);
                        number
                    }
                }
            } else {
                self.long_number(&text[start..i].to_ascii_lowercase())
            };
            self.record(number, doc, field);
        }
    }

    /// The number of `term`, lower-case already, kept where [`Run::add`] looks for it.
    fn number(&mut self, term: &str) -> u32 {
        if term.len() > 16 || !term.is_ascii() {
            return self.long_number(term);
        }
        let key = term
            .bytes()
            .enumerate()
            .fold(0u128, |key, (i, b)| key | u128::from(b) << (8 * i));
        match self.short.get(&key) {
            Some(&number) => number,
            None => {
                let number = self.new_term(term.to_string());
                self.short.insert(key, number);
                number
            }
        }
    }

    fn long_number(&mut self, term: &str) -> u32 {
        if let Some(&number) = self.long.get(term) {
            return number;
        }
        let number = self.new_term(term.to_string());
        self.long.insert(term.into(), number);
        number
    }

    fn new_term(&mut self, term: String) -> u32 {
        self.terms.push(term.into_boxed_str());
        self.last.push([u32::MAX; FIELDS]);
        (self.terms.len() - 1) as u32
    }

    fn record(&mut self, number: u32, doc: u32, field: usize) {
        let last = &mut self.last[number as usize][field];
        if *last != doc {
            *last = doc;
            self.pairs[field].push((number, doc));
        }
    }
}

/// Every term in byte order (so every prefix is a contiguous range) and, per field, the
/// increasing ids of the documents holding each.
struct Vocabulary {
    terms: Vec<Box<str>>,
    /// Per field: where each term's documents start in `documents`, then one past the end.
    starts: [Vec<usize>; FIELDS],
    documents: [Vec<u32>; FIELDS],
}

impl Vocabulary {
    /// Joins runs of consecutive documents, in order.
    fn join(runs: &[Run]) -> Vocabulary {
        // Each run's term numbers, mapped to global ones in order of first appearance.
        let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
        let mut names: Vec<&str> = Vec::new();
        let global: Vec<Vec<u32>> = runs
            .iter()
            .map(|run| {
                run.terms
                    .iter()
                    .map(|term| {
                        *numbers.entry(term).or_insert_with(|| {
                            names.push(term);
                            (names.len() - 1) as u32
                        })
                    })
                    .collect()
            })
            .collect();
        // Then to their place in byte order.
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.par_sort_unstable_by_key(|&n| names[n as usize]);
        let mut rank = vec![0u32; names.len()];
        for (place, &n) in order.iter().enumerate() {
            rank[n as usize] = place as u32;
        }
        let placed: Vec<Vec<u32>> = global
            .iter()
            .map(|map| map.iter().map(|&n| rank[n as usize]).collect())
            .collect();
        // Per field, the pairs grouped by term with a counting sort: stable, so each term's
        // documents stay in increasing order.
        let grouped: Vec<(Vec<usize>, Vec<u32>)> = (0..FIELDS)
            .into_par_iter()
            .map(|field| {
                let mut starts = vec![0usize; names.len() + 1];
                for (run, place) in runs.iter().zip(&placed) {
                    for &(term, _) in &run.pairs[field] {
                        starts[place[term as usize] as usize + 1] += 1;
                    }
                }
                for k in 1..starts.len() {
                    starts[k] += starts[k - 1];
                }
                let mut next = starts.clone();
                let mut documents = vec![0u32; starts[names.len()]];
                for (run, place) in runs.iter().zip(&placed) {
                    for &(term, doc) in &run.pairs[field] {
                        let slot = &mut next[place[term as usize] as usize];
                        documents[*slot] = doc;
                        *slot += 1;
                    }
                }
                (starts, documents)
            })
            .collect();
        let mut starts: [Vec<usize>; FIELDS] = Default::default();
        let mut documents: [Vec<u32>; FIELDS] = Default::default();
        for (field, (s, d)) in grouped.into_iter().enumerate() {
            starts[field] = s;
            documents[field] = d;
        }
        Vocabulary {
            terms: order.iter().map(|&n| names[n as usize].into()).collect(),
            starts,
            documents,
        }
    }

    /// The ids of the documents holding term number `term` in `field`.
    fn postings(&self, term: usize, field: Field) -> &[u32] {
        let starts = &self.starts[field as usize];
        &self.documents[field as usize][starts[term]..starts[term + 1]]
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes increasing document ids in whichever of two forms is shorter:
///
/// - a list of gaps (`id - previous - 1`, the first from -1), each a little-endian varint of
///   base-64 digits from `ALPHABET` carrying 5 bits, with 32 added while more digits follow;
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

    fn doc<'a>(keywords: Vec<&'a str>, body: &'a str) -> Doc<'a> {
        Doc {
            code: Some(400),
            title: "",
            description: "",
            shown: "",
            url: None,
            keywords,
            body,
        }
    }

    #[test]
    fn ascii_and_other_text_share_one_vocabulary_with_each_document_once() {
        let long = "averyveryverylongwordindeed";
        let text = format!("Retry {long} later");
        let accented = format!("retry {long} café");
        let docs = [
            doc(vec!["retry", "réessayer retry"], &text),
            doc(vec![], &accented),
            doc(vec![], "nothing here"),
        ];
        let vocabulary = vocabulary(&docs);
        let terms: Vec<&str> = vocabulary.terms.iter().map(|t| &**t).collect();
        assert_eq!(
            terms,
            [
                long,
                "café",
                "here",
                "later",
                "nothing",
                "retry",
                "réessayer"
            ]
        );
        let retry = terms.iter().position(|&t| t == "retry").unwrap();
        assert_eq!(vocabulary.postings(retry, Field::Body), [0, 1]);
        assert_eq!(vocabulary.postings(retry, Field::Keywords), [0]);
        assert_eq!(vocabulary.postings(0, Field::Body), [0, 1]);
        assert!(vocabulary.postings(retry, Field::Reason).is_empty());
    }

    #[test]
    fn documents_in_many_runs_keep_their_order() {
        let bodies: Vec<String> = (0..1000).map(|i| format!("common word{}", i % 7)).collect();
        let docs: Vec<Doc<'_>> = bodies.iter().map(|b| doc(vec![], b)).collect();
        let vocabulary = vocabulary(&docs);
        let common = vocabulary
            .terms
            .iter()
            .position(|t| &**t == "common")
            .unwrap();
        let all: Vec<u32> = (0..1000).collect();
        assert_eq!(vocabulary.postings(common, Field::Body), all);
        let word3 = vocabulary
            .terms
            .iter()
            .position(|t| &**t == "word3")
            .unwrap();
        let every_seventh: Vec<u32> = (3..1000).step_by(7).collect();
        assert_eq!(vocabulary.postings(word3, Field::Body), every_seventh);
    }
}
