//! Offsets in the units the formats count: Unicode code points (brat,
//! spaCy, Label Studio: Python's `str` indices) or UTF-16 code units
//! (doccano, whose editor counts like JavaScript).

/// What an offset counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    CodePoints,
    Utf16,
}

impl Unit {
    fn width(self, c: char) -> usize {
        match self {
            Unit::CodePoints => 1,
            Unit::Utf16 => c.len_utf16(),
        }
    }
}

/// Converts offsets of one text, walking forward from the last answer
/// (offsets asked in increasing order cost one pass over the text; an
/// earlier one starts again from the beginning).
pub struct Cursor<'a> {
    text: &'a str,
    unit: Unit,
    byte: usize,
    count: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str, unit: Unit) -> Cursor<'a> {
        Cursor {
            text,
            unit,
            byte: 0,
            count: 0,
        }
    }

    fn rewind_to(&mut self, byte: usize) {
        if byte < self.byte {
            self.byte = 0;
            self.count = 0;
        }
    }

    /// The unit offset of byte offset `byte` (a char boundary).
    pub fn to_unit(&mut self, byte: usize) -> usize {
        self.rewind_to(byte);
        self.count += len_in(&self.text[self.byte..byte], self.unit);
        self.byte = byte;
        self.count
    }

    /// The byte offset of unit offset `unit`; `None` when it is past the
    /// end or (UTF-16) between the two halves of a surrogate pair.
    pub fn to_byte(&mut self, unit: usize) -> Option<usize> {
        if unit < self.count {
            self.byte = 0;
            self.count = 0;
        }
        let mut chars = self.text[self.byte..].chars();
        while self.count < unit {
            let c = chars.next()?;
            let w = self.unit.width(c);
            if self.count + w > unit {
                return None;
            }
            self.count += w;
            self.byte += c.len_utf8();
        }
        Some(self.byte)
    }
}

/// The length of `s` in `unit`.
pub fn len_in(s: &str, unit: Unit) -> usize {
    match unit {
        Unit::CodePoints => s.chars().count(),
        Unit::Utf16 => s.chars().map(char::len_utf16).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_like_python_and_javascript() {
        let text = "a👍é東\r\nb";
        for unit in [Unit::CodePoints, Unit::Utf16] {
            let mut c = Cursor::new(text, unit);
            for (b, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let u = c.to_unit(b);
                assert_eq!(u, len_in(&text[..b], unit));
                assert_eq!(Cursor::new(text, unit).to_byte(u), Some(b));
                assert_eq!(c.to_byte(u), Some(b), "cursor reused");
            }
        }
        // Inside the emoji's surrogate pair, and past the end.
        assert_eq!(Cursor::new(text, Unit::Utf16).to_byte(2), None);
        // Seven code points: `a 👍 é 東 \r \n b`.
        assert_eq!(Cursor::new(text, Unit::CodePoints).to_byte(8), None);
        assert_eq!(
            Cursor::new(text, Unit::CodePoints).to_byte(7),
            Some(text.len())
        );
    }
}
