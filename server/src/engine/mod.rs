//! The one entry point both faces call: text and config in, findings with
//! fixes out.
//!
//! Checking runs in two phases so that a corpus can be checked in parallel
//! and an editor can keep a workspace index up to date incrementally:
//!
//! 1. [`Engine::analyze`] looks at one document alone: its local findings
//!    and the *features* (normalised lines, name mentions) that corpus
//!    rules compare across documents.
//! 2. [`CorpusIndex`] gathers the features of every document;
//!    [`Engine::corpus_findings`] then reports, for one document, what only
//!    the corpus shows (a line repeated across many files, a name spelled
//!    differently in another file).
//!
//! [`Engine::check_corpus`] runs both phases over a set of texts.
//!
//! Within phase 1, most checks look at one paragraph at a time. They run on
//! each paragraph alone ([`ParagraphFacts`]), and the document-wide steps
//! (grouping names, comparing paragraphs, the layout between them) then
//! work from those results. An editor keeps the results of unchanged
//! paragraphs in a [`ParagraphCache`], so a keystroke re-checks one
//! paragraph, not the whole article.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use crate::base::finding::Finding;
use crate::base::text::{paragraphs, LineIndex, Span};
use crate::config::{Config, ConfigError};
use crate::rules::{self, Compiled, Ctx, DocScratch, WordScratch};
use crate::tags::TaggedText;

pub mod allow;
mod cache;
pub mod entities;
mod families;
mod finish;
pub mod index_file;
pub mod pretag;

use cache::text_hash;
pub use cache::ParagraphCache;
pub use families::{CorpusIndex, DocFeatures, ParagraphFacts};
use finish::{sort, to_original};

/// A configured checker. Cheap to share between threads.
pub struct Engine {
    config: Config,
    compiled: Compiled,
    allows: allow::Allows,
    /// Tells engines apart, so that a cache filled by one is not used by
    /// another (with another config).
    id: u64,
}

/// One document checked alone.
#[derive(Debug, Clone, Default)]
pub struct DocAnalysis {
    /// Findings that need no other document, sorted, in original offsets.
    pub findings: Vec<Finding>,
    pub features: DocFeatures,
}

