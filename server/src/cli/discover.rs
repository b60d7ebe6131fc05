//! Finding `lede.toml` and the files to check.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::config::{self, Config, ConfigError};

/// A configuration that could not be used; printed as is.
#[derive(Debug)]
pub struct ConfigProblem(pub String);

impl ConfigProblem {
    fn located(path: &Path, e: &ConfigError) -> Self {
        ConfigProblem(format!(
            "{}:{}:{}: {}",
            path.display(),
            e.line,
            e.column,
            e.message
        ))
    }
}

/// The nearest `lede.toml` at or above `start` (a file's own directory
/// when `start` is a file).
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let abs = if start.is_absolute() {
        start.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(start)
    };
    let dir = if abs.is_dir() {
        abs.as_path()
    } else {
        abs.parent()?
    };
    dir.ancestors()
        .map(|d| d.join(config::FILE_NAME))
        .find(|p| p.is_file())
}

/// Loads the config: `explicit` if given, else the nearest `lede.toml`
/// from `start`, else the defaults. Returns the config and its file.
pub fn load_config(
    explicit: Option<&Path>,
    start: &Path,
) -> Result<(Config, Option<PathBuf>), ConfigProblem> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => find_config(start),
    };
    let Some(path) = path else {
        return Ok((Config::default(), None));
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ConfigProblem(format!("{}: cannot read config: {e}", path.display())))?;
    let config = Config::parse(&text).map_err(|e| ConfigProblem::located(&path, &e))?;
    Ok((config, Some(path)))
}

/// Wraps an error from `Engine::new` (a config problem found while
/// compiling it) with the config's path.
pub fn engine_error(path: Option<&Path>, e: &ConfigError) -> ConfigProblem {
    match path {
        Some(p) => ConfigProblem::located(p, e),
        None => ConfigProblem(format!("configuration: {e}")),
    }
}

/// Which files of a directory walk are checked: the config's `include`
/// minus `exclude`, matched against the path relative to the config's
/// directory (or to the walked directory for files outside it).
pub struct FileFilter {
    include: GlobSet,
    exclude: GlobSet,
    base: Option<PathBuf>,
    /// The working directory, read once (not once per file).
    cwd: Option<PathBuf>,
}

fn globset(globs: &[String], what: &str) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("bad {what} glob {g:?}: {e}"))?;
        b.add(glob);
    }
    b.build().map_err(|e| format!("bad {what} globs: {e}"))
}

impl FileFilter {
    pub fn new(config: &Config, config_path: Option<&Path>) -> Result<FileFilter, String> {
        let base = config_path
            .and_then(|p| p.parent())
            .map(|d| absolute(d).unwrap_or_else(|| d.to_path_buf()));
        Ok(FileFilter {
            include: globset(&config.include, "include")?,
            exclude: globset(&config.exclude, "exclude")?,
            base,
            cwd: std::env::current_dir().ok(),
        })
    }

    /// Whether the walk of `root` checks `path`.
    pub fn wants(&self, root: &Path, path: &Path) -> bool {
        // Runs for every file of a walk: the absolute path is only made
        // when there is a config directory to compare it with.
        let in_base = self.base.as_deref().and_then(|base| {
            let abs = match &self.cwd {
                Some(cwd) if path.is_relative() => cwd.join(path),
                _ => path.to_path_buf(),
            };
            abs.strip_prefix(base).ok().map(Path::to_path_buf)
        });
        let rel = match &in_base {
            Some(rel) => rel.as_path(),
            None => path.strip_prefix(root).unwrap_or(path),
        };
        self.include.is_match(rel) && !self.exclude.is_match(rel)
    }
}

fn absolute(p: &Path) -> Option<PathBuf> {
    if p.is_absolute() {
        Some(p.to_path_buf())
    } else {
        Some(std::env::current_dir().ok()?.join(p))
    }
}

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// Expands the command-line paths into inputs, in order, without
/// duplicates. Walk errors are returned as `PATH: message` strings.
pub fn collect(paths: &[PathBuf], filter: &FileFilter) -> (Vec<Input>, Vec<String>) {
    // Inputs in command-line and walk order.
    let mut candidates = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            candidates.push(Input::Stdin);
            continue;
        }
        if !p.is_dir() {
            // Named explicitly: always checked; reading reports problems.
            candidates.push(Input::File(p.clone()));
            continue;
        }
        let walk = ignore::WalkBuilder::new(p)
            .follow_links(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walk {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file()) && filter.wants(p, e.path()) {
                        candidates.push(Input::File(clean(e.path())));
                    }
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
    }
    // The same path twice is one input (a file reached twice under two
    // names is found by the reader, which knows each file's identity).
    // One walk gives each path once: only several paths need the set
    // (hashing a path parses it, which is most of the cost of a walk).
    if paths.len() < 2 {
        return (candidates, errors);
    }
    let mut seen = HashSet::new();
    let inputs = candidates
        .into_iter()
        .filter(|c| seen.insert(c.clone()))
        .collect();
    (inputs, errors)
}

/// `./a.txt` -> `a.txt`.
fn clean(p: &Path) -> PathBuf {
    // Only a path that starts with `.` can start with the `.` component.
    if !p.as_os_str().as_encoded_bytes().starts_with(b".") {
        return p.to_path_buf();
    }
    p.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_globs_match_text_and_markdown_at_any_depth() {
        let f = FileFilter::new(&Config::default(), None).unwrap();
        let root = Path::new("r");
        assert!(f.wants(root, Path::new("r/a.txt")));
        assert!(f.wants(root, Path::new("r/x/y/b.md")));
        assert!(!f.wants(root, Path::new("r/c.rs")));
    }

    #[test]
    fn exclude_wins() {
        let c = Config {
            exclude: vec!["drafts/**".into()],
            ..Config::default()
        };
        let f = FileFilter::new(&c, None).unwrap();
        let root = Path::new("r");
        assert!(!f.wants(root, Path::new("r/drafts/a.txt")));
        assert!(f.wants(root, Path::new("r/final/a.txt")));
    }
}
