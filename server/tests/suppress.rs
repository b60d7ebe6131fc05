//! `[[allow]]` entries and `--baseline` / `--write-baseline`, through the
//! built binary on temporary projects.

use std::path::Path;
use std::process::{Command, Output};

const ARTICLE: &str = "Output rose 1 2 percent.\n\nSales fell 3 4 percent in May.\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lede"))
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn project(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lede.toml"), toml).unwrap();
    std::fs::create_dir(dir.path().join("wire")).unwrap();
    std::fs::write(dir.path().join("wire/a.txt"), ARTICLE).unwrap();
    dir
}

const ALLOW_12: &str =
    "[[allow]]\nrule = \"numbers/\"\ntext = \"1 2\"\nreason = \"a model number\"\n";

#[test]
fn both_findings_without_an_allow() {
    let dir = project("");
    let o = run(dir.path(), &["check", "wire/a.txt"]);
    assert!(
        out(&o).contains("1 2") && out(&o).contains("3 4"),
        "{}",
        out(&o)
    );
    assert!(!out(&o).contains("suppressed"), "{}", out(&o));
}

#[test]
fn an_allowed_finding_is_not_reported_and_is_counted() {
    let dir = project(ALLOW_12);
    let o = run(dir.path(), &["check", "wire/a.txt"]);
    let text = out(&o);
    let last = text
        .lines()
        .rfind(|l| !l.starts_with("Exit status"))
        .unwrap();
    assert!(
        last.contains("1 finding") && last.ends_with("1 suppressed by [[allow]]."),
        "{text}"
    );
    assert!(!text.contains("rose 1 2"), "{text}");
    assert!(text.contains("3 4"), "{text}");
    // JSON stays an array of the reported findings; the count goes to stderr.
    let o = run(dir.path(), &["check", "--format", "json", "wire/a.txt"]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert!(err(&o).contains("1 suppressed by [[allow]]"), "{}", err(&o));
}

#[test]
fn patterns_and_files_globs() {
    let toml = "[[allow]]\nrule = \"numbers/adjacent-numbers\"\npattern = '^\\d \\d$'\nfiles = \"wire/*.txt\"\nreason = \"r\"\n";
    let dir = project(toml);
    std::fs::write(dir.path().join("b.txt"), ARTICLE).unwrap();
    let o = run(
        dir.path(),
        &["check", "--format", "json", "wire/a.txt", "b.txt"],
    );
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let paths: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["b.txt", "b.txt"], "{}", out(&o));
    assert!(err(&o).contains("2 suppressed"), "{}", err(&o));
    // From another directory, the glob is still relative to lede.toml's.
    let o = run(
        &dir.path().join("wire"),
        &["check", "--format", "json", "a.txt"],
    );
    assert_eq!(out(&o).trim(), "[]", "{}", err(&o));
}

#[test]
fn fix_leaves_an_allowed_finding_alone() {
    // A run of blank lines has a safe fix.
    let dir = project("");
    let text = "The company said.\n\n\n\n\nIt rose last year.\n";
    std::fs::write(dir.path().join("t.txt"), text).unwrap();
    let o = run(dir.path(), &["check", "--format", "json", "t.txt"]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let fixable: Vec<&serde_json::Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["fixes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["safe"] == true)
        })
        .collect();
    assert!(
        !fixable.is_empty(),
        "the example needs a safely fixable finding: {}",
        out(&o)
    );
    let rule = fixable[0]["rule"].as_str().unwrap();
    let toml = format!("[[allow]]\nrule = {rule:?}\npattern = '.*'\nreason = \"r\"\n");
    std::fs::write(dir.path().join("lede.toml"), toml).unwrap();
    let o = run(dir.path(), &["check", "--fix", "t.txt"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.txt")).unwrap(),
        text,
        "{}",
        out(&o)
    );
    // Without the entry, --fix does fix it (the test can fail).
    std::fs::write(dir.path().join("lede.toml"), "").unwrap();
    run(dir.path(), &["check", "--fix", "t.txt"]);
    assert_ne!(
        std::fs::read_to_string(dir.path().join("t.txt")).unwrap(),
        text
    );
}

#[test]
fn a_missing_reason_is_a_located_config_error() {
    let dir = project("labels = [\"PER\"]\n\n[[allow]]\nrule = \"numbers\"\ntext = \"1 2\"\n");
    let o = run(dir.path(), &["check", "wire/a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("lede.toml:3:") && err(&o).contains("reason"),
        "{}",
        err(&o)
    );
    let dir = project("[[allow]]\nrule = \"numbrs\"\ntext = \"1 2\"\nreason = \"r\"\n");
    let o = run(dir.path(), &["check", "wire/a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("lede.toml:1:") && err(&o).contains("numbrs"),
        "{}",
        err(&o)
    );
}

#[test]
fn a_baseline_survives_inserted_lines_and_lets_new_findings_through() {
    let dir = project("");
    let o = run(
        dir.path(),
        &["check", "--write-baseline", "base.json", "wire/a.txt"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).is_empty(), "no report: {}", out(&o));
    let base = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(
        base.contains("\"version\": 1") && base.contains("wire/a.txt"),
        "{base}"
    );
    assert!(!base.contains("\"line\""), "{base}");

    let o = run(
        dir.path(),
        &["check", "--baseline", "base.json", "wire/a.txt"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(
        out(&o).contains("No findings in 1 file. 2 baselined."),
        "{}",
        out(&o)
    );

    // Lines inserted above both findings, and one new finding.
    let moved = format!("A headline\n\nA new paragraph.\n\n{ARTICLE}\nIt cost 5 6 dollars.\n");
    std::fs::write(dir.path().join("wire/a.txt"), moved).unwrap();
    let o = run(
        dir.path(),
        &[
            "check",
            "--baseline",
            "base.json",
            "--format",
            "json",
            "wire/a.txt",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let found = v.as_array().unwrap();
    assert_eq!(found.len(), 1, "{}", out(&o));
    assert_eq!(found[0]["line"], 9, "{}", out(&o));
    assert!(err(&o).contains("2 baselined"), "{}", err(&o));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_bad_baseline_names_the_file() {
    let dir = project("");
    for (content, says) in [
        ("not json", "not a lede baseline"),
        ("{\"version\": 9, \"findings\": []}", "version 9"),
        ("{\"findings\": []}", "no \"version\""),
    ] {
        std::fs::write(dir.path().join("bad.json"), content).unwrap();
        let o = run(
            dir.path(),
            &["check", "--baseline", "bad.json", "wire/a.txt"],
        );
        assert_eq!(o.status.code(), Some(2), "{content}");
        assert!(
            err(&o).contains("bad.json") && err(&o).contains(says),
            "{content}: {}",
            err(&o)
        );
        assert!(out(&o).is_empty());
    }
    let o = run(
        dir.path(),
        &["check", "--baseline", "missing.json", "wire/a.txt"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("missing.json"), "{}", err(&o));
}
