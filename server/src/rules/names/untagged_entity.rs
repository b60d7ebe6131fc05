//! `names/untagged-entity`: a registry entity mentioned without a tag in
//! an article that has tags (found by [`super::registry`]'s search).

use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::config::Entity;
use crate::rules::{Ctx, Example, RuleMeta};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "names/untagged-entity",
    source: file!(),
    default_severity: Severity::Hint,
    summary: "A registry entity mentioned without a tag in a tagged article",
    explanation: include_str!("untagged_entity.md").trim_ascii_end(),
    bad: &[Example {
        text: "[Hao Peng]{PER} met China Minmetals Group.",
        config: MINMETALS,
        other_files: &[],
    }],
    good: &[Example {
        text: "[Hao Peng]{PER} met [China Minmetals Group]{ORG:minmetals}.",
        config: MINMETALS,
        other_files: &[],
    }],
};

/// The examples' registry: one entity.
const MINMETALS: &str =
    "[[entity]]\nid = \"minmetals\"\nname = \"China Minmetals Group\"\nlabel = \"ORG\"\n";

/// The finding for the registry name `span`, written as the registry
/// writes it but not tagged.
pub(crate) fn finding(ctx: &Ctx, span: Span, entity: &Entity) -> Finding {
    let (s, e) = (span.start, span.end);
    let text = ctx.text;
    let found = &text[s..e];
    let mut f = Finding::new(
        &META,
        s..e,
        format!(
            "\"{found}\" is registry entity {} ({}) but is not tagged",
            entity.id, entity.label
        ),
    );
    // Only where the new tag parses as a tag of its own, in the original
    // (the plain text has no tag syntax left to see): not inside or
    // against another tag, an escape or a bracket left open. The ends are
    // mapped as the engine maps the fix's insertions.
    let tagged = &ctx.tagged;
    let (a, b) = (tagged.start_to_original(s), tagged.start_to_original(e));
    let wraps = b - a == e - s && tagged.can_wrap(a, b);
    let valid_label = ctx.config.labels.contains(&entity.label)
        && crate::tags::is_valid_label(&entity.label)
        && crate::tags::is_valid_label(&entity.id);
    if wraps && valid_label {
        let open = Edit {
            span: s..s,
            new_text: "[".into(),
        };
        let close = Edit {
            span: e..e,
            new_text: format!("]{{{}:{}}}", entity.label, entity.id),
        };
        f = f.with_fix(Fix::unsafe_(
            format!("Tag as [{found}]{{{}:{}}}", entity.label, entity.id),
            vec![open, close],
        ));
    }
    f
}
