//! The last step of every check: configured levels, order, duplicates,
//! and the move from plain to original offsets.

use crate::base::finding::{DocRef, Finding};
use crate::config::{Config, Level};
use crate::tags::TaggedText;

/// Applies configured levels, drops rules that are off, sorts, and drops
/// exact duplicates (two paths to the same finding).
pub(super) fn finish(config: &Config, mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.retain_mut(|f| match config.level(f.rule) {
        Some(Level::Off) => false,
        Some(Level::On(sev)) => {
            f.severity = sev;
            true
        }
        None => true,
    });
    sort(&mut findings);
    findings.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
    findings
}

pub(super) fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
}

/// Moves a finding from plain offsets to original offsets.
pub(super) fn to_original(tagged: &TaggedText, mut f: Finding) -> Finding {
    if tagged.is_identity() {
        return f;
    }
    f.span = tagged.span_to_original(&f.span);
    for r in &mut f.related {
        if r.doc == DocRef::This {
            r.span = tagged.span_to_original(&r.span);
        }
    }
    for fix in &mut f.fixes {
        for e in &mut fix.edits {
            e.span = tagged.span_to_original(&e.span);
        }
    }
    // A fix that would cut a tag apart leaves a stray bracket that makes
    // tags malformed or nested: offered no more (the finding stays).
    f.fixes.retain(|fix| {
        !fix.edits.iter().any(|e| {
            tagged.cuts_tag(e.span.start, e.span.end)
                || (e.new_text.is_empty() && tagged.empties_tag(e.span.start, e.span.end))
        })
    });
    f
}
