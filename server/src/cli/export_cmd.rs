//! `lede export` and `lede import`: the files around the conversions of
//! [`crate::exchange`]. Everything is read and converted before anything
//! is written; then every output goes to a temporary file beside its
//! target, and the temporaries are renamed into place only when all of
//! them were written, so a refused input leaves nothing behind.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use crate::cli::discover::{self, FileFilter};
use crate::cli::input::{self, Loaded};
use crate::cli::{error, EXIT_ERROR, EXIT_OK};
use crate::exchange::jsonl::Shape;
use crate::exchange::{brat, conll, jsonl, label_studio, render_inline, Document, Problem};
use crate::tags::TaggedText;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExchangeFormat {
    /// brat standoff: a directory of NAME.txt + NAME.ann pairs (with an
    /// annotation.conf listing the labels); ids as AnnotatorNotes.
    Brat,
    /// CoNLL-2003 style BIO columns `TOKEN TAG`, one file; white space
    /// and entity ids are not kept (see docs/annotation.md).
    Conll,
    /// spaCy training JSON Lines {"text", "entities": [[start, end, label]]},
    /// offsets in code points.
    Spacy,
    /// doccano sequence-labelling JSON Lines {"text", "label": [[start,
    /// end, label]]}, offsets in UTF-16 code units as doccano counts.
    Doccano,
    /// Label Studio JSON tasks with predictions (labels spans).
    LabelStudio,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  lede export --to spacy articles/ -o train.jsonl\n  lede export --to brat articles/ -o brat-collection/\n\nEvery article is read and converted first; if any is refused (a malformed tag, a label \
not in lede.toml) nothing is written and the exit status is 2. See docs/annotation.md."
)]
pub struct ExportArgs {
    /// The format to write.
    #[arg(long = "to", value_enum, value_name = "FORMAT")]
    pub to: ExchangeFormat,

    /// Tagged articles: files, or directories walked like `lede check`
    /// walks them (the configured `include`/`exclude`).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Where to write: a directory for `brat`, a file for the others
    /// (`-` writes it to stdout).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,

    /// Use this configuration file (for `labels`) instead of the nearest
    /// `lede.toml` above the first path.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Replace output files that exist already (an input file is never
    /// replaced).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  lede import --from label-studio export.json -o articles/\n  lede import --from brat brat-collection/ -o articles/\n\nBad input (overlapping entities, offsets out of range, a label \
not in lede.toml, text that does not match its offsets) is reported with its file and line or \
record, exit status 2, and nothing is written. See docs/annotation.md."
)]
pub struct ImportArgs {
    /// The format to read.
    #[arg(long = "from", value_enum, value_name = "FORMAT")]
    pub from: ExchangeFormat,

    /// The file to read; for `brat` a directory of .txt/.ann pairs (walked
    /// recursively) or one .ann file.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,

    /// The directory to write the tagged articles into (made if missing).
    /// Names come from the input (`meta.file`, brat's file names), else
    /// `0001.txt`, `0002.txt`, ….
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,

