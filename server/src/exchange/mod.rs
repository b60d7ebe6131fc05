//! Annotation exchange: inline-tagged articles to and from the formats
//! annotation tools read (brat standoff, CoNLL BIO columns, spaCy JSONL,
//! doccano JSONL, Label Studio tasks).
//!
//! Every format goes through one [`Document`]: the plain text (tag syntax
//! removed, exactly as the rules read it) and its entities as byte spans.
//! [`Document::from_tagged`] makes one from an article, [`render_inline`]
//! writes one back as an article; the format modules only move offsets
//! between bytes and the unit their format counts. Pure: no I/O (the
//! files are `cli/export_cmd.rs`'s).

pub mod brat;
pub mod conll;
pub mod jsonl;
pub mod label_studio;
pub mod units;

use crate::base::text::Span;
use crate::tags::{TagProblem, TaggedText};
use units::{Cursor, Unit};

/// One entity mention: a byte span of the plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub span: Span,
    pub label: String,
    pub id: Option<String>,
}

/// An article as the exchange formats see it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Where it came from or goes to, relative (`news/a.txt`); may be empty.
    pub name: String,
    /// The plain text.
    pub text: String,
    /// Sorted by start, not overlapping.
    pub entities: Vec<Entity>,
}

/// What is wrong with an input, and where: `line` is 1-based in the file
/// read (a JSON Lines record is its line), `record` a 1-based record of a
/// file whose records are not lines (a Label Studio task).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub record: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn at_line(line: usize, message: impl Into<String>) -> Problem {
        Problem {
            line: Some(line),
            record: None,
            message: message.into(),
        }
    }
    pub fn at_record(record: usize, message: impl Into<String>) -> Problem {
        Problem {
            line: None,
            record: Some(record),
            message: message.into(),
        }
    }
    pub fn whole(message: impl Into<String>) -> Problem {
        Problem {
            line: None,
            record: None,
            message: message.into(),
        }
    }
}

/// Why an article cannot be exported: at a byte offset of the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportProblem {
    pub offset: usize,
    pub message: String,
}

fn is_id_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// Whether `s` can stand as a tag's label or entity id.
pub fn is_tag_word(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_id_char)
}

impl Document {
    /// The article's plain text and tags. Refused: tag syntax errors (a
    /// malformed or nested tag would be exported as text, or lost) and
    /// labels not in `labels` (no importer would take them back).
    pub fn from_tagged(
        name: &str,
        tagged: &TaggedText<'_>,
        labels: &[String],
    ) -> Result<Document, ExportProblem> {
        if let Some(e) = tagged.errors.first() {
            let what = match &e.problem {
                TagProblem::UnclosedBrace => "a tag's `]{` has no closing `}` on its line".into(),
                TagProblem::EmptyLabel => "a tag has an empty label".into(),
                TagProblem::EmptySurface => "a tag has an empty surface".into(),
                TagProblem::BadLabel(l) => format!("a tag's label or id {l:?} has characters other than letters, digits, `_`, `-`, `.`"),
                TagProblem::NoOpeningBracket => "`]{...}` has no opening `[` on its line".into(),
                TagProblem::Nested => "a tag inside another tag".into(),
            };
            return Err(ExportProblem {
                offset: e.span.start,
                message: format!("{what}; fix the tag first (`lede check` reports it under tags/)"),
            });
        }
        let mut entities = Vec::with_capacity(tagged.tags.len());
        for t in &tagged.tags {
            if !labels.contains(&t.label) {
                return Err(ExportProblem {
                    offset: t.label_span.start,
                    message: format!(
                        "label {:?} is not in lede.toml's labels {labels:?} (tags/unknown-label); fix the tag first",
                        t.label
                    ),
                });
            }
            entities.push(Entity {
                span: t.plain.clone(),
                label: t.label.clone(),
                id: t.entity_id.clone(),
            });
        }
        Ok(Document {
            name: name.to_string(),
            text: tagged.plain().to_string(),
            entities,
        })
    }
}

/// Checks entities read from a file against `text` and `labels`, then
/// sorts them by start. Each comes with the caller's number for it (its
/// record, line or position), which an error returns with the reason.
pub fn check_entities(
    text: &str,
    entities: &mut [(usize, Entity)],
    labels: &[String],
) -> Result<(), (usize, String)> {
    for (k, e) in entities.iter() {
        let Entity { span, label, id } = e;
        if !labels.iter().any(|l| l == label) {
            return Err((
                *k,
                format!("label {label:?} is not in lede.toml's labels {labels:?}"),
            ));
        }
        if !is_tag_word(label) {
            return Err((
                *k,
                format!("label {label:?} has characters other than letters, digits, `_`, `-`, `.`"),
            ));
        }
        if let Some(id) = id {
            if !is_tag_word(id) {
                return Err((
                    *k,
                    format!(
                        "entity id {id:?} has characters other than letters, digits, `_`, `-`, `.`"
                    ),
                ));
            }
        }
        if span.start >= span.end {
            return Err((
                *k,
                "the entity is empty (its end is not after its start)".into(),
            ));
        }
        if span.end > text.len() {
            return Err((*k, "the entity ends past the end of the text".into()));
        }
        if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
            return Err((*k, "the entity starts or ends inside a character".into()));
        }
        if text[span.clone()].contains('\n') {
            return Err((
                *k,
                "the entity crosses a line break; a tag stays on one line".into(),
            ));
        }
    }
    entities.sort_by_key(|(_, e)| (e.span.start, e.span.end));
    for w in entities.windows(2) {
        if w[1].1.span.start < w[0].1.span.end {
            return Err((
                w[1].0,
                format!(
                    "the entity overlaps another one ({:?} and {:?}); tags cannot overlap",
                    &text[w[0].1.span.clone()],
                    &text[w[1].1.span.clone()]
                ),
            ));
        }
    }
    Ok(())
}

