//! The corpus index as a file: the corpus-level facts of a set of
//! documents, versioned and mergeable, for runs split over processes or
//! machines (`lede index`, `lede check --index`; `docs/pipelines.md`).
//!
//! A distributed run is a map and a reduce: each shard writes the index of
//! its documents, [`IndexFile::merge`] joins them (associative and
//! commutative: counts add), and each shard then checks its documents
//! against the whole corpus's index. Documents are numbered by name in an
//! index, and a run over files does the same ([`name_order`]), so that a
//! shard reports exactly what one run over the whole corpus reports.
//!
//! Pure: the adapters read and write the bytes.

use serde::{Deserialize, Serialize};

use super::families::{CorpusIndex, DocFeatures};
use crate::base::finding::{DocRef, Finding};
use crate::base::text::Span;

/// What the file says it is, before anything else is read.
pub const FORMAT: &str = "lede-corpus-index";
/// The layout's version; a reader refuses any other.
pub const VERSION: u32 = 1;

/// A corpus index file: one corpus per configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexFile {
    pub format: String,
    pub version: u32,
    /// The lede version that wrote the facts; they are refused by another
    /// (a rule change changes them).
    pub lede: String,
    /// Sorted by configuration.
    pub groups: Vec<IndexGroup>,
}

/// The corpus of the documents checked with one configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexGroup {
    /// Which configuration (`default`, or a hash of a `lede.toml`'s text):
    /// documents share a corpus only with documents of the same one.
    pub config: String,
    /// Sorted by name; a document's number is its place here.
    pub docs: Vec<IndexedDoc>,
    /// The positions of the places that findings in other documents may
    /// point at (1-based line, column, end line, end column), for a shard
    /// that does not have the document.
    pub related: Vec<RelatedAt>,
    pub corpus: CorpusIndex,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IndexedDoc {
    pub name: String,
    /// Of the text the facts were taken from ([`text_hash`]).
    pub hash: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RelatedAt {
    pub doc: u32,
    pub start: u32,
    pub end: u32,
    pub at: [usize; 4],
}

/// One document going into an index: its name, its text's hash and its
/// features.
pub struct IndexInput<'a> {
    pub name: &'a str,
    pub hash: u64,
    pub features: &'a DocFeatures,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexError {
    /// Not JSON, or JSON without the format marker.
    NotAnIndex(String),
    WrongVersion(u32),
    WrongLede(String),
    /// The marker and version are right but the content is not.
    Corrupt(String),
    /// Two documents of one corpus with the same name.
    Duplicate(String),
    /// A checked document whose text is not the one indexed.
    Stale(String),
    TooLarge,
}

impl std::fmt::Display for IndexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexError::NotAnIndex(why) => write!(f, "not a lede corpus index ({why})"),
            IndexError::WrongVersion(v) => write!(
                f,
                "corpus index format version {v}, this lede reads version {VERSION}; rebuild it with `lede index`"
            ),
            IndexError::WrongLede(v) => write!(
                f,
                "corpus index written by lede {v}, this is lede {}; rebuild it with `lede index`",
                env!("CARGO_PKG_VERSION")
            ),
            IndexError::Corrupt(why) => write!(f, "damaged corpus index: {why}"),
            IndexError::Duplicate(name) => write!(
                f,
                "two documents named {name:?} in one corpus (a name must identify one document)"
            ),
            IndexError::Stale(name) => write!(
                f,
                "{name} is not the text the corpus index was built from; rebuild the index"
            ),
            IndexError::TooLarge => write!(f, "more than 4 billion documents in one corpus"),
        }
    }
}

/// The hash a corpus index keeps of each document's text (FNV-1a, 64-bit:
/// stable across versions and platforms, unlike the std hasher).
pub fn text_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The key of a configuration's corpus: `default`, or the hash of the
/// `lede.toml` text.
pub fn config_key(config_text: Option<&str>) -> String {
    match config_text {
        None => "default".to_string(),
        Some(text) => format!("lede.toml:{:016x}", text_hash(text)),
    }
}

