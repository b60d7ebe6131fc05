//! A guard in front of tower-lsp's reader. tower-lsp stops serving after
//! the first message it cannot decode (bad JSON, a body that is not
//! JSON-RPC, a duplicate key), so every frame is checked here first: a good
//! message passes unchanged; a bad one becomes a request to
//! `lede/parseError` or `lede/invalidRequest` with the original id (or
//! `null`) and the reason, which the server answers with the JSON-RPC
//! error, and serving goes on.
//!
//! The framing is read with care too (`docs/lsp.md`, "Robustness"): a
//! header is found again after stray bytes; a body ends where its JSON
//! object closes even when Content-Length says more (no wait for bytes
//! that never come), and a header inside a mis-sized body starts the next
//! frame; a body over [`MAX_BODY`] is skipped without being stored. The
//! lifecycle's end is decided here as well: `exit` ends the input at once
//! ([`End::Exit`]), since tower-lsp would only notice it at the next
//! message or at the end of stdin.

use std::io::Read;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{json, Map, Value};
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc::{channel, Receiver, Sender};

/// Largest body accepted (bytes). A bigger frame is answered with an
/// invalid-request error and skipped as it arrives, never held in memory.
/// 64 MiB is twice the largest file the server indexes by default
/// (`maxFileBytes`, 32 MiB) with room for JSON escapes.
pub const MAX_BODY: usize = 64 << 20;

/// How reading the input ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The input closed (or delivery stopped) without `exit`.
    Closed,
    /// An `exit` notification; whether a `shutdown` request came first.
    Exit { after_shutdown: bool },
}

impl End {
    /// The process exit code the LSP specification asks for: 0 after
    /// `shutdown` then `exit`, 1 for `exit` alone. A closed input is not
    /// an error of the server's.
    pub fn code(self) -> i32 {
        match self {
            End::Exit {
                after_shutdown: false,
            } => 1,
            End::Closed | End::Exit { .. } => 0,
        }
    }
}

/// What a checked body is, for the lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A `shutdown` request.
    Shutdown,
    /// An `exit` notification.
    Exit,
    /// Anything else, or an error request standing for a bad message.
    Other,
}

/// A top-level JSON object read key by key, so that a duplicate key is
/// seen (a `Value` keeps the last one silently; tower-lsp's reader fails
/// on it and ends the session).
struct TopLevel {
    object: Map<String, Value>,
    /// The first key given twice.
    duplicate: Option<String>,
}

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = TopLevel;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
                let mut object = Map::new();
                let mut duplicate = None;
                while let Some(key) = map.next_key::<String>()? {
                    let value: Value = map.next_value()?;
                    if object.contains_key(&key) {
                        duplicate.get_or_insert_with(|| key.clone());
                        // An id given twice is no id the answer can carry.
                        if key == "id" {
                            object.insert(key, Value::Null);
                            continue;
                        }
                    }
                    object.insert(key, value);
                }
                Ok(TopLevel { object, duplicate })
            }
        }
        d.deserialize_map(Keys)
    }
}

/// Parses a body: an object with its first duplicate key, or any other
/// JSON value.
fn parse(body: &[u8]) -> Result<(Value, Option<String>), serde_json::Error> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        let top: TopLevel = serde_json::from_slice(body)?;
        Ok((Value::Object(top.object), top.duplicate))
    } else {
        Ok((serde_json::from_slice(body)?, None))
    }
}

