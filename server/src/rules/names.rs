//! `names/` rules: one entity written more than one way.
//!
//! Name mentions are found without a model: every stretch of a clause that
//! starts and ends with a capitalised word and has at least two content
//! words is a *mention* (`Xining (national) Economic and Technological
//! Development Zone`). A mention's *key* ignores case, short lowercase
//! parentheticals and the country noun/adjective pair (`China`/`Chinese`);
//! its *surface* keeps them. Mentions with one key and two surfaces are
//! variants of one name, as long as one of them is a clean name (no
//! lowercase content word). Within an article that is
//! `names/inconsistent-spelling`; across files `names/cross-file-variant`.
//!
//! Besides those: aliases the article defines (`(hereinafter referred to
//! as the "Development Zone")`) and then writes otherwise, a phrase doubled
//! inside a company name (`new energy and new energy Co. Ltd.`), titles
//! before names capitalised differently, registry entities left untagged,
//! and one name tagged with two labels.

use std::hash::Hasher;
use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::{Ctx, Example, Placed, RuleMeta, Sink};
use crate::base::finding::{DocRef, Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::config::Config;
use crate::scan::swar;

mod scan;

pub(crate) const INCONSISTENT_SPELLING: RuleMeta = RuleMeta {
    id: "names/inconsistent-spelling",
    default_severity: Severity::Warning,
    summary: "One name written two ways in one article",
    explanation: include_str!("names/inconsistent_spelling.md").trim_ascii_end(),
    bad: &[Example::text(
        "the Chinese Minmetals Group ... China Minmetals Group Chairman",
    )],
    good: &[Example::text("China Minmetals Group ... Minmetals Group")],
};

pub(crate) const ALIAS_VARIANT: RuleMeta = RuleMeta {
    id: "names/alias-variant",
    default_severity: Severity::Warning,
    summary: "An alias the article defines, then writes differently",
    explanation: include_str!("names/alias_variant.md").trim_ascii_end(),
    bad: &[Example::text(
        "(hereinafter referred to as the \"Development Zone\") ... the development zone will",
    )],
    good: &[Example::text(
        "(hereinafter referred to as the \"Development Zone\") ... the Development Zone will",
    )],
};

pub(crate) const CROSS_FILE_VARIANT: RuleMeta = RuleMeta {
        id: "names/cross-file-variant",
        default_severity: Severity::Info,
        summary: "A name written differently in another file of the checked set",
        explanation: include_str!("names/cross_file_variant.md").trim_ascii_end(),
        bad: &[Example::text("Xining economic and Technological Development Zone (file A) / Xining (national) Economic and Technological Development Zone (file B)")],
        good: &[Example::text("Hao Peng (file A) / Hao Peng (file B)")],
    };

pub(crate) const TITLE_CASE: RuleMeta = RuleMeta {
    id: "names/title-case",
    default_severity: Severity::Hint,
    summary: "A title before a name capitalised differently across files",
    explanation: include_str!("names/title_case.md").trim_ascii_end(),
    bad: &[Example::text(
        "governor Hao Peng (while another file has Governor Hao Peng)",
    )],
    good: &[
        Example::text("the governor said"),
        Example::text("Governor Hao Peng"),
    ],
};

pub(crate) const UNTAGGED_ENTITY: RuleMeta = RuleMeta {
    id: "names/untagged-entity",
    default_severity: Severity::Hint,
    summary: "A registry entity mentioned without a tag in a tagged article",
    explanation: include_str!("names/untagged_entity.md").trim_ascii_end(),
    bad: &[Example::text(
        "[Hao Peng]{PER} met China Minmetals Group (registry entity `minmetals`)",
    )],
    good: &[Example::text(
        "[Hao Peng]{PER} met [China Minmetals Group]{ORG:minmetals}",
    )],
};

pub(crate) const LABEL_CONFLICT: RuleMeta = RuleMeta {
    id: "names/label-conflict",
    default_severity: Severity::Warning,
    summary: "One name tagged with two different labels",
    explanation: include_str!("names/label_conflict.md").trim_ascii_end(),
    bad: &[Example::text("[Qinghai]{LOC} ... [Qinghai]{ORG}")],
    good: &[Example::text("[Qinghai]{LOC} ... [Qinghai]{LOC}")],
};

pub const RULES: &[&RuleMeta] = &[
    &INCONSISTENT_SPELLING,
    &ALIAS_VARIANT,
    &CROSS_FILE_VARIANT,
    &TITLE_CASE,
    &UNTAGGED_ENTITY,
    &LABEL_CONFLICT,
];

/// Words that may stand inside a name in lower case.
const CONNECTORS: &[&str] = &[
    "and", "of", "the", "for", "in", "on", "at", "de", "du", "la", "le", "von", "van", "&",
];
/// Abbreviations whose period does not end a clause.
const ABBREVIATIONS: &[&str] = &[
    "Co", "Ltd", "Inc", "Corp", "Jr", "Sr", "St", "No", "Mr", "Mrs", "Ms", "Dr", "Prof", "Bros",
];
/// Country adjective -> noun; a key uses the noun.
const COUNTRIES: &[(&str, &str)] = &[
    ("chinese", "china"),
    ("japanese", "japan"),
    ("american", "america"),
    ("british", "britain"),
    ("german", "germany"),
    ("french", "france"),
    ("russian", "russia"),
    ("korean", "korea"),
    ("indian", "india"),
    ("canadian", "canada"),
    ("australian", "australia"),
    ("italian", "italy"),
    ("spanish", "spain"),
];
/// Titles that stand before a person's name.
const TITLES: &[&str] = &[
    "governor",
    "mayor",
    "secretary",
    "chairman",
    "chairwoman",
    "president",
    "director",
    "minister",
    "premier",
    "professor",
    "commissioner",
    "ambassador",
    "general",
    "senator",
    "deputy",
];
/// Longest mention, in words.
const MAX_WORDS: usize = 8;
/// Lowercase content words a mention may contain (a case variant).
const MAX_LOWER: usize = 2;

/// Registry automaton, compiled once per config.
#[derive(Debug, Default)]
pub struct Compiled {
    /// Matches every registry name and alias, ASCII case-insensitively.
    registry: Option<AhoCorasick>,
    /// Per pattern: (entity index, the exact spelling).
    patterns: Vec<(usize, String)>,
}

impl Compiled {
    pub fn new(config: &Config) -> Self {
        let mut patterns = Vec::new();
        for (i, e) in config.entities.iter().enumerate() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                if !n.trim().is_empty() {
                    patterns.push((i, n.trim().to_string()));
                }
            }
        }
        let registry = (!patterns.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(patterns.iter().map(|p| p.1.as_str()))
                    .ok()
            })
            .flatten();
        Compiled { registry, patterns }
    }
}

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
    fn new(span: &Span) -> Option<Span32> {
        Some(Span32 {
            start: u32::try_from(span.start).ok()?,
            end: u32::try_from(span.end).ok()?,
        })
    }

    pub fn span(self) -> Span {
        self.start as usize..self.end as usize
    }
}

/// A document that uses a spelling, with the spelling's first mention there.
type Holder = (u32, Span32);

/// The documents that use one spelling, in the order they were added.
/// Most spellings are in one document only: the first is kept in place,
/// and only the others need a vector of their own.
#[derive(Debug, Clone, Default)]
struct Holders {
    first: Option<Holder>,
    /// Empty while `first` is.
    rest: Vec<Holder>,
}

impl Holders {
    fn push(&mut self, h: Holder) {
        if self.first.is_none() {
            self.first = Some(h);
        } else {
            self.rest.push(h);
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Holder> {
        self.first.iter().chain(&self.rest)
    }

    fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.rest.len()
    }

    fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// Drops document `doc`, keeping the others in order.
    fn remove(&mut self, doc: u32) {
        let mut left = std::mem::take(self)
            .iter()
            .copied()
            .filter(|h| h.0 != doc)
            .collect::<Vec<_>>()
            .into_iter();
        self.first = left.next();
        self.rest = left.collect();
    }
}

#[derive(Debug, Clone, Default)]
struct SurfaceEntry {
    text: Spelling,
    caps: u16,
    adjective: bool,
    /// Documents using this spelling, with the first occurrence in each.
    docs: Holders,
}

#[derive(Debug, Clone, Default)]
struct KeyEntry {
    /// Documents where the name occurs in a clean form (with multiplicity per surface add).
    clean_docs: u32,
    surfaces: FxHashMap<u64, SurfaceEntry>,
}

/// Name mentions across the corpus.
#[derive(Debug, Clone, Default)]
pub struct CorpusIndex {
    keys: FxHashMap<u64, KeyEntry>,
    /// Titled-name key -> documents where the title is capitalised.
    titled_caps: FxHashMap<u64, u32>,
}

/// Each (key, surface) of a document once, with its first mention.
fn distinct(f: &Features) -> impl Iterator<Item = &Mention> {
    f.spellings.iter()
}

impl CorpusIndex {
    pub fn add(&mut self, doc: usize, f: &Features) {
        // Past u32::MAX documents (no real corpus has them) the rest stay
        // out of the name index.
        let Ok(doc) = u32::try_from(doc) else {
            return;
        };
        for m in distinct(f) {
            let Some(first) = Span32::new(&m.span) else {
                continue;
            };
            let entry = self.keys.entry(m.key).or_default();
            let s = entry
                .surfaces
                .entry(m.surface)
                .or_insert_with(|| SurfaceEntry {
                    text: m.text.clone().unwrap_or_default(),
                    caps: m.caps,
                    adjective: m.adjective,
                    docs: Holders::default(),
                });
            s.docs.push((doc, first));
        }
        for key in &f.clean_keys {
            if let Some(entry) = self.keys.get_mut(key) {
                entry.clean_docs += 1;
            }
        }
        let mut seen = FxHashSet::default();
        for t in f.titled.iter().filter(|t| t.capitalized) {
            if seen.insert(t.key) {
                *self.titled_caps.entry(t.key).or_default() += 1;
            }
        }
    }

