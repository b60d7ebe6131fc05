//! The entity overview of a corpus (`lede entities`, the server's
//! `workspace/symbol`): each entity with its label, mentions, files and
//! spellings, and whether the spellings disagree.
//!
//! What an entity is (written in `docs/annotation.md`):
//! - a **registry** entity: every `[[entity]]`, mentioned or not. Its
//!   mentions are the tags naming its id, the id-less tags whose surface is
//!   exactly its name or an alias and whose label is its label, and the
//!   untagged mentions `lede tag` would wrap ([`Pretagger::mentions`]);
//! - a **discovered** entity: tagged in the text but not in the registry. A
//!   tag with an id the registry lacks is grouped by that id; an id-less
//!   tag by its label and the name key of the names family (case, short
//!   parentheticals and spacing aside), so `[Lanwei Port]{ORG}` and
//!   `[LANWEI PORT]{ORG}` are one entity with two spellings.
//!
//! Untagged names that are in no registry and no tag are not entities here:
//! the names family reports their spellings as findings.
//!
//! The spellings *disagree* (`variants`) when a registry entity is written
//! in a way that is neither its name nor an alias, or a discovered entity
//! in more than one way.

use rustc_hash::FxHashMap;

use super::pretag::Pretagger;
use crate::base::text::Span;
use crate::config::Config;
use crate::rules::names::name_key;
use crate::tags::TaggedText;

/// Where an entity was first mentioned: document index and span in its
/// original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstMention {
    pub doc: usize,
    pub span: Span,
}

/// One row of the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRow {
    /// The registry id, or the id the tags use; `None` for a discovered
    /// entity tagged without ids.
    pub id: Option<String>,
    pub label: String,
    /// The registry name; for a discovered entity its most used spelling.
    pub name: String,
    pub in_registry: bool,
    pub mentions: usize,
    pub tagged: usize,
    pub untagged: usize,
    /// Documents with at least one mention.
    pub files: usize,
    /// Each spelling with its number of mentions, most used first.
    pub spellings: Vec<(String, usize)>,
    pub variants: bool,
    pub first: Option<FirstMention>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Registry(usize),
    Id(String),
    Surface(String, u64),
}

/// One mention found in a document.
#[derive(Debug, Clone)]
pub struct DocMention {
    key: Key,
    label: String,
    span: Span,
    tagged: bool,
}

