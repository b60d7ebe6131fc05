//! Writes a synthetic corpus of damaged news articles, for benchmarks and
//! for trying lede on more than a handful of files.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --out /tmp/corpus --articles 10000 [--seed 7]
//! cargo run --release --example gen_corpus -- --jsonl /tmp/corpus.jsonl --articles 1000
//! cargo run --release --example gen_corpus -- --out /tmp/tagged --articles 10000 --tagged
//! ```
//!
//! `--out DIR` writes one `article_NNNNNN.txt` per article; `--jsonl FILE`
//! writes the same articles as JSON Lines `{"id": .., "text": ..}` (`-`
//! for stdout). Both may be given. The text depends only on the seed and
//! the article number (see `benches/support/corpus_gen.rs`). `--tagged`
//! writes the same articles with their names tagged (`tagged_article`),
//! input for `lede export`.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[path = "../benches/support/corpus_gen.rs"]
mod corpus_gen;

const USAGE: &str =
    "usage: gen_corpus (--out DIR | --jsonl FILE)... --articles N [--seed S] [--tagged]\n  (default seed 1)";

struct Args {
    out: Option<PathBuf>,
    jsonl: Option<PathBuf>,
    articles: usize,
    seed: u64,
    tagged: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        out: None,
        jsonl: None,
        articles: 0,
        seed: 1,
        tagged: false,
    };
    let mut have_n = false;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "--out" => args.out = Some(value("--out")?.into()),
            "--jsonl" => args.jsonl = Some(value("--jsonl")?.into()),
            "--articles" => {
                let v = value("--articles")?;
                args.articles = v
                    .parse()
                    .map_err(|_| format!("--articles: not a number: {v:?}"))?;
                have_n = true;
            }
            "--seed" => {
                let v = value("--seed")?;
                args.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v:?}"))?;
            }
            "--tagged" => args.tagged = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if !have_n {
        return Err("--articles N is required".into());
    }
    if args.out.is_none() && args.jsonl.is_none() {
        return Err("give --out DIR, --jsonl FILE or both".into());
    }
    Ok(args)
}

fn run(args: &Args) -> std::io::Result<(usize, u64)> {
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir)?;
    }
    let mut jsonl: Option<Box<dyn Write>> = match &args.jsonl {
        Some(p) if p.as_os_str() == "-" => Some(Box::new(BufWriter::new(std::io::stdout().lock()))),
        Some(p) => Some(Box::new(BufWriter::new(std::fs::File::create(p)?))),
        None => None,
    };
    let mut bytes = 0u64;
    for i in 0..args.articles {
        let text = if args.tagged {
            corpus_gen::tagged_article(args.seed, i)
        } else {
            corpus_gen::article(args.seed, i)
        };
        let id = corpus_gen::id(i);
        bytes += text.len() as u64;
        if let Some(dir) = &args.out {
            std::fs::write(dir.join(format!("{id}.txt")), &text)?;
        }
        if let Some(w) = jsonl.as_mut() {
            let line = serde_json::json!({ "id": id, "text": text });
            serde_json::to_writer(&mut *w, &line)?;
            w.write_all(b"\n")?;
        }
    }
    if let Some(mut w) = jsonl {
        w.flush()?;
    }
    Ok((args.articles, bytes))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen_corpus: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok((n, bytes)) => {
            eprintln!(
                "gen_corpus: {n} articles, {bytes} bytes ({:.1} MB), seed {}",
                bytes as f64 / 1e6,
                args.seed
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::from(2)
        }
    }
}
