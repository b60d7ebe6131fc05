//! `boilerplate/navigation`: navigation, share and related-links lines.
use crate::base::finding::Severity;
use crate::rules::{Example, RuleMeta};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "boilerplate/navigation",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "Navigation, share and related-links lines",
    explanation: include_str!("navigation.md").trim_ascii_end(),
    bad: &[
        Example::text("Related Pages"),
        Example::text("Share this:"),
        Example::text("Tags: economy, industry"),
    ],
    good: &[Example::text(
        "Related pages of the report were published in May.",
    )],
};

/// Its built-in whole-line patterns, tried on the trimmed line with case
/// ignored, in this order, as part of the family's one pattern set
/// (`patterns.rs`).
pub(super) const PATTERNS: &[&str] = &[
    r"^related (?:pages|posts|articles|news|stories|links|reading|content)\s*:?$",
    r"^(?:previous|next|prev) (?:article|post|story|page|news)(?-u:\b)(?:\s*[:：»>].{0,150})?$",
    r"^share (?:this|this article|this story|this page|this post|on|via)\s*:?(?:\s*(?:facebook|twitter|x|weibo|wechat|email|linkedin|whatsapp|telegram|reddit)[\s,|]*)*$",
    r"^print(?: this (?:article|page|story))?$",
    r"^back to top$",
    r"^read more\s*(?:»|>>|\.\.\.|…|>)?$",
    r"^tags?\s*[:：].{0,200}$",
    r"^(?:you may also like|recommended for you|more stories|most read|popular posts)\s*:?$",
];

/// The message of its line findings.
pub(super) const MESSAGE: &str = "navigation line: site furniture, not article text";
