//! Byte offsets to the CLI's 1-based line and column (Unicode scalar
//! values), fast even on a 50 MB single-line file.

use crate::base::text::{floor_char_boundary, LineIndex};

/// Bytes per checkpoint of the scalar count.
const BLOCK: usize = 1 << 16;

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Converts byte offsets of one text. Each lookup costs at most one block
/// of counting, so many findings on one huge line stay linear.
///
/// A locator can also be *detached* from its text ([`Locator::detached`]):
/// it then keeps where the text's UTF-8 continuation bytes are instead of
/// the text, so that a corpus run can free each article's text as soon as
/// it is analysed (the machine-readable reports need only positions).
pub struct Locator<'a> {
    /// The text; `None` when detached.
    text: Option<&'a str>,
    /// The text's length in bytes.
    len: usize,
    /// When detached: the offsets of the text's continuation bytes, in
    /// order (bytes that do not start a character).
    continuations: Vec<u32>,
    lines: LineIndex,
    /// `checkpoints[k]` = scalar values in `text[..k * BLOCK]`.
    checkpoints: Vec<usize>,
    /// Which lines are all ASCII, where a column is a byte count: one
    /// vectorised pass over each line here instead of a count at every
    /// position (most lines of news prose, even in a file with a curly
    /// quote somewhere).
    ascii_lines: Vec<bool>,
}

fn scalars(bytes: &[u8]) -> usize {
    // A sum rather than a filtered count: the compiler vectorises it.
    bytes.iter().map(|&b| usize::from((b & 0xC0) != 0x80)).sum()
}

