//! Engine benchmarks on generated articles (see `support/corpus_gen.rs`).
//!
//! - `analyze/typical`: one article of about 5 KB, checked alone.
//! - `analyze/1MB`: one 1 MB text (articles run together), to show that a
//!   huge file costs linear time.
//! - `corpus/N`: the two-phase corpus check `lede check DIR` runs, on N =
//!   100, 1,000 and 10,000 in-memory articles (1x / 10x / 100x): analyze
//!   every article in parallel (rayon), build the `CorpusIndex`, then
//!   `findings_for` every article in parallel. Throughput is in bytes of
//!   article text, so equal MB/s across the three sizes means linear scaling.
//!
//! `cargo bench --bench engine` runs them all; `cargo bench --bench engine --
//! corpus/100` one. `LEDE_BENCH_MAX=1000` skips the corpus sizes above it
//! (the 10,000-article set takes a while to run ten times on a small machine).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use lede::engine::DocAnalysis;
use lede::{Config, CorpusIndex, Engine, Finding};
use rayon::prelude::*;
use std::hint::black_box;
use std::time::Duration;

#[path = "support/corpus_gen.rs"]
mod corpus_gen;

const SEED: u64 = 20_240_307;

/// The `check_corpus` flow, parallel: what the CLI does with a directory.
fn check_parallel(engine: &Engine, texts: &[String]) -> Vec<Vec<Finding>> {
    let analyses: Vec<DocAnalysis> = texts.par_iter().map(|t| engine.analyze(t)).collect();
    let index = CorpusIndex::build(analyses.iter().map(|a| &a.features));
    analyses
        .par_iter()
        .enumerate()
        .map(|(i, a)| engine.findings_for(i, a, &index))
        .collect()
}

fn analyze(c: &mut Criterion) {
    let engine = Engine::new(Config::default()).expect("default config");
    let mut group = c.benchmark_group("analyze");

    let typical = corpus_gen::article(SEED, 0);
    group.throughput(Throughput::Bytes(typical.len() as u64));
    group.bench_function("typical", |b| {
        b.iter(|| engine.analyze(black_box(&typical)))
    });

    let big = corpus_gen::long_text(SEED, 1 << 20);
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("1MB", |b| b.iter(|| engine.analyze(black_box(&big))));
    group.finish();
}

fn corpus(c: &mut Criterion) {
    let engine = Engine::new(Config::default()).expect("default config");
    let max: usize = std::env::var("LEDE_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX);
    let mut group = c.benchmark_group("corpus");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    for n in [100usize, 1_000, 10_000] {
        if n > max {
            continue;
        }
        let texts = corpus_gen::corpus(SEED, n);
        let bytes: usize = texts.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.measurement_time(Duration::from_secs(if n >= 10_000 { 30 } else { 10 }));
        group.bench_with_input(BenchmarkId::from_parameter(n), &texts, |b, texts| {
            b.iter(|| check_parallel(&engine, black_box(texts)))
        });
    }
    group.finish();
}

criterion_group!(benches, analyze, corpus);
criterion_main!(benches);
