//! The workspace: `lede.toml`, the article files of the workspace folders,
//! background indexing with progress, watched-file changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use tower_lsp::lsp_types::{
    notification::Progress, request::WorkDoneProgressCreate, Diagnostic, DiagnosticSeverity,
    FileChangeType, FileEvent, MessageType, NumberOrString, ProgressParams, ProgressParamsValue,
    Url, WorkDoneProgress, WorkDoneProgressBegin, WorkDoneProgressCreateParams,
    WorkDoneProgressEnd, WorkDoneProgressReport,
};

use super::convert::Conv;
use super::diagnostics::{self, publish_all_open, refresh_open, send, Publish};
use super::state::{analyse, guard, is_config, Analysed, Backend, Slot, State};
use crate::base::text::{ColumnUnit, LineCol, LineIndex};
use crate::config::{Config, ConfigError, FILE_NAME};
use crate::engine::Engine;

fn globset(globs: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        if let Ok(g) = Glob::new(g) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Whether `path` under `root` is an article of the workspace.
pub fn selected(config: &Config, root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    globset(&config.include).is_match(rel) && !globset(&config.exclude).is_match(rel)
}

/// Whether an open document belongs to the workspace corpus.
pub fn in_corpus(st: &State, uri: &Url) -> bool {
    let Ok(path) = uri.to_file_path() else {
        return false;
    };
    st.settings.index_workspace && st.roots.iter().any(|r| selected(&st.config, r, &path))
}

/// The article files under `root`, sorted by path (hidden files and
/// `.gitignore`d files skipped).
pub fn list_files(config: &Config, root: &Path) -> Vec<PathBuf> {
    let include = globset(&config.include);
    let exclude = globset(&config.exclude);
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| {
            p.strip_prefix(root)
                .is_ok_and(|rel| include.is_match(rel) && !exclude.is_match(rel))
        })
        .collect();
    out.sort();
    out
}

/// Reads an article: `Err` with a log line when it is too big, unreadable
/// or not UTF-8.
pub fn read_article(path: &Path, max: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.len() > max {
        return Err(format!(
            "{}: skipped, {} bytes is over maxFileBytes ({max})",
            path.display(),
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    String::from_utf8(bytes)
        .map_err(|e| format!("{}: skipped, not valid UTF-8 ({e})", path.display()))
}

/// A config error as a diagnostic on `lede.toml`.
pub fn config_diagnostic(text: &str, e: &ConfigError, unit: ColumnUnit) -> Diagnostic {
    let lines = LineIndex::new(text);
    let offset = lines.to_offset(
        text,
        LineCol {
            line: e.line.saturating_sub(1) as u32,
            col: e.column.saturating_sub(1) as u32,
        },
        ColumnUnit::Scalar,
    );
    let conv = Conv::new(text, &lines, unit);
    let line_end = lines.line_content(text, lines.line_of(offset)).end;
    Diagnostic {
        range: conv.range(&(offset..line_end.max(offset))),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("config".into())),
        source: Some("lede".into()),
        message: format!("{e}; the last good configuration stays in force"),
        ..Default::default()
    }
}

/// Parses a config text and compiles an engine for it.
pub fn compile(text: &str) -> Result<(Config, Engine), ConfigError> {
    let config = Config::parse(text)?;
    let engine = Engine::new(config.clone())?;
    Ok((config, engine))
}

/// `lede.toml` of the first workspace folder, read and compiled.
#[derive(Default)]
pub struct ConfigLoad {
    /// The new configuration and engine (the default ones when there is no
    /// file, with the file's path when there is); `None` when the file is
    /// broken or unreadable.
    pub engine: Option<(Config, Arc<Engine>, Option<PathBuf>)>,
    pub logs: Vec<String>,
    /// The file's diagnostics (its error, or none).
    pub publishes: Vec<Publish>,
}

/// Reads and compiles `lede.toml` under `root` (blocking).
pub fn load_config(root: Option<&Path>, unit: ColumnUnit) -> ConfigLoad {
    let mut out = ConfigLoad::default();
    let Some(root) = root else {
        return out;
    };
    let path = root.join(FILE_NAME);
    let uri = Url::from_file_path(&path).ok();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            out.logs.push(format!("{}: {e}", path.display()));
            return out;
        }
    };
    match text {
        None => out.engine = Some((Config::default(), Arc::new(default_engine()), None)),
        Some(text) => match compile(&text) {
            Ok((c, e)) => {
                out.engine = Some((c, Arc::new(e), Some(path.clone())));
                out.publishes
                    .extend(uri.map(|u| Publish::new(u, &[], None)));
            }
            Err(e) => {
                out.logs.push(format!("{}: {e}", path.display()));
                out.publishes.extend(
                    uri.map(|u| Publish::new(u, &[config_diagnostic(&text, &e, unit)], None)),
                );
            }
        },
    }
    out
}

fn progress(token: &NumberOrString, value: WorkDoneProgress) -> ProgressParams {
    ProgressParams {
        token: token.clone(),
        value: ProgressParamsValue::WorkDone(value),
    }
}

