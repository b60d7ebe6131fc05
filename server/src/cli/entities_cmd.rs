//! `lede entities`: the entity overview of a corpus
//! ([`crate::engine::entities`]) as a table, JSON or CSV.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use rayon::prelude::*;
use serde::Serialize;

use super::load::{open_run, ReadOptions};
use super::output::Doc;
use super::pos::Locator;
use super::{error, EXIT_ERROR, EXIT_OK};
use crate::engine::entities::{doc_mentions, overview, DocMention, EntityRow};
use crate::engine::pretag::Pretagger;
use crate::engine::Engine;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntitiesFormat {
    /// Aligned columns for reading.
    Table,
    /// One JSON array of entities (see docs/annotation.md for the fields).
    Json,
    /// RFC 4180 CSV with a header line, for spreadsheets.
    Csv,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Files or directories, found as `lede check` finds them; `-` reads
    /// one article from stdin. No path means the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = EntitiesFormat::Table)]
    pub format: EntitiesFormat,

    /// Use this configuration file instead of the nearest `lede.toml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The name to report (and to find `lede.toml` from) for `-`.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

/// Where an entity is first mentioned: 1-based line and column (Unicode
/// scalar values), like `lede check`'s positions.
#[derive(Debug, Serialize)]
pub struct JsonPlace {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Serialize)]
pub struct JsonSpelling {
    pub text: String,
    pub count: usize,
}

/// One entity as `--format json` writes it.
#[derive(Debug, Serialize)]
pub struct JsonEntity {
    pub id: Option<String>,
    pub label: String,
    pub name: String,
    /// `registry` or `discovered`.
    pub source: &'static str,
    pub mentions: usize,
    pub tagged: usize,
    pub untagged: usize,
    pub files: usize,
    pub spellings: Vec<JsonSpelling>,
    pub variants: bool,
    pub first: Option<JsonPlace>,
}

fn to_json(docs: &[Doc], rows: Vec<EntityRow>) -> Vec<JsonEntity> {
    rows.into_iter()
        .map(|r| JsonEntity {
            first: r.first.map(|f| {
                let d = &docs[f.doc];
                let p = Locator::new(&d.text).pos(f.span.start);
                JsonPlace {
                    path: d.name.clone(),
                    line: p.line,
                    column: p.column,
                }
            }),
            id: r.id,
            label: r.label,
            name: r.name,
            source: if r.in_registry {
                "registry"
            } else {
                "discovered"
            },
            mentions: r.mentions,
            tagged: r.tagged,
            untagged: r.untagged,
            files: r.files,
            spellings: r
                .spellings
                .into_iter()
                .map(|(text, count)| JsonSpelling { text, count })
                .collect(),
            variants: r.variants,
        })
        .collect()
}

/// The entity overview of `docs` as `--format json` gives it (also the
/// entity table of `lede report`).
pub fn entity_table(engine: &Engine, docs: &[Doc]) -> Vec<JsonEntity> {
    let config = engine.config();
    let pretagger = Pretagger::new(config);
    let mentions: Vec<Vec<DocMention>> = docs
        .par_iter()
        .map(|d| doc_mentions(config, &pretagger, &d.text))
        .collect();
    let rows = overview(
        config,
        docs.iter()
            .map(|d| d.text.as_str())
            .zip(mentions.iter().map(Vec::as_slice)),
    );
    to_json(docs, rows)
}

pub fn entities(args: &EntitiesArgs) -> i32 {
    let (engine, _, inputs) = match open_run(
        args.config.as_deref(),
        &args.paths,
        args.stdin_filename.as_deref(),
        ReadOptions::default(),
    ) {
        Ok(run) => run,
        Err(code) => return code,
    };
    let entities = entity_table(&engine, &inputs.docs);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        EntitiesFormat::Json => serde_json::to_writer_pretty(&mut out, &entities)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        EntitiesFormat::Csv => write_csv(&mut out, &entities),
        EntitiesFormat::Table => write_table(&mut out, &entities),
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            error(format!("cannot write the output: {e}"));
        }
        return EXIT_ERROR;
    }
    if inputs.had_error {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

/// `text (n); text (n)`, most used first.
fn spellings_cell(e: &JsonEntity) -> String {
    e.spellings
        .iter()
        .map(|s| format!("{} ({})", s.text, s.count))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A CSV field, quoted when it holds a comma, a quote, a line break or
/// leading or trailing space (RFC 4180; quotes doubled).
pub fn csv_field(s: &str) -> String {
    let needs = s.contains([',', '"', '\n', '\r']) || s.trim() != s;
    if needs {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_csv(out: &mut impl Write, entities: &[JsonEntity]) -> std::io::Result<()> {
    out.write_all(
        b"id,label,name,source,mentions,tagged,untagged,files,variants,spellings,first_path,first_line,first_column\r\n",
    )?;
    for e in entities {
        let (path, line, column) = match &e.first {
            Some(f) => (f.path.clone(), f.line.to_string(), f.column.to_string()),
            None => Default::default(),
        };
        let fields = [
            e.id.clone().unwrap_or_default(),
            e.label.clone(),
            e.name.clone(),
            e.source.to_string(),
            e.mentions.to_string(),
            e.tagged.to_string(),
            e.untagged.to_string(),
            e.files.to_string(),
            e.variants.to_string(),
            spellings_cell(e),
            path,
            line,
            column,
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        write!(out, "{}\r\n", row.join(","))?;
    }
    Ok(())
}

fn write_table(out: &mut impl Write, entities: &[JsonEntity]) -> std::io::Result<()> {
    let header = [
        "ENTITY",
        "LABEL",
        "ID",
        "SOURCE",
        "MENTIONS",
        "FILES",
        "VARIANTS",
        "SPELLINGS",
    ];
    let rows: Vec<[String; 8]> = entities
        .iter()
        .map(|e| {
            [
                e.name.replace(['\n', '\r', '\t'], " "),
                e.label.clone(),
                e.id.clone().unwrap_or_else(|| "-".into()),
                e.source.to_string(),
                format!("{} ({} untagged)", e.mentions, e.untagged),
                e.files.to_string(),
                if e.variants { "yes" } else { "no" }.to_string(),
                spellings_cell(e).replace(['\n', '\r', '\t'], " "),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(widths[i] - c.chars().count() + 2));
            }
        }
        s
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for r in &rows {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
    }
    let variants = entities.iter().filter(|e| e.variants).count();
    writeln!(
        out,
        "\n{} {}, {variants} with variant spellings.",
        entities.len(),
        if entities.len() == 1 {
            "entity"
        } else {
            "entities"
        }
    )
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("Dorvik Port"), "Dorvik Port");
        assert_eq!(csv_field("Hao, Peng"), "\"Hao, Peng\"");
        assert_eq!(csv_field("the \"Port\""), "\"the \"\"Port\"\"\"");
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
        assert_eq!(csv_field(" x"), "\" x\"");
        assert_eq!(csv_field(""), "");
    }
}
