//! `numbers/adjacent-numbers`: two bare numbers side by side with nothing
//! between them (`cultivate 1 10 billion enterprises`), and the pair of
//! numbers this rule and `numbers/mangled-date` start from.

use super::mangled_date::is_month;
use super::split_magnitude::magnitude;
use super::tokens::{bare_number, core, is_number, Tok};
use super::words::{is_label, lower};
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "numbers/adjacent-numbers",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "Two bare numbers side by side with nothing between them",
    explanation: include_str!("adjacent_numbers.md").trim_ascii_end(),
    bad: &[
        Example::text("cultivate 1 10 billion enterprises"),
        Example::text("The plan builds 2 100 billion industrial parks."),
    ],
    good: &[
        Example::text("20 GW"),
        Example::text("2 billion"),
        Example::text("2 to 3 billion"),
        Example::text("In 2020 100 billion yuan was spent."),
        Example::text("10 000 tons"),
        Example::text("July 16 2012"),
        Example::text("12 consecutive months"),
        Example::text("1-10 billion"),
    ],
};

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
        let sentence_start = prev.is_none_or(|p| {
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
    // The magnitude word right after the second number (`1 10 billion`).
    let mag = next(2)
        .filter(|n| t2.ce == t2.end && n.cs == n.start)
        .map(|n| core(text, n))
        .filter(|m| magnitude(m).is_some());
    // Digit groups: `10 000`. Before a magnitude word a group is
    // ambiguous (`2 100 billion`: 2,100 billion, or two amounts of 100
    // billion), unless it starts its line (a list's number).
    if !a.contains('.') && a.len() <= 3 && b.len() == 3 && !b.contains('.') {
        if let Some(m) = mag {
            let quiet_before = prev.is_some_and(|p| {
                let c = core(text, &p);
                is_number(c) || is_month(c) || is_label(c)
            });
            if !t.nl_before && !quiet_before {
                report_group(t, t2, a, b, m, out);
                return Some(t2.end);
            }
        }
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
                let mut buf = [0u8; 16];
                lower(core(text, &p), &mut buf).is_some_and(|w| YEAR_PREPS.contains(&w))
            }))
    {
        return None;
    }
    // Dates and labels.
    if prev.is_some_and(|p| {
        let c = core(text, &p);
        is_month(c) || is_label(c)
    }) {
        return None;
    }
    if next(2).is_some_and(|n| is_month(core(text, n))) {
        return None;
    }
    let before_magnitude = mag.map_or(String::new(), |m| {
        format!(
            " (before \"{m}\": a decimal point, a dash or the counted word between them \
             may be lost, as in {a}.{b}, {a}-{b} or {a} {b}-{m} ...)"
        )
    });
    out.push(Finding::new(
        &META,
        t.start..t2.ce,
        format!(
            "two bare numbers side by side: \"{a} {b}\"; a unit or separator may be \
             missing{before_magnitude}"
        ),
    ));
    Some(t2.end)
}

/// `2 100 billion`: the digit-group reading as an unsafe fix, at info
/// (the space may well group digits, as in `10 000`).
fn report_group(t: Tok, t2: Tok, a: &str, b: &str, m: &str, out: &mut Sink) {
    out.push(
        Finding::new(
            &META,
            t.start..t2.ce,
            format!(
                "two numbers before \"{m}\": \"{a} {b} {m}\" is {a},{b} {m} if the space \
                 groups digits, or {a} amounts of {b} {m} if a count ran into the amount"
            ),
        )
        .with_severity(Severity::Info)
        .with_fix(Fix::unsafe_(
            format!("Write \"{a},{b} {m}\" (the digit-group reading)"),
            vec![Edit {
                span: t.end..t2.start,
                new_text: ",".into(),
            }],
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::super::tests::{findings, fixed, found};
    use crate::base::finding::Severity;

    fn adjacent(text: &str) -> Vec<String> {
        found(text, "numbers/adjacent-numbers")
    }

    #[test]
    fn a_digit_group_before_a_magnitude_is_an_info_with_the_group_reading() {
        let t = "The province plans 2 100 billion industrial clusters.";
        assert_eq!(adjacent(t), ["2 100"]);
        let f = findings(t);
        assert_eq!(f[0].severity, Severity::Info);
        assert!(!f[0].fixes[0].safe);
        assert!(f[0].message.contains("2,100 billion"), "{}", f[0].message);
        assert!(
            f[0].message.contains("2 amounts of 100 billion"),
            "{}",
            f[0].message
        );
        assert_eq!(
            fixed(t, "numbers/adjacent-numbers"),
            "The province plans 2,100 billion industrial clusters."
        );
    }

    #[test]
    fn two_numbers_before_a_magnitude_say_so_without_a_fix() {
        let t = "It lent 3 45 million yuan.";
        assert_eq!(adjacent(t), ["3 45"]);
        let f = findings(t);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].fixes.is_empty());
        assert!(
            f[0].message.contains("before \"million\""),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("3.45"), "{}", f[0].message);
    }

    #[test]
    fn magnitudes_that_are_fine_pass() {
        for t in [
            "It spent 2 billion, then 2 to 3 billion, then 2-3 billion.",
            "In 2020 100 billion yuan was spent.",
            "2020 100 billion yuan was spent.",
            "A fund of 1 250 000 million was set up.",
            "Room 3 100 million was the code.",
            "On May 2 100 million people voted.",
            "2 100 billion for roads",
            "A population of 10 000 people.",
            "It spent 2 100, billion more later.",
        ] {
            assert!(adjacent(t).is_empty(), "{t}: {:?}", adjacent(t));
        }
    }
}
