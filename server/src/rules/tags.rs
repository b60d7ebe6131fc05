//! `tags/` rules: problems with the inline entity tags themselves. These
//! read the original text and report original offsets.

use super::{Ctx, RuleMeta, Sink};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::tags::TagProblem;

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "tags/malformed",
        default_severity: Severity::Error,
        summary: "Tag syntax that does not parse",
        explanation: "A tag is `[surface]{LABEL}` or `[surface]{LABEL:entity-id}` on one line. This rule reports \
a `]{` without its closing `}`, an empty label or surface, a label or id with characters other than letters, \
digits, `_`, `-` and `.`, and a `]{...}` with no opening `[`. Plain brackets such as `[1]` are text, not tags; \
write `\\[` and `\\]` for a literal bracket right before `{`. The text of a malformed tag is kept as it is.",
        bad: &["[Hao Peng]{PER", "[Hao Peng]{}", "[]{PER}"],
        good: &["[Hao Peng]{PER}", "see [1] above", "\\[sic\\]{note}"],
    },
    RuleMeta {
        id: "tags/unknown-label",
        default_severity: Severity::Error,
        summary: "A tag whose label is not one of the configured labels",
        explanation: "Labels come from `labels` in `lede.toml` (by default `PER`, `ORG`, `LOC`, `MISC`). A tag with \
another label is usually a typo. When a configured label is close, the fix replaces it.",
        bad: &["[Hao Peng]{PRE}"],
        good: &["[Hao Peng]{PER}"],
    },
    RuleMeta {
        id: "tags/unknown-entity",
        default_severity: Severity::Error,
        summary: "A tag that names an entity id missing from the registry",
        explanation: "`[surface]{LABEL:id}` links the mention to the `[[entity]]` with that `id` in `lede.toml`. \
An id that is not there is reported; add the entity to the registry or fix the id.",
        bad: &["[Minmetals]{ORG:minmetal} (registry has `minmetals`)"],
        good: &["[Minmetals]{ORG:minmetals}"],
    },
    RuleMeta {
        id: "tags/label-mismatch",
        default_severity: Severity::Warning,
        summary: "A tag whose label differs from its registry entity's label",
        explanation: "When a tag names a registry entity, its label should be the entity's label. The fix \
replaces the tag's label with the registry's.",
        bad: &["[China Minmetals Group]{LOC:minmetals} (registry: ORG)"],
        good: &["[China Minmetals Group]{ORG:minmetals}"],
    },
    RuleMeta {
        id: "tags/overlapping",
        default_severity: Severity::Error,
        summary: "A tag inside another tag",
        explanation: "Tags do not nest: an entity mention is one span with one label. Split the outer tag or \
drop one of the two.",
        bad: &["[Bank of [China]{LOC}]{ORG}"],
        good: &["[Bank of China]{ORG}"],
    },
];

/// Edit distance small enough to call two labels the same typo.
fn close(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_ascii_uppercase(), b.to_ascii_uppercase());
    if a == b {
        return true;
    }
    let mut sa: Vec<char> = a.chars().collect();
    let mut sb: Vec<char> = b.chars().collect();
    sa.sort_unstable();
    sb.sort_unstable();
    // Same letters in another order (PRE/PER), or one letter off.
    sa == sb
        || (a.len() == b.len() && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() <= 1)
}

pub fn check(ctx: &Ctx, out: &mut Sink) {
    for e in &ctx.tagged.errors {
        let (rule, message) = match &e.problem {
            TagProblem::UnclosedBrace => (
                "tags/malformed",
                "tag label is not closed with `}`".to_string(),
            ),
            TagProblem::EmptyLabel => ("tags/malformed", "tag has an empty label".to_string()),
            TagProblem::EmptySurface => (
                "tags/malformed",
                "tag has no text inside its brackets".to_string(),
            ),
            TagProblem::BadLabel(l) => (
                "tags/malformed",
                format!("tag label or id {l:?} may only use letters, digits, `_`, `-` and `.`"),
            ),
            TagProblem::NoOpeningBracket => (
                "tags/malformed",
                "`]{` has no opening `[` on this line".to_string(),
            ),
            TagProblem::Nested => ("tags/overlapping", "tags do not nest".to_string()),
        };
        out.push(Finding::new(rule, e.span.clone(), message));
    }
    let labels = &ctx.config.labels;
    for tag in &ctx.tagged.tags {
        if !labels.contains(&tag.label) {
            let mut f = Finding::new(
                "tags/unknown-label",
                tag.label_span.clone(),
                format!(
                    "unknown label {:?} (configured: {})",
                    tag.label,
                    labels.join(", ")
                ),
            );
            if let Some(good) = labels.iter().find(|l| close(l, &tag.label)) {
                f = f.with_fix(Fix::unsafe_(
                    format!("Change label to {good}"),
                    vec![Edit {
                        span: tag.label_span.clone(),
                        new_text: good.clone(),
                    }],
                ));
            }
            out.push(f);
        }
        let (Some(id), Some(id_span)) = (&tag.entity_id, &tag.entity_id_span) else {
            continue;
        };
        match ctx.config.entity(id) {
            None => out.push(Finding::new(
                "tags/unknown-entity",
                id_span.clone(),
                format!("no entity {id:?} in the registry (lede.toml)"),
            )),
            Some(entity) if entity.label != tag.label && labels.contains(&tag.label) => out.push(
                Finding::new(
                    "tags/label-mismatch",
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
            ),
            Some(_) => {}
        }
    }
}
