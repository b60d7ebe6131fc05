//! Random sequences of incremental edits give the same text and the same
//! diagnostics as opening the final text fresh.

mod common;

use std::cell::RefCell;

use common::lsp_client::{apply_text_edits, LspClient};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_lede");

const PIECES: &[&str] = &[
    "[Hao Peng]{PER}",
    "[Hao Peng]{PRE}",
    "[Bank]{ORG:",
    "}",
    "]{",
    "“最好”",
    "中文",
    "city’s",
    " 97.8% ",
    "Leave a Reply",
    "\n",
    "\r\n",
    "\n\n\n\n",
    "  ",
    "word",
    "x",
    "",
];

fn piece() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..6).prop_map(|v| v.concat())
}

/// An edit: start (line, col) with the line below `lines`, a length in
/// lines/cols, new text.
fn edit(lines: u32) -> impl Strategy<Value = (u32, u32, u32, u32, String)> {
    (0u32..lines, 0u32..30, 0u32..3, 0u32..12, piece())
}

/// The project's example articles, repeated past the size at which the
/// server keeps a document's paragraph results between analyses.
fn big_base() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let one: String = names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap() + "\n")
        .collect();
    let text = one.repeat(lede::lsp::state::INCREMENTAL_MIN / one.len() + 2);
    assert!(text.len() > lede::lsp::state::INCREMENTAL_MIN);
    text
}

fn positions(e: &(u32, u32, u32, u32, String)) -> Value {
    let (l, c, dl, dc, _) = e;
    let (el, ec) = if *dl == 0 {
        (*l, c + dc)
    } else {
        (l + dl, *dc)
    };
    json!({"start": {"line": l, "character": c}, "end": {"line": el, "character": ec}})
}

#[test]
fn incremental_edits_match_a_fresh_open_utf16() {
    run(false, "", 40);
}

#[test]
fn incremental_edits_match_a_fresh_open_utf8() {
    run(true, "", 40);
}

/// A big document goes through the server's paragraph cache: each edit
/// re-checks only the paragraphs it touched.
#[test]
fn incremental_edits_of_a_big_document_match_a_fresh_open() {
    let base = big_base();
    run(false, &base, 12);
}

/// `base` comes before each case's random start text.
fn run(utf8: bool, base: &str, cases: u32) {
    let client = RefCell::new(LspClient::spawn(BIN));
    let init = client
        .borrow_mut()
        .initialize(None, utf8, json!({"debounceMs": 0}));
    assert_eq!(
        init["capabilities"]["positionEncoding"],
        if utf8 { "utf-8" } else { "utf-16" }
    );
    let case = RefCell::new(0u32);
    let with_findings = RefCell::new(0u32);
    let mut runner = TestRunner::new(Config::with_cases(cases));
    let lines = base.lines().count() as u32 + 8;
    let strategy = (piece(), prop::collection::vec(edit(lines), 1..8));
    runner
        .run(&strategy, |(start, edits)| {
            let initial = format!("{base}{start}");
            let mut c = client.borrow_mut();
            let n = {
                let mut k = case.borrow_mut();
                *k += 1;
                *k
            };
            let uri = format!("file:///tmp/lede-prop-{utf8}-{n}.txt");
            c.open(&uri, &initial, 1);
            let mut expected = initial.clone();
            let mut version = 1;
            // Send the edits in batches of up to 3 changes per didChange.
            for batch in edits.chunks(3) {
                version += 1;
                let changes: Vec<Value> = batch
                    .iter()
                    .map(|e| json!({"range": positions(e), "text": e.4}))
                    .collect();
                for ch in &changes {
                    expected = apply_text_edits(
                        &expected,
                        &[json!({"range": ch["range"], "newText": ch["text"]})],
                        utf8,
                    );
                }
                c.change(&uri, version, Value::Array(changes));
            }
            let got = c.diagnostics(&uri, Some(version));
            let text = c.request("lede/documentText", json!({"uri": uri}));
            prop_assert_eq!(text.as_str().unwrap(), expected.as_str());
            let fresh = format!("file:///tmp/lede-prop-{utf8}-{n}-fresh.txt");
            c.open(&fresh, &expected, 1);
            let want = c.diagnostics(&fresh, Some(1));
            let strip = |d: &[Value]| -> Vec<Value> {
                d.iter()
                    .map(|x| json!([x["code"], x["range"], x["message"], x["severity"]]))
                    .collect()
            };
            prop_assert_eq!(strip(&got), strip(&want));
            if !got.is_empty() {
                *with_findings.borrow_mut() += 1;
            }
            c.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}}),
            );
            c.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": fresh}}),
            );
            c.discard(|_| true);
            Ok(())
        })
        .unwrap();
    // The comparison is not vacuous: many final texts have findings.
    assert!(
        *with_findings.borrow() > 5.min(cases - 1),
        "{}",
        with_findings.borrow()
    );
    client.into_inner().shutdown();
}
