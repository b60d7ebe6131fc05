//! The protocol edges over the real `lede lsp` process, byte for byte: the
//! lifecycle (`shutdown` with or without params, `exit` and its exit code,
//! the config read before the first analysis) and the framing (duplicate
//! keys, wrong Content-Length, the size limit, CR line ends).

mod common;

use common::lsp_client::{file_uri, LspClient, TIMEOUT};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_lede");
const URI: &str = "file:///tmp/lede-protocol-article.txt";
const TEXT: &str = "The mayor [Lin Wei]{PER} spoke.\n";

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn start() -> LspClient {
    let mut c = LspClient::spawn(BIN);
    c.initialize(None, false, json!({"debounceMs": 0}));
    c.open(URI, TEXT, 1);
    c.diagnostics(URI, Some(1));
    c
}

fn hover_request(id: i64) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
           "params": {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 12}}})
    .to_string()
}

/// The hover on the tag, answered.
fn assert_hover_answer(r: &Value) {
    let md = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(md.starts_with("**Lin Wei** · `PER`"), "{r}");
}

/// The exit code of the server once it ends (it is killed and the test
/// fails if it does not end within [`TIMEOUT`], a hang guard).
fn exit_code(c: &mut LspClient) -> Option<i32> {
    assert!(
        c.exited_within(TIMEOUT),
        "the server did not end after exit"
    );
    c.child.wait().unwrap().code()
}

