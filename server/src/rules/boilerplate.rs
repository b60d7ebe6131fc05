//! `boilerplate/` rules: lines that are site furniture, not article text.
//!
//! Three sources: built-in patterns for common news-site and CMS furniture,
//! the user's patterns from `lede.toml`, and the corpus (a line that recurs
//! across many files of the checked set is furniture, as in CCNet's line
//! deduplication).

use rustc_hash::FxHashMap;

use super::{Ctx, RuleMeta, Sink};
use crate::config::{Config, ConfigError};
use crate::engine::CorpusIndex as Index;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::text::Span;

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "boilerplate/comment-form",
        default_severity: Severity::Warning,
        summary: "Comment-form furniture such as Leave a Reply",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "boilerplate/navigation",
        default_severity: Severity::Warning,
        summary: "Navigation, share and related-links lines",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "boilerplate/source-line",
        default_severity: Severity::Warning,
        summary: "A source, dateline or Updated on line",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "boilerplate/credit-line",
        default_severity: Severity::Info,
        summary: "A reporter, editor or correspondent credit",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "boilerplate/copyright",
        default_severity: Severity::Warning,
        summary: "A copyright or all-rights-reserved line",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "boilerplate/user-pattern",
        default_severity: Severity::Warning,
        summary: "A line matching a boilerplate pattern from lede.toml",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
    id: "boilerplate/repeated-line",
    default_severity: Severity::Info,
    summary: "A line that recurs across many files of the checked set",
    explanation: "A line that appears, word for word (ignoring case and spacing), in many files of the \
checked set is almost always site furniture: a comment form, a share bar, a footer. lede counts each \
line once per file; a line is reported when it occurs in at least `boilerplate.repeated_min_files` files \
(default 3) and in at least `boilerplate.repeated_min_share` of them (default 0.05). Only lines of at \
most 300 bytes count: long paragraphs are article text even when repeated. The fix deletes the line; it \
is not marked safe, since a short line can recur for good reasons.",
    bad: &["Share this article (in 40 of 200 files)"],
    good: &["A line that occurs in one file only"],
}];

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
/// line with fewer than two letters.
pub fn line_key(line: &str) -> Option<u64> {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    let mut letters = 0;
    let mut pending_space = false;
    for ch in line.trim().chars() {
        if ch.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            h.write_u8(b' ');
            pending_space = false;
        }
        if ch.is_alphabetic() {
            letters += 1;
        }
        for lc in ch.to_lowercase() {
            h.write_u32(lc as u32);
        }
    }
    (letters >= 2).then(|| h.finish())
}

pub fn features(ctx: &Ctx) -> Features {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut lines = Vec::new();
    for line in 0..ctx.lines.line_count() {
        let content = ctx.lines.line_content(ctx.text, line);
        if content.len() > MAX_REPEATED_LINE {
            continue;
        }
        let content_span = content.clone();
        let Some(key) = line_key(&ctx.text[content]) else {
            continue;
        };
        if seen.insert(key) {
            lines.push(LineFeature {
                key,
                content: ctx.tagged.span_to_original(&content_span),
                whole: ctx.tagged.span_to_original(&ctx.lines.line_span(line)),
            });
        }
    }
    Features { lines }
}

pub fn check(_ctx: &Ctx, _out: &mut Sink) {}

pub fn corpus_check(_doc: usize, f: &Features, index: &Index, config: &Config, out: &mut Sink) {
    let docs = index.docs.max(1);
    let min_files = config.boilerplate.repeated_min_files.max(2);
    for l in &f.lines {
        let n = index.boilerplate.count(l.key) as usize;
        if n >= min_files && n as f64 >= config.boilerplate.repeated_min_share * docs as f64 {
            out.push(
                Finding::new(
                    "boilerplate/repeated-line",
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