/// The line index of `text`, and which of its lines are all ASCII.
fn line_tables(text: &str) -> (LineIndex, Vec<bool>) {
    let lines = LineIndex::new(text);
    let ascii_lines = (0..lines.line_count())
        .map(|line| text.as_bytes()[lines.line_span(line)].is_ascii())
        .collect();
    (lines, ascii_lines)
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::new();
        // Only a line longer than a block uses them, which needs a text
        // longer than a block.
        if bytes.len() > BLOCK {
            checkpoints.reserve(bytes.len() / BLOCK + 1);
            let mut total = 0;
            checkpoints.push(0);
            for chunk in bytes.chunks(BLOCK) {
                total += scalars(chunk);
                checkpoints.push(total);
            }
        }
        let (lines, ascii_lines) = line_tables(text);
        Locator {
            text: Some(text),
            len: text.len(),
            continuations: Vec::new(),
            lines,
            checkpoints,
            ascii_lines,
        }
    }

    /// A locator that does not borrow `text`, giving the same positions;
    /// `None` (keep the text) when the text is over 4 GiB or more than one
    /// byte in sixteen is a continuation byte, where the offsets would
    /// take more room than they save.
    pub fn detached(text: &str) -> Option<Locator<'static>> {
        let bytes = text.as_bytes();
        u32::try_from(bytes.len()).ok()?;
        let limit = bytes.len() / 16;
        let mut continuations = Vec::new();
        let mut at = 0;
        // Most text is ASCII: skip it eight bytes at a time.
        while let Some(k) = crate::scan::swar::next_marked(
            bytes,
            at,
            |chunk| chunk & crate::scan::swar::HIGHS,
            |b| b >= 0x80,
        ) {
            if bytes[k] & 0xC0 == 0x80 {
                if continuations.len() == limit {
                    return None;
                }
                continuations.push(k as u32);
            }
            at = k + 1;
        }
        let (lines, ascii_lines) = line_tables(text);
        Some(Locator {
            text: None,
            len: bytes.len(),
            continuations,
            lines,
            checkpoints: Vec::new(),
            ascii_lines,
        })
    }

    /// The text (empty when detached: only the human format shows text,
    /// and its locators keep it).
    pub fn text(&self) -> &'a str {
        self.text.unwrap_or("")
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// Scalar values before byte `offset`.
    fn scalars_before(&self, text: &str, offset: usize) -> usize {
        let k = offset / BLOCK;
        self.checkpoints[k] + scalars(&text.as_bytes()[k * BLOCK..offset])
    }

    /// Continuation bytes before byte `offset` (detached).
    fn continuations_before(&self, offset: usize) -> usize {
        self.continuations
            .partition_point(|&c| (c as usize) < offset)
    }

    /// The 1-based position of a byte offset (clamped, moved back to a
    /// character boundary).
    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.len);
        match self.text {
            Some(text) => offset = floor_char_boundary(text, offset),
            None => {
                // Back over continuation bytes: they run in order.
                let mut k = self.continuations_before(offset + 1);
                while k > 0 && self.continuations[k - 1] as usize == offset {
                    offset -= 1;
                    k -= 1;
                }
            }
        }
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line);
        // Count from the line start on ordinary lines; checkpoints only pay
        // off on very long ones (counting from the block start every time
        // made the CLI quadratic in the findings of a document).
        let column = if self.ascii_lines.get(line).copied().unwrap_or(false) {
            offset - start
        } else {
            match self.text {
                Some(text) if offset - start <= BLOCK => scalars(&text.as_bytes()[start..offset]),
                Some(text) => self.scalars_before(text, offset) - self.scalars_before(text, start),
                None => {
                    offset
                        - start
                        - (self.continuations_before(offset) - self.continuations_before(start))
                }
            }
        };
        Pos {
            line: line + 1,
            column: column + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_scalars_and_lines() {
        let text = "ab\n“cd” é\n";
        let l = Locator::new(text);
        assert_eq!(l.pos(0), Pos { line: 1, column: 1 });
        assert_eq!(l.pos(3), Pos { line: 2, column: 1 });
        let d = text.find('d').unwrap();
        assert_eq!(l.pos(d), Pos { line: 2, column: 3 });
        let e = text.find('é').unwrap();
        assert_eq!(l.pos(e), Pos { line: 2, column: 6 });
        assert_eq!(l.pos(e + 1), Pos { line: 2, column: 6 });
        assert_eq!(l.pos(999), Pos { line: 3, column: 1 });
    }

    /// An ASCII line's columns are byte counts: the same as counting, on
    /// lines with and without other characters.
    #[test]
    fn ascii_columns_equal_the_count() {
        let text = "ab\ncd ef\n\nlong “line” é\n".repeat(40) + "last";
        let l = Locator::new(&text);
        assert_eq!(&l.ascii_lines[..4], [true, true, true, false]);
        let lines = LineIndex::new(&text);
        for offset in 0..=text.len() + 2 {
            let o = floor_char_boundary(&text, offset.min(text.len()));
            let line = lines.line_of(o);
            let start = lines.line_start(line);
            let expected = Pos {
                line: line + 1,
                column: scalars(&text.as_bytes()[start..o]) + 1,
            };
            assert_eq!(l.pos(offset), expected, "{offset}");
        }
    }

    /// A detached locator gives every position the text's own gives, on
    /// ASCII and other lines, at every offset (inside characters too).
    #[test]
    fn detached_positions_equal_the_attached_ones() {
        let plain = "an ordinary line of plain ASCII words, as most lines are\n";
        let text = format!("ab\ncd “ef” \n{plain}{plain}\nlong “line” é中\n{plain}").repeat(40)
            + "last ’x";
        let attached = Locator::new(&text);
        let detached = Locator::detached(&text).expect("sparse enough");
        assert!(detached.text().is_empty());
        for offset in 0..=text.len() + 2 {
            assert_eq!(detached.pos(offset), attached.pos(offset), "{offset}");
        }
        // Dense text stays attached.
        assert!(Locator::detached(&"中文".repeat(50)).is_none());
        assert!(Locator::detached("").is_some());
    }

    #[test]
    fn long_lines_cross_blocks() {
        let text = "é".repeat(BLOCK) + "x";
        let l = Locator::new(&text);
        let x = text.len() - 1;
        assert_eq!(
            l.pos(x),
            Pos {
                line: 1,
                column: BLOCK + 1
            }
        );
        assert_eq!(
            l.pos(BLOCK + 1),
            Pos {
                line: 1,
                column: BLOCK / 2 + 1
            }
        );
    }
}
