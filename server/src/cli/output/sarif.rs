//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. Columns are
//! Unicode code points (`columnKind`), like every other CLI format.
//!
//! What the SARIF Multitool's validator asks for (`docs/cli.md`): a path as
//! given (relative) is a relative URI against `%SRCROOT%`, the directory
//! lede ran in, named in `originalUriBaseIds`; an absolute path is a
//! `file://` URI. Each rule's `name` is its id in PascalCase (never the id
//! itself), and each result has a `partialFingerprints` entry that does not
//! change when its line moves.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::{range, Report};
use crate::base::finding::{Finding, Severity};
use crate::base::rule_meta::{anchor, PROJECT_URL, RULES_URL};
use crate::rules;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base id relative URIs are resolved against.
pub const SRCROOT: &str = "%SRCROOT%";

/// The `partialFingerprints` key: our hash, version 1 (a change to what is
/// hashed needs a new version, or dashboards see every result as new).
pub const FINGERPRINT_KEY: &str = "ledeLineHash/v1";

/// Where SARIF viewers link the tool to.
pub fn information_uri() -> &'static str {
    PROJECT_URL
}

/// A rule id as a SARIF `name`: `tags/unknown-label` -> `TagsUnknownLabel`.
pub fn rule_name(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for word in id.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
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
    encode(&path.replace('\\', "/"), b"-._~/")
}

fn encode(path: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `file://` URI for an absolute path (`/a b` -> `file:///a%20b`,
/// `C:\\x` -> `file:///C:/x`).
pub fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let slash = if path.starts_with('/') { "" } else { "/" };
    // A drive letter's colon stays: it is allowed in a path after `file:///`.
    format!("file://{slash}{}", encode(&path, b"-._~/:"))
}

/// Where a reported path points: absolute paths as `file://` URIs, the
/// others relative to `%SRCROOT%`.
pub fn artifact_location(path: &str) -> Value {
    if is_absolute(path) {
        json!({"uri": file_uri(path)})
    } else {
        json!({"uri": uri(path), "uriBaseId": SRCROOT})
    }
}

/// Absolute on this system, or a Windows drive path (`C:\\x`, `C:/x`) anywhere.
fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    let drive =
        b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'/' | b'\\');
    drive || path.starts_with('/') || Path::new(path).is_absolute()
}

/// The `originalUriBaseIds` entry for `%SRCROOT%`: the directory relative
/// paths start from, as a `file://` URI ending in `/`.
fn srcroot(dir: Option<&Path>) -> Value {
    match dir.and_then(|d| d.to_str()) {
        Some(d) => {
            let mut u = file_uri(d);
            if !u.ends_with('/') {
                u.push('/');
            }
            json!({"uri": u})
        }
        None => json!({"description": {"text": "the directory lede was run in"}}),
    }
}

/// FNV-1a, 64 bits: a hash fixed by its definition, so fingerprints stay
/// the same across lede versions and platforms (std's hasher may change).
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Whitespace runs as one space, none at the ends: an indentation or
/// line-ending change keeps a finding's fingerprint.
fn normalised(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for word in bytes
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(word);
    }
    out
}

/// The hash of a finding's rule, the text of the line it starts on and the
/// text it covers (each normalised): not its line number, so a finding
/// keeps its fingerprint when lines are added above it.
pub fn line_hash(text: &str, f: &Finding) -> u64 {
    let bytes = text.as_bytes();
    let start = f.span.start.min(bytes.len());
    let end = f.span.end.clamp(start, bytes.len());
    let line_start = bytes[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| start + i);
    fnv1a(&[
        f.rule.as_bytes(),
        &normalised(&bytes[line_start..line_end]),
        &normalised(&bytes[start..end]),
    ])
}

fn region(r: (usize, usize, usize, usize)) -> Value {
    json!({"startLine": r.0, "startColumn": r.1, "endLine": r.2, "endColumn": r.3})
}

pub fn document(report: &Report) -> Value {
    document_in(report, std::env::current_dir().ok().as_deref())
}

