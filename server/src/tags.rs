//! Inline entity tags: `[surface]{LABEL}` and `[surface]{LABEL:entity-id}`.
//!
//! Parsing yields the *plain* text (tag syntax removed, surface kept, `\[`
//! and `\]` unescaped) that every rule except `tags/*` reads, and an exact
//! map from plain offsets back to offsets in the tagged original.

use std::borrow::Cow;

use crate::base::text::Span;

/// One well-formed tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The whole tag in the original text, `[` to `}`.
    pub span: Span,
    /// The surface text inside the brackets, in the original.
    pub surface: Span,
    /// The surface text in the plain text.
    pub plain: Span,
    pub label: String,
    /// The label in the original (for completion, semantic tokens, errors).
    pub label_span: Span,
    pub entity_id: Option<String>,
    pub entity_id_span: Option<Span>,
}

/// What is wrong with a piece of tag syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagProblem {
    /// `]{` with no closing `}` on the line.
    UnclosedBrace,
    /// `{}` or `{:id}`.
    EmptyLabel,
    /// `[]{PER}`.
    EmptySurface,
    /// A label or id with characters outside `A-Z a-z 0-9 _ - .`.
    BadLabel(String),
    /// `]{...}` with no opening `[` on the line.
    NoOpeningBracket,
    /// A tag inside another tag's brackets.
    Nested,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagError {
    pub span: Span,
    pub problem: TagProblem,
}

/// An article with its tags parsed out.
#[derive(Debug, Clone)]
pub struct TaggedText<'a> {
    pub original: &'a str,
    pub plain: Cow<'a, str>,
    pub tags: Vec<Tag>,
    pub errors: Vec<TagError>,
    /// Runs copied verbatim: (plain start, original start), sorted; a run
    /// lasts until the next one starts. Empty when plain == original.
    runs: Vec<(usize, usize)>,
    /// Where tag syntax is at work in the original, sorted and apart: from
    /// an opening `[` to where no bracket is open any more (a tag's or a
    /// malformed tag's end, or the line's), a lone `]`, an escape, a
    /// `]{` left unclosed to the line's end. A tag put around text outside
    /// them parses as a tag of its own and leaves every other one as it was
    /// ([`TaggedText::can_wrap`]).
    guarded: Vec<Span>,
}

/// Adds `a..b` to `guarded`, which it never precedes.
fn guard(guarded: &mut Vec<Span>, a: usize, b: usize) {
    match guarded.last_mut() {
        Some(last) if last.end >= a => last.end = last.end.max(b),
        _ => guarded.push(a..b),
    }
}

/// Whether `s` is a well-formed label or entity id.
pub fn is_valid_label(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_label_char)
}

pub(crate) fn is_label_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

fn escaped(bytes: &[u8], i: usize) -> bool {
    // An odd number of backslashes before `i` escapes it.
    let mut n = 0;
    let mut j = i;
    while j > 0 && bytes[j - 1] == b'\\' {
        n += 1;
        j -= 1;
    }
    n % 2 == 1
}

