//! The server and the engine never disagree: on every seed article the
//! published diagnostics equal the engine's findings, alone (no workspace
//! folder, like `lede check FILE`) and with the seeds folder as workspace
//! (like `lede check` over the folder: `Engine::check_corpus`).

mod common;

use std::path::PathBuf;

use common::lsp_client::{file_uri, LspClient};
use lede::text::{ColumnUnit, LineIndex};
use lede::{Config, Engine, Finding};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_lede");

fn seeds() -> Option<Vec<PathBuf>> {
    common::shared::seeds_dir()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    files.sort();
    Some(files)
}

/// The seeds folder without `..` (URIs are normalised).
fn seeds_dir() -> PathBuf {
    std::fs::canonicalize(common::shared::seeds_dir().unwrap()).unwrap()
}

/// (rule, start line, start col, end line, end col) in UTF-16 units.
type Key = (String, u32, u32, u32, u32);

fn engine_keys(text: &str, findings: &[Finding]) -> Vec<Key> {
    let lines = LineIndex::new(text);
    findings
        .iter()
        .map(|f| {
            let a = lines.to_line_col(text, f.span.start, ColumnUnit::Utf16);
            let b = lines.to_line_col(text, f.span.end, ColumnUnit::Utf16);
            (f.rule.to_string(), a.line, a.col, b.line, b.col)
        })
        .collect()
}

fn server_keys(diags: &[Value]) -> Vec<Key> {
    diags
        .iter()
        .map(|d| {
            let r = &d["range"];
            let n = |v: &Value| v.as_u64().unwrap() as u32;
            (
                d["code"].as_str().unwrap().to_string(),
                n(&r["start"]["line"]),
                n(&r["start"]["character"]),
                n(&r["end"]["line"]),
                n(&r["end"]["character"]),
            )
        })
        .collect()
}

#[test]
fn seeds_alone_match_engine_check() {
    let Some(files) = seeds() else { return };
    let engine = Engine::new(Config::default()).unwrap();
    let mut c = LspClient::spawn(BIN);
    c.initialize(None, false, json!({"debounceMs": 0}));
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let uri = file_uri(path);
        c.open(&uri, &text, i as i64 + 1);
        let got = server_keys(&c.diagnostics(&uri, Some(i as i64 + 1)));
        let want = engine_keys(&text, &engine.check(&text));
        assert_eq!(got, want, "{}", path.display());
    }
    c.shutdown();
}

#[test]
fn seeds_as_workspace_match_check_corpus() {
    let Some(files) = seeds() else { return };
    let engine = Engine::new(Config::default()).unwrap();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let corpus = engine.check_corpus(&refs);
    let mut c = LspClient::spawn(BIN);
    c.initialize(
        Some(&file_uri(&seeds_dir())),
        false,
        json!({"debounceMs": 0}),
    );
    c.wait_for(std::time::Duration::from_secs(30), |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    })
    .expect("indexed");
    let mut corpus_level = 0;
    for (i, path) in files.iter().enumerate() {
        let uri = file_uri(path);
        c.open(&uri, &texts[i], 1);
        let diags = c.diagnostics(&uri, Some(1));
        let want = engine_keys(&texts[i], &corpus[i]);
        assert_eq!(server_keys(&diags), want, "{}", path.display());
        // Related locations in other files point at those files' URIs.
        for (d, f) in diags.iter().zip(&corpus[i]) {
            for (r, fr) in d["relatedInformation"]
                .as_array()
                .into_iter()
                .flatten()
                .zip(&f.related)
            {
                if let lede::finding::DocRef::Other(j) = fr.doc {
                    assert_eq!(r["location"]["uri"], file_uri(&files[j]));
                    corpus_level += 1;
                }
            }
        }
    }
    // The corpus view differs from the files alone (repeated furniture).
    let alone: usize = texts.iter().map(|t| engine.check(t).len()).sum();
    let together: usize = corpus.iter().map(Vec::len).sum();
    assert!(together > alone, "{together} <= {alone}");
    println!("{corpus_level} related locations in other files checked");
    c.shutdown();
}