impl Engine {
    pub fn new(config: Config) -> Result<Engine, ConfigError> {
        // The config cannot know the rules (it sits below them); the
        // engine checks its selectors.
        for key in config.rules.keys() {
            if !rules::is_known_selector(key) {
                let (line, column) = config.rule_positions.get(key).copied().unwrap_or((1, 1));
                return Err(ConfigError {
                    line,
                    column,
                    message: format!("unknown rule or family {key:?} (see `lede rules`)"),
                });
            }
        }
        let compiled = Compiled::new(&config)?;
        let allows = allow::Allows::new(&config.allows)?;
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        Ok(Engine {
            config,
            compiled,
            allows,
            id,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The config's `[[allow]]` entries, compiled: the adapters apply them
    /// to a document's findings (`Allows::suppress`).
    pub fn allows(&self) -> &allow::Allows {
        &self.allows
    }

    /// Parses `text` and hands `f` what the rules see.
    pub(crate) fn with_context<R>(&self, text: &str, f: impl FnOnce(&Ctx) -> R) -> R {
        let tagged = TaggedText::parse(text);
        let plain = tagged.plain();
        let lines = LineIndex::new(plain);
        let paras = paragraphs(plain, &lines);
        f(&Ctx {
            text: plain,
            lines: &lines,
            paragraphs: &paras,
            tagged: &tagged,
            config: &self.config,
            compiled: &self.compiled,
        })
    }

    /// Checks one document alone.
    pub fn analyze(&self, text: &str) -> DocAnalysis {
        self.analyze_with(text, None)
    }

    /// [`Engine::analyze`] for a document that changes a little at a time:
    /// paragraphs whose text is in `cache` are not checked again, and the
    /// cache is left holding this version's paragraphs. The result is
    /// exactly that of `analyze`.
    pub fn analyze_incremental(&self, text: &str, cache: &mut ParagraphCache) -> DocAnalysis {
        self.analyze_with(text, Some(cache))
    }

    fn analyze_with(&self, text: &str, cache: Option<&mut ParagraphCache>) -> DocAnalysis {
        self.with_context(text, |ctx| {
            let parallel = ctx.text.len() >= PARALLEL_MIN;
            let (plain_findings, features) = match cache {
                Some(cache) => {
                    let facts = self.cached_facts(ctx, cache);
                    let found = families::run_families(ctx, &facts, &cache.numbers, parallel);
                    cache.trim(&facts);
                    found
                }
                None => {
                    // Nothing keeps the facts: no `Arc` for each paragraph.
                    let mut numbers = DocScratch::for_text(ctx.text.len());
                    let all: Vec<&Span> = ctx.paragraphs.iter().collect();
                    let facts = self.plain_facts(ctx, &all, &mut numbers);
                    families::run_families(ctx, &facts, &numbers, parallel)
                }
            };
            let mut findings: Vec<Finding> = plain_findings
                .into_iter()
                .map(|f| to_original(ctx.tagged, f))
                .collect();
            // Tag rules read the original text and report original offsets.
            families::check_original(ctx, &mut findings);
            let findings = self.finish(findings);
            DocAnalysis { findings, features }
        })
    }

    /// The facts of one paragraph, checked alone.
    fn facts_of(&self, para: &str) -> ParagraphFacts {
        // Buffers reused from one paragraph to the next on each thread
        // (this runs for every paragraph): the line index, and what the
        // families' local steps share (`WordScratch`). Nothing here hands
        // work to other threads, so a thread never comes back in while it
        // holds them.
        thread_local! {
            static LINES: std::cell::RefCell<LineIndex> = std::cell::RefCell::new(LineIndex::default());
            static WORDS: std::cell::RefCell<WordScratch> = std::cell::RefCell::new(WordScratch::default());
        }
        LINES.with_borrow_mut(|lines| {
            lines.reset(para);
            let tagged = TaggedText::untagged(para);
            // The paragraph is the whole text here: one paragraph.
            #[allow(clippy::single_range_in_vec_init)]
            let whole = [0..para.len()];
            let ctx = Ctx {
                text: para,
                lines,
                paragraphs: &whole,
                tagged: &tagged,
                config: &self.config,
                compiled: &self.compiled,
            };
            WORDS.with_borrow_mut(|words| families::local_facts(&ctx, words))
        })
    }

    /// The facts of the paragraphs `spans` of `ctx`, what they share with
    /// the document numbered in `numbers`; checked in parallel when there are enough of them.
    fn facts(
        &self,
        ctx: &Ctx,
        spans: &[&Span],
        numbers: &mut DocScratch,
    ) -> Vec<Arc<ParagraphFacts>> {
        self.plain_facts(ctx, spans, numbers)
            .into_iter()
            .map(Arc::new)
            .collect()
    }

    /// [`Engine::facts`], each paragraph's facts its own.
    fn plain_facts(
        &self,
        ctx: &Ctx,
        spans: &[&Span],
        numbers: &mut DocScratch,
    ) -> Vec<ParagraphFacts> {
        let bytes: usize = spans.iter().map(|s| s.len()).sum();
        let one = |s: &&Span| self.facts_of(&ctx.text[(*s).clone()]);
        let mut facts: Vec<ParagraphFacts> = if bytes >= PARALLEL_MIN {
            spans.par_iter().map(one).collect()
        } else {
            spans.iter().map(one).collect()
        };
        for f in &mut facts {
            families::number(f, numbers);
        }
        facts
    }

    /// The facts of each paragraph of `ctx`, from `cache` where it has
    /// them. The cache is left holding exactly these paragraphs.
    fn cached_facts(&self, ctx: &Ctx, cache: &mut ParagraphCache) -> Vec<Arc<ParagraphFacts>> {
        if cache.engine != self.id {
            *cache = ParagraphCache {
                engine: self.id,
                ..ParagraphCache::default()
            };
        }
        let mut old = std::mem::take(&mut cache.entries);
        let fresh = &mut cache.entries;
        let mut facts: Vec<Option<Arc<ParagraphFacts>>> = Vec::with_capacity(ctx.paragraphs.len());
        let mut hashes = Vec::with_capacity(ctx.paragraphs.len());
        for p in ctx.paragraphs {
            let para = &ctx.text[p.clone()];
            let h = text_hash(para);
            hashes.push(h);
            let hit = match fresh.get(&h) {
                Some((t, f)) if **t == *para => Some(f.clone()),
                _ => match old.remove(&h) {
                    Some((t, f)) if *t == *para => {
                        let hit = f.clone();
                        fresh.insert(h, (t, f));
                        Some(hit)
                    }
                    _ => None,
                },
            };
            facts.push(hit);
        }
        let missing: Vec<usize> = (0..facts.len()).filter(|&i| facts[i].is_none()).collect();
        let spans: Vec<&Span> = missing.iter().map(|&i| &ctx.paragraphs[i]).collect();
        for (i, f) in missing
            .into_iter()
            .zip(self.facts(ctx, &spans, &mut cache.numbers))
        {
            let p = &ctx.paragraphs[i];
            fresh
                .entry(hashes[i])
                .or_insert_with(|| (ctx.text[p.clone()].into(), f.clone()));
            facts[i] = Some(f);
        }
        facts.into_iter().flatten().collect()
    }

    /// What the corpus shows about document `doc` (its own analysis is
    /// `analysis`; `index` must contain it).
    pub fn corpus_findings(
        &self,
        doc: usize,
        features: &DocFeatures,
        index: &CorpusIndex,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        families::corpus_check(doc, features, index, &self.config, &mut out);
        self.finish(out)
    }

    /// Local and corpus findings of one document, merged and sorted.
    pub fn findings_for(
        &self,
        doc: usize,
        analysis: &DocAnalysis,
        index: &CorpusIndex,
    ) -> Vec<Finding> {
        self.merged_findings(doc, analysis.findings.clone(), &analysis.features, index)
    }

    /// [`Engine::findings_for`] from the parts of an analysis, taking its
    /// local findings rather than copying them (a corpus run no longer
    /// needs them apart).
    pub fn merged_findings(
        &self,
        doc: usize,
        local: Vec<Finding>,
        features: &DocFeatures,
        index: &CorpusIndex,
    ) -> Vec<Finding> {
        let mut all = local;
        let mut corpus = self.corpus_findings(doc, features, index);
        // A corpus finding that only repeats a local one of its family (a
        // line a pattern already calls boilerplate, also repeated) goes.
        if corpus.iter().any(|f| families::yields_to_local(f.rule)) {
            let local: Vec<(&'static str, Span)> =
                all.iter().map(|f| (f.family(), f.span.clone())).collect();
            corpus.retain(|f| !families::covered_by_local(f, &local));
        }
        // Exactly the room needed: a corpus run holds every document's
        // findings until it ends.
        all.reserve_exact(corpus.len());
        all.append(&mut corpus);
        sort(&mut all);
        all
    }

    /// Checks a set of documents together (serially; callers with many
    /// documents run the two phases in parallel themselves).
    pub fn check_corpus(&self, texts: &[&str]) -> Vec<Vec<Finding>> {
        let analyses: Vec<DocAnalysis> = texts.iter().map(|t| self.analyze(t)).collect();
        let index = CorpusIndex::build(analyses.iter().map(|a| &a.features));
        analyses
            .iter()
            .enumerate()
            .map(|(i, a)| self.findings_for(i, a, &index))
            .collect()
    }

    /// Checks one document as a corpus of one.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        self.findings_alone(&self.analyze(text))
    }

    /// [`Engine::findings_for`] of a document checked alone (a corpus of
    /// one), without building an index: no line or spelling can be in
    /// another file, which leaves only titles the document itself
    /// capitalises elsewhere. Tests compare it with the indexed path.
    pub fn findings_alone(&self, analysis: &DocAnalysis) -> Vec<Finding> {
        let mut corpus = Vec::new();
        families::corpus_check_alone(&analysis.features, &mut corpus);
        let mut all = analysis.findings.clone();
        all.extend(self.finish(corpus));
        sort(&mut all);
        all
    }

    /// Applies configured levels, drops rules that are off, sorts, and
    /// drops exact duplicates (two paths to the same finding).
    fn finish(&self, findings: Vec<Finding>) -> Vec<Finding> {
        finish::finish(&self.config, findings)
    }
}

/// Documents (or sets of paragraphs to check) at least this long (bytes)
/// are checked in parallel: paragraphs spread over the cores, then the
/// families' document-wide steps side by side. An editor's big article then
/// gets its diagnostics sooner; a corpus run already keeps every core busy
/// with whole documents, and a small document is not worth the hand-off.
const PARALLEL_MIN: usize = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    /// The project's own damaged articles, repeated past the threshold.
    fn big_article() -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        names.sort();
        let one: String = names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap() + "\n")
            .collect();
        one.repeat(PARALLEL_MIN / one.len() + 2)
    }

