//! JSON Lines, one article per line: spaCy's training shape
//! `{"text": .., "entities": [[start, end, label], ..]}` (offsets in code
//! points, as Python slices the text) and doccano's sequence-labelling
//! shape `{"text": .., "label": [[start, end, label], ..]}` (offsets in
//! UTF-16 code units, as doccano's editor counts). Both carry
//! `"meta": {"file": .., "entity_ids": [..]}`: the article's name and, when
//! any entity has one, each entity's id (`null` for none) in the order of
//! the entities. Other keys of a record (doccano adds `id`, `Comments`)
//! are ignored on import.

use serde::{Deserialize, Serialize};

use super::units::Unit;
use super::{entities_from, spans_in, Document, Problem, RawEntity};

/// Which of the two shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Spacy,
    Doccano,
}

impl Shape {
    fn unit(self) -> Unit {
        match self {
            Shape::Spacy => Unit::CodePoints,
            Shape::Doccano => Unit::Utf16,
        }
    }
    fn key(self) -> &'static str {
        match self {
            Shape::Spacy => "entities",
            Shape::Doccano => "label",
        }
    }
}

#[derive(Serialize, Deserialize, Default)]
pub struct Meta {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity_ids: Vec<Option<String>>,
}

impl Meta {
    pub fn of(doc: &Document) -> Meta {
        let any_id = doc.entities.iter().any(|e| e.id.is_some());
        Meta {
            file: doc.name.clone(),
            entity_ids: if any_id {
                doc.entities.iter().map(|e| e.id.clone()).collect()
            } else {
                Vec::new()
            },
        }
    }
}

#[derive(Serialize)]
struct SpacyOut<'a> {
    text: &'a str,
    entities: Vec<(usize, usize, &'a str)>,
    meta: Meta,
}

#[derive(Serialize)]
struct DoccanoOut<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    meta: Meta,
}

#[derive(Deserialize)]
struct Record {
    text: String,
    #[serde(default)]
    entities: Option<Vec<(i64, i64, String)>>,
    #[serde(default)]
    label: Option<Vec<(i64, i64, String)>>,
    #[serde(default)]
    meta: Option<Meta>,
}

/// Appends `doc` as one line.
pub fn write(doc: &Document, shape: Shape, out: &mut String) {
    let spans = spans_in(doc, shape.unit());
    let list: Vec<(usize, usize, &str)> = spans
        .iter()
        .zip(&doc.entities)
        .map(|(&(s, e), ent)| (s, e, ent.label.as_str()))
        .collect();
    let meta = Meta::of(doc);
    let line = match shape {
        Shape::Spacy => serde_json::to_string(&SpacyOut {
            text: &doc.text,
            entities: list,
            meta,
        }),
        Shape::Doccano => serde_json::to_string(&DoccanoOut {
            text: &doc.text,
            label: list,
            meta,
        }),
    };
    // Serialising strings and numbers cannot fail.
    out.push_str(&line.unwrap_or_default());
    out.push('\n');
}

/// Reads every non-blank line as one article; names come from
/// `meta.file`, else `NNNN.txt` by line number.
pub fn read(input: &str, shape: Shape, labels: &[String]) -> Result<Vec<Document>, Problem> {
    let mut docs = Vec::new();
    for (i, line) in input.split('\n').enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(line)
            .map_err(|e| Problem::at_line(n, format!("not a {} record: {e}", shape_name(shape))))?;
        let list = match shape {
            Shape::Spacy => record.entities,
            Shape::Doccano => record.label,
        };
        let Some(list) = list else {
            return Err(Problem::at_line(
                n,
                format!("the record has no {:?} list", shape.key()),
            ));
        };
        let meta = record.meta.unwrap_or_default();
        if !meta.entity_ids.is_empty() && meta.entity_ids.len() != list.len() {
            return Err(Problem::at_line(
                n,
                format!(
                    "meta.entity_ids has {} ids for {} entities",
                    meta.entity_ids.len(),
                    list.len()
                ),
            ));
        }
        let raw = list
            .into_iter()
            .enumerate()
            .map(|(k, (start, end, label))| RawEntity {
                key: k,
                start,
                end,
                label,
                id: meta.entity_ids.get(k).cloned().flatten(),
                text: None,
            })
            .collect();
        let entities =
            entities_from(&record.text, raw, shape.unit(), labels).map_err(|(k, m)| {
                Problem::at_line(n, format!("entity {} ({}[{k}]): {m}", k + 1, shape.key()))
            })?;
        let name = if meta.file.is_empty() {
            format!("{n:04}.txt")
        } else {
            meta.file
        };
        docs.push(Document {
            name,
            text: record.text,
            entities,
        });
    }
    Ok(docs)
}

fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Spacy => "spaCy JSONL",
        Shape::Doccano => "doccano JSONL",
    }
}
