//! The example articles in `examples/` are checked as one corpus with
//! `examples/lede.toml`, the way `lede check examples/` does: every defect
//! planted in them must be reported by its family at the line it was
//! planted, and the good text must stay quiet. `examples/README.md` says
//! what each file shows.

use std::path::{Path, PathBuf};

use lede::fix::{fix_until_stable, FixMode};
use lede::text::LineIndex;
use lede::{Config, CorpusIndex, Engine, Finding};

/// A planted defect: file, first and last line (1-based) where a finding
/// of `family` must touch, and a piece of text that is on `first` line (a
/// check that the fixture still says what this list says; empty for blank
/// lines).
type Planted = (&'static str, usize, usize, &'static str, &'static str);

const PLANTED: &[Planted] = &[
    // boilerplate/
    (
        "01_lanwei_port.txt",
        3,
        3,
        "boilerplate",
        "Norhai Finance Updated on 2023-11-14",
    ),
    (
        "01_lanwei_port.txt",
        13,
        13,
        "boilerplate",
        "(Reporter: Kong Weiran)",
    ),
    (
        "01_lanwei_port.txt",
        15,
        15,
        "boilerplate",
        "Lanwei Evening News client",
    ),
    ("01_lanwei_port.txt", 17, 17, "boilerplate", "Leave a Reply"),
    (
        "01_lanwei_port.txt",
        19,
        19,
        "boilerplate",
        "Your email address will not be published",
    ),
    ("01_lanwei_port.txt", 21, 21, "boilerplate", "Related Pages"),
    (
        "02_hengtai_copper.txt",
        11,
        11,
        "boilerplate",
        "Leave a Comment",
    ),
    (
        "03_riverside_new_area.txt",
        13,
        13,
        "boilerplate",
        "Contribution mailbox: tips@",
    ),
    (
        "03_riverside_new_area.txt",
        15,
        15,
        "boilerplate",
        "Lanwei Evening News client",
    ),
    (
        "03_riverside_new_area.txt",
        17,
        17,
        "boilerplate",
        "Leave a Comment",
    ),
    (
        "03_riverside_new_area.txt",
        19,
        19,
        "boilerplate",
        "Your email address will not be published",
    ),
    (
        "04_bright_coating.txt",
        16,
        16,
        "boilerplate",
        "Lanwei Evening News client",
    ),
    // numbers/
    (
        "01_lanwei_port.txt",
        7,
        7,
        "numbers",
        "accounting 63 of the county4%",
    ),
    (
        "01_lanwei_port.txt",
        9,
        9,
        "numbers",
        "rose by 215 percentage points",
    ),
    (
        "02_hengtai_copper.txt",
        1,
        1,
        "numbers",
        "9 14, the Westmarch",
    ),
    (
        "02_hengtai_copper.txt",
        3,
        3,
        "numbers",
        "7 billion 500 million yuan",
    ),
    (
        "02_hengtai_copper.txt",
        5,
        5,
        "numbers",
        "cultivate 3 20 billion enterprises",
    ),
    // names/
    (
        "02_hengtai_copper.txt",
        7,
        7,
        "names",
        "the Chinese Hengtai Copper Group",
    ),
    ("02_hengtai_copper.txt", 9, 9, "names", "mayor Ma Ruolin"),
    (
        "03_riverside_new_area.txt",
        7,
        7,
        "names",
        "the new area will",
    ),
    (
        "03_riverside_new_area.txt",
        9,
        9,
        "names",
        "Lanwei economic and Technological",
    ),
    (
        "04_bright_coating.txt",
        3,
        3,
        "names",
        "bright coating and bright coating Co. Ltd.",
    ),
    (
        "05_tagged_dorvik_visit.txt",
        7,
        7,
        "names",
        "China Hengtai Copper Group",
    ),
    // structure/
    (
        "03_riverside_new_area.txt",
        5,
        5,
        "structure",
        "Lu Shengmei, and, respectively",
    ),
    (
        "03_riverside_new_area.txt",
        11,
        11,
        "structure",
        "between the two sides of the.",
    ),
    ("04_bright_coating.txt", 3, 3, "structure", "  On April 3"),
    (
        "04_bright_coating.txt",
        5,
        5,
        "structure",
        "\u{a0} The base covers",
    ),
    ("04_bright_coating.txt", 8, 11, "structure", ""),
    (
        "04_bright_coating.txt",
        14,
        14,
        "structure",
        "Fang Jiaxu pointed out",
    ),
    // tags/
    (
        "05_tagged_dorvik_visit.txt",
        5,
        5,
        "tags",
        "[Tor Halvorsen]{PER, the",
    ),
    ("05_tagged_dorvik_visit.txt", 7, 7, "tags", "{PRE}"),
];

/// Good text: no finding may overlap it, except of the families listed
/// (the date inside a source line is part of a boilerplate finding).
const GOOD: &[(&str, &str, &[&str])] = &[
    ("01_lanwei_port.txt", "2023-11-14", &["boilerplate"]),
    ("01_lanwei_port.txt", "20 GW", &[]),
    ("01_lanwei_port.txt", "2,000 tons", &[]),
    ("01_lanwei_port.txt", "9,000", &[]),
    ("01_lanwei_port.txt", "\"1+5\"", &[]),
    ("01_lanwei_port.txt", "38 billion yuan", &[]),
    ("02_hengtai_copper.txt", "March 2, 2012", &[]),
    ("02_hengtai_copper.txt", "100,000 tons", &[]),
    ("02_hengtai_copper.txt", "12 consecutive months", &[]),
    ("02_hengtai_copper.txt", "“golden card”", &[]),
    ("02_hengtai_copper.txt", "city’s", &[]),
    ("03_riverside_new_area.txt", "46 billion yuan", &[]),
    ("03_riverside_new_area.txt", "June 8", &[]),
    ("04_bright_coating.txt", "1.2 billion yuan", &[]),
    ("04_bright_coating.txt", "160,000 tons", &[]),
    ("04_bright_coating.txt", "30%", &[]),
    // The second copy of the paragraph with R & D is a repeated paragraph.
    ("04_bright_coating.txt", "R & D", &["structure"]),
    ("05_tagged_dorvik_visit.txt", "\\[sic\\]", &[]),
    ("05_tagged_dorvik_visit.txt", "(see note [1])", &[]),
    ("05_tagged_dorvik_visit.txt", "[Lanwei]{LOC}", &[]),
    (
        "05_tagged_dorvik_visit.txt",
        "[Ma Ruolin]{PER:ma-ruolin}",
        &[],
    ),
];

/// The article in which nothing at all may be reported.
const CLEAN: &str = "06_tanbei_grain.txt";

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

struct Checked {
    names: Vec<String>,
    texts: Vec<String>,
    findings: Vec<Vec<Finding>>,
    engine: Engine,
}

impl Checked {
    fn doc(&self, name: &str) -> usize {
        self.names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("examples/{name} is missing"))
    }
}

