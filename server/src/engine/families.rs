//! The engine's per-family parts, generated from the one list of families
//! ([`crate::rules::family_list!`]): each paragraph's facts, a document's
//! corpus features, the corpus index, and the steps that run every family
//! in list order.
//!
//! **Architecture Invariant:** nothing here names a family. A family
//! takes part through its [`Family`] impl alone, so adding one is its
//! folder and one line of the list.

use std::borrow::Borrow;

use crate::base::finding::Finding;
use crate::base::text::Span;
use crate::config::Config;
use crate::rules::Ctx;
use crate::rules::{family_list, DocScratch, Family, Placed, Sink, WordScratch};

/// Each paragraph's (start, first line), with one family's part of its
/// facts.
fn placed<'a, T, P: Borrow<ParagraphFacts>>(
    at: &[(usize, usize)],
    facts: &'a [P],
    part: impl Fn(&'a ParagraphFacts) -> &'a T,
) -> Vec<Placed<'a, T>> {
    at.iter()
        .zip(facts)
        .map(|(&(start, line), f)| Placed {
            start,
            line,
            local: part(f.borrow()),
        })
        .collect()
}

/// One family's document-wide step: its findings and features.
fn check_one<F: Family, P: Borrow<ParagraphFacts>>(
    ctx: &Ctx,
    at: &[(usize, usize)],
    facts: &[P],
    part: impl Fn(&ParagraphFacts) -> &F::Local,
    doc: &DocScratch,
) -> (Vec<Finding>, F::Features) {
    let mut out = Vec::new();
    let features = F::check(ctx, &placed(at, facts, part), doc, &mut out);
    (out, features)
}

/// Which families have a corpus rule that yields to their local findings.
fn yields<F: Family>(rule: &str) -> bool {
    F::CORPUS_YIELDS_TO_LOCAL.iter().any(|r| r.id == rule)
}

/// Runs closures side by side: `join_chain!(a, b, c)` is
/// `rayon::join(a, || rayon::join(b, c))`.
macro_rules! join_chain {
    ($one:expr) => {
        $one()
    };
    ($one:expr, $($rest:expr),+) => {{
        rayon::join($one, || join_chain!($($rest),+));
    }};
}

