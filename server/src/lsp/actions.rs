//! Code actions: quick fixes, fix-all, and tagging refactors.

use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CreateFile,
    CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, TextDocumentEdit,
    TextEdit, Url, WorkspaceEdit,
};

use super::convert::Conv;
use super::diagnostics::to_diagnostic;
use super::hover::{entity_at, registry_entry, tag_at};
use super::navigation::registry_ids;
use super::state::{Slot, State};
use crate::base::finding::Edit;
use crate::base::fix::{fix_until_stable, FixMode};
use crate::base::text::{LineIndex, Span};

pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.lede")
}

/// One versioned edit of a document.
pub fn doc_edit(uri: &Url, version: Option<i32>, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version,
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }])),
        ..Default::default()
    }
}

fn text_edits(conv: &Conv, edits: &[Edit]) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit {
            range: conv.range(&e.span),
            new_text: e.new_text.clone(),
        })
        .collect()
}

fn action(title: String, kind: CodeActionKind, edit: WorkspaceEdit) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        edit: Some(edit),
        ..Default::default()
    })
}

/// The safe fixes of the whole document, applied to a fixpoint, as one
/// edit (the changed middle of the text). `None` when nothing changes.
pub fn fix_all(st: &State, i: usize) -> Option<TextEdit> {
    let slot = st.corpus.slots.get(i)?.as_ref()?;
    let engine = &st.engine;
    let path = st.corpus.relative(&slot.uri);
    let (fixed, n) = fix_until_stable(
        &slot.text,
        FixMode::SafeOnly,
        st.settings.fix_all_rounds,
        |t| {
            let a = engine.analyze(t);
            let mut found = if slot.in_corpus {
                let mut index = st.corpus.index.clone();
                index.remove(i, &slot.analysis.features);
                index.add(i, &a.features);
                engine.findings_for(i, &a, &index)
            } else {
                engine.findings_alone(&a)
            };
            engine.allows().suppress(&mut found, t, path.as_deref());
            found
        },
    );
    if n == 0 || fixed == *slot.text {
        return None;
    }
    let old = slot.text.as_bytes();
    let new = fixed.as_bytes();
    let mut pre = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    while !slot.text.is_char_boundary(pre) || !fixed.is_char_boundary(pre) {
        pre -= 1;
    }
    let max_suf = old.len().min(new.len()) - pre;
    let mut suf = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suf)
        .take_while(|(a, b)| a == b)
        .count();
    while !slot.text.is_char_boundary(old.len() - suf) || !fixed.is_char_boundary(new.len() - suf) {
        suf -= 1;
    }
    let conv = Conv::new(&slot.text, &slot.lines, st.unit);
    Some(TextEdit {
        range: conv.range(&(pre..old.len() - suf)),
        new_text: fixed[pre..new.len() - suf].to_string(),
    })
}

pub(super) fn wanted(only: &Option<Vec<CodeActionKind>>, kind: &CodeActionKind) -> bool {
    only.as_ref().is_none_or(|o| {
        o.iter().any(|w| {
            kind.as_str() == w.as_str() || kind.as_str().starts_with(&format!("{}.", w.as_str()))
        })
    })
}

