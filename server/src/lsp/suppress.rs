//! "Allow this here": a quick fix that accepts one finding by appending an
//! `[[allow]]` entry (rule, the span's exact text, this file, a reason to
//! fill in) to the workspace `lede.toml`, the file whose entries the
//! server applies ([`crate::engine::allow`]).
//!
//! The entry is written by the `toml` serialiser, and the whole resulting
//! file is parsed with [`Config::parse`] and the new entry compiled and
//! matched against the finding before the action is offered: an action
//! that would break `lede.toml`, or write an entry that does not allow the
//! finding, is not offered.

use std::path::PathBuf;

use serde::Serialize;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CreateFile,
    CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range, ResourceOp, TextDocumentEdit,
    TextEdit, Url, WorkspaceEdit,
};

use super::actions::{doc_edit, wanted};
use super::convert::Conv;
use super::diagnostics::to_diagnostic;
use super::state::{Slot, State};
use crate::base::finding::Finding;
use crate::base::text::{ColumnUnit, LineIndex};
use crate::config::{Config, FILE_NAME};
use crate::engine::allow::{relative_path, Allows};

/// The `reason` of a new entry: required by the parser, to be replaced.
pub const REASON: &str = "TODO: say why this finding is fine";

#[derive(Serialize)]
struct Entry<'a> {
    rule: &'a str,
    text: &'a str,
    files: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Block<'a> {
    allow: [Entry<'a>; 1],
}

/// `path` as a glob that matches exactly it: the glob metacharacters
/// (and `\`, an escape on Unix) each in a one-character class.
pub fn glob_escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, '[' | ']' | '*' | '?' | '{' | '}' | '\\') {
            out.push('[');
            out.push(c);
            out.push(']');
        } else {
            out.push(c);
        }
    }
    out
}

/// The `[[allow]]` block for `rule` with span text `text` in the file at
/// `files` (already a glob), ending with a line break.
pub fn entry_text(rule: &str, text: &str, files: &str) -> Option<String> {
    toml::to_string(&Block {
        allow: [Entry {
            rule,
            text,
            files,
            reason: REASON,
        }],
    })
    .ok()
}

/// `existing` with `block` appended after a blank line; returns the text
/// to insert at the end (the separator and the block).
pub fn appended(existing: &str, block: &str) -> String {
    let crlf = existing.contains("\r\n");
    let nl = if crlf { "\r\n" } else { "\n" };
    let block = if crlf {
        block.replace('\n', "\r\n")
    } else {
        block.to_string()
    };
    let sep = if existing.is_empty() || existing.ends_with(&format!("{nl}{nl}")) {
        String::new()
    } else if existing.ends_with('\n') {
        nl.to_string()
    } else {
        format!("{nl}{nl}")
    };
    format!("{sep}{block}")
}

/// Whether the finding is allowed by the last entry of `new_text` and the
/// whole text is a valid configuration.
fn valid(new_text: &str, f: &Finding, doc: &str, rel: &str) -> bool {
    let Ok(config) = Config::parse(new_text) else {
        return false;
    };
    if Allows::new(&config.allows).is_err() {
        return false;
    }
    let Some(last) = config.allows.last() else {
        return false;
    };
    Allows::new(std::slice::from_ref(last))
        .ok()
        .and_then(|a| a.allowing(f, doc, Some(rel)))
        == Some(0)
}

/// The title's quoted span text: one line, at most 40 characters.
fn short(text: &str) -> String {
    let one: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let one = one.trim();
    if one.chars().count() > 40 {
        let cut: String = one.chars().take(39).collect();
        format!("{}…", cut.trim_end())
    } else {
        one.to_string()
    }
}

/// The `lede.toml` the server applies: the workspace's (first folder).
fn config_file(st: &State) -> Option<PathBuf> {
    st.config_path
        .clone()
        .or_else(|| st.roots.first().map(|r| r.join(FILE_NAME)))
}

/// Where the new text goes: after `existing` (a versioned edit when the
/// file is open), or into a new file.
fn edit_for(
    uri: &Url,
    version: Option<i32>,
    existing: Option<&str>,
    insert: String,
    unit: ColumnUnit,
) -> WorkspaceEdit {
    match existing {
        Some(text) => {
            let lines = LineIndex::new(text);
            let end = Conv::new(text, &lines, unit).position(text.len());
            doc_edit(
                uri,
                version,
                vec![TextEdit {
                    range: Range::new(end, end),
                    new_text: insert,
                }],
            )
        }
        None => WorkspaceEdit {
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
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: uri.clone(),
                        version: None,
                    },
                    edits: vec![OneOf::Left(TextEdit {
                        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
                        new_text: insert,
                    })],
                }),
            ])),
            ..Default::default()
        },
    }
}

