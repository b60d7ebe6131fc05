//! The English words the `numbers/` rules read around a number: labels
//! that take a number (`Room 3`), function words that come before a count
//! (`the 26`, `about 26`), words that set a clock time (`at`, `a.m.`),
//! reporting verbs and the words that open a sentence. All of them are
//! generic English (or news) vocabulary, never names from one text.

use super::mangled_date::is_month;
use super::tokens::{core, Tok};

/// Words after which a number is a label, not an amount (`Room 3 12`,
/// `Article 25 says`, `Level 4`), lowercase.
const LABELS: &[&str] = &[
    "no",
    "no.",
    "nos",
    "nos.",
    "number",
    "table",
    "figure",
    "fig",
    "fig.",
    "article",
    "art.",
    "section",
    "sec.",
    "chapter",
    "ch.",
    "room",
    "line",
    "route",
    "phase",
    "grade",
    "class",
    "page",
    "p.",
    "pp.",
    "item",
    "bus",
    "flight",
    "platform",
    "gate",
    "building",
    "unit",
    "lot",
    "block",
    "tel",
    "tel.",
    "phone",
    "fax",
    "score",
    "scores",
    "level",
    "stage",
    "step",
    "part",
    "round",
    "game",
    "week",
    "day",
    "episode",
    "season",
    "vol",
    "vol.",
    "volume",
    "volumes",
    "issue",
    "act",
    "scene",
    "paragraph",
    "clause",
    "rule",
    "group",
    "team",
    "zone",
    "district",
    "terminal",
    "hall",
    "floor",
    "pier",
    "berth",
    "track",
    "channel",
    "window",
    "lap",
    "heat",
    "match",
    "leg",
    "type",
    "model",
    "version",
    "tier",
    "exit",
    "highway",
    "road",
    "street",
    "lane",
    "hole",
    "category",
    "size",
    "verse",
    "psalm",
    "psalms",
    "box",
    "case",
    "plan",
    "option",
    "question",
    "task",
    "lesson",
    "ward",
    "bed",
    "seat",
    "row",
    "car",
    "carriage",
    "court",
    "field",
    "hangar",
    "lock",
    "formula",
    "ratio",
    "ratios",
    "odds",
];

/// `word` in ASCII lowercase, written into `buf` (no allocation); `None`
/// when it is longer than the buffer.
#[inline]
pub(super) fn lower<'b>(word: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    let b = word.as_bytes();
    let out = buf.get_mut(..b.len())?;
    for (o, c) in out.iter_mut().zip(b) {
        *o = c.to_ascii_lowercase();
    }
    // Lowercasing ASCII bytes keeps UTF-8 valid.
    std::str::from_utf8(out).ok()
}

/// Whether `word`, lowercased, is one of `list`.
#[inline]
fn in_lowercase(word: &str, list: &[&str]) -> bool {
    let mut buf = [0u8; 16];
    lower(word, &mut buf).is_some_and(|w| list.contains(&w))
}

/// Whether `word` labels the number after it (`Room`, `No.`, `Article`).
#[inline]
pub(super) fn is_label(word: &str) -> bool {
    in_lowercase(word, LABELS)
}

/// Function words and quantifiers that come before a count: after them a
/// small number is an amount (`the 26`, `about 26`, `of 26`, `aged 26`),
/// lowercase.
const BEFORE_COUNT: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "and",
    "or",
    "but",
    "nor",
    "than",
    "about",
    "over",
    "under",
    "nearly",
    "almost",
    "around",
    "approximately",
    "only",
    "some",
    "all",
    "these",
    "those",
    "first",
    "last",
    "next",
    "top",
    "past",
    "another",
    "other",
    "remaining",
    "every",
    "each",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "per",
    "including",
    "among",
    "between",
    "into",
    "within",
    "after",
    "before",
    "since",
    "until",
    "till",
    "as",
    "are",
    "is",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "shall",
    "should",
    "must",
    "do",
    "does",
    "did",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "more",
    "less",
    "least",
    "most",
    "just",
    "up",
    "down",
    "then",
    "when",
    "where",
    "while",
    "if",
    "also",
    "even",
    "still",
    "few",
    "several",
    "many",
    "both",
    "either",
    "neither",
    "no",
    "not",
    "roughly",
    "total",
    "any",
    "via",
    "against",
    "toward",
    "towards",
    "without",
    "during",
    "through",
    "across",
    "beyond",
    "plus",
    "minus",
    "times",
    "like",
    "unlike",
    "near",
    "aged",
    "age",
    "ages",
    "above",
    "below",
    "out",
    "whereas",
    "although",
    "though",
    "because",
    "so",
    "exactly",
];

#[inline]
pub(super) fn comes_before_count(word: &str) -> bool {
    in_lowercase(word, BEFORE_COUNT)
}

/// The verbs a news sentence reports with, in the past (`McDonald's 24
/// issued a statement`): after a day of the month left bare they are
/// where the sentence goes on.
const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "reported",
    "announced",
    "issued",
    "learned",
    "learnt",
    "stated",
    "disclosed",
    "revealed",
    "confirmed",
    "noted",
    "told",
    "quoted",
    "wrote",
    "declared",
    "held",
    "informed",
    "notified",
];

