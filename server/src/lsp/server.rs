//! The protocol face: `LanguageServer` handlers. Each handler does its
//! work under the state lock inside [`guard`], so a panic is logged and
//! answered, never the end of the server.

use serde_json::Value;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::*;
use tower_lsp::LanguageServer;

use super::actions::{code_actions, fix_all_kind};
use super::annotate;
use super::convert;
use super::diagnostics::{self, fresh, send, Publish};
use super::documents::Document;
use super::hover;
use super::navigation;
use super::state::{guard, is_config, Backend, Settings, State};
use super::workspace;

impl Backend {
    /// Runs a request body on a fresh slot of `uri` under the lock,
    /// catching panics; publishes whatever the refresh produced.
    async fn with_slot<T>(
        &self,
        uri: &Url,
        what: &str,
        f: impl FnOnce(&State, usize) -> T,
    ) -> Option<T> {
        let res = {
            let mut st = self.lock();
            guard(|| {
                let (i, publishes) = fresh(&mut st, uri)?;
                Some((f(&st, i), publishes))
            })
        };
        match res {
            Ok(Some((value, publishes))) => {
                send(self, publishes).await;
                Some(value)
            }
            Ok(None) => {
                self.client
                    .log_message(
                        MessageType::INFO,
                        format!("lede: {what}: unknown document {uri}"),
                    )
                    .await;
                None
            }
            Err(panic) => {
                self.client
                    .log_message(
                        MessageType::ERROR,
                        format!("lede: {what} panicked: {panic}"),
                    )
                    .await;
                None
            }
        }
    }

    async fn log(&self, typ: MessageType, msg: String) {
        self.client.log_message(typ, format!("lede: {msg}")).await;
    }

    /// Validates an open `lede.toml` buffer and publishes its error (or none).
    async fn check_config_buffer(&self, uri: &Url) {
        let publish = {
            let mut st = self.lock();
            let unit = st.unit;
            st.docs.get_mut(uri).map(|d| {
                let text = d.text();
                let version = d.version;
                let diags = match workspace::compile(&text) {
                    Ok(_) => Vec::new(),
                    Err(e) => vec![workspace::config_diagnostic(&text, &e, unit)],
                };
                Publish::new(uri.clone(), &diags, Some(version))
            })
        };
        if let Some(p) = publish {
            send(self, vec![p]).await;
        }
    }

    /// `lede/documentText`: the server's copy of an open document (for
    /// tests and debugging).
    pub async fn document_text(&self, params: TextDocumentIdentifier) -> Result<Option<String>> {
        let mut st = self.lock();
        Ok(st.docs.get_mut(&params.uri).map(|d| d.text().to_string()))
    }
}

/// Why the transport refused a message (`transport::sanitize`).
#[derive(serde::Deserialize)]
pub struct Refused {
    reason: String,
}

impl Backend {
    /// Answers a frame the transport could not parse as JSON.
    pub async fn parse_error(&self, refused: Refused) -> Result<()> {
        self.log(MessageType::WARNING, format!("skipped: {}", refused.reason))
            .await;
        Err(Error {
            message: refused.reason.into(),
            ..Error::parse_error()
        })
    }

    /// `lede/debugPanic`: panics inside a handler body, to show that the
    /// guard catches it (only with `debugPanics: true`).
    pub async fn debug_panic(&self, params: TextDocumentIdentifier) -> Result<Option<String>> {
        if !self.lock().settings.debug_panics {
            return Err(Error::method_not_found());
        }
        let r = self
            .with_slot(&params.uri, "debugPanic", |_st, _i| -> String {
                panic!("deliberate panic for the test suite")
            })
            .await;
        Ok(r)
    }

    /// Answers a JSON message that is not a JSON-RPC request or response
    /// (or one over the size limit).
    pub async fn invalid_request(&self, refused: Refused) -> Result<()> {
        self.log(MessageType::WARNING, format!("skipped: {}", refused.reason))
            .await;
        Err(Error {
            message: refused.reason.into(),
            ..Error::invalid_request()
        })
    }
}

