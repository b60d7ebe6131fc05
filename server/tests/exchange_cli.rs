//! `lede export` / `lede import` as a user runs them: the workflows of
//! docs/annotation.md (its `sh` blocks, run in order), and refusals: exit
//! status 2, the file and line or record named, nothing written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn lede(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `dir/articles/`: the exchange fixtures and example 05 with its two
/// deliberate tag errors repaired (in the form lede writes), and the
/// examples' `lede.toml`. Returns the articles.
fn scratch(dir: &Path) -> Vec<(String, String)> {
    let mut articles = Vec::new();
    for f in ["harbour_talks.txt", "mixed_scripts.txt"] {
        let text =
            std::fs::read_to_string(manifest().join("tests/fixtures/exchange").join(f)).unwrap();
        articles.push((f.to_string(), text));
    }
    let ex =
        std::fs::read_to_string(manifest().join("../examples/05_tagged_dorvik_visit.txt")).unwrap();
    let repaired = ex
        .replace("]{PER,", "]{PER},")
        .replace("{PRE}", "{PER}")
        .replace("[1]", "\\[1\\]");
    articles.push(("05_tagged_dorvik_visit.txt".into(), repaired));
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    for (name, text) in &articles {
        std::fs::write(dir.join("articles").join(name), text).unwrap();
    }
    std::fs::copy(
        manifest().join("../examples/lede.toml"),
        dir.join("lede.toml"),
    )
    .unwrap();
    articles
}

/// The fenced blocks of docs/annotation.md: (language, the line before
/// the fence's paragraph, body).
fn doc_blocks() -> Vec<(String, String, String)> {
    let doc = std::fs::read_to_string(manifest().join("../docs/annotation.md")).unwrap();
    let mut blocks = Vec::new();
    let mut lines = doc.lines();
    let mut previous = String::new();
    while let Some(line) = lines.next() {
        // The page's later sections (`lede tag`, `lede entities`) have tests of their own.
        if line.starts_with("<!-- end of the exchange workflows") {
            break;
        }
        if let Some(lang) = line.strip_prefix("```") {
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .collect();
            blocks.push((lang.to_string(), previous.clone(), body.join("\n") + "\n"));
        } else if !line.trim().is_empty() {
            previous = line.to_string();
        }
    }
    blocks
}

