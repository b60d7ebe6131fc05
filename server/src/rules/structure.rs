//! `structure/` rules: damage to sentences, lists and paragraphs.

use rustc_hash::FxHashMap;

use super::{placed_findings, Ctx, Example, Placed, RuleMeta, Sink};
use crate::base::finding::{DocRef, Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::scan::word_hash::{lowered_word_hash, word_hashes, FNV_OFFSET, FNV_PRIME};

pub(crate) const EMPTY_LIST_SLOT: RuleMeta = RuleMeta {
    id: "structure/empty-list-slot",
    default_severity: Severity::Warning,
    summary: "A list with an empty slot where a name was dropped",
    explanation: include_str!("structure/empty_list_slot.md").trim_ascii_end(),
    bad: &[
        Example::text("Zhang Guangrong, Zhang Jianmin, and, respectively, to participate"),
        Example::text("Li Wei, , Wang Fang"),
    ],
    good: &[
        Example::text("He came, and, as expected, left."),
        Example::text("Li Wei, Wang Fang and Zhao Min attended"),
    ],
};

pub(crate) const TRUNCATED_SENTENCE: RuleMeta = RuleMeta {
    id: "structure/truncated-sentence",
    default_severity: Severity::Warning,
    summary: "A sentence cut off after a function word",
    explanation: include_str!("structure/truncated_sentence.md").trim_ascii_end(),
    bad: &[
        Example::text("research activities of the."),
        Example::text("between the two sides of the. He said"),
    ],
    good: &[
        Example::text("research activities of the committee."),
        Example::text("at 9 a.m. sharp"),
        Example::text("the town he came from."),
    ],
};

pub(crate) const DUPLICATE_PARAGRAPH: RuleMeta = RuleMeta {
    id: "structure/duplicate-paragraph",
    default_severity: Severity::Warning,
    summary: "A paragraph that repeats an earlier one",
    explanation: include_str!("structure/duplicate_paragraph.md").trim_ascii_end(),
    bad: &[Example::text(
        "a standfirst repeated, slightly reworded, as the first paragraph",
    )],
    good: &[Example::text("two paragraphs that share a phrase or two")],
};

pub(crate) const BLANK_LINES: RuleMeta = RuleMeta {
    id: "structure/blank-lines",
    default_severity: Severity::Hint,
    summary: "A run of more than one blank line",
    explanation: include_str!("structure/blank_lines.md").trim_ascii_end(),
    bad: &[Example::text(
        "paragraph, then three blank lines, then paragraph",
    )],
    good: &[Example::text("paragraph, one blank line, paragraph")],
};

pub(crate) const INDENTATION: RuleMeta = RuleMeta {
    id: "structure/indentation",
    default_severity: Severity::Hint,
    summary: "Paragraphs indented inconsistently",
    explanation: include_str!("structure/indentation.md").trim_ascii_end(),
    bad: &[Example::text(
        "\u{a0} in April, the governor visited (other paragraphs not indented)",
    )],
    good: &[Example::text("every paragraph starting at the margin")],
};

pub const RULES: &[&RuleMeta] = &[
    &EMPTY_LIST_SLOT,
    &TRUNCATED_SENTENCE,
    &DUPLICATE_PARAGRAPH,
    &BLANK_LINES,
    &INDENTATION,
];

/// What one paragraph shows alone.
#[derive(Debug, Clone, Default)]
pub struct Local {
    /// Empty list slots and cut-off sentences.
    pub findings: Vec<Finding>,
    /// Word 3-gram hashes for the duplicate check (empty for a short
    /// paragraph or one too long to compare), until [`ShingleIds::number`]
    /// turns them into `ids` (each once).
    shingles: Vec<u64>,
    ids: Vec<u32>,
}

/// Dense numbers for the shingles of a document's paragraphs, so that the
/// duplicate check counts in arrays rather than maps. An editor keeps one
/// per document with its cached paragraphs: a changed paragraph's
/// shingles are numbered, the others keep theirs.
#[derive(Debug, Clone, Default)]
pub struct ShingleIds {
    ids: IdTable,
    /// Per id, the last paragraph (by `round`) that was given it, so that a
    /// paragraph keeps each id once without sorting its list.
    seen: Vec<u32>,
    round: u32,
}

impl ShingleIds {
    /// Room for a text of `bytes` bytes (about one shingle per six bytes).
    pub fn for_text(bytes: usize) -> Self {
        ShingleIds {
            ids: IdTable::with_capacity(bytes / 6),
            seen: Vec::with_capacity(bytes / 6),
            round: 0,
        }
    }

    /// How many shingles have a number (the bound of every id).
    pub fn len(&self) -> usize {
        self.ids.len
    }

    pub fn is_empty(&self) -> bool {
        self.ids.len == 0
    }

    /// Numbers the shingles of one paragraph; the paragraph keeps each
    /// number once, in order of first use (the duplicate check counts a
    /// shingle repeated inside a paragraph once).
    pub fn number(&mut self, local: &mut Local) {
        if self.round == u32::MAX {
            self.seen.fill(0);
            self.round = 0;
        }
        self.round += 1;
        let round = self.round;
        let hashes = std::mem::take(&mut local.shingles);
        let mut ids = Vec::with_capacity(hashes.len());
        self.ids.reserve(hashes.len());
        for g in hashes {
            let (id, new) = self.ids.id_of(g);
            if new {
                self.seen.push(0);
            }
            let seen = &mut self.seen[id as usize];
            if *seen != round {
                *seen = round;
                ids.push(id);
            }
        }
        local.ids = ids;
    }

    /// How many distinct numbered shingles `local` holds.
    pub fn count(local: &Local) -> usize {
        local.ids.len()
    }
}

/// The numbers of shingle hashes: an open-addressing table with linear
/// probing, kept at most half full. Shingle hashes are already mixed, so
/// a multiply spreads them over the slots; with a general hash map the
/// numbering took about 45% more instructions, and it runs once per
/// shingle of every article.
#[derive(Debug, Clone, Default)]
struct IdTable {
    /// Per slot: a hash's number plus one, 0 for an empty slot.
    ids: Vec<u32>,
    /// Per slot: the hash, where `ids` has one.
    hashes: Vec<u64>,
    /// How many hashes have a number.
    len: usize,
}

impl IdTable {
    fn with_capacity(n: usize) -> IdTable {
        let mut t = IdTable::default();
        t.reserve(n);
        t
    }

    /// Room for `more` hashes without growing.
    fn reserve(&mut self, more: usize) {
        let need = self.len.saturating_add(more).saturating_mul(2);
        if need <= self.ids.len() {
            return;
        }
        let size = need.next_power_of_two().max(64);
        let old_ids = std::mem::replace(&mut self.ids, vec![0; size]);
        let old_hashes = std::mem::replace(&mut self.hashes, vec![0; size]);
        for (id, hash) in old_ids.into_iter().zip(old_hashes).filter(|s| s.0 != 0) {
            let slot = self.slot_of(hash);
            (self.ids[slot], self.hashes[slot]) = (id, hash);
        }
    }

    /// The slot that holds `hash`, or the empty one where it goes.
    #[inline]
    fn slot_of(&self, hash: u64) -> usize {
        let mask = self.ids.len() - 1;
        let mut i = (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask;
        while self.ids[i] != 0 && self.hashes[i] != hash {
            i = (i + 1) & mask;
        }
        i
    }

    /// The number of `hash`, given the next free one if it had none (then
    /// also `true`). Room must have been reserved.
    #[inline]
    fn id_of(&mut self, hash: u64) -> (u32, bool) {
        debug_assert!(self.len * 2 < self.ids.len());
        let slot = self.slot_of(hash);
        match self.ids[slot] {
            0 => {
                self.len += 1;
                (self.ids[slot], self.hashes[slot]) = (self.len as u32, hash);
                (self.len as u32 - 1, true)
            }
            id => (id - 1, false),
        }
    }
}

/// The checks that need only the paragraph `ctx` holds.
pub fn local(ctx: &Ctx) -> Local {
    // One word buffer per thread: this runs once per paragraph.
    thread_local!(static WORDS: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) });
    WORDS.with_borrow_mut(|words| {
        words.clear();
        if ctx.text.len() <= MAX_PARAGRAPH {
            word_hashes(ctx.text, words);
        }
        local_from_word_hashes(ctx, words)
    })
}

