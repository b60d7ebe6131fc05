//! Each file is checked with its nearest `lede.toml` (not the first
//! path's), `--config FILE` applies to every file, and corpus facts are
//! shared only by files under the same configuration.

use std::path::Path;
use std::process::Command;

fn lede(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lede"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const ARTICLE: &str =
    "Follow Harbour Daily on WeChat\nMayor [Hao Peng]{PRE} spoke.\n\n\n\nThe end came.\n";

/// a/ (with a lede.toml turning `tags` off), a/sub/ (with its own, every
/// rule an error), b/ (none): the same article in each.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for d in ["a/sub", "b"] {
        std::fs::create_dir_all(p.join(d)).unwrap();
    }
    std::fs::write(p.join("a/lede.toml"), "[rules]\n\"tags\" = \"off\"\n").unwrap();
    std::fs::write(p.join("a/sub/lede.toml"), "[rules]\nALL = \"error\"\n").unwrap();
    for f in ["a/x.txt", "a/y.txt", "a/sub/x.txt", "b/x.txt", "b/y.txt"] {
        std::fs::write(p.join(f), ARTICLE).unwrap();
    }
    dir
}

fn sorted_lines(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s.lines().map(str::to_string).collect();
    v.sort();
    v
}

fn of<'a>(lines: &'a [String], path: &str) -> Vec<&'a String> {
    let key = format!("\"path\":\"{path}\"");
    lines.iter().filter(|l| l.contains(&key)).collect()
}

#[test]
fn the_order_of_the_paths_does_not_change_the_findings() {
    let dir = tree();
    let (c1, ab, e1) = lede(dir.path(), &["check", "--format", "jsonl", "a", "b"]);
    let (c2, ba, e2) = lede(dir.path(), &["check", "--format", "jsonl", "b", "a"]);
    assert_eq!((c1, c2), (1, 1), "{e1}{e2}");
    let (ab, ba) = (sorted_lines(&ab), sorted_lines(&ba));
    assert_eq!(ab, ba);
    // a/'s lede.toml turns tags off for a/ only.
    assert!(of(&ab, "a/x.txt")
        .iter()
        .all(|l| !l.contains("\"rule\":\"tags/")));
    assert!(of(&ab, "b/x.txt")
        .iter()
        .any(|l| l.contains("\"rule\":\"tags/unknown-label\"")));
    // The nested one wins under a/sub/: tags are back, every rule an error.
    let sub = of(&ab, "a/sub/x.txt");
    assert!(sub
        .iter()
        .any(|l| l.contains("\"rule\":\"tags/unknown-label\"")));
    assert!(
        sub.iter().all(|l| l.contains("\"severity\":\"error\"")),
        "{sub:?}"
    );
    assert!(of(&ab, "a/x.txt")
        .iter()
        .any(|l| !l.contains("\"severity\":\"error\"")));
    // Corpus facts stay within a configuration: the line repeated in all
    // five files is counted in b/'s two only (the default needs three).
    assert!(
        ab.iter().all(|l| !l.contains("boilerplate/repeated-line")),
        "{ab:?}"
    );
}

#[test]
fn config_applies_to_every_file() {
    let dir = tree();
    let (code, out, err) = lede(
        dir.path(),
        &[
            "check",
            "--format",
            "jsonl",
            "--config",
            "a/lede.toml",
            "b",
            "a",
        ],
    );
    assert_eq!(code, 0, "{err}"); // only hints and infos are left
    let lines = sorted_lines(&out);
    assert!(
        lines.iter().all(|l| !l.contains("\"rule\":\"tags/")),
        "{out}"
    );
    assert!(!of(&lines, "a/sub/x.txt").is_empty());
    // One configuration, one corpus: the line in all five files repeats.
    assert!(of(&lines, "b/x.txt")
        .iter()
        .any(|l| l.contains("boilerplate/repeated-line")));
}

#[test]
fn a_broken_nested_config_is_an_error_naming_it() {
    let dir = tree();
    std::fs::write(dir.path().join("a/sub/lede.toml"), "[rules]\nALL = [\n").unwrap();
    let (code, out, err) = lede(dir.path(), &["check", "b", "a"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty(), "{out}");
    let sub = Path::new("a").join("sub").join("lede.toml");
    assert!(
        err.contains(&format!("{}:", sub.display())) && err.contains("lede.toml:3:"),
        "{err}"
    );
    // Not met when the run does not reach a/sub/.
    let (code, _, err) = lede(dir.path(), &["check", "b", "a/x.txt"]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn an_index_run_in_shards_reports_what_one_run_does() {
    let dir = tree();
    let (_, single, _) = lede(dir.path(), &["check", "--format", "jsonl", "a", "b"]);
    for (o, paths) in [
        ("p1.idx", vec!["a/x.txt", "b/x.txt"]),
        ("p2.idx", vec!["a/y.txt", "a/sub", "b/y.txt"]),
    ] {
        let mut args = vec!["index", "-o", o];
        args.extend(paths);
        let (code, _, err) = lede(dir.path(), &args);
        assert_eq!(code, 0, "{err}");
    }
    let (code, _, err) = lede(
        dir.path(),
        &["index", "--merge", "-o", "all.idx", "p2.idx", "p1.idx"],
    );
    assert_eq!(code, 0, "{err}");
    let index = std::fs::read_to_string(dir.path().join("all.idx")).unwrap();
    assert_eq!(index.matches("\"config\":").count(), 3, "{index}");
    let mut sharded = String::new();
    for shard in [["a/x.txt", "b/y.txt"], ["b/x.txt", "a/sub/x.txt"]] {
        let mut args = vec!["check", "--format", "jsonl", "--index", "all.idx"];
        args.extend(shard);
        sharded += &lede(dir.path(), &args).1;
    }
    sharded += &lede(
        dir.path(),
        &[
            "check", "--format", "jsonl", "--index", "all.idx", "a/y.txt",
        ],
    )
    .1;
    assert_eq!(sorted_lines(&sharded), sorted_lines(&single));
}
