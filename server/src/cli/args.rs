//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::base::finding::Severity;

/// `lede --version`: the release and the commit it was built from (`server/build.rs`).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("LEDE_COMMIT"), ")");

/// Find and fix the damage in scraped, machine-translated news articles.
#[derive(Debug, Parser)]
#[command(name = "lede", version = VERSION, about, long_about = None, propagate_version = true)]
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
    /// Tag every untagged registry name or alias (in place, or --dry-run/--diff).
    Tag(super::tag_cmd::TagArgs),
    /// The entities of a corpus: label, mentions, files, spellings, variants.
    Entities(super::entities_cmd::EntitiesArgs),
    /// Write tagged articles for an annotation tool (brat, CoNLL, spaCy, doccano, Label Studio).
    Export(crate::cli::export_cmd::ExportArgs),
    /// Read an annotation tool's file back into tagged articles.
    Import(crate::cli::export_cmd::ImportArgs),
    /// Write the corpus index of files (or JSON Lines) for a sharded run,
    /// or merge index files (docs/pipelines.md).
    Index(super::index_cmd::IndexArgs),
    /// Write one self-contained HTML page about a corpus: totals, charts,
    /// entities, every finding. Exit status 0 unless an error (2).
    Report(super::report_cmd::ReportArgs),
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
    /// corpus. Always exits 0 unless stdin cannot be read. (Not to be
    /// confused with `--format jsonl`, which is an output format.)
    #[arg(long = "stdin-jsonl", conflicts_with_all = ["paths", "format", "diff", "baseline", "write_baseline"])]
    pub jsonl: bool,

    /// The old name of --stdin-jsonl; still accepted, with a note.
    #[arg(long = "jsonl", hide = true, conflicts_with_all = ["paths", "format", "diff", "baseline", "write_baseline"])]
    pub jsonl_deprecated: bool,
    /// Check in the corpus of this index file (`lede index`) instead of the
    /// checked documents alone, so that a shard of a corpus reports what
    /// one run over all of it does. Documents the index does not name are
    /// added to its corpus.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff"])]
    pub index: Option<PathBuf>,

    /// Write the findings of this run to FILE as a baseline (JSON: each
    /// finding's rule, file and a fingerprint that does not change when
    /// lines move), print no report, and exit 0. `--baseline FILE` then
    /// reports only findings that are not in it.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff", "baseline", "statistics"])]
    pub write_baseline: Option<PathBuf>,

    /// Report only findings that are not in this baseline file (written
    /// by --write-baseline); the summary counts the others as baselined.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff"])]
    pub baseline: Option<PathBuf>,

    /// The name to report (and to find `lede.toml` from) for `-`.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Never show a progress bar (it is shown only on a terminal, for
    /// runs of more than 200 files).
    #[arg(long)]
    pub no_progress: bool,

    /// Print the findings and nothing else: no summary line, no notes
    /// (errors still go to stderr).
    #[arg(short, long)]
    pub quiet: bool,

    /// When to colour the human report. `auto`: when the output is a
    /// terminal and `NO_COLOR` is unset, or when `FORCE_COLOR` or
    /// `CLICOLOR_FORCE` is set (`NO_COLOR` wins).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Write the report (or with --diff the diff) to FILE instead of
    /// stdout, atomically: FILE is replaced only once it is complete.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// Print how many findings each rule has instead of the findings
    /// (`--format json`: an array of `{rule, severity, count, fixable}`).
    #[arg(long)]
    pub statistics: bool,

    /// Exit with status 0 even when findings remain (I/O and usage
    /// errors still give 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Worker threads (0, the default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,

    /// Follow symlinks in directory walks, also out of the walked tree.
    /// Without it such symlinks are skipped with a note. --fix never
    /// writes through a symlink either way.
    #[arg(long)]
    pub follow: bool,

    /// Skip binary files (a NUL byte, no UTF-16 byte-order mark) with a
    /// note instead of reporting them as errors (exit status 2).
    #[arg(long)]
    pub skip_binary: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
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