/// The order documents are numbered in a corpus: by name, documents of
/// the same name in their given order. `order[k]` is the document numbered
/// `k`; `rank[i]` is document `i`'s number.
pub fn name_order<S: AsRef<str>>(names: &[S]) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| names[a].as_ref().cmp(names[b].as_ref()));
    let mut rank = vec![0; names.len()];
    for (k, &i) in order.iter().enumerate() {
        rank[i] = k;
    }
    (order, rank)
}

/// Gives each related location in another document (numbered `k` in the
/// corpus) the number `to(k)`; `None` drops it.
pub fn renumber_related(findings: &mut [Finding], to: impl Fn(usize) -> Option<usize>) {
    for f in findings {
        if f.related.iter().any(|r| matches!(r.doc, DocRef::Other(_))) {
            f.related.retain_mut(|r| match r.doc {
                DocRef::This => true,
                DocRef::Other(k) => match to(k) {
                    Some(n) => {
                        r.doc = DocRef::Other(n);
                        true
                    }
                    None => false,
                },
            });
        }
    }
}

impl IndexGroup {
    /// The index of `docs` under configuration `config`. `locate(i, span)`
    /// gives the 1-based positions of a span of `docs[i]`.
    pub fn build(
        config: String,
        docs: &[IndexInput],
        locate: impl Fn(usize, &Span) -> [usize; 4],
    ) -> Result<IndexGroup, IndexError> {
        if u32::try_from(docs.len()).is_err() {
            return Err(IndexError::TooLarge);
        }
        let names: Vec<&str> = docs.iter().map(|d| d.name).collect();
        let (order, _) = name_order(&names);
        if let Some(w) = order
            .windows(2)
            .find(|w| docs[w[0]].name == docs[w[1]].name)
        {
            return Err(IndexError::Duplicate(docs[w[0]].name.to_string()));
        }
        let corpus = CorpusIndex::build(order.iter().map(|&i| docs[i].features));
        let related = corpus
            .related()
            .into_iter()
            .map(|(k, span)| RelatedAt {
                doc: k,
                start: span.start as u32,
                end: span.end as u32,
                at: locate(order[k as usize], &span),
            })
            .collect();
        Ok(IndexGroup {
            config,
            docs: order
                .iter()
                .map(|&i| IndexedDoc {
                    name: docs[i].name.to_string(),
                    hash: docs[i].hash,
                })
                .collect(),
            related,
            corpus,
        })
    }

