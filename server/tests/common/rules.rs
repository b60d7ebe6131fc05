//! Checking short texts written for the rule tests: the findings of one
//! rule or family and the text after a fix.
#![allow(dead_code)]

use lede::fix::apply_edits;
use lede::{Config, Engine, Finding};

/// An engine with the default configuration.
pub fn engine() -> Engine {
    Engine::new(Config::default()).unwrap()
}

/// The findings of `text` checked alone with the defaults.
pub fn check(text: &str) -> Vec<Finding> {
    engine().check(text)
}

/// The findings of one rule.
pub fn of(text: &str, rule: &str) -> Vec<Finding> {
    check(text).into_iter().filter(|f| f.rule == rule).collect()
}

/// The findings of one rule, as the text they cover.
pub fn hits(text: &str, rule: &str) -> Vec<String> {
    of(text, rule)
        .into_iter()
        .map(|f| text[f.span].to_string())
        .collect()
}

/// The findings of one family, with the defaults.
pub fn family(text: &str, family: &str) -> Vec<Finding> {
    family_with(&engine(), text, family)
}

/// The findings of one family, with `engine`'s configuration.
pub fn family_with(engine: &Engine, text: &str, family: &str) -> Vec<Finding> {
    engine
        .check(text)
        .into_iter()
        .filter(|f| f.family() == family)
        .collect()
}

/// `text` after the first fix of `f`.
pub fn first_fix(text: &str, f: &Finding) -> String {
    apply_edits(text, f.fixes[0].edits.clone())
}

/// The text after applying the first fix of the only finding of `rule`
/// (`None`: that finding has no fix).
pub fn fixed(text: &str, rule: &str) -> Option<String> {
    fixed_if(text, rule, |_| true)
}

/// [`fixed`] for rules whose fixes are all unsafe: fails on a safe one.
pub fn fixed_not_safe(text: &str, rule: &str) -> Option<String> {
    fixed_if(text, rule, |safe| !safe)
}

fn fixed_if(text: &str, rule: &str, ok: impl Fn(bool) -> bool) -> Option<String> {
    let fs = of(text, rule);
    assert_eq!(fs.len(), 1, "{rule} on {text:?}: {fs:?}");
    let fix = fs[0].fixes.first()?;
    assert!(ok(fix.safe), "{rule} fix (safe: {}) on {text:?}", fix.safe);
    Some(apply_edits(text, fix.edits.clone()))
}
