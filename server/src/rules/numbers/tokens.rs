//! The whitespace-separated tokens the `numbers/` rules read: a reader
//! that finds them eight bytes at a time, the walks back to the tokens
//! before one, and the tests on a token's text. It knows nothing of the
//! rules; it is safe code on top of `scan::swar`.

use crate::scan::swar;

/// A whitespace-separated token. `core` drops surrounding quotes, brackets
/// and sentence punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) cs: usize,
    pub(super) ce: usize,
    /// A line break lies between this token and the one before.
    pub(super) nl_before: bool,
    /// The token holds an ASCII digit (in its core: the trimmed
    /// punctuation has none). Every rule here starts at such a token.
    pub(super) has_digit: bool,
}

#[inline]
fn tok(text: &str, start: usize, end: usize, nl_before: bool, has_digit: bool) -> Tok {
    let b = text.as_bytes();
    // Fast path: most tokens start and end with a letter or digit.
    let plain_start = b[start].is_ascii_alphanumeric();
    let plain_end = b[end - 1].is_ascii_alphanumeric() || b[end - 1] == b'%';
    let cs = if plain_start {
        start
    } else {
        trim_leading(b, start, end)
    };
    let ce = if plain_end {
        end
    } else {
        trim_trailing(b, cs, end)
    };
    Tok {
        start,
        end,
        cs,
        ce,
        nl_before,
        has_digit,
    }
}

/// Where `b[start..end]` (char boundaries of valid UTF-8) starts once
/// opening quotes and brackets are trimmed off: `str::trim_start_matches`
/// on bytes.
#[inline]
fn trim_leading(b: &[u8], mut start: usize, end: usize) -> usize {
    while start < end {
        start += match &b[start..end] {
            [b'(' | b'"' | b'\'' | b'[', ..] => 1,
            // “ ‘
            [0xE2, 0x80, 0x9C | 0x98, ..] => 3,
            // «
            [0xC2, 0xAB, ..] => 2,
            _ => break,
        };
    }
    start
}

/// Where `b[start..end]` ends once closing quotes and brackets and
/// sentence punctuation are trimmed off.
#[inline]
fn trim_trailing(b: &[u8], start: usize, mut end: usize) -> usize {
    while start < end {
        end -= match &b[start..end] {
            [.., b',' | b'.' | b';' | b':' | b'!' | b'?' | b')' | b'"' | b'\'' | b']'] => 1,
            // ’ ”
            [.., 0xE2, 0x80, 0x99 | 0x9D] => 3,
            // »
            [.., 0xC2, 0xBB] => 2,
            _ => break,
        };
    }
    end
}

/// The char that ends at byte `i` of `text` (a char boundary), with its
/// start; ASCII without decoding.
#[inline]
fn char_before(text: &str, i: usize) -> Option<(usize, char)> {
    let b = *text.as_bytes().get(i.checked_sub(1)?)?;
    if b < 0x80 {
        return Some((i - 1, b as char));
    }
    let c = text[..i].chars().next_back()?;
    Some((i - c.len_utf8(), c))
}

/// The start of the token before the one starting at `at`, on the same
/// line; `None` when `at` starts its line's first token.
#[inline]
pub(super) fn previous_token_start(text: &str, at: usize) -> Option<usize> {
    let mut i = at;
    // The blanks between the two tokens, not crossing a line break.
    loop {
        let (start, c) = char_before(text, i)?;
        if c == '\n' {
            return None;
        }
        if !c.is_whitespace() {
            break;
        }
        i = start;
    }
    while let Some((start, c)) = char_before(text, i) {
        if c.is_whitespace() {
            break;
        }
        i = start;
    }
    Some(i)
}

/// The start of the token holding byte `at` (just past the whitespace
/// before it, or the text's start).
#[inline]
pub(super) fn token_start(text: &str, at: usize) -> usize {
    let mut i = at;
    while let Some((start, c)) = char_before(text, i) {
        if c.is_whitespace() {
            break;
        }
        i = start;
    }
    i
}

/// Whether the token starting at `at` is the first of its line.
#[inline]
pub(super) fn first_on_line(text: &str, at: usize) -> bool {
    let mut i = at;
    while let Some((start, c)) = char_before(text, i) {
        if c == '\n' {
            return true;
        }
        if !c.is_whitespace() {
            return false;
        }
        i = start;
    }
    true
}