    /// The two corpora as one (of disjoint sets of documents).
    pub fn merge(self, other: IndexGroup) -> Result<IndexGroup, IndexError> {
        let total = self.docs.len() + other.docs.len();
        if u32::try_from(total).is_err() {
            return Err(IndexError::TooLarge);
        }
        // Both lists are sorted: merge them, noting each side's new numbers.
        let (mut to_a, mut to_b) = (Vec::with_capacity(self.docs.len()), Vec::new());
        to_b.reserve(other.docs.len());
        let mut docs = Vec::with_capacity(total);
        let (mut a, mut b) = (
            self.docs.into_iter().peekable(),
            other.docs.into_iter().peekable(),
        );
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.name == y.name => {
                    return Err(IndexError::Duplicate(x.name.clone()))
                }
                (Some(x), Some(y)) => x.name < y.name,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let n = docs.len() as u32;
            if take_a {
                to_a.push(n);
                docs.extend(a.next());
            } else {
                to_b.push(n);
                docs.extend(b.next());
            }
        }
        let (mut corpus, mut theirs) = (self.corpus, other.corpus);
        corpus.renumber(&to_a);
        theirs.renumber(&to_b);
        corpus.merge(theirs);
        let mut related: Vec<RelatedAt> = self
            .related
            .into_iter()
            .map(|r| (r, &to_a))
            .chain(other.related.into_iter().map(|r| (r, &to_b)))
            .filter_map(|(mut r, to)| {
                r.doc = *to.get(r.doc as usize)?;
                Some(r)
            })
            .collect();
        // Only the places the merged index still lists.
        let wanted: rustc_hash::FxHashSet<(u32, u32, u32)> = corpus
            .related()
            .into_iter()
            .map(|(d, s)| (d, s.start as u32, s.end as u32))
            .collect();
        related.retain(|r| wanted.contains(&(r.doc, r.start, r.end)));
        related.sort_unstable_by_key(|r| (r.doc, r.start, r.end));
        related.dedup_by_key(|r| (r.doc, r.start, r.end));
        Ok(IndexGroup {
            config: self.config,
            docs,
            related,
            corpus,
        })
    }

    /// Gets the index ready to check `checked` against it: a checked
    /// document the index names is checked as the indexed one (its facts
    /// are in the index already and are not counted twice); one it does
    /// not name is added, so the corpus is the indexed documents plus
    /// those. Returns the ready index and each checked document's number.
    pub fn prepare(
        self,
        checked: &[IndexInput],
        locate: impl Fn(usize, &Span) -> [usize; 4],
    ) -> Result<(IndexGroup, Vec<usize>), IndexError> {
        let mut missing = Vec::new();
        for (i, d) in checked.iter().enumerate() {
            match self.number_of(d.name) {
                Some(k) if self.docs[k].hash != d.hash => {
                    return Err(IndexError::Stale(d.name.to_string()))
                }
                Some(_) => {}
                None => missing.push(i),
            }
        }
        let group = if missing.is_empty() {
            self
        } else {
            let inputs: Vec<IndexInput> = missing
                .iter()
                .map(|&i| IndexInput {
                    name: checked[i].name,
                    hash: checked[i].hash,
                    features: checked[i].features,
                })
                .collect();
            let added =
                IndexGroup::build(self.config.clone(), &inputs, |j, s| locate(missing[j], s))?;
            self.merge(added)?
        };
        let numbers = checked
            .iter()
            .map(|d| {
                group
                    .number_of(d.name)
                    .expect("every checked document is indexed")
            })
            .collect();
        Ok((group, numbers))
    }

    /// The number of the document named `name`.
    pub fn number_of(&self, name: &str) -> Option<usize> {
        self.docs
            .binary_search_by(|d| d.name.as_str().cmp(name))
            .ok()
    }

    /// The positions of a place in document `doc`, if the index keeps them.
    pub fn position(&self, doc: usize, span: &Span) -> Option<[usize; 4]> {
        let key = (doc as u32, span.start as u32, span.end as u32);
        self.related
            .binary_search_by_key(&key, |r| (r.doc, r.start, r.end))
            .ok()
            .map(|i| self.related[i].at)
    }
}

impl IndexFile {
    pub fn new(groups: Vec<IndexGroup>) -> IndexFile {
        let mut file = IndexFile {
            format: FORMAT.to_string(),
            version: VERSION,
            lede: env!("CARGO_PKG_VERSION").to_string(),
            groups: Vec::new(),
        };
        for g in groups {
            file.add(g).expect("groups of one run are disjoint");
        }
        file
    }

    fn add(&mut self, group: IndexGroup) -> Result<(), IndexError> {
        match self
            .groups
            .binary_search_by(|g| g.config.as_str().cmp(&group.config))
        {
            Ok(i) => {
                let mine = std::mem::replace(
                    &mut self.groups[i],
                    IndexGroup {
                        config: String::new(),
                        docs: Vec::new(),
                        related: Vec::new(),
                        corpus: CorpusIndex::default(),
                    },
                );
                self.groups[i] = mine.merge(group)?;
            }
            Err(i) => self.groups.insert(i, group),
        }
        Ok(())
    }

    /// The corpora of both files, configuration by configuration.
    pub fn merge(mut self, other: IndexFile) -> Result<IndexFile, IndexError> {
        for g in other.groups {
            self.add(g)?;
        }
        Ok(self)
    }

