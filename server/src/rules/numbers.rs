//! `numbers/` rules.

use super::{Ctx, RuleMeta, Sink};
use crate::finding::Severity;

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "numbers/glued-digits",
        default_severity: Severity::Warning,
        summary: "Digits glued to a word, often the lost decimal of a split number",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "numbers/implausible-percentage",
        default_severity: Severity::Warning,
        summary: "A percentage or percentage-point change that cannot be right",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "numbers/adjacent-numbers",
        default_severity: Severity::Warning,
        summary: "Two bare numbers side by side with nothing between them",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "numbers/mangled-date",
        default_severity: Severity::Warning,
        summary: "A date whose month and day became two bare numbers",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
    RuleMeta {
        id: "numbers/split-magnitude",
        default_severity: Severity::Info,
        summary: "A magnitude spelled in pieces, such as 7 billion 500 million",
        explanation: "TODO",
        bad: &[],
        good: &[],
    },
];

pub fn check(_ctx: &Ctx, _out: &mut Sink) {
    let _ = Severity::Hint;
}
