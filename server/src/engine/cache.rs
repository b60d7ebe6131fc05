//! The editor's paragraph cache: the facts of the paragraphs of the last
//! version of a document, so that a keystroke re-checks one paragraph.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::families::{self, ParagraphFacts};
use crate::rules::DocScratch;

/// The facts of the paragraphs of the last analysed version of one
/// document, by text, so that the next analysis recomputes only the
/// paragraphs that changed. Holds exactly the paragraphs of the last
/// version (older ones are dropped), so it stays the size of the document.
#[derive(Debug, Clone, Default)]
pub struct ParagraphCache {
    pub(super) engine: u64,
    pub(super) entries: FxHashMap<u64, (Box<str>, Arc<ParagraphFacts>)>,
    /// The numbers the cached paragraphs' shingles were given.
    pub(super) numbers: DocScratch,
}

impl ParagraphCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many paragraphs it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Numbers of shingles no paragraph uses any more pile up as the text
    /// changes; when they outnumber the live ones well, start afresh (the
    /// next analysis checks every paragraph again).
    pub(super) fn trim(&mut self, facts: &[Arc<ParagraphFacts>]) {
        let live: usize = facts.iter().map(|f| families::numbered(f)).sum();
        if self.numbers.len() > 2 * live + 100_000 {
            *self = ParagraphCache {
                engine: self.engine,
                ..ParagraphCache::default()
            };
        }
    }
}

pub(super) fn text_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}
