//! Reading articles: text in, or a clear reason why not.

use std::io::Read;
use std::path::Path;

/// How many leading bytes decide that a file is binary.
const SNIFF: usize = 8 * 1024;

/// What reading one input gave.
#[derive(Debug)]
pub enum Loaded {
    Text(String),
    /// NUL bytes near the start: not an article; skipped with a note.
    Binary,
    /// Could not be read as UTF-8 text; the message says why.
    Error(String),
}

/// Decodes bytes read from `name`: binary sniffing, then strict UTF-8.
pub fn decode(bytes: Vec<u8>) -> Loaded {
    if memchr::memchr(0, &bytes[..bytes.len().min(SNIFF)]).is_some() {
        return Loaded::Binary;
    }
    match String::from_utf8(bytes) {
        Ok(s) => Loaded::Text(s),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = memchr::memchr_iter(b'\n', &bytes[..valid]).count() + 1;
            let line_start = memchr::memrchr(b'\n', &bytes[..valid]).map_or(0, |i| i + 1);
            Loaded::Error(format!(
                "invalid UTF-8 at line {line}, byte {} of the line (byte 0x{:02X}); convert the file to UTF-8",
                valid - line_start + 1,
                bytes[valid]
            ))
        }
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
    fn invalid_utf8_names_the_line() {
        let Loaded::Error(m) = decode(b"ok\nfine\nbad \xff here\n".to_vec()) else {
            panic!()
        };
        assert!(m.contains("line 3, byte 5"), "{m}");
    }

    #[test]
    fn nul_means_binary_and_empty_is_text() {
        assert!(matches!(decode(b"GIF89a\0\0".to_vec()), Loaded::Binary));
        assert!(matches!(decode(Vec::new()), Loaded::Text(s) if s.is_empty()));
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
