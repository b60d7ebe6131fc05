//! Mentions with one key and two surfaces in one article: every
//! spelling but the canonical one is reported, with a fix that re-cases
//! it word by word.

use rustc_hash::FxHashMap;

use super::META;
use crate::base::finding::{DocRef, Edit, Finding, Fix};
use crate::base::text::Span;
use crate::rules::names::mention::Mention;
use crate::rules::names::report::{line_no, push_outermost};
use crate::rules::{Ctx, Sink};
use crate::scan::words::{words, Word};

/// Edits that re-case `variant` (plain span) word by word to `canonical`.
fn recase_edits(ctx: &Ctx, variant: &Span, canonical: &str) -> Vec<Edit> {
    let vw: Vec<Word> = words(&ctx.text[variant.clone()])
        .into_iter()
        .filter(|w| !w.paren)
        .collect();
    let cw: Vec<Word> = words(canonical).into_iter().filter(|w| !w.paren).collect();
    if vw.len() != cw.len() {
        return Vec::new();
    }
    let base = variant.start;
    vw.iter()
        .zip(&cw)
        .filter_map(|(v, c)| {
            let (vt, ct) = (
                &ctx.text[base + v.span.start..base + v.span.end],
                &canonical[c.span.clone()],
            );
            (vt != ct).then(|| Edit {
                span: base + v.span.start..base + v.span.end,
                new_text: ct.to_string(),
            })
        })
        .collect()
}