    /// Use this configuration file (for `labels`) instead of the nearest
    /// `lede.toml` above the output directory.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Replace articles that exist already in DIR.
    #[arg(long)]
    pub force: bool,
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.bytes().filter(|&b| b == b'\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

fn located(file: &Path, p: &Problem) -> String {
    match (p.line, p.record) {
        (Some(l), _) => format!("{}:{l}: {}", file.display(), p.message),
        (None, Some(r)) => format!("{}: task {r}: {}", file.display(), p.message),
        (None, None) => format!("{}: {}", file.display(), p.message),
    }
}

/// The articles to export with the names they travel under: relative to
/// the directory walked, or the path as given for a file.
fn articles(paths: &[PathBuf], filter: &FileFilter) -> Result<Vec<(PathBuf, String)>, Vec<String>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            errors.push("-: export reads files, not stdin".to_string());
            continue;
        }
        if p.is_dir() {
            let (inputs, walk_errors) = discover::collect(std::slice::from_ref(p), filter);
            errors.extend(walk_errors);
            for i in inputs {
                if let discover::Input::File(f) = i {
                    // The walk drops a leading `./`; so does the root here.
                    let root: PathBuf = p
                        .components()
                        .filter(|c| !matches!(c, Component::CurDir))
                        .collect();
                    let rel = f
                        .strip_prefix(p)
                        .or_else(|_| f.strip_prefix(&root))
                        .unwrap_or(&f)
                        .to_path_buf();
                    out.push((f, rel.to_string_lossy().replace('\\', "/")));
                }
            }
        } else {
            let name = if is_plain_relative(p) {
                p.to_string_lossy().replace('\\', "/")
            } else {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            };
            out.push((p.clone(), name));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A relative path of plain names only (no `..`, no root, no `.`).
fn is_plain_relative(p: &Path) -> bool {
    p.components().count() > 0 && p.components().all(|c| matches!(c, Component::Normal(_)))
}

fn read_text(path: &Path) -> Result<String, String> {
    match input::read_file(path).0 {
        Loaded::Text(t, _) => Ok(t),
        Loaded::Binary(m) => Err(format!("{}: {m}; not an article", path.display())),
        Loaded::Error(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Outputs written to temporaries, renamed into place together.
struct Staged {
    files: Vec<(PathBuf, tempfile::NamedTempFile)>,
}

impl Staged {
    fn write_all(targets: Vec<(PathBuf, String)>) -> Result<(), String> {
        let mut staged = Staged {
            files: Vec::with_capacity(targets.len()),
        };
        for (path, content) in targets {
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("{}: cannot make the directory: {e}", dir.display()))?;
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .map_err(|e| format!("{}: cannot write: {e}", dir.display()))?;
            std::io::Write::write_all(&mut tmp, content.as_bytes())
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            staged.files.push((path, tmp));
        }
        for (path, tmp) in staged.files {
            tmp.persist(&path)
                .map_err(|e| format!("{}: cannot write: {}", path.display(), e.error))?;
        }
        Ok(())
    }
}

/// Refuses targets that exist (without `force`) or that are inputs.
fn check_targets(
    targets: &[(PathBuf, String)],
    inputs: &HashSet<PathBuf>,
    force: bool,
) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    for (t, _) in targets {
        if !seen.insert(t.clone()) {
            errors.push(format!(
                "{}: two articles would be written to this file",
                t.display()
            ));
            continue;
        }
        if let Ok(canon) = t.canonicalize() {
            if inputs.contains(&canon) {
                errors.push(format!(
                    "{}: is an input; choose another output",
                    t.display()
                ));
            } else if !force {
                errors.push(format!(
                    "{}: exists already (--force replaces it)",
                    t.display()
                ));
            }
        }
    }
    errors
}

fn fail(errors: &[String]) -> i32 {
    for e in errors {
        error(e);
    }
    error(format!("{} problem(s); nothing was written", errors.len()));
    EXIT_ERROR
}

pub fn export(args: &ExportArgs) -> i32 {
    let start = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let (config, config_path) = match discover::load_config(args.config.as_deref(), start) {
        Ok(c) => c,
        Err(e) => return fail(&[e.0]),
    };
    let filter = match FileFilter::new(&config, config_path.as_deref()) {
        Ok(f) => f,
        Err(e) => return fail(&[e]),
    };
    let list = match articles(&args.paths, &filter) {
        Ok(l) => l,
        Err(e) => return fail(&e),
    };
    let labels = &config.labels;
    let converted: Vec<Result<Document, String>> = list
        .par_iter()
        .map(|(path, name)| {
            let text = read_text(path)?;
            Document::from_tagged(name, &TaggedText::parse(&text), labels).map_err(|p| {
                let (l, c) = line_col(&text, p.offset);
                format!("{}:{l}:{c}: {}", path.display(), p.message)
            })
        })
        .collect();
    let mut docs = Vec::with_capacity(converted.len());
    let mut errors = Vec::new();
    for (r, (path, _)) in converted.into_iter().zip(&list) {
        match r {
            Ok(d) => docs.push((path, d)),
            Err(e) => errors.push(e),
        }
    }
    // Tags never hold a line break, so the plain text's lines are the
    // article's.
    let at = |path: &Path, doc: &Document, (offset, m): (usize, String)| {
        let (l, _) = line_col(&doc.text, offset);
        format!("{}:{l}: {m}", path.display())
    };
    let mut targets: Vec<(PathBuf, String)> = Vec::new();
    let stdout = args.output.as_os_str() == "-";
    match args.to {
        ExchangeFormat::Brat => {
            if stdout {
                return fail(&["brat writes a directory: give -o DIR".into()]);
            }
            for (path, doc) in &docs {
                match brat::write_ann(doc) {
                    Ok(ann) => {
                        // `a.md` and `a.txt` both give `a.txt` + `a.ann`
                        // (two of them are refused as one target).
                        let base = args.output.join(Path::new(&doc.name).with_extension(""));
                        let with = |ext: &str| {
                            let mut p = base.clone().into_os_string();
                            p.push(ext);
                            PathBuf::from(p)
                        };
                        targets.push((with(".txt"), doc.text.clone()));
                        targets.push((with(".ann"), ann));
                    }
                    Err(p) => errors.push(at(path, doc, p)),
                }
            }
            targets.push((
                args.output.join("annotation.conf"),
                brat::annotation_conf(labels),
            ));
        }
        ExchangeFormat::Conll => {
            let mut out = String::new();
            for (path, doc) in &docs {
                if let Err(p) = conll::write(doc, &mut out) {
                    errors.push(at(path, doc, p));
                }
            }
            targets.push((args.output.clone(), out));
        }
        ExchangeFormat::Spacy | ExchangeFormat::Doccano => {
            let shape = if args.to == ExchangeFormat::Spacy {
                Shape::Spacy
            } else {
                Shape::Doccano
            };
            let mut out = String::new();
            for (_, doc) in &docs {
                jsonl::write(doc, shape, &mut out);
            }
            targets.push((args.output.clone(), out));
        }
        ExchangeFormat::LabelStudio => {
            let all: Vec<Document> = docs.iter().map(|(_, d)| d.clone()).collect();
            targets.push((args.output.clone(), label_studio::write(&all)));
        }
    }
    if !errors.is_empty() {
        return fail(&errors);
    }
    let entities: usize = docs.iter().map(|(_, d)| d.entities.len()).sum();
    if stdout {
        let out = targets.pop().map(|t| t.1).unwrap_or_default();
        if let Err(e) = std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes()) {
            return fail(&[format!("stdout: {e}")]);
        }
    } else {
        let inputs: HashSet<PathBuf> = list
            .iter()
            .filter_map(|(p, _)| p.canonicalize().ok())
            .collect();
        let problems = check_targets(&targets, &inputs, args.force);
        if !problems.is_empty() {
            return fail(&problems);
        }
        if let Err(e) = Staged::write_all(targets) {
            return fail(&[e]);
        }
    }
    error(format!(
        "exported {} article(s), {entities} entities, to {}",
        docs.len(),
        args.output.display()
    ));
    EXIT_OK
}

/// brat's documents under `input`: (the .txt, the .ann, the name).
fn brat_pairs(input: &Path) -> Result<Vec<(PathBuf, PathBuf, String)>, Vec<String>> {
    if !input.is_dir() {
        let ann = input.with_extension("ann");
        let txt = input.with_extension("txt");
        let name = txt
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(vec![(txt, ann, name)]);
    }
    let mut pairs = Vec::new();
    let mut errors = Vec::new();
    let walk = ignore::WalkBuilder::new(input)
        .standard_filters(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walk {
        match entry {
            Ok(e) if e.path().extension().is_some_and(|x| x == "ann") => {
                let ann = e.path().to_path_buf();
                let txt = ann.with_extension("txt");
                let rel = txt
                    .strip_prefix(input)
                    .unwrap_or(&txt)
                    .to_string_lossy()
                    .replace('\\', "/");
                pairs.push((txt, ann, rel));
            }
            Ok(_) => {}
            Err(e) => errors.push(e.to_string()),
        }
    }
    if pairs.is_empty() && errors.is_empty() {
        errors.push(format!(
            "{}: no .ann files in this directory",
            input.display()
        ));
    }
    if errors.is_empty() {
        Ok(pairs)
    } else {
        Err(errors)
    }
}

pub fn import(args: &ImportArgs) -> i32 {
    let (config, _) = match discover::load_config(args.config.as_deref(), &args.output) {
        Ok(c) => c,
        Err(e) => return fail(&[e.0]),
    };
    let labels = &config.labels;
    // (the file a document came from, its record there, the document)
    let mut docs: Vec<(PathBuf, Option<usize>, Document)> = Vec::new();
    let mut errors = Vec::new();
    match args.from {
        ExchangeFormat::Brat => {
            let pairs = match brat_pairs(&args.input) {
                Ok(p) => p,
                Err(e) => return fail(&e),
            };
            let read: Vec<_> = pairs
                .par_iter()
                .map(|(txt, ann, name)| {
                    let text = read_text(txt)?;
                    let ann_text = read_text(ann)?;
                    brat::read(name, &text, &ann_text, labels).map_err(|p| located(ann, &p))
                })
                .collect();
            for (r, (txt, _, _)) in read.into_iter().zip(&pairs) {
                match r {
                    Ok(d) => docs.push((txt.clone(), None, d)),
                    Err(e) => errors.push(e),
                }
            }
        }
        format => {
            let text = match read_text(&args.input) {
                Ok(t) => t,
                Err(e) => return fail(&[e]),
            };
            let read = match format {
                ExchangeFormat::Conll => conll::read(&text, labels),
                ExchangeFormat::Spacy => jsonl::read(&text, Shape::Spacy, labels),
                ExchangeFormat::Doccano => jsonl::read(&text, Shape::Doccano, labels),
                _ => label_studio::read(&text, labels),
            };
            match read {
                Ok(d) => docs.extend(
                    d.into_iter()
                        .enumerate()
                        .map(|(k, d)| (args.input.clone(), Some(k + 1), d)),
                ),
                Err(p) => return fail(&[located(&args.input, &p)]),
            }
        }
    }
    let mut targets = Vec::with_capacity(docs.len());
    for (file, record, doc) in &docs {
        let which = match record {
            Some(r) => format!("{}: article {r} ({})", file.display(), doc.name),
            None => file.display().to_string(),
        };
        if !is_plain_relative(Path::new(&doc.name)) {
            errors.push(format!(
                "{which}: the name {:?} is not a plain relative path",
                doc.name
            ));
            continue;
        }
        match render_inline(doc) {
            Ok(article) => targets.push((args.output.join(&doc.name), article)),
            Err((offset, m)) => {
                let (l, c) = line_col(&doc.text, offset);
                errors.push(format!("{which}: text {l}:{c}: {m}"));
            }
        }
    }
    if !errors.is_empty() {
        return fail(&errors);
    }
    let inputs: HashSet<PathBuf> = [args.input.canonicalize().ok()]
        .into_iter()
        .flatten()
        .collect();
    let problems = check_targets(&targets, &inputs, args.force);
    if !problems.is_empty() {
        return fail(&problems);
    }
    let n = targets.len();
    if let Err(e) = Staged::write_all(targets) {
        return fail(&[e]);
    }
    let entities: usize = docs.iter().map(|d| d.2.entities.len()).sum();
    error(format!(
        "imported {n} article(s), {entities} entities, into {}",
        args.output.display()
    ));
    EXIT_OK
}
