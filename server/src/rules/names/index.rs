//! The corpus index of names: for each key, the spellings the checked
//! files use and which files use each ([`Holders`]), and the titles each
//! name is given capitalised.

use rustc_hash::{FxHashMap, FxHashSet};

use super::mention::{name_key, Features, Mention, Span32, Spelling};

/// A document that uses a spelling, with the spelling's first mention there.
pub(crate) type Holder = (u32, Span32);

/// The documents that use one spelling, in the order they were added.
/// Most spellings are in one document only: the first is kept in place,
/// and only the others need a vector of their own.
#[derive(Debug, Clone, Default)]
pub(crate) struct Holders {
    first: Option<Holder>,
    /// Empty while `first` is.
    rest: Vec<Holder>,
}

impl Holders {
    fn push(&mut self, h: Holder) {
        if self.first.is_none() {
            self.first = Some(h);
        } else {
            self.rest.push(h);
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Holder> {
        self.first.iter().chain(&self.rest)
    }

    pub(crate) fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.rest.len()
    }

    fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// Drops document `doc`, keeping the others in order.
    fn remove(&mut self, doc: u32) {
        let mut left = std::mem::take(self)
            .iter()
            .copied()
            .filter(|h| h.0 != doc)
            .collect::<Vec<_>>()
            .into_iter();
        self.first = left.next();
        self.rest = left.collect();
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct SurfaceEntry {
    pub(crate) text: Spelling,
    pub(crate) caps: u16,
    pub(crate) adjective: bool,
    /// Documents using this spelling, with the first occurrence in each.
    pub(crate) docs: Holders,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct KeyEntry {
    /// Documents where the name occurs in a clean form (with multiplicity per surface add).
    pub(crate) clean_docs: u32,
    pub(crate) surfaces: FxHashMap<u64, SurfaceEntry>,
}

/// Name mentions across the corpus.
#[derive(Debug, Clone, Default)]
pub struct CorpusIndex {
    pub(crate) keys: FxHashMap<u64, KeyEntry>,
    /// Titled-name key -> documents where the title is capitalised.
    pub(crate) titled_caps: FxHashMap<u64, u32>,
}

/// Each (key, surface) of a document once, with its first mention.
pub(crate) fn distinct(f: &Features) -> impl Iterator<Item = &Mention> {
    f.spellings.iter()
}

impl CorpusIndex {
    pub fn add(&mut self, doc: usize, f: &Features) {
        // Past u32::MAX documents (no real corpus has them) the rest stay
        // out of the name index.
        let Ok(doc) = u32::try_from(doc) else {
            return;
        };
        for m in distinct(f) {
            let Some(first) = Span32::new(&m.span) else {
                continue;
            };
            let entry = self.keys.entry(m.key).or_default();
            let s = entry
                .surfaces
                .entry(m.surface)
                .or_insert_with(|| SurfaceEntry {
                    text: m.text.clone().unwrap_or_default(),
                    caps: m.caps,
                    adjective: m.adjective,
                    docs: Holders::default(),
                });
            s.docs.push((doc, first));
        }
        for key in &f.clean_keys {
            if let Some(entry) = self.keys.get_mut(key) {
                entry.clean_docs += 1;
            }
        }
        let mut seen = FxHashSet::default();
        for t in f.titled.iter().filter(|t| t.capitalized) {
            if seen.insert(t.key) {
                *self.titled_caps.entry(t.key).or_default() += 1;
            }
        }
    }

    pub fn remove(&mut self, doc: usize, f: &Features) {
        // [`CorpusIndex::add`] left such a document out.
        let Ok(doc) = u32::try_from(doc) else {
            return;
        };
        for key in &f.clean_keys {
            if let Some(entry) = self.keys.get_mut(key) {
                entry.clean_docs = entry.clean_docs.saturating_sub(1);
            }
        }
        for m in distinct(f) {
            let Some(entry) = self.keys.get_mut(&m.key) else {
                continue;
            };
            if let Some(s) = entry.surfaces.get_mut(&m.surface) {
                s.docs.remove(doc);
                if s.docs.is_empty() {
                    entry.surfaces.remove(&m.surface);
                }
            }
            if entry.surfaces.is_empty() {
                self.keys.remove(&m.key);
            }
        }
        let mut seen = FxHashSet::default();
        for t in f.titled.iter().filter(|t| t.capitalized) {
            if seen.insert(t.key) {
                if let Some(c) = self.titled_caps.get_mut(&t.key) {
                    *c -= 1;
                    if *c == 0 {
                        self.titled_caps.remove(&t.key);
                    }
                }
            }
        }
    }

    /// The spellings of a name across the corpus, with the number of files
    /// using each, most used first. `name` is any spelling of it.
    pub fn spellings(&self, name: &str) -> Vec<(String, usize)> {
        let Some(key) = name_key(name) else {
            return Vec::new();
        };
        let mut out: Vec<(String, usize)> = self
            .keys
            .get(&key)
            .map(|e| {
                e.surfaces
                    .values()
                    .map(|s| (s.text.to_string(), s.docs.len()))
                    .collect()
            })
            .unwrap_or_default();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::Engine;

    #[test]
    fn holders_keep_their_order_when_one_goes() {
        let at = |d: u32| {
            (
                d,
                super::Span32::new(&(d as usize..d as usize + 1)).unwrap(),
            )
        };
        let mut h = super::Holders::default();
        assert!(h.is_empty());
        for d in [4, 7, 9] {
            h.push(at(d));
        }
        assert_eq!(h.len(), 3);
        h.remove(4);
        assert_eq!(h.iter().map(|x| x.0).collect::<Vec<_>>(), [7, 9]);
        h.push(at(4));
        h.remove(9);
        assert_eq!(h.iter().map(|x| x.0).collect::<Vec<_>>(), [7, 4]);
        h.remove(7);
        h.remove(4);
        assert!(h.is_empty());
        assert_eq!(h.len(), 0);
    }

    #[test]
    fn index_add_remove_round_trips() {
        let engine = Engine::new(Config::default()).unwrap();
        let a = engine.analyze("Xining economic and Technological Development Zone grew.");
        let b =
            engine.analyze("Xining (national) Economic and Technological Development Zone grew.");
        let mut index = crate::engine::CorpusIndex::new();
        index.add(0, &a.features);
        index.add(1, &b.features);
        assert_eq!(engine.corpus_findings(0, &a.features, &index).len(), 1);
        assert_eq!(
            index
                .names
                .spellings("Xining Economic and Technological Development Zone")
                .len(),
            2
        );
        index.remove(1, &b.features);
        assert!(engine.corpus_findings(0, &a.features, &index).is_empty());
        index.remove(0, &a.features);
        assert!(index.names.keys.is_empty() && index.names.titled_caps.is_empty());
    }
}
