//! `lede check --stdin-jsonl`: the pipeline stage. JSON Lines `{"id", "text"}`
//! in, one `{"id", "findings"[, "fixed"]}` line out per input line, in
//! order; all of stdin is one corpus.

use std::io::{Read, Write};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use super::index_cmd::RunEngines;
use super::output::{Doc, JsonFinding, Report};
use super::run::{check_docs_once, fix_docs, suppress_all};
use super::select::Selection;
use super::{error, EXIT_ERROR, EXIT_OK};
use crate::base::fix::FixMode;
use crate::engine::index_file::IndexFile;
use crate::engine::Engine;

#[derive(Serialize)]
struct OkLine<'a> {
    id: &'a Value,
    findings: Vec<JsonFinding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<&'a str>,
}

#[derive(Serialize)]
struct ErrLine {
    line: usize,
    error: String,
}

/// One input line: a document (its id and index in the corpus) or why not.
pub(crate) enum Parsed {
    Doc(Value, usize),
    Bad(String),
}

/// The id as a path: a string as itself, anything else as its JSON.
fn id_name(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn parse_line(bytes: &[u8]) -> Result<(Value, String), String> {
    let line = std::str::from_utf8(bytes)
        .map_err(|e| format!("invalid UTF-8 at byte {} of the line", e.valid_up_to() + 1))?;
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(mut obj) = value else {
        return Err("expected a JSON object {\"id\": .., \"text\": ..}".into());
    };
    let id = obj.remove("id").ok_or("missing \"id\"")?;
    match obj.remove("text") {
        Some(Value::String(text)) => Ok((id, text)),
        Some(_) => Err("\"text\" must be a string".into()),
        None => Err("missing \"text\"".into()),
    }
}

/// Splits stdin into lines (`\n` or `\r\n`; a final newline ends the last
/// line rather than opening an empty one).
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    body.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .collect()
}

/// Reads the JSON Lines on stdin: the documents, and what each line is.
pub(crate) fn read_docs() -> Result<(Vec<Doc>, Vec<Parsed>), String> {
    let mut input = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut input)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    let raw = lines(&input);
    let results: Vec<Result<(Value, String), String>> =
        raw.par_iter().map(|l| parse_line(l)).collect();
    drop(input);
    let mut docs = Vec::new();
    let mut parsed = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok((id, text)) => {
                parsed.push(Parsed::Doc(id.clone(), docs.len()));
                docs.push(Doc {
                    name: id_name(&id),
                    text,
                });
            }
            Err(m) => parsed.push(Parsed::Bad(m)),
        }
    }
    Ok((docs, parsed))
}

/// The pipeline stage, every document checked by `engine` (of the
/// configuration with corpus key `key`); with `index`, the documents are
/// checked in its corpus of that configuration (`--index`).
pub fn run(
    key: String,
    engine: Engine,
    selection: &Selection,
    fix: Option<FixMode>,
    mut index: Option<IndexFile>,
) -> i32 {
    let (mut docs, parsed) = match read_docs() {
        Ok(read) => read,
        Err(m) => {
            error(m);
            return EXIT_ERROR;
        }
    };
    let engines = RunEngines::one(key, engine, docs.len());
    let checked = check_docs_once(&engines, selection, &docs, index.as_mut(), None);
    let (corpus, mut findings, _) = match checked {
        Ok(checked) => checked,
        Err(m) => {
            error(format!("--index: {m}"));
            return EXIT_ERROR;
        }
    };
    // Corpus ids are not paths: only `[[allow]]` entries without `files`
    // apply.
    let paths: Vec<Option<String>> = Vec::new();
    suppress_all(&engines, &docs, &paths, &mut findings);
    if let Some(mode) = fix {
        let fixed = fix_docs(&engines, selection, &docs, &paths, &corpus, &findings, mode);
        if fixed.iter().any(Option::is_some) {
            for (d, f) in docs.iter_mut().zip(fixed) {
                if let Some((text, _)) = f {
                    d.text = text;
                }
            }
            findings = check_docs_once(&engines, selection, &docs, None, None)
                .expect("no index, no error")
                .1;
            suppress_all(&engines, &docs, &paths, &mut findings);
        }
    }

    let mut report = Report::new(&docs, &findings);
    report.external = corpus.externals();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    for (n, p) in parsed.iter().enumerate() {
        let written = match p {
            Parsed::Doc(id, i) => serde_json::to_writer(
                &mut out,
                &OkLine {
                    id,
                    findings: findings[*i].iter().map(|f| report.json(*i, f)).collect(),
                    fixed: fix.map(|_| docs[*i].text.as_str()),
                },
            ),
            Parsed::Bad(m) => serde_json::to_writer(
                &mut out,
                &ErrLine {
                    line: n + 1,
                    error: m.clone(),
                },
            ),
        };
        if let Err(e) = written
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
        {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                error(format!("cannot write to stdout: {e}"));
            }
            return EXIT_ERROR;
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            error(format!("cannot write to stdout: {e}"));
        }
        return EXIT_ERROR;
    }
    EXIT_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_like_json_lines() {
        assert_eq!(lines(b""), Vec::<&[u8]>::new());
        assert_eq!(lines(b"a\r\nb\n"), vec![&b"a"[..], b"b"]);
        assert_eq!(lines(b"a\n\nb"), vec![&b"a"[..], b"", b"b"]);
    }

    #[test]
    fn bad_lines_say_why() {
        assert!(parse_line(b"{\"id\":1}").unwrap_err().contains("text"));
        assert!(parse_line(b"[1]").unwrap_err().contains("object"));
        assert!(parse_line(b"{").unwrap_err().contains("invalid JSON"));
        let (id, text) = parse_line(b"{\"id\":{\"k\":1},\"text\":\"x\",\"extra\":2}").unwrap();
        assert_eq!((id_name(&id), text.as_str()), ("{\"k\":1}".into(), "x"));
    }
}
