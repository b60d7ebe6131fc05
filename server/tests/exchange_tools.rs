//! lede's exports read by the real tools (issue 21): spaCy loads every
//! entity with strict alignment and converts the CoNLL file, doccano and
//! Label Studio files follow their documented shapes and come back
//! through `lede import` byte for byte, brat files follow the standoff
//! rules. The Python side is `tests/exchange/check_tools.py`; spaCy is
//! installed into `.tools/venv` by `tests/exchange/install.sh` (run by
//! tests/run). Without it the test says so and passes, unless `CI` is set.

#[path = "../benches/support/corpus_gen.rs"]
mod corpus_gen;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The venv's Python when it has spaCy; else `None` after saying why
/// (a panic under `CI`).
fn python_with_spacy() -> Option<PathBuf> {
    let python = root().join(".tools/venv/bin/python");
    let ok = python.is_file()
        && Command::new(&python)
            .args(["-c", "import spacy"])
            .output()
            .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    let msg = format!(
        "skipped: no spaCy in {} (bash tests/exchange/install.sh installs it)",
        python.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}; CI is set, so this is a failure");
    }
    let _ = writeln!(std::io::stderr(), "{msg}");
    None
}

fn lede(args: &[&str], dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "lede {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Tagged articles in the canonical form lede writes.
fn write_articles(dir: &Path) -> Vec<(String, String)> {
    let mut articles = Vec::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exchange");
    for f in ["harbour_talks.txt", "mixed_scripts.txt"] {
        articles.push((
            f.to_string(),
            std::fs::read_to_string(fixtures.join(f)).unwrap(),
        ));
    }
    for i in 0..300 {
        articles.push((
            format!("gen/{}.txt", corpus_gen::id(i)),
            corpus_gen::tagged_article(7, i),
        ));
    }
    for (name, text) in &articles {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    articles
}

fn same_articles(dir: &Path, articles: &[(String, String)]) {
    for (name, text) in articles {
        let got = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&got, text, "{name}");
    }
}

#[test]
fn the_real_tools_read_what_lede_writes() {
    let Some(python) = python_with_spacy() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let articles = write_articles(&w.join("articles"));
    for (format, out) in [
        ("spacy", "train.jsonl"),
        ("conll", "corpus.conll"),
        ("doccano", "doccano.jsonl"),
        ("label-studio", "tasks.json"),
        ("brat", "brat"),
    ] {
        lede(&["export", "--to", format, "articles", "-o", out], w);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/exchange/check_tools.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(w)
        .arg("PER,ORG,LOC,MISC")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    let _ = writeln!(std::io::stderr(), "{report}");
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for what in ["spaCy", "spacy convert", "doccano", "Label Studio", "brat"] {
        assert!(report.contains(what), "{report}");
    }
    // Back from what the tools export, byte for byte.
    lede(
        &[
            "import",
            "--from",
            "doccano",
            "doccano-from-tool.jsonl",
            "-o",
            "from-doccano",
        ],
        w,
    );
    same_articles(&w.join("from-doccano"), &articles);
    lede(
        &[
            "import",
            "--from",
            "label-studio",
            "label-studio-from-tool.json",
            "-o",
            "from-ls",
        ],
        w,
    );
    same_articles(&w.join("from-ls"), &articles);
    lede(&["import", "--from", "brat", "brat", "-o", "from-brat"], w);
    same_articles(&w.join("from-brat"), &articles);
}
