//! `lede index`: writes the corpus index of files (or of JSON Lines on
//! stdin) for a distributed run, or merges index files; and the corpus a
//! `lede check` run checks its documents in (its own, or `--index`'s).

use std::path::{Path, PathBuf};

use clap::Args;
use rayon::prelude::*;

use super::discover::FileFilter;
use super::output::{range, Doc};
use super::pos::Locator;
use super::run::engine_for;
use super::{error, EXIT_ERROR, EXIT_OK};
use crate::base::finding::Finding;
use crate::base::text::Span;
use crate::engine::index_file::{
    config_key, name_order, renumber_related, text_hash, IndexError, IndexFile, IndexGroup,
    IndexInput,
};
use crate::engine::{CorpusIndex, DocFeatures, Engine};

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or directories to index (found as `lede check` finds them),
    /// or with --merge the index files to merge.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Where to write the index (atomically). `-` writes it on stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    /// Merge the index files given as PATHs into one (the reduce step of a
    /// distributed run). Their documents must be disjoint.
    #[arg(long)]
    pub merge: bool,

    /// Index JSON Lines `{"id": .., "text": ..}` read on stdin (the input
    /// of `lede check --stdin-jsonl`); the id names the document.
    #[arg(long = "stdin-jsonl", alias = "jsonl", conflicts_with_all = ["paths", "merge"])]
    pub jsonl: bool,

    /// Use this configuration file instead of the nearest `lede.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "merge")]
    pub config: Option<PathBuf>,
}

pub fn index(args: IndexArgs) -> i32 {
    let file = if args.merge {
        match merge_files(&args.paths) {
            Ok(f) => f,
            Err(()) => return EXIT_ERROR,
        }
    } else {
        match index_docs(&args) {
            Ok(f) => f,
            Err(()) => return EXIT_ERROR,
        }
    };
    let text = file.to_json() + "\n";
    let written = if args.output.as_os_str() == "-" {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|_| out.flush())
    } else {
        write_new(&args.output, &text)
    };
    if let Err(e) = written {
        error(format!(
            "{}: cannot write the index: {e}",
            args.output.display()
        ));
        return EXIT_ERROR;
    }
    EXIT_OK
}

/// Writes a file atomically, whether or not it exists yet.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".lede-index-")
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn merge_files(paths: &[PathBuf]) -> Result<IndexFile, ()> {
    if paths.is_empty() {
        error("--merge needs the index files to merge");
        return Err(());
    }
    let files: Vec<Result<IndexFile, ()>> = paths.par_iter().map(|p| read_index(p)).collect();
    let mut merged: Option<IndexFile> = None;
    for (file, path) in files.into_iter().zip(paths) {
        let file = file?;
        merged = Some(match merged {
            None => file,
            Some(m) => m.merge(file).map_err(|e| {
                error(format!("{}: {e}", path.display()));
            })?,
        });
    }
    merged.ok_or(())
}

/// Reads a corpus index file, the problem printed with the file's name
/// (so the error carries nothing, as in [`engine_for`]).
#[allow(clippy::result_unit_err)]
pub fn read_index(path: &Path) -> Result<IndexFile, ()> {
    let bytes = std::fs::read(path).map_err(|e| {
        error(format!(
            "{}: cannot read the corpus index: {e}",
            path.display()
        ));
    })?;
    IndexFile::from_json(&bytes).map_err(|e| error(format!("{}: {e}", path.display())))
}

/// The key of the corpus the configuration at `path` (or the default)
/// checks in.
pub fn config_key_of(path: Option<&Path>) -> String {
    let text = path.and_then(|p| std::fs::read_to_string(p).ok());
    config_key(text.as_deref())
}

