//! JSON strings written straight into a buffer, for the search index's files: most of
//! their bytes are page texts, which need no escaping but for a quote or a line break here
//! and there.
//!
//! The bytes are those `serde_json` writes for the same strings (its escapes, `\u00XX` in
//! lower case for other control characters, everything else as it is), so the index is the
//! same whichever wrote it; it is only faster, looking at eight bytes at a time.

/// Appends `text` to `out` as a JSON string, quotes included.
pub fn push_str(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // `bytes[copied..]` is not yet in `out`. Eight bytes at a time: in text, few need an
    // escape.
    let mut copied = 0;
    let (words, tail) = bytes.as_chunks::<8>();
    for (n, &word) in words.iter().enumerate() {
        let mut flags = escaped(u64::from_le_bytes(word));
        while flags != 0 {
            let i = n * 8 + (flags.trailing_zeros() / 8) as usize;
            copied = escape(out, bytes, copied, i);
            flags &= flags - 1;
        }
    }
    for i in bytes.len() - tail.len()..bytes.len() {
        if matches!(bytes[i], 0x00..0x20 | b'"' | b'\\') {
            copied = escape(out, bytes, copied, i);
        }
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Appends `items` to `out` as a JSON array of strings, without spaces.
pub fn push_strs<S: AsRef<str>>(out: &mut Vec<u8>, items: &[S]) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_str(out, item.as_ref());
    }
    out.push(b']');
}

/// Each byte of a word with this value.
const fn each(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// The high bit of each byte of `word` that JSON escapes: below 0x20, a quote or a
/// backslash. No byte's sum carries into the next, so each flag is its own byte's.
fn escaped(word: u64) -> u64 {
    const LOW: u64 = each(0x7F);
    // Bytes below 0x80 whose low seven bits, plus `add`, stay below 0x80.
    let below = |word: u64, add: u64| !(((word & LOW) + add) | word);
    let zero = |word: u64| below(word, LOW);
    (below(word, each(0x60)) | zero(word ^ each(b'"')) | zero(word ^ each(b'\\'))) & each(0x80)
}

/// Writes what `bytes[copied..i]` holds, and `bytes[i]`, a byte that needs one, escaped;
/// returns where the bytes not yet written start.
fn escape(out: &mut Vec<u8>, bytes: &[u8], copied: usize, i: usize) -> usize {
    let byte = bytes[i];
    out.extend_from_slice(&bytes[copied..i]);
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x08 => b'b',
        0x0C => b'f',
        _ => b'u',
    };
    if short == b'u' {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(byte >> 4)],
            HEX[usize::from(byte & 0xF)],
        ]);
    } else {
        out.extend_from_slice(&[b'\\', short]);
    }
    i + 1
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        push_str(&mut out, text);
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let texts = [
            "",
            "plain text of a page, longer than a word",
            "\"quoted\" and back\\slashed",
            "lines\nand\ttabs\r\u{8}\u{c}\u{0}\u{1f}\u{7f}",
            "Été, naïve, 日本語, 🙂, \u{2028}",
            // Escapes at each place in and around a word of eight bytes.
            "1234567\"",
            "\"1234567",
            "12345678\n12345678",
            "ab\u{1}cdefgh\\ijklmnop\"q",
        ];
        for text in texts {
            assert_eq!(
                written(text),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn arrays_are_those_of_serde_json() {
        let items = ["one", "two \"2\"", ""];
        let mut out = Vec::new();
        push_strs(&mut out, &items);
        assert_eq!(out, serde_json::to_vec(&items).unwrap());
        out.clear();
        push_strs::<&str>(&mut out, &[]);
        assert_eq!(out, b"[]");
    }

    proptest! {
        /// Any text, with the bytes that need escapes and many-byte characters among others.
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(
            text in "[a-z \"\\\\\n\t\u{0}-\u{1f}\u{7f}é🙂]{0,40}"
        ) {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
