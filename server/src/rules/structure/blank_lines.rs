//! `structure/blank-lines`: a run of more than one blank line.

use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::rules::{Ctx, Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "structure/blank-lines",
    source: file!(),
    default_severity: Severity::Hint,
    summary: "A run of more than one blank line",
    explanation: include_str!("blank_lines.md").trim_ascii_end(),
    bad: &[Example::text(
        "The council met on Monday.\n\n\n\nIt approved the budget.",
    )],
    good: &[Example::text(
        "The council met on Monday.\n\nIt approved the budget.",
    )],
};

fn is_blank(ctx: &Ctx, line: usize) -> bool {
    ctx.text[ctx.lines.line_content(ctx.text, line)]
        .trim()
        .is_empty()
}

pub(super) fn blank_lines(ctx: &Ctx, out: &mut Sink) {
    let n = ctx.lines.line_count();
    // The empty "line" after a final newline is not a blank line.
    let n = if ctx.text.ends_with('\n') { n - 1 } else { n };
    let mut line = 0;
    while line < n {
        if !is_blank(ctx, line) {
            line += 1;
            continue;
        }
        let first = line;
        while line < n && is_blank(ctx, line) {
            line += 1;
        }
        let count = line - first;
        if count >= 2 {
            let span = ctx.lines.line_start(first)..ctx.lines.line_span(line - 1).end;
            let remove = ctx.lines.line_start(first + 1)..span.end;
            out.push(
                Finding::new(&META, span, format!("{count} blank lines in a row")).with_fix(
                    Fix::safe(
                        "Collapse to one blank line",
                        vec![Edit {
                            span: remove,
                            new_text: String::new(),
                        }],
                    ),
                ),
            );
        }
    }
}
