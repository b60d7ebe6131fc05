//! `structure/` rules on short texts written for these tests.

mod common;

use common::rules::{check, first_fix, hits, of};
use lede::fix::{apply_fixes, fix_until_stable, FixMode};
use lede::{Config, Engine, Severity};

#[test]
fn empty_list_slot_after_a_list_of_names() {
    let t = "Li Wei, Wang Fang, and, respectively, to attend the meeting.";
    assert_eq!(hits(t, "structure/empty-list-slot"), [", and,"]);
    let f = &of(t, "structure/empty-list-slot")[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.fixes.is_empty());
    assert_eq!(
        hits(
            "Delegates Li Wei, , Wang Fang spoke.",
            "structure/empty-list-slot"
        ),
        [", ,"]
    );
    assert_eq!(
        hits("Steel and and coal rose.", "structure/empty-list-slot"),
        ["and and"]
    );
}

#[test]
fn empty_list_slot_leaves_asides_alone() {
    for t in [
        "He came, and, as expected, left.",
        "In the spring, he came, and, as expected, left early.",
        "Li Wei, Wang Fang, and, of course, Zhao Min attended.",
        "Li Wei, Wang Fang, and, to a lesser extent, Zhao Min attended.",
        "Li Wei, Wang Fang, and, of course, the mayor attended.",
        "Li Wei, Wang Fang and Zhao Min attended.",
        "Prices rose, and output fell.",
        "Commands such as brand and android were used.",
    ] {
        assert!(hits(t, "structure/empty-list-slot").is_empty(), "{t}");
    }
}

#[test]
fn truncated_sentence_after_function_words() {
    let t = "They joined the forum and research activities of the.";
    assert_eq!(hits(t, "structure/truncated-sentence"), ["of the."]);
    let f = &of(t, "structure/truncated-sentence")[0];
    assert!(!f.fixes[0].safe);
    assert_eq!(
        first_fix(t, f),
        "They joined the forum and research activities."
    );
    let t = "Talks between the two sides of the. He said more.";
    assert_eq!(hits(t, "structure/truncated-sentence"), ["of the."]);
    assert_eq!(
        first_fix(t, &of(t, "structure/truncated-sentence")[0]),
        "Talks between the two sides. He said more."
    );
    assert_eq!(
        hits(
            "He bought a.\nThen he left.",
            "structure/truncated-sentence"
        ),
        ["a."]
    );
}

#[test]
fn complete_sentences_pass() {
    for t in [
        "They joined the research activities of the committee.",
        "The meeting ended at 9 a.m. sharp.",
        "It is the town he came from.",
        "Vitamin A. Then vitamin B.",
        "Options:\na. first\nb. second",
        "He said THE. was a typo.",
        "Visit the.example.org site.",
    ] {
        assert!(
            hits(t, "structure/truncated-sentence").is_empty(),
            "{t}: {:?}",
            hits(t, "structure/truncated-sentence")
        );
    }
}

const STANDFIRST: &str = "On May 4, the county council held a meeting on the harbour \
plan, reviewed the work of the port in 2020 and set the main tasks for 2021";
const BODY: &str = "On the 4th of May the county council held a meeting on the harbour \
plan, reviewed the work of the harbour in 2020 and set out the main tasks for 2021. The meeting \
said that the port had kept growing steadily and that trade had exceeded every target.";
const OTHER: &str = "Ferry traffic fell in the winter months because of storms, and two \
routes were closed for repairs until the end of March.";

#[test]
fn duplicate_paragraph_standfirst_contained_in_a_later_paragraph() {
    let t = format!("Harbour plan\n\n{STANDFIRST}\n\n{BODY}\n\n{OTHER}\n");
    let fs = of(&t, "structure/duplicate-paragraph");
    assert_eq!(fs.len(), 1, "{fs:?}");
    let f = &fs[0];
    assert_eq!(&t[f.span.clone()], BODY, "reported on the later paragraph");
    assert_eq!(&t[f.related[0].span.clone()], STANDFIRST);
    let after = first_fix(&t, f);
    assert_eq!(after, format!("Harbour plan\n\n{BODY}\n\n{OTHER}\n"));
    assert_eq!(after.matches("held a meeting on the harbour").count(), 1);
}

