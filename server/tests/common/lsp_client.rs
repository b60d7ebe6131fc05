//! A small JSON-RPC client that drives `lede lsp` over stdio with
//! Content-Length framing. Server-to-client requests (capability
//! registration, progress tokens, configuration) are answered with `null`
//! and also recorded.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long a wait lasts before the test gives up: only a guard against a
/// hung server, never a speed requirement.
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct LspClient {
    pub child: Child,
    stdin: Arc<Mutex<Option<ChildStdin>>>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages received but not yet consumed.
    pub backlog: VecDeque<Value>,
    /// When the reader thread last finished reading a message's bytes
    /// (before parsing it): the arrival time a benchmark measures to.
    last_read: Arc<Mutex<Option<Instant>>>,
    /// Whether the server's requests to the client get a `null` answer.
    answer: Arc<AtomicBool>,
}

/// Writes one frame; header and body go in one write, as editors send them.
fn write_frame(w: &mut impl Write, body: &[u8]) -> std::io::Result<()> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    w.write_all(&frame)?;
    w.flush()
}

impl LspClient {
    /// Starts `lede lsp`.
    pub fn spawn(bin: &str) -> LspClient {
        let mut child = Command::new(bin)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn lede lsp");
        let stdin = Arc::new(Mutex::new(child.stdin.take()));
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        let answer = stdin.clone();
        let last_read = Arc::new(Mutex::new(None));
        let read_at = last_read.clone();
        let answer_requests = Arc::new(AtomicBool::new(true));
        let answering = answer_requests.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            let mut body = Vec::new();
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let Some(len) = len else { return };
                // One buffer for every message: on this machine, fresh
                // pages for each 400 KB message cost more than a
                // millisecond of page faults, which a change figure would
                // count as the server's.
                body.resize(len, 0);
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                *read_at.lock().unwrap() = Some(Instant::now());
                let Ok(msg) = serde_json::from_slice::<Value>(&body) else {
                    continue;
                };
                if msg.get("method").is_some()
                    && msg.get("id").is_some()
                    && answering.load(Ordering::SeqCst)
                {
                    let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": null});
                    let bytes = serde_json::to_vec(&reply).unwrap();
                    if let Some(w) = answer.lock().unwrap().as_mut() {
                        let _ = write_frame(w, &bytes);
                    }
                }
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        LspClient {
            child,
            stdin,
            rx,
            next_id: 1,
            backlog: VecDeque::new(),
            last_read,
            answer: answer_requests,
        }
    }

    /// From now on, leaves the server's requests to the client (capability
    /// registration, progress tokens) unanswered, as a slow or buggy editor
    /// would. They are still recorded.
    pub fn stop_answering(&mut self) {
        self.answer.store(false, Ordering::SeqCst);
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        if let Some(w) = self.stdin.lock().unwrap().as_mut() {
            let _ = w.write_all(bytes);
            let _ = w.flush();
        }
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_body(&serde_json::to_vec(msg).unwrap());
    }

