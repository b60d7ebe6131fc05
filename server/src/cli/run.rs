//! `lede check`: config, files, the engine's two phases in parallel,
//! fixes, output, exit status.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget};
use rayon::prelude::*;

use super::args::{CheckArgs, ColorChoice, Format};
use super::discover::{self, Input};
use super::index_cmd::{config_key_of, read_index, RunCorpus, RunEngines};
use super::output::{self, Doc, HumanOptions, Report};
use super::pos::Locator;
use super::select::Selection;
use super::{corpus, error, fixes, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::base::finding::Finding;
use crate::base::fix::FixMode;
use crate::engine::index_file::{text_hash, IndexFile};
use crate::engine::{DocAnalysis, DocFeatures, Engine};

/// Runs show a progress bar above this many files (on a terminal).
const PROGRESS_MIN_FILES: usize = 200;

/// Phase 1 over a set of documents, in parallel (each with its engine),
/// with each text's hash when a corpus index needs it.
fn analyze_all(
    engines: &RunEngines,
    docs: &[Doc],
    hashes: bool,
    progress: Option<&ProgressBar>,
) -> Vec<(DocAnalysis, u64)> {
    docs.par_iter()
        .enumerate()
        .map(|(i, d)| {
            let a = engines.of(i).analyze(&d.text);
            if let Some(p) = progress {
                p.inc(1);
            }
            (a, if hashes { text_hash(&d.text) } else { 0 })
        })
        .collect()
}

/// The corpora of a run: the documents alone, or `index` with them, one
/// corpus per configuration.
fn corpus_of(
    engines: &RunEngines,
    docs: &[Doc],
    analyses: &[(DocAnalysis, u64)],
    index: Option<&mut IndexFile>,
) -> Result<RunCorpus, String> {
    let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
    let features: Vec<&DocFeatures> = analyses.iter().map(|(a, _)| &a.features).collect();
    let hashes: Vec<u64> = analyses.iter().map(|(_, h)| *h).collect();
    RunCorpus::build(engines, &names, &hashes, &features, index).map_err(|e| e.to_string())
}

/// Phase 1 and 2 over a set of documents, in parallel, keeping the
/// analyses (`--fix` checks the documents it changed again).
pub fn check_docs(
    engines: &RunEngines,
    selection: &Selection,
    docs: &[Doc],
    progress: Option<&ProgressBar>,
) -> (Vec<DocAnalysis>, RunCorpus, Vec<Vec<Finding>>) {
    let analyses = analyze_all(engines, docs, false, progress);
    let corpus = corpus_of(engines, docs, &analyses, None).expect("no index, no error");
    let analyses: Vec<DocAnalysis> = analyses.into_iter().map(|(a, _)| a).collect();
    let findings = findings_all(engines, selection, &analyses, &corpus);
    (analyses, corpus, findings)
}

fn findings_all(
    engines: &RunEngines,
    selection: &Selection,
    analyses: &[DocAnalysis],
    corpus: &RunCorpus,
) -> Vec<Vec<Finding>> {
    analyses
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            selection.filter(corpus.findings(engines, i, a.findings.clone(), &a.features))
        })
        .collect()
}

/// [`check_docs`] when the analyses are not needed afterwards: each
/// document's local findings move into its report instead of being
/// copied. The documents' features come back apart, for the caller to
/// drop (freeing them while the findings are merged made a corpus run
/// about 5% slower; `check` leaves them to the process exit). With
/// `index`, the documents are checked in its corpora ([`RunCorpus`]).
pub fn check_docs_once(
    engines: &RunEngines,
    selection: &Selection,
    docs: &[Doc],
    index: Option<&mut IndexFile>,
    progress: Option<&ProgressBar>,
) -> Result<Checked, String> {
    let analyses = analyze_all(engines, docs, index.is_some(), progress);
    let corpus = corpus_of(engines, docs, &analyses, index)?;
    Ok(merge_once(engines, selection, analyses, corpus))
}

