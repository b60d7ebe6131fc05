//! Completion, definition, references, rename, document symbols, semantic
//! tokens and folding ranges.

use std::collections::{BTreeMap, HashMap};

use tower_lsp::lsp_types::{
    CompletionItem, CompletionItemKind, DocumentSymbol, FoldingRange, FoldingRangeKind, Location,
    OptionalVersionedTextDocumentIdentifier, Position, Range, SemanticToken, SemanticTokenType,
    SemanticTokensLegend, SymbolKind, TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};

use super::convert::Conv;
use super::hover::{entity_at, registry_entry, tag_at};
use super::state::{is_config, Slot, State};
use crate::base::text::{LineIndex, Span};

/// Semantic token types, in legend order.
pub const TOKEN_TYPES: [SemanticTokenType; 3] = [
    SemanticTokenType::OPERATOR, // `[`, `]{`, `:`, `}`
    SemanticTokenType::TYPE,     // the label
    SemanticTokenType::VARIABLE, // the entity id
];

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES.to_vec(),
        token_modifiers: Vec::new(),
    }
}

/// Completion inside `{...}` after `]{`: labels, or entity ids after `:`.
pub fn completion(st: &State, slot: &Slot, pos: Position) -> Vec<CompletionItem> {
    let conv = Conv::new(&slot.text, &slot.lines, st.unit);
    let offset = conv.offset(pos);
    let line_start = slot.lines.line_start(slot.lines.line_of(offset));
    let before = &slot.text[line_start..offset];
    let Some(open) = before.rfind("]{") else {
        return Vec::new();
    };
    let inside = &before[open + 2..];
    if inside.contains('}') {
        return Vec::new();
    }
    match inside.split_once(':') {
        None => st
            .config
            .labels
            .iter()
            .map(|l| CompletionItem {
                label: l.clone(),
                kind: Some(CompletionItemKind::ENUM_MEMBER),
                detail: Some("entity label".into()),
                ..Default::default()
            })
            .collect(),
        Some((label, _)) => st
            .config
            .entities
            .iter()
            .filter(|e| label.is_empty() || e.label == label)
            .map(|e| CompletionItem {
                label: e.id.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(format!("{} ({})", e.name, e.label)),
                documentation: e
                    .description
                    .clone()
                    .map(tower_lsp::lsp_types::Documentation::String),
                ..Default::default()
            })
            .collect(),
    }
}

/// The text of `lede.toml`: the open buffer, else the file.
pub fn config_text(st: &State) -> Option<(Url, String)> {
    let path = st.config_path.clone()?;
    let uri = Url::from_file_path(&path).ok()?;
    if let Some(slot) = st.corpus.get(&uri) {
        return Some((uri, slot.text.to_string()));
    }
    if let Some(doc) = st.docs.get(&uri) {
        return Some((uri, String::from(&doc.rope)));
    }
    Some((uri, std::fs::read_to_string(&path).ok()?))
}

