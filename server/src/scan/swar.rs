//! Byte tests eight at a time on a `u64` ("SWAR"): the per-paragraph
//! scans run over every byte of every article, and most of those bytes
//! are plain ASCII letters.
//!
//! A chunk holds up to eight bytes of text, the first in the low byte.

/// Eight copies of a byte value.
pub const ONES: u64 = u64::from_ne_bytes([1; 8]);
/// The high bit of every byte.
pub const HIGHS: u64 = ONES * 0x80;
/// Bit 5 of every byte: OR-ing it in lowercases ASCII letters and keeps
/// digits.
pub const LOWERCASE_BITS: u64 = ONES * 0x20;

/// Up to eight bytes from `bytes[at..]`, zeros past the end.
#[inline]
pub fn load_chunk(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().expect("eight bytes")),
        None => {
            let mut b = [0u8; 8];
            let rest = bytes.get(at..).unwrap_or_default();
            b[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(b)
        }
    }
}

/// The high bit of each byte of `x` that lies strictly between `lo` and
/// `hi` (`hi <= 128`); exact for every byte, as no step carries across
/// bytes.
#[inline]
pub fn bytes_between(x: u64, lo: u8, hi: u8) -> u64 {
    let low7 = x & (ONES * 0x7f);
    (ONES * (127 + u64::from(hi))).wrapping_sub(low7)
        & !x
        & (low7 + ONES * (127 - u64::from(lo)))
        & HIGHS
}

/// The high bit of each ASCII lowercase letter of `chunk`.
#[inline]
pub fn lowercase_letters(chunk: u64) -> u64 {
    bytes_between(chunk, b'a' - 1, b'z' + 1)
}

/// How many of the bytes of `chunk` are ASCII letters or digits before
/// the first that is not.
#[inline]
pub fn ascii_word_run(chunk: u64) -> usize {
    let letters = lowercase_letters(chunk | LOWERCASE_BITS);
    ((letters | digits(chunk)) ^ HIGHS).trailing_zeros() as usize / 8
}

/// A mask of the first `n` bytes of a chunk (`n <= 8`).
#[inline]
pub fn first_bytes(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1 << (8 * n)) - 1
    }
}

/// The high bit of each ASCII digit of `chunk`.
#[inline]
pub fn digits(chunk: u64) -> u64 {
    bytes_between(chunk, b'0' - 1, b'9' + 1)
}

/// The high bit of each byte of `chunk` that is a space, a control
/// character (below `0x21`) or not ASCII: where a run of ordinary printable
/// ASCII ends.
#[inline]
pub fn blank_or_beyond_ascii(chunk: u64) -> u64 {
    // Below 0x21 exactly when adding 0x5f to the low seven bits leaves the
    // high bit clear (no carry leaves a byte: 0x7f + 0x5f < 0x100).
    let low7 = chunk & (ONES * 0x7f);
    (chunk | !(low7 + ONES * 0x5f)) & HIGHS
}

/// The first ASCII digit of `bytes` at or after `from`.
pub fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    next_marked(bytes, from, digits, |b| b.is_ascii_digit())
}

/// The first byte of `bytes` at or after `from` that `is` accepts, found
/// eight at a time: `mark` gives the high bit of the bytes of a chunk
/// that `is` accepts (the lowest of them exactly; a borrow may flag bytes
/// above it), `is` decides the last few bytes.
#[inline]
pub fn next_marked(
    bytes: &[u8],
    from: usize,
    mark: impl Fn(u64) -> u64,
    is: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let marked = mark(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        if marked != 0 {
            return Some(i + marked.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes.get(i..)?.iter().position(|&b| is(b)).map(|k| i + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_classes_are_exact_at_every_position() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = *b"abcdefgh";
                bytes[at] = b;
                let chunk = u64::from_le_bytes(bytes);
                let run = if b.is_ascii_alphanumeric() { 8 } else { at };
                assert_eq!(ascii_word_run(chunk), run, "byte {b:#x} at {at}");
                let lower = lowercase_letters(chunk) & (0x80 << (8 * at)) != 0;
                assert_eq!(lower, b.is_ascii_lowercase(), "byte {b:#x} at {at}");
                let mut digits = [b'x'; 8];
                digits[at] = b;
                let found = next_digit(&digits, 0);
                assert_eq!(found, b.is_ascii_digit().then_some(at), "byte {b:#x}");
                let bit = |mask: u64| mask & (0x80 << (8 * at)) != 0;
                assert_eq!(bit(super::digits(chunk)), b.is_ascii_digit(), "byte {b:#x}");
                assert_eq!(
                    bit(blank_or_beyond_ascii(chunk)),
                    b <= b' ' || b >= 0x80,
                    "byte {b:#x} at {at}"
                );
                let others = blank_or_beyond_ascii(chunk) & !(0x80 << (8 * at));
                assert_eq!(others, 0, "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn chunks_past_the_end_are_zero() {
        assert_eq!(load_chunk(b"ab", 0), u64::from(b'a') | u64::from(b'b') << 8);
        assert_eq!(load_chunk(b"ab", 2), 0);
        assert_eq!(load_chunk(b"ab", 5), 0);
        assert_eq!(first_bytes(0), 0);
        assert_eq!(first_bytes(1), 0xff);
        assert_eq!(first_bytes(8), u64::MAX);
    }
}