    pub fn remove(&mut self, doc: usize, f: &Features) {
        // [`CorpusIndex::add`] left such a document out.
        let Ok(doc) = u32::try_from(doc) else {
            return;
        };
        for key in &f.clean_keys {
            if let Some(entry) = self.keys.get_mut(key) {
                entry.clean_docs = entry.clean_docs.saturating_sub(1);
            }
        }
        for m in distinct(f) {
            let Some(entry) = self.keys.get_mut(&m.key) else {
                continue;
            };
            if let Some(s) = entry.surfaces.get_mut(&m.surface) {
                s.docs.remove(doc);
                if s.docs.is_empty() {
                    entry.surfaces.remove(&m.surface);
                }
            }
            if entry.surfaces.is_empty() {
                self.keys.remove(&m.key);
            }
        }
        let mut seen = FxHashSet::default();
        for t in f.titled.iter().filter(|t| t.capitalized) {
            if seen.insert(t.key) {
                if let Some(c) = self.titled_caps.get_mut(&t.key) {
                    *c -= 1;
                    if *c == 0 {
                        self.titled_caps.remove(&t.key);
                    }
                }
            }
        }
    }

    /// The spellings of a name across the corpus, with the number of files
    /// using each, most used first. `name` is any spelling of it.
    pub fn spellings(&self, name: &str) -> Vec<(String, usize)> {
        let Some(key) = name_key(name) else {
            return Vec::new();
        };
        let mut out: Vec<(String, usize)> = self
            .keys
            .get(&key)
            .map(|e| {
                e.surfaces
                    .values()
                    .map(|s| (s.text.to_string(), s.docs.len()))
                    .collect()
            })
            .unwrap_or_default();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

// ---------------------------------------------------------------------------
// Words and clauses

#[derive(Debug, Clone)]
struct Word {
    /// Plain offsets.
    span: Span,
    cap: bool,
    connector: bool,
    /// Inside a short lowercase parenthetical, `(national)`.
    paren: bool,
    /// Clause number; mentions never cross clauses.
    clause: u32,
    /// 0-based line.
    line: u32,
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.eq_ignore_ascii_case(b)
}

/// A word of one to three bytes as one number: its length and its bytes,
/// ASCII letters lowercased.
#[inline]
const fn short_word_key(b: &[u8]) -> u32 {
    let mut key = b.len() as u32;
    let mut i = 0;
    while i < b.len() && i < 3 {
        key |= (b[i].to_ascii_lowercase() as u32) << (8 * (i + 1));
        i += 1;
    }
    key
}

/// The slot of a short word's key in [`CONNECTOR_SLOTS`]: a multiply and
/// a shift, with a multiplier that gives each connector a slot of its own.
#[inline]
const fn connector_slot(key: u32, multiplier: u32) -> usize {
    (key.wrapping_mul(multiplier) >> 27) as usize
}

/// The first odd multiplier (from a fixed start) under which no two
/// connectors share a slot, found when compiling.
const CONNECTOR_MULTIPLIER: u32 = {
    let mut m: u32 = 0x9e37_79b1;
    loop {
        let mut used = [false; 32];
        let mut ok = true;
        let mut i = 0;
        while i < CONNECTORS.len() {
            let slot = connector_slot(short_word_key(CONNECTORS[i].as_bytes()), m);
            if used[slot] {
                ok = false;
            }
            used[slot] = true;
            i += 1;
        }
        if ok {
            break m;
        }
        m = m.wrapping_add(2);
    }
};

/// Each connector's key in its slot; 0 (no word's key) elsewhere.
const CONNECTOR_SLOTS: [u32; 32] = {
    let mut slots = [0; 32];
    let mut i = 0;
    while i < CONNECTORS.len() {
        let key = short_word_key(CONNECTORS[i].as_bytes());
        slots[connector_slot(key, CONNECTOR_MULTIPLIER)] = key;
        i += 1;
    }
    slots
};

/// Whether `w` is one of [`CONNECTORS`], in any case. Called for every
/// word: one lookup, with no comparison of strings.
#[inline]
fn is_connector(w: &str) -> bool {
    is_connector_bytes(w.as_bytes())
}

/// [`is_connector`] on a word's bytes.
#[inline]
fn is_connector_bytes(b: &[u8]) -> bool {
    if b.is_empty() || b.len() > 3 {
        return false;
    }
    is_connector_key(short_word_key(b))
}

/// Whether a short word's key ([`short_word_key`]) is a connector's.
#[inline]
fn is_connector_key(key: u32) -> bool {
    CONNECTOR_SLOTS[connector_slot(key, CONNECTOR_MULTIPLIER)] == key
}

fn country_noun(w: &str) -> Option<&'static str> {
    // Most words are rejected on length or first letter.
    let first = w.as_bytes().first()?.to_ascii_lowercase();
    if !(5..=10).contains(&w.len()) || !b"cjabgfrkis".contains(&first) {
        return None;
    }
    COUNTRIES
        .iter()
        .find(|(adj, _)| eq_ignore_case(adj, w))
        .map(|p| p.1)
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
struct WordList {
    words: Vec<Word>,
    /// Indices of the capitalised words (`cap`).
    caps: Vec<usize>,
    /// Indices of the words `and`, in any case.
    ands: Vec<usize>,
}

/// [`short_word_key`] of `and`.
const AND_KEY: u32 = short_word_key(b"and");

impl WordList {
    fn clear(&mut self) {
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
fn words(text: &str) -> Vec<Word> {
    let mut out = WordList {
        words: Vec::with_capacity(text.len() / 6),
        ..WordList::default()
    };
    words_into(text, &mut out);
    out.words
}

/// [`words`] into a buffer the caller reuses.
fn words_into(text: &str, out: &mut WordList) {
    scan_words::<false>(text, out, &mut Vec::new());
}

/// [`words_into`], also appending to `hashes` what
/// [`word_hashes`](crate::scan::word_hash::word_hashes) gives for `text`: its words
/// (runs of letters and digits) are the pieces of these words between
/// joiners, so one pass over the bytes serves both families.
fn words_and_hashes_into(text: &str, out: &mut WordList, hashes: &mut Vec<u64>) {
    scan::words_and_hashes_into(text, out, hashes);
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

/// Lines that look like a Title Case headline (4 to 30 words, no final
/// period, most words capitalised): their capitals say nothing about names.
/// Sets `headline[line]` for each line of `ctx`; `counts` is scratch space.
fn headline_lines(ctx: &Ctx, ws: &[Word], counts: &mut Vec<(u32, u32)>, headline: &mut Vec<bool>) {
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
    headline_lines_counted(ctx, ws, counts, headline);
}

/// [`headline_lines`] counting every word of every line.
fn headline_lines_counted(
    ctx: &Ctx,
    ws: &[Word],
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
        (4..=30).contains(&n) && caps * 10 >= n * 7 && {
            let content = ctx.text[ctx.lines.line_content(ctx.text, line)].trim_end();
            !content.ends_with(['.', '!', '?', '。', '"', '”', ':', ';'])
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
fn mentions(ctx: &Ctx, ws: &WordList) -> Vec<(Mention, Span)> {
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
        headline_lines(ctx, &ws.words, &mut s.counts, &mut s.headlines);
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
    // Only a capitalised word starts a mention.
    for &i in caps {
        let a = &ws[i];
        if !a.cap
            || a.connector
            || a.paren
            || headlines.get(a.line as usize).copied().unwrap_or(false)
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

/// Title words directly before a name of two or three capitalised words
/// (spans in plain offsets).
fn titled_names(ctx: &Ctx, ws: &[Word], caps: &[usize]) -> Vec<TitledName> {
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

// ---------------------------------------------------------------------------
// Local checks

fn line_no(ctx: &Ctx, offset: usize) -> usize {
    ctx.lines.line_of(offset) + 1
}

/// Edits that re-case `variant` (plain span) word by word to `canonical`.
fn recase_edits(ctx: &Ctx, variant: &Span, canonical: &str) -> Vec<Edit> {
    let vw: Vec<Word> = words(&ctx.text[variant.clone()])
        .into_iter()
        .filter(|w| !w.paren)
        .collect();
    let cw: Vec<Word> = words(canonical).into_iter().filter(|w| !w.paren).collect();
    if vw.len() != cw.len() {
        return Vec::new();
    }
    let base = variant.start;
    vw.iter()
        .zip(&cw)
        .filter_map(|(v, c)| {
            let (vt, ct) = (
                &ctx.text[base + v.span.start..base + v.span.end],
                &canonical[c.span.clone()],
            );
            (vt != ct).then(|| Edit {
                span: base + v.span.start..base + v.span.end,
                new_text: ct.to_string(),
            })
        })
        .collect()
}

/// Mentions grouped by key, variants reported.
fn check_variants(ctx: &Ctx, found: &[(Mention, Span)], out: &mut Sink) {
    let registry_names: FxHashMap<u64, &str> = ctx
        .config
        .entities
        .iter()
        .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
        .filter_map(|n| name_key(n).map(|k| (k, n.as_str())))
        .collect();
    // Mentions grouped by key, each group in document order: numbered by
    // first appearance, then laid out by a counting sort (no list per key).
    let mut number: FxHashMap<u64, u32> =
        FxHashMap::with_capacity_and_hasher(found.len() / 2, Default::default());
    let group_of: Vec<u32> = found
        .iter()
        .map(|(m, _)| {
            let next = number.len() as u32;
            *number.entry(m.key).or_insert(next)
        })
        .collect();
    let mut start = vec![0u32; number.len() + 1];
    for &g in &group_of {
        start[g as usize + 1] += 1;
    }
    for g in 0..number.len() {
        start[g + 1] += start[g];
    }
    let mut members_of = vec![0u32; found.len()];
    let mut fill = start.clone();
    for (i, &g) in group_of.iter().enumerate() {
        members_of[fill[g as usize] as usize] = i as u32;
        fill[g as usize] += 1;
    }
    let mut groups: Vec<(u64, Vec<usize>)> = start
        .windows(2)
        .map(|w| &members_of[w[0] as usize..w[1] as usize])
        .filter(|members| {
            let first = &found[members[0] as usize].0;
            members.iter().any(|&i| found[i as usize].0.clean)
                && members
                    .iter()
                    .any(|&i| found[i as usize].0.surface != first.surface)
        })
        .map(|members| {
            (
                found[members[0] as usize].0.key,
                members.iter().map(|&i| i as usize).collect(),
            )
        })
        .collect();
    // Longer names decide first: a shorter name inside a mention that a
    // longer name's group already covers must not pick another canonical
    // spelling for the same words (the fixes would undo each other).
    groups.sort_by_key(|(key, members)| {
        (
            std::cmp::Reverse(members.iter().map(|&i| found[i].1.len()).max()),
            *key,
        )
    });
    // The spans of the reported groups' members, by start; a span that
    // covers another starts at most `longest` bytes before it.
    let longest = found.iter().map(|(_, s)| s.len()).max().unwrap_or(0);
    let mut claimed: std::collections::BTreeMap<usize, usize> = Default::default();
    let is_claimed = |claimed: &std::collections::BTreeMap<usize, usize>, s: &Span| {
        claimed
            .range(s.start.saturating_sub(longest)..=s.start)
            .any(|(_, &end)| s.end <= end)
    };
    let mut reported: Vec<Finding> = Vec::new();
    for (key, members) in groups {
        let members: Vec<usize> = members
            .into_iter()
            .filter(|&i| !is_claimed(&claimed, &found[i].1))
            .collect();
        // Spellings, each with its count and first member.
        let mut surfaces: Vec<(u64, usize, usize)> = Vec::new();
        for &i in &members {
            match surfaces.iter_mut().find(|s| s.0 == found[i].0.surface) {
                Some(s) => s.1 += 1,
                None => surfaces.push((found[i].0.surface, 1, i)),
            }
        }
        if surfaces.len() < 2 || !members.iter().any(|&i| found[i].0.clean) {
            continue;
        }
        for &i in &members {
            let s = &found[i].1;
            let end = claimed.entry(s.start).or_insert(s.end);
            *end = (*end).max(s.end);
        }
        let registry = registry_names.get(&key);
        let canonical = *surfaces
            .iter()
            .max_by(|a, b| {
                let (ma, mb) = (&found[a.2].0, &found[b.2].0);
                let reg = |i: usize| registry.is_some_and(|r| *r == &ctx.text[found[i].1.clone()]);
                (
                    reg(a.2),
                    a.1,
                    ma.caps,
                    !ma.adjective,
                    std::cmp::Reverse(a.2),
                )
                    .cmp(&(
                        reg(b.2),
                        b.1,
                        mb.caps,
                        !mb.adjective,
                        std::cmp::Reverse(b.2),
                    ))
            })
            .expect("two surfaces");
        let canon_span = &found[canonical.2].1;
        let canon_written = &ctx.text[canon_span.clone()];
        let canon_text: &str = registry.copied().unwrap_or(canon_written);
        for &i in &members {
            let (m, span) = &found[i];
            if m.surface == canonical.0 {
                continue;
            }
            let edits = recase_edits(ctx, span, canon_text);
            let mut f = Finding::new(
                &INCONSISTENT_SPELLING,
                span.clone(),
                format!(
                    "\"{}\" is written \"{}\" on line {}",
                    &ctx.text[span.clone()],
                    canon_text,
                    line_no(ctx, canon_span.start)
                ),
            )
            .with_related(
                DocRef::This,
                canon_span.clone(),
                format!("written \"{canon_written}\" here"),
            );
            if !edits.is_empty() {
                f = f.with_fix(Fix::unsafe_(format!("Write \"{canon_text}\""), edits));
            }
            reported.push(f);
        }
    }
    push_outermost(reported, out);
}

/// Keeps only findings not inside another one (a long variant reports once,
/// not once per sub-mention).
fn push_outermost(mut found: Vec<Finding>, out: &mut Sink) {
    found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut last_end = 0;
    let mut first = true;
    for f in found {
        if !first && f.span.end <= last_end {
            continue;
        }
        first = false;
        last_end = f.span.end;
        out.push(f);
    }
}

/// The words that open an alias definition, right after its parenthesis
/// (plain text: no regex syntax).
const ALIAS_CUES: [&str; 5] = [
    "hereinafter",
    "hereafter",
    "referred to as",
    "abbreviated as",
    "short for",
];

static ALIAS_DEF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?i)\((?:{})(?: referred to)?(?: as| called)?(?: the)? ["“]([^"”\n]{{2,60}})["”]\)"#,
        ALIAS_CUES.join("|")
    ))
    .expect("alias regex")
});

pub(crate) fn warm_up() {
    LazyLock::force(&ALIAS_DEF);
}

/// Whether `text` has the start of an alias definition: an opening
/// parenthesis directly followed by a cue word, in any ASCII case, as
/// [`ALIAS_DEF`] requires. The definition regex only runs on the rare
/// paragraph with one; parentheses are rare enough in prose that finding
/// them by byte search and comparing the cues after each is cheaper than
/// searching for every cue. (The regex's Unicode case folding would also
/// take `ſ` for `s`; a cue spelled so is not looked for.)
fn has_alias_cue(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'(', bytes).any(|i| {
        let after = &bytes[i + 1..];
        ALIAS_CUES.iter().any(|cue| {
            after.len() >= cue.len() && after[..cue.len()].eq_ignore_ascii_case(cue.as_bytes())
        })
    })
}

/// The occurrences of each pattern in `text`, as
/// `memchr::memmem::find_iter` gives them for that pattern alone (leftmost,
/// not overlapping each other), all found in one pass over the text.
/// `ascii_case_insensitive` matches letters in either ASCII case, as a
/// search of the ASCII-lowercased text would. A test compares this with
/// one search per pattern.
fn occurrences_each(
    text: &str,
    patterns: &[&str],
    ascii_case_insensitive: bool,
) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); patterns.len()];
    if patterns.is_empty() {
        return out;
    }
    let Some(automaton) = automaton_for(patterns, ascii_case_insensitive) else {
        // (Never for names, which are not empty; kept exact anyway.)
        for (found, pattern) in out.iter_mut().zip(patterns) {
            let (hay, needle) = if ascii_case_insensitive {
                (text.to_ascii_lowercase(), pattern.to_ascii_lowercase())
            } else {
                (text.to_string(), pattern.to_string())
            };
            found.extend(memchr::memmem::find_iter(hay.as_bytes(), needle.as_bytes()));
        }
        return out;
    };
    for (k, at) in search_each(&automaton, patterns.len(), text) {
        out[k].push(at);
    }
    out
}

/// The automaton [`occurrences_each`] searches with; `None` when it cannot
/// be built or a pattern is empty.
fn automaton_for(patterns: &[&str], ascii_case_insensitive: bool) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .ascii_case_insensitive(ascii_case_insensitive)
        // Built for one document and searched over it once: a DFA (the
        // default for a few patterns) took longer to build than the
        // search it would save.
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .ok()
        .filter(|_| patterns.iter().all(|p| !p.is_empty()))
}

/// (pattern, start) of each occurrence [`occurrences_each`] keeps, in
/// order of start for each pattern.
fn search_each(automaton: &AhoCorasick, patterns: usize, text: &str) -> Vec<(usize, usize)> {
    // Every match of every pattern arrives, in order of its end; one
    // pattern's matches all have its length, so keeping each that starts
    // where the last kept one ended is the leftmost non-overlapping series.
    let mut free = vec![0usize; patterns];
    let mut out = Vec::new();
    for m in automaton.find_overlapping_iter(text) {
        let k = m.pattern().as_usize();
        if m.start() >= free[k] {
            out.push((k, m.start()));
            free[k] = m.end();
        }
    }
    out
}

/// What a paragraph's search for one set of patterns found, kept with the
/// paragraph's facts: an editor's unchanged paragraphs are not searched
/// again while the patterns (alias names, single company forms) stay the
/// same. Holds the last two sets, one per search.
#[derive(Debug, Default)]
pub struct SearchMemo(std::sync::Mutex<Vec<(u128, Found)>>);

/// (pattern, offset in the paragraph) of each occurrence.
type Found = Arc<[(u32, u32)]>;

impl Clone for SearchMemo {
    /// A memo is only a shortcut: a copy starts empty.
    fn clone(&self) -> Self {
        SearchMemo::default()
    }
}

impl SearchMemo {
    /// The remembered result for `key`, or `search`'s (remembered unless
    /// it has none).
    fn get_or_search(&self, key: u128, search: impl FnOnce() -> Option<Found>) -> Option<Found> {
        let mut memo = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, found)) = memo.iter().find(|(k, _)| *k == key) {
            return Some(found.clone());
        }
        let found = search()?;
        if memo.len() >= 2 {
            memo.remove(0);
        }
        memo.push((key, found.clone()));
        Some(found)
    }
}

