//! End-to-end tests of `lede lsp` over stdio, on the fixtures under
//! `tests/fixtures/lsp/` (a tagged article with curly quotes and CJK text,
//! a second article and a registry) and on temporary workspaces.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::lsp_client::{apply_text_edits, file_uri, LspClient};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_lede");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp")
}

fn fixture(name: &str) -> (String, String) {
    let p = fixtures().join(name);
    (file_uri(&p), std::fs::read_to_string(&p).unwrap())
}

/// A server with debounce 0 and, optionally, a workspace folder.
fn start(root: Option<&Path>, utf8: bool) -> LspClient {
    let mut c = LspClient::spawn(BIN);
    let root = root.map(file_uri);
    c.initialize(root.as_deref(), utf8, json!({"debounceMs": 0}));
    c
}

/// Waits until the workspace index has been built ($/progress end).
fn wait_indexed(c: &mut LspClient) {
    c.wait_for(Duration::from_secs(20), |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    })
    .expect("indexing finished");
}

fn rules(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn find<'a>(diags: &'a [Value], rule: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {diags:#?}"))
}

fn tmp_workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// The edits of the first document in a workspace edit.
fn edits_of(edit: &Value) -> Vec<Value> {
    edit["documentChanges"][0]["edits"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn initialize_negotiates_the_position_encoding() {
    let mut c = LspClient::spawn(BIN);
    let r = c.initialize(None, true, Value::Null);
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    let caps = &r["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!(["{", ":"])
    );
    assert_eq!(
        caps["semanticTokensProvider"]["legend"]["tokenTypes"],
        json!(["operator", "type", "variable"])
    );
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!([
            "quickfix",
            "source.fixAll.lede",
            "refactor.rewrite",
            "source.tagRegistry.lede"
        ])
    );
    assert!(c.shutdown(), "the server did not exit by itself");

    let mut c = LspClient::spawn(BIN);
    let r = c.initialize(None, false, Value::Null);
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    c.shutdown();
}

/// A client that never answers the server's own requests (here the file
/// watcher registration, which `initialized` waits for) can still end the
/// session: after `shutdown`, `exit` and closing the pipe the server exits
/// by itself instead of waiting for the answer.
#[test]
fn the_server_exits_while_its_own_request_is_unanswered() {
    let mut c = LspClient::spawn(BIN);
    c.stop_answering();
    c.initialize(None, false, Value::Null);
    c.wait_for(Duration::from_secs(10), |m| {
        m["method"] == "client/registerCapability"
    })
    .expect("the server asks to register its file watcher");
    assert!(c.shutdown(), "the server waited for the unanswered request");
}

/// `On the “最好” day, [Lin Wei]{LOC:lin-wei}`: the label `LOC` starts at
/// UTF-16 column 27 and UTF-8 column 35.
#[test]
fn diagnostics_have_exact_ranges_in_utf16_and_utf8() {
    let (uri, text) = fixture("pier.txt");
    for (utf8, col) in [(false, 27), (true, 35)] {
        // The fixture folder as workspace, so its lede.toml is the config.
        let mut c = start(Some(&fixtures()), utf8);
        wait_indexed(&mut c);
        c.discard(|m| m["method"] == "textDocument/publishDiagnostics");
        c.open(&uri, &text, 1);
        let diags = c.diagnostics(&uri, Some(1));
        let d = find(&diags, "tags/label-mismatch");
        assert_eq!(d["range"], range(0, col, 0, col + 3), "utf8={utf8}");
        assert_eq!(d["severity"], 2);
        assert_eq!(d["source"], "lede");
        assert_eq!(
            d["message"],
            "tag label LOC differs from lin-wei's registry label PER"
        );
        assert!(d["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules.md#tags-label-mismatch"));
        assert_eq!(d["data"]["rule"], "tags/label-mismatch");
        assert_eq!(d["data"]["fixes"][0]["safe"], true);
        // `[Lin Wei]{PRE}` on line 4: an unknown label, an error.
        let u = find(&diags, "tags/unknown-label");
        assert_eq!(u["range"], range(4, 25, 4, 28));
        assert_eq!(u["severity"], 1);
        c.shutdown();
    }
}

#[test]
fn incremental_changes_republish_with_the_new_version() {
    let (uri, text) = fixture("pier.txt");
    let mut c = start(Some(&fixtures()), false);
    wait_indexed(&mut c);
    c.open(&uri, &text, 1);
    let d1 = c.diagnostics(&uri, Some(1));
    assert!(rules(&d1).contains(&"tags/label-mismatch".to_string()));
    // Replace `LOC` by `PER` (UTF-16 columns 27..30).
    c.change(
        &uri,
        2,
        json!([{"range": range(0, 27, 0, 30), "text": "PER"}]),
    );
    let d2 = c.diagnostics(&uri, Some(2));
    assert!(
        !rules(&d2).contains(&"tags/label-mismatch".to_string()),
        "{d2:#?}"
    );
    // And `PRE` on line 4 (25..28) too: nothing left.
    c.change(
        &uri,
        3,
        json!([{"range": range(4, 25, 4, 28), "text": "PER"}]),
    );
    // What is left is the untagged alias `Mayor Lin` (names, a hint).
    let d3 = c.diagnostics(&uri, Some(3));
    assert_eq!(rules(&d3), ["names/untagged-entity"]);
    // Saving publishes again (same version).
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    let d4 = c.diagnostics(&uri, Some(3));
    assert_eq!(d4, d3);
    let server_text = c.request("lede/documentText", json!({"uri": uri}));
    assert_eq!(
        server_text.as_str().unwrap(),
        text.replacen("{LOC:", "{PER:", 1).replace("{PRE}", "{PER}")
    );
    c.shutdown();
}

/// The debounce used where a test needs changes to fall within it: far
/// longer than the time between the changes the test sends, so that only
/// a stalled machine (not a slow one) could split them.
const LONG_DEBOUNCE_MS: u64 = 3000;

/// The versions of the `publishDiagnostics` for `uri` in the backlog, in
/// order of arrival (and removes them).
fn published_versions(c: &mut LspClient, uri: &str) -> Vec<Value> {
    let is_ours =
        |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
    let versions = c
        .backlog
        .iter()
        .filter(|m| is_ours(m))
        .map(|m| m["params"]["version"].clone())
        .collect();
    c.discard(is_ours);
    versions
}

#[test]
fn debounce_coalesces_rapid_changes() {
    let (uri, text) = fixture("pier.txt");
    let mut c = LspClient::spawn(BIN);
    c.initialize(
        Some(&file_uri(&fixtures())),
        false,
        json!({"debounceMs": LONG_DEBOUNCE_MS}),
    );
    wait_indexed(&mut c);
    c.open(&uri, &text, 1);
    c.diagnostics(&uri, Some(1));
    published_versions(&mut c, &uri);
    // Keystrokes 100 ms apart: each comes well within the debounce of the
    // one before, though not at once (changes read together could be
    // coalesced without any debounce).
    let x = json!([{"range": range(1, 0, 1, 0), "text": "x"}]);
    for v in 2..=6 {
        c.change(&uri, v, x.clone());
        std::thread::sleep(Duration::from_millis(100));
    }
    let wait = Duration::from_millis(LONG_DEBOUNCE_MS) + common::lsp_client::TIMEOUT;
    let first = c
        .wait_for(wait, |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        })
        .expect("a publish after the burst");
    assert_eq!(
        first["params"]["version"], 6,
        "the first publish is the last version's"
    );
    assert!(!first["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .is_empty());
    // One more change, after the burst's publish: its debounce ends a
    // whole debounce after every analysis the burst could have started
    // (none woke later than the one published), so any second publish
    // for the burst arrives before this one's.
    c.change(&uri, 7, x);
    c.diagnostics(&uri, Some(7));
    assert_eq!(
        published_versions(&mut c, &uri),
        Vec::<Value>::new(),
        "publishes between the burst's and version 7's"
    );
    c.shutdown();
}

#[test]
fn hover_shows_the_registry_entry_and_the_rule() {
    let (uri, text) = fixture("pier.txt");
    let (muri, mtext) = fixture("market.txt");
    let mut c = start(Some(&fixtures()), false);
    wait_indexed(&mut c);
    c.open(&uri, &text, 1);
    c.open(&muri, &mtext, 1);
    c.diagnostics(&uri, Some(1));
    // On the surface of `[Lin Wei]{PER:lin-wei}` in market.txt.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": muri}, "position": pos(0, 3)}),
    );
    assert_eq!(h["contents"]["kind"], "markdown");
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**Lin Wei** · `PER`"), "{md}");
    assert!(
        md.contains("Registry `lin-wei`: **Lin Wei** (`PER`)"),
        "{md}"
    );
    assert!(md.contains("Mayor of the river town of Qiaoshan"), "{md}");
    assert!(md.contains("[https://example.org/lin-wei](https://example.org/lin-wei)"));
    assert!(md.contains("Aliases: Mayor Lin"), "{md}");
    assert!(md.contains("- \"Lin Wei\" (2 files)"), "{md}");
    assert_eq!(h["range"], range(0, 0, 0, 22));
    // On the untagged alias `Mayor Lin` (line 3 of pier.txt).
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(3, 7)}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**Mayor Lin** · `PER`"), "{md}");
    assert!(md.contains("Registry `lin-wei`"), "{md}");
    assert_eq!(h["range"], range(3, 0, 3, 9));
    // On a finding: the rule's summary, the message and the explanation.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(4, 26)}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    let meta = lede::rules::meta("tags/unknown-label").unwrap();
    assert!(
        md.contains(&format!("**tags/unknown-label** (error): {}", meta.summary)),
        "{md}"
    );
    assert!(md.contains("unknown label \"PRE\""), "{md}");
    assert!(md.contains(meta.explanation), "{md}");
    // Semantic tokens count UTF-16 units here: `[` after `On the “最好” day, ` is column 17.
    let t = c.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": uri}, "range": range(0, 0, 0, 80)}),
    );
    assert_eq!(
        t["data"].as_array().unwrap()[0..5],
        json!([0, 17, 1, 0, 0]).as_array().unwrap()[..]
    );
    // Nothing under plain text.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(1, 60)}),
    );
    assert_eq!(h, Value::Null);
    c.shutdown();
}

