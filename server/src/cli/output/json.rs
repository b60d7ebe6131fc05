//! `--format json` (one array) and `--format jsonl` (one finding a line).
//!
//! Findings are rendered in parallel, a batch of documents (or pieces of
//! a document dense in findings) at a time, and written in order: on a large corpus, serialising is otherwise a long
//! single-threaded tail after the parallel analysis.

use std::io::{self, Write};
use std::ops::Range;

use rayon::prelude::*;

use super::{range, Report};
use crate::base::finding::Finding;
use crate::scan::swar::next_marked;

/// Pieces rendered per batch: enough to keep both cores busy, few
/// enough that the rendered text held at once stays small.
const BATCH: usize = 512;

/// Findings a piece holds at most: a document with more is rendered in
/// several pieces, so that one document dense in findings is not held
/// whole as text next to its findings.
const PIECE: usize = 1024;

/// Findings a batch holds at most (pieces of small documents hold few).
const BATCH_FINDINGS: usize = 32 * PIECE;

/// Renders each document's findings with `render` in parallel and writes
/// the non-empty results in document order, `sep` between them.
/// `render(doc, range, buf)` renders the findings `range` of `doc`; a
/// document's findings come in ranges of at most [`PIECE`], in order, so
/// `sep` also stands between two ranges of one document.
fn write_batched(
    w: &mut dyn Write,
    report: &Report,
    sep: &[u8],
    render: impl Fn(usize, Range<usize>, &mut Vec<u8>) + Sync,
) -> io::Result<bool> {
    let mut any = false;
    let mut pieces = report.findings.iter().enumerate().flat_map(|(doc, f)| {
        (0..f.len().div_ceil(PIECE).max(1))
            .map(move |k| (doc, k * PIECE..((k + 1) * PIECE).min(f.len())))
    });
    let mut batch: Vec<(usize, Range<usize>)> = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        let mut findings = 0;
        for piece in pieces.by_ref() {
            findings += piece.1.len();
            batch.push(piece);
            if batch.len() == BATCH || findings >= BATCH_FINDINGS {
                break;
            }
        }
        if batch.is_empty() {
            return Ok(any);
        }
        let rendered: Vec<Vec<u8>> = batch
            .par_iter()
            .map(|(doc, range)| {
                // About 700 bytes a finding in the pretty array: room for
                // most pieces at once instead of doubling from nothing.
                let mut buf = Vec::with_capacity(range.len() * 768);
                render(*doc, range.clone(), &mut buf);
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
}

/// The same bytes as `serde_json::to_writer_pretty` on the array of all
/// findings (each element pretty-printed and indented one level), written
/// straight from the findings: building a [`super::JsonFinding`] copies
/// every string, and that and serde's pass took most of a corpus run's
/// output time.
pub fn write_array(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    w.write_all(b"[")?;
    let any = write_batched(w, report, b",", |doc, range, buf| {
        for (k, f) in report.findings[doc][range].iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            let mut e = Emitter::new(buf, true, 1);
            e.newline();
            finding(&mut e, report, doc, f);
        }
    })?;
    if any {
        w.write_all(b"\n")?;
    }
    w.write_all(b"]\n")
}

/// One finding a line, as `serde_json::to_writer` writes a
/// [`super::JsonFinding`].
pub fn write_lines(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    write_batched(w, report, b"", |doc, range, buf| {
        for f in &report.findings[doc][range] {
            finding(&mut Emitter::new(buf, false, 0), report, doc, f);
            buf.push(b'\n');
        }
    })?;
    Ok(())
}

/// Writes `f` as the JSON object [`Report::json`] would give, field for
/// field, without building it.
fn finding(e: &mut Emitter, report: &Report, doc: usize, f: &Finding) {
    let loc = &report.locators[doc];
    e.open(b'{');
    e.key("path");
    e.string(&report.docs[doc].name);
    e.key("rule");
    e.string(f.rule);
    e.key("severity");
    e.string(f.severity.as_str());
    range_fields(e, range(loc, &f.span));
    e.key("message");
    e.string(&f.message);
    e.key("fixes");
    e.open(b'[');
    for fix in &f.fixes {
        e.item();
        e.open(b'{');
        e.key("title");
        e.string(&fix.title);
        e.key("safe");
        e.raw(if fix.safe { "true" } else { "false" });
        e.key("edits");
        e.open(b'[');
        for edit in &fix.edits {
            e.item();
            e.open(b'{');
            range_fields(e, range(loc, &edit.span));
            e.key("new_text");
            e.string(&edit.new_text);
            e.close(b'}');
        }
        e.close(b']');
        e.close(b'}');
    }
    e.close(b']');
    e.key("related");
    e.open(b'[');
    for r in &f.related {
        let Some(place) = report.related_place(doc, r) else {
            continue;
        };
        e.item();
        e.open(b'{');
        e.key("path");
        e.string(place.path);
        range_fields(e, place.range);
        e.key("message");
        e.string(&r.message);
        e.close(b'}');
    }
    e.close(b']');
    e.close(b'}');
}

fn range_fields(
    e: &mut Emitter,
    (line, column, end_line, end_column): (usize, usize, usize, usize),
) {
    e.key("line");
    e.number(line);
    e.key("column");
    e.number(column);
    e.key("end_line");
    e.number(end_line);
    e.key("end_column");
    e.number(end_column);
}

/// A JSON writer with serde_json's layout: compact, or pretty with two
/// spaces per level, and `[]`/`{}` for empty containers.
struct Emitter<'a> {
    out: &'a mut Vec<u8>,
    pretty: bool,
    /// Nesting level (pretty output indents by it).
    depth: usize,
    /// Per open container (a bit each, innermost lowest): whether it has
    /// an element yet.
    filled: u64,
}

