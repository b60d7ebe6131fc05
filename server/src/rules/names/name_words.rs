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

use super::Local;
use crate::base::text::Span;
use crate::rules::{Ctx, Placed};
use crate::scan::words::{Word, WordList};

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

/// Whether `line` of the paragraph reads like a Title Case headline:
/// at most 30 words besides connectors, seven in ten of them capitalised,
/// no final punctuation.
fn headline_flags(ctx: &Ctx, ws: &[Word], out: &mut Vec<bool>) {
    let lines = ctx.lines.line_count();
    let mut counts = vec![(0u32, 0u32); lines];
    for w in ws.iter().filter(|w| !w.connector) {
        if let Some(e) = counts.get_mut(w.line as usize) {
            e.0 += 1;
            e.1 += u32::from(w.cap);
        }
    }
    out.clear();
    out.extend(counts.iter().enumerate().map(|(line, &(n, caps))| {
        (1..=30).contains(&n) && caps * 10 >= n * 7 && {
            let content = ctx.text[ctx.lines.line_content(ctx.text, line)].trim_end();
            !content.ends_with(['.', '!', '?', '。', '"', '”', ':', ';', ','])
        }
    }));
}

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
    let mut out = Vec::new();
    if ws.caps.is_empty() {
        return out;
    }
    let mut headline = Vec::new();
    headline_flags(ctx, &ws.words, &mut headline);
    let text = ctx.text;
    // The index of the last word taken, if the run may go on after it.
    let mut open: Option<usize> = None;
    for &i in &ws.caps {
        let w = &ws.words[i];
        if !w.cap
            || w.connector
            || w.paren
            || headline.get(w.line as usize).copied().unwrap_or(true)
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
    out
}

/// One spelling of a document: one to three words of a run.
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
    /// Its occurrences in plain document offsets, in order.
    pub at: Vec<Span>,
    /// The lowercase hashes of the words before and after it in its runs
    /// (one-word spellings only).
    pub left: Vec<u64>,
    pub right: Vec<u64>,
    /// The lowercase hash of each word (two-word spellings only).
    pub word_keys: [u64; 2],
}

impl Spelling {
    pub fn first(&self) -> &Span {
        &self.at[0]
    }
}

/// The spellings of a document and the words they are made of.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub spellings: Vec<Spelling>,
}

fn lower_hash(word: &str) -> u64 {
    let mut h = FxHasher::default();
    for c in word.chars().flat_map(char::to_lowercase) {
        h.write_u32(if c == '’' { '\'' as u32 } else { c as u32 });
    }
    h.finish()
}

/// The spellings of the document's runs (the paragraphs' [`NameWord`]s).
pub(crate) fn table(ctx: &Ctx, paragraphs: &[Placed<Local>]) -> Table {
    let mut t = Table::default();
    let mut by_surface: FxHashMap<u64, usize> = FxHashMap::default();
    // The first line is the title unless it ends as a sentence does.
    let first_line = ctx.text.split('\n').next().unwrap_or("").trim_end();
    let first_line_end = if first_line.ends_with(['.', '!', '?', '。', '"', '”']) {
        0
    } else {
        first_line.len()
    };
    // One run at a time: (span, sentence-initial) of its words.
    let mut run: Vec<(Span, bool)> = Vec::with_capacity(8);
    let mut flush = |run: &mut Vec<(Span, bool)>, t: &mut Table| {
        add_run(ctx.text, run, t, &mut by_surface);
        run.clear();
    };
    for p in paragraphs {
        for w in &p.local.name_words {
            let span = p.start + w.start as usize..p.start + w.end as usize;
            if w.flags & FIRST != 0 {
                flush(&mut run, &mut t);
            }
            if w.flags & LINE0 != 0 && span.start < first_line_end {
                continue;
            }
            run.push((span, w.flags & INITIAL != 0));
        }
        flush(&mut run, &mut t);
    }
    t
}

fn add_run(
    text: &str,
    run: &[(Span, bool)],
    t: &mut Table,
    by_surface: &mut FxHashMap<u64, usize>,
) {
    for i in 0..run.len() {
        let (mut key, mut case_key, mut hyphen_key, mut surface) = (
            FxHasher::default(),
            FxHasher::default(),
            FxHasher::default(),
            FxHasher::default(),
        );
        let mut key_len = 0;
        let mut has_lower = false;
        for j in i..run.len().min(i + MAX_WORDS) {
            let word = &text[run[j].0.clone()];
            if j > i {
                case_key.write_u32(' ' as u32);
                hyphen_key.write_u32(' ' as u32);
                surface.write_u32(' ' as u32);
            }
            for c in word.chars() {
                let c = if c == '’' { '\'' } else { c };
                surface.write_u32(c as u32);
                has_lower |= c.is_lowercase();
                for l in c.to_lowercase() {
                    case_key.write_u32(l as u32);
                    hyphen_key.write_u32(if l == '-' { ' ' as u32 } else { l as u32 });
                    if l.is_alphanumeric() {
                        key.write_u32(l as u32);
                        key_len += 1;
                    }
                }
            }
            let span = run[i].0.start..run[j].0.end;
            let words = j - i + 1;
            // A whole run, or all of it but a sentence's first word
            // (`Many Asian-Americans`: the capital may be the sentence's).
            let whole = (i == 0 || (i == 1 && run[0].1)) && j + 1 == run.len();
            let mid = !run[i].1;
            let s = surface.finish();
            let at = *by_surface.entry(s).or_insert_with(|| {
                t.spellings.push(Spelling {
                    key: key.finish(),
                    case_key: case_key.finish(),
                    hyphen_key: hyphen_key.finish(),
                    key_len,
                    words,
                    whole: false,
                    mid: false,
                    has_lower,
                    at: Vec::new(),
                    left: Vec::new(),
                    right: Vec::new(),
                    word_keys: [0; 2],
                });
                t.spellings.len() - 1
            });
            let sp = &mut t.spellings[at];
            sp.whole |= whole;
            sp.mid |= mid;
            sp.at.push(span);
            if words == 1 {
                if let Some(l) = i.checked_sub(1) {
                    let h = lower_hash(&text[run[l].0.clone()]);
                    if !sp.left.contains(&h) {
                        sp.left.push(h);
                    }
                }
                if let Some(r) = run.get(i + 1) {
                    let h = lower_hash(&text[r.0.clone()]);
                    if !sp.right.contains(&h) {
                        sp.right.push(h);
                    }
                }
            } else if words == 2 {
                sp.word_keys = [
                    lower_hash(&text[run[i].0.clone()]),
                    lower_hash(&text[run[i + 1].0.clone()]),
                ];
            }
        }
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
