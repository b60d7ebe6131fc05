//! Times each stage of `Engine::analyze` over a directory of articles,
//! single-threaded, to show where the time goes.
//!
//! `cargo run --release --example family_cost -- DIR`
use std::time::{Duration, Instant};

use lede::engine::Compiled;
use lede::rules::{self, Ctx};
use lede::tags::TaggedText;
use lede::text::{paragraphs, LineIndex};
use lede::{Config, Engine};

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
    let mut t = [Duration::ZERO; 8];
    let names = [
        "parse+lines",
        "boilerplate",
        "numbers",
        "names",
        "structure",
        "tags",
        "features",
        "total analyze",
    ];
    for text in &texts {
        let s = Instant::now();
        let tagged = TaggedText::parse(text);
        let plain = tagged.plain();
        let lines = LineIndex::new(plain);
        let paras = paragraphs(plain, &lines);
        t[0] += s.elapsed();
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
        rules::boilerplate::check(&ctx, &mut out);
        t[1] += s.elapsed();
        let s = Instant::now();
        rules::numbers::check(&ctx, &mut out);
        t[2] += s.elapsed();
        let s = Instant::now();
        let _ = rules::names::check(&ctx, &mut out);
        t[3] += s.elapsed();
        let s = Instant::now();
        rules::structure::check(&ctx, &mut out);
        t[4] += s.elapsed();
        let s = Instant::now();
        rules::tags::check(&ctx, &mut out);
        t[5] += s.elapsed();
        let s = Instant::now();
        let _ = rules::boilerplate::features(&ctx);
        t[6] += s.elapsed();
    }
    let engine = Engine::new(config).expect("engine");
    let s = Instant::now();
    for text in &texts {
        let _ = engine.analyze(text);
    }
    t[7] = s.elapsed();
    for (n, d) in names.iter().zip(t) {
        println!(
            "{n:>14}: {:>8.1} ms  {:>7.1} MB/s",
            d.as_secs_f64() * 1e3,
            bytes as f64 / d.as_secs_f64() / 1e6
        );
    }
}
