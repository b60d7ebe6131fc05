//! `boilerplate/comment-form`: comment-form furniture such as `Leave a
//! Reply`.
use crate::base::finding::Severity;
use crate::rules::{Example, RuleMeta};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "boilerplate/comment-form",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "Comment-form furniture such as Leave a Reply",
    explanation: include_str!("comment_form.md").trim_ascii_end(),
    bad: &[
        Example::text("Leave a Reply"),
        Example::text("Your email address will not be published. Required fields are marked *"),
    ],
    good: &[Example::text(
        "The minister did not leave a reply to the letter.",
    )],
};

/// Its built-in whole-line patterns, tried on the trimmed line with case
/// ignored, in this order, as part of the family's one pattern set
/// (`patterns.rs`).
pub(super) const PATTERNS: &[&str] = &[
    r"^leave an? (?:reply|comment|response)(?: to .{1,120})?(?: cancel reply)?$",
    r"^your email address will not be published\.?(?: required fields are marked \*?)?$",
    r"^required fields are marked \*?$",
    r"^cancel reply$",
    r"^(?:post|submit) (?:a )?comment$",
    r"^save my name, email,? and website in this browser for the next time i comment\.?$",
    r"^you must be logged in to post a comment\.?$",
    r"^(?:comment|name|email|e-mail)\s*\*$",
    r"^[0-9]+ (?:comments?|responses?|replies)$",
];

/// The message of its line findings.
pub(super) const MESSAGE: &str = "comment-form line: site furniture, not article text";
