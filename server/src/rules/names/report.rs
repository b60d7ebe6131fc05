//! What the names rules share in reporting: line numbers for messages,
//! and keeping only the outermost of nested findings.

use crate::base::finding::Finding;
use crate::rules::{Ctx, Sink};

pub(crate) fn line_no(ctx: &Ctx, offset: usize) -> usize {
    ctx.lines.line_of(offset) + 1
}

/// Keeps only findings not inside another one (a long variant reports once,
/// not once per sub-mention).
pub(crate) fn push_outermost(mut found: Vec<Finding>, out: &mut Sink) {
    found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut last_end = 0;
    let mut first = true;
    for f in found {
        if !first && f.span.end <= last_end {
            continue;
        }
        first = false;
        last_end = f.span.end;
        out.push(f);
    }
}
