//! How each family takes part in the engine's steps ([`Family`]).
//!
//! Each impl is a thin adapter over its family's entry points.

use super::*;
use crate::base::finding::Finding;

/// Lines that are site furniture, not article text.
pub struct Boilerplate;
/// Numbers damaged by scraping or translation.
pub struct Numbers;
/// One entity written more than one way.
pub struct Names;
/// Damage to sentences, lists and paragraphs.
pub struct Structure;
/// Problems with inline entity tags.
pub struct Tags;

impl Family for Boilerplate {
    const NAME: &'static str = "boilerplate";
    const ABOUT: &'static str = "Lines that are site furniture, not article text.";
    const RULES: &'static [&'static RuleMeta] = boilerplate::RULES;
    const CORPUS_YIELDS_TO_LOCAL: &'static [&'static RuleMeta] = &[&boilerplate::REPEATED_LINE];
    type Compiled = boilerplate::Compiled;
    type Local = boilerplate::Local;
    type Features = boilerplate::Features;
    type Index = boilerplate::CorpusIndex;

    fn compile(config: &Config) -> Result<Self::Compiled, ConfigError> {
        boilerplate::Compiled::new(config)
    }
    fn warm_up() {
        boilerplate::warm_up();
    }
    #[inline]
    fn local(ctx: &Ctx, _words: &mut WordScratch) -> Self::Local {
        boilerplate::local(ctx)
    }
    fn check(
        ctx: &Ctx,
        p: &[Placed<Self::Local>],
        _doc: &DocScratch,
        out: &mut Sink,
    ) -> Self::Features {
        boilerplate::check(ctx, p, out)
    }
    fn index_add(index: &mut Self::Index, doc: usize, f: &Self::Features) {
        index.add(doc, f);
    }
    fn index_remove(index: &mut Self::Index, doc: usize, f: &Self::Features) {
        index.remove(doc, f);
    }
    fn corpus_check(
        doc: usize,
        f: &Self::Features,
        index: &Self::Index,
        docs: usize,
        config: &Config,
        out: &mut Sink,
    ) {
        boilerplate::corpus_check(doc, f, index, docs, config, out);
    }
}

impl Family for Numbers {
    const NAME: &'static str = "numbers";
    const ABOUT: &'static str = "Numbers damaged by scraping or translation.";
    const RULES: &'static [&'static RuleMeta] = numbers::RULES;
    type Compiled = ();
    type Local = Vec<Finding>;
    type Features = ();
    type Index = ();

    fn compile(_config: &Config) -> Result<(), ConfigError> {
        Ok(())
    }
    fn warm_up() {
        numbers::warm_up();
    }
    #[inline]
    fn local(ctx: &Ctx, _words: &mut WordScratch) -> Self::Local {
        numbers::local(ctx)
    }
    fn check(_ctx: &Ctx, p: &[Placed<Self::Local>], _doc: &DocScratch, out: &mut Sink) {
        placed_findings(p.iter().map(|p| (p.start, &p.local[..])), out);
    }
}

impl Family for Names {
    const NAME: &'static str = "names";
    const ABOUT: &'static str = "One entity written more than one way.";
    const RULES: &'static [&'static RuleMeta] = names::RULES;
    type Compiled = names::Compiled;
    type Local = names::Local;
    type Features = names::Features;
    type Index = names::CorpusIndex;

    fn compile(config: &Config) -> Result<Self::Compiled, ConfigError> {
        Ok(names::Compiled::new(config))
    }
    fn warm_up() {
        names::warm_up();
    }
    #[inline]
    fn local(ctx: &Ctx, words: &mut WordScratch) -> Self::Local {
        words.hashes.clear();
        names::local_with_word_hashes(ctx, Some(&mut words.hashes))
    }
    fn check(
        ctx: &Ctx,
        p: &[Placed<Self::Local>],
        _doc: &DocScratch,
        out: &mut Sink,
    ) -> Self::Features {
        names::check(ctx, p, out)
    }
    fn index_add(index: &mut Self::Index, doc: usize, f: &Self::Features) {
        index.add(doc, f);
    }
    fn index_remove(index: &mut Self::Index, doc: usize, f: &Self::Features) {
        index.remove(doc, f);
    }
    fn corpus_check(
        doc: usize,
        f: &Self::Features,
        index: &Self::Index,
        _docs: usize,
        config: &Config,
        out: &mut Sink,
    ) {
        names::corpus_check(doc, f, index, config, out);
    }
    fn corpus_check_alone(f: &Self::Features, out: &mut Sink) {
        names::corpus_check_alone(f, out);
    }
}

impl Family for Structure {
    const NAME: &'static str = "structure";
    const ABOUT: &'static str = "Damage to sentences, lists and paragraphs.";
    const RULES: &'static [&'static RuleMeta] = structure::RULES;
    type Compiled = ();
    type Local = structure::Local;
    type Features = ();
    type Index = ();

    fn compile(_config: &Config) -> Result<(), ConfigError> {
        Ok(())
    }
    /// Reads the word hashes that the names family's pass left.
    #[inline]
    fn local(ctx: &Ctx, words: &mut WordScratch) -> Self::Local {
        structure::local_from_word_hashes(ctx, &words.hashes)
    }
    fn number(local: &mut Self::Local, doc: &mut DocScratch) {
        doc.shingles.number(local);
    }
    fn numbered(local: &Self::Local) -> usize {
        structure::ShingleIds::count(local)
    }
    fn check(ctx: &Ctx, p: &[Placed<Self::Local>], doc: &DocScratch, out: &mut Sink) {
        structure::check(ctx, p, &doc.shingles, out);
    }
}

impl Family for Tags {
    const NAME: &'static str = "tags";
    const ABOUT: &'static str = "Problems with inline entity tags.";
    const RULES: &'static [&'static RuleMeta] = tags::RULES;
    type Compiled = ();
    type Local = ();
    type Features = ();
    type Index = ();

    fn compile(_config: &Config) -> Result<(), ConfigError> {
        Ok(())
    }
    fn check_original(ctx: &Ctx, out: &mut Sink) {
        tags::check(ctx, out);
    }
}
