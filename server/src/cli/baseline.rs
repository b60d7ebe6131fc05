//! `--write-baseline` and `--baseline`: accept the findings a project has
//! today, report only new ones.
//!
//! A finding is keyed by its rule, its file (relative to the `lede.toml`'s
//! directory where there is one, else its name as reported) and a
//! fingerprint: a hash of the rule, the span's text and its line's text
//! with spaces collapsed, and the finding's number among those of its
//! file with the same hash. No line number takes part, so lines inserted
//! or removed elsewhere keep a finding baselined.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::base::finding::Finding;
use crate::engine::index_file::text_hash;

/// The format version this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub fingerprint: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// The text of the line holding `at`, trimmed, its runs of white space
/// made one space.
fn normalised_line(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    if !text.is_char_boundary(at) {
        return String::new();
    }
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text.get(start..end)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The entries of one document's findings.
pub fn entries(path: &str, text: &str, findings: &[Finding]) -> Vec<Entry> {
    let mut seen: rustc_hash::FxHashMap<(&str, u64), usize> = Default::default();
    findings
        .iter()
        .map(|f| {
            let span = text.get(f.span.clone()).unwrap_or("");
            let key = format!(
                "{}\0{span}\0{}",
                f.rule,
                normalised_line(text, f.span.start)
            );
            let hash = text_hash(&key);
            let n = seen.entry((f.rule, hash)).or_insert(0);
            let k = *n;
            *n += 1;
            Entry {
                rule: f.rule.to_string(),
                path: path.to_string(),
                fingerprint: format!("{hash:016x}-{k}"),
            }
        })
        .collect()
}

/// Writes `entries` to `path` atomically (a temporary file beside it,
/// renamed over it).
pub fn write(path: &Path, entries: Vec<Entry>) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".lede-baseline-")
        .tempfile_in(dir)?;
    let file = File {
        version: VERSION,
        findings: entries,
    };
    serde_json::to_writer_pretty(&mut tmp, &file)?;
    tmp.write_all(b"\n")?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Reads a baseline file; the error names the file.
pub fn read(path: &Path) -> Result<HashSet<Entry>, String> {
    let at = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{at}: cannot read the baseline: {e}"))?;
    #[derive(Deserialize)]
    struct Version {
        version: Option<u32>,
    }
    let v: Version = serde_json::from_str(&text)
        .map_err(|e| format!("{at}: not a lede baseline (write one with --write-baseline): {e}"))?;
    match v.version {
        Some(VERSION) => {}
        Some(n) => {
            return Err(format!(
                "{at}: baseline version {n} is not one this lede reads (it reads version {VERSION})"
            ))
        }
        None => {
            return Err(format!(
                "{at}: not a lede baseline (no \"version\"; write one with --write-baseline)"
            ))
        }
    }
    let file: File = serde_json::from_str(&text)
        .map_err(|e| format!("{at}: not a lede baseline (write one with --write-baseline): {e}"))?;
    Ok(file.findings.into_iter().collect())
}

/// Removes from `findings` those `baseline` holds; returns how many.
pub fn filter(
    baseline: &HashSet<Entry>,
    path: &str,
    text: &str,
    findings: &mut Vec<Finding>,
) -> usize {
    let keys = entries(path, text, findings);
    let before = findings.len();
    let mut keep = keys.iter().map(|k| !baseline.contains(k));
    findings.retain(|_| keep.next().unwrap_or(true));
    before - findings.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;

    #[test]
    fn moved_lines_keep_their_fingerprint_and_duplicates_are_counted() {
        let engine = Engine::new(Default::default()).unwrap();
        let text = "Output rose 1 2 percent.\n\nOutput rose 1 2 percent.\n";
        let found = engine.check(text);
        assert!(found.len() >= 2, "{found:?}");
        let before = entries("a.txt", text, &found);
        let moved = format!("A new first line.\n\n{text}");
        let after = entries("a.txt", &moved, &engine.check(&moved));
        for e in &before {
            assert!(after.contains(e), "{e:?} lost in {after:?}");
        }
        // The same finding on two equal lines: two keys, not one.
        let set: HashSet<&Entry> = before.iter().collect();
        assert_eq!(set.len(), before.len());
        // Another file: other keys.
        assert_ne!(entries("b.txt", text, &found), before);
    }

    #[test]
    fn line_text_is_normalised() {
        assert_eq!(normalised_line("x\n  a \t b  \ny", 4), "a b");
        assert_eq!(normalised_line("abc", 99), "abc");
        assert_eq!(normalised_line("", 0), "");
    }
}