/// [`occurrences_each`] over the text of `ctx`, searching each paragraph
/// alone or reusing what an earlier search of it with the same patterns
/// found. The result is the same: a pattern with no line break (and not
/// all blank) lies within the content of one non-blank line, so within
/// one paragraph (a test compares both).
fn occurrences_by_paragraph(
    ctx: &Ctx,
    paragraphs: &[Placed<Local>],
    patterns: &[&str],
    ascii_case_insensitive: bool,
) -> Vec<Vec<usize>> {
    if patterns.is_empty()
        || ctx.paragraphs.len() != paragraphs.len()
        || ctx.text.len() > u32::MAX as usize
        || patterns
            .iter()
            .any(|p| p.trim().is_empty() || p.contains(['\n', '\r']))
    {
        return occurrences_each(ctx.text, patterns, ascii_case_insensitive);
    }
    // The patterns' key: two independent 64-bit hashes.
    let key = {
        let (mut fx, mut sip) = (
            FxHasher::default(),
            std::collections::hash_map::DefaultHasher::new(),
        );
        for h in [&mut fx as &mut dyn Hasher, &mut sip] {
            h.write_u8(ascii_case_insensitive as u8);
            for p in patterns {
                h.write(p.as_bytes());
                h.write_u8(0xff);
            }
        }
        (fx.finish() as u128) << 64 | sip.finish() as u128
    };
    let mut automaton: Option<Option<AhoCorasick>> = None;
    let mut out = vec![Vec::new(); patterns.len()];
    for (span, p) in ctx.paragraphs.iter().zip(paragraphs) {
        let text = &ctx.text[span.clone()];
        let found = p.local.searched.get_or_search(key, || {
            let built = automaton
                .get_or_insert_with(|| automaton_for(patterns, ascii_case_insensitive))
                .as_ref()?;
            Some(
                search_each(built, patterns.len(), text)
                    .into_iter()
                    .map(|(k, at)| (k as u32, at as u32))
                    .collect(),
            )
        });
        // (No automaton: never for names; searched whole, still exact.)
        let Some(found) = found else {
            return occurrences_each(ctx.text, patterns, ascii_case_insensitive);
        };
        for &(k, at) in found.iter() {
            out[k as usize].push(span.start + at as usize);
        }
    }
    out
}

