//! `lede check` and the file system: symlinks, read-only files, hard
//! links, owners, extended attributes, encodings (NUL bytes, UTF-16, the
//! UTF-8 BOM), ignore files, the files a walk leaves out, and the output
//! options (`--quiet`, `--color`, `--output-file`, `--statistics`,
//! `--exit-zero`, `--threads`, `--stdin-jsonl`). Every case runs the built
//! binary in a temporary directory.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// An article with one safe fix (a run of blank lines) and a comment-form
/// line: `--fix` changes it.
const FIXABLE: &str = "The harbour master said the storm had damaged two cranes.\n\n\n\n\nRepairs are expected to cost less than last year.\n";

/// An article whose first line has an error at column 23 (a label typo).
const TAGGED: &str = "The mayor [Piet Ruys]{PRE} said the pier would serve three islands.\n";

fn lede(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lede"));
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    lede(dir).args(args).output().unwrap()
}

fn run_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = lede(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn json(o: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice::<serde_json::Value>(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", out(o)))
        .as_array()
        .unwrap()
        .clone()
}

/// `(path, rule, line, column)` of each finding.
fn places(o: &Output) -> Vec<(String, String, u64, u64)> {
    json(o)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// What `--fix` makes of `text` (through stdin).
fn fixed(text: &str) -> String {
    let d = tempfile::tempdir().unwrap();
    out(&run_stdin(
        d.path(),
        &["check", "--fix", "-"],
        text.as_bytes(),
    ))
}

// --------------------------------------------------------------- symlinks

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_tree_is_skipped_unless_follow_and_never_written() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::create_dir_all(p.join("t")).unwrap();
    std::fs::create_dir_all(p.join("out")).unwrap();
    std::fs::write(p.join("out/f.txt"), FIXABLE).unwrap();
    std::os::unix::fs::symlink("../out/f.txt", p.join("t/a.txt")).unwrap();

    let o = run(p, &["check", "--fix", "t"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(
        err(&o).contains("t/a.txt: skipped: a symlink out of t"),
        "{}",
        err(&o)
    );
    assert!(out(&o).contains("in 0 files"), "{}", out(&o));
    assert_eq!(
        std::fs::read_to_string(p.join("out/f.txt")).unwrap(),
        FIXABLE
    );
    // --quiet drops the note.
    assert_eq!(err(&run(p, &["check", "-q", "t"])), "");

    // Asked to follow: checked, under the link's name ...
    let o = run(p, &["check", "--follow", "--format", "json", "t"]);
    let found = places(&o);
    assert!(!found.is_empty() && found.iter().all(|f| f.0 == "t/a.txt"));
    // ... but --fix still does not write through it.
    let o = run(p, &["check", "--follow", "--fix", "t"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(err(&o).contains("t/a.txt: not fixed"), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(p.join("out/f.txt")).unwrap(),
        FIXABLE
    );

    // A symlinked directory out of the tree: the same.
    std::fs::remove_file(p.join("t/a.txt")).unwrap();
    std::os::unix::fs::symlink("../out", p.join("t/sub")).unwrap();
    let o = run(p, &["check", "--format", "json", "t"]);
    assert!(json(&o).is_empty());
    assert!(err(&o).contains("t/sub: skipped"), "{}", err(&o));
    let o = run(p, &["check", "--follow", "--fix", "t"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(err(&o).contains("t/sub/f.txt: not fixed"), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(p.join("out/f.txt")).unwrap(),
        FIXABLE
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_tree_leaves_its_target_checked_once_and_fixed() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::create_dir_all(p.join("t")).unwrap();
    std::fs::write(p.join("t/real.txt"), FIXABLE).unwrap();
    std::os::unix::fs::symlink("real.txt", p.join("t/a_link.txt")).unwrap();
    let o = run(p, &["check", "--format", "json", "t"]);
    let found = places(&o);
    assert!(!found.is_empty());
    assert!(found.iter().all(|f| f.0 == "t/real.txt"), "{found:?}");
    assert_eq!(err(&o), "", "no note for a link inside the tree");

    let o = run(p, &["check", "--fix", "t"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(p.join("t/real.txt")).unwrap(),
        fixed(FIXABLE)
    );
    assert!(std::fs::symlink_metadata(p.join("t/a_link.txt"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[cfg(unix)]
#[test]
fn a_symlink_named_explicitly_is_checked_but_not_fixed() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::write(p.join("target.txt"), FIXABLE).unwrap();
    std::os::unix::fs::symlink("target.txt", p.join("link.txt")).unwrap();
    let o = run(p, &["check", "--format", "json", "link.txt"]);
    assert!(places(&o).iter().any(|f| f.0 == "link.txt"));
    let o = run(p, &["check", "--fix", "link.txt"]);
    assert_eq!(code(&o), 2);
    assert!(
        err(&o).contains("link.txt: not fixed: a symlink"),
        "{}",
        err(&o)
    );
    assert_eq!(
        std::fs::read_to_string(p.join("target.txt")).unwrap(),
        FIXABLE
    );
}

// ------------------------------------------- read-only, links, owner, xattrs

#[cfg(unix)]
#[test]
fn a_read_only_file_is_not_fixed() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("a.txt");
    std::fs::write(&f, FIXABLE).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = run(d.path(), &["check", "--fix", "a.txt"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("a.txt: not fixed: the file is read-only"));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FIXABLE);
    let mode = std::fs::metadata(&f).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
}

#[cfg(unix)]
#[test]
fn a_hard_linked_file_is_not_fixed_and_keeps_its_links() {
    use std::os::unix::fs::MetadataExt;
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::write(p.join("a.txt"), FIXABLE).unwrap();
    std::fs::hard_link(p.join("a.txt"), p.join("b.txt")).unwrap();
    let o = run(p, &["check", "--fix", "a.txt"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("2 hard links"), "{}", err(&o));
    assert_eq!(std::fs::metadata(p.join("a.txt")).unwrap().nlink(), 2);
    assert_eq!(std::fs::read_to_string(p.join("b.txt")).unwrap(), FIXABLE);
    // Without the second link it is fixed.
    std::fs::remove_file(p.join("b.txt")).unwrap();
    assert_eq!(code(&run(p, &["check", "--fix", "a.txt"])), 0);
    assert_eq!(
        std::fs::read_to_string(p.join("a.txt")).unwrap(),
        fixed(FIXABLE)
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_mode_owner_and_extended_attributes() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("a.txt");
    std::fs::write(&f, FIXABLE).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = std::fs::metadata(&f).unwrap();
    // Root can hand the file to another owner: then keeping it means
    // something. Otherwise the owner is lede's own and kept trivially.
    let other_owner = std::os::unix::fs::chown(&f, Some(4321), Some(4321)).is_ok();
    if !other_owner {
        println!("note: not root, the owner check only sees lede's own user");
    }
    let xattrs = xattr::set(&f, "user.lede_test", b"kept").is_ok();
    if !xattrs {
        println!("skipped (xattr part): this file system refuses user extended attributes");
    }
    let o = run(d.path(), &["check", "--fix", "a.txt"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let after = std::fs::metadata(&f).unwrap();
    assert_eq!(std::fs::read_to_string(&f).unwrap(), fixed(FIXABLE));
    assert_ne!(before.ino(), after.ino(), "replaced by a rename");
    assert_eq!(after.permissions().mode() & 0o777, 0o640);
    if other_owner {
        assert_eq!((after.uid(), after.gid()), (4321, 4321));
    } else {
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    }
    if xattrs {
        assert_eq!(
            xattr::get(&f, "user.lede_test").unwrap().as_deref(),
            Some(&b"kept"[..])
        );
    }
}

// -------------------------------------------------------------- encodings

#[test]
fn a_nul_byte_is_an_error_unless_skip_binary() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("n.txt"), b"Leave a Reply\0\n").unwrap();
    std::fs::write(d.path().join("ok.txt"), TAGGED).unwrap();
    let o = run(d.path(), &["check", "--format", "json", "n.txt", "ok.txt"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(
        err(&o).contains("n.txt: binary file (a NUL byte on line 1"),
        "{}",
        err(&o)
    );
    assert_eq!(places(&o).len(), 1, "the other file is still reported");
    // In a directory walk too.
    assert_eq!(code(&run(d.path(), &["check", "."])), 2);

    let o = run(d.path(), &["check", "--skip-binary", "n.txt"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(
        err(&o).contains("n.txt: skipped: binary file"),
        "{}",
        err(&o)
    );
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let mut b: Vec<u8> = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        b.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    b
}

#[test]
fn utf16_with_a_bom_is_checked_and_fixed_in_utf16() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    let text = format!("{TAGGED}\n{FIXABLE}");
    std::fs::write(p.join("plain.txt"), &text).unwrap();
    let want: Vec<_> = places(&run(p, &["check", "--format", "json", "plain.txt"]))
        .into_iter()
        .map(|f| (f.1, f.2, f.3))
        .collect();
    assert!(want.iter().any(|f| f.1 == 1 && f.2 == 23), "{want:?}");
    for (name, le) in [("le.txt", true), ("be.txt", false)] {
        std::fs::write(p.join(name), utf16(&text, le)).unwrap();
        let o = run(p, &["check", "--format", "json", name]);
        assert_eq!(code(&o), 1, "{}", err(&o));
        let got: Vec<_> = places(&o).into_iter().map(|f| (f.1, f.2, f.3)).collect();
        assert_eq!(got, want, "{name}");
        let o = run(p, &["check", "--fix", name]);
        assert_ne!(code(&o), 2, "{}", err(&o));
        assert_eq!(
            std::fs::read(p.join(name)).unwrap(),
            utf16(&fixed(&text), le),
            "{name} stays UTF-16 with its BOM"
        );
    }
    // Broken UTF-16 is an error naming the file, not a panic.
    std::fs::write(p.join("bad.txt"), b"\xFF\xFEa\0\x00\xD8").unwrap();
    let o = run(p, &["check", "bad.txt"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("bad.txt: invalid UTF-16"), "{}", err(&o));
}

#[test]
fn a_utf8_bom_hides_nothing_and_fix_keeps_it() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    let text = format!("{TAGGED}\n{FIXABLE}");
    std::fs::write(p.join("plain.txt"), &text).unwrap();
    std::fs::write(p.join("bom.txt"), format!("\u{feff}{text}")).unwrap();
    let strip = |o: &Output| -> Vec<_> { places(o).into_iter().map(|f| (f.1, f.2, f.3)).collect() };
    let plain = strip(&run(p, &["check", "--format", "json", "plain.txt"]));
    let bom = strip(&run(p, &["check", "--format", "json", "bom.txt"]));
    assert!(
        bom.contains(&("tags/unknown-label".into(), 1, 23)),
        "{bom:?}"
    );
    assert_eq!(bom, plain, "same findings, same line-1 columns");
    // Through stdin as well.
    let o = run_stdin(
        p,
        &["check", "--format", "json", "-"],
        format!("\u{feff}{text}").as_bytes(),
    );
    assert_eq!(strip(&o), plain);

    assert_ne!(code(&run(p, &["check", "--fix", "bom.txt"])), 2);
    assert_eq!(
        std::fs::read_to_string(p.join("bom.txt")).unwrap(),
        format!("\u{feff}{}", fixed(&text))
    );
}

// ------------------------------------------------------------ which files

#[test]
fn ignore_files_are_honoured_outside_git() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    assert!(
        !p.ancestors().any(|a| a.join(".git").exists()),
        "the temp dir must not be inside a git repository"
    );
    for f in [
        "keep.txt",
        "by_gitignore.txt",
        "by_ignore.txt",
        "by_ledeignore.txt",
    ] {
        std::fs::write(p.join(f), TAGGED).unwrap();
    }
    let files = |o: &Output| -> Vec<String> {
        let mut v: Vec<String> = places(o).into_iter().map(|f| f.0).collect();
        v.dedup();
        v
    };
    let all = files(&run(p, &["check", "--format", "json", "."]));
    assert_eq!(all.len(), 4, "{all:?}");
    std::fs::write(p.join(".gitignore"), "by_gitignore.txt\n").unwrap();
    std::fs::write(p.join(".ignore"), "by_ignore.txt\n").unwrap();
    std::fs::write(p.join(".ledeignore"), "by_ledeignore.txt\n").unwrap();
    assert_eq!(
        files(&run(p, &["check", "--format", "json", "."])),
        ["keep.txt"]
    );
    // Named explicitly, an ignored file is still checked.
    let o = run(p, &["check", "--format", "json", "by_ledeignore.txt"]);
    assert_eq!(files(&o), ["by_ledeignore.txt"]);
}

#[test]
fn readmes_and_changelogs_are_left_out_of_walks_but_checked_when_named() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    for f in ["story.md", "README.md", "CHANGELOG.md", "readme-notes.txt"] {
        std::fs::write(p.join(f), TAGGED).unwrap();
    }
    let o = run(p, &["check", "--format", "json", "."]);
    let mut files: Vec<String> = places(&o).into_iter().map(|f| f.0).collect();
    files.dedup();
    assert_eq!(files, ["readme-notes.txt", "story.md"]);
    let o = run(p, &["check", "--format", "json", "README.md"]);
    assert_eq!(places(&o)[0].0, "README.md");
}

// ---------------------------------------------------------------- output

#[test]
fn quiet_prints_findings_only() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.txt"), TAGGED).unwrap();
    let loud = run(d.path(), &["check", "a.txt"]);
    assert!(out(&loud).contains("1 finding (1 error) in 1 file"));
    assert!(out(&loud).contains("Exit status 1: findings at or above --fail-on warning"));
    let o = run(d.path(), &["check", "--quiet", "a.txt"]);
    assert_eq!(code(&o), 1);
    assert!(out(&o).contains("a.txt:1:23: error[tags/unknown-label]"));
    assert!(!out(&o).contains("finding (") && !out(&o).contains("Exit status"));
    assert!(out(&loud).starts_with(&out(&o)));
    // Nothing to report: nothing printed.
    std::fs::write(d.path().join("clean.txt"), "A quiet day at the harbour.\n").unwrap();
    let o = run(d.path(), &["check", "-q", "clean.txt"]);
    assert_eq!(
        (code(&o), out(&o), err(&o)),
        (0, String::new(), String::new())
    );
    // Without findings at --fail-on, no exit note.
    let o = run(d.path(), &["check", "clean.txt"]);
    assert!(!out(&o).contains("Exit status"), "{}", out(&o));
}

#[test]
fn color_follows_the_flag_and_the_environment() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.txt"), TAGGED).unwrap();
    let colored = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = lede(d.path());
        c.env_remove("NO_COLOR").args(["check", "a.txt"]).args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        let o = c.output().unwrap();
        assert_eq!(code(&o), 1);
        out(&o).contains("\x1b[")
    };
    assert!(!colored(&[], &[]), "piped: no colour");
    assert!(colored(&["--color", "always"], &[("NO_COLOR", "1")]));
    assert!(!colored(&["--color", "never"], &[("FORCE_COLOR", "1")]));
    assert!(colored(&[], &[("FORCE_COLOR", "1")]));
    assert!(colored(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!colored(&[], &[("CLICOLOR_FORCE", "0")]));
    assert!(!colored(&[], &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    assert!(!colored(&[], &[("FORCE_COLOR", ""), ("NO_COLOR", "")]));
}

#[test]
fn output_file_gets_the_report_whole() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::write(p.join("a.txt"), TAGGED).unwrap();
    let stdout_run = run(p, &["check", "--format", "json", "a.txt"]);
    std::fs::create_dir(p.join("reports")).unwrap();
    std::fs::write(p.join("reports/r.json"), "old report").unwrap();
    let o = run(
        p,
        &[
            "check",
            "--format",
            "json",
            "--output-file",
            "reports/r.json",
            "a.txt",
        ],
    );
    assert_eq!(code(&o), 1);
    assert!(o.stdout.is_empty());
    assert_eq!(
        std::fs::read(p.join("reports/r.json")).unwrap(),
        stdout_run.stdout
    );
    let left: Vec<_> = std::fs::read_dir(p.join("reports")).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left");
    // The diff goes there too.
    std::fs::write(p.join("b.txt"), FIXABLE).unwrap();
    let o = run(p, &["check", "--diff", "-o", "reports/d.diff", "b.txt"]);
    assert_eq!(code(&o), 1);
    assert!(std::fs::read_to_string(p.join("reports/d.diff"))
        .unwrap()
        .contains("+++ b/b.txt"));
    // A file that cannot be written: exit 2 with the reason.
    let o = run(p, &["check", "-o", "missing/dir/r.txt", "a.txt"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("cannot write the report"), "{}", err(&o));
}

#[test]
fn statistics_count_findings_per_rule() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::write(p.join("a.txt"), format!("{TAGGED}\n{TAGGED}\n{FIXABLE}")).unwrap();
    let findings = json(&run(p, &["check", "--format", "json", "a.txt"]));
    let o = run(p, &["check", "--statistics", "--format", "json", "a.txt"]);
    assert_eq!(code(&o), 1);
    let stats = json(&o);
    let total: u64 = stats.iter().map(|s| s["count"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, findings.len());
    for s in &stats {
        let rule = s["rule"].as_str().unwrap();
        let n = findings.iter().filter(|f| f["rule"] == rule).count();
        assert_eq!(s["count"].as_u64().unwrap() as usize, n, "{rule}");
    }
    assert_eq!(stats[0]["rule"], "tags/unknown-label");
    assert_eq!(stats[0]["count"], 2);
    let table = out(&run(p, &["check", "--statistics", "a.txt"]));
    assert!(table.starts_with("2  tags/unknown-label"), "{table}");
    assert!(
        !table.contains("a.txt:"),
        "no findings, only counts: {table}"
    );
    assert_eq!(
        code(&run(
            p,
            &["check", "--statistics", "--format", "sarif", "a.txt"]
        )),
        2
    );
}

#[test]
fn exit_zero_and_threads() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::write(p.join("a.txt"), TAGGED).unwrap();
    let o = run(p, &["check", "--exit-zero", "a.txt"]);
    assert_eq!(code(&o), 0);
    assert!(out(&o).contains("error[tags/unknown-label]"));
    assert!(!out(&o).contains("Exit status 1"));
    // An I/O error still gives 2.
    assert_eq!(
        code(&run(p, &["check", "--exit-zero", "a.txt", "missing.txt"])),
        2
    );

    let many: Vec<String> = (0..12).map(|i| format!("f{i}.txt")).collect();
    for f in &many {
        std::fs::write(p.join(f), format!("{TAGGED}\n{FIXABLE}")).unwrap();
    }
    let default = run(p, &["check", "--format", "json", "."]);
    for n in ["1", "3"] {
        let o = run(p, &["check", "--threads", n, "--format", "json", "."]);
        assert_eq!(o.stdout, default.stdout, "--threads {n}");
    }
    assert_eq!(code(&run(p, &["check", "--threads", "many", "."])), 2);
}

#[test]
fn stdin_jsonl_is_the_corpus_mode_and_jsonl_an_alias_with_a_note() {
    let d = tempfile::tempdir().unwrap();
    let input = format!("{}\n", serde_json::json!({"id": "a", "text": TAGGED}));
    let new = run_stdin(d.path(), &["check", "--stdin-jsonl"], input.as_bytes());
    assert_eq!(code(&new), 0, "{}", err(&new));
    assert_eq!(err(&new), "");
    let line: serde_json::Value = serde_json::from_slice(&new.stdout).unwrap();
    assert_eq!(line["findings"][0]["rule"], "tags/unknown-label");
    let old = run_stdin(d.path(), &["check", "--jsonl"], input.as_bytes());
    assert_eq!(old.stdout, new.stdout);
    assert_eq!(err(&old).lines().count(), 1, "{}", err(&old));
    assert!(err(&old).contains("--jsonl is deprecated: use --stdin-jsonl"));
    let help = out(&run(d.path(), &["check", "--help"]));
    assert!(help.contains("--stdin-jsonl"));
    assert!(!help.contains("--jsonl "), "the alias is hidden");
}

#[test]
fn the_examples_folder_checks_six_articles_and_says_what_exit_1_means() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let o = run(&examples, &["check", "."]);
    assert_eq!(code(&o), 1);
    let report = out(&o);
    assert!(!report.contains("README.md"), "{report}");
    let summary: Vec<&str> = report.lines().rev().take(2).collect();
    assert!(summary[1].contains(" in 6 files;"), "{report}");
    assert_eq!(
        summary[0],
        "Exit status 1: findings at or above --fail-on warning (--exit-zero exits 0)."
    );
}