fn actions(c: &mut LspClient, uri: &str, r: Value, only: Option<Value>) -> Vec<Value> {
    let mut ctx = json!({"diagnostics": []});
    if let Some(o) = only {
        ctx["only"] = o;
    }
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": r, "context": ctx}),
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| {
            panic!(
                "no action {title:?} in {:?}",
                actions.iter().map(|a| &a["title"]).collect::<Vec<_>>()
            )
        })
}

#[test]
fn code_actions_quick_fixes_fix_all_and_tagging() {
    let (uri, text) = fixture("pier.txt");
    let mut c = start(Some(&fixtures()), false);
    wait_indexed(&mut c);
    c.open(&uri, &text, 7);
    c.diagnostics(&uri, Some(7));

    // Quick fix of the label mismatch: safe, preferred, versioned.
    let acts = actions(&mut c, &uri, range(0, 28, 0, 28), Some(json!(["quickfix"])));
    let fix = titled(&acts, "Change label to PER");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "tags/label-mismatch");
    let doc = &fix["edit"]["documentChanges"][0];
    assert_eq!(doc["textDocument"]["version"], 7);
    assert_eq!(doc["edits"][0]["range"], range(0, 27, 0, 30));
    assert_eq!(doc["edits"][0]["newText"], "PER");
    // The unknown label's fix is not safe: not preferred.
    let acts = actions(&mut c, &uri, range(4, 26, 4, 26), Some(json!(["quickfix"])));
    assert_eq!(titled(&acts, "Change label to PER")["isPreferred"], false);

    // Fix all: only the safe fix, as one edit.
    let acts = actions(
        &mut c,
        &uri,
        range(0, 0, 0, 0),
        Some(json!(["source.fixAll"])),
    );
    assert_eq!(acts.len(), 1, "{acts:#?}");
    assert_eq!(acts[0]["kind"], "source.fixAll.lede");
    let edits = edits_of(&acts[0]["edit"]);
    assert_eq!(edits.len(), 1);
    let fixed = apply_text_edits(&text, &edits, false);
    assert_eq!(fixed, text.replacen("{LOC:", "{PER:", 1));

    // Refactors inside a tag: retag, untag, normalise/registry.
    let acts = actions(&mut c, &uri, range(2, 47, 2, 47), Some(json!(["refactor"])));
    let retag = titled(&acts, "Retag as ORG");
    assert_eq!(
        apply_text_edits(&text, &edits_of(&retag["edit"]), false)
            .lines()
            .nth(2)
            .unwrap(),
        "“We waited ten years,” said a fisherman from [Qiaoshan]{ORG}."
    );
    let untag = titled(&acts, "Untag \"Qiaoshan\"");
    assert_eq!(
        apply_text_edits(&text, &edits_of(&untag["edit"]), false)
            .lines()
            .nth(2)
            .unwrap(),
        "“We waited ten years,” said a fisherman from Qiaoshan."
    );
    let add = titled(&acts, "Add \"Qiaoshan\" to the registry as LOC");
    let doc = &add["edit"]["documentChanges"][0];
    assert_eq!(
        doc["textDocument"]["uri"],
        file_uri(&fixtures().join("lede.toml"))
    );
    assert_eq!(
        doc["edits"][0]["newText"],
        "\n[[entity]]\nid = \"qiaoshan\"\nname = \"Qiaoshan\"\nlabel = \"LOC\"\n"
    );

    // Outside tags, empty selection: the word under the cursor.
    let acts = actions(&mut c, &uri, range(1, 73, 1, 73), Some(json!(["refactor"])));
    let tag = titled(&acts, "Tag \"million\" as MISC");
    let e = edits_of(&tag["edit"]);
    assert_eq!(e[0]["range"], range(1, 71, 1, 78));
    assert_eq!(e[0]["newText"], "[million]{MISC}");
    // A selection: `Mayor Lin` is an alias; normalise to the canonical name.
    let acts = actions(&mut c, &uri, range(3, 0, 3, 9), Some(json!(["refactor"])));
    let norm = titled(&acts, "Normalise to \"Lin Wei\"");
    assert_eq!(edits_of(&norm["edit"])[0]["newText"], "Lin Wei");
    assert!(titled(&acts, "Tag \"Mayor Lin\" as PER")["edit"].is_object());
    assert!(
        !acts.iter().any(|a| a["title"]
            .as_str()
            .unwrap()
            .starts_with("Add \"Mayor Lin\"")),
        "a registry alias is not offered for the registry again"
    );
    c.shutdown();
}

