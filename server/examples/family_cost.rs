//! Times each stage of `Engine::analyze` over a directory of articles,
//! single-threaded, to show where the time goes: each family's
//! per-paragraph step, then its document-wide step. The families come
//! from the engine's own list (`rules::visit_families`), in its order.
//!
//! `cargo run --release --example family_cost -- DIR`
use std::time::{Duration, Instant};

use lede::rules::{self, Compiled, Ctx, DocScratch, Family, FamilyVisitor, Placed, WordScratch};
use lede::tags::TaggedText;
use lede::text::{paragraphs, LineIndex};
use lede::{Config, Engine};

/// The documents, prepared once: plain text, lines, paragraphs.
struct Doc {
    tagged: String,
}

/// Times one family's steps over every document.
struct Timer<'a> {
    docs: &'a [Doc],
    config: &'a Config,
    compiled: &'a Compiled,
    rows: Vec<(String, Duration)>,
}

impl FamilyVisitor for Timer<'_> {
    fn visit<F: Family>(&mut self, field: &'static str) {
        let (mut local_time, mut doc_time) = (Duration::ZERO, Duration::ZERO);
        let mut words = WordScratch::default();
        for d in self.docs {
            let tagged = TaggedText::parse(&d.tagged);
            let plain = tagged.plain();
            let lines = LineIndex::new(plain);
            let paras = paragraphs(plain, &lines);
            let ctx = Ctx {
                text: plain,
                lines: &lines,
                paragraphs: &paras,
                tagged: &tagged,
                config: self.config,
                compiled: self.compiled,
            };
            // Step 1 on each paragraph alone. The scratch the local steps
            // share holds the word hashes the engine's word pass leaves
            // (structure reads them); they are computed before the clock.
            let shared: Vec<Vec<u64>> = ctx
                .paragraphs
                .iter()
                .map(|p| {
                    let mut h = Vec::new();
                    lede::scan::word_hash::word_hashes(&ctx.text[p.clone()], &mut h);
                    h
                })
                .collect();
            let s = Instant::now();
            let mut locals: Vec<F::Local> = ctx
                .paragraphs
                .iter()
                .zip(&shared)
                .map(|(p, hashes)| {
                    let text = &ctx.text[p.clone()];
                    let lines = LineIndex::new(text);
                    let tagged = TaggedText::untagged(text);
                    #[allow(clippy::single_range_in_vec_init)]
                    let whole = [0..text.len()];
                    let one = Ctx {
                        text,
                        lines: &lines,
                        paragraphs: &whole,
                        tagged: &tagged,
                        config: ctx.config,
                        compiled: ctx.compiled,
                    };
                    words.hashes.clone_from(hashes);
                    F::local(&one, &mut words)
                })
                .collect();
            local_time += s.elapsed();
            // Step 2 over the document.
            let s = Instant::now();
            let mut numbers = DocScratch::default();
            for l in &mut locals {
                F::number(l, &mut numbers);
            }
            let placed: Vec<Placed<F::Local>> = ctx
                .paragraphs
                .iter()
                .zip(&locals)
                .map(|(p, local)| Placed {
                    start: p.start,
                    line: ctx.lines.line_of(p.start),
                    local,
                })
                .collect();
            let mut out = Vec::new();
            let _ = F::check(&ctx, &placed, &numbers, &mut out);
            F::check_original(&ctx, &mut out);
            doc_time += s.elapsed();
        }
        self.rows.push((format!("{field}/p"), local_time));
        self.rows.push((format!("{field}/d"), doc_time));
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: family_cost DIR");
    let mut docs = Vec::new();
    for e in std::fs::read_dir(&dir).expect("read dir") {
        let p = e.expect("entry").path();
        if let Ok(t) = std::fs::read_to_string(&p) {
            docs.push(Doc { tagged: t });
        }
    }
    let bytes: usize = docs.iter().map(|d| d.tagged.len()).sum();
    let config = Config::default();
    let compiled = Compiled::new(&config).expect("compile");
    let mut timer = Timer {
        docs: &docs,
        config: &config,
        compiled: &compiled,
        rows: Vec::new(),
    };
    rules::visit_families(&mut timer);
    let mut rows = timer.rows;
    let engine = Engine::new(config).expect("engine");
    let s = Instant::now();
    for d in &docs {
        let _ = engine.analyze(&d.tagged);
    }
    rows.push(("total analyze".into(), s.elapsed()));
    for (n, d) in rows {
        println!(
            "{n:>14}: {:>8.1} ms  {:>7.1} MB/s",
            d.as_secs_f64() * 1e3,
            bytes as f64 / d.as_secs_f64() / 1e6
        );
    }
}