    #[test]
    fn an_unknown_rule_in_the_config_is_an_error_at_its_key() {
        let config = Config::parse("\n\n[rules]\n\"numbers/nope\" = \"off\"\n").unwrap();
        let e = Engine::new(config)
            .err()
            .expect("an unknown rule is refused");
        assert_eq!((e.line, e.column), (4, 1), "{e}");
        assert!(e.message.contains("\"numbers/nope\""), "{e}");
        assert!(Engine::new(Config::parse("[rules]\nnumbers = \"off\"\n").unwrap()).is_ok());
    }

    #[test]
    fn families_give_the_same_findings_in_parallel() {
        let engine = Engine::new(Config::default()).unwrap();
        let text = big_article();
        assert!(text.len() >= PARALLEL_MIN);
        let ((serial, features_s), (parallel, features_p)) = engine.with_context(&text, |ctx| {
            let mut numbers = DocScratch::default();
            let all: Vec<&Span> = ctx.paragraphs.iter().collect();
            let facts = engine.facts(ctx, &all, &mut numbers);
            (
                families::run_families(ctx, &facts, &numbers, false),
                families::run_families(ctx, &facts, &numbers, true),
            )
        });
        assert!(serial.len() > 100, "{}", serial.len());
        assert_eq!(format!("{serial:?}"), format!("{parallel:?}"));
        assert_eq!(format!("{features_s:?}"), format!("{features_p:?}"));
    }