/// Each entity's span of `doc` in `unit`.
pub fn spans_in(doc: &Document, unit: Unit) -> Vec<(usize, usize)> {
    let mut c = Cursor::new(&doc.text, unit);
    doc.entities
        .iter()
        .map(|e| (c.to_unit(e.span.start), c.to_unit(e.span.end)))
        .collect()
}

/// An entity as a file states it, offsets in the file's unit; `key` is
/// the caller's number for it, returned with an error.
#[derive(Debug, Clone)]
pub struct RawEntity {
    pub key: usize,
    pub start: i64,
    pub end: i64,
    pub label: String,
    pub id: Option<String>,
    /// The text the file says the entity covers, when it says one.
    pub text: Option<String>,
}

/// Turns entities read from a file into checked, sorted byte spans of
/// `text`.
pub fn entities_from(
    text: &str,
    mut raw: Vec<RawEntity>,
    unit: Unit,
    labels: &[String],
) -> Result<Vec<Entity>, (usize, String)> {
    raw.sort_by_key(|r| (r.start, r.end));
    let total = units::len_in(text, unit);
    let unit_name = match unit {
        Unit::CodePoints => "code points",
        Unit::Utf16 => "UTF-16 code units",
    };
    let mut cursor = Cursor::new(text, unit);
    let mut out = Vec::with_capacity(raw.len());
    for r in raw {
        let mut byte = |at: i64| -> Result<usize, (usize, String)> {
            let Ok(u) = usize::try_from(at) else {
                return Err((r.key, format!("offset {at} is negative")));
            };
            if u > total {
                return Err((
                    r.key,
                    format!("offset {u} is past the end of the text ({total} {unit_name})"),
                ));
            }
            cursor
                .to_byte(u)
                .ok_or_else(|| (r.key, format!("offset {u} falls inside a character (between the halves of a surrogate pair)")))
        };
        let start = byte(r.start)?;
        let end = byte(r.end)?;
        if end <= start {
            return Err((
                r.key,
                format!(
                    "the entity is empty or reversed (start {}, end {})",
                    r.start, r.end
                ),
            ));
        }
        if let Some(said) = &r.text {
            if *said != text[start..end] {
                return Err((
                    r.key,
                    format!(
                        "the entity's text {said:?} does not match the text at its offsets {}..{}, {:?}",
                        r.start,
                        r.end,
                        &text[start..end]
                    ),
                ));
            }
        }
        out.push((
            r.key,
            Entity {
                span: start..end,
                label: r.label,
                id: r.id,
            },
        ));
    }
    check_entities(text, &mut out, labels)?;
    Ok(out.into_iter().map(|(_, e)| e).collect())
}

/// How many backslashes end `s`.
fn trailing_backslashes(s: &str) -> usize {
    s.bytes().rev().take_while(|&b| b == b'\\').count()
}

/// Pushes `piece` with every bracket escaped (`\[`, `\]`). A run of an odd
/// number of backslashes before a bracket, or before `at_end` (a tag's
/// own bracket follows), cannot be written: the parser would take the last
/// backslash as an escape.
fn push_escaped(out: &mut String, piece: &str, bracket_follows: bool) -> Result<(), usize> {
    let mut last = 0;
    for (i, b) in piece.bytes().enumerate() {
        if b == b'[' || b == b']' {
            if trailing_backslashes(&piece[..i]) % 2 == 1 {
                return Err(i);
            }
            out.push_str(&piece[last..i]);
            out.push('\\');
            last = i;
        }
    }
    out.push_str(&piece[last..]);
    if bracket_follows && trailing_backslashes(piece) % 2 == 1 {
        return Err(piece.len());
    }
    Ok(())
}

