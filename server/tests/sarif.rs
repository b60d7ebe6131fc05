//! `--format sarif` against the SARIF Multitool's validator (npm
//! `@microsoft/sarif-multitool-linux`, installed into `.tools/sarif` by
//! `tests/run`), and the validator's rules that lede's output must keep,
//! checked here as well: relative URIs against `%SRCROOT%` and absolute
//! paths as `file://` URIs (SARIF1004), rule names that are not the ids
//! (SARIF1001), and fingerprints that survive a line move.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cli");
const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");

fn sarif_in(dir: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_lede"))
        .current_dir(dir)
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// A temp dir with the CLI fixtures, the examples under `news/`, and one
/// article whose name needs percent-encoding.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["tagged.txt", "fixable.txt", "lede.toml"] {
        std::fs::copy(Path::new(FIXTURES).join(f), dir.path().join(f)).unwrap();
    }
    let news = dir.path().join("news");
    std::fs::create_dir(&news).unwrap();
    for e in std::fs::read_dir(EXAMPLES).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") || p.ends_with("lede.toml") {
            std::fs::copy(&p, news.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(
        Path::new(FIXTURES).join("tagged.txt"),
        dir.path().join("a b #ü.txt"),
    )
    .unwrap();
    dir
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().unwrap()
}

/// Every `artifactLocation` in a log, wherever it sits.
fn artifact_locations(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "artifactLocation" {
                    out.push(x.clone());
                }
                artifact_locations(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| artifact_locations(x, out)),
        _ => {}
    }
}

fn fingerprint(r: &Value) -> &str {
    r["partialFingerprints"]["ledeLineHash/v1"]
        .as_str()
        .expect("a ledeLineHash/v1 fingerprint")
}

#[test]
fn relative_paths_are_relative_uris_against_srcroot() {
    let dir = workspace();
    let log = sarif_in(dir.path(), &["tagged.txt", "news", "a b #ü.txt"]);
    let root = &log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"];
    let root = root.as_str().expect("%SRCROOT% has a uri");
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    let canonical = dir.path().canonicalize().unwrap();
    assert!(
        root.trim_end_matches('/')
            .ends_with(canonical.file_name().unwrap().to_str().unwrap()),
        "{root} is the directory lede ran in"
    );
    let mut locs = Vec::new();
    artifact_locations(&log, &mut locs);
    assert!(
        locs.len() > results(&log).len(),
        "locations, related ones and fixes"
    );
    let mut uris = BTreeSet::new();
    for l in &locs {
        let uri = l["uri"].as_str().unwrap();
        assert_eq!(l["uriBaseId"], "%SRCROOT%", "{l}");
        assert!(!uri.starts_with('/') && !uri.contains(':'), "{uri}");
        uris.insert(uri.to_string());
    }
    assert!(uris.contains("tagged.txt"), "{uris:?}");
    assert!(uris.contains("a%20b%20%23%C3%BC.txt"), "{uris:?}");
    assert!(uris.iter().any(|u| u.starts_with("news/")), "{uris:?}");
}

#[test]
fn absolute_paths_are_file_uris() {
    let dir = workspace();
    let abs = dir.path().join("a b #ü.txt");
    let log = sarif_in(dir.path(), &[abs.to_str().unwrap()]);
    let mut locs = Vec::new();
    artifact_locations(&log, &mut locs);
    assert!(!locs.is_empty());
    for l in &locs {
        let uri = l["uri"].as_str().unwrap();
        assert!(l.get("uriBaseId").is_none(), "{l}");
        assert!(uri.starts_with("file:///"), "{uri}");
        assert!(uri.ends_with("/a%20b%20%23%C3%BC.txt"), "{uri}");
        assert_eq!(uri.matches("//").count(), 1, "{uri}");
    }
}

