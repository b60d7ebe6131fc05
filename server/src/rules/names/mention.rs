//! Name mentions and what they are made of: every stretch of a clause
//! from a capitalised word to a capitalised word is a [`Mention`], with a
//! key (what it names) and a surface (how it is written); titles before
//! names ([`TitledName`]); and the [`Features`] a document gives the
//! corpus.

use std::hash::Hasher;
use std::sync::Arc;

use rustc_hash::{FxHashSet, FxHasher};

use super::lexicon::{country_noun, eq_ignore_case, TITLES};
use crate::base::text::Span;
use crate::rules::Ctx;
use crate::scan::words::{words, Word, WordList};

/// Longest mention, in words.
const MAX_WORDS: usize = 8;

/// Lowercase content words a mention may contain (a case variant).
const MAX_LOWER: usize = 2;

/// Capitalised content words in a row (one clause, connectors between
/// them allowed) past which the run is no name in prose but a menu line,
/// a list without commas or capitalised junk: no mention starts inside
/// it. A long name with a title and a person's name after it
/// (`Xining Economic and Technological Development Zone Management
/// Committee Director Wang Ming`) is ten; every start of a run of `n`
/// would otherwise keep up to [`MAX_WORDS`] mentions, which on
/// all-capitalised text is several times the text in memory.
pub(super) const MAX_CAPITALISED_RUN: usize = 16;

/// One mention: a capitalised stretch of a clause.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Hash of the normalised words (case, parentheticals, country form ignored).
    pub key: u64,
    /// Hash of the exact spelling.
    pub surface: u64,
    /// Capitalised content words.
    pub caps: u16,
    /// No lowercase content word.
    pub clean: bool,
    /// Uses a country adjective (`Chinese`) where the key has the noun.
    pub adjective: bool,
    /// Original offsets.
    pub span: Span,
    /// The spelling as written, kept with the first mention of each
    /// spelling only (shared, not copied, as mentions move from a
    /// paragraph's results to the document's).
    pub text: Option<Spelling>,
}

/// A spelling as written: a stretch of the buffer that holds the
/// spellings of one paragraph, shared, so that a paragraph's spellings
/// take one allocation rather than one each.
#[derive(Clone, Default)]
pub struct Spelling {
    buf: Arc<str>,
    start: u32,
    end: u32,
}

impl Spelling {
    pub fn as_str(&self) -> &str {
        &self.buf[self.start as usize..self.end as usize]
    }
}

impl From<&str> for Spelling {
    fn from(text: &str) -> Spelling {
        Spelling {
            buf: text.into(),
            start: 0,
            end: u32::try_from(text.len()).unwrap_or(u32::MAX),
        }
    }
}

impl serde::Serialize for Spelling {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Spelling {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Spelling, D::Error> {
        let text = String::deserialize(d)?;
        if u32::try_from(text.len()).is_err() {
            return Err(serde::de::Error::custom("spelling longer than 4 GiB"));
        }
        Ok(Spelling::from(text.as_str()))
    }
}

impl std::fmt::Display for Spelling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Spelling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

/// A title word directly before a name.
#[derive(Debug, Clone)]
pub struct TitledName {
    /// Hash of the lowercase title and the name's key.
    pub key: u64,
    pub capitalized: bool,
    /// The title word, original offsets.
    pub span: Span,
    pub title: Box<str>,
}

/// What a document contributes to the corpus: its mentions and titled
/// names, in original offsets.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// The first mention of each spelling (key, surface), in order: what
    /// the corpus index takes in. Found while the document is analysed
    /// (in parallel), so the index, built serially, needs no set of its own.
    pub spellings: Vec<Mention>,
    /// Every mention in order: its spelling (an index into `spellings`) and
    /// where it is. A document has about three mentions per spelling, and
    /// a corpus run holds every document's features to the end: this is a
    /// quarter of the size of a [`Mention`] each.
    pub mentions: Vec<(u32, Span32)>,
    pub titled: Vec<TitledName>,
    /// The keys with a clean spelling, each once.
    pub clean_keys: Vec<u64>,
}

impl Features {
    /// Every mention in order, with its spelling.
    pub fn mentions(&self) -> impl Iterator<Item = (&Mention, Span)> + '_ {
        self.mentions
            .iter()
            .map(|(i, span)| (&self.spellings[*i as usize], span.span()))
    }
}

/// A span in 32-bit offsets. The corpus features keep one for every name
/// mention of every document until the run ends, so they are kept small; a
/// mention past a document's first 4 GiB stays out of them (it is still
/// checked within its document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span32 {
    start: u32,
    end: u32,
}

