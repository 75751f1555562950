//! The search index, built from the model at build time and written as JavaScript files
//! that a `<script>` element can load, so search works from `file://` and with no server.
//!
//! The index is built in two steps, so that a rebuild can redo only what changed:
//! [`documents()`] takes what search knows of each page from the model ([`SearchDoc`], one
//! per code or page, owned and serialisable, its text already cut into terms), and
//! [`files`] writes every index file from those documents alone, the same bytes for the
//! same documents, joining their terms ([`vocabulary`]) and cutting the result into files.
//!
//! Files, all under `search/`:
//! - `index.js`, the head: what the first search loads. Each document's code and title,
//!   the codes most often met, the vocabulary of the small fields (reason, aliases,
//!   topics, summary, headings: see [`Field`]) and where each term shard starts.
//! - `w<id>.js`: a term shard, a run of the sorted vocabulary with the postings of every
//!   field of each term, loaded for the query words that need it; `<id>` comes from its
//!   first term (see [`shards`]).
//! - `d<k>.js`: what results show under their title, for [`SHOWN_RUN`] documents.
//! - `t<k>.js`: the plain text of [`TEXT_RUN`] documents, loaded only to show a snippet.
//!
//! A small index (at most [`INLINE_BYTES`] of postings and shown texts: up to a few
//! thousand codes) is all in `index.js` instead, shards and shown texts included, and the
//! script searches the whole vocabulary. A large one gives up a little to load only what a
//! query needs: see docs/search.md, "What a large index gives up". Each file calls `statusbookSearch.index(…)`,
//! `.shard(id, …)`, `.shown(k, …)` or `.text(k, …)`. The query side is
//! `templates/static/search.js`; the two share the tokenizer and the encodings described
//! on [`encode_postings`] and [`encode_numbers`].

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;

use crate::base::diagnostic::Diagnostic;
use crate::base::json;
use crate::input::templates::Templates;
use crate::model::Site;
use crate::outputs::{Claim, Generator, Gone, PageEdit, Previous, Sink};

mod documents;
mod head;
mod patch;
mod postings;
mod previous;
mod shards;
mod terms;
mod vocabulary;

pub use documents::{FIELDS, Field, SearchDoc, code_document, documents, page_document};
use documents::{SMALL_FIELDS, most_met};
use head::Head;
pub use postings::{encode_numbers, encode_postings};
pub use terms::{each_compound, each_term};
use vocabulary::{RunPairs, RunTerms, Vocabulary};

/// The folder of the index files in the site.
pub const DIR: &str = "search";
/// Raised when the layout of the index files changes, so a stale script refuses them.
pub const FORMAT: u32 = 3;
/// Documents per text file `t<k>.js`: a fixed number, so that a page's text file depends
/// only on its place, and editing one page rewrites only its own.
pub const TEXT_RUN: usize = 16;
/// Documents per file `d<k>.js` of shown texts.
pub const SHOWN_RUN: usize = 64;
/// Up to this many bytes of postings and shown texts, the whole index is in `index.js`.
pub const INLINE_BYTES: usize = 1024 * 1024;

/// Which text files [`files`] writes.
#[derive(Clone, Copy, Debug)]
pub enum Texts<'a> {
    /// Every one.
    All,
    /// Only those holding these document numbers: the caller keeps the others, which did
    /// not change.
    Holding(&'a [usize]),
}

/// Hands each index file for `site` to `out`, as (site path, bytes), as soon as it is
/// made: the text files of a run of documents before the next run is read, so a large
/// site's texts (most of the index's bytes) are never all in memory at once.
pub fn build(site: &Site, out: &mut Sink<'_>) {
    // `files(&documents(site), Texts::All)`, made a run of documents at a time: each run's
    // text files are written, and its terms numbered (the vocabulary's first step) and its
    // state lines made, before the next run is made; then the run's texts and terms are
    // dropped. They are most of the documents, and at 100,000 codes held together they
    // were a fifth of the build's peak memory.
    const RUN: usize = 64 * TEXT_RUN;
    let count = site.codes.len() + site.pages.len();
    let mut docs = Vec::with_capacity(count);
    let mut numbered = Numbered::default();
    for start in (0..count).step_by(RUN) {
        let mut run: Vec<SearchDoc> = (start..count.min(start + RUN))
            .into_par_iter()
            .map(|i| match site.codes.len() {
                codes if i < codes => code_document(site, i),
                codes => page_document(site, i - codes),
            })
            .collect();
        for (path, bytes) in text_files(&run, start / TEXT_RUN, Texts::All) {
            out(path, bytes);
        }
        numbered.add(&run, RUN / 2);
        for doc in &mut run {
            doc.text = String::new();
            doc.terms = String::new();
            doc.term_fields = Vec::new();
        }
        docs.append(&mut run);
    }
    for (path, bytes) in index_files(&docs, numbered, Texts::Holding(&[])) {
        out(path, bytes);
    }
}

