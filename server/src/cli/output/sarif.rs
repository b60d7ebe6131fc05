//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. Columns are
//! Unicode code points (`columnKind`), like every other CLI format.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{range, Report};
use crate::base::finding::Severity;
use crate::rules;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where SARIF viewers link the tool to.
pub fn information_uri() -> &'static str {
    match option_env!("CARGO_PKG_HOMEPAGE") {
        Some(h) if !h.is_empty() => h,
        _ => match option_env!("CARGO_PKG_REPOSITORY") {
            Some(r) if !r.is_empty() => r,
            _ => "https://crates.io/crates/lede",
        },
    }
}

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// A relative URI reference for a path: `/` separators, everything but
/// unreserved characters percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(r: (usize, usize, usize, usize)) -> Value {
    json!({"startLine": r.0, "startColumn": r.1, "endLine": r.2, "endColumn": r.3})
}

pub fn document(report: &Report) -> Value {
    let table: Vec<_> = rules::all().collect();
    let rules_json: Vec<Value> = table
        .iter()
        .map(|r| {
            let full = if r.explanation.trim().is_empty() || r.explanation.trim() == "TODO" {
                r.summary
            } else {
                r.explanation.trim()
            };
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": full},
                "help": {"text": super::super::rules_cmd::explain_text(r)},
                "defaultConfiguration": {"level": level(r.default_severity)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for (i, f) in report.iter() {
        let loc = &report.locators[i];
        let file_uri = uri(&report.docs[i].name);
        let mut result = json!({
            "ruleId": f.rule,
            "level": level(f.severity),
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": file_uri},
                    "region": region(range(loc, &f.span)),
                }
            }],
        });
        if let Some(idx) = table.iter().position(|r| r.id == f.rule) {
            result["ruleIndex"] = json!(idx);
        }
        let related: Vec<Value> = f
            .related
            .iter()
            .filter_map(|r| report.related_place(i, r).map(|p| (p, r)))
            .enumerate()
            .map(|(n, (place, r))| {
                json!({
                    "id": n,
                    "message": {"text": r.message},
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(place.path)},
                        "region": region(place.range),
                    }
                })
            })
            .collect();
        if !related.is_empty() {
            result["relatedLocations"] = json!(related);
        }
        let fixes: Vec<Value> = f
            .fixes
            .iter()
            .map(|fx| {
                let replacements: Vec<Value> = fx
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": region(range(loc, &e.span)),
                            "insertedContent": {"text": e.new_text},
                        })
                    })
                    .collect();
                json!({
                    "description": {"text": fx.title},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": file_uri},
                        "replacements": replacements,
                    }],
                    "properties": {"safe": fx.safe},
                })
            })
            .collect();
        if !fixes.is_empty() {
            result["fixes"] = json!(fixes);
        }
        results.push(result);
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "lede",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": information_uri(),
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

pub fn write(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &document(report))?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("a b/c%.txt"), "a%20b/c%25.txt");
        assert_eq!(uri("dir\\x.md"), "dir/x.md");
    }
}