/// What to do with one frame body: the bytes to hand to tower-lsp, and
/// what the message is.
pub fn sanitize(body: &[u8]) -> (Vec<u8>, Kind) {
    let (mut value, duplicate) = match parse(body) {
        Ok(v) => v,
        Err(e) => {
            let reason = format!("the message is not JSON ({e})");
            return (
                error_request(Value::Null, "lede/parseError", &reason),
                Kind::Other,
            );
        }
    };
    let id = || {
        value
            .get("id")
            .filter(|id| valid_id(id))
            .cloned()
            .unwrap_or(Value::Null)
    };
    if let Some(key) = duplicate {
        let reason = format!("the message has the key \"{key}\" twice");
        return (
            error_request(id(), "lede/invalidRequest", &reason),
            Kind::Other,
        );
    }
    if !valid(&value) {
        let reason = "the message is not a JSON-RPC 2.0 request, notification or response";
        return (
            error_request(id(), "lede/invalidRequest", reason),
            Kind::Other,
        );
    }
    let kind = match value.get("method").and_then(Value::as_str) {
        Some("shutdown") if value.get("id").is_some() => Kind::Shutdown,
        Some("exit") => Kind::Exit,
        _ => Kind::Other,
    };
    // `shutdown` and `exit` take no params; the specification's `void`
    // lets clients send `"params": null`, which tower-lsp refuses.
    if kind != Kind::Other && value.get("params") == Some(&Value::Null) {
        if let Some(o) = value.as_object_mut() {
            o.remove("params");
        }
        return (serde_json::to_vec(&value).unwrap_or_default(), kind);
    }
    (body.to_vec(), kind)
}

fn valid_id(id: &Value) -> bool {
    id.is_null() || id.is_string() || id.as_i64().is_some()
}

fn valid(v: &Value) -> bool {
    let Some(o) = v.as_object() else {
        return false;
    };
    if o.get("jsonrpc") != Some(&json!("2.0")) {
        return false;
    }
    if o.get("id").is_some_and(|id| !valid_id(id)) {
        return false;
    }
    match o.get("method") {
        Some(Value::String(m)) => {
            !m.is_empty()
                && o.get("params")
                    .is_none_or(|p| p.is_object() || p.is_array() || p.is_null())
        }
        Some(_) => false,
        // A response to one of the server's requests.
        None => {
            o.contains_key("id")
                && (o.contains_key("result") || o.get("error").is_some_and(Value::is_object))
        }
    }
}

/// A request the server answers with an error: `method` is
/// `lede/parseError` or `lede/invalidRequest`, `reason` goes to the log and
/// into the error's message.
fn error_request(id: Value, method: &str, reason: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "jsonrpc": "2.0", "id": id, "method": method, "params": {"reason": reason}
    }))
    .unwrap_or_default()
}

/// Bytes read ahead of the parser at most.
const CHUNK: usize = 64 << 10;

/// A header line longer than this is not a header: all but its last
/// [`KEEP`] bytes are dropped (a `Content-Length:` after garbage on the
/// same line is still found).
const MAX_LINE: usize = 4 << 10;
const KEEP: usize = 64;

/// The input with its own buffer (so that bytes read past a frame's end
/// can be put back) over blocking reads.
struct Input<R> {
    inner: R,
    buf: Vec<u8>,
    at: usize,
}

impl<R: Read> Input<R> {
    /// The buffered bytes, reading more when there are none; empty at the
    /// end of the input (or on a read error, which ends it too).
    fn fill(&mut self) -> &[u8] {
        if self.at == self.buf.len() {
            self.buf.resize(CHUNK, 0);
            self.at = 0;
            let n = loop {
                match self.inner.read(&mut self.buf) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    r => break r.unwrap_or(0),
                }
            };
            self.buf.truncate(n);
        }
        &self.buf[self.at..]
    }

    fn consume(&mut self, n: usize) {
        self.at += n;
    }

    /// Puts `bytes` back in front of what is buffered.
    fn unread(&mut self, bytes: &[u8]) {
        let mut rest = bytes.to_vec();
        rest.extend_from_slice(&self.buf[self.at..]);
        self.buf = rest;
        self.at = 0;
    }

    /// The next line up to and with its `\n`; `None` at the end of the
    /// input. The second value counts bytes dropped from an overlong line.
    fn line(&mut self) -> Option<(Vec<u8>, usize)> {
        let mut line = Vec::new();
        let mut dropped = 0;
        loop {
            let chunk = self.fill();
            if chunk.is_empty() {
                return None;
            }
            match memchr::memchr(b'\n', chunk) {
                Some(i) => {
                    line.extend_from_slice(&chunk[..=i]);
                    self.consume(i + 1);
                    return Some((line, dropped));
                }
                None => {
                    let n = chunk.len();
                    line.extend_from_slice(chunk);
                    self.consume(n);
                    if line.len() > MAX_LINE {
                        let cut = line.len() - KEEP;
                        dropped += cut;
                        line.drain(..cut);
                    }
                }
            }
        }
    }
}

