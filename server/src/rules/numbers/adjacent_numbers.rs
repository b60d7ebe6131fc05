//! `numbers/adjacent-numbers`: two bare numbers side by side with nothing
//! between them (`cultivate 1 10 billion enterprises`), and the pair of
//! numbers this rule and `numbers/mangled-date` start from.

use super::mangled_date::is_month;
use super::tokens::{bare_number, core, is_number, Tok};
use crate::base::finding::{Finding, Severity};
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "numbers/adjacent-numbers",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "Two bare numbers side by side with nothing between them",
    explanation: include_str!("adjacent_numbers.md").trim_ascii_end(),
    bad: &[Example::text("cultivate 1 10 billion enterprises")],
    good: &[
        Example::text("20 GW"),
        Example::text("10 000 tons"),
        Example::text("July 16 2012"),
        Example::text("12 consecutive months"),
        Example::text("1-10 billion"),
    ],
};

/// Words after which two numbers are labels and values (`Room 3 12`).
const LABELS: &[&str] = &[
    "no", "no.", "number", "table", "figure", "fig", "fig.", "article", "section", "chapter",
    "room", "line", "route", "phase", "grade", "class", "page", "item", "bus", "flight",
    "platform", "gate", "building", "unit", "lot", "block", "tel", "tel.", "phone", "fax", "score",
    "scores",
];

/// Words before a year that dates what follows (`in 2023 3 million`).
const YEAR_PREPS: &[&str] = &[
    "in",
    "by",
    "since",
    "during",
    "until",
    "till",
    "before",
    "after",
    "from",
    "of",
    "for",
    "through",
    "throughout",
    "early",
    "late",
    "mid",
];

/// A bare number followed on its line by a number (quotes or punctuation
/// may follow the second): where this rule and `numbers/mangled-date`
/// start.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pair<'a> {
    pub(super) first: Tok,
    pub(super) second: Tok,
    /// The token before `first` on its line.
    pub(super) prev: Option<Tok>,
    /// The two numbers.
    pub(super) a: &'a str,
    pub(super) b: &'a str,
    /// `first` starts a sentence (or its line).
    pub(super) sentence_start: bool,
}

impl<'a> Pair<'a> {
    /// The pair starting at `w[i]`, if there is one.
    #[inline]
    pub(super) fn at(text: &'a str, w: &[Tok], i: usize) -> Option<Pair<'a>> {
        let t = w[i];
        let prev = if t.nl_before || i == 0 {
            None
        } else {
            Some(w[i - 1])
        };
        // Two bare numbers side by side.
        let t2 = w.get(i + 1).filter(|n| !n.nl_before).copied()?;
        if !bare_number(text, &t) || t2.cs != t2.start || !is_number(core(text, &t2)) {
            return None;
        }
        let (a, b) = (core(text, &t), core(text, &t2));
        let sentence_start = prev.map_or(true, |p| {
            text[p.start..p.end]
                .trim_end_matches(['"', '”', '’', '\'', ')'])
                .ends_with(['.', '!', '?'])
        });
        Some(Pair {
            first: t,
            second: t2,
            prev,
            a,
            b,
            sentence_start,
        })
    }
}

/// Whether the pair `p` at `w[i]` (not a mangled date) is two numbers
/// with something missing between them; returns the end of the tokens
/// the finding covers.
#[inline]
pub(super) fn check(text: &str, w: &[Tok], i: usize, p: &Pair, out: &mut Sink) -> Option<usize> {
    let Pair {
        first: t,
        second: t2,
        prev,
        a,
        b,
        sentence_start,
    } = *p;
    let next = |k: usize| w.get(i + k).filter(|n| !n.nl_before);
    // Digit groups: `10 000`.
    if !a.contains('.') && a.len() <= 3 && b.len() == 3 && !b.contains('.') {
        return None;
    }
    // Runs of three or more numbers: tables, phone numbers.
    if prev.is_some_and(|p| is_number(core(text, &p))) {
        return None;
    }
    if next(2).is_some_and(|n| n.cs == n.start && is_number(core(text, n))) {
        return None;
    }
    // `In 2023 3 million people ...`: a year, then the number it dates.
    let year = a.len() == 4 && a.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y));
    if year
        && (sentence_start
            || prev.is_some_and(|p| {
                YEAR_PREPS.contains(&core(text, &p).to_ascii_lowercase().as_str())
            }))
    {
        return None;
    }
    // Dates and labels.
    if prev.is_some_and(|p| {
        let c = core(text, &p);
        is_month(c) || LABELS.contains(&c.to_ascii_lowercase().as_str())
    }) {
        return None;
    }
    if next(2).is_some_and(|n| is_month(core(text, n))) {
        return None;
    }
    out.push(Finding::new(
        &META,
        t.start..t2.ce,
        format!("two bare numbers side by side: \"{a} {b}\"; a unit or separator may be missing"),
    ));
    Some(t2.end)
}
