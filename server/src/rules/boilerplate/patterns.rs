//! The built-in whole-line patterns of the five pattern rules as one
//! `RegexSet` (and the web-page widget patterns of two of them as a
//! second, tried after it), the per-thread memo of their answers, and
//! `classify`: which rule, if any, a whole line falls under.

use std::sync::LazyLock;

use regex::RegexSet;
use rustc_hash::FxHashMap;

use super::{
    comment_form, copyright, credit_line, navigation, source_line, user_pattern, Compiled,
};
use crate::rules::RuleMeta;

/// Longest line (in bytes) a built-in whole-line pattern is tried on.
const MAX_PATTERN_LINE: usize = 240;

/// Built-in whole-line patterns, tried on the trimmed line, case ignored:
/// each rule's `PATTERNS`, in this order. The set reports the first
/// pattern that matches, so this order (the order of the one table they
/// were before) decides between rules; don't change it.
const BUILT_IN: &[(&RuleMeta, &[&str])] = &[
    (&comment_form::META, comment_form::PATTERNS),
    (&navigation::META, navigation::PATTERNS),
    (&source_line::META, source_line::PATTERNS),
    (&credit_line::META, credit_line::PATTERNS),
    (&copyright::META, copyright::PATTERNS),
];

/// Longest line (in bytes) a web-page widget pattern is tried on.
const MAX_WIDGET_LINE: usize = 160;

/// The web-page widget patterns, tried (as a second set, on lines of at
/// most [`MAX_WIDGET_LINE`] bytes) only when no pattern of [`BUILT_IN`]
/// matches, so that they never take a line from another rule.
const WIDGETS: &[(&RuleMeta, &[&str])] = &[
    (&comment_form::META, comment_form::PAGE_PATTERNS),
    (&navigation::META, navigation::PAGE_PATTERNS),
];

fn pattern_set(table: &[(&RuleMeta, &[&str])]) -> RegexSet {
    RegexSet::new(
        table
            .iter()
            .flat_map(|(_, patterns)| patterns.iter())
            .map(|p| format!("(?i){p}")),
    )
    .expect("built-in patterns")
}

static BUILT_IN_SET: LazyLock<RegexSet> = LazyLock::new(|| pattern_set(BUILT_IN));
static WIDGET_SET: LazyLock<RegexSet> = LazyLock::new(|| pattern_set(WIDGETS));

pub(super) fn warm_up() {
    LazyLock::force(&BUILT_IN_SET);
    LazyLock::force(&WIDGET_SET);
}

/// The rule of pattern `i` of the set built from `table`.
fn rule_at(table: &[(&'static RuleMeta, &[&str])], mut i: usize) -> &'static RuleMeta {
    for &(rule, patterns) in table {
        if i < patterns.len() {
            return rule;
        }
        i -= patterns.len();
    }
    unreachable!("no built-in pattern {i}")
}

/// The first matching pattern's rule: of [`BUILT_IN`], else (on a short
/// line) of [`WIDGETS`].
fn first_match(t: &str) -> Option<&'static RuleMeta> {
    if BUILT_IN_SET.is_match(t) {
        return BUILT_IN_SET
            .matches(t)
            .iter()
            .next()
            .map(|i| rule_at(BUILT_IN, i));
    }
    if t.len() <= MAX_WIDGET_LINE && WIDGET_SET.is_match(t) {
        return WIDGET_SET
            .matches(t)
            .iter()
            .next()
            .map(|i| rule_at(WIDGETS, i));
    }
    None
}

/// Whether the trimmed line `t` is furniture by a widget pattern alone:
/// short generic words (`Comments`, `About`, `Print`) that an article can
/// also hold, so deleting the line is an unsafe fix.
pub(super) fn widget_only(t: &str) -> bool {
    let t = t.trim();
    t.len() <= MAX_WIDGET_LINE && !BUILT_IN_SET.is_match(t) && WIDGET_SET.is_match(t)
}

/// Lines whose built-in answer a thread remembers, at most.
const REMEMBERED_LINES: usize = 4096;

/// Which built-in pattern, if any, matches the trimmed line `t`, first
/// in table order. Furniture lines recur across the files of a corpus
/// (that is what makes them furniture), and a pattern set costs about a
/// microsecond a line, so each thread remembers its recent answers.
fn built_in_rule(t: &str) -> Option<&'static RuleMeta> {
    thread_local!(static ANSWERS: std::cell::RefCell<FxHashMap<Box<str>, Option<&'static RuleMeta>>> =
        std::cell::RefCell::new(FxHashMap::default()));
    ANSWERS.with_borrow_mut(|answers| {
        if let Some(&rule) = answers.get(t) {
            return rule;
        }
        let rule = first_match(t);
        if answers.len() >= REMEMBERED_LINES {
            answers.clear();
        }
        answers.insert(t.into(), rule);
        rule
    })
}

/// Which boilerplate rule, if any, a whole line falls under.
#[inline]
pub(super) fn classify(line: &str, compiled: &Compiled) -> Option<&'static RuleMeta> {
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    if t.len() <= MAX_PATTERN_LINE {
        if let Some(rule) = built_in_rule(t) {
            return Some(rule);
        }
    }
    if let Some(user) = &compiled.user {
        if user.is_match(t) {
            return Some(&user_pattern::META);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_widget_lines_are_widget_only() {
        // A widget pattern alone: a generic word an article may hold.
        assert!(widget_only("Comments"));
        assert!(widget_only("  Reply "));
        // A built-in pattern (its fix may stay safe), or no pattern at all.
        assert!(!widget_only("Leave a Reply"));
        assert!(!widget_only("Related Posts"));
        assert!(!widget_only(
            "The mayor visited the salt lake industrial park"
        ));
    }

    #[test]
    fn remembered_answers_equal_the_pattern_set() {
        let direct = |t: &str| {
            BUILT_IN_SET
                .matches(t)
                .iter()
                .next()
                .map(|i| rule_at(BUILT_IN, i))
                .or_else(|| {
                    WIDGET_SET
                        .matches(t)
                        .iter()
                        .next()
                        .map(|i| rule_at(WIDGETS, i))
                })
        };
        let lines = [
            "Leave a Reply",
            "Source: Xinhua",
            "Copyright 2023 Example Daily. All rights reserved.",
            "Related Posts",
            "Editor: Zhang Wei",
            "The mayor visited the salt lake industrial park",
            "Updated on 2023-05-06 10:12",
            "Share this: Facebook Twitter",
            "Posted by Ann Lee at 10:24 AM",
            "Font: Large Medium Small",
            "Home prices rose 2% in March.",
        ];
        let mut hits = 0;
        // Asked twice, in two orders: the second answers come from memory.
        for round in 0..2 {
            for k in 0..lines.len() {
                let t = lines[if round == 0 { k } else { lines.len() - 1 - k }];
                assert_eq!(
                    built_in_rule(t).map(|r| r.id),
                    direct(t).map(|r| r.id),
                    "{t:?}, round {round}"
                );
                hits += usize::from(direct(t).is_some());
            }
        }
        assert_eq!(hits, 18);
    }
}
