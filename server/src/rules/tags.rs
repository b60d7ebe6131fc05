//! `tags/` rules: problems with the inline entity tags themselves. These
//! read the original text and report original offsets.

use super::{Ctx, Example, RuleMeta, Sink};
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::tags::TagProblem;

pub(crate) const MALFORMED: RuleMeta = RuleMeta {
    id: "tags/malformed",
    default_severity: Severity::Error,
    summary: "Tag syntax that does not parse",
    explanation: include_str!("tags/malformed.md").trim_ascii_end(),
    bad: &[
        Example::text("[Hao Peng]{PER"),
        Example::text("[Hao Peng]{}"),
        Example::text("[]{PER}"),
    ],
    good: &[
        Example::text("[Hao Peng]{PER}"),
        Example::text("see [1] above"),
        Example::text("\\[sic\\]{note}"),
    ],
};

pub(crate) const UNKNOWN_LABEL: RuleMeta = RuleMeta {
    id: "tags/unknown-label",
    default_severity: Severity::Error,
    summary: "A tag whose label is not one of the configured labels",
    explanation: include_str!("tags/unknown_label.md").trim_ascii_end(),
    bad: &[Example::text("[Hao Peng]{PRE}")],
    good: &[Example::text("[Hao Peng]{PER}")],
};

pub(crate) const UNKNOWN_ENTITY: RuleMeta = RuleMeta {
    id: "tags/unknown-entity",
    default_severity: Severity::Error,
    summary: "A tag that names an entity id missing from the registry",
    explanation: include_str!("tags/unknown_entity.md").trim_ascii_end(),
    bad: &[Example::text(
        "[Minmetals]{ORG:minmetal} (registry has `minmetals`)",
    )],
    good: &[Example::text("[Minmetals]{ORG:minmetals}")],
};

pub(crate) const LABEL_MISMATCH: RuleMeta = RuleMeta {
    id: "tags/label-mismatch",
    default_severity: Severity::Warning,
    summary: "A tag whose label differs from its registry entity's label",
    explanation: include_str!("tags/label_mismatch.md").trim_ascii_end(),
    bad: &[Example::text(
        "[China Minmetals Group]{LOC:minmetals} (registry: ORG)",
    )],
    good: &[Example::text("[China Minmetals Group]{ORG:minmetals}")],
};

pub(crate) const OVERLAPPING: RuleMeta = RuleMeta {
    id: "tags/overlapping",
    default_severity: Severity::Error,
    summary: "A tag inside another tag",
    explanation: include_str!("tags/overlapping.md").trim_ascii_end(),
    bad: &[Example::text("[Bank of [China]{LOC}]{ORG}")],
    good: &[Example::text("[Bank of China]{ORG}")],
};

pub const RULES: &[&RuleMeta] = &[
    &MALFORMED,
    &UNKNOWN_LABEL,
    &UNKNOWN_ENTITY,
    &LABEL_MISMATCH,
    &OVERLAPPING,
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
            TagProblem::UnclosedBrace => {
                (&MALFORMED, "tag label is not closed with `}`".to_string())
            }
            TagProblem::EmptyLabel => (&MALFORMED, "tag has an empty label".to_string()),
            TagProblem::EmptySurface => (
                &MALFORMED,
                "tag has no text inside its brackets".to_string(),
            ),
            TagProblem::BadLabel(l) => (
                &MALFORMED,
                format!("tag label or id {l:?} may only use letters, digits, `_`, `-` and `.`"),
            ),
            TagProblem::NoOpeningBracket => (
                &MALFORMED,
                "`]{` has no opening `[` on this line".to_string(),
            ),
            TagProblem::Nested => (&OVERLAPPING, "tags do not nest".to_string()),
        };
        out.push(Finding::new(rule, e.span.clone(), message));
    }
    let labels = &ctx.config.labels;
    for tag in &ctx.tagged.tags {
        if !labels.contains(&tag.label) {
            let mut f = Finding::new(
                &UNKNOWN_LABEL,
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
                &UNKNOWN_ENTITY,
                id_span.clone(),
                format!("no entity {id:?} in the registry (lede.toml)"),
            )),
            Some(entity) if entity.label != tag.label && labels.contains(&tag.label) => out.push(
                Finding::new(
                    &LABEL_MISMATCH,
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
