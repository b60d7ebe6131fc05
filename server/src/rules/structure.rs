//! `structure/` rules: damage to sentences, lists and paragraphs.

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;

use super::{Ctx, RuleMeta, Sink};
use crate::finding::{DocRef, Edit, Finding, Fix, Severity};
use crate::text::Span;

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "structure/empty-list-slot",
        default_severity: Severity::Warning,
        summary: "A list with an empty slot where a name was dropped",
        explanation: "Reports a list of items with an empty slot: a coordinator followed directly by a comma \
after at least two comma-separated, capitalised items (`Zhang Guangrong, Zhang Jianmin, and, respectively`), \
two commas with only spaces between them, and a doubled `and and` or `or or`. A name or item was usually \
lost in scraping or translation. A parenthetical aside after a single clause (`He came, and, as expected, \
left.`) or before the last item (`Li, Wang, and, of course, Zhao`) is left alone. There is no fix: the \
missing item has to come from the source.",
        bad: &["Zhang Guangrong, Zhang Jianmin, and, respectively, to participate", "Li Wei, , Wang Fang"],
        good: &["He came, and, as expected, left.", "Li Wei, Wang Fang and Zhao Min attended"],
    },
    RuleMeta {
        id: "structure/truncated-sentence",
        default_severity: Severity::Warning,
        summary: "A sentence cut off after a function word",
        explanation: "Reports a sentence that ends right after an article, optionally preceded by a \
preposition or conjunction (`activities of the.`, `sides of the. He said`). The rest of the sentence was \
lost. Only lowercase `the`, `a` and `an` followed by a period and a space or the end of the line count, so \
abbreviations (`a.m.`), list markers and stranded prepositions (`the town he came from.`) are left alone. \
The unsafe fix drops the dangling words (`activities of the.` becomes `activities.`).",
        bad: &["research activities of the.", "between the two sides of the. He said"],
        good: &["research activities of the committee.", "at 9 a.m. sharp", "the town he came from."],
    },
    RuleMeta {
        id: "structure/duplicate-paragraph",
        default_severity: Severity::Warning,
        summary: "A paragraph that repeats an earlier one",
        explanation: "Reports a paragraph that repeats, or nearly repeats, an earlier paragraph of the same \
article, including a short standfirst that is mostly contained in a later, longer paragraph. Paragraphs \
are compared by their word 3-grams: two paragraphs match when at least 60% of the smaller one's 3-grams \
occur in the other. Paragraphs of fewer than eight words are not compared. The finding sits on the later \
paragraph and points at the earlier one; the unsafe fix deletes the contained (shorter) copy, or the later \
one when both are the same.",
        bad: &["a standfirst repeated, slightly reworded, as the first paragraph"],
        good: &["two paragraphs that share a phrase or two"],
    },
    RuleMeta {
        id: "structure/blank-lines",
        default_severity: Severity::Hint,
        summary: "A run of more than one blank line",
        explanation: "Reports two or more blank lines in a row (lines with nothing but whitespace), usually \
the remains of removed page furniture. A single blank line between paragraphs is left alone. The safe fix \
keeps one blank line.",
        bad: &["paragraph, then three blank lines, then paragraph"],
        good: &["paragraph, one blank line, paragraph"],
    },
    RuleMeta {
        id: "structure/indentation",
        default_severity: Severity::Hint,
        summary: "Paragraphs indented inconsistently",
        explanation: "Reports paragraphs whose first line starts with whitespace (spaces, tabs, no-break or \
ideographic spaces) when most paragraphs of the article do not, or that start without it when most do. \
Only the odd ones out are reported, and only when the article has at least three paragraphs. The safe fix \
removes the indentation, or adds the indentation most paragraphs use.",
        bad: &["\u{a0} in April, the governor visited (other paragraphs not indented)"],
        good: &["every paragraph starting at the margin"],
    },
];

pub fn check(ctx: &Ctx, out: &mut Sink) {
    empty_slots(ctx.text, out);
    truncated(ctx.text, out);
    duplicates(ctx, out);
    blank_lines(ctx, out);
    indentation(ctx, out);
}

// ---------------------------------------------------------------- lists

static COORD_COMMA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",[ \t]*(?-u:\b)(?:and|or)(?-u:\b)[ \t]*,").unwrap());
static EMPTY_COMMA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",[ \t]+,").unwrap());
static DOUBLED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:and[ \t]+and|or[ \t]+or)(?-u:\b)").unwrap());

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
    let from = crate::text::floor_char_boundary(text, at.saturating_sub(400));
    text[from..at]
        .rfind(['.', '!', '?', '\n', ';', ':'])
        .map_or(from, |i| from + i + 1)
}

