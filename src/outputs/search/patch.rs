//! An edit of a few code pages, applied to a large index in place: only the entries of the
//! terms whose fields changed in an edited document are decoded and written again, with the
//! shards around them, the head, and the edited documents' text and shown files. Every
//! byte is what [`super::files`] writes from all the documents; the tests check that over
//! random edits.
//!
//! To know which terms an edit drops, the index needs each edited document's terms as they
//! were. Its body's terms are those of its text, which its text file holds; the terms of
//! the small fields ([`super::SMALL`]) are in the build folder's [`STATE`] file, which
//! [`super::files`] writes beside a sharded index (a small index is all in `index.js`,
//! which a rebuild reads back whole: see [`super::previous`]).
//!
//! Why the shards around a changed term: a shard is cut where its size passes
//! [`super::shards::SHARD_BYTES`], counted from the last fixed cut, so an entry that grows or
//! shrinks moves the cuts after it, up to the next fixed cut. The shards from the fixed cut
//! before a changed term to the one after it are cut again; the others keep their bytes.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::ops::Bound;

use super::documents::SearchDoc;
use super::head::Head;
use super::postings::{decode_numbers, decode_postings, encode_postings};
use super::previous::call;
use super::shards::{file_ids, fixed_cut, shard_starts};
use super::terms::Found;
use super::{
    DIR, FIELDS, FORMAT, Field, INLINE_BYTES, SHOWN_RUN, SMALL, TEXT_RUN, head_file, shard_file,
    shown_file, text_file,
};
use crate::outputs::Previous;

/// The state file of a sharded index, in the build folder (hidden: it is not part of the
/// site): the index's size, and per document the terms of its small fields.
pub const STATE: &str = ".statusbook-search";

/// The first line of [`STATE`], naming its layout.
const STATE_MAGIC: &str = "statusbook search state 1";

/// The state file for documents whose lines ([`state_lines`]) are `lines`, and whose
/// postings and shown texts take `total` bytes (what decides whether the index is small
/// enough to be inline).
///
/// One line per document after two of its own: each term of a small field, as the digit of
/// [`super::postings`]'s alphabet for its small fields followed by the term, separated by
/// spaces (no term holds a space or a line break).
pub(super) fn state(lines: &[String], total: usize) -> Vec<u8> {
    let mut out = format!("{STATE_MAGIC}\n{FORMAT} {TEXT_RUN} {SHOWN_RUN} {total}\n");
    out.reserve(lines.iter().map(String::len).sum());
    for line in lines {
        out.push_str(line);
    }
    out.into_bytes()
}

/// Each document's line of the state file, line break included, made in parallel: every
/// term of every document is looked at.
pub(super) fn state_lines(docs: &[SearchDoc]) -> Vec<String> {
    docs.par_iter()
        .map(|doc| {
            let mut line = String::new();
            state_line(doc, &mut line);
            line.push('\n');
            line
        })
        .collect()
}

fn state_line(doc: &SearchDoc, out: &mut String) {
    let mut first = true;
    for (term, fields) in doc.each_term() {
        if fields & SMALL == 0 {
            continue;
        }
        if !first {
            out.push(' ');
        }
        first = false;
        out.push(char::from(DIGITS[usize::from(fields & SMALL)]));
        out.push_str(term);
    }
}

/// The digits the state file writes a term's small fields with.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The terms of a line of the state file, with their fields.
fn read_state_line(line: &str) -> Option<Vec<(&str, u8)>> {
    line.split(' ')
        .filter(|token| !token.is_empty())
        .map(|token| {
            let first = *token.as_bytes().first()?;
            let digit = DIGITS.iter().position(|&d| d == first)?;
            Some((token.get(1..)?, digit as u8))
        })
        .collect()
}

/// What a patch writes and removes.
#[derive(Debug, Default)]
pub(super) struct Patched {
    /// Files written, as (site path, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Files of the previous build that go.
    pub gone: Vec<String>,
}

