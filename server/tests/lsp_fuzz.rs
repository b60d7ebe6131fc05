//! Malformed and hostile messages: the server answers what it can, logs
//! the rest, and still answers a hover afterwards.

mod common;

use common::lsp_client::LspClient;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_lede");
const URI: &str = "file:///tmp/lede-fuzz-article.txt";
const TEXT: &str = "“中文” [Lin Wei]{PER} met [Zhou]{PRE}.\n";

fn frame(body: &[u8]) -> Vec<u8> {
    let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    v.extend_from_slice(body);
    v
}

/// The server is alive and correct: a hover on the tag answers.
fn hover_still_works(c: &mut LspClient) {
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 8}}),
    );
    let md = h["contents"]["value"].as_str().expect("hover content");
    assert!(md.starts_with("**Lin Wei** · `PER`"), "{md}");
}

fn start() -> LspClient {
    let mut c = LspClient::spawn(BIN);
    c.initialize(None, false, json!({"debounceMs": 0}));
    c.open(URI, TEXT, 1);
    c.diagnostics(URI, Some(1));
    c
}

#[test]
fn malformed_frames_and_json() {
    let mut c = start();
    // Broken JSON in a well-framed message: a parse error with a null id.
    c.send_raw(&frame(b"{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": "));
    let r = c
        .wait_for(common::lsp_client::TIMEOUT, |m| m.get("error").is_some())
        .expect("an error answer");
    assert_eq!(r["error"]["code"], -32700);
    assert_eq!(r["id"], Value::Null);
    // JSON that is not JSON-RPC.
    for body in [
        &b"[1, 2, 3]"[..],
        b"\"text\"",
        b"{}",
        b"null",
        b"\xff\xfe\x00binary",
    ] {
        c.send_raw(&frame(body));
    }
    // A header block without Content-Length, and stray blank lines.
    c.send_raw(b"Content-Type: application/json\r\n\r\n\r\n");
    // A lone surrogate escape is invalid JSON text for the parser.
    c.send_raw(&frame(
        br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/s.txt","languageId":"x","version":1,"text":"\ud800"}}}"#,
    ));
    hover_still_works(&mut c);
    c.shutdown();
}

#[test]
fn wrong_params_huge_positions_unknown_uris_and_bad_ranges() {
    let mut c = start();
    let bad = [
        ("textDocument/hover", json!({"textDocument": 5})),
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": -1, "character": 0}}),
        ),
        ("textDocument/hover", json!(null)),
        ("textDocument/completion", json!([1, 2])),
        (
            "textDocument/rename",
            json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}),
        ),
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": "not a uri"}, "position": {"line": 0, "character": 0}}),
        ),
    ];
    for (method, params) in bad {
        let r = c.request_raw(method, params);
        assert_eq!(r["error"]["code"], -32602, "{method}: {r}");
    }
    let huge = json!({"line": u32::MAX, "character": u32::MAX});
    let zero = json!({"line": 0, "character": 0});
    for uri in [
        URI,
        "untitled:Untitled-1",
        "http://example.org/x.txt",
        "file:///does/not/exist.txt",
    ] {
        let td = json!({"uri": uri});
        for (method, params) in [
            (
                "textDocument/hover",
                json!({"textDocument": td, "position": huge}),
            ),
            (
                "textDocument/completion",
                json!({"textDocument": td, "position": huge}),
            ),
            (
                "textDocument/definition",
                json!({"textDocument": td, "position": huge}),
            ),
            (
                "textDocument/references",
                json!({"textDocument": td, "position": huge, "context": {"includeDeclaration": true}}),
            ),
            (
                "textDocument/rename",
                json!({"textDocument": td, "position": huge, "newName": "x"}),
            ),
            ("textDocument/documentSymbol", json!({"textDocument": td})),
            (
                "textDocument/semanticTokens/full",
                json!({"textDocument": td}),
            ),
            (
                "textDocument/semanticTokens/range",
                json!({"textDocument": td, "range": {"start": huge, "end": zero}}),
            ),
            ("textDocument/foldingRange", json!({"textDocument": td})),
            (
                "textDocument/codeAction",
                json!({"textDocument": td, "range": {"start": huge, "end": zero}, "context": {"diagnostics": []}}),
            ),
        ] {
            let r = c.request_raw(method, params);
            assert!(
                r.get("result").is_some() || r["error"]["code"] == -32602,
                "{method} {uri}: {r}"
            );
        }
    }
    // Edits with inverted and huge ranges, binary-ish text, old versions.
    c.change(URI, 0, json!([{"range": {"start": huge, "end": {"line": 0, "character": 60}}, "text": "\u{0}\u{1}\u{7f}"}]));
    c.change(
        URI,
        -5,
        json!([{"range": {"start": zero, "end": zero}, "text": ""}]),
    );
    c.change(
        URI,
        3,
        json!([{"range": {"start": huge, "end": huge}, "text": "\u{feff}\r\r\n"}]),
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI}}),
    );
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": 7}}));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": "file:///nope/lede.toml", "type": 2}]}),
    );
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": "file:///never/opened.txt"}}),
    );
    c.notify("$/cancelRequest", json!({"id": 12345}));
    let text = c.request("lede/documentText", json!({"uri": URI}));
    assert!(text.as_str().unwrap().starts_with("“中文” [Lin Wei]{PER}"));
    hover_still_works(&mut c);
    c.shutdown();
}

const METHODS: &[&str] = &[
    "textDocument/hover",
    "textDocument/codeAction",
    "textDocument/completion",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/rename",
    "textDocument/documentSymbol",
    "textDocument/semanticTokens/full",
    "textDocument/semanticTokens/range",
    "textDocument/foldingRange",
    "textDocument/didChange",
    "textDocument/didOpen",
    "lede/documentText",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        Just(json!(u32::MAX)),
        Just(json!(URI)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(
                        &[
                            "textDocument",
                            "uri",
                            "position",
                            "line",
                            "character",
                            "range",
                            "start",
                            "end",
                            "contentChanges",
                            "text",
                            "version",
                            "context",
                            "newName",
                            "x"
                        ][..]
                    ),
                    inner
                ),
                0..4
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

#[test]
fn random_params_never_kill_the_server() {
    let mut c = start();
    let mut runner = TestRunner::new(Config::default());
    let strategy = (prop::sample::select(METHODS), json_value(), any::<bool>());
    let sent: Vec<_> = (0..200)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect();
    for (i, (m, p, as_request)) in sent.into_iter().enumerate() {
        if as_request {
            let r = c.request_raw(m, p);
            assert!(
                r.get("result").is_some() || r.get("error").is_some(),
                "{i}: {r}"
            );
        } else {
            c.notify(m, p);
        }
    }
    hover_still_works(&mut c);
    c.shutdown();
}
