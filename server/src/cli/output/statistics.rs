//! `--statistics`: how many findings each rule has, most first (like
//! `ruff check --statistics`).

use std::io::{self, Write};

use serde::Serialize;

use super::Report;
use crate::base::finding::Severity;

/// One rule's line.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct RuleCount {
    pub rule: &'static str,
    pub severity: Severity,
    pub count: usize,
    /// How many of them `--fix` fixes (safe fixes only).
    pub fixable: usize,
}

/// Counts per (rule, severity), most findings first, then by rule id.
pub fn counts(report: &Report) -> Vec<RuleCount> {
    let mut by_rule: std::collections::BTreeMap<(&'static str, Severity), (usize, usize)> =
        std::collections::BTreeMap::new();
    for (_, f) in report.iter() {
        let e = by_rule.entry((f.rule, f.severity)).or_default();
        e.0 += 1;
        e.1 += usize::from(f.fixes.iter().any(|x| x.safe));
    }
    let mut rows: Vec<RuleCount> = by_rule
        .into_iter()
        .map(|((rule, severity), (count, fixable))| RuleCount {
            rule,
            severity,
            count,
            fixable,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    rows
}

/// An aligned table: count, rule, severity, fixable count.
pub fn write_table(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    let rows = counts(report);
    let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
    let digits = rows.first().map_or(1, |r| r.count.to_string().len());
    for r in &rows {
        let fixable = if r.fixable > 0 {
            format!("  {} fixable", r.fixable)
        } else {
            String::new()
        };
        let line = format!(
            "{:>digits$}  {:<width$}  {:<7}{fixable}",
            r.count,
            r.rule,
            r.severity.as_str()
        );
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}

pub fn write_json(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &counts(report))?;
    writeln!(w)
}
