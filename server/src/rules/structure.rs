//! `structure/` rules.

use super::{Ctx, RuleMeta, Sink};
use crate::finding::Severity;

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "structure/empty-list-slot",
        default_severity: Severity::Warning,
        summary: "A list with an empty slot where a name was dropped",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "structure/truncated-sentence",
        default_severity: Severity::Warning,
        summary: "A sentence cut off after a function word",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "structure/duplicate-paragraph",
        default_severity: Severity::Warning,
        summary: "A paragraph that repeats an earlier one",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "structure/blank-lines",
        default_severity: Severity::Hint,
        summary: "A run of more than one blank line",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "structure/indentation",
        default_severity: Severity::Hint,
        summary: "Paragraphs indented inconsistently",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
];

pub fn check(_ctx: &Ctx, _out: &mut Sink) {
    let _ = Severity::Hint;
}