impl Span32 {
    pub(crate) fn new(span: &Span) -> Option<Span32> {
        Some(Span32 {
            start: u32::try_from(span.start).ok()?,
            end: u32::try_from(span.end).ok()?,
        })
    }

    pub fn span(self) -> Span {
        self.start as usize..self.end as usize
    }
}

/// Adds one word to a key (`exact == false`: lowercase, country noun) or
/// surface (`exact == true`) hash.
fn hash_word(h: &mut FxHasher, word: &str, exact: bool) {
    if exact {
        h.write(word.as_bytes());
    } else {
        let word = country_noun(word).unwrap_or(word);
        if word.is_ascii() {
            // Words are letters, digits, `-` and `'`: setting bit 5
            // lowercases letters and leaves the others as they are.
            let mut buf = [0u8; 32];
            for chunk in word.as_bytes().chunks(32) {
                for (d, s) in buf.iter_mut().zip(chunk) {
                    *d = s | 0x20;
                }
                h.write(&buf[..chunk.len()]);
            }
        } else {
            for c in word.chars().flat_map(char::to_lowercase) {
                h.write_u32(c as u32);
            }
        }
    }
    h.write_u8(0xff);
}

fn hash_words<'a>(parts: impl Iterator<Item = &'a str>, exact: bool) -> u64 {
    let mut h = FxHasher::default();
    for p in parts {
        hash_word(&mut h, p, exact);
    }
    h.finish()
}

/// The key of a name written anywhere (registry names, hover lookups):
/// `None` when it has fewer than two words.
pub fn name_key(name: &str) -> Option<u64> {
    let ws = words(name);
    let content = ws.iter().filter(|w| !w.paren && !w.connector).count();
    (content >= 2 || (content == 1 && ws.len() == 1)).then(|| {
        hash_words(
            ws.iter()
                .filter(|w| !w.paren)
                .map(|w| &name[w.span.clone()]),
            false,
        )
    })
}

/// What a Title Case headline line is: from `min_words` to 30 words
/// besides connectors, seven in ten of them capitalised, and not ending
/// with one of `ends`.
pub(super) struct HeadlineShape {
    pub(super) min_words: u32,
    pub(super) ends: &'static [char],
}

/// The headline lines whose capitals say nothing about a mention.
const MENTION_HEADLINE: HeadlineShape = HeadlineShape {
    min_words: 4,
    ends: &['.', '!', '?', '。', '"', '”', ':', ';'],
};

/// Lines that look like a Title Case headline of `shape`: their capitals
/// say nothing about names. Sets `headline[line]` for each line of `ctx`;
/// `counts` is scratch space.
pub(super) fn headline_lines(
    ctx: &Ctx,
    ws: &[Word],
    shape: &HeadlineShape,
    counts: &mut Vec<(u32, u32)>,
    headline: &mut Vec<bool>,
) {
    // Most paragraphs are one line of prose: past 30 words, or 10 in
    // lower case (30% of at most 30), it is no headline, and the rest of
    // its words need not be counted.
    if ctx.lines.line_count() == 1 {
        let (mut n, mut lower) = (0u32, 0u32);
        for w in ws.iter().filter(|w| !w.connector) {
            n += 1;
            lower += u32::from(!w.cap);
            if n > 30 || lower > 9 {
                headline.clear();
                headline.push(false);
                return;
            }
        }
    }
    headline_lines_counted(ctx, ws, shape, counts, headline);
}

/// [`headline_lines`] counting every word of every line.
fn headline_lines_counted(
    ctx: &Ctx,
    ws: &[Word],
    shape: &HeadlineShape,
    counts: &mut Vec<(u32, u32)>,
    headline: &mut Vec<bool>,
) {
    counts.clear();
    counts.resize(ctx.lines.line_count(), (0, 0));
    for w in ws.iter().filter(|w| !w.connector) {
        if let Some(e) = counts.get_mut(w.line as usize) {
            e.0 += 1;
            e.1 += w.cap as u32;
        }
    }
    headline.clear();
    headline.extend(counts.iter().enumerate().map(|(line, &(n, caps))| {
        (shape.min_words..=30).contains(&n) && caps * 10 >= n * 7 && {
            let content = ctx.text[ctx.lines.line_content(ctx.text, line)].trim_end();
            !content.ends_with(shape.ends)
        }
    }));
}