#[test]
fn tag_all_occurrences_and_registry_file_creation() {
    let dir = tmp_workspace(&[(
        "a.txt",
        "Zhou Min spoke first. Later Zhou Min left, and [Zhou Min]{PER} came back.\n",
    )]);
    let uri = file_uri(&dir.path().join("a.txt"));
    let text = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    // No workspace folder: the document alone; lede.toml goes next to it.
    let mut c = start(None, true);
    c.open(&uri, &text, 1);
    c.diagnostics(&uri, Some(1));
    let acts = actions(&mut c, &uri, range(0, 0, 0, 8), Some(json!(["refactor"])));
    let all = titled(&acts, "Tag all 2 occurrences of \"Zhou Min\" as PER");
    assert_eq!(
        apply_text_edits(&text, &edits_of(&all["edit"]), true),
        "[Zhou Min]{PER} spoke first. Later [Zhou Min]{PER} left, and [Zhou Min]{PER} came back.\n"
    );
    let add = titled(&acts, "Add \"Zhou Min\" to the registry as PER");
    let ops = add["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], file_uri(&dir.path().join("lede.toml")));
    assert_eq!(
        ops[1]["edits"][0]["newText"],
        "[[entity]]\nid = \"zhou-min\"\nname = \"Zhou Min\"\nlabel = \"PER\"\n"
    );
    // Inside the tag: tag the other occurrences the same way.
    let acts = actions(&mut c, &uri, range(0, 50, 0, 50), Some(json!(["refactor"])));
    let all = titled(
        &acts,
        "Tag all 2 other occurrence(s) of \"Zhou Min\" as PER",
    );
    assert_eq!(edits_of(&all["edit"]).len(), 2);
    c.shutdown();
}

#[test]
fn completion_of_labels_and_entity_ids() {
    let dir = tmp_workspace(&[
        (
            "lede.toml",
            &std::fs::read_to_string(fixtures().join("lede.toml")).unwrap(),
        ),
        ("a.txt", "[Lin Wei]{\n[Lin Wei]{PER:\n[Lin Wei]{:\n"),
    ]);
    let uri = file_uri(&dir.path().join("a.txt"));
    let text = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    let mut c = start(Some(dir.path()), false);
    wait_indexed(&mut c);
    c.open(&uri, &text, 1);
    let labels = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": pos(0, 10)}),
    );
    assert_eq!(labels(&r), ["PER", "ORG", "LOC", "MISC"]);
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": pos(1, 14)}),
    );
    assert_eq!(labels(&r), ["lin-wei"]);
    assert_eq!(r[0]["detail"], "Lin Wei (PER)");
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": pos(2, 11)}),
    );
    assert_eq!(labels(&r), ["lin-wei", "qiaoshan-port"]);
    // Outside braces: nothing.
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": pos(0, 3)}),
    );
    assert_eq!(r, Value::Null);
    c.shutdown();
}

