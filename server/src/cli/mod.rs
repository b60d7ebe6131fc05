//! `lede check` and friends: the command-line face of the engine.
//!
//! The modules are thin: [`args`] declares the command line, [`discover`]
//! finds the config and the files, [`input`] reads them, [`run`] drives the
//! engine's two phases (in parallel) and the fixes, [`output`] prints, and
//! [`corpus`] is the JSON Lines pipeline mode. Every finding comes from
//! [`crate::Engine::findings_for`], the same function the language server
//! calls.

use std::io::Write;

use clap::Parser;

pub mod args;
pub mod baseline;
pub mod configs;
pub mod corpus;
pub mod discover;
pub mod entities_cmd;
pub mod export_cmd;
pub mod fixes;
pub mod index_cmd;
pub mod input;
pub mod load;
pub mod output;
pub mod pos;
pub mod report_cmd;
pub mod rules_cmd;
pub mod run;
pub mod select;
pub mod tag_cmd;

use args::{Cli, Command};

/// Exit status: nothing at or above `--fail-on`.
pub const EXIT_OK: i32 = 0;
/// Exit status: findings (or, with `--diff`, changes).
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage, configuration or I/O error.
pub const EXIT_ERROR: i32 = 2;

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Lsp(_) => crate::lsp::serve(),
        Command::Check(args) => run::check(args),
        Command::Rules(args) => rules_cmd::rules(&args),
        Command::Explain(args) => rules_cmd::explain(&args),
        Command::Tag(args) => tag_cmd::tag(&args),
        Command::Entities(args) => entities_cmd::entities(&args),
        Command::Export(args) => export_cmd::export(&args),
        Command::Import(args) => export_cmd::import(&args),
        Command::Index(args) => index_cmd::index(args),
        Command::Report(args) => report_cmd::report(&args),
    }
}

/// Prints `lede: message` on stderr.
pub(crate) fn error(message: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "lede: {message}");
}
