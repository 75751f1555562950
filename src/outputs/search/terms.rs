//! From text to the vocabulary: terms found in parallel runs of documents, joined into one
//! sorted vocabulary with, per field, the documents holding each term.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::documents::{FIELDS, Field, SearchDoc};

/// The vocabulary of every document, sorted. Documents are tokenized in parallel runs, each
/// recording (term, document) pairs; the runs are then joined in document order.
pub(super) fn vocabulary(docs: &[SearchDoc]) -> Vocabulary {
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
                terms.add(id, Field::Reason, &doc.title);
                for (field, texts) in doc.fields.iter().enumerate() {
                    for text in texts {
                        terms.add(id, field, text);
                    }
                }
            }
            terms
        })
        .collect();
    Vocabulary::join(&runs)
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

/// Calls `found` with each compound of `text`: words joined by `-` or `_` with no space
/// (`Retry-After`, `X-Request-Id`, `request_id`), lower-case and run together
/// (`retryafter`), so that a query for a header or field name finds the pages that name
/// it, not only the ones that hold its words apart. A compound of digits alone (a date) is
/// not one.
///
/// The script joins a query's hyphenated words the same way.
pub fn each_compound(text: &str, mut found: impl FnMut(&str)) {
    // Only the text around each `-` or `_` is looked at: most text has few.
    let bytes = text.as_bytes();
    let joiner = |b: u8| b == b'-' || b == b'_';
    // Bytes that may belong to a compound: ASCII letters and digits, joiners, and every byte
    // of a non-ASCII character (which `compounds_in` sorts out).
    let part = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80 || joiner(b);
    let mut joined = String::new();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| joiner(b)) {
        let at = from + offset;
        let start = bytes[..at]
            .iter()
            .rposition(|&b| !part(b))
            .map_or(0, |i| i + 1);
        let end = bytes[at..]
            .iter()
            .position(|&b| !part(b))
            .map_or(bytes.len(), |i| at + i);
        // Both ends are at ASCII bytes or the text's ends: character boundaries.
        compounds_in(&text[start..end], &mut joined, &mut found);
        from = end.max(at + 1);
    }
}

/// The compounds of a run of text with no ASCII space or punctuation but `-` and `_`.
fn compounds_in(run: &str, joined: &mut String, found: &mut impl FnMut(&str)) {
    let joiner = |c: char| c == '-' || c == '_';
    for chunk in run.split(|c: char| !c.is_alphanumeric() && !joiner(c)) {
        if !chunk.contains(joiner) {
            continue;
        }
        let mut parts = 0;
        joined.clear();
        for part in chunk.split(joiner).filter(|part| !part.is_empty()) {
            joined.extend(part.chars().flat_map(char::to_lowercase));
            parts += 1;
        }
        if parts >= 2 && joined.chars().any(char::is_alphabetic) {
            found(joined);
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
    fn add(&mut self, doc: u32, field: impl Into<usize>, text: &str) {
        let field = field.into();
        each_compound(text, |term| {
            let number = self.number(term);
            self.record(number, doc, field);
        });
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
pub(super) struct Vocabulary {
    pub(super) terms: Vec<Box<str>>,
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
    pub(super) fn postings(&self, term: usize, field: impl Into<usize>) -> &[u32] {
        let field = field.into();
        let starts = &self.starts[field];
        &self.documents[field][starts[term]..starts[term + 1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compounds_are_joined_words_of_names() {
        let mut found = Vec::new();
        each_compound(
            "Send `Retry-After`, X-Request-Id and request_id; not 2026-11-29, --max-time, a - b or Été-Hiver.",
            |t| found.push(t.to_string()),
        );
        assert_eq!(
            found,
            [
                "retryafter",
                "xrequestid",
                "requestid",
                "maxtime",
                "étéhiver"
            ]
        );
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

    fn doc(aliases: Vec<&str>, body: &str) -> SearchDoc {
        let mut fields: [Vec<String>; FIELDS] = Default::default();
        fields[Field::Aliases as usize] = aliases.into_iter().map(Into::into).collect();
        fields[Field::Body as usize] = vec![body.into()];
        SearchDoc {
            code: Some(400),
            fields,
            ..SearchDoc::default()
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
        assert_eq!(vocabulary.postings(retry, Field::Aliases), [0]);
        assert_eq!(vocabulary.postings(0, Field::Body), [0, 1]);
        assert!(vocabulary.postings(retry, Field::Reason).is_empty());
    }

    #[test]
    fn documents_in_many_runs_keep_their_order() {
        let bodies: Vec<String> = (0..1000).map(|i| format!("common word{}", i % 7)).collect();
        let docs: Vec<SearchDoc> = bodies.iter().map(|b| doc(vec![], b)).collect();
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
