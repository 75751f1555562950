//! The compact text form of a posting list, which `search.js` decodes, and a rebuild reads
//! back (see `previous`).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes increasing document ids in whichever of two forms is shorter:
///
/// - a list of gaps (`id - previous - 1`, the first from -1), each a little-endian varint of
///   base-64 digits from `ALPHABET` carrying 5 bits, with 32 added while more digits follow;
/// - `~` and a bitmap: digit `i` holds documents `6i` to `6i + 5` in its bits 0 to 5.
pub fn encode_postings(ids: &[u32], doc_count: u32) -> String {
    let mut list = String::new();
    let mut previous: i64 = -1;
    for &id in ids {
        push_varint(&mut list, (i64::from(id) - previous - 1) as u64);
        previous = i64::from(id);
    }
    let bitmap_len = (doc_count as usize).div_ceil(6) + 1;
    if list.len() <= bitmap_len {
        return list;
    }
    let mut bits = vec![0u8; bitmap_len - 1];
    for &id in ids {
        bits[id as usize / 6] |= 1 << (id % 6);
    }
    std::iter::once('~')
        .chain(bits.into_iter().map(|b| ALPHABET[b as usize] as char))
        .collect()
}

/// Encodes a list of numbers, each as the difference from the one before (the first from
/// 0), zigzagged (0, -1, 1, -2 … as 0, 1, 2, 3 …) and written as the varints of
/// [`encode_postings`]: a run of consecutive codes is one digit each.
pub fn encode_numbers(numbers: impl IntoIterator<Item = i64>) -> String {
    let mut out = String::new();
    let mut previous = 0i64;
    for number in numbers {
        let delta = number - previous;
        previous = number;
        push_varint(&mut out, ((delta << 1) ^ (delta >> 63)) as u64);
    }
    out
}

/// `value` as little-endian base-64 digits of 5 bits, 32 added while more follow.
fn push_varint(out: &mut String, mut value: u64) {
    loop {
        let digit = (value & 31) as usize;
        value >>= 5;
        if value == 0 {
            out.push(ALPHABET[digit] as char);
            return;
        }
        out.push(ALPHABET[digit | 32] as char);
    }
}

/// The value of a base-64 digit of [`encode_postings`]'s alphabet.
fn digit(c: u8) -> Option<u64> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    } as u64)
}

/// The varints of [`encode_postings`] and [`encode_numbers`].
fn varints(encoded: &str, mut each: impl FnMut(u64)) -> Option<()> {
    let (mut value, mut shift) = (0u64, 0u32);
    for &c in encoded.as_bytes() {
        let d = digit(c)?;
        value |= (d & 31).checked_shl(shift)?;
        shift += 5;
        if d < 32 {
            each(value);
            (value, shift) = (0, 0);
        }
    }
    (shift == 0).then_some(())
}

/// The document ids [`encode_postings`] encoded, appended to `ids`.
pub(super) fn decode_postings(encoded: &str, ids: &mut Vec<u32>) -> Option<()> {
    if let Some(bitmap) = encoded.strip_prefix('~') {
        for (i, &c) in bitmap.as_bytes().iter().enumerate() {
            let bits = digit(c)?;
            for bit in 0..6 {
                if bits & (1 << bit) != 0 {
                    ids.push(u32::try_from(i * 6 + bit).ok()?);
                }
            }
        }
        return Some(());
    }
    let mut previous: i64 = -1;
    let mut bad = false;
    varints(encoded, |gap| {
        previous += gap as i64 + 1;
        match u32::try_from(previous) {
            Ok(id) => ids.push(id),
            Err(_) => bad = true,
        }
    })?;
    (!bad).then_some(())
}

/// The numbers [`encode_numbers`] encoded.
pub(super) fn decode_numbers(encoded: &str) -> Option<Vec<i64>> {
    let mut numbers = Vec::new();
    let mut previous = 0i64;
    varints(encoded, |zigzag| {
        let delta = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
        previous += delta;
        numbers.push(previous);
    })?;
    Some(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of `encoded`, as the script and a rebuild read them back.
    fn decode(encoded: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        decode_postings(encoded, &mut ids).unwrap();
        ids
    }

    #[test]
    fn sparse_postings_are_gap_lists() {
        assert_eq!(encode_postings(&[0], 1000), "A");
        assert_eq!(encode_postings(&[0, 1, 2], 1000), "AAA");
        assert_eq!(encode_postings(&[5, 40], 1000), "FiB");
        for ids in [vec![0, 31, 32, 33, 1000, 99_999], vec![7], vec![]] {
            assert_eq!(decode(&encode_postings(&ids, 100_000)), ids);
        }
    }

    #[test]
    fn numbers_are_zigzagged_differences() {
        // 1000 is +1000 (zigzag 2000), then +1, +1, -500 (zigzag 999), -1001 (2001).
        assert_eq!(encode_numbers([1000, 1001, 1002, 502, -499]), "w-BCCnfx-B");
        assert_eq!(encode_numbers([]), "");
    }

    #[test]
    fn dense_postings_are_bitmaps() {
        let all: Vec<u32> = (0..600).collect();
        let encoded = encode_postings(&all, 600);
        assert!(encoded.starts_with('~'));
        assert_eq!(encoded.len(), 101);
        assert_eq!(decode(&encoded), all);
        let every_third: Vec<u32> = (0..600).step_by(3).collect();
        assert_eq!(decode(&encode_postings(&every_third, 600)), every_third);
    }

    #[test]
    fn numbers_read_back_and_a_cut_varint_is_refused() {
        let numbers = vec![1000, 1001, 1002, 502, -499, 0];
        assert_eq!(
            decode_numbers(&encode_numbers(numbers.clone())),
            Some(numbers)
        );
        assert_eq!(decode_numbers("g"), None, "a varint cut short");
        assert!(decode_postings("Ag", &mut Vec::new()).is_none());
    }
}
