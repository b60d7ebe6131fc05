//! `boilerplate/` rules: lines that are site furniture, not article text.
//!
//! Three sources: built-in patterns for common news-site and CMS furniture,
//! the user's patterns from `lede.toml`, and the corpus (a line that recurs
//! across many files of the checked set is furniture, as in CCNet's line
//! deduplication).

use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use rustc_hash::FxHashMap;

use super::{Ctx, Example, Placed, RuleMeta, Sink};
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::config::{Config, ConfigError};

pub(crate) const COMMENT_FORM: RuleMeta = RuleMeta {
    id: "boilerplate/comment-form",
    default_severity: Severity::Warning,
    summary: "Comment-form furniture such as Leave a Reply",
    explanation: include_str!("boilerplate/comment_form.md").trim_ascii_end(),
    bad: &[
        Example::text("Leave a Reply"),
        Example::text("Your email address will not be published. Required fields are marked *"),
    ],
    good: &[Example::text(
        "The minister did not leave a reply to the letter.",
    )],
};

pub(crate) const NAVIGATION: RuleMeta = RuleMeta {
    id: "boilerplate/navigation",
    default_severity: Severity::Warning,
    summary: "Navigation, share and related-links lines",
    explanation: include_str!("boilerplate/navigation.md").trim_ascii_end(),
    bad: &[
        Example::text("Related Pages"),
        Example::text("Share this:"),
        Example::text("Tags: economy, industry"),
    ],
    good: &[Example::text(
        "Related pages of the report were published in May.",
    )],
};

pub(crate) const SOURCE_LINE: RuleMeta = RuleMeta {
    id: "boilerplate/source-line",
    default_severity: Severity::Warning,
    summary: "A source, dateline or Updated on line",
    explanation: include_str!("boilerplate/source_line.md").trim_ascii_end(),
    bad: &[
        Example::text("Mondo Finance Updated on 2024-03-07"),
        Example::text("Source: Provincial Daily"),
    ],
    good: &[Example::text(
        "The source of the funds was published on Monday.",
    )],
};

pub(crate) const CREDIT_LINE: RuleMeta = RuleMeta {
    id: "boilerplate/credit-line",
    default_severity: Severity::Info,
    summary: "A reporter, editor or correspondent credit",
    explanation: include_str!("boilerplate/credit_line.md").trim_ascii_end(),
    bad: &[
        Example::text("Responsible editor: Li Ming"),
        Example::text("The plant opened in May. (Reporter Li Ming)"),
    ],
    good: &[Example::text("The editor of the paper, Li Ming, resigned.")],
};

pub(crate) const COPYRIGHT: RuleMeta = RuleMeta {
    id: "boilerplate/copyright",
    default_severity: Severity::Warning,
    summary: "A copyright or all-rights-reserved line",
    explanation: include_str!("boilerplate/copyright.md").trim_ascii_end(),
    bad: &[Example::text(
        "Copyright © 2024 Example Daily. All rights reserved.",
    )],
    good: &[Example::text("Copyright law was amended in 2020.")],
};

pub(crate) const USER_PATTERN: RuleMeta = RuleMeta {
    id: "boilerplate/user-pattern",
    default_severity: Severity::Warning,
    summary: "A line matching a boilerplate pattern from lede.toml",
    explanation: include_str!("boilerplate/user_pattern.md").trim_ascii_end(),
    bad: &[Example::text(
        "Scan the QR code to follow us (with `patterns = ['^Scan the QR code']`)",
    )],
    good: &[Example::text("A line no pattern matches")],
};

pub(crate) const REPEATED_LINE: RuleMeta = RuleMeta {
    id: "boilerplate/repeated-line",
    default_severity: Severity::Info,
    summary: "A line that recurs across many files of the checked set",
    explanation: include_str!("boilerplate/repeated_line.md").trim_ascii_end(),
    bad: &[Example::text("Share this article (in 40 of 200 files)")],
    good: &[Example::text("A line that occurs in one file only")],
};

