//! What a release promises: `lede --version` names its commit (or says it
//! does not know it), the declared minimum Rust version is the one the locked
//! dependencies need, and the licence files the README names are there.

use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)]
#[path = "../build.rs"]
mod build_script;

use build_script::git;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `HASH YYYY-MM-DD` or `unknown commit`.
fn is_commit_part(s: &str) -> bool {
    if s == "unknown commit" {
        return true;
    }
    let Some((hash, date)) = s.split_once(' ') else {
        return false;
    };
    let date_ok = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    hash.len() >= 7 && hash.bytes().all(|b| b.is_ascii_hexdigit()) && date_ok
}

#[test]
fn version_names_the_commit_or_says_it_is_unknown() {
    let out = Command::new(env!("CARGO_BIN_EXE_lede"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.strip_suffix('\n').expect("one line");
    let rest = line
        .strip_prefix(concat!("lede ", env!("CARGO_PKG_VERSION"), " ("))
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or_else(|| panic!("not `lede VERSION (COMMIT)`: {line:?}"));
    assert!(is_commit_part(rest), "{line:?}");
    // Built in the git checkout (as the tests are): the commit checked out.
    if std::env::var_os("LEDE_COMMIT").is_none() {
        if let Some(head) = git(&workspace(), &["log", "-1", "--format=%h %cs"]) {
            if git(&workspace(), &["rev-parse", "--show-toplevel"]).map(PathBuf::from)
                == workspace().canonicalize().ok()
            {
                assert_eq!(rest, head, "{line:?}");
            }
        }
    }
    // A subcommand prints the same version (clap names it `lede-check`).
    let sub = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(["check", "--version"])
        .output()
        .unwrap();
    let sub = String::from_utf8(sub.stdout).unwrap();
    assert_eq!(sub.strip_prefix("lede-check"), text.strip_prefix("lede"));
}

#[test]
fn commit_part_shape() {
    assert!(is_commit_part("59889ce 2026-12-04"));
    assert!(is_commit_part("unknown commit"));
    assert!(!is_commit_part("59889ce"));
    assert!(!is_commit_part("xyz1234 2026-12-04"));
    assert!(!is_commit_part("59889ce 2026-1204"));
    assert!(!is_commit_part(""));
}

fn commit(repo: &Path) {
    let run = |args: &[&str]| {
        let st = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
    };
    run(&["init", "-q"]);
    run(&["add", "."]);
    run(&["commit", "-q", "-m", "one"]);
}

#[test]
fn the_build_script_reads_the_commit_of_ledes_own_checkout_only() {
    if git(Path::new("."), &["--version"]).is_none() {
        assert!(std::env::var_os("CI").is_none(), "git is missing");
        eprintln!("skipped: git is not installed");
        return;
    }
    // No git at all: a tarball.
    let tarball = tempfile::tempdir().unwrap();
    let server = tarball.path().join("server");
    std::fs::create_dir(&server).unwrap();
    std::fs::write(server.join("Cargo.toml"), "").unwrap();
    let mut watch = Vec::new();
    assert_eq!(build_script::commit_of(&server, &mut watch), None);
    assert!(watch.is_empty());

    // The sources unpacked inside another repository: not its commit.
    let outer = tempfile::tempdir().unwrap();
    let server = outer.path().join("vendor/lede/server");
    std::fs::create_dir_all(&server).unwrap();
    std::fs::write(server.join("Cargo.toml"), "").unwrap();
    commit(outer.path());
    assert_eq!(build_script::commit_of(&server, &mut watch), None);

    // lede's own checkout: the hash and date, and HEAD to watch.
    let own = tempfile::tempdir().unwrap();
    let server = own.path().join("server");
    std::fs::create_dir(&server).unwrap();
    std::fs::write(server.join("Cargo.toml"), "").unwrap();
    commit(own.path());
    let found = build_script::commit_of(&server, &mut watch).expect("a commit");
    assert!(is_commit_part(&found), "{found}");
    assert_eq!(
        Some(found),
        git(own.path(), &["log", "-1", "--format=%h %cs"])
    );
    assert!(watch.iter().any(|p| p.ends_with("HEAD")), "{watch:?}");
    assert!(watch.iter().all(|p| p.exists()), "{watch:?}");
}

/// `1.88` -> (1, 88, 0).
fn version(s: &str) -> (u64, u64, u64) {
    let mut parts = s.split('.').map(|p| p.parse::<u64>().expect(s));
    (
        parts.next().unwrap(),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn declared_msrv_is_what_the_locked_dependencies_need() {
    let root = workspace();
    let manifest: toml::Value =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let declared = manifest["workspace"]["package"]["rust-version"]
        .as_str()
        .expect("workspace.package.rust-version");
    let host = String::from_utf8(Command::new("rustc").arg("-vV").output().unwrap().stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .unwrap();
    let out = Command::new(option_env!("CARGO").unwrap_or("cargo"))
        .current_dir(&root)
        .args(["metadata", "--format-version", "1", "--locked"])
        .args(["--filter-platform", &host])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let members: Vec<&str> = meta["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let needed = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !members.contains(&p["id"].as_str().unwrap()))
        .filter_map(|p| Some((version(p["rust_version"].as_str()?), p["name"].as_str()?)))
        .max()
        .expect("dependencies declare a rust-version");
    assert!(
        version(declared) >= needed.0,
        "rust-version {declared} is below what {} needs ({:?})",
        needed.1,
        needed.0
    );
    assert_eq!(
        version(declared),
        needed.0,
        "rust-version {declared} is above what the locked dependencies need ({} needs {:?}): \
         lower it, or say here why lede's own code needs more",
        needed.1,
        needed.0
    );
}

#[test]
fn the_licence_files_the_readme_names_are_there() {
    let root = workspace();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("MIT OR Apache-2.0"));
    let mit = std::fs::read_to_string(root.join("LICENSE-MIT")).unwrap();
    assert!(mit.starts_with("MIT License"), "LICENSE-MIT");
    let apache = std::fs::read_to_string(root.join("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    assert!(
        apache.contains("END OF TERMS AND CONDITIONS"),
        "the whole text"
    );
}

/// The files a user reads for how to install lede or where it lives.
fn user_facing_files() -> Vec<PathBuf> {
    let root = workspace();
    let mut files = vec![
        root.join("README.md"),
        root.join("CHANGELOG.md"),
        root.join("Cargo.toml"),
        root.join("server/Cargo.toml"),
        root.join("action.yml"),
        root.join(".pre-commit-hooks.yaml"),
        root.join("editors/vscode/package.json"),
        root.join("editors/vscode/README.md"),
    ];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            files.push(p);
        }
    }
    files
}

#[test]
fn every_install_command_is_locked() {
    let mut seen = 0;
    for f in user_facing_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.contains("cargo install ") {
                seen += 1;
                assert!(
                    line.contains("--locked"),
                    "{}:{}: an install without --locked: {line}",
                    f.display(),
                    n + 1
                );
            }
        }
    }
    assert!(seen >= 3, "the install lines were found ({seen})");
}

#[test]
fn one_project_url_everywhere() {
    let project = "https://github.com/lede-project/lede";
    let manifest = std::fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    assert!(manifest.contains(&format!("repository = \"{project}\"")));
    let mut seen = 0;
    for f in user_facing_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        // Any address of a repository named lede, or a crates.io page of it.
        for (at, _) in text.match_indices("://") {
            let start = text[..at]
                .rfind(|c: char| !c.is_ascii_alphabetic())
                .map_or(0, |i| i + 1);
            let url: String = text[start..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !"\"'`)<>]".contains(*c))
                .collect();
            let names_lede = url.split('/').nth(4).is_some_and(|repo| repo == "lede")
                || url.contains("crates.io/crates/lede");
            if names_lede {
                seen += 1;
                assert!(
                    url.starts_with(project),
                    "{}: {url} is not {project}",
                    f.display()
                );
            }
        }
    }
    assert!(seen >= 4, "the project's addresses were found ({seen})");
}

#[test]
fn the_actions_check_step_reports_annotations_and_exits_as_lede_does() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli");
    for f in ["tagged.txt", "clean.txt", "lede.toml"] {
        std::fs::copy(fixtures.join(f), dir.path().join(f)).unwrap();
    }
    let step = |args: &str| {
        Command::new("bash")
            .arg(workspace().join("tools/action/check.sh"))
            .current_dir(dir.path())
            .env("LEDE_BIN", env!("CARGO_BIN_EXE_lede"))
            .env("LEDE_ARGS", args)
            .output()
            .unwrap()
    };
    let o = step("tagged.txt --select tags/malformed");
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("::error file=tagged.txt,line=5,"), "{out}");
    let o = step("clean.txt");
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    // Split on whitespace, never expanded as a glob: `*.txt` is a path.
    let o = step("*.txt");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("*.txt"));
}
