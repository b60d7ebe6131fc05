//! A guard in front of tower-lsp's reader. tower-lsp stops serving after
//! the first message it cannot decode (bad JSON, a body that is not
//! JSON-RPC), so every frame is checked here first: a good message passes
//! unchanged; a bad one becomes a request to `lede/parseError` or
//! `lede/invalidRequest` with the original id (or `null`), which the server
//! answers with the JSON-RPC error, and serving goes on.

use std::io::{BufRead, Read};
use std::pin::Pin;
use std::task::{Context, Poll};

use serde_json::{json, Value};
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc::{channel, Receiver, Sender};

/// Largest body accepted (bytes); a bigger frame is skipped unread... in
/// pieces, and answered with an invalid-request error.
pub const MAX_BODY: usize = 256 << 20;

/// What to do with one frame body.
pub fn sanitize(body: &[u8]) -> Vec<u8> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => return error_request(Value::Null, "lede/parseError"),
    };
    if valid(&value) {
        return body.to_vec();
    }
    let id = value
        .get("id")
        .filter(|id| valid_id(id))
        .cloned()
        .unwrap_or(Value::Null);
    error_request(id, "lede/invalidRequest")
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

fn error_request(id: Value, method: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": id, "method": method})).unwrap_or_default()
}

/// Reads frames from `input` and hands each one, sanitised and with its
/// header, to `deliver`. Ends at the end of the input, or when `deliver`
/// returns false.
///
/// This runs on a plain thread with blocking reads (see [`frames`]).
/// Through tokio's stdin every read was a trip to its blocking pool and
/// back, and each frame then passed a sanitising task and a duplex pipe
/// before tower-lsp read it; the plain thread took about half a
/// millisecond off a keystroke (`docs/performance-lsp.md`).
pub fn pump(mut input: impl BufRead, mut deliver: impl FnMut(Vec<u8>) -> bool) {
    loop {
        // Headers up to an empty line.
        let mut len: Option<usize> = None;
        let mut saw_header = false;
        loop {
            let mut line = Vec::new();
            match input.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let text = String::from_utf8_lossy(&line);
            let t = text.trim();
            if t.is_empty() {
                if saw_header {
                    break;
                }
                continue; // stray blank line between frames
            }
            saw_header = true;
            if let Some((k, v)) = t.split_once(':') {
                if k.trim().eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().ok();
                }
            }
        }
        let body = match len {
            Some(n) if n <= MAX_BODY => {
                let mut body = vec![0; n];
                if input.read_exact(&mut body).is_err() {
                    return;
                }
                sanitize(&body)
            }
            Some(n) => {
                // Too big: skip it.
                let skipped = std::io::copy(&mut (&mut input).take(n as u64), &mut std::io::sink());
                if skipped.map_or(true, |k| k < n as u64) {
                    return;
                }
                error_request(Value::Null, "lede/invalidRequest")
            }
            // No Content-Length: nothing can be read reliably; answer it.
            None => error_request(Value::Null, "lede/parseError"),
        };
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        if !deliver(frame) {
            return;
        }
    }
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

    #[test]
    fn good_messages_pass_and_bad_ones_become_error_requests() {
        let good = br#"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{}}"#;
        assert_eq!(sanitize(good), good.to_vec());
        let resp = br#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        assert_eq!(sanitize(resp), resp.to_vec());
        let bad: Value = serde_json::from_slice(&sanitize(b"{\"jsonrpc\": ")).unwrap();
        assert_eq!(bad["method"], "lede/parseError");
        assert_eq!(bad["id"], Value::Null);
        let bad: Value =
            serde_json::from_slice(&sanitize(br#"{"jsonrpc":"2.0","id":9,"method":4}"#)).unwrap();
        assert_eq!(bad["method"], "lede/invalidRequest");
        assert_eq!(bad["id"], 9);
        for b in [
            &b"[1]"[..],
            b"null",
            b"{}",
            br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
        ] {
            let v: Value = serde_json::from_slice(&sanitize(b)).unwrap();
            assert_eq!(v["method"], "lede/invalidRequest", "{b:?}");
        }
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

    fn frames_of(input: &[u8], step: usize) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let reader = std::io::BufReader::with_capacity(4, Trickle { data: input, step });
        pump(reader, |f| {
            out.push(f);
            true
        });
        out
    }

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    #[test]
    fn frames_pass_whole_however_the_input_is_cut() {
        let a = r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#;
        let b = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = frame(a);
        // Other header fields, any case, and a stray blank line between frames.
        input.extend_from_slice(b"\r\nContent-Type: application/vscode-jsonrpc\r\n");
        input.extend_from_slice(format!("content-length: {}\r\n\r\n{b}", b.len()).as_bytes());
        for step in [1, 2, 3, 7, 64, 4096] {
            assert_eq!(
                frames_of(&input, step),
                vec![frame(a), frame(b)],
                "step {step}"
            );
        }
    }

    #[test]
    fn bad_frames_become_error_requests_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = b"X-Nothing: 1\r\n\r\n".to_vec(); // no Content-Length
        input.extend_from_slice(&frame("{not json"));
        input.extend_from_slice(&frame(good));
        let got = frames_of(&input, 5);
        assert_eq!(got.len(), 3);
        let body = |f: &[u8]| -> Value {
            let at = f.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
            serde_json::from_slice(&f[at..]).unwrap()
        };
        assert_eq!(body(&got[0])["method"], "lede/parseError");
        assert_eq!(body(&got[1])["method"], "lede/parseError");
        assert_eq!(got[2], frame(good));
    }

    #[test]
    fn a_cut_off_body_ends_the_input_and_delivery_can_stop_it() {
        let mut input = frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        input.extend_from_slice(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"");
        assert_eq!(frames_of(&input, 3).len(), 1);
        // A body over the limit is skipped unread; here the input ends first.
        let huge = format!("Content-Length: {}\r\n\r\nabc", MAX_BODY + 1);
        assert!(frames_of(huge.as_bytes(), 7).is_empty());
        let twice = [input.clone(), input].concat();
        let mut delivered = 0;
        pump(&twice[..], |_| {
            delivered += 1;
            false
        });
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