fn engine() -> Engine {
    let toml =
        std::fs::read_to_string(examples_dir().join("lede.toml")).expect("examples/lede.toml");
    let config = Config::parse(&toml).unwrap_or_else(|e| panic!("examples/lede.toml:{e}"));
    Engine::new(config).expect("engine")
}

/// Checks every `.txt` in `examples/` as one corpus, as `lede check` does.
fn check_examples() -> Checked {
    let engine = engine();
    let mut names: Vec<String> = std::fs::read_dir(examples_dir())
        .expect("examples/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let texts: Vec<String> = names
        .iter()
        .map(|n| std::fs::read_to_string(examples_dir().join(n)).expect("read example"))
        .collect();
    let analyses: Vec<_> = texts.iter().map(|t| engine.analyze(t)).collect();
    let index = CorpusIndex::build(analyses.iter().map(|a| &a.features));
    let findings = analyses
        .iter()
        .enumerate()
        .map(|(i, a)| engine.findings_for(i, a, &index))
        .collect();
    Checked {
        names,
        texts,
        findings,
        engine,
    }
}

/// 1-based first and last line a span touches.
fn lines_of(text: &str, span: &std::ops::Range<usize>) -> (usize, usize) {
    let idx = LineIndex::new(text);
    let first = idx.line_of(span.start) + 1;
    let last = idx.line_of(span.end.saturating_sub(1).max(span.start)) + 1;
    (first, last)
}

fn describe(c: &Checked, doc: usize) -> String {
    c.findings[doc]
        .iter()
        .map(|f| {
            let (a, b) = lines_of(&c.texts[doc], &f.span);
            format!("  {a}-{b} {} {:?}\n", f.rule, f.message)
        })
        .collect()
}

fn assert_planted(family: &str) {
    let c = check_examples();
    let mut missing = Vec::new();
    for &(file, first, last, fam, _) in PLANTED.iter().filter(|p| p.3 == family) {
        let doc = c.doc(file);
        let found = c.findings[doc].iter().any(|f| {
            let (a, b) = lines_of(&c.texts[doc], &f.span);
            f.family() == fam && a <= last && first <= b
        });
        if !found {
            missing.push(format!(
                "{file}:{first}-{last} {fam}\n  reported in {file}:\n{}",
                describe(&c, doc)
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "planted {family}/ damage not reported:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_list_matches_the_fixtures() {
    let c = check_examples();
    assert!(c.names.len() >= 5 && c.names.len() <= 8, "{:?}", c.names);
    for &(file, first, last, _, needle) in PLANTED {
        let text = &c.texts[c.doc(file)];
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(
            first <= last && last <= lines.len(),
            "{file}:{first}-{last}"
        );
        if needle.is_empty() {
            for l in &lines[first - 1..last] {
                assert!(l.trim().is_empty(), "{file}:{first}-{last} should be blank");
            }
        } else {
            assert!(
                lines[first - 1].contains(needle),
                "{file}:{first} does not contain {needle:?}"
            );
        }
    }
    for &(file, needle, _) in GOOD {
        assert!(
            c.texts[c.doc(file)].contains(needle),
            "{file} lacks {needle:?}"
        );
    }
    // Every family is exercised.
    for (family, _, _) in lede::rules::FAMILIES {
        assert!(
            PLANTED.iter().any(|p| p.3 == *family),
            "no planted {family}/ damage"
        );
    }
}

#[test]
fn boilerplate_is_found_where_planted() {
    assert_planted("boilerplate");
}

#[test]
fn numbers_are_found_where_planted() {
    assert_planted("numbers");
}

#[test]
fn names_are_found_where_planted() {
    assert_planted("names");
}

#[test]
fn structure_is_found_where_planted() {
    assert_planted("structure");
}

#[test]
fn tags_are_found_where_planted() {
    assert_planted("tags");
}

#[test]
fn good_text_is_not_flagged() {
    let c = check_examples();
    let mut noisy = Vec::new();
    for &(file, needle, allowed) in GOOD {
        let doc = c.doc(file);
        let text = &c.texts[doc];
        for (start, _) in text.match_indices(needle) {
            let good = start..start + needle.len();
            for f in &c.findings[doc] {
                let overlaps = f.span.start < good.end && good.start < f.span.end;
                if overlaps && !allowed.contains(&f.family()) {
                    noisy.push(format!(
                        "{file}: {needle:?} flagged by {} ({:?})",
                        f.rule, f.message
                    ));
                }
            }
        }
    }
    assert!(noisy.is_empty(), "{}", noisy.join("\n"));
}

#[test]
fn the_clean_article_has_no_findings() {
    let c = check_examples();
    let doc = c.doc(CLEAN);
    assert!(
        c.findings[doc].is_empty(),
        "{CLEAN} should be clean:\n{}",
        describe(&c, doc)
    );
}

#[test]
fn fixing_the_examples_twice_changes_nothing_the_second_time() {
    let c = check_examples();
    for (name, text) in c.names.iter().zip(&c.texts) {
        let check = |t: &str| c.engine.check(t);
        let (once, _) = fix_until_stable(text, FixMode::SafeOnly, 8, check);
        let (twice, n) = fix_until_stable(&once, FixMode::SafeOnly, 8, check);
        assert_eq!(n, 0, "{name}: a second --fix applied {n} more fixes");
        assert_eq!(once, twice, "{name}");
    }
}
