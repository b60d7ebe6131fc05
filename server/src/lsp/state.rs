//! Server state: settings, the engine, open buffers and the corpus.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Deserialize;
use tower_lsp::lsp_types::Url;
use tower_lsp::Client;

use super::documents::Document;
use super::output::Output;
use crate::base::finding::Finding;
use crate::base::text::{ColumnUnit, LineIndex, Span};
use crate::config::Config;
use crate::engine::{CorpusIndex, DocAnalysis, DocFeatures, Engine, ParagraphCache};
use crate::tags::TaggedText;

/// What a client can pass in `initializationOptions` (all optional).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Delay between the last change and the analysis, in milliseconds.
    pub debounce_ms: u64,
    /// Files larger than this are not indexed from disk (bytes).
    pub max_file_bytes: u64,
    /// Whether to index the workspace folders at all.
    pub index_workspace: bool,
    /// How many rounds `source.fixAll.lede` runs at most.
    pub fix_all_rounds: usize,
    /// Base URL of the rule reference for `codeDescription` links.
    pub rules_url: Option<String>,
    /// Enables `lede/debugPanic` (tests of the panic guard only).
    pub debug_panics: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            debounce_ms: 75,
            max_file_bytes: 32 << 20,
            index_workspace: true,
            fix_all_rounds: 8,
            rules_url: None,
            debug_panics: false,
        }
    }
}

impl Settings {
    pub fn debounce(&self) -> Duration {
        Duration::from_millis(self.debounce_ms.min(10_000))
    }
}

/// A well-formed tag of a document, kept for navigation across files.
#[derive(Debug, Clone)]
pub struct TagInfo {
    pub span: Span,
    pub surface: String,
    pub surface_span: Span,
    pub label: String,
    pub label_span: Span,
    pub id: Option<String>,
    pub id_span: Option<Span>,
}

pub fn tag_infos(text: &str) -> Vec<TagInfo> {
    let t = TaggedText::parse(text);
    t.tags
        .iter()
        .map(|tag| TagInfo {
            span: tag.span.clone(),
            surface: text[tag.surface.clone()].to_string(),
            surface_span: tag.surface.clone(),
            label: tag.label.clone(),
            label_span: tag.label_span.clone(),
            id: tag.entity_id.clone(),
            id_span: tag.entity_id_span.clone(),
        })
        .collect()
}

/// One document the server knows: a workspace file, an open buffer, or both.
#[derive(Debug)]
pub struct Slot {
    pub uri: Url,
    pub text: Arc<str>,
    pub lines: LineIndex,
    pub analysis: Arc<DocAnalysis>,
    pub tags: Vec<TagInfo>,
    /// The buffer version the text belongs to (open documents only).
    pub version: Option<i32>,
    /// Part of the workspace corpus (else checked alone).
    pub in_corpus: bool,
    /// The file exists in the workspace on disk.
    pub on_disk: bool,
    /// Fingerprint of the features other documents see.
    pub fingerprint: u64,
    /// Last findings published (open documents).
    pub findings: Vec<Finding>,
}

/// An analysed text, ready to become a slot.
pub struct Analysed {
    pub text: Arc<str>,
    pub lines: LineIndex,
    pub analysis: Arc<DocAnalysis>,
    pub tags: Vec<TagInfo>,
    pub fingerprint: u64,
}

/// Open documents at least this long (bytes) keep their paragraphs'
/// results between analyses ([`ParagraphCache`]).
pub const INCREMENTAL_MIN: usize = 32 * 1024;

/// Analyses a text, catching any panic of the engine.
pub fn analyse(engine: &Engine, text: Arc<str>) -> Result<Analysed, String> {
    analyse_with(engine, text, None)
}

