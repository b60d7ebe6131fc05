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
//! tests.

use super::{is_connector_key, punctuation, scan_tokens, ScanState, Word, WordList, AND_KEY};
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
        // leaves alone, as [`super::short_word_key`] does.
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
