//! The built-in whole-line patterns of the five pattern rules as one
//! `RegexSet`, the per-thread memo of its answers, and `classify`: which
//! rule, if any, a whole line falls under.

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
/// each rule's `PATTERNS`, in this order, then the web-page widget
/// patterns of two of them. The set reports the first pattern that
/// matches, so this order (the order of the one table they were before)
/// decides between rules; don't change it.
const BUILT_IN: &[(&RuleMeta, &[&str])] = &[
    (&comment_form::META, comment_form::PATTERNS),
    (&navigation::META, navigation::PATTERNS),
    (&source_line::META, source_line::PATTERNS),
    (&credit_line::META, credit_line::PATTERNS),
    (&copyright::META, copyright::PATTERNS),
    (&comment_form::META, comment_form::PAGE_PATTERNS),
    (&navigation::META, navigation::PAGE_PATTERNS),
];

static BUILT_IN_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(
        BUILT_IN
            .iter()
            .flat_map(|(_, patterns)| patterns.iter())
            .map(|p| format!("(?i){p}")),
    )
    .expect("built-in patterns")
});

pub(super) fn warm_up() {
    LazyLock::force(&BUILT_IN_SET);
}

/// The rule of pattern `i` of [`BUILT_IN_SET`].
fn rule_at(mut i: usize) -> &'static RuleMeta {
    for &(rule, patterns) in BUILT_IN {
        if i < patterns.len() {
            return rule;
        }
        i -= patterns.len();
    }
    unreachable!("no built-in pattern {i}")
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
        let rule = if BUILT_IN_SET.is_match(t) {
            BUILT_IN_SET.matches(t).iter().next().map(rule_at)
        } else {
            None
        };
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
    fn remembered_answers_equal_the_pattern_set() {
        let direct = |t: &str| BUILT_IN_SET.matches(t).iter().next().map(rule_at);
        let lines = [
            "Leave a Reply",
            "Source: Xinhua",
            "Copyright 2023 Example Daily. All rights reserved.",
            "Related Posts",
            "Editor: Zhang Wei",
            "The mayor visited the salt lake industrial park",
            "Updated on 2023-05-06 10:12",
            "Share this: Facebook Twitter",
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
        assert_eq!(hits, 14);
    }
}