    /// Takes out the corpus of configuration `config` (empty if the file
    /// has none).
    pub fn take_group(&mut self, config: &str) -> IndexGroup {
        match self.groups.iter().position(|g| g.config == config) {
            Some(i) => self.groups.remove(i),
            None => IndexGroup {
                config: config.to_string(),
                docs: Vec::new(),
                related: Vec::new(),
                corpus: CorpusIndex::default(),
            },
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an index serialises")
    }

    /// Reads a file's bytes, telling a file that is not an index, one of
    /// another version and a damaged one apart.
    pub fn from_json(bytes: &[u8]) -> Result<IndexFile, IndexError> {
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
            version: Option<u32>,
            lede: Option<String>,
        }
        let header: Header = serde_json::from_slice(bytes)
            .map_err(|e| IndexError::NotAnIndex(format!("not a JSON object: {e}")))?;
        if header.format.as_deref() != Some(FORMAT) {
            return Err(IndexError::NotAnIndex(format!(
                "no \"format\": \"{FORMAT}\" field"
            )));
        }
        match header.version {
            Some(VERSION) => {}
            Some(v) => return Err(IndexError::WrongVersion(v)),
            None => return Err(IndexError::Corrupt("no \"version\" field".into())),
        }
        if let Some(v) = header.lede.filter(|v| v != env!("CARGO_PKG_VERSION")) {
            return Err(IndexError::WrongLede(v));
        }
        let file: IndexFile =
            serde_json::from_slice(bytes).map_err(|e| IndexError::Corrupt(e.to_string()))?;
        for g in &file.groups {
            if g.docs.len() != g.corpus.docs {
                return Err(IndexError::Corrupt(format!(
                    "{} documents listed, {} counted",
                    g.docs.len(),
                    g.corpus.docs
                )));
            }
            if g.docs.windows(2).any(|w| w[0].name >= w[1].name) {
                return Err(IndexError::Corrupt("documents not sorted by name".into()));
            }
        }
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Engine;

    const TEXTS: [(&str, &str); 4] = [
        (
            "d",
            "Follow Harbour Daily on WeChat\nXining economic Zone opened, said governor Hao Peng.\n",
        ),
        (
            "a",
            "Rain fell.\nFollow Harbour Daily on WeChat\nThe Xining Economic Zone grew under Governor Hao Peng.\n",
        ),
        (
            "c",
            "Boats came in.\nFollow Harbour Daily on WeChat\nThe Xining Economic Zone hired.\n",
        ),
        (
            "b",
            "A quiet day.\nFollow Harbour Daily on WeChat\nXining economic Zone again.\n",
        ),
    ];

    fn locate(_: usize, s: &Span) -> [usize; 4] {
        [1, s.start + 1, 1, s.end + 1]
    }

    fn group(engine: &Engine, which: &[usize]) -> IndexGroup {
        let analyses: Vec<_> = which.iter().map(|&i| engine.analyze(TEXTS[i].1)).collect();
        let inputs: Vec<IndexInput> = which
            .iter()
            .zip(&analyses)
            .map(|(&i, a)| IndexInput {
                name: TEXTS[i].0,
                hash: text_hash(TEXTS[i].1),
                features: &a.features,
            })
            .collect();
        IndexGroup::build("default".into(), &inputs, locate).unwrap()
    }

    fn json(g: IndexGroup) -> String {
        IndexFile::new(vec![g]).to_json()
    }

    #[test]
    fn merging_is_associative_and_commutative_and_equals_one_build() {
        let engine = Engine::new(Config::default()).unwrap();
        let whole = json(group(&engine, &[0, 1, 2, 3]));
        let (x, y, z) = (
            group(&engine, &[0]),
            group(&engine, &[1, 3]),
            group(&engine, &[2]),
        );
        let left = json(
            x.clone()
                .merge(y.clone())
                .unwrap()
                .merge(z.clone())
                .unwrap(),
        );
        let right = json(
            z.clone()
                .merge(y.clone().merge(x.clone()).unwrap())
                .unwrap(),
        );
        assert_eq!(left, whole);
        assert_eq!(right, whole);
        // Not vacuous: the corpus holds the repeated line and both spellings.
        assert!(whole.contains("Xining economic Zone") && whole.contains("Xining Economic Zone"));
    }

    #[test]
    fn a_document_in_two_shards_is_refused() {
        let engine = Engine::new(Config::default()).unwrap();
        let err = group(&engine, &[0, 1])
            .merge(group(&engine, &[1]))
            .unwrap_err();
        assert_eq!(err, IndexError::Duplicate("a".into()));
    }

    #[test]
    fn a_shard_checked_against_the_index_reports_what_one_run_does() {
        let engine = Engine::new(Config::default()).unwrap();
        let texts: Vec<&str> = TEXTS.iter().map(|t| t.1).collect();
        let names: Vec<&str> = TEXTS.iter().map(|t| t.0).collect();
        let analyses: Vec<_> = texts.iter().map(|t| engine.analyze(t)).collect();
        // One run, documents numbered by name.
        let (order, rank) = name_order(&names);
        let index = CorpusIndex::build(order.iter().map(|&i| &analyses[i].features));
        let single: Vec<Vec<Finding>> = (0..texts.len())
            .map(|i| engine.findings_for(rank[i], &analyses[i], &index))
            .collect();
        assert!(single
            .iter()
            .flatten()
            .any(|f| f.rule == "boilerplate/repeated-line"));
        assert!(single
            .iter()
            .flatten()
            .any(|f| f.rule == "names/cross-file-variant"));
        // The index of all, read back from its text, checking one shard.
        let text = json(
            group(&engine, &[0, 1])
                .merge(group(&engine, &[2, 3]))
                .unwrap(),
        );
        let mut file = IndexFile::from_json(text.as_bytes()).unwrap();
        for shard in [[0usize, 2], [1, 3]] {
            let inputs: Vec<IndexInput> = shard
                .iter()
                .map(|&i| IndexInput {
                    name: names[i],
                    hash: text_hash(texts[i]),
                    features: &analyses[i].features,
                })
                .collect();
            let g = file.clone().take_group("default");
            let (g, numbers) = g.prepare(&inputs, locate).unwrap();
            for (j, &i) in shard.iter().enumerate() {
                let got = engine.findings_for(numbers[j], &analyses[i], &g.corpus);
                assert_eq!(
                    format!("{got:?}"),
                    format!("{:?}", single[i]),
                    "{}",
                    names[i]
                );
            }
        }
        // A document the index does not name is added to the corpus.
        let g = file.take_group("default");
        let extra = engine.analyze("Follow Harbour Daily on WeChat\n");
        let inputs = [IndexInput {
            name: "e",
            hash: 1,
            features: &extra.features,
        }];
        let (g, numbers) = g.prepare(&inputs, locate).unwrap();
        assert_eq!((g.docs.len(), numbers[0]), (5, 4));
        let found = engine.findings_for(4, &extra, &g.corpus);
        assert!(
            found.iter().any(|f| f.message.contains("in 5 of 5 files")),
            "{found:?}"
        );
    }

    #[test]
    fn a_changed_document_is_refused() {
        let engine = Engine::new(Config::default()).unwrap();
        let g = group(&engine, &[0, 1]);
        let a = engine.analyze("other text");
        let inputs = [IndexInput {
            name: "a",
            hash: text_hash("other text"),
            features: &a.features,
        }];
        assert_eq!(
            g.prepare(&inputs, locate).unwrap_err(),
            IndexError::Stale("a".into())
        );
    }

    #[test]
    fn wrong_files_are_told_apart() {
        let not = |b: &str| IndexFile::from_json(b.as_bytes()).unwrap_err();
        assert!(matches!(not("hello"), IndexError::NotAnIndex(_)));
        assert!(matches!(not("{\"id\": 1}"), IndexError::NotAnIndex(_)));
        assert_eq!(
            not(&format!("{{\"format\":\"{FORMAT}\",\"version\":99}}")),
            IndexError::WrongVersion(99)
        );
        assert!(matches!(
            not(&format!("{{\"format\":\"{FORMAT}\",\"version\":1}}")),
            IndexError::Corrupt(_)
        ));
        let engine = Engine::new(Config::default()).unwrap();
        let text = json(group(&engine, &[0]));
        let lied = text.replace("\"docs\":1", "\"docs\":2");
        assert!(matches!(not(&lied), IndexError::Corrupt(_)), "{lied}");
    }

    #[test]
    fn documents_are_numbered_by_name() {
        let (order, rank) = name_order(&["b", "a", "c", "a"]);
        assert_eq!(order, [1, 3, 0, 2]);
        assert_eq!(rank, [2, 0, 3, 1]);
    }
}
