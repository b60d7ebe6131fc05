//! `structure/duplicate-headline`: the page title scraped with an article
//! (its first line, often with the portal's name after a dash), repeated
//! as the article's own headline, alone or after the dateline.
//!
//! A headline is short, so it is compared by its content words (stop
//! words dropped, a crude English stem), not by word pairs: two machine
//! translations of one Chinese headline share most words but few pairs.

use std::hash::Hasher;

use rustc_hash::FxHasher;

use super::duplicate_paragraph::deletion_span;
use super::Local;
use crate::base::finding::{DocRef, Edit, Finding, Fix, Severity};
use crate::rules::{Ctx, Example, Placed, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "structure/duplicate-headline",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "The page title repeated as the headline, or in the dateline paragraph",
    explanation: include_str!("duplicate_headline.md").trim_ascii_end(),
    bad: &[
        Example::text(
            "Harbour city opens its second ferry terminal - Coast Herald\n\n\
             Harbour city opens its second ferry terminal\n\n\
             The terminal will carry 4,000 passengers a day, the port authority said.",
        ),
        Example::text(
            "Flood season: river towns raise their levees - Valley News\n\n\
             Valley News, Linford, June 3 -- Flood season: river towns raise their levees\n\n\
             Work began on Monday along 40 km of the river.",
        ),
    ],
    good: &[Example::text(
        "Harbour city opens its second ferry terminal - Coast Herald\n\n\
         On June 3, the harbour city opened its second ferry terminal, which will carry 4,000 \
         passengers a day, the port authority said.",
    )],
};

/// The share of content words two headlines must share (Dice).
const THRESHOLD: f64 = 0.65;
/// The share a copy that ends like a sentence needs.
const SENTENCE_THRESHOLD: f64 = 0.8;
/// Paragraphs after the title that may hold its copy.
const LOOK_AHEAD: usize = 3;
/// Longer than this (words) is not a title, nor a headline copy.
const MAX_TITLE_WORDS: usize = 40;
const MAX_COPY_WORDS: usize = 45;
/// Fewer content words than this do not identify a headline.
const MIN_CONTENT_WORDS: usize = 3;

const STOP: &[&str] = &[
    "a", "about", "after", "also", "an", "and", "are", "as", "at", "be", "been", "before", "but",
    "by", "can", "for", "from", "has", "have", "he", "her", "his", "in", "into", "is", "it", "its",
    "more", "not", "of", "on", "or", "our", "over", "said", "says", "she", "than", "that", "the",
    "their", "there", "these", "they", "this", "those", "to", "was", "we", "were", "which", "will",
    "with", "would",
];
const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];
const DAY_WORDS: &[&str] = &[
    "yesterday",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The words of a text, lower-cased, as (start, end) byte ranges.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = chars.next()?;
            if c.is_alphanumeric() {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
}

/// Whether `text` has more than `n` words (counting no further).
fn more_words_than(text: &str, n: usize) -> bool {
    word_spans(text).nth(n).is_some()
}

fn lower_words(text: &str) -> Vec<String> {
    word_spans(text)
        .map(|(a, b)| text[a..b].to_lowercase())
        .collect()
}

/// A crude English stem, enough that `rises` and `rise`, `held` and
/// `holds` do not count as different words too often.
fn stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if word.len() > suffix.len() + 3 && word.ends_with(suffix) {
            return &word[..word.len() - suffix.len()];
        }
    }
    word
}

/// The content words of a text, lower-cased and stemmed, as sorted,
/// distinct hashes: no string is kept, since only their overlap counts.
fn content_words(text: &str) -> Vec<u64> {
    let mut lower = String::new();
    let mut out = Vec::new();
    for (a, b) in word_spans(text) {
        let w = &text[a..b];
        lower.clear();
        if w.is_ascii() {
            lower.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            lower.push_str(&w.to_lowercase());
        }
        if lower.chars().nth(1).is_none() || STOP.binary_search(&lower.as_str()).is_ok() {
            continue;
        }
        let mut h = FxHasher::default();
        h.write(stem(&lower).as_bytes());
        out.push(h.finish());
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn ends_a_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)".contains(c));
    t.ends_with(['.', '。', '!', '！'])
}

/// Whether a paragraph looks like a title: one line, not long, not ended
/// like a sentence (a question or exclamation mark may end a headline).
pub(crate) fn is_title_line(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && !text.contains('\n')
        && !more_words_than(text, MAX_TITLE_WORDS)
        && !text
            .trim_end_matches(['"', '\'', '”', '’'])
            .ends_with(['.', '。'])
}