pub const RULES: &[&RuleMeta] = &[
    &COMMENT_FORM,
    &NAVIGATION,
    &SOURCE_LINE,
    &CREDIT_LINE,
    &COPYRIGHT,
    &USER_PATTERN,
    &REPEATED_LINE,
];

/// Longest line (in bytes) that can count as repeated furniture.
const MAX_REPEATED_LINE: usize = 300;

/// Patterns compiled once per config.
#[derive(Debug)]
pub struct Compiled {
    pub user: Option<regex::RegexSet>,
}

impl Compiled {
    pub fn new(config: &Config) -> Result<Self, ConfigError> {
        let user = if config.boilerplate.patterns.is_empty() {
            None
        } else {
            Some(
                regex::RegexSet::new(&config.boilerplate.patterns).map_err(|e| ConfigError {
                    line: 1,
                    column: 1,
                    message: format!("boilerplate patterns: {e}"),
                })?,
            )
        };
        Ok(Compiled { user })
    }
}

/// The short lines of one document, normalised and hashed, each once.
#[derive(Debug, Clone, Default)]
pub struct Features {
    pub lines: Vec<LineFeature>,
}

#[derive(Debug, Clone)]
pub struct LineFeature {
    pub key: u64,
    /// The first occurrence's content, original offsets.
    pub content: Span,
    /// The same line with its line break (what deleting it removes).
    pub whole: Span,
}

/// In how many documents each normalised line occurs.
#[derive(Debug, Clone, Default)]
pub struct CorpusIndex {
    counts: FxHashMap<u64, u32>,
}

impl CorpusIndex {
    pub fn add(&mut self, _doc: usize, f: &Features) {
        for l in &f.lines {
            *self.counts.entry(l.key).or_default() += 1;
        }
    }

    pub fn remove(&mut self, _doc: usize, f: &Features) {
        for l in &f.lines {
            if let Some(c) = self.counts.get_mut(&l.key) {
                *c -= 1;
                if *c == 0 {
                    self.counts.remove(&l.key);
                }
            }
        }
    }

    /// In how many documents the line with this key occurs.
    pub fn count(&self, key: u64) -> u32 {
        self.counts.get(&key).copied().unwrap_or(0)
    }
}

/// Hash of a line with case and runs of whitespace ignored; `None` for a
/// line with fewer than two letters. The hash is of the normalised text
/// (trimmed, each run of whitespace one space, lowercased), built in a
/// per-thread buffer; an ASCII line, nearly every one, is normalised byte
/// by byte.
pub fn line_key(line: &str) -> Option<u64> {
    use std::hash::Hasher;
    thread_local!(static NORMAL: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) });
    NORMAL.with_borrow_mut(|normal| {
        normal.clear();
        let mut letters = 0;
        let mut pending_space = false;
        let line = line.trim();
        if line.is_ascii() {
            for &b in line.as_bytes() {
                // The ASCII chars `char::is_whitespace` accepts.
                if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
                    pending_space = true;
                    continue;
                }
                if std::mem::take(&mut pending_space) {
                    normal.push(b' ');
                }
                letters += usize::from(b.is_ascii_alphabetic());
                normal.push(b.to_ascii_lowercase());
            }
        } else {
            let mut utf8 = [0u8; 4];
            for ch in line.chars() {
                if ch.is_whitespace() {
                    pending_space = true;
                    continue;
                }
                if std::mem::take(&mut pending_space) {
                    normal.push(b' ');
                }
                letters += usize::from(ch.is_alphabetic());
                for lc in ch.to_lowercase() {
                    normal.extend_from_slice(lc.encode_utf8(&mut utf8).as_bytes());
                }
            }
        }
        (letters >= 2).then(|| {
            let mut h = rustc_hash::FxHasher::default();
            h.write(normal);
            h.finish()
        })
    })
}

/// Longest line (in bytes) a built-in whole-line pattern is tried on.
const MAX_PATTERN_LINE: usize = 240;

