//! `names/` rules: one entity written more than one way.
//!
//! Name mentions are found without a model: every stretch of a clause that
//! starts and ends with a capitalised word and has at least two content
//! words is a *mention* (`Xining (national) Economic and Technological
//! Development Zone`). A mention's *key* ignores case, short lowercase
//! parentheticals and the country noun/adjective pair (`China`/`Chinese`);
//! its *surface* keeps them. Mentions with one key and two surfaces are
//! variants of one name, as long as one of them is a clean name (no
//! lowercase content word). Within an article that is
//! `names/inconsistent-spelling`; across files `names/cross-file-variant`.
//!
//! Besides those: aliases the article defines (`(hereinafter referred to
//! as the "Development Zone")`) and then writes otherwise, a phrase doubled
//! inside a company name (`new energy and new energy Co. Ltd.`), titles
//! before names capitalised differently, registry entities left untagged,
//! and one name tagged with two labels.
//!
//! This module wires the family together: the rule table, the per-paragraph
//! pass ([`local`]), the document check ([`check`]) and the corpus checks.
//! The words themselves come from the word pass of [`crate::scan::words`].

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Ctx, Placed, RuleMeta, Sink};
use crate::base::text::Span;
use crate::config::Config;
use crate::scan::words::{words_and_hashes_into, words_into, WordList};

mod alias_variant;
mod cross_file_variant;
mod inconsistent_spelling;
mod index;
mod label_conflict;
mod lexicon;
mod mention;
pub(crate) use mention::name_key;
mod name_words;
mod near_variant;
mod registry;
mod report;
mod search;
mod spelling_variant;
mod title_case;
mod untagged_entity;

pub(crate) use alias_variant::warm_up;
pub use index::CorpusIndex;
pub use mention::{Features, Mention, Span32, TitledName};
pub use registry::Compiled;

use inconsistent_spelling::Doubled;
use mention::{mentions, titled_names};
use search::SearchMemo;

pub const RULES: &[&RuleMeta] = &[
    &inconsistent_spelling::META,
    &spelling_variant::META,
    &near_variant::META,
    &alias_variant::META,
    &cross_file_variant::META,
    &title_case::META,
    &untagged_entity::META,
    &label_conflict::META,
];

/// What one paragraph shows alone, in plain offsets from its start.
#[derive(Debug, Clone, Default)]
pub struct Local {
    mentions: Vec<(Mention, Span)>,
    titled: Vec<TitledName>,
    doubled: Vec<Vec<Doubled>>,
    alias_cue: bool,
    /// The capitalised runs, for the letter-by-letter comparisons.
    name_words: Vec<name_words::NameWord>,
    /// What the document-wide searches found in this paragraph.
    searched: SearchMemo,
}

/// Finds the mentions, titled names and doubled phrases of the paragraph
/// `ctx` holds (none of them crosses a clause, let alone a paragraph),
/// also appending to `hashes` the paragraph's word hashes for
/// [`structure::local_from_word_hashes`](super::structure), found in the
/// same pass over its words.
pub fn local_with_word_hashes(ctx: &Ctx, hashes: Option<&mut Vec<u64>>) -> Local {
    // One word buffer per thread: this runs once per paragraph.
    thread_local!(static WORDS: std::cell::RefCell<WordList> = std::cell::RefCell::new(WordList::default()));
    WORDS.with_borrow_mut(|ws| {
        ws.clear();
        match hashes {
            Some(hashes) => words_and_hashes_into(ctx.text, ws, hashes),
            None => words_into(ctx.text, ws),
        }
        Local {
            mentions: mentions(ctx, ws),
            name_words: name_words::name_words(ctx, ws),
            titled: titled_names(ctx, &ws.words, &ws.caps),
            doubled: inconsistent_spelling::doubled_candidates(ctx.text, &ws.words, &ws.ands),
            alias_cue: alias_variant::has_alias_cue(ctx.text),
            searched: SearchMemo::default(),
        }
    })
}

