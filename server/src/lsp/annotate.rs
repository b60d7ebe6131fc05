//! Annotation over the server's documents: "Tag all registry mentions" for
//! one document and for the workspace (the core's
//! [`crate::engine::pretag`], as `lede tag`), and `workspace/symbol` as
//! the entity overview of `lede entities` ([`crate::engine::entities`]).

use tower_lsp::lsp_types::{
    CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionTriggerKind, DocumentChanges,
    Location, OneOf, OptionalVersionedTextDocumentIdentifier, Range, SymbolInformation, SymbolKind,
    TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};

use super::actions::doc_edit;
use super::convert::Conv;
use super::navigation::registry_ids;
use super::state::{is_config, Slot, State};
use crate::engine::entities::{doc_mentions, overview, DocMention};
use crate::engine::pretag::Pretagger;

/// The kind of both tagging actions.
pub fn tag_registry_kind() -> CodeActionKind {
    CodeActionKind::new("source.tagRegistry.lede")
}

/// Whether a request asks for `kind`: `only` names it or a kind above it.
fn asked(only: &Option<Vec<CodeActionKind>>, kind: &CodeActionKind) -> bool {
    only.as_ref().is_some_and(|o| {
        o.iter().any(|w| {
            kind.as_str() == w.as_str() || kind.as_str().starts_with(&format!("{}.", w.as_str()))
        })
    })
}

/// The tagging edits of one slot, in the client's positions.
fn slot_edits(st: &State, pretagger: &Pretagger, slot: &Slot) -> Vec<TextEdit> {
    let conv = Conv::new(&slot.text, &slot.lines, st.unit);
    pretagger
        .edits(&slot.text)
        .into_iter()
        .map(|e| TextEdit {
            range: conv.range(&e.span),
            new_text: e.new_text,
        })
        .collect()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The documents the workspace action edits: every article the server
/// knows (workspace files and open buffers), in index order.
fn known_slots(st: &State) -> impl Iterator<Item = &Slot> {
    st.corpus
        .slots
        .iter()
        .flatten()
        .filter(|s| !is_config(&s.uri) && (s.in_corpus || s.version.is_some()))
}

/// "Tag all registry mentions in this document" and, when asked for
/// (the kind in `only`, or an explicit request rather than the editor's
/// automatic one), "... in the workspace": one edit over every known
/// document, versioned for open buffers.
pub fn tag_actions(st: &State, slot: &Slot, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let kind = tag_registry_kind();
    let only = &params.context.only;
    if only.is_some() && !asked(only, &kind) {
        return Vec::new();
    }
    let pretagger = Pretagger::new(&st.config);
    if pretagger.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let edits = slot_edits(st, &pretagger, slot);
    if !edits.is_empty() {
        out.push(CodeActionOrCommand::CodeAction(
            tower_lsp::lsp_types::CodeAction {
                title: format!(
                    "Tag all registry mentions in this document ({})",
                    plural(edits.len() / 2, "mention", "mentions")
                ),
                kind: Some(kind.clone()),
                edit: Some(doc_edit(&slot.uri, slot.version, edits)),
                ..Default::default()
            },
        ));
    }
    let invoked = params.context.trigger_kind == Some(CodeActionTriggerKind::INVOKED);
    if !(invoked || asked(only, &kind)) {
        return out;
    }
    let mut changes = Vec::new();
    let mut mentions = 0;
    for s in known_slots(st) {
        let edits = slot_edits(st, &pretagger, s);
        if edits.is_empty() {
            continue;
        }
        mentions += edits.len() / 2;
        changes.push(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: s.uri.clone(),
                version: s.version,
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        });
    }
    if !changes.is_empty() {
        out.push(CodeActionOrCommand::CodeAction(
            tower_lsp::lsp_types::CodeAction {
                title: format!(
                    "Tag all registry mentions in the workspace ({} in {})",
                    plural(mentions, "mention", "mentions"),
                    plural(changes.len(), "file", "files")
                ),
                kind: Some(kind),
                edit: Some(WorkspaceEdit {
                    document_changes: Some(DocumentChanges::Edits(changes)),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ));
    }
    out
}

/// `workspace/symbol`: one symbol per entity of `lede entities` over the
/// known documents, at its first mention (an unmentioned registry entity
/// at its `id` in `lede.toml`). `query` keeps the entities whose name or
/// id contains it, ignoring case.
pub fn workspace_symbols(st: &State, query: &str) -> Vec<SymbolInformation> {
    let slots: Vec<&Slot> = known_slots(st).collect();
    let pretagger = Pretagger::new(&st.config);
    let mentions: Vec<Vec<DocMention>> = slots
        .iter()
        .map(|s| doc_mentions(&st.config, &pretagger, &s.text))
        .collect();
    let rows = overview(
        &st.config,
        slots
            .iter()
            .map(|s| &*s.text)
            .zip(mentions.iter().map(Vec::as_slice)),
    );
    let registry = registry_locations(st);
    let query = query.to_lowercase();
    let mut out = Vec::new();
    for r in rows {
        let matches = query.is_empty()
            || r.name.to_lowercase().contains(&query)
            || r.id
                .as_ref()
                .is_some_and(|id| id.to_lowercase().contains(&query));
        if !matches {
            continue;
        }
        let location = match &r.first {
            Some(f) => {
                let s = slots[f.doc];
                Location {
                    uri: s.uri.clone(),
                    range: Conv::new(&s.text, &s.lines, st.unit).range(&f.span),
                }
            }
            None => match r
                .id
                .as_ref()
                .and_then(|id| registry.iter().find(|l| l.0 == *id))
            {
                Some((_, l)) => l.clone(),
                None => continue,
            },
        };
        #[allow(deprecated)]
        out.push(SymbolInformation {
            name: r.name,
            kind: SymbolKind::OBJECT,
            tags: None,
            deprecated: None,
            location,
            container_name: Some(r.label),
        });
    }
    out
}

/// Each registry id's place in `lede.toml` (the open buffer, else the file).
fn registry_locations(st: &State) -> Vec<(String, Location)> {
    let Some(path) = &st.config_path else {
        return Vec::new();
    };
    let Ok(uri) = Url::from_file_path(path) else {
        return Vec::new();
    };
    let text = match st.docs.get(&uri) {
        Some(d) => String::from(&d.rope),
        None => std::fs::read_to_string(path).unwrap_or_default(),
    };
    let lines = crate::base::text::LineIndex::new(&text);
    let conv = Conv::new(&text, &lines, st.unit);
    registry_ids(&text)
        .into_iter()
        .map(|(id, span)| {
            let range: Range = conv.range(&span);
            (
                id,
                Location {
                    uri: uri.clone(),
                    range,
                },
            )
        })
        .collect()
}
