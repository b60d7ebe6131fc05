//! Times each stage of `Engine::analyze` over a directory of articles,
//! single-threaded, to show where the time goes: each family's
//! per-paragraph checks, then its document-wide step.
//!
//! `cargo run --release --example family_cost -- DIR`
use std::time::{Duration, Instant};

use lede::rules::Compiled;
use lede::rules::{self, Ctx, Placed};
use lede::tags::TaggedText;
use lede::text::{paragraphs, LineIndex};
use lede::{Config, Engine};

/// Runs `f` on the context of each paragraph of `ctx` alone.
fn per_paragraph<T>(ctx: &Ctx, f: impl Fn(&Ctx) -> T) -> Vec<T> {
    ctx.paragraphs
        .iter()
        .map(|p| {
            let text = &ctx.text[p.clone()];
            let lines = LineIndex::new(text);
            let tagged = TaggedText::untagged(text);
            #[allow(clippy::single_range_in_vec_init)]
            let whole = [0..text.len()];
            f(&Ctx {
                text,
                lines: &lines,
                paragraphs: &whole,
                tagged: &tagged,
                config: ctx.config,
                compiled: ctx.compiled,
            })
        })
        .collect()
}

fn placed<'a, T>(ctx: &Ctx, locals: &'a [T]) -> Vec<Placed<'a, T>> {
    ctx.paragraphs
        .iter()
        .zip(locals)
        .map(|(p, local)| Placed {
            start: p.start,
            line: ctx.lines.line_of(p.start),
            local,
        })
        .collect()
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: family_cost DIR");
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir).expect("read dir") {
        let p = e.expect("entry").path();
        if let Ok(t) = std::fs::read_to_string(&p) {
            texts.push(t);
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let config = Config::default();
    let compiled = Compiled {
        boilerplate: rules::boilerplate::Compiled::new(&config).expect("compile"),
        names: rules::names::Compiled::new(&config),
    };
    let stages = [
        "parse+lines",
        "boilerplate/p",
        "numbers/p",
        "names/p",
        "structure/p",
        "boilerplate/d",
        "names/d",
        "structure/d",
        "tags",
        "total analyze",
    ];
    let mut t = [Duration::ZERO; 10];
    let mut timed = |k: usize, s: Instant| t[k] += s.elapsed();
    for text in &texts {
        let s = Instant::now();
        let tagged = TaggedText::parse(text);
        let plain = tagged.plain();
        let lines = LineIndex::new(plain);
        let paras = paragraphs(plain, &lines);
        timed(0, s);
        let ctx = Ctx {
            text: plain,
            lines: &lines,
            paragraphs: &paras,
            tagged: &tagged,
            config: &config,
            compiled: &compiled,
        };
        let mut out = Vec::new();
        let s = Instant::now();
        let b = per_paragraph(&ctx, rules::boilerplate::local);
        timed(1, s);
        let s = Instant::now();
        let _ = per_paragraph(&ctx, rules::numbers::local);
        timed(2, s);
        let s = Instant::now();
        let n = per_paragraph(&ctx, rules::names::local);
        timed(3, s);
        let s = Instant::now();
        let mut st = per_paragraph(&ctx, rules::structure::local);
        timed(4, s);
        let s = Instant::now();
        let _ = rules::boilerplate::check(&ctx, &placed(&ctx, &b), &mut out);
        timed(5, s);
        let s = Instant::now();
        let _ = rules::names::check(&ctx, &placed(&ctx, &n), &mut out);
        timed(6, s);
        let s = Instant::now();
        let mut ids = rules::structure::ShingleIds::default();
        for local in &mut st {
            ids.number(local);
        }
        rules::structure::check(&ctx, &placed(&ctx, &st), &ids, &mut out);
        timed(7, s);
        let s = Instant::now();
        rules::tags::check(&ctx, &mut out);
        timed(8, s);
    }
    let engine = Engine::new(config).expect("engine");
    let s = Instant::now();
    for text in &texts {
        let _ = engine.analyze(text);
    }
    t[9] = s.elapsed();
    for (n, d) in stages.iter().zip(t) {
        println!(
            "{n:>14}: {:>8.1} ms  {:>7.1} MB/s",
            d.as_secs_f64() * 1e3,
            bytes as f64 / d.as_secs_f64() / 1e6
        );
    }
}