/// [`check_docs_once`] for a report that needs only positions (not the
/// human format): each document's text is freed as soon as it is
/// analysed, and a locator detached from it stands in for it. A corpus run
/// otherwise holds every text to the end (a third of its memory), and each
/// page it holds costs a fault; freed, the memory serves the next
/// documents' analyses. A text with too many characters beyond ASCII for
/// a detached locator to pay stays, and gets no locator here.
pub fn check_docs_detaching(
    engines: &RunEngines,
    selection: &Selection,
    docs: &mut [Doc],
    index: Option<&mut IndexFile>,
    progress: Option<&ProgressBar>,
) -> Result<(Checked, Vec<Option<Locator<'static>>>), String> {
    let hashes = index.is_some();
    let (analyses, locators): (Vec<(DocAnalysis, u64)>, Vec<_>) = docs
        .par_iter_mut()
        .enumerate()
        .map(|(i, d)| {
            let a = engines.of(i).analyze(&d.text);
            let hash = if hashes { text_hash(&d.text) } else { 0 };
            let locator = Locator::detached(&d.text);
            if locator.is_some() {
                d.text = String::new();
            }
            if let Some(p) = progress {
                p.inc(1);
            }
            ((a, hash), locator)
        })
        .unzip();
    let corpus = corpus_of(engines, docs, &analyses, index)?;
    Ok((merge_once(engines, selection, analyses, corpus), locators))
}

/// A set of documents checked together: their corpora, each document's
/// findings, and its features (see [`check_docs_once`]).
type Checked = (RunCorpus, Vec<Vec<Finding>>, Vec<DocFeatures>);

/// Each document's merged findings in `corpus`, from analyses the caller
/// no longer needs.
fn merge_once(
    engines: &RunEngines,
    selection: &Selection,
    analyses: Vec<(DocAnalysis, u64)>,
    corpus: RunCorpus,
) -> Checked {
    let (findings, features) = analyses
        .into_par_iter()
        .enumerate()
        .map(|(i, (a, _))| {
            let found = corpus.findings(engines, i, a.findings, &a.features);
            (selection.filter(found), a.features)
        })
        .unzip();
    (corpus, findings, features)
}

/// Whether any finding has a fix `mode` would apply.
fn fixable(findings: &[Finding], mode: FixMode) -> bool {
    findings
        .iter()
        .any(|f| f.fixes.iter().any(|x| x.safe || mode == FixMode::All))
}

/// Removes the findings `[[allow]]` suppresses from each document's
/// (`paths[i]`: its path relative to the config's directory, where it has
/// one); returns how many.
pub fn suppress_all(
    engines: &RunEngines,
    docs: &[Doc],
    paths: &[Option<String>],
    findings: &mut [Vec<Finding>],
) -> usize {
    if engines.list.iter().all(|(_, e)| e.allows().is_empty()) {
        return 0;
    }
    findings
        .par_iter_mut()
        .enumerate()
        .map(|(i, f)| {
            let path = paths.get(i).and_then(|p| p.as_deref());
            engines.of(i).allows().suppress(f, &docs[i].text, path)
        })
        .sum()
}

/// Fixes every document against the corpus of the originals; `None` where
/// nothing changed.
pub fn fix_docs(
    engines: &RunEngines,
    selection: &Selection,
    docs: &[Doc],
    paths: &[Option<String>],
    corpus: &RunCorpus,
    findings: &[Vec<Finding>],
    mode: FixMode,
) -> Vec<Option<(String, usize)>> {
    docs.par_iter()
        .enumerate()
        .map(|(i, d)| {
            if !fixable(&findings[i], mode) {
                return None;
            }
            let (index, number) = corpus.corpus_of(i);
            let (text, n) = fixes::fix_text(
                engines.of(i),
                selection,
                index,
                (number, paths.get(i).and_then(|p| p.as_deref())),
                &d.text,
                mode,
            );
            (text != d.text).then_some((text, n))
        })
        .collect()
}

