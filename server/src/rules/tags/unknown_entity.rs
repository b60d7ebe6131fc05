//! `tags/unknown-entity`: a tag that names an entity id missing from the
//! registry.

use crate::base::finding::{Finding, Severity};
use crate::base::text::Span;
use crate::rules::{Example, RuleMeta};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "tags/unknown-entity",
    source: file!(),
    default_severity: Severity::Error,
    summary: "A tag that names an entity id missing from the registry",
    explanation: include_str!("unknown_entity.md").trim_ascii_end(),
    bad: &[Example {
        text: "[Minmetals]{ORG:minmetal} signed the deal.",
        config: super::EXAMPLE_REGISTRY,
        other_files: &[],
    }],
    good: &[Example {
        text: "[Minmetals]{ORG:minmetals} signed the deal.",
        config: super::EXAMPLE_REGISTRY,
        other_files: &[],
    }],
};

/// The finding for a tag whose entity `id` (at `id_span`) is not in the
/// registry.
pub(super) fn finding(id: &str, id_span: &Span) -> Finding {
    Finding::new(
        &META,
        id_span.clone(),
        format!("no entity {id:?} in the registry (lede.toml)"),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::hits;
    use super::super::EXAMPLE_REGISTRY as MINMETALS;

    const RULE: &str = "tags/unknown-entity";

    #[test]
    fn an_id_missing_from_the_registry_is_caught() {
        let text = "[China Minmetals]{ORG:minmetal} and [Hao Peng]{PER:hao-peng} met.";
        assert_eq!(hits(MINMETALS, text, RULE), ["minmetal", "hao-peng"]);
        // With no registry every id is unknown.
        assert_eq!(
            hits("", "[Minmetals]{ORG:minmetals} grew.", RULE),
            ["minmetals"]
        );
    }

    #[test]
    fn registered_ids_and_tags_without_ids_pass() {
        for text in [
            "[China Minmetals Group]{ORG:minmetals} grew.",
            "[Minmetals]{ORG} grew.",
            "The group (ORG:minmetal) grew.",
            "[Minmetals]{LOC:minmetals} grew.",
        ] {
            assert!(hits(MINMETALS, text, RULE).is_empty(), "{text}");
        }
    }
}