/// The index of the previous build (read through `previous`) with the documents `edited`
/// (document number, new document) in place of the old ones, when it is a sharded index of
/// this version with a state file, `doc_count` documents, and stays sharded; `None` when
/// only writing the whole index is right.
pub(super) fn patch(
    previous: &Previous<'_>,
    edited: &[(usize, SearchDoc)],
    doc_count: usize,
) -> Option<Patched> {
    let head_path = format!("{DIR}/index.js");
    let head_bytes = previous(&head_path)?;
    let mut head: Head<String> = call(&head_bytes, "index")?;
    let state_bytes = previous(STATE)?;
    let state_text = std::str::from_utf8(&state_bytes).ok()?;
    let mut lines = state_text.split('\n');
    (lines.next()? == STATE_MAGIC).then_some(())?;
    let settings: Vec<usize> = lines
        .next()?
        .split(' ')
        .map(|n| n.parse().ok())
        .collect::<Option<_>>()?;
    let [format, text_run, shown_run, total] = settings[..] else {
        return None;
    };
    let sharded = head.shards.is_some() && head.files.is_some() && head.names.is_some();
    let agrees = format == FORMAT as usize
        && head.format == FORMAT
        && text_run == TEXT_RUN
        && head.text_run == TEXT_RUN
        && shown_run == SHOWN_RUN
        && head.shown_run == Some(SHOWN_RUN)
        && head.titles.len() == doc_count;
    (sharded && agrees).then_some(())?;
    let state_lines: Vec<&str> = lines.collect();
    // One line per document, and the empty rest after the last line break.
    (state_lines.len() == doc_count + 1 && state_lines[doc_count].is_empty()).then_some(())?;
    let codes = decode_numbers(&head.codes)?;
    (codes.len() == doc_count).then_some(())?;

    let mut out = Patched::default();
    let mut changes: BTreeMap<String, Vec<(u32, u8)>> = BTreeMap::new();
    let mut shown_delta: isize = 0;
    let mut texts: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut shown: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut new_state: BTreeMap<usize, String> = BTreeMap::new();
    for (number, doc) in edited {
        let number = *number;
        let code = doc.code.map_or(0, |c| i64::from(c) + 1);
        (number < doc_count && codes[number] == code && head.titles[number] == doc.title)
            .then_some(())?;
        let run = number / TEXT_RUN;
        if let Entry::Vacant(slot) = texts.entry(run) {
            let (k, bodies): (usize, Vec<String>) =
                call(&previous(&format!("{DIR}/t{run}.js"))?, "text")?;
            (k == run).then_some(())?;
            slot.insert(bodies);
        }
        let run_shown = number / SHOWN_RUN;
        if let Entry::Vacant(slot) = shown.entry(run_shown) {
            let (k, run): (usize, Vec<String>) =
                call(&previous(&format!("{DIR}/d{run_shown}.js"))?, "shown")?;
            (k == run_shown).then_some(())?;
            slot.insert(run);
        }
        let old_text = texts[&run].get(number % TEXT_RUN)?;
        let old_small = read_state_line(state_lines[number])?;
        let before = old_terms(old_text, &old_small);
        let after: BTreeMap<&str, u8> = doc.each_term().collect();
        for (term, fields) in differences(&before, &after) {
            let edits = changes.entry(term.to_string()).or_default();
            edits.push((number as u32, fields));
        }
        let old_shown = shown.get_mut(&run_shown)?.get_mut(number % SHOWN_RUN)?;
        shown_delta += doc.shown.len() as isize - old_shown.len() as isize;
        *old_shown = doc.shown.clone();
        *texts.get_mut(&run)?.get_mut(number % TEXT_RUN)? = doc.text.clone();
        let mut line = String::new();
        state_line(doc, &mut line);
        new_state.insert(number, line);
    }

    let doc_count_u32 = u32::try_from(doc_count).ok()?;
    let mut size_delta: isize = 0;
    if !changes.is_empty() {
        let firsts = head.shards.take()?;
        let ids = head.files.take()?;
        (firsts.len() == ids.len() && !firsts.is_empty()).then_some(())?;
        let ranges = ranges(&firsts, &changes);
        // The shards of each range, cut again, from the last range to the first so that
        // the places of the earlier ones stay put.
        let mut new_firsts = firsts.clone();
        let mut kept: Vec<Option<String>> = ids.iter().cloned().map(Some).collect();
        let mut written: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
        for &(start, end) in ranges.iter().rev() {
            let (mut terms, mut entries) = (Vec::new(), Vec::new());
            for named in &ids[start..end] {
                let path = format!("{DIR}/w{named}.js");
                let (id, run_terms, run_entries): (String, Vec<String>, Vec<String>) =
                    call(&previous(&path)?, "shard")?;
                (id == *named && run_terms.len() == run_entries.len()).then_some(())?;
                terms.extend(run_terms);
                entries.extend(run_entries);
                out.gone.push(path);
            }
            let low = firsts[start].as_str();
            let high = firsts.get(end).map(String::as_str);
            let (terms, entries, delta) = apply(
                terms,
                entries,
                changes.range::<str, _>((
                    if start == 0 {
                        Bound::Unbounded
                    } else {
                        Bound::Included(low)
                    },
                    high.map_or(Bound::Unbounded, Bound::Excluded),
                )),
                doc_count_u32,
                head.names.as_mut()?,
            )?;
            size_delta += delta;
            let sizes: Vec<usize> = terms
                .iter()
                .zip(&entries)
                .map(|(term, entry)| entry.len() + term.len() + 6)
                .collect();
            let refs: Vec<&str> = terms.iter().map(String::as_str).collect();
            let starts = shard_starts(&refs, &sizes);
            let cut: Vec<(String, Vec<String>, Vec<String>)> = starts
                .iter()
                .enumerate()
                .map(|(k, &s)| {
                    let e = starts.get(k + 1).copied().unwrap_or(terms.len());
                    (
                        terms[s].clone(),
                        terms[s..e].to_vec(),
                        entries[s..e].to_vec(),
                    )
                })
                .collect();
            new_firsts.splice(start..end, cut.iter().map(|(first, _, _)| first.clone()));
            kept.splice(start..end, cut.iter().map(|_| None));
            written.extend(cut);
        }
        let refs: Vec<&str> = new_firsts.iter().map(String::as_str).collect();
        let new_ids = file_ids(&refs);
        // A shard outside the ranges keeps its file: a clash of names that moved a number
        // elsewhere is for a full write to sort out.
        for (id, old) in new_ids.iter().zip(&kept) {
            if old.as_ref().is_some_and(|old| old != id) {
                return None;
            }
        }
        let id_of: BTreeMap<&str, &str> = new_firsts
            .iter()
            .zip(&new_ids)
            .map(|(first, id)| (first.as_str(), id.as_str()))
            .collect();
        for (first, terms, entries) in &written {
            let id = id_of.get(first.as_str())?;
            let (path, bytes) = shard_file(id, terms, entries);
            out.gone.retain(|gone| *gone != path);
            out.files.push((path, bytes));
        }
        head.shards = Some(new_firsts);
        head.files = Some(new_ids);
    }
    let total = total as isize + size_delta + shown_delta;
    // Small enough to be inline now: only a whole write is right.
    (total > INLINE_BYTES as isize).then_some(())?;

    for (k, bodies) in &texts {
        out.files.push(text_file(*k, bodies));
    }
    for (k, run) in &shown {
        out.files.push(shown_file(*k, run));
    }
    let head_file = head_file(&head);
    if head_file.1 != head_bytes {
        out.files.push(head_file);
    }
    out.files.push((
        STATE.to_string(),
        patched_state(&state_lines, &new_state, total as usize),
    ));
    out.gone.sort();
    out.gone.dedup();
    Some(out)
}