fn venv_bin() -> Option<PathBuf> {
    let bin = manifest().join("../.tools/venv/bin");
    let ok = Command::new(bin.join("python"))
        .args(["-c", "import spacy"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(bin)
}

#[test]
fn the_documented_workflows_run_and_round_trip() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let articles = scratch(w);
    let venv = venv_bin();
    if venv.is_none() {
        let msg = "skipped (in part): the Python lines of docs/annotation.md need spaCy in .tools/venv (bash tests/exchange/install.sh)";
        assert!(
            std::env::var_os("CI").is_none(),
            "{msg}; CI is set, so this is a failure"
        );
        let _ = writeln!(std::io::stderr(), "{msg}");
    }
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_lede"))
        .parent()
        .unwrap()
        .to_path_buf();
    let mut path = vec![bin_dir];
    path.extend(venv.clone());
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(path).unwrap();
    let mut ran = 0;
    for (lang, before, body) in doc_blocks() {
        if lang == "python" {
            let name = before.trim().trim_matches(['`', ':']);
            assert!(
                name.ends_with(".py"),
                "a python block needs its file name above it: {before:?}"
            );
            std::fs::write(w.join(name), &body).unwrap();
            continue;
        }
        if lang != "sh" {
            continue;
        }
        for line in body.lines().filter(|l| !l.trim().is_empty()) {
            if line.starts_with("python") && venv.is_none() {
                continue;
            }
            let out = Command::new("bash")
                .args(["-euo", "pipefail", "-c", line])
                .current_dir(w)
                .env("PATH", &path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{line}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                stderr(&out)
            );
            ran += 1;
        }
    }
    assert!(ran >= 10, "only {ran} commands in docs/annotation.md");
    // What the page promises: the articles come back byte for byte.
    for dir in [
        "from-brat",
        "from-spacy",
        "from-doccano",
        "from-label-studio",
    ] {
        for (name, text) in &articles {
            let got = std::fs::read_to_string(w.join(dir).join(name)).unwrap();
            assert_eq!(&got, text, "{dir}/{name}");
        }
    }
    // CoNLL: numbered articles whose CoNLL export is the file itself.
    let again = lede(
        w,
        &["export", "--to", "conll", "from-conll", "-o", "again.conll"],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(w.join("again.conll")).unwrap(),
        std::fs::read_to_string(w.join("corpus.conll")).unwrap()
    );
    // The .ann lines shown on the page are the real ones.
    let ann = std::fs::read_to_string(w.join("brat/05_tagged_dorvik_visit.ann")).unwrap();
    let shown = doc_blocks()
        .into_iter()
        .find(|b| b.0.is_empty() && b.2.starts_with("T1\t"))
        .unwrap()
        .2;
    assert!(ann.starts_with(&shown), "{ann}");
    if venv.is_some() {
        assert!(w.join("train.spacy").is_file());
        assert!(w.join("spacy-from-conll/corpus.spacy").is_file());
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Runs `lede import` on `input` (written as `file`) and expects a
/// refusal naming `want`, with nothing in the output directory.
fn refused_import(format: &str, file: &str, input: &str, want: &[&str]) {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    std::fs::write(w.join(file), input).unwrap();
    let o = lede(w, &["import", "--from", format, file, "-o", "out"]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    for s in want {
        assert!(e.contains(s), "{format}: want {s:?} in {e}");
    }
    assert!(e.contains("nothing was written"), "{e}");
    assert!(files_under(&w.join("out")).is_empty());
}

#[test]
fn bad_imports_are_refused_with_file_and_line() {
    let ok = r#"{"text": "Hao Peng met Lanwei", "label": [[0, 8, "PER"]]}"#;
    // A good first record does not get written when a later one is bad.
    refused_import(
        "doccano",
        "d.jsonl",
        &format!(
            "{ok}\n{}\n",
            r#"{"text": "Hao Peng", "label": [[0, 8, "COMPANY"]]}"#
        ),
        &["d.jsonl:2:", "\"COMPANY\" is not in lede.toml's labels"],
    );
    refused_import(
        "spacy",
        "s.jsonl",
        r#"{"text": "Hao Peng", "entities": [[0, 5, "PER"], [4, 8, "PER"]]}"#,
        &["s.jsonl:1:", "overlaps"],
    );
    refused_import(
        "spacy",
        "s.jsonl",
        r#"{"text": "Hao", "entities": [[0, 9, "PER"]]}"#,
        &["s.jsonl:1:", "past the end of the text (3 code points)"],
    );
    refused_import(
        "spacy",
        "s.jsonl",
        "{not json\n",
        &["s.jsonl:1:", "not a spaCy JSONL record"],
    );
    refused_import(
        "doccano",
        "d.jsonl",
        r#"{"text": "👍 ab", "label": [[1, 3, "PER"]]}"#,
        &["d.jsonl:1:", "inside a character"],
    );
    let task = |text: &str, start: u32, end: u32, said: &str| {
        format!(
            r#"{{"data": {{"text": "{text}"}}, "predictions": [{{"result": [{{"from_name": "label", "to_name": "text", "type": "labels", "value": {{"start": {start}, "end": {end}, "text": "{said}", "labels": ["LOC"]}}}}]}}]}}"#
        )
    };
    refused_import(
        "label-studio",
        "t.json",
        &format!(
            "[{}, {}]",
            task("in Lanwei", 3, 9, "Lanwei"),
            task("in Lanwei", 3, 9, "Lanwie")
        ),
        &[
            "t.json: task 2:",
            "\"Lanwie\" does not match the text at its offsets 3..9, \"Lanwei\"",
        ],
    );
    refused_import(
        "conll",
        "c.conll",
        "-DOCSTART- -X- O O\n\nHao B-PER\nPeng Z-PER\n",
        &["c.conll:4:", "\"Z-PER\""],
    );
    // brat: a discontinuous span, and a relation.
    for (ann, want) in [
        ("T1\tPER 0 3;4 8\tHao Peng\n", "discontinuous"),
        (
            "T1\tPER 0 8\tHao Peng\nR1\tRel Arg1:T1 Arg2:T1\n",
            "R1 is a relation",
        ),
        ("T1\tPER 0 8\tHao Pong\n", "does not match"),
    ] {
        let work = tempfile::tempdir().unwrap();
        let w = work.path();
        std::fs::create_dir(w.join("b")).unwrap();
        std::fs::write(w.join("b/a.txt"), "Hao Peng met Lanwei\n").unwrap();
        std::fs::write(w.join("b/a.ann"), ann).unwrap();
        let o = lede(w, &["import", "--from", "brat", "b", "-o", "out"]);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{e}");
        assert!(e.contains("a.ann:") && e.contains(want), "{e}");
        assert!(files_under(&w.join("out")).is_empty());
    }
}

#[test]
fn bad_exports_are_refused_and_nothing_is_replaced() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    std::fs::create_dir(w.join("a")).unwrap();
    std::fs::write(w.join("a/good.txt"), "[Hao Peng]{PER} met.\n").unwrap();
    std::fs::write(w.join("a/bad.txt"), "fine line\n[Hao]{PRE} said.\n").unwrap();
    let o = lede(w, &["export", "--to", "spacy", "a", "-o", "x.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("bad.txt:2:7:") && e.contains("\"PRE\""), "{e}");
    assert!(!w.join("x.jsonl").exists());
    std::fs::remove_file(w.join("a/bad.txt")).unwrap();
    // Written; a second run does not replace it without --force.
    assert!(lede(w, &["export", "--to", "spacy", "a", "-o", "x.jsonl"])
        .status
        .success());
    std::fs::write(w.join("x.jsonl"), "mine\n").unwrap();
    let o = lede(w, &["export", "--to", "spacy", "a", "-o", "x.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("exists already (--force replaces it)"));
    assert_eq!(
        std::fs::read_to_string(w.join("x.jsonl")).unwrap(),
        "mine\n"
    );
    assert!(lede(
        w,
        &["export", "--to", "spacy", "a", "-o", "x.jsonl", "--force"]
    )
    .status
    .success());
    assert!(std::fs::read_to_string(w.join("x.jsonl"))
        .unwrap()
        .contains("Hao Peng"));
    // An input is never an output, even with --force.
    let o = lede(w, &["export", "--to", "brat", "a", "-o", "a", "--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is an input"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(w.join("a/good.txt")).unwrap(),
        "[Hao Peng]{PER} met.\n"
    );
    // stdout for the one-file formats.
    let o = lede(w, &["export", "--to", "conll", "a", "-o", "-"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "-DOCSTART- -X- O O\n\nHao B-PER\nPeng I-PER\nmet O\n. O\n\n"
    );
}

#[test]
fn help_names_every_format() {
    let o = lede(Path::new("."), &["export", "--help"]);
    let h = String::from_utf8_lossy(&o.stdout);
    for f in [
        "brat",
        "conll",
        "spacy",
        "doccano",
        "label-studio",
        "docs/annotation.md",
    ] {
        assert!(h.contains(f), "{h}");
    }
}