/// Built-in whole-line patterns, tried on the trimmed line, case ignored.
const BUILT_IN: &[(&str, &str)] = &[
    // Comment forms.
    (
        "comment-form",
        r"^leave an? (?:reply|comment|response)(?: to .{1,120})?(?: cancel reply)?$",
    ),
    (
        "comment-form",
        r"^your email address will not be published\.?(?: required fields are marked \*?)?$",
    ),
    ("comment-form", r"^required fields are marked \*?$"),
    ("comment-form", r"^cancel reply$"),
    ("comment-form", r"^(?:post|submit) (?:a )?comment$"),
    (
        "comment-form",
        r"^save my name, email,? and website in this browser for the next time i comment\.?$",
    ),
    (
        "comment-form",
        r"^you must be logged in to post a comment\.?$",
    ),
    ("comment-form", r"^(?:comment|name|email|e-mail)\s*\*$"),
    ("comment-form", r"^[0-9]+ (?:comments?|responses?|replies)$"),
    // Navigation.
    (
        "navigation",
        r"^related (?:pages|posts|articles|news|stories|links|reading|content)\s*:?$",
    ),
    (
        "navigation",
        r"^(?:previous|next|prev) (?:article|post|story|page|news)(?-u:\b)(?:\s*[:：»>].{0,150})?$",
    ),
    (
        "navigation",
        r"^share (?:this|this article|this story|this page|this post|on|via)\s*:?(?:\s*(?:facebook|twitter|x|weibo|wechat|email|linkedin|whatsapp|telegram|reddit)[\s,|]*)*$",
    ),
    ("navigation", r"^print(?: this (?:article|page|story))?$"),
    ("navigation", r"^back to top$"),
    ("navigation", r"^read more\s*(?:»|>>|\.\.\.|…|>)?$"),
    ("navigation", r"^tags?\s*[:：].{0,200}$"),
    (
        "navigation",
        r"^(?:you may also like|recommended for you|more stories|most read|popular posts)\s*:?$",
    ),
    // Source and dateline lines.
    (
        "source-line",
        r"^(?:source|sources|from|via)\s*[:：].{1,120}$",
    ),
    (
        "source-line",
        r"^(?:published|updated|posted|release time|publish time|date)\s*(?:on|at)?\s*[:：]?\s*[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}.{0,60}$",
    ),
    (
        "source-line",
        r"^(?:published|updated|posted)\s*[:：].{1,80}$",
    ),
    (
        "source-line",
        r"^.{1,80}(?-u:\b)(?:updated|published|posted)\s+(?:on|at)\s+[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$",
    ),
    (
        "source-line",
        r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?\s+(?:source|from)\s*[:：].{0,120}$",
    ),
    // Credits.
    (
        "credit-line",
        r"^(?:responsible editor|editor in charge|executive editor|chief editor|duty editor|editors?|reporters?|correspondents?|authors?|photographers?|photos?|translators?|proofreaders?|proofreading|reviewers?|compilers?|edited by|written by|photo by|translated by)\s*[:：|].{1,80}$",
    ),
    (
        "credit-line",
        r"^\[(?:responsible editor|editor|reporter|correspondent)\s*[:：].{1,60}\]$",
    ),
    // Copyright.
    (
        "copyright",
        r"^(?:copyright\s*(?:©|\(c\)|[0-9]{4})|©|\(c\)\s*[0-9]{4}).{0,160}$",
    ),
    (
        "copyright",
        r"^(?:.{0,120}(?:[.,;|©]|[0-9]{4})\s*)?all rights reserved\.?$",
    ),
];

static BUILT_IN_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(BUILT_IN.iter().map(|(_, p)| format!("(?i){p}"))).expect("built-in patterns")
});

static CREDIT_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\((?:reporters?|correspondents?|(?:responsible |executive )?editors?|photo(?:graph)?s? by|text by|written by|photographers?|by reporters?)(?-u:\b)[^()\n]{0,120}\)[.。]?$",
    )
    .unwrap()
});

pub(crate) fn warm_up() {
    LazyLock::force(&BUILT_IN_SET);
    LazyLock::force(&CREDIT_PAREN);
}

