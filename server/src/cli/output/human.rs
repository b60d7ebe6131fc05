//! `--format human`: `path:line:col: severity[rule] message`, the source
//! line with the span underlined, fixes and related locations, and a
//! summary line. Colour only when asked (stdout a terminal, no NO_COLOR).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{HumanOptions, Report};
use crate::base::finding::{Finding, Severity};

/// Characters of a long line shown around the span.
const BEFORE: usize = 40;
const WINDOW: usize = 120;

struct Palette {
    path: Style,
    gutter: Style,
    note: Style,
    error: Style,
    warning: Style,
    info: Style,
    hint: Style,
}

impl Palette {
    fn new(color: bool) -> Palette {
        if !color {
            let p = Style::new();
            return Palette {
                path: p,
                gutter: p,
                note: p,
                error: p,
                warning: p,
                info: p,
                hint: p,
            };
        }
        let fg = |c: AnsiColor| Style::new().fg_color(Some(c.into()));
        Palette {
            path: Style::new().bold(),
            gutter: fg(AnsiColor::Blue).bold(),
            note: fg(AnsiColor::Green),
            error: fg(AnsiColor::Red).bold(),
            warning: fg(AnsiColor::Yellow).bold(),
            info: fg(AnsiColor::Blue).bold(),
            hint: fg(AnsiColor::Cyan).bold(),
        }
    }

    fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
            Severity::Hint => self.hint,
        }
    }
}

/// The part of a line shown: at most [`WINDOW`] characters around the
/// span's start, which is character `col` (0-based) and byte `at` of
/// `line`, tabs as spaces. Returns the text and the 0-based column of the
/// span's start within it. Reads only the window's neighbourhood, so many
/// findings on one huge line stay linear (a test compares it with counting
/// the whole line).
fn excerpt(line: &str, col: usize, at: usize) -> (String, usize) {
    let at = crate::base::text::floor_char_boundary(line, at.min(line.len()));
    let long = line.char_indices().nth(WINDOW).is_some();
    let (from, prefix) = if long && col > BEFORE {
        let back = line[..at]
            .char_indices()
            .rev()
            .nth(BEFORE - 1)
            .map_or(0, |(k, _)| k);
        (back, "…")
    } else {
        (0, "")
    };
    let mut shown = line[from..].chars();
    let mut s = String::from(prefix);
    s.extend(shown.by_ref().take(WINDOW).map(
        |c| {
            if c == '\t' || c.is_control() {
                ' '
            } else {
                c
            }
        },
    ));
    if shown.next().is_some() {
        s.push('…');
    }
    let start = if prefix.is_empty() { col } else { BEFORE + 1 };
    (s, start)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn finding(
    w: &mut dyn Write,
    report: &Report,
    p: &Palette,
    doc: usize,
    f: &Finding,
) -> io::Result<()> {
    let j = report.json(doc, f);
    let sev = p.severity(f.severity);
    writeln!(
        w,
        "{}{}:{}:{}{}: {sev}{}[{}]{sev:#} {}",
        p.path,
        j.path,
        j.line,
        j.column,
        p.path.render_reset(),
        f.severity,
        f.rule,
        j.message
    )?;
    let loc = &report.locators[doc];
    let text = loc.text();
    let content = loc.lines().line_content(text, j.line - 1);
    let content_start = content.start;
    let line = &text[content];
    let at = f.span.start.saturating_sub(content_start);
    let (shown, start) = excerpt(line, j.column - 1, at);
    let width = if j.end_line == j.line {
        j.end_column.saturating_sub(j.column).max(1)
    } else {
        shown.chars().count().saturating_sub(start).max(1)
    };
    let width = width.min(shown.chars().count().saturating_sub(start).max(1));
    let num = j.line.to_string();
    let pad = " ".repeat(num.len());
    let g = p.gutter;
    writeln!(w, "{pad} {g}|{g:#}")?;
    writeln!(w, "{g}{num} |{g:#} {}", shown.trim_end())?;
    writeln!(
        w,
        "{pad} {g}|{g:#} {}{sev}{}{sev:#}",
        " ".repeat(start),
        "^".repeat(width)
    )?;
    for fx in &f.fixes {
        let how = if fx.safe {
            "safe, applied by --fix"
        } else {
            "unsafe, applied by --fix --unsafe-fixes"
        };
        writeln!(
            w,
            "{pad} {g}={g:#} {}fix{:#}: {} ({how})",
            p.note, p.note, fx.title
        )?;
    }
    for r in &j.related {
        writeln!(
            w,
            "{pad} {g}={g:#} {}note{:#}: {}:{}:{}: {}",
            p.note, p.note, r.path, r.line, r.column, r.message
        )?;
    }
    writeln!(w)
}

/// The summary line (without the trailing newline).
pub fn summary(report: &Report, files: usize) -> String {
    let total = report.total();
    let files_s = plural(files, "file", "files");
    let hidden = match (report.suppressed, report.baselined) {
        (0, 0) => String::new(),
        (s, b) => format!(" {}", hidden(s, b)),
    };
    if total == 0 {
        return format!("No findings in {files_s}.{hidden}");
    }
    let mut counts = Vec::new();
    for (sev, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "infos"),
        (Severity::Hint, "hint", "hints"),
    ] {
        let n = report.iter().filter(|(_, f)| f.severity == sev).count();
        if n > 0 {
            counts.push(plural(n, one, many));
        }
    }
    let safe = report
        .iter()
        .filter(|(_, f)| f.fixes.iter().any(|x| x.safe))
        .count();
    let unsafe_only = report
        .iter()
        .filter(|(_, f)| !f.fixes.is_empty() && !f.fixes.iter().any(|x| x.safe))
        .count();
    let mut s = format!(
        "{} ({}) in {files_s}",
        plural(total, "finding", "findings"),
        counts.join(", ")
    );
    s += &format!("; {safe} fixable with --fix");
    if unsafe_only > 0 {
        s += &format!(" ({unsafe_only} more with --fix --unsafe-fixes)");
    }
    s.push('.');
    s += &hidden;
    s
}

