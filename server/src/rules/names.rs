//! `names/` rules: one entity written more than one way.

use super::{Ctx, RuleMeta, Sink};
use crate::config::Config;
use crate::engine::CorpusIndex as Index;
use crate::finding::Severity;

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "names/inconsistent-spelling",
        default_severity: Severity::Warning,
        summary: "One name written two ways in one article",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "names/alias-variant",
        default_severity: Severity::Warning,
        summary: "An alias the article defines, then writes differently",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "names/cross-file-variant",
        default_severity: Severity::Info,
        summary: "A name written differently in another file of the checked set",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "names/title-case",
        default_severity: Severity::Hint,
        summary: "A title before a name capitalised differently across files",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "names/untagged-entity",
        default_severity: Severity::Hint,
        summary: "A registry entity mentioned without a tag in a tagged article",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "names/label-conflict",
        default_severity: Severity::Warning,
        summary: "One name tagged with two different labels",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
];

/// Registry automata, compiled once per config.
#[derive(Debug, Default)]
pub struct Compiled {}

impl Compiled {
    pub fn new(_config: &Config) -> Self {
        Compiled {}
    }
}

/// Name mentions of one document, in original offsets.
#[derive(Debug, Clone, Default)]
pub struct Features {}

/// Name mentions across the corpus.
#[derive(Debug, Clone, Default)]
pub struct CorpusIndex {}

impl CorpusIndex {
    pub fn add(&mut self, _doc: usize, _f: &Features) {}
    pub fn remove(&mut self, _doc: usize, _f: &Features) {}
}

pub fn check(_ctx: &Ctx, _out: &mut Sink) {}

pub fn features(_ctx: &Ctx) -> Features {
    Features {}
}

pub fn corpus_check(_doc: usize, _f: &Features, _index: &Index, _config: &Config, _out: &mut Sink) {
}
