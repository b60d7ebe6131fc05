//! `lede report --html FILE`: one self-contained HTML page about a corpus
//! (totals, findings per rule and per file, the entity table, every
//! finding with its line), rendered by [`super::output::html`].

use std::path::{Path, PathBuf};

use clap::Args;

use super::entities_cmd::entity_table;
use super::index_cmd::RunEngines;
use super::load::{open_run, ReadOptions};
use super::output::{html, Report};
use super::run::{check_docs_once, emit};
use super::select::Selection;
use super::{error, EXIT_ERROR, EXIT_OK};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Files or directories, found as `lede check` finds them (the
    /// configured `include`/`exclude` globs, .gitignore, no hidden
    /// files); `-` reads one article from stdin. No path means the
    /// current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write the HTML page to FILE, atomically (FILE is replaced only once
    /// the page is complete); `-` writes it on stdout. The page is one
    /// file: inline CSS and SVG, no scripts, nothing fetched.
    #[arg(long, value_name = "FILE", required = true)]
    pub html: PathBuf,

    /// Use this configuration file instead of searching for the nearest
    /// `lede.toml` upwards from the first path (or the current directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Only report these rules: ids or families, comma-separated,
    /// repeatable (as for `lede check`).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Never report these rules: ids or families, comma-separated,
    /// repeatable. Wins over --select.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// The name to report (and to find `lede.toml` from) for `-`.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Follow symlinks in directory walks, also out of the walked tree.
    #[arg(long)]
    pub follow: bool,

    /// Skip binary files with a note instead of reporting them as errors.
    #[arg(long)]
    pub skip_binary: bool,

    /// No notes and no summary line on stderr (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
}

/// Exit status 0 when the page is written, whatever it reports; 2 for
/// usage, configuration and I/O errors (a file that cannot be read is
/// left out of the page, which is still written).
pub fn report(args: &ReportArgs) -> i32 {
    let selection = match Selection::new(&args.select, &args.ignore) {
        Ok(s) => s,
        Err(m) => {
            error(m);
            return EXIT_ERROR;
        }
    };
    let (engine, config_path, inputs) = match open_run(
        args.config.as_deref(),
        &args.paths,
        args.stdin_filename.as_deref(),
        ReadOptions {
            follow: args.follow,
            skip_binary: args.skip_binary,
            quiet: args.quiet,
        },
    ) {
        Ok(run) => run,
        Err(code) => return code,
    };
    let docs = &inputs.docs;
    // One configuration for the whole report (as `lede entities`): the
    // first path's nearest `lede.toml`, or `--config`.
    let key = super::index_cmd::config_key_of(config_path.as_deref());
    let engines = RunEngines::one(key, engine, docs.len());
    let engine = &engines.list[0].1;
    let (_, findings, _) = match check_docs_once(&engines, &selection, docs, None, None) {
        Ok(c) => c,
        Err(m) => {
            error(m);
            return EXIT_ERROR;
        }
    };
    let entities = entity_table(engine, docs);
    let report = Report::new(docs, &findings);
    let page = html::Page {
        report: &report,
        entities: &entities,
    };
    let out = (args.html.as_os_str() != "-").then_some(args.html.as_path());
    if let Err(e) = emit(out, |w| html::write(w, &page)) {
        let at = out.map_or("stdout".into(), |p: &Path| p.display().to_string());
        error(format!("{at}: cannot write the report: {e}"));
        return EXIT_ERROR;
    }
    if !args.quiet {
        if let Some(p) = out {
            eprintln!(
                "Wrote {}: {} in {}.",
                p.display(),
                plural(report.total(), "finding", "findings"),
                plural(docs.len(), "file", "files")
            );
        }
    }
    if inputs.had_error {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
