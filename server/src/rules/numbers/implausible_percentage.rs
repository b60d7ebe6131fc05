//! `numbers/implausible-percentage`: a percentage or percentage-point
//! change that cannot be right (`by 224 percentage points`, `130% of the
//! province`).

use std::sync::LazyLock;

use regex::Regex;

use crate::base::finding::{Finding, Severity};
use crate::base::text::Span;
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "numbers/implausible-percentage",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "A percentage or percentage-point change that cannot be right",
    explanation: include_str!("implausible_percentage.md").trim_ascii_end(),
    bad: &[
        Example::text("by 224 percentage points"),
        Example::text("accounting for 130% of the province"),
    ],
    good: &[
        Example::text("by 2.24 percentage points"),
        Example::text("increased by 150%"),
        Example::text("reached 130% of the annual target"),
    ],
};

static POINTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)([0-9]{1,9}(?:\.[0-9]+)?)[\s-]?(?:percentage|pct\.?)[\s-]+points?(?-u:\b)",
    )
    .unwrap()
});
static SHARE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:account(?:s|ed|ing)?\s+for|(?:share|proportion)\s+of|mak(?:e|es|ing)\s+up|made\s+up|representing)\s+([0-9]{1,9}(?:\.[0-9]+)?)\s?(?:%|percent(?-u:\b))",
    )
    .unwrap()
});
static SHARE_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)([0-9]{1,9}(?:\.[0-9]+)?)\s?(?:%|percent)\s+of\s+(?:the|all|total|its|their)\s+([\p{L}'’-]+(?:[ \t]+[\p{L}'’-]+){0,2})")
        .unwrap()
});

pub(super) fn warm_up() {
    LazyLock::force(&POINTS);
    LazyLock::force(&SHARE_BEFORE);
    LazyLock::force(&SHARE_OF);
}

/// Words after `130% of the` that make it a ratio, not a share.
const RATIO_WORDS: &[&str] = &[
    "target",
    "targets",
    "plan",
    "planned",
    "level",
    "levels",
    "previous",
    "last",
    "prior",
    "same",
    "original",
    "average",
    "budget",
    "baseline",
    "benchmark",
    "normal",
    "expected",
    "quota",
    "capacity",
    "designed",
    "design",
    "year",
    "year's",
    "year’s",
    "value",
    "price",
    "cost",
    "amount",
    "figure",
    "pre",
];

fn decimal_hint(n: &str) -> String {
    let int = n.split('.').next().unwrap_or(n);
    if int.len() >= 2 && !n.contains('.') {
        format!(" (perhaps {}.{})", &int[..1], &int[1..])
    } else {
        String::new()
    }
}

/// Where `word` occurs in `text`, ignoring ASCII case.
fn find_ignore_case<'a>(text: &'a str, word: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let bytes = text.as_bytes();
    let (lower, upper) = (word[0].to_ascii_lowercase(), word[0].to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, bytes).filter(move |&i| {
        bytes
            .get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    })
}

/// The comma-free stretches of `text` around each of `hits` (ascending),
/// each once, in text order. No percentage pattern can match across a
/// comma (none of them allows one), and a comma is not a word character
/// for their `\b`, so a pattern run over these stretches finds exactly
/// what it finds in the whole text, at a fraction of the cost.
fn comma_free_around(text: &str, hits: impl Iterator<Item = usize>) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out: Vec<Span> = Vec::new();
    for h in hits {
        if out.last().is_some_and(|s| h < s.end) {
            continue;
        }
        let start = memchr::memrchr(b',', &bytes[..h]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b',', &bytes[h..]).map_or(bytes.len(), |i| h + i);
        out.push(start..end);
    }
    out
}

/// Captures of `re` inside `stretches` of `text`, with whole-text offsets:
/// (whole match, group 1, group 2).
fn captures_in<'a>(
    re: &'a Regex,
    text: &'a str,
    stretches: &'a [Span],
) -> impl Iterator<Item = (Span, Span, Option<Span>)> + 'a {
    stretches.iter().flat_map(move |s| {
        re.captures_iter(&text[s.clone()]).map(move |c| {
            let at = |k: usize| c.get(k).map(|m| s.start + m.start()..s.start + m.end());
            (at(0).unwrap_or_default(), at(1).unwrap_or_default(), at(2))
        })
    })
}

