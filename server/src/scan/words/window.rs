//! The word scan of [`super::words_and_hashes_into`], a window of 64
//! bytes at a time: the window's byte classes as bit masks
//! ([`Classes`]) give where each word starts and ends, its case and its
//! joiners, so the scan goes from word to word instead of byte to byte.
//! It runs over every byte of every article.
//!
//! A window settles only what it can see: plain ASCII, and words whose
//! next byte it holds. Anything else (a byte beyond ASCII, a word that
//! runs past the window) is left to the byte-wise scan
//! ([`super::scan_tokens`]), which is also the oracle of this one in the
//! tests at the end of this file.

use super::lexicon::is_connector_key;
use super::{punctuation, scan_tokens, ScanState, Word, WordList, AND_KEY};
use crate::scan::masks::Classes;
use crate::scan::swar::{first_bytes, load_chunk, LOWERCASE_BITS};
use crate::scan::word_hash::{word_hash_finish, word_hash_step, WORD_HASH_START};

/// Window width: the bits of a mask.
const WIDTH: usize = 64;

/// The words of `text` (see [`super::words`]) and the structure family's
/// word hashes of it.
pub(super) fn words_and_hashes_into(text: &str, out: &mut WordList, hashes: &mut Vec<u64>) {
    let n = text.len();
    let mut state = ScanState::default();
    let mut i = 0;
    while i < n {
        let settled = window(text, i, &mut state, out, hashes);
        i = if settled > i {
            settled
        } else {
            scan_tokens::<true>(text, i, i + WIDTH, &mut state, out, hashes)
        };
    }
}

/// The low `k` bits (`k <= 64`), without a branch.
#[inline(always)]
fn low_bits(k: usize) -> u64 {
    ((1u128 << k) - 1) as u64
}

/// The hash [`crate::scan::word_hash::word_hashes`] gives the ASCII
/// letters and digits `bytes[start..end]`.
#[inline(always)]
fn ascii_word_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    let mut h = WORD_HASH_START;
    let mut at = start;
    while at < end {
        let piece = (load_chunk(bytes, at) | LOWERCASE_BITS) & first_bytes(end - at);
        h = word_hash_step(h, piece);
        at += 8;
    }
    word_hash_finish(h)
}

/// Scans the tokens of the window at `at`, where a token starts, as far
/// as the window settles them; returns where it stopped (`at` when it
/// settled nothing).
#[inline]
fn window(
    text: &str,
    at: usize,
    state: &mut ScanState,
    out: &mut WordList,
    hashes: &mut Vec<u64>,
) -> usize {
    let bytes = text.as_bytes();
    let c = Classes::of(bytes, at);
    let left = bytes.len() - at;
    // The window's plain ASCII part: up to its first other byte.
    let valid = left
        .min(WIDTH)
        .min(c.beyond_ascii.trailing_zeros() as usize);
    if valid == 0 {
        return at;
    }
    // Whether the text ends with the valid part: then no byte after it
    // can extend a word.
    let at_end = valid == left;
    // A joiner joins a letter or digit to another one.
    let joined = c.joiner & (c.alnum << 1) & (c.alnum >> 1);
    let word = c.alnum | joined;
    let starts = word & !(word << 1);
    let mut events = (starts | !(word | c.quiet)) & low_bits(valid);
    let mut st = *state;
    let mut stop = at + valid;
    while events != 0 {
        let p = events.trailing_zeros() as usize;
        let i = at + p;
        if starts >> p & 1 == 0 {
            punctuation(text, i, &mut st, out);
            events &= events - 1;
            continue;
        }
        let len = (!(word >> p)).trailing_zeros() as usize;
        let e = p + len;
        // The byte after the word, and the one after that (a joiner joins
        // only before a letter or digit), must be in the window.
        if !at_end && e + 1 >= valid {
            stop = i;
            break;
        }
        let end = at + e;
        // A word of up to three bytes may be a connector. Its bytes are
        // letters, digits and joiners, which setting bit 5 lowercases or
        // leaves alone, as [`super::lexicon::short_word_key`] does.
        let key = if len <= 3 {
            let first = (load_chunk(bytes, i) | LOWERCASE_BITS) & first_bytes(len);
            len as u32 | (first as u32) << 8
        } else {
            0
        };
        let connector = key != 0 && is_connector_key(key);
        let mut joints = joined >> p & low_bits(len);
        let mut piece = i;
        while joints != 0 {
            let joint = i + joints.trailing_zeros() as usize;
            hashes.push(ascii_word_hash(bytes, piece, joint));
            piece = joint + 1;
            joints &= joints - 1;
        }
        hashes.push(ascii_word_hash(bytes, piece, end));
        let has_lower = c.lower >> p & low_bits(len) != 0;
        // ALL-CAPS words of 4+ letters are headline shouting, not names.
        let shouting = len >= 4 && !has_lower;
        out.push(
            Word {
                span: i..end,
                cap: c.upper >> p & 1 != 0 && !shouting,
                connector,
                paren: st.in_paren,
                clause: st.clause,
                line: st.line,
            },
            connector && key == AND_KEY,
        );
        events &= !low_bits(e);
    }
    *state = st;
    stop
}