fn empty_slots(text: &str, out: &mut Sink) {
    if memchr::memchr(b',', text.as_bytes()).is_some() {
        for m in COORD_COMMA.find_iter(text) {
            let start = sentence_start(text, m.start());
            let before: Vec<&str> = text[start..m.start()].split(',').collect();
            if before.len() < 2 || !before[before.len() - 2..].iter().all(|s| list_item(s)) {
                continue;
            }
            // `, and, of course, Zhao`: an aside before the last item.
            let rest = &text[m.end()..crate::text::floor_char_boundary(text, m.end() + 80)];
            if let Some((aside, after)) = rest.split_once(',') {
                if aside.split_whitespace().count() <= 5 && starts_item(after) {
                    continue;
                }
            }
            out.push(Finding::new(
                "structure/empty-list-slot",
                m.start()..m.end(),
                format!(
                    "list with an empty slot: \"{}\"; an item may have been dropped",
                    m.as_str()
                ),
            ));
        }
        for m in EMPTY_COMMA.find_iter(text) {
            out.push(Finding::new(
                "structure/empty-list-slot",
                m.range(),
                "two commas with nothing between them: an item may have been dropped",
            ));
        }
    }
    for m in DOUBLED.find_iter(text) {
        out.push(Finding::new(
            "structure/empty-list-slot",
            m.range(),
            format!(
                "doubled \"{}\": an item between them may have been dropped",
                m.as_str().split_whitespace().next().unwrap_or("")
            ),
        ));
    }
}

// ------------------------------------------------------------ sentences

static TRUNCATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[ \t]+((?:(?:of|to|for|with|and|or|in|on|at|by|from|into|about|between|as|than)[ \t]+)?(?:the|a|an))\.",
    )
    .unwrap()
});

fn truncated(text: &str, out: &mut Sink) {
    for c in TRUNCATED.captures_iter(text) {
        let (m, words) = (c.get(0).unwrap(), c.get(1).unwrap());
        // The period must end the sentence: space, quote or end of line.
        let next = text[m.end()..].chars().next();
        if next.is_some_and(|ch| !(ch.is_whitespace() || "\"”’')".contains(ch))) {
            continue;
        }
        // A word must come before: not a list marker like `a.`.
        let before = &text[..m.start()];
        if !before
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_alphanumeric() || ch == ',' || ch == ')' || ch == '’')
        {
            continue;
        }
        out.push(
            Finding::new(
                "structure/truncated-sentence",
                words.start()..m.end(),
                format!(
                    "sentence cut off after \"{}\"",
                    words
                        .as_str()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            )
            .with_fix(Fix::unsafe_(
                format!("Drop the dangling \"{}\"", words.as_str()),
                vec![Edit {
                    span: m.start()..words.end(),
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

/// Hashes of the lowercased words of `text` (runs of letters and digits).
fn word_hashes(text: &str) -> Vec<u64> {
    use std::hash::Hasher;
    let mut out = Vec::new();
    let mut h = rustc_hash::FxHasher::default();
    let mut in_word = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            let lc = if ch.is_ascii() {
                ch.to_ascii_lowercase()
            } else {
                ch.to_lowercase().next().unwrap_or(ch)
            };
            h.write_u32(lc as u32);
            in_word = true;
        } else if in_word {
            out.push(h.finish());
            h = rustc_hash::FxHasher::default();
            in_word = false;
        }
    }
    if in_word {
        out.push(h.finish());
    }
    out
}

/// Appends the word 3-gram hashes of `text`, tagged with paragraph `p`
/// (none for short paragraphs).
fn shingles(text: &str, p: u32, out: &mut Vec<(u64, u32)>) {
    let words = word_hashes(text);
    if words.len() < MIN_WORDS {
        return;
    }
    out.extend(words.windows(SHINGLE).map(|w| {
        let h = w.iter().fold(0xcbf2_9ce4_8422_2325u64, |acc, &x| {
            (acc ^ x).wrapping_mul(0x0100_0000_01b3).rotate_left(29)
        });
        (h, p)
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

fn duplicates(ctx: &Ctx, out: &mut Sink) {
    let paras = ctx.paragraphs;
    if paras.len() < 2 {
        return;
    }
    // Every (shingle, paragraph) pair, sorted by shingle: paragraphs that
    // share a shingle end up next to each other.
    let mut all: Vec<(u64, u32)> = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        if p.len() <= MAX_PARAGRAPH {
            shingles(ctx.slice(p), i as u32, &mut all);
        }
    }
    all.sort_unstable();
    all.dedup();
    // Distinct shingles per paragraph.
    let mut sizes = vec![0usize; paras.len()];
    for &(_, p) in &all {
        sizes[p as usize] += 1;
    }
    let mut shared: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for group in all.chunk_by(|a, b| a.0 == b.0) {
        if group.len() < 2 || group.len() > MAX_POSTINGS {
            continue;
        }
        for (k, a) in group.iter().enumerate() {
            for b in &group[k + 1..] {
                *shared.entry((a.1, b.1)).or_default() += 1;
            }
        }
    }
    // For each later paragraph, the earlier one it repeats best.
    let mut best: Vec<Option<(usize, f64)>> = vec![None; paras.len()];
    for (&(i, j), &n) in &shared {
        let (i, j) = (i as usize, j as usize);
        let c = n as f64 / sizes[i].min(sizes[j]).max(1) as f64;
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
                "structure/duplicate-paragraph",
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
                Finding::new(
                    "structure/blank-lines",
                    span,
                    format!("{count} blank lines in a row"),
                )
                .with_fix(Fix::safe(
                    "Collapse to one blank line",
                    vec![Edit {
                        span: remove,
                        new_text: String::new(),
                    }],
                )),
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
                    "structure/indentation",
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
                    "structure/indentation",
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
