//! The `names/` family on the sample articles in `../shared/seeds`
//! (seed-findings.md): what must be found and what must not.

mod common;

use lede::{Config, Engine, Finding};

fn seeds() -> Option<Vec<(String, String)>> {
    let dir = common::shared::seeds_dir()?;
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    Some(out)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

struct Checked {
    files: Vec<(String, String)>,
    findings: Vec<Vec<Finding>>,
}

impl Checked {
    fn names(&self, file_prefix: &str) -> Vec<(usize, &'static str, String, lede::Severity)> {
        let i = self
            .files
            .iter()
            .position(|f| f.0.starts_with(file_prefix))
            .unwrap();
        let text = &self.files[i].1;
        self.findings[i]
            .iter()
            .filter(|f| f.family() == "names")
            .map(|f| {
                (
                    line_of(text, f.span.start),
                    f.rule,
                    text[f.span.clone()].to_string(),
                    f.severity,
                )
            })
            .collect()
    }
}

fn check() -> Option<Checked> {
    let files = seeds()?;
    let engine = Engine::new(Config::default()).unwrap();
    let texts: Vec<&str> = files.iter().map(|f| f.1.as_str()).collect();
    let findings = engine.check_corpus(&texts);
    Some(Checked { files, findings })
}

#[test]
fn must_findings() {
    let Some(c) = check() else { return };
    let n000 = c.names("000");
    assert!(
        n000.iter()
            .any(|f| f.0 == 5 && f.2.contains("new energy and new energy")),
        "{n000:#?}"
    );
    assert!(
        n000.iter().any(|f| (f.0 == 1 || f.0 == 3)
            && f.1 == "names/cross-file-variant"
            && f.2.starts_with("Xining economic")),
        "{n000:#?}"
    );
    let n002 = c.names("002");
    assert!(
        n002.iter()
            .any(|f| f.0 == 11 && f.1 == "names/alias-variant" && f.2 == "development zone"),
        "{n002:#?}"
    );
    let n003 = c.names("003");
    assert!(
        n003.iter()
            .any(|f| f.0 == 1 && f.2 == "Chinese Minmetals Group"),
        "{n003:#?}"
    );
    // The should-level title hint.
    assert!(
        n000.iter()
            .any(|f| f.0 == 3 && f.1 == "names/title-case" && f.2 == "governor"),
        "{n000:#?}"
    );
}

#[test]
fn must_not_findings() {
    let Some(c) = check() else { return };
    for (prefix, name) in [
        ("001", "Xu Guocheng"),
        ("003", "He Wenbo"),
        ("003", "Wang Liming"),
        ("003", "Yang Fengchun"),
        ("004", "Zhang Yong"),
    ] {
        let found = c.names(prefix);
        assert!(
            !found.iter().any(|f| f.2.contains(name)),
            "{prefix} {name}: {found:#?}"
        );
    }
    // A shorter second reference is never a warning.
    for f in c.names("003") {
        if f.2.contains("Minmetals") && !f.2.contains("China") && !f.2.contains("Chinese") {
            assert!(f.3 <= lede::Severity::Info, "{f:?}");
        }
    }
    // Nothing in 001 and 004 is a name problem.
    assert!(c.names("001").is_empty(), "{:#?}", c.names("001"));
    assert!(c.names("004").is_empty(), "{:#?}", c.names("004"));
}

#[test]
fn print_all_names_findings() {
    let Some(c) = check() else { return };
    for (name, _) in &c.files {
        for f in c.names(&name[..3]) {
            println!("{name}:{} {} {:?} {}", f.0, f.1, f.2, f.3);
        }
    }
}