/// Byte spans of the value of `id = "..."` lines in a config text.
pub fn registry_ids(text: &str) -> Vec<(String, Span)> {
    let re =
        regex::Regex::new(r#"(?m)^[ \t]*id[ \t]*=[ \t]*["']([^"'\n]*)["']"#).expect("static regex");
    re.captures_iter(text)
        .filter_map(|c| {
            let m = c.get(1)?;
            Some((m.as_str().to_string(), m.range()))
        })
        .collect()
}

fn location(uri: &Url, text: &str, span: &Span, unit: crate::base::text::ColumnUnit) -> Location {
    let lines = LineIndex::new(text);
    Location {
        uri: uri.clone(),
        range: Conv::new(text, &lines, unit).range(span),
    }
}

/// The entity id under the cursor: a tag's id, a registry `id = "..."` in
/// `lede.toml`, or a registry name or alias written in the text.
pub fn entity_id_at(st: &State, slot: &Slot, pos: Position) -> Option<String> {
    let conv = Conv::new(&slot.text, &slot.lines, st.unit);
    let offset = conv.offset(pos);
    if is_config(&slot.uri) {
        return registry_ids(&slot.text)
            .into_iter()
            .find(|(_, s)| s.start <= offset && offset <= s.end)
            .map(|(id, _)| id);
    }
    if let Some(t) = tag_at(slot, offset) {
        if let Some(id) = &t.id {
            return Some(id.clone());
        }
    }
    let e = entity_at(st, slot, offset)?;
    registry_entry(st, &e).map(|r| r.id.clone())
}

pub fn definition(st: &State, slot: &Slot, pos: Position) -> Option<Location> {
    let id = entity_id_at(st, slot, pos)?;
    let (uri, text) = config_text(st)?;
    let (_, span) = registry_ids(&text).into_iter().find(|(i, _)| *i == id)?;
    Some(location(&uri, &text, &span, st.unit))
}

/// Every tag naming `id` across the workspace: (uri, version, text, id span).
fn id_uses(st: &State, id: &str) -> Vec<(Url, Option<i32>, Vec<Span>, usize)> {
    let mut out = Vec::new();
    for (i, slot) in st.corpus.slots.iter().enumerate() {
        let Some(slot) = slot else { continue };
        let spans: Vec<Span> = slot
            .tags
            .iter()
            .filter(|t| t.id.as_deref() == Some(id))
            .filter_map(|t| t.id_span.clone())
            .collect();
        if !spans.is_empty() {
            out.push((slot.uri.clone(), slot.version, spans, i));
        }
    }
    out
}

pub fn references(st: &State, slot: &Slot, pos: Position, declaration: bool) -> Vec<Location> {
    let Some(id) = entity_id_at(st, slot, pos) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if declaration {
        if let Some((uri, text)) = config_text(st) {
            for (_, span) in registry_ids(&text).into_iter().filter(|(i, _)| *i == id) {
                out.push(location(&uri, &text, &span, st.unit));
            }
        }
    }
    for (uri, _, spans, i) in id_uses(st, &id) {
        let s = st.corpus.slots[i].as_ref().expect("listed");
        let conv = Conv::new(&s.text, &s.lines, st.unit);
        out.extend(spans.iter().map(|sp| Location {
            uri: uri.clone(),
            range: conv.range(sp),
        }));
    }
    out
}

/// Whether a string can be an entity id.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// One document's edit that replaces every span with `new`.
fn replace_all(
    uri: Url,
    version: Option<i32>,
    conv: &Conv,
    spans: &[Span],
    new: &str,
) -> TextDocumentEdit {
    TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
        edits: spans
            .iter()
            .map(|sp| {
                tower_lsp::lsp_types::OneOf::Left(TextEdit {
                    range: conv.range(sp),
                    new_text: new.to_string(),
                })
            })
            .collect(),
    }
}

pub fn rename(st: &State, slot: &Slot, pos: Position, new: &str) -> Result<WorkspaceEdit, String> {
    if !valid_id(new) {
        return Err(format!(
            "{new:?} is not a valid entity id (letters, digits, `_`, `-`, `.`)"
        ));
    }
    let id = entity_id_at(st, slot, pos).ok_or("no entity id here")?;
    if st.config.entity(new).is_some() {
        return Err(format!("the registry already has an entity {new:?}"));
    }
    let mut edits: Vec<TextDocumentEdit> = Vec::new();
    let mut config_done = false;
    for (uri, version, spans, i) in id_uses(st, &id) {
        let s = st.corpus.slots[i].as_ref().expect("listed");
        let conv = Conv::new(&s.text, &s.lines, st.unit);
        edits.push(replace_all(uri, version, &conv, &spans, new));
    }
    if let Some((uri, text)) = config_text(st) {
        let lines = LineIndex::new(&text);
        let conv = Conv::new(&text, &lines, st.unit);
        let spans: Vec<Span> = registry_ids(&text)
            .into_iter()
            .filter(|(i, _)| *i == id)
            .map(|(_, s)| s)
            .collect();
        if !spans.is_empty() {
            config_done = true;
            let version = st.docs.get(&uri).map(|d| d.version);
            edits.retain(|e| e.text_document.uri != uri);
            edits.push(replace_all(uri, version, &conv, &spans, new));
        }
    }
    if edits.is_empty() || (!config_done && st.config.entity(&id).is_some()) {
        return Err(format!("nothing to rename for {id:?}"));
    }
    Ok(WorkspaceEdit {
        document_changes: Some(tower_lsp::lsp_types::DocumentChanges::Edits(edits)),
        ..Default::default()
    })
}

