//! `boilerplate/` rules: lines that are site furniture, not article text.
//!
//! Three sources: built-in patterns for common news-site and CMS furniture,
//! the user's patterns from `lede.toml`, and the corpus (a line that recurs
//! across many files of the checked set is furniture, as in CCNet's line
//! deduplication).
//!
//! Each rule's file holds its `META`, its patterns and its check;
//! `patterns.rs` runs the built-in patterns as one set, `trailing_block.rs`
//! builds the fix that deletes a document's trailing furniture, and this
//! file runs the per-paragraph and per-document passes.

use super::{Ctx, Placed, RuleMeta, Sink};
use crate::base::finding::{Edit, Finding, Fix};
use crate::base::text::Span;
use credit_line::{credit, Credit};
use repeated_line::{line_key, MAX_REPEATED_LINE};

pub(crate) mod comment_form;
pub(crate) mod copyright;
pub(crate) mod credit_line;
pub(crate) mod navigation;
pub(crate) mod page_furniture;
mod patterns;
pub(crate) mod repeated_line;
pub(crate) mod source_line;
mod trailing_block;
pub(crate) mod user_pattern;

pub use repeated_line::{corpus_check, CorpusIndex, Features};
pub use user_pattern::Compiled;

pub const RULES: &[&RuleMeta] = &[
    &comment_form::META,
    &navigation::META,
    &page_furniture::META,
    &source_line::META,
    &credit_line::META,
    &copyright::META,
    &user_pattern::META,
    &repeated_line::META,
];

pub(crate) fn warm_up() {
    patterns::warm_up();
    credit_line::warm_up();
}

/// Whether deleting a line of `rule` is a safe fix (source and credit
/// lines get an unsafe one, and so does a line only a web-page widget
/// pattern matches: see `patterns::widget_only`).
fn safe_rule(rule: &RuleMeta) -> bool {
    !matches!(
        rule.id,
        "boilerplate/source-line" | "boilerplate/credit-line"
    )
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
    /// Blocks of short lines that are page furniture.
    blocks: Vec<page_furniture::Block>,
    /// Menu lines outside those blocks.
    menus: Vec<u32>,
}