    fn same(a: &DocAnalysis, b: &DocAnalysis) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    /// The examples, as one article with tags, damage of every kind and
    /// paragraphs that repeat.
    fn small_article() -> String {
        let one = big_article();
        let end = crate::base::text::floor_char_boundary(&one, 12_000);
        one[..end].to_string()
    }

    #[test]
    fn a_cache_is_kept_to_the_last_version_and_reused() {
        let engine = Engine::new(Config::default()).unwrap();
        let text = small_article();
        let mut cache = ParagraphCache::new();
        let first = engine.analyze_incremental(&text, &mut cache);
        assert!(same(&first, &engine.analyze(&text)));
        let paragraphs = cache.len();
        assert!(paragraphs > 10, "{paragraphs}");
        // Typing in the middle: one paragraph changes, the rest is reused.
        let mid = crate::base::text::floor_char_boundary(&text, text.len() / 2);
        let edited = format!("{} Zhang{}", &text[..mid], &text[mid..]);
        let again = engine.analyze_incremental(&edited, &mut cache);
        assert!(same(&again, &engine.analyze(&edited)));
        assert!(cache.len() <= paragraphs + 1);
        // A cache filled under another config is not trusted.
        let strict =
            Engine::new(Config::parse("[boilerplate]\npatterns = [\"^Zhang\"]\n").unwrap())
                .unwrap();
        let other = strict.analyze_incremental(&edited, &mut cache);
        assert!(same(&other, &strict.analyze(&edited)));
        // Emptying the document empties the cache.
        engine.analyze_incremental("", &mut cache);
        assert!(cache.is_empty());
    }