fn rule_of(kind: &str) -> &'static RuleMeta {
    match kind {
        "comment-form" => &COMMENT_FORM,
        "navigation" => &NAVIGATION,
        "source-line" => &SOURCE_LINE,
        "credit-line" => &CREDIT_LINE,
        "copyright" => &COPYRIGHT,
        _ => &USER_PATTERN,
    }
}

fn safe_rule(rule: &RuleMeta) -> bool {
    !matches!(
        rule.id,
        "boilerplate/source-line" | "boilerplate/credit-line"
    )
}

/// Lines whose built-in answer a thread remembers, at most.
const REMEMBERED_LINES: usize = 4096;

/// Which built-in pattern, if any, matches the trimmed line `t`, first
/// in table order. Furniture lines recur across the files of a corpus
/// (that is what makes them furniture), and a pattern set costs about a
/// microsecond a line, so each thread remembers its recent answers.
fn built_in_rule(t: &str) -> Option<&'static RuleMeta> {
    thread_local!(static ANSWERS: std::cell::RefCell<FxHashMap<Box<str>, Option<&'static RuleMeta>>> =
        std::cell::RefCell::new(FxHashMap::default()));
    ANSWERS.with_borrow_mut(|answers| {
        if let Some(&rule) = answers.get(t) {
            return rule;
        }
        let rule = if BUILT_IN_SET.is_match(t) {
            BUILT_IN_SET
                .matches(t)
                .iter()
                .next()
                .map(|i| rule_of(BUILT_IN[i].0))
        } else {
            None
        };
        if answers.len() >= REMEMBERED_LINES {
            answers.clear();
        }
        answers.insert(t.into(), rule);
        rule
    })
}

/// Which boilerplate rule, if any, a whole line falls under.
fn classify(line: &str, compiled: &Compiled) -> Option<&'static RuleMeta> {
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    if t.len() <= MAX_PATTERN_LINE {
        if let Some(rule) = built_in_rule(t) {
            return Some(rule);
        }
    }
    if let Some(user) = &compiled.user {
        if user.is_match(t) {
            return Some(&USER_PATTERN);
        }
    }
    None
}