/// Where the top-level JSON object of a body closes, found as the bytes
/// arrive: braces outside strings are counted, strings skipped (with
/// their escapes). Stops (`failed`) on a body that does not start with `{`
/// or a raw line break inside a string, which no JSON allows.
#[derive(Default)]
struct ObjectEnd {
    depth: usize,
    started: bool,
    in_string: bool,
    escaped: bool,
    failed: bool,
}

impl ObjectEnd {
    /// Reads `bytes`; returns the length of the object in them when it
    /// closes there.
    fn feed(&mut self, bytes: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < bytes.len() && !self.failed {
            if self.escaped {
                self.escaped = false;
                i += 1;
            } else if self.in_string {
                let k = memchr::memchr3(b'"', b'\\', b'\n', &bytes[i..])?;
                i += k;
                match bytes[i] {
                    b'"' => self.in_string = false,
                    b'\\' => self.escaped = true,
                    _ => self.failed = true,
                }
                i += 1;
            } else if !self.started {
                match bytes[i] {
                    b'{' => {
                        self.started = true;
                        self.depth = 1;
                    }
                    b if b.is_ascii_whitespace() => {}
                    _ => self.failed = true,
                }
                i += 1;
            } else {
                let k = memchr::memchr3(b'"', b'{', b'}', &bytes[i..])?;
                i += k;
                match bytes[i] {
                    b'"' => self.in_string = true,
                    b'{' => self.depth += 1,
                    _ => {
                        self.depth -= 1;
                        if self.depth == 0 {
                            return Some(i + 1);
                        }
                    }
                }
                i += 1;
            }
        }
        None
    }
}

/// Where a `Content-Length: N` header line starts in `bytes`, looking at
/// the line ends at or after `from`. Such a line cannot be part of any
/// JSON text (a bare word outside a string, or a raw line break inside
/// one), so inside a body it is the next frame's header.
fn header_in(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr_iter(b'\n', &bytes[from..]).find_map(|nl| header_ending_at(bytes, from + nl))
}

/// Whether the line ending at the `\n` at `nl` ends with a Content-Length
/// header, and where that header starts.
fn header_ending_at(bytes: &[u8], nl: usize) -> Option<usize> {
    const NAME: &[u8] = b"content-length";
    let blank = |b: &u8| *b == b' ' || *b == b'\t' || *b == b'\r';
    let mut i = nl;
    while i > 0 && blank(&bytes[i - 1]) {
        i -= 1;
    }
    let digits_end = i;
    while i > 0 && bytes[i - 1].is_ascii_digit() {
        i -= 1;
    }
    if i == digits_end {
        return None;
    }
    while i > 0 && blank(&bytes[i - 1]) {
        i -= 1;
    }
    if i == 0 || bytes[i - 1] != b':' {
        return None;
    }
    i -= 1;
    while i > 0 && blank(&bytes[i - 1]) {
        i -= 1;
    }
    let start = i.checked_sub(NAME.len())?;
    bytes[start..i].eq_ignore_ascii_case(NAME).then_some(start)
}

