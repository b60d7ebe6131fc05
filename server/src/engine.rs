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

use std::borrow::Borrow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::base::finding::{DocRef, Finding};
use crate::base::text::{paragraphs, LineIndex, Span};
use crate::config::{Config, ConfigError, Level};
use crate::rules::{self, Compiled, Ctx, Placed};
use crate::tags::TaggedText;

/// A configured checker. Cheap to share between threads.
pub struct Engine {
    config: Config,
    compiled: Compiled,
    /// Tells engines apart, so that a cache filled by one is not used by
    /// another (with another config).
    id: u64,
}

/// What the rules find in one paragraph alone, in plain offsets from the
/// paragraph's start. Depends only on the paragraph's text (and the
/// engine's config).
#[derive(Debug, Default)]
pub struct ParagraphFacts {
    boilerplate: rules::boilerplate::Local,
    numbers: Vec<Finding>,
    names: rules::names::Local,
    structure: rules::structure::Local,
}

/// The facts of the paragraphs of the last analysed version of one
/// document, by text, so that the next analysis recomputes only the
/// paragraphs that changed. Holds exactly the paragraphs of the last
/// version (older ones are dropped), so it stays the size of the document.
#[derive(Debug, Clone, Default)]
pub struct ParagraphCache {
    engine: u64,
    entries: FxHashMap<u64, (Box<str>, Arc<ParagraphFacts>)>,
    /// The numbers the cached paragraphs' shingles were given.
    shingles: rules::structure::ShingleIds,
}

impl ParagraphCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many paragraphs it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Numbers of shingles no paragraph uses any more pile up as the text
    /// changes; when they outnumber the live ones well, start afresh (the
    /// next analysis checks every paragraph again).
    fn trim(&mut self, facts: &[Arc<ParagraphFacts>]) {
        let live: usize = facts
            .iter()
            .map(|f| rules::structure::ShingleIds::count(&f.structure))
            .sum();
        if self.shingles.len() > 2 * live + 100_000 {
            *self = ParagraphCache {
                engine: self.engine,
                ..ParagraphCache::default()
            };
        }
    }
}

fn text_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

/// What one document contributes to the corpus index, in original offsets.
#[derive(Debug, Clone, Default)]
pub struct DocFeatures {
    pub boilerplate: rules::boilerplate::Features,
    pub names: rules::names::Features,
}

/// One document checked alone.
#[derive(Debug, Clone, Default)]
pub struct DocAnalysis {
    /// Findings that need no other document, sorted, in original offsets.
    pub findings: Vec<Finding>,
    pub features: DocFeatures,
}

/// The features of a set of documents, keyed by their index in the set.
/// Documents can be added and removed one at a time.
#[derive(Debug, Clone, Default)]
pub struct CorpusIndex {
    pub docs: usize,
    pub boilerplate: rules::boilerplate::CorpusIndex,
    pub names: rules::names::CorpusIndex,
}

