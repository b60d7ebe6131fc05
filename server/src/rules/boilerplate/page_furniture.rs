//! `boilerplate/page-furniture`: blocks of short lines without final
//! punctuation in text taken from a web page (menus, link lists, other
//! articles' headlines, form labels), and menu lines of short items
//! between separators.
//!
//! Text taken from a web page keeps one line per block element and no
//! blank lines, so a page is one long paragraph in which the article's
//! sentences stand between runs of menu items. An edited article puts a
//! blank line between its paragraphs, so such runs never form there: the
//! check looks only inside one paragraph (`local`), where a run of short
//! lines is page structure. What counts:
//!
//! - a *short line*: at most four words and 48 characters, not ending in
//!   `.`, `,`, `;`, `!` or `?`; a line another boilerplate rule reports,
//!   and a menu line, count as short lines too;
//! - a *sentence line*: ten words or more ending in sentence punctuation.
//!   The paragraph's first and last sentence lines mark where the article
//!   starts and ends;
//! - a *block*: consecutive short lines (after the last sentence line,
//!   also lines of up to twelve words without final punctuation:
//!   headlines of other articles in a footer).
//!
//! A block is reported when it stands before the first or after the last
//! sentence line and holds three short lines or more, or stands anywhere
//! and holds eight or more, at least 70% of whose lines of several words
//! are in Title Case (menu items are; list items inside an article are
//! written as sentences). A block whose lines mostly start with a number or
//! hold `=` is a table or a recipe's ingredients, and is left alone; so
//! are the three lines just above the first sentence line (the article's
//! headline, byline and date).

use crate::base::finding::Severity;
use crate::rules::{Example, RuleMeta};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "boilerplate/page-furniture",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "Menus, link lists and other page furniture in text taken from a web page",
    explanation: include_str!("page_furniture.md").trim_ascii_end(),
    bad: &[
        Example::text(
            "Home\nWorld\nBusiness\nSport\nWeather\nThe harbour board approved the new quay on Tuesday, with 2,000 tons of steel ordered for it.\n",
        ),
        Example::text("About Us | Contact | Privacy Policy | Site Map"),
    ],
    good: &[
        Example::text(
            "Harbour Quay Approved\n\nThe harbour board approved the new quay on Tuesday.\n\nIt will open in 2026.\n",
        ),
        Example::text(
            "The board listed three aims:\n\nfaster loading\n\nless noise\n\ncleaner water\n",
        ),
    ],
};

/// Most words of a short line.
const SHORT_WORDS: usize = 4;
/// Most characters of a short line.
const SHORT_CHARS: usize = 48;
/// Most words of a headline-like line in the block after the article.
const HEADLINE_WORDS: usize = 12;
/// Most characters of a headline-like line.
const HEADLINE_CHARS: usize = 100;
/// Fewest words of a sentence line.
const SENTENCE_WORDS: usize = 10;
/// Fewest short lines of a block before or after the article.
const EDGE_BLOCK: usize = 3;
/// Fewest short lines of a block elsewhere (then in Title Case).
const INNER_BLOCK: usize = 8;
/// Least share of a block's lines of several words in Title Case, for a
/// block that is neither before nor after the article.
const TITLE_CASE_SHARE: f64 = 0.7;
/// Lines above the first sentence line left alone (headline, byline,
/// date).
const HEADING_LINES: usize = 3;

/// Where a block stands in its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// Before the paragraph's first sentence line.
    Before,
    /// After its last sentence line.
    After,
    /// Elsewhere (or in a paragraph without a sentence line).
    Inside,
}

/// A reported block of one paragraph: its lines (from the paragraph's
/// first line) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// The lines to report, first and end (exclusive).
    pub first: u32,
    pub end: u32,
    /// The block's lines in all, and its short lines.
    pub lines: u32,
    pub short: u32,
    pub place: Place,
}

/// The kind of one line, for building blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Reported by another boilerplate rule.
    Hit,
    /// Short items between separators.
    Menu,
    /// A short line without final punctuation.
    Short,
    /// Up to twelve words without final punctuation.
    Headline,
    /// Anything else.
    Other,
}

/// Words of `t` (split at whitespace), counting no further than `limit`.
fn words_upto(t: &str, limit: usize) -> usize {
    t.split_whitespace().take(limit).count()
}

fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | '!' | '?' | '。' | '，' | '；' | '！' | '？'
    )
}

fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '"' | '\'' | '”' | '’' | '。' | '！' | '？'
    )
}

/// The separators of a menu line.
fn is_separator(c: char) -> bool {
    matches!(c, '|' | '»' | '·' | '•' | '›')
}

/// A line of short items between separators: `About | Contact | Jobs`,
/// `Home » News » Sport`. Two separators or more, two items or more,
/// each of at most five words and none ending like a clause.
pub(crate) fn is_menu_line(t: &str) -> bool {
    // `|`, or the first byte of `»`, `·` (C2) or `•`, `›` (E2): most
    // lines have none and are done with here.
    if memchr::memchr3(b'|', 0xC2, 0xE2, t.as_bytes()).is_none()
        || t.chars().filter(|&c| is_separator(c)).count() < 2
    {
        return false;
    }
    let mut items = 0;
    for part in t.split(is_separator) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if words_upto(part, 6) > 5 || part.chars().next_back().is_some_and(ends_clause) {
            return false;
        }
        items += 1;
    }
    items >= 2
}

fn is_short(t: &str) -> bool {
    !t.chars().next_back().is_some_and(ends_clause)
        && words_upto(t, SHORT_WORDS + 1) <= SHORT_WORDS
        && t.chars().count() <= SHORT_CHARS
}

fn is_headline(t: &str) -> bool {
    !t.chars()
        .next_back()
        .is_some_and(|c| ends_clause(c) || c == ':')
        && words_upto(t, HEADLINE_WORDS + 1) <= HEADLINE_WORDS
        && t.chars().count() <= HEADLINE_CHARS
}

fn is_sentence(t: &str) -> bool {
    t.chars().next_back().is_some_and(ends_sentence)
        && words_upto(t, SENTENCE_WORDS) >= SENTENCE_WORDS
}

/// Short words that stay lower case in a Title Case line.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "from", "in", "is", "of", "on", "or", "our", "the", "to",
    "us", "vs", "with", "your",
];

/// Whether every word of `t` (a word starts with a letter) but the minor
/// ones starts with a capital; a line without such a word is not.
fn is_title_case(t: &str) -> bool {
    let mut any = false;
    for w in t.split(|c: char| c.is_whitespace() || c == '/') {
        let w = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = w.chars().next() else {
            continue;
        };
        if !first.is_alphabetic() {
            continue;
        }
        let word: &str = w
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
            .next()
            .unwrap_or(w);
        if MINOR_WORDS.iter().any(|m| word.eq_ignore_ascii_case(m)) {
            continue;
        }
        if !first.is_uppercase() {
            return false;
        }
        any = true;
    }
    any
}

/// A line that starts a table row or an ingredient: a number, a
/// fraction, or a line holding `=`.
fn is_tabular(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '½' | '¼' | '¾' | '⅓' | '⅔'))
        || t.contains('=')
}

