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
    /// Documents counted but not listed: an index read from a file lists
    /// only the first [`LISTED_HOLDERS`] of each spelling.
    more: u32,
}

/// How many holders of a spelling a corpus index file lists (by document
/// number). The cross-file check needs the count, whether a document other
/// than the checked one uses the spelling, and the first such document:
/// among the two lowest-numbered holders one is always not the checked
/// document, and it is the first that is not.
pub(crate) const LISTED_HOLDERS: usize = 2;

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
        usize::from(self.first.is_some()) + self.rest.len() + self.more as usize
    }

    fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// Drops document `doc`, keeping the others in order.
    fn remove(&mut self, doc: u32) {
        let more = self.more;
        let mut left = std::mem::take(self)
            .iter()
            .copied()
            .filter(|h| h.0 != doc)
            .collect::<Vec<_>>()
            .into_iter();
        self.first = left.next();
        self.rest = left.collect();
        self.more = more;
    }

    /// Replaces the list, in document order.
    fn set(&mut self, mut list: Vec<Holder>, more: u32) {
        list.sort_unstable_by_key(|h| h.0);
        let mut list = list.into_iter();
        self.first = list.next();
        self.rest = list.collect();
        self.more = more;
    }

    fn merge(&mut self, other: Holders) {
        let more = self.more.saturating_add(other.more);
        let list: Vec<Holder> = std::mem::take(self)
            .iter()
            .chain(other.iter())
            .copied()
            .collect();
        self.set(list, more);
    }

    fn renumber(&mut self, new: &[u32]) {
        let list = self
            .iter()
            .map(|&(d, at)| (new.get(d as usize).copied().unwrap_or(d), at))
            .collect();
        self.set(list, self.more);
    }
}

/// Written as the number of holders and the first [`LISTED_HOLDERS`]
/// by document number, each `[document, start, end]`.
impl serde::Serialize for Holders {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut listed: Vec<(u32, u32, u32)> = self
            .iter()
            .map(|&(d, at)| {
                let span = at.span();
                (d, span.start as u32, span.end as u32)
            })
            .collect();
        listed.sort_unstable();
        listed.truncate(LISTED_HOLDERS);
        (self.len() as u64, listed).serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Holders {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Holders, D::Error> {
        use serde::de::Error;
        let (count, listed) = <(u64, Vec<(u32, u32, u32)>)>::deserialize(d)?;
        if listed.is_empty() || (listed.len() as u64) > count || listed.iter().any(|h| h.1 > h.2) {
            return Err(D::Error::custom("a spelling's holders are inconsistent"));
        }
        let more = u32::try_from(count - listed.len() as u64)
            .map_err(|_| D::Error::custom("too many holders"))?;
        let list = listed
            .into_iter()
            .filter_map(|(doc, a, b)| Some((doc, Span32::new(&(a as usize..b as usize))?)))
            .collect();
        let mut h = Holders::default();
        h.set(list, more);
        Ok(h)
    }
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct SurfaceEntry {
    pub(crate) text: Spelling,
    pub(crate) caps: u16,
    pub(crate) adjective: bool,
    /// Documents using this spelling, with the first occurrence in each.
    pub(crate) docs: Holders,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct KeyEntry {
    /// Documents where the name occurs in a clean form (with multiplicity per surface add).
    pub(crate) clean_docs: u32,
    #[serde(with = "crate::base::sorted_map")]
    pub(crate) surfaces: FxHashMap<u64, SurfaceEntry>,
}

/// Name mentions across the corpus.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct CorpusIndex {
    #[serde(with = "crate::base::sorted_map")]
    pub(crate) keys: FxHashMap<u64, KeyEntry>,
    /// Titled-name key -> documents where the title is capitalised.
    #[serde(with = "crate::base::sorted_map")]
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

    /// Renumbers the documents (`new[d]` for `d`, in the same order).
    pub fn renumber(&mut self, new: &[u32]) {
        for entry in self.keys.values_mut() {
            for s in entry.surfaces.values_mut() {
                s.docs.renumber(new);
            }
        }
    }

    /// Adds the index of other documents (numbered alike): counts add and
    /// holders join. A spelling in both keeps the entry of its
    /// lowest-numbered holder, as building over all the documents would.
    pub fn merge(&mut self, other: CorpusIndex) {
        for (key, theirs) in other.keys {
            let mine = self.keys.entry(key).or_default();
            mine.clean_docs = mine.clean_docs.saturating_add(theirs.clean_docs);
            for (surface, s) in theirs.surfaces {
                match mine.surfaces.entry(surface) {
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(s);
                    }
                    std::collections::hash_map::Entry::Occupied(mut o) => {
                        let first = |e: &SurfaceEntry| e.docs.iter().next().map(|h| h.0);
                        let here = o.get_mut();
                        if first(&s) < first(here) {
                            here.text = s.text;
                            here.caps = s.caps;
                            here.adjective = s.adjective;
                        }
                        here.docs.merge(s.docs);
                    }
                }
            }
        }
        for (key, n) in other.titled_caps {
            let c = self.titled_caps.entry(key).or_default();
            *c = c.saturating_add(n);
        }
    }

    /// Where a cross-file finding may point: the listed holders.
    pub fn related(&self, out: &mut Vec<(u32, crate::base::text::Span)>) {
        for entry in self.keys.values() {
            for s in entry.surfaces.values() {
                let mut listed: Vec<&Holder> = s.docs.iter().collect();
                listed.sort_unstable_by_key(|h| h.0);
                out.extend(
                    listed
                        .into_iter()
                        .take(LISTED_HOLDERS)
                        .map(|h| (h.0, h.1.span())),
                );
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