#[test]
fn definition_references_and_rename_across_the_workspace() {
    let (uri, text) = fixture("pier.txt");
    let (muri, _) = fixture("market.txt");
    let turi = file_uri(&fixtures().join("lede.toml"));
    let mut c = start(Some(&fixtures()), false);
    wait_indexed(&mut c);
    c.open(&uri, &text, 3);
    // Definition from the id in `{ORG:qiaoshan-port}` (line 1).
    let d = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": pos(1, 40)}),
    );
    assert_eq!(d["uri"], turi);
    assert_eq!(d["range"], range(12, 6, 12, 19));
    // From a plain mention of a registry alias.
    let d = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": pos(3, 2)}),
    );
    assert_eq!(d["range"], range(4, 6, 4, 13));
    // References: two tags in pier.txt, one in market.txt, and the registry.
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": pos(1, 40),
               "context": {"includeDeclaration": true}}),
    );
    let mut got: Vec<(String, Value)> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["uri"].as_str().unwrap().to_string(), l["range"].clone()))
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.to_string().cmp(&b.1.to_string())));
    let mut want = vec![
        (turi.clone(), range(12, 6, 12, 19)),
        (uri.clone(), range(1, 34, 1, 47)),
        (uri.clone(), range(3, 63, 3, 76)),
        (muri.clone(), range(1, 48, 1, 61)),
    ];
    want.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.to_string().cmp(&b.1.to_string())));
    assert_eq!(got, want);
    // The same from the registry entry in an open lede.toml.
    let toml = std::fs::read_to_string(fixtures().join("lede.toml")).unwrap();
    c.open(&turi, &toml, 1);
    let from_toml = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": turi}, "position": pos(12, 9),
               "context": {"includeDeclaration": false}}),
    );
    assert_eq!(from_toml.as_array().unwrap().len(), 3, "{from_toml}");
    assert_eq!(c.diagnostics(&turi, Some(1)), Vec::<Value>::new());
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": turi}}),
    );
    // Rename: every tag and the registry id, versioned where open.
    let edit = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": pos(1, 40), "newName": "port-authority"}),
    );
    let docs = edit["documentChanges"].as_array().unwrap();
    let mut per: Vec<(String, Value, usize)> = docs
        .iter()
        .map(|d| {
            (
                d["textDocument"]["uri"].as_str().unwrap().to_string(),
                d["textDocument"]["version"].clone(),
                d["edits"].as_array().unwrap().len(),
            )
        })
        .collect();
    per.sort_by(|a, b| a.0.cmp(&b.0));
    let mut want = vec![
        (turi.clone(), Value::Null, 1),
        (uri.clone(), json!(3), 2),
        (muri.clone(), Value::Null, 1),
    ];
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(per, want);
    // A bad new id is an error answer.
    let r = c.request_raw(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": pos(1, 40), "newName": "no spaces"}),
    );
    assert!(r["error"]["message"]
        .as_str()
        .unwrap()
        .contains("not a valid entity id"));
    c.shutdown();
}