/// Writes `doc` as an inline-tagged article: `[surface]{LABEL}` or
/// `[surface]{LABEL:id}` for each entity, every literal `[` and `]` of the
/// text escaped. Parsing the result gives back exactly `doc`'s text and
/// entities (checked here), so an article written by lede survives a
/// round trip byte for byte. The entities must have passed
/// [`check_entities`]; the error is a byte offset of the plain text and
/// why.
pub fn render_inline(doc: &Document) -> Result<String, (usize, String)> {
    let text = &doc.text;
    let mut out = String::with_capacity(text.len() + doc.entities.len() * 12);
    let mut pos = 0;
    let odd = |at: usize| {
        (
            at,
            "an odd number of backslashes before a bracket cannot be written in a tagged article (the last one would escape the bracket)".to_string(),
        )
    };
    for e in &doc.entities {
        if e.span.start < pos
            || e.span.end > text.len()
            || !text.is_char_boundary(e.span.start)
            || !text.is_char_boundary(e.span.end)
        {
            return Err((
                e.span.start,
                "entity out of order or off a character boundary".into(),
            ));
        }
        push_escaped(&mut out, &text[pos..e.span.start], true).map_err(|i| odd(pos + i))?;
        out.push('[');
        push_escaped(&mut out, &text[e.span.clone()], true).map_err(|i| odd(e.span.start + i))?;
        out.push_str("]{");
        out.push_str(&e.label);
        if let Some(id) = &e.id {
            out.push(':');
            out.push_str(id);
        }
        out.push('}');
        pos = e.span.end;
    }
    push_escaped(&mut out, &text[pos..], false).map_err(|i| odd(pos + i))?;
    // The parser is the judge: what it reads must be what we meant.
    let back = TaggedText::parse(&out);
    let same = back.errors.is_empty()
        && back.plain() == text.as_str()
        && back.tags.len() == doc.entities.len()
        && back
            .tags
            .iter()
            .zip(&doc.entities)
            .all(|(t, e)| t.plain == e.span && t.label == e.label && t.entity_id == e.id);
    if !same {
        let at = back
            .errors
            .first()
            .map_or(0, |e| back.to_plain(e.span.start));
        return Err((
            at,
            "the text and entities cannot be written as inline tags".into(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["PER", "ORG", "LOC", "MISC"].map(String::from).to_vec()
    }

    fn round(article: &str) -> String {
        let doc = Document::from_tagged("a.txt", &TaggedText::parse(article), &labels()).unwrap();
        render_inline(&doc).unwrap()
    }

    #[test]
    fn tagged_articles_come_back_byte_for_byte() {
        for a in [
            "",
            "no tags at all\n",
            "[Hao Peng]{PER} met [Dorvik Port]{ORG:dorvik-port} in [Lanwei]{LOC}.\r\n",
            "a note \\[sic\\] and \\[x\\]{y} stay escaped; [a \\] b]{MISC}",
            "\\\\[even]{PER} backslashes before a tag",
            "[東京]{LOC}で[👩‍🔬]{MISC}と[e\u{301}]{PER}",
        ] {
            assert_eq!(round(a), a);
        }
    }

    #[test]
    fn unneeded_escapes_are_added_and_meaning_is_kept() {
        // `[1]` is text either way; lede writes the escaped form.
        assert_eq!(round("see [1] and [A]{PER}"), "see \\[1\\] and [A]{PER}");
    }

    #[test]
    fn refused_articles_say_where_and_why() {
        let e =
            Document::from_tagged("a", &TaggedText::parse("x [A]{PRE}"), &labels()).unwrap_err();
        assert_eq!(e.offset, 6);
        assert!(e.message.contains("\"PRE\""), "{}", e.message);
        let e =
            Document::from_tagged("a", &TaggedText::parse("ok\n[A]{PER"), &labels()).unwrap_err();
        assert_eq!(e.offset, 5);
    }

    #[test]
    fn odd_backslashes_before_a_bracket_are_refused_not_mangled() {
        let doc = Document {
            text: "a\\[b".into(),
            ..Document::default()
        };
        assert_eq!(render_inline(&doc).unwrap_err().0, 2);
        let doc = Document {
            text: "a\\ b".into(),
            entities: vec![Entity {
                span: 3..4,
                label: "PER".into(),
                id: None,
            }],
            ..Document::default()
        };
        assert_eq!(render_inline(&doc).unwrap(), "a\\ [b]{PER}");
        let doc = Document {
            text: "a\\b".into(),
            entities: vec![Entity {
                span: 2..3,
                label: "PER".into(),
                id: None,
            }],
            ..Document::default()
        };
        assert!(render_inline(&doc).is_err());
    }

    #[test]
    fn entity_checks_name_the_entity() {
        let e = |s: Span, l: &str| Entity {
            span: s,
            label: l.into(),
            id: None,
        };
        let text = "Hao Peng\nmet Lanwei";
        let cases: Vec<(Vec<Entity>, &str)> = vec![
            (vec![e(0..3, "PER"), e(2..8, "PER")], "overlaps"),
            (vec![e(0..30, "PER")], "past the end"),
            (vec![e(4..4, "PER")], "empty"),
            (vec![e(4..12, "PER")], "line break"),
            (vec![e(0..3, "NAME")], "not in lede.toml"),
        ];
        for (ents, want) in cases {
            let mut v: Vec<(usize, Entity)> = ents.into_iter().enumerate().collect();
            let (_, msg) = check_entities(text, &mut v, &labels()).unwrap_err();
            assert!(msg.contains(want), "{msg}");
        }
        let mut ok: Vec<(usize, Entity)> = vec![(0, e(13..19, "LOC")), (1, e(0..8, "PER"))];
        check_entities(text, &mut ok, &labels()).unwrap();
        assert_eq!(ok[0].0, 1, "sorted by start");
    }
}