/// [`analyse`] for an open document, reusing the results of the paragraphs
/// its last analysis saw (`cache`).
pub fn analyse_with(
    engine: &Engine,
    text: Arc<str>,
    cache: Option<&Mutex<ParagraphCache>>,
) -> Result<Analysed, String> {
    let run = || match cache {
        Some(shared) if text.len() < INCREMENTAL_MIN => {
            // Checked whole in well under a millisecond: a cache would only
            // cost memory (a server may hold a thousand such articles).
            *lock(shared) = ParagraphCache::new();
            guard(|| engine.analyze(&text))
        }
        Some(shared) => {
            // The cache is taken out for the analysis, not locked through
            // it: the engine uses rayon, and a worker waiting inside it may
            // pick up another analysis of the same document, which would
            // then wait for the lock forever. Two analyses at once of one
            // document are rare; the second just starts from an empty cache.
            let mut cache = std::mem::take(&mut *lock(shared));
            let a = guard(|| engine.analyze_incremental(&text, &mut cache));
            if a.is_ok() {
                // (After a panic the cache may be half-updated: dropped.)
                *lock(shared) = cache;
            }
            a
        }
        None => guard(|| engine.analyze(&text)),
    };
    // The engine's pass and the server's own (tags, line index) run side by side.
    let (analysis, (tags, lines)) = rayon::join(run, || {
        (
            guard(|| tag_infos(&text)).unwrap_or_default(),
            LineIndex::new(&text),
        )
    });
    let analysis = analysis?;
    Ok(Analysed {
        lines,
        fingerprint: fingerprint(&analysis.features),
        analysis: Arc::new(analysis),
        tags,
        text,
    })
}

/// What other documents can see of one document's features.
///
/// Computed after every analysis, over ~20,000 mentions per MB, so with a
/// fast hash (SipHash took about half a millisecond there). A collision
/// would only leave other open documents' corpus findings stale until the
/// next change.
pub fn fingerprint(f: &DocFeatures) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for l in &f.boilerplate.lines {
        l.key.hash(&mut h);
    }
    for (m, span) in f.names.mentions() {
        (m.key, m.surface, span.start, span.end).hash(&mut h);
    }
    for t in &f.names.titled {
        (t.key, t.capitalized).hash(&mut h);
    }
    h.finish()
}

/// All known documents, with stable indices into the [`CorpusIndex`].
#[derive(Debug, Default)]
pub struct Corpus {
    pub slots: Vec<Option<Slot>>,
    pub by_uri: HashMap<Url, usize>,
    pub index: CorpusIndex,
    /// The directory of the workspace's `lede.toml` (the first root):
    /// `[[allow]]` `files` globs are relative to it.
    pub base: Option<PathBuf>,
}

impl Corpus {
    pub fn get(&self, uri: &Url) -> Option<&Slot> {
        self.by_uri
            .get(uri)
            .and_then(|&i| self.slots.get(i)?.as_ref())
    }

    pub fn get_mut(&mut self, uri: &Url) -> Option<&mut Slot> {
        let i = *self.by_uri.get(uri)?;
        self.slots.get_mut(i)?.as_mut()
    }

    pub fn slot_index(&self, uri: &Url) -> Option<usize> {
        self.by_uri.get(uri).copied()
    }

    /// Puts a slot in (replacing any slot of the same URI) and keeps the
    /// index up to date. Returns its index.
    pub fn put(&mut self, slot: Slot) -> usize {
        self.replace(slot).0
    }

    /// [`Corpus::put`], handing back the slot it replaces: an open
    /// document's old analysis is large, and the caller can drop it after
    /// releasing the state lock and publishing.
    pub fn replace(&mut self, slot: Slot) -> (usize, Option<Slot>) {
        if let Some(&i) = self.by_uri.get(&slot.uri) {
            let old = self.slots[i].take();
            if let Some(old) = &old {
                if old.in_corpus {
                    self.index.remove(i, &old.analysis.features);
                }
            }
            if slot.in_corpus {
                self.index.add(i, &slot.analysis.features);
            }
            self.slots[i] = Some(slot);
            (i, old)
        } else {
            let i = self.slots.len();
            if slot.in_corpus {
                self.index.add(i, &slot.analysis.features);
            }
            self.by_uri.insert(slot.uri.clone(), i);
            self.slots.push(Some(slot));
            (i, None)
        }
    }

