//! Runs of capitalised words and the spellings they give, for the checks
//! that compare a name's spellings letter by letter
//! ([`super::spelling_variant`], [`super::near_variant`]).
//!
//! A *run* is a stretch of consecutive capitalised words of one clause:
//! no connector (`and`, `of`, `the`, ...), comma or other punctuation
//! inside it, so a run never spans two names of a list. A possessive `'s`
//! ends a run and stays out of it. Lines that look like a Title Case
//! headline (most words capitalised, no final punctuation, at most 30
//! words; also short ones) give no runs: their capitals say nothing about
//! how a name is spelt. Nor does the document's first line (its title)
//! unless it ends as a sentence does, which [`table`] decides.
//!
//! A *spelling* is one to three consecutive words of a run, written out
//! (with a `'` for `’`), with three keys: its letters and digits in lower
//! case (`key`), the same with its spaces and hyphens (`case_key`: two
//! spellings with one `case_key` differ only in case), and the same with
//! hyphens read as spaces (`hyphen_key`).

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use super::mention::{headline_lines, HeadlineShape, LongRuns};
use super::Local;
use crate::base::text::Span;
use crate::rules::{Ctx, Placed};
use crate::scan::words::WordList;

/// The word starts a run.
const FIRST: u8 = 1;
/// The word starts a sentence (its capital may be the sentence's).
const INITIAL: u8 = 2;
/// The word is on its paragraph's first line.
const LINE0: u8 = 4;

/// A capitalised word of a run, in plain offsets from its paragraph's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameWord {
    start: u32,
    end: u32,
    flags: u8,
}

/// Longest spelling, in words.
const MAX_WORDS: usize = 3;

/// The headline lines of a paragraph give no evidence of a spelling: any
/// length up to 30 words, and a comma does not end a headline either.
const RUN_HEADLINE: HeadlineShape = HeadlineShape {
    min_words: 1,
    ends: &['.', '!', '?', '。', '"', '”', ':', ';', ','],
};

/// Whether the word at `start` opens a sentence: nothing but spaces and
/// quotes or brackets between it and the paragraph's start, a line break
/// or a sentence's final punctuation.
pub(crate) fn sentence_initial(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        match c {
            ' ' | '\t' | '"' | '“' | '”' | '‘' | '\'' | '(' | '[' | '\u{a0}' => continue,
            '\n' | '.' | '!' | '?' | ':' | ';' | '。' => return true,
            _ => return false,
        }
    }
    true
}

/// The length of a possessive ending (`'s`, `’s`) of `w`, or 0.
fn possessive(w: &str) -> usize {
    if w.ends_with("'s") || w.ends_with("'S") {
        2
    } else if w.ends_with("’s") {
        "’s".len()
    } else {
        0
    }
}

/// The capitalised runs of the paragraph `ctx` holds.
pub(crate) fn name_words(ctx: &Ctx, ws: &WordList) -> Vec<NameWord> {
    if ws.caps.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(ws.caps.len());
    /// Per line: (words, capitalised words), and whether a headline.
    type Scratch = (Vec<(u32, u32)>, Vec<bool>);
    thread_local!(static SCRATCH: std::cell::RefCell<Scratch> = Default::default());
    SCRATCH.with_borrow_mut(|(counts, headline)| {
        headline_lines(ctx, &ws.words, &RUN_HEADLINE, counts, headline);
        runs_into(ctx, ws, headline, &mut out);
    });
    out
}

/// [`name_words`] once the headline lines are known.
fn runs_into(ctx: &Ctx, ws: &WordList, headline: &[bool], out: &mut Vec<NameWord>) {
    let text = ctx.text;
    // The index of the last word taken, if the run may go on after it.
    let mut open: Option<usize> = None;
    // Words of a long capitalised stretch are no evidence either (see
    // `MAX_CAPITALISED_RUN`).
    let mut long = LongRuns::default();
    for &i in &ws.caps {
        let w = &ws.words[i];
        if !w.cap
            || w.connector
            || w.paren
            || headline.get(w.line as usize).copied().unwrap_or(true)
            || long.inside(&ws.words, i)
        {
            open = None;
            continue;
        }
        let s = &text[w.span.clone()];
        let cut = possessive(s);
        let continues = open.is_some_and(|j| j + 1 == i && ws.words[j].clause == w.clause);
        let mut flags = if continues { 0 } else { FIRST };
        if sentence_initial(text, w.span.start) {
            flags |= INITIAL;
        }
        if w.line == 0 {
            flags |= LINE0;
        }
        let (Ok(start), Ok(end)) = (u32::try_from(w.span.start), u32::try_from(w.span.end - cut))
        else {
            break;
        };
        if start < end {
            out.push(NameWord { start, end, flags });
        }
        open = (cut == 0).then_some(i);
    }
}

