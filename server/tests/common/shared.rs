//! Where the tests find `../shared` (the sample articles, never copied
//! into the repository): `$LEDE_SHARED` if set (relative to the
//! workspace root), else `../shared` beside the workspace root.
//!
//! Rust has no runtime skip: a test that needs the seeds and finds none
//! writes a `skipped: ...` line to stderr (not captured, so `cargo test`
//! shows it) and returns; with `CI` set it fails instead.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

/// The `shared` folder, present or not.
pub fn shared_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    match std::env::var_os("LEDE_SHARED") {
        Some(dir) => root.join(dir),
        None => root.join("../shared"),
    }
}

/// `<shared>/seeds`, or `None` after saying the test is skipped (a
/// panic when `CI` is set: there a missing corpus is a failure).
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = shared_dir().join("seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    let msg = format!(
        "skipped: ../shared/seeds not found (tests that read the sample articles need \
         ../shared beside the repo; looked in {}, set LEDE_SHARED to change it)",
        dir.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}; CI is set, so this is a failure");
    }
    // Straight to the stream: the test harness captures `println!`.
    let _ = writeln!(std::io::stderr(), "{msg}");
    None
}
