//! The compact text form of a posting list, which `search.js` decodes.

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoder the script implements, to check the encoding round-trips.
    fn decode(encoded: &str) -> Vec<u32> {
        let digit = |c: char| ALPHABET.iter().position(|&a| a as char == c).unwrap() as u64;
        let mut ids = Vec::new();
        if let Some(bitmap) = encoded.strip_prefix('~') {
            for (i, c) in bitmap.chars().enumerate() {
                for bit in 0..6 {
                    if digit(c) & (1 << bit) != 0 {
                        ids.push((i * 6 + bit) as u32);
                    }
                }
            }
            return ids;
        }
        let (mut previous, mut value, mut shift) = (-1i64, 0u64, 0);
        for c in encoded.chars() {
            let d = digit(c);
            value |= (d & 31) << shift;
            shift += 5;
            if d < 32 {
                previous += value as i64 + 1;
                ids.push(previous as u32);
                (value, shift) = (0, 0);
            }
        }
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
}