/// Loads the config for a run (printing the problem on failure).
///
/// The error carries nothing: the message is already on stderr and every
/// caller only turns it into exit status 2.
#[allow(clippy::result_unit_err)]
pub fn engine_for(explicit: Option<&Path>, start: &Path) -> Result<(Engine, Option<PathBuf>), ()> {
    let (config, path) = discover::load_config(explicit, start).map_err(|p| {
        let _ = writeln!(std::io::stderr(), "{}", p.0);
    })?;
    let engine = Engine::new(config).map_err(|e| {
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            discover::engine_error(path.as_deref(), &e).0
        );
    })?;
    Ok((engine, path))
}

/// Whether to colour a report going to a stream (`is_terminal`), per
/// `--color` and, for `auto`, the environment: `NO_COLOR` (set and not
/// empty) turns colour off, else `FORCE_COLOR` or `CLICOLOR_FORCE` (set,
/// not empty and not `0`) turns it on, else a terminal gets colour.
pub fn use_color(
    choice: ColorChoice,
    is_terminal: bool,
    env: impl Fn(&str) -> Option<String>,
) -> bool {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    let forced = |k: &str| env(k).is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto => forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") || is_terminal,
    }
}

fn env_var(k: &str) -> Option<String> {
    std::env::var(k).ok()
}

/// Writes the output through `write`: to stdout, or with `--output-file`
/// to a temporary file beside FILE renamed over it once complete (a
/// reader never sees half a report, and a failed run leaves the old one).
pub(super) fn emit(
    output_file: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let Some(path) = output_file else {
        // Large writes: a corpus report is tens of megabytes.
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        write(&mut out)?;
        return out.flush();
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".lede-report-")
        .tempfile_in(dir)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, tmp);
    write(&mut out)?;
    let tmp = out.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Tunes glibc's allocator for a check run, which allocates and frees many
/// small blocks per article on every core (`docs/performance.md`):
///
/// - "Fast bins" off: with them, glibc keeps merging freed small blocks
///   back (`malloc_consolidate`, 2–3% of a run in profiles); the whole
///   10,000-article run took about 8% longer. Small blocks still go through
///   the per-thread cache.
/// - 64 MiB of top padding: each worker thread's heap otherwise grows a few
///   pages at a time, one `mprotect` call each (about 4% of a run's
///   samples); with the padding it grows in large steps. Peak memory does
///   not change: padding is address space, touched only when used.
///
/// The language server keeps the defaults.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes tuning parameters of the allocator;
    // it is called before this run's allocations, and both values are
    // valid: 0 disables fast bins, and any non-negative top pad is allowed.
    unsafe {
        libc::mallopt(libc::M_MXFAST, 0);
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}

