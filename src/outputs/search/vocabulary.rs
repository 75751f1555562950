//! From documents to the vocabulary: the terms of every document, joined into one sorted
//! vocabulary with, per term, the documents holding it and in which fields.
//!
//! Documents come tokenized ([`SearchDoc::terms`]), so this is a join, in parallel and in
//! steps linear in the (term, document) pairs but the sort of the distinct terms:
//! 1. runs of consecutive documents each number their terms;
//! 2. the runs' terms are joined and sorted, and each run's numbers become places in the
//!    sorted vocabulary;
//! 3. each run puts every pair in the bucket of its term's place: [`BUCKET_TERMS`] consecutive terms, a few hundred KB of pairs, so that
//! 4. each bucket is grouped by term with a counting sort that stays in the cache (one
//!    sort over the whole vocabulary writes all over memory, and slows down more than the
//!    site grows).

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::documents::SearchDoc;

/// How many consecutive terms share a bucket.
const BUCKET_BITS: u32 = 12;
/// How many consecutive terms share a bucket: `1 << BUCKET_BITS`.
pub(super) const BUCKET_TERMS: usize = 1 << BUCKET_BITS;

/// Every term in byte order (so every prefix is a contiguous range) and the documents
/// holding each, in increasing order, with the fields they hold it in.
pub(super) struct Vocabulary<'a> {
    pub(super) terms: Vec<&'a str>,
    /// Per bucket of [`BUCKET_TERMS`] terms: where each term's documents start in
    /// `documents` (then one past the end), and the documents: ids shifted left by
    /// [`FIELD_BITS`], or-ed with the fields (see [`SearchDoc::term_fields`]).
    buckets: Vec<(Vec<u32>, Vec<u32>)>,
}

/// The fields of a document's term take the low 6 bits of each entry of `documents`.
const FIELD_BITS: u32 = 6;

/// A run of consecutive documents: its terms, numbered in order of appearance, and each
/// document's terms by number, with their fields.
#[derive(Default)]
struct Run<'a> {
    terms: Vec<&'a str>,
    /// Term numbers shifted left by [`FIELD_BITS`], or-ed with the fields.
    pairs: Vec<u32>,
    /// Where each document's pairs end.
    ends: Vec<usize>,
}

