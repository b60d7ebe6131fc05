//! `structure/truncated-sentence`: a sentence that ends right after an
//! article (`activities of the.`), found from each period.

use super::empty_list_slot::is_blank_byte;
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "structure/truncated-sentence",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "A sentence cut off after a function word",
    explanation: include_str!("truncated_sentence.md").trim_ascii_end(),
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

// Matched by hand, like the list patterns (see `empty_list_slot`): the
// period is the anchor, and the match is exactly that of the regex in the
// comment, which the unit tests compare.

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

pub(super) fn truncated(text: &str, out: &mut Sink) {
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
                &META,
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    // The regex the hand-written matcher replaces: its matches are the
    // specification.
    const DANGLING: &str = r"[ \t]+((?:(?:of|to|for|with|and|or|in|on|at|by|from|into|about|between|as|than)[ \t]+)?(?:the|a|an))\.";

    fn dangling(text: &str) -> Vec<(Span, Span)> {
        Regex::new(DANGLING)
            .unwrap()
            .captures_iter(text)
            .map(|c| (c.get(0).unwrap().range(), c.get(1).unwrap().range()))
            .collect()
    }

    fn same_as_regex(text: &str) {
        assert_eq!(dangling_articles(text), dangling(text), "{text:?}");
    }

    #[test]
    fn matcher_agrees_with_its_regex_on_examples() {
        for text in [
            "Zhang Guangrong, Zhang Jianmin, and, respectively, to",
            "Li, , Wang,\t,x ,, a, or ,b, andor, , and ,",
            "and and and or or, sand and, and andy, or\tor_ é and and",
            "research activities of the. sides of the.\" into the. onto the.",
            "bathe. (a. of  \t the. xof the. Of the. than an. as a. of of the.",
            "the. a. an. ",
            "",
        ] {
            same_as_regex(text);
        }
    }

    proptest! {
        #[test]
        fn matcher_agrees_with_its_regex(parts in proptest::collection::vec(
            prop::sample::select(vec![
                " ", "  ", "\t", ",", ".", "and", "or", "the", "a", "an", "of", "into", "in",
                "than", "x", "A", "é", "_", "\n", "Of", "s",
            ]),
            0..40,
        )) {
            same_as_regex(&parts.concat());
        }
    }
}
