//! `numbers/mangled-date`: a date whose month and day became two bare
//! numbers at a sentence start (`9 6, the provincial government met`).

use super::adjacent_numbers::Pair;
use super::words::lower;
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "numbers/mangled-date",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "A date whose month and day became two bare numbers",
    explanation: include_str!("mangled_date.md").trim_ascii_end(),
    bad: &[Example::text("9 6, the provincial government met")],
    good: &[
        Example::text("September 6, the provincial government met"),
        Example::text("On 9 6-person teams, ..."),
    ],
};

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

#[inline]
pub(super) fn is_month(s: &str) -> bool {
    let s = s.trim_end_matches('.');
    // Every month name starts with a letter and has at most 9 of them.
    if !(3..=9).contains(&s.len()) || !s.as_bytes()[0].is_ascii_alphabetic() {
        return false;
    }
    let mut buf = [0u8; 16];
    let Some(s) = lower(s, &mut buf) else {
        return false;
    };
    MONTHS
        .iter()
        .any(|m| *m == s || (s.len() <= 4 && m.starts_with(s)))
}

/// The mangled date a pair of numbers at a sentence start (`m d,`) is,
/// if it is one; returns the end of the tokens it covers.
#[inline]
pub(super) fn check(text: &str, p: &Pair, out: &mut Sink) -> Option<usize> {
    let Pair {
        first: t,
        second: t2,
        a,
        b,
        sentence_start,
        ..
    } = *p;
    let after_b = &text[t2.ce..t2.end];
    // Mangled date: sentence start, `m d,`.
    if sentence_start && after_b.starts_with(',') && a.len() <= 2 && b.len() <= 2 {
        let (m, d): (usize, usize) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
        if (1..=12).contains(&m) && (1..=31).contains(&d) {
            let month = MONTHS[m - 1];
            let month = format!("{}{}", month[..1].to_ascii_uppercase(), &month[1..]);
            out.push(
                Finding::new(
                    &META,
                    t.start..t2.ce + 1,
                    format!(
                        "\"{a} {b},\" looks like a date with the month and day as bare numbers"
                    ),
                )
                .with_fix(Fix::unsafe_(
                    format!("Write \"{month} {d},\""),
                    vec![Edit {
                        span: t.start..t2.ce,
                        new_text: format!("{month} {d}"),
                    }],
                )),
            );
            return Some(t2.end);
        }
    }
    None
}