impl CorpusIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// The index of a set of documents (document `i` is the `i`th item),
    /// the two families' halves built side by side.
    pub fn build<'a, I>(features: I) -> Self
    where
        I: IntoIterator<Item = &'a DocFeatures> + Clone + Send,
    {
        let for_names = features.clone();
        let (boilerplate, (names, docs)) = rayon::join(
            move || {
                let mut index = rules::boilerplate::CorpusIndex::default();
                for (i, f) in features.into_iter().enumerate() {
                    index.add(i, &f.boilerplate);
                }
                index
            },
            move || {
                let mut index = rules::names::CorpusIndex::default();
                let mut docs = 0;
                for (i, f) in for_names.into_iter().enumerate() {
                    index.add(i, &f.names);
                    docs += 1;
                }
                (index, docs)
            },
        );
        CorpusIndex {
            docs,
            boilerplate,
            names,
        }
    }

    /// Adds document `doc`'s features.
    pub fn add(&mut self, doc: usize, features: &DocFeatures) {
        self.docs += 1;
        self.boilerplate.add(doc, &features.boilerplate);
        self.names.add(doc, &features.names);
    }

    /// Removes what [`CorpusIndex::add`] added for `doc`.
    pub fn remove(&mut self, doc: usize, features: &DocFeatures) {
        self.docs = self.docs.saturating_sub(1);
        self.boilerplate.remove(doc, &features.boilerplate);
        self.names.remove(doc, &features.names);
    }
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
        let compiled = Compiled {
            boilerplate: rules::boilerplate::Compiled::new(&config)?,
            names: rules::names::Compiled::new(&config),
        };
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        Ok(Engine {
            config,
            compiled,
            id,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
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
            let (plain_findings, names, boilerplate) = match cache {
                Some(cache) => {
                    let facts = self.cached_facts(ctx, cache);
                    let found = run_families(ctx, &facts, &cache.shingles, parallel);
                    cache.trim(&facts);
                    found
                }
                None => {
                    // Nothing keeps the facts: no `Arc` for each paragraph.
                    let mut ids = rules::structure::ShingleIds::for_text(ctx.text.len());
                    let all: Vec<&Span> = ctx.paragraphs.iter().collect();
                    let facts = self.plain_facts(ctx, &all, &mut ids);
                    run_families(ctx, &facts, &ids, parallel)
                }
            };
            let mut findings: Vec<Finding> = plain_findings
                .into_iter()
                .map(|f| to_original(ctx.tagged, f))
                .collect();
            // Tag rules read the original text and report original offsets.
            rules::tags::check(ctx, &mut findings);
            let findings = self.finish(findings);
            let features = DocFeatures { boilerplate, names };
            DocAnalysis { findings, features }
        })
    }

    /// The facts of one paragraph, checked alone.
    fn facts_of(&self, para: &str) -> ParagraphFacts {
        // Buffers reused from one paragraph to the next on each thread
        // (this runs for every paragraph): the line index, and the word
        // hashes that the names family's pass over the words finds for
        // the structure family (one scan of the bytes instead of two).
        // Nothing here hands work to other threads, so a thread never
        // comes back in while it holds them.
        thread_local! {
            static LINES: std::cell::RefCell<LineIndex> = std::cell::RefCell::new(LineIndex::default());
            static WORD_HASHES: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
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
            WORD_HASHES.with_borrow_mut(|hashes| {
                hashes.clear();
                let names = rules::names::local_with_word_hashes(&ctx, Some(hashes));
                ParagraphFacts {
                    boilerplate: rules::boilerplate::local(&ctx),
                    numbers: rules::numbers::local(&ctx),
                    names,
                    structure: rules::structure::local_from_word_hashes(&ctx, hashes),
                }
            })
        })
    }

    /// The facts of the paragraphs `spans` of `ctx`, their shingles
    /// numbered by `ids`; checked in parallel when there are enough of them.
    fn facts(
        &self,
        ctx: &Ctx,
        spans: &[&Span],
        ids: &mut rules::structure::ShingleIds,
    ) -> Vec<Arc<ParagraphFacts>> {
        self.plain_facts(ctx, spans, ids)
            .into_iter()
            .map(Arc::new)
            .collect()
    }

    /// [`Engine::facts`], each paragraph's facts its own.
    fn plain_facts(
        &self,
        ctx: &Ctx,
        spans: &[&Span],
        ids: &mut rules::structure::ShingleIds,
    ) -> Vec<ParagraphFacts> {
        let bytes: usize = spans.iter().map(|s| s.len()).sum();
        let one = |s: &&Span| self.facts_of(&ctx.text[(*s).clone()]);
        let mut facts: Vec<ParagraphFacts> = if bytes >= PARALLEL_MIN {
            spans.par_iter().map(one).collect()
        } else {
            spans.iter().map(one).collect()
        };
        for f in &mut facts {
            ids.number(&mut f.structure);
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
            .zip(self.facts(ctx, &spans, &mut cache.shingles))
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
        rules::boilerplate::corpus_check(
            doc,
            &features.boilerplate,
            &index.boilerplate,
            index.docs,
            &self.config,
            &mut out,
        );
        rules::names::corpus_check(doc, &features.names, &index.names, &self.config, &mut out);
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
        // A line a built-in or user pattern already calls boilerplate needs
        // no second finding for also being repeated.
        let local_lines: Vec<_> = all
            .iter()
            .filter(|f| f.family() == "boilerplate")
            .map(|f| f.span.clone())
            .collect();
        let mut corpus = self.corpus_findings(doc, features, index);
        corpus.retain(|f| {
            f.rule != "boilerplate/repeated-line"
                || !local_lines
                    .iter()
                    .any(|s| s.start < f.span.end && f.span.start < s.end)
        });
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
        rules::names::corpus_check_alone(&analysis.features.names, &mut corpus);
        let mut all = analysis.findings.clone();
        all.extend(self.finish(corpus));
        sort(&mut all);
        all
    }

    /// Applies configured levels, drops rules that are off, sorts, and
    /// drops exact duplicates (two paths to the same finding).
    fn finish(&self, mut findings: Vec<Finding>) -> Vec<Finding> {
        findings.retain_mut(|f| match self.config.level(f.rule) {
            Some(Level::Off) => false,
            Some(Level::On(sev)) => {
                f.severity = sev;
                true
            }
            None => true,
        });
        sort(&mut findings);
        findings.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
        findings
    }
}

