//! Fixes never produce an error: every fix (safe and unsafe) applied to
//! random tagged text, to a fixpoint as `--fix` does, leaves no finding of
//! severity error, and fixing again changes nothing. And the README's own
//! fix command on a copy of `examples/` adds no error.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use lede::fix::{fix_until_stable, FixMode};
use lede::{Config, Engine, Severity};
use proptest::prelude::*;

/// A registry like the examples' (two entities with an alias each).
const REGISTRY: &str = r#"
[[entity]]
id = "hengtai"
name = "China Hengtai Copper Group"
label = "ORG"
aliases = ["Hengtai Copper Group"]

[[entity]]
id = "ma-ruolin"
name = "Ma Ruolin"
label = "PER"
"#;

/// Pieces of articles: tags, registry names with and without tags, name
/// variants, broken numbers, boilerplate lines, brackets that are no tags,
/// alias definitions, blank lines and indentation.
const PIECES: &[&str] = &[
    "[China Hengtai Copper Group]{ORG:hengtai}",
    "[Hengtai Copper Group]{ORG:hengtai}",
    "China Hengtai Copper Group",
    "Chinese Hengtai Copper Group",
    "CHINA HENGTAI COPPER GROUP",
    "china hengtai copper group",
    "Hengtai Copper Group",
    "China [Hengtai Copper Group]{ORG:hengtai}",
    "[Ma Ruolin]{PER:ma-ruolin}",
    "Ma Ruolin",
    "mayor Ma Ruolin",
    "Mayor Ma Ruolin",
    "[Hao Peng]{PER}",
    "[Hao Peng]{PRE}",
    "[Lanwei]{LOC}",
    "Lanwei Economic Zone (hereinafter referred to as the \"Economic Zone\")",
    "the economic zone",
    "12 345",
    "10: 30",
    "2 0 2 4",
    "97.8 %",
    "[Photo]",
    "(see [1])",
    "\\[sic\\]",
    "Leave a Reply",
    "Editor: Wang Lan",
    "Share this article:",
    " ",
    " ",
    ", ",
    ". ",
    "\n",
    "\n\n",
    "\n\n\n\n",
    "\n   ",
];

fn engine() -> Engine {
    Engine::new(Config::parse(REGISTRY).unwrap()).unwrap()
}

fn errors(engine: &Engine, text: &str) -> Vec<String> {
    engine
        .check(text)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} at {:?}: {}", f.rule, f.span, f.message))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fixes_never_produce_an_error(
        parts in proptest::collection::vec(proptest::sample::select(PIECES), 1..40),
    ) {
        let engine = engine();
        let text = parts.concat();
        prop_assume!(errors(&engine, &text).is_empty());
        let (fixed, _) = fix_until_stable(&text, FixMode::All, 16, |t| engine.check(t));
        prop_assert!(
            errors(&engine, &fixed).is_empty(),
            "{:?}\nbecame\n{:?}\nwith {:?}",
            text,
            fixed,
            errors(&engine, &fixed)
        );
        let (again, n) = fix_until_stable(&fixed, FixMode::All, 16, |t| engine.check(t));
        prop_assert_eq!(&again, &fixed, "{} more fixes", n);
    }
}

#[test]
fn a_partly_tagged_name_gets_no_second_tag() {
    let engine = engine();
    let text = "[Ma Ruolin]{PER:ma-ruolin} spoke.\n\n(`China Hengtai Copper Group` on line 1, \
                `Chinese Hengtai Copper Group` on 7), a title.\n";
    let (fixed, n) = fix_until_stable(text, FixMode::All, 16, |t| engine.check(t));
    assert!(n > 0);
    assert!(!fixed.contains("[China ["), "{fixed}");
    assert!(errors(&engine, &fixed).is_empty(), "{fixed}");
    // The untagged registry name is still tagged (the fix is not just gone).
    assert!(
        fixed.contains("`[China Hengtai Copper Group]{ORG:hengtai}` on line 1"),
        "{fixed}"
    );
}

#[test]
fn no_tag_is_wrapped_after_an_open_bracket() {
    let engine = engine();
    let text = "[Ma Ruolin]{PER:ma-ruolin} saw it [as China Hengtai Copper Group said.\n";
    let (fixed, _) = fix_until_stable(text, FixMode::All, 16, |t| engine.check(t));
    assert!(errors(&engine, &fixed).is_empty(), "{fixed}");
    assert!(
        fixed.contains("[as China Hengtai Copper Group said."),
        "{fixed}"
    );
}

/// Error findings per (file, rule) in `dir`.
fn error_counts(dir: &Path) -> BTreeMap<(String, String), usize> {
    let out = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut counts = BTreeMap::new();
    for f in found.as_array().unwrap() {
        if f["severity"] == "error" {
            let path = f["path"].as_str().unwrap().to_string();
            let file = Path::new(&path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            *counts
                .entry((file, f["rule"].as_str().unwrap().to_string()))
                .or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn fixing_the_examples_adds_no_error() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let before = error_counts(dir.path());
    let status = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_ne!(
        status.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let after = error_counts(dir.path());
    // The malformed tags the examples show on purpose stay; nothing new.
    for (key, n) in &after {
        assert!(
            before.get(key).is_some_and(|b| n <= b),
            "{key:?}: {n} errors after fixing, {:?} before",
            before.get(key)
        );
    }
    assert!(
        !after.keys().any(|(_, rule)| rule == "tags/overlapping"),
        "{after:?}"
    );
}