/// The value of a `Content-Length` header in a header line, and how many
/// bytes stood before the header (garbage from a mis-sized frame).
fn content_length(line: &[u8]) -> Option<(Option<usize>, usize)> {
    const NAME: &[u8] = b"content-length";
    let at = line
        .windows(NAME.len())
        .position(|w| w.eq_ignore_ascii_case(NAME))?;
    let rest = std::str::from_utf8(&line[at + NAME.len()..]).ok()?;
    let value = rest.trim_start().strip_prefix(':')?.trim();
    let before = line[..at]
        .iter()
        .filter(|b| !b.is_ascii_whitespace())
        .count();
    Some((value.parse().ok(), before))
}

/// Whether a line is a `Name: value` header field.
fn is_header_field(line: &[u8]) -> bool {
    line.iter().position(|&b| b == b':').is_some_and(|colon| {
        colon > 0
            && line[..colon]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    })
}

/// Reads frames from `input` and hands each one, sanitised and with its
/// header, to `deliver`; `log` gets a line for what the client should
/// hear about (bytes skipped, a frame over the limit). Ends at the end of
/// the input, when `deliver` returns false, or at `exit`.
///
/// This runs on a plain thread with blocking reads (see [`frames`]).
/// Through tokio's stdin every read was a trip to its blocking pool and
/// back, and each frame then passed a sanitising task and a duplex pipe
/// before tower-lsp read it; the plain thread took about half a
/// millisecond off a keystroke (`docs/performance-lsp.md`).
pub fn pump(
    input: impl Read,
    mut deliver: impl FnMut(Vec<u8>) -> bool,
    mut log: impl FnMut(String),
) -> End {
    let mut input = Input {
        inner: input,
        buf: Vec::new(),
        at: 0,
    };
    let mut after_shutdown = false;
    loop {
        // Headers up to an empty line.
        let mut len: Option<Option<usize>> = None;
        let mut saw_header = false;
        let mut stray = 0;
        loop {
            let Some((line, dropped)) = input.line() else {
                return End::Closed;
            };
            stray += dropped;
            if line.iter().all(u8::is_ascii_whitespace) {
                if saw_header {
                    break;
                }
                continue; // stray blank line between frames
            }
            if let Some((value, before)) = content_length(&line) {
                stray += before;
                len = Some(value);
                saw_header = true;
            } else if is_header_field(&line) {
                saw_header = true; // another field (Content-Type)
            } else {
                stray += line.len();
            }
        }
        if stray > 0 {
            log(format!(
                "skipped {stray} bytes that were no message (a wrong Content-Length before?)"
            ));
        }
        let (body, kind) = match len {
            Some(Some(n)) if n <= MAX_BODY => match read_body(&mut input, n) {
                Some(body) => sanitize(&body),
                None => return End::Closed,
            },
            Some(Some(n)) => {
                let reason = format!(
                    "a message of {n} bytes is over the limit of {MAX_BODY} bytes (64 MiB); skipped"
                );
                log(reason.clone());
                let answer = error_request(Value::Null, "lede/invalidRequest", &reason);
                if !deliver(frame(answer)) {
                    return End::Closed;
                }
                if !skip_body(&mut input, n) {
                    return End::Closed;
                }
                continue;
            }
            // No Content-Length, or one that is not a number: nothing can be
            // read reliably; answer it and look for the next header.
            _ => {
                let reason = "a message header without a valid Content-Length";
                (
                    error_request(Value::Null, "lede/parseError", reason),
                    Kind::Other,
                )
            }
        };
        match kind {
            Kind::Exit => return End::Exit { after_shutdown },
            Kind::Shutdown => after_shutdown = true,
            Kind::Other => {}
        }
        if !deliver(frame(body)) {
            return End::Closed;
        }
    }
}

fn frame(body: Vec<u8>) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(&body);
    frame
}