#[cfg(test)]
mod tests {
    use super::super::{Word, WordList};

    /// The words of the shared pass and the structure family's hashes of
    /// `text`, against each family's own pass.
    fn same_words_and_hashes(text: &str) -> Result<(), String> {
        let (mut plain, mut shared) = (WordList::default(), WordList::default());
        let (mut hashes, mut own) = (vec![], vec![]);
        super::super::words_into(text, &mut plain);
        super::super::words_and_hashes_into(text, &mut shared, &mut hashes);
        crate::scan::word_hash::word_hashes(text, &mut own);
        // The marks, by their definition: capitalised words, and the words
        // `and` in any case.
        let caps: Vec<usize> = (0..plain.words.len())
            .filter(|&i| plain.words[i].cap)
            .collect();
        let ands: Vec<usize> = (0..plain.words.len())
            .filter(|&i| {
                let w = &plain.words[i];
                w.connector && text[w.span.clone()].eq_ignore_ascii_case("and")
            })
            .collect();
        for (list, which) in [(&plain, "byte-wise"), (&shared, "shared")] {
            if list.caps != caps || list.ands != ands {
                return Err(format!("{which} pass marks the wrong words on {text:?}"));
            }
        }
        let (plain, shared) = (plain.words, shared.words);
        let spans = |ws: &[Word]| -> Vec<_> {
            ws.iter()
                .map(|w| {
                    (
                        w.span.clone(),
                        w.cap,
                        w.connector,
                        w.paren,
                        w.clause,
                        w.line,
                    )
                })
                .collect()
        };
        if spans(&plain) != spans(&shared) {
            return Err(format!("words differ on {text:?}"));
        }
        if hashes != own {
            return Err(format!(
                "hashes differ on {text:?}: {hashes:x?} vs {own:x?}"
            ));
        }
        Ok(())
    }

    #[test]
    fn one_word_pass_serves_names_and_structure() {
        for text in [
            "",
            "a",
            "Zhang's long-term plan, the city’s 2-3 rock'n'roll",
            "abcdefghijklmnopq-rstuvwxyz0123456789'x ABCDEFGHIJ’K",
            "café-CAFÉ naïve’s x1é2-é é-",
            "Straße STRASSE-ǅ Kelvin\u{212a} k’ 'a -b a-",
            "tab\tnew\nline—dash 中文字 12,5 (state-owned) A & B",
            "\u{0}\u{1f}@[`{ z9Z-\u{a0}x\u{a0}’’a",
        ] {
            same_words_and_hashes(text).unwrap();
        }
    }

    proptest::proptest! {
        /// The shared pass, over text made of word characters, joiners
        /// and separators in every order.
        #[test]
        fn one_word_pass_serves_names_and_structure_on_any_text(
            text in "[ -~\u{80}-\u{17f}\u{212a}\u{2019}\u{a0}中文\t\n-]{0,80}"
        ) {
            proptest::prop_assert!(same_words_and_hashes(&text).is_ok(), "{:?}", same_words_and_hashes(&text));
        }

        /// The shared pass over paragraphs longer than its 64-byte window,
        /// mostly plain ASCII words (so that words, joiners and
        /// parentheses fall on every side of a window's edge), with now
        /// and then a character beyond ASCII.
        #[test]
        fn one_word_pass_serves_names_and_structure_across_windows(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => "[A-Za-z0-9]{1,12}",
                    4 => "[ ]{1,2}",
                    1 => "[-'.,&()\t\n]",
                    1 => "(Co|Ltd|the|and|of|AND|UNITED)",
                    1 => "[é中’\u{a0}]",
                ],
                0..120,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert!(same_words_and_hashes(&text).is_ok(), "{:?}", same_words_and_hashes(&text));
        }
    }
}
