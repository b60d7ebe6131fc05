//! Tests by rule: one fixture article per rule, every rule's `bad` and
//! `good` examples, and one source file per rule.
//!
//! # Fixtures
//!
//! Rule `family/rule-name` has the fixture `tests/rules/family/rule-name.txt`:
//! an article (written for the tests) with the lines the rule must catch
//! and lines it must leave alone. Expectations are inline annotations, a
//! line right after the text line they describe:
//!
//! ```text
//! Exports rose, with the port contributing 64 to the region3%, a record.
//! //                                                      ^^^^^^^^ numbers/glued-digits
//! ```
//!
//! * An annotation line starts with `//` in its first column, then spaces,
//!   a run of `^`, spaces and a rule id (`family/rule-name`), and nothing
//!   else. Every line that starts with `//` must be one: article text
//!   cannot start with `//` in a fixture. Annotation lines are removed
//!   before the check.
//! * The carets stand under the columns (characters) of the finding in
//!   the text line above; several annotation lines may follow one text
//!   line. A run that starts right after the `//` (`//^^^`) starts at
//!   column 0: the `//` stands for the first two columns, so `//^^^`
//!   marks columns 0 to 4. A lone `//^` marks a finding of one to three
//!   columns at column 0 (an indentation of two spaces, an empty line).
//!   One column past the end of the text is the line break, so a finding
//!   on an empty line is `//^`.
//! * A finding that goes on past the end of its line is marked on its
//!   first line, to the line break.
//! * Every finding of the fixture's rule must be annotated, and every
//!   annotation must have its finding (same line and columns). Findings of
//!   other rules are ignored, but an annotation may name another rule: then
//!   that finding must be there too.
//!
//! Sidecars: `rule-name.lede.toml` is the fixture's `lede.toml` (else the
//! defaults), and `rule-name.other/*.txt` are the other files of its corpus
//! (checked together with the fixture by `Engine::check_corpus`; their
//! findings are not checked).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use lede::{Config, Engine, Finding};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

/// Rule `family/rule-name` → `tests/rules/family/rule-name.txt`.
fn fixture_path(rule: &str) -> PathBuf {
    fixtures_dir().join(format!("{rule}.txt"))
}

/// One expected finding: line (0-based, of the text without annotations),
/// start and end column (characters), rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Mark {
    line: usize,
    start: usize,
    end: usize,
    rule: String,
    /// A lone `//^`: any end up to column 3.
    loose: bool,
}

impl Mark {
    /// Whether this annotation marks the finding marked `found`.
    fn marks(&self, found: &Mark) -> bool {
        self.line == found.line
            && self.rule == found.rule
            && self.start == found.start
            && (self.end == found.end || (self.loose && found.end <= 3))
    }
}

/// A fixture split into its article text and its annotations.
struct Fixture {
    text: String,
    marks: Vec<Mark>,
    /// The text lines, for messages.
    lines: Vec<String>,
}

/// Parses one annotation line (after its `//`) under a line of
/// `line_chars` characters; `Err` says what is wrong.
fn parse_mark(after: &str, line: usize, line_chars: usize) -> Result<Mark, String> {
    let spaces = after.len() - after.trim_start_matches(' ').len();
    let rest = &after[spaces..];
    let carets = rest.len() - rest.trim_start_matches('^').len();
    let rule = rest[carets..].trim();
    let rule_ok = rest[carets..].starts_with(' ')
        && rule.split_once('/').is_some_and(|(f, n)| {
            !f.is_empty()
                && !n.is_empty()
                && rule
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '/')
        });
    if carets == 0 || !rule_ok {
        return Err("an annotation is `//`, spaces, `^^^`, a space and a rule id".into());
    }
    let start = if spaces == 0 { 0 } else { 2 + spaces };
    let end = (2 + spaces + carets).min(line_chars + 1);
    if start > line_chars {
        return Err(format!(
            "carets start at column {start}, past the end of the line ({line_chars} characters)"
        ));
    }
    Ok(Mark {
        line,
        start,
        end,
        rule: rule.to_string(),
        loose: spaces == 0 && carets == 1,
    })
}

