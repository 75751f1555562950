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

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

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
    let mut vocabulary = Vocabulary::default();
    for (id, doc) in docs.iter().enumerate() {
        let id = id as u32;
        vocabulary.add(id, Field::Reason, doc.title);
        for keyword in &doc.keywords {
            vocabulary.add(id, Field::Keywords, keyword);
        }
        vocabulary.add(id, Field::Description, doc.description);
        vocabulary.add(id, Field::Body, doc.body);
    }
    let terms = vocabulary.sorted();
    let doc_count = docs.len() as u32;

    let mut files = Vec::new();
    let mut shard_starts = Vec::new();
    let mut shard: Vec<String> = Vec::new();
    let mut shard_size = 0;
    for (i, term) in terms.iter().enumerate() {
        if shard.is_empty() {
            shard_starts.push(i);
        }
        let postings = encode_postings(&term.postings[Field::Body as usize], doc_count);
        shard_size += postings.len() + 3;
        shard.push(postings);
        if shard_size >= SHARD_BYTES || i + 1 == terms.len() {
            let k = shard_starts.len() - 1;
            files.push(script(
                &format!("b{k}.js"),
                "shard",
                &[Value::from(k), shard.into()],
            ));
            shard = Vec::new();
            shard_size = 0;
        }
    }

    let mut text_starts = Vec::new();
    let mut chunk: Vec<&str> = Vec::new();
    let mut chunk_size = 0;
    for (i, doc) in docs.iter().enumerate() {
        if chunk.is_empty() {
            text_starts.push(i);
        }
        chunk.push(doc.body);
        chunk_size += doc.body.len();
        if chunk_size >= TEXT_BYTES || i + 1 == docs.len() {
            let k = text_starts.len() - 1;
            let texts: Vec<Value> = chunk.drain(..).map(Value::from).collect();
            files.push(script(
                &format!("t{k}.js"),
                "text",
                &[Value::from(k), texts.into()],
            ));
            chunk_size = 0;
        }
    }

    let field = |f: Field| -> Vec<Value> {
        let mut sparse = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            let ids = &term.postings[f as usize];
            if !ids.is_empty() {
                sparse.push(Value::from(i));
                sparse.push(Value::from(encode_postings(ids, doc_count)));
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
    let core = serde_json::to_value(&index).expect("plain data serialises");
    files.push(script("index.js", "index", &[core]));
    files
}

#[derive(Serialize)]
struct CoreIndex<'a> {
    format: u32,
    /// `[code, reason, description]` for codes, `[null, title, description, url]` for pages.
    docs: Vec<Value>,
    terms: Vec<&'a str>,
    /// Sparse postings per field: term index, encoded postings, term index, …
    reason: Vec<Value>,
    keywords: Vec<Value>,
    description: Vec<Value>,
    /// The first term index of each body shard `b<k>.js`.
    shards: Vec<usize>,
    /// The first document of each text file `t<k>.js`.
    texts: Vec<usize>,
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

fn doc_record(doc: &Doc<'_>) -> Value {
    match doc.url {
        None => serde_json::json!([doc.code, doc.title, doc.description]),
        Some(url) => serde_json::json!([Value::Null, doc.title, doc.description, url]),
    }
}

/// A JavaScript file that hands `arguments` to `statusbookSearch.<method>`.
fn script(name: &str, method: &str, arguments: &[Value]) -> (String, Vec<u8>) {
    let arguments: Vec<String> = arguments.iter().map(Value::to_string).collect();
    let js = format!("statusbookSearch.{method}({});\n", arguments.join(","));
    (format!("{DIR}/{name}"), js.into_bytes())
}

/// Calls `found` with each search term of `text`: lower-case runs of letters and digits,
/// two characters or more, not all digits (numbers are matched against codes, not text).
///
/// The script splits queries the same way: `/[^\p{Alphabetic}\p{N}]+/u` after lower-casing.
pub fn each_term(text: &str, mut found: impl FnMut(&str)) {
    let lower = text.to_lowercase();
    for term in lower.split(|c: char| !c.is_alphanumeric()) {
        if term.chars().nth(1).is_some() && !term.bytes().all(|b| b.is_ascii_digit()) {
            found(term);
        }
    }
}

/// Terms and, per term and field, the documents holding it.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, usize>,
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