/// Every index file for `docs`, as (site path, bytes), but the text files `texts` leaves
/// out: a pure function of the documents, byte for byte. A file of an earlier build that is
/// not here, and is not a text file left out, is stale.
pub fn files(docs: &[SearchDoc], texts: Texts<'_>) -> Vec<(String, Vec<u8>)> {
    let mut numbered = Numbered::default();
    numbered.add(docs, vocabulary::run_len(docs.len()));
    index_files(docs, numbered, texts)
}

/// What the index needs of the documents' terms, which can then be dropped: the terms
/// numbered run by run (the vocabulary's first step, [`vocabulary::runs`]) and the
/// documents' lines of the state file ([`patch::state_lines`]).
#[derive(Default)]
struct Numbered {
    terms: Vec<RunTerms>,
    pairs: Vec<RunPairs>,
    state: Vec<String>,
}

impl Numbered {
    /// Adds `docs`, the documents after those added so far, in runs of `run_len`.
    fn add(&mut self, docs: &[SearchDoc], run_len: usize) {
        let (terms, pairs) = vocabulary::runs(docs, run_len);
        self.terms.extend(terms);
        self.pairs.extend(pairs);
        self.state.extend(patch::state_lines(docs));
    }
}

/// [`files`] for `docs` whose terms are `numbered` (their own may be gone).
fn index_files(docs: &[SearchDoc], numbered: Numbered, texts: Texts<'_>) -> Vec<(String, Vec<u8>)> {
    let Numbered {
        terms,
        pairs,
        state,
    } = numbered;
    let vocabulary = Vocabulary::join(&terms, pairs);
    let doc_count = docs.len() as u32;
    let entries: Vec<String> = (0..vocabulary.terms.len())
        .into_par_iter()
        .map(|term| entry(&vocabulary, term, doc_count))
        .collect();
    let sizes: Vec<usize> = entries
        .iter()
        .zip(&vocabulary.terms)
        .map(|(entry, term)| entry.len() + term.len() + 6)
        .collect();
    let shown_bytes: usize = docs.iter().map(|doc| doc.shown.len() + 3).sum();
    let inline = sizes.iter().sum::<usize>() + shown_bytes <= INLINE_BYTES;

    let mut out = text_files(docs, 0, texts);
    let mut head = Head {
        format: FORMAT,
        codes: encode_numbers(docs.iter().map(|d| d.code.map_or(0, |c| i64::from(c) + 1))),
        titles: docs.iter().map(|d| d.title.as_str()).collect(),
        urls: docs.iter().filter_map(|d| d.url.as_deref()).collect(),
        common: most_met(docs),
        text_run: TEXT_RUN,
        ..Head::default()
    };
    let terms = &vocabulary.terms;
    if inline {
        head.shown = Some(docs.iter().map(|d| d.shown.as_str()).collect());
        head.terms = Some(terms.clone());
        head.entries = Some(entries.iter().map(String::as_str).collect());
    } else {
        let starts = shards::shard_starts(&vocabulary.terms, &sizes);
        let firsts: Vec<&str> = starts.iter().map(|&s| terms[s]).collect();
        let ids = shards::file_ids(&firsts);
        out.par_extend(starts.par_iter().enumerate().map(|(k, &start)| {
            let end = starts.get(k + 1).copied().unwrap_or(terms.len());
            shard_file(&ids[k], &terms[start..end], &entries[start..end])
        }));
        let shown: Vec<&str> = docs.iter().map(|d| d.shown.as_str()).collect();
        out.par_extend(
            shown
                .par_chunks(SHOWN_RUN)
                .enumerate()
                .map(|(k, run)| shown_file(k, run)),
        );
        head.shown_run = Some(SHOWN_RUN);
        head.names = Some(
            (0..terms.len())
                .filter(|&t| vocabulary.in_fields(t, SMALL))
                .map(|t| terms[t])
                .collect(),
        );
        head.shards = Some(firsts);
        head.files = Some(ids);
        let total = sizes.iter().sum::<usize>() + shown_bytes;
        out.push((patch::STATE.to_string(), patch::state(&state, total)));
    }
    out.push(head_file(&head));
    out
}

