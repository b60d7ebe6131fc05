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

use crate::config::{Config, ConfigError, Level};
use crate::finding::{DocRef, Finding};
use crate::rules::{self, Ctx};
use crate::tags::TaggedText;
use crate::text::{paragraphs, LineIndex};

/// Config-derived state compiled once (regexes, automata).
pub struct Compiled {
    pub boilerplate: rules::boilerplate::Compiled,
    pub names: rules::names::Compiled,
}

/// A configured checker. Cheap to share between threads.
pub struct Engine {
    config: Config,
    compiled: Compiled,
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
        let compiled = Compiled {
            boilerplate: rules::boilerplate::Compiled::new(&config)?,
            names: rules::names::Compiled::new(&config),
        };
        Ok(Engine { config, compiled })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Parses `text` and hands `f` what the rules see.
    fn with_context<R>(&self, text: &str, f: impl FnOnce(&Ctx) -> R) -> R {
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
        self.with_context(text, |ctx| {
            let (plain_findings, names, boilerplate) =
                run_families(ctx, ctx.text.len() >= PARALLEL_FAMILIES_MIN);
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

    /// What the corpus shows about document `doc` (its own analysis is
    /// `analysis`; `index` must contain it).
    pub fn corpus_findings(
        &self,
        doc: usize,
        features: &DocFeatures,
        index: &CorpusIndex,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        rules::boilerplate::corpus_check(doc, &features.boilerplate, index, &self.config, &mut out);
        rules::names::corpus_check(doc, &features.names, index, &self.config, &mut out);
        self.finish(out)
    }

    /// Local and corpus findings of one document, merged and sorted.
    pub fn findings_for(
        &self,
        doc: usize,
        analysis: &DocAnalysis,
        index: &CorpusIndex,
    ) -> Vec<Finding> {
        let mut all = analysis.findings.clone();
        // A line a built-in or user pattern already calls boilerplate needs
        // no second finding for also being repeated.
        let local_lines: Vec<_> = all
            .iter()
            .filter(|f| f.family() == "boilerplate")
            .map(|f| f.span.clone())
            .collect();
        all.extend(
            self.corpus_findings(doc, &analysis.features, index)
                .into_iter()
                .filter(|f| {
                    f.rule != "boilerplate/repeated-line"
                        || !local_lines
                            .iter()
                            .any(|s| s.start < f.span.end && f.span.start < s.end)
                }),
        );
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
        self.check_corpus(&[text]).pop().unwrap_or_default()
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

/// Documents at least this long (bytes) run the rule families side by
/// side: an editor's big article then gets its diagnostics sooner. A corpus
/// run already keeps every core busy with whole documents, and a small
/// document is not worth the hand-off.
const PARALLEL_FAMILIES_MIN: usize = 64 * 1024;

/// Runs the plain-text rule families; their findings come out in family
/// order whether or not they ran in parallel, so results never depend on it.
fn run_families(
    ctx: &Ctx,
    parallel: bool,
) -> (
    Vec<Finding>,
    rules::names::Features,
    rules::boilerplate::Features,
) {
    let family = |check: fn(&Ctx, &mut rules::Sink)| {
        let mut out = Vec::new();
        check(ctx, &mut out);
        out
    };
    let boilerplate = || {
        (
            family(rules::boilerplate::check),
            rules::boilerplate::features(ctx),
        )
    };
    let numbers = || family(rules::numbers::check);
    let names = || {
        let mut out = Vec::new();
        let features = rules::names::check(ctx, &mut out);
        (out, features)
    };
    let structure = || family(rules::structure::check);
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
        one.repeat(PARALLEL_FAMILIES_MIN / one.len() + 2)
    }

    #[test]
    fn families_give_the_same_findings_in_parallel() {
        let engine = Engine::new(Config::default()).unwrap();
        let text = big_article();
        assert!(text.len() >= PARALLEL_FAMILIES_MIN);
        let ((serial, names_s, bp_s), (parallel, names_p, bp_p)) = engine
            .with_context(&text, |ctx| {
                (run_families(ctx, false), run_families(ctx, true))
            });
        assert!(serial.len() > 100, "{}", serial.len());
        assert_eq!(format!("{serial:?}"), format!("{parallel:?}"));
        assert_eq!(format!("{names_s:?}"), format!("{names_p:?}"));
        assert_eq!(format!("{bp_s:?}"), format!("{bp_p:?}"));
    }
}
