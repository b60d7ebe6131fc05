//! Word hashes: one 64-bit hash per word (a run of letters and digits),
//! the same however the word is cased. The structure family compares
//! paragraphs by shingles of these, and the names family's word pass
//! computes them on its way through a paragraph.

use crate::scan::swar::{ascii_word_run, first_bytes, load_chunk, LOWERCASE_BITS};

/// Each ASCII letter or digit, lowercased; 0 for every other byte.
static ASCII_WORD_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// FNV-1a's 64-bit start value and prime, for shingle hashes.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// A word's hash before its first piece.
pub const WORD_HASH_START: u64 = FNV_OFFSET;

/// One more eight-byte piece of a lowercased word (zero-padded; words
/// hold no zero bytes, so padding cannot make two words alike).
#[inline]
pub fn word_hash_step(h: u64, piece: u64) -> u64 {
    (h.rotate_left(5) ^ piece).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Spreads a word's hash over all 64 bits.
#[inline]
pub fn word_hash_finish(h: u64) -> u64 {
    (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
}

/// The hash of a lowercased word's bytes, eight at a time.
pub fn lowered_word_hash(word: &[u8]) -> u64 {
    let h = word
        .chunks(8)
        .fold(FNV_OFFSET, |h, c| word_hash_step(h, load_chunk(c, 0)));
    word_hash_finish(h)
}

/// The hash of `word` (letters and digits), lowercased.
pub fn lowered_hash_of(word: &str) -> u64 {
    let lowered: String = word.chars().flat_map(char::to_lowercase).collect();
    lowered_word_hash(lowered.as_bytes())
}

/// Appends the hashes of the lowercased words of `text` (runs of letters
/// and digits) to `out`: a word hashes the same however it is spelt in
/// case. ASCII words, nearly all of them, are found and hashed eight bytes
/// at a time (setting bit 5 lowercases an ASCII letter and keeps a
/// digit); a word with other characters is lowercased and hashed whole.
pub fn word_hashes(text: &str, out: &mut Vec<u64>) {
    let bytes = text.as_bytes();
    let mut lowered = String::new();
    let mut i = 0;
    while i < bytes.len() {
        // Skip to the next letter or digit.
        let b = bytes[i];
        if b < 0x80 {
            if ASCII_WORD_BYTE[b as usize] == 0 {
                i += 1;
                continue;
            }
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            if !ch.is_alphanumeric() {
                i += ch.len_utf8();
                continue;
            }
        }
        let start = i;
        // The word's leading ASCII letters and digits, hashed as found.
        let mut h = FNV_OFFSET;
        loop {
            let chunk = load_chunk(bytes, i);
            let run = ascii_word_run(chunk);
            if run > 0 {
                h = word_hash_step(h, (chunk | LOWERCASE_BITS) & first_bytes(run));
            }
            i += run;
            if run < 8 {
                break;
            }
        }
        // Other characters in the word: decode to its end, hash it whole.
        let mut ascii = true;
        while i < bytes.len() {
            let b = bytes[i];
            if ASCII_WORD_BYTE[b as usize] != 0 {
                i += 1;
            } else if b >= 0x80 {
                let ch = text[i..].chars().next().unwrap_or(' ');
                if !ch.is_alphanumeric() {
                    break;
                }
                ascii = false;
                i += ch.len_utf8();
            } else {
                break;
            }
        }
        out.push(if ascii {
            word_hash_finish(h)
        } else {
            lowered.clear();
            lowered.extend(text[start..i].chars().flat_map(char::to_lowercase));
            lowered_word_hash(lowered.as_bytes())
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hashes(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        word_hashes(text, &mut out);
        out
    }

    /// [`word_hashes`] by its definition: split on anything but letters
    /// and digits, lowercase, hash.
    fn hashes_by_chars(text: &str) -> Vec<u64> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| lowered_word_hash(w.to_lowercase().as_bytes()))
            .collect()
    }

    #[test]
    fn word_hashes_on_examples() {
        for text in [
            "",
            "a",
            "abcdefgh",
            "abcdefghi ABCDEFGHIJKLMNOPQ 0123456789",
            "café CAFÉ naïve x1é2 é",
            "Straße STRASSE ǅ Kelvin \u{212a} k",
            "tab\tnew\nline—dash 中文字 12,5",
            "\u{0}\u{1f}@[`{ z9Z",
        ] {
            assert_eq!(hashes(text), hashes_by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn word_hashes_ignore_case_and_separators_only() {
        // Case, in ASCII and beyond it, does not count; separators split.
        assert_eq!(hashes("Hello, WORLD 42!"), hashes("hello world\t42"));
        assert_eq!(hashes("ÄRGER über Öl"), hashes("ärger ÜBER öl"));
        assert_eq!(hashes("Straße—x"), hashes("STRAßE x"));
        assert_eq!(hashes("“quoted” 中文").len(), 2);
        // Words differ by any letter, digit, order or join.
        let all = hashes("ab ba abc a b 1 2 12 21 é e ärger arger");
        let mut distinct = all.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), all.len());
        assert_ne!(hashes("ab"), hashes("a b")[..1]);
        assert!(hashes(" \n—, ").is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn word_hashes_follow_their_definition(text in "[ -~\u{80}-\u{17f}\u{212a}\u{3000}中文\t\n]{0,60}") {
            prop_assert_eq!(hashes(&text), hashes_by_chars(&text));
        }
    }
}