macro_rules! engine_parts {
    ($($field:ident: $ty:ty,)*) => {
        /// What the rules find in one paragraph alone, in plain offsets
        /// from the paragraph's start. Depends only on the paragraph's
        /// text (and the engine's config).
        #[derive(Debug, Default)]
        pub struct ParagraphFacts {
            $(pub(crate) $field: <$ty as Family>::Local,)*
        }

        /// What one document contributes to the corpus index, in original
        /// offsets.
        #[derive(Debug, Clone, Default)]
        pub struct DocFeatures {
            $(pub $field: <$ty as Family>::Features,)*
        }

        /// The features of a set of documents, keyed by their index in the
        /// set. Documents can be added and removed one at a time, and an
        /// index serialised ([`crate::engine::index_file`]) and merged with
        /// another set's.
        #[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
        pub struct CorpusIndex {
            pub docs: usize,
            $(pub $field: <$ty as Family>::Index,)*
        }

        impl CorpusIndex {
            pub fn new() -> Self {
                Self::default()
            }

            /// The index of a set of documents (document `i` is the `i`th
            /// item), the families' parts built side by side.
            pub fn build<'a, I>(features: I) -> Self
            where
                I: IntoIterator<Item = &'a DocFeatures> + Clone + Send,
            {
                let docs = features.clone().into_iter().count();
                $(let mut $field = <<$ty as Family>::Index>::default();)*
                // One iterator for each family's thread.
                let mut each: Vec<I> = Vec::new();
                $(let _ = stringify!($field); each.push(features.clone());)*
                rayon::scope(|s| {
                    $(
                        let slot = &mut $field;
                        let features = each.pop().expect("one for each family");
                        // Families without an index have nothing to build.
                        if std::mem::size_of::<<$ty as Family>::Index>() != 0 {
                            s.spawn(move |_| {
                                for (i, f) in features.into_iter().enumerate() {
                                    <$ty as Family>::index_add(slot, i, &f.$field);
                                }
                            });
                        }
                    )*
                });
                CorpusIndex { docs, $($field,)* }
            }

            /// Adds document `doc`'s features.
            pub fn add(&mut self, doc: usize, features: &DocFeatures) {
                self.docs += 1;
                $(<$ty as Family>::index_add(&mut self.$field, doc, &features.$field);)*
            }

            /// Removes what [`CorpusIndex::add`] added for `doc`.
            pub fn remove(&mut self, doc: usize, features: &DocFeatures) {
                self.docs = self.docs.saturating_sub(1);
                $(<$ty as Family>::index_remove(&mut self.$field, doc, &features.$field);)*
            }

            /// Gives document `d` the number `new[d]` (order kept).
            pub(crate) fn renumber(&mut self, new: &[u32]) {
                $(<$ty as Family>::index_renumber(&mut self.$field, new);)*
            }

            /// Adds the index of other documents, numbered alike.
            pub(crate) fn merge(&mut self, other: CorpusIndex) {
                self.docs += other.docs;
                $(<$ty as Family>::index_merge(&mut self.$field, other.$field);)*
            }

            /// The places in its documents corpus findings may point at.
            pub(crate) fn related(&self) -> Vec<(u32, Span)> {
                let mut out = Vec::new();
                $(<$ty as Family>::index_related(&self.$field, &mut out);)*
                out.sort_unstable_by_key(|(d, s)| (*d, s.start, s.end));
                out.dedup();
                out
            }
        }

        /// Every family's local step on one paragraph, in list order.
        pub(super) fn local_facts(ctx: &Ctx, words: &mut WordScratch) -> ParagraphFacts {
            ParagraphFacts {
                $($field: <$ty as Family>::local(ctx, words),)*
            }
        }

        /// Numbers what each family's local result shares with the document.
        pub(super) fn number(facts: &mut ParagraphFacts, doc: &mut DocScratch) {
            $(<$ty as Family>::number(&mut facts.$field, doc);)*
        }

        /// How many of the document's numbers a paragraph's facts hold.
        pub(super) fn numbered(facts: &ParagraphFacts) -> usize {
            0 $(+ <$ty as Family>::numbered(&facts.$field))*
        }

        /// Runs the families' document-wide steps on the paragraphs' facts;
        /// their findings come out in list order whether or not they ran in
        /// parallel, so results never depend on it.
        ///
        /// The facts are shared (`Arc`) when an editor's paragraph cache
        /// holds them, and plain in a check of a whole document.
        pub(super) fn run_families<P: Borrow<ParagraphFacts> + Sync>(
            ctx: &Ctx,
            facts: &[P],
            doc: &DocScratch,
            parallel: bool,
        ) -> (Vec<Finding>, DocFeatures) {
            // Where each paragraph sits, found once for every family.
            let at: Vec<(usize, usize)> = ctx
                .paragraphs
                .iter()
                .map(|p| (p.start, ctx.lines.line_of(p.start)))
                .collect();
            let at = &at[..];
            $(let mut $field = None;)*
            if parallel {
                // Each family's step fills its own slot, the steps forked
                // with nested `rayon::join`s (no heap job per step).
                $(let $field = &mut $field;)*
                join_chain!($(move || {
                    *$field = Some(check_one::<$ty, P>(ctx, at, facts, |f| &f.$field, doc));
                }),*);
            } else {
                $($field = Some(check_one::<$ty, P>(ctx, at, facts, |f| &f.$field, doc));)*
            }
            let mut all = Vec::new();
            let mut features = DocFeatures::default();
            $(
                let (found, part) = $field.expect("every family ran");
                all.extend(found);
                features.$field = part;
            )*
            (all, features)
        }

        /// The steps on the original, tagged text.
        pub(super) fn check_original(ctx: &Ctx, out: &mut Sink) {
            $(<$ty as Family>::check_original(ctx, out);)*
        }

        /// What the corpus shows about document `doc`.
        pub(super) fn corpus_check(
            doc: usize,
            features: &DocFeatures,
            index: &CorpusIndex,
            config: &Config,
            out: &mut Sink,
        ) {
            $(<$ty as Family>::corpus_check(
                doc,
                &features.$field,
                &index.$field,
                index.docs,
                config,
                out,
            );)*
        }

        /// The corpus step of a document checked alone.
        pub(super) fn corpus_check_alone(features: &DocFeatures, out: &mut Sink) {
            $(<$ty as Family>::corpus_check_alone(&features.$field, out);)*
        }

        /// Whether corpus rule `rule` stays quiet where its family's local
        /// findings already report.
        pub(super) fn yields_to_local(rule: &str) -> bool {
            false $(|| yields::<$ty>(rule))*
        }
    };
}
family_list!(engine_parts);

/// Whether a corpus finding repeats what a local finding of its family
/// already reports on an overlapping span.
pub(super) fn covered_by_local(f: &Finding, local: &[(&'static str, Span)]) -> bool {
    yields_to_local(f.rule)
        && local.iter().any(|(family, s)| {
            *family == f.family() && s.start < f.span.end && f.span.start < s.end
        })
}