/// Splits a fixture file into text and annotations.
fn parse_fixture(src: &str) -> Result<Fixture, String> {
    let mut text = String::with_capacity(src.len());
    let mut lines: Vec<String> = Vec::new();
    let mut marks = Vec::new();
    for (n, raw) in src.split_inclusive('\n').enumerate() {
        let Some(after) = raw.strip_prefix("//") else {
            text.push_str(raw);
            lines.push(raw.trim_end_matches(['\n', '\r']).to_string());
            continue;
        };
        let Some(above) = lines.last() else {
            return Err(format!(
                "line {}: an annotation needs a text line above",
                n + 1
            ));
        };
        let after = after.trim_end_matches(['\n', '\r']);
        let mark = parse_mark(after, lines.len() - 1, above.chars().count())
            .map_err(|e| format!("line {}: {e}: {raw:?}", n + 1))?;
        marks.push(mark);
    }
    Ok(Fixture { text, marks, lines })
}

/// Where a finding is marked: its first line, its columns on that line
/// (to the line break when it goes on).
fn mark_of(text: &str, f: &Finding) -> Mark {
    let line_start = text[..f.span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line_chars = text[line_start..line_end].chars().count();
    let start = text[line_start..f.span.start].chars().count();
    let end = if f.span.end <= line_end {
        text[line_start..f.span.end].chars().count()
    } else {
        line_chars + 1
    };
    Mark {
        line: text[..line_start].matches('\n').count(),
        start,
        end,
        rule: f.rule.to_string(),
        loose: false,
    }
}

/// The annotation line that marks `m` (for messages: ready to paste).
fn annotation(m: &Mark) -> String {
    let carets = "^".repeat(m.end.saturating_sub(m.start).max(1));
    if m.start < 2 {
        // `//` stands for columns 0 and 1.
        let carets = "^".repeat((m.end.max(3)) - 2);
        format!("//{carets} {}", m.rule)
    } else {
        format!("//{}{carets} {}", " ".repeat(m.start - 2), m.rule)
    }
}

/// The texts of `dir/*.txt`, sorted by name; none when `dir` is absent.
fn other_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let src = std::fs::read_to_string(p).unwrap();
            parse_fixture(&src).map_or(src, |f| f.text)
        })
        .collect()
}

