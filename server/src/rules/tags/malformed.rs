//! `tags/malformed`: tag syntax that does not parse.

use crate::base::finding::{Finding, Severity};
use crate::rules::{Example, RuleMeta};
use crate::tags::{TagError, TagProblem};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "tags/malformed",
    source: file!(),
    default_severity: Severity::Error,
    summary: "Tag syntax that does not parse",
    explanation: include_str!("malformed.md").trim_ascii_end(),
    bad: &[
        Example::text("[Hao Peng]{PER"),
        Example::text("[Hao Peng]{}"),
        Example::text("[]{PER}"),
    ],
    good: &[
        Example::text("[Hao Peng]{PER}"),
        Example::text("see [1] above"),
        Example::text("\\[sic\\]{note}"),
        Example::text("He called it “the [new] plan”."),
    ],
};

/// The finding for a syntax error, unless it is a nested tag
/// (`tags/overlapping`).
pub(super) fn finding(e: &TagError) -> Option<Finding> {
    let message = match &e.problem {
        TagProblem::UnclosedBrace => "tag label is not closed with `}`".to_string(),
        TagProblem::EmptyLabel => "tag has an empty label".to_string(),
        TagProblem::EmptySurface => "tag has no text inside its brackets".to_string(),
        TagProblem::BadLabel(l) => {
            format!("tag label or id {l:?} may only use letters, digits, `_`, `-` and `.`")
        }
        TagProblem::NoOpeningBracket => "`]{` has no opening `[` on this line".to_string(),
        TagProblem::Nested => return None,
    };
    Some(Finding::new(&META, e.span.clone(), message))
}

#[cfg(test)]
mod tests {
    use super::super::tests::hits;

    const RULE: &str = "tags/malformed";

    #[test]
    fn broken_tag_syntax_is_caught() {
        for (text, hit) in [
            ("Governor [Hao Peng]{PER said so.", "]{PER said so."),
            ("Governor [Hao Peng]{} said so.", "[Hao Peng]{}"),
            ("Governor []{PER} said so.", "[]{PER}"),
            ("Governor [Hao Peng]{P R} said so.", "[Hao Peng]{P R}"),
            ("Governor Hao Peng]{PER} said so.", "]{PER}"),
            (
                "[Hao Peng]{PER:hao peng} spoke.",
                "[Hao Peng]{PER:hao peng}",
            ),
        ] {
            let got = hits("", text, RULE);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert!(
                hit.contains(got[0].as_str()) || got[0].contains(hit),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn brackets_and_quotes_in_prose_are_not_tags() {
        for text in [
            "[Hao Peng]{PER} and [Xining]{LOC:xining} are tags.",
            "As noted in [1], output rose.",
            "The mayor said “[the plan] is sound” and left.",
            "The city’s “new energy” drive [...] continued.",
            "He wrote \\[sic\\]{note} in the margin.",
            "A set {1, 2} and a list [a, b] are text.",
            "Output [rose]. {Sharply} so.",
        ] {
            assert!(hits("", text, RULE).is_empty(), "{text}");
        }
    }
}
