//! Text model: byte offsets on UTF-8 text and the one place where they are
//! converted to the coordinates the outside world uses (1-based line and
//! scalar-value column for the CLI, UTF-16 or UTF-8 code units for LSP).

use std::ops::Range;

/// A byte range into a document's text.
pub type Span = Range<usize>;

/// How a client counts columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Unicode scalar values (what the CLI prints).
    Scalar,
}

impl ColumnUnit {
    /// The length of `s` counted in this unit.
    pub fn len_of(self, s: &str) -> usize {
        match self {
            ColumnUnit::Utf8 => s.len(),
            ColumnUnit::Utf16 => utf16_len(s),
            ColumnUnit::Scalar => s.chars().count(),
        }
    }
}

/// A 0-based line and a 0-based column in some [`ColumnUnit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Start offsets of every line. A line ends after `\n`, `\r\n` or a lone
/// `\r`: the three line ends of the LSP specification, so that an editor,
/// the server and the CLI count the same lines (ropey is built with its
/// `cr_lines` feature to agree).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

/// The length of `s` in UTF-16 code units: one per character, and one more
/// for each character outside the Basic Multilingual Plane, which is exactly
/// each 4-byte UTF-8 sequence (lead byte `0xF0` or above). Counted over bytes,
/// which vectorises, rather than by decoding characters.
fn utf16_len(s: &str) -> usize {
    s.chars().count() + s.bytes().filter(|&b| b >= 0xF0).count()
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut lines = LineIndex {
            starts: Vec::with_capacity(text.len() / 64 + 1),
            len: 0,
        };
        lines.reset(text);
        lines
    }

    /// Makes this the index of `text`, keeping its buffer.
    pub fn reset(&mut self, text: &str) {
        self.starts.clear();
        self.starts.push(0);
        let bytes = text.as_bytes();
        // A `\r` ends a line unless a `\n` follows (then the `\n` does).
        self.starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        );
        self.len = text.len();
    }

    /// Number of lines (a trailing newline opens one more, empty line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line that contains `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based `line` starts (clamped).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte range of 0-based `line`, including its line break.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_start(line);
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        start..end
    }

    /// Byte range of 0-based `line` without its `\n`, `\r\n` or `\r`.
    pub fn line_content(&self, text: &str, line: usize) -> Span {
        let Span { start, mut end } = self.line_span(line);
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        // Then the `\r` of a `\r\n`, or a lone `\r` (a line break of its own).
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Converts a byte offset to a 0-based line and column in `unit`.
    /// An offset inside a character is moved back to the start of it.
    pub fn to_line_col(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        LineCol {
            line: line as u32,
            col: unit.len_of(&text[start..offset]) as u32,
        }
    }

    /// Converts a 0-based line and column in `unit` to a byte offset.
    /// Out-of-range lines clamp to the end of the text, out-of-range
    /// columns to the end of the line, and a column inside a character to
    /// the start of that character: never a panic.
    pub fn to_offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let span = self.line_content(text, line);
        let content = &text[span.clone()];
        let want = pos.col as usize;
        let mut units = 0usize;
        for (i, ch) in content.char_indices() {
            if units >= want {
                return span.start + i;
            }
            units += match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Scalar => 1,
            };
            if units > want {
                return span.start + i;
            }
        }
        span.end
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest char boundary at or after `offset`.
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Paragraphs: maximal runs of non-blank lines. Returns the byte span of
/// each paragraph's content (without the final line break).
pub fn paragraphs(text: &str, lines: &LineIndex) -> Vec<Span> {
    let mut out = Vec::new();
    let mut current: Option<Span> = None;
    for line in 0..lines.line_count() {
        let content = lines.line_content(text, line);
        let blank = text[content.clone()].trim().is_empty();
        match (&mut current, blank) {
            (Some(p), false) => p.end = content.end,
            (None, false) => current = Some(content),
            (Some(_), true) => out.push(current.take().unwrap()),
            (None, true) => {}
        }
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_round_trip_in_every_unit() {
        let text = "a“b”c\n中文 x\n\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Scalar] {
            for (off, _) in text.char_indices() {
                let lc = idx.to_line_col(text, off, unit);
                assert_eq!(idx.to_offset(text, lc, unit), off, "{unit:?} {off}");
            }
        }
        // `c` after two curly quotes: 4 scalars, 4 UTF-16 units, 8 bytes.
        let c = text.find('c').unwrap();
        assert_eq!(idx.to_line_col(text, c, ColumnUnit::Scalar).col, 4);
        assert_eq!(idx.to_line_col(text, c, ColumnUnit::Utf16).col, 4);
        assert_eq!(idx.to_line_col(text, c, ColumnUnit::Utf8).col, 8);
    }

    /// Line starts by the definition: after every `\n`, and after every
    /// `\r` that no `\n` follows.
    fn starts_by_definition(text: &str) -> Vec<usize> {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for i in 0..b.len() {
            if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        starts
    }

    #[test]
    fn cr_crlf_and_lf_all_end_lines() {
        let text = "one\rtwo\r\nthree\nfour\r\rsix\r";
        let idx = LineIndex::new(text);
        let lines: Vec<&str> = (0..idx.line_count())
            .map(|l| &text[idx.line_content(text, l)])
            .collect();
        assert_eq!(lines, ["one", "two", "three", "four", "", "six", ""]);
        // A column past the end of a line stops before its break.
        let two = LineCol { line: 1, col: 99 };
        assert_eq!(
            idx.to_offset(text, two, ColumnUnit::Utf16),
            text.find("\r\n").unwrap()
        );
        let six = text.find("six").unwrap();
        assert_eq!(
            idx.to_line_col(text, six, ColumnUnit::Utf16),
            LineCol { line: 5, col: 0 }
        );
        // `\r\n` is one break, not two.
        assert_eq!(LineIndex::new("a\r\nb").line_count(), 2);
        assert_eq!(LineIndex::new("a\n\rb").line_count(), 3);
    }

    proptest::proptest! {
        #[test]
        fn line_starts_follow_their_definition(s in "[a\r\n中😀]{0,40}") {
            let idx = LineIndex::new(&s);
            let starts: Vec<usize> = (0..idx.line_count()).map(|l| idx.line_start(l)).collect();
            proptest::prop_assert_eq!(starts, starts_by_definition(&s));
            for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Scalar] {
                for (off, ch) in s.char_indices() {
                    // Every offset but the `\n` of a `\r\n` has a position of its own.
                    if ch == '\n' && s[..off].ends_with('\r') {
                        continue;
                    }
                    let lc = idx.to_line_col(&s, off, unit);
                    proptest::prop_assert_eq!(idx.to_offset(&s, lc, unit), off);
                }
            }
        }
    }

    #[test]
    fn utf16_length_counts_surrogate_pairs() {
        for s in ["", "abc", "“中”", "a😀b", "𝄞𝄞", "é\u{10FFFF}\u{FFFF}"] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn utf16_length_equals_encoding(s in "\\PC*") {
            proptest::prop_assert_eq!(utf16_len(&s), s.encode_utf16().count());
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.to_offset(text, LineCol { line: 9, col: 0 }, ColumnUnit::Utf16),
            5
        );
        assert_eq!(
            idx.to_offset(text, LineCol { line: 0, col: 99 }, ColumnUnit::Utf16),
            2
        );
        assert_eq!(
            idx.to_line_col(text, 99, ColumnUnit::Scalar),
            LineCol { line: 1, col: 2 }
        );
    }

    #[test]
    fn column_inside_a_surrogate_pair_moves_to_its_start() {
        let text = "x😀y";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.to_offset(text, LineCol { line: 0, col: 2 }, ColumnUnit::Utf16),
            1
        );
        assert_eq!(
            idx.to_offset(text, LineCol { line: 0, col: 3 }, ColumnUnit::Utf16),
            5
        );
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let text = "one\ntwo\n\n  \nthree\n";
        let idx = LineIndex::new(text);
        let p = paragraphs(text, &idx);
        assert_eq!(
            p.iter().map(|s| &text[s.clone()]).collect::<Vec<_>>(),
            ["one\ntwo", "three"]
        );
    }
}