/// The implausible percentages of `text`: a few anchored regexes, run
/// over the comma-free stretches around their anchors.
pub(super) fn check(text: &str, out: &mut Sink) {
    // Searchers built once: this runs once per paragraph.
    static POINT: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("point"));
    static PERCENT: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("percent"));
    if POINT.find(text.as_bytes()).is_some() {
        let stretches = comma_free_around(text, find_ignore_case(text, b"point"));
        for (m, n_span, _) in captures_in(&POINTS, text, &stretches) {
            let n = &text[n_span.clone()];
            if n.parse::<f64>().is_ok_and(|v| v > 100.0) {
                out.push(Finding::new(
                    &META,
                    n_span.start..m.end,
                    format!(
                        "a change of {} percentage points is implausible; a decimal point may be lost{}",
                        n,
                        decimal_hint(n)
                    ),
                ));
            }
        }
    }
    if memchr::memchr(b'%', text.as_bytes()).is_none() && PERCENT.find(text.as_bytes()).is_none() {
        return;
    }
    // Spans already reported as shares, in text order (each regex yields
    // its matches in order), so an overlap check is a binary search.
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    // Only the first regex records (its matches come in order, so that is
    // a push); the second's matches never overlap each other.
    let mut push = |span: std::ops::Range<usize>, n: &str, record: bool, out: &mut Sink| {
        if !n.parse::<f64>().is_ok_and(|v| v > 100.0) {
            return;
        }
        let k = taken.partition_point(|t| t.end <= span.start);
        if taken.get(k).is_some_and(|t| t.start < span.end) {
            return;
        }
        if record {
            taken.push(span.clone());
        }
        out.push(Finding::new(
            &META,
            span,
            format!(
                "a share of {n}% is more than the whole; a decimal point may be lost{}",
                decimal_hint(n)
            ),
        ));
    };
    let mut hits: Vec<usize> = memchr::memchr_iter(b'%', text.as_bytes())
        .chain(find_ignore_case(text, b"percent"))
        .collect();
    hits.sort_unstable();
    let stretches = comma_free_around(text, hits.into_iter());
    for (m, n, _) in captures_in(&SHARE_BEFORE, text, &stretches) {
        push(m, &text[n], true, out);
    }
    for (m, n, word) in captures_in(&SHARE_OF, text, &stretches) {
        if text[word.unwrap_or_default()]
            .split_whitespace()
            .any(|w| RATIO_WORDS.contains(&w.to_lowercase().as_str()))
        {
            continue;
        }
        push(m, &text[n], false, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn whole(re: &Regex, text: &str) -> Vec<(Span, Span, Option<Span>)> {
        re.captures_iter(text)
            .map(|c| {
                let at = |k: usize| c.get(k).map(|m| m.range());
                (at(0).unwrap(), at(1).unwrap(), at(2))
            })
            .collect()
    }

    /// Running each pattern over the comma-free stretches around its
    /// anchors finds exactly what running it over the whole text finds.
    fn stretches_find_everything(text: &str) {
        let points = comma_free_around(text, find_ignore_case(text, b"point"));
        let in_points: Vec<_> = captures_in(&POINTS, text, &points).collect();
        assert_eq!(in_points, whole(&POINTS, text), "{text:?}");
        let mut hits: Vec<usize> = memchr::memchr_iter(b'%', text.as_bytes())
            .chain(find_ignore_case(text, b"percent"))
            .collect();
        hits.sort_unstable();
        let shares = comma_free_around(text, hits.into_iter());
        for re in [&*SHARE_BEFORE, &*SHARE_OF] {
            let found: Vec<_> = captures_in(re, text, &shares).collect();
            assert_eq!(found, whole(re, text), "{text:?}");
        }
    }

    #[test]
    fn percentage_stretches_on_examples() {
        for text in [
            "accounting for 130% of the total output value, up 150 percentage points, 12 PERCENT of all firms",
            "making up 250 percent, of the, 300% of the previous year's level,and 400%of the whole",
            "up 120 pct. points; 7,500% of its new market share",
            "",
        ] {
            stretches_find_everything(text);
        }
        // The examples do exercise every pattern.
        let text =
            "accounting for 130% of the total, 130% of the total output, up 150 percentage points";
        for re in [&*POINTS, &*SHARE_BEFORE, &*SHARE_OF] {
            assert!(!whole(re, text).is_empty(), "{re}");
        }
    }

    proptest! {
        #[test]
        fn percentage_stretches_agree_with_whole_text(parts in proptest::collection::vec(
            prop::sample::select(vec![
                " ", ",", "\n", "130", "4.5", "%", "percent", "PERCENT", "percentage", "pct.",
                "points", "point", "-", "of", "the", "all", "total", "share", "accounted", "for",
                "making up", "market", "’s", "é",
            ]),
            0..30,
        )) {
            stretches_find_everything(&parts.join(" "));
            stretches_find_everything(&parts.concat());
        }
    }
}
