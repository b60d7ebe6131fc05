//! Integration tests for `lede check`, `lede rules` and `lede explain`: they
//! run the built binary on temporary copies of the fixture articles in
//! `tests/fixtures/cli/` (written for these tests). Snapshot fixtures only
//! produce `tags/*` findings, so the snapshots stay stable while the other
//! rule families change.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cli");

fn lede() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lede"));
    c.env("NO_COLOR", "1");
    c
}

/// A temp dir holding copies of the named fixtures (and the fixture
/// `lede.toml`).
fn workspace(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files.iter().chain(["lede.toml"].iter()) {
        std::fs::copy(Path::new(FIXTURES).join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    lede().current_dir(dir).args(args).output().unwrap()
}

fn run_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = lede()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally, not by a signal")
}

// ---------------------------------------------------------------- formats

#[test]
fn human_format() {
    let dir = workspace(&["tagged.txt", "clean.txt"]);
    let o = run_in(dir.path(), &["check", "tagged.txt", "clean.txt"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(!stdout(&o).contains('\u{1b}'), "no colour when piped");
    insta::assert_snapshot!("human", stdout(&o));
}

#[test]
fn json_format() {
    let dir = workspace(&["tagged.txt", "clean.txt"]);
    let o = run_in(
        dir.path(),
        &["check", "--format", "json", "tagged.txt", "clean.txt"],
    );
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    assert!(arr.iter().all(|f| f["path"] == "tagged.txt"));
    // Key order is part of the format.
    let first = stdout(&o);
    let p = |k: &str| first.find(&format!("\"{k}\"")).unwrap();
    assert!(p("path") < p("rule") && p("rule") < p("severity") && p("severity") < p("line"));
    insta::assert_snapshot!("json", stdout(&o));
}

#[test]
fn jsonl_format() {
    let dir = workspace(&["tagged.txt"]);
    let o = run_in(dir.path(), &["check", "--format", "jsonl", "tagged.txt"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["path"], "tagged.txt");
    }
    assert_eq!(out.lines().count(), 2);
    insta::assert_snapshot!("jsonl", out);
}

#[test]
fn github_format() {
    let dir = workspace(&["tagged.txt"]);
    let o = run_in(dir.path(), &["check", "--format", "github", "tagged.txt"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out
        .lines()
        .all(|l| l.starts_with("::error file=tagged.txt,line=")));
    insta::assert_snapshot!("github", out);
}

#[test]
fn sarif_format_reads_back() {
    let dir = workspace(&["tagged.txt"]);
    let o = run_in(dir.path(), &["check", "--format", "sarif", "tagged.txt"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    let sarif: serde_sarif::sarif::Sarif = serde_json::from_str(&out).expect("valid SARIF");
    let run = &sarif.runs[0];
    let results = run.results.as_ref().unwrap();
    assert_eq!(results.len(), 2);
    let rules = run.tool.driver.rules.as_ref().unwrap();
    for r in results {
        let idx = r.rule_index.unwrap() as usize;
        assert_eq!(Some(&rules[idx].id), r.rule_id.as_ref());
        let loc = &r.locations.as_ref().unwrap()[0];
        let phys = loc.physical_location.as_ref().unwrap();
        let uri = phys
            .artifact_location
            .as_ref()
            .unwrap()
            .uri
            .as_ref()
            .unwrap();
        assert!(uri.ends_with("tagged.txt"), "{uri}");
        assert!(phys.region.as_ref().unwrap().start_line.unwrap() >= 1);
    }
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    insta::assert_json_snapshot!("sarif_results", v["runs"][0]["results"]);
}

// ------------------------------------------------------- exit codes, select

#[test]
fn exit_codes() {
    let dir = workspace(&["tagged.txt", "clean.txt"]);
    assert_eq!(code(&run_in(dir.path(), &["check", "clean.txt"])), 0);
    assert_eq!(code(&run_in(dir.path(), &["check", "tagged.txt"])), 1);
    assert_eq!(code(&run_in(dir.path(), &["check", "--bogus"])), 2);
    let o = run_in(dir.path(), &["check", "missing.txt"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("missing.txt"), "{}", stderr(&o));
}

#[test]
fn select_and_ignore() {
    let dir = workspace(&["tagged.txt"]);
    let rules = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["check", "--format", "json", "tagged.txt"];
        a.extend_from_slice(args);
        let o = run_in(dir.path(), &a);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(&["--select", "tags/malformed"]), ["tags/malformed"]);
    assert_eq!(
        rules(&["--ignore", "tags/malformed"]),
        ["tags/unknown-label"]
    );
    assert!(rules(&["--ignore", "tags"]).is_empty());
    assert!(rules(&["--select", "numbers"]).is_empty());
    assert_eq!(
        rules(&["--select", "tags", "--ignore", "tags/malformed"]).len(),
        1
    );
    let o = run_in(
        dir.path(),
        &["check", "--select", "tags/no-such-rule", "tagged.txt"],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("tags/no-such-rule"), "{}", stderr(&o));
    let o = run_in(dir.path(), &["check", "--ignore", "nofamily", "tagged.txt"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn fail_on() {
    let dir = workspace(&["tagged.txt"]);
    // Only a `tags/unknown-label` error: fails at every threshold.
    let only = ["check", "--select", "tags/unknown-label", "tagged.txt"];
    assert_eq!(code(&run_in(dir.path(), &only)), 1);
    // Turn it down to a hint in the config: reported, but not a failure
    // unless --fail-on hint.
    std::fs::write(
        dir.path().join("lede.toml"),
        "[rules]\n\"tags/unknown-label\" = \"hint\"\n\"tags/malformed\" = \"off\"\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", "--format", "json", "tagged.txt"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("\"hint\""));
    for (level, want) in [("error", 0), ("warning", 0), ("info", 0), ("hint", 1)] {
        let o = run_in(dir.path(), &["check", "--fail-on", level, "tagged.txt"]);
        assert_eq!(code(&o), want, "--fail-on {level}");
    }
}

// ------------------------------------------------------------------ config

#[test]
fn config_found_in_parent_dir() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("a/b");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::copy(
        Path::new(FIXTURES).join("tagged.txt"),
        deep.join("tagged.txt"),
    )
    .unwrap();
    // Without a config, PRE is an unknown label (default CoNLL set).
    let o = run_in(dir.path(), &["check", "--format", "json", "a/b/tagged.txt"]);
    assert!(stdout(&o).contains("tags/unknown-label"));
    // A lede.toml two levels up that allows PRE is found.
    std::fs::write(
        dir.path().join("lede.toml"),
        "labels = [\"PER\", \"ORG\", \"LOC\", \"MISC\", \"PRE\"]\n",
    )
    .unwrap();
    let o = run_in(&deep, &["check", "--format", "json", "tagged.txt"]);
    assert!(!stdout(&o).contains("tags/unknown-label"), "{}", stdout(&o));
    // --config overrides discovery.
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "labels = [\"PER\"]\n").unwrap();
    let o = run_in(
        &deep,
        &[
            "check",
            "--format",
            "json",
            "--config",
            other.to_str().unwrap(),
            "tagged.txt",
        ],
    );
    assert!(stdout(&o).contains("tags/unknown-label"));
}

#[test]
fn broken_config_names_file_and_line() {
    let dir = workspace(&["clean.txt"]);
    std::fs::write(dir.path().join("lede.toml"), "labels = [\"PER\"]\n[rules\n").unwrap();
    let o = run_in(dir.path(), &["check", "clean.txt"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("lede.toml:2:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

// -------------------------------------------------------------- stdin/jsonl

#[test]
fn stdin_dash() {
    let dir = workspace(&[]);
    let text = std::fs::read(Path::new(FIXTURES).join("tagged.txt")).unwrap();
    let o = run_stdin(dir.path(), &["check", "--format", "json", "-"], &text);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["path"], "-");
    let o = run_stdin(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "x/story.txt",
            "-",
        ],
        &text,
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["path"], "x/story.txt");
}

#[test]
fn jsonl_corpus_mode_with_malformed_line() {
    let dir = workspace(&[]);
    let tagged = std::fs::read_to_string(Path::new(FIXTURES).join("tagged.txt")).unwrap();
    let clean = std::fs::read_to_string(Path::new(FIXTURES).join("clean.txt")).unwrap();
    let input = format!(
        "{}\n{{not json\n{}\n{}\n",
        serde_json::json!({"id": 7, "text": tagged, "extra": true}),
        serde_json::json!({"id": "b", "text": clean}),
        serde_json::json!({"text": "no id"}),
    );
    let o = run_stdin(dir.path(), &["check", "--stdin-jsonl"], input.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "one output line per input line");
    assert_eq!(lines[0]["id"], 7);
    assert_eq!(lines[0]["findings"].as_array().unwrap().len(), 2);
    assert_eq!(lines[0]["findings"][0]["path"], "7");
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["id"], "b");
    assert!(lines[2]["findings"].as_array().unwrap().is_empty());
    assert_eq!(lines[3]["line"], 4, "missing id is an error: {}", lines[3]);
}

// -------------------------------------------------------- rules / explain

#[test]
fn rules_and_explain() {
    let dir = workspace(&[]);
    let o = run_in(dir.path(), &["rules"]);
    assert_eq!(code(&o), 0);
    for r in lede::rules::all() {
        assert!(
            stdout(&o).contains(r.id),
            "{} missing from lede rules",
            r.id
        );
    }
    let o = run_in(dir.path(), &["explain", "tags/malformed"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("tags/malformed"));
    let o = run_in(dir.path(), &["explain", "tags/malformd"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("tags/malformed"),
        "suggestion: {}",
        stderr(&o)
    );
}

#[test]
fn lsp_accepts_stdio_flag() {
    // The client closes stdin at once: the server must start (the flag is
    // accepted) and end without a usage error.
    let o = run_stdin(Path::new(FIXTURES), &["lsp", "--stdio"], b"");
    assert_ne!(code(&o), 2, "{}", stderr(&o));
    assert!(!stderr(&o).contains("unexpected argument"));
}

// --------------------------------------------------------------------- fix

fn snapshot_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut v: Vec<_> = walk(dir)
        .into_iter()
        .map(|p| {
            let m = std::fs::metadata(&p).unwrap();
            let b = std::fs::read(&p).unwrap();
            (p, b, m.modified().unwrap())
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Applies a unified diff (as `lede check --diff` prints it) to the files
/// under `dir`, by hunk line numbers; enough for our own output.
fn apply_diff(dir: &Path, diff: &str) -> Vec<PathBuf> {
    let mut changed = Vec::new();
    let mut lines = diff.lines().peekable();
    while let Some(l) = lines.next() {
        let Some(path) = l.strip_prefix("--- a/") else {
            continue;
        };
        let next = lines.next().unwrap();
        assert!(next.starts_with("+++ b/"), "{next}");
        let file = dir.join(path);
        let old = std::fs::read_to_string(&file).unwrap();
        let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
        let mut new = String::new();
        let mut pos = 0usize;
        while lines.peek().is_some_and(|l| l.starts_with("@@")) {
            let h = lines.next().unwrap();
            let start: usize = h[4..].split([',', ' ']).next().unwrap().parse().unwrap();
            let start = start.saturating_sub(1);
            // An empty old range (`-0,0`) starts after line `start`.
            let empty = h[4..].split(' ').next().unwrap().ends_with(",0");
            let start = if empty { start + 1 } else { start };
            while pos < start.min(old_lines.len()) {
                new.push_str(old_lines[pos]);
                pos += 1;
            }
            let mut last = ' ';
            while let Some(l) = lines.peek() {
                if l.starts_with("@@") || l.starts_with("--- a/") {
                    break;
                }
                let l = lines.next().unwrap();
                if l.starts_with('\\') {
                    // "\ No newline at end of file" after an added line:
                    // drop the '\n' we added. After a removed or context
                    // line it describes the old text, copied verbatim.
                    if last == '+' && new.ends_with('\n') {
                        new.pop();
                    }
                    continue;
                }
                let (tag, body) = l.split_at(1);
                last = tag.chars().next().unwrap_or(' ');
                match tag {
                    " " => {
                        new.push_str(old_lines[pos]);
                        pos += 1;
                    }
                    "-" => pos += 1,
                    "+" => {
                        new.push_str(body);
                        new.push('\n');
                    }
                    _ => panic!("unexpected diff line {l:?}"),
                }
            }
        }
        while pos < old_lines.len() {
            new.push_str(old_lines[pos]);
            pos += 1;
        }
        std::fs::write(&file, new).unwrap();
        changed.push(file);
    }
    changed.sort();
    changed
}

fn fix_properties(src: &Path) {
    // Copy A: --fix. Copy B: --diff applied. They must end up identical,
    // and a second --fix on A must change nothing.
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [a.path(), b.path()] {
        for f in walk(src) {
            let rel = f.strip_prefix(src).unwrap();
            let to = d.join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&f, &to).unwrap();
            // The copy keeps the source's mode, and the shared seeds are
            // read-only, which --fix rightly refuses to write.
            let mut perm = std::fs::metadata(&to).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perm.set_readonly(false);
            std::fs::set_permissions(&to, perm).unwrap();
        }
    }
    let before = snapshot_dir(a.path());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = run_in(a.path(), &["check", "--fix", "--format", "json", "."]);
    assert_ne!(code(&o), 2, "{}", stderr(&o));
    let after = snapshot_dir(a.path());
    let mut fixed = Vec::new();
    for (x, y) in before.iter().zip(&after) {
        assert_eq!(x.0, y.0);
        if x.1 == y.1 {
            assert_eq!(x.2, y.2, "{} unchanged but its mtime moved", x.0.display());
        } else {
            fixed.push(x.0.strip_prefix(a.path()).unwrap().to_path_buf());
        }
    }
    let o = run_in(a.path(), &["check", "--fix", "--format", "json", "."]);
    assert_ne!(code(&o), 2);
    let again = snapshot_dir(a.path());
    for (x, y) in after.iter().zip(&again) {
        assert!(
            x.1 == y.1 && x.2 == y.2,
            "second --fix changed {}",
            x.0.display()
        );
    }

    let o = run_in(b.path(), &["check", "--diff", "."]);
    let diff = stdout(&o);
    assert_eq!(code(&o), if fixed.is_empty() { 0 } else { 1 }, "{diff}");
    let diffed: Vec<PathBuf> = apply_diff(b.path(), &diff)
        .into_iter()
        .map(|p| p.strip_prefix(b.path()).unwrap().to_path_buf())
        .collect();
    fixed.sort();
    assert_eq!(
        diffed, fixed,
        "--diff lists exactly the files --fix changes"
    );
    for (x, y) in snapshot_dir(a.path())
        .iter()
        .zip(snapshot_dir(b.path()).iter())
    {
        assert!(
            x.1 == y.1,
            "--diff applied differs from --fix for {}",
            x.0.display()
        );
    }
}

#[test]
fn fix_on_own_fixtures() {
    let dir = workspace(&["tagged.txt", "clean.txt", "fixable.txt"]);
    let orig = std::fs::read(dir.path().join("fixable.txt")).unwrap();
    fix_properties(dir.path());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let p = dir.path().join("fixable.txt");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    // And the fix does change the fixable file here.
    let o = run_in(dir.path(), &["check", "--fix", "fixable.txt"]);
    assert_ne!(code(&o), 2);
    let now = std::fs::read(dir.path().join("fixable.txt")).unwrap();
    assert_ne!(now, orig, "fixable.txt has safe fixes");
    assert!(String::from_utf8(now)
        .unwrap()
        .contains("Repairs are expected"));
}

#[test]
fn fix_on_seeds() {
    let Some(seeds) = common::shared::seeds_dir() else {
        return;
    };
    fix_properties(&seeds);
}

#[test]
fn fix_stdin_prints_fixed_text() {
    let dir = workspace(&[]);
    let text = std::fs::read(Path::new(FIXTURES).join("fixable.txt")).unwrap();
    let o = run_stdin(dir.path(), &["check", "--fix", "-"], &text);
    assert_ne!(code(&o), 2, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("Leave a Reply"), "{out}");
    assert!(out.starts_with("The harbour master said"));
    // Fixing the fixed text changes nothing.
    let o2 = run_stdin(dir.path(), &["check", "--fix", "-"], out.as_bytes());
    assert_eq!(stdout(&o2), out);
}

// --------------------------------------------------------------- bad input

#[test]
fn bad_inputs_are_reported_and_the_rest_is_checked() {
    let dir = workspace(&["tagged.txt", "clean.txt"]);
    let d = dir.path();
    std::fs::write(d.join("binary.txt"), b"PK\x03\x04\0\0\0junk").unwrap();
    std::fs::write(d.join("latin1.txt"), b"first line\nCaf\xe9 on line two\n").unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    let o = run_in(
        d,
        &[
            "check",
            "--format",
            "json",
            "binary.txt",
            "latin1.txt",
            "empty.txt",
            "tagged.txt",
        ],
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 2, "invalid UTF-8 is an error: {err}");
    assert!(
        err.contains("binary.txt") && err.contains("binary"),
        "{err}"
    );
    assert!(
        err.contains("latin1.txt") && err.contains("line 2"),
        "{err}"
    );
    assert!(!err.contains("empty.txt"), "an empty file is fine: {err}");
    assert!(!err.contains("panicked"), "{err}");
    // The good file is still reported.
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);

    // An empty file alone: no findings, exit 0.
    assert_eq!(code(&run_in(d, &["check", "empty.txt"])), 0);
    // A binary file alone is an error (CI must not pass an article
    // nobody checked); --skip-binary skips it with a note.
    let o = run_in(d, &["check", "binary.txt"]);
    assert!(stderr(&o).contains("binary.txt"));
    assert_eq!(code(&o), 2);
    let o = run_in(d, &["check", "--skip-binary", "binary.txt"]);
    assert!(stderr(&o).contains("binary.txt: skipped"), "{}", stderr(&o));
    assert_eq!(code(&o), 0);
}

#[cfg(unix)]
#[test]
fn unreadable_paths_give_io_errors() {
    // Tests run as root, so chmod 000 would not deny anything. What this
    // proves honestly: a path named explicitly that cannot be opened (a
    // dangling symlink -> ENOENT on open) and one that is not a regular file
    // (a FIFO, which would block a naive reader forever) each give a
    // `lede: PATH: ...` message and exit 2, while the other files are still
    // checked and reported.
    let dir = workspace(&["tagged.txt"]);
    let d = dir.path();
    std::os::unix::fs::symlink(d.join("nowhere.txt"), d.join("dangling.txt")).unwrap();
    let fifo = d.join("pipe.txt");
    let ok = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(ok.success());
    let o = run_in(
        d,
        &[
            "check",
            "--format",
            "json",
            "dangling.txt",
            "pipe.txt",
            "tagged.txt",
        ],
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 2, "{err}");
    assert!(err.contains("lede: dangling.txt:"), "{err}");
    assert!(err.contains("lede: pipe.txt:"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2, "tagged.txt still reported");
}

#[test]
fn huge_one_line_file_finishes() {
    // 50 MB on one line in release builds; 5 MB in debug builds to keep
    // `cargo test` reasonably fast.
    let size = if cfg!(debug_assertions) { 5 } else { 50 } << 20;
    let dir = workspace(&[]);
    let sentence = "The committee met again on Friday to review 12 proposals. ";
    let mut text = String::with_capacity(size + sentence.len());
    while text.len() < size {
        text.push_str(sentence);
    }
    assert!(text.len() >= 5 << 20 && !text.contains('\n'));
    std::fs::write(dir.path().join("huge.txt"), &text).unwrap();
    // A hang guard, not a speed bound: a linear check takes seconds; a
    // quadratic one would not end, and is killed so the test fails.
    let guard = std::time::Duration::from_secs(if cfg!(debug_assertions) { 3600 } else { 600 });
    let o = run_with_guard(
        dir.path(),
        &["check", "--format", "jsonl", "huge.txt"],
        guard,
    );
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert!(code(&o) == 0 || code(&o) == 1, "{err}");
}

/// [`run_in`], but the process is killed (and the test fails) if it has not
/// ended after `guard`.
fn run_with_guard(dir: &Path, args: &[&str], guard: std::time::Duration) -> Output {
    let mut child = lede()
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            r.read_to_end(&mut v).unwrap();
            v
        })
    };
    let out = read(Box::new(child.stdout.take().unwrap()));
    let err = read(Box::new(child.stderr.take().unwrap()));
    let deadline = std::time::Instant::now() + guard;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("lede {args:?} did not end in {guard:?}: hung or super-linear");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

#[cfg(unix)]
#[test]
fn a_file_reached_twice_is_checked_once() {
    // Named twice, spelled differently, inside a walked directory and
    // through a symlink: one document, so its findings appear once.
    let dir = workspace(&["tagged.txt"]);
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::copy(d.join("tagged.txt"), d.join("sub/a.txt")).unwrap();
    std::os::unix::fs::symlink(d.join("sub/a.txt"), d.join("link.txt")).unwrap();
    let once = run_in(d, &["check", "--format", "json", "sub/a.txt"]);
    let n = serde_json::from_str::<serde_json::Value>(&stdout(&once)).unwrap();
    let n = n.as_array().unwrap().len();
    assert!(n > 0);
    let o = run_in(
        d,
        &[
            "check",
            "--format",
            "json",
            "sub/a.txt",
            "./sub/a.txt",
            "sub",
            "link.txt",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), n, "{}", stdout(&o));
    assert!(arr.iter().all(|f| f["path"] == "sub/a.txt"));
}