/// The bits of the small fields ([`SMALL_FIELDS`]) in a term's fields.
const SMALL: u8 = {
    let mut bits = 0;
    let mut i = 0;
    while i < SMALL_FIELDS.len() {
        bits |= 1 << SMALL_FIELDS[i] as u8;
        i += 1;
    }
    bits
};

/// `search/index.js`, holding `head`.
fn head_file<S: Serialize>(head: &Head<S>) -> (String, Vec<u8>) {
    let js = format!("statusbookSearch.index({});\n", json(head));
    (format!("{DIR}/index.js"), js.into_bytes())
}

/// The term shard `w<id>.js`: a run of the sorted vocabulary and the entry of each term.
fn shard_file<T: AsRef<str>, E: AsRef<str>>(
    id: &str,
    terms: &[T],
    entries: &[E],
) -> (String, Vec<u8>) {
    let mut js = Vec::with_capacity(
        64 + terms.iter().map(|t| t.as_ref().len() + 3).sum::<usize>()
            + entries.iter().map(|e| e.as_ref().len() + 3).sum::<usize>(),
    );
    js.extend_from_slice(b"statusbookSearch.shard(");
    json::push_str(&mut js, id);
    js.push(b',');
    json::push_strs(&mut js, terms);
    js.push(b',');
    json::push_strs(&mut js, entries);
    js.extend_from_slice(b");\n");
    (format!("{DIR}/w{id}.js"), js)
}

/// The file `d<k>.js` of shown texts, for documents `k * SHOWN_RUN` on.
fn shown_file<S: AsRef<str>>(k: usize, run: &[S]) -> (String, Vec<u8>) {
    (format!("{DIR}/d{k}.js"), call("shown", k, run))
}

/// The text file `t<k>.js`, for documents `k * TEXT_RUN` on.
fn text_file<S: AsRef<str>>(k: usize, bodies: &[S]) -> (String, Vec<u8>) {
    (format!("{DIR}/t{k}.js"), call("text", k, bodies))
}

/// `statusbookSearch.<function>(k,[…texts]);`, written straight into one buffer: these
/// files are most of the index's bytes.
fn call<S: AsRef<str>>(function: &str, k: usize, texts: &[S]) -> Vec<u8> {
    let bytes: usize = texts.iter().map(|t| t.as_ref().len() + 3).sum();
    let mut js = Vec::with_capacity(bytes + 64);
    js.extend_from_slice(format!("statusbookSearch.{function}({k},").as_bytes());
    json::push_strs(&mut js, texts);
    js.extend_from_slice(b");\n");
    js
}

/// A term's postings in every field, encoded and joined by commas (which the encoding
/// never uses), the empty ones at the end left out.
fn entry(vocabulary: &Vocabulary<'_>, term: usize, doc_count: u32) -> String {
    let mut ids = Vec::new();
    let mut fields: Vec<String> = (0..FIELDS)
        .map(|f| {
            vocabulary.postings(term, f, &mut ids);
            encode_postings(&ids, doc_count)
        })
        .collect();
    while fields.last().is_some_and(String::is_empty) {
        fields.pop();
    }
    fields.join(",")
}

