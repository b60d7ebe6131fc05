//! brat standoff: the plain text as `NAME.txt`, the entities as `T` lines
//! of `NAME.ann` (`T1<TAB>LABEL START END<TAB>TEXT`, offsets in code
//! points of the `.txt`, CR counted), entity ids as annotator notes
//! (`#1<TAB>AnnotatorNotes T1<TAB>id`).

use super::units::Unit;
use super::{entities_from, spans_in, Document, Problem, RawEntity};

/// Characters that end a line where Python reads one (brat splits `.ann`
/// lines that way), and the tab that separates the fields: a `T` line's
/// text cannot hold them.
fn breaks_an_ann_line(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `doc`'s `.ann` text (its `.txt` is `doc.text` as it is). The error is
/// the entity's byte offset in the text and why.
pub fn write_ann(doc: &Document) -> Result<String, (usize, String)> {
    let mut ann = String::new();
    let mut notes = 0;
    for (k, (e, (s, t))) in doc
        .entities
        .iter()
        .zip(spans_in(doc, Unit::CodePoints))
        .enumerate()
    {
        let surface = &doc.text[e.span.clone()];
        if let Some(c) = surface.chars().find(|&c| breaks_an_ann_line(c)) {
            return Err((
                e.span.start,
                format!("the entity {surface:?} holds {c:?}, which a brat .ann line cannot hold"),
            ));
        }
        let n = k + 1;
        ann.push_str(&format!("T{n}\t{} {s} {t}\t{surface}\n", e.label));
        if let Some(id) = &e.id {
            notes += 1;
            ann.push_str(&format!("#{notes}\tAnnotatorNotes T{n}\t{id}\n"));
        }
    }
    Ok(ann)
}

/// The collection's `annotation.conf`: the configured labels as entity
/// types, so that brat offers exactly them.
pub fn annotation_conf(labels: &[String]) -> String {
    let mut s = String::from("[entities]\n");
    for l in labels {
        s.push_str(l);
        s.push('\n');
    }
    s.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    s
}

/// Reads one document from its `.txt` text and `.ann` text; a problem
/// names the `.ann` line.
pub fn read(name: &str, text: &str, ann: &str, labels: &[String]) -> Result<Document, Problem> {
    let mut raw: Vec<RawEntity> = Vec::new();
    // T id -> index in raw; note per T id.
    let mut by_id: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut notes: Vec<(usize, &str, &str)> = Vec::new();
    for (i, line) in ann.split('\n').enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let (Some(id), Some(middle)) = (fields.next(), fields.next()) else {
            return Err(Problem::at_line(
                n,
                "not a brat annotation line (no tab after the id)",
            ));
        };
        let rest = fields.next();
        match id.as_bytes().first() {
            Some(b'T') => {
                let mut words = middle.splitn(2, ' ');
                let label = words.next().unwrap_or("");
                let offsets = words.next().unwrap_or("");
                if offsets.contains(';') {
                    return Err(Problem::at_line(
                        n,
                        format!("{id} is a discontinuous span ({offsets}); a tag is one continuous span, so split it into separate entities"),
                    ));
                }
                let nums: Vec<&str> = offsets.split(' ').collect();
                let [s, e] = nums[..] else {
                    return Err(Problem::at_line(
                        n,
                        format!("{id}: expected `LABEL START END`, found {middle:?}"),
                    ));
                };
                let (Ok(s), Ok(e)) = (s.parse::<i64>(), e.parse::<i64>()) else {
                    return Err(Problem::at_line(
                        n,
                        format!("{id}: offsets {offsets:?} are not numbers"),
                    ));
                };
                let Some(surface) = rest else {
                    return Err(Problem::at_line(
                        n,
                        format!("{id}: the text field is missing"),
                    ));
                };
                if by_id.insert(id, raw.len()).is_some() {
                    return Err(Problem::at_line(n, format!("{id} is defined twice")));
                }
                raw.push(RawEntity {
                    key: n,
                    start: s,
                    end: e,
                    label: label.to_string(),
                    id: None,
                    text: Some(surface.to_string()),
                });
            }
            Some(b'#') => {
                let Some(target) = middle.strip_prefix("AnnotatorNotes ") else {
                    return Err(Problem::at_line(
                        n,
                        format!(
                            "{id}: only `AnnotatorNotes` notes are read (they hold entity ids)"
                        ),
                    ));
                };
                notes.push((n, target.trim(), rest.unwrap_or("").trim()));
            }
            _ => {
                let kind = match id.as_bytes().first() {
                    Some(b'R') => "a relation",
                    Some(b'E') => "an event",
                    Some(b'A' | b'M') => "an attribute",
                    Some(b'N') => "a normalization",
                    _ => "an annotation of a kind lede does not know",
                };
                return Err(Problem::at_line(
                    n,
                    format!("{id} is {kind}; inline tags hold only entities (T lines) and their ids (AnnotatorNotes), so remove it or keep the brat files"),
                ));
            }
        }
    }
    for (n, target, note) in notes {
        let Some(&k) = by_id.get(target) else {
            return Err(Problem::at_line(
                n,
                format!("the note is on {target:?}, which is no T line of this file"),
            ));
        };
        if !super::is_tag_word(note) {
            return Err(Problem::at_line(
                n,
                format!("the note {note:?} on {target} is not an entity id (letters, digits, `_`, `-`, `.`)"),
            ));
        }
        if raw[k].id.as_deref().is_some_and(|old| old != note) {
            return Err(Problem::at_line(
                n,
                format!("{target} has two different ids in its notes"),
            ));
        }
        raw[k].id = Some(note.to_string());
    }
    let entities = entities_from(text, raw, Unit::CodePoints, labels)
        .map_err(|(line, m)| Problem::at_line(line, m))?;
    Ok(Document {
        name: name.to_string(),
        text: text.to_string(),
        entities,
    })
}
