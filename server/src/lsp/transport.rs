//! A guard in front of tower-lsp's reader. tower-lsp stops serving after
//! the first message it cannot decode (bad JSON, a body that is not
//! JSON-RPC), so every frame is checked here first: a good message passes
//! unchanged; a bad one becomes a request to `lede/parseError` or
//! `lede/invalidRequest` with the original id (or `null`), which the server
//! answers with the JSON-RPC error, and serving goes on.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

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
                    .map_or(true, |p| p.is_object() || p.is_array() || p.is_null())
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

/// Copies frames from `input` to `output`, sanitising each body. Ends at
/// the end of the input.
pub async fn pump(input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) {
    let mut r = BufReader::new(input);
    loop {
        // Headers up to an empty line.
        let mut len: Option<usize> = None;
        let mut saw_header = false;
        loop {
            let mut line = Vec::new();
            match r.read_until(b'\n', &mut line).await {
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
        let out = match len {
            Some(n) if n <= MAX_BODY => {
                let mut body = vec![0; n];
                if r.read_exact(&mut body).await.is_err() {
                    return;
                }
                sanitize(&body)
            }
            Some(n) => {
                // Too big: skip it.
                let mut left = n as u64;
                let mut sink = tokio::io::sink();
                let copied = tokio::io::copy(&mut (&mut r).take(left), &mut sink).await;
                left -= copied.unwrap_or(0);
                if left > 0 {
                    return;
                }
                error_request(Value::Null, "lede/invalidRequest")
            }
            // No Content-Length: nothing can be read reliably; answer it.
            None => error_request(Value::Null, "lede/parseError"),
        };
        let head = format!("Content-Length: {}\r\n\r\n", out.len());
        if output.write_all(head.as_bytes()).await.is_err()
            || output.write_all(&out).await.is_err()
            || output.flush().await.is_err()
        {
            return;
        }
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
}
