//! From text to terms: the words and compounds a document holds, each once, with the
//! fields it holds them in.

use rustc_hash::FxHashMap;

/// Bit `f` of a term's fields: it is in [`super::Field`] `f`.
pub(super) type Fields = u8;

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
    while let Some(offset) = memchr::memchr2(b'-', b'_', &bytes[from..]) {
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
            if part.is_ascii() {
                let from = joined.len();
                joined.push_str(part);
                joined[from..].make_ascii_lowercase();
            } else {
                joined.extend(part.chars().flat_map(char::to_lowercase));
            }
            parts += 1;
        }
        let letters = |joined: &str| {
            if joined.is_ascii() {
                joined.bytes().any(|b| b.is_ascii_alphabetic())
            } else {
                joined.chars().any(char::is_alphabetic)
            }
        };
        if parts >= 2 && letters(joined) {
            found(joined);
        }
    }
}

/// The terms of one document as they are found, each once, with the fields they are in;
/// kept between documents so that its tables are allocated once per thread.
#[derive(Default)]
pub(super) struct Found {
    /// Terms of up to 16 bytes (nearly all) by their bytes packed into a number, so finding
    /// one is a hash of two words and one comparison. A fast, unkeyed hash: terms are not
    /// attacker-chosen, and this is the hot loop.
    short: FxHashMap<u128, u32>,
    /// Longer terms.
    long: FxHashMap<Box<str>, u32>,
    /// Every term found, one after another: term `n` is `spans[n]` of it.
    bytes: String,
    spans: Vec<(u32, u32)>,
    fields: Vec<Fields>,
}

/// The bit of [`CLASS`] for a letter.
const LETTER: u8 = 2;

/// 0x20 in each of a short term's 16 bytes: the bit that makes an ASCII letter lower-case.
const LOWER: u128 = u128::from_le_bytes([0x20; 16]);

/// The key of a term of up to 16 bytes in [`Found`]'s table of short terms: its bytes,
/// first byte lowest, the rest zeros.
fn short_key(term: &[u8]) -> u128 {
    let mut first = [0u8; 16];
    first[..term.len()].copy_from_slice(term);
    u128::from_le_bytes(first)
}

/// What each byte is in a term: 0 none (it separates terms), 1 a digit, 2 ([`LETTER`]) a
/// letter.
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        class[b] = if byte.is_ascii_digit() {
            1
        } else if byte.is_ascii_alphabetic() {
            LETTER
        } else {
            0
        };
        b += 1;
    }
    class
};

