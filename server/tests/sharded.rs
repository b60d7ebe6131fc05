//! A corpus split into shards and checked in two passes (`lede index` per
//! shard, `lede index --merge`, then `lede check --index` per shard)
//! reports exactly what one `lede check` over the whole corpus reports:
//! on 10,000 generated articles (files), on the examples and seeds as JSON
//! Lines, and with `xargs -P2` as a shell pipeline would run it. The Spark
//! run of the same recipe is `tests/spark.rs`.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "../benches/support/corpus_gen.rs"]
mod corpus_gen;

fn lede() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lede"));
    c.env("NO_COLOR", "1");
    c
}

fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> (i32, Vec<u8>, String) {
    let mut child = lede()
        .current_dir(dir)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The findings of a `--format json` report, one JSON text each.
fn findings_of(json: &[u8]) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(json).expect("a JSON report");
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| f.to_string())
        .collect()
}

const CORPUS_RULES: [&str; 3] = [
    "boilerplate/repeated-line",
    "names/cross-file-variant",
    "names/title-case",
];

fn corpus_findings(all: &[String]) -> usize {
    all.iter()
        .filter(|f| {
            CORPUS_RULES
                .iter()
                .any(|r| f.contains(&format!("\"rule\":\"{r}\"")))
        })
        .count()
}

/// The two passes over `shards` (lists of paths relative to `dir`): the
/// findings of every shard, in shard order.
fn two_pass(dir: &Path, shards: &[Vec<String>]) -> Vec<String> {
    let mut parts = Vec::new();
    for (i, shard) in shards.iter().enumerate() {
        let out = format!("part{i}.idx");
        let mut args = vec!["index", "-o", &out];
        args.extend(shard.iter().map(String::as_str));
        let (code, _, err) = run(dir, &args, None);
        assert_eq!(code, 0, "lede index: {err}");
        parts.push(out);
    }
    let mut args = vec!["index", "--merge", "-o", "all.idx"];
    args.extend(parts.iter().map(String::as_str));
    let (code, _, err) = run(dir, &args, None);
    assert_eq!(code, 0, "lede index --merge: {err}");
    let mut found = Vec::new();
    for shard in shards {
        let mut args = vec!["check", "--format", "json", "--index", "all.idx"];
        args.extend(shard.iter().map(String::as_str));
        let (code, out, err) = run(dir, &args, None);
        assert!(code == 0 || code == 1, "lede check --index: {err}");
        found.extend(findings_of(&out));
    }
    found
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

#[test]
fn ten_thousand_articles_in_four_shards_report_what_one_run_does() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let n = 10_000;
    let mut names = Vec::new();
    for (i, text) in corpus_gen::corpus(7, n).into_iter().enumerate() {
        let name = format!("corpus/article_{i:06}.txt");
        std::fs::write(dir.path().join(&name), text).unwrap();
        names.push(name);
    }
    let (code, out, err) = run(dir.path(), &["check", "--format", "json", "corpus"], None);
    assert!(code == 0 || code == 1, "{err}");
    let single = findings_of(&out);
    // Not vacuous: the generated corpus has every kind of corpus finding.
    for rule in CORPUS_RULES {
        assert!(
            single
                .iter()
                .any(|f| f.contains(&format!("\"rule\":\"{rule}\""))),
            "no {rule} finding in one run"
        );
    }
    // Shards that are not runs of the directory order: every fourth file.
    let shards: Vec<Vec<String>> = (0..4)
        .map(|s| names.iter().skip(s).step_by(4).cloned().collect())
        .collect();
    let sharded = two_pass(dir.path(), &shards);
    assert_eq!(sorted(&sharded), sorted(&single));

    // And what a shard alone reports without the index is less: this is
    // what the index is for.
    let mut args = vec!["check", "--format", "json"];
    args.extend(shards[0].iter().map(String::as_str));
    let (_, out, _) = run(dir.path(), &args, None);
    let alone = findings_of(&out);
    let in_shard: BTreeSet<&String> = single
        .iter()
        .filter(|f| {
            let v: serde_json::Value = serde_json::from_str(f).unwrap();
            shards[0].iter().any(|p| v["path"] == p.as_str())
        })
        .collect();
    assert!(
        corpus_findings(&alone)
            < corpus_findings(&in_shard.into_iter().cloned().collect::<Vec<_>>())
    );
}

fn jsonl_corpus() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut docs: Vec<(String, String)> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                format!("examples/{}", p.file_name().unwrap().to_string_lossy()),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    docs.sort();
    for (i, text) in corpus_gen::corpus(3, 300).into_iter().enumerate() {
        docs.push((corpus_gen::id(i), text));
    }
    docs
}

fn jsonl(docs: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (id, text) in docs {
        serde_json::to_writer(&mut out, &serde_json::json!({"id": id, "text": text})).unwrap();
        out.push(b'\n');
    }
    out
}