/// The checks that need only the paragraph `ctx` holds.
pub fn local(ctx: &Ctx) -> Local {
    let text = ctx.text;
    let mut hits = Vec::new();
    let mut keyed = Vec::new();
    let single_line = text.trim().lines().count() == 1;
    for line in 0..ctx.lines.line_count() {
        let content = ctx.lines.line_content(text, line);
        if let Some(rule) = patterns::classify(&text[content.clone()], &ctx.compiled.boilerplate) {
            hits.push((line, rule));
        } else if single_line && credit_line::credit_shape(&text[content.clone()]) {
            // A credit standing as a paragraph of its own.
            hits.push((line, &credit_line::META));
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
    let (blocks, menus) = page_blocks(ctx, &hits);
    Local {
        hits,
        keyed,
        credit,
        blocks,
        menus,
    }
}

/// The paragraph's page-furniture blocks and menu lines, given its lines
/// that other rules report.
fn page_blocks(
    ctx: &Ctx,
    hits: &[(usize, &'static RuleMeta)],
) -> (Vec<page_furniture::Block>, Vec<u32>) {
    let text = ctx.text;
    let n = ctx.lines.line_count();
    let mut blocks = Vec::new();
    let mut menus = Vec::new();
    let hit = |line: usize| hits.binary_search_by_key(&line, |h| h.0).is_ok();
    if n < 3 {
        // No block fits: only a menu line can be furniture here.
        for line in 0..n {
            let t = text[ctx.lines.line_content(text, line)].trim();
            if !hit(line) && page_furniture::is_menu_line(t) {
                menus.push(line as u32);
            }
        }
        return (blocks, menus);
    }
    let lines: Vec<(&str, bool)> = (0..n)
        .map(|line| (text[ctx.lines.line_content(text, line)].trim(), hit(line)))
        .collect();
    page_furniture::blocks(&lines, &mut blocks, &mut menus);
    (blocks, menus)
}

/// The document's furniture findings from its paragraphs' local results,
/// and its features for the corpus index.
pub fn check(ctx: &Ctx, paragraphs: &[Placed<Local>], out: &mut Sink) -> Features {
    let text = ctx.text;
    // Whole lines.
    let hits: Vec<(usize, &'static RuleMeta)> = paragraphs
        .iter()
        .flat_map(|p| p.local.hits.iter().map(|&(l, rule)| (p.line + l, rule)))
        .collect();
    // The trailing block: boilerplate and blank lines after the last
    // article line.
    let block = trailing_block::fix(ctx, &hits);
    for &(line, rule) in &hits {
        let content = ctx.lines.line_content(text, line);
        let trimmed = &text[content.clone()];
        let lead = trimmed.len() - trimmed.trim_start().len();
        let span = content.start + lead..content.start + trimmed.trim_end().len();
        // Whole messages, not formatted: no copy for each finding.
        let message = match rule.id {
            "boilerplate/comment-form" => comment_form::MESSAGE,
            "boilerplate/navigation" => navigation::MESSAGE,
            "boilerplate/source-line" => source_line::MESSAGE,
            "boilerplate/credit-line" => credit_line::MESSAGE,
            "boilerplate/copyright" => copyright::MESSAGE,
            _ => user_pattern::MESSAGE,
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
        let fix = if safe_rule(rule) && !patterns::widget_only(trimmed) {
            Fix::safe("Delete this line", vec![edit])
        } else {
            Fix::unsafe_("Delete this line", vec![edit])
        };
        out.push(f.with_fix(fix));
    }
    page_findings(ctx, paragraphs, &hits, out);
    credit_line::check_credits(ctx, paragraphs, out);
    repeated_line::features(ctx, paragraphs)
}

/// The page-furniture findings: one per line of each block (but the lines
/// another rule reports), and one per menu line. No fix: a block's
/// lines are furniture as a rule, not each of them for certain.
fn page_findings(
    ctx: &Ctx,
    paragraphs: &[Placed<Local>],
    hits: &[(usize, &'static RuleMeta)],
    out: &mut Sink,
) {
    let text = ctx.text;
    let span_of = |line: usize| {
        let content = ctx.lines.line_content(text, line);
        let trimmed = &text[content.clone()];
        let lead = trimmed.len() - trimmed.trim_start().len();
        content.start + lead..content.start + trimmed.trim_end().len()
    };
    for p in paragraphs {
        for b in &p.local.blocks {
            for l in b.first..b.end {
                let line = p.line + l as usize;
                if hits.binary_search_by_key(&line, |h| h.0).is_ok() {
                    continue;
                }
                out.push(Finding::new(
                    &page_furniture::META,
                    span_of(line),
                    page_furniture::block_message(b, l - b.first + 1),
                ));
            }
        }
        for &l in &p.local.menus {
            out.push(Finding::new(
                &page_furniture::META,
                span_of(p.line + l as usize),
                page_furniture::MENU_MESSAGE,
            ));
        }
    }
}

/// The boilerplate family: lines that are site furniture, not article text.
pub struct Boilerplate;

impl crate::rules::Family for Boilerplate {
    const NAME: &'static str = "boilerplate";
    const ABOUT: &'static str = "Lines that are site furniture, not article text.";
    const RULES: &'static [&'static crate::rules::RuleMeta] = self::RULES;
    const CORPUS_YIELDS_TO_LOCAL: &'static [&'static crate::rules::RuleMeta] =
        &[&repeated_line::META];
    type Compiled = self::Compiled;
    type Local = self::Local;
    type Features = self::Features;
    type Index = self::CorpusIndex;

    fn compile(
        config: &crate::config::Config,
    ) -> Result<Self::Compiled, crate::config::ConfigError> {
        self::Compiled::new(config)
    }
    fn warm_up() {
        self::warm_up();
    }
    #[inline]
    fn local(ctx: &crate::rules::Ctx, _words: &mut crate::rules::WordScratch) -> Self::Local {
        self::local(ctx)
    }
    fn check(
        ctx: &crate::rules::Ctx,
        p: &[crate::rules::Placed<Self::Local>],
        _doc: &crate::rules::DocScratch,
        out: &mut crate::rules::Sink,
    ) -> Self::Features {
        self::check(ctx, p, out)
    }
    fn index_add(index: &mut Self::Index, doc: usize, f: &Self::Features) {
        index.add(doc, f);
    }
    fn index_remove(index: &mut Self::Index, doc: usize, f: &Self::Features) {
        index.remove(doc, f);
    }
    fn index_merge(into: &mut Self::Index, other: Self::Index) {
        into.merge(other);
    }
    fn corpus_check(
        doc: usize,
        f: &Self::Features,
        index: &Self::Index,
        docs: usize,
        config: &crate::config::Config,
        out: &mut crate::rules::Sink,
    ) {
        self::corpus_check(doc, f, index, docs, config, out);
    }
}