impl<'a> Emitter<'a> {
    fn new(out: &'a mut Vec<u8>, pretty: bool, depth: usize) -> Self {
        Emitter {
            out,
            pretty,
            depth,
            filled: 0,
        }
    }

    fn newline(&mut self) {
        if self.pretty {
            self.out.push(b'\n');
            for _ in 0..self.depth {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        self.filled <<= 1;
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if self.filled & 1 != 0 {
            self.newline();
        }
        self.filled >>= 1;
        self.out.push(bracket);
    }

    /// Starts the next element of the innermost container.
    fn item(&mut self) {
        if self.filled & 1 != 0 {
            self.out.push(b',');
        }
        self.filled |= 1;
        self.newline();
    }

    /// A field name: one of this module's own, which need no escaping.
    fn key(&mut self, key: &str) {
        debug_assert!(next_to_escape(key.as_bytes(), 0).is_none());
        self.item();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.push(b'"');
        self.out.push(b':');
        if self.pretty {
            self.out.push(b' ');
        }
    }

    fn raw(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
    }

    fn number(&mut self, n: usize) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut n = n;
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&digits[i..]);
    }

    /// A string, escaped as serde_json escapes it: `"`, `\\` and control
    /// characters only (short forms where JSON has them, else `\u00XX`).
    fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let bytes = s.as_bytes();
        self.out.push(b'"');
        let mut done = 0;
        while let Some(i) = next_to_escape(bytes, done) {
            let b = bytes[i];
            let short = match b {
                b'"' => b'"',
                b'\\' => b'\\',
                b'\n' => b'n',
                b'\r' => b'r',
                b'\t' => b't',
                0x08 => b'b',
                0x0c => b'f',
                _ => 0,
            };
            self.out.extend_from_slice(&bytes[done..i]);
            if short == 0 {
                self.out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[(b >> 4) as usize],
                    HEX[(b & 0xf) as usize],
                ]);
            } else {
                self.out.extend_from_slice(&[b'\\', short]);
            }
            done = i + 1;
        }
        self.out.extend_from_slice(&bytes[done..]);
        self.out.push(b'"');
    }
}

