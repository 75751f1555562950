//! From documents to the vocabulary: the terms of every document, joined into one sorted
//! vocabulary with, per term, the documents holding it and in which fields.
//!
//! Documents come tokenized ([`SearchDoc::terms`]), so this is a join, in parallel and in
//! steps linear in the (term, document) pairs but the sort of the distinct terms:
//! 1. runs of consecutive documents each number their terms ([`runs`]): a large build does
//!    this as the documents are made, and drops their terms;
//! 2. the runs' terms are joined and sorted, and each run's numbers become places in the
//!    sorted vocabulary;
//! 3. the pairs of each term are counted, which places every term's documents;
//! 4. every pair is put in its place, straight into the result, a run at a time: no copy
//!    of the pairs is made on the way (a copy sorted in cache-sized buckets held twice the
//!    result's size, the peak of a build at 100,000 codes, to save a tenth of a second),
//!    and each run's pairs are dropped once placed.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::documents::SearchDoc;

/// Every term in byte order (so every prefix is a contiguous range) and the documents
/// holding each, in increasing order, with the fields they hold it in.
pub(super) struct Vocabulary<'a> {
    pub(super) terms: Vec<&'a str>,
    /// Where each term's documents start in `documents` (then one past the end).
    starts: Vec<u32>,
    /// Each term's documents: ids shifted left by [`FIELD_BITS`], or-ed with the fields
    /// (see [`SearchDoc::term_fields`]).
    documents: Vec<u32>,
}

/// The fields of a document's term take the low 6 bits of each entry of `documents`.
const FIELD_BITS: u32 = 6;

/// The distinct terms of a run of consecutive documents, numbered in order of appearance:
/// one string, cut at `ends`, so a run's terms cost their bytes and not an allocation each.
#[derive(Default)]
pub(super) struct RunTerms {
    text: String,
    ends: Vec<u32>,
}

impl RunTerms {
    fn push(&mut self, term: &str) {
        self.text.push_str(term);
        self.ends.push(self.text.len() as u32);
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let term = &self.text[start..end as usize];
            start = end as usize;
            term
        })
    }
}

/// Each document of a run of consecutive documents, as its terms' numbers in the run
/// ([`RunTerms`]) with their fields.
pub(super) struct RunPairs {
    /// Term numbers shifted left by [`FIELD_BITS`], or-ed with the fields.
    pairs: Vec<u32>,
    /// Where each document's pairs end.
    ends: Vec<usize>,
}

/// Step 1 of [`Vocabulary::join`] for `docs`: runs of `run_len` documents (in parallel),
/// each numbering its terms. Once made, the documents' own terms are no longer needed: a
/// large build drops them run by run, and holds a run's distinct terms instead of every
/// document's.
pub(super) fn runs(docs: &[SearchDoc], run_len: usize) -> (Vec<RunTerms>, Vec<RunPairs>) {
    docs.par_chunks(run_len.max(1))
        .map(|chunk| {
            let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
            let mut terms = RunTerms::default();
            let mut run = RunPairs {
                pairs: Vec::new(),
                ends: Vec::with_capacity(chunk.len()),
            };
            for doc in chunk {
                for (term, fields) in doc.each_term() {
                    let number = *numbers.entry(term).or_insert_with(|| {
                        terms.push(term);
                        (terms.ends.len() - 1) as u32
                    });
                    run.pairs.push(number << FIELD_BITS | u32::from(fields));
                }
                run.ends.push(run.pairs.len());
            }
            assert!(
                terms.ends.len() < 1 << (32 - FIELD_BITS),
                "at most 2^26 terms"
            );
            terms.text.shrink_to_fit();
            run.pairs.shrink_to_fit();
            (terms, run)
        })
        .unzip()
}

/// How many documents a run of [`runs`] holds when all the documents are at hand: a few
/// runs per thread, enough to balance the load, few enough that joining is cheap.
pub(super) fn run_len(docs: usize) -> usize {
    docs.div_ceil(rayon::current_num_threads() * 4).max(64)
}

