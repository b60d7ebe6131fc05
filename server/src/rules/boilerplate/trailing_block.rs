//! The trailing-block fix: one edit that deletes the boilerplate and
//! blank lines after a document's last article line, offered on each of
//! those boilerplate lines.

use super::safe_rule;
use crate::base::finding::{Edit, Fix};
use crate::rules::{Ctx, RuleMeta};

/// The document's last article line and the fix that deletes everything
/// after it, when only boilerplate (`hits`, the furniture lines in order,
/// with their rule) and blank lines follow it.
pub(super) fn fix(ctx: &Ctx, hits: &[(usize, &'static RuleMeta)]) -> Option<(usize, Fix)> {
    let text = ctx.text;
    let n = ctx.lines.line_count();
    let mut last_article: Option<usize> = None;
    let mut tail_first = None;
    for line in (0..n).rev() {
        let content = ctx.lines.line_content(text, line);
        if text[content].trim().is_empty() {
            continue;
        }
        if hits.binary_search_by_key(&line, |h| h.0).is_ok() {
            tail_first = Some(line);
            continue;
        }
        last_article = Some(line);
        break;
    }
    match (last_article, tail_first) {
        (Some(a), Some(first)) => {
            let last = hits.last().map_or(first, |h| h.0);
            let safe = hits.iter().filter(|h| h.0 > a).all(|h| safe_rule(h.1));
            let title = if first == last {
                format!("Delete the trailing boilerplate block (line {})", first + 1)
            } else {
                format!(
                    "Delete the trailing boilerplate block (lines {}-{})",
                    first + 1,
                    last + 1
                )
            };
            let end = ctx.lines.line_content(text, a).end;
            let eol = if text[end..].starts_with("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let edit = Edit {
                span: end..text.len(),
                new_text: eol.to_string(),
            };
            Some((
                a,
                Fix {
                    title: title.into(),
                    safe,
                    edits: vec![edit],
                },
            ))
        }
        _ => None,
    }
}
