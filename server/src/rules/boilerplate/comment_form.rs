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
        Example::text("Posted by Ann Lee at 10:24 AM"),
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

/// Its whole-line patterns of comment and account widgets on web pages,
/// tried after every other built-in pattern, so that they never take a
/// line from another rule.
pub(super) const PAGE_PATTERNS: &[&str] = &[
    r"^(?:reply|reply to this(?: comment)?|log in to reply|report (?:abuse|this comment)|flag as inappropriate)$",
    r"^(?:posted|submitted) (?:by|in)(?-u:\b).{0,80}$",
    r"^posted(?: by)?:?$",
    r"^(?:[|·]\s*)?(?:permalink|trackbacks?(?:[- ]url)?|pingbacks?)(?:\s*\([0-9]+\))?$",
    r"^(?:[|·]\s*)?(?:(?:no|one) (?:comments?|responses?|replies)|comments?\s*\([0-9]+\)|comments?|add (?:a )?comment|(?:view|show) comments)$",
    r"^(?:sign ?up|subscribe|log ?in|sign ?in|register|log ?out|sign ?out|join)(?: now| today| here| for free| free)?\s*[!»>]?$",
    r"^(?:(?:user ?name|e-?mail address|password)\s*:?|forgot(?:ten)? (?:your )?password\??|remember me)$",
    r"^(?:name|e-?mail(?: address)?|mail|website|url|comment)\s*(?:\((?:will not be published|not published|required|optional)\)\s*)+$",
];

/// The message of its line findings.
pub(super) const MESSAGE: &str = "comment-form line: site furniture, not article text";