impl<'a> Vocabulary<'a> {
    /// The vocabulary of the runs of documents that [`runs`] made, in order: `terms`
    /// (which it borrows) and `pairs` (which it consumes), document `i` being the `i`th
    /// of all the runs.
    pub(super) fn join(terms: &'a [RunTerms], pairs: Vec<RunPairs>) -> Vocabulary<'a> {
        // The number of each run's first document.
        let firsts: Vec<usize> = pairs
            .iter()
            .scan(0, |next, run| {
                let first = *next;
                *next += run.ends.len();
                Some(first)
            })
            .collect();
        let docs: usize = pairs.iter().map(|run| run.ends.len()).sum();
        assert!(
            docs < 1 << (32 - FIELD_BITS),
            "at most 2^26 search documents"
        );

        // 2. Each run's term numbers, mapped to global ones in order of first appearance,
        // then to their place in byte order.
        let mut numbers: FxHashMap<&'a str, u32> = FxHashMap::default();
        let mut names: Vec<&'a str> = Vec::new();
        for run in terms {
            for term in run.iter() {
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
        let places: Vec<Vec<u32>> = terms
            .par_iter()
            .map(|run| {
                run.iter()
                    .map(|term| rank[numbers[term] as usize])
                    .collect()
            })
            .collect();
        drop(numbers);

        // 3. How many documents hold each term: where each term's documents start.
        let mut starts = vec![0u32; names.len() + 1];
        for (run, places) in pairs.iter().zip(&places) {
            for &pair in &run.pairs {
                starts[places[(pair >> FIELD_BITS) as usize] as usize + 1] += 1;
            }
        }
        for k in 1..starts.len() {
            starts[k] = starts[k]
                .checked_add(starts[k - 1])
                .expect("at most 2^32 (term, document) pairs");
        }

        // 4. Every pair put in its term's place, runs and documents in order, so each
        // term's documents are in increasing order: a counting sort straight into the
        // result. Each thread takes a part of the vocabulary (about as many pairs each);
        // the runs go one at a time, each read by every thread for the pairs of its part,
        // then dropped, so the pairs and the result are not both held whole.
        let total = starts[names.len()] as usize;
        let parts = rayon::current_num_threads().max(1);
        let mut bounds = vec![0usize];
        for k in 1..parts {
            let wanted = (total * k / parts) as u32;
            let at = starts.partition_point(|&s| s < wanted).min(names.len());
            bounds.push(at.max(*bounds.last().expect("starts with 0")));
        }
        bounds.push(names.len());
        let mut documents = vec![0u32; total];
        // Each part: its terms, its slice of `documents`, and where each of its terms'
        // next document goes in that slice.
        let mut slices = Vec::with_capacity(parts);
        let mut rest = documents.as_mut_slice();
        for window in bounds.windows(2) {
            let (low, high) = (window[0], window[1]);
            let (part, after) = rest.split_at_mut((starts[high] - starts[low]) as usize);
            let next: Vec<u32> = starts[low..high].iter().map(|&s| s - starts[low]).collect();
            slices.push((low as u32..high as u32, part, next));
            rest = after;
        }
        for ((run, places), first) in pairs.into_iter().zip(places).zip(firsts) {
            slices.par_iter_mut().for_each(|(range, part, next)| {
                let mut start = 0;
                for (offset, &end) in run.ends.iter().enumerate() {
                    let id = ((first + offset) as u32) << FIELD_BITS;
                    for &pair in &run.pairs[start..end] {
                        let place = places[(pair >> FIELD_BITS) as usize];
                        if range.contains(&place) {
                            let slot = &mut next[(place - range.start) as usize];
                            part[*slot as usize] = id | (pair & ((1 << FIELD_BITS) - 1));
                            *slot += 1;
                        }
                    }
                    start = end;
                }
            });
        }
        drop(slices);
        Vocabulary {
            terms: order.iter().map(|&n| names[n as usize]).collect(),
            starts,
            documents,
        }
    }

    /// The entries of term number `term`: documents shifted left by [`FIELD_BITS`], or-ed
    /// with the fields.
    fn entries(&self, term: usize) -> &[u32] {
        &self.documents[self.starts[term] as usize..self.starts[term + 1] as usize]
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
        let (terms, pairs) = runs(&docs, run_len(docs.len()));
        let vocabulary = Vocabulary::join(&terms, pairs);
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
        let (terms, pairs) = runs(&docs, run_len(docs.len()));
        let vocabulary = Vocabulary::join(&terms, pairs);
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
    fn runs_made_apart_join_as_runs_made_at_once() {
        let bodies: Vec<String> = (0..700)
            .map(|i| format!("common word{} own{i}", i % 11))
            .collect();
        let docs: Vec<SearchDoc> = bodies.iter().map(|b| doc(vec![], b)).collect();
        let (terms, pairs) = runs(&docs, run_len(docs.len()));
        let whole = Vocabulary::join(&terms, pairs);
        // As a build makes them: a run of documents at a time, each cut into runs of its own.
        let (mut apart_terms, mut apart_pairs) = (Vec::new(), Vec::new());
        for start in (0..docs.len()).step_by(300) {
            let end = docs.len().min(start + 300);
            let (terms, pairs) = runs(&docs[start..end], 7);
            apart_terms.extend(terms);
            apart_pairs.extend(pairs);
        }
        let apart = Vocabulary::join(&apart_terms, apart_pairs);
        assert_eq!(whole.terms, apart.terms);
        for term in 0..whole.terms.len() {
            assert_eq!(
                whole.entries(term),
                apart.entries(term),
                "{}",
                whole.terms[term]
            );
        }
    }

    #[test]
    fn many_terms_keep_their_documents() {
        let bodies: Vec<String> = (0..3 * 4096)
            .map(|i| format!("own{i:05} shared{}", i % 3))
            .collect();
        let docs: Vec<SearchDoc> = bodies.iter().map(|b| doc(vec![], b)).collect();
        let (terms, pairs) = runs(&docs, run_len(docs.len()));
        let vocabulary = Vocabulary::join(&terms, pairs);
        assert_eq!(vocabulary.terms.len(), 3 * 4096 + 3);
        for i in [0, 1, 4095, 4096, 3 * 4096 - 1] {
            let term = format!("own{i:05}");
            let place = vocabulary.terms.iter().position(|&t| t == term).unwrap();
            assert_eq!(postings(&vocabulary, place, Field::Body), [i as u32]);
        }
        let last = vocabulary.terms.len() - 1;
        assert_eq!(vocabulary.terms[last], "shared2");
        let every_third: Vec<u32> = (2..3 * 4096).step_by(3).collect();
        assert_eq!(postings(&vocabulary, last, Field::Body), every_third);
    }
}
