//! The configurations of a run over files (`lede check`, `lede index`):
//! each file is checked with its nearest `lede.toml`, or every file with
//! `--config FILE`.
//!
//! Each directory is looked up once (a walk asks for every file, and its
//! files come directory by directory, so the last answer is kept apart
//! from the map), each `lede.toml` is read and compiled once, and
//! configurations with the same text share one engine: documents share a
//! corpus exactly when their configurations have the same key
//! ([`config_key`]), the key a corpus index file groups by.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::discover::{self, FileFilter};
use crate::config::{Config, FILE_NAME};
use crate::engine::index_file::config_key;
use crate::engine::Engine;

/// One `lede.toml` of a run (or the defaults).
struct Found {
    /// `None` for the defaults.
    path: Option<PathBuf>,
    /// Which engine (and corpus) checks its files; `None` if it is broken.
    engine: Option<usize>,
    filter: Option<FileFilter>,
}

/// The configurations a run has met, and their engines.
pub struct Configs {
    /// `--config FILE`: the one configuration of every file.
    explicit: Option<usize>,
    found: Vec<Found>,
    /// The engines, with the corpus key of each.
    pub engines: Vec<(String, Engine)>,
    /// Absolute directory -> its configuration (a place in `found`).
    by_dir: HashMap<PathBuf, usize>,
    /// The last directory asked about, with its answer.
    last: Option<(PathBuf, usize)>,
    cwd: Option<PathBuf>,
    /// `PATH:LINE:COLUMN: message` for each broken configuration met.
    pub errors: Vec<String>,
}

impl Configs {
    /// With `explicit` (`--config FILE`) every file gets that one;
    /// without, each gets its nearest `lede.toml`.
    pub fn new(explicit: Option<&Path>) -> Configs {
        let mut c = Configs {
            explicit: None,
            found: Vec::new(),
            engines: Vec::new(),
            by_dir: HashMap::new(),
            last: None,
            cwd: std::env::current_dir().ok(),
            errors: Vec::new(),
        };
        if let Some(p) = explicit {
            c.explicit = Some(c.load(Some(p.to_path_buf())));
        }
        c
    }

    /// Reads and compiles one configuration (the defaults for `None`).
    fn load(&mut self, path: Option<PathBuf>) -> usize {
        let text = match &path {
            None => None,
            Some(p) => match std::fs::read_to_string(p) {
                Ok(t) => Some(t),
                Err(e) => {
                    self.errors
                        .push(format!("{}: cannot read config: {e}", p.display()));
                    return self.push(path, None, None);
                }
            },
        };
        let config = match &text {
            None => Config::default(),
            Some(t) => match Config::parse(t) {
                Ok(c) => c,
                Err(e) => {
                    let at = path.as_deref().expect("a text has a file");
                    self.errors.push(discover::engine_error(Some(at), &e).0);
                    return self.push(path, None, None);
                }
            },
        };
        let filter = match FileFilter::new(&config, path.as_deref()) {
            Ok(f) => f,
            Err(m) => {
                let at = path
                    .as_ref()
                    .map_or("configuration".into(), |p| p.display().to_string());
                self.errors.push(format!("{at}: {m}"));
                return self.push(path, None, None);
            }
        };
        let key = config_key(text.as_deref());
        let engine = match self.engines.iter().position(|(k, _)| *k == key) {
            Some(e) => Some(e),
            None => match Engine::new(config) {
                Ok(e) => {
                    self.engines.push((key, e));
                    Some(self.engines.len() - 1)
                }
                Err(e) => {
                    self.errors
                        .push(discover::engine_error(path.as_deref(), &e).0);
                    None
                }
            },
        };
        self.push(path, engine, Some(filter))
    }

    fn push(
        &mut self,
        path: Option<PathBuf>,
        engine: Option<usize>,
        filter: Option<FileFilter>,
    ) -> usize {
        self.found.push(Found {
            path,
            engine,
            filter,
        });
        self.found.len() - 1
    }

    /// The configuration of the files in `dir` (relative to the working
    /// directory, or absolute): the nearest `lede.toml` at or above it,
    /// up to the root of the file system, else the defaults.
    fn of_dir(&mut self, dir: &Path) -> usize {
        if let Some(e) = self.explicit {
            return e;
        }
        if let Some((d, f)) = &self.last {
            // Compared as bytes: comparing paths parses them.
            if d.as_os_str() == dir.as_os_str() {
                return *f;
            }
        }
        let abs = match &self.cwd {
            Some(cwd) if dir.is_relative() => cwd.join(dir),
            _ => dir.to_path_buf(),
        };
        let found = self.of_abs_dir(&abs);
        self.last = Some((dir.to_path_buf(), found));
        found
    }

    fn of_abs_dir(&mut self, abs: &Path) -> usize {
        // The directories looked at on the way up, all answered at the end.
        let mut visited = Vec::new();
        let mut answer = None;
        for d in abs.ancestors() {
            if let Some(&f) = self.by_dir.get(d) {
                answer = Some(f);
                break;
            }
            visited.push(d.to_path_buf());
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                answer = Some(self.load(Some(candidate)));
                break;
            }
        }
        let found = match answer {
            Some(f) => f,
            None => self.defaults(),
        };
        for d in visited {
            self.by_dir.insert(d, found);
        }
        found
    }

    fn defaults(&mut self) -> usize {
        match self.found.iter().position(|f| f.path.is_none()) {
            Some(f) => f,
            None => self.load(None),
        }
    }

    /// The configuration of a file.
    fn of_file(&mut self, path: &Path) -> usize {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        self.of_dir(dir)
    }

    /// Whether the walk of `root` checks `path`, by the `include` and
    /// `exclude` of the file's configuration (a broken one checks nothing:
    /// the run stops on it).
    pub fn wants(&mut self, root: &Path, path: &Path) -> bool {
        let f = self.of_file(path);
        self.found[f]
            .filter
            .as_ref()
            .is_some_and(|filter| filter.wants(root, path))
    }

    /// The engine of a file, or of stdin (with `--stdin-filename`, found
    /// from that path; else from the working directory). `None` when its
    /// configuration is broken (in [`Configs::errors`]).
    pub fn engine_of(&mut self, input: Option<&Path>) -> Option<usize> {
        let f = match input {
            Some(p) if p.is_dir() => self.of_dir(p),
            Some(p) => self.of_file(p),
            None => self.of_dir(Path::new(".")),
        };
        self.found[f].engine
    }

    /// `path` relative to the directory of its configuration, as
    /// `[[allow]]`'s `files` globs and baselines match it.
    pub fn relative_of(&mut self, path: &Path) -> Option<String> {
        let f = self.of_file(path);
        self.found[f].filter.as_ref()?.relative(path)
    }

    /// The file of the configuration `--config` names, or that the files
    /// in `dir` use.
    pub fn path_of_dir(&mut self, dir: &Path) -> Option<&Path> {
        let f = self.of_dir(dir);
        self.found[f].path.as_deref()
    }
}
