//! The server's stdout: one writer thread that every outgoing message goes
//! through, in order.
//!
//! tower-lsp writes its own frames (responses, log messages, progress)
//! into a [`FrameSink`], which cuts them into whole messages and queues
//! them. Diagnostics skip tower-lsp: the server renders each
//! `publishDiagnostics` straight from its findings to JSON
//! ([`super::diagnostics::Publish`]) and queues the bytes here. Through
//! tower-lsp's `Client` they would first become a `serde_json::Value` tree
//! and then text, which on a thousand diagnostics costs several
//! milliseconds and most of the allocations of a keystroke.

use std::io::Write;
use std::pin::Pin;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::AsyncWrite;

enum Job {
    /// One JSON-RPC message body; the writer adds the header.
    Message(Vec<u8>),
    /// Everything queued before has been written: say so and stop.
    Finish(Sender<()>),
}

/// A handle on the writer thread (cheap to clone).
#[derive(Clone)]
pub struct Output {
    tx: Sender<Job>,
}

impl Output {
    /// Starts the writer thread on stdout.
    pub fn stdout() -> Output {
        Output::spawn(std::io::stdout())
    }

    /// Starts the writer thread on any sink (tests write to a buffer).
    pub fn spawn(out: impl Write + Send + 'static) -> Output {
        let (tx, rx) = channel();
        std::thread::Builder::new()
            .name("lede-lsp-output".into())
            .spawn(move || write_loop(out, rx))
            .expect("spawn the output thread");
        Output { tx }
    }

    /// Queues one message body. Returns false once the writer is gone (the
    /// client closed its end).
    pub fn send(&self, body: Vec<u8>) -> bool {
        self.tx.send(Job::Message(body)).is_ok()
    }

    /// A sink for tower-lsp's own frames, feeding the same queue.
    pub fn sink(&self) -> FrameSink {
        FrameSink {
            tx: self.tx.clone(),
            pending: Vec::new(),
        }
    }

    /// Waits (at most `timeout`) until everything queued so far is written.
    pub fn finish(&self, timeout: Duration) {
        let (done, wait) = channel();
        if self.tx.send(Job::Finish(done)).is_ok() {
            let _ = wait.recv_timeout(timeout);
        }
    }
}

fn write_loop(mut out: impl Write, rx: Receiver<Job>) {
    while let Ok(job) = rx.recv() {
        let mut next = Some(job);
        // Write what is queued, then flush once.
        while let Some(job) = next.take() {
            match job {
                Job::Message(body) => {
                    let head = format!("Content-Length: {}\r\n\r\n", body.len());
                    if out.write_all(head.as_bytes()).is_err() || out.write_all(&body).is_err() {
                        return; // the client is gone
                    }
                }
                Job::Finish(done) => {
                    let _ = out.flush();
                    let _ = done.send(());
                    return;
                }
            }
            next = rx.try_recv().ok();
        }
        if out.flush().is_err() {
            return;
        }
    }
}

/// What tower-lsp writes to: whole frames pass to the writer thread; a
/// frame written in pieces waits here until it is complete, so a rendered
/// diagnostic message never lands inside one of tower-lsp's.
pub struct FrameSink {
    tx: Sender<Job>,
    pending: Vec<u8>,
}

impl FrameSink {
    /// Queues every complete frame at the front of `pending`.
    fn drain(&mut self) -> std::io::Result<()> {
        let mut start = 0;
        while let Some((body_start, len)) = frame_at(&self.pending[start..]) {
            let end = start + body_start + len;
            if end > self.pending.len() {
                break;
            }
            let body = self.pending[start + body_start..end].to_vec();
            if self.tx.send(Job::Message(body)).is_err() {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            start = end;
        }
        self.pending.drain(..start);
        Ok(())
    }
}

/// The body offset and length of the frame at the start of `buf`, once its
/// header is complete.
fn frame_at(buf: &[u8]) -> Option<(usize, usize)> {
    let head_end = memchr::memmem::find(buf, b"\r\n\r\n")?;
    let head = std::str::from_utf8(&buf[..head_end]).ok()?;
    let len = head.split("\r\n").find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| v.trim().parse::<usize>().ok())?
    })?;
    Some((head_end + 4, len))
}

impl AsyncWrite for FrameSink {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        this.pending.extend_from_slice(buf);
        Poll::Ready(this.drain().map(|()| buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use tokio::io::AsyncWriteExt;

    /// A `Write` whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn frames_written_in_pieces_stay_whole_between_direct_messages() {
        let buf = Shared::default();
        let out = Output::spawn(buf.clone());
        let mut sink = out.sink();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            // Half a frame from tower-lsp, then a direct message, then the rest.
            sink.write_all(b"Content-Length: 7\r\n\r\n{\"a\"")
                .await
                .unwrap();
            assert!(out.send(b"{\"d\":1}".to_vec()));
            sink.write_all(b":1}Content-Length: 2\r\n\r\n[]")
                .await
                .unwrap();
        });
        out.finish(Duration::from_secs(5));
        let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert_eq!(
            text,
            "Content-Length: 7\r\n\r\n{\"d\":1}\
             Content-Length: 7\r\n\r\n{\"a\":1}\
             Content-Length: 2\r\n\r\n[]"
        );
    }

    #[test]
    fn frame_headers_are_read_case_insensitively_with_other_fields() {
        assert_eq!(
            frame_at(b"content-length: 3\r\nContent-Type: x\r\n\r\nabc"),
            Some((38, 3))
        );
        assert_eq!(frame_at(b"Content-Length: 3\r\n"), None);
        assert_eq!(frame_at(b"X: 1\r\n\r\n"), None);
    }
}