/// "Allow `rule` for "text" here" for each finding of the slot touching
/// the request's range (one per rule and text).
pub fn allow_actions(
    st: &State,
    slot: &Slot,
    params: &CodeActionParams,
) -> Vec<CodeActionOrCommand> {
    if !wanted(&params.context.only, &CodeActionKind::QUICKFIX) {
        return Vec::new();
    }
    let conv = Conv::new(&slot.text, &slot.lines, st.unit);
    let sel = conv.span(params.range);
    let touching: Vec<&Finding> = slot
        .findings
        .iter()
        .filter(|f| f.span.start <= sel.end && sel.start <= f.span.end)
        .collect();
    if touching.is_empty() {
        return Vec::new();
    }
    // Only now: the configuration file and the document's place under it.
    let Some(path) = config_file(st) else {
        return Vec::new();
    };
    let Some(dir) = path.parent() else {
        return Vec::new();
    };
    let Some(rel) = slot
        .uri
        .to_file_path()
        .ok()
        .and_then(|p| relative_path(dir, &p))
    else {
        return Vec::new();
    };
    let Ok(uri) = Url::from_file_path(&path) else {
        return Vec::new();
    };
    let open = st.docs.get(&uri);
    let existing: Option<String> = match open {
        Some(d) => Some(String::from(&d.rope)),
        None => match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            // Unreadable or not UTF-8: no edit can keep its text.
            Err(_) => return Vec::new(),
        },
    };
    if existing.is_none() && !st.create_files {
        return Vec::new();
    }
    let base = existing.as_deref().unwrap_or("");
    let files = glob_escape(&rel);
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let mut out = Vec::new();
    for f in touching {
        let text = slot.text.get(f.span.clone()).unwrap_or("");
        if seen.contains(&(f.rule, text)) {
            continue;
        }
        seen.push((f.rule, text));
        let Some(block) = entry_text(f.rule, text, &files) else {
            continue;
        };
        let insert = appended(base, &block);
        if !valid(&format!("{base}{insert}"), f, &slot.text, &rel) {
            continue;
        }
        let title = if text.trim().is_empty() {
            format!("Allow `{}` here", f.rule)
        } else {
            format!("Allow `{}` for \"{}\" here", f.rule, short(text))
        };
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![to_diagnostic(st, slot, f)]),
            edit: Some(edit_for(
                &uri,
                open.map(|d| d.version),
                existing.as_deref(),
                insert,
                st.unit,
            )),
            is_preferred: Some(false),
            ..Default::default()
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::diagnostics::install;
    use crate::lsp::state::analyse;
    use std::path::Path;
    use std::sync::Arc;
    use tower_lsp::lsp_types::{
        CodeActionContext, PartialResultParams, TextDocumentIdentifier, WorkDoneProgressParams,
    };

    const NUMBERS: &str = "Output rose 5 0 percent in 2023.\n";

    /// A state whose workspace is `dir`, with `name` open holding `text`.
    fn state(dir: &Path, name: &str, text: &str, create: bool) -> (State, usize) {
        let mut st = State {
            roots: vec![dir.to_path_buf()],
            config_path: Some(dir.join(FILE_NAME)),
            create_files: create,
            ..State::default()
        };
        st.corpus.base = Some(dir.to_path_buf());
        let uri = Url::from_file_path(dir.join(name)).unwrap();
        let a = analyse(&st.engine, Arc::from(text)).unwrap();
        install(&mut st, &uri, a, Some(1));
        let i = st.corpus.slot_index(&uri).unwrap();
        assert!(
            !st.corpus.slots[i].as_ref().unwrap().findings.is_empty(),
            "the test text must have a finding"
        );
        (st, i)
    }

    fn params(st: &State, i: usize, only: Option<Vec<CodeActionKind>>) -> CodeActionParams {
        let slot = st.corpus.slots[i].as_ref().unwrap();
        let f = &slot.findings[0];
        let conv = Conv::new(&slot.text, &slot.lines, st.unit);
        CodeActionParams {
            text_document: TextDocumentIdentifier {
                uri: slot.uri.clone(),
            },
            range: conv.range(&(f.span.start..f.span.start)),
            context: CodeActionContext {
                diagnostics: Vec::new(),
                only,
                trigger_kind: None,
            },
            work_done_progress_params: WorkDoneProgressParams::default(),
            partial_result_params: PartialResultParams::default(),
        }
    }

    fn actions(st: &State, i: usize) -> Vec<CodeAction> {
        let slot = st.corpus.slots[i].as_ref().unwrap();
        allow_actions(st, slot, &params(st, i, None))
            .into_iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a,
                CodeActionOrCommand::Command(_) => panic!("a command"),
            })
            .collect()
    }

    /// The text edits of an action's only document edit.
    fn inserted(a: &CodeAction) -> (Range, String) {
        let e = a.edit.as_ref().unwrap();
        let edit = match e.document_changes.as_ref().unwrap() {
            DocumentChanges::Edits(v) => v[0].edits[0].clone(),
            DocumentChanges::Operations(ops) => match &ops[1] {
                DocumentChangeOperation::Edit(e) => e.edits[0].clone(),
                DocumentChangeOperation::Op(_) => panic!("an op second"),
            },
        };
        match edit {
            OneOf::Left(t) => (t.range, t.new_text),
            OneOf::Right(t) => (t.text_edit.range, t.text_edit.new_text),
        }
    }

    /// Whether the config in `toml` allows finding 0 of slot `i`.
    fn allows_first(toml: &str, st: &State, i: usize, rel: &str) -> bool {
        let slot = st.corpus.slots[i].as_ref().unwrap();
        let config = Config::parse(toml).unwrap();
        let a = Allows::new(&config.allows).unwrap();
        a.allowing(&slot.findings[0], &slot.text, Some(rel))
            .is_some()
    }

    #[test]
    fn a_plain_span_gets_a_plain_entry() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "labels = [\"PER\"]\n").unwrap();
        let (st, i) = state(dir.path(), "wire/a.txt", NUMBERS, false);
        let acts = actions(&st, i);
        let slot = st.corpus.slots[i].as_ref().unwrap();
        let f = &slot.findings[0];
        let span = &NUMBERS[f.span.clone()];
        assert_eq!(acts.len(), 1, "{acts:#?}");
        assert_eq!(
            acts[0].title,
            format!("Allow `{}` for \"{span}\" here", f.rule)
        );
        assert_eq!(acts[0].kind, Some(CodeActionKind::QUICKFIX));
        assert_eq!(acts[0].diagnostics.as_ref().unwrap()[0].range.start.line, 0);
        let (range, text) = inserted(&acts[0]);
        assert_eq!(range, Range::new(Position::new(1, 0), Position::new(1, 0)));
        assert_eq!(
            text,
            format!(
                "\n[[allow]]\nrule = \"{}\"\ntext = \"{span}\"\nfiles = \"wire/a.txt\"\nreason = \"{REASON}\"\n",
                f.rule
            )
        );
        let toml = format!("labels = [\"PER\"]\n{text}");
        assert!(allows_first(&toml, &st, i, "wire/a.txt"));
        assert!(!allows_first(&toml, &st, i, "wire/b.txt"));
        // `only` without quick fixes: nothing.
        let p = params(&st, i, Some(vec![CodeActionKind::REFACTOR]));
        assert!(allow_actions(&st, slot, &p).is_empty());
    }

    #[test]
    fn quotes_and_backslashes_round_trip_and_the_entry_allows_the_finding() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        let text = "He said [it was \"fine\" \\ ok]{bad label} today.\n";
        let (st, i) = state(dir.path(), "a.txt", text, false);
        let slot = st.corpus.slots[i].as_ref().unwrap();
        let span = &text[slot.findings[0].span.clone()];
        assert!(span.contains('"') && span.contains('\\'), "{span:?}");
        let acts = actions(&st, i);
        assert!(!acts.is_empty());
        let (_, toml) = inserted(&acts[0]);
        assert!(!toml.starts_with('\n'), "no blank line in an empty file");
        let config = Config::parse(&toml).unwrap();
        assert_eq!(config.allows.len(), 1);
        assert_eq!(config.allows[0].text.as_deref(), Some(span));
        assert_eq!(config.allows[0].rule, slot.findings[0].rule);
        assert_eq!(config.allows[0].reason, REASON);
        assert!(allows_first(&toml, &st, i, "a.txt"));
        // And the engine that reads it suppresses exactly that finding.
        let engine = crate::engine::Engine::new(config).unwrap();
        let mut found = slot.findings.clone();
        assert_eq!(engine.allows().suppress(&mut found, text, Some("a.txt")), 1);
    }

    #[test]
    fn a_path_with_brackets_is_escaped() {
        assert_eq!(
            glob_escape("a[1]/b*?{c}.txt"),
            "a[[]1[]]/b[*][?][{]c[}].txt"
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        let (st, i) = state(dir.path(), "wire [1]/a*b.txt", NUMBERS, false);
        let acts = actions(&st, i);
        assert_eq!(acts.len(), 1, "{acts:#?}");
        let (_, toml) = inserted(&acts[0]);
        let config = Config::parse(&toml).unwrap();
        assert_eq!(
            config.allows[0].files.as_deref(),
            Some("wire [[]1[]]/a[*]b.txt")
        );
        assert!(allows_first(&toml, &st, i, "wire [1]/a*b.txt"));
        // The escaped glob matches the file only, not its look-alikes.
        assert!(!allows_first(&toml, &st, i, "wire 1/a*b.txt"));
        assert!(!allows_first(&toml, &st, i, "wire [1]/axb.txt"));
    }

    #[test]
    fn appending_to_a_file_without_a_final_line_break_keeps_its_text() {
        let dir = tempfile::tempdir().unwrap();
        // No final line break, and a wide character before the end: the
        // end position is in UTF-16 units.
        let old = "labels = [\"PER\"] # 𝔸é";
        std::fs::write(dir.path().join(FILE_NAME), old).unwrap();
        let (st, i) = state(dir.path(), "a.txt", NUMBERS, false);
        let acts = actions(&st, i);
        let (range, insert) = inserted(&acts[0]);
        let end = Position::new(0, old.encode_utf16().count() as u32);
        assert_eq!(range, Range::new(end, end));
        assert!(insert.starts_with("\n\n[[allow]]\n"), "{insert:?}");
        let new = format!("{old}{insert}");
        assert!(new.starts_with(old));
        assert_eq!(Config::parse(&new).unwrap().labels, ["PER"]);
        assert!(allows_first(&new, &st, i, "a.txt"));
        // CRLF files get CRLF.
        assert_eq!(
            appended("a = 1\r\n", "[[allow]]\nx = 1\n"),
            "\r\n[[allow]]\r\nx = 1\r\n"
        );
        assert_eq!(appended("a = 1\n\n", "b\n"), "b\n");
    }

    #[test]
    fn a_missing_file_is_created_only_when_the_client_can() {
        let dir = tempfile::tempdir().unwrap();
        let (st, i) = state(dir.path(), "a.txt", NUMBERS, false);
        assert!(actions(&st, i).is_empty());
        let (st, i) = state(dir.path(), "a.txt", NUMBERS, true);
        let acts = actions(&st, i);
        assert_eq!(acts.len(), 1);
        let ops = match acts[0].edit.as_ref().unwrap().document_changes.as_ref() {
            Some(DocumentChanges::Operations(ops)) => ops.clone(),
            other => panic!("{other:?}"),
        };
        let want = Url::from_file_path(dir.path().join(FILE_NAME)).unwrap();
        assert!(matches!(&ops[0],
            DocumentChangeOperation::Op(ResourceOp::Create(c)) if c.uri == want));
        let (_, toml) = inserted(&acts[0]);
        assert!(allows_first(&toml, &st, i, "a.txt"));
    }

    #[test]
    fn a_config_that_would_not_parse_gets_no_action() {
        let dir = tempfile::tempdir().unwrap();
        // `allow` already an inline array: `[[allow]]` would redefine it.
        std::fs::write(dir.path().join(FILE_NAME), "allow = []\n").unwrap();
        let (st, i) = state(dir.path(), "a.txt", NUMBERS, true);
        assert!(actions(&st, i).is_empty());
        // A document outside the lede.toml's directory: no entry can name it.
        let other = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        let (mut st, i) = state(other.path(), "a.txt", NUMBERS, true);
        st.config_path = Some(dir.path().join(FILE_NAME));
        assert!(actions(&st, i).is_empty());
    }

    #[test]
    fn titles_are_one_short_line() {
        assert_eq!(short("a\nb"), "a b");
        let long = "x".repeat(60);
        assert_eq!(short(&long).chars().count(), 40);
    }
}