/// The word around `offset` (letters, digits, `_`), if any.
fn word_at(text: &str, offset: usize) -> Option<Span> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = offset
        + text[offset..]
            .char_indices()
            .take_while(|(_, c)| is_word(*c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
    (end > start).then_some(start..end)
}

/// Untagged occurrences of `surface` (whole words, outside tags).
pub fn untagged_occurrences(slot: &Slot, surface: &str) -> Vec<Span> {
    if surface.is_empty() {
        return Vec::new();
    }
    let text = &slot.text;
    text.match_indices(surface)
        .map(|(at, s)| at..at + s.len())
        .filter(|sp| {
            let before = text[..sp.start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after = text[sp.end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            before
                && after
                && !slot
                    .tags
                    .iter()
                    .any(|t| t.span.start < sp.end && sp.start < t.span.end)
        })
        .collect()
}

/// An id for a new registry entry: the name as a lowercase slug, unique.
pub fn new_id(name: &str, taken: &[String]) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_string();
    let base = if slug.is_empty() {
        "entity".to_string()
    } else {
        slug
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A workspace edit appending an `[[entity]]` block to `lede.toml`
/// (creating the file when it is missing).
pub fn add_to_registry(st: &State, slot: &Slot, name: &str, label: &str) -> Option<WorkspaceEdit> {
    let path = match &st.config_path {
        Some(p) => p.clone(),
        None => slot
            .uri
            .to_file_path()
            .ok()?
            .parent()?
            .join(crate::config::FILE_NAME),
    };
    let uri = Url::from_file_path(&path).ok()?;
    let existing: Option<String> = st
        .docs
        .get(&uri)
        .map(|d| String::from(&d.rope))
        .or_else(|| std::fs::read_to_string(&path).ok());
    let mut taken: Vec<String> = st.config.entities.iter().map(|e| e.id.clone()).collect();
    if let Some(t) = &existing {
        taken.extend(registry_ids(t).into_iter().map(|(id, _)| id));
    }
    let id = new_id(name, &taken);
    let block = format!(
        "[[entity]]\nid = {}\nname = {}\nlabel = {}\n",
        toml_string(&id),
        toml_string(name),
        toml_string(label)
    );
    let version = st.docs.get(&uri).map(|d| d.version);
    match existing {
        Some(text) => {
            let lines = LineIndex::new(&text);
            let end = Conv::new(&text, &lines, st.unit).position(text.len());
            let sep = if text.is_empty() || text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            Some(doc_edit(
                &uri,
                version,
                vec![TextEdit {
                    range: Range::new(end, end),
                    new_text: format!("{sep}{block}"),
                }],
            ))
        }
        None => Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                    edits: vec![OneOf::Left(TextEdit {
                        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
                        new_text: block,
                    })],
                }),
            ])),
            ..Default::default()
        }),
    }
}

