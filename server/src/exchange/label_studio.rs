//! Label Studio: one JSON array of tasks,
//! `{"data": {"text": ..}, "meta": {..}, "predictions": [{"model_version":
//! "lede", "result": [..]}]}`, each result a span of the labelling config
//! in docs/annotation.md (`"from_name": "label", "to_name": "text",
//! "type": "labels", "value": {"start", "end", "text", "labels": [..]}`,
//! offsets in code points). The task's `meta` holds the article's name and
//! the entity ids by result id.
//!
//! On import a task's first annotation that was not cancelled is read, or
//! else its first prediction; result ids not in `meta.entity_ids` have no
//! entity id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::units::Unit;
use super::{entities_from, spans_in, Document, Problem, RawEntity};

#[derive(Serialize, Deserialize, Default)]
struct Data {
    text: String,
}

#[derive(Serialize, Deserialize, Default)]
struct Meta {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    file: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    entity_ids: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize)]
struct Value {
    start: i64,
    end: i64,
    #[serde(default)]
    text: Option<String>,
    labels: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct LsResult {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    from_name: String,
    #[serde(default)]
    to_name: String,
    #[serde(rename = "type")]
    kind: String,
    value: serde_json::Value,
}

#[derive(Serialize, Deserialize)]
struct Prediction {
    #[serde(default, skip_deserializing)]
    model_version: String,
    result: Vec<LsResult>,
}

#[derive(Deserialize)]
struct Annotation {
    #[serde(default)]
    was_cancelled: bool,
    result: Vec<LsResult>,
}

#[derive(Serialize)]
struct TaskOut<'a> {
    data: DataOut<'a>,
    meta: Meta,
    predictions: Vec<Prediction>,
}

#[derive(Serialize)]
struct DataOut<'a> {
    text: &'a str,
}

#[derive(Deserialize)]
struct TaskIn {
    data: Data,
    #[serde(default)]
    meta: Option<Meta>,
    #[serde(default)]
    annotations: Vec<Annotation>,
    #[serde(default)]
    predictions: Vec<Prediction>,
}

/// The tasks of `docs` as one JSON array, a task per line.
pub fn write(docs: &[Document]) -> String {
    let mut out = String::from("[\n");
    for (k, doc) in docs.iter().enumerate() {
        let mut ids = BTreeMap::new();
        let result = doc
            .entities
            .iter()
            .zip(spans_in(doc, Unit::CodePoints))
            .enumerate()
            .map(|(i, (e, (s, t)))| {
                let id = format!("e{}", i + 1);
                if let Some(eid) = &e.id {
                    ids.insert(id.clone(), eid.clone());
                }
                LsResult {
                    id: Some(id),
                    from_name: "label".into(),
                    to_name: "text".into(),
                    kind: "labels".into(),
                    value: serde_json::json!({
                        "start": s,
                        "end": t,
                        "text": &doc.text[e.span.clone()],
                        "labels": [&e.label],
                    }),
                }
            })
            .collect();
        let task = TaskOut {
            data: DataOut { text: &doc.text },
            meta: Meta {
                file: doc.name.clone(),
                entity_ids: ids,
            },
            predictions: vec![Prediction {
                model_version: "lede".into(),
                result,
            }],
        };
        out.push_str(&serde_json::to_string(&task).unwrap_or_default());
        out.push_str(if k + 1 < docs.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    out
}

/// Reads a JSON array of tasks (a single task object is taken as an array
/// of one). Problems name the task (1-based).
pub fn read(input: &str, labels: &[String]) -> Result<Vec<Document>, Problem> {
    let value: serde_json::Value = serde_json::from_str(input)
        .map_err(|e| Problem::at_line(e.line(), format!("not JSON: {e}")))?;
    let tasks = match value {
        serde_json::Value::Array(a) => a,
        obj @ serde_json::Value::Object(_) => vec![obj],
        _ => {
            return Err(Problem::whole(
                "expected a JSON array of Label Studio tasks",
            ))
        }
    };
    let mut docs = Vec::with_capacity(tasks.len());
    for (i, task) in tasks.into_iter().enumerate() {
        let n = i + 1;
        let task: TaskIn = serde_json::from_value(task).map_err(|e| {
            Problem::at_record(n, format!("not a Label Studio task with data.text: {e}"))
        })?;
        let results = match task.annotations.into_iter().find(|a| !a.was_cancelled) {
            Some(a) => a.result,
            None => task
                .predictions
                .into_iter()
                .next()
                .map(|p| p.result)
                .unwrap_or_default(),
        };
        let meta = task.meta.unwrap_or_default();
        let mut raw = Vec::with_capacity(results.len());
        for (k, r) in results.into_iter().enumerate() {
            let which = format!("result {}", k + 1);
            if r.kind != "labels" {
                return Err(Problem::at_record(
                    n,
                    format!(
                        "{which} has type {:?}; inline tags hold only `labels` spans",
                        r.kind
                    ),
                ));
            }
            let v: Value = serde_json::from_value(r.value).map_err(|e| {
                Problem::at_record(
                    n,
                    format!("{which}: value is not {{start, end, labels}}: {e}"),
                )
            })?;
            let [label] = <[String; 1]>::try_from(v.labels).map_err(|l| {
                Problem::at_record(
                    n,
                    format!("{which} has {} labels; a tag has exactly one", l.len()),
                )
            })?;
            raw.push(RawEntity {
                key: k,
                start: v.start,
                end: v.end,
                label,
                id: r
                    .id
                    .as_ref()
                    .and_then(|id| meta.entity_ids.get(id))
                    .cloned(),
                text: v.text,
            });
        }
        let entities = entities_from(&task.data.text, raw, Unit::CodePoints, labels)
            .map_err(|(k, m)| Problem::at_record(n, format!("result {}: {m}", k + 1)))?;
        let name = if meta.file.is_empty() {
            format!("{n:04}.txt")
        } else {
            meta.file
        };
        docs.push(Document {
            name,
            text: task.data.text,
            entities,
        });
    }
    Ok(docs)
}