/// Defined aliases written otherwise later. Definitions are looked for
/// only in the paragraphs with a cue word: a definition lies within one
/// line (the regex allows no line break), so within one paragraph, and
/// holds its cue word.
fn check_aliases(ctx: &Ctx, paragraphs: &[Placed<Local>], out: &mut Sink) {
    let mut defs: Vec<(Span, &str)> = Vec::new();
    debug_assert_eq!(ctx.paragraphs.len(), paragraphs.len());
    for (span, _) in ctx
        .paragraphs
        .iter()
        .zip(paragraphs)
        .filter(|(_, p)| p.local.alias_cue)
    {
        let at = span.start;
        defs.extend(
            ALIAS_DEF
                .captures_iter(&ctx.text[span.clone()])
                .filter_map(|caps| {
                    let alias = caps.get(1).expect("group");
                    let name = alias.as_str().trim();
                    (name.split_whitespace().count() <= 6 && name.chars().any(char::is_uppercase))
                        .then_some((at + alias.start()..at + alias.end(), name))
                }),
        );
    }
    if defs.is_empty() {
        return;
    }
    // Every alias's uses in either ASCII case, in one pass over the text.
    let names: Vec<&str> = defs.iter().map(|d| d.1).collect();
    let uses = occurrences_by_paragraph(ctx, paragraphs, &names, true);
    for ((alias, name), starts) in defs.into_iter().zip(uses) {
        for start in starts {
            let m = start..start + name.len();
            if !ctx.text.is_char_boundary(m.end) {
                continue;
            }
            let found = &ctx.text[m.clone()];
            let bounded = !ctx.text[..m.start].ends_with(char::is_alphanumeric)
                && !ctx.text[m.end..].starts_with(char::is_alphanumeric);
            if !bounded || found == name || (m.start >= alias.start && m.end <= alias.end) {
                continue;
            }
            let span = m.clone();
            out.push(
                Finding::new(
                    &ALIAS_VARIANT,
                    span.clone(),
                    format!(
                        "\"{}\" is defined as the alias \"{name}\" on line {}",
                        found,
                        line_no(ctx, alias.start)
                    ),
                )
                .with_related(DocRef::This, alias.clone(), "alias defined here")
                .with_fix(Fix::unsafe_(
                    format!("Write \"{name}\""),
                    vec![Edit {
                        span,
                        new_text: name.to_string(),
                    }],
                )),
            );
        }
    }
}

/// Company-name endings, longest first.
const COMPANY_SUFFIXES: &[&str] = &[
    "Co., Ltd",
    "Co.,Ltd",
    "Co. Ltd",
    "Co. Limited",
    "Corporation",
    "Company",
    "Group",
    "Ltd.",
];

/// A phrase doubled inside a company name (`new energy and new energy Co.
/// Ltd.`), as found in one paragraph; [`check_doubled_company`] reports it
/// when the article also has the single form.
#[derive(Debug, Clone)]
pub struct Doubled {
    /// From the first copy to the end of the company ending.
    doubled: Span,
    /// The second copy with the ending: the form to look for elsewhere.
    single: Box<str>,
    /// The repeated phrase, as written the second time.
    repeated: Span,
    /// What the fix deletes: the first copy and ` and `.
    fix: Span,
}

/// Doubled-phrase candidates of one paragraph: for each `and` (far rarer
/// than a byte scan for the endings), the phrase lengths whose copies
/// match, shortest first.
fn doubled_candidates(text: &str, ws: &[Word], ands: &[usize]) -> Vec<Vec<Doubled>> {
    let mut out = Vec::new();
    for &a in ands {
        let mut found = Vec::new();
        for k in 1..=3usize {
            let (Some(first_i), Some(next)) = (a.checked_sub(k), ws.get(a + 1 + k)) else {
                break;
            };
            let first = &ws[first_i..a];
            let second = &ws[a + 1..a + 1 + k];
            let one_clause = first[0].clause == next.clause;
            let same = one_clause
                && first
                    .iter()
                    .zip(second)
                    .all(|(x, y)| eq_ignore_case(&text[x.span.clone()], &text[y.span.clone()]));
            // Rarely the same words: test that before the suffixes.
            if !same {
                continue;
            }
            let Some(suffix) = COMPANY_SUFFIXES
                .iter()
                .find(|sfx| text[next.span.start..].starts_with(*sfx))
            else {
                continue;
            };
            let suffix = next.span.start - 1..next.span.start + suffix.len();
            let phrase = &text[second[0].span.start..suffix.start];
            found.push(Doubled {
                doubled: first[0].span.start..suffix.end,
                single: format!("{phrase}{}", &text[suffix.clone()]).into(),
                repeated: second[0].span.start..second[k - 1].span.end,
                fix: first[0].span.start..second[0].span.start,
            });
        }
        if !found.is_empty() {
            out.push(found);
        }
    }
    out
}