#[inline]
pub(super) fn is_reporting_verb(word: &str) -> bool {
    REPORTING_VERBS.contains(&word)
}

/// `reporter`, `correspondent`: the subject a Chinese dateline's day
/// follows (`记者26日获悉`, "the reporter learned on the 26th").
#[inline]
pub(super) fn is_reporter(word: &str) -> bool {
    ["reporter", "reporters", "correspondent", "correspondents"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// The parts of a day that a date follows with `of` (`the afternoon of
/// July 25`), lowercase.
#[inline]
pub(super) fn is_part_of_day(word: &str) -> bool {
    [
        "morning",
        "afternoon",
        "evening",
        "night",
        "noon",
        "midnight",
        "dawn",
    ]
    .iter()
    .any(|w| w.eq_ignore_ascii_case(word))
}

/// Words before a clock time (`at 20:00`, `from 8:30`), lowercase.
#[inline]
pub(super) fn comes_before_time(word: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(word, &mut buf).unwrap_or(""),
        "at" | "from"
            | "to"
            | "until"
            | "till"
            | "before"
            | "after"
            | "since"
            | "by"
            | "between"
            | "and"
            | "around"
            | "about"
            | "approximately"
            | "or"
    )
}

/// Words that follow only a clock time (`8:30 a.m.`, `20:00 local
/// time`), lowercase.
#[inline]
pub(super) fn follows_time_only(word: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(word, &mut buf).unwrap_or(""),
        "a.m"
            | "a.m."
            | "p.m"
            | "p.m."
            | "am"
            | "pm"
            | "hours"
            | "hrs"
            | "h"
            | "o'clock"
            | "local"
            | "gmt"
            | "utc"
    )
}

/// Words that often follow a clock time (`20:00 on July 25`, `9:00
/// daily`), but a ratio too (`1:10 on average`), lowercase.
#[inline]
pub(super) fn follows_time(word: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(word, &mut buf).unwrap_or(""),
        "on" | "today" | "tonight" | "tomorrow" | "yesterday" | "every" | "daily" | "sharp"
    )
}

/// Capitalised words that open a sentence and never follow a number in
/// one (`15.7 At the same time`): articles, pronouns, conjunctions and
/// sentence adverbs. `A` and `I` are left out (`Grade 3 A`, `Part 2 I`).
const OPENERS: &[&str] = &[
    "The",
    "At",
    "In",
    "On",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "However",
    "Meanwhile",
    "According",
    "He",
    "She",
    "They",
    "We",
    "There",
    "As",
    "But",
    "After",
    "Since",
    "With",
    "From",
    "For",
    "His",
    "Her",
    "Their",
    "Our",
    "When",
    "While",
    "Although",
    "Despite",
    "Besides",
    "Moreover",
    "Furthermore",
    "Also",
    "So",
    "Then",
    "Currently",
    "Yesterday",
    "Today",
    "Earlier",
    "Later",
    "Previously",
    "Recently",
    "Among",
    "During",
    "Under",
    "If",
];

#[inline]
pub(super) fn opens_sentence(word: &str) -> bool {
    OPENERS.contains(&word)
}

/// Short lowercase abbreviations that end with a period and may stand
/// before a number (`approx. 28.`).
#[inline]
pub(super) fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "approx" | "incl" | "resp" | "figs" | "esp" | "est" | "ext" | "nos" | "etc" | "viz"
    )
}

/// A lowercase word that looks plural (`cases`, `people`): a count's noun.
#[inline]
pub(super) fn looks_plural(word: &str) -> bool {
    let b = word.as_bytes();
    if word == "people" {
        return true;
    }
    b.len() >= 4
        && b.iter().all(u8::is_ascii_lowercase)
        && b.ends_with(b"s")
        && !b.ends_with(b"ss")
        && !b.ends_with(b"us")
        && !matches!(
            word,
            "this" | "news" | "towards" | "does" | "always" | "whereas"
        )
}

/// The token is a month name or its abbreviation (`July`, `Dec.`).
#[inline]
pub(super) fn month(text: &str, t: &Tok) -> bool {
    is_month(core(text, t))
}

/// The `k`-th token before `w[i]` on its line (`k` ≥ 1).
#[inline]
pub(super) fn before(w: &[Tok], i: usize, k: usize) -> Option<Tok> {
    let mut j = i;
    for _ in 0..k {
        if j == 0 || w[j].nl_before {
            return None;
        }
        j -= 1;
    }
    Some(w[j])
}

/// The `k`-th token after `w[i]` on its line (`k` ≥ 1).
#[inline]
pub(super) fn after(w: &[Tok], i: usize, k: usize) -> Option<Tok> {
    let mut found = None;
    for j in i + 1..=i + k {
        let t = *w.get(j)?;
        if t.nl_before {
            return None;
        }
        found = Some(t);
    }
    found
}