/// Runs the name rules on the document and its paragraphs' local results,
/// and returns the document's features.
pub fn check(ctx: &Ctx, paragraphs: &[Placed<Local>], out: &mut Sink) -> Features {
    // The paragraphs' mentions in document offsets; as in one paragraph,
    // each spelling keeps its text with its first mention only.
    // Each spelling's place in the features' `spellings`.
    let mut spelled: FxHashMap<(u64, u64), u32> = FxHashMap::default();
    let mut clean_seen: FxHashSet<u64> = FxHashSet::default();
    let mentions = paragraphs.iter().map(|p| p.local.mentions.len()).sum();
    let mut features = Features {
        mentions: Vec::with_capacity(mentions),
        ..Features::default()
    };
    let mut found: Vec<(Mention, Span)> = Vec::with_capacity(mentions);
    for p in paragraphs {
        for (m, span) in &p.local.mentions {
            let span = p.start + span.start..p.start + span.end;
            let original = ctx.tagged.span_to_original(&span);
            let next = features.spellings.len();
            let (first, at) = match spelled.entry((m.key, m.surface)) {
                std::collections::hash_map::Entry::Occupied(e) => (false, Some(*e.get())),
                std::collections::hash_map::Entry::Vacant(e) => {
                    // Past u32::MAX spellings (no real document has them)
                    // the rest stay out of the corpus features.
                    let at = u32::try_from(next).ok();
                    if let Some(at) = at {
                        e.insert(at);
                    }
                    (true, at)
                }
            };
            let mention = Mention {
                key: m.key,
                surface: m.surface,
                caps: m.caps,
                clean: m.clean,
                adjective: m.adjective,
                span: original.clone(),
                text: if first { m.text.clone() } else { None },
            };
            if let Some(at) = at {
                if first {
                    if m.clean && clean_seen.insert(m.key) {
                        features.clean_keys.push(m.key);
                    }
                    features.spellings.push(mention.clone());
                }
                if let Some(span) = Span32::new(&original) {
                    features.mentions.push((at, span));
                }
            }
            found.push((mention, span));
        }
    }
    let before = out.len();
    inconsistent_spelling::check_variants(ctx, &found, out);
    {
        // The letter-by-letter comparisons leave out what the mentions'
        // comparison reported.
        let mut taken: Vec<Span> = out[before..].iter().map(|f| f.span.clone()).collect();
        let table = name_words::table(ctx, paragraphs);
        let spelled = out.len();
        spelling_variant::check(ctx, &table, &taken, out);
        taken.extend(out[spelled..].iter().map(|f| f.span.clone()));
        near_variant::check(ctx, &table, &taken, out);
    }
    alias_variant::check_aliases(ctx, paragraphs, out);
    inconsistent_spelling::check_doubled_company(ctx, paragraphs, out);
    registry::check_registry(ctx, out);
    label_conflict::check_label_conflicts(ctx, out);
    features.titled = paragraphs
        .iter()
        .flat_map(|p| {
            p.local.titled.iter().map(move |t| TitledName {
                span: ctx
                    .tagged
                    .span_to_original(&(p.start + t.span.start..p.start + t.span.end)),
                ..t.clone()
            })
        })
        .collect();
    // Held to the end of a corpus run: no room to spare.
    features.spellings.shrink_to_fit();
    features
}

// ---------------------------------------------------------------------------
// Corpus checks

pub fn corpus_check(
    doc: usize,
    f: &Features,
    names: &CorpusIndex,
    _config: &Config,
    out: &mut Sink,
) {
    cross_file_variant::check(doc, f, names, out);
    title_case::title_case(f, |key| names.titled_caps.contains_key(&key), out);
}

/// What [`corpus_check`] reports for a document checked alone (a corpus of
/// one): no spelling is in another file, so only a title capitalised
/// elsewhere in the same document.
pub fn corpus_check_alone(f: &Features, out: &mut Sink) {
    let capitalised: FxHashSet<u64> = f
        .titled
        .iter()
        .filter(|t| t.capitalized)
        .map(|t| t.key)
        .collect();
    if !capitalised.is_empty() {
        title_case::title_case(f, |key| capitalised.contains(&key), out);
    }
}

/// The names family: one entity written more than one way.
pub struct Names;

impl crate::rules::Family for Names {
    const NAME: &'static str = "names";
    const ABOUT: &'static str = "One entity written more than one way.";
    const RULES: &'static [&'static crate::rules::RuleMeta] = self::RULES;
    type Compiled = self::Compiled;
    type Local = self::Local;
    type Features = self::Features;
    type Index = self::CorpusIndex;

    fn compile(
        config: &crate::config::Config,
    ) -> Result<Self::Compiled, crate::config::ConfigError> {
        Ok(self::Compiled::new(config))
    }
    fn warm_up() {
        self::warm_up();
    }
    #[inline]
    fn local(ctx: &crate::rules::Ctx, words: &mut crate::rules::WordScratch) -> Self::Local {
        words.hashes.clear();
        self::local_with_word_hashes(ctx, Some(&mut words.hashes))
    }
    fn check(
        ctx: &crate::rules::Ctx,
        p: &[crate::rules::Placed<Self::Local>],
        _doc: &crate::rules::DocScratch,
        out: &mut crate::rules::Sink,
    ) -> Self::Features {
        self::check(ctx, p, out)
    }
    fn index_add(index: &mut Self::Index, doc: usize, f: &Self::Features) {
        index.add(doc, f);
    }
    fn index_remove(index: &mut Self::Index, doc: usize, f: &Self::Features) {
        index.remove(doc, f);
    }
    fn index_renumber(index: &mut Self::Index, new: &[u32]) {
        index.renumber(new);
    }
    fn index_merge(into: &mut Self::Index, other: Self::Index) {
        into.merge(other);
    }
    fn index_related(index: &Self::Index, out: &mut Vec<(u32, crate::base::text::Span)>) {
        index.related(out);
    }
    fn corpus_check(
        doc: usize,
        f: &Self::Features,
        index: &Self::Index,
        _docs: usize,
        config: &crate::config::Config,
        out: &mut crate::rules::Sink,
    ) {
        self::corpus_check(doc, f, index, config, out);
    }
    fn corpus_check_alone(f: &Self::Features, out: &mut crate::rules::Sink) {
        self::corpus_check_alone(f, out);
    }
}

/// What the family's tests share: checking texts as one corpus with the
/// default configuration, and the names findings of a text.
#[cfg(test)]
mod testing {
    use crate::base::finding::Finding;
    use crate::config::Config;
    use crate::engine::Engine;

    pub(crate) fn check(texts: &[&str]) -> Vec<Vec<Finding>> {
        Engine::new(Config::default()).unwrap().check_corpus(texts)
    }

    pub(crate) fn names(fs: &[Finding], text: &str) -> Vec<(String, String)> {
        fs.iter()
            .filter(|f| f.family() == "names")
            .map(|f| (f.rule.to_string(), text[f.span.clone()].to_string()))
            .collect()
    }
}
