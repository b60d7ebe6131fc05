//! The word pass: the words of a paragraph with their byte spans, case,
//! clause and line, the places of its capitalised words and its `and`s,
//! and (when asked) the word hashes of [`crate::scan::word_hash`], all in
//! one pass over its bytes. The names family finds its mentions in these
//! words; the structure family shingles the hashes.
//!
//! Two scans give the same words: [`words_and_hashes_into`] looks at a
//! window of 64 bytes at a time ([`window`]); the byte-wise
//! [`scan_tokens`] (eight bytes at a time through ASCII words) takes what
//! a window cannot settle, serves [`words_into`], and is the window
//! scan's oracle in the tests. It runs over every byte of every article.

use crate::base::text::Span;
use crate::scan::swar;

mod lexicon;
mod window;

use lexicon::short_word_key;
pub use lexicon::{is_connector, ABBREVIATIONS, CONNECTORS};

/// A word: letters and digits, with the hyphens and apostrophes that
/// join them, in plain offsets.
#[derive(Debug, Clone)]
pub struct Word {
    /// Plain offsets.
    pub span: Span,
    /// Starts with a capital letter and is no ALL-CAPS shouting.
    pub cap: bool,
    /// One of [`CONNECTORS`], in any case.
    pub connector: bool,
    /// Inside a short lowercase parenthetical, `(national)`.
    pub paren: bool,
    /// Clause number; mentions never cross clauses.
    pub clause: u32,
    /// 0-based line.
    pub line: u32,
}

#[inline]
fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.eq_ignore_ascii_case(b)
}

/// A structure word's hash as [`scan_words`] finds its bytes.
struct WordHash {
    start: usize,
    hash: u64,
    ascii: bool,
}

impl WordHash {
    fn new(start: usize) -> WordHash {
        WordHash {
            start,
            hash: crate::scan::word_hash::WORD_HASH_START,
            ascii: true,
        }
    }

    #[inline]
    fn ascii_chunk(&mut self, chunk: u64, run: usize) {
        self.hash = crate::scan::word_hash::word_hash_step(
            self.hash,
            (chunk | swar::LOWERCASE_BITS) & swar::first_bytes(run),
        );
    }

    /// The hash of the word, which ends at `end`. Always inlined: it runs
    /// once per word, and a call of its own cost 2% of a corpus run's
    /// instructions when the compiler chose one.
    #[inline(always)]
    fn finish(&self, text: &str, end: usize) -> u64 {
        if self.ascii {
            crate::scan::word_hash::word_hash_finish(self.hash)
        } else {
            crate::scan::word_hash::lowered_hash_of(&text[self.start..end])
        }
    }
}

/// The words of a text, with the places of the words the name searches
/// start from, noted as the words are found: mentions and titled names
/// start at or next to a capitalised word, and a doubled phrase turns on
/// an `and`. The searches then visit those words alone instead of every
/// word of the paragraph.
#[derive(Debug, Default)]
pub struct WordList {
    pub words: Vec<Word>,
    /// Indices of the capitalised words (`cap`).
    pub caps: Vec<usize>,
    /// Indices of the words `and`, in any case.
    pub ands: Vec<usize>,
}

/// [`short_word_key`] of `and`.
const AND_KEY: u32 = short_word_key(b"and");

impl WordList {
    /// Empties the list, keeping its buffers.
    pub fn clear(&mut self) {
        self.words.clear();
        self.caps.clear();
        self.ands.clear();
    }

    /// Appends `w`; `and` says whether it is the word `and`.
    #[inline(always)]
    fn push(&mut self, w: Word, and: bool) {
        if w.cap {
            self.caps.push(self.words.len());
        }
        if and {
            self.ands.push(self.words.len());
        }
        self.words.push(w);
    }
}

/// Splits `text` into words, marking clause breaks and short lowercase
/// parentheticals. Works on bytes with an ASCII fast path: this runs over
/// every byte of every article.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = WordList {
        words: Vec::with_capacity(text.len() / 6),
        ..WordList::default()
    };
    words_into(text, &mut out);
    out.words
}

/// [`words`] into a buffer the caller reuses.
pub fn words_into(text: &str, out: &mut WordList) {
    scan_words::<false>(text, out, &mut Vec::new());
}

/// [`words_into`], also appending to `hashes` what
/// [`word_hashes`](crate::scan::word_hash::word_hashes) gives for `text`: its words
/// (runs of letters and digits) are the pieces of these words between
/// joiners, so one pass over the bytes serves both families.
pub fn words_and_hashes_into(text: &str, out: &mut WordList, hashes: &mut Vec<u64>) {
    window::words_and_hashes_into(text, out, hashes);
}

/// Where the word scan is between two tokens: the clause and line it is
/// in, and whether inside a short lowercase parenthetical.
#[derive(Debug, Clone, Copy, Default)]
struct ScanState {
    clause: u32,
    line: u32,
    in_paren: bool,
}

fn scan_words<const HASH: bool>(text: &str, out: &mut WordList, hashes: &mut Vec<u64>) {
    scan_tokens::<HASH>(text, 0, usize::MAX, &mut ScanState::default(), out, hashes);
}

