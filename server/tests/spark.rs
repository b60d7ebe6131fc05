//! The two-pass recipe of `docs/pipelines.md` run for real: PySpark in
//! local mode (`tests/spark/sharded_check.py`) with 1, 3 and 6 partitions,
//! each giving the findings of one `lede check --stdin-jsonl` over the same
//! articles (the examples, the seeds of `../shared` and 300 generated).
//!
//! PySpark comes from `tests/run`'s install stage (`tests/spark/install.sh`,
//! into `.tools/venv`); Java from the machine. When either is missing the
//! test says so and returns, and fails instead when `CI` is set.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

#[path = "../benches/support/corpus_gen.rs"]
mod corpus_gen;

fn skip(why: &str) {
    let msg = format!("skipped: {why} (tests/spark/install.sh installs PySpark into .tools/venv)");
    if std::env::var_os("CI").is_some() {
        panic!("{msg}; CI is set, so this is a failure");
    }
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// `.tools/venv`'s Python when it can import pyspark.
fn spark_python() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join(".tools/venv/bin/python");
    let ok = Command::new(&python)
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(python)
}

#[test]
fn spark_partitions_report_what_one_run_does() {
    let Some(python) = spark_python() else {
        return skip("pyspark is not installed in .tools/venv");
    };
    if !Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return skip("java is not installed");
    }
    let mut docs: Vec<(String, String)> = Vec::new();
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut dirs = vec![examples];
    if let Some(seeds) = common::shared::seeds_dir() {
        dirs.push(seeds);
    }
    for dir in dirs {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            docs.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    }
    for (i, text) in corpus_gen::corpus(11, 300).into_iter().enumerate() {
        docs.push((corpus_gen::id(i), text));
    }
    let work = tempfile::tempdir().unwrap();
    let articles = work.path().join("articles.jsonl");
    let mut input = Vec::new();
    for (id, text) in &docs {
        serde_json::to_writer(&mut input, &serde_json::json!({"id": id, "text": text})).unwrap();
        input.push(b'\n');
    }
    std::fs::write(&articles, input).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/spark/sharded_check.py");
    let out = Command::new(python)
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_lede"))
        .arg(&articles)
        .arg(work.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let _ = writeln!(std::io::stderr(), "{stdout}");
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for p in [1, 3, 6] {
        assert!(
            stdout.contains(&format!("partitions {p}: identical")),
            "{stdout}"
        );
    }
}
