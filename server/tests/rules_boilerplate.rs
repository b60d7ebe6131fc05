//! `boilerplate/` pattern rules on short texts written for these tests.

mod common;

use common::rules::{engine, family_with};
use lede::fix::{apply_edits, apply_fixes, fix_until_stable, FixMode};
use lede::{Config, Engine, Finding};

fn boilerplate(engine: &Engine, text: &str) -> Vec<Finding> {
    family_with(engine, text, "boilerplate")
}

/// The rule a one-line document (with article text around it) gets.
fn rule_of_line(line: &str) -> Option<&'static str> {
    let text = format!("The council met on Monday.\n\n{line}\n\nIt closed the meeting at noon.\n");
    let fs = boilerplate(&engine(), &text);
    assert!(fs.len() <= 1, "{fs:?}");
    fs.first().map(|f| {
        assert_eq!(&text[f.span.clone()], line.trim());
        f.rule
    })
}

#[test]
fn built_in_lines_are_classified() {
    for (line, rule) in [
        ("Leave a Reply", "comment-form"),
        ("Leave a Comment", "comment-form"),
        ("  leave a reply  ", "comment-form"),
        (
            "Your email address will not be published. Required fields are marked *",
            "comment-form",
        ),
        ("Cancel reply", "comment-form"),
        ("Post Comment", "comment-form"),
        (
            "Save my name, email, and website in this browser for the next time I comment.",
            "comment-form",
        ),
        ("Related Pages", "navigation"),
        ("Related Articles:", "navigation"),
        ("Previous article", "navigation"),
        ("Next post: Port traffic grows again", "navigation"),
        ("Share this:", "navigation"),
        ("Print", "navigation"),
        ("Back to top", "navigation"),
        ("Read more »", "navigation"),
        ("Tags: economy, harbour, trade", "navigation"),
        ("Harbour Daily Updated on 2024-03-07", "source-line"),
        ("Source: County Evening News", "source-line"),
        ("Published: 12 May 2023", "source-line"),
        (
            "2024-03-07 10:21 Source: County Evening News",
            "source-line",
        ),
        ("Editor: Li Ming", "credit-line"),
        ("Responsible editor: Wang Fang", "credit-line"),
        (
            "Copyright © 2024 Harbour Daily. All rights reserved.",
            "copyright",
        ),
        ("All rights reserved.", "copyright"),
        ("Harbour Daily 2024, all rights reserved", "copyright"),
    ] {
        let want = format!("boilerplate/{rule}");
        assert_eq!(rule_of_line(line), Some(want.as_str()), "{line}");
    }
}

#[test]
fn sentences_with_the_same_words_are_article_text() {
    for line in [
        "The minister did not leave a reply to the letter from the council.",
        "Related pages of the report were published in May.",
        "The source of the funds was published on Monday, the council said.",
        "Copyright law was amended in 2020.",
        "The editor of the paper, Li Ming, resigned.",
        "He said he would print the report and share this with the council.",
        "Readers can read more about the port in the annual report.",
        "The firm said all rights reserved under the lease stay with the county.",
    ] {
        assert_eq!(rule_of_line(line), None, "{line}");
    }
}

#[test]
fn inline_credit_at_the_end_of_a_paragraph() {
    let text =
        "The new plant opened in May. (Reporter Li Ming, correspondent Wang Fang).\n\nMore text.\n";
    let fs = boilerplate(&engine(), text);
    assert_eq!(fs.len(), 1, "{fs:?}");
    assert_eq!(fs[0].rule, "boilerplate/credit-line");
    assert_eq!(
        &text[fs[0].span.clone()],
        "(Reporter Li Ming, correspondent Wang Fang)"
    );
    assert!(!fs[0].fixes[0].safe);
    assert_eq!(
        apply_edits(text, fs[0].fixes[0].edits.clone()),
        "The new plant opened in May.\n\nMore text.\n"
    );
    // Without a period before it, the paragraph keeps its final period.
    let text = "The new plant opened in May (reporter Li Ming).\n";
    let fs = boilerplate(&engine(), text);
    assert_eq!(
        apply_edits(text, fs[0].fixes[0].edits.clone()),
        "The new plant opened in May.\n"
    );
    // A parenthetical that is not a credit, or not at the end, stays.
    for t in [
        "The plant (built by the county) opened.\n",
        "The plant opened (the reporter saw it) and then closed.\n",
    ] {
        assert!(boilerplate(&engine(), t).is_empty(), "{t}");
    }
}

