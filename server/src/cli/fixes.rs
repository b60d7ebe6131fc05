//! `--fix` and `--diff`: fixing to a fixpoint, careful writes, unified
//! diffs.

use std::io::Write;
use std::path::Path;

use crate::base::encoding::{self, Encoding};
use crate::base::fix::{fix_until_stable, FixMode};
use crate::engine::{CorpusIndex, Engine};

use super::select::Selection;

/// Rounds of check-and-fix per file before giving up on a fixpoint.
pub const ROUNDS: usize = 16;

/// Fixes document `doc` of the corpus `index` (built from the original
/// texts) until nothing changes. Returns the new text and the number of
/// fixes applied. Findings that `[[allow]]` suppresses (for the document's
/// relative `path`) are not fixed.
pub fn fix_text(
    engine: &Engine,
    selection: &Selection,
    index: &CorpusIndex,
    (doc, path): (usize, Option<&str>),
    text: &str,
    mode: FixMode,
) -> (String, usize) {
    fix_until_stable(text, mode, ROUNDS, |t| {
        let mut found = selection.filter(engine.findings_for(doc, &engine.analyze(t), index));
        engine.allows().suppress(&mut found, t, path);
        found
    })
}

/// Replaces the file at `path`, read as `original` in `encoding`, with
/// `fixed` in the same encoding, or says why it did not. The write is
/// atomic (a temporary file in the same directory renamed over the
/// original) and keeps the file's mode, owner, group and extended
/// attributes. Refused, leaving the file as it is:
///
/// - a symlink (the fix would land in a file outside what was named;
///   `--fix` on the target fixes it);
/// - a read-only file (someone made it so on purpose);
/// - a file with more than one hard link (a rename would split the links,
///   and an in-place write is not atomic);
/// - a file whose content is no longer `original` (edited while lede
///   ran): its new text must not be lost.
pub fn write_fixed(
    path: &Path,
    original: &str,
    fixed: &str,
    encoding: Encoding,
) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| e.to_string())?;
    if meta.file_type().is_symlink() {
        let target = std::fs::canonicalize(path)
            .map_or_else(|_| "its target".to_string(), |t| t.display().to_string());
        return Err(format!(
            "not fixed: a symlink; --fix does not write through symlinks (run it on {target})"
        ));
    }
    if meta.permissions().readonly() {
        return Err("not fixed: the file is read-only".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(format!(
                "not fixed: the file has {} hard links, and replacing it would split them \
                 (`lede check --diff` shows the fix)",
                meta.nlink()
            ));
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let io = |what: &str, e: std::io::Error| format!("cannot write the fixed file ({what}): {e}");
    let mut tmp = tempfile::Builder::new()
        .prefix(".lede-fix-")
        .tempfile_in(dir)
        .map_err(|e| io("temporary file", e))?;
    tmp.write_all(&encoding::encode(fixed, encoding))
        .map_err(|e| io("write", e))?;
    tmp.as_file()
        .set_permissions(meta.permissions())
        .map_err(|e| io("mode", e))?;
    keep_owner_and_xattrs(path, &meta, &tmp)?;
    tmp.as_file().sync_all().map_err(|e| io("sync", e))?;
    // Last look before the rename: the file must still hold what was read.
    let now = std::fs::read(path).map_err(|e| io("re-read", e))?;
    if now != encoding::encode(original, encoding) {
        return Err("not fixed: the file changed while lede ran; run lede again".into());
    }
    tmp.persist(path)
        .map_err(|e| io("rename", e.error))
        .map(|_| ())
}

#[cfg(unix)]
fn keep_owner_and_xattrs(
    path: &Path,
    meta: &std::fs::Metadata,
    tmp: &tempfile::NamedTempFile,
) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    // A no-op when lede owns the file; another owner needs privileges,
    // and without them the file would silently change hands.
    std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()))
        .map_err(|e| format!("not fixed: cannot keep the file's owner and group: {e}"))?;
    let names = match xattr::list(path) {
        Ok(names) => names,
        // No extended attributes on this file system: nothing to keep.
        Err(e) if e.raw_os_error() == Some(95) => return Ok(()),
        Err(e) => return Err(format!("not fixed: cannot read extended attributes: {e}")),
    };
    for name in names {
        let value = xattr::get(path, &name)
            .map_err(|e| format!("not fixed: cannot read extended attribute {name:?}: {e}"))?;
        xattr::set(tmp.path(), &name, value.as_deref().unwrap_or_default())
            .map_err(|e| format!("not fixed: cannot keep extended attribute {name:?}: {e}"))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_owner_and_xattrs(
    _path: &Path,
    _meta: &std::fs::Metadata,
    _tmp: &tempfile::NamedTempFile,
) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_edited_after_it_was_read_is_not_replaced() {
        // What lede read, then an edit lands before the fix is written.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "as read\n").unwrap();
        std::fs::write(&p, "as read\nplus the user's new line\n").unwrap();
        let e = write_fixed(&p, "as read\n", "fixed\n", Encoding::Utf8).unwrap_err();
        assert!(e.contains("changed while lede ran"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "as read\nplus the user's new line\n"
        );
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // Unchanged since the read: written.
        write_fixed(
            &p,
            "as read\nplus the user's new line\n",
            "fixed\n",
            Encoding::Utf8,
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "fixed\n");
    }

    #[test]
    fn the_encoding_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        for enc in [Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be] {
            std::fs::write(&p, encoding::encode("old\n", enc)).unwrap();
            write_fixed(&p, "old\n", "new\n", enc).unwrap();
            assert_eq!(std::fs::read(&p).unwrap(), encoding::encode("new\n", enc));
        }
    }
}
