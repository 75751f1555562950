use std::collections::BTreeMap;

use super::*;
use crate::outputs::search::{Texts, files};

/// A made-up page: its small fields and its body, as words.
#[derive(Clone, Debug)]
struct Made {
    title: String,
    summary: Vec<String>,
    aliases: Vec<String>,
    body: Vec<String>,
}

/// A source of made-up choices, the same on every run.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// `count` pages: bodies of 100 words from a vocabulary of 30,000, summaries and aliases
/// from smaller ones, so that the index is cut into shards.
fn made_up(count: usize, dice: &mut Dice) -> Vec<Made> {
    (0..count)
        .map(|i| Made {
            title: format!("Reason r{}", dice.below(500)),
            summary: vec![format!("s{}", dice.below(300)), format!("page{i}")],
            aliases: (0..dice.below(3))
                .map(|_| format!("a{}", dice.below(200)))
                .collect(),
            body: (0..100)
                .map(|_| format!("w{}", dice.below(30_000)))
                .collect(),
        })
        .collect()
}

fn document(i: usize, page: &Made) -> SearchDoc {
    let mut fields: [Vec<String>; FIELDS] = Default::default();
    let summary = page.summary.join(" ");
    fields[Field::Summary as usize].push(summary.clone());
    fields[Field::Aliases as usize] = page.aliases.clone();
    fields[Field::Body as usize].push(page.body.join(" "));
    SearchDoc::new(
        Some(1000 + i as u32),
        page.title.clone(),
        summary,
        None,
        fields,
    )
}

fn documents(pages: &[Made]) -> Vec<SearchDoc> {
    pages
        .iter()
        .enumerate()
        .map(|(i, p)| document(i, p))
        .collect()
}

fn by_path(files: Vec<(String, Vec<u8>)>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().collect()
}

/// The build folder's index files after `edited` pages were patched in, if the patch could.
fn patched(
    before: &BTreeMap<String, Vec<u8>>,
    pages: &[Made],
    edited: &[usize],
) -> Option<BTreeMap<String, Vec<u8>>> {
    let previous = |path: &str| before.get(path).cloned();
    let docs: Vec<(usize, SearchDoc)> = edited
        .iter()
        .map(|&i| (i, document(i, &pages[i])))
        .collect();
    let patch = patch(&previous, &docs, pages.len())?;
    let mut after = before.clone();
    for path in &patch.gone {
        assert!(after.remove(path).is_some(), "{path} was there to remove");
    }
    after.extend(patch.files);
    Some(after)
}

/// Every difference between two sets of files, by path, for a readable failure.
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .map(|p| match (a.get(p), b.get(p)) {
            (Some(_), None) => format!("{p} only in the patched index"),
            (None, Some(_)) => format!("{p} only in the clean one"),
            _ => format!("{p} differs"),
        })
        .collect()
}

/// One random edit of a page.
fn edit(page: &mut Made, dice: &mut Dice, unique: &mut usize) {
    let mut fresh = || {
        *unique += 1;
        format!("new{unique}")
    };
    match dice.below(8) {
        // A few words no page has.
        0 => page.body.extend((0..1 + dice.below(4)).map(|_| fresh())),
        // Many: the shards they land in grow past their size and are cut anew.
        1 => page.body.extend((0..600).map(|_| fresh())),
        // A word taken out wherever it is, which may be its last page.
        2 => {
            let word = page.body[dice.below(page.body.len())].clone();
            page.body.retain(|w| *w != word);
        }
        // A word of the body that other pages have too.
        3 => page.body.push(format!("w{}", dice.below(30_000))),
        // The same words in another order.
        4 => page.body.reverse(),
        // Another summary: the small fields, the shown text and the head's names.
        5 => page.summary = vec![format!("s{}", dice.below(300)), fresh()],
        // An alias gained or lost.
        6 => {
            if page.aliases.pop().is_none() {
                page.aliases.push(format!("a{}", dice.below(200)));
            }
        }
        // Half the body gone.
        _ => page.body.truncate(page.body.len() / 2),
    }
}

