//! `tags/label-mismatch`: a tag whose label differs from its registry
//! entity's label, with the safe fix to the registry's label.

use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::config::Entity;
use crate::rules::{Example, RuleMeta};
use crate::tags::Tag;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "tags/label-mismatch",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "A tag whose label differs from its registry entity's label",
    explanation: include_str!("label_mismatch.md").trim_ascii_end(),
    bad: &[Example {
        text: "[China Minmetals Group]{LOC:minmetals} signed the deal.",
        config: super::EXAMPLE_REGISTRY,
        other_files: &[],
    }],
    good: &[Example {
        text: "[China Minmetals Group]{ORG:minmetals} signed the deal.",
        config: super::EXAMPLE_REGISTRY,
        other_files: &[],
    }],
};

/// The finding for `tag`, whose id names `entity`, when its label is a
/// configured one (an unknown label is `tags/unknown-label`'s) other
/// than the entity's.
pub(super) fn finding(labels: &[String], tag: &Tag, entity: &Entity) -> Option<Finding> {
    if entity.label == tag.label || !labels.contains(&tag.label) {
        return None;
    }
    Some(
        Finding::new(
            &META,
            tag.label_span.clone(),
            format!(
                "tag label {} differs from {}'s registry label {}",
                tag.label, entity.id, entity.label
            ),
        )
        .with_fix(Fix::safe(
            format!("Change label to {}", entity.label),
            vec![Edit {
                span: tag.label_span.clone(),
                new_text: entity.label.clone(),
            }],
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::{findings, hits};
    use super::super::EXAMPLE_REGISTRY as MINMETALS;
    use crate::base::rule_meta::Example;
    use crate::fix::apply_edits;

    const RULE: &str = "tags/label-mismatch";

    #[test]
    fn a_label_other_than_the_registry_label_is_caught() {
        let text = "[China Minmetals Group]{LOC:minmetals} signed.";
        assert_eq!(hits(MINMETALS, text, RULE), ["LOC"]);
        let e = Example {
            text,
            config: MINMETALS,
            other_files: &[],
        };
        let fs: Vec<_> = findings(&e)
            .into_iter()
            .filter(|f| f.rule == RULE)
            .collect();
        let fix = &fs[0].fixes[0];
        assert!(fix.safe);
        assert_eq!(
            apply_edits(text, fix.edits.clone()),
            "[China Minmetals Group]{ORG:minmetals} signed."
        );
    }

    #[test]
    fn matching_unknown_or_missing_labels_pass() {
        for text in [
            "[China Minmetals Group]{ORG:minmetals} signed.",
            // No id: nothing to compare with.
            "[China Minmetals Group]{LOC} signed.",
            // An unknown label is `tags/unknown-label`'s finding only.
            "[China Minmetals Group]{PRE:minmetals} signed.",
            // An unknown id is `tags/unknown-entity`'s.
            "[China Minmetals Group]{LOC:minmetal} signed.",
            "The “China Minmetals Group” (LOC) signed.",
        ] {
            assert!(hits(MINMETALS, text, RULE).is_empty(), "{text}");
        }
    }
}