/// What one paragraph shows alone; lines are numbered from the
/// paragraph's first line, offsets from its start.
#[derive(Debug, Clone, Default)]
pub struct Local {
    /// Lines that are furniture, with their rule.
    hits: Vec<(usize, &'static RuleMeta)>,
    /// Short lines for the repeated-line index: (key, line, content).
    keyed: Vec<(u64, usize, Span)>,
    /// A reporter or editor credit in parentheses ending the paragraph.
    credit: Option<Credit>,
}

#[derive(Debug, Clone)]
struct Credit {
    /// The parenthetical.
    span: Span,
    /// Where the deletion starts (blanks before the parenthetical).
    start: usize,
    /// Where it ends when the sentence before keeps its own period (past
    /// a final period) and when it does not (at the closing parenthesis).
    end_with_period: usize,
    end_at_paren: usize,
}

/// The checks that need only the paragraph `ctx` holds.
pub fn local(ctx: &Ctx) -> Local {
    let text = ctx.text;
    let mut hits = Vec::new();
    let mut keyed = Vec::new();
    for line in 0..ctx.lines.line_count() {
        let content = ctx.lines.line_content(text, line);
        if let Some(rule) = classify(&text[content.clone()], &ctx.compiled.boilerplate) {
            hits.push((line, rule));
        }
        if content.len() <= MAX_REPEATED_LINE {
            if let Some(key) = line_key(&text[content.clone()]) {
                keyed.push((key, line, content));
            }
        }
    }
    let credit = credit(text).filter(|c| {
        let line = ctx.lines.line_of(c.span.start);
        hits.binary_search_by_key(&line, |h| h.0).is_err()
    });
    Local {
        hits,
        keyed,
        credit,
    }
}

/// A credit in parentheses at the end of paragraph `para`.
fn credit(para: &str) -> Option<Credit> {
    if !para.trim_end().ends_with([')', '.', '。']) {
        return None;
    }
    let tail = para.trim_end();
    // The last `(` of the paragraph, not far from its end.
    let from = tail.len().saturating_sub(140);
    let open = memchr::memrchr(b'(', &tail.as_bytes()[from..]).map(|i| from + i)?;
    if !CREDIT_PAREN.is_match(&tail[open..]) {
        return None;
    }
    // Spaces before the parenthetical go with it.
    let lead = tail[..open].len() - tail[..open].trim_end_matches([' ', '\t']).len();
    let start = open - lead;
    // `body` is ` (credit).`: spaces, parenthetical, maybe a period.
    let body = &tail[start..];
    let close = body.rfind(')').map_or(body.len(), |i| i + 1);
    Some(Credit {
        span: start + lead..start + close,
        start,
        end_with_period: start + body.len(),
        end_at_paren: start + close,
    })
}

/// The document's furniture findings from its paragraphs' local results,
/// and its features for the corpus index.
pub fn check(ctx: &Ctx, paragraphs: &[Placed<Local>], out: &mut Sink) -> Features {
    let text = ctx.text;
    let n = ctx.lines.line_count();
    // Whole lines.
    let hits: Vec<(usize, &'static RuleMeta)> = paragraphs
        .iter()
        .flat_map(|p| p.local.hits.iter().map(|&(l, rule)| (p.line + l, rule)))
        .collect();
    // The trailing block: boilerplate and blank lines after the last
    // article line.
    let mut last_article: Option<usize> = None;
    let mut tail_first = None;
    for line in (0..n).rev() {
        let content = ctx.lines.line_content(text, line);
        if text[content].trim().is_empty() {
            continue;
        }
        if hits.binary_search_by_key(&line, |h| h.0).is_ok() {
            tail_first = Some(line);
            continue;
        }
        last_article = Some(line);
        break;
    }
    let block = match (last_article, tail_first) {
        (Some(a), Some(first)) => {
            let last = hits.last().map_or(first, |h| h.0);
            let safe = hits.iter().filter(|h| h.0 > a).all(|h| safe_rule(h.1));
            let title = if first == last {
                format!("Delete the trailing boilerplate block (line {})", first + 1)
            } else {
                format!(
                    "Delete the trailing boilerplate block (lines {}-{})",
                    first + 1,
                    last + 1
                )
            };
            let end = ctx.lines.line_content(text, a).end;
            let eol = if text[end..].starts_with("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let edit = Edit {
                span: end..text.len(),
                new_text: eol.to_string(),
            };
            Some((
                a,
                Fix {
                    title: title.into(),
                    safe,
                    edits: vec![edit],
                },
            ))
        }
        _ => None,
    };
    for &(line, rule) in &hits {
        let content = ctx.lines.line_content(text, line);
        let trimmed = &text[content.clone()];
        let lead = trimmed.len() - trimmed.trim_start().len();
        let span = content.start + lead..content.start + trimmed.trim_end().len();
        // Whole messages, not formatted: no copy for each finding.
        let message = match rule.id {
            "boilerplate/comment-form" => "comment-form line: site furniture, not article text",
            "boilerplate/navigation" => "navigation line: site furniture, not article text",
            "boilerplate/source-line" => "source or dateline line: site furniture, not article text",
            "boilerplate/credit-line" => "credit line: site furniture, not article text",
            "boilerplate/copyright" => "copyright line: site furniture, not article text",
            _ => "line matching a boilerplate pattern from lede.toml: site furniture, not article text",
        };
        let mut f = Finding::new(rule, span, message);
        if let Some((a, fix)) = &block {
            if line > *a {
                f = f.with_fix(fix.clone());
            }
        }
        let edit = Edit {
            span: ctx.lines.line_span(line),
            new_text: String::new(),
        };
        let fix = if safe_rule(rule) {
            Fix::safe("Delete this line", vec![edit])
        } else {
            Fix::unsafe_("Delete this line", vec![edit])
        };
        out.push(f.with_fix(fix));
    }
    // Credits in parentheses at the end of a paragraph.
    for p in paragraphs {
        let Some(c) = &p.local.credit else { continue };
        let start = p.start + c.start;
        // Keep a period the sentence needs: delete `. (credit).` down to `.`.
        let before = text[..start].trim_end();
        let remove_end = p.start
            + if before.ends_with(['.', '!', '?', '。', '"', '”']) {
                c.end_with_period
            } else {
                c.end_at_paren
            };
        out.push(
            Finding::new(
                &CREDIT_LINE,
                p.start + c.span.start..p.start + c.span.end,
                "reporter or editor credit at the end of a paragraph",
            )
            .with_fix(Fix::unsafe_(
                "Delete the credit",
                vec![Edit {
                    span: start..remove_end,
                    new_text: String::new(),
                }],
            )),
        );
    }
    // Each short line once, for the corpus index.
    let mut seen = rustc_hash::FxHashSet::default();
    let mut lines = Vec::new();
    for p in paragraphs {
        for (key, line, content) in &p.local.keyed {
            if seen.insert(*key) {
                lines.push(LineFeature {
                    key: *key,
                    content: ctx
                        .tagged
                        .span_to_original(&(p.start + content.start..p.start + content.end)),
                    whole: ctx
                        .tagged
                        .span_to_original(&ctx.lines.line_span(p.line + line)),
                });
            }
        }
    }
    Features { lines }
}

pub fn corpus_check(
    _doc: usize,
    f: &Features,
    index: &CorpusIndex,
    docs: usize,
    config: &Config,
    out: &mut Sink,
) {
    let docs = docs.max(1);
    let min_files = config.boilerplate.repeated_min_files.max(2);
    for l in &f.lines {
        let n = index.count(l.key) as usize;
        if n >= min_files && n as f64 >= config.boilerplate.repeated_min_share * docs as f64 {
            out.push(
                Finding::new(
                    &REPEATED_LINE,
                    l.content.clone(),
                    format!("line repeated in {n} of {docs} files: likely site boilerplate"),
                )
                .with_fix(Fix::unsafe_(
                    "Delete this line",
                    vec![Edit {
                        span: l.whole.clone(),
                        new_text: String::new(),
                    }],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_answers_equal_the_pattern_set() {
        let direct = |t: &str| {
            BUILT_IN_SET
                .matches(t)
                .iter()
                .next()
                .map(|i| rule_of(BUILT_IN[i].0))
        };
        let lines = [
            "Leave a Reply",
            "Source: Xinhua",
            "Copyright 2023 Example Daily. All rights reserved.",
            "Related Posts",
            "Editor: Zhang Wei",
            "The mayor visited the salt lake industrial park",
            "Updated on 2023-05-06 10:12",
            "Share this: Facebook Twitter",
        ];
        let mut hits = 0;
        // Asked twice, in two orders: the second answers come from memory.
        for round in 0..2 {
            for k in 0..lines.len() {
                let t = lines[if round == 0 { k } else { lines.len() - 1 - k }];
                assert_eq!(
                    built_in_rule(t).map(|r| r.id),
                    direct(t).map(|r| r.id),
                    "{t:?}, round {round}"
                );
                hits += usize::from(direct(t).is_some());
            }
        }
        assert_eq!(hits, 14);
    }

    #[test]
    fn line_keys_ignore_case_and_spacing_only() {
        let same = [
            ("Source: Xinhua  News", "source: xinhua news"),
            ("  Related\tPages ", "related pages"),
            ("Café\u{a0}Menu", "café menu"),
            ("ÜBER  Öl", "über öl"),
            // The Kelvin sign lowercases to an ASCII `k`: both paths agree.
            ("\u{212a}ilo watt", "kilo watt"),
        ];
        for (a, b) in same {
            assert_eq!(line_key(a), line_key(b), "{a:?} / {b:?}");
            assert!(line_key(a).is_some(), "{a:?}");
        }
        let different = [
            ("source: xinhua", "source xinhua"),
            ("related pages", "related page"),
            ("café menu", "cafe menu"),
            ("ab", "a b"),
        ];
        for (a, b) in different {
            assert_ne!(line_key(a), line_key(b), "{a:?} / {b:?}");
        }
        for few_letters in ["", "a", "1 2 3", "— · —", "é 1"] {
            assert_eq!(line_key(few_letters), None, "{few_letters:?}");
        }
    }
}