/// The index of the last capitalised content word that ends a mention
/// starting at `ws[start]`, scanning as [`mentions`] does; `None` when no
/// mention starts there.
fn last_mention_end(ws: &[Word], start: usize) -> Option<usize> {
    let clause = ws[start].clause;
    let (mut lower, mut content) = (0, 1);
    let mut last = None;
    for (j, b) in ws.iter().enumerate().skip(start + 1) {
        if b.clause != clause || content > MAX_WORDS {
            break;
        }
        if b.paren || b.connector {
            continue;
        }
        content += 1;
        if b.cap {
            last = Some(j);
        } else {
            lower += 1;
            if lower > MAX_LOWER {
                break;
            }
        }
    }
    last
}

/// Finds every mention: from a capitalised word to a capitalised word
/// of the same clause, at most [`MAX_WORDS`] words, two content words or more.
/// Both spans are plain offsets; a spelling's text is kept with its first
/// mention only.
pub(crate) fn mentions(ctx: &Ctx, ws: &WordList) -> Vec<(Mention, Span)> {
    /// Scratch space reused across paragraphs, as this runs once per
    /// paragraph: headline line counts and flags, and the spellings whose
    /// text is kept (once per paragraph; the document keeps its first).
    #[derive(Default)]
    struct Scratch {
        counts: Vec<(u32, u32)>,
        headlines: Vec<bool>,
        spelled: FxHashSet<(u64, u64)>,
        spellings: String,
        written: Vec<(usize, u32, u32)>,
    }
    thread_local!(static SCRATCH: std::cell::RefCell<Scratch> = Default::default());
    SCRATCH.with_borrow_mut(|s| {
        headline_lines(
            ctx,
            &ws.words,
            &MENTION_HEADLINE,
            &mut s.counts,
            &mut s.headlines,
        );
        s.spelled.clear();
        mentions_spelled(
            ctx,
            &ws.words,
            &ws.caps,
            &s.headlines,
            &mut s.spelled,
            &mut s.spellings,
            &mut s.written,
        )
    })
}

fn mentions_spelled(
    ctx: &Ctx,
    ws: &[Word],
    caps: &[usize],
    headlines: &[bool],
    spelled: &mut FxHashSet<(u64, u64)>,
    spellings: &mut String,
    written: &mut Vec<(usize, u32, u32)>,
) -> Vec<(Mention, Span)> {
    let text = ctx.text;
    // About one mention per eight words in news text.
    let mut out = Vec::with_capacity(ws.len() / 8);
    // The text of each spelling kept, one after another, and which
    // mention keeps which stretch of it.
    spellings.clear();
    written.clear();
    let mut runs = LongRuns::default();
    // Only a capitalised word starts a mention.
    for &i in caps {
        let a = &ws[i];
        if !a.cap
            || a.connector
            || a.paren
            || headlines.get(a.line as usize).copied().unwrap_or(false)
            || runs.inside(ws, i)
        {
            continue;
        }
        // Most capitalised words start no mention (a sentence's first word
        // before lowercase ones): find the last word that could end one,
        // under the same limits as the loop below, before hashing anything.
        let Some(last) = last_mention_end(ws, i) else {
            continue;
        };
        let first = &text[a.span.clone()];
        let (mut key, mut surface) = (FxHasher::default(), FxHasher::default());
        hash_word(&mut key, first, false);
        hash_word(&mut surface, first, true);
        let mut lower = 0;
        let mut content = 1;
        let mut caps = 1u16;
        let mut adjective = country_noun(first).is_some();
        for b in &ws[i + 1..=last] {
            if b.clause != a.clause || content > MAX_WORDS {
                break;
            }
            let word = &text[b.span.clone()];
            if b.paren {
                surface.write_u8(b'(');
                continue;
            }
            hash_word(&mut key, word, false);
            if b.connector {
                surface.write_u8(b'&');
                continue;
            }
            hash_word(&mut surface, word, true);
            content += 1;
            adjective |= country_noun(word).is_some();
            if !b.cap {
                lower += 1;
                if lower > MAX_LOWER {
                    break;
                }
                continue;
            }
            caps += 1;
            // b is a capitalised content word: a..=b is a mention.
            let span = a.span.start..b.span.end;
            let (key, surface) = (key.finish(), surface.finish());
            if spelled.insert((key, surface)) {
                let start = spellings.len();
                spellings.push_str(&text[span.clone()]);
                // Offsets are u32; past 4 GiB of spellings (no real
                // paragraph has them) a spelling goes without its text.
                if let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(spellings.len()))
                {
                    written.push((out.len(), start, end));
                }
            }
            let mention = Mention {
                key,
                surface,
                caps,
                clean: lower == 0,
                adjective,
                span: span.clone(),
                text: None,
            };
            out.push((mention, span));
        }
    }
    if !written.is_empty() {
        let buf: Arc<str> = Arc::from(spellings.as_str());
        for &(i, start, end) in written.iter() {
            out[i].0.text = Some(Spelling {
                buf: buf.clone(),
                start,
                end,
            });
        }
    }
    out
}

