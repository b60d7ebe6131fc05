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

    /// `path` relative to the config's directory, with `/` between its
    /// parts (what `[[allow]]`'s `files` globs and baselines match), or
    /// `None` when there is no config or `path` is outside its directory.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let base = self.base.as_deref()?;
        let abs = match &self.cwd {
            Some(cwd) if path.is_relative() => cwd.join(path),
            _ => path.to_path_buf(),
        };
        crate::engine::allow::relative_path(base, &abs)
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
        self.include.is_match(rel) && !self.exclude.is_match(rel) && !is_project_file(rel)
    }
}

/// Files a project keeps beside its articles, left out of directory walks
/// (named explicitly, they are checked): a `README.md` is not an article.
const PROJECT_FILES: &[&str] = &[
    "README",
    "CHANGELOG",
    "CHANGES",
    "CONTRIBUTING",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "CODE_OF_CONDUCT",
    "SECURITY",
    "AUTHORS",
];

/// Whether the file name's stem (up to the first `.`) is one of
/// [`PROJECT_FILES`], in any case: `README.md`, `readme.txt`,
/// `CHANGELOG.en.md`, but not `readme-notes.txt`.
fn is_project_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or(name);
    PROJECT_FILES.iter().any(|p| p.eq_ignore_ascii_case(stem))
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

/// How directories are walked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Walk {
    /// Follow symlinks (`--follow`). Without it a symlink in a walk is
    /// not followed: one into the walked tree leads to files the walk
    /// reaches anyway, one out of it is skipped with a note.
    pub follow: bool,
}

/// What [`collect_walk`] found.
#[derive(Debug, Default)]
pub struct Collected {
    /// Inputs in command-line and walk order, without duplicates.
    pub inputs: Vec<Input>,
    /// `PATH: message` for what could not be walked (exit status 2).
    pub errors: Vec<String>,
    /// `PATH: message` for what was left out on purpose (not errors).
    pub notes: Vec<String>,
    /// Files a walk reached through a symlink (`--follow`): `--fix`
    /// does not write to them.
    pub via_symlink: HashSet<PathBuf>,
}

/// [`collect_walk`] with the default walk, without the notes.
pub fn collect(paths: &[PathBuf], filter: &FileFilter) -> (Vec<Input>, Vec<String>) {
    let c = collect_walk(paths, &mut |root, p| filter.wants(root, p), Walk::default());
    (c.inputs, c.errors)
}

/// Expands the command-line paths into inputs. Directory walks honour
/// `.gitignore` (inside a git repository or not), `.ignore` and
/// `.ledeignore`, and skip hidden files. `wants(root, path)` says whether
/// the walk of `root` checks the file `path` (a [`FileFilter`], or each
/// file's own configuration's).
pub fn collect_walk(
    paths: &[PathBuf],
    wants: &mut dyn FnMut(&Path, &Path) -> bool,
    how: Walk,
) -> Collected {
    let mut out = Collected::default();
    // Inputs in command-line and walk order.
    let mut candidates = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            candidates.push(Input::Stdin);
            continue;
        }
        if !p.is_dir() {
            // Named explicitly: always checked (a symlink too, as ruff and
            // ripgrep do); reading reports problems.
            candidates.push(Input::File(p.clone()));
            continue;
        }
        let walk = ignore::WalkBuilder::new(p)
            .follow_links(how.follow)
            .require_git(false)
            .add_custom_ignore_filename(IGNORE_FILE)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        let mut root_real: Option<Option<PathBuf>> = None;
        let mut linked_dirs: Vec<PathBuf> = Vec::new();
        for entry in walk {
            let e = match entry {
                Ok(e) => e,
                Err(e) => {
                    out.errors.push(e.to_string());
                    continue;
                }
            };
            let Some(ty) = e.file_type() else { continue };
            if ty.is_symlink() {
                // Not followed (no --follow).
                let real = root_real.get_or_insert_with(|| std::fs::canonicalize(p).ok());
                if let (Some(root), Ok(target)) = (real.as_ref(), std::fs::canonicalize(e.path())) {
                    let wanted = target.is_dir() || wants(p, e.path());
                    if !target.starts_with(root) && wanted {
                        out.notes.push(format!(
                            "{}: skipped: a symlink out of {} (to {}); --follow follows it",
                            clean(e.path()).display(),
                            p.display(),
                            target.display()
                        ));
                    }
                }
                continue;
            }
            if how.follow && e.path_is_symlink() && ty.is_dir() {
                linked_dirs.push(e.path().to_path_buf());
            }
            if ty.is_file() && wants(p, e.path()) {
                let path = clean(e.path());
                if how.follow
                    && (e.path_is_symlink() || linked_dirs.iter().any(|d| e.path().starts_with(d)))
                {
                    out.via_symlink.insert(path.clone());
                }
                candidates.push(Input::File(path));
            }
        }
    }
    // The same path twice is one input (a file reached twice under two
    // names is found by the reader, which knows each file's identity).
    // One walk gives each path once: only several paths need the set
    // (hashing a path parses it, which is most of the cost of a walk).
    if paths.len() < 2 {
        out.inputs = candidates;
        return out;
    }
    let mut seen = HashSet::new();
    out.inputs = candidates
        .into_iter()
        .filter(|c| seen.insert(c.clone()))
        .collect();
    out
}

/// lede's own ignore file, read like `.gitignore` in every directory of a
/// walk.
pub const IGNORE_FILE: &str = ".ledeignore";

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

    #[test]
    fn project_files_are_left_out_of_walks() {
        let f = FileFilter::new(&Config::default(), None).unwrap();
        let root = Path::new("r");
        for name in [
            "README.md",
            "x/readme.txt",
            "CHANGELOG.en.md",
            "LICENSE.txt",
        ] {
            assert!(!f.wants(root, &root.join(name)), "{name}");
        }
        for name in ["readme-notes.txt", "x/changelog_story.md", "a.md"] {
            assert!(f.wants(root, &root.join(name)), "{name}");
        }
    }
}