#[test]
fn user_patterns_from_the_config() {
    let config =
        Config::parse("[boilerplate]\npatterns = ['^Scan the QR code', '(?i)^follow us on']\n")
            .unwrap();
    let engine = Engine::new(config).unwrap();
    let text = "Article text here.\n\nScan the QR code to follow the county account\n\nMore article text.\n\nFOLLOW US ON WeChat\n";
    let fs = boilerplate(&engine, text);
    assert_eq!(fs.len(), 2, "{fs:?}");
    assert!(fs.iter().all(|f| f.rule == "boilerplate/user-pattern"));
    assert!(fs.iter().all(|f| f.fixes.iter().all(|x| x.safe)));
    // Default config: none of these lines is boilerplate.
    assert!(boilerplate(&self::engine(), text).is_empty());
}

const ARTICLE: &str = "County opens new port\n\nThe county opened its new port on Monday.\n\nTrade is expected to double.";

#[test]
fn trailing_block_is_removed_once() {
    let text = format!(
        "{ARTICLE}\n\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nCopyright © 2024 Harbour Daily"
    );
    let engine = engine();
    let fs = boilerplate(&engine, &text);
    assert_eq!(fs.len(), 3, "{fs:?}");
    for f in &fs {
        assert_eq!(
            f.fixes[0].title,
            "Delete the trailing boilerplate block (lines 8-12)"
        );
        assert!(f.fixes[0].safe);
        assert_eq!(f.fixes[1].title, "Delete this line");
    }
    let (fixed, _) = fix_until_stable(&text, FixMode::SafeOnly, 10, |s| engine.check(s));
    assert_eq!(fixed, format!("{ARTICLE}\n"));
    // A second run changes nothing and finds no safe fix.
    let again = engine.check(&fixed);
    assert!(
        again.iter().all(|f| f.fixes.iter().all(|x| !x.safe)),
        "{again:?}"
    );
    assert_eq!(apply_fixes(&fixed, &again, FixMode::SafeOnly).1, 0);
}

#[test]
fn trailing_block_with_a_source_line_is_unsafe_as_a_block() {
    let text = format!("{ARTICLE}\n\nSource: Harbour Daily\nLeave a Comment\n");
    let fs = boilerplate(&engine(), &text);
    assert_eq!(fs.len(), 2);
    let source = fs
        .iter()
        .find(|f| f.rule == "boilerplate/source-line")
        .unwrap();
    assert!(!source.fixes[0].safe && !source.fixes[1].safe);
    let form = fs
        .iter()
        .find(|f| f.rule == "boilerplate/comment-form")
        .unwrap();
    assert!(!form.fixes[0].safe, "the block holds an unsafe line");
    assert!(form.fixes[1].safe);
    // --fix deletes only the comment form line.
    let (fixed, n) = apply_fixes(&text, &fs, FixMode::SafeOnly);
    assert_eq!(n, 1);
    assert_eq!(fixed, format!("{ARTICLE}\n\nSource: Harbour Daily\n"));
    // --unsafe-fixes takes the block.
    let (fixed, _) = apply_fixes(&text, &fs, FixMode::All);
    assert_eq!(fixed, format!("{ARTICLE}\n"));
}

#[test]
fn boilerplate_inside_the_article_gets_only_a_line_fix() {
    let text = "Title\n\nMondo Daily Updated on 2024-03-07\n\nThe port opened.\n\nRelated Pages\n\nIt closed later.\n";
    let fs = boilerplate(&engine(), text);
    assert_eq!(fs.len(), 2, "{fs:?}");
    for f in &fs {
        assert_eq!(f.fixes.len(), 1);
        assert_eq!(f.fixes[0].title, "Delete this line");
    }
    let nav = fs
        .iter()
        .find(|f| f.rule == "boilerplate/navigation")
        .unwrap();
    assert_eq!(
        apply_edits(text, nav.fixes[0].edits.clone()),
        "Title\n\nMondo Daily Updated on 2024-03-07\n\nThe port opened.\n\n\nIt closed later.\n"
    );
    // The date in the source line is not a numbers finding.
    assert!(engine().check(text).iter().all(|f| f.family() != "numbers"));
}

#[test]
fn no_panic_and_no_work_on_huge_lines() {
    let big = "Leave a Reply ".repeat(1_000_000);
    assert!(boilerplate(&engine(), &big).is_empty());
    for s in [
        "",
        "\n",
        "Leave a Reply",
        "Leave a Reply\n",
        "\r\nPrint\r\n",
        "©",
        "(Reporter).",
    ] {
        let _ = engine().check(s);
    }
}
