//! `structure/indentation`: paragraphs indented unlike most of the
//! article's paragraphs.

use rustc_hash::FxHashMap;

use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::rules::{Ctx, Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "structure/indentation",
    source: file!(),
    default_severity: Severity::Hint,
    summary: "Paragraphs indented inconsistently",
    explanation: include_str!("indentation.md").trim_ascii_end(),
    bad: &[Example::text(
        "The governor visited the port.\n\n  In April, she opened a new school.\n\n\
         The mayor did not attend.",
    )],
    good: &[Example::text(
        "The governor visited the port.\n\nIn April, she opened a new school.\n\n\
         The mayor did not attend.",
    )],
};

/// A first paragraph that is one short line without a final period: a
/// headline, which is often not indented like the body.
fn looks_like_title(s: &str) -> bool {
    s.len() <= 200 && !s.contains('\n') && !s.trim_end().ends_with(['.', '。'])
}

fn indent_len(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

pub(super) fn indentation(ctx: &Ctx, out: &mut Sink) {
    let paras = ctx.paragraphs;
    if paras.len() < 3 {
        return;
    }
    let indents: Vec<&str> = paras
        .iter()
        .map(|p| {
            let s = ctx.slice(p);
            &s[..indent_len(s)]
        })
        .collect();
    let indented = indents.iter().filter(|s| !s.is_empty()).count();
    let plain = paras.len() - indented;
    if indented == 0 || plain == 0 || indented == plain {
        return;
    }
    if indented < plain {
        for (p, ind) in paras.iter().zip(&indents) {
            if ind.is_empty() {
                continue;
            }
            let span = p.start..p.start + ind.len();
            out.push(
                Finding::new(
                    &META,
                    span.clone(),
                    format!(
                        "paragraph indented while {plain} of {} paragraphs are not",
                        paras.len()
                    ),
                )
                .with_fix(Fix::safe(
                    "Remove the indentation",
                    vec![Edit {
                        span,
                        new_text: String::new(),
                    }],
                )),
            );
        }
    } else {
        let mut freq: FxHashMap<&str, usize> = FxHashMap::default();
        for ind in indents.iter().filter(|s| !s.is_empty()) {
            *freq.entry(ind).or_default() += 1;
        }
        let common = freq
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map_or("", |(s, _)| s);
        for (k, (p, ind)) in paras.iter().zip(&indents).enumerate() {
            if !ind.is_empty() || (k == 0 && looks_like_title(ctx.slice(p))) {
                continue;
            }
            let end = ctx
                .slice(p)
                .chars()
                .next()
                .map_or(p.start, |c| p.start + c.len_utf8());
            out.push(
                Finding::new(
                    &META,
                    p.start..end,
                    format!(
                        "paragraph not indented while {indented} of {} paragraphs are",
                        paras.len()
                    ),
                )
                .with_fix(Fix::safe(
                    "Indent like the other paragraphs",
                    vec![Edit {
                        span: p.start..p.start,
                        new_text: common.to_string(),
                    }],
                )),
            );
        }
    }
}
