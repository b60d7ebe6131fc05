//! `names/spelling-variant`: one name written with the same letters in
//! two ways: another case inside a word (`NetEase` / `Netease`), another
//! hyphenation (`Asian-Americans` / `Asian Americans`) or another spacing
//! (`Zheng Wan` / `Zhengwan`).

use rustc_hash::FxHashMap;

use super::name_words::{Spelling, Table};
use super::report::line_no;
use crate::base::finding::{DocRef, Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::rules::{Ctx, Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "names/spelling-variant",
    source: file!(),
    default_severity: Severity::Info,
    summary: "One name written with the same letters but another case, hyphenation or spacing",
    explanation: include_str!("spelling_variant.md").trim_ascii_end(),
    bad: &[Example::text(
        "The Zheng Wan railway opened. Trains on the Zhengwan line run at 350 km/h, and the Zhengwan line is long.",
    )],
    good: &[Example::text(
        "The Zhengwan railway opened. Trains on the Zhengwan line run at 350 km/h.",
    )],
};

/// How two spellings with the same letters differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Case,
    Hyphenation,
    Spacing,
}

impl Kind {
    fn what(self) -> &'static str {
        match self {
            Kind::Case => "case",
            Kind::Hyphenation => "hyphenation",
            Kind::Spacing => "spacing",
        }
    }
}

/// Shortest name compared, in letters and digits.
const MIN_LETTERS: usize = 5;

fn kind(a: &Spelling, b: &Spelling) -> Option<Kind> {
    if a.case_key == b.case_key {
        // Two words or more in another case are `names/inconsistent-spelling`'s.
        (a.words == 1 && b.words == 1).then_some(Kind::Case)
    } else if !(a.whole && b.whole) {
        // A stretch of a longer name respaced is no evidence.
        None
    } else if a.hyphen_key == b.hyphen_key {
        Some(Kind::Hyphenation)
    } else {
        Some(Kind::Spacing)
    }
}

/// The findings of `names/spelling-variant` on the document's spellings,
/// leaving out any inside a span in `taken` (what
/// `names/inconsistent-spelling` reported).
pub(crate) fn check(ctx: &Ctx, t: &Table, taken: &[Span], out: &mut Sink) {
    // The spellings by key; a key with two spellings is a group.
    let mut keyed: Vec<(u64, usize)> = t
        .spellings
        .iter()
        .enumerate()
        .filter(|(_, s)| s.key_len >= MIN_LETTERS && s.has_lower)
        .map(|(i, s)| (s.key, i))
        .collect();
    keyed.sort_unstable();
    let mut found: Vec<Finding> = Vec::new();
    for group in keyed.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() >= 2) {
        // The canonical spelling: the most frequent, then a whole run,
        // then the first written.
        let &(_, canon) = group
            .iter()
            .max_by_key(|&&(_, i)| {
                let s = &t.spellings[i];
                (s.count, s.whole, std::cmp::Reverse(s.first.start))
            })
            .expect("two members");
        let c = &t.spellings[canon];
        let canon_text = &ctx.text[c.first.clone()];
        for &(_, i) in group.iter().filter(|&&(_, i)| i != canon) {
            let s = &t.spellings[i];
            let Some(kind) = kind(s, c) else {
                continue;
            };
            for span in t.at(i) {
                let written = &ctx.text[span.clone()];
                found.push(
                    Finding::new(
                        &META,
                        span.clone(),
                        format!(
                            "\"{written}\" differs only in {} from \"{canon_text}\" on line {}",
                            kind.what(),
                            line_no(ctx, c.first.start)
                        ),
                    )
                    .with_related(
                        DocRef::This,
                        c.first.clone(),
                        format!("written \"{canon_text}\" here"),
                    )
                    .with_fix(Fix::unsafe_(
                        format!("Write \"{canon_text}\""),
                        vec![Edit {
                            span: span.clone(),
                            new_text: canon_text.to_string(),
                        }],
                    )),
                );
            }
        }
    }
    edge_case(ctx, t, &mut found);
    push_untaken(found, taken, out);
}

/// Fewest words of a name whose edge word [`edge_case`] compares.
const MIN_EDGE_NAME: usize = 4;
/// How often the name must be written with that word capitalised.
const MIN_EDGE_COUNT: usize = 2;