/// A title without the portal's name after its last dash or bar
/// (`… - Xinhua`, `…|Daily News`, `…-example.com`), and whether there was one.
fn strip_portal_suffix(title: &str) -> (&str, bool) {
    let t = title.trim_end();
    // Try the last few separators from the right: a hyphen inside the
    // portal's own name (`Xi-an Daily`) is not the cut.
    let cuts = t
        .char_indices()
        .rev()
        .filter(|&(_, c)| matches!(c, '-' | '–' | '—' | '|' | '_'))
        .take(3);
    for (cut, sep) in cuts {
        let (head, tail) = (&t[..cut], &t[cut + sep.len_utf8()..]);
        let spaced = head.ends_with(' ') && tail.starts_with(' ');
        let name = tail.trim();
        let domain = name
            .split_whitespace()
            .any(|w| w.contains('.') && w.split('.').all(|p| p.len() > 1));
        let looks_like_name = !name.is_empty()
            && !more_words_than(name, 4)
            && !ends_a_sentence(name)
            && (domain || !name.chars().any(|c| c.is_ascii_digit()));
        if looks_like_name && (spaced || domain) && more_words_than(head, MIN_CONTENT_WORDS - 1) {
            return (head.trim_end(), true);
        }
    }
    (t, false)
}

fn is_date_word(words: &[String], i: usize) -> bool {
    let w = words[i].as_str();
    let digit_at = |j: usize| {
        words
            .get(j)
            .is_some_and(|x| x.chars().next().is_some_and(|c| c.is_ascii_digit()) && x.len() <= 4)
    };
    DAY_WORDS.contains(&w)
        || (MONTHS.contains(&w) && (digit_at(i + 1) || (i > 0 && digit_at(i - 1))))
        || (w.len() > 2
            && w.len() <= 4
            && w.as_bytes()[0].is_ascii_digit()
            && ["st", "nd", "rd", "th"].iter().any(|s| w.ends_with(s))
            && w[..w.len() - 2].bytes().all(|b| b.is_ascii_digit()))
}

fn has_date(text: &str) -> bool {
    let words = lower_words(text);
    (0..words.len()).any(|i| is_date_word(&words, i))
}

/// A paragraph without its dateline (`Place, June 3 --`, `… News Agency,
/// Beijing, December 11.`, `Message from … on June 3:`): the text before
/// the first colon, dash or full stop within the first 16 words, when that
/// text names a date or ends in a wire credit such as `(Agency)`.
fn strip_dateline(text: &str) -> (&str, bool) {
    let mut words = 0;
    let mut prev_space = true;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if prev_space {
                words += 1;
                if words > 16 {
                    break;
                }
            }
            prev_space = false;
            continue;
        }
        prev_space = true;
        let rest = &text[i..];
        let sep_len = if rest.starts_with("--") {
            2
        } else if matches!(c, ':' | '：' | '—' | '–') || (c == '.' && ends_dateline(text, i)) {
            c.len_utf8()
        } else {
            continue;
        };
        let head = &text[..i];
        let wire = head.trim_end().ends_with(')');
        if words >= 2 && (has_date(head) || wire) {
            let after = rest[sep_len..].trim_start_matches(['-', ' ']);
            if more_words_than(after, MIN_CONTENT_WORDS - 1) {
                return (after, true);
            }
        }
        if c == '.' || c == ':' || c == '：' {
            break;
        }
    }
    (text, false)
}

/// Whether the `.` at `i` may end a dateline: followed by a space, and
/// not after an abbreviated month (`Dec. 11`) or a single capital (`J.`).
fn ends_dateline(text: &str, i: usize) -> bool {
    if !text[i + 1..].starts_with(char::is_whitespace) {
        return false;
    }
    let last = text[..i]
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    !(MONTHS.contains(&last.to_lowercase().as_str())
        || last.chars().count() == 1 && last.chars().all(char::is_uppercase))
}

fn dice(a: &[u64], b: &[u64]) -> f64 {
    let shared = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    2.0 * shared as f64 / (a.len() + b.len()).max(1) as f64
}

