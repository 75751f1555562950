//! A previous build's index read back into its documents, so that an edit of a few code
//! pages rewrites the index from the documents of the other pages as that build left them,
//! without reading or rendering those pages again (see [`super::SearchIndex`]'s update).
//!
//! The index files hold everything [`super::files`] writes from a document but its text,
//! which only its text file holds: each document's code, title, shown text and address,
//! and per term the documents and fields it is in. Reading the files back and writing them
//! again from the documents gives the same bytes; `tests` checks that round trip.

use std::collections::BTreeSet;

use super::documents::SearchDoc;
use super::head::Head;
use super::postings::{decode_numbers, decode_postings};
use super::{DIR, FIELDS, FORMAT, SHOWN_RUN, TEXT_RUN};
use crate::outputs::Previous;

/// The index of a previous build, read back.
pub(super) struct Read {
    /// Its documents, in order; the text only of those in text files `texts`.
    pub docs: Vec<SearchDoc>,
    /// Every file it has, by site path.
    pub files: Vec<String>,
}

/// Reads the index the files `previous` hold back into documents, with the texts of the
/// documents in the text files `texts` (numbers of `t<k>.js`); `None` if they are not an
/// index this version writes.
pub(super) fn read(previous: &Previous<'_>, texts: &BTreeSet<usize>) -> Option<Read> {
    let head: Head<String> = call(&previous(&format!("{DIR}/index.js"))?, "index")?;
    if head.format != FORMAT || head.text_run != TEXT_RUN {
        return None;
    }
    let count = head.titles.len();
    let mut files = vec![format!("{DIR}/index.js")];
    files.extend((0..count.div_ceil(TEXT_RUN)).map(|k| format!("{DIR}/t{k}.js")));

    let shown = match (head.shown, head.shown_run) {
        (Some(shown), None) => shown,
        (None, Some(run)) if run == SHOWN_RUN => {
            let mut shown = Vec::with_capacity(count);
            for k in 0..count.div_ceil(SHOWN_RUN) {
                let path = format!("{DIR}/d{k}.js");
                let (number, run): (usize, Vec<String>) = call(&previous(&path)?, "shown")?;
                (number == k).then_some(())?;
                shown.extend(run);
                files.push(path);
            }
            shown
        }
        _ => return None,
    };
    let (terms, entries) = match (head.terms, head.entries, head.files) {
        (Some(terms), Some(entries), None) => (terms, entries),
        (None, None, Some(shards)) => {
            let (mut terms, mut entries) = (Vec::new(), Vec::new());
            for id in shards {
                let path = format!("{DIR}/w{id}.js");
                let (named, run_terms, run_entries): (String, Vec<String>, Vec<String>) =
                    call(&previous(&path)?, "shard")?;
                (named == id && run_terms.len() == run_entries.len()).then_some(())?;
                terms.extend(run_terms);
                entries.extend(run_entries);
                files.push(path);
            }
            (terms, entries)
        }
        _ => return None,
    };
    let codes = decode_numbers(&head.codes)?;
    (codes.len() == count && shown.len() == count && terms.len() == entries.len()).then_some(())?;

    // Each document's terms in byte order (the vocabulary's), with their fields.
    let mut held: Vec<(Vec<usize>, Vec<u8>)> = vec![(Vec::new(), Vec::new()); count];
    let mut ids = Vec::new();
    for (term, entry) in entries.iter().enumerate() {
        for (field, postings) in entry.split(',').enumerate() {
            (field < FIELDS).then_some(())?;
            ids.clear();
            decode_postings(postings, &mut ids)?;
            for &id in &ids {
                let (doc_terms, fields) = held.get_mut(id as usize)?;
                if doc_terms.last() == Some(&term) {
                    *fields.last_mut()? |= 1 << field;
                } else {
                    doc_terms.push(term);
                    fields.push(1 << field);
                }
            }
        }
    }

    let mut urls = head.urls.into_iter();
    let mut docs = Vec::with_capacity(count);
    for (((code, title), shown), (doc_terms, term_fields)) in
        codes.into_iter().zip(head.titles).zip(shown).zip(held)
    {
        let code = u32::try_from(code).ok()?.checked_sub(1);
        let url = if code.is_none() {
            Some(urls.next()?)
        } else {
            None
        };
        let mut joined = String::new();
        for &term in &doc_terms {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(&terms[term]);
        }
        docs.push(SearchDoc {
            code,
            title,
            shown,
            url,
            text: String::new(),
            terms: joined,
            term_fields,
        });
    }
    for &k in texts {
        let (number, run): (usize, Vec<String>) =
            call(&previous(&format!("{DIR}/t{k}.js"))?, "text")?;
        (number == k).then_some(())?;
        for (doc, text) in docs.iter_mut().skip(k * TEXT_RUN).zip(run) {
            doc.text = text;
        }
    }
    // The state file of a sharded index goes if the index becomes small.
    if previous(super::patch::STATE).is_some() {
        files.push(super::patch::STATE.to_string());
    }
    Some(Read { docs, files })
}

