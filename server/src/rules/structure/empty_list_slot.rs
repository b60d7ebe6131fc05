//! `structure/empty-list-slot`: a list with an empty slot (`A, B, and, C`,
//! `A, , B`, `and and`), found from the commas and, for a doubled
//! coordinator, only in paragraphs whose word hashes allow one.

use super::MAX_PARAGRAPH;
use crate::base::finding::{Finding, Severity};
use crate::base::text::Span;
use crate::rules::{Example, RuleMeta, Sink};
use crate::scan::word_hash::lowered_word_hash;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "structure/empty-list-slot",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "A list with an empty slot where a name was dropped",
    explanation: include_str!("empty_list_slot.md").trim_ascii_end(),
    bad: &[
        Example::text("Zhang Guangrong, Zhang Jianmin, and, respectively, to participate"),
        Example::text("Li Wei, , Wang Fang"),
    ],
    good: &[
        Example::text("He came, and, as expected, left."),
        Example::text("Li Wei, Wang Fang and Zhao Min attended"),
    ],
};

// The patterns below are matched by hand rather than with regexes: each
// has a rare anchor (a comma, a period, the word itself) that a byte search
// finds at memchr speed, and a few byte comparisons settle the rest. The
// matches are exactly those of the regexes named in each comment
// (leftmost, non-overlapping), which the unit tests compare.

#[inline]
pub(super) fn is_blank_byte(b: u8) -> bool {
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
pub(super) fn may_double(text: &str, words: &[u64]) -> bool {
    if text.len() > MAX_PARAGRAPH || !text.is_ascii() {
        return true;
    }
    let (and, or) = (lowered_word_hash(b"and"), lowered_word_hash(b"or"));
    words
        .windows(2)
        .any(|w| w[0] == w[1] && (w[0] == and || w[0] == or))
}

pub(super) fn empty_slots(text: &str, may_double: bool, out: &mut Sink) {
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
            &META,
            m.clone(),
            format!(
                "list with an empty slot: \"{}\"; an item may have been dropped",
                &text[m]
            ),
        ));
    }
    for m in blanks {
        out.push(Finding::new(
            &META,
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
            &META,
            m.clone(),
            format!("doubled \"{word}\": an item between them may have been dropped"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::word_hash::word_hashes;
    use proptest::prelude::*;
    use regex::Regex;

    // The regexes the hand-written matchers replace: their matches are the
    // specification.
    const COORDINATOR: &str = r",[ \t]*(?-u:\b)(?:and|or)(?-u:\b)[ \t]*,";
    const BLANK: &str = r",[ \t]+,";
    const DOUBLED: &str = r"(?-u:\b)(?:and[ \t]+and|or[ \t]+or)(?-u:\b)";

    fn spans(re: &str, text: &str) -> Vec<Span> {
        Regex::new(re)
            .unwrap()
            .find_iter(text)
            .map(|m| m.range())
            .collect()
    }

    fn same_as_regexes(text: &str) {
        assert_eq!(comma_slots(text).0, spans(COORDINATOR, text), "{text:?}");
        assert_eq!(comma_slots(text).1, spans(BLANK, text), "{text:?}");
        assert_eq!(doubled_coordinator(text), spans(DOUBLED, text), "{text:?}");
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
