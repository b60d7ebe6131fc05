//! The five sample articles (read from `../shared/seeds`, never copied):
//! the `numbers/`, `structure/` and `boilerplate/` findings that
//! `seed-findings.md` asks for, the must-not list, and the fixes.

mod common;

use std::path::PathBuf;

use lede::fix::{apply_edits, apply_fixes, fix_until_stable, FixMode};
use lede::text::LineIndex;
use lede::{Config, Engine, Finding};

const MINE: &[&str] = &["numbers", "structure", "boilerplate"];

struct Seeds {
    names: Vec<String>,
    texts: Vec<String>,
    findings: Vec<Vec<Finding>>,
}

impl Seeds {
    fn load() -> Option<Seeds> {
        let dir = common::shared::seeds_dir()?;
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        assert_eq!(paths.len(), 5, "five seeds in {dir:?}");
        let names = paths
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let texts: Vec<String> = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let findings = Engine::new(Config::default()).unwrap().check_corpus(&refs);
        Some(Seeds {
            names,
            texts,
            findings,
        })
    }

    fn doc(&self, prefix: &str) -> usize {
        self.names
            .iter()
            .position(|n| n.starts_with(prefix))
            .unwrap_or_else(|| panic!("no seed {prefix}"))
    }

    /// 1-based line of a byte offset.
    fn line(&self, doc: usize, offset: usize) -> usize {
        LineIndex::new(&self.texts[doc]).line_of(offset) + 1
    }

    /// Findings of `family` in seed `prefix` that start on one of `lines`
    /// and, when `near` is given, overlap that text on those lines.
    fn find(
        &self,
        prefix: &str,
        family: &str,
        lines: &[usize],
        near: Option<&str>,
    ) -> Vec<&Finding> {
        let d = self.doc(prefix);
        let text = &self.texts[d];
        let near_spans: Vec<std::ops::Range<usize>> = near
            .map(|n| {
                text.match_indices(n)
                    .map(|(i, m)| i..i + m.len())
                    .filter(|s| lines.contains(&self.line(d, s.start)))
                    .collect()
            })
            .unwrap_or_default();
        if near.is_some() {
            assert!(
                !near_spans.is_empty(),
                "{near:?} not on {lines:?} of {prefix}"
            );
        }
        self.findings[d]
            .iter()
            .filter(|f| f.family() == family)
            .filter(|f| lines.contains(&self.line(d, f.span.start)))
            .filter(|f| {
                near.is_none()
                    || near_spans
                        .iter()
                        .any(|s| f.span.start < s.end && s.start < f.span.end)
            })
            .collect()
    }

    fn dump(&self, prefix: &str) -> String {
        let d = self.doc(prefix);
        self.findings[d]
            .iter()
            .map(|f| {
                format!(
                    "{}:{} {} {:?}\n",
                    self.names[d],
                    self.line(d, f.span.start),
                    f.rule,
                    &self.texts[d][f.span.clone()]
                )
            })
            .collect()
    }
}

#[test]
fn must_findings_of_numbers_structure_boilerplate() {
    let Some(s) = Seeds::load() else { return };
    let must: &[(&str, &str, &[usize], Option<&str>)] = &[
        ("000", "boilerplate", &[12], Some("Leave a Reply")),
        (
            "000",
            "boilerplate",
            &[14],
            Some("Your email address will not be published"),
        ),
        ("000", "structure", &[9], Some(", and,")),
        ("000", "structure", &[9], Some("of the.")),
        ("001", "boilerplate", &[14], Some("Leave a Reply")),
        (
            "001",
            "boilerplate",
            &[16],
            Some("Your email address will not be published"),
        ),
        ("001", "structure", &[3, 5], None),
        (
            "002",
            "boilerplate",
            &[3],
            Some("Mondo Finance Updated on 2024-03-07"),
        ),
        ("002", "boilerplate", &[17], Some("Related Pages")),
        ("002", "numbers", &[7], Some("city8%")),
        ("002", "numbers", &[7], Some("224 percentage points")),
        ("002", "numbers", &[13], Some("1 10 billion")),
        ("003", "numbers", &[1], Some("9 6,")),
        ("003", "boilerplate", &[10], Some("Leave a Comment")),
        (
            "003",
            "boilerplate",
            &[12],
            Some("Your email address will not be published"),
        ),
        ("003", "structure", &[5], Some("of the.")),
        ("004", "boilerplate", &[15], Some("Leave a Comment")),
    ];
    for &(doc, family, lines, near) in must {
        assert!(
            !s.find(doc, family, lines, near).is_empty(),
            "missing {family} finding on {doc}:{lines:?} near {near:?}; got:\n{}",
            s.dump(doc)
        );
    }
    // The specific rules behind them.
    let rule_on = |doc: &str, line: usize, rule: &str| {
        let d = s.doc(doc);
        s.findings[d]
            .iter()
            .any(|f| f.rule == rule && s.line(d, f.span.start) == line)
    };
    assert!(rule_on("002", 7, "numbers/glued-digits"));
    assert!(rule_on("002", 7, "numbers/implausible-percentage"));
    assert!(rule_on("002", 13, "numbers/adjacent-numbers"));
    assert!(rule_on("003", 1, "numbers/mangled-date"));
    assert!(rule_on("000", 9, "structure/empty-list-slot"));
    assert!(rule_on("000", 9, "structure/truncated-sentence"));
    assert!(rule_on("003", 5, "structure/truncated-sentence"));
    assert!(rule_on("001", 5, "structure/duplicate-paragraph"));
    assert!(rule_on("002", 3, "boilerplate/source-line"));
    assert!(rule_on("002", 17, "boilerplate/navigation"));
    // The "should" items of these families.
    assert!(rule_on("000", 3, "structure/indentation"));
    assert!(rule_on("000", 5, "structure/indentation"));
    assert!(rule_on("001", 10, "structure/blank-lines"));
    // `9 6,` is a date, not also two adjacent numbers.
    assert!(!rule_on("003", 1, "numbers/adjacent-numbers"));
}