#[test]
fn symbols_semantic_tokens_and_folding() {
    let (uri, text) = fixture("pier.txt");
    let mut c = start(Some(&fixtures()), true);
    wait_indexed(&mut c);
    c.open(&uri, &text, 1);
    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<(String, Vec<String>)> = syms
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["children"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["name"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            (
                "LOC".to_string(),
                vec!["Lin Wei".to_string(), "Qiaoshan".to_string()]
            ),
            (
                "ORG".to_string(),
                vec!["Qiaoshan Port Authority".to_string()]
            ),
            ("PRE".to_string(), vec!["Lin Wei".to_string()]),
        ]
    );
    assert_eq!(
        syms[1]["children"][0]["detail"],
        "2 mentions, qiaoshan-port"
    );

    // Semantic tokens (UTF-8 columns): line 0 `[Lin Wei]{LOC:lin-wei}` at byte 25.
    let t = c.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": uri}, "range": range(0, 0, 0, 80)}),
    );
    assert_eq!(
        t["data"],
        json!([
            0, 25, 1, 0, 0, // [
            0, 8, 2, 0, 0, // ]{
            0, 2, 3, 1, 0, // LOC
            0, 3, 1, 0, 0, // :
            0, 1, 7, 2, 0, // lin-wei
            0, 7, 1, 0, 0
        ]) // }
    );
    let full = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    // 5 tags: 3 with ids (6 tokens each) and 2 without (4 tokens each).
    assert_eq!(full["data"].as_array().unwrap().len(), (3 * 6 + 2 * 4) * 5);
    c.shutdown();
}

/// Two lines every file of the workspace repeats (no built-in pattern matches them).
const SHARE: &str =
    "Ferries run every hour between the two piers\nTickets are sold at the east gate\n";

fn wait_rules(c: &mut LspClient, uri: &str, want: impl Fn(&[String]) -> bool) -> Vec<Value> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let msg = c
            .wait_for(left, |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .unwrap_or_else(|| panic!("diagnostics for {uri} never matched"));
        let d = msg["params"]["diagnostics"].as_array().unwrap().clone();
        if want(&rules(&d)) {
            return d;
        }
    }
}

#[test]
fn workspace_corpus_findings_follow_file_changes() {
    let dir = tmp_workspace(&[
        ("a.txt", &format!("The ferry left at dawn.\n{SHARE}")),
        ("b.txt", &format!("Rain closed the market.\n{SHARE}")),
        ("sub/c.md", &format!("A new bridge opened.\n{SHARE}")),
        ("notes.csv", &format!("x\n{SHARE}")),
    ]);
    let a = file_uri(&dir.path().join("a.txt"));
    let b = file_uri(&dir.path().join("b.txt"));
    let cpath = dir.path().join("sub/c.md");
    let mut c = start(Some(dir.path()), false);
    // The watcher is registered dynamically; indexing reports progress.
    let reg = c
        .wait_for(Duration::from_secs(10), |m| {
            m["method"] == "client/registerCapability"
        })
        .expect("registerCapability");
    assert_eq!(
        reg["params"]["registrations"][0]["registerOptions"]["watchers"],
        json!([{"globPattern": "**/*.{txt,md}"}, {"globPattern": "**/lede.toml"}])
    );
    c.wait_for(Duration::from_secs(10), |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
    })
    .expect("progress begin");
    let report = c
        .wait_for(Duration::from_secs(10), |m| {
            m["method"] == "$/progress" && m["params"]["value"]["kind"] == "report"
        })
        .expect("progress report");
    assert_eq!(report["params"]["value"]["message"], "3/3 files");
    wait_indexed(&mut c);

    let text = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    c.open(&a, &text, 1);
    let d = c.diagnostics(&a, Some(1));
    assert_eq!(
        rules(&d),
        ["boilerplate/repeated-line", "boilerplate/repeated-line"]
    );
    assert_eq!(d[0]["range"], range(1, 0, 1, 44));
    assert_eq!(
        d[0]["message"],
        "line repeated in 3 of 3 files: likely site boilerplate"
    );
    assert_eq!(
        d[0]["tags"],
        json!([1]),
        "boilerplate is marked unnecessary"
    );
    assert_eq!(d[0]["severity"], 3);
    // The two lines fold as one boilerplate block.
    let folds = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": a}}),
    );
    assert_eq!(folds[0]["startLine"], 1);
    assert_eq!(folds[0]["endLine"], 2);
    assert_eq!(folds[0]["kind"], "comment");

    // c.md deleted: 2 of 2 files is under the threshold of 3 files.
    std::fs::remove_file(&cpath).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&cpath), "type": 3}]}),
    );
    wait_rules(&mut c, &a, |r| r.is_empty());
    // Back again.
    std::fs::write(&cpath, format!("A new bridge opened.\n{SHARE}")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&cpath), "type": 1}]}),
    );
    wait_rules(&mut c, &a, |r| r.len() == 2);
    // An open buffer overrides the disk: removing the lines from b.txt.
    let btext = std::fs::read_to_string(dir.path().join("b.txt")).unwrap();
    c.open(&b, &btext, 1);
    c.change(&b, 2, json!([{"range": range(1, 0, 3, 0), "text": ""}]));
    wait_rules(&mut c, &a, |r| r.is_empty());
    // Closing b.txt brings back its text on disk.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": b}}));
    wait_rules(&mut c, &a, |r| r.len() == 2);
    c.shutdown();
}

