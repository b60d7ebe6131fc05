//! How an article's bytes become text and back: UTF-8 (with or without a
//! byte-order mark) and UTF-16 with a BOM. The engine sees only the text
//! after the BOM, so line-1 columns are not shifted by it; `--fix` writes
//! the fixed text back in the encoding it was read in.

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    /// UTF-8 preceded by `EF BB BF`.
    Utf8Bom,
    /// UTF-16 little-endian, `FF FE` first.
    Utf16Le,
    /// UTF-16 big-endian, `FE FF` first.
    Utf16Be,
}

/// Why bytes are not text lede checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte without a UTF-16 BOM: a binary file, or UTF-16 without a
    /// BOM. `line` is where the first NUL is (1-based).
    Binary { line: usize },
    /// Not valid UTF-8: 1-based line, 1-based byte of that line, the byte.
    Utf8 { line: usize, byte: usize, value: u8 },
    /// UTF-16 with a BOM, but an unpaired surrogate or an odd length.
    Utf16 { line: usize },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary { line } => write!(
                f,
                "binary file (a NUL byte on line {line}; UTF-16 needs a byte-order mark)"
            ),
            DecodeError::Utf8 { line, byte, value } => write!(
                f,
                "invalid UTF-8 at line {line}, byte {byte} of the line (byte 0x{value:02X}); convert the file to UTF-8"
            ),
            DecodeError::Utf16 { line } => write!(
                f,
                "invalid UTF-16 at line {line} (an unpaired surrogate or a lone final byte)"
            ),
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes an article's bytes, checking the BOM first.
pub fn decode(bytes: Vec<u8>) -> Result<(String, Encoding), DecodeError> {
    if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(body, u16::from_le_bytes).map(|s| (s, Encoding::Utf16Le));
    }
    if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(body, u16::from_be_bytes).map(|s| (s, Encoding::Utf16Be));
    }
    let (mut bytes, encoding) = if bytes.starts_with(UTF8_BOM) {
        let mut b = bytes;
        b.drain(..UTF8_BOM.len());
        (b, Encoding::Utf8Bom)
    } else {
        (bytes, Encoding::Utf8)
    };
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(DecodeError::Binary {
            line: line_of(&bytes, at),
        });
    }
    match String::from_utf8(std::mem::take(&mut bytes)) {
        Ok(s) => Ok((s, encoding)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line_start = memchr::memrchr(b'\n', &bytes[..valid]).map_or(0, |i| i + 1);
            Err(DecodeError::Utf8 {
                line: line_of(bytes, valid),
                byte: valid - line_start + 1,
                value: bytes[valid],
            })
        }
    }
}

/// 1-based line of byte `at`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1
}

fn utf16(body: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    let units = body.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(body.len() / 2);
    let mut line = 1;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                line += usize::from(c == '\n');
                text.push(c);
            }
            Err(_) => return Err(DecodeError::Utf16 { line }),
        }
    }
    if body.len() % 2 == 1 {
        return Err(DecodeError::Utf16 { line });
    }
    Ok(text)
}

/// `text` as bytes in `encoding`, BOM included: the inverse of [`decode`].
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [UTF8_BOM, text.as_bytes()].concat(),
        Encoding::Utf16Le => utf16_bytes(b"\xFF\xFE", text, u16::to_le_bytes),
        Encoding::Utf16Be => utf16_bytes(b"\xFE\xFF", text, u16::to_be_bytes),
    }
}

fn utf16_bytes(bom: &[u8], text: &str, bytes: fn(u16) -> [u8; 2]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bom.len() + text.len() * 2);
    out.extend_from_slice(bom);
    for u in text.encode_utf16() {
        out.extend_from_slice(&bytes(u));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_round_trips() {
        let text = "Line one — “quoted”, 𝄞 clef.\nSecond line.\n";
        for enc in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ] {
            let bytes = encode(text, enc);
            assert_eq!(decode(bytes), Ok((text.to_string(), enc)), "{enc:?}");
        }
    }

    #[test]
    fn the_bom_is_not_part_of_the_text() {
        let (s, e) = decode(b"\xEF\xBB\xBFHi".to_vec()).unwrap();
        assert_eq!((s.as_str(), e), ("Hi", Encoding::Utf8Bom));
        let (s, e) = decode(b"\xFF\xFEH\0i\0".to_vec()).unwrap();
        assert_eq!((s.as_str(), e), ("Hi", Encoding::Utf16Le));
        let (s, e) = decode(b"\xFE\xFF\0H\0i".to_vec()).unwrap();
        assert_eq!((s.as_str(), e), ("Hi", Encoding::Utf16Be));
    }

    #[test]
    fn nul_without_a_utf16_bom_is_binary_and_names_the_line() {
        assert_eq!(
            decode(b"one\ntwo\0\n".to_vec()),
            Err(DecodeError::Binary { line: 2 })
        );
        // UTF-16 without a BOM has NULs too: refused, not read as UTF-8.
        assert!(matches!(
            decode(b"H\0i\0".to_vec()),
            Err(DecodeError::Binary { line: 1 })
        ));
        assert_eq!(decode(Vec::new()), Ok((String::new(), Encoding::Utf8)));
    }

    #[test]
    fn broken_utf16_is_an_error_not_a_panic() {
        // A lone high surrogate, then an odd final byte.
        assert_eq!(
            decode(b"\xFF\xFEa\0\n\0\x00\xD8".to_vec()),
            Err(DecodeError::Utf16 { line: 2 })
        );
        assert!(matches!(
            decode(b"\xFF\xFEa\0b".to_vec()),
            Err(DecodeError::Utf16 { .. })
        ));
    }

    #[test]
    fn invalid_utf8_names_the_line_and_byte() {
        let e = decode(b"ok\nfine\nbad \xff here\n".to_vec()).unwrap_err();
        assert_eq!(
            e,
            DecodeError::Utf8 {
                line: 3,
                byte: 5,
                value: 0xFF
            }
        );
        assert!(e.to_string().contains("line 3, byte 5"));
    }
}