/// Mentions grouped by key, variants reported.
pub(crate) fn check_variants(ctx: &Ctx, found: &[(Mention, Span)], out: &mut Sink) {
    // Built once per configuration, not per document.
    let registry_names = &ctx.compiled.names.registry_keys;
    // Mentions grouped by key, each group in document order: numbered by
    // first appearance, then laid out by a counting sort (no list per key).
    let mut number: FxHashMap<u64, u32> =
        FxHashMap::with_capacity_and_hasher(found.len() / 2, Default::default());
    let group_of: Vec<u32> = found
        .iter()
        .map(|(m, _)| {
            let next = number.len() as u32;
            *number.entry(m.key).or_insert(next)
        })
        .collect();
    let mut start = vec![0u32; number.len() + 1];
    for &g in &group_of {
        start[g as usize + 1] += 1;
    }
    for g in 0..number.len() {
        start[g + 1] += start[g];
    }
    let mut members_of = vec![0u32; found.len()];
    let mut fill = start.clone();
    for (i, &g) in group_of.iter().enumerate() {
        members_of[fill[g as usize] as usize] = i as u32;
        fill[g as usize] += 1;
    }
    let mut groups: Vec<(u64, Vec<usize>)> = start
        .windows(2)
        .map(|w| &members_of[w[0] as usize..w[1] as usize])
        .filter(|members| {
            let first = &found[members[0] as usize].0;
            members.iter().any(|&i| found[i as usize].0.clean)
                && members
                    .iter()
                    .any(|&i| found[i as usize].0.surface != first.surface)
        })
        .map(|members| {
            (
                found[members[0] as usize].0.key,
                members.iter().map(|&i| i as usize).collect(),
            )
        })
        .collect();
    // Longer names decide first: a shorter name inside a mention that a
    // longer name's group already covers must not pick another canonical
    // spelling for the same words (the fixes would undo each other).
    groups.sort_by_key(|(key, members)| {
        (
            std::cmp::Reverse(members.iter().map(|&i| found[i].1.len()).max()),
            *key,
        )
    });
    // The spans of the reported groups' members, by start; a span that
    // covers another starts at most `longest` bytes before it.
    let longest = found.iter().map(|(_, s)| s.len()).max().unwrap_or(0);
    let mut claimed: std::collections::BTreeMap<usize, usize> = Default::default();
    let is_claimed = |claimed: &std::collections::BTreeMap<usize, usize>, s: &Span| {
        claimed
            .range(s.start.saturating_sub(longest)..=s.start)
            .any(|(_, &end)| s.end <= end)
    };
    let mut reported: Vec<Finding> = Vec::new();
    for (key, members) in groups {
        let members: Vec<usize> = members
            .into_iter()
            .filter(|&i| !is_claimed(&claimed, &found[i].1))
            .collect();
        // Spellings, each with its count and first member.
        let mut surfaces: Vec<(u64, usize, usize)> = Vec::new();
        for &i in &members {
            match surfaces.iter_mut().find(|s| s.0 == found[i].0.surface) {
                Some(s) => s.1 += 1,
                None => surfaces.push((found[i].0.surface, 1, i)),
            }
        }
        if surfaces.len() < 2 || !members.iter().any(|&i| found[i].0.clean) {
            continue;
        }
        for &i in &members {
            let s = &found[i].1;
            let end = claimed.entry(s.start).or_insert(s.end);
            *end = (*end).max(s.end);
        }
        let registry = registry_names.get(&key);
        let canonical = *surfaces
            .iter()
            .max_by(|a, b| {
                let (ma, mb) = (&found[a.2].0, &found[b.2].0);
                let reg = |i: usize| registry.is_some_and(|r| *r == ctx.text[found[i].1.clone()]);
                (
                    reg(a.2),
                    a.1,
                    ma.caps,
                    !ma.adjective,
                    std::cmp::Reverse(a.2),
                )
                    .cmp(&(
                        reg(b.2),
                        b.1,
                        mb.caps,
                        !mb.adjective,
                        std::cmp::Reverse(b.2),
                    ))
            })
            .expect("two surfaces");
        let canon_span = &found[canonical.2].1;
        let canon_written = &ctx.text[canon_span.clone()];
        let canon_text: &str = registry.map_or(canon_written, String::as_str);
        for &i in &members {
            let (m, span) = &found[i];
            if m.surface == canonical.0 {
                continue;
            }
            let edits = recase_edits(ctx, span, canon_text);
            let mut f = Finding::new(
                &META,
                span.clone(),
                format!(
                    "\"{}\" is written \"{}\" on line {}",
                    &ctx.text[span.clone()],
                    canon_text,
                    line_no(ctx, canon_span.start)
                ),
            )
            .with_related(
                DocRef::This,
                canon_span.clone(),
                format!("written \"{canon_written}\" here"),
            );
            if !edits.is_empty() {
                f = f.with_fix(Fix::unsafe_(format!("Write \"{canon_text}\""), edits));
            }
            reported.push(f);
        }
    }
    push_outermost(reported, out);
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::Engine;
    use crate::rules::names::testing::{check, names};

    #[test]
    fn country_adjective_variant_is_reported_once() {
        let t = "The province and the Chinese Minmetals Group met. China Minmetals Group Chairman He Wenbo spoke. Minmetals Group will invest.";
        let out = check(&[t]);
        assert_eq!(
            names(&out[0], t),
            [(
                "names/inconsistent-spelling".to_string(),
                "Chinese Minmetals Group".to_string()
            )]
        );
        let f = &out[0]
            .iter()
            .find(|f| f.rule == "names/inconsistent-spelling")
            .unwrap();
        let fixed = crate::base::fix::apply_edits(t, f.fixes[0].edits.clone());
        assert!(fixed.contains("the China Minmetals Group met"), "{fixed}");
    }

    #[test]
    fn nested_names_agree_on_one_spelling() {
        // The longer name (China, the registry-free tie-break) decides; the
        // shorter "Chinese Hengtai Copper" inside it must not pull the other way.
        let t = "China Hengtai Copper Group met. Chinese Hengtai Copper Group said. Chinese Hengtai Copper plants grew.";
        let engine = Engine::new(Config::default()).unwrap();
        let (fixed, _) =
            crate::base::fix::fix_until_stable(t, crate::base::fix::FixMode::All, 8, |x| {
                engine.check(x)
            });
        assert_eq!(fixed, t.replace("Chinese", "China"));
        let (again, n) =
            crate::base::fix::fix_until_stable(&fixed, crate::base::fix::FixMode::All, 8, |x| {
                engine.check(x)
            });
        assert_eq!((again.as_str(), n), (fixed.as_str(), 0));
    }

    #[test]
    fn a_shorter_second_reference_is_fine() {
        let t = "China Minmetals Group signed. Later Minmetals Group said it would invest. Minmetals Group grew.";
        assert!(names(&check(&[t])[0], t).is_empty());
    }

    #[test]
    fn names_used_consistently_are_not_reported() {
        let t = "Vice mayor Xu Guocheng spoke. Zhang Yong and Gao Weimin came. Zhang Yong asked. He Wenbo said, Xu Guocheng agreed.";
        assert!(names(&check(&[t])[0], t).is_empty());
    }

    #[test]
    fn case_variant_within_an_article() {
        let t = "Officials visited the Yellow River Nanchuan Industrial Park. Later the Yellow River nanchuan Industrial Park grew.";
        let out = check(&[t]);
        assert_eq!(
            names(&out[0], t),
            [(
                "names/inconsistent-spelling".into(),
                "Yellow River nanchuan Industrial Park".into()
            )]
        );
    }

    #[test]
    fn lowercase_generic_phrases_are_not_names() {
        let t = "The Municipal Party Committee met. The municipal party committee is large.";
        assert!(names(&check(&[t])[0], t).is_empty());
    }
}
