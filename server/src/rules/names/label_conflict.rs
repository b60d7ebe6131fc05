//! `names/label-conflict`: one name tagged with two different labels.

use rustc_hash::FxHashMap;

use crate::base::finding::{DocRef, Finding, Severity};
use crate::rules::{Ctx, Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "names/label-conflict",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "One name tagged with two different labels",
    explanation: include_str!("label_conflict.md").trim_ascii_end(),
    bad: &[Example::text(
        "[Qinghai]{LOC} grew. [Qinghai]{LOC} is big. [Qinghai]{ORG} said so.",
    )],
    good: &[Example::text("[Qinghai]{LOC} grew. [Qinghai]{LOC} is big.")],
};

/// One surface tagged with two labels.
pub(crate) fn check_label_conflicts(ctx: &Ctx, out: &mut Sink) {
    let tags = &ctx.tagged.tags;
    if tags.len() < 2 {
        return;
    }
    let mut by_surface: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, t) in tags.iter().enumerate() {
        by_surface
            .entry(ctx.text[t.plain.clone()].to_lowercase())
            .or_default()
            .push(i);
    }
    for members in by_surface.values() {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for &i in members {
            let l = tags[i].label.as_str();
            match counts.iter_mut().find(|c| c.0 == l) {
                Some(c) => c.1 += 1,
                None => counts.push((l, 1)),
            }
        }
        if counts.len() < 2 {
            continue;
        }
        let best = counts.iter().max_by_key(|c| c.1).expect("counts").0;
        let best_tag = members
            .iter()
            .map(|&i| &tags[i])
            .find(|t| t.label == best)
            .expect("best");
        for &i in members {
            let t = &tags[i];
            if t.label == best {
                continue;
            }
            // Tag spans are original offsets; this rule reports plain ones,
            // so point at the surface and let the engine map it back.
            out.push(
                Finding::new(
                    &META,
                    t.plain.clone(),
                    format!(
                        "\"{}\" is tagged {} here and {} elsewhere",
                        &ctx.text[t.plain.clone()],
                        t.label,
                        best
                    ),
                )
                .with_related(
                    DocRef::This,
                    best_tag.plain.clone(),
                    format!("tagged {best} here"),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::names::testing::check;

    #[test]
    fn one_name_two_labels() {
        let t = "[Qinghai]{LOC} grew. [Qinghai]{LOC} is big. [Qinghai]{ORG} said.";
        let fs = check(&[t]).remove(0);
        let f: Vec<_> = fs
            .iter()
            .filter(|f| f.rule == "names/label-conflict")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!(&t[f[0].span.clone()], "Qinghai");
        assert!(f[0].span.start > t.rfind("[Qinghai]").unwrap());
    }
}