/// The words of `s` joined by one space.
fn one_spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A long name written with its first or last word in lower case once
/// (`small Three Gorges Tunnel`) where the article writes that word
/// capitalised (`Small Three Gorges Tunnel`) at least twice, mid-sentence.
/// Only names of four words or more: a lower-case word before or after a
/// shorter name is mostly ordinary English (a title before a person,
/// `academician Zhong Nanshan`; a generic noun after a place, `Qinghai
/// province`).
fn edge_case(ctx: &Ctx, t: &Table, found: &mut Vec<Finding>) {
    let text = ctx.text;
    // The long runs as written (words one space apart), mid-sentence:
    // how often, and where first.
    let mut long: FxHashMap<String, (usize, Span)> = FxHashMap::default();
    for (span, words, initial) in t.runs() {
        if words < MIN_EDGE_NAME || initial || span.len() > 200 {
            continue;
        }
        long.entry(one_spaced(&text[span.clone()]))
            .or_insert((0, span))
            .0 += 1;
    }
    long.retain(|_, l| l.0 >= MIN_EDGE_COUNT);
    if long.is_empty() {
        return;
    }
    let lower_word = |w: &str| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase());
    let capitalised = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    for (span, words, _) in t.runs() {
        if words + 1 < MIN_EDGE_NAME || span.len() > 200 {
            continue;
        }
        // The word before, one space away, and the word after.
        let before = text[..span.start].strip_suffix(' ').map(|b| {
            let from = b.len() - b.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
            (from, &b[from..])
        });
        let after = text[span.end..].strip_prefix(' ').map(|a| {
            let len = a
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(a.len());
            (span.end + 1 + len, &a[..len])
        });
        let (before, after) = (
            before.filter(|b| lower_word(b.1)),
            after.filter(|a| lower_word(a.1)),
        );
        if before.is_none() && after.is_none() {
            continue;
        }
        let run = one_spaced(&text[span.clone()]);
        let mut edges: Vec<(Span, String)> = Vec::new();
        if let Some((from, w)) = before {
            edges.push((from..span.end, format!("{} {run}", capitalised(w))));
        }
        if let Some((to, w)) = after {
            edges.push((span.start..to, format!("{run} {}", capitalised(w))));
        }
        for (at, name) in edges {
            let Some((canon_text, (_, canon))) = long.get_key_value(&name) else {
                continue;
            };
            let written = &text[at.clone()];
            found.push(
                Finding::new(
                    &META,
                    at.clone(),
                    format!(
                        "\"{written}\" differs only in case from \"{canon_text}\" on line {}",
                        line_no(ctx, canon.start)
                    ),
                )
                .with_related(
                    DocRef::This,
                    canon.clone(),
                    format!("written \"{canon_text}\" here"),
                )
                .with_fix(Fix::unsafe_(
                    format!("Write \"{canon_text}\""),
                    vec![Edit {
                        span: at.clone(),
                        new_text: canon_text.clone(),
                    }],
                )),
            );
        }
    }
}

/// Pushes the findings that overlap no span of `taken`, the outermost of
/// nested ones only, in order.
pub(crate) fn push_untaken(mut found: Vec<Finding>, taken: &[Span], out: &mut Sink) {
    found.retain(|f| {
        !taken
            .iter()
            .any(|s| s.start < f.span.end && f.span.start < s.end)
    });
    super::report::push_outermost(found, out);
}

#[cfg(test)]
mod tests {
    use crate::rules::names::testing::{check, names};

    fn found(t: &str) -> Vec<(String, String)> {
        names(&check(&[t])[0], t)
    }

    fn variant(text: &str) -> Vec<(String, String)> {
        vec![("names/spelling-variant".into(), text.into())]
    }

    #[test]
    fn inner_capitals_differ() {
        let t = "Players of the NetEase Storm Team came. Later Tencent and Netease Blizzard fans met, and NetEase said so.";
        assert_eq!(found(t), variant("Netease"));
        let f = check(&[t]).remove(0);
        let f = f
            .iter()
            .find(|f| f.rule == "names/spelling-variant")
            .unwrap();
        assert!(f.message.contains("differs only in case"), "{}", f.message);
        let fixed = crate::base::fix::apply_edits(t, f.fixes[0].edits.clone());
        assert_eq!(fixed.matches("NetEase").count(), 3, "{fixed}");
    }