/// The terms of a document as the previous build indexed it: those of its text, in the
/// body, and those of its small fields as the state file has them.
fn old_terms(text: &str, small: &[(&str, u8)]) -> BTreeMap<String, u8> {
    let mut found = Found::default();
    found.add(Field::Body, text);
    let (terms, fields) = found.take();
    let mut all: BTreeMap<String, u8> = terms
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .zip(fields)
        .collect();
    for &(term, fields) in small {
        *all.entry(term.to_string()).or_default() |= fields;
    }
    all
}

/// The terms whose fields differ between two versions of a document, with their fields
/// after (0: the document no longer holds the term).
fn differences<'a>(
    before: &'a BTreeMap<String, u8>,
    after: &BTreeMap<&'a str, u8>,
) -> Vec<(&'a str, u8)> {
    let mut out = Vec::new();
    for (term, &old) in before {
        let new = after.get(term.as_str()).copied().unwrap_or(0);
        if new != old {
            out.push((term.as_str(), new));
        }
    }
    for (&term, &new) in after {
        if !before.contains_key(term) {
            out.push((term, new));
        }
    }
    out
}

/// The runs of shards to cut again, as `(first, end)` places in the shard list, merged where
/// they meet: from the last shard at or before each changed term that starts at a fixed cut
/// (or the first shard), up to the next such shard after it. A fixed cut that the edit may
/// remove is no boundary.
fn ranges(firsts: &[String], changes: &BTreeMap<String, Vec<(u32, u8)>>) -> Vec<(usize, usize)> {
    let boundary =
        |k: usize| k == 0 || (fixed_cut(&firsts[k]) && !changes.contains_key(&firsts[k]));
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for term in changes.keys() {
        let at = firsts
            .partition_point(|first| first.as_str() <= term.as_str())
            .saturating_sub(1);
        let mut start = at;
        while !boundary(start) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < firsts.len() && !boundary(end) {
            end += 1;
        }
        match ranges.last_mut() {
            Some(last) if last.1 >= start => last.1 = last.1.max(end),
            _ => ranges.push((start, end)),
        }
    }
    ranges
}