/// [`local`] given the hashes [`word_hashes`] gives for the paragraph
/// (the names family's word pass finds them on the way).
pub fn local_from_word_hashes(ctx: &Ctx, words: &[u64]) -> Local {
    let mut findings = Vec::new();
    empty_slots(ctx.text, may_double(ctx.text, words), &mut findings);
    truncated(ctx.text, &mut findings);
    let mut shingles = Vec::new();
    if ctx.text.len() <= MAX_PARAGRAPH {
        shingles_of(words, &mut shingles);
    }
    Local {
        findings,
        shingles,
        ids: Vec::new(),
    }
}

/// The paragraphs' local findings, then the checks that compare paragraphs
/// or look at the layout between them. Every paragraph's shingles must be
/// numbered by `ids`.
pub fn check(ctx: &Ctx, paragraphs: &[Placed<Local>], ids: &ShingleIds, out: &mut Sink) {
    placed_findings(
        paragraphs.iter().map(|p| (p.start, &p.local.findings[..])),
        out,
    );
    duplicates(ctx, paragraphs, ids.len(), out);
    blank_lines(ctx, out);
    indentation(ctx, out);
}

// ---------------------------------------------------------------- lists

// The patterns below are matched by hand rather than with regexes: each
// has a rare anchor (a comma, a period, the word itself) that a byte search
// finds at memchr speed, and a few byte comparisons settle the rest. The
// matches are exactly those of the regexes named in each comment
// (leftmost, non-overlapping), which the unit tests compare.

fn is_blank_byte(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// First index at or after `i` that is not a space or tab.
fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_blank_byte(bytes[i]) {
        i += 1;
    }
    i
}

/// An ASCII word byte, as `(?-u:\b)` sees it.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The end of the match of `,[ \t]*\b(?:and|or)\b[ \t]*,` that starts at
/// the comma at `c`, if there is one.
fn coordinator_end(bytes: &[u8], c: usize) -> Option<usize> {
    let w = skip_blanks(bytes, c + 1);
    let rest = &bytes[w..];
    let len = if rest.starts_with(b"and") {
        3
    } else if rest.starts_with(b"or") {
        2
    } else {
        return None;
    };
    let end = skip_blanks(bytes, w + len);
    (bytes.get(end) == Some(&b',')).then_some(end + 1)
}