#[test]
fn identical_paragraphs_delete_the_later_one() {
    let t = format!("{OTHER}\n\n{BODY}\n\n{OTHER}");
    let fs = of(&t, "structure/duplicate-paragraph");
    assert_eq!(fs.len(), 1, "{fs:?}");
    assert_eq!(
        fs[0].span.start,
        t.rfind(OTHER).unwrap(),
        "the later copy is reported"
    );
    let after = first_fix(&t, &fs[0]);
    assert_eq!(after.matches(OTHER).count(), 1);
    assert!(after.starts_with(OTHER));
    assert!(after.contains(BODY));
}

#[test]
fn different_paragraphs_are_not_duplicates() {
    let t = format!(
        "{STANDFIRST}\n\n{OTHER}\n\nThe port of the county will open a new terminal in 2022, the \
council said, and the harbour plan will be reviewed again next spring.\n\nShort line.\n\nShort line.\n"
    );
    assert!(of(&t, "structure/duplicate-paragraph").is_empty());
}

#[test]
fn blank_line_runs_collapse_to_one() {
    let t = "One.\n\n\n\n\nTwo.\n\nThree.\n";
    let fs = of(t, "structure/blank-lines");
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].severity, Severity::Hint);
    assert!(fs[0].fixes[0].safe);
    assert_eq!(first_fix(t, &fs[0]), "One.\n\nTwo.\n\nThree.\n");
    // Whitespace-only lines count as blank; CRLF too.
    let t = "One.\r\n \r\n\t\r\nTwo.\r\n";
    assert_eq!(
        first_fix(t, &of(t, "structure/blank-lines")[0]),
        "One.\r\n \r\nTwo.\r\n"
    );
    assert!(of("One.\n\nTwo.\n", "structure/blank-lines").is_empty());
    assert!(of("One.\nTwo.\n", "structure/blank-lines").is_empty());
}

#[test]
fn odd_indentation_is_removed() {
    let t = "Title\n\n\u{a0} First paragraph.\n\nSecond.\n\n\u{3000}Third.\n\nFourth.\n\nFifth.\n";
    let fs = of(t, "structure/indentation");
    assert_eq!(fs.len(), 2, "{fs:?}");
    assert!(fs
        .iter()
        .all(|f| f.severity == Severity::Hint && f.fixes[0].safe));
    let (fixed, n) = apply_fixes(t, &fs, FixMode::SafeOnly);
    assert_eq!(n, 2);
    assert_eq!(
        fixed,
        "Title\n\nFirst paragraph.\n\nSecond.\n\nThird.\n\nFourth.\n\nFifth.\n"
    );
}

#[test]
fn missing_indentation_is_added_when_most_are_indented() {
    let t = "  One.\n\n  Two.\n\nThree.\n\n  Four.\n";
    let fs = of(t, "structure/indentation");
    assert_eq!(fs.len(), 1);
    assert_eq!(
        first_fix(t, &fs[0]),
        "  One.\n\n  Two.\n\n  Three.\n\n  Four.\n"
    );
    // An unindented headline above indented paragraphs is left alone.
    let t = "Port opens\n\n  One.\n\n  Two.\n\n  Three.\n";
    assert!(of(t, "structure/indentation").is_empty());
}

#[test]
fn consistent_indentation_passes() {
    for t in [
        "One.\n\nTwo.\n\nThree.\n",
        "  One.\n\n  Two.\n\n  Three.\n",
        "  One.\n\nTwo.\n",
        "  One.\n\nTwo.\n\n  Three.\n\nFour.\n",
    ] {
        assert!(of(t, "structure/indentation").is_empty(), "{t:?}");
    }
}

