//! Open documents: text on a ropey rope, edited incrementally.

use std::sync::{Arc, Mutex};

use ropey::Rope;
use tower_lsp::lsp_types::TextDocumentContentChangeEvent;

use super::convert::rope_char;
use crate::base::text::ColumnUnit;
use crate::engine::ParagraphCache;

/// One open buffer.
#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// The whole text, rebuilt on demand after edits.
    snapshot: Option<Arc<str>>,
    /// The engine's results for the paragraphs of the last analysed text:
    /// an analysis after an edit re-checks only the paragraphs it changed.
    pub cache: Arc<Mutex<ParagraphCache>>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            snapshot: Some(Arc::from(text)),
            cache: Arc::default(),
        }
    }

    /// Applies the changes of one `didChange`, in order. A change with no
    /// range replaces the whole text.
    pub fn apply(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        unit: ColumnUnit,
    ) {
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let a = rope_char(&self.rope, range.start, unit);
                    let b = rope_char(&self.rope, range.end, unit);
                    let (start, end) = (a.min(b), a.max(b));
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
            }
        }
        self.version = version;
        self.snapshot = None;
    }

    /// The current text (shared; cheap after the first call).
    pub fn text(&mut self) -> Arc<str> {
        if let Some(s) = &self.snapshot {
            return s.clone();
        }
        let s: Arc<str> = Arc::from(String::from(&self.rope));
        self.snapshot = Some(s.clone());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp::lsp_types::{Position, Range};

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_edits_in_utf16_and_utf8() {
        let mut d = Document::new("“中”x\nline two\n", 1);
        // Replace `x` (UTF-16 column 3) with `yz`.
        d.apply(vec![change(0, 3, 0, 4, "yz")], 2, ColumnUnit::Utf16);
        assert_eq!(&*d.text(), "“中”yz\nline two\n");
        // Same place in UTF-8 is column 9.
        d.apply(vec![change(0, 9, 0, 11, "x")], 3, ColumnUnit::Utf8);
        assert_eq!(&*d.text(), "“中”x\nline two\n");
        // Out-of-range positions clamp; several changes apply in order.
        d.apply(
            vec![change(1, 0, 1, 99, "2"), change(99, 0, 99, 0, "end")],
            4,
            ColumnUnit::Utf16,
        );
        assert_eq!(&*d.text(), "“中”x\n2\nend");
        assert_eq!(d.version, 4);
    }
}
