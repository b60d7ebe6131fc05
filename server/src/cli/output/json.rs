//! `--format json` (one array) and `--format jsonl` (one finding a line).
//!
//! Findings are rendered in parallel, a batch of documents at a time, and
//! written in order: on a large corpus, serialising is otherwise a long
//! single-threaded tail after the parallel analysis.

use std::io::{self, Write};

use rayon::prelude::*;

use super::Report;

/// Documents rendered per batch: enough to keep both cores busy, few
/// enough that the rendered text held at once stays small.
const BATCH: usize = 512;

/// Renders each document's findings with `render` in parallel and writes
/// the non-empty results in document order, `sep` between them.
fn write_batched(
    w: &mut dyn Write,
    report: &Report,
    sep: &[u8],
    render: impl Fn(usize, &mut Vec<u8>) + Sync,
) -> io::Result<bool> {
    let mut any = false;
    let docs = report.findings.len();
    for start in (0..docs).step_by(BATCH) {
        let rendered: Vec<Vec<u8>> = (start..(start + BATCH).min(docs))
            .into_par_iter()
            .map(|doc| {
                let mut buf = Vec::new();
                render(doc, &mut buf);
                buf
            })
            .collect();
        for buf in rendered.iter().filter(|b| !b.is_empty()) {
            if any {
                w.write_all(sep)?;
            }
            w.write_all(buf)?;
            any = true;
        }
    }
    Ok(any)
}

/// The same bytes as `serde_json::to_writer_pretty` on the array of all
/// findings: each element is pretty-printed and indented one level.
pub fn write_array(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    w.write_all(b"[")?;
    let any = write_batched(w, report, b",", |doc, buf| {
        let mut element = Vec::new();
        for (k, f) in report.findings[doc].iter().enumerate() {
            element.clear();
            serde_json::to_writer_pretty(&mut element, &report.json(doc, f))
                .expect("serialising to memory cannot fail");
            if k > 0 {
                buf.push(b',');
            }
            // JSON strings escape their line breaks, so every `\n` here
            // is between tokens.
            buf.extend_from_slice(b"\n  ");
            for &b in &element {
                buf.push(b);
                if b == b'\n' {
                    buf.extend_from_slice(b"  ");
                }
            }
        }
    })?;
    if any {
        w.write_all(b"\n")?;
    }
    w.write_all(b"]\n")
}

pub fn write_lines(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    write_batched(w, report, b"", |doc, buf| {
        for f in &report.findings[doc] {
            serde_json::to_writer(&mut *buf, &report.json(doc, f))
                .expect("serialising to memory cannot fail");
            buf.push(b'\n');
        }
    })?;
    Ok(())
}
