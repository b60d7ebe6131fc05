//! The one place where LSP positions and byte offsets meet.
//!
//! The core works in byte offsets on UTF-8 text; a client counts columns in
//! UTF-16 code units (the LSP default) or UTF-8 code units (when it offers
//! `utf-8` in `general.positionEncodings`). Every conversion goes through
//! [`crate::base::text::LineIndex`] with the negotiated [`ColumnUnit`], or, for
//! incremental edits on a rope, through [`rope_char`] which counts the same
//! way. Out-of-range positions clamp (end of line, end of text); a column
//! inside a character moves to the start of that character.

use ropey::Rope;
use tower_lsp::lsp_types::{InitializeParams, Position, PositionEncodingKind, Range};

use crate::base::text::{ColumnUnit, LineCol, LineIndex, Span};

/// The encoding the server uses: UTF-8 when the client offers it, else UTF-16.
pub fn negotiate(params: &InitializeParams) -> ColumnUnit {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => ColumnUnit::Utf8,
        _ => ColumnUnit::Utf16,
    }
}

/// The LSP name of a column unit.
pub fn kind(unit: ColumnUnit) -> PositionEncodingKind {
    match unit {
        ColumnUnit::Utf8 => PositionEncodingKind::UTF8,
        ColumnUnit::Utf16 | ColumnUnit::Scalar => PositionEncodingKind::UTF16,
    }
}

/// A text with its line index and the client's column unit.
#[derive(Clone, Copy)]
pub struct Conv<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub unit: ColumnUnit,
}

impl<'a> Conv<'a> {
    pub fn new(text: &'a str, lines: &'a LineIndex, unit: ColumnUnit) -> Self {
        Conv { text, lines, unit }
    }

    pub fn position(&self, offset: usize) -> Position {
        let lc = self.lines.to_line_col(self.text, offset, self.unit);
        Position::new(lc.line, lc.col)
    }

    pub fn range(&self, span: &Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// A byte offset for a position, clamped to the text.
    pub fn offset(&self, pos: Position) -> usize {
        self.lines.to_offset(
            self.text,
            LineCol {
                line: pos.line,
                col: pos.character,
            },
            self.unit,
        )
    }

    /// A byte span for a range; a reversed range is put in order.
    pub fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        a.min(b)..a.max(b)
    }

    /// The length of a span in the client's units (for semantic tokens).
    pub fn len(&self, span: &Span) -> u32 {
        self.unit.len_of(&self.text[span.clone()]) as u32
    }
}

/// A position on a rope as a char index, counting like [`LineIndex`]:
/// lines end at `\n`, `\r\n` or a lone `\r` (ropey's `cr_lines`), the line
/// break is not part of its columns,
/// out-of-range lines clamp to the end of the text and out-of-range columns
/// to the end of the line.
pub fn rope_char(rope: &Rope, pos: Position, unit: ColumnUnit) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let slice = rope.line(line);
    let mut len = slice.len_chars();
    if len > 0 && slice.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && slice.char(len - 1) == '\r' {
        len -= 1;
    }
    let want = pos.character as usize;
    let mut units = 0usize;
    for (i, ch) in slice.chars().take(len).enumerate() {
        if units >= want {
            return start + i;
        }
        units += match unit {
            ColumnUnit::Utf8 => ch.len_utf8(),
            ColumnUnit::Utf16 => ch.len_utf16(),
            ColumnUnit::Scalar => 1,
        };
        if units > want {
            return start + i;
        }
    }
    start + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rope_and_line_index_agree() {
        let text = "a“b”c\r\n中文 x😀y\n\nold\rmac\r\rlast\r";
        let rope = Rope::from_str(text);
        let lines = LineIndex::new(text);
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16] {
            let conv = Conv::new(text, &lines, unit);
            assert_eq!(rope.len_lines(), lines.line_count());
            for line in 0..10 {
                for col in 0..14 {
                    let pos = Position::new(line, col);
                    let by_rope = rope.char_to_byte(rope_char(&rope, pos, unit));
                    assert_eq!(by_rope, conv.offset(pos), "{unit:?} {line}:{col}");
                }
            }
        }
    }

    #[test]
    fn curly_quotes_and_cjk_in_both_units() {
        let text = "“中”x";
        let lines = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            Conv::new(text, &lines, ColumnUnit::Utf16).position(x),
            Position::new(0, 3)
        );
        assert_eq!(
            Conv::new(text, &lines, ColumnUnit::Utf8).position(x),
            Position::new(0, 9)
        );
    }
}