/// The article's entities, grouped by label.
#[allow(deprecated)] // DocumentSymbol::deprecated must be set
pub fn symbols(st: &State, slot: &Slot) -> Vec<DocumentSymbol> {
    let conv = Conv::new(&slot.text, &slot.lines, st.unit);
    let mut groups: BTreeMap<&str, Vec<&super::state::TagInfo>> = BTreeMap::new();
    for t in &slot.tags {
        groups.entry(t.label.as_str()).or_default().push(t);
    }
    groups
        .into_iter()
        .map(|(label, tags)| {
            let mut entities: Vec<(String, Vec<&super::state::TagInfo>)> = Vec::new();
            let mut by_key: HashMap<String, usize> = HashMap::new();
            for t in &tags {
                let key = t.id.clone().unwrap_or_else(|| t.surface.clone());
                let i = *by_key.entry(key.clone()).or_insert_with(|| {
                    entities.push((key, Vec::new()));
                    entities.len() - 1
                });
                entities[i].1.push(t);
            }
            let first = tags.first().expect("a group has tags").span.start;
            let last = tags.iter().map(|t| t.span.end).max().unwrap_or(first);
            let children = entities
                .into_iter()
                .map(|(key, uses)| {
                    let start = uses[0].span.start;
                    let end = uses.iter().map(|t| t.span.end).max().unwrap_or(start);
                    let name = st
                        .config
                        .entity(&key)
                        .map_or_else(|| uses[0].surface.clone(), |e| e.name.clone());
                    DocumentSymbol {
                        name: if name.trim().is_empty() {
                            key.clone()
                        } else {
                            name
                        },
                        detail: Some(format!(
                            "{} mention{}{}",
                            uses.len(),
                            if uses.len() == 1 { "" } else { "s" },
                            uses[0]
                                .id
                                .as_ref()
                                .map(|i| format!(", {i}"))
                                .unwrap_or_default()
                        )),
                        kind: SymbolKind::OBJECT,
                        tags: None,
                        deprecated: None,
                        range: conv.range(&(start..end)),
                        selection_range: conv.range(&uses[0].span),
                        children: None,
                    }
                })
                .collect();
            DocumentSymbol {
                name: label.to_string(),
                detail: Some(format!("{} tag(s)", tags.len())),
                kind: SymbolKind::NAMESPACE,
                tags: None,
                deprecated: None,
                range: conv.range(&(first..last)),
                selection_range: conv.range(&tags[0].span),
                children: Some(children),
            }
        })
        .collect()
}

/// Semantic tokens of the tags overlapping `range` (all when `None`).
pub fn semantic_tokens(st: &State, slot: &Slot, range: Option<Range>) -> Vec<SemanticToken> {
    let conv = Conv::new(&slot.text, &slot.lines, st.unit);
    let within = range.map(|r| conv.span(r));
    // (span, type) in text order.
    let mut raw: Vec<(Span, u32)> = Vec::new();
    for t in &slot.tags {
        if let Some(w) = &within {
            if t.span.end < w.start || t.span.start > w.end {
                continue;
            }
        }
        raw.push((t.span.start..t.span.start + 1, 0)); // [
        raw.push((t.surface_span.end..t.label_span.start, 0)); // ]{
        raw.push((t.label_span.clone(), 1));
        if let Some(id) = &t.id_span {
            raw.push((t.label_span.end..id.start, 0)); // :
            raw.push((id.clone(), 2));
        }
        raw.push((t.span.end - 1..t.span.end, 0)); // }
    }
    let mut out = Vec::with_capacity(raw.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for (span, ty) in raw {
        if span.is_empty() {
            continue;
        }
        let p = conv.position(span.start);
        let delta_line = p.line - prev_line;
        let delta_start = if delta_line == 0 {
            p.character - prev_col
        } else {
            p.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: conv.len(&span),
            token_type: ty,
            token_modifiers_bitset: 0,
        });
        prev_line = p.line;
        prev_col = p.character;
    }
    out
}

/// Folding ranges over blocks of boilerplate lines (blank lines between
/// them join the block) of two lines or more.
pub fn folding(slot: &Slot) -> Vec<FoldingRange> {
    let mut lines: Vec<u32> = slot
        .findings
        .iter()
        .filter(|f| f.family() == "boilerplate")
        .flat_map(|f| {
            let a = slot.lines.line_of(f.span.start) as u32;
            let b = slot
                .lines
                .line_of(f.span.end.saturating_sub(1).max(f.span.start)) as u32;
            a..=b
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let blank = |l: u32| {
        let c = slot.lines.line_content(&slot.text, l as usize);
        slot.text[c].trim().is_empty()
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = lines[i];
        let mut end = start;
        let mut j = i + 1;
        while j < lines.len() && (end + 1..lines[j]).all(blank) {
            end = lines[j];
            j += 1;
        }
        if end > start {
            out.push(FoldingRange {
                start_line: start,
                start_character: None,
                end_line: end,
                end_character: None,
                kind: Some(FoldingRangeKind::Comment),
                collapsed_text: Some("boilerplate".into()),
            });
        }
        i = j;
    }
    out
}