/// `"3 suppressed by [[allow]], 2 baselined."`: what a run did not
/// report, and why (the parts that are not zero).
pub fn hidden(suppressed: usize, baselined: usize) -> String {
    let mut parts = Vec::new();
    if suppressed > 0 {
        parts.push(format!("{suppressed} suppressed by [[allow]]"));
    }
    if baselined > 0 {
        parts.push(format!("{baselined} baselined"));
    }
    format!("{}.", parts.join(", "))
}

pub fn write(w: &mut dyn Write, report: &Report, opts: HumanOptions) -> io::Result<()> {
    let p = Palette::new(opts.color);
    for (doc, f) in report.iter() {
        finding(w, report, &p, doc, f)?;
    }
    if opts.quiet {
        return Ok(());
    }
    writeln!(w, "{}", summary(report, opts.files))?;
    if let Some(fail_on) = opts.fail_on {
        if report.iter().any(|(_, f)| f.severity >= fail_on) {
            writeln!(w, "{}", exit_note(fail_on))?;
        }
    }
    Ok(())
}

/// What exit status 1 means, printed under the summary when it applies.
pub fn exit_note(fail_on: Severity) -> String {
    format!(
        "Exit status 1: findings at or above --fail-on {} (--exit-zero exits 0).",
        fail_on.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`excerpt`]'s definition, counting the whole line: the part of a line shown: at most [`WINDOW`] characters around the
    /// span's start column (0-based), tabs as spaces. Returns the text and the
    /// 0-based column of the span's start within it.
    fn excerpt_by_counting(line: &str, col: usize) -> (String, usize) {
        let n = line.chars().count();
        let (from, prefix) = if n > WINDOW && col > BEFORE {
            (col - BEFORE, "…")
        } else {
            (0, "")
        };
        let to = (from + WINDOW).min(n);
        let mut s = String::from(prefix);
        s.extend(line.chars().skip(from).take(to - from).map(|c| {
            if c == '\t' || c.is_control() {
                ' '
            } else {
                c
            }
        }));
        if to < n {
            s.push('…');
        }
        (s, col - from + prefix.chars().count())
    }

    #[test]
    fn long_lines_are_windowed() {
        let line = "x".repeat(1000);
        let (s, start) = excerpt(&line, 500, 500);
        assert_eq!(start, BEFORE + 1);
        assert_eq!(s.chars().count(), WINDOW + 2);
        let (s, start) = excerpt("a\tb", 2, 2);
        assert_eq!((s.as_str(), start), ("a b", 2));
    }

    proptest::proptest! {
        /// The windowed excerpt equals counting the whole line, at every
        /// character of lines short and long, ASCII or not.
        #[test]
        fn windowed_excerpt_equals_counting_the_line(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "x", "中", "\t", " ", "é", "abc", "😀",
            ]), 0..300),
            pick in 0usize..1000,
        ) {
            let line = parts.concat();
            let starts: Vec<usize> = line.char_indices().map(|(k, _)| k).chain([line.len()]).collect();
            let col = pick % starts.len();
            proptest::prop_assert_eq!(
                excerpt(&line, col, starts[col]),
                excerpt_by_counting(&line, col)
            );
        }
    }
}
