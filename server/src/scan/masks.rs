//! The classes of 64 bytes at once, one bit per byte (bit `k` for byte
//! `k`): the names family's word scan reads a paragraph a window at a
//! time and jumps from word to word with bit operations instead of
//! testing every byte.
//!
//! On x86-64 the classes come from SSE2 compares, which every x86-64
//! processor has; elsewhere from a loop over the bytes. The two are
//! compared in the tests.

/// The byte classes of up to 64 bytes (missing bytes count as zero bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Classes {
    /// ASCII letters and digits.
    pub alnum: u64,
    /// ASCII lowercase letters.
    pub lower: u64,
    /// ASCII uppercase letters.
    pub upper: u64,
    /// `-` and `'`, which join two words into one.
    pub joiner: u64,
    /// Space, tab and `-`: bytes the word scan passes over.
    pub quiet: u64,
    /// Bytes of 0x80 and above.
    pub beyond_ascii: u64,
}

impl Classes {
    /// The classes of `bytes[at..at + 64]`.
    #[inline]
    pub fn of(bytes: &[u8], at: usize) -> Classes {
        match bytes.get(at..at + 64) {
            Some(window) => Self::of_window(window.try_into().expect("64 bytes")),
            None => {
                let mut window = [0u8; 64];
                let rest = bytes.get(at..).unwrap_or_default();
                window[..rest.len()].copy_from_slice(rest);
                Self::of_window(&window)
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn of_window(window: &[u8; 64]) -> Classes {
        sse2::classes(window)
    }

    #[cfg(not(target_arch = "x86_64"))]
    #[inline]
    fn of_window(window: &[u8; 64]) -> Classes {
        by_bytes(window)
    }
}

/// [`Classes::of`] one byte at a time: the portable version, and the
/// oracle of the SSE2 one.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn by_bytes(window: &[u8; 64]) -> Classes {
    let mut c = Classes::default();
    for (k, &b) in window.iter().enumerate() {
        let bit = 1u64 << k;
        let set = |mask: &mut u64, on: bool| *mask |= if on { bit } else { 0 };
        set(&mut c.alnum, b.is_ascii_alphanumeric());
        set(&mut c.lower, b.is_ascii_lowercase());
        set(&mut c.upper, b.is_ascii_uppercase());
        set(&mut c.joiner, b == b'-' || b == b'\'');
        set(&mut c.quiet, b == b' ' || b == b'\t' || b == b'-');
        set(&mut c.beyond_ascii, b >= 0x80);
    }
    c
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8,
        _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };

    use super::Classes;

    #[inline]
    pub(super) fn classes(window: &[u8; 64]) -> Classes {
        let mut c = Classes::default();
        // SAFETY: SSE2 is part of x86-64 itself (every x86-64 processor
        // has it), and each load reads one 16-byte chunk of `window`,
        // which `_mm_loadu_si128` may do at any alignment.
        unsafe {
            let splat = |b: u8| _mm_set1_epi8(b as i8);
            // Bytes strictly between `lo` and `hi`, both below 0x80: bytes
            // of 0x80 and above compare as negative, never between.
            let between = |x: __m128i, lo: u8, hi: u8| {
                _mm_and_si128(_mm_cmpgt_epi8(x, splat(lo)), _mm_cmplt_epi8(x, splat(hi)))
            };
            let eq = |x: __m128i, b: u8| _mm_cmpeq_epi8(x, splat(b));
            let bits = |x: __m128i| u64::from(_mm_movemask_epi8(x) as u16);
            for (k, part) in window.chunks_exact(16).enumerate() {
                let x = _mm_loadu_si128(part.as_ptr().cast::<__m128i>());
                let letters = between(_mm_or_si128(x, splat(0x20)), b'a' - 1, b'z' + 1);
                let lower = between(x, b'a' - 1, b'z' + 1);
                let digits = between(x, b'0' - 1, b'9' + 1);
                let dash = eq(x, b'-');
                let blank = _mm_or_si128(eq(x, b' '), eq(x, b'\t'));
                let shift = 16 * k;
                c.alnum |= bits(_mm_or_si128(letters, digits)) << shift;
                c.lower |= bits(lower) << shift;
                c.upper |= bits(_mm_andnot_si128(lower, letters)) << shift;
                c.joiner |= bits(_mm_or_si128(dash, eq(x, b'\''))) << shift;
                c.quiet |= bits(_mm_or_si128(blank, dash)) << shift;
                c.beyond_ascii |= bits(x) << shift;
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_at_every_place_has_the_same_classes_both_ways() {
        for b in 0..=255u8 {
            for at in [0, 1, 15, 16, 17, 31, 32, 47, 48, 63] {
                let mut window = [b'x'; 64];
                window[at] = b;
                assert_eq!(
                    Classes::of_window(&window),
                    by_bytes(&window),
                    "byte {b:#x} at {at}"
                );
            }
        }
    }

    #[test]
    fn classes_of_a_short_tail_count_missing_bytes_as_zeros() {
        let c = Classes::of(b"Ab-", 0);
        assert_eq!(c.alnum, 0b011);
        assert_eq!(c.upper, 0b001);
        assert_eq!(c.lower, 0b010);
        assert_eq!(c.joiner, 0b100);
        assert_eq!(c.quiet, 0b100);
        assert_eq!(Classes::of(b"abc", 3), Classes::default());
        assert_eq!(Classes::of(b"abc", 9), Classes::default());
    }

    proptest::proptest! {
        #[test]
        fn both_ways_agree_on_any_window(bytes in proptest::collection::vec(proptest::num::u8::ANY, 64)) {
            let window: [u8; 64] = bytes.try_into().unwrap();
            proptest::prop_assert_eq!(Classes::of_window(&window), by_bytes(&window));
        }
    }
}