/// Which capitalised words lie in a run of more than
/// [`MAX_CAPITALISED_RUN`] capitalised content words, asked in increasing
/// word order: each run is measured once, so the scan stays linear.
#[derive(Default)]
pub(super) struct LongRuns {
    /// The run last measured: its words `start..end`, and whether it is long.
    start: usize,
    end: usize,
    long: bool,
}

impl LongRuns {
    pub(super) fn inside(&mut self, ws: &[Word], i: usize) -> bool {
        if !(self.start..self.end).contains(&i) {
            let in_run = |w: &Word| w.cap || w.connector || w.paren;
            let clause = ws[i].clause;
            let same = |w: &Word| w.clause == clause && in_run(w);
            let start = i - ws[..i].iter().rev().take_while(|w| same(w)).count();
            let end = i + ws[i..].iter().take_while(|w| same(w)).count();
            let capitalised = ws[start..end]
                .iter()
                .filter(|w| w.cap && !w.connector && !w.paren)
                .count();
            *self = LongRuns {
                start,
                end,
                long: capitalised > MAX_CAPITALISED_RUN,
            };
        }
        self.long
    }
}

/// Title words directly before a name of two or three capitalised words
/// (spans in plain offsets).
pub(crate) fn titled_names(ctx: &Ctx, ws: &[Word], caps: &[usize]) -> Vec<TitledName> {
    let text = ctx.text;
    let mut out = Vec::new();
    // A title stands before two capitalised words: word `i` for each
    // capitalised word `i + 1` followed by another.
    for &next in caps {
        let Some(i) = next.checked_sub(1) else {
            continue;
        };
        if !ws.get(i + 2).is_some_and(|w| w.cap) {
            continue;
        }
        let t = &text[ws[i].span.clone()];
        let Some(title) = TITLES.iter().find(|x| eq_ignore_case(x, t)) else {
            continue;
        };
        let name: Vec<&Word> = ws[i + 1..]
            .iter()
            .take(3)
            .take_while(|w| w.cap && !w.connector && w.clause == ws[i].clause)
            .collect();
        if name.len() < 2
            || ws
                .get(i + 1 + name.len())
                .is_some_and(|w| w.cap && w.clause == ws[i].clause)
        {
            continue;
        }
        // After an article or a possessive a lowercase title is a common
        // noun (`the director Yin Fei`, `the film's director Yin Fei`),
        // not a title before a name.
        if !ws[i].cap
            && i > 0
            && ws[i - 1].clause == ws[i].clause
            && is_determiner(&text[ws[i - 1].span.clone()])
        {
            continue;
        }
        // Lowercase titles only count mid-sentence; a sentence-initial
        // capital says nothing about style.
        let mut h = FxHasher::default();
        h.write(title.as_bytes());
        h.write_u64(hash_words(
            name.iter().map(|w| &text[w.span.clone()]),
            false,
        ));
        out.push(TitledName {
            key: h.finish(),
            capitalized: ws[i].cap,
            span: ws[i].span.clone(),
            title: t.into(),
        });
    }
    out
}

