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
    // Leftover bracket or brace characters on the line (a malformed
    // tag, an escape) could swallow the new tag: no fix there.
    let line = ctx.lines.line_content(text, ctx.lines.line_of(s));
    let clean_line = !text[line].contains(['[', ']', '{', '}']);
    let valid_label = ctx.config.labels.contains(&entity.label);
    if clean_line && valid_label {
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