impl<'a> TaggedText<'a> {
    pub fn parse(original: &'a str) -> Self {
        let bytes = original.as_bytes();
        // Fast path: no tag syntax and no escapes at all.
        if memchr::memchr3(b']', b'\\', b'[', bytes).is_none() {
            return TaggedText {
                original,
                plain: Cow::Borrowed(original),
                tags: Vec::new(),
                errors: Vec::new(),
                runs: Vec::new(),
                guarded: Vec::new(),
            };
        }
        let mut guarded: Vec<Span> = Vec::new();
        // Where the open brackets' region began (`Some` while one is open).
        let mut guard_from: Option<usize> = None;
        let mut tags = Vec::new();
        let mut errors = Vec::new();
        // Removed pieces of the original: (span, replacement).
        let mut cuts: Vec<(Span, &'static str)> = Vec::new();
        // Per line: the unmatched unescaped `[` positions.
        let mut open: Vec<usize> = Vec::new();
        // Openers that enclose a nested tag (their own tag is nested too)
        // are always the bottom `enclosing` entries of `open`: a nested tag
        // marks every opener then open, and later pushes go on top. A count
        // instead of a list of them keeps a line of `[`s linear.
        let mut enclosing = 0;
        // The end of the current line, found once per line, not per tag.
        let mut line_end = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b'\n' => {
                    open.clear();
                    enclosing = 0;
                    if let Some(from) = guard_from.take() {
                        guard(&mut guarded, from, i);
                    }
                }
                b'[' if !escaped(bytes, i) => {
                    if open.is_empty() {
                        guard_from = Some(i);
                    }
                    open.push(i);
                }
                b']' if !escaped(bytes, i) => {
                    let opener = open.pop();
                    let opener_encloses = enclosing > open.len();
                    enclosing = enclosing.min(open.len());
                    if bytes.get(i + 1) != Some(&b'{') {
                        if open.is_empty() {
                            let from = guard_from.take().unwrap_or(i);
                            guard(&mut guarded, from, i + 1);
                        }
                        i += 1;
                        continue;
                    }
                    // A tag attempt: `]{ ... }`.
                    let brace = i + 1;
                    if line_end < brace {
                        line_end = memchr::memchr(b'\n', &bytes[brace..])
                            .map_or(bytes.len(), |k| brace + k);
                    }
                    let close = memchr::memchr(b'}', &bytes[brace..line_end]).map(|k| brace + k);
                    // The attempt's extent is guarded; an open region
                    // goes on past it (to the line's end at the latest).
                    let attempt_end = close.map_or(line_end, |c| c + 1);
                    if open.is_empty() {
                        let from = guard_from.take().unwrap_or(i);
                        guard(&mut guarded, from, attempt_end);
                    }
                    let Some(close) = close else {
                        errors.push(TagError {
                            span: i..line_end,
                            problem: TagProblem::UnclosedBrace,
                        });
                        i = line_end;
                        continue;
                    };
                    let Some(start) = opener else {
                        errors.push(TagError {
                            span: i..close + 1,
                            problem: TagProblem::NoOpeningBracket,
                        });
                        i = close + 1;
                        continue;
                    };
                    let inner = &original[brace + 1..close];
                    let (label, id) = match inner.split_once(':') {
                        Some((l, id)) => (l, Some(id)),
                        None => (inner, None),
                    };
                    let whole = start..close + 1;
                    let problem = if start + 1 == i {
                        Some(TagProblem::EmptySurface)
                    } else if label.is_empty() {
                        Some(TagProblem::EmptyLabel)
                    } else if !label.bytes().all(is_label_char) {
                        Some(TagProblem::BadLabel(label.to_string()))
                    } else if let Some(id) =
                        id.filter(|id| id.is_empty() || !id.bytes().all(is_label_char))
                    {
                        Some(TagProblem::BadLabel(id.to_string()))
                    } else if !open.is_empty() || opener_encloses {
                        enclosing = open.len();
                        Some(TagProblem::Nested)
                    } else {
                        None
                    };
                    if let Some(problem) = problem {
                        errors.push(TagError {
                            span: whole,
                            problem,
                        });
                    } else {
                        let label_span = brace + 1..brace + 1 + label.len();
                        let entity_id_span = id.map(|id| close - id.len()..close);
                        cuts.push((start..start + 1, ""));
                        cuts.push((i..close + 1, ""));
                        tags.push(Tag {
                            span: whole,
                            surface: start + 1..i,
                            plain: 0..0,
                            label: label.to_string(),
                            label_span,
                            entity_id: id.map(str::to_string),
                            entity_id_span,
                        });
                    }
                    i = close + 1;
                    continue;
                }
                b'\\' if matches!(bytes.get(i + 1), Some(b'[' | b']')) && !escaped(bytes, i) => {
                    if guard_from.is_none() {
                        guard(&mut guarded, i, i + 2);
                    }
                    cuts.push((i..i + 1, ""));
                    i += 2;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        if let Some(from) = guard_from {
            guard(&mut guarded, from, bytes.len());
        }
        if cuts.is_empty() {
            return TaggedText {
                original,
                plain: Cow::Borrowed(original),
                tags,
                errors,
                runs: Vec::new(),
                guarded,
            };
        }
        cuts.sort_by_key(|c| c.0.start);
        let mut plain = String::with_capacity(original.len());
        let mut runs = Vec::with_capacity(cuts.len() + 1);
        let mut pos = 0;
        for (span, replacement) in &cuts {
            runs.push((plain.len(), pos));
            plain.push_str(&original[pos..span.start]);
            plain.push_str(replacement);
            pos = span.end;
        }
        runs.push((plain.len(), pos));
        plain.push_str(&original[pos..]);
        let mut text = TaggedText {
            original,
            plain: Cow::Owned(plain),
            tags,
            errors,
            runs,
            guarded,
        };
        for k in 0..text.tags.len() {
            let s = text.tags[k].surface.clone();
            text.tags[k].plain = text.to_plain(s.start)..text.to_plain(s.end);
        }
        text
    }

    /// `text` taken as plain text, tag syntax and all (no parsing).
    pub fn untagged(text: &'a str) -> Self {
        TaggedText {
            original: text,
            plain: Cow::Borrowed(text),
            tags: Vec::new(),
            errors: Vec::new(),
            runs: Vec::new(),
            guarded: Vec::new(),
        }
    }

    /// Whether a tag put around `original[a..b]` (`[` inserted at `a`,
    /// `]{LABEL:id}` at `b`) would parse as a tag of its own and leave
    /// every other tag and error as it was: the text between holds no tag
    /// syntax, none is open or escaping at either end, and it has no line
    /// break and ends in no backslash.
    pub fn can_wrap(&self, a: usize, b: usize) -> bool {
        let bytes = self.original.as_bytes();
        if a >= b || b > bytes.len() || escaped(bytes, a) {
            return false;
        }
        let inner = &bytes[a..b];
        if inner.ends_with(b"\\") || memchr::memchr3(b'\n', b'[', b']', inner).is_some() {
            return false;
        }
        let first = self.guarded.partition_point(|g| g.end <= a);
        self.guarded.get(first).is_none_or(|g| g.start >= b)
    }

    /// Whether an edit of `original[a..b]` cuts into a tag: it touches a
    /// tag's syntax without taking the whole tag, so the tag would lose a
    /// bracket or brace (an insertion counts inside the tag's span). An
    /// edit within a surface, or one around whole tags, does not.
    pub fn cuts_tag(&self, a: usize, b: usize) -> bool {
        let first = self.tags.partition_point(|t| t.span.end <= a);
        let cut = |t: &Tag| {
            let meets = if a == b {
                t.span.start < a && a < t.span.end
            } else {
                a < t.span.end && t.span.start < b
            };
            let around = a <= t.span.start && t.span.end <= b;
            let within = t.surface.start <= a && b <= t.surface.end;
            meets && !around && !within
        };
        // Tags are in order and apart: only the first and the last that
        // the edit meets can be cut; those between lie wholly inside it.
        let last = self.tags.partition_point(|t| t.span.start < b.max(a + 1));
        self.tags.get(first).is_some_and(cut)
            || (last > first && self.tags.get(last - 1).is_some_and(cut))
    }

    /// Whether deleting original `a..b` would leave a tag with no text
    /// (`[]{ORG}`, an error): the span holds the whole surface of a tag
    /// but not its brackets.
    pub fn empties_tag(&self, a: usize, b: usize) -> bool {
        let first = self.tags.partition_point(|t| t.span.end <= a);
        self.tags[first..]
            .iter()
            .take_while(|t| t.span.start < b)
            .any(|t| {
                a <= t.surface.start
                    && t.surface.end <= b
                    && !(a <= t.span.start && t.span.end <= b)
            })
    }

    pub fn plain(&self) -> &str {
        &self.plain
    }

    /// Whether plain and original are the same text.
    pub fn is_identity(&self) -> bool {
        self.runs.is_empty()
    }

    /// Original offset of the character at plain offset `p` (a position at
    /// the seam between two runs maps to the start of the later run).
    pub fn start_to_original(&self, p: usize) -> usize {
        if self.runs.is_empty() {
            return p;
        }
        let k = self.runs.partition_point(|r| r.0 <= p).saturating_sub(1);
        let (ps, os) = self.runs[k];
        os + (p - ps)
    }

    /// Original offset just after the character before plain offset `p`
    /// (a seam maps to the end of the earlier run).
    pub fn end_to_original(&self, p: usize) -> usize {
        if self.runs.is_empty() {
            return p;
        }
        let k = self.runs.partition_point(|r| r.0 < p).saturating_sub(1);
        let (ps, os) = self.runs[k];
        os + (p - ps)
    }

    /// Plain offset of original offset `o` (positions inside removed tag
    /// syntax move to the nearest plain position).
    pub fn to_plain(&self, o: usize) -> usize {
        if self.runs.is_empty() {
            return o;
        }
        let k = self.runs.partition_point(|r| r.1 <= o).saturating_sub(1);
        let (ps, os) = self.runs[k];
        let next_plain = self.runs.get(k + 1).map_or(usize::MAX, |r| r.0);
        (ps + o.saturating_sub(os)).min(next_plain)
    }

    /// Maps a plain range to the original. A range that covers a tag's
    /// surface and more takes the whole tag (so deleting a line deletes its
    /// tags); a range within one surface stays inside the brackets.
    pub fn span_to_original(&self, span: &Span) -> Span {
        if self.runs.is_empty() {
            return span.clone();
        }
        let mut start = self.start_to_original(span.start);
        let mut end = self.end_to_original(span.end).max(start);
        if span.start == span.end {
            return start..start;
        }
        let first = self.tags.partition_point(|t| t.plain.end <= span.start);
        for tag in &self.tags[first..] {
            if tag.plain.start >= span.end {
                break;
            }
            let covers = span.start <= tag.plain.start && tag.plain.end <= span.end;
            if covers && *span != tag.plain {
                start = start.min(tag.span.start);
                end = end.max(tag.span.end);
            }
        }
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tag_syntax() {
        let t = TaggedText::parse("[Hao Peng]{PER} met [China Minmetals Group]{ORG:minmetals}.");
        assert_eq!(t.plain(), "Hao Peng met China Minmetals Group.");
        assert!(t.errors.is_empty());
        assert_eq!(t.tags.len(), 2);
        assert_eq!(t.tags[0].label, "PER");
        assert_eq!(t.tags[1].entity_id.as_deref(), Some("minmetals"));
        assert_eq!(&t.plain()[t.tags[1].plain.clone()], "China Minmetals Group");
        assert_eq!(
            &t.original[t.tags[1].surface.clone()],
            "China Minmetals Group"
        );
        assert_eq!(&t.original[t.tags[1].label_span.clone()], "ORG");
        assert_eq!(
            &t.original[t.tags[1].entity_id_span.clone().unwrap()],
            "minmetals"
        );
    }

    #[test]
    fn offsets_map_back_exactly() {
        let src = "x [Hao Peng]{PER} y";
        let t = TaggedText::parse(src);
        let p = t.plain();
        for (i, ch) in p.char_indices() {
            let o = t.start_to_original(i);
            assert_eq!(src[o..].chars().next(), Some(ch));
            assert_eq!(t.to_plain(o), i);
        }
        // A word inside the surface maps inside the brackets.
        let peng = p.find("Peng").unwrap();
        assert_eq!(&src[t.span_to_original(&(peng..peng + 4))], "Peng");
        // The exact surface maps to the surface, not the tag.
        assert_eq!(&src[t.span_to_original(&t.tags[0].plain)], "Hao Peng");
        // A range past the surface takes the whole tag.
        assert_eq!(&src[t.span_to_original(&(0..p.len()))], src);
    }

    #[test]
    fn escapes_and_plain_brackets_are_text() {
        let t = TaggedText::parse(r"see \[1\] and [Photo] here");
        assert_eq!(t.plain(), "see [1] and [Photo] here");
        assert!(t.tags.is_empty() && t.errors.is_empty());
    }

    #[test]
    fn malformed_tags_are_reported_and_kept_as_text() {
        for (src, problem) in [
            ("[Hao]{PER", TagProblem::UnclosedBrace),
            ("[Hao]{}", TagProblem::EmptyLabel),
            ("[]{PER}", TagProblem::EmptySurface),
            ("[Hao]{P R}", TagProblem::BadLabel("P R".into())),
            ("Hao]{PER}", TagProblem::NoOpeningBracket),
            ("[A [B]{PER} C]{ORG}", TagProblem::Nested),
        ] {
            let t = TaggedText::parse(src);
            assert!(
                t.errors.iter().any(|e| e.problem == problem),
                "{src}: {:?}",
                t.errors
            );
        }
    }

    #[test]
    fn no_tags_is_borrowed() {
        let t = TaggedText::parse("plain text, 97.8% of it");
        assert!(matches!(t.plain, Cow::Borrowed(_)));
        assert!(t.is_identity());
    }
}
