//! `boilerplate/credit-line`: a reporter, editor or correspondent credit,
//! on a line of its own or in parentheses ending a paragraph.
use std::sync::LazyLock;

use regex::Regex;

use super::Local;
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::rules::{Ctx, Example, Placed, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "boilerplate/credit-line",
    source: file!(),
    default_severity: Severity::Info,
    summary: "A reporter, editor or correspondent credit",
    explanation: include_str!("credit_line.md").trim_ascii_end(),
    bad: &[
        Example::text("Responsible editor: Li Ming"),
        Example::text("The plant opened in May. (Reporter Li Ming)"),
    ],
    good: &[Example::text("The editor of the paper, Li Ming, resigned.")],
};

/// Its built-in whole-line patterns, tried on the trimmed line with case
/// ignored, in this order, as part of the family's one pattern set
/// (`patterns.rs`).
pub(super) const PATTERNS: &[&str] = &[
    r"^(?:responsible editor|editor in charge|executive editor|chief editor|duty editor|editors?|reporters?|correspondents?|authors?|photographers?|photos?|translators?|proofreaders?|proofreading|reviewers?|compilers?|edited by|written by|photo by|translated by)\s*[:：|].{1,80}$",
    r"^\[(?:responsible editor|editor|reporter|correspondent)\s*[:：].{1,60}\]$",
];

/// The message of its line findings.
pub(super) const MESSAGE: &str = "credit line: site furniture, not article text";
static CREDIT_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\((?:reporters?|correspondents?|(?:responsible |executive )?editors?|photo(?:graph)?s? by|text by|written by|photographers?|by reporters?)(?-u:\b)[^()\n]{0,120}\)[.。]?$",
    )
    .unwrap()
});

pub(super) fn warm_up() {
    LazyLock::force(&CREDIT_PAREN);
}

#[derive(Debug, Clone)]
pub(super) struct Credit {
    /// The parenthetical.
    pub(super) span: Span,
    /// Where the deletion starts (blanks before the parenthetical).
    pub(super) start: usize,
    /// Where it ends when the sentence before keeps its own period (past
    /// a final period) and when it does not (at the closing parenthesis).
    pub(super) end_with_period: usize,
    pub(super) end_at_paren: usize,
}

/// A credit in parentheses at the end of paragraph `para`.
pub(super) fn credit(para: &str) -> Option<Credit> {
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

/// The findings of the credits in parentheses that end `paragraphs`.
pub(super) fn check_credits(ctx: &Ctx, paragraphs: &[Placed<Local>], out: &mut Sink) {
    let text = ctx.text;
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
                &META,
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
}