#[test]
fn config_reloads_and_a_broken_config_is_a_diagnostic() {
    let dir = tmp_workspace(&[
        ("lede.toml", "labels = [\"PER\", \"ORG\"]\n"),
        ("a.txt", "Rain fell on [Qiaoshan]{LOC} all day.\n"),
    ]);
    let a = file_uri(&dir.path().join("a.txt"));
    let toml = dir.path().join("lede.toml");
    let turi = file_uri(&toml);
    let mut c = start(Some(dir.path()), false);
    wait_indexed(&mut c);
    let text = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    c.open(&a, &text, 1);
    let d = c.diagnostics(&a, Some(1));
    assert_eq!(rules(&d), ["tags/unknown-label"]);
    assert_eq!(
        d[0]["message"],
        "unknown label \"LOC\" (configured: PER, ORG)"
    );

    // Broken: a diagnostic on lede.toml at the error's line; the last good
    // configuration (PER, ORG) stays in force.
    c.discard(|m| m["params"]["uri"] == turi);
    std::fs::write(
        &toml,
        "labels = [\"PER\", \"ORG\", \"LOC\"]\n\n[rules]\n\"numbers/nope\" = \"off\"\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": turi, "type": 2}]}),
    );
    let td = c.diagnostics(&turi, None);
    assert_eq!(td.len(), 1);
    assert_eq!(td[0]["range"]["start"], pos(3, 0));
    assert_eq!(td[0]["code"], "config");
    assert!(td[0]["message"]
        .as_str()
        .unwrap()
        .contains("unknown rule or family \"numbers/nope\""));
    wait_indexed(&mut c);
    let d = c.diagnostics(&a, None);
    assert_eq!(rules(&d), ["tags/unknown-label"]);

    // Fixed: the new labels apply without a restart, the error is cleared.
    std::fs::write(&toml, "labels = [\"PER\", \"ORG\", \"LOC\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": turi, "type": 2}]}),
    );
    assert_eq!(c.diagnostics(&turi, None), Vec::<Value>::new());
    wait_rules(&mut c, &a, |r| r.is_empty());

    // An open lede.toml buffer is validated as it is typed.
    let good = std::fs::read_to_string(&toml).unwrap();
    c.open(&turi, &good, 1);
    assert_eq!(c.diagnostics(&turi, Some(1)), Vec::<Value>::new());
    c.change(&turi, 2, json!([{"text": "labels = [\n"}]));
    let td = c.diagnostics(&turi, Some(2));
    assert_eq!(td.len(), 1);
    assert_eq!(td[0]["severity"], 1);
    c.shutdown();
}

#[test]
fn hostile_but_valid_requests_are_answered_or_logged() {
    let dir = tmp_workspace(&[("good.txt", "A quiet day.\n")]);
    std::fs::write(dir.path().join("bad.txt"), b"caf\xe9 \xff\xfe broken\n").unwrap();
    let mut c = start(Some(dir.path()), false);
    let log = c
        .wait_for(Duration::from_secs(10), |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("bad.txt") && s.contains("not valid UTF-8"))
        })
        .expect("invalid UTF-8 is skipped with a log message");
    assert_eq!(log["params"]["type"], 2);
    wait_indexed(&mut c);

    // A change to a document that is not open: logged, not a crash.
    c.change("file:///nowhere/x.txt", 2, json!([{"text": "x"}]));
    c.wait_for(Duration::from_secs(10), |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("not open"))
    })
    .expect("logged");

    let uri = file_uri(&dir.path().join("good.txt"));
    c.open(&uri, "“中文” [Lin]{PER}\n", 1);
    c.diagnostics(&uri, Some(1));
    // Out-of-range positions clamp.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(4_000_000_000, 4_000_000_000)}),
    );
    assert_eq!(h, Value::Null);
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(0, 999)}),
    );
    assert_eq!(h, Value::Null);
    // An edit with a reversed, out-of-range range is clamped and ordered.
    c.change(&uri, 2, json!([{"range": range(9, 9, 0, 5), "text": "!"}]));
    assert_eq!(
        c.request("lede/documentText", json!({"uri": uri})),
        json!("“中文” !")
    );
    // Requests about unknown documents get an empty answer.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere/y.txt"}, "position": pos(0, 0)}),
    );
    assert_eq!(h, Value::Null);
    // Unknown methods: MethodNotFound.
    let r = c.request_raw("lede/noSuchThing", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    c.shutdown();
}

