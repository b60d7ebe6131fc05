//! `boilerplate/copyright`: a copyright or all-rights-reserved line.
use crate::base::finding::Severity;
use crate::rules::{Example, RuleMeta};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "boilerplate/copyright",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "A copyright or all-rights-reserved line",
    explanation: include_str!("copyright.md").trim_ascii_end(),
    bad: &[Example::text(
        "Copyright © 2024 Example Daily. All rights reserved.",
    )],
    good: &[Example::text("Copyright law was amended in 2020.")],
};

/// Its built-in whole-line patterns, tried on the trimmed line with case
/// ignored, in this order, as part of the family's one pattern set
/// (`patterns.rs`).
pub(super) const PATTERNS: &[&str] = &[
    r"^(?:copyright\s*(?:©|\(c\)|[0-9]{4})|©|\(c\)\s*[0-9]{4}).{0,160}$",
    r"^(?:.{0,120}(?:[.,;|©]|[0-9]{4})\s*)?all rights reserved\.?$",
];

/// The message of its line findings.
pub(super) const MESSAGE: &str = "copyright line: site furniture, not article text";