/// The terms and entries of a run of shards with `changes` applied (each term's edited
/// documents and their new fields), the small fields' vocabulary `names` kept up to date,
/// and how many bytes the entries grew by.
fn apply<'a>(
    terms: Vec<String>,
    entries: Vec<String>,
    changes: impl Iterator<Item = (&'a String, &'a Vec<(u32, u8)>)>,
    doc_count: u32,
    names: &mut Vec<String>,
) -> Option<(Vec<String>, Vec<String>, isize)> {
    let mut old: BTreeMap<String, String> = terms.into_iter().zip(entries).collect();
    let mut delta: isize = 0;
    for (term, edits) in changes {
        let before = old.get(term).map(String::as_str).unwrap_or("");
        let after = patch_entry(before, edits, doc_count)?;
        let size = |entry: &str| {
            if entry.is_empty() {
                0
            } else {
                (entry.len() + term.len() + 6) as isize
            }
        };
        delta += size(&after) - size(before);
        let small = in_small(&after);
        match (names.binary_search(term), small) {
            (Ok(_), true) | (Err(_), false) => {}
            (Ok(at), false) => {
                names.remove(at);
            }
            (Err(at), true) => names.insert(at, term.clone()),
        }
        if after.is_empty() {
            old.remove(term);
        } else {
            old.insert(term.clone(), after);
        }
    }
    let (terms, entries) = old.into_iter().unzip();
    Some((terms, entries, delta))
}

/// `entry` (see [`super::entry`]) with each of `edits`' documents holding the term in the
/// fields given (none: not at all).
fn patch_entry(entry: &str, edits: &[(u32, u8)], doc_count: u32) -> Option<String> {
    let mut fields: Vec<Vec<u32>> = vec![Vec::new(); FIELDS];
    if !entry.is_empty() {
        for (f, postings) in entry.split(',').enumerate() {
            decode_postings(postings, fields.get_mut(f)?)?;
        }
    }
    for &(doc, bits) in edits {
        for (f, ids) in fields.iter_mut().enumerate() {
            match (ids.binary_search(&doc), bits & (1 << f) != 0) {
                (Ok(at), false) => {
                    ids.remove(at);
                }
                (Err(at), true) => ids.insert(at, doc),
                _ => {}
            }
        }
    }
    let mut encoded: Vec<String> = fields
        .iter()
        .map(|ids| encode_postings(ids, doc_count))
        .collect();
    while encoded.last().is_some_and(String::is_empty) {
        encoded.pop();
    }
    Some(encoded.join(","))
}

/// Whether an entry has documents in a small field.
fn in_small(entry: &str) -> bool {
    entry
        .split(',')
        .enumerate()
        .any(|(f, postings)| SMALL & (1 << f) != 0 && !postings.is_empty())
}

/// The state file with the lines of the edited documents replaced.
fn patched_state(lines: &[&str], edited: &BTreeMap<usize, String>, total: usize) -> Vec<u8> {
    let mut out = format!("{STATE_MAGIC}\n{FORMAT} {TEXT_RUN} {SHOWN_RUN} {total}\n");
    for (number, line) in lines[..lines.len() - 1].iter().enumerate() {
        out.push_str(edited.get(&number).map_or(line, String::as_str));
        out.push('\n');
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests;