/// The end of the match of `,[ \t]+,` that starts at the comma at `c`, if
/// there is one.
fn blank_end(bytes: &[u8], c: usize) -> Option<usize> {
    let end = skip_blanks(bytes, c + 1);
    (end > c + 1 && bytes.get(end) == Some(&b',')).then_some(end + 1)
}

/// The leftmost, non-overlapping matches of `,[ \t]*\b(?:and|or)\b[ \t]*,`
/// and, apart, of `,[ \t]+,`: both start at a comma, so one pass over the
/// commas finds both.
fn comma_slots(text: &str) -> (Vec<Span>, Vec<Span>) {
    let bytes = text.as_bytes();
    let (mut coordinators, mut blanks) = (Vec::new(), Vec::new());
    let (mut coordinator_from, mut blank_from) = (0, 0);
    for c in memchr::memchr_iter(b',', bytes) {
        if c >= coordinator_from {
            if let Some(end) = coordinator_end(bytes, c) {
                coordinators.push(c..end);
                coordinator_from = end;
            }
        }
        if c >= blank_from {
            if let Some(end) = blank_end(bytes, c) {
                blanks.push(c..end);
                blank_from = end;
            }
        }
    }
    (coordinators, blanks)
}

/// Matches of `\b(?:and[ \t]+and|or[ \t]+or)\b`, in text order.
fn doubled_coordinator(text: &str) -> Vec<Span> {
    // Searchers built once: this runs once per paragraph.
    static WORDS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        std::sync::LazyLock::new(|| {
            [
                memchr::memmem::Finder::new("and"),
                memchr::memmem::Finder::new("or"),
            ]
        });
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for finder in WORDS.iter() {
        let word = finder.needle();
        let mut from = 0;
        for at in finder.find_iter(bytes) {
            if at < from || (at > 0 && is_word_byte(bytes[at - 1])) {
                continue;
            }
            let second = skip_blanks(bytes, at + word.len());
            if second == at + word.len() || !bytes[second..].starts_with(word) {
                continue;
            }
            let end = second + word.len();
            if bytes.get(end).is_some_and(|&b| is_word_byte(b)) {
                continue;
            }
            out.push(at..end);
            from = end;
        }
    }
    // The two words' matches never overlap; merge them into text order.
    out.sort_by_key(|m| m.start);
    out
}

/// A list item: one to four words, each starting with a capital or digit.
fn list_item(s: &str) -> bool {
    let s = s.trim();
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

/// Whether `s` starts like a list item: a capitalised word or a
/// determiner (`the mayor`), not a verb (`to participate`).
fn starts_item(s: &str) -> bool {
    const DETERMINERS: &[&str] = &[
        "the", "a", "an", "his", "her", "their", "its", "our", "other", "all", "many", "some",
        "several", "most", "both",
    ];
    let Some(word) = s.split_whitespace().next() else {
        return false;
    };
    word.chars().next().is_some_and(char::is_uppercase)
        || DETERMINERS.contains(&word.to_ascii_lowercase().as_str())
}

/// Start of the sentence containing `at` (after `.!?` or a line break).
fn sentence_start(text: &str, at: usize) -> usize {
    let from = crate::base::text::floor_char_boundary(text, at.saturating_sub(400));
    text[from..at]
        .rfind(['.', '!', '?', '\n', ';', ':'])
        .map_or(from, |i| from + i + 1)
}

/// Whether a paragraph can hold a doubled `and` or `or`
/// ([`doubled_coordinator`]), from its word hashes: in ASCII text such a
/// match is two words in a row, both `and` or both `or` (the `\b` on
/// each side ends a run of letters and digits, and only blanks lie
/// between). Searching for the two words (`or` is in `for`, `more`,
/// `work`...) took most of the empty-slot check; most paragraphs are
/// now passed over. Other text is searched as before.
fn may_double(text: &str, words: &[u64]) -> bool {
    if text.len() > MAX_PARAGRAPH || !text.is_ascii() {
        return true;
    }
    let (and, or) = (lowered_word_hash(b"and"), lowered_word_hash(b"or"));
    words
        .windows(2)
        .any(|w| w[0] == w[1] && (w[0] == and || w[0] == or))
}

fn empty_slots(text: &str, may_double: bool, out: &mut Sink) {
    let (coordinators, blanks) = comma_slots(text);
    for m in coordinators {
        let start = sentence_start(text, m.start);
        let before: Vec<&str> = text[start..m.start].split(',').collect();
        if before.len() < 2 || !before[before.len() - 2..].iter().all(|s| list_item(s)) {
            continue;
        }
        // `, and, of course, Zhao`: an aside before the last item.
        let rest = &text[m.end..crate::base::text::floor_char_boundary(text, m.end + 80)];
        if let Some((aside, after)) = rest.split_once(',') {
            if aside.split_whitespace().count() <= 5 && starts_item(after) {
                continue;
            }
        }
        out.push(Finding::new(
            &EMPTY_LIST_SLOT,
            m.clone(),
            format!(
                "list with an empty slot: \"{}\"; an item may have been dropped",
                &text[m]
            ),
        ));
    }
    for m in blanks {
        out.push(Finding::new(
            &EMPTY_LIST_SLOT,
            m,
            "two commas with nothing between them: an item may have been dropped",
        ));
    }
    let doubled = if may_double {
        doubled_coordinator(text)
    } else {
        Vec::new()
    };
    for m in doubled {
        let word = text[m.clone()].split_whitespace().next().unwrap_or("");
        out.push(Finding::new(
            &EMPTY_LIST_SLOT,
            m.clone(),
            format!("doubled \"{word}\": an item between them may have been dropped"),
        ));
    }
}

// ------------------------------------------------------------ sentences

/// Words that may stand between the last real word and the article.
const DANGLING_PREPOSITIONS: &[&[u8]] = &[
    b"of", b"to", b"for", b"with", b"and", b"or", b"in", b"on", b"at", b"by", b"from", b"into",
    b"about", b"between", b"as", b"than",
];

/// A sentence ending in an article: the match of
/// `[ \t]+((?:(?:PREPOSITION)[ \t]+)?(?:the|a|an))\.`, as (whole match,
/// dangling words), leftmost and non-overlapping, found from each period.
fn dangling_articles(text: &str) -> Vec<(Span, Span)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for dot in memchr::memchr_iter(b'.', bytes) {
        let before = &bytes[..dot];
        let Some(article) = [&b"the"[..], b"an", b"a"]
            .into_iter()
            .find(|a| before.ends_with(a))
        else {
            continue;
        };
        let article_start = dot - article.len();
        let mut start = article_start;
        while start > 0 && is_blank_byte(bytes[start - 1]) {
            start -= 1;
        }
        if start == article_start {
            continue; // `bathe.`, `(a.`: the article must follow a space
        }
        // A preposition before the blanks, itself after a space, belongs
        // to the match (the leftmost one starts before it).
        let mut words = article_start;
        let mut word_start = start;
        while word_start > 0 && bytes[word_start - 1].is_ascii_lowercase() {
            word_start -= 1;
        }
        if word_start < start
            && word_start > 0
            && is_blank_byte(bytes[word_start - 1])
            && DANGLING_PREPOSITIONS.contains(&&bytes[word_start..start])
        {
            words = word_start;
            start = word_start;
            while start > 0 && is_blank_byte(bytes[start - 1]) {
                start -= 1;
            }
        }
        out.push((start..dot + 1, words..dot));
    }
    out
}