/// A hover on a big document whose analysis is pending is answered from the
/// current text at once, not after a (synchronous or awaited) analysis: the
/// changed document's analysis is held back by a long debounce, and the
/// hover reply must come before any diagnostics of that version.
#[test]
fn a_ten_megabyte_document_stays_responsive() {
    let line = "On the “最好” day, [Lin Wei]{PER} opened the pier; 12 million yuan.\n";
    let text = line.repeat(10 * 1024 * 1024 / line.len() + 1);
    // The debounce delays only changes; the open is analysed at once.
    let mut c = LspClient::spawn(BIN);
    c.initialize(None, false, json!({"debounceMs": 10_000}));
    let uri = "file:///tmp/lede-big-article.txt";
    // Waits on the 10 MB analyses are guards against a hung server only.
    let analysis = Duration::from_secs(120);
    let published = |v: i64| {
        move |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == v
        }
    };
    c.open(uri, &text, 1);
    c.wait_for(analysis, published(1))
        .expect("diagnostics of the opened text");
    // A new last line with a tag: only the current text has it.
    let last = text.lines().count() as u32;
    c.change(
        uri,
        2,
        json!([{"range": range(last, 0, last, 0), "text": "[Zhang San]{PER} spoke.\n"}]),
    );
    let hover = |c: &mut LspClient, line: u32, character: u32| {
        let h = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos(line, character)}),
        );
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let new_tag = hover(&mut c, last, 3);
    assert!(new_tag.starts_with("**Zhang San** · `PER`"), "{new_tag}");
    let middle = hover(&mut c, last / 2, 22);
    assert!(middle.starts_with("**Lin Wei** · `PER`"), "{middle}");
    // Neither hover waited for version 2's analysis nor ran it itself:
    // nothing of version 2 came before their replies.
    assert!(
        !c.backlog.iter().any(published(2)),
        "version 2 was analysed before the hovers were answered"
    );
    // The analysis was only pending: a save starts it now.
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    c.wait_for(analysis, published(2))
        .expect("diagnostics of version 2");
    c.shutdown();
}

#[test]
fn names_variants_normalise_through_their_fixes() {
    let mut c = start(None, false);
    let uri = "file:///tmp/lede-e2e-names.txt";
    let text = "The Qiaoshan Port Authority opened a pier. Later the Qiaoshan port Authority said it cost more.\n";
    c.open(uri, text, 1);
    let d = c.diagnostics(uri, Some(1));
    let v = find(&d, "names/inconsistent-spelling");
    assert_eq!(v["range"], range(0, 53, 0, 76));
    let acts = actions(&mut c, uri, range(0, 60, 0, 60), None);
    let quick = titled(&acts, "Write \"Qiaoshan Port Authority\"");
    assert_eq!(quick["isPreferred"], false, "not a safe fix");
    let norm = titled(
        &acts,
        "Normalise this name: Write \"Qiaoshan Port Authority\"",
    );
    assert_eq!(norm["kind"], "refactor.rewrite");
    assert_eq!(
        apply_text_edits(text, &edits_of(&norm["edit"]), false),
        text.replace("port Authority", "Port Authority")
    );
    c.shutdown();
}

#[test]
fn a_panicking_handler_is_logged_and_the_server_goes_on() {
    let mut c = LspClient::spawn(BIN);
    c.initialize(None, false, json!({"debounceMs": 0, "debugPanics": true}));
    let uri = "file:///tmp/lede-e2e-panic.txt";
    c.open(uri, "[Lin Wei]{PER} spoke.\n", 1);
    c.diagnostics(uri, Some(1));
    let r = c.request("lede/debugPanic", json!({"uri": uri}));
    assert_eq!(r, Value::Null);
    let log = c
        .wait_for(Duration::from_secs(10), |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("debugPanic panicked: deliberate panic"))
        })
        .expect("the panic is logged");
    assert_eq!(log["params"]["type"], 1);
    // The lock the panic held is usable again; requests still work.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(0, 2)}),
    );
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**Lin Wei**"));
    c.change(uri, 2, json!([{"range": range(0, 0, 0, 0), "text": "x"}]));
    c.diagnostics(uri, Some(2));
    // Without the option the method does not exist.
    let mut d = start(None, false);
    let r = d.request_raw("lede/debugPanic", json!({"uri": uri}));
    assert_eq!(r["error"]["code"], -32601);
    d.shutdown();
    c.shutdown();
}

#[test]
fn hover_on_an_untagged_name_tagged_elsewhere_in_the_workspace() {
    let dir = tmp_workspace(&[
        ("a.txt", "[Zhou Min]{PER} opened the school.\n"),
        ("b.txt", "Later Zhou Min thanked the teachers.\n"),
    ]);
    let b = file_uri(&dir.path().join("b.txt"));
    let text = std::fs::read_to_string(dir.path().join("b.txt")).unwrap();
    let mut c = start(Some(dir.path()), false);
    wait_indexed(&mut c);
    c.open(&b, &text, 1);
    c.diagnostics(&b, Some(1));
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": b}, "position": pos(0, 8)}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**Zhou Min** · `PER`"), "{md}");
    assert!(md.contains("Not in the registry."), "{md}");
    assert!(md.contains("- \"Zhou Min\" (2 files)"), "{md}");
    assert_eq!(h["range"], range(0, 6, 0, 14));
    c.shutdown();
}