#[test]
fn shutdown_with_null_params_then_exit_ends_the_process_with_code_0() {
    let mut c = start();
    c.send_raw(&frame(
        r#"{"jsonrpc":"2.0","id":90,"method":"shutdown","params":null}"#,
    ));
    let r = c.wait_response(90);
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(r["result"], Value::Null);
    // stdin stays open: `exit` alone must end the process.
    c.send_raw(&frame(r#"{"jsonrpc":"2.0","method":"exit","params":null}"#));
    assert_eq!(exit_code(&mut c), Some(0));
}

#[test]
fn shutdown_without_params_then_exit_ends_with_code_0() {
    let mut c = start();
    c.send_raw(&frame(r#"{"jsonrpc":"2.0","id":91,"method":"shutdown"}"#));
    assert!(c.wait_response(91).get("error").is_none());
    // After shutdown, requests are refused (but answered).
    c.send_raw(&frame(&hover_request(92)));
    assert!(c.wait_response(92).get("error").is_some());
    c.send_raw(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    assert_eq!(exit_code(&mut c), Some(0));
}

#[test]
fn exit_without_shutdown_ends_with_code_1() {
    let mut c = start();
    c.send_raw(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    assert_eq!(exit_code(&mut c), Some(1));
}

#[test]
fn a_closed_stdin_still_ends_the_server() {
    let c = start();
    assert!(c.shutdown());
}

#[test]
fn the_first_diagnostics_already_use_the_workspace_config() {
    let dir = tempfile::tempdir().unwrap();
    // A registry big enough that reading it is not instant: before the fix the
    // first analysis ran on the defaults meanwhile.
    let mut toml = String::from("labels = [\"PER\", \"ORG\"]\n");
    for i in 0..3000 {
        toml.push_str(&format!(
            "\n[[entity]]\nid = \"firm-{i}\"\nname = \"Firm Number{i} Holdings\"\nlabel = \"ORG\"\n"
        ));
    }
    toml.push_str("\n[[entity]]\nid = \"acme\"\nname = \"Acme Works\"\nlabel = \"ORG\"\n");
    std::fs::write(dir.path().join("lede.toml"), toml).unwrap();
    let article = dir.path().join("a.txt");
    let text = "[Acme Works]{ORG:acme} hired [Bolt Ltd]{ORG:bolt}.\n";
    std::fs::write(&article, text).unwrap();
    let uri = file_uri(&article);
    let root = file_uri(dir.path());
    let mut c = LspClient::spawn(BIN);
    c.initialize(Some(&root), false, json!({"debounceMs": 0}));
    c.open(&uri, text, 1);
    // The very first publish for the document: `bolt` is unknown, `acme` is not.
    let first = c.diagnostics(&uri, None);
    let unknown: Vec<&str> = first
        .iter()
        .filter(|d| d["code"] == "tags/unknown-entity")
        .map(|d| d["message"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(unknown.len(), 1, "{first:?}");
    assert!(unknown[0].contains("bolt"), "{unknown:?}");
    c.shutdown();
}

#[test]
fn duplicate_keys_are_answered_with_errors_and_the_session_goes_on() {
    let mut c = start();
    c.send_raw(&frame(
        r#"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","method":"x","params":{}}"#,
    ));
    let r = c.wait_response(5);
    assert_eq!(r["error"]["code"], -32600, "{r}");
    assert!(r["error"]["message"]
        .as_str()
        .unwrap()
        .contains("\"method\""));
    // An id given twice: the answer cannot carry it.
    c.send_raw(&frame(
        r#"{"jsonrpc":"2.0","id":6,"id":7,"method":"textDocument/hover"}"#,
    ));
    let r = c
        .wait_for(TIMEOUT, |m| {
            m["error"]["code"] == -32600 && m["id"].is_null()
        })
        .expect("an invalid-request answer with id null");
    assert!(r["error"]["message"].as_str().unwrap().contains("\"id\""));
    c.send_raw(&frame(
        r#"{"jsonrpc":"2.0","jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    c.send_raw(&frame(&hover_request(8)));
    assert_hover_answer(&c.wait_response(8));
    assert!(c.shutdown());
}

#[test]
fn a_too_short_content_length_costs_one_message() {
    let mut c = start();
    let body = hover_request(20);
    let mut bytes = format!("Content-Length: {}\r\n\r\n{body}", body.len() - 6).into_bytes();
    bytes.extend_from_slice(&frame(&hover_request(21)));
    c.send_raw(&bytes);
    let r = c
        .wait_for(TIMEOUT, |m| m["error"]["code"] == -32700)
        .expect("a parse error for the cut-off body");
    assert_eq!(r["id"], Value::Null);
    assert_hover_answer(&c.wait_response(21));
    assert!(c.shutdown());
}

#[test]
fn a_too_long_content_length_does_not_wait_for_bytes_that_never_come() {
    let mut c = start();
    let body = hover_request(30);
    // Nothing follows: the request is answered anyway (its object has closed).
    c.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 50).as_bytes());
    assert_hover_answer(&c.wait_response(30));
    c.send_raw(&frame(&hover_request(31)));
    assert_hover_answer(&c.wait_response(31));
    assert!(c.shutdown());
}

#[test]
fn a_message_over_the_size_limit_is_refused_and_skipped() {
    let mut c = start();
    // The declared size is over 64 MiB; the bytes never come, the next frame does.
    let mut bytes = b"Content-Length: 70000000\r\n\r\n{\"jsonrpc\":\"2.0\",".to_vec();
    bytes.extend_from_slice(&frame(&hover_request(40)));
    c.send_raw(&bytes);
    let r = c
        .wait_for(TIMEOUT, |m| m["error"]["code"] == -32600)
        .expect("an invalid-request answer");
    assert_eq!(r["id"], Value::Null);
    let msg = r["error"]["message"].as_str().unwrap();
    assert!(msg.contains("70000000") && msg.contains("64 MiB"), "{msg}");
    assert_hover_answer(&c.wait_response(40));
    assert!(c.shutdown());
}

#[test]
fn stray_bytes_between_frames_are_skipped() {
    let mut c = start();
    let mut bytes = b"garbage without a line end ".to_vec();
    bytes.extend_from_slice(&frame(&hover_request(50)));
    bytes.extend_from_slice(b"\r\nmore: junk\r\nnot a header at all\r\n");
    bytes.extend_from_slice(&frame(&hover_request(51)));
    c.send_raw(&bytes);
    assert_hover_answer(&c.wait_response(50));
    assert_hover_answer(&c.wait_response(51));
    assert!(c.shutdown());
}

#[test]
fn cr_crlf_and_lf_are_all_line_ends() {
    let mut c = LspClient::spawn(BIN);
    c.initialize(None, false, json!({"debounceMs": 0}));
    let uri = "file:///tmp/lede-protocol-cr.txt";
    // Line 0 ends with CR, line 1 with CRLF, line 2 with LF.
    let text = "Old Mac line\rThen [Lin Wei]{PER} came\r\nprices rose in the region5 here\nend";
    c.open(uri, text, 1);
    let diags = c.diagnostics(uri, Some(1));
    let glued = diags
        .iter()
        .find(|d| d["code"] == "numbers/glued-digits")
        .expect("the glued digits on line 2");
    let at = "prices rose in the ".len() as u64;
    assert_eq!(glued["range"]["start"], json!({"line": 2, "character": at}));
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 7}}),
    );
    let md = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(md.starts_with("**Lin Wei**"), "{hover}");
    // An edit after the lone CR lands where the editor put it.
    c.change(
        uri,
        2,
        json!([{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 4}},
                "text": "Later"}]),
    );
    let now = c.request("lede/documentText", json!({"uri": uri}));
    assert_eq!(
        now,
        "Old Mac line\rLater [Lin Wei]{PER} came\r\nprices rose in the region5 here\nend"
    );
    // A column past a line's end stops before its CR.
    c.change(
        uri,
        3,
        json!([{"range": {"start": {"line": 0, "character": 99}, "end": {"line": 0, "character": 99}},
                "text": "!"}]),
    );
    let now = c.request("lede/documentText", json!({"uri": uri}));
    assert!(
        now.as_str().unwrap().starts_with("Old Mac line!\rLater"),
        "{now}"
    );
    assert!(c.shutdown());
}

#[test]
fn the_cli_counts_cr_line_ends_like_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cr.txt");
    std::fs::write(
        &path,
        "Old Mac line\rThen came\r\nprices rose in the region5 here\n",
    )
    .unwrap();
    let out = std::process::Command::new(BIN)
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let glued = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "numbers/glued-digits")
        .unwrap_or_else(|| panic!("{findings}"));
    // 1-based: the third line, after the CR and the CRLF.
    assert_eq!((&glued["line"], &glued["column"]), (&json!(3), &json!(20)));
}