/// One spelling of a document: a word of a run, or a whole run of up to
/// three words.
#[derive(Debug)]
pub(crate) struct Spelling {
    pub key: u64,
    pub case_key: u64,
    pub hyphen_key: u64,
    /// Letters and digits in its `key`.
    pub key_len: usize,
    pub words: usize,
    /// Once at least a whole run (but for a sentence's first word).
    pub whole: bool,
    /// Once not at a sentence's start.
    pub mid: bool,
    /// Has a lowercase letter (no ALL-CAPS form).
    pub has_lower: bool,
    /// How often it is written, and where first (plain document offsets).
    pub count: usize,
    pub first: Span,
}

/// Where a spelling is written: its first and last word.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    spelling: u32,
    first: u32,
    last: u32,
}

/// A word of a run: where it is, whether it opens a sentence, its run.
#[derive(Debug, Clone)]
struct RunWord {
    span: Span,
    initial: bool,
    run: u32,
    /// The hash of the word as written (`’` read as `'`).
    surface: u64,
}

/// The spellings of a document and the words they are made of.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub spellings: Vec<Spelling>,
    words: Vec<RunWord>,
    occurrences: Vec<Occurrence>,
    /// Two neighbouring words of a run, both mid-sentence: their
    /// hashes as written, the first word, and whether they are the run
    /// (but for a sentence's first word).
    pub pairs: Vec<([u64; 2], u32, bool)>,
}

impl Table {
    /// Where spelling `i` is written, in order.
    pub fn at(&self, i: usize) -> impl Iterator<Item = Span> + '_ {
        self.occurrences
            .iter()
            .filter(move |o| o.spelling as usize == i)
            .map(|o| self.words[o.first as usize].span.start..self.words[o.last as usize].span.end)
    }

    /// The words before (or after) a one-word spelling `i` in its runs,
    /// each once, in lower case.
    pub fn neighbours(&self, text: &str, i: usize, before: bool) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for o in self.occurrences.iter().filter(|o| o.spelling as usize == i) {
            let k = o.first as usize;
            let n = if before {
                k.checked_sub(1)
            } else {
                Some(k + 1)
            };
            if let Some(w) = n.and_then(|n| self.words.get(n)) {
                if w.run == self.words[k].run {
                    let l = text[w.span.clone()].to_lowercase();
                    if !out.contains(&l) {
                        out.push(l);
                    }
                }
            }
        }
        out
    }

    /// The runs: the span of each, its words, and whether its first word
    /// opens a sentence.
    pub fn runs(&self) -> impl Iterator<Item = (Span, usize, bool)> + '_ {
        self.words.chunk_by(|a, b| a.run == b.run).map(|g| {
            (
                g[0].span.start..g[g.len() - 1].span.end,
                g.len(),
                g[0].initial,
            )
        })
    }

    /// The span of word `k` and the next.
    pub fn pair_span(&self, k: u32) -> Span {
        let k = k as usize;
        self.words[k].span.start..self.words[k + 1].span.end
    }
}

/// A word's hash as written (`’` read as `'`): the bytes of that form,
/// in the same pieces whatever the original's bytes.
fn word_hash(h: &mut FxHasher, word: &str) {
    if word.is_ascii() && word.len() <= 64 {
        h.write(word.as_bytes());
    } else {
        let mut buf = [0u8; 64];
        let mut n = 0;
        let mut c8 = [0u8; 4];
        for c in word.chars() {
            let c = if c == '’' { '\'' } else { c };
            let bytes = c.encode_utf8(&mut c8).as_bytes();
            if n + bytes.len() > buf.len() {
                h.write(&buf[..n]);
                n = 0;
            }
            buf[n..n + bytes.len()].copy_from_slice(bytes);
            n += bytes.len();
        }
        h.write(&buf[..n]);
    }
    h.write_u8(0xff);
}

/// The spellings of the document's runs (the paragraphs' [`NameWord`]s).
pub(crate) fn table(ctx: &Ctx, paragraphs: &[Placed<Local>]) -> Table {
    let mut t = Table::default();
    // The first line is the title unless it ends as a sentence does.
    let first_line = ctx.text.split('\n').next().unwrap_or("").trim_end();
    let first_line_end = if first_line.ends_with(['.', '!', '?', '。', '"', '”']) {
        0
    } else {
        first_line.len()
    };
    let mut run = 0u32;
    for p in paragraphs {
        run += 1;
        for w in &p.local.name_words {
            let span = p.start + w.start as usize..p.start + w.end as usize;
            if w.flags & FIRST != 0 {
                run += 1;
            }
            if w.flags & LINE0 != 0 && span.start < first_line_end {
                continue;
            }
            let mut h = FxHasher::default();
            word_hash(&mut h, &ctx.text[span.clone()]);
            t.words.push(RunWord {
                span,
                initial: w.flags & INITIAL != 0,
                run,
                surface: h.finish(),
            });
        }
    }
    if t.words.len() < 2 {
        return t;
    }
    let mut by_surface: FxHashMap<u64, u32> =
        FxHashMap::with_capacity_and_hasher(t.words.len(), Default::default());
    let mut k = 0;
    while k < t.words.len() {
        let mut end = k + 1;
        while end < t.words.len() && t.words[end].run == t.words[k].run {
            end += 1;
        }
        add_run(ctx.text, k, end, &mut t, &mut by_surface);
        k = end;
    }
    t
}