/// Reads a body of (declared) `n` bytes. It ends early where its JSON
/// object closes, or where a header line shows the next frame has begun;
/// what was read past that end goes back to the input. `None` when the
/// input ends first.
fn read_body<R: Read>(input: &mut Input<R>, n: usize) -> Option<Vec<u8>> {
    let mut body = Vec::with_capacity(n.min(CHUNK));
    let mut object = ObjectEnd::default();
    while body.len() < n {
        let chunk = input.fill();
        if chunk.is_empty() {
            return None;
        }
        let take = chunk.len().min(n - body.len());
        let from = body.len();
        body.extend_from_slice(&chunk[..take]);
        input.consume(take);
        // The earlier of the two ends: a header can only follow a cut-off
        // body, whose braces the object count cannot be sure of.
        let closed = object.feed(&body[from..]).map(|k| from + k);
        let next_frame = header_in(&body, from);
        let end = match (closed, next_frame) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(end) = end {
            if end < body.len() {
                input.unread(&body[end..]);
                body.truncate(end);
            }
            break;
        }
    }
    Some(body)
}

/// Skips a body of (declared) `n` bytes as it arrives, keeping none of
/// it; a header line inside starts the next frame. False when the input
/// ends first.
fn skip_body<R: Read>(input: &mut Input<R>, n: usize) -> bool {
    let mut left = n;
    // The end of the last chunk, where a header line may have begun.
    let mut tail: Vec<u8> = Vec::new();
    while left > 0 {
        let chunk = input.fill();
        if chunk.is_empty() {
            return false;
        }
        let take = chunk.len().min(left);
        let mut window = std::mem::take(&mut tail);
        let from = window.len();
        window.extend_from_slice(&chunk[..take]);
        input.consume(take);
        left -= take;
        if let Some(at) = header_in(&window, from) {
            input.unread(&window[at..]);
            return true;
        }
        tail = window[window.len().saturating_sub(KEEP)..].to_vec();
    }
    true
}

/// Frames read ahead of tower-lsp at most: past this, the input thread
/// waits, and a client sending faster than the server serves meets a full
/// pipe instead of growing the server's memory.
const FRAMES_AHEAD: usize = 16;

/// A channel of whole frames from [`pump`]'s thread (which sends with
/// `blocking_send`) to tower-lsp's reader.
pub fn frames() -> (Sender<Vec<u8>>, FrameReader) {
    let (tx, rx) = channel(FRAMES_AHEAD);
    let reader = FrameReader {
        rx,
        frame: Vec::new(),
        at: 0,
    };
    (tx, reader)
}

/// The receiving end of [`frames`] as a byte stream; it ends when every
/// sender is gone.
pub struct FrameReader {
    rx: Receiver<Vec<u8>>,
    frame: Vec<u8>,
    /// How much of `frame` has been read.
    at: usize,
}

