//! `--fix` and `--diff`: fixing to a fixpoint, atomic writes, unified
//! diffs.

use std::io::Write;
use std::path::Path;

use crate::base::fix::{fix_until_stable, FixMode};
use crate::engine::{CorpusIndex, Engine};

use super::select::Selection;

/// Rounds of check-and-fix per file before giving up on a fixpoint.
pub const ROUNDS: usize = 16;

/// Fixes document `doc` of the corpus `index` (built from the original
/// texts) until nothing changes. Returns the new text and the number of
/// fixes applied.
pub fn fix_text(
    engine: &Engine,
    selection: &Selection,
    index: &CorpusIndex,
    doc: usize,
    text: &str,
    mode: FixMode,
) -> (String, usize) {
    fix_until_stable(text, mode, ROUNDS, |t| {
        selection.filter(engine.findings_for(doc, &engine.analyze(t), index))
    })
}

/// Replaces `path`'s contents with `text` atomically: a temporary file in
/// the same directory, the original's permissions, then a rename over the
/// original (through symlinks, to the real file).
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let real = std::fs::canonicalize(path)?;
    let dir = real.parent().unwrap_or(Path::new("."));
    let perms = std::fs::metadata(&real)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".lede-fix-")
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(perms)?;
    tmp.persist(&real).map_err(|e| e.error)?;
    Ok(())
}

/// A unified diff of one file, `git apply`-able, with `a/` and `b/`
/// prefixes.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut s = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .missing_newline_hint(true)
        .to_string();
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
    s
}