/// Documents (or sets of paragraphs to check) at least this long (bytes)
/// are checked in parallel: paragraphs spread over the cores, then the
/// families' document-wide steps side by side. An editor's big article then
/// gets its diagnostics sooner; a corpus run already keeps every core busy
/// with whole documents, and a small document is not worth the hand-off.
const PARALLEL_MIN: usize = 64 * 1024;

/// Each paragraph's (start, first line), with one family's part of its facts.
fn placed<'a, T, F: Borrow<ParagraphFacts>>(
    at: &[(usize, usize)],
    facts: &'a [F],
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

/// Runs the plain-text rule families' document-wide steps on the
/// paragraphs' facts; their findings come out in family order whether or
/// not they ran in parallel, so results never depend on it.
///
/// The facts are shared (`Arc`) when an editor's paragraph cache holds
/// them, and plain in a check of a whole document.
fn run_families<F: Borrow<ParagraphFacts> + Sync>(
    ctx: &Ctx,
    facts: &[F],
    ids: &rules::structure::ShingleIds,
    parallel: bool,
) -> (
    Vec<Finding>,
    rules::names::Features,
    rules::boilerplate::Features,
) {
    // Where each paragraph sits, found once for every family.
    let at: Vec<(usize, usize)> = ctx
        .paragraphs
        .iter()
        .map(|p| (p.start, ctx.lines.line_of(p.start)))
        .collect();
    let at = &at[..];
    let boilerplate = || {
        let mut out = Vec::new();
        let features =
            rules::boilerplate::check(ctx, &placed(at, facts, |f| &f.boilerplate), &mut out);
        (out, features)
    };
    let numbers = || {
        let mut out = Vec::new();
        rules::placed_findings(
            at.iter()
                .zip(facts)
                .map(|(p, f)| (p.0, &f.borrow().numbers[..])),
            &mut out,
        );
        out
    };
    let names = || {
        let mut out = Vec::new();
        let features = rules::names::check(ctx, &placed(at, facts, |f| &f.names), &mut out);
        (out, features)
    };
    let structure = || {
        let mut out = Vec::new();
        rules::structure::check(ctx, &placed(at, facts, |f| &f.structure), ids, &mut out);
        out
    };
    let (((b, bf), n), ((m, mf), s)) = if parallel {
        rayon::join(
            || rayon::join(boilerplate, numbers),
            || rayon::join(names, structure),
        )
    } else {
        ((boilerplate(), numbers()), (names(), structure()))
    };
    let mut all = b;
    all.extend(n);
    all.extend(m);
    all.extend(s);
    (all, mf, bf)
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
}

/// Moves a finding from plain offsets to original offsets.
fn to_original(tagged: &TaggedText, mut f: Finding) -> Finding {
    if tagged.is_identity() {
        return f;
    }
    f.span = tagged.span_to_original(&f.span);
    for r in &mut f.related {
        if r.doc == DocRef::This {
            r.span = tagged.span_to_original(&r.span);
        }
    }
    for fix in &mut f.fixes {
        for e in &mut fix.edits {
            e.span = tagged.span_to_original(&e.span);
        }
    }
    f
}

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
        let ((serial, names_s, bp_s), (parallel, names_p, bp_p)) =
            engine.with_context(&text, |ctx| {
                let mut ids = rules::structure::ShingleIds::default();
                let all: Vec<&Span> = ctx.paragraphs.iter().collect();
                let facts = engine.facts(ctx, &all, &mut ids);
                (
                    run_families(ctx, &facts, &ids, false),
                    run_families(ctx, &facts, &ids, true),
                )
            });
        assert!(serial.len() > 100, "{}", serial.len());
        assert_eq!(format!("{serial:?}"), format!("{parallel:?}"));
        assert_eq!(format!("{names_s:?}"), format!("{names_p:?}"));
        assert_eq!(format!("{bp_s:?}"), format!("{bp_p:?}"));
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
