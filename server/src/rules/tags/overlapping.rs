//! `tags/overlapping`: a tag inside another tag.

use crate::base::finding::{Finding, Severity};
use crate::rules::{Example, RuleMeta};
use crate::tags::{TagError, TagProblem};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "tags/overlapping",
    source: file!(),
    default_severity: Severity::Error,
    summary: "A tag inside another tag",
    explanation: include_str!("overlapping.md").trim_ascii_end(),
    bad: &[Example::text("[Bank of [China]{LOC}]{ORG}")],
    good: &[Example::text("[Bank of China]{ORG}")],
};

/// The finding for a nested tag; `None` for the other syntax errors
/// (`tags/malformed`).
pub(super) fn finding(e: &TagError) -> Option<Finding> {
    match e.problem {
        TagProblem::Nested => Some(Finding::new(
            &META,
            e.span.clone(),
            "tags do not nest".to_string(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::hits;

    const RULE: &str = "tags/overlapping";

    #[test]
    fn a_tag_inside_a_tag_is_caught() {
        // Both tags are reported: the outer and the one inside it.
        assert_eq!(
            hits("", "The [Bank of [China]{LOC}]{ORG} lent more.", RULE),
            ["[Bank of [China]{LOC}]{ORG}", "[China]{LOC}"]
        );
    }

    #[test]
    fn tags_side_by_side_do_not_overlap() {
        for text in [
            "The [Bank of China]{ORG} in [Xining]{LOC} lent more.",
            "[Hao Peng]{PER}[Xining]{LOC}",
            "The bank [of China] lent [more].",
            "The [Bank of China]{ORG} [see [1]] lent more.",
        ] {
            assert!(hits("", text, RULE).is_empty(), "{text}");
        }
    }
}