/// (Re)loads `lede.toml` of the first workspace folder and (re)indexes
/// every article of the workspace folders in the background, reporting
/// `$/progress`. Open buffers override the text on disk. Ends by
/// publishing every open document.
pub async fn reindex(b: Backend) {
    let (roots, settings, want_progress, old_config) = {
        let st = b.lock();
        (
            st.roots.clone(),
            st.settings.clone(),
            st.work_done_progress,
            st.config.clone(),
        )
    };
    let mut logs: Vec<String> = Vec::new();
    let mut publishes: Vec<Publish> = Vec::new();

    // The configuration: read by `initialize` for the first run (so the
    // first analysis of an open document already uses it), else here. A
    // broken file keeps the last good one in force.
    let preloaded = b.lock().preloaded.take();
    let unit = b.lock().unit;
    let loaded = match preloaded {
        Some(l) => l,
        None => {
            let root = roots.first().cloned();
            tokio::task::spawn_blocking(move || load_config(root.as_deref(), unit))
                .await
                .unwrap_or_default()
        }
    };
    let new_engine = loaded.engine;
    logs.extend(loaded.logs);
    publishes.extend(loaded.publishes);

    let token = NumberOrString::String(format!("lede-index-{}", b.lock().epoch + 1));
    let progress_on = want_progress
        && b.client
            .send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                token: token.clone(),
            })
            .await
            .is_ok();
    if progress_on {
        b.client
            .send_notification::<Progress>(progress(
                &token,
                WorkDoneProgress::Begin(WorkDoneProgressBegin {
                    title: "lede: indexing the workspace".into(),
                    cancellable: Some(false),
                    message: None,
                    percentage: Some(0),
                }),
            ))
            .await;
    }

    let (config, engine) = match new_engine {
        Some((c, e, _)) => (c, e),
        None => (old_config, b.lock().engine.clone()),
    };
    let files: Vec<PathBuf> = if settings.index_workspace && !roots.is_empty() {
        let (c, r) = (config.clone(), roots.clone());
        tokio::task::spawn_blocking(move || {
            let mut all: Vec<PathBuf> = r.iter().flat_map(|root| list_files(&c, root)).collect();
            all.dedup();
            all
        })
        .await
        .unwrap_or_default()
    } else {
        Vec::new()
    };

    // Snapshot of the open buffers.
    let open: HashMap<Url, (Arc<str>, i32)> = {
        let mut st = b.lock();
        st.docs
            .iter_mut()
            .filter(|(u, _)| !is_config(u))
            .map(|(u, d)| (u.clone(), (d.text(), d.version)))
            .collect()
    };

    // Read and analyse in chunks, in parallel, reporting progress.
    enum Item {
        File(Url, Analysed),
        Skipped(String),
    }
    let mut analysed: Vec<Item> = Vec::with_capacity(files.len());
    let total = files.len().max(1);
    for chunk in files.chunks(64) {
        let chunk = chunk.to_vec();
        let engine = engine.clone();
        let open = open.clone();
        let max = settings.max_file_bytes;
        let part = tokio::task::spawn_blocking(move || {
            chunk
                .par_iter()
                .map(|p| {
                    let Ok(uri) = Url::from_file_path(p) else {
                        return Item::Skipped(format!("{}: not a file URI", p.display()));
                    };
                    let text: Arc<str> = match open.get(&uri) {
                        Some((t, _)) => t.clone(),
                        None => match read_article(p, max) {
                            Ok(t) => Arc::from(t),
                            Err(e) => return Item::Skipped(e),
                        },
                    };
                    match analyse(&engine, text) {
                        Ok(a) => Item::File(uri, a),
                        Err(panic) => {
                            Item::Skipped(format!("{}: analysis panicked: {panic}", p.display()))
                        }
                    }
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        analysed.extend(part);
        if progress_on {
            let done = analysed.len();
            b.client
                .send_notification::<Progress>(progress(
                    &token,
                    WorkDoneProgress::Report(WorkDoneProgressReport {
                        cancellable: Some(false),
                        message: Some(format!("{done}/{} files", files.len())),
                        percentage: Some((done * 100 / total) as u32),
                    }),
                ))
                .await;
        }
    }
    // Open documents that are not workspace files.
    let on_disk: std::collections::HashSet<Url> = analysed
        .iter()
        .filter_map(|i| match i {
            Item::File(u, _) => Some(u.clone()),
            Item::Skipped(_) => None,
        })
        .collect();
    let extra: Vec<(Url, Arc<str>)> = open
        .iter()
        .filter(|(u, _)| !on_disk.contains(*u))
        .map(|(u, (t, _))| (u.clone(), t.clone()))
        .collect();
    let extra_analysed: Vec<(Url, Result<Analysed, String>)> = {
        let engine = engine.clone();
        tokio::task::spawn_blocking(move || {
            extra
                .into_par_iter()
                .map(|(u, t)| {
                    let a = analyse(&engine, t);
                    (u, a)
                })
                .collect()
        })
        .await
        .unwrap_or_default()
    };

    // Install everything at once.
    let mut reanalyse = Vec::new();
    {
        let mut st = b.lock();
        st.engine = engine;
        st.config = config;
        if let Some(root) = roots.first() {
            st.config_path = Some(root.join(FILE_NAME));
        }
        st.epoch += 1;
        st.corpus = Default::default();
        st.corpus.base = roots.first().cloned();
        let install = |st: &mut State, uri: Url, a: Analysed, disk: bool| {
            let version = open.get(&uri).map(|(_, v)| *v);
            let in_corpus = disk || in_corpus(st, &uri);
            st.corpus.put(Slot {
                uri,
                text: a.text,
                lines: a.lines,
                analysis: a.analysis,
                tags: a.tags,
                version,
                in_corpus,
                on_disk: disk,
                fingerprint: a.fingerprint,
                findings: Vec::new(),
            });
        };
        for item in analysed {
            match item {
                Item::File(uri, a) => install(&mut st, uri, a, true),
                Item::Skipped(msg) => logs.push(msg),
            }
        }
        for (uri, a) in extra_analysed {
            match a {
                Ok(a) => install(&mut st, uri, a, false),
                Err(panic) => logs.push(format!("{uri}: analysis panicked: {panic}")),
            }
        }
        match guard(|| publish_all_open(&mut st)) {
            Ok(p) => publishes.extend(p),
            Err(panic) => logs.push(format!("panic while publishing: {panic}")),
        }
        for (uri, (_, v)) in &open {
            if st.docs.get(uri).is_some_and(|d| d.version != *v) {
                reanalyse.push(uri.clone());
            }
        }
        // Documents opened while indexing ran lost their slot with the old corpus.
        for uri in st.docs.keys() {
            if !open.contains_key(uri) && !is_config(uri) {
                reanalyse.push(uri.clone());
            }
        }
    }
    for l in logs {
        b.client
            .log_message(MessageType::WARNING, format!("lede: {l}"))
            .await;
    }
    send(&b, publishes).await;
    for uri in reanalyse {
        tokio::spawn(diagnostics::analyse_open(b.clone(), uri, None));
    }
    if progress_on {
        b.client
            .send_notification::<Progress>(progress(
                &token,
                WorkDoneProgress::End(WorkDoneProgressEnd {
                    message: Some("indexed".into()),
                }),
            ))
            .await;
    }
}

fn default_engine() -> Engine {
    Engine::new(Config::default()).expect("the default config compiles")
}

/// `workspace/didChangeWatchedFiles`: a `lede.toml` change reloads
/// everything; article changes update the corpus file by file.
pub async fn on_watched(b: Backend, changes: Vec<FileEvent>) {
    if changes.iter().any(|c| is_config(&c.uri)) {
        reindex(b).await;
        return;
    }
    let (engine, max, epoch) = {
        let st = b.lock();
        (st.engine.clone(), st.settings.max_file_bytes, st.epoch)
    };
    let mut logs = Vec::new();
    let mut publishes = Vec::new();
    for change in changes {
        let uri = change.uri;
        let Ok(path) = uri.to_file_path() else {
            continue;
        };
        let (selected, open) = {
            let st = b.lock();
            (
                st.settings.index_workspace
                    && st.roots.iter().any(|r| selected(&st.config, r, &path)),
                st.docs.contains_key(&uri),
            )
        };
        if !selected {
            continue;
        }
        if change.typ == FileChangeType::DELETED {
            let mut st = b.lock();
            if open {
                if let Some(s) = st.corpus.get_mut(&uri) {
                    s.on_disk = false;
                }
            } else {
                st.corpus.remove(&uri);
                publishes.extend(refresh_open(&mut st, None));
            }
            continue;
        }
        if open {
            // The buffer overrides the disk.
            if let Some(s) = b.lock().corpus.get_mut(&uri) {
                s.on_disk = true;
            }
            continue;
        }
        let engine = engine.clone();
        let p = path.clone();
        let res = tokio::task::spawn_blocking(move || {
            read_article(&p, max).and_then(|t| analyse(&engine, Arc::from(t)))
        })
        .await;
        match res {
            Ok(Ok(a)) => {
                let mut st = b.lock();
                if st.epoch != epoch {
                    // Re-indexed meanwhile (with the file's new text).
                    continue;
                }
                if let Some(s) = st.corpus.get_mut(&uri) {
                    s.on_disk = true;
                }
                let mut p = diagnostics::install(&mut st, &uri, a, None);
                if let Some(s) = st.corpus.get_mut(&uri) {
                    s.on_disk = true;
                }
                publishes.append(&mut p);
            }
            Ok(Err(e)) => logs.push(e),
            Err(e) => logs.push(e.to_string()),
        }
    }
    for l in logs {
        b.client
            .log_message(MessageType::WARNING, format!("lede: {l}"))
            .await;
    }
    send(&b, publishes).await;
}