    /// An edit: replace `len` bytes at `at` (both scaled to the text) by
    /// one of a few snippets that make or break paragraphs, names, numbers
    /// and tags.
    fn edit(text: &str, at: f64, len: usize, what: usize) -> String {
        const SNIPPETS: &[&str] = &[
            "",
            "x",
            "\n\n",
            "\n",
            " Zhang Wei",
            " 12.5%",
            "city8%",
            "[Lin Wei]{PER:lin-wei}",
            ", and,",
            " of the.",
            "Share this article\n",
            "中文“",
            "\n\n\n",
        ];
        let start = crate::base::text::floor_char_boundary(text, (text.len() as f64 * at) as usize);
        let end = crate::base::text::floor_char_boundary(text, (start + len).min(text.len()));
        format!(
            "{}{}{}",
            &text[..start],
            SNIPPETS[what % SNIPPETS.len()],
            &text[end..]
        )
    }

    /// What the server and `Engine::check` use for a document alone, and
    /// the indexed path it stands for.
    fn alone_both_ways(engine: &Engine, text: &str) -> (Vec<Finding>, Vec<Finding>) {
        let a = engine.analyze(text);
        let index = CorpusIndex::build([&a.features]);
        (
            engine.findings_alone(&a),
            engine.findings_for(0, &a, &index),
        )
    }

    #[test]
    fn findings_alone_equal_those_of_a_corpus_of_one() {
        let leveled = Config::parse("[rules]\n\"names/title-case\" = \"warning\"\n").unwrap();
        let muted = Config::parse("[rules]\nnames = \"off\"\n").unwrap();
        let titled = "Mayor Zhang Wei opened the port.\n\nLater mayor Zhang Wei and \
                      director Lin Fang spoke; Director Lin Fang left.\n";
        let mut title_case = 0;
        for config in [Config::default(), leveled, muted] {
            let engine = Engine::new(config).unwrap();
            for text in [
                big_article(),
                small_article(),
                titled.to_string(),
                String::new(),
            ] {
                let (alone, indexed) = alone_both_ways(&engine, &text);
                assert_eq!(alone, indexed);
                title_case += alone
                    .iter()
                    .filter(|f| f.rule == "names/title-case")
                    .count();
            }
        }
        // The shortcut's one corpus rule is exercised, not vacuous.
        assert!(title_case >= 4, "{title_case}");
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The same over texts of titles, names, repeated lines and damage.
        #[test]
        fn findings_alone_equal_those_of_a_corpus_of_one_on_any_text(
            parts in proptest::collection::vec(prop::sample::select(vec![
                "Mayor ", "mayor ", "Director ", "director ", "Mayor Zhang Wei spoke. ",
                "mayor Zhang Wei spoke. ", "director Lin Fang left. ", "Director Lin Fang left. ",
                "Zhang Wei", "Lin Fang", "China Minmetals Group", "china minmetals group",
                "Minmetals Group", " said. ", "\n", "\n\n", "Share this article\n",
                "Source: Xinhua\n", "city8%", " of the.", "[Zhang Wei]{PER}", "Chinese ",
            ]), 0..40)
        ) {
            let engine = Engine::new(Config::default()).unwrap();
            let text = parts.concat();
            let (alone, indexed) = alone_both_ways(&engine, &text);
            prop_assert_eq!(alone, indexed, "{:?}", text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Edits analysed one after another through one cache give what a
        /// fresh analysis of each version gives.
        #[test]
        fn incremental_analysis_equals_a_fresh_one(
            edits in proptest::collection::vec((0.0f64..1.0, 0usize..400, 0usize..64), 1..6)
        ) {
            let engine = Engine::new(Config::default()).unwrap();
            let mut text = small_article();
            let mut cache = ParagraphCache::new();
            engine.analyze_incremental(&text, &mut cache);
            for (at, len, what) in edits {
                text = edit(&text, at, len, what);
                let incremental = engine.analyze_incremental(&text, &mut cache);
                prop_assert!(same(&incremental, &engine.analyze(&text)), "{text:?}");
            }
        }
    }
}
