//! A phrase doubled inside a company name (`new energy and new energy
//! Co. Ltd.`) where the article also writes the single form.

use rustc_hash::FxHashMap;

use super::META;
use crate::base::finding::{DocRef, Edit, Finding, Fix};
use crate::base::text::Span;
use crate::rules::names::lexicon::eq_ignore_case;
use crate::rules::names::report::line_no;
use crate::rules::names::search::occurrences_by_paragraph;
use crate::rules::names::Local;
use crate::rules::{Ctx, Placed, Sink};
use crate::scan::words::Word;

/// Company-name endings, longest first.
const COMPANY_SUFFIXES: &[&str] = &[
    "Co., Ltd",
    "Co.,Ltd",
    "Co. Ltd",
    "Co. Limited",
    "Corporation",
    "Company",
    "Group",
    "Ltd.",
];

/// A phrase doubled inside a company name (`new energy and new energy Co.
/// Ltd.`), as found in one paragraph; [`check_doubled_company`] reports it
/// when the article also has the single form.
#[derive(Debug, Clone)]
pub(crate) struct Doubled {
    /// From the first copy to the end of the company ending.
    doubled: Span,
    /// The second copy with the ending: the form to look for elsewhere.
    single: Box<str>,
    /// The repeated phrase, as written the second time.
    repeated: Span,
    /// What the fix deletes: the first copy and ` and `.
    fix: Span,
}

/// Doubled-phrase candidates of one paragraph: for each `and` (far rarer
/// than a byte scan for the endings), the phrase lengths whose copies
/// match, shortest first.
pub(crate) fn doubled_candidates(text: &str, ws: &[Word], ands: &[usize]) -> Vec<Vec<Doubled>> {
    let mut out = Vec::new();
    for &a in ands {
        let mut found = Vec::new();
        for k in 1..=3usize {
            let (Some(first_i), Some(next)) = (a.checked_sub(k), ws.get(a + 1 + k)) else {
                break;
            };
            let first = &ws[first_i..a];
            let second = &ws[a + 1..a + 1 + k];
            let one_clause = first[0].clause == next.clause;
            let same = one_clause
                && first
                    .iter()
                    .zip(second)
                    .all(|(x, y)| eq_ignore_case(&text[x.span.clone()], &text[y.span.clone()]));
            // Rarely the same words: test that before the suffixes.
            if !same {
                continue;
            }
            let Some(suffix) = COMPANY_SUFFIXES
                .iter()
                .find(|sfx| text[next.span.start..].starts_with(*sfx))
            else {
                continue;
            };
            let suffix = next.span.start - 1..next.span.start + suffix.len();
            let phrase = &text[second[0].span.start..suffix.start];
            found.push(Doubled {
                doubled: first[0].span.start..suffix.end,
                single: format!("{phrase}{}", &text[suffix.clone()]).into(),
                repeated: second[0].span.start..second[k - 1].span.end,
                fix: first[0].span.start..second[0].span.start,
            });
        }
        if !found.is_empty() {
            out.push(found);
        }
    }
    out
}

/// Reports each doubled phrase (the shortest whose single form the article
/// also has).
pub(crate) fn check_doubled_company(ctx: &Ctx, paragraphs: &[Placed<Local>], out: &mut Sink) {
    let text = ctx.text;
    // Where each single form occurs, all found in one pass over the text.
    let mut number: FxHashMap<&str, usize> = FxHashMap::default();
    let mut singles: Vec<&str> = Vec::new();
    for c in paragraphs
        .iter()
        .flat_map(|p| p.local.doubled.iter().flatten())
    {
        number.entry(&c.single).or_insert_with(|| {
            singles.push(&c.single);
            singles.len() - 1
        });
    }
    let found = occurrences_by_paragraph(ctx, paragraphs, &singles, false);
    for p in paragraphs {
        for candidates in &p.local.doubled {
            for c in candidates {
                let at = |s: &Span| p.start + s.start..p.start + s.end;
                let (doubled_span, single) = (at(&c.doubled), &*c.single);
                let other = found[number[single]].iter().copied().find(|&o| {
                    !(o >= doubled_span.start && o < doubled_span.end)
                        && (o == 0 || !text[..o].ends_with(char::is_alphanumeric))
                });
                let Some(other) = other else { continue };
                let name_end = other + single.len();
                out.push(
                    Finding::new(
                        &META,
                        doubled_span.clone(),
                        format!(
                            "\"{}\" repeats \"{}\"; the article also writes \"{}\" (line {})",
                            &text[doubled_span.clone()],
                            &text[at(&c.repeated)],
                            single.trim(),
                            line_no(ctx, other)
                        ),
                    )
                    .with_related(DocRef::This, other..name_end, "the single form")
                    .with_fix(Fix::unsafe_(
                        format!("Write \"{}\"", single.trim()),
                        vec![Edit {
                            span: at(&c.fix),
                            new_text: String::new(),
                        }],
                    )),
                );
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::names::testing::{check, names};

    #[test]
    fn doubled_phrase_in_a_company_name() {
        let t = "He came to the era of bright solar and bright solar Co. Ltd. research, and learned that bright solar Co. Ltd. built a line.";
        let out = check(&[t]);
        let n = names(&out[0], t);
        assert_eq!(
            n,
            [(
                "names/inconsistent-spelling".into(),
                "bright solar and bright solar Co. Ltd".into()
            )]
        );
        let fixed = crate::base::fix::apply_edits(
            t,
            out[0].iter().find(|f| f.family() == "names").unwrap().fixes[0]
                .edits
                .clone(),
        );
        assert!(
            fixed.contains("era of bright solar Co. Ltd. research"),
            "{fixed}"
        );
        // Without the single form elsewhere, nothing to compare with.
        let alone = "He came to the Sun and Sun Group offices.";
        assert!(names(&check(&[alone])[0], alone).is_empty());
    }
}
