//! `names/cross-file-variant`: a name written differently in another
//! file of the checked set, from the corpus index.

use rustc_hash::FxHashSet;

use super::index::{distinct, CorpusIndex, Holder, SurfaceEntry};
use super::mention::Features;
use super::report::push_outermost;
use crate::base::finding::{DocRef, Finding, Severity};
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "names/cross-file-variant",
    source: file!(),
    default_severity: Severity::Info,
    summary: "A name written differently in another file of the checked set",
    explanation: include_str!("cross_file_variant.md").trim_ascii_end(),
    bad: &[Example {
        text: "Hao Peng went to Xining economic and Technological Development Zone.",
        config: "",
        other_files: &[
            "The forum of Xining (national) Economic and Technological Development Zone opened.",
        ],
    }],
    good: &[Example {
        text: "Governor Hao Peng spoke.",
        config: "",
        other_files: &["Then Governor Hao Peng left."],
    }],
};

/// Reports the mentions of document `doc` whose spelling is weaker than
/// another spelling of the same name in other files of `names`.
pub(crate) fn check(doc: usize, f: &Features, names: &CorpusIndex, out: &mut Sink) {
    // Whether a spelling is reported depends only on the spelling and the
    // document, not on where it stands: decide once per spelling, from
    // its first mention, then report every mention of the spellings that
    // lose. Most documents have none, and skip the walk over their
    // mentions.
    struct Weaker<'a> {
        /// The spelling's number in the features.
        spelling: usize,
        mine: &'a SurfaceEntry,
        other: &'a SurfaceEntry,
        at: Holder,
    }
    let mut weaker: Vec<Weaker> = Vec::new();
    // The (key, surface) pairs this document uses, gathered when first
    // needed: most documents have no name spelled two ways in the corpus.
    let mut own: Option<FxHashSet<(u64, u64)>> = None;
    for (spelling, m) in f.spellings.iter().enumerate() {
        let Some(entry) = names.keys.get(&m.key) else {
            continue;
        };
        if entry.clean_docs == 0 || entry.surfaces.len() < 2 {
            continue;
        }
        let Some(mine) = entry.surfaces.get(&m.surface) else {
            continue;
        };
        // The strongest other spelling this document does not use itself.
        let own = own.get_or_insert_with(|| distinct(f).map(|m| (m.key, m.surface)).collect());
        let other = entry
            .surfaces
            .iter()
            .filter(|(s, _)| **s != m.surface && !own.contains(&(m.key, **s)))
            .map(|(_, e)| e)
            .filter(|e| e.docs.iter().any(|d| d.0 as usize != doc))
            // Ties go to the first spelling in text order, so the choice
            // never depends on the order the map was built in (a merged
            // corpus index file is built in another order than one run).
            .max_by(|a, b| {
                (a.docs.len(), a.caps, !a.adjective)
                    .cmp(&(b.docs.len(), b.caps, !b.adjective))
                    .then_with(|| b.text.as_str().cmp(a.text.as_str()))
            });
        let Some(other) = other else { continue };
        if (mine.docs.len(), mine.caps, !mine.adjective)
            >= (other.docs.len(), other.caps, !other.adjective)
        {
            continue;
        }
        let Some(at) = other.docs.iter().find(|d| d.0 as usize != doc).copied() else {
            continue;
        };
        weaker.push(Weaker {
            spelling,
            mine,
            other,
            at,
        });
    }
    if !weaker.is_empty() {
        let mut found = Vec::new();
        for (spelling, span) in &f.mentions {
            let Some(w) = weaker.iter().find(|w| w.spelling == *spelling as usize) else {
                continue;
            };
            found.push(
                Finding::new(
                    &META,
                    span.span(),
                    format!(
                        "\"{}\" is written \"{}\" in {} other file(s)",
                        w.mine.text,
                        w.other.text,
                        w.other.docs.len()
                    ),
                )
                .with_related(
                    DocRef::Other(w.at.0 as usize),
                    w.at.1.span(),
                    format!("written \"{}\" here", w.other.text),
                ),
            );
        }
        push_outermost(found, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::names::testing::{check, names};

    #[test]
    fn cross_file_case_variant_and_parenthetical() {
        let a = "Hao Peng went to Xining economic and Technological Development Zone to look.";
        let b = "The conference of Xining (national) Economic and Technological Development Zone opened.";
        let out = check(&[a, b]);
        assert_eq!(
            names(&out[0], a),
            [(
                "names/cross-file-variant".into(),
                "Xining economic and Technological Development Zone".into()
            )]
        );
        assert!(names(&out[1], b).is_empty());
        assert_eq!(
            out[0]
                .iter()
                .find(|f| f.family() == "names")
                .unwrap()
                .related[0]
                .doc,
            crate::base::finding::DocRef::Other(1)
        );
    }

    /// The corpus check decides once per spelling: every mention of a
    /// weaker spelling is reported, and the spellings the document shares
    /// with the corpus are not.
    #[test]
    fn cross_file_variant_at_every_mention_of_the_spelling() {
        let a = "Xining economic Zone opened. Hao Peng visited Xining economic Zone. \
                 Then Xining economic Zone grew.";
        let b = "The Xining Economic Zone opened, and Hao Peng spoke.";
        let c = "Hao Peng left the Xining Economic Zone.";
        let out = check(&[a, b, c]);
        let found = names(&out[0], a);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.iter().all(
            |(rule, text)| rule == "names/cross-file-variant" && text == "Xining economic Zone"
        ));
        let starts: Vec<usize> = out[0]
            .iter()
            .filter(|f| f.family() == "names")
            .map(|f| f.span.start)
            .collect();
        let expected: Vec<usize> = a
            .match_indices("Xining economic Zone")
            .map(|m| m.0)
            .collect();
        assert_eq!(starts, expected);
        assert!(names(&out[1], b).is_empty() && names(&out[2], c).is_empty());
    }

    #[test]
    fn cross_file_same_spelling_is_fine() {
        let a = "Governor Hao Peng spoke.";
        let b = "Then Governor Hao Peng left.";
        let out = check(&[a, b]);
        assert!(names(&out[0], a).is_empty() && names(&out[1], b).is_empty());
    }
}