    #[test]
    fn two_words_in_another_case_are_reported_once() {
        // `names/inconsistent-spelling` has it; no second finding here.
        let t = "Players of the NetEase Storm Team came. Later the Netease Storm Team won.";
        assert_eq!(
            found(t),
            [(
                "names/inconsistent-spelling".to_string(),
                "Netease Storm Team".to_string()
            )]
        );
    }

    #[test]
    fn spacing_and_hyphenation_differ() {
        let t = "Officials met Zhang Hong Sen on Monday. On Tuesday, Zhang Hongsen spoke, and Zhang Hongsen left.";
        assert_eq!(found(t), variant("Zhang Hong Sen"));
        let t = "Many Asian-Americans voted. Asian Americans say so, and Asian Americans agree.";
        let fs = check(&[t]).remove(0);
        assert_eq!(names(&fs, t), variant("Asian-Americans"));
        assert!(
            fs[0].message.contains("differs only in hyphenation"),
            "{}",
            fs[0].message
        );
    }

    #[test]
    fn headlines_and_sentence_starts_are_no_evidence() {
        // The Title Case line and the document's first line spell nothing.
        let t = "Zheng Wan Railway Opens\n\nThe Zhengwan railway opened on Monday.";
        assert!(found(t).is_empty(), "{:?}", found(t));
        let t = "NEW LINE FOR ZhengWan\nThe Zhengwan railway opened on Monday.\n\nZhengwan Is Open\n\nIt runs to Zhengwan.";
        assert!(found(t).is_empty(), "{:?}", found(t));
    }

    #[test]
    fn parts_of_longer_names_and_lists_are_not_respaced() {
        // "Bai Hai" inside "Bai Bai Hai" and "Baihai" inside "Bai Baihai"
        // are no spellings of their own; a run stops at "and" and commas.
        let t = "Bai Bai Hai spoke. Then Bai Baihai and Bai Baihai left.";
        assert_eq!(found(t), variant("Bai Bai Hai"));
        let t = "Guests included Hong and Kong, Hongkong and Kong sent gifts.";
        assert!(found(t).is_empty(), "{:?}", found(t));
    }

    #[test]
    fn same_spellings_and_possessives_are_fine() {
        let t = "NetEase's games sold well. NetEase said on Monday that NetEase Storm Team won. China’s and China's rules.";
        assert!(found(t).is_empty(), "{:?}", found(t));
        let t = "The US and the U.S. agreed. UNESCO and Unesco met in Paris. CCTV said so.";
        assert!(found(t).is_empty(), "{:?}", found(t));
    }
    #[test]
    fn a_long_name_with_an_edge_word_in_lower_case() {
        let t = "Work on the Small Three Gorges Tunnel began. The Small Three Gorges Tunnel is long, and the small Three Gorges Tunnel opens soon.";
        let fs = check(&[t]).remove(0);
        assert_eq!(names(&fs, t), variant("small Three Gorges Tunnel"));
        assert!(
            fs[0].message.contains("differs only in case"),
            "{}",
            fs[0].message
        );
        let fixed = crate::base::fix::apply_edits(t, fs[0].fixes[0].edits.clone());
        assert_eq!(
            fixed.matches("Small Three Gorges Tunnel").count(),
            3,
            "{fixed}"
        );
        let t = "Loans from the Shanghai Pudong Development Bank grew. The Shanghai Pudong Development Bank said so, and Shanghai Pudong Development bank staff agreed.";
        assert_eq!(found(t), variant("Shanghai Pudong Development bank"));
    }

    #[test]
    fn short_names_and_rare_capitals_keep_their_edge_words() {
        for t in [
            // A title before a person, a generic noun after a place.
            "We met Academician Zhong Nanshan. Then Academician Zhong Nanshan and academician Zhong Nanshan spoke.",
            "Rain hit Qinghai Province. Later Qinghai Province and all of Qinghai province dried.",
            // The capitalised form once, or only at a sentence's start.
            "Work on the Small Three Gorges Tunnel began, and the small Three Gorges Tunnel opens soon.",
            "Small Three Gorges Tunnel works began. Small Three Gorges Tunnel is long, and the small Three Gorges Tunnel opens.",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }
}