/// The output lines of `lede check --stdin-jsonl`, each with its id.
fn jsonl_lines(out: &[u8]) -> Vec<String> {
    String::from_utf8(out.to_vec())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn json_lines_shards_report_what_one_run_does() {
    let dir = tempfile::tempdir().unwrap();
    let docs = jsonl_corpus();
    let (code, out, err) = run(dir.path(), &["check", "--stdin-jsonl"], Some(&jsonl(&docs)));
    assert_eq!(code, 0, "{err}");
    let single = jsonl_lines(&out);
    assert_eq!(single.len(), docs.len());
    assert!(corpus_findings(&single) > 0);
    // Three shards of unequal size, out of order.
    let shards: Vec<Vec<(String, String)>> = (0..3)
        .map(|s| {
            docs.iter()
                .enumerate()
                .filter(|(i, _)| (i * 7 + s) % 3 == 0)
                .map(|(_, d)| d.clone())
                .collect()
        })
        .collect();
    let mut parts = Vec::new();
    for (i, shard) in shards.iter().enumerate() {
        let out = format!("p{i}.idx");
        let (code, _, err) = run(
            dir.path(),
            &["index", "--stdin-jsonl", "-o", &out],
            Some(&jsonl(shard)),
        );
        assert_eq!(code, 0, "{err}");
        parts.push(out);
    }
    // Merged in another order than built: the same index.
    let (code, _, err) = run(
        dir.path(),
        &[
            "index", "--merge", "-o", "all.idx", &parts[2], &parts[0], &parts[1],
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        dir.path(),
        &[
            "index",
            "--merge",
            "-o",
            "again.idx",
            &parts[1],
            &parts[2],
            &parts[0],
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("all.idx")).unwrap(),
        std::fs::read(dir.path().join("again.idx")).unwrap()
    );
    let mut sharded = Vec::new();
    for shard in &shards {
        let (code, out, err) = run(
            dir.path(),
            &["check", "--stdin-jsonl", "--index", "all.idx"],
            Some(&jsonl(shard)),
        );
        assert_eq!(code, 0, "{err}");
        sharded.extend(jsonl_lines(&out));
    }
    assert_eq!(sorted(&sharded), sorted(&single));
}

#[test]
fn xargs_two_pass_over_the_examples_reports_what_one_run_does() {
    let dir = tempfile::tempdir().unwrap();
    let examples = dir.path().join("examples");
    std::fs::create_dir(&examples).unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    for e in std::fs::read_dir(&root).unwrap() {
        let p = e.unwrap().path();
        // The articles and their lede.toml (checked with it in both runs).
        if p.extension().is_some_and(|e| e == "txt" || e == "toml") {
            std::fs::copy(&p, examples.join(p.file_name().unwrap())).unwrap();
        }
    }
    let lede = env!("CARGO_BIN_EXE_lede");
    let (code, out, err) = run(dir.path(), &["check", "--format", "json", "examples"], None);
    assert!(code == 0 || code == 1, "{err}");
    let single = findings_of(&out);
    assert!(
        corpus_findings(&single) > 0,
        "the examples have corpus findings"
    );
    // The recipe of docs/pipelines.md: map, reduce, check, two files a job.
    let script = format!(
        "set -e
ls examples/*.txt | xargs -n2 -P2 sh -c '{lede} index -o \"part.$$.idx\" \"$@\"' _
{lede} index --merge -o all.idx part.*.idx
ls examples/*.txt | xargs -n2 -P2 {lede} check --index all.idx --format jsonl > found.jsonl || [ $? = 123 ]"
    );
    let status = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let sharded: Vec<String> = std::fs::read_to_string(dir.path().join("found.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(sorted(&sharded), sorted(&single));
}

#[test]
fn an_index_file_that_is_not_one_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "A short article.\n").unwrap();
    std::fs::write(dir.path().join("notes.idx"), "{\"id\": 1}\n").unwrap();
    std::fs::write(
        dir.path().join("old.idx"),
        "{\"format\":\"lede-corpus-index\",\"version\":0,\"groups\":[]}\n",
    )
    .unwrap();
    let (code, _, err) = run(
        dir.path(),
        &["check", "--index", "notes.idx", "a.txt"],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("notes.idx: not a lede corpus index"), "{err}");
    let (code, _, err) = run(dir.path(), &["check", "--index", "old.idx", "a.txt"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("old.idx: corpus index format version 0"),
        "{err}"
    );
    let (code, _, err) = run(
        dir.path(),
        &["index", "--merge", "-o", "x.idx", "old.idx"],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("old.idx"), "{err}");
    let (code, _, err) = run(
        dir.path(),
        &["check", "--index", "missing.idx", "a.txt"],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("missing.idx: cannot read"), "{err}");
    // A file changed since it was indexed.
    let (code, _, err) = run(dir.path(), &["index", "-o", "a.idx", "a.txt"], None);
    assert_eq!(code, 0, "{err}");
    std::fs::write(dir.path().join("a.txt"), "Another text now.\n").unwrap();
    let (code, _, err) = run(dir.path(), &["check", "--index", "a.idx", "a.txt"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("a.txt is not the text the corpus index was built from"),
        "{err}"
    );
    // The same document in two shards cannot be merged.
    let (code, _, err) = run(dir.path(), &["index", "-o", "b.idx", "a.txt"], None);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        dir.path(),
        &["index", "--merge", "-o", "c.idx", "b.idx", "b.idx"],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("two documents named \"a.txt\""), "{err}");
}