/// The paragraph's reported blocks and its menu lines outside them
/// (lines from the paragraph's first), given each line's trimmed text
/// and whether another boilerplate rule reports it.
pub(crate) fn blocks(lines: &[(&str, bool)], out: &mut Vec<Block>, menus: &mut Vec<u32>) {
    let n = lines.len();
    if n < EDGE_BLOCK {
        for (i, &(t, hit)) in lines.iter().enumerate() {
            if !hit && is_menu_line(t) {
                menus.push(i as u32);
            }
        }
        return;
    }
    let texts: Vec<&str> = lines.iter().map(|&(t, _)| t).collect();
    let mut kinds: Vec<Kind> = lines
        .iter()
        .map(|&(t, hit)| {
            if t.is_empty() {
                Kind::Other
            } else if hit {
                Kind::Hit
            } else if is_menu_line(t) {
                Kind::Menu
            } else if is_short(t) {
                Kind::Short
            } else if is_headline(t) {
                Kind::Headline
            } else {
                Kind::Other
            }
        })
        .collect();
    let sentence = |i: usize| kinds[i] == Kind::Other && is_sentence(texts[i]);
    let first_sentence = (0..n).find(|&i| sentence(i));
    let last_sentence = (0..n).rev().find(|&i| sentence(i));
    // Headline-like lines join a block only after the article.
    for (i, k) in kinds.iter_mut().enumerate() {
        if *k == Kind::Headline && !matches!(last_sentence, Some(l) if i > l) {
            *k = Kind::Other;
        }
    }
    let mut i = 0;
    while i < n {
        if kinds[i] == Kind::Other {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && kinds[i] != Kind::Other {
            i += 1;
        }
        let end = i;
        let place = match (first_sentence, last_sentence) {
            (Some(f), _) if end <= f => Place::Before,
            (_, Some(l)) if start > l => Place::After,
            _ => Place::Inside,
        };
        let short: Vec<usize> = (start..end)
            .filter(|&k| kinds[k] != Kind::Headline)
            .collect();
        let tabular = short.iter().filter(|&&k| is_tabular(texts[k])).count();
        let reported = 2 * tabular < short.len()
            && match place {
                Place::Before | Place::After => short.len() >= EDGE_BLOCK,
                Place::Inside => {
                    let several: Vec<&str> = short
                        .iter()
                        .map(|&k| texts[k])
                        .filter(|t| words_upto(t, 2) >= 2)
                        .collect();
                    let title = several.iter().filter(|t| is_title_case(t)).count();
                    short.len() >= INNER_BLOCK
                        && title as f64 >= TITLE_CASE_SHARE * several.len() as f64
                }
            };
        let mut unreported = start;
        if reported {
            let report_end = match (place, first_sentence) {
                (Place::Before, Some(f)) => end.min(f.saturating_sub(HEADING_LINES)).max(start),
                _ => end,
            };
            out.push(Block {
                first: start as u32,
                end: report_end as u32,
                lines: (end - start) as u32,
                short: short.len() as u32,
                place,
            });
            unreported = report_end;
        }
        // Menu lines are furniture alone, in a block or not.
        menus.extend(
            (unreported..end)
                .filter(|&k| kinds[k] == Kind::Menu)
                .map(|k| k as u32),
        );
    }
}

/// The message of a line of `block` (`nth` from 1).
pub(super) fn block_message(block: &Block, nth: u32) -> String {
    let where_ = match block.place {
        Place::Before => ", before the article's first sentence",
        Place::After => ", after the article's last sentence",
        Place::Inside => ", most in Title Case",
    };
    format!(
        "line {nth} of a block of {} short lines without final punctuation{where_}: a menu or link list (page furniture), not article text",
        block.lines
    )
}

/// The message of a menu line.
pub(super) const MENU_MESSAGE: &str =
    "menu line: short items between separators (page furniture), not article text";

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Vec<Block>, Vec<u32>) {
        let lines: Vec<(&str, bool)> = text.lines().map(|l| (l.trim(), false)).collect();
        let mut out = Vec::new();
        let mut menus = Vec::new();
        blocks(&lines, &mut out, &mut menus);
        (out, menus)
    }

    fn reported(text: &str) -> Vec<usize> {
        let (b, m) = run(text);
        let mut lines: Vec<usize> = b
            .iter()
            .flat_map(|b| b.first as usize..b.end as usize)
            .chain(m.iter().map(|&m| m as usize))
            .collect();
        lines.sort_unstable();
        lines
    }

    const BODY: &str = "The harbour board approved the new quay on Tuesday, with 2,000 tons of steel ordered.\nThe chairman said the work would start in March and end before the winter storms.\n";

    #[test]
    fn a_menu_before_the_article_is_reported() {
        let text = format!("Home\nNews\nSport\nWeather\nContact Us\n{BODY}");
        let (b, _) = run(&text);
        assert_eq!(
            b,
            vec![Block {
                first: 0,
                end: 2,
                lines: 5,
                short: 5,
                place: Place::Before
            }]
        );
        assert!(block_message(&b[0], 2).contains("line 2 of a block of 5 short lines"));
        // The three lines above the first sentence may be its headline,
        // byline and date: left alone.
        assert!(block_message(&b[0], 2).contains("before the article's first sentence"));
    }

    #[test]
    fn a_footer_with_other_headlines_is_reported() {
        let text = format!(
            "{BODY}Related Articles\nCity Opens Its Third Wind Farm\nNew Ferry Line to the Islands Starts in May\nAbout Us\nPrivacy Policy\n"
        );
        assert_eq!(reported(&text), vec![2, 3, 4, 5, 6]);
    }

    #[test]
    fn a_title_case_sidebar_inside_the_page_is_reported() {
        let menu = "Gift Ideas\nRecipes\nTraditions\nFamily Time\nTravel\nCrafts\nGarden Tips\nBooks and Films\n";
        let text = format!("{BODY}{menu}{BODY}");
        assert_eq!(reported(&text), (2..10).collect::<Vec<_>>());
    }

    #[test]
    fn short_blocks_inside_the_article_are_left_alone() {
        // Four short lines between sentences: not enough.
        let text = format!("{BODY}Gift Ideas\nRecipes\nTraditions\nTravel\n{BODY}");
        assert_eq!(reported(&text), Vec::<usize>::new());
        // Eight lines, written as sentences (a list inside the article).
        let list = "faster loading times\nless noise at night\ncleaner water\nnew cranes\nwider berths\nmore trains\nlower fees\nsafer decks\n";
        let text = format!("{BODY}{list}{BODY}");
        assert_eq!(reported(&text), Vec::<usize>::new());
    }

    #[test]
    fn a_poem_is_left_alone() {
        let poem = "The tide came in at dawn,\nand the boats lay still\nunder a grey sky\nwhile gulls were calling\nover the empty quay\nand no one came\nto haul the nets\nor mend the sails.\n";
        let text = format!("{BODY}{poem}{BODY}");
        assert_eq!(reported(&text), Vec::<usize>::new());
        // Even alone in a paragraph.
        assert_eq!(reported(poem), Vec::<usize>::new());
    }

    #[test]
    fn tables_and_ingredients_are_left_alone() {
        let recipe = "2 cups flour\n1 teaspoon salt\n½ cup sugar\n3 eggs\n";
        assert_eq!(reported(&format!("{BODY}{recipe}")), Vec::<usize>::new());
        let table = "10 = ten\n20 = twenty\n30 = thirty\n";
        assert_eq!(reported(&format!("{table}{BODY}")), Vec::<usize>::new());
    }

    #[test]
    fn the_headline_and_byline_above_the_article_are_left_alone() {
        let text = format!(
            "Home\nNews\nSport\nWeather\nHarbour Quay Approved\nBy Ann Lee\nMarch 2, 2012\n{BODY}"
        );
        assert_eq!(reported(&text), vec![0, 1, 2, 3]);
        // Also when a longer line stands between them and the article.
        let text = format!(
            "Home\nNews\nSport\nWeather\nHarbour Quay Approved\nBy Ann Lee\nMarch 2, 2012, 10:24 AM, updated at noon\n{BODY}"
        );
        assert_eq!(reported(&text), vec![0, 1, 2, 3]);
        // A headline block alone in its paragraph (an edited article).
        assert_eq!(
            reported("Harbour Quay Approved\nBy Ann Lee\nMarch 2, 2012\n"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn menu_lines() {
        for line in [
            "About Us | Contact | Privacy Policy | Site Map",
            "Home » News » Sport",
            "RSS|Email|Twitter|Facebook",
            "Print · Email · Share",
        ] {
            assert!(is_menu_line(line), "{line:?}");
            assert_eq!(reported(line), vec![0], "{line:?}");
        }
        for line in [
            "Output rose 20 GW | exports fell 2,000 tons",
            "The index fell | then it rose again in the afternoon after a long pause | and closed flat.",
            "Shares » up",
            "A line with one | separator",
            "Sales rose. | Profits fell. | Costs held.",
        ] {
            assert!(!is_menu_line(line), "{line:?}");
        }
    }

    #[test]
    fn title_case() {
        for t in [
            "About Us",
            "Books and More",
            "Tryp Peninsula Varadero",
            "Q&A With the Mayor",
        ] {
            assert!(is_title_case(t), "{t:?}");
        }
        for t in [
            "Root-cause analysis",
            "courses you would teach",
            "Safer decks for crews",
            "— · —",
        ] {
            assert!(!is_title_case(t), "{t:?}");
        }
    }

    #[test]
    fn single_lines_of_an_edited_article_are_left_alone() {
        for line in [
            "Harbour Quay Approved",
            "March 2, 2012",
            "20 GW",
            "\"1+5\"",
            "The county added 2,000 tons of storage.",
        ] {
            assert_eq!(reported(line), Vec::<usize>::new(), "{line:?}");
        }
    }
}