/// The first byte at or after `from` that a JSON string must escape: `"`,
/// `\\` or a control character below 0x20. Eight bytes at a time, as
/// most strings here (paths, messages) need no escape at all.
fn next_to_escape(bytes: &[u8], from: usize) -> Option<usize> {
    use crate::scan::swar::{HIGHS, ONES};
    // The lowest flagged byte of each mask is exact (a borrow only moves
    // toward higher bytes), so the lowest of their union is too.
    let zero_at = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mark = |x: u64| {
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
        control | zero_at(x ^ (ONES * u64::from(b'"'))) | zero_at(x ^ (ONES * u64::from(b'\\')))
    };
    next_marked(bytes, from, mark, |b| b < 0x20 || b == b'"' || b == b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::finding::{DocRef, Edit, Fix};
    use crate::cli::output::Doc;
    use proptest::prelude::*;

    /// The two formats as serde_json writes the resolved findings.
    fn by_serde(report: &Report) -> (Vec<u8>, Vec<u8>) {
        let all: Vec<_> = report.iter().map(|(d, f)| report.json(d, f)).collect();
        let mut array = serde_json::to_vec_pretty(&all).unwrap();
        array.push(b'\n');
        let mut lines = Vec::new();
        for j in &all {
            serde_json::to_writer(&mut lines, j).unwrap();
            lines.push(b'\n');
        }
        (array, lines)
    }

    fn ours(report: &Report) -> (Vec<u8>, Vec<u8>) {
        let (mut array, mut lines) = (Vec::new(), Vec::new());
        write_array(&mut array, report).unwrap();
        write_lines(&mut lines, report).unwrap();
        (array, lines)
    }

    /// Findings with `text` in every string field, some with fixes,
    /// edits and related locations (one in the other document, one in a
    /// document that is not there), some with none.
    fn report_docs(text: &str) -> (Vec<Doc>, Vec<Vec<Finding>>) {
        let docs = vec![
            Doc {
                name: format!("a/{text}.txt"),
                text: format!("{text}\nline two é\n"),
            },
            Doc {
                name: "b.txt".into(),
                text: "x".into(),
            },
            Doc {
                name: "empty.txt".into(),
                text: String::new(),
            },
        ];
        let end = docs[0].text.len();
        let rich = Finding::new(
            &crate::rules::numbers::glued_digits::META,
            0..end,
            text.to_string(),
        )
        .with_related(DocRef::This, 1..2, text.to_string())
        .with_related(DocRef::Other(1), 0..1, "there")
        .with_related(DocRef::Other(9), 0..1, "gone")
        .with_fix(Fix::safe(text.to_string(), vec![]))
        .with_fix(Fix::unsafe_(
            "two edits",
            vec![
                Edit {
                    span: 0..0,
                    new_text: text.into(),
                },
                Edit {
                    span: end..end,
                    new_text: String::new(),
                },
            ],
        ));
        let plain = Finding::new(&crate::rules::structure::blank_lines::META, 1..1, "");
        (docs, vec![vec![rich, plain.clone()], vec![], vec![plain]])
    }

    fn same_as_serde(text: &str) {
        let (docs, findings) = report_docs(text);
        let report = Report::new(&docs, &findings);
        let (ours, theirs) = (ours(&report), by_serde(&report));
        assert_eq!(
            String::from_utf8_lossy(&ours.0),
            String::from_utf8_lossy(&theirs.0)
        );
        assert_eq!(ours.1, theirs.1);
    }

    #[test]
    fn written_like_serde() {
        for text in [
            "",
            "plain",
            "quote \" backslash \\ slash /",
            "\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}",
            "curly “quotes” and 中文 and 🎉",
        ] {
            same_as_serde(text);
        }
        let none: Vec<Vec<Finding>> = vec![vec![], vec![]];
        let docs = report_docs("").0;
        let report = Report::new(&docs[..2], &none);
        assert_eq!(ours(&report), by_serde(&report));
    }

    /// A document dense in findings is written in pieces and batches: the
    /// bytes are those of one pass, at every boundary (one piece exactly,
    /// one finding past it, several batches, empty documents between).
    #[test]
    fn pieces_and_batches_write_the_same_bytes() {
        let (docs, mut findings) = report_docs("piece");
        let one = findings[0][0].clone();
        let plain = findings[2][0].clone();
        for n in [PIECE, PIECE + 1, BATCH_FINDINGS + 3 * PIECE + 7] {
            findings[0] = (0..n)
                .map(|k| {
                    if k % 3 == 0 {
                        one.clone()
                    } else {
                        plain.clone()
                    }
                })
                .collect();
            findings[2] = vec![plain.clone(); PIECE - 1];
            let report = Report::new(&docs, &findings);
            let (ours, theirs) = (ours(&report), by_serde(&report));
            assert!(ours.0 == theirs.0, "array differs with {n} findings");
            assert!(ours.1 == theirs.1, "lines differ with {n} findings");
        }
    }

    /// [`next_to_escape`] by its definition, at every start.
    fn escapes_agree(bytes: &[u8]) {
        let plain = |from: usize| {
            (from..bytes.len()).find(|&i| bytes[i] < 0x20 || bytes[i] == b'"' || bytes[i] == b'\\')
        };
        for from in 0..=bytes.len() + 1 {
            assert_eq!(
                next_to_escape(bytes, from),
                plain(from),
                "{bytes:?} from {from}"
            );
        }
    }

    #[test]
    fn escapes_are_found_at_every_position() {
        for b in 0..=255u8 {
            for at in 0..10 {
                let mut bytes = vec![b'a'; 10];
                bytes[at] = b;
                escapes_agree(&bytes);
                // After a byte that borrows (0x00, 0x1f) and before one.
                bytes[(at + 1) % 10] = 0;
                escapes_agree(&bytes);
            }
        }
    }

    proptest! {
        #[test]
        fn escape_search_follows_its_definition(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            escapes_agree(&bytes);
        }

        #[test]
        fn any_text_is_written_like_serde(text in "(\\PC|[\\x00-\\x1f\"\\\\])*") {
            same_as_serde(&text);
        }
    }
}