#[test]
fn must_not_items_are_left_alone_by_these_families() {
    let Some(s) = Seeds::load() else { return };
    let literal: &[(&str, &str)] = &[
        ("002", "20 GW"),
        ("002", "2,000 tons"),
        ("002", "100,000 tons"),
        ("002", "160,000 tons"),
        ("002", "30%"),
        ("002", "12 consecutive months"),
        ("002", "\"1+5\""),
        ("002", "2024-03-07"), // only boilerplate may cover it
        ("002", "10 GWh"),
        ("000", "98%"),
        ("000", "R & D"),
        ("001", "11th Five-Year"),
        ("001", "March 2, 2012"),
        ("001", "city’s"),
        ("000", "province’s"),
        ("004", "July 16"),
        ("004", "100 billion"),
        ("004", "Co., Ltd."),
        ("004", "‘"),
        ("004", "’"),
        ("004", "“"),
        ("004", "”"),
    ];
    for &(doc, needle) in literal {
        let d = s.doc(doc);
        let text = &s.texts[d];
        for (i, m) in text.match_indices(needle) {
            let span = i..i + m.len();
            for f in &s.findings[d] {
                if !MINE.contains(&f.family()) {
                    continue;
                }
                if needle == "2024-03-07" && f.family() == "boilerplate" {
                    continue;
                }
                let overlaps = f.span.start < span.end && span.start < f.span.end;
                let targets = f.span.len() <= 3 * span.len() + 12;
                assert!(
                    !(overlaps && targets),
                    "{doc}: {needle:?} flagged by {} ({:?})",
                    f.rule,
                    &text[f.span.clone()]
                );
            }
        }
    }
}

/// The text after applying `fix`.
fn apply(text: &str, f: &Finding, fix: usize) -> String {
    apply_edits(text, f.fixes[fix].edits.clone())
}

#[test]
fn fixes_produce_the_expected_text() {
    let Some(s) = Seeds::load() else { return };
    // 002:7, the split decimal.
    let d = s.doc("002");
    let ok = s.find("002", "numbers", &[7], None).iter().any(|f| {
        (0..f.fixes.len())
            .any(|i| apply(&s.texts[d], f, i).contains("contributing 97.8% to the city"))
    });
    assert!(
        ok,
        "no numbers fix on 002:7 gives `contributing 97.8% to the city`"
    );

    // 000:12, the comment form goes (first fix: the whole trailing block).
    let d = s.doc("000");
    let fs = s.find("000", "boilerplate", &[12], None);
    let f = fs.first().expect("boilerplate on 000:12");
    assert!(f.fixes[0]
        .title
        .starts_with("Delete the trailing boilerplate block"));
    let after = apply(&s.texts[d], f, 0);
    assert!(!after.contains("Leave a Reply"));
    assert!(!after.contains("Your email address"));
    assert!(after.ends_with("research activities of the.\n"));
    assert!(!apply(&s.texts[d], f, 1).contains("Leave a Reply"));

    // 001:5, the standfirst then occurs once.
    let d = s.doc("001");
    let phrase = "the city government held a meeting of the city’s industrial";
    assert_eq!(s.texts[d].matches(phrase).count(), 2);
    let fs = s.find("001", "structure", &[3, 5], None);
    let ok = fs.iter().any(|f| {
        f.rule == "structure/duplicate-paragraph"
            && (0..f.fixes.len()).any(|i| apply(&s.texts[d], f, i).matches(phrase).count() == 1)
    });
    assert!(ok, "no structure fix on 001 leaves the standfirst once");
}

#[test]
fn safe_fixes_are_stable_on_the_seeds() {
    let Some(s) = Seeds::load() else { return };
    let engine = Engine::new(Config::default()).unwrap();
    for (name, text) in s.names.iter().zip(&s.texts) {
        let (once, _) = fix_until_stable(text, FixMode::SafeOnly, 10, |t| engine.check(t));
        let (twice, n) = fix_until_stable(&once, FixMode::SafeOnly, 10, |t| engine.check(t));
        assert_eq!(n, 0, "{name}: a second --fix changed something");
        assert_eq!(twice, once, "{name}");
        let left = engine.check(&once);
        assert_eq!(apply_fixes(&once, &left, FixMode::SafeOnly).1, 0, "{name}");
        // The comment forms are gone and the text ends in one newline.
        assert!(!once.contains("Leave a "), "{name}");
        assert!(!once.contains("Your email address"), "{name}");
        assert!(
            once.ends_with('\n') && !once.ends_with("\n\n"),
            "{name}: {:?}",
            once.chars().rev().take(40).collect::<String>()
        );
    }
}