#[test]
fn safe_fixes_reach_a_fixpoint() {
    let t = "Title\n\n\u{a0} First paragraph.\n\n\n\nSecond.\n\nThird.\n\n\n";
    let engine = Engine::new(Config::default()).unwrap();
    let (once, n) = fix_until_stable(t, FixMode::SafeOnly, 10, |s| engine.check(s));
    assert!(n >= 2);
    let (twice, m) = fix_until_stable(&once, FixMode::SafeOnly, 10, |s| engine.check(s));
    assert_eq!((twice.as_str(), m), (once.as_str(), 0));
    assert_eq!(once, "Title\n\nFirst paragraph.\n\nSecond.\n\nThird.\n\n");
}

#[test]
fn no_panic_on_odd_input() {
    let big = "word of the. and and , , ".repeat(100_000);
    let _ = check(&big);
    for s in [
        "",
        "\n",
        "\n\n\n",
        " ",
        "\u{a0}",
        "a.",
        ", and,",
        "\r\n\r\n\r\n",
        "é\u{3000}",
    ] {
        let _ = check(s);
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Pieces that trigger every rule of the three families, mixed with
    /// multi-byte characters so that no span may fall inside one.
    const PIECES: &[&str] = &[
        " ",
        "\n",
        "\n\n\n",
        "\r\n",
        "\u{a0}",
        "\u{3000}",
        "é",
        "“",
        "”",
        "’",
        "中",
        ",",
        ", ,",
        ".",
        "and",
        "and and",
        ", and,",
        "the",
        "of the.",
        "Li Wei",
        "9 6,",
        "1 10",
        "city8%",
        "97",
        "7 billion 500 million",
        "224 percentage points",
        "accounting for 130%",
        "% of the",
        "Leave a Reply",
        "Related Pages",
        "(Reporter Li)",
        "(",
        ")",
        "Source: X",
        "2024-03-07",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn spans_and_edits_stay_on_char_boundaries(picks in proptest::collection::vec(0..PIECES.len(), 0..60)) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let engine = Engine::new(Config::default()).unwrap();
            let fs = engine.check(&text);
            for f in &fs {
                prop_assert!(f.span.start <= f.span.end && f.span.end <= text.len());
                prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
                for fix in &f.fixes {
                    for e in &fix.edits {
                        prop_assert!(e.span.end <= text.len(), "{} {:?}", f.rule, e.span);
                        prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
                    }
                }
            }
            // Fixing never panics and safe fixes settle.
            let (once, _) = fix_until_stable(&text, FixMode::SafeOnly, 10, |s| engine.check(s));
            let (_, n) = fix_until_stable(&once, FixMode::SafeOnly, 10, |s| engine.check(s));
            prop_assert_eq!(n, 0);
            let _ = apply_fixes(&text, &fs, FixMode::All);
        }
    }
}

#[test]
fn tagged_text_reports_original_offsets() {
    let t = "[Li Wei]{PER}, [Wang Fang]{PER}, and, respectively, to attend the talks of the.\n\n\n\nEnd.\n";
    let slot = of(t, "structure/empty-list-slot");
    assert_eq!(slot.len(), 1, "{slot:?}");
    assert_eq!(&t[slot[0].span.clone()], ", and,");
    let cut = &of(t, "structure/truncated-sentence")[0];
    assert_eq!(&t[cut.span.clone()], "of the.");
    assert_eq!(
        first_fix(t, cut),
        "[Li Wei]{PER}, [Wang Fang]{PER}, and, respectively, to attend the talks.\n\n\n\nEnd.\n"
    );
    let blank = &of(t, "structure/blank-lines")[0];
    assert!(first_fix(t, blank).ends_with("talks of the.\n\nEnd.\n"));
}