fn truncated(text: &str, out: &mut Sink) {
    for (m, words) in dangling_articles(text) {
        // The period must end the sentence: space, quote or end of line.
        let next = text[m.end..].chars().next();
        if next.is_some_and(|ch| !(ch.is_whitespace() || "\"”’')".contains(ch))) {
            continue;
        }
        // A word must come before: not a list marker like `a.`.
        let before = &text[..m.start];
        if !before
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_alphanumeric() || ch == ',' || ch == ')' || ch == '’')
        {
            continue;
        }
        out.push(
            Finding::new(
                &TRUNCATED_SENTENCE,
                words.start..m.end,
                format!(
                    "sentence cut off after \"{}\"",
                    text[words.clone()]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            )
            .with_fix(Fix::unsafe_(
                format!("Drop the dangling \"{}\"", &text[words.clone()]),
                vec![Edit {
                    span: m.start..words.end,
                    new_text: String::new(),
                }],
            )),
        );
    }
}

// ----------------------------------------------------------- paragraphs

const SHINGLE: usize = 3;
const MIN_WORDS: usize = 8;
const THRESHOLD: f64 = 0.6;
/// Shingles shared by more paragraphs than this are too common to count.
const MAX_POSTINGS: usize = 32;
/// Paragraphs longer than this (bytes) are not compared.
const MAX_PARAGRAPH: usize = 100_000;

/// Appends the word 3-gram hashes of a paragraph with word hashes `words`
/// to `out` (none for short paragraphs).
fn shingles_of(words: &[u64], out: &mut Vec<u64>) {
    if words.len() < MIN_WORDS {
        return;
    }
    out.extend(words.windows(SHINGLE).map(|w| {
        w.iter().fold(FNV_OFFSET, |acc, &x| {
            (acc ^ x).wrapping_mul(FNV_PRIME).rotate_left(29)
        })
    }));
}

/// The lines of a paragraph with their line break and one following
/// blank line: what deleting it removes.
fn deletion_span(ctx: &Ctx, para: &Span) -> Span {
    let last = ctx.lines.line_of(para.end);
    let mut end = ctx.lines.line_span(last).end;
    let next = ctx.lines.line_of(end);
    if end < ctx.text.len()
        && ctx.text[ctx.lines.line_content(ctx.text, next)]
            .trim()
            .is_empty()
    {
        end = ctx.lines.line_span(next).end;
    }
    let start = ctx.lines.line_start(ctx.lines.line_of(para.start));
    start..end
}

/// The smallest number of shared shingles that makes `n / size` reach
/// [`THRESHOLD`], in the same floating-point arithmetic as the check.
fn needed_overlap(size: usize) -> usize {
    let m = size.max(1) as f64;
    let mut n = ((THRESHOLD * m).floor() as usize).saturating_sub(1);
    while (n as f64 / m) < THRESHOLD {
        n += 1;
    }
    n
}

