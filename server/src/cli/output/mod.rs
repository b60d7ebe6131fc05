//! Printing findings: one resolved model ([`JsonFinding`], 1-based
//! positions in Unicode scalar values, end exclusive) and one module per
//! `--format`.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::args::Format;
use super::pos::Locator;
use crate::base::finding::{DocRef, Finding, Severity};
use crate::base::text::Span;
use crate::engine::index_file::IndexGroup;

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;
pub mod statistics;

/// One checked document: its display name and text.
pub struct Doc {
    /// The path as given or found (`-` or `--stdin-filename` for stdin,
    /// the id in corpus mode).
    pub name: String,
    pub text: String,
}

/// Everything a formatter needs.
pub struct Report<'a> {
    pub docs: &'a [Doc],
    pub locators: Vec<Locator<'a>>,
    /// Findings per document, same order as `docs`.
    pub findings: &'a [Vec<Finding>],
    /// The corpus index groups a shard was checked against (one per
    /// configuration of the run): related locations
    /// `DocRef::Other(docs.len() + k)` are in document `k` of these
    /// groups' documents one after another, which this run did not read.
    pub external: Vec<&'a IndexGroup>,
    /// Findings `[[allow]]` entries suppressed (not in `findings`).
    pub suppressed: usize,
    /// Findings `--baseline` left out (not in `findings`).
    pub baselined: usize,
}

/// Where a related location is: the document's name and 1-based range.
pub struct RelatedPlace<'r> {
    pub path: &'r str,
    pub range: (usize, usize, usize, usize),
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JsonEdit {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub new_text: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JsonFix {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<JsonEdit>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JsonRelated {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
}

/// A finding as `--format json` prints it; field order is part of the
/// format.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JsonFinding {
    pub path: String,
    pub rule: &'static str,
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub fixes: Vec<JsonFix>,
    pub related: Vec<JsonRelated>,
}

/// 1-based (line, column, end_line, end_column) of a span.
pub fn range(loc: &Locator, span: &Span) -> (usize, usize, usize, usize) {
    let a = loc.pos(span.start);
    let b = loc.pos(span.end.max(span.start));
    (a.line, a.column, b.line, b.column)
}

impl<'a> Report<'a> {
    pub fn new(docs: &'a [Doc], findings: &'a [Vec<Finding>]) -> Self {
        Self::with_locators(docs, findings, Vec::new())
    }

    /// [`Report::new`] with the locators made while the documents were
    /// checked: `detached[i]`, where there is one, stands for document
    /// `i`, whose text may then be gone.
    pub fn with_locators(
        docs: &'a [Doc],
        findings: &'a [Vec<Finding>],
        mut detached: Vec<Option<Locator<'static>>>,
    ) -> Self {
        detached.resize_with(docs.len(), || None);
        let locators = docs
            .par_iter()
            .zip(detached)
            .map(|(d, own)| own.unwrap_or_else(|| Locator::new(&d.text)))
            .collect();
        Report {
            docs,
            locators,
            findings,
            external: Vec::new(),
            suppressed: 0,
            baselined: 0,
        }
    }

    /// Findings in output order: document by document.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Finding)> {
        self.findings
            .iter()
            .enumerate()
            .flat_map(|(i, fs)| fs.iter().map(move |f| (i, f)))
    }

    pub fn total(&self) -> usize {
        self.findings.iter().map(Vec::len).sum()
    }

    /// The document and locator a related location points into.
    pub fn related_doc(&self, doc: usize, r: DocRef) -> Option<usize> {
        match r {
            DocRef::This => Some(doc),
            DocRef::Other(i) if i < self.docs.len() => Some(i),
            DocRef::Other(_) => None,
        }
    }

    /// Where a related location of a finding in `doc` is, in this run's
    /// documents or in the corpus index's.
    pub fn related_place(
        &self,
        doc: usize,
        r: &crate::base::finding::Related,
    ) -> Option<RelatedPlace<'_>> {
        if let Some(d) = self.related_doc(doc, r.doc) {
            return Some(RelatedPlace {
                path: &self.docs[d].name,
                range: range(&self.locators[d], &r.span),
            });
        }
        let DocRef::Other(n) = r.doc else { return None };
        let mut k = n.checked_sub(self.docs.len())?;
        let mut groups = self.external.iter();
        let group = loop {
            let g = groups.next()?;
            if k < g.docs.len() {
                break g;
            }
            k -= g.docs.len();
        };
        let [l, c, el, ec] = group.position(k, &r.span)?;
        Some(RelatedPlace {
            path: &group.docs.get(k)?.name,
            range: (l, c, el, ec),
        })
    }

    pub fn json(&self, doc: usize, f: &Finding) -> JsonFinding {
        let loc = &self.locators[doc];
        let (line, column, end_line, end_column) = range(loc, &f.span);
        JsonFinding {
            path: self.docs[doc].name.clone(),
            rule: f.rule,
            severity: f.severity,
            line,
            column,
            end_line,
            end_column,
            message: f.message.to_string(),
            fixes: f
                .fixes
                .iter()
                .map(|fx| JsonFix {
                    title: fx.title.to_string(),
                    safe: fx.safe,
                    edits: fx
                        .edits
                        .iter()
                        .map(|e| {
                            let (line, column, end_line, end_column) = range(loc, &e.span);
                            JsonEdit {
                                line,
                                column,
                                end_line,
                                end_column,
                                new_text: e.new_text.clone(),
                            }
                        })
                        .collect(),
                })
                .collect(),
            related: f
                .related
                .iter()
                .filter_map(|r| {
                    let place = self.related_place(doc, r)?;
                    let (line, column, end_line, end_column) = place.range;
                    Some(JsonRelated {
                        path: place.path.to_string(),
                        line,
                        column,
                        end_line,
                        end_column,
                        message: r.message.to_string(),
                    })
                })
                .collect(),
        }
    }
}

/// Options the human format needs.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub color: bool,
    /// Files checked (for the summary line).
    pub files: usize,
    /// Findings only: no summary line.
    pub quiet: bool,
    /// The `--fail-on` severity, when findings at it make the exit status
    /// 1 (not with `--exit-zero`): the summary then says so.
    pub fail_on: Option<Severity>,
}

/// Writes the report in `format`.
pub fn write(
    w: &mut dyn Write,
    format: Format,
    report: &Report,
    human: HumanOptions,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(w, report, human),
        Format::Json => json::write_array(w, report),
        Format::Jsonl => json::write_lines(w, report),
        Format::Sarif => sarif::write(w, report),
        Format::Github => github::write(w, report),
    }
}