pub fn code_actions(st: &State, i: usize, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let Some(slot) = st.corpus.slots.get(i).and_then(Option::as_ref) else {
        return Vec::new();
    };
    let only = &params.context.only;
    let conv = Conv::new(&slot.text, &slot.lines, st.unit);
    let sel = conv.span(params.range);
    let version = slot.version;
    let uri = &slot.uri;
    let mut out = Vec::new();

    // Every finding's fixes as quick fixes.
    if wanted(only, &CodeActionKind::QUICKFIX) {
        for f in &slot.findings {
            let touches = f.span.start <= sel.end && sel.start <= f.span.end;
            if !touches {
                continue;
            }
            let diag = to_diagnostic(st, slot, f);
            for fix in &f.fixes {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.to_string(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(doc_edit(uri, version, text_edits(&conv, &fix.edits))),
                    is_preferred: Some(fix.safe),
                    ..Default::default()
                }));
            }
        }
    }

    // "Allow this here": an `[[allow]]` entry in lede.toml (quick fixes too).
    out.extend(super::suppress::allow_actions(st, slot, params));

    // All safe fixes of the document.
    let fix_all_kind = fix_all_kind();
    if wanted(only, &fix_all_kind) && slot.findings.iter().any(|f| f.fixes.iter().any(|x| x.safe)) {
        if let Some(edit) = fix_all(st, i) {
            out.push(action(
                "Fix all safe lede findings".into(),
                fix_all_kind,
                doc_edit(uri, version, vec![edit]),
            ));
        }
    }

    // Pre-annotation from the registry: this document, the workspace.
    out.extend(super::annotate::tag_actions(st, slot, params));

    let rewrite = CodeActionKind::REFACTOR_REWRITE;
    if !wanted(only, &rewrite) {
        return out;
    }
    // Normalise a name variant: the names findings' own fixes.
    for f in slot.findings.iter().filter(|f| f.family() == "names") {
        if f.span.start <= sel.end && sel.start <= f.span.end {
            for fix in &f.fixes {
                out.push(action(
                    format!("Normalise this name: {}", fix.title),
                    rewrite.clone(),
                    doc_edit(uri, version, text_edits(&conv, &fix.edits)),
                ));
            }
        }
    }
    let text = &slot.text;
    let edit1 = |span: &Span, new_text: String| {
        doc_edit(
            uri,
            version,
            vec![TextEdit {
                range: conv.range(span),
                new_text,
            }],
        )
    };
    let tag_all =
        |surface: &str, label: &str, id: Option<&str>| -> Option<(usize, WorkspaceEdit)> {
            let occ = untagged_occurrences(slot, surface);
            if occ.is_empty() {
                return None;
            }
            let suffix = match id {
                Some(id) => format!("{label}:{id}"),
                None => label.to_string(),
            };
            let edits = occ
                .iter()
                .map(|sp| TextEdit {
                    range: conv.range(sp),
                    new_text: format!("[{}]{{{suffix}}}", &text[sp.clone()]),
                })
                .collect();
            Some((occ.len(), doc_edit(uri, version, edits)))
        };

    if let Some(tag) = tag_at(slot, sel.start) {
        for l in st.config.labels.iter().filter(|l| **l != tag.label) {
            out.push(action(
                format!("Retag as {l}"),
                rewrite.clone(),
                edit1(&tag.label_span, l.clone()),
            ));
        }
        out.push(action(
            format!("Untag \"{}\"", tag.surface),
            rewrite.clone(),
            edit1(&tag.span, tag.surface.clone()),
        ));
        if let Some((n, e)) = tag_all(&tag.surface, &tag.label, tag.id.as_deref()) {
            out.push(action(
                format!(
                    "Tag all {n} other occurrence(s) of \"{}\" as {}",
                    tag.surface, tag.label
                ),
                rewrite.clone(),
                e,
            ));
        }
        let e = super::hover::EntityAt {
            span: tag.span.clone(),
            surface: tag.surface.clone(),
            label: Some(tag.label.clone()),
            id: tag.id.clone(),
        };
        match registry_entry(st, &e) {
            Some(r) if r.name != tag.surface => out.push(action(
                format!("Normalise to \"{}\"", r.name),
                rewrite.clone(),
                edit1(&tag.surface_span, r.name.clone()),
            )),
            Some(_) => {}
            None => {
                if let Some(edit) = add_to_registry(st, slot, &tag.surface, &tag.label) {
                    out.push(action(
                        format!("Add \"{}\" to the registry as {}", tag.surface, tag.label),
                        rewrite.clone(),
                        edit,
                    ));
                }
            }
        }
        return out;
    }

    // Not in a tag: the selection, or the word under the cursor.
    let target = if sel.is_empty() {
        word_at(text, sel.start)
    } else {
        Some(sel.clone())
    };
    let Some(target) = target else {
        return out;
    };
    let surface = &text[target.clone()];
    let overlaps_tag = slot
        .tags
        .iter()
        .any(|t| t.span.start < target.end && target.start < t.span.end);
    if surface.trim().is_empty() || surface.contains(['\n', '[', ']', '{', '}']) || overlaps_tag {
        return out;
    }
    for l in &st.config.labels {
        out.push(action(
            format!("Tag \"{surface}\" as {l}"),
            rewrite.clone(),
            edit1(&target, format!("[{surface}]{{{l}}}")),
        ));
    }
    for l in &st.config.labels {
        if let Some((n, e)) = tag_all(surface, l, None) {
            if n > 1 {
                out.push(action(
                    format!("Tag all {n} occurrences of \"{surface}\" as {l}"),
                    rewrite.clone(),
                    e,
                ));
            }
        }
    }
    // A known name written another way than the registry's name.
    if let Some(e) = entity_at(st, slot, target.start) {
        if let Some(r) = registry_entry(st, &e) {
            if r.name != e.surface {
                out.push(action(
                    format!("Normalise to \"{}\"", r.name),
                    rewrite.clone(),
                    edit1(&e.span, r.name.clone()),
                ));
            }
        }
    }
    let known = st.config.entities.iter().any(|e| {
        std::iter::once(&e.name)
            .chain(&e.aliases)
            .any(|n| n.eq_ignore_ascii_case(surface))
    });
    if !known && !sel.is_empty() {
        for l in &st.config.labels {
            if let Some(edit) = add_to_registry(st, slot, surface, l) {
                out.push(action(
                    format!("Add \"{surface}\" to the registry as {l}"),
                    rewrite.clone(),
                    edit,
                ));
            }
        }
    }
    out
}