/// For each paragraph (given by its shingle ids, `< id_count`), the
/// earlier paragraph it repeats best, with the containment: the share of
/// the smaller paragraph's distinct shingles that the two share, counting
/// only shingles held by 2 to [`MAX_POSTINGS`] paragraphs; at least
/// [`THRESHOLD`], the highest, then the earliest. Also each paragraph's
/// number of distinct shingles.
///
/// Pairs are found by prefix filtering (as in set-similarity joins): two
/// paragraphs sharing at least `o` of the smaller one's `c` counted
/// shingles must share one of its `c - o + 1` rarest, so only those are
/// looked up, and a paragraph with fewer counted shingles than it would
/// need is never the smaller side of a pair. Most paragraphs of real prose
/// share only common phrases and drop out at once. A paragraph that is the
/// later side of a candidate pair is then compared exactly with every
/// earlier paragraph it shares a counted shingle with, so the result is
/// that of comparing all pairs (a test checks this against the plain pair
/// count).
fn best_matches(ids: &[&[u32]], id_count: usize) -> (Vec<Option<(usize, f64)>>, Vec<usize>) {
    best_matches_with(ids, id_count, None)
}

/// [`best_matches`], with the choice to filter pairs made by the caller
/// (tests run both ways) or, with `None`, from the paragraphs.
fn best_matches_with(
    ids: &[&[u32]],
    id_count: usize,
    force_filter: Option<bool>,
) -> (Vec<Option<(usize, f64)>>, Vec<usize>) {
    let n = ids.len();
    debug_assert!(ids.iter().all(|own| {
        let mut sorted = own.to_vec();
        sorted.sort_unstable();
        sorted.windows(2).all(|w| w[0] < w[1])
    }));
    let sizes: Vec<usize> = ids.iter().map(|own| own.len()).collect();
    // The paragraphs of each counted shingle, grouped by id in paragraph
    // order: a counting sort in one array. `offset[id + 1]` first counts
    // the id's holders, then becomes the cursor where its group is filled
    // (its start, marked when the id is counted), and after the fill the
    // group's end, so that group `id` is `offset[id]..offset[id + 1]`.
    const MARK: u32 = 1 << 31;
    let mut offset: Vec<u32> = vec![0; id_count + 1];
    for own in ids {
        for &id in own.iter() {
            offset[id as usize + 1] += 1;
        }
    }
    let mut total = 0u32;
    for cursor in &mut offset[1..] {
        let holders = *cursor;
        *cursor = total;
        if (2..=MAX_POSTINGS as u32).contains(&holders) {
            *cursor |= MARK;
            total += holders;
        }
    }
    assert!(total < MARK, "too many shingles to group");
    // The fill also counts each paragraph's counted shingles: a paragraph
    // can be the smaller side of a pair only if it has as many as the
    // threshold needs of it.
    let mut groups = vec![0u32; total as usize];
    let mut could_be_smaller = vec![false; n];
    for (p, own) in ids.iter().enumerate() {
        let mut counted_here = 0;
        for &id in own.iter() {
            let cursor = &mut offset[id as usize + 1];
            if *cursor & MARK != 0 {
                groups[(*cursor & !MARK) as usize] = p as u32;
                *cursor += 1;
                counted_here += 1;
            }
        }
        could_be_smaller[p] = counted_here >= needed_overlap(sizes[p]);
    }
    for cursor in &mut offset {
        *cursor &= !MARK;
    }
    let group = |id: u32| &groups[offset[id as usize] as usize..offset[id as usize + 1] as usize];
    let counted = |id: u32| !group(id).is_empty();
    // Which paragraphs are the later side of some candidate pair: pairs
    // come from each paragraph's rarest counted shingles, toward
    // paragraphs at least as large. When most paragraphs could be the
    // smaller side of a pair (a text over a tiny vocabulary), filtering
    // costs more than it saves: every paragraph is compared.
    let open = could_be_smaller.iter().filter(|&&c| c).count();
    let with_shingles = sizes.iter().filter(|&&s| s > 0).count();
    let filter = force_filter.unwrap_or(open * 4 < with_shingles);
    let mut later_side = vec![!filter; n];
    let mut prefix: Vec<u32> = Vec::new();
    for x in (0..n).filter(|&x| filter && could_be_smaller[x]) {
        prefix.clear();
        prefix.extend(ids[x].iter().copied().filter(|&id| counted(id)));
        let need = needed_overlap(sizes[x]);
        let keep = prefix.len() - need + 1;
        if keep < prefix.len() {
            prefix.select_nth_unstable_by_key(keep - 1, |&id| (group(id).len(), id));
            prefix.truncate(keep);
        }
        for &id in &prefix {
            for &y in group(id) {
                let y = y as usize;
                if y != x && sizes[y] >= sizes[x] {
                    later_side[x.max(y)] = true;
                }
            }
        }
    }
    // For each of those, the earlier paragraph it repeats best, counting
    // the shingles it shares with every earlier one in a dense array.
    let mut best: Vec<Option<(usize, f64)>> = vec![None; n];
    let mut shared = vec![0u32; n];
    let mut touched: Vec<u32> = Vec::new();
    for j in (0..n).filter(|&j| later_side[j]) {
        for &id in ids[j] {
            for &i in group(id).iter().take_while(|&&i| (i as usize) < j) {
                if shared[i as usize] == 0 {
                    touched.push(i);
                }
                shared[i as usize] += 1;
            }
        }
        for i in touched.drain(..) {
            let i = i as usize;
            let k = std::mem::take(&mut shared[i]);
            let c = k as f64 / sizes[i].min(sizes[j]).max(1) as f64;
            if c < THRESHOLD {
                continue;
            }
            let better = match best[j] {
                None => true,
                Some((bi, bc)) => c > bc || (c == bc && i < bi),
            };
            if better {
                best[j] = Some((i, c));
            }
        }
    }
    (best, sizes)
}