/// Words after which a title is a common noun: articles, demonstratives,
/// possessive pronouns and possessives (`the film's`).
fn is_determiner(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our",
        "my", "your", "whose",
    ];
    WORDS.iter().any(|d| eq_ignore_case(d, w))
        || w.ends_with("'s")
        || w.ends_with("’s")
        || w.ends_with("s'")
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, names};
    use crate::config::Config;
    use crate::engine::Engine;
    use crate::scan::words;

    /// The early exit for one-line paragraphs gives what counting every
    /// word gives, around both of its limits.
    #[test]
    fn headline_early_exit_equals_counting_every_word() {
        let engine = Engine::new(Config::default()).unwrap();
        for words in [3, 4, 12, 29, 30, 31, 32, 45] {
            for lower in [0, 1, 8, 9, 10, 11, 20] {
                for connectors in [0, 3] {
                    let mut parts: Vec<String> = (0..words)
                        .map(|i| {
                            if i < lower {
                                format!("w{i}x")
                            } else {
                                format!("W{i}x")
                            }
                        })
                        .collect();
                    for k in 0..connectors {
                        parts.insert(1 + 2 * k, "of".into());
                    }
                    for end in ["", "."] {
                        let text = parts.join(" ") + end;
                        engine.with_context(&text, |ctx| {
                            let ws = words::words(ctx.text);
                            let (mut a, mut b) = (Vec::new(), Vec::new());
                            super::headline_lines(
                                ctx,
                                &ws,
                                &super::MENTION_HEADLINE,
                                &mut Vec::new(),
                                &mut a,
                            );
                            super::headline_lines_counted(
                                ctx,
                                &ws,
                                &super::MENTION_HEADLINE,
                                &mut Vec::new(),
                                &mut b,
                            );
                            assert_eq!(a, b, "{text:?}");
                        });
                    }
                }
            }
        }
    }

    #[test]
    fn title_case_headlines_are_ignored() {
        let t = "Hao Peng Visits Xining Economic Zone To Inspect Firms\n\nHao Peng visits Xining economic Zone today.";
        assert!(
            names(&check(&[t])[0], t).is_empty(),
            "{:?}",
            names(&check(&[t])[0], t)
        );
    }

    #[test]
    fn a_title_after_an_article_is_a_common_noun() {
        let texts = [
            "Director Yin Fei opened the festival.",
            "In May, the director Yin Fei said so, and the film's director Yin Fei left.",
        ];
        let out = check(&texts);
        assert!(
            names(&out[1], texts[1]).is_empty(),
            "{:?}",
            names(&out[1], texts[1])
        );
        let texts = [
            "Director Yin Fei opened it.",
            "In May, director Yin Fei said so.",
        ];
        let out = check(&texts);
        assert_eq!(
            names(&out[1], texts[1]),
            [("names/title-case".to_string(), "director".to_string())]
        );
    }

    /// `k` capitalised words (no name found by themselves), then a name
    /// that the second sentence spells another way, all in one clause.
    fn run_before_a_variant(k: usize) -> String {
        let lead: Vec<String> = (0..k).map(|i| format!("Q{}x", i)).collect();
        format!(
            "Players came to see the {} NetEase Storm Team. Later the Netease Storm Team won.",
            lead.join(" ")
        )
    }

    /// A name at the end of a long but real run (a title, an office and a
    /// person) is still checked; past the limit the run is no evidence.
    #[test]
    fn long_capitalised_runs_are_no_evidence() {
        // The run is `k` words plus `NetEase Storm Team`.
        let limit = super::MAX_CAPITALISED_RUN;
        for k in [0, 5, limit - 3] {
            let t = run_before_a_variant(k);
            assert!(
                names(&check(&[&t])[0], &t)
                    .iter()
                    .any(|(_, text)| text.contains("Netease")),
                "{k}: {t:?}"
            );
        }
        for k in [limit - 2, limit + 10, 200] {
            let t = run_before_a_variant(k);
            let found = names(&check(&[&t])[0], &t);
            assert!(
                found.iter().all(|(_, text)| !text.contains("Netease")),
                "{k}: {found:?}"
            );
        }
    }

    /// The guard measures runs by capitalised content words: connectors
    /// and brackets do not count, a lowercase word or a clause end ends
    /// the run, and each word is asked about in order.
    #[test]
    fn long_runs_count_capitalised_words_of_one_clause() {
        let engine = Engine::new(Config::default()).unwrap();
        let caps = |n: usize| -> String {
            (0..n)
                .map(|i| format!("W{i}x"))
                .collect::<Vec<_>>()
                .join(" of ")
        };
        let limit = super::MAX_CAPITALISED_RUN;
        let cases = [
            (caps(limit), false),
            (caps(limit + 1), true),
            (
                format!("{} and {}", caps(limit / 2), caps(limit / 2)),
                false,
            ),
            (format!("{} then {}", caps(limit), caps(limit)), false),
            (format!("{}. {}", caps(limit), caps(2)), false),
            (format!("said {}, and", caps(limit + 1)), true),
        ];
        for (text, long) in cases {
            engine.with_context(&text, |ctx| {
                let ws = words::words(ctx.text);
                let mut runs = super::LongRuns::default();
                let caps: Vec<bool> = (0..ws.len())
                    .filter(|&i| ws[i].cap && !ws[i].connector)
                    .map(|i| runs.inside(&ws, i))
                    .collect();
                assert!(!caps.is_empty(), "{text:?}");
                assert!(caps.iter().all(|&l| l == long), "{text:?}: {caps:?}");
            });
        }
    }

    #[test]
    fn spans_past_4_gib_have_no_32_bit_form() {
        let big = u32::MAX as usize;
        assert_eq!(
            super::Span32::new(&(3..big)).map(|s| s.span()),
            Some(3..big)
        );
        assert_eq!(super::Span32::new(&(3..big + 1)), None);
    }
}
