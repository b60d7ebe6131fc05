//! Reading the inputs of a run (`lede check`, `lede tag`, `lede entities`):
//! the command-line paths expanded, each file read once, problems printed.

use std::path::{Path, PathBuf};

use std::io::Write;

use rayon::prelude::*;

use super::configs::Configs;
use super::discover::{self, FileFilter, Input};
use super::error;
use super::index_cmd::RunEngines;
use super::input::{self, Loaded};
use super::output::Doc;
use crate::base::encoding::Encoding;

/// The texts of a run, with where each came from.
pub struct Inputs {
    pub docs: Vec<Doc>,
    /// Same order as `docs`.
    pub origins: Vec<Input>,
    /// How each was encoded (same order), so a write keeps it.
    pub encodings: Vec<Encoding>,
    /// Files the walk reached through a symlink (`--follow`): never written.
    pub via_symlink: std::collections::HashSet<PathBuf>,
    /// A path could not be walked or read (already printed): exit 2.
    pub had_error: bool,
}

/// How a run reads its paths.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Follow symlinks in directory walks (`--follow`).
    pub follow: bool,
    /// Skip binary files with a note instead of an error (`--skip-binary`).
    pub skip_binary: bool,
    /// No notes (`--quiet`); errors are still printed.
    pub quiet: bool,
}

/// Reads `paths` (walked through `filter`) in parallel. A binary file is
/// an error naming it (exit 2) unless `skip_binary`; an unreadable one is
/// an error. `stdin_name` is how `-` is reported.
pub fn read_inputs(
    paths: &[PathBuf],
    filter: &FileFilter,
    stdin_name: &str,
    how: ReadOptions,
) -> Inputs {
    read_walked(paths, &mut |root, p| filter.wants(root, p), stdin_name, how)
}

/// [`read_inputs`] with `wants(root, path)` choosing the files of a walk.
fn read_walked(
    paths: &[PathBuf],
    wants: &mut dyn FnMut(&Path, &Path) -> bool,
    stdin_name: &str,
    how: ReadOptions,
) -> Inputs {
    let note = |m: String| {
        if !how.quiet {
            error(m);
        }
    };
    let mut had_error = false;
    let walked = discover::collect_walk(paths, wants, discover::Walk { follow: how.follow });
    for e in walked.errors {
        error(e);
        had_error = true;
    }
    for n in walked.notes {
        note(n);
    }
    let inputs = walked.inputs;
    let via_symlink = walked.via_symlink;
    let loaded: Vec<(Loaded, Option<input::FileId>)> = inputs
        .par_iter()
        .map(|i| match i {
            Input::File(p) => input::read_file(p),
            Input::Stdin => (input::read_stdin(), None),
        })
        .collect();
    let mut docs = Vec::new();
    let mut origins = Vec::new();
    let mut encodings = Vec::new();
    let mut seen_files = std::collections::HashSet::new();
    for (inp, (l, id)) in inputs.into_iter().zip(loaded) {
        if id.is_some_and(|id| !seen_files.insert(id)) {
            continue; // the same file under another name
        }
        let name = match &inp {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => stdin_name.to_string(),
        };
        match l {
            Loaded::Text(text, encoding) => {
                docs.push(Doc { name, text });
                origins.push(inp);
                encodings.push(encoding);
            }
            Loaded::Binary(m) if how.skip_binary => note(format!("{name}: skipped: {m}")),
            Loaded::Binary(m) => {
                error(format!(
                    "{name}: {m}; not checked (--skip-binary skips such files)"
                ));
                had_error = true;
            }
            Loaded::Error(m) => {
                error(format!("{name}: {m}"));
                had_error = true;
            }
        }
    }
    Inputs {
        docs,
        origins,
        encodings,
        via_symlink,
        had_error,
    }
}

/// The engine, its config file and the inputs of a run over `paths`
/// (none: the current directory), with the config found from the first
/// path (or `stdin_filename` for `-`) unless `config` names one: one
/// configuration for the whole run. `Err` carries the exit status; the
/// problem is already printed.
pub fn open_run(
    config: Option<&std::path::Path>,
    paths: &[PathBuf],
    stdin_filename: Option<&std::path::Path>,
    how: ReadOptions,
) -> Result<(crate::engine::Engine, Option<PathBuf>, Inputs), i32> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let start = if paths[0].as_os_str() == "-" {
        stdin_filename.map_or_else(|| PathBuf::from("."), PathBuf::from)
    } else {
        paths[0].clone()
    };
    let (engine, config_path) =
        super::run::engine_for(config, &start).map_err(|()| super::EXIT_ERROR)?;
    let filter = FileFilter::new(engine.config(), config_path.as_deref()).map_err(|m| {
        let at = config_path
            .as_ref()
            .map_or("configuration".into(), |p| p.display().to_string());
        error(format!("{at}: {m}"));
        super::EXIT_ERROR
    })?;
    let stdin_name = stdin_filename.map_or("-".to_string(), |p| p.display().to_string());
    let inputs = read_inputs(&paths, &filter, &stdin_name, how);
    Ok((engine, config_path, inputs))
}

/// Reads `paths` (none: the current directory) as [`read_inputs`] does,
/// each file with its own configuration: `explicit` (`--config FILE`) for
/// every file, else the nearest `lede.toml` at or above the file's
/// directory (for `-`, above `stdin_filename`, else the working
/// directory). A walk takes each file's `include` and `exclude` from its
/// configuration. A broken configuration stops the run: every one met is
/// printed, and the error carries nothing.
#[allow(clippy::result_unit_err)]
pub fn read_with_configs(
    explicit: Option<&Path>,
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    how: ReadOptions,
) -> Result<(RunEngines, Inputs), ()> {
    let mut configs = Configs::new(explicit);
    let stdin_name = stdin_filename.map_or("-".to_string(), |p| p.display().to_string());
    let inputs = if configs.errors.is_empty() {
        read_walked(
            paths,
            &mut |root, p| configs.wants(root, p),
            &stdin_name,
            how,
        )
    } else {
        Inputs {
            docs: Vec::new(),
            origins: Vec::new(),
            encodings: Vec::new(),
            via_symlink: Default::default(),
            had_error: false,
        }
    };
    let of_doc: Vec<Option<usize>> = inputs
        .origins
        .iter()
        .map(|o| match o {
            Input::File(p) => configs.engine_of(Some(p)),
            Input::Stdin => configs.engine_of(stdin_filename),
        })
        .collect();
    let relative = inputs
        .origins
        .iter()
        .map(|o| match o {
            Input::File(p) => configs.relative_of(p),
            Input::Stdin => stdin_filename.and_then(|p| configs.relative_of(p)),
        })
        .collect();
    if !configs.errors.is_empty() {
        for e in &configs.errors {
            let _ = writeln!(std::io::stderr(), "{e}");
        }
        return Err(());
    }
    let of_doc = of_doc
        .into_iter()
        .map(|e| e.expect("no broken configuration"))
        .collect();
    let engines = RunEngines {
        list: std::mem::take(&mut configs.engines),
        of_doc,
        relative,
    };
    Ok((engines, inputs))
}