fn duplicates(ctx: &Ctx, placed: &[Placed<Local>], id_count: usize, out: &mut Sink) {
    let paras = ctx.paragraphs;
    debug_assert_eq!(paras.len(), placed.len());
    if paras.len() < 2 {
        return;
    }
    debug_assert!(
        placed.iter().all(|p| p.local.shingles.is_empty()),
        "shingles not numbered"
    );
    let ids: Vec<&[u32]> = placed.iter().map(|p| &p.local.ids[..]).collect();
    let (best, sizes) = best_matches(&ids, id_count);
    for (j, b) in best.iter().enumerate() {
        let Some((i, containment)) = *b else { continue };
        let (earlier, later) = (&paras[i], &paras[j]);
        // Delete the contained copy: the shorter one, or the later one.
        let (victim, which) = if sizes[i] < sizes[j] {
            (earlier, "earlier")
        } else {
            (later, "this")
        };
        let line = ctx.lines.line_of(earlier.start) + 1;
        out.push(
            Finding::new(
                &DUPLICATE_PARAGRAPH,
                later.clone(),
                format!(
                    "paragraph repeats the one on line {line} ({:.0}% of its wording)",
                    containment * 100.0
                ),
            )
            .with_related(DocRef::This, earlier.clone(), "the earlier copy")
            .with_fix(Fix::unsafe_(
                format!("Delete the {which} copy"),
                vec![Edit {
                    span: deletion_span(ctx, victim),
                    new_text: String::new(),
                }],
            )),
        );
    }
}

// ------------------------------------------------------------- layout

fn is_blank(ctx: &Ctx, line: usize) -> bool {
    ctx.text[ctx.lines.line_content(ctx.text, line)]
        .trim()
        .is_empty()
}

fn blank_lines(ctx: &Ctx, out: &mut Sink) {
    let n = ctx.lines.line_count();
    // The empty "line" after a final newline is not a blank line.
    let n = if ctx.text.ends_with('\n') { n - 1 } else { n };
    let mut line = 0;
    while line < n {
        if !is_blank(ctx, line) {
            line += 1;
            continue;
        }
        let first = line;
        while line < n && is_blank(ctx, line) {
            line += 1;
        }
        let count = line - first;
        if count >= 2 {
            let span = ctx.lines.line_start(first)..ctx.lines.line_span(line - 1).end;
            let remove = ctx.lines.line_start(first + 1)..span.end;
            out.push(
                Finding::new(&BLANK_LINES, span, format!("{count} blank lines in a row")).with_fix(
                    Fix::safe(
                        "Collapse to one blank line",
                        vec![Edit {
                            span: remove,
                            new_text: String::new(),
                        }],
                    ),
                ),
            );
        }
    }
}

/// A first paragraph that is one short line without a final period: a
/// headline, which is often not indented like the body.
fn looks_like_title(s: &str) -> bool {
    s.len() <= 200 && !s.contains('\n') && !s.trim_end().ends_with(['.', '。'])
}