    pub fn remove(&mut self, uri: &Url) -> Option<Slot> {
        let i = self.by_uri.remove(uri)?;
        let old = self.slots[i].take()?;
        if old.in_corpus {
            self.index.remove(i, &old.analysis.features);
        }
        Some(old)
    }

    /// Local and corpus findings of slot `i` (a slot outside the corpus is
    /// checked alone, as a corpus of one).
    pub fn findings(&self, engine: &Engine, i: usize) -> Vec<Finding> {
        let Some(slot) = self.slots.get(i).and_then(Option::as_ref) else {
            return Vec::new();
        };
        let res = guard(|| {
            let mut found = if slot.in_corpus {
                engine.findings_for(i, &slot.analysis, &self.index)
            } else {
                engine.findings_alone(&slot.analysis)
            };
            // `[[allow]]`: suppressed findings are not published (nor
            // offered as fixes).
            let path = self.relative(&slot.uri);
            engine
                .allows()
                .suppress(&mut found, &slot.text, path.as_deref());
            found
        });
        res.unwrap_or_default()
    }

    /// A document's path relative to [`Corpus::base`], `/` between its
    /// parts (`None` for a document outside it or not a file).
    pub fn relative(&self, uri: &Url) -> Option<String> {
        let base = self.base.as_deref()?;
        crate::engine::allow::relative_path(base, &uri.to_file_path().ok()?)
    }
}

/// Everything behind the lock.
pub struct State {
    pub unit: ColumnUnit,
    pub settings: Settings,
    pub roots: Vec<PathBuf>,
    pub engine: Arc<Engine>,
    pub config: Config,
    /// `lede.toml` of the first root and the text it was parsed from.
    pub config_path: Option<PathBuf>,
    pub docs: HashMap<Url, Document>,
    /// Debounce generation per open document.
    pub pending: HashMap<Url, u64>,
    pub corpus: Corpus,
    /// Bumped when the engine or the corpus is rebuilt.
    pub epoch: u64,
    /// Files with a published config error.
    pub config_errors: Vec<Url>,
    pub dynamic_watch: bool,
    pub work_done_progress: bool,
    /// The client applies `CreateFile` in a workspace edit
    /// (`documentChanges` and the `create` resource operation).
    pub create_files: bool,
    /// `lede.toml` as `initialize` read it, for the first indexing run to
    /// take instead of reading it again.
    pub preloaded: Option<super::workspace::ConfigLoad>,
}

impl Default for State {
    fn default() -> Self {
        State {
            unit: ColumnUnit::Utf16,
            settings: Settings::default(),
            roots: Vec::new(),
            engine: Arc::new(Engine::new(Config::default()).expect("default config compiles")),
            config: Config::default(),
            config_path: None,
            docs: HashMap::new(),
            pending: HashMap::new(),
            corpus: Corpus::default(),
            epoch: 0,
            config_errors: Vec::new(),
            dynamic_watch: false,
            work_done_progress: false,
            create_files: false,
            preloaded: None,
        }
    }
}

/// The server: a client handle and the state.
#[derive(Clone)]
pub struct Backend {
    pub client: Client,
    pub state: Arc<Mutex<State>>,
    /// The stdout writer diagnostics go to directly (when serving stdio).
    pub output: Option<Output>,
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            client,
            state: Arc::new(Mutex::new(State::default())),
            output: None,
        }
    }

    /// A server whose diagnostics go straight to `output`.
    pub fn with_output(client: Client, output: Output) -> Self {
        Backend {
            output: Some(output),
            ..Backend::new(client)
        }
    }

    /// Locks the state; a panic that poisoned the lock does not stop the server.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs `f`, turning a panic into an error message.
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).map_err(|e| {
        e.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into())
    })
}

/// Whether a URI is a `lede.toml`.
pub fn is_config(uri: &Url) -> bool {
    uri.path().rsplit('/').next() == Some(crate::config::FILE_NAME)
}
