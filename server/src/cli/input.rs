//! Reading articles: text in, or a clear reason why not.

use std::io::Read;
use std::path::Path;

use crate::base::encoding::{self, DecodeError, Encoding};

/// What reading one input gave.
#[derive(Debug)]
pub enum Loaded {
    /// The text (without its BOM) and the encoding to write it back in.
    Text(String, Encoding),
    /// A NUL byte and no UTF-16 BOM: an error, or skipped with
    /// `--skip-binary`. The message says where.
    Binary(String),
    /// Could not be read as text; the message says why.
    Error(String),
}

/// Decodes bytes read from an input (see [`encoding::decode`]).
pub fn decode(bytes: Vec<u8>) -> Loaded {
    match encoding::decode(bytes) {
        Ok((text, enc)) => Loaded::Text(text, enc),
        Err(e @ DecodeError::Binary { .. }) => Loaded::Binary(e.to_string()),
        Err(e) => Loaded::Error(e.to_string()),
    }
}

/// Which file a path names: (device, inode) on Unix, so a file reached
/// twice (named twice, or through a symlink) is checked once.
pub type FileId = (u64, u64);

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_meta: &std::fs::Metadata) -> Option<FileId> {
    None
}

/// Reads one file, with its identity when known. Only regular files are
/// read (a FIFO or a device would block or never end).
pub fn read_file(path: &Path) -> (Loaded, Option<FileId>) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return (Loaded::Error(e.to_string()), None),
    };
    if meta.is_dir() {
        return (Loaded::Error("is a directory".into()), None);
    }
    if !meta.is_file() {
        return (
            Loaded::Error("not a regular file (a FIFO, socket or device); skipped".into()),
            None,
        );
    }
    let id = file_id(&meta);
    match read_sized(path, meta.len()) {
        Ok(bytes) => (decode(bytes), id),
        Err(e) => (Loaded::Error(e.to_string()), id),
    }
}

/// Reads a file whose size the metadata already gave, without the second
/// `stat` that `fs::read` makes (one system call per file adds up over a
/// corpus). A file that grew meanwhile is still read to its end.
fn read_sized(path: &Path, size: u64) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let expected = size.saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    let n = (&mut file).take(expected).read_to_end(&mut bytes)?;
    if n as u64 == expected {
        file.read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// Reads all of stdin.
pub fn read_stdin() -> Loaded {
    let mut bytes = Vec::new();
    match std::io::stdin().lock().read_to_end(&mut bytes) {
        Ok(_) => decode(bytes),
        Err(e) => Loaded::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_means_binary_and_empty_is_text() {
        assert!(
            matches!(decode(b"GIF89a\0\0".to_vec()), Loaded::Binary(m) if m.contains("line 1"))
        );
        assert!(matches!(decode(Vec::new()), Loaded::Text(s, Encoding::Utf8) if s.is_empty()));
        assert!(matches!(decode(b"x\xff".to_vec()), Loaded::Error(m) if m.contains("UTF-8")));
    }

    #[test]
    fn a_file_longer_than_its_stat_is_read_to_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        let text = "grew after the stat\n".repeat(100);
        std::fs::write(&p, &text).unwrap();
        for size in [0, 5, text.len() as u64 - 1, text.len() as u64, 1 << 20] {
            assert_eq!(read_sized(&p, size).unwrap(), text.as_bytes(), "{size}");
        }
    }
}