/// Reports each doubled phrase (the shortest whose single form the article
/// also has).
fn check_doubled_company(ctx: &Ctx, paragraphs: &[Placed<Local>], out: &mut Sink) {
    let text = ctx.text;
    // Where each single form occurs, all found in one pass over the text.
    let mut number: FxHashMap<&str, usize> = FxHashMap::default();
    let mut singles: Vec<&str> = Vec::new();
    for c in paragraphs
        .iter()
        .flat_map(|p| p.local.doubled.iter().flatten())
    {
        number.entry(&c.single).or_insert_with(|| {
            singles.push(&c.single);
            singles.len() - 1
        });
    }
    let found = occurrences_by_paragraph(ctx, paragraphs, &singles, false);
    for p in paragraphs {
        for candidates in &p.local.doubled {
            for c in candidates {
                let at = |s: &Span| p.start + s.start..p.start + s.end;
                let (doubled_span, single) = (at(&c.doubled), &*c.single);
                let other = found[number[single]].iter().copied().find(|&o| {
                    !(o >= doubled_span.start && o < doubled_span.end)
                        && (o == 0 || !text[..o].ends_with(char::is_alphanumeric))
                });
                let Some(other) = other else { continue };
                let name_end = other + single.len();
                out.push(
                    Finding::new(
                        &INCONSISTENT_SPELLING,
                        doubled_span.clone(),
                        format!(
                            "\"{}\" repeats \"{}\"; the article also writes \"{}\" (line {})",
                            &text[doubled_span.clone()],
                            &text[at(&c.repeated)],
                            single.trim(),
                            line_no(ctx, other)
                        ),
                    )
                    .with_related(DocRef::This, other..name_end, "the single form")
                    .with_fix(Fix::unsafe_(
                        format!("Write \"{}\"", single.trim()),
                        vec![Edit {
                            span: at(&c.fix),
                            new_text: String::new(),
                        }],
                    )),
                );
                break;
            }
        }
    }
}

/// Registry entities: case variants, untagged mentions in tagged articles.
fn check_registry(ctx: &Ctx, out: &mut Sink) {
    let compiled = &ctx.compiled.names;
    let Some(ac) = &compiled.registry else { return };
    let tagged_article = !ctx.tagged.tags.is_empty();
    let text = ctx.text;
    for m in ac.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        let bounded = !text[..s].ends_with(char::is_alphanumeric)
            && !text[e..].starts_with(char::is_alphanumeric);
        if !bounded {
            continue;
        }
        let (entity_idx, spelling) = &compiled.patterns[m.pattern().as_usize()];
        let entity = &ctx.config.entities[*entity_idx];
        let found = &text[s..e];
        let in_tag = ctx
            .tagged
            .tags
            .iter()
            .any(|t| t.plain.start <= s && e <= t.plain.end);
        if found != spelling && found.chars().any(char::is_uppercase) {
            out.push(
                Finding::new(
                    &INCONSISTENT_SPELLING,
                    s..e,
                    format!("the registry writes \"{spelling}\" ({})", entity.id),
                )
                .with_fix(Fix::unsafe_(
                    format!("Write \"{spelling}\""),
                    vec![Edit {
                        span: s..e,
                        new_text: spelling.clone(),
                    }],
                )),
            );
        } else if tagged_article && !in_tag && found == spelling {
            let mut f = Finding::new(
                &UNTAGGED_ENTITY,
                s..e,
                format!(
                    "\"{found}\" is registry entity {} ({}) but is not tagged",
                    entity.id, entity.label
                ),
            );
            // Leftover bracket or brace characters on the line (a malformed
            // tag, an escape) could swallow the new tag: no fix there.
            let line = ctx.lines.line_content(text, ctx.lines.line_of(s));
            let clean_line = !text[line].contains(['[', ']', '{', '}']);
            let valid_label = ctx.config.labels.contains(&entity.label);
            if clean_line && valid_label {
                let open = Edit {
                    span: s..s,
                    new_text: "[".into(),
                };
                let close = Edit {
                    span: e..e,
                    new_text: format!("]{{{}:{}}}", entity.label, entity.id),
                };
                f = f.with_fix(Fix::unsafe_(
                    format!("Tag as [{found}]{{{}:{}}}", entity.label, entity.id),
                    vec![open, close],
                ));
            }
            out.push(f);
        }
    }
}

/// One surface tagged with two labels.
fn check_label_conflicts(ctx: &Ctx, out: &mut Sink) {
    let tags = &ctx.tagged.tags;
    if tags.len() < 2 {
        return;
    }
    let mut by_surface: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, t) in tags.iter().enumerate() {
        by_surface
            .entry(ctx.text[t.plain.clone()].to_lowercase())
            .or_default()
            .push(i);
    }
    for members in by_surface.values() {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for &i in members {
            let l = tags[i].label.as_str();
            match counts.iter_mut().find(|c| c.0 == l) {
                Some(c) => c.1 += 1,
                None => counts.push((l, 1)),
            }
        }
        if counts.len() < 2 {
            continue;
        }
        let best = counts.iter().max_by_key(|c| c.1).expect("counts").0;
        let best_tag = members
            .iter()
            .map(|&i| &tags[i])
            .find(|t| t.label == best)
            .expect("best");
        for &i in members {
            let t = &tags[i];
            if t.label == best {
                continue;
            }
            // Tag spans are original offsets; this rule reports plain ones,
            // so point at the surface and let the engine map it back.
            out.push(
                Finding::new(
                    &LABEL_CONFLICT,
                    t.plain.clone(),
                    format!(
                        "\"{}\" is tagged {} here and {} elsewhere",
                        &ctx.text[t.plain.clone()],
                        t.label,
                        best
                    ),
                )
                .with_related(
                    DocRef::This,
                    best_tag.plain.clone(),
                    format!("tagged {best} here"),
                ),
            );
        }
    }
}

/// What one paragraph shows alone, in plain offsets from its start.
#[derive(Debug, Clone, Default)]
pub struct Local {
    mentions: Vec<(Mention, Span)>,
    titled: Vec<TitledName>,
    doubled: Vec<Vec<Doubled>>,
    alias_cue: bool,
    /// What the document-wide searches found in this paragraph.
    searched: SearchMemo,
}

/// Finds the mentions, titled names and doubled phrases of the paragraph
/// `ctx` holds (none of them crosses a clause, let alone a paragraph).
pub fn local(ctx: &Ctx) -> Local {
    local_with_word_hashes(ctx, None)
}

/// [`local`], also appending to `hashes` the paragraph's word hashes for
/// [`structure::local_from_word_hashes`](super::structure), found in the
/// same pass over its words.
pub fn local_with_word_hashes(ctx: &Ctx, hashes: Option<&mut Vec<u64>>) -> Local {
    // One word buffer per thread: this runs once per paragraph.
    thread_local!(static WORDS: std::cell::RefCell<WordList> = std::cell::RefCell::new(WordList::default()));
    WORDS.with_borrow_mut(|ws| {
        ws.clear();
        match hashes {
            Some(hashes) => words_and_hashes_into(ctx.text, ws, hashes),
            None => words_into(ctx.text, ws),
        }
        Local {
            mentions: mentions(ctx, ws),
            titled: titled_names(ctx, &ws.words, &ws.caps),
            doubled: doubled_candidates(ctx.text, &ws.words, &ws.ands),
            alias_cue: has_alias_cue(ctx.text),
            searched: SearchMemo::default(),
        }
    })
}