#[test]
fn rule_names_are_pascal_case_and_never_the_id() {
    let dir = workspace();
    let log = sarif_in(dir.path(), &["tagged.txt"]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let mut names = BTreeSet::new();
    for r in rules {
        let (id, name) = (r["id"].as_str().unwrap(), r["name"].as_str().unwrap());
        assert_ne!(id, name);
        assert!(name.starts_with(|c: char| c.is_ascii_uppercase()), "{name}");
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
        assert_eq!(
            name.to_ascii_lowercase(),
            id.replace(['/', '-'], ""),
            "{id}"
        );
        assert!(names.insert(name.to_string()), "{name} twice");
        let help = r["helpUri"].as_str().unwrap();
        assert!(
            help.starts_with("https://") && help.contains("docs/rules.md#"),
            "{help}"
        );
    }
    assert_eq!(names.len(), rules.len());
    let unknown_label = rules
        .iter()
        .find(|r| r["id"] == "tags/unknown-label")
        .unwrap();
    assert_eq!(unknown_label["name"], "TagsUnknownLabel");
}

#[test]
fn fingerprints_survive_lines_added_above_and_tell_findings_apart() {
    let dir = workspace();
    let before = sarif_in(dir.path(), &["tagged.txt", "fixable.txt"]);
    let text = std::fs::read_to_string(dir.path().join("tagged.txt")).unwrap();
    let mut f = std::fs::File::create(dir.path().join("tagged.txt")).unwrap();
    write!(f, "A first line written later.\n\n{text}").unwrap();
    drop(f);
    let after = sarif_in(dir.path(), &["tagged.txt", "fixable.txt"]);
    let prints = |log: &Value| -> Vec<(String, String, u64)> {
        results(log)
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    fingerprint(r).to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let (b, a) = (prints(&before), prints(&after));
    assert!(b.len() >= 3, "{b:?}");
    assert_eq!(b.len(), a.len(), "{b:?} {a:?}");
    for (x, y) in b.iter().zip(&a) {
        assert_eq!((&x.0, &x.1), (&y.0, &y.1), "same finding, same fingerprint");
    }
    assert!(
        b.iter().zip(&a).any(|(x, y)| x.2 != y.2),
        "the lines did move: {b:?} {a:?}"
    );
    let distinct: BTreeSet<_> = b.iter().map(|x| &x.1).collect();
    assert_eq!(distinct.len(), b.len(), "one fingerprint per result: {b:?}");
    // The shape: 16 hex digits, a colon, the occurrence.
    for x in &b {
        let (hash, nth) = x.1.split_once(':').unwrap();
        assert!(hash.len() == 16 && hash.bytes().all(|c| c.is_ascii_hexdigit()));
        assert!(nth.parse::<usize>().unwrap() >= 1);
    }
}

#[test]
fn identical_findings_on_identical_lines_are_numbered() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("twice.txt"),
        "The board met [Ola Berg]{PRE} at noon.\n\nThe board met [Ola Berg]{PRE} at noon.\n",
    )
    .unwrap();
    let log = sarif_in(dir.path(), &["--select", "tags/unknown-label", "twice.txt"]);
    let prints: Vec<&str> = results(&log).iter().map(fingerprint).collect();
    assert_eq!(prints.len(), 2, "{prints:?}");
    let (h0, n0) = prints[0].split_once(':').unwrap();
    let (h1, n1) = prints[1].split_once(':').unwrap();
    assert_eq!(h0, h1, "same rule, same line text");
    assert_eq!((n0, n1), ("1", "2"));
}

// ------------------------------------------------------------- validator

/// The Multitool: `$LEDE_SARIF_MULTITOOL`, else where `tests/run` puts it.
fn multitool() -> Option<PathBuf> {
    let path = match std::env::var_os("LEDE_SARIF_MULTITOOL") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../.tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"),
    };
    if path.is_file() {
        return Some(path);
    }
    let msg = format!(
        "skipped: the SARIF Multitool is not installed at {} (tests/run installs it from npm: \
         @microsoft/sarif-multitool-linux; or set LEDE_SARIF_MULTITOOL)",
        path.display()
    );
    assert!(
        std::env::var_os("CI").is_none(),
        "{msg}; CI is set, so this is a failure"
    );
    let _ = writeln!(std::io::stderr(), "{msg}");
    None
}

/// What the validator reports on a log at levels error and warning: (rule
/// id, level, message arguments) of each result. Its notes are best-practice
/// suggestions (`docs/cli.md` lists the ones lede leaves), and its policy
/// (`tests/fixtures/sarif/multitool.xml`) turns off the one rule that would
/// fetch URIs over the network.
fn validate(tool: &Path, log: &Value) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.sarif");
    let output = dir.path().join("out.sarif");
    std::fs::write(&input, serde_json::to_vec_pretty(log).unwrap()).unwrap();
    let out = Command::new(tool)
        .arg("validate")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .args(["--level", "Error;Warning", "--config"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif/multitool.xml"))
        // No ICU on the test machine is fine: the validator needs no culture data.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&std::fs::read(&output).unwrap_or_else(|_| {
        panic!(
            "the validator wrote no report: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }))
    .unwrap();
    report["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap_or("?").to_string(),
                r["level"].as_str().unwrap_or("warning").to_string(),
                r["message"]["arguments"].to_string(),
            )
        })
        .collect()
}

#[test]
fn the_multitool_validator_finds_nothing_to_report() {
    let Some(tool) = multitool() else { return };
    let dir = workspace();
    let relative = sarif_in(
        dir.path(),
        &["tagged.txt", "fixable.txt", "news", "a b #ü.txt"],
    );
    assert!(results(&relative).len() > 5);
    assert!(
        results(&relative)
            .iter()
            .any(|r| r.get("relatedLocations").is_some()),
        "the examples give related locations in other files"
    );
    assert_eq!(validate(&tool, &relative), vec![]);
    let abs = dir.path().join("a b #ü.txt");
    let absolute = sarif_in(dir.path(), &[abs.to_str().unwrap()]);
    assert!(!results(&absolute).is_empty());
    assert_eq!(validate(&tool, &absolute), vec![]);
}

/// The validator, given what lede wrote before this was fixed, reports
/// both problems: so the clean run above means something.
#[test]
fn the_multitool_validator_reports_a_name_equal_to_the_id_and_a_slash_relative_uri() {
    let Some(tool) = multitool() else { return };
    let dir = workspace();
    let abs = dir.path().join("tagged.txt");
    let mut log = sarif_in(dir.path(), &[abs.to_str().unwrap()]);
    let run = &mut log["runs"][0];
    let id = run["tool"]["driver"]["rules"][0]["id"].clone();
    run["tool"]["driver"]["rules"][0]["name"] = id;
    let loc = &mut run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    loc["uri"] = Value::from(abs.to_str().unwrap());
    let found: BTreeSet<_> = validate(&tool, &log)
        .into_iter()
        .map(|(rule, _, _)| rule)
        .collect();
    assert!(found.contains("SARIF1001"), "{found:?}");
    assert!(found.contains("SARIF1004"), "{found:?}");
}