fn settings_from(options: Option<Value>) -> (Settings, Option<String>) {
    match options {
        None | Some(Value::Null) => (Settings::default(), None),
        Some(v) => match serde_json::from_value::<Settings>(v) {
            Ok(s) => (s, None),
            Err(e) => (
                Settings::default(),
                Some(format!("initializationOptions ignored: {e}")),
            ),
        },
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let unit = convert::negotiate(&params);
        let (settings, warning) = settings_from(params.initialization_options.clone());
        let mut roots: Vec<std::path::PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()) {
                roots.push(p);
            }
        }
        // The configuration before anything is analysed: a document opened
        // right after `initialized` must not be checked with the defaults
        // first (false `tags/unknown-entity` errors, then a second publish).
        let root = roots.first().cloned();
        let loaded =
            tokio::task::spawn_blocking(move || workspace::load_config(root.as_deref(), unit))
                .await
                .unwrap_or_default();
        {
            let mut st = self.lock();
            if let Some((config, engine, _)) = &loaded.engine {
                st.config = config.clone();
                st.engine = engine.clone();
            }
            st.preloaded = Some(loaded);
            st.config_path = roots.first().map(|r| r.join(crate::config::FILE_NAME));
            st.unit = unit;
            st.settings = settings;
            st.roots = roots;
            st.dynamic_watch = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            st.work_done_progress = params
                .capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false);
            let edits = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref());
            st.create_files = edits.is_some_and(|e| {
                e.document_changes == Some(true)
                    && e.resource_operations
                        .as_ref()
                        .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
            });
        }
        if let Some(w) = warning {
            self.log(MessageType::WARNING, w).await;
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "lede".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::kind(unit)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            fix_all_kind(),
                            CodeActionKind::REFACTOR_REWRITE,
                            annotate::tag_registry_kind(),
                        ]),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["{".into(), ":".into()]),
                    ..Default::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: navigation::legend(),
                            range: Some(true),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            ..Default::default()
                        },
                    ),
                ),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: None,
                    }),
                    file_operations: None,
                }),
                ..Default::default()
            },
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let dynamic = self.lock().dynamic_watch;
        if dynamic {
            let options = serde_json::json!({
                "watchers": [
                    {"globPattern": "**/*.{txt,md}"},
                    {"globPattern": "**/lede.toml"}
                ]
            });
            let reg = Registration {
                id: "lede-watched-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: Some(options),
            };
            if let Err(e) = self.client.register_capability(vec![reg]).await {
                self.log(
                    MessageType::WARNING,
                    format!("file watcher not registered: {e}"),
                )
                .await;
            }
        }
        tokio::spawn(workspace::reindex(self.clone()));
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        {
            let mut st = self.lock();
            st.docs
                .insert(doc.uri.clone(), Document::new(&doc.text, doc.version));
        }
        if is_config(&doc.uri) {
            self.check_config_buffer(&doc.uri).await;
            return;
        }
        diagnostics::analyse_open(self.clone(), doc.uri, None).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let known = {
            let mut st = self.lock();
            let unit = st.unit;
            match st.docs.get_mut(&uri) {
                Some(d) => {
                    guard(|| d.apply(params.content_changes, params.text_document.version, unit))
                        .map_err(|p| format!("change of {uri} panicked: {p}"))
                }
                None => Err(format!("didChange for a document that is not open: {uri}")),
            }
        };
        if let Err(msg) = known {
            self.log(MessageType::WARNING, msg).await;
            return;
        }
        if is_config(&uri) {
            self.check_config_buffer(&uri).await;
            return;
        }
        tokio::spawn(diagnostics::on_change(self.clone(), uri));
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        if is_config(&uri) {
            let ours = self
                .lock()
                .roots
                .first()
                .and_then(|r| Url::from_file_path(r.join(crate::config::FILE_NAME)).ok())
                == Some(uri.clone());
            if ours {
                tokio::spawn(workspace::reindex(self.clone()));
            }
            return;
        }
        tokio::spawn(diagnostics::analyse_open(self.clone(), uri, None));
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let (publishes, reread) = {
            let mut st = self.lock();
            st.docs.remove(&uri);
            st.pending.remove(&uri);
            let mut publishes = vec![Publish::new(uri.clone(), &[], None)];
            let on_disk = st.corpus.get(&uri).is_some_and(|s| s.on_disk);
            if let Some(s) = st.corpus.get_mut(&uri) {
                s.version = None;
                s.findings.clear();
            }
            if !on_disk && st.corpus.remove(&uri).is_some() {
                publishes.extend(diagnostics::refresh_open(&mut st, None));
            }
            (publishes, on_disk)
        };
        send(self, publishes).await;
        if reread {
            // The disk text counts again for the corpus.
            let change = FileEvent {
                uri,
                typ: FileChangeType::CHANGED,
            };
            tokio::spawn(workspace::on_watched(self.clone(), vec![change]));
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        tokio::spawn(workspace::on_watched(self.clone(), params.changes));
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let r = self
            .with_slot(&p.text_document.uri, "hover", |st, i| {
                let slot = st.corpus.slots[i].as_ref()?;
                hover::hover(st, slot, p.position)
            })
            .await;
        Ok(r.flatten())
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let r = self
            .with_slot(&uri, "codeAction", |st, i| code_actions(st, i, &params))
            .await;
        Ok(r)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let r = self
            .with_slot(&p.text_document.uri, "completion", |st, i| {
                let slot = st.corpus.slots[i].as_ref()?;
                let items = navigation::completion(st, slot, p.position);
                (!items.is_empty()).then_some(CompletionResponse::Array(items))
            })
            .await;
        Ok(r.flatten())
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let r = self
            .with_slot(&p.text_document.uri, "definition", |st, i| {
                let slot = st.corpus.slots[i].as_ref()?;
                navigation::definition(st, slot, p.position).map(GotoDefinitionResponse::Scalar)
            })
            .await;
        Ok(r.flatten())
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let decl = params.context.include_declaration;
        let r = self
            .with_slot(&p.text_document.uri, "references", |st, i| {
                let slot = st.corpus.slots[i].as_ref()?;
                Some(navigation::references(st, slot, p.position, decl))
            })
            .await;
        Ok(r.flatten())
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        let r = self
            .with_slot(&p.text_document.uri, "rename", |st, i| {
                let slot = st.corpus.slots[i].as_ref()?;
                Some(navigation::rename(st, slot, p.position, &params.new_name))
            })
            .await;
        match r.flatten() {
            Some(Ok(edit)) => Ok(Some(edit)),
            Some(Err(msg)) => Err(Error::invalid_params(msg)),
            None => Ok(None),
        }
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let r = self
            .with_slot(&params.text_document.uri, "documentSymbol", |st, i| {
                let slot = st.corpus.slots[i].as_ref()?;
                Some(DocumentSymbolResponse::Nested(navigation::symbols(
                    st, slot,
                )))
            })
            .await;
        Ok(r.flatten())
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<Vec<SymbolInformation>>> {
        let r = {
            let st = self.lock();
            guard(|| annotate::workspace_symbols(&st, &params.query))
        };
        match r {
            Ok(symbols) => Ok(Some(symbols)),
            Err(panic) => {
                self.log(
                    MessageType::ERROR,
                    format!("workspace/symbol panicked: {panic}"),
                )
                .await;
                Ok(None)
            }
        }
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let r = self
            .with_slot(&params.text_document.uri, "semanticTokens", |st, i| {
                let slot = st.corpus.slots[i].as_ref()?;
                Some(SemanticTokensResult::Tokens(SemanticTokens {
                    result_id: None,
                    data: navigation::semantic_tokens(st, slot, None),
                }))
            })
            .await;
        Ok(r.flatten())
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let r = self
            .with_slot(&params.text_document.uri, "semanticTokens", |st, i| {
                let slot = st.corpus.slots[i].as_ref()?;
                Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
                    result_id: None,
                    data: navigation::semantic_tokens(st, slot, Some(params.range)),
                }))
            })
            .await;
        Ok(r.flatten())
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let r = self
            .with_slot(&params.text_document.uri, "foldingRange", |st, i| {
                let slot = st.corpus.slots[i].as_ref()?;
                Some(navigation::folding(slot))
            })
            .await;
        Ok(r.flatten())
    }
}