#[test]
fn random_edits_patch_the_index_into_what_a_clean_build_writes() {
    let mut dice = Dice(20_261_206);
    let mut pages = made_up(3000, &mut dice);
    let mut current = by_path(files(&documents(&pages), Texts::All));
    assert!(
        current.contains_key(STATE),
        "a sharded index has its state file"
    );
    let mut unique = 0;
    let mut patches = 0;
    // Each round writes the whole index again to compare, which takes a while unoptimized.
    for round in 0..16 {
        let edited: Vec<usize> = (0..1 + dice.below(3)).map(|_| dice.below(3000)).collect();
        let mut edited = edited;
        edited.sort_unstable();
        edited.dedup();
        for &i in &edited {
            edit(&mut pages[i], &mut dice, &mut unique);
        }
        let clean = by_path(files(&documents(&pages), Texts::All));
        if let Some(after) = patched(&current, &pages, &edited) {
            let wrong = differences(&after, &clean);
            assert!(
                wrong.is_empty(),
                "round {round}, pages {edited:?}: {wrong:?}"
            );
            patches += 1;
        }
        current = clean;
    }
    assert_eq!(patches, 16, "every edit patched");
}

#[test]
fn a_fixed_cut_that_goes_and_one_that_comes_move_the_shards_around_them() {
    let mut dice = Dice(7);
    let mut pages = made_up(3000, &mut dice);
    // Words that start a shard whatever else is in the index.
    let cuts: Vec<String> = (0..)
        .map(|n| format!("cut{n}"))
        .filter(|w| fixed_cut(w))
        .take(2)
        .collect();
    pages[10].body.push(cuts[0].clone());
    let before = by_path(files(&documents(&pages), Texts::All));
    let head = String::from_utf8(before["search/index.js"].clone()).unwrap();
    assert!(
        head.contains(&format!("\"{}\"", cuts[0])),
        "{} starts a shard",
        cuts[0]
    );

    pages[10].body.retain(|w| *w != cuts[0]);
    pages[20].body.push(cuts[1].clone());
    let after = patched(&before, &pages, &[10, 20]).expect("patched");
    let clean = by_path(files(&documents(&pages), Texts::All));
    assert_eq!(differences(&after, &clean), Vec::<String>::new());
}

#[test]
fn an_index_that_becomes_small_is_written_whole() {
    let mut dice = Dice(11);
    let mut pages = made_up(3000, &mut dice);
    let before = by_path(files(&documents(&pages), Texts::All));
    assert!(before.contains_key(STATE), "sharded");
    // Every page loses its body: what is left fits in the head.
    let edited: Vec<usize> = (0..pages.len()).collect();
    for page in &mut pages {
        page.body.clear();
    }
    let clean = by_path(files(&documents(&pages), Texts::All));
    assert!(!clean.contains_key(STATE), "small");
    assert!(patched(&before, &pages, &edited).is_none());
}

#[test]
fn an_index_without_its_state_file_or_of_another_table_is_not_patched() {
    let mut dice = Dice(3);
    let pages = made_up(3000, &mut dice);
    let mut before = by_path(files(&documents(&pages), Texts::All));
    let mut renamed = pages.clone();
    renamed[5].title = "Another reason".into();
    assert!(
        patched(&before, &renamed, &[5]).is_none(),
        "a title is the table's"
    );
    before.remove(STATE);
    assert!(patched(&before, &pages, &[5]).is_none());
}

#[test]
fn state_lines_read_back() {
    let mut dice = Dice(5);
    let pages = made_up(3, &mut dice);
    let doc = document(0, &pages[0]);
    let mut line = String::new();
    state_line(&doc, &mut line);
    let read = read_state_line(&line).unwrap();
    let small: Vec<(&str, u8)> = doc
        .each_term()
        .filter(|(_, f)| f & SMALL != 0)
        .map(|(t, f)| (t, f & SMALL))
        .collect();
    assert_eq!(read, small);
    assert!(!read.is_empty());
}