/// The word scan one byte (or eight) at a time, from `from` (where a token
/// starts) to the first token that starts at or after `limit`, whose
/// offset it returns.
fn scan_tokens<const HASH: bool>(
    text: &str,
    from: usize,
    limit: usize,
    state: &mut ScanState,
    out: &mut WordList,
    hashes: &mut Vec<u64>,
) -> usize {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut st = *state;
    let char_at = |i: usize| text[i..].chars().next().unwrap_or(' ');
    // Whether a word continues at byte `i` (a letter or digit, or an
    // apostrophe or hyphen followed by one); returns the char's length.
    let continues = |i: usize| -> Option<usize> {
        let b = *bytes.get(i)?;
        if b.is_ascii_alphanumeric() {
            return Some(1);
        }
        if b < 0x80 {
            let joiner = b == b'-' || b == b'\'';
            return (joiner
                && bytes.get(i + 1).is_some_and(|c| {
                    c.is_ascii_alphanumeric() || *c >= 0x80 && char_at(i + 1).is_alphanumeric()
                }))
            .then_some(1);
        }
        let c = char_at(i);
        if c.is_alphanumeric() {
            return Some(c.len_utf8());
        }
        let next = i + c.len_utf8();
        (c == '’' && next < n && char_at(next).is_alphanumeric()).then_some(c.len_utf8())
    };
    let mut i = from;
    while i < n && i < limit {
        let b = bytes[i];
        let starts_word = b.is_ascii_alphanumeric() || (b >= 0x80 && char_at(i).is_alphanumeric());
        if starts_word {
            let start = i;
            let first_upper = if b < 0x80 {
                b.is_ascii_uppercase()
            } else {
                char_at(i).is_uppercase()
            };
            let mut has_lower = false;
            // The structure word being hashed: its start, its hash so far
            // and whether it is all ASCII (else it is hashed at its end).
            let mut piece = WordHash::new(start);
            loop {
                // ASCII letters and digits eight at a time; the rest one
                // char at a time.
                loop {
                    let chunk = swar::load_chunk(bytes, i);
                    let run = swar::ascii_word_run(chunk);
                    has_lower |= swar::lowercase_letters(chunk) & swar::first_bytes(run) != 0;
                    if HASH && run > 0 {
                        piece.ascii_chunk(chunk, run);
                    }
                    i += run;
                    if run < 8 {
                        break;
                    }
                }
                match continues(i) {
                    Some(len) => {
                        let b = bytes[i];
                        let other = b >= 0x80 && char_at(i).is_alphanumeric();
                        if HASH {
                            if other {
                                piece.ascii = false;
                            } else {
                                // A joiner ends a structure word.
                                hashes.push(piece.finish(text, i));
                                piece = WordHash::new(i + len);
                            }
                        }
                        has_lower |= other && char_at(i).is_lowercase();
                        i += len;
                    }
                    None => break,
                }
            }
            if HASH {
                hashes.push(piece.finish(text, i));
            }
            let w = &text[start..i];
            // ALL-CAPS words of 4+ letters are headline shouting, not names.
            let shouting = w.len() >= 4 && !has_lower;
            let cap = first_upper && !shouting;
            let connector = is_connector(w);
            let and = connector && eq_ignore_case(w, "and");
            out.push(
                Word {
                    span: start..i,
                    cap,
                    connector,
                    paren: st.in_paren,
                    clause: st.clause,
                    line: st.line,
                },
                and,
            );
            continue;
        }
        match b {
            b' ' | b'\t' | b'-' => {}
            0xC2 if bytes.get(i + 1) == Some(&0xA0) => {
                i += 2;
                continue;
            }
            0x80.. => {
                st.clause += 1;
                st.in_paren = false;
                i += char_at(i).len_utf8();
                continue;
            }
            _ => punctuation(text, i, &mut st, out),
        }
        i += 1;
    }
    *state = st;
    i
}

/// What an ASCII byte outside words, other than a space, a tab or a `-`,
/// does to the scan: `&` is a connector word, parentheses and periods may
/// end the clause, anything else does.
#[inline(always)]
fn punctuation(text: &str, i: usize, st: &mut ScanState, out: &mut WordList) {
    let bytes = text.as_bytes();
    match bytes[i] {
        b'&' => out.push(
            Word {
                span: i..i + 1,
                cap: false,
                connector: true,
                paren: st.in_paren,
                clause: st.clause,
                line: st.line,
            },
            false,
        ),
        b'(' => {
            // A short lowercase parenthetical stays inside the clause.
            let n = bytes.len();
            let close = memchr::memchr(b')', &bytes[i..(i + 40).min(n)]).map(|k| i + k);
            let short = close.map(|k| &text[i + 1..k]).is_some_and(|s| {
                !s.is_empty()
                    && s.split_whitespace().count() <= 3
                    && s.chars().all(|c| c.is_lowercase() || c == ' ' || c == '-')
            });
            if short && !st.in_paren {
                st.in_paren = true;
            } else {
                st.clause += 1;
            }
        }
        b')' => {
            if !std::mem::take(&mut st.in_paren) {
                st.clause += 1;
            }
        }
        b'.' => {
            let prev = out
                .words
                .last()
                .filter(|w| w.span.end == i)
                .map(|w| &text[w.span.clone()]);
            if !prev.is_some_and(|p| ABBREVIATIONS.contains(&p)) {
                st.clause += 1;
            }
        }
        b => {
            st.clause += 1;
            st.in_paren = false;
            st.line += u32::from(b == b'\n');
        }
    }
}