impl Found {
    /// Records that the document holds the terms of `text` in `field`: the terms of
    /// [`each_term`] and [`each_compound`], found here without copying ASCII text.
    pub(super) fn add(&mut self, field: impl Into<usize>, text: &str) {
        let field = field.into();
        each_compound(text, |term| {
            let number = self.number(term);
            self.fields[number as usize] |= 1 << field;
        });
        if !text.is_ascii() {
            each_term(text, |term| {
                let number = self.number(term);
                self.fields[number as usize] |= 1 << field;
            });
            return;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let mut classes = CLASS[bytes[i] as usize];
            if classes == 0 {
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            while let Some(&b) = bytes.get(i) {
                let class = CLASS[b as usize];
                if class == 0 {
                    break;
                }
                classes |= class;
                i += 1;
            }
            let len = i - start;
            if len < 2 || classes & LETTER == 0 {
                continue;
            }
            let number = if len <= 16 {
                // The term's bytes and the zeros after them, read as one number; straight
                // from the text when 16 bytes are left, which copying first was slower than.
                let unused = 8 * (16 - len) as u32;
                let packed = match bytes[start..].first_chunk::<16>() {
                    Some(&sixteen) => u128::from_le_bytes(sixteen) & (u128::MAX >> unused),
                    None => short_key(&bytes[start..i]),
                };
                // Lower-case at once: in a run of ASCII letters and digits, setting 0x20
                // lower-cases the letters and leaves the digits (0x30-0x39) as they are.
                let key = packed | (LOWER >> unused);
                match self.short.get(&key) {
                    Some(&number) => number,
                    None => {
                        let number = self.new_term(&text[start..i]);
                        self.bytes[self.spans[number as usize].0 as usize..].make_ascii_lowercase();
                        self.short.insert(key, number);
                        number
                    }
                }
            } else {
                self.long_number(&text[start..i].to_ascii_lowercase())
            };
            self.fields[number as usize] |= 1 << field;
        }
    }

    /// The number of `term`, lower-case already, kept where [`Found::add`] looks for it.
    fn number(&mut self, term: &str) -> u32 {
        if term.len() > 16 || !term.is_ascii() {
            return self.long_number(term);
        }
        let key = short_key(term.as_bytes());
        match self.short.get(&key) {
            Some(&number) => number,
            None => {
                let number = self.new_term(term);
                self.short.insert(key, number);
                number
            }
        }
    }

    fn long_number(&mut self, term: &str) -> u32 {
        if let Some(&number) = self.long.get(term) {
            return number;
        }
        let number = self.new_term(term);
        self.long.insert(term.into(), number);
        number
    }

    fn new_term(&mut self, term: &str) -> u32 {
        self.spans
            .push((self.bytes.len() as u32, term.len() as u32));
        self.bytes.push_str(term);
        self.fields.push(0);
        (self.spans.len() - 1) as u32
    }

    fn term(&self, number: u32) -> &str {
        let (start, len) = self.spans[number as usize];
        &self.bytes[start as usize..(start + len) as usize]
    }

    /// The terms found since the last call, in byte order, separated by spaces (which no
    /// term holds), and the fields of each; the tables are emptied for the next document.
    pub(super) fn take(&mut self) -> (String, Vec<Fields>) {
        // Sorted by their first 16 bytes as one big-endian number (a shorter term is padded
        // with zeros, so it comes before the longer ones it begins), and by all their bytes
        // only when those are equal: nearly every comparison is of two numbers.
        let prefix = |term: &str| {
            let mut first = [0u8; 16];
            let n = term.len().min(16);
            first[..n].copy_from_slice(&term.as_bytes()[..n]);
            u128::from_be_bytes(first)
        };
        let mut order: Vec<(u128, u32)> = (0..self.spans.len() as u32)
            .map(|n| (prefix(self.term(n)), n))
            .collect();
        order.sort_unstable_by(|&(a, m), &(b, n)| {
            a.cmp(&b).then_with(|| self.term(m).cmp(self.term(n)))
        });
        let mut terms = String::with_capacity(self.bytes.len() + self.spans.len());
        for &(_, n) in &order {
            if !terms.is_empty() {
                terms.push(' ');
            }
            terms.push_str(self.term(n));
        }
        let fields = order
            .iter()
            .map(|&(_, n)| self.fields[n as usize])
            .collect();
        self.short.clear();
        self.long.clear();
        self.bytes.clear();
        self.spans.clear();
        self.fields.clear();
        (terms, fields)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

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

    /// The fast ASCII path of `Found::add` finds what `each_term` and `each_compound` do,
    /// at every length around the 16 bytes a short term is packed into, at the text's end
    /// and away from it.
    #[test]
    fn the_ascii_path_finds_the_terms_of_the_general_one() {
        let mut texts = vec![
            "Retry-After: 120; X-Request-Id req_a24fe8a4408c034b, 2026-11-29 A1 x 9z".to_string(),
            "UPPER lower MiXeD 0x20 4xx e2e ID_42 __init__ a-b-c --flag".to_string(),
        ];
        for len in 1..=20 {
            let word: String = (0..len).map(|i| ['Q', 'z', '7'][i % 3]).collect();
            texts.push(word.clone());
            texts.push(format!("{word} and more text after it"));
            texts.push(format!("{word}-Part"));
            // Met again with other bytes after it, and then at the very end.
            texts.push(format!("{word} next, {word}, {word}"));
        }
        for text in texts {
            let mut expected = BTreeSet::new();
            each_term(&text, |t| {
                expected.insert(t.to_string());
            });
            each_compound(&text, |t| {
                expected.insert(t.to_string());
            });
            let mut found = Found::default();
            found.add(0usize, &text);
            let (terms, _) = found.take();
            let found: Vec<String> = terms.split_whitespace().map(str::to_string).collect();
            assert_eq!(
                found,
                Vec::from_iter(expected),
                "{text}: each once, in order"
            );
        }
    }

    #[test]
    fn a_document_has_each_term_once_in_byte_order_with_its_fields() {
        let mut found = Found::default();
        found.add(0usize, "Retry Later");
        found.add(5usize, "Retry-After: later, après");
        found.add(5usize, "averyveryverylongwordindeed");
        let (terms, fields) = found.take();
        assert_eq!(
            terms,
            "after après averyveryverylongwordindeed later retry retryafter"
        );
        assert_eq!(fields, [32, 32, 32, 33, 33, 32]);
        assert_eq!(found.take(), (String::new(), vec![]), "emptied");
    }
}
