//! Puts the commit into `lede --version`: `LEDE_COMMIT` is the short hash and
//! the commit date (`59889ce 2026-12-04`) when the build runs in lede's own git
//! checkout, else `unknown commit` (a crates.io or tarball build). A packager
//! may set `LEDE_COMMIT` in the environment to name the commit itself.
//! `server/tests/release.rs` runs [`commit_of`] on throwaway repositories.

use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)] // the tests include this file for `commit_of` alone
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=LEDE_COMMIT");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut watch = Vec::new();
    let commit = match std::env::var("LEDE_COMMIT") {
        Ok(c) if !c.trim().is_empty() => c.trim().to_string(),
        _ => commit_of(&manifest, &mut watch).unwrap_or_else(|| "unknown commit".to_string()),
    };
    for p in watch {
        println!("cargo:rerun-if-changed={}", p.display());
    }
    println!("cargo:rustc-env=LEDE_COMMIT={commit}");
}

pub fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?;
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// `HASH DATE` of the commit checked out where the package `manifest` (the
/// `server/` folder) sits, when its parent is the top of a git work tree;
/// `watch` gets the git files that change when HEAD moves.
pub fn commit_of(manifest: &Path, watch: &mut Vec<PathBuf>) -> Option<String> {
    let workspace = manifest.parent()?.canonicalize().ok()?;
    // Only lede's own checkout: a source tree unpacked inside some other
    // repository must not report that repository's commit.
    let top = PathBuf::from(git(manifest, &["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != workspace {
        return None;
    }
    // HEAD itself, the branch it points to, and the packed refs.
    let mut names = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(manifest, &["symbolic-ref", "-q", "HEAD"]) {
        names.push(branch);
    }
    for name in names {
        if let Some(p) = git(manifest, &["rev-parse", "--git-path", &name]) {
            // `join` keeps an absolute path as it is. A missing path would
            // make cargo rerun the script on every build.
            let p = manifest.join(p);
            if p.exists() {
                watch.push(p);
            }
        }
    }
    git(manifest, &["log", "-1", "--format=%h %cs"])
}