/// The "Allow ... here" quick fix at the first `rule` finding of `uri`.
fn allow_action(c: &mut LspClient, uri: &str, diags: &[Value], rule: &str) -> Option<Value> {
    let d = find(diags, rule);
    let acts = actions(c, uri, d["range"].clone(), Some(json!(["quickfix"])));
    acts.into_iter().find(|a| {
        a["title"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Allow `{rule}`"))
    })
}

#[test]
fn allow_this_here_writes_an_entry_that_silences_the_finding() {
    let article = "Output rose 5 0 percent in 2023.\n";
    let old_toml = "labels = [\"PER\", \"ORG\", \"LOC\", \"MISC\"]";
    let dir = tmp_workspace(&[
        ("lede.toml", old_toml),
        ("wire [1]/a.txt", article),
        ("b.txt", article),
    ]);
    let toml = dir.path().join("lede.toml");
    let turi = file_uri(&toml);
    let a = file_uri(&dir.path().join("wire [1]/a.txt"));
    let b = file_uri(&dir.path().join("b.txt"));
    let mut c = start(Some(dir.path()), false);
    wait_indexed(&mut c);
    c.open(&a, article, 1);
    let da = c.diagnostics(&a, Some(1));
    c.open(&b, article, 1);
    let db = c.diagnostics(&b, Some(1));
    let rule = rules(&da)
        .into_iter()
        .find(|r| r.starts_with("numbers/"))
        .expect("a numbers finding");
    assert!(rules(&db).contains(&rule));

    let act = allow_action(&mut c, &a, &da, &rule).expect("an Allow action");
    assert_eq!(act["title"], format!("Allow `{rule}` for \"5 0\" here"));
    assert_eq!(act["kind"], "quickfix");
    assert_eq!(act["diagnostics"][0]["code"], rule.as_str());
    let doc = &act["edit"]["documentChanges"][0];
    assert_eq!(doc["textDocument"]["uri"], turi);
    // Applied as an editor would, then saved: the old text is kept.
    let new_toml = apply_text_edits(old_toml, &edits_of(&act["edit"]), false);
    assert_eq!(
        new_toml,
        format!(
            "{old_toml}\n\n[[allow]]\nrule = \"{rule}\"\ntext = \"5 0\"\nfiles = \"wire [[]1[]]/a.txt\"\nreason = \"TODO: say why this finding is fine\"\n"
        )
    );
    std::fs::write(&toml, &new_toml).unwrap();
    c.discard(|m| m["params"]["uri"] == b);
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": turi, "type": 2}]}),
    );
    wait_indexed(&mut c);
    // Gone here, still reported in the other file (the entry names a.txt).
    wait_rules(&mut c, &a, |r| !r.contains(&rule));
    let db = c.diagnostics(&b, None);
    assert!(rules(&db).contains(&rule), "{db:#?}");
    assert!(
        c.wait_for(Duration::from_millis(300), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == a
                && rules(m["params"]["diagnostics"].as_array().unwrap()).contains(&rule)
        })
        .is_none(),
        "the allowed finding came back"
    );
    // No config error on the written file.
    c.discard(|m| m["params"]["uri"] != turi);
    if let Some(m) = c.wait_for(Duration::from_millis(300), |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == turi
    }) {
        assert_eq!(m["params"]["diagnostics"], json!([]), "{m}");
    }
    c.shutdown();
}

#[test]
fn allow_this_here_creates_lede_toml_only_for_a_client_that_can() {
    let article = "Output rose 5 0 percent in 2023.\n";
    let dir = tmp_workspace(&[("a.txt", article)]);
    let a = file_uri(&dir.path().join("a.txt"));
    let turi = file_uri(&dir.path().join("lede.toml"));
    for create in [false, true] {
        let mut c = LspClient::spawn(BIN);
        c.initialize_with(
            Some(&file_uri(dir.path())),
            false,
            json!({"debounceMs": 0}),
            create,
        );
        wait_indexed(&mut c);
        c.open(&a, article, 1);
        let d = c.diagnostics(&a, Some(1));
        let rule = rules(&d)
            .into_iter()
            .find(|r| r.starts_with("numbers/"))
            .expect("a numbers finding");
        let act = allow_action(&mut c, &a, &d, &rule);
        if !create {
            assert!(act.is_none(), "{act:#?}");
        } else {
            let act = act.expect("an Allow action");
            let ops = act["edit"]["documentChanges"].as_array().unwrap();
            assert_eq!(ops[0]["kind"], "create");
            assert_eq!(ops[0]["uri"], turi);
            assert_eq!(ops[0]["options"]["ignoreIfExists"], true);
            assert_eq!(ops[1]["textDocument"]["uri"], turi);
            let text = ops[1]["edits"][0]["newText"].as_str().unwrap();
            assert!(text.starts_with("[[allow]]\n"), "{text}");
            assert!(text.contains("files = \"a.txt\"\n"), "{text}");
        }
        c.shutdown();
    }
}
