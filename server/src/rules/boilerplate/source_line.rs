//! `boilerplate/source-line`: a source, dateline or `Updated on` line.
use crate::base::finding::Severity;
use crate::rules::{Example, RuleMeta};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "boilerplate/source-line",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "A source, dateline or Updated on line",
    explanation: include_str!("source_line.md").trim_ascii_end(),
    bad: &[
        Example::text("Mondo Finance Updated on 2024-03-07"),
        Example::text("Source: Provincial Daily"),
    ],
    good: &[Example::text(
        "The source of the funds was published on Monday.",
    )],
};

/// Its built-in whole-line patterns, tried on the trimmed line with case
/// ignored, in this order, as part of the family's one pattern set
/// (`patterns.rs`).
pub(super) const PATTERNS: &[&str] = &[
    r"^(?:source|sources|from|via)\s*[:：].{1,120}$",
    r"^(?:published|updated|posted|release time|publish time|date)\s*(?:on|at)?\s*[:：]?\s*[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}.{0,60}$",
    r"^(?:published|updated|posted)\s*[:：].{1,80}$",
    r"^.{1,80}(?-u:\b)(?:updated|published|posted)\s+(?:on|at)\s+[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$",
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?\s+(?:source|from)\s*[:：].{0,120}$",
];

/// The message of its line findings.
pub(super) const MESSAGE: &str = "source or dateline line: site furniture, not article text";