/// The mentions of one document, in text order (each document can be
/// read on its own thread).
pub fn doc_mentions(config: &Config, pretagger: &Pretagger, text: &str) -> Vec<DocMention> {
    let tagged = TaggedText::parse(text);
    let mut out = Vec::new();
    for t in &tagged.tags {
        let surface = &text[t.surface.clone()];
        let by_id =
            t.entity_id.as_ref().map(
                |id| match config.entities.iter().position(|e| e.id == *id) {
                    Some(i) => Key::Registry(i),
                    None => Key::Id(id.clone()),
                },
            );
        let key = by_id.unwrap_or_else(|| {
            let registered = config.entities.iter().position(|e| {
                e.label == t.label
                    && std::iter::once(&e.name)
                        .chain(&e.aliases)
                        .any(|n| n.trim() == surface)
            });
            match registered {
                Some(i) => Key::Registry(i),
                None => Key::Surface(t.label.clone(), surface_key(surface)),
            }
        });
        out.push(DocMention {
            key,
            label: t.label.clone(),
            span: t.surface.clone(),
            tagged: true,
        });
    }
    for m in pretagger.mentions(text) {
        out.push(DocMention {
            key: Key::Registry(m.entity),
            label: config.entities[m.entity].label.clone(),
            span: m.span,
            tagged: false,
        });
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// The names family's key of a name; text without one (a name of
/// connectors only) is keyed by its lowercase, spaces collapsed.
fn surface_key(surface: &str) -> u64 {
    name_key(surface).unwrap_or_else(|| {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        let folded: Vec<String> = surface.split_whitespace().map(str::to_lowercase).collect();
        folded.hash(&mut h);
        h.finish()
    })
}

#[derive(Debug, Default)]
struct Gathered {
    label: String,
    tagged: usize,
    untagged: usize,
    /// Spelling -> (mentions, order first seen).
    spellings: FxHashMap<String, (usize, usize)>,
    last_doc: Option<usize>,
    files: usize,
    first: Option<FirstMention>,
}

/// The overview of documents `0..docs.len()`, each given as its text and
/// its [`doc_mentions`], in corpus order.
pub fn overview<'a, I>(config: &Config, docs: I) -> Vec<EntityRow>
where
    I: IntoIterator<Item = (&'a str, &'a [DocMention])>,
{
    let mut gathered: FxHashMap<Key, Gathered> = FxHashMap::default();
    let mut order = 0usize;
    for (doc, (text, mentions)) in docs.into_iter().enumerate() {
        for m in mentions {
            let g = gathered.entry(m.key.clone()).or_insert_with(|| Gathered {
                label: m.label.clone(),
                ..Gathered::default()
            });
            if m.tagged {
                g.tagged += 1;
            } else {
                g.untagged += 1;
            }
            if g.last_doc != Some(doc) {
                g.last_doc = Some(doc);
                g.files += 1;
            }
            if g.first.is_none() {
                g.first = Some(FirstMention {
                    doc,
                    span: m.span.clone(),
                });
            }
            let spelling = text.get(m.span.clone()).unwrap_or_default();
            let s = g
                .spellings
                .entry(spelling.to_string())
                .or_insert((0, order));
            s.0 += 1;
            order += 1;
        }
    }
    let mut rows = Vec::new();
    for (i, e) in config.entities.iter().enumerate() {
        let g = gathered.remove(&Key::Registry(i)).unwrap_or_default();
        let accepted = |s: &str| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|n| n.trim() == s)
        };
        let variants = g.spellings.keys().any(|s| !accepted(s.as_str()));
        rows.push(row(
            Some(e.id.clone()),
            e.label.clone(),
            Some(e.name.clone()),
            true,
            variants,
            g,
        ));
    }
    for (key, g) in gathered {
        let id = match key {
            Key::Id(id) => Some(id),
            Key::Surface(..) => None,
            // Every registry key was taken above.
            Key::Registry(_) => continue,
        };
        let variants = g.spellings.len() > 1;
        rows.push(row(id, g.label.clone(), None, false, variants, g));
    }
    rows.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

fn row(
    id: Option<String>,
    label: String,
    name: Option<String>,
    in_registry: bool,
    variants: bool,
    g: Gathered,
) -> EntityRow {
    let mut spellings: Vec<(String, usize, usize)> = g
        .spellings
        .into_iter()
        .map(|(s, (n, at))| (s, n, at))
        .collect();
    // Most used first; a tie goes to the spelling seen first.
    spellings.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let name = name
        .or_else(|| spellings.first().map(|s| s.0.clone()))
        .unwrap_or_default();
    EntityRow {
        id,
        label,
        name,
        in_registry,
        mentions: g.tagged + g.untagged,
        tagged: g.tagged,
        untagged: g.untagged,
        files: g.files,
        spellings: spellings.into_iter().map(|(s, n, _)| (s, n)).collect(),
        variants,
        first: g.first,
    }
}

/// [`doc_mentions`] and [`overview`] over texts, serially.
pub fn entities_of(config: &Config, texts: &[&str]) -> Vec<EntityRow> {
    let pretagger = Pretagger::new(config);
    let mentions: Vec<Vec<DocMention>> = texts
        .iter()
        .map(|t| doc_mentions(config, &pretagger, t))
        .collect();
    overview(
        config,
        texts
            .iter()
            .copied()
            .zip(mentions.iter().map(Vec::as_slice)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGISTRY: &str = r#"
[[entity]]
id = "dorvik-port"
name = "Dorvik Port Holding Group"
label = "ORG"
aliases = ["Dorvik Port"]

[[entity]]
id = "ma-ruolin"
name = "Ma Ruolin"
label = "PER"
"#;

    fn rows(texts: &[&str]) -> Vec<EntityRow> {
        entities_of(&Config::parse(REGISTRY).unwrap(), texts)
    }

    fn find<'a>(rows: &'a [EntityRow], name: &str) -> &'a EntityRow {
        rows.iter().find(|r| r.name == name).unwrap()
    }

    #[test]
    fn registry_entities_count_tags_and_untagged_mentions() {
        let r = rows(&[
            "[Dorvik Port]{ORG:dorvik-port} and Dorvik Port Holding Group.",
            "Ma Ruolin spoke. [Dorvik Port]{ORG} grew.",
        ]);
        let d = find(&r, "Dorvik Port Holding Group");
        assert_eq!((d.mentions, d.tagged, d.untagged, d.files), (3, 2, 1, 2));
        assert_eq!(
            d.spellings,
            [
                ("Dorvik Port".to_string(), 2),
                ("Dorvik Port Holding Group".to_string(), 1)
            ]
        );
        assert!(!d.variants, "an alias is no variant");
        assert_eq!(
            d.first,
            Some(FirstMention {
                doc: 0,
                span: 1..12
            })
        );
        let m = find(&r, "Ma Ruolin");
        assert_eq!((m.mentions, m.untagged, m.files), (1, 1, 1));
        assert_eq!(
            r[0].name, "Dorvik Port Holding Group",
            "most mentioned first"
        );
    }

    #[test]
    fn an_unmentioned_registry_entity_is_listed_with_nothing() {
        let r = rows(&["No names here."]);
        assert_eq!(r.len(), 2);
        assert!(r
            .iter()
            .all(|e| e.mentions == 0 && e.first.is_none() && e.in_registry));
    }

    #[test]
    fn a_tag_spelling_off_the_registry_is_a_variant() {
        let r = rows(&["[Dorvik Harbour]{ORG:dorvik-port} opened."]);
        assert!(find(&r, "Dorvik Port Holding Group").variants);
    }

    #[test]
    fn discovered_entities_group_by_id_or_by_name_key() {
        let r = rows(&[
            "[Lanwei Port]{LOC} and [LANWEI PORT]{LOC}, [Hao Peng]{PER:hao}.",
            "[Lanwei Port]{LOC} again; [Peng Hao]{PER:hao}; [Lanwei Port]{ORG}.",
        ]);
        let loc = r
            .iter()
            .find(|e| e.label == "LOC" && e.name == "Lanwei Port")
            .unwrap();
        assert!(!loc.in_registry && loc.id.is_none());
        assert_eq!((loc.mentions, loc.files), (3, 2));
        assert!(loc.variants);
        let org = r
            .iter()
            .find(|e| e.label == "ORG" && e.name == "Lanwei Port")
            .unwrap();
        assert_eq!(org.mentions, 1, "another label is another entity");
        assert!(!org.variants);
        let hao = r.iter().find(|e| e.id.as_deref() == Some("hao")).unwrap();
        assert_eq!(hao.mentions, 2);
        assert!(hao.variants);
        assert_eq!(hao.name, "Hao Peng", "a tie goes to the first spelling");
    }

    #[test]
    fn untagged_case_variants_and_unknown_names_are_not_mentions() {
        let r = rows(&["MA RUOLIN and ma ruolin met Hao Peng."]);
        assert_eq!(find(&r, "Ma Ruolin").mentions, 0);
        assert_eq!(r.len(), 2);
    }
}
