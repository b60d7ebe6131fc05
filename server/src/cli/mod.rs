//! `lede check` and friends: the command-line face of the engine.

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    0
}