/// Runs the name rules on the document and its paragraphs' local results,
/// and returns the document's features.
pub fn check(ctx: &Ctx, paragraphs: &[Placed<Local>], out: &mut Sink) -> Features {
    // The paragraphs' mentions in document offsets; as in one paragraph,
    // each spelling keeps its text with its first mention only.
    // Each spelling's place in the features' `spellings`.
    let mut spelled: FxHashMap<(u64, u64), u32> = FxHashMap::default();
    let mut clean_seen: FxHashSet<u64> = FxHashSet::default();
    let mentions = paragraphs.iter().map(|p| p.local.mentions.len()).sum();
    let mut features = Features {
        mentions: Vec::with_capacity(mentions),
        ..Features::default()
    };
    let mut found: Vec<(Mention, Span)> = Vec::with_capacity(mentions);
    for p in paragraphs {
        for (m, span) in &p.local.mentions {
            let span = p.start + span.start..p.start + span.end;
            let original = ctx.tagged.span_to_original(&span);
            let next = features.spellings.len();
            let (first, at) = match spelled.entry((m.key, m.surface)) {
                std::collections::hash_map::Entry::Occupied(e) => (false, Some(*e.get())),
                std::collections::hash_map::Entry::Vacant(e) => {
                    // Past u32::MAX spellings (no real document has them)
                    // the rest stay out of the corpus features.
                    let at = u32::try_from(next).ok();
                    if let Some(at) = at {
                        e.insert(at);
                    }
                    (true, at)
                }
            };
            let mention = Mention {
                key: m.key,
                surface: m.surface,
                caps: m.caps,
                clean: m.clean,
                adjective: m.adjective,
                span: original.clone(),
                text: if first { m.text.clone() } else { None },
            };
            if let Some(at) = at {
                if first {
                    if m.clean && clean_seen.insert(m.key) {
                        features.clean_keys.push(m.key);
                    }
                    features.spellings.push(mention.clone());
                }
                if let Some(span) = Span32::new(&original) {
                    features.mentions.push((at, span));
                }
            }
            found.push((mention, span));
        }
    }
    check_variants(ctx, &found, out);
    check_aliases(ctx, paragraphs, out);
    check_doubled_company(ctx, paragraphs, out);
    check_registry(ctx, out);
    check_label_conflicts(ctx, out);
    features.titled = paragraphs
        .iter()
        .flat_map(|p| {
            p.local.titled.iter().map(move |t| TitledName {
                span: ctx
                    .tagged
                    .span_to_original(&(p.start + t.span.start..p.start + t.span.end)),
                ..t.clone()
            })
        })
        .collect();
    // Held to the end of a corpus run: no room to spare.
    features.spellings.shrink_to_fit();
    features
}

// ---------------------------------------------------------------------------
// Corpus checks

pub fn corpus_check(
    doc: usize,
    f: &Features,
    names: &CorpusIndex,
    _config: &Config,
    out: &mut Sink,
) {
    // Whether a spelling is reported depends only on the spelling and the
    // document, not on where it stands: decide once per spelling, from
    // its first mention, then report every mention of the spellings that
    // lose. Most documents have none, and skip the walk over their
    // mentions.
    struct Weaker<'a> {
        /// The spelling's number in the features.
        spelling: usize,
        mine: &'a SurfaceEntry,
        other: &'a SurfaceEntry,
        at: Holder,
    }
    let mut weaker: Vec<Weaker> = Vec::new();
    // The (key, surface) pairs this document uses, gathered when first
    // needed: most documents have no name spelled two ways in the corpus.
    let mut own: Option<FxHashSet<(u64, u64)>> = None;
    for (spelling, m) in f.spellings.iter().enumerate() {
        let Some(entry) = names.keys.get(&m.key) else {
            continue;
        };
        if entry.clean_docs == 0 || entry.surfaces.len() < 2 {
            continue;
        }
        let Some(mine) = entry.surfaces.get(&m.surface) else {
            continue;
        };
        // The strongest other spelling this document does not use itself.
        let own = own.get_or_insert_with(|| distinct(f).map(|m| (m.key, m.surface)).collect());
        let other = entry
            .surfaces
            .iter()
            .filter(|(s, _)| **s != m.surface && !own.contains(&(m.key, **s)))
            .map(|(_, e)| e)
            .filter(|e| e.docs.iter().any(|d| d.0 as usize != doc))
            .max_by_key(|e| (e.docs.len(), e.caps, !e.adjective));
        let Some(other) = other else { continue };
        if (mine.docs.len(), mine.caps, !mine.adjective)
            >= (other.docs.len(), other.caps, !other.adjective)
        {
            continue;
        }
        let Some(at) = other.docs.iter().find(|d| d.0 as usize != doc).copied() else {
            continue;
        };
        weaker.push(Weaker {
            spelling,
            mine,
            other,
            at,
        });
    }
    if !weaker.is_empty() {
        let mut found = Vec::new();
        for (spelling, span) in &f.mentions {
            let Some(w) = weaker.iter().find(|w| w.spelling == *spelling as usize) else {
                continue;
            };
            found.push(
                Finding::new(
                    &CROSS_FILE_VARIANT,
                    span.span(),
                    format!(
                        "\"{}\" is written \"{}\" in {} other file(s)",
                        w.mine.text,
                        w.other.text,
                        w.other.docs.len()
                    ),
                )
                .with_related(
                    DocRef::Other(w.at.0 as usize),
                    w.at.1.span(),
                    format!("written \"{}\" here", w.other.text),
                ),
            );
        }
        push_outermost(found, out);
    }
    title_case(f, |key| names.titled_caps.contains_key(&key), out);
}

/// What [`corpus_check`] reports for a document checked alone (a corpus of
/// one): no spelling is in another file, so only a title capitalised
/// elsewhere in the same document.
pub fn corpus_check_alone(f: &Features, out: &mut Sink) {
    let capitalised: FxHashSet<u64> = f
        .titled
        .iter()
        .filter(|t| t.capitalized)
        .map(|t| t.key)
        .collect();
    if !capitalised.is_empty() {
        title_case(f, |key| capitalised.contains(&key), out);
    }
}

