//! `lede tag`: pre-annotation from the registry. The matching is the
//! core's ([`crate::engine::pretag`]); this file reads, writes atomically
//! (the `--fix` write path), prints diffs and listings.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use super::discover::Input;
use super::load::{open_run, ReadOptions};
use super::pos::Locator;
use super::{error, fixes, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::engine::pretag::Pretagger;

#[derive(Debug, Args)]
pub struct TagArgs {
    /// Files or directories to tag, found as `lede check` finds them
    /// (`include`/`exclude` globs, .gitignore honoured). `-` reads one
    /// article from stdin and prints it tagged. No path means the current
    /// directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Use this configuration file instead of the nearest `lede.toml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// List each mention that would be tagged (`path:line:column`), write
    /// nothing. Exit status 1 when there is one, 0 when there is none.
    #[arg(long, conflicts_with = "diff")]
    pub dry_run: bool,

    /// Print the changes as a unified diff, write nothing. Exit status 1
    /// when there is a diff, 0 when there is none.
    #[arg(long)]
    pub diff: bool,

    /// The name to report (and to find `lede.toml` from) for `-`.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

pub fn tag(args: &TagArgs) -> i32 {
    let (engine, _, inputs) = match open_run(
        args.config.as_deref(),
        &args.paths,
        args.stdin_filename.as_deref(),
        ReadOptions::default(),
    ) {
        Ok(run) => run,
        Err(code) => return code,
    };
    let config = engine.config();
    let pretagger = Pretagger::new(config);
    for s in &pretagger.ambiguous {
        error(format!(
            "registry spelling \"{s}\" belongs to more than one entity; it is not tagged"
        ));
    }
    if pretagger.is_empty() {
        error("the registry has no name or alias to tag with (`[[entity]]` in lede.toml)");
    }
    let mut had_error = inputs.had_error;
    let docs = &inputs.docs;
    let tagged: Vec<(String, usize)> = docs.par_iter().map(|d| pretagger.tag(&d.text)).collect();
    let mentions: usize = tagged.iter().map(|t| t.1).sum();
    let files = tagged.iter().filter(|t| t.1 > 0).count();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut written = Ok(());
    if args.dry_run {
        for d in docs {
            let ms = pretagger.mentions(&d.text);
            if ms.is_empty() {
                continue;
            }
            let loc = Locator::new(&d.text);
            for m in ms {
                let p = loc.pos(m.span.start);
                let surface = &d.text[m.span.clone()];
                let suffix = pretagger.suffix(m.entity).unwrap_or_default();
                written = written.and_then(|()| {
                    writeln!(
                        out,
                        "{}:{}:{}: \"{surface}\" -> [{surface}]{{{suffix}}}",
                        d.name, p.line, p.column
                    )
                });
            }
        }
    } else if args.diff {
        for (d, (text, n)) in docs.iter().zip(&tagged) {
            if *n > 0 {
                let diff = fixes::unified_diff(&d.name, &d.text, text);
                written = written.and_then(|()| out.write_all(diff.as_bytes()));
            }
        }
    } else {
        for (((d, origin), (text, n)), encoding) in docs
            .iter()
            .zip(&inputs.origins)
            .zip(&tagged)
            .zip(&inputs.encodings)
        {
            match origin {
                Input::Stdin => written = written.and_then(|()| out.write_all(text.as_bytes())),
                Input::File(p) if *n > 0 => {
                    if let Err(e) = fixes::write_fixed(p, &d.text, text, *encoding) {
                        error(format!("{}: cannot write the tagged file: {e}", d.name));
                        had_error = true;
                    }
                }
                Input::File(_) => {}
            }
        }
    }
    if let Err(e) = written.and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            error(format!("cannot write the output: {e}"));
        }
        return EXIT_ERROR;
    }
    let verb = if args.dry_run || args.diff {
        "Would tag"
    } else {
        "Tagged"
    };
    let _ = writeln!(
        std::io::stderr(),
        "{verb} {mentions} {} in {files} {}.",
        if mentions == 1 { "mention" } else { "mentions" },
        if files == 1 { "file" } else { "files" },
    );
    if had_error {
        EXIT_ERROR
    } else if (args.dry_run || args.diff) && mentions > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