impl<'a> Vocabulary<'a> {
    /// The vocabulary of `docs`, document `i` being `docs[i]`.
    pub(super) fn of(docs: &'a [SearchDoc]) -> Vocabulary<'a> {
        assert!(
            docs.len() < 1 << (32 - FIELD_BITS),
            "at most 2^26 search documents"
        );
        // 1. A few runs per thread: enough to balance the load, few enough that joining is
        // cheap.
        let run_len = docs
            .len()
            .div_ceil(rayon::current_num_threads() * 4)
            .max(64);
        let runs: Vec<Run<'a>> = docs
            .par_chunks(run_len)
            .map(|chunk| {
                let mut numbers: FxHashMap<&'a str, u32> = FxHashMap::default();
                let mut run = Run::default();
                for doc in chunk {
                    for (term, fields) in doc.each_term() {
                        let number = *numbers.entry(term).or_insert_with(|| {
                            run.terms.push(term);
                            (run.terms.len() - 1) as u32
                        });
                        run.pairs.push(number << FIELD_BITS | u32::from(fields));
                    }
                    run.ends.push(run.pairs.len());
                }
                assert!(
                    run.terms.len() < 1 << (32 - FIELD_BITS),
                    "at most 2^26 terms"
                );
                run
            })
            .collect();

        // 2. Each run's term numbers, mapped to global ones in order of first appearance,
        // then to their place in byte order.
        let mut numbers: FxHashMap<&'a str, u32> = FxHashMap::default();
        let mut names: Vec<&'a str> = Vec::new();
        for run in &runs {
            for &term in &run.terms {
                numbers.entry(term).or_insert_with(|| {
                    names.push(term);
                    (names.len() - 1) as u32
                });
            }
        }
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.par_sort_unstable_by_key(|&n| names[n as usize]);
        let mut rank = vec![0u32; names.len()];
        for (place, &n) in order.iter().enumerate() {
            rank[n as usize] = place as u32;
        }
        let places: Vec<Vec<u32>> = runs
            .par_iter()
            .map(|run| {
                run.terms
                    .iter()
                    .map(|term| rank[numbers[term] as usize])
                    .collect()
            })
            .collect();
        drop(numbers);

        // 3. Every pair, in the bucket of its term, in document order.
        let bucket_count = names.len().div_ceil(BUCKET_TERMS).max(1);
        let filled: Vec<Vec<Vec<(u32, u32)>>> = runs
            .into_par_iter()
            .zip(places)
            .enumerate()
            .map(|(r, (run, places))| {
                // Counted first, so each bucket is allocated once at its size: grown by
                // doubling, they held a third more than their pairs at the peak.
                let mut sizes = vec![0usize; bucket_count];
                for &pair in &run.pairs {
                    sizes[(places[(pair >> FIELD_BITS) as usize] >> BUCKET_BITS) as usize] += 1;
                }
                let mut buckets: Vec<Vec<(u32, u32)>> =
                    sizes.into_iter().map(Vec::with_capacity).collect();
                let mut start = 0;
                for (offset, &end) in run.ends.iter().enumerate() {
                    let id = ((r * run_len + offset) as u32) << FIELD_BITS;
                    for &pair in &run.pairs[start..end] {
                        let place = places[(pair >> FIELD_BITS) as usize];
                        let fields = pair & ((1 << FIELD_BITS) - 1);
                        buckets[(place >> BUCKET_BITS) as usize].push((place, id | fields));
                    }
                    start = end;
                }
                buckets
            })
            .collect();
        let mut by_bucket: Vec<Vec<Vec<(u32, u32)>>> = vec![Vec::new(); bucket_count];
        for run in filled {
            for (bucket, pairs) in by_bucket.iter_mut().zip(run) {
                bucket.push(pairs);
            }
        }

        // 4. Each bucket grouped by term with a counting sort: stable, so each term's
        // documents stay in increasing order.
        let buckets = by_bucket
            .into_par_iter()
            .enumerate()
            .map(|(b, runs)| {
                let terms = BUCKET_TERMS.min(names.len() - b * BUCKET_TERMS);
                let low = |place: u32| (place as usize) & (BUCKET_TERMS - 1);
                let mut starts = vec![0u32; terms + 1];
                for &(place, _) in runs.iter().flatten() {
                    starts[low(place) + 1] += 1;
                }
                for k in 1..starts.len() {
                    starts[k] += starts[k - 1];
                }
                let mut next = starts.clone();
                let mut documents = vec![0u32; starts[terms] as usize];
                for pairs in runs {
                    for (place, entry) in pairs {
                        let slot = &mut next[low(place)];
                        documents[*slot as usize] = entry;
                        *slot += 1;
                    }
                }
                (starts, documents)
            })
            .collect();
        Vocabulary {
            terms: order.iter().map(|&n| names[n as usize]).collect(),
            buckets,
        }
    }

    /// The entries of term number `term`: documents shifted left by [`FIELD_BITS`], or-ed
    /// with the fields.
    fn entries(&self, term: usize) -> &[u32] {
        let (starts, documents) = &self.buckets[term >> BUCKET_BITS];
        let low = term & (BUCKET_TERMS - 1);
        &documents[starts[low] as usize..starts[low + 1] as usize]
    }

    /// Fills `ids` with the documents holding term number `term` in field `field`.
    pub(super) fn postings(&self, term: usize, field: impl Into<usize>, ids: &mut Vec<u32>) {
        let bit = 1u32 << field.into();
        ids.clear();
        ids.extend(
            self.entries(term)
                .iter()
                .filter(|&&entry| entry & bit != 0)
                .map(|&entry| entry >> FIELD_BITS),
        );
    }

    /// Whether term number `term` is in one of `fields` (bit `f` for field `f`) anywhere.
    pub(super) fn in_fields(&self, term: usize, fields: u8) -> bool {
        self.entries(term)
            .iter()
            .any(|&entry| entry & u32::from(fields) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::search::{FIELDS, Field};

    fn doc(aliases: Vec<&str>, body: &str) -> SearchDoc {
        let mut fields: [Vec<String>; FIELDS] = Default::default();
        fields[Field::Aliases as usize] = aliases.into_iter().map(Into::into).collect();
        fields[Field::Body as usize] = vec![body.into()];
        SearchDoc::new(Some(400), String::new(), String::new(), None, fields)
    }

    fn postings(vocabulary: &Vocabulary<'_>, term: usize, field: Field) -> Vec<u32> {
        let mut ids = Vec::new();
        vocabulary.postings(term, field, &mut ids);
        ids
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
        let vocabulary = Vocabulary::of(&docs);
        assert_eq!(
            vocabulary.terms,
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
        let retry = vocabulary.terms.iter().position(|&t| t == "retry").unwrap();
        assert_eq!(postings(&vocabulary, retry, Field::Body), [0, 1]);
        assert_eq!(postings(&vocabulary, retry, Field::Aliases), [0]);
        assert_eq!(postings(&vocabulary, 0, Field::Body), [0, 1]);
        assert!(postings(&vocabulary, retry, Field::Reason).is_empty());
        assert!(vocabulary.in_fields(retry, 1 << Field::Aliases as u8));
        assert!(!vocabulary.in_fields(0, 1 << Field::Aliases as u8));
    }

    #[test]
    fn documents_in_many_runs_keep_their_order() {
        let bodies: Vec<String> = (0..1000).map(|i| format!("common word{}", i % 7)).collect();
        let docs: Vec<SearchDoc> = bodies.iter().map(|b| doc(vec![], b)).collect();
        let vocabulary = Vocabulary::of(&docs);
        let find = |term: &str| vocabulary.terms.iter().position(|&t| t == term).unwrap();
        let all: Vec<u32> = (0..1000).collect();
        assert_eq!(postings(&vocabulary, find("common"), Field::Body), all);
        let every_seventh: Vec<u32> = (3..1000).step_by(7).collect();
        assert_eq!(
            postings(&vocabulary, find("word3"), Field::Body),
            every_seventh
        );
    }

    #[test]
    fn terms_of_many_buckets_keep_their_documents() {
        let bodies: Vec<String> = (0..3 * BUCKET_TERMS)
            .map(|i| format!("own{i:05} shared{}", i % 3))
            .collect();
        let docs: Vec<SearchDoc> = bodies.iter().map(|b| doc(vec![], b)).collect();
        let vocabulary = Vocabulary::of(&docs);
        assert_eq!(vocabulary.terms.len(), 3 * BUCKET_TERMS + 3);
        assert_eq!(vocabulary.buckets.len(), 4);
        for i in [0, 1, BUCKET_TERMS - 1, BUCKET_TERMS, 3 * BUCKET_TERMS - 1] {
            let term = format!("own{i:05}");
            let place = vocabulary.terms.iter().position(|&t| t == term).unwrap();
            assert_eq!(postings(&vocabulary, place, Field::Body), [i as u32]);
        }
        let last = vocabulary.terms.len() - 1;
        assert_eq!(vocabulary.terms[last], "shared2");
        let every_third: Vec<u32> = (2..3 * BUCKET_TERMS as u32).step_by(3).collect();
        assert_eq!(postings(&vocabulary, last, Field::Body), every_third);
    }
}