/// `names/title-case`: a title written in lower case before a name where
/// `capitalised(key)` says the corpus capitalises it.
fn title_case(f: &Features, capitalised: impl Fn(u64) -> bool, out: &mut Sink) {
    for t in f.titled.iter().filter(|t| !t.capitalized) {
        if capitalised(t.key) {
            let mut cap = t.title.to_string();
            if let Some(first) = cap.get(..1) {
                cap = first.to_uppercase() + &cap[1..];
            }
            out.push(
                Finding::new(
                    &TITLE_CASE,
                    t.span.clone(),
                    format!(
                        "\"{}\" before this name is capitalised (\"{cap}\") elsewhere",
                        t.title
                    ),
                )
                .with_fix(Fix::unsafe_(
                    format!("Write \"{cap}\""),
                    vec![Edit {
                        span: t.span.clone(),
                        new_text: cap,
                    }],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::base::finding::Finding;
    use crate::config::Config;
    use crate::engine::Engine;

    fn check(texts: &[&str]) -> Vec<Vec<Finding>> {
        Engine::new(Config::default()).unwrap().check_corpus(texts)
    }

    fn names(fs: &[Finding], text: &str) -> Vec<(String, String)> {
        fs.iter()
            .filter(|f| f.family() == "names")
            .map(|f| (f.rule.to_string(), text[f.span.clone()].to_string()))
            .collect()
    }

    #[test]
    fn connectors_are_the_listed_words_in_any_case() {
        let by_list = |w: &str| super::CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(w));
        let mut words: Vec<String> = super::CONNECTORS.iter().map(|c| c.to_string()).collect();
        words.extend(super::CONNECTORS.iter().map(|c| c.to_uppercase()));
        words.extend(
            [
                "And", "tHe", "VON", "a", "I", "an", "to", "ofs", "thee", "o", "", "é", "dé",
                "the\0", "of\0", "an\0d", "andx", "&&", "& ", "\0", "\0\0\0",
            ]
            .map(String::from),
        );
        // Every one- to three-letter word.
        let letters: Vec<char> = ('a'..='z')
            .chain('A'..='Z')
            .chain(['&', '-', '0'])
            .collect();
        for a in &letters {
            words.push(a.to_string());
            for b in &letters {
                words.push(format!("{a}{b}"));
                for c in &letters {
                    words.push(format!("{a}{b}{c}"));
                }
            }
        }
        for w in &words {
            assert_eq!(super::is_connector(w), by_list(w), "{w:?}");
        }
    }

    #[test]
    fn country_adjective_variant_is_reported_once() {
        let t = "The province and the Chinese Minmetals Group met. China Minmetals Group Chairman He Wenbo spoke. Minmetals Group will invest.";
        let out = check(&[t]);
        assert_eq!(
            names(&out[0], t),
            [(
                "names/inconsistent-spelling".to_string(),
                "Chinese Minmetals Group".to_string()
            )]
        );
        let f = &out[0]
            .iter()
            .find(|f| f.rule == "names/inconsistent-spelling")
            .unwrap();
        let fixed = crate::base::fix::apply_edits(t, f.fixes[0].edits.clone());
        assert!(fixed.contains("the China Minmetals Group met"), "{fixed}");
    }

    #[test]
    fn nested_names_agree_on_one_spelling() {
        // The longer name (China, the registry-free tie-break) decides; the
        // shorter "Chinese Hengtai Copper" inside it must not pull the other way.
        let t = "China Hengtai Copper Group met. Chinese Hengtai Copper Group said. Chinese Hengtai Copper plants grew.";
        let engine = Engine::new(Config::default()).unwrap();
        let (fixed, _) =
            crate::base::fix::fix_until_stable(t, crate::base::fix::FixMode::All, 8, |x| {
                engine.check(x)
            });
        assert_eq!(fixed, t.replace("Chinese", "China"));
        let (again, n) =
            crate::base::fix::fix_until_stable(&fixed, crate::base::fix::FixMode::All, 8, |x| {
                engine.check(x)
            });
        assert_eq!((again.as_str(), n), (fixed.as_str(), 0));
    }

    #[test]
    fn a_shorter_second_reference_is_fine() {
        let t = "China Minmetals Group signed. Later Minmetals Group said it would invest. Minmetals Group grew.";
        assert!(names(&check(&[t])[0], t).is_empty());
    }

    #[test]
    fn names_used_consistently_are_not_reported() {
        let t = "Vice mayor Xu Guocheng spoke. Zhang Yong and Gao Weimin came. Zhang Yong asked. He Wenbo said, Xu Guocheng agreed.";
        assert!(names(&check(&[t])[0], t).is_empty());
    }

    #[test]
    fn case_variant_within_an_article() {
        let t = "Officials visited the Yellow River Nanchuan Industrial Park. Later the Yellow River nanchuan Industrial Park grew.";
        let out = check(&[t]);
        assert_eq!(
            names(&out[0], t),
            [(
                "names/inconsistent-spelling".into(),
                "Yellow River nanchuan Industrial Park".into()
            )]
        );
    }

    #[test]
    fn lowercase_generic_phrases_are_not_names() {
        let t = "The Municipal Party Committee met. The municipal party committee is large.";
        assert!(names(&check(&[t])[0], t).is_empty());
    }

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
                            let ws = super::words(ctx.text);
                            let (mut a, mut b) = (Vec::new(), Vec::new());
                            super::headline_lines(ctx, &ws, &mut Vec::new(), &mut a);
                            super::headline_lines_counted(ctx, &ws, &mut Vec::new(), &mut b);
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

    /// The findings of `t`, which must be one `names/alias-variant` on `written`.
    fn one_alias_variant(t: &str, written: &str) -> Vec<Finding> {
        let mut out = check(&[t]);
        assert_eq!(
            names(&out[0], t),
            [("names/alias-variant".into(), written.into())]
        );
        out.remove(0)
    }

    #[test]
    fn alias_written_otherwise() {
        let t = "The Lanshan High-tech Industrial Park (hereinafter referred to as the \"High-tech Park\") grew. In 2024, the high-tech park will expand. The High-tech Park said so.";
        let out = one_alias_variant(t, "high-tech park");
        let fixed = crate::base::fix::apply_edits(t, out[0].fixes[0].edits.clone());
        assert!(fixed.contains("the High-tech Park will expand"));
    }

    #[test]
    fn alias_defined_in_another_paragraph_or_case() {
        // The definition is looked for in its own paragraph only, whatever
        // the case of its cue word; uses anywhere count.
        let t = "Opening words.\n\nThe Lanshan High-tech Industrial Park (HEREINAFTER REFERRED TO AS the \"High-tech Park\") grew.\n\nIn 2024, the high-tech park will expand.";
        let out = one_alias_variant(t, "high-tech park");
        assert_eq!(out[0].related[0].span, {
            let s = t.find("High-tech Park\"").unwrap();
            s..s + "High-tech Park".len()
        });
        // No cue, no definition: a quoted name in parentheses alone is not one.
        let t = "The park (the \"High-tech Park\") grew.\n\nThe high-tech park will expand.";
        assert!(check(&[t])[0].is_empty());
    }

    /// The words of the shared pass and the structure family's hashes of
    /// `text`, against each family's own pass.
    fn same_words_and_hashes(text: &str) -> Result<(), String> {
        let (mut plain, mut shared) = (super::WordList::default(), super::WordList::default());
        let (mut hashes, mut own) = (vec![], vec![]);
        super::words_into(text, &mut plain);
        super::words_and_hashes_into(text, &mut shared, &mut hashes);
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
        let spans = |ws: &[super::Word]| -> Vec<_> {
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

        /// The cue check passes every text where the definition regex
        /// matches, so looking for definitions only in cued paragraphs
        /// misses none: definitions with their cue in any mix of cases,
        /// amid random text.
        #[test]
        fn every_alias_definition_has_a_cue(
            before in proptest::collection::vec(proptest::sample::select(vec![
                "(", ")", " ", "the ", "\"", "“", "Xin Group", "hereinafter", "short", "\n", "中",
            ]), 0..6),
            cue in proptest::sample::select(super::ALIAS_CUES.to_vec()),
            upper in proptest::bits::u64::ANY,
            tail in proptest::sample::select(vec![
                "", " referred to", " as", " called", " the", " referred to as the",
            ]),
            curly in proptest::bool::ANY,
        ) {
            let cue: String = cue
                .chars()
                .enumerate()
                .map(|(i, c)| if upper >> i & 1 == 1 { c.to_ascii_uppercase() } else { c })
                .collect();
            let (open, close) = if curly { ("“", "”") } else { ("\"", "\"") };
            let t = format!("{}({cue}{tail} {open}Xin Group{close}) said", before.concat());
            proptest::prop_assert!(super::ALIAS_DEF.is_match(&t), "{:?}", t);
            proptest::prop_assert!(super::has_alias_cue(&t), "{:?}", t);
        }
    }

    #[test]
    fn doubled_phrase_in_a_company_name() {
        let t = "He came to the era of bright solar and bright solar Co. Ltd. research, and learned that bright solar Co. Ltd. built a line.";
        let out = check(&[t]);
        let n = names(&out[0], t);
        assert_eq!(
            n,
            [(
                "names/inconsistent-spelling".into(),
                "bright solar and bright solar Co. Ltd".into()
            )]
        );
        let fixed = crate::base::fix::apply_edits(
            t,
            out[0].iter().find(|f| f.family() == "names").unwrap().fixes[0]
                .edits
                .clone(),
        );
        assert!(
            fixed.contains("era of bright solar Co. Ltd. research"),
            "{fixed}"
        );
        // Without the single form elsewhere, nothing to compare with.
        let alone = "He came to the Sun and Sun Group offices.";
        assert!(names(&check(&[alone])[0], alone).is_empty());
    }

    #[test]
    fn cross_file_case_variant_and_parenthetical() {
        let a = "Hao Peng went to Xining economic and Technological Development Zone to look.";
        let b = "The conference of Xining (national) Economic and Technological Development Zone opened.";
        let out = check(&[a, b]);
        assert_eq!(
            names(&out[0], a),
            [(
                "names/cross-file-variant".into(),
                "Xining economic and Technological Development Zone".into()
            )]
        );
        assert!(names(&out[1], b).is_empty());
        assert_eq!(
            out[0]
                .iter()
                .find(|f| f.family() == "names")
                .unwrap()
                .related[0]
                .doc,
            crate::base::finding::DocRef::Other(1)
        );
    }

    /// The corpus check decides once per spelling: every mention of a
    /// weaker spelling is reported, and the spellings the document shares
    /// with the corpus are not.
    #[test]
    fn cross_file_variant_at_every_mention_of_the_spelling() {
        let a = "Xining economic Zone opened. Hao Peng visited Xining economic Zone. \
                 Then Xining economic Zone grew.";
        let b = "The Xining Economic Zone opened, and Hao Peng spoke.";
        let c = "Hao Peng left the Xining Economic Zone.";
        let out = check(&[a, b, c]);
        let found = names(&out[0], a);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.iter().all(
            |(rule, text)| rule == "names/cross-file-variant" && text == "Xining economic Zone"
        ));
        let starts: Vec<usize> = out[0]
            .iter()
            .filter(|f| f.family() == "names")
            .map(|f| f.span.start)
            .collect();
        let expected: Vec<usize> = a
            .match_indices("Xining economic Zone")
            .map(|m| m.0)
            .collect();
        assert_eq!(starts, expected);
        assert!(names(&out[1], b).is_empty() && names(&out[2], c).is_empty());
    }

    #[test]
    fn cross_file_same_spelling_is_fine() {
        let a = "Governor Hao Peng spoke.";
        let b = "Then Governor Hao Peng left.";
        let out = check(&[a, b]);
        assert!(names(&out[0], a).is_empty() && names(&out[1], b).is_empty());
    }

    #[test]
    fn title_case_across_files_is_a_hint() {
        let a = "In April, governor Hao Peng went to the park.";
        let b = "Governor Hao Peng presided over the forum.";
        let out = check(&[a, b]);
        let f: Vec<_> = out[0]
            .iter()
            .filter(|f| f.rule == "names/title-case")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!(&a[f[0].span.clone()], "governor");
        assert_eq!(f[0].severity, crate::base::finding::Severity::Hint);
        assert!(out[1].iter().all(|f| f.family() != "names"));
        // A lowercase title with no capitalised twin anywhere is left alone.
        let only = check(&["the governor Hao Peng spoke."]);
        assert!(only[0].iter().all(|f| f.family() != "names"));
        // One file checked alone: the twin in another paragraph counts too.
        let one = "Governor Hao Peng presided.\n\nOn Monday, governor Hao Peng left.";
        let alone = check(&[one]);
        let f: Vec<_> = alone[0]
            .iter()
            .filter(|f| f.rule == "names/title-case")
            .collect();
        assert_eq!(f.len(), 1, "{alone:?}");
        assert_eq!(&one[f[0].span.clone()], "governor");
    }

    #[test]
    fn registry_untagged_and_case_variant() {
        let config = Config::parse(
            "[[entity]]\nid = \"minmetals\"\nname = \"China Minmetals Group\"\nlabel = \"ORG\"\naliases = [\"Minmetals Group\"]\n",
        )
        .unwrap();
        let engine = Engine::new(config).unwrap();
        let t = "[Hao Peng]{PER} met China Minmetals Group. [Minmetals Group]{ORG:minmetals} agreed. china minmetals group too. China MINMETALS Group";
        let fs = engine.check(t);
        let rules: Vec<(&str, &str)> = fs
            .iter()
            .filter(|f| f.family() == "names")
            .map(|f| (f.rule, &t[f.span.clone()]))
            .collect();
        assert!(
            rules.contains(&("names/untagged-entity", "China Minmetals Group")),
            "{rules:?}"
        );
        assert!(
            rules.contains(&("names/inconsistent-spelling", "China MINMETALS Group")),
            "{rules:?}"
        );
        // An all-lowercase mention is not a spelling of the name to flag.
        assert!(
            !rules.iter().any(|r| r.1 == "china minmetals group"),
            "{rules:?}"
        );
        let untagged = fs
            .iter()
            .find(|f| f.rule == "names/untagged-entity")
            .unwrap();
        let fixed = crate::base::fix::apply_edits(t, untagged.fixes[0].edits.clone());
        assert!(
            fixed.contains("met [China Minmetals Group]{ORG:minmetals}."),
            "{fixed}"
        );
        // Untagged articles are not nagged.
        let plain = "Hao Peng met China Minmetals Group.";
        assert!(engine
            .check(plain)
            .iter()
            .all(|f| f.rule != "names/untagged-entity"));
    }

    #[test]
    fn one_name_two_labels() {
        let t = "[Qinghai]{LOC} grew. [Qinghai]{LOC} is big. [Qinghai]{ORG} said.";
        let fs = check(&[t]).remove(0);
        let f: Vec<_> = fs
            .iter()
            .filter(|f| f.rule == "names/label-conflict")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!(&t[f[0].span.clone()], "Qinghai");
        assert!(f[0].span.start > t.rfind("[Qinghai]").unwrap());
    }

    #[test]
    fn index_add_remove_round_trips() {
        let engine = Engine::new(Config::default()).unwrap();
        let a = engine.analyze("Xining economic and Technological Development Zone grew.");
        let b =
            engine.analyze("Xining (national) Economic and Technological Development Zone grew.");
        let mut index = crate::engine::CorpusIndex::new();
        index.add(0, &a.features);
        index.add(1, &b.features);
        assert_eq!(engine.corpus_findings(0, &a.features, &index).len(), 1);
        assert_eq!(
            index
                .names
                .spellings("Xining Economic and Technological Development Zone")
                .len(),
            2
        );
        index.remove(1, &b.features);
        assert!(engine.corpus_findings(0, &a.features, &index).is_empty());
        index.remove(0, &a.features);
        assert!(index.names.keys.is_empty() && index.names.titled_caps.is_empty());
    }
}

#[cfg(test)]
mod occurrence_tests {
    use super::occurrences_each;

    #[test]
    fn holders_keep_their_order_when_one_goes() {
        let at = |d: u32| {
            (
                d,
                super::Span32::new(&(d as usize..d as usize + 1)).unwrap(),
            )
        };
        let mut h = super::Holders::default();
        assert!(h.is_empty());
        for d in [4, 7, 9] {
            h.push(at(d));
        }
        assert_eq!(h.len(), 3);
        h.remove(4);
        assert_eq!(h.iter().map(|x| x.0).collect::<Vec<_>>(), [7, 9]);
        h.push(at(4));
        h.remove(9);
        assert_eq!(h.iter().map(|x| x.0).collect::<Vec<_>>(), [7, 4]);
        h.remove(7);
        h.remove(4);
        assert!(h.is_empty());
        assert_eq!(h.len(), 0);
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

    use proptest::prelude::*;

    /// One search per pattern, of the lowercased text when asked: what
    /// `occurrences_each` stands for.
    fn one_by_one(text: &str, patterns: &[&str], ci: bool) -> Vec<Vec<usize>> {
        patterns
            .iter()
            .map(|p| {
                let (hay, needle) = if ci {
                    (text.to_ascii_lowercase(), p.to_ascii_lowercase())
                } else {
                    (text.to_string(), p.to_string())
                };
                memchr::memmem::find_iter(hay.as_bytes(), needle.as_bytes()).collect()
            })
            .collect()
    }

    #[test]
    fn overlapping_and_repeated_patterns() {
        let text = "aaaa Co. Ltd. AA co. ltd. aAa";
        let patterns = ["aa", "a", "aa", "Co. Ltd.", "A", "é"];
        for ci in [false, true] {
            assert_eq!(
                occurrences_each(text, &patterns, ci),
                one_by_one(text, &patterns, ci)
            );
        }
        assert_eq!(occurrences_each(text, &["aa"], false)[0], vec![0, 2]);
        assert_eq!(occurrences_each(text, &["aa"], true)[0], vec![0, 2, 14, 26]);
        assert!(occurrences_each(text, &[], true).is_empty());
    }

    /// `occurrences_by_paragraph` on `text`, with a fresh memo per
    /// paragraph; `rounds` searches with the same paragraphs' facts.
    fn by_paragraph(text: &str, rounds: &[(Vec<&str>, bool)]) -> Vec<Vec<Vec<usize>>> {
        use super::{occurrences_by_paragraph, Local, Placed};
        let engine = crate::Engine::new(crate::Config::default()).unwrap();
        engine.with_context(text, |ctx| {
            let locals: Vec<Local> = ctx.paragraphs.iter().map(|_| Local::default()).collect();
            let placed: Vec<Placed<Local>> = ctx
                .paragraphs
                .iter()
                .zip(&locals)
                .map(|(p, local)| Placed {
                    start: p.start,
                    line: ctx.lines.line_of(p.start),
                    local,
                })
                .collect();
            rounds
                .iter()
                .map(|(patterns, ci)| occurrences_by_paragraph(ctx, &placed, patterns, *ci))
                .collect()
        })
    }

    proptest! {
        /// Searching paragraph by paragraph, and reusing what a paragraph's
        /// memo holds, finds what one search of the whole text finds: texts
        /// with blank lines (some of spaces, some CRLF), patterns that
        /// cross them or are blank falling back to the whole search, and
        /// up to three sets of patterns searched in turn, in both cases.
        #[test]
        fn paragraph_search_equals_whole_text_search(
            text in "([aAbB .é]{0,12}(\n|\r\n|\n\n|\n \n|\r\n\r\n))*[aAbB .é]{0,12}",
            sets in proptest::collection::vec(
                (proptest::collection::vec("[aAbB .é\n]{1,4}", 0..5), any::<bool>()), 1..4),
        ) {
            let sets: Vec<(Vec<&str>, bool)> = sets
                .iter()
                .map(|(ps, ci)| (ps.iter().map(String::as_str).collect(), *ci))
                .collect();
            // Each set in both cases, all of it twice: memo hits, misses
            // and evictions.
            let both: Vec<(Vec<&str>, bool)> = sets
                .iter()
                .flat_map(|(ps, ci)| [(ps.clone(), *ci), (ps.clone(), !*ci)])
                .collect();
            let rounds: Vec<(Vec<&str>, bool)> = both.iter().chain(&both).cloned().collect();
            let found = by_paragraph(&text, &rounds);
            for ((patterns, ci), got) in rounds.iter().zip(found) {
                prop_assert_eq!(got, occurrences_each(&text, patterns, *ci));
            }
        }
    }

    proptest! {
        #[test]
        fn one_pass_equals_one_search_per_pattern(
            text in "[aAbB .é]{0,60}",
            patterns in proptest::collection::vec("[aAbB .é]{1,4}", 0..6),
            ci in any::<bool>(),
        ) {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            prop_assert_eq!(
                occurrences_each(&text, &patterns, ci),
                one_by_one(&text, &patterns, ci)
            );
        }
    }
}