impl AsyncRead for FrameReader {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        while this.at == this.frame.len() {
            match this.rx.poll_recv(cx) {
                Poll::Ready(Some(frame)) => {
                    this.frame = frame;
                    this.at = 0;
                }
                // All senders gone: the end of the stream.
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = buf.remaining().min(this.frame.len() - this.at);
        buf.put_slice(&this.frame[this.at..this.at + n]);
        this.at += n;
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method(b: &[u8]) -> Value {
        serde_json::from_slice::<Value>(b).unwrap()["method"].clone()
    }

    #[test]
    fn good_messages_pass_and_bad_ones_become_error_requests() {
        let good = br#"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{}}"#;
        assert_eq!(sanitize(good), (good.to_vec(), Kind::Other));
        let resp = br#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        assert_eq!(sanitize(resp).0, resp.to_vec());
        let bad: Value = serde_json::from_slice(&sanitize(b"{\"jsonrpc\": ").0).unwrap();
        assert_eq!(bad["method"], "lede/parseError");
        assert_eq!(bad["id"], Value::Null);
        assert!(bad["params"]["reason"]
            .as_str()
            .unwrap()
            .contains("not JSON"));
        let bad: Value =
            serde_json::from_slice(&sanitize(br#"{"jsonrpc":"2.0","id":9,"method":4}"#).0).unwrap();
        assert_eq!(bad["method"], "lede/invalidRequest");
        assert_eq!(bad["id"], 9);
        for b in [
            &b"[1]"[..],
            b"null",
            b"{}",
            br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
        ] {
            assert_eq!(method(&sanitize(b).0), "lede/invalidRequest", "{b:?}");
        }
    }

    #[test]
    fn a_duplicate_key_is_an_invalid_request_with_the_id_when_it_is_sure() {
        let cases: [(&[u8], Value); 4] = [
            (
                br#"{"jsonrpc":"2.0","id":4,"method":"a","method":"b"}"#,
                json!(4),
            ),
            (
                br#"{"jsonrpc":"2.0","jsonrpc":"2.0","id":"x","method":"a"}"#,
                json!("x"),
            ),
            (
                br#"{"jsonrpc":"2.0","id":1,"id":2,"method":"a"}"#,
                Value::Null,
            ),
            (
                br#"{"jsonrpc":"2.0","id":1,"result":null,"result":1}"#,
                json!(1),
            ),
        ];
        for (body, id) in cases {
            let (out, kind) = sanitize(body);
            let v: Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(v["method"], "lede/invalidRequest", "{body:?}");
            assert_eq!(v["id"], id, "{body:?}");
            assert!(v["params"]["reason"].as_str().unwrap().contains("twice"));
            assert_eq!(kind, Kind::Other);
        }
        // The same key in a nested object is the params' business, not ours.
        let nested = br#"{"jsonrpc":"2.0","id":1,"method":"a","params":{"k":1,"k":2}}"#;
        assert_eq!(sanitize(nested).0, nested.to_vec());
    }

    #[test]
    fn shutdown_and_exit_are_recognised_and_lose_null_params() {
        let (out, kind) =
            sanitize(br#"{"jsonrpc":"2.0","id":7,"method":"shutdown","params":null}"#);
        assert_eq!(kind, Kind::Shutdown);
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, json!({"jsonrpc": "2.0", "id": 7, "method": "shutdown"}));
        let plain = br#"{"jsonrpc":"2.0","id":8,"method":"shutdown"}"#;
        assert_eq!(sanitize(plain), (plain.to_vec(), Kind::Shutdown));
        assert_eq!(
            sanitize(br#"{"jsonrpc":"2.0","method":"exit","params":null}"#).1,
            Kind::Exit
        );
        // A notification named shutdown is no shutdown request; other
        // methods keep their null params (tower-lsp answers InvalidParams).
        assert_eq!(
            sanitize(br#"{"jsonrpc":"2.0","method":"shutdown"}"#).1,
            Kind::Other
        );
        let hover = br#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":null}"#;
        assert_eq!(sanitize(hover), (hover.to_vec(), Kind::Other));
        assert_eq!(
            End::Exit {
                after_shutdown: true
            }
            .code(),
            0
        );
        assert_eq!(
            End::Exit {
                after_shutdown: false
            }
            .code(),
            1
        );
    }

    /// A reader that hands out at most `step` bytes per read, like a
    /// client writing a frame in pieces.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    /// The frames delivered, the log lines and how the input ended.
    fn run(input: &[u8], step: usize) -> (Vec<Vec<u8>>, Vec<String>, End) {
        let mut out = Vec::new();
        let mut logs = Vec::new();
        let end = pump(
            Trickle { data: input, step },
            |f| {
                out.push(f);
                true
            },
            |l| logs.push(l),
        );
        (out, logs, end)
    }

    fn frames_of(input: &[u8], step: usize) -> Vec<Vec<u8>> {
        run(input, step).0
    }

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    fn body(f: &[u8]) -> Value {
        let at = f.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        serde_json::from_slice(&f[at..]).unwrap()
    }

    const A: &str =
        r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"k":"}{\"\\"}}"#;
    const B: &str = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;

    #[test]
    fn frames_pass_whole_however_the_input_is_cut() {
        let mut input = frame(A);
        // Other header fields, any case, and a stray blank line between frames.
        input.extend_from_slice(b"\r\nContent-Type: application/vscode-jsonrpc\r\n");
        input.extend_from_slice(format!("content-length: {}\r\n\r\n{B}", B.len()).as_bytes());
        for step in [1, 2, 3, 7, 64, 4096] {
            let (got, logs, end) = run(&input, step);
            assert_eq!(got, vec![frame(A), frame(B)], "step {step}");
            assert!(logs.is_empty(), "{logs:?}");
            assert_eq!(end, End::Closed);
        }
    }

    #[test]
    fn bad_frames_become_error_requests_and_reading_goes_on() {
        let mut input = b"X-Nothing: 1\r\n\r\n".to_vec(); // no Content-Length
        input.extend_from_slice(&frame("{not json"));
        input.extend_from_slice(&frame(B));
        let got = frames_of(&input, 5);
        assert_eq!(got.len(), 3);
        assert_eq!(body(&got[0])["method"], "lede/parseError");
        assert_eq!(body(&got[1])["method"], "lede/parseError");
        assert_eq!(got[2], frame(B));
    }

    #[test]
    fn a_too_short_content_length_costs_that_message_only() {
        let short = format!("Content-Length: {}\r\n\r\n{A}", A.len() - 9);
        let input = [short.as_bytes(), &frame(B)].concat();
        for step in [1, 5, 4096] {
            let (got, logs, _) = run(&input, step);
            assert_eq!(got.len(), 2, "step {step}");
            assert_eq!(body(&got[0])["method"], "lede/parseError");
            assert_eq!(got[1], frame(B), "step {step}");
            assert_eq!(logs.len(), 1, "{logs:?}");
            assert!(logs[0].contains("skipped 9 bytes"), "{logs:?}");
        }
    }

    #[test]
    fn a_too_long_content_length_ends_where_the_object_closes() {
        // Longer than what follows: the message is whole at its closing
        // brace, and nothing waits for bytes that never come.
        let long = format!("Content-Length: {}\r\n\r\n{A}", A.len() + 40);
        let input = [long.as_bytes(), &frame(B)].concat();
        for step in [1, 6, 4096] {
            assert_eq!(
                frames_of(&input, step),
                vec![frame(A), frame(B)],
                "step {step}"
            );
        }
        assert_eq!(frames_of(long.as_bytes(), 3), vec![frame(A)]);
        // Not an object: the next header ends it.
        let junk = "Content-Length: 500\r\n\r\n[1, 2";
        let input = [junk.as_bytes(), &frame(B)].concat();
        let got = frames_of(&input, 4);
        assert_eq!(got.len(), 2);
        assert_eq!(body(&got[0])["method"], "lede/parseError");
        assert_eq!(got[1], frame(B));
    }

    #[test]
    fn a_body_over_the_limit_is_answered_and_skipped() {
        let huge = format!("Content-Length: {}\r\n\r\n{{\"jsonrpc\"", MAX_BODY + 1);
        let input = [huge.as_bytes(), &frame(B)].concat();
        let (got, logs, _) = run(&input, 4096);
        assert_eq!(got.len(), 2);
        assert_eq!(body(&got[0])["method"], "lede/invalidRequest");
        assert_eq!(body(&got[0])["id"], Value::Null);
        assert!(logs[0].contains("over the limit"), "{logs:?}");
        assert_eq!(got[1], frame(B));
        // Skipped as it arrives: a real oversized body is read to its end
        // without being kept, and the next frame is read after it.
        let mut input = format!("Content-Length: {}\r\n\r\n", MAX_BODY + 10).into_bytes();
        input.resize(input.len() + MAX_BODY + 10, b' ');
        input.extend_from_slice(&frame(B));
        let got = frames_of(&input, 1 << 20);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], frame(B));
    }

    #[test]
    fn garbage_lines_are_skipped_up_to_the_next_header() {
        let mut input = b"hello there\n\x00\xff".to_vec();
        input.extend(std::iter::repeat_n(b'x', 3 * MAX_LINE));
        input.extend_from_slice(&frame(B));
        let (got, logs, _) = run(&input, 100);
        assert_eq!(got, vec![frame(B)]);
        assert!(logs[0].starts_with("skipped"), "{logs:?}");
    }

    #[test]
    fn exit_ends_the_input_with_the_shutdown_it_followed() {
        let shutdown = r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#;
        let exit = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let after = [frame(shutdown), frame(exit), frame(B)].concat();
        let (got, _, end) = run(&after, 7);
        // The exit frame and what follows it are never delivered.
        assert_eq!(got, vec![frame(shutdown)]);
        assert_eq!(
            end,
            End::Exit {
                after_shutdown: true
            }
        );
        let (got, _, end) = run(&[frame(exit), frame(B)].concat(), 7);
        assert!(got.is_empty());
        assert_eq!(
            end,
            End::Exit {
                after_shutdown: false
            }
        );
    }

    #[test]
    fn header_lines_are_found_only_whole() {
        for (text, at) in [
            ("xx}Content-Length: 12\r\n", Some(3)),
            ("content-length:7\n", Some(0)),
            ("Content-Length: \r\n", None),
            ("\"Content-Length: 12\"\n", None),
            ("ontent-Length: 12\n", None),
        ] {
            let b = text.as_bytes();
            assert_eq!(header_in(b, 0), at, "{text:?}");
        }
    }

    #[test]
    fn the_object_end_skips_braces_in_strings() {
        let mut o = ObjectEnd::default();
        let text = br#" {"a":"}\"{","b":{"c":[{}]}} tail"#;
        let end = o.feed(text).unwrap();
        assert_eq!(&text[..end], &br#" {"a":"}\"{","b":{"c":[{}]}}"#[..]);
        // Fed in pieces, the same end.
        let mut o = ObjectEnd::default();
        let mut got = None;
        for (i, piece) in text.chunks(3).enumerate() {
            if let Some(k) = o.feed(piece) {
                got = Some(i * 3 + k);
                break;
            }
        }
        assert_eq!(got, Some(end));
        let mut o = ObjectEnd::default();
        assert_eq!(o.feed(b"[{}]"), None);
        assert!(o.failed);
    }

    #[test]
    fn a_cut_off_body_ends_the_input_and_delivery_can_stop_it() {
        let mut input = frame(B);
        input.extend_from_slice(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"");
        assert_eq!(frames_of(&input, 3).len(), 1);
        let twice = [input.clone(), input].concat();
        let mut delivered = 0;
        pump(
            &twice[..],
            |_| {
                delivered += 1;
                false
            },
            |_| {},
        );
        assert_eq!(delivered, 1);
    }

    #[test]
    fn frame_reader_streams_frames_in_order_then_ends() {
        use tokio::io::AsyncReadExt;
        let (tx, mut reader) = frames();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let sender = std::thread::spawn(move || {
            // More frames than the channel holds: the sender waits for
            // the reader.
            for _ in 0..FRAMES_AHEAD {
                for f in [&b"abc"[..], b"", b"defgh"] {
                    tx.blocking_send(f.to_vec()).unwrap();
                }
            }
        });
        let mut got = Vec::new();
        runtime.block_on(async {
            // Small reads: a frame is handed out over several of them.
            let mut buf = [0u8; 2];
            loop {
                let n = reader.read(&mut buf).await.unwrap();
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
            }
        });
        sender.join().unwrap();
        assert_eq!(got, b"abcdefgh".repeat(FRAMES_AHEAD));
    }
}