    /// Sends one message body already serialised, as one frame.
    pub fn send_body(&mut self, body: &[u8]) {
        if let Some(w) = self.stdin.lock().unwrap().as_mut() {
            let _ = write_frame(w, body);
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (the whole message).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_response(id)
    }

    pub fn wait_response(&mut self, id: i64) -> Value {
        // A response may have come in while `wait_for` looked for something
        // else (responses and notifications are not ordered under load).
        let is_response =
            |msg: &Value| msg.get("id") == Some(&json!(id)) && msg.get("method").is_none();
        if let Some(i) = self.backlog.iter().position(is_response) {
            return self.backlog.remove(i).expect("found above");
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) => {
                    if is_response(&msg) {
                        return msg;
                    }
                    self.backlog.push_back(msg);
                }
                Err(RecvTimeoutError::Timeout) => panic!("no response to request {id}"),
                Err(RecvTimeoutError::Disconnected) => panic!("server closed its output"),
            }
        }
    }

    /// Sends a request and returns its `result` (panics on an error).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_raw(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// The first message (backlog first) that satisfies `pred`, or `None`
    /// after `timeout`. Earlier non-matching messages stay in the backlog.
    pub fn wait_for(
        &mut self,
        timeout: Duration,
        mut pred: impl FnMut(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&mut pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) if pred(&msg) => return Some(msg),
                Ok(msg) => self.backlog.push_back(msg),
                Err(_) => return None,
            }
        }
    }

    /// The next `publishDiagnostics` for `uri` (with `version`, when given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let msg = self
            .wait_for(TIMEOUT, |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && version.is_none_or(|v| m["params"]["version"] == v)
            })
            .unwrap_or_else(|| panic!("no diagnostics for {uri} (version {version:?})"));
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// When the last message read so far arrived in full (before parsing).
    /// Right after [`Self::diagnostics`] returns it is that message's arrival,
    /// or a later one's: never earlier than the message's.
    #[allow(dead_code)]
    pub fn last_read(&self) -> Option<Instant> {
        *self.last_read.lock().unwrap()
    }

    /// Drops backlog messages matching `pred`.
    pub fn discard(&mut self, mut pred: impl FnMut(&Value) -> bool) {
        self.backlog.retain(|m| !pred(m));
    }

    pub fn initialize(&mut self, root: Option<&str>, utf8: bool, options: Value) -> Value {
        self.initialize_with(root, utf8, options, true)
    }

    /// [`Self::initialize`]; `create_files` says whether the client
    /// advertises workspace edits with `documentChanges` and the `create`
    /// resource operation.
    pub fn initialize_with(
        &mut self,
        root: Option<&str>,
        utf8: bool,
        options: Value,
        create_files: bool,
    ) -> Value {
        let mut workspace = json!({"didChangeWatchedFiles": {"dynamicRegistration": true}});
        if create_files {
            workspace["workspaceEdit"] =
                json!({"documentChanges": true, "resourceOperations": ["create"]});
        }
        let encodings = if utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let folders = match root {
            Some(uri) => json!([{"uri": uri, "name": "ws"}]),
            None => Value::Null,
        };
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "workspaceFolders": folders,
                "initializationOptions": options,
                "capabilities": {
                    "general": {"positionEncodings": encodings},
                    "window": {"workDoneProgress": true},
                    "workspace": workspace,
                    "textDocument": {"publishDiagnostics": {"relatedInformation": true}}
                }
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// `shutdown`, `exit`, close stdin; returns whether the server ended
    /// by itself (else, after [`TIMEOUT`], it is killed).
    pub fn shutdown(mut self) -> bool {
        let _ = self.request_raw("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        // Like an editor, close the pipe after `exit`.
        self.stdin.lock().unwrap().take();
        if self.exited_within(TIMEOUT) {
            return true;
        }
        let _ = self.child.kill();
        false
    }

    /// Whether the server process has ended within `timeout`.
    pub fn exited_within(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    /// Resident set size of the server in KiB (Linux).
    pub fn rss_kib(&self) -> Option<u64> {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        s.lines()
            .find(|l| l.starts_with("VmRSS:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn file_uri(path: &std::path::Path) -> String {
    tower_lsp::lsp_types::Url::from_file_path(path)
        .expect("absolute path")
        .to_string()
}

/// Applies LSP text edits to `text` (positions in UTF-16 or UTF-8 units),
/// computed independently of the server's conversion code.
pub fn apply_text_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let col = pos["character"].as_u64().unwrap() as usize;
        let mut start = 0;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i == line {
                let content = l.trim_end_matches('\n').trim_end_matches('\r');
                // A column inside a character means the start of it.
                let mut units = 0;
                for (b, ch) in content.char_indices() {
                    let w = if utf8 { ch.len_utf8() } else { ch.len_utf16() };
                    if units + w > col {
                        return start + b;
                    }
                    units += w;
                }
                return start + content.len();
            }
            start += l.len();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    let mut out = String::new();
    let mut pos = 0;
    for (a, b, t) in spans {
        out.push_str(&text[pos..a]);
        out.push_str(&t);
        pos = b;
    }
    out.push_str(&text[pos..]);
    out
}