pub fn check(mut args: CheckArgs) -> i32 {
    tune_allocator();
    if args.threads > 0 {
        // Fails only when the pool already exists (tests call this twice).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads)
            .build_global();
    }
    if args.jsonl_deprecated {
        error("--jsonl is deprecated: use --stdin-jsonl (the same mode; --format jsonl is an output format)");
        args.jsonl = true;
    }
    let selection = match Selection::new(&args.select, &args.ignore) {
        Ok(s) => s,
        Err(m) => {
            error(m);
            return EXIT_ERROR;
        }
    };
    if args.unsafe_fixes && !args.fix && !args.diff {
        error("--unsafe-fixes needs --fix or --diff");
        return EXIT_ERROR;
    }
    if args.statistics && !matches!(args.format, Format::Human | Format::Json) {
        error("--statistics prints a table (--format human) or JSON (--format json)");
        return EXIT_ERROR;
    }
    if args.statistics && args.diff {
        error("--statistics and --diff print different things; choose one");
        return EXIT_ERROR;
    }
    let mode = if args.unsafe_fixes {
        FixMode::All
    } else {
        FixMode::SafeOnly
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let read_index_file = || match &args.index {
        None => Ok(None),
        Some(path) => read_index(path).map(Some),
    };
    let baseline = match &args.baseline {
        None => None,
        Some(path) => match super::baseline::read(path) {
            Ok(b) => Some(b),
            Err(m) => {
                error(m);
                return EXIT_ERROR;
            }
        },
    };
    if args.jsonl {
        // No files: the configuration of `--stdin-filename`'s directory or
        // the working directory, or `--config`.
        let start = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("."));
        let Ok((engine, config_path)) = engine_for(args.config.as_deref(), &start) else {
            return EXIT_ERROR;
        };
        rayon::spawn(crate::rules::warm_up);
        let Ok(index) = read_index_file() else {
            return EXIT_ERROR;
        };
        let key = config_key_of(config_path.as_deref());
        return corpus::run(key, engine, &selection, args.fix.then_some(mode), index);
    }
    rayon::spawn(crate::rules::warm_up);
    // A line of the run's own summary on stderr (no `lede:` prefix).
    let say = |m: String| {
        if !args.quiet {
            let _ = writeln!(std::io::stderr(), "{m}");
        }
    };

    let Ok((
        mut engines,
        super::load::Inputs {
            mut docs,
            origins,
            encodings,
            via_symlink,
            mut had_error,
        },
    )) = super::load::read_with_configs(
        args.config.as_deref(),
        &paths,
        args.stdin_filename.as_deref(),
        super::load::ReadOptions {
            follow: args.follow,
            skip_binary: args.skip_binary,
            quiet: args.quiet,
        },
    )
    else {
        return EXIT_ERROR;
    };
    let Ok(mut index) = read_index_file() else {
        return EXIT_ERROR;
    };

    let progress = (!args.no_progress
        && !args.quiet
        && docs.len() > PROGRESS_MIN_FILES
        && std::io::stderr().is_terminal())
    .then(|| ProgressBar::with_draw_target(Some(docs.len() as u64), ProgressDrawTarget::stderr()));
    let mut detached = Vec::new();
    let checked = if args.diff || args.fix {
        // `--index` conflicts with both (the index describes the texts
        // before any fix).
        let (analyses, corpus, findings) =
            check_docs(&engines, &selection, &docs, progress.as_ref());
        Ok((analyses, corpus, findings, Vec::new()))
    } else if matches!(args.format, Format::Human | Format::Sarif) && !args.statistics
        || engines.list.iter().any(|(_, e)| !e.allows().is_empty())
        || baseline.is_some()
        || args.write_baseline.is_some()
    {
        // `[[allow]]` and baselines read each finding's text too.
        // The human format shows each finding's line, SARIF hashes it into
        // each result's fingerprint: the texts stay.
        check_docs_once(
            &engines,
            &selection,
            &docs,
            index.as_mut(),
            progress.as_ref(),
        )
        .map(|(corpus, findings, features)| (Vec::new(), corpus, findings, features))
    } else {
        check_docs_detaching(
            &engines,
            &selection,
            &mut docs,
            index.as_mut(),
            progress.as_ref(),
        )
        .map(|((corpus, findings, features), locators)| {
            detached = locators;
            (Vec::new(), corpus, findings, features)
        })
    };
    let (mut analyses, mut corpus, mut findings, features) = match checked {
        Ok(c) => c,
        Err(m) => {
            if let Some(p) = progress {
                p.finish_and_clear();
            }
            error(format!(
                "{}: {m}",
                args.index
                    .as_deref()
                    .unwrap_or(Path::new("--index"))
                    .display()
            ));
            return EXIT_ERROR;
        }
    };
    if let Some(p) = progress {
        p.finish_and_clear();
    }

    // Each document's path relative to the config's directory, for
    // `[[allow]]`'s `files` and the baseline's keys.
    let rel_paths = std::mem::take(&mut engines.relative);
    let mut suppressed = suppress_all(&engines, &docs, &rel_paths, &mut findings);
    let baseline_key = |i: usize| {
        rel_paths[i]
            .clone()
            .unwrap_or_else(|| docs[i].name.replace('\\', "/"))
    };
    if let Some(path) = &args.write_baseline {
        let entries: Vec<_> = findings
            .iter()
            .enumerate()
            .flat_map(|(i, f)| super::baseline::entries(&baseline_key(i), &docs[i].text, f))
            .collect();
        let n = entries.len();
        if let Err(e) = super::baseline::write(path, entries) {
            error(format!(
                "{}: cannot write the baseline: {e}",
                path.display()
            ));
            return EXIT_ERROR;
        }
        say(format!(
            "Wrote {n} {} to the baseline {}.",
            if n == 1 { "finding" } else { "findings" },
            path.display()
        ));
        return if had_error { EXIT_ERROR } else { EXIT_OK };
    }
    let mut baselined = 0;
    if let Some(b) = &baseline {
        for (i, f) in findings.iter_mut().enumerate() {
            baselined += super::baseline::filter(b, &baseline_key(i), &docs[i].text, f);
        }
    }

    let has_stdin = origins.contains(&Input::Stdin);
    let output_file = args.output_file.as_deref();
    if args.diff || args.fix {
        let fixed = fix_docs(
            &engines, &selection, &docs, &rel_paths, &corpus, &findings, mode,
        );
        if args.diff {
            let mut changed = 0;
            let written = emit(output_file, |out| {
                for (i, f) in fixed.iter().enumerate() {
                    if let Some((text, _)) = f {
                        changed += 1;
                        let d = fixes::unified_diff(&docs[i].name, &docs[i].text, text);
                        out.write_all(d.as_bytes())?;
                    }
                }
                Ok(())
            });
            if let Err(e) = written {
                return write_failed(e);
            }
            if changed > 0 {
                say(format!(
                    "{changed} {} would be changed by --fix{}",
                    if changed == 1 { "file" } else { "files" },
                    if args.unsafe_fixes {
                        " --unsafe-fixes"
                    } else {
                        ""
                    }
                ));
            }
            return if had_error {
                EXIT_ERROR
            } else if changed > 0 && !args.exit_zero {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            };
        }
        let (mut files_fixed, mut fixes_applied) = (0, 0);
        let mut changed = Vec::new();
        for (i, f) in fixed.into_iter().enumerate() {
            let Some((text, n)) = f else { continue };
            if let Input::File(p) = &origins[i] {
                let written = if via_symlink.contains(p) {
                    Err("not fixed: reached through a symlink (--follow); --fix does not write through symlinks".to_string())
                } else {
                    fixes::write_fixed(p, &docs[i].text, &text, encodings[i])
                };
                if let Err(m) = written {
                    error(format!("{}: {m}", docs[i].name));
                    had_error = true;
                    continue;
                }
            }
            files_fixed += 1;
            fixes_applied += n;
            docs[i].text = text;
            changed.push(i);
        }
        if !changed.is_empty() {
            let redone: Vec<(usize, DocAnalysis)> = changed
                .par_iter()
                .map(|&i| (i, engines.of(i).analyze(&docs[i].text)))
                .collect();
            for (i, a) in redone {
                analyses[i] = a;
            }
            let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
            let features: Vec<&DocFeatures> = analyses.iter().map(|a| &a.features).collect();
            corpus = RunCorpus::build(&engines, &names, &[], &features, None)
                .expect("no index, no error");
            findings = findings_all(&engines, &selection, &analyses, &corpus);
            suppressed = suppress_all(&engines, &docs, &rel_paths, &mut findings);
        }
        if fixes_applied > 0 && args.format == Format::Human {
            say(format!(
                "Fixed {fixes_applied} {} in {files_fixed} {}.",
                if fixes_applied == 1 {
                    "finding"
                } else {
                    "findings"
                },
                if files_fixed == 1 { "file" } else { "files" },
            ));
        }
        if has_stdin {
            let i = origins.iter().position(|o| *o == Input::Stdin).unwrap_or(0);
            let bytes = crate::base::encoding::encode(&docs[i].text, encodings[i]);
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(&bytes).and_then(|_| out.flush()) {
                return write_failed(e);
            }
        }
    }

    let mut report = Report::with_locators(&docs, &findings, detached);
    report.external = corpus.externals();
    report.suppressed = suppressed;
    report.baselined = baselined;
    let fail_on = args.fail_on.severity();
    let to_stderr = args.fix && has_stdin && output_file.is_none();
    let terminal = if to_stderr {
        std::io::stderr().is_terminal()
    } else {
        output_file.is_none() && std::io::stdout().is_terminal()
    };
    let opts = HumanOptions {
        color: use_color(args.color, terminal, env_var),
        files: docs.len(),
        quiet: args.quiet,
        fail_on: (!args.exit_zero).then_some(fail_on),
    };
    let write_report = |w: &mut dyn Write| {
        if args.statistics {
            match args.format {
                Format::Json => output::statistics::write_json(w, &report),
                _ => output::statistics::write_table(w, &report),
            }
        } else {
            output::write(w, args.format, &report, opts)
        }
    };
    let result = if to_stderr {
        write_report(&mut std::io::stderr().lock())
    } else {
        emit(output_file, write_report)
    };
    if let Err(e) = result {
        return write_failed(e);
    }
    if (args.format != Format::Human || args.statistics) && suppressed + baselined > 0 {
        // The machine formats have no summary line; say it on stderr.
        say(output::human::hidden(suppressed, baselined));
    }
    let code = if had_error {
        EXIT_ERROR
    } else if !args.exit_zero && report.iter().any(|(_, f)| f.severity >= fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    // The process exits next, and the system takes its memory back at
    // once; freeing the texts, analyses and findings block by block first
    // took about 5% of a corpus run.
    drop(report);
    std::mem::forget((docs, analyses, features, corpus, findings));
    code
}

/// A closed pipe (`lede check | head`) is not worth a message.
fn write_failed(e: std::io::Error) -> i32 {
    if e.kind() != std::io::ErrorKind::BrokenPipe {
        error(format!("cannot write the report: {e}"));
    }
    EXIT_ERROR
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| vars.iter().find(|v| v.0 == k).map(|v| v.1.to_string())
    }

    #[test]
    fn colour_choice_and_environment() {
        use ColorChoice::*;
        assert!(use_color(Auto, true, env(&[])));
        assert!(!use_color(Auto, false, env(&[])));
        assert!(!use_color(Auto, true, env(&[("NO_COLOR", "1")])));
        // An empty NO_COLOR is unset (no-color.org).
        assert!(use_color(Auto, true, env(&[("NO_COLOR", "")])));
        assert!(use_color(Auto, false, env(&[("FORCE_COLOR", "1")])));
        assert!(use_color(Auto, false, env(&[("FORCE_COLOR", "3")])));
        assert!(!use_color(Auto, false, env(&[("FORCE_COLOR", "0")])));
        assert!(!use_color(Auto, false, env(&[("FORCE_COLOR", "false")])));
        assert!(use_color(Auto, false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!use_color(Auto, false, env(&[("CLICOLOR_FORCE", "0")])));
        assert!(!use_color(
            Auto,
            true,
            env(&[("NO_COLOR", "1"), ("FORCE_COLOR", "1")])
        ));
        assert!(use_color(Always, false, env(&[("NO_COLOR", "1")])));
        assert!(!use_color(Never, true, env(&[("FORCE_COLOR", "1")])));
    }
}
