//! `tags/` rules: problems with the inline entity tags themselves. These
//! read the original text and report original offsets.

use super::{Ctx, RuleMeta, Sink};

mod label_mismatch;
mod malformed;
mod overlapping;
mod unknown_entity;
mod unknown_label;

pub const RULES: &[&RuleMeta] = &[
    &malformed::META,
    &unknown_label::META,
    &unknown_entity::META,
    &label_mismatch::META,
    &overlapping::META,
];

/// The `lede.toml` the registry examples are checked with: one entity.
const EXAMPLE_REGISTRY: &str =
    "[[entity]]\nid = \"minmetals\"\nname = \"China Minmetals Group\"\nlabel = \"ORG\"\n";

/// The `tags/` findings of one document: the syntax errors first, then
/// each tag in order (its label, then its registry entity).
pub fn check(ctx: &Ctx, out: &mut Sink) {
    for e in &ctx.tagged.errors {
        if let Some(f) = malformed::finding(e).or_else(|| overlapping::finding(e)) {
            out.push(f);
        }
    }
    let labels = &ctx.config.labels;
    for tag in &ctx.tagged.tags {
        if let Some(f) = unknown_label::finding(labels, tag) {
            out.push(f);
        }
        let (Some(id), Some(id_span)) = (&tag.entity_id, &tag.entity_id_span) else {
            continue;
        };
        match ctx
            .compiled
            .tags
            .get(id.as_str())
            .map(|&k| &ctx.config.entities[k])
        {
            None => out.push(unknown_entity::finding(id, id_span)),
            Some(entity) => out.extend(label_mismatch::finding(labels, tag, entity)),
        }
    }
}

/// The tags family: problems with inline entity tags.
pub struct Tags;

impl crate::rules::Family for Tags {
    const NAME: &'static str = "tags";
    const ABOUT: &'static str = "Problems with inline entity tags.";
    const RULES: &'static [&'static crate::rules::RuleMeta] = self::RULES;
    /// Each registry entity's index by its id.
    type Compiled = rustc_hash::FxHashMap<String, usize>;
    type Local = ();
    type Features = ();
    type Index = ();

    fn compile(
        config: &crate::config::Config,
    ) -> Result<Self::Compiled, crate::config::ConfigError> {
        // The first of an id wins, as `Config::entity` finds it (the
        // configuration refuses an id given twice anyway).
        let mut by_id = rustc_hash::FxHashMap::default();
        for (k, e) in config.entities.iter().enumerate() {
            by_id.entry(e.id.clone()).or_insert(k);
        }
        Ok(by_id)
    }
    fn check_original(ctx: &crate::rules::Ctx, out: &mut crate::rules::Sink) {
        self::check(ctx, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::base::rule_meta::Example;
    use crate::config::Config;
    use crate::engine::Engine;
    use crate::Finding;

    /// The findings in the first of `texts` checked as one corpus with
    /// the `lede.toml` `config`.
    fn run(config: &str, texts: &[&str]) -> Vec<Finding> {
        let engine = Engine::new(Config::parse(config).unwrap()).unwrap();
        engine.check_corpus(texts).swap_remove(0)
    }

    /// The findings of an example in its text (the other files are the
    /// rest of its corpus).
    pub(super) fn findings(e: &Example) -> Vec<Finding> {
        let mut texts = vec![e.text];
        texts.extend_from_slice(e.other_files);
        run(e.config, &texts)
    }

    /// The findings of `rule` on `text` with the `lede.toml` `config`, as
    /// the text they cover.
    pub(super) fn hits(config: &str, text: &str, rule: &str) -> Vec<String> {
        run(config, &[text])
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| text[f.span].to_string())
            .collect()
    }
}