/// The whitespace-separated tokens of a text from a token start on, found
/// eight bytes at a time.
pub(super) struct Tokens<'a> {
    pub(super) text: &'a str,
    /// Where reading goes on.
    pub(super) at: usize,
    /// A line break lies between the last token read and `at`.
    pub(super) nl: bool,
}

impl Iterator for Tokens<'_> {
    type Item = Tok;

    #[inline]
    fn next(&mut self) -> Option<Tok> {
        let text = self.text;
        let b = text.as_bytes();
        let n = b.len();
        let mut i = self.at;
        // The whitespace before the token.
        loop {
            let c = *b.get(i)?;
            let len = if c < 0x80 {
                if !is_ascii_space(c) {
                    break;
                }
                self.nl |= c == b'\n';
                1
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                if !ch.is_whitespace() {
                    break;
                }
                ch.len_utf8()
            };
            i += len;
        }
        let start = i;
        let mut digit = false;
        loop {
            // Printable ASCII eight bytes at a time (the zeros past the end
            // stop the run there).
            let chunk = swar::load_chunk(b, i);
            let stop = swar::blank_or_beyond_ascii(chunk);
            // (No stop: 64 trailing zeros, a run of eight.)
            let run = stop.trailing_zeros() as usize / 8;
            digit |= swar::digits(chunk) & swar::first_bytes(run) != 0;
            i += run;
            if run == 8 {
                continue;
            }
            if i >= n {
                i = n;
                break;
            }
            let c = b[i];
            let len = if c < 0x80 {
                if is_ascii_space(c) {
                    break;
                }
                1
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                if ch.is_whitespace() {
                    break;
                }
                ch.len_utf8()
            };
            i += len;
        }
        self.at = i;
        let nl = std::mem::take(&mut self.nl);
        Some(tok(text, start, i, nl, digit))
    }
}

/// An ASCII byte `char::is_whitespace` accepts.
#[inline]
fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

#[inline]
pub(super) fn core<'a>(text: &'a str, t: &Tok) -> &'a str {
    &text[t.cs..t.ce]
}

#[inline]
pub(super) fn is_int(s: &str) -> bool {
    !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A plain number: digits with at most one decimal part.
#[inline]
pub(super) fn is_number(s: &str) -> bool {
    match s.split_once('.') {
        Some((a, b)) => is_int(a) && is_int(b),
        None => is_int(s),
    }
}

/// The token is nothing but a number (no quotes, brackets or punctuation).
#[inline]
pub(super) fn bare_number(text: &str, t: &Tok) -> bool {
    t.cs == t.start && t.ce == t.end && is_number(core(text, t))
}

/// The chars [`trim_leading`] and [`trim_trailing`] take off a token's
/// ends (their definition, for the tests).
#[cfg(test)]
const LEADING: &[char] = &['(', '"', '\'', '“', '‘', '[', '«'];
#[cfg(test)]
const TRAILING: &[char] = &[
    ',', '.', ';', ':', '!', '?', ')', '"', '\'', '”', '’', ']', '»',
];

/// Calls `f` for each whitespace-separated token of `text`, in order
/// (the text's start counts as a line break).
#[cfg(test)]
pub(super) fn tokens(text: &str, mut f: impl FnMut(Tok)) {
    let mut first = true;
    tokens_from(text, 0, |mut t| {
        t.nl_before |= std::mem::take(&mut first);
        f(t);
        true
    });
}

/// Calls `f` for each token from byte `from` (a token start or blank) on,
/// in order, until `f` returns false. The first token's `nl_before` says
/// only whether a line break lies between `from` and it. The plain
/// definition that [`Tokens`] must follow.
#[cfg(test)]
fn tokens_from(text: &str, from: usize, mut f: impl FnMut(Tok) -> bool) {
    let b = text.as_bytes();
    let mut start = None;
    let mut nl = false;
    let mut digit = false;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        let (ws, len) = if c < 0x80 {
            (matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c), 1)
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            (ch.is_whitespace(), ch.len_utf8())
        };
        if ws {
            if let Some(s) = start.take() {
                if !f(tok_by_chars(text, s, i, nl, digit)) {
                    return;
                }
                nl = false;
            }
            if c == b'\n' {
                nl = true;
            }
        } else {
            if start.is_none() {
                start = Some(i);
                digit = false;
            }
            digit |= c.is_ascii_digit();
        }
        i += len;
    }
    if let Some(s) = start {
        f(tok_by_chars(text, s, text.len(), nl, digit));
    }
}

