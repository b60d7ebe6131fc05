//! `lede index`: writes the corpus index of files (or of JSON Lines on
//! stdin) for a distributed run, or merges index files; and the corpus a
//! `lede check` run checks its documents in (its own, or `--index`'s).

use std::path::{Path, PathBuf};

use clap::Args;
use rayon::prelude::*;

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
    if args.jsonl {
        // No files: the configuration of the working directory (or
        // `--config`), as `lede check --stdin-jsonl` takes it.
        let (engine, config_path) = engine_for(args.config.as_deref(), Path::new("."))?;
        let (docs, parsed) = super::corpus::read_docs().map_err(error)?;
        // Such a line is an error line in `lede check --stdin-jsonl`, outside
        // the corpus; here it is left out the same way, and said.
        for (n, p) in parsed.iter().enumerate() {
            if let super::corpus::Parsed::Bad(m) = p {
                error(format!("stdin:{}: left out of the index: {m}", n + 1));
            }
        }
        let docs: Vec<&Doc> = docs.iter().collect();
        let group =
            build_group(&engine, config_key_of(config_path.as_deref()), &docs).map_err(error)?;
        return Ok(IndexFile::new(vec![group]));
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (engines, loaded) = super::load::read_with_configs(
        args.config.as_deref(),
        &paths,
        None,
        super::load::ReadOptions::default(),
    )?;
    if loaded.had_error {
        return Err(());
    }
    // One group per configuration, each built over its documents.
    let mut groups = Vec::new();
    for (e, (key, engine)) in engines.list.iter().enumerate() {
        let docs: Vec<&Doc> = loaded
            .docs
            .iter()
            .zip(&engines.of_doc)
            .filter(|(_, &d)| d == e)
            .map(|(d, _)| d)
            .collect();
        if docs.is_empty() {
            continue;
        }
        groups.push(build_group(engine, key.clone(), &docs).map_err(error)?);
    }
    Ok(IndexFile::new(groups))
}

/// The index of `docs` checked by `engine`.
fn build_group(engine: &Engine, config: String, docs: &[&Doc]) -> Result<IndexGroup, IndexError> {
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

/// The engines of a run and which one checks each document (each
/// engine with the corpus key of its configuration).
pub struct RunEngines {
    pub list: Vec<(String, Engine)>,
    /// Same order as the run's documents.
    pub of_doc: Vec<usize>,
    /// Each document's path relative to its configuration's directory
    /// (`None` without one, or outside it), for `[[allow]]` and baselines.
    pub relative: Vec<Option<String>>,
}

impl RunEngines {
    /// One engine for `n` documents.
    pub fn one(key: String, engine: Engine, n: usize) -> RunEngines {
        RunEngines {
            list: vec![(key, engine)],
            of_doc: vec![0; n],
            relative: vec![None; n],
        }
    }

    /// The engine of document `i`.
    pub fn of(&self, i: usize) -> &Engine {
        &self.list[self.of_doc[i]].1
    }
}

/// The corpora of a run: one per configuration (documents share corpus
/// facts only with documents checked with the same one, as in an index
/// file), each the documents alone or with the index's group of that
/// configuration (`--index`).
pub struct RunCorpus {
    /// Each corpus with the engine (a place in [`RunEngines::list`]) that
    /// checks it.
    pub groups: Vec<(usize, CheckCorpus)>,
    /// Each document's corpus (a place in `groups`) and its place among
    /// that corpus's checked documents.
    place: Vec<(usize, usize)>,
}

impl RunCorpus {
    /// The corpora of the documents `names` with `features` (and, with an
    /// index, `hashes` of their texts), grouped by their engines.
    pub fn build(
        engines: &RunEngines,
        names: &[&str],
        hashes: &[u64],
        features: &[&DocFeatures],
        mut index: Option<&mut IndexFile>,
    ) -> Result<RunCorpus, IndexError> {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); engines.list.len()];
        let mut place = vec![(0, 0); names.len()];
        for (i, &e) in engines.of_doc.iter().enumerate() {
            place[i].1 = members[e].len();
            members[e].push(i);
        }
        let mut group_of = vec![0; engines.list.len()];
        let mut groups = Vec::new();
        let mut external_base = names.len();
        for (e, m) in members.iter().enumerate() {
            if m.is_empty() {
                continue;
            }
            let names: Vec<&str> = m.iter().map(|&i| names[i]).collect();
            let features: Vec<&DocFeatures> = m.iter().map(|&i| features[i]).collect();
            let mut corpus = match index.as_deref_mut() {
                None => CheckCorpus::build(&names, &features),
                Some(file) => {
                    let hashes: Vec<u64> = m.iter().map(|&i| hashes[i]).collect();
                    let group = file.take_group(&engines.list[e].0);
                    CheckCorpus::with_index(group, &names, &hashes, &features)?
                }
            };
            corpus.place_in_run(m, external_base);
            external_base += corpus.external.as_ref().map_or(0, |g| g.docs.len());
            group_of[e] = groups.len();
            groups.push((e, corpus));
        }
        for (i, p) in place.iter_mut().enumerate() {
            p.0 = group_of[engines.of_doc[i]];
        }
        Ok(RunCorpus { groups, place })
    }

    /// Document `i`'s local and corpus findings, related locations
    /// numbered for the report: checked documents by their place in the
    /// run, the index's others after them (group by group, as
    /// [`RunCorpus::externals`] lists them).
    pub fn findings(
        &self,
        engines: &RunEngines,
        i: usize,
        local: Vec<Finding>,
        features: &DocFeatures,
    ) -> Vec<Finding> {
        let (g, j) = self.place[i];
        self.groups[g].1.findings(engines.of(i), j, local, features)
    }

    /// The corpus document `i` is checked in, and its number there.
    pub fn corpus_of(&self, i: usize) -> (&CorpusIndex, usize) {
        let (g, j) = self.place[i];
        let c = &self.groups[g].1;
        (&c.index, c.numbers[j])
    }

    /// The index groups checked against, in the order their documents
    /// are numbered after the run's.
    pub fn externals(&self) -> Vec<&IndexGroup> {
        self.groups
            .iter()
            .filter_map(|(_, c)| c.external.as_ref())
            .collect()
    }
}

/// The corpus a set of documents checked with one configuration is
/// checked in: the documents alone, or the corpus index (`--index`) they
/// are part of.
pub struct CheckCorpus {
    pub index: CorpusIndex,
    /// Each checked document's number in the corpus.
    pub numbers: Vec<usize>,
    /// For each corpus number, the checked document it is (its place in
    /// the run), if it is one.
    checked: Vec<Option<u32>>,
    /// The index checked against (its corpus moved to `index`): where the
    /// documents of other shards are.
    pub external: Option<IndexGroup>,
    /// The report's number of the index's document 0.
    external_base: usize,
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
            external_base: names.len(),
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
            external_base: numbers.len(),
            numbers,
            checked,
            external: Some(group),
        })
    }

    /// Numbers the checked documents, `members[j]` being the run's place
    /// of checked document `j`, and the index's document `k` as
    /// `external_base + k`.
    fn place_in_run(&mut self, members: &[usize], external_base: usize) {
        for c in self.checked.iter_mut().flatten() {
            *c = members[*c as usize] as u32;
        }
        self.external_base = external_base;
    }

    /// Checked document `i`'s local and corpus findings, related locations
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
        let base = self.external_base;
        renumber_related(&mut found, |k| match self.checked.get(k)? {
            Some(i) => Some(*i as usize),
            None => self.external.is_some().then_some(base + k),
        });
        found
    }
}
