//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::base::finding::Severity;

/// Find and fix the damage in scraped, machine-translated news articles.
#[derive(Debug, Parser)]
#[command(name = "lede", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check articles (files, directories or stdin) and report or fix findings.
    Check(CheckArgs),
    /// Run the language server over stdin/stdout (for editors).
    Lsp(LspArgs),
    /// List every rule with its default severity and summary.
    Rules(RulesArgs),
    /// Explain one rule (or list the rules of a family).
    Explain(ExplainArgs),
    /// Write the corpus index of files (or JSON Lines) for a sharded run,
    /// or merge index files (docs/pipelines.md).
    Index(super::index_cmd::IndexArgs),
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk LSP over stdin/stdout. This is the only transport and the
    /// default; the flag is accepted because clients such as
    /// vscode-languageclient pass it.
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable report with source excerpts, like rustc or ruff.
    Human,
    /// One JSON array of findings (see docs/cli.md for the fields).
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
}

impl FailOn {
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
            FailOn::Hint => Severity::Hint,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; directories are searched recursively
    /// for files matching the configured `include` globs (default `**/*.txt`
    /// and `**/*.md`) minus `exclude`, honouring .gitignore and skipping
    /// hidden files. Files named explicitly are always checked. `-` reads
    /// one article from stdin. No path means the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format. `human` is the default everywhere (also when piped);
    /// use `json`, `jsonl`, `sarif` or `github` for machines.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Use this configuration file instead of searching for the nearest
    /// `lede.toml` upwards from the first path (or the current directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Apply safe fixes in place (atomically, to a fixpoint, so a second
    /// run changes nothing), then report what remains. With `-` the fixed
    /// text is printed on stdout and the report goes to stderr.
    #[arg(long)]
    pub fix: bool,

    /// With --fix or --diff: also apply fixes that are not marked safe.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the changes --fix would make as a unified diff, write
    /// nothing. Exit status 1 when there is a diff, 0 when there is none.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,

    /// Only report these rules: ids (`tags/malformed`) or families
    /// (`tags`), comma-separated, repeatable. `ALL` selects everything.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Never report these rules: ids or families, comma-separated,
    /// repeatable. Wins over --select.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Exit with status 1 when a finding at this severity or louder
    /// remains. Quieter findings are still reported.
    #[arg(long, value_enum, default_value_t = FailOn::Warning, value_name = "SEVERITY")]
    pub fail_on: FailOn,

    /// Corpus mode for pipelines: read JSON Lines `{"id": .., "text": ..}`
    /// on stdin and write one line `{"id": .., "findings": [..]}` per input
    /// line, in order (with --fix also `"fixed"`). All of stdin is one
    /// corpus. Always exits 0 unless stdin cannot be read.
    #[arg(long, conflicts_with_all = ["paths", "format", "diff"])]
    pub jsonl: bool,

    /// Check in the corpus of this index file (`lede index`) instead of the
    /// checked documents alone, so that a shard of a corpus reports what
    /// one run over all of it does. Documents the index does not name are
    /// added to its corpus.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff"])]
    pub index: Option<PathBuf>,

    /// The name to report (and to find `lede.toml` from) for `-`.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Never show a progress bar (it is shown only on a terminal, for
    /// runs of more than 200 files).
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// An aligned table: id, default severity, summary.
    Table,
    /// The full Markdown reference (this is `docs/rules.md`).
    Markdown,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id such as `tags/unknown-label`, or a family such as `tags`.
    pub rule: String,
}