/// The SARIF log of a report whose relative paths start from `dir`.
pub fn document_in(report: &Report, dir: Option<&Path>) -> Value {
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
                "name": rule_name(r.id),
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": full},
                "help": {"text": super::super::rules_cmd::explain_text(r)},
                "helpUri": format!("{RULES_URL}#{}", anchor(r.id)),
                "defaultConfiguration": {"level": level(r.default_severity)},
            })
        })
        .collect();
    let mut results = Vec::new();
    // Results with the same hash in one file are told apart by their
    // order: `hash:1`, `hash:2`, ...
    let mut seen: std::collections::HashMap<(usize, u64), usize> = Default::default();
    for (i, f) in report.iter() {
        let loc = &report.locators[i];
        let file = artifact_location(&report.docs[i].name);
        let hash = line_hash(&report.docs[i].text, f);
        let nth = seen.entry((i, hash)).or_insert(0);
        *nth += 1;
        let mut result = json!({
            "ruleId": f.rule,
            "level": level(f.severity),
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": file,
                    "region": region(range(loc, &f.span)),
                }
            }],
            "partialFingerprints": {FINGERPRINT_KEY: format!("{hash:016x}:{nth}")},
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
                        "artifactLocation": artifact_location(place.path),
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
                        "artifactLocation": file,
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
            "originalUriBaseIds": {SRCROOT: srcroot(dir)},
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
        assert_eq!(
            uri("c:d.txt"),
            "c%3Ad.txt",
            "no scheme in a relative reference"
        );
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        assert_eq!(file_uri("/srv/a b.txt"), "file:///srv/a%20b.txt");
        assert_eq!(file_uri("C:\\news\\x.txt"), "file:///C:/news/x.txt");
        assert_eq!(
            artifact_location("/srv/x.txt"),
            json!({"uri": "file:///srv/x.txt"})
        );
        assert_eq!(
            artifact_location("C:/x.txt"),
            json!({"uri": "file:///C:/x.txt"})
        );
        assert_eq!(
            artifact_location("news/x.txt"),
            json!({"uri": "news/x.txt", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location("../x.txt"),
            json!({"uri": "../x.txt", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            srcroot(Some(Path::new("/srv/news"))),
            json!({"uri": "file:///srv/news/"})
        );
        assert_eq!(srcroot(Some(Path::new("/"))), json!({"uri": "file:///"}));
        assert!(srcroot(None).get("uri").is_none());
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name("tags/unknown-label"), "TagsUnknownLabel");
        assert_eq!(rule_name("numbers/glued-digits"), "NumbersGluedDigits");
        for r in rules::all() {
            let name = rule_name(r.id);
            assert_ne!(name, r.id);
            assert!(name.bytes().all(|b| b.is_ascii_alphanumeric()), "{name}");
        }
    }

    fn finding_at(span: std::ops::Range<usize>) -> Finding {
        let meta = rules::all().next().unwrap();
        Finding::new(meta, span, "m")
    }

    #[test]
    fn line_hashes_ignore_the_line_number_and_spacing_but_not_the_text() {
        let a = "First.\nThe pier opened.\n";
        let b = "New line.\n\nFirst.\n   The  pier opened.\r\n";
        let pier = |t: &str| t.find("pier").unwrap();
        let ha = line_hash(a, &finding_at(pier(a)..pier(a) + 4));
        let hb = line_hash(b, &finding_at(pier(b)..pier(b) + 4));
        assert_eq!(ha, hb);
        let other_text = "First.\nThe pier closed.\n";
        let p = pier(other_text);
        assert_ne!(ha, line_hash(other_text, &finding_at(p..p + 4)));
        // Another span on the same line is another finding.
        assert_ne!(ha, line_hash(a, &finding_at(pier(a) - 4..pier(a) + 4)));
        // Out of range spans are clamped, not a panic.
        line_hash(a, &finding_at(100..200));
        line_hash("", &finding_at(0..0));
    }
}
