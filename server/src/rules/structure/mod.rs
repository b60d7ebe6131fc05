//! `structure/` rules: damage to sentences, lists and paragraphs.
//!
//! The family's wiring: each rule lives in its own file; the word 2-gram
//! shingles the duplicate check compares, and their numbering, in
//! [`shingles`].

use super::{placed_findings, Ctx, Placed, RuleMeta, Sink};
use crate::base::finding::Finding;

pub(crate) mod blank_lines;
pub(crate) mod duplicate_headline;
pub(crate) mod duplicate_paragraph;
pub(crate) mod empty_list_slot;
pub(crate) mod indentation;
pub(crate) mod shingles;
pub(crate) mod truncated_sentence;

pub use shingles::ShingleIds;

pub const RULES: &[&RuleMeta] = &[
    &empty_list_slot::META,
    &truncated_sentence::META,
    &duplicate_paragraph::META,
    &duplicate_headline::META,
    &blank_lines::META,
    &indentation::META,
];

/// Paragraphs longer than this (bytes) are not compared.
const MAX_PARAGRAPH: usize = 100_000;

/// What one paragraph shows alone.
#[derive(Debug, Clone, Default)]
pub struct Local {
    /// Empty list slots and cut-off sentences.
    pub findings: Vec<Finding>,
    /// Word 2-gram hashes for the duplicate check (empty for a short
    /// paragraph or one too long to compare), until [`ShingleIds::number`]
    /// turns them into `ids` (each once).
    shingles: Vec<u64>,
    ids: Vec<u32>,
}

/// [`local`] given the hashes [`word_hashes`] gives for the paragraph
/// (the names family's word pass finds them on the way).
pub fn local_from_word_hashes(ctx: &Ctx, words: &[u64]) -> Local {
    let mut findings = Vec::new();
    empty_list_slot::empty_slots(
        ctx.text,
        empty_list_slot::may_double(ctx.text, words),
        &mut findings,
    );
    truncated_sentence::truncated(ctx.text, &mut findings);
    let mut shingles = Vec::new();
    if ctx.text.len() <= MAX_PARAGRAPH {
        shingles::shingles_of(words, &mut shingles);
    }
    Local {
        findings,
        shingles,
        ids: Vec::new(),
    }
}

/// The paragraphs' local findings, then the checks that compare paragraphs
/// or look at the layout between them. Every paragraph's shingles must be
/// numbered by `ids`.
pub fn check(ctx: &Ctx, paragraphs: &[Placed<Local>], ids: &ShingleIds, out: &mut Sink) {
    placed_findings(
        paragraphs.iter().map(|p| (p.start, &p.local.findings[..])),
        out,
    );
    duplicate_paragraph::duplicates(ctx, paragraphs, ids.len(), out);
    duplicate_headline::duplicate_headline(ctx, paragraphs, out);
    blank_lines::blank_lines(ctx, out);
    indentation::indentation(ctx, out);
}

/// The structure family: damage to sentences, lists and paragraphs.
pub struct Structure;

impl crate::rules::Family for Structure {
    const NAME: &'static str = "structure";
    const ABOUT: &'static str = "Damage to sentences, lists and paragraphs.";
    const RULES: &'static [&'static crate::rules::RuleMeta] = self::RULES;
    type Compiled = ();
    type Local = self::Local;
    type Features = ();
    type Index = ();

    fn compile(_config: &crate::config::Config) -> Result<(), crate::config::ConfigError> {
        Ok(())
    }
    /// Reads the word hashes that the names family's pass left.
    #[inline]
    fn local(ctx: &crate::rules::Ctx, words: &mut crate::rules::WordScratch) -> Self::Local {
        self::local_from_word_hashes(ctx, &words.hashes)
    }
    fn number(local: &mut Self::Local, doc: &mut crate::rules::DocScratch) {
        doc.shingles.number(local);
    }
    fn numbered(local: &Self::Local) -> usize {
        self::ShingleIds::count(local)
    }
    fn check(
        ctx: &crate::rules::Ctx,
        p: &[crate::rules::Placed<Self::Local>],
        doc: &crate::rules::DocScratch,
        out: &mut crate::rules::Sink,
    ) {
        self::check(ctx, p, &doc.shingles, out);
    }
}