/// The text files `texts` asks for: `t<k>.js` holds documents `k * TEXT_RUN` on, and
/// `docs` starts at file `first`.
fn text_files(docs: &[SearchDoc], first: usize, texts: Texts<'_>) -> Vec<(String, Vec<u8>)> {
    let runs: Vec<usize> = match texts {
        Texts::All => (0..docs.len().div_ceil(TEXT_RUN)).collect(),
        Texts::Holding(held) => held
            .iter()
            .filter(|&&doc| doc < docs.len())
            .map(|doc| doc / TEXT_RUN)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
    };
    runs.into_par_iter()
        .map(|k| {
            let run = &docs[k * TEXT_RUN..((k + 1) * TEXT_RUN).min(docs.len())];
            let bodies: Vec<&str> = run.iter().map(|doc| doc.text.as_str()).collect();
            text_file(first + k, &bodies)
        })
        .collect()
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
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
        build(site, out);
        Ok(())
    }

    /// The documents of the edited codes are made anew. A large index is patched in place
    /// (see [`patch`]): only the entries of the terms they add, drop or move to other
    /// fields are read and written again, with the shards around them. Otherwise (a small
    /// index, or one the patch cannot take) the other documents are read back from the
    /// previous build's index (see [`previous`]) and every index file is written from them
    /// as a full build would. Either way, only the edited pages' text files are written.
    fn on_page_edit(&self, _: &Site) -> PageEdit {
        PageEdit::Update
    }

    fn update(
        &self,
        site: &Site,
        _: &Templates,
        codes: &[usize],
        previous: &Previous<'_>,
        out: &mut Sink<'_>,
        gone: &mut Gone<'_>,
    ) -> Result<bool, Vec<Diagnostic>> {
        let count = site.codes.len() + site.pages.len();
        let edited: Vec<(usize, SearchDoc)> = codes
            .iter()
            .map(|&code| (code, code_document(site, code)))
            .collect();
        if let Some(patched) = patch::patch(previous, &edited, count) {
            for path in patched.gone {
                gone(path);
            }
            for (path, bytes) in patched.files {
                out(path, bytes);
            }
            return Ok(true);
        }
        let runs: BTreeSet<usize> = codes.iter().map(|&code| code / TEXT_RUN).collect();
        let Some(read) = previous::read(previous, &runs) else {
            return Ok(false);
        };
        let mut docs = read.docs;
        if docs.len() != count {
            return Ok(false);
        }
        for (code, doc) in edited {
            docs[code] = doc;
        }
        let written = files(&docs, Texts::Holding(codes));
        let paths: std::collections::HashSet<&str> =
            written.iter().map(|(path, _)| path.as_str()).collect();
        // Text files hold a fixed number of documents: none comes or goes.
        let text = format!("{DIR}/t");
        for path in read.files {
            if !path.starts_with(&text) && !paths.contains(path.as_str()) {
                gone(path);
            }
        }
        for (path, bytes) in written {
            out(path, bytes);
        }
        Ok(true)
    }

    fn own_thread(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A made-up page: title, summary, body.
    #[derive(Clone)]
    struct Made {
        title: String,
        summary: String,
        body: String,
    }

    /// `count` pages of made-up words, enough to be cut into shards: each body has a
    /// hundred words of a vocabulary of 30,000, each summary a few of 300.
    fn made_up(count: usize) -> Vec<Made> {
        let mut seed = 20_261_129u64;
        let mut next = move |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        (0..count)
            .map(|i| {
                let body: Vec<String> = (0..100).map(|_| format!("w{}", next(30_000))).collect();
                Made {
                    summary: format!("s{} s{} page {i}", next(300), next(300)),
                    body: body.join(" "),
                    title: format!("Reason r{}", next(500)),
                }
            })
            .collect()
    }

    fn docs(pages: &[Made]) -> Vec<SearchDoc> {
        pages
            .iter()
            .enumerate()
            .map(|(i, page)| {
                let mut fields: [Vec<String>; FIELDS] = Default::default();
                fields[Field::Summary as usize].push(page.summary.clone());
                fields[Field::Body as usize].push(page.body.clone());
                let (title, shown) = (page.title.clone(), page.summary.clone());
                SearchDoc::new(Some(1000 + i as u32), title, shown, None, fields)
            })
            .collect()
    }

    fn by_path(files: Vec<(String, Vec<u8>)>) -> BTreeMap<String, Vec<u8>> {
        files.into_iter().collect()
    }

    /// The paths whose bytes differ, or that are in one build only.
    /// The state file is left out: it records the index's size, which most edits change,
    /// and it is not part of the site.
    fn changed(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
        let paths: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        paths
            .into_iter()
            .filter(|p| a.get(*p) != b.get(*p) && p.as_str() != patch::STATE)
            .cloned()
            .collect()
    }

    /// The shard file holding `term`, read from the head.
    fn shard_file(files: &BTreeMap<String, Vec<u8>>, term: &str) -> String {
        let head = std::str::from_utf8(&files["search/index.js"]).unwrap();
        let json = head
            .strip_prefix("statusbookSearch.index(")
            .and_then(|h| h.strip_suffix(");\n"))
            .unwrap();
        let head: serde_json::Value = serde_json::from_str(json).unwrap();
        let firsts: Vec<&str> = head["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let k = firsts.partition_point(|first| *first <= term) - 1;
        format!("search/w{}.js", head["files"][k].as_str().unwrap())
    }

    #[test]
    fn the_same_documents_give_the_same_bytes() {
        let docs = docs(&made_up(3000));
        assert_eq!(files(&docs, Texts::All), files(&docs, Texts::All));
        let round_trip: Vec<SearchDoc> =
            serde_json::from_str(&serde_json::to_string(&docs).unwrap()).unwrap();
        assert_eq!(files(&round_trip, Texts::All), files(&docs, Texts::All));
    }

    #[test]
    fn a_large_index_is_cut_into_shards_and_a_small_one_is_not() {
        let large = by_path(files(&docs(&made_up(3000)), Texts::All));
        let shards = large.keys().filter(|p| p.starts_with("search/w")).count();
        assert!(shards > 20, "{shards} shards");
        assert!(large.contains_key("search/d0.js"));
        assert_eq!(
            large.keys().filter(|p| p.starts_with("search/t")).count(),
            3000usize.div_ceil(TEXT_RUN)
        );
        let small = by_path(files(&docs(&made_up(50)), Texts::All));
        let names: Vec<&str> = small.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "search/index.js",
                "search/t0.js",
                "search/t1.js",
                "search/t2.js",
                "search/t3.js"
            ]
        );
    }

    #[test]
    fn editing_a_page_changes_its_text_file_and_the_shards_of_the_terms_it_adds_or_drops() {
        let pages = made_up(3000);
        let before = by_path(files(&docs(&pages), Texts::All));

        // The same words in another order: only the page's own text file.
        let mut edited = pages.clone();
        let body = &mut edited[1234].body;
        *body = body.split(' ').rev().collect::<Vec<_>>().join(" ");
        let after = by_path(files(&docs(&edited), Texts::All));
        assert_eq!(changed(&before, &after), ["search/t77.js"]);

        // A word no other page has: its shard and the text file. Its shard is found from
        // the head, which changes too only if the word starts a shard.
        let mut edited = pages.clone();
        edited[1234].body.push_str(" zebra");
        let after = by_path(files(&docs(&edited), Texts::All));
        let mut expected = vec![shard_file(&after, "zebra"), "search/t77.js".to_string()];
        if changed(&before, &after).contains(&"search/index.js".to_string()) {
            expected.push("search/index.js".into());
        }
        expected.sort();
        assert_eq!(changed(&before, &after), expected);

        // A word dropped and a word of the summary added: their shards, the shown file, the
        // head (the summary's words are in it) and the text file.
        let mut edited = pages.clone();
        let dropped = edited[1234].body.split(' ').next().unwrap().to_string();
        let body = &mut edited[1234].body;
        *body = body
            .split(' ')
            .filter(|&w| w != dropped)
            .collect::<Vec<_>>()
            .join(" ");
        edited[1234].summary.push_str(" yak");
        let after = by_path(files(&docs(&edited), Texts::All));
        let mut expected: Vec<String> = [
            shard_file(&before, &dropped),
            shard_file(&after, "yak"),
            "search/d19.js".into(),
            "search/index.js".into(),
            "search/t77.js".into(),
        ]
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
        expected.sort();
        let mut found = changed(&before, &after);
        found.sort();
        assert_eq!(found, expected, "dropped {dropped}");
    }

    #[test]
    fn only_the_text_files_asked_for_are_written() {
        let docs = docs(&made_up(3000));
        let all = by_path(files(&docs, Texts::All));
        let some = by_path(files(&docs, Texts::Holding(&[5, 17, 1234, 9999])));
        let texts: Vec<&str> = some
            .keys()
            .filter(|p| p.starts_with("search/t"))
            .map(String::as_str)
            .collect();
        assert_eq!(texts, ["search/t0.js", "search/t1.js", "search/t77.js"]);
        for (path, bytes) in &some {
            assert_eq!(all.get(path), Some(bytes), "{path}");
        }
        assert_eq!(all.len() - some.len(), 3000usize.div_ceil(TEXT_RUN) - 3);
    }
}
