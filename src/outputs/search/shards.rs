//! Where the vocabulary is cut into term shards, chosen so that a changed document changes
//! few of them: the files of a rebuild differ only where the index did.
//!
//! A shard is a run of consecutive terms in byte order, so the terms a word starts are in
//! one shard or a few neighbours. Two rules cut the run:
//!
//! - **fixed cuts**: a term whose hash is a multiple of [`CUT_EVERY`] starts a shard, whatever
//!   else is in the index. Such a cut moves only when that very term comes or goes.
//! - **size cuts**: between two fixed cuts, a shard is closed once it holds about
//!   [`SHARD_BYTES`], so a run of common terms is not one huge file.
//!
//! A document edited without adding or removing a term changes no term's shard but those
//! of its terms' postings (which are those terms' shards); one that adds or removes a term
//! changes that term's shard, and when that pushes a shard across its size, the shards after
//! it up to the next fixed cut. Each shard's file is named after its first term
//! ([`file_ids`]), not its place, so a cut elsewhere renames nothing.

/// On average one term in this many starts a shard of its own accord.
const CUT_EVERY: u64 = 256;
/// About how many bytes of terms and postings a shard holds before a size cut.
pub(super) const SHARD_BYTES: usize = 48 * 1024;

/// FNV-1a, 64 bits: a hash that is the same on every machine and in every version, so
/// cuts and file names never move when the program is rebuilt.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Whether `term` starts a shard whatever the sizes.
pub(super) fn fixed_cut(term: &str) -> bool {
    fnv(term).is_multiple_of(CUT_EVERY)
}

/// Where each shard starts in the sorted `terms`, given the bytes each term's entry takes.
pub(super) fn shard_starts(terms: &[&str], sizes: &[usize]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0;
    for (i, (term, &bytes)) in terms.iter().zip(sizes).enumerate() {
        if i == 0 || fixed_cut(term) || (size > 0 && size + bytes > SHARD_BYTES) {
            starts.push(i);
            size = 0;
        }
        size += bytes;
    }
    starts
}

/// The name of each shard's file, from its first term: 16 hex digits of its hash, and in
/// the unlikely case that two first terms hash alike, the later one's place after a dash.
pub(super) fn file_ids(firsts: &[&str]) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    firsts
        .iter()
        .enumerate()
        .map(|(k, first)| {
            let id = format!("{:016x}", fnv(first));
            if taken.insert(id.clone()) {
                id
            } else {
                format!("{id}-{k}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(names: &[String]) -> Vec<&str> {
        names.iter().map(String::as_str).collect()
    }

    #[test]
    fn fixed_cuts_do_not_move_when_other_terms_come_and_go() {
        let mut names: Vec<String> = (0..5000).map(|i| format!("term{i:05}")).collect();
        names.sort();
        let before = shard_starts(&terms(&names), &vec![10; names.len()]);
        assert!(before.len() > 5, "several shards: {}", before.len());
        // Take a term that is no fixed cut out of the middle: every shard whose first term
        // is after it starts at the same term, one place earlier.
        let gone = (2000..names.len())
            .find(|&i| !fixed_cut(&names[i]))
            .unwrap();
        let mut fewer = names.clone();
        fewer.remove(gone);
        let after = shard_starts(&terms(&fewer), &vec![10; fewer.len()]);
        let firsts = |starts: &[usize], names: &[String]| -> Vec<String> {
            starts.iter().map(|&s| names[s].clone()).collect()
        };
        assert_eq!(firsts(&before, &names), firsts(&after, &fewer));
    }

    #[test]
    fn a_run_of_large_entries_is_cut_by_size() {
        let names: Vec<String> = (0..40).map(|i| format!("big{i:02}")).collect();
        let starts = shard_starts(&terms(&names), &vec![SHARD_BYTES / 4; names.len()]);
        assert!(starts.len() >= 10, "{starts:?}");
        let alone = shard_starts(&terms(&names[..1]), &[SHARD_BYTES * 3]);
        assert_eq!(
            alone,
            [0],
            "an entry larger than a shard is a shard of its own"
        );
    }

    #[test]
    fn file_names_follow_the_first_term_and_never_clash() {
        let ids = file_ids(&["retry", "token", "retry"]);
        assert_eq!(ids[0].len(), 16);
        assert_eq!(ids[0], file_ids(&["retry"])[0]);
        assert_ne!(ids[0], ids[1]);
        assert_eq!(ids[2], format!("{}-2", ids[0]));
    }
}