pub(super) fn duplicate_headline(ctx: &Ctx, _placed: &[Placed<Local>], out: &mut Sink) {
    let paras = ctx.paragraphs;
    let Some(first) = paras.first() else { return };
    let first_text = ctx.slice(first);
    if paras.len() < 2 || !is_title_line(first_text) {
        return;
    }
    let (title, portal) = strip_portal_suffix(first_text);
    let title_words = content_words(title);
    if title_words.len() < MIN_CONTENT_WORDS {
        return;
    }
    for para in paras.iter().skip(1).take(LOOK_AHEAD) {
        let text = ctx.slice(para);
        if text.contains('\n') {
            continue;
        }
        let (rest, dateline) = strip_dateline(text);
        if more_words_than(rest, MAX_COPY_WORDS) {
            continue;
        }
        let words = content_words(rest);
        if words.len() < MIN_CONTENT_WORDS {
            continue;
        }
        let share = dice(&title_words, &words);
        // A lead sentence restating the headline is news style: a copy
        // that ends like a sentence must come without a dateline or a date
        // of its own, and share more of its words.
        let sentence = ends_a_sentence(rest);
        if share < THRESHOLD
            || (sentence && (dateline || has_date(rest) || share < SENTENCE_THRESHOLD))
        {
            continue;
        }
        let what = match (portal, dateline) {
            (true, true) => {
                "the page title on line 1 (without its portal name) repeated after the dateline"
            }
            (true, false) => {
                "the page title on line 1 (without its portal name) repeated as the headline"
            }
            (false, true) => "the headline on line 1 repeated after the dateline",
            (false, false) => "the headline on line 1 repeated",
        };
        let mut finding = Finding::new(
            &META,
            para.clone(),
            format!("{what}: {:.0}% of their words are shared", share * 100.0),
        )
        .with_related(DocRef::This, first.clone(), "the first copy");
        // Never delete the headline, nor the longer dateline paragraph: the
        // page title goes when it is one; a bare copy of the headline goes.
        if portal {
            finding = finding.with_fix(Fix::unsafe_(
                "Delete the page title on line 1",
                vec![Edit {
                    span: deletion_span(ctx, first),
                    new_text: String::new(),
                }],
            ));
        } else if !dateline {
            finding = finding.with_fix(Fix::unsafe_(
                "Delete this repeated headline",
                vec![Edit {
                    span: deletion_span(ctx, para),
                    new_text: String::new(),
                }],
            ));
        }
        out.push(finding);
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn content_words_drop_stop_words_and_stem() {
        // `Rises`/`rise` share a stem; `the`, `a` and one-letter words drop.
        assert_eq!(
            content_words("The river Rises a bit"),
            content_words("river rise bit, the x")
        );
        assert_ne!(content_words("river rises"), content_words("river falls"));
        assert!(content_words("the a of x").is_empty());
    }

    #[test]
    fn portal_suffixes_are_stripped() {
        let cases = [
            (
                "River towns raise levees - Valley News",
                "River towns raise levees",
                true,
            ),
            (
                "River towns raise levees – example.com",
                "River towns raise levees",
                true,
            ),
            (
                "River towns raise \"levees\"-example.com",
                "River towns raise \"levees\"",
                true,
            ),
            (
                "River towns raise levees | The Daily Post",
                "River towns raise levees",
                true,
            ),
            // Not a portal name: a hyphenated word, a long clause, a number.
            ("Low-cost flights return", "Low-cost flights return", false),
            (
                "Levees rise - and the towns along the whole river hope they hold",
                "Levees rise - and the towns along the whole river hope they hold",
                false,
            ),
            ("Scores rise - 2021", "Scores rise - 2021", false),
        ];
        for (title, want, cut) in cases {
            assert_eq!(strip_portal_suffix(title), (want, cut), "{title}");
        }
    }

    #[test]
    fn datelines_are_stripped() {
        let cases = [
            (
                "Linford, June 3 (Valley News) -- Towns raise their levees",
                "Towns raise their levees",
            ),
            (
                "Valley News Agency, Linford, June 3. Towns raise their levees",
                "Towns raise their levees",
            ),
            (
                "LINFORD, Dec. 3 (Wire) -- Towns raise their levees",
                "Towns raise their levees",
            ),
            (
                "Message from the agency in Linford on June 3: Towns raise their levees",
                "Towns raise their levees",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(strip_dateline(text), (want, true), "{text}");
        }
        for text in [
            "Towns raise their levees: a plan for 2022",
            "Mr. Li said the towns raise their levees.",
            "The towns raised 3.5 km of levees on the river.",
        ] {
            assert_eq!(strip_dateline(text), (text, false), "{text}");
        }
    }

    #[test]
    fn titles_and_dates() {
        assert!(is_title_line("Towns raise their levees - Valley News"));
        assert!(is_title_line("Will the levees hold?"));
        assert!(!is_title_line("The towns raised their levees."));
        assert!(!is_title_line("Two\nlines"));
        assert!(has_date("on June 3 the towns"));
        assert!(has_date("on the 26th the towns"));
        assert!(has_date("Yesterday, the towns"));
        assert!(!has_date("the towns raised 26 km"));
        assert!(!has_date("may the levees hold"));
    }
}