fn indent_len(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

fn indentation(ctx: &Ctx, out: &mut Sink) {
    let paras = ctx.paragraphs;
    if paras.len() < 3 {
        return;
    }
    let indents: Vec<&str> = paras
        .iter()
        .map(|p| {
            let s = ctx.slice(p);
            &s[..indent_len(s)]
        })
        .collect();
    let indented = indents.iter().filter(|s| !s.is_empty()).count();
    let plain = paras.len() - indented;
    if indented == 0 || plain == 0 || indented == plain {
        return;
    }
    if indented < plain {
        for (p, ind) in paras.iter().zip(&indents) {
            if ind.is_empty() {
                continue;
            }
            let span = p.start..p.start + ind.len();
            out.push(
                Finding::new(
                    &INDENTATION,
                    span.clone(),
                    format!(
                        "paragraph indented while {plain} of {} paragraphs are not",
                        paras.len()
                    ),
                )
                .with_fix(Fix::safe(
                    "Remove the indentation",
                    vec![Edit {
                        span,
                        new_text: String::new(),
                    }],
                )),
            );
        }
    } else {
        let mut freq: FxHashMap<&str, usize> = FxHashMap::default();
        for ind in indents.iter().filter(|s| !s.is_empty()) {
            *freq.entry(ind).or_default() += 1;
        }
        let common = freq
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map_or("", |(s, _)| s);
        for (k, (p, ind)) in paras.iter().zip(&indents).enumerate() {
            if !ind.is_empty() || (k == 0 && looks_like_title(ctx.slice(p))) {
                continue;
            }
            let end = ctx
                .slice(p)
                .chars()
                .next()
                .map_or(p.start, |c| p.start + c.len_utf8());
            out.push(
                Finding::new(
                    &INDENTATION,
                    p.start..end,
                    format!(
                        "paragraph not indented while {indented} of {} paragraphs are",
                        paras.len()
                    ),
                )
                .with_fix(Fix::safe(
                    "Indent like the other paragraphs",
                    vec![Edit {
                        span: p.start..p.start,
                        new_text: common.to_string(),
                    }],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

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

    // The regexes the hand-written matchers replace: their matches are the
    // specification.
    const COORDINATOR: &str = r",[ \t]*(?-u:\b)(?:and|or)(?-u:\b)[ \t]*,";
    const BLANK: &str = r",[ \t]+,";
    const DOUBLED: &str = r"(?-u:\b)(?:and[ \t]+and|or[ \t]+or)(?-u:\b)";
    const DANGLING: &str = r"[ \t]+((?:(?:of|to|for|with|and|or|in|on|at|by|from|into|about|between|as|than)[ \t]+)?(?:the|a|an))\.";

    fn spans(re: &str, text: &str) -> Vec<Span> {
        Regex::new(re)
            .unwrap()
            .find_iter(text)
            .map(|m| m.range())
            .collect()
    }

    fn dangling(text: &str) -> Vec<(Span, Span)> {
        Regex::new(DANGLING)
            .unwrap()
            .captures_iter(text)
            .map(|c| (c.get(0).unwrap().range(), c.get(1).unwrap().range()))
            .collect()
    }

    fn same_as_regexes(text: &str) {
        assert_eq!(comma_slots(text).0, spans(COORDINATOR, text), "{text:?}");
        assert_eq!(comma_slots(text).1, spans(BLANK, text), "{text:?}");
        assert_eq!(doubled_coordinator(text), spans(DOUBLED, text), "{text:?}");
        assert_eq!(dangling_articles(text), dangling(text), "{text:?}");
        let mut words = Vec::new();
        word_hashes(text, &mut words);
        assert!(
            may_double(text, &words) || spans(DOUBLED, text).is_empty(),
            "the word-hash filter passes over a doubled coordinator in {text:?}"
        );
    }

    #[test]
    fn the_doubled_word_filter_passes_only_paragraphs_without_one() {
        let hashes = |t: &str| {
            let mut words = Vec::new();
            word_hashes(t, &mut words);
            words
        };
        for (text, may) in [
            ("the city and the county", false),
            ("for more work or, or not", true),
            ("Zhang, and and Li", true),
            ("Zhang, And AND Li", true),
            ("a_or_or b", true),
            ("formore orb or", false),
            ("café and and bar", true),
        ] {
            assert_eq!(may_double(text, &hashes(text)), may, "{text:?}");
            same_as_regexes(text);
        }
    }

    #[test]
    fn matchers_agree_with_their_regexes_on_examples() {
        for text in [
            "Zhang Guangrong, Zhang Jianmin, and, respectively, to",
            "Li, , Wang,\t,x ,, a, or ,b, andor, , and ,",
            "and and and or or, sand and, and andy, or\tor_ é and and",
            "research activities of the. sides of the.\" into the. onto the.",
            "bathe. (a. of  \t the. xof the. Of the. than an. as a. of of the.",
            "the. a. an. ",
            "",
        ] {
            same_as_regexes(text);
        }
    }

    /// The duplicate check's definition, comparing every pair directly.
    fn best_by_all_pairs(ids: &[&[u32]]) -> Vec<Option<(usize, f64)>> {
        use std::collections::{HashMap, HashSet};
        let sets: Vec<HashSet<u32>> = ids.iter().map(|p| p.iter().copied().collect()).collect();
        let mut holders: HashMap<u32, usize> = HashMap::new();
        for set in &sets {
            for &id in set {
                *holders.entry(id).or_default() += 1;
            }
        }
        let counted = |id: &u32| (2..=MAX_POSTINGS).contains(&holders[id]);
        let mut best = vec![None; ids.len()];
        for j in 0..sets.len() {
            for i in 0..j {
                let shared = sets[i]
                    .intersection(&sets[j])
                    .filter(|id| counted(id))
                    .count();
                let c = shared as f64 / sets[i].len().min(sets[j].len()).max(1) as f64;
                if shared == 0 || c < THRESHOLD {
                    continue;
                }
                // Earlier i first: only a strictly higher share replaces it.
                if best[j].map_or(true, |(_, bc)| c > bc) {
                    best[j] = Some((i, c));
                }
            }
        }
        best
    }

    /// Each paragraph's ids as [`ShingleIds::number`] leaves them: each
    /// once, in order of first use.
    fn numbered(paragraphs: &[Vec<u32>]) -> Vec<Vec<u32>> {
        paragraphs
            .iter()
            .map(|p| {
                let mut seen = std::collections::HashSet::new();
                p.iter().copied().filter(|&id| seen.insert(id)).collect()
            })
            .collect()
    }

    fn same_best_matches(paragraphs: &[Vec<u32>]) {
        let distinct = numbered(paragraphs);
        let ids: Vec<&[u32]> = distinct.iter().map(|p| &p[..]).collect();
        let id_count = paragraphs
            .iter()
            .flatten()
            .max()
            .map_or(0, |&m| m as usize + 1);
        let expected = best_by_all_pairs(&ids);
        for force in [None, Some(true), Some(false)] {
            let (fast, sizes) = best_matches_with(&ids, id_count, force);
            assert_eq!(fast, expected, "{force:?} {paragraphs:?}");
            for (p, size) in paragraphs.iter().zip(sizes) {
                let distinct: std::collections::HashSet<_> = p.iter().collect();
                assert_eq!(size, distinct.len());
            }
        }
    }

    /// Numbers paragraphs of hashes through one [`ShingleIds`] and through
    /// a plain map, which gives each new hash the next number.
    fn numbering_matches_a_map(paragraphs: &[Vec<u64>], ids: &mut ShingleIds) {
        let mut map: std::collections::HashMap<u64, u32> = Default::default();
        for hashes in paragraphs {
            let mut local = Local {
                shingles: hashes.clone(),
                ..Local::default()
            };
            ids.number(&mut local);
            let mut expected = Vec::new();
            for h in hashes {
                let next = map.len() as u32;
                let id = *map.entry(*h).or_insert(next);
                if !expected.contains(&id) {
                    expected.push(id);
                }
            }
            assert_eq!(local.ids, expected, "{hashes:?}");
            assert_eq!(ids.len(), map.len());
        }
    }

    #[test]
    fn numbering_grows_and_survives_colliding_slots() {
        // Hashes that land in the same slot (equal after the multiply's
        // shift), zero, and enough of them to grow the table several times.
        let same_slot: Vec<u64> = (0..200u64).map(|k| k << 40).collect();
        let many: Vec<u64> = (0..5000u64)
            .map(|k| k.wrapping_mul(0x2545_f491_4f6c_dd1d))
            .collect();
        for mut ids in [ShingleIds::default(), ShingleIds::for_text(60)] {
            numbering_matches_a_map(
                &[
                    vec![0, 0, 1],
                    same_slot.clone(),
                    many.clone(),
                    same_slot.clone(),
                    vec![0],
                ],
                &mut ids,
            );
        }
    }

    #[test]
    fn numbering_keeps_each_shingle_once_per_paragraph() {
        let mut ids = ShingleIds::default();
        let mut a = Local {
            shingles: vec![7, 8, 7, 9, 8],
            ..Local::default()
        };
        let mut b = Local {
            shingles: vec![9, 10, 9, 7],
            ..Local::default()
        };
        ids.number(&mut a);
        ids.number(&mut b);
        assert_eq!(a.ids, [0, 1, 2]);
        assert_eq!(b.ids, [2, 3, 0]);
        assert!(a.shingles.is_empty() && b.shingles.is_empty());
        assert_eq!(ids.len(), 4);
        // Rounds wrap without losing the once-per-paragraph rule.
        ids.round = u32::MAX;
        let mut c = Local {
            shingles: vec![8, 8, 11],
            ..Local::default()
        };
        ids.number(&mut c);
        assert_eq!(c.ids, [1, 4]);
    }

    #[test]
    fn prefix_filtered_matches_equal_all_pairs_on_examples() {
        // A repeat, a near repeat, a paragraph inside a longer one, a
        // shingle too common to count (in 33 paragraphs), and strangers.
        let base: Vec<u32> = (0..20).collect();
        let mut near = base.clone();
        near[3] = 500;
        near[11] = 501;
        let inside: Vec<u32> = (5..15).collect();
        let longer: Vec<u32> = (0..40).collect();
        let mut paragraphs = vec![base.clone(), near, inside, longer, base];
        for k in 0..33 {
            paragraphs.push(vec![900, 1000 + k, 2000 + k]);
        }
        paragraphs.push((100..130).chain([900]).collect());
        same_best_matches(&paragraphs);
        let distinct = numbered(&paragraphs);
        let found = best_matches(&distinct.iter().map(|p| &p[..]).collect::<Vec<_>>(), 3000).0;
        assert_eq!(found[1].map(|b| b.0), Some(0));
        assert_eq!(found[2].map(|b| b.0), Some(0));
        assert_eq!(found[4], Some((0, 1.0)));
        assert!(found[5..].iter().all(Option::is_none));
        assert_eq!(needed_overlap(10), 6);
        assert_eq!(needed_overlap(5), 3);
        assert_eq!(needed_overlap(0), 1);
    }

    #[test]
    fn shingles_count_up_to_max_postings_holders() {
        // The same two shingles in exactly MAX_POSTINGS paragraphs still
        // count (each repeats the first); in one paragraph more they are
        // too common, and nothing is a repeat.
        for (copies, counted) in [(MAX_POSTINGS, true), (MAX_POSTINGS + 1, false)] {
            let paragraphs = vec![vec![950, 951]; copies];
            same_best_matches(&paragraphs);
            let ids: Vec<&[u32]> = paragraphs.iter().map(|p| &p[..]).collect();
            let found = best_matches(&ids, 952).0;
            assert_eq!(found[0], None);
            for b in &found[1..] {
                assert_eq!(*b, counted.then_some((0, 1.0)), "{copies} copies");
            }
        }
    }

    proptest! {
        #[test]
        fn numbering_equals_a_map(paragraphs in proptest::collection::vec(
            proptest::collection::vec(prop_oneof![0u64..40, any::<u64>()], 0..80),
            0..12,
        )) {
            numbering_matches_a_map(&paragraphs, &mut ShingleIds::default());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Paragraphs over a small vocabulary share shingles in every
        /// proportion, with repeats inside a paragraph and ties.
        #[test]
        fn word_hashes_follow_their_definition(text in "[ -~\u{80}-\u{17f}\u{212a}\u{3000}中文\t\n]{0,60}") {
            prop_assert_eq!(hashes(&text), hashes_by_chars(&text));
        }

        #[test]
        fn prefix_filtered_matches_equal_all_pairs(
            paragraphs in proptest::collection::vec(
                proptest::collection::vec(0u32..40, 0..24), 0..40)
        ) {
            same_best_matches(&paragraphs);
        }
    }

    proptest! {
        #[test]
        fn matchers_agree_with_their_regexes(parts in proptest::collection::vec(
            prop::sample::select(vec![
                " ", "  ", "\t", ",", ".", "and", "or", "the", "a", "an", "of", "into", "in",
                "than", "x", "A", "é", "_", "\n", "Of", "s",
            ]),
            0..40,
        )) {
            same_as_regexes(&parts.concat());
        }
    }
}
