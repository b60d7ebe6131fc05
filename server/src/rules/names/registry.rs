//! The entity registry of the configuration, compiled once into one
//! automaton ([`Compiled`]), and the one search of a document for its
//! names that two rules report on: a registry name written in another
//! case (`names/inconsistent-spelling`) and one left untagged in a tagged
//! article (`names/untagged-entity`).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use rustc_hash::FxHashMap;

use super::inconsistent_spelling::registry_case;
use super::mention::name_key;
use super::untagged_entity;
use crate::config::Config;
use crate::rules::{Ctx, Sink};

/// Registry automaton, compiled once per config.
#[derive(Debug, Default)]
pub struct Compiled {
    /// Matches every registry name and alias, ASCII case-insensitively.
    pub(crate) registry: Option<AhoCorasick>,
    /// Per pattern: (entity index, the exact spelling).
    pub(crate) patterns: Vec<(usize, String)>,
    /// Each registry name and alias by its mention key (the last of a
    /// key wins), for `names/inconsistent-spelling`'s canonical spelling.
    pub(crate) registry_keys: FxHashMap<u64, String>,
}

impl Compiled {
    pub fn new(config: &Config) -> Self {
        let mut patterns = Vec::new();
        for (i, e) in config.entities.iter().enumerate() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                if !n.trim().is_empty() {
                    patterns.push((i, n.trim().to_string()));
                }
            }
        }
        let registry = (!patterns.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(patterns.iter().map(|p| p.1.as_str()))
                    .ok()
            })
            .flatten();
        let registry_keys = config
            .entities
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
            .filter_map(|n| name_key(n).map(|k| (k, n.clone())))
            .collect();
        Compiled {
            registry,
            patterns,
            registry_keys,
        }
    }
}

/// Registry entities: case variants, untagged mentions in tagged articles.
pub(crate) fn check_registry(ctx: &Ctx, out: &mut Sink) {
    let compiled = &ctx.compiled.names;
    let Some(ac) = &compiled.registry else { return };
    let tagged_article = !ctx.tagged.tags.is_empty();
    let text = ctx.text;
    for m in ac.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        let bounded = !text[..s].ends_with(char::is_alphanumeric)
            && !text[e..].starts_with(char::is_alphanumeric);
        if !bounded {
            continue;
        }
        let (entity_idx, spelling) = &compiled.patterns[m.pattern().as_usize()];
        let entity = &ctx.config.entities[*entity_idx];
        let found = &text[s..e];
        // Tags are in order and never overlap: only the first one ending
        // after `s` can meet the match.
        let tags = &ctx.tagged.tags;
        let next = tags.get(tags.partition_point(|t| t.plain.end <= s));
        let meets_tag = next.is_some_and(|t| t.plain.start < e);
        let in_tag = next.is_some_and(|t| t.plain.start <= s && e <= t.plain.end);
        if found != spelling && found.chars().any(char::is_uppercase) {
            let mut f = registry_case::finding(s..e, spelling, entity);
            // Rewriting a name partly tagged would drop the tag's syntax.
            if meets_tag && !in_tag {
                f.fixes.clear();
            }
            out.push(f);
        } else if tagged_article && !meets_tag && found == spelling {
            // A name partly tagged (an alias inside it) is tagged.
            out.push(untagged_entity::finding(ctx, s..e, entity));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::Engine;

    #[test]
    fn registry_untagged_and_case_variant() {
        let config = Config::parse(
            "[[entity]]\nid = \"minmetals\"\nname = \"China Minmetals Group\"\nlabel = \"ORG\"\naliases = [\"Minmetals Group\"]\n",
        )
        .unwrap();
        let engine = Engine::new(config).unwrap();
        let t = "[Hao Peng]{PER} met China Minmetals Group. [Minmetals Group]{ORG:minmetals} agreed. china minmetals group too. China MINMETALS Group";
        let fs = engine.check(t);
        let rules: Vec<(&str, &str)> = fs
            .iter()
            .filter(|f| f.family() == "names")
            .map(|f| (f.rule, &t[f.span.clone()]))
            .collect();
        assert!(
            rules.contains(&("names/untagged-entity", "China Minmetals Group")),
            "{rules:?}"
        );
        assert!(
            rules.contains(&("names/inconsistent-spelling", "China MINMETALS Group")),
            "{rules:?}"
        );
        // An all-lowercase mention is not a spelling of the name to flag.
        assert!(
            !rules.iter().any(|r| r.1 == "china minmetals group"),
            "{rules:?}"
        );
        let untagged = fs
            .iter()
            .find(|f| f.rule == "names/untagged-entity")
            .unwrap();
        let fixed = crate::base::fix::apply_edits(t, untagged.fixes[0].edits.clone());
        assert!(
            fixed.contains("met [China Minmetals Group]{ORG:minmetals}."),
            "{fixed}"
        );
        // Untagged articles are not nagged.
        let plain = "Hao Peng met China Minmetals Group.";
        assert!(engine
            .check(plain)
            .iter()
            .all(|f| f.rule != "names/untagged-entity"));
    }
}