/// [`tok`] by its definition: the core is what trimming [`LEADING`] and
/// [`TRAILING`] leaves.
#[cfg(test)]
fn tok_by_chars(text: &str, start: usize, end: usize, nl_before: bool, has_digit: bool) -> Tok {
    let raw = &text[start..end];
    let cs = end - raw.trim_start_matches(LEADING).len();
    let ce = cs + text[cs..end].trim_end_matches(TRAILING).len();
    Tok {
        start,
        end,
        cs,
        ce,
        nl_before,
        has_digit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fast tokens against the plain definition, read from the start
    /// and from every token start.
    fn tokens_agree(text: &str) {
        let mut plain = Vec::new();
        tokens(text, |t| plain.push(t));
        let fast: Vec<Tok> = Tokens {
            text,
            at: 0,
            nl: true,
        }
        .collect();
        assert_eq!(fast, plain, "{text:?}");
        for t in &plain {
            let mut from_here = Vec::new();
            tokens_from(text, t.start, |t| {
                from_here.push(t);
                true
            });
            let fast: Vec<Tok> = Tokens {
                text,
                at: t.start,
                nl: false,
            }
            .collect();
            assert_eq!(fast, from_here, "{text:?} from {}", t.start);
        }
    }

    #[test]
    fn fast_tokens_on_examples() {
        for text in [
            "",
            " ",
            "7",
            "abcdefgh9 abcdefghijklmnopq12 x",
            "(“city8%”), «a» ‘b’ [c]. d;: e!? f'' g\"\" ”x“ »y« ’",
            "tab\tnl\n cr\r vt\u{b} ff\u{c} nbsp\u{a0}x\u{3000}y\u{85}z\u{2028}w",
            "ctl\u{1}x\u{1f}y\u{7f}z é中9 ,,, ... ))",
            "“‘«([‘",
            "»’”]).",
        ] {
            tokens_agree(text);
        }
    }

    /// The helpers' char-by-char definitions.
    fn token_start_chars(text: &str, at: usize) -> usize {
        text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8())
    }

    fn first_on_line_chars(text: &str, at: usize) -> bool {
        text[..at]
            .chars()
            .rev()
            .find(|&c| c == '\n' || !c.is_whitespace())
            .is_none_or(|c| c == '\n')
    }

    fn helpers_agree(text: &str) {
        let bytes = text.as_bytes();
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_eq!(
                swar::next_digit(bytes, at),
                bytes[at..]
                    .iter()
                    .position(u8::is_ascii_digit)
                    .map(|k| at + k),
                "next digit from {at} in {text:?}"
            );
            assert_eq!(
                token_start(text, at),
                token_start_chars(text, at),
                "{text:?} {at}"
            );
            assert_eq!(
                first_on_line(text, at),
                first_on_line_chars(text, at),
                "{text:?} {at}"
            );
        }
    }

    #[test]
    fn byte_helpers_on_examples() {
        for text in [
            "",
            "7",
            "abcdefgh9",
            "abcdefghijklmnop",
            "/:09\u{80}é9\u{a0}x 1",
            "a\u{3000}b\n \u{2028}c 12\u{85}d",
            "\u{ff}\u{19}\u{39}\u{30}\u{2f}\u{3a}",
        ] {
            helpers_agree(text);
        }
    }

    proptest! {
        #[test]
        fn fast_tokens_follow_their_definition(
            text in "[ -~\u{0}-\u{1f}\u{7f}\u{80}-\u{ff}\u{a0}\u{3000}\u{85}\u{2028}“”‘’«»\n\t0-9é中]{0,60}"
        ) {
            tokens_agree(&text);
        }

        #[test]
        fn byte_helpers_agree_with_chars(text in "[ -~\u{80}-\u{ff}\u{a0}\u{3000}\u{85}\n\t0-9é中]{0,40}") {
            helpers_agree(&text);
        }
    }
}