/// Checks the fixture of `rule`; `Err` lists what is wrong.
fn check_fixture(rule: &str) -> Result<(), String> {
    let path = fixture_path(rule);
    let src = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let fixture = parse_fixture(&src)?;
    let base = path.with_extension("");
    let config_path = base.with_extension("lede.toml");
    let config = match std::fs::read_to_string(&config_path) {
        Ok(toml) => {
            Config::parse(&toml).map_err(|e| format!("{}: {e:?}", config_path.display()))?
        }
        Err(_) => Config::default(),
    };
    let others = other_files(&base.with_extension("other"));
    let mut texts = vec![fixture.text.as_str()];
    texts.extend(others.iter().map(String::as_str));
    let findings = Engine::new(config)
        .map_err(|e| format!("{e:?}"))?
        .check_corpus(&texts)
        .swap_remove(0);
    let found: BTreeSet<Mark> = findings.iter().map(|f| mark_of(&fixture.text, f)).collect();
    let own = found.iter().filter(|m| m.rule == rule);
    let expected = &fixture.marks;
    let mut problems = String::new();
    if !fixture.marks.iter().any(|m| m.rule == rule) {
        problems.push_str("  no annotation of the fixture's own rule\n");
    }
    for m in expected
        .iter()
        .filter(|m| !found.iter().any(|f| m.marks(f)))
    {
        let _ = writeln!(
            problems,
            "  annotated but not found: line {} {:?}\n    {}",
            m.line + 1,
            fixture.lines[m.line],
            annotation(m)
        );
    }
    for m in own.filter(|f| !expected.iter().any(|m| m.marks(f))) {
        let _ = writeln!(
            problems,
            "  found but not annotated: line {} {:?}\n    {}",
            m.line + 1,
            fixture.lines[m.line],
            annotation(m)
        );
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[test]
fn every_rule_fixture_states_its_findings() {
    let mut failed = String::new();
    for m in lede::rules::all() {
        if let Err(e) = check_fixture(m.id) {
            let _ = writeln!(failed, "{} ({}):\n{e}", m.id, fixture_path(m.id).display());
        }
    }
    assert!(failed.is_empty(), "fixtures that fail:\n{failed}");
}

#[test]
fn every_rule_has_a_fixture_and_every_fixture_a_rule() {
    let mut problems = Vec::new();
    for m in lede::rules::all() {
        if !fixture_path(m.id).is_file() {
            problems.push(format!(
                "{}: no fixture {}",
                m.id,
                fixture_path(m.id).display()
            ));
        }
    }
    for family in std::fs::read_dir(fixtures_dir()).unwrap() {
        let family = family.unwrap().path();
        if !family.is_dir() {
            problems.push(format!("{}: not a family folder", family.display()));
            continue;
        }
        for file in std::fs::read_dir(&family).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let rule_name = name
                .strip_suffix(".txt")
                .or_else(|| name.strip_suffix(".lede.toml"))
                .or_else(|| name.strip_suffix(".other"));
            let id =
                rule_name.map(|n| format!("{}/{n}", family.file_name().unwrap().to_string_lossy()));
            if id
                .as_deref()
                .is_none_or(|id| lede::rules::meta(id).is_none())
            {
                problems.push(format!("{}: names no known rule", file.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_rule_has_a_source_file_named_after_it() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut missing = Vec::new();
    for m in lede::rules::all() {
        let (family, name) = m.id.split_once('/').unwrap();
        let dir = rules.join(family);
        let name = name.replace('-', "_");
        let file = dir.join(format!("{name}.rs"));
        let folder = dir.join(&name).join("mod.rs");
        if !file.is_file() && !folder.is_file() {
            missing.push(format!("{}: no {}", m.id, file.display()));
        }
        // The rule is declared in that file (its `META` says where it is,
        // and the docs link there).
        let declared = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(m.source);
        let same = |p: &Path| p.canonicalize().ok() == declared.canonicalize().ok();
        if !same(&file) && !same(&folder) {
            missing.push(format!(
                "{}: declared in {}, not in its own file",
                m.id, m.source
            ));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// The findings in an example's text, checked with its `lede.toml`
/// together with its other files.
fn example_findings(e: &lede::rules::Example) -> Result<Vec<Finding>, String> {
    let config = Config::parse(e.config).map_err(|err| format!("bad config: {err:?}"))?;
    let engine = Engine::new(config).map_err(|err| format!("bad config: {err:?}"))?;
    let mut texts = vec![e.text];
    texts.extend_from_slice(e.other_files);
    Ok(engine.check_corpus(&texts).swap_remove(0))
}

#[test]
fn every_bad_example_is_caught_and_every_good_one_passes() {
    let mut failed = Vec::new();
    for m in lede::rules::all() {
        for (kind, examples, want) in [("bad", m.bad, true), ("good", m.good, false)] {
            for e in examples {
                match example_findings(e) {
                    Ok(fs) => {
                        let got = fs.iter().any(|f| f.rule == m.id);
                        if got != want {
                            failed.push(format!(
                                "{} {kind} example {:?}: {}",
                                m.id,
                                e.text,
                                if want {
                                    "no finding of the rule"
                                } else {
                                    "has a finding of the rule"
                                }
                            ));
                        }
                    }
                    Err(err) => failed.push(format!("{} {kind} example {:?}: {err}", m.id, e.text)),
                }
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{} examples fail:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn annotations_parse() {
    let f = parse_fixture("Leave a Reply\n//^^^^^^^^^^^ boilerplate/comment-form\nab cd\n//  ^^ x/y\n\n//^ structure/blank-lines\n").unwrap();
    assert_eq!(f.text, "Leave a Reply\nab cd\n\n");
    let m = |line, start, end, rule: &str| Mark {
        line,
        start,
        end,
        rule: rule.into(),
        loose: start == 0 && end <= 3,
    };
    assert_eq!(
        f.marks,
        [
            m(0, 0, 13, "boilerplate/comment-form"),
            m(1, 4, 6, "x/y"),
            m(2, 0, 1, "structure/blank-lines"),
        ]
    );
    for bad in [
        "//^^",
        "// ^^^x/y",
        "//   no carets x/y",
        "text\n// ^ Rule",
        "// ^ x/y\n",
    ] {
        assert!(parse_fixture(bad).is_err(), "{bad:?}");
    }
    // The message form round-trips.
    for mk in [&f.marks[0], &f.marks[1], &f.marks[2]] {
        let line = f.lines[mk.line].clone();
        let again = parse_fixture(&format!("{line}\n{}\n", annotation(mk))).unwrap();
        assert_eq!(again.marks[0].start, mk.start);
        assert_eq!(again.marks[0].end, mk.end);
    }
}