/// The arguments of a file `statusbookSearch.<method>(…);`, as one JSON value: an array
/// when there are several.
pub(super) fn call<T: serde::de::DeserializeOwned>(file: &[u8], method: &str) -> Option<T> {
    let text = std::str::from_utf8(file).ok()?;
    let arguments = text
        .strip_prefix("statusbookSearch.")?
        .strip_prefix(method)?
        .strip_prefix('(')?
        .strip_suffix(");\n")?;
    match serde_json::from_str(arguments) {
        Ok(value) => Some(value),
        // Several arguments: read them as the items of an array.
        Err(_) => serde_json::from_str(&format!("[{arguments}]")).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::search::{Field, Texts, files};
    use std::collections::BTreeMap;

    /// `count` documents of made-up words (a vocabulary of 20,000), codes but the last
    /// two, which are pages with addresses.
    fn made_up(count: usize, edit: Option<usize>) -> Vec<SearchDoc> {
        let mut seed = 7u64;
        let mut next = move |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        (0..count)
            .map(|i| {
                let mut fields: [Vec<String>; FIELDS] = Default::default();
                let body: Vec<String> = (0..80).map(|_| format!("w{}", next(20_000))).collect();
                let mut body = body.join(" ");
                if edit == Some(i) {
                    body.push_str(" edited newword");
                }
                let summary = format!("s{} page {i}", next(300));
                fields[Field::Summary as usize].push(summary.clone());
                fields[Field::Body as usize].push(body);
                let page = i + 2 >= count;
                let code = (!page).then_some(1000 + i as u32);
                let url = page.then(|| format!("guides/p{i}.html"));
                SearchDoc::new(code, format!("Reason r{}", next(50)), summary, url, fields)
            })
            .collect()
    }

    fn by_path(files: Vec<(String, Vec<u8>)>) -> BTreeMap<String, Vec<u8>> {
        files.into_iter().collect()
    }

    #[test]
    fn an_index_reads_back_into_documents_that_write_it_again() {
        // A small index, all in index.js; a large one, in shards.
        for count in [40, 3000] {
            let written = by_path(files(&made_up(count, None), Texts::All));
            let previous = |path: &str| written.get(path).cloned();
            let runs = (0..count.div_ceil(TEXT_RUN)).collect();
            let read = read(&previous, &runs).expect("reads back");
            assert_eq!(by_path(files(&read.docs, Texts::All)), written, "{count}");
            let listed: BTreeSet<&String> = read.files.iter().collect();
            assert_eq!(listed, written.keys().collect(), "{count}");
        }
    }

    #[test]
    fn an_edit_rewrites_what_a_clean_build_would() {
        let count = 3000;
        let before = by_path(files(&made_up(count, None), Texts::All));
        let after = by_path(files(&made_up(count, Some(17)), Texts::All));
        let previous = |path: &str| before.get(path).cloned();
        let read = read(&previous, &BTreeSet::from([17 / TEXT_RUN])).unwrap();
        let mut docs = read.docs;
        docs[17] = made_up(count, Some(17)).swap_remove(17);
        let written = by_path(files(&docs, Texts::Holding(&[17])));
        for (path, bytes) in &written {
            assert!(
                after.get(path) == Some(bytes),
                "{path} as a clean build writes it"
            );
        }
        let mut updated = before.clone();
        updated.retain(|path, _| path.starts_with("search/t") || written.contains_key(path));
        updated.extend(written);
        assert_eq!(updated, after, "the same files, once stale ones are gone");
        assert!(before.len() > 20, "sharded");
    }

    #[test]
    fn files_of_another_format_are_not_read() {
        let written = by_path(files(&made_up(40, None), Texts::All));
        let head = String::from_utf8(written["search/index.js"].clone()).unwrap();
        let older = head.replacen(&format!("\"format\":{FORMAT}"), "\"format\":2", 1);
        assert_ne!(older, head);
        let previous = |path: &str| (path == "search/index.js").then(|| older.clone().into_bytes());
        assert!(read(&previous, &BTreeSet::new()).is_none());
    }
}