fn index_docs(args: &IndexArgs) -> Result<IndexFile, ()> {
    let start = if args.jsonl || args.paths.is_empty() {
        PathBuf::from(".")
    } else {
        args.paths[0].clone()
    };
    let (engine, config_path) = engine_for(args.config.as_deref(), &start)?;
    let docs = if args.jsonl {
        let (docs, parsed) = super::corpus::read_docs().map_err(error)?;
        // Such a line is an error line in `lede check --stdin-jsonl`, outside
        // the corpus; here it is left out the same way, and said.
        for (n, p) in parsed.iter().enumerate() {
            if let super::corpus::Parsed::Bad(m) = p {
                error(format!("stdin:{}: left out of the index: {m}", n + 1));
            }
        }
        docs
    } else {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        };
        let filter = FileFilter::new(engine.config(), config_path.as_deref()).map_err(|m| {
            let at = config_path
                .as_ref()
                .map_or("configuration".into(), |p| p.display().to_string());
            error(format!("{at}: {m}"));
        })?;
        let loaded =
            super::load::read_inputs(&paths, &filter, "-", super::load::ReadOptions::default());
        let (docs, failed) = (loaded.docs, loaded.had_error);
        if failed {
            return Err(());
        }
        docs
    };
    let group =
        build_group(&engine, config_key_of(config_path.as_deref()), &docs).map_err(error)?;
    Ok(IndexFile::new(vec![group]))
}

/// The index of `docs` checked by `engine`.
fn build_group(engine: &Engine, config: String, docs: &[Doc]) -> Result<IndexGroup, IndexError> {
    let analyses: Vec<(DocFeatures, u64)> = docs
        .par_iter()
        .map(|d| (engine.analyze(&d.text).features, text_hash(&d.text)))
        .collect();
    let inputs: Vec<IndexInput> = docs
        .iter()
        .zip(&analyses)
        .map(|(d, (features, hash))| IndexInput {
            name: &d.name,
            hash: *hash,
            features,
        })
        .collect();
    IndexGroup::build(config, &inputs, |i, span| position(&docs[i].text, span))
}

fn position(text: &str, span: &Span) -> [usize; 4] {
    let (l, c, el, ec) = range(&Locator::new(text), span);
    [l, c, el, ec]
}

/// The corpus a run checks its documents in: the documents alone, or the
/// corpus index (`--index`) they are part of.
pub struct CheckCorpus {
    pub index: CorpusIndex,
    /// Each checked document's number in the corpus.
    pub numbers: Vec<usize>,
    /// For each corpus number, the checked document it is, if it is one.
    checked: Vec<Option<u32>>,
    /// The index checked against (its corpus moved to `index`): where the
    /// documents of other shards are.
    pub external: Option<IndexGroup>,
}

impl CheckCorpus {
    /// The corpus of `features` alone, numbered by `names` (as an index
    /// file numbers them, so that a shard and one run agree).
    pub fn build<S: AsRef<str> + Sync>(names: &[S], features: &[&DocFeatures]) -> CheckCorpus {
        let (order, rank) = name_order(names);
        let index = CorpusIndex::build(order.iter().map(|&i| features[i]));
        CheckCorpus {
            index,
            numbers: rank,
            checked: order.iter().map(|&i| Some(i as u32)).collect(),
            external: None,
        }
    }

    /// The corpus of the index `group`, with the checked documents that it
    /// does not name added.
    pub fn with_index(
        group: IndexGroup,
        names: &[&str],
        texts: &[u64],
        features: &[&DocFeatures],
    ) -> Result<CheckCorpus, IndexError> {
        let inputs: Vec<IndexInput> = names
            .iter()
            .zip(texts)
            .zip(features)
            .map(|((name, hash), f)| IndexInput {
                name,
                hash: *hash,
                features: f,
            })
            .collect();
        // Positions are kept for documents of other shards; these are
        // this run's own, located from their texts when reported.
        let (mut group, numbers) = group.prepare(&inputs, |_, _| [0; 4])?;
        let mut checked = vec![None; group.docs.len()];
        for (i, &k) in numbers.iter().enumerate() {
            checked[k] = Some(i as u32);
        }
        let index = std::mem::take(&mut group.corpus);
        Ok(CheckCorpus {
            index,
            numbers,
            checked,
            external: Some(group),
        })
    }

    /// Document `i`'s local and corpus findings, related locations
    /// numbered for the report: checked documents by their place in the
    /// run, the index's others after them.
    pub fn findings(
        &self,
        engine: &Engine,
        i: usize,
        local: Vec<Finding>,
        features: &DocFeatures,
    ) -> Vec<Finding> {
        let mut found = engine.merged_findings(self.numbers[i], local, features, &self.index);
        let run = self.numbers.len();
        renumber_related(&mut found, |k| match self.checked.get(k)? {
            Some(i) => Some(*i as usize),
            None => self.external.is_some().then_some(run + k),
        });
        found
    }
}