/// Adds the spellings of the run `t.words[from..to]`: each word, and the
/// whole run (without a sentence's first word too) when it has two or
/// three words; and its pairs of neighbouring words.
fn add_run(
    text: &str,
    from: usize,
    to: usize,
    t: &mut Table,
    by_surface: &mut FxHashMap<u64, u32>,
) {
    let mut add = |t: &mut Table, i: usize, j: usize, whole: bool| {
        let surface = if i == j {
            t.words[i].surface
        } else {
            let mut h = FxHasher::default();
            for w in &t.words[i..=j] {
                h.write_u64(w.surface);
            }
            h.finish()
        };
        let next = t.spellings.len() as u32;
        let at = *by_surface.entry(surface).or_insert(next);
        let span = t.words[i].span.start..t.words[j].span.end;
        if at == next {
            t.spellings
                .push(new_spelling(text, &t.words[i..=j], span.clone()));
        }
        let s = &mut t.spellings[at as usize];
        s.whole |= whole;
        s.mid |= !t.words[i].initial;
        s.count += 1;
        t.occurrences.push(Occurrence {
            spelling: at,
            first: i as u32,
            last: j as u32,
        });
    };
    let n = to - from;
    for i in from..to {
        let whole = n == 1 || (n == 2 && i == from + 1 && t.words[from].initial);
        add(t, i, i, whole);
    }
    if (2..=MAX_WORDS).contains(&n) {
        add(t, from, to - 1, true);
    }
    if (3..=MAX_WORDS + 1).contains(&n) && t.words[from].initial {
        add(t, from + 1, to - 1, true);
    }
    // Pairs of neighbouring words for the swapped names.
    if n >= 2 {
        let inner = n - usize::from(t.words[from].initial);
        // The words as written: a name's words keep their capitals when
        // swapped (`Chen Desen` / `Desen Chen`).
        for i in from..to - 1 {
            if !t.words[i].initial {
                let key = [t.words[i].surface, t.words[i + 1].surface];
                t.pairs.push((key, i as u32, inner == 2));
            }
        }
    }
}

fn new_spelling(text: &str, words: &[RunWord], first: Span) -> Spelling {
    // The spelling in lower case, words joined by a space (`’` read as `'`).
    let mut lower: Vec<u8> = Vec::with_capacity(first.len());
    let mut has_lower = false;
    for (n, w) in words.iter().enumerate() {
        if n > 0 {
            lower.push(b' ');
        }
        let word = &text[w.span.clone()];
        if word.is_ascii() {
            has_lower |= word.bytes().any(|b| b.is_ascii_lowercase());
            lower.extend(word.bytes().map(|b| b.to_ascii_lowercase()));
        } else {
            let mut c8 = [0u8; 4];
            for c in word.chars() {
                let c = if c == '’' { '\'' } else { c };
                has_lower |= c.is_lowercase();
                for l in c.to_lowercase() {
                    lower.extend_from_slice(l.encode_utf8(&mut c8).as_bytes());
                }
            }
        }
    }
    let hash = |bytes: &mut dyn Iterator<Item = u8>| {
        let mut h = FxHasher::default();
        let mut buf = [0u8; 64];
        let mut n = 0;
        for b in bytes {
            if n == buf.len() {
                h.write(&buf);
                n = 0;
            }
            buf[n] = b;
            n += 1;
        }
        h.write(&buf[..n]);
        h.finish()
    };
    // Letters and digits: ASCII ones and every byte of another character.
    let letter = |b: &u8| b.is_ascii_alphanumeric() || *b >= 0x80;
    Spelling {
        key: hash(&mut lower.iter().copied().filter(letter)),
        case_key: hash(&mut lower.iter().copied()),
        hyphen_key: hash(&mut lower.iter().map(|&b| if b == b'-' { b' ' } else { b })),
        key_len: lower.iter().filter(|b| letter(b)).count(),
        words: words.len(),
        whole: false,
        mid: false,
        has_lower,
        count: 0,
        first,
    }
}

#[cfg(test)]
mod tests {
    use super::sentence_initial;

    #[test]
    fn sentence_starts() {
        let t = "He said. \"Lind left\", Linde said: Kvesic -- Kvecic";
        let at = |w: &str| t.find(w).unwrap();
        assert!(sentence_initial(t, 0));
        assert!(sentence_initial(t, at("Lind left")));
        assert!(!sentence_initial(t, at("Linde")));
        assert!(sentence_initial(t, at("Kvesic")));
        assert!(!sentence_initial(t, at("Kvecic")));
    }
}
