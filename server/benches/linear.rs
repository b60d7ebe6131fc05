//! Linear time on the worst shapes (`support/shapes.rs`): `lede check`'s
//! analysis of each shape, fixing to a fixpoint (`fix/…`) and loading a
//! registry (`registry/…`), at growing sizes. Equal throughput across
//! sizes means linear time; `tests/linear.rs` fails on quadratic growth.
//!
//! `cargo bench --bench linear` runs 256 KiB and 1 MiB;
//! `LEDE_BENCH_FULL=1 cargo bench --bench linear` the sweep of
//! docs/performance.md (1, 4, 16 and 64 MiB; it takes a while).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use lede::fix::{fix_until_stable, FixMode};
use lede::{Config, Engine};
use std::hint::black_box;
use std::time::Duration;

#[path = "support/shapes.rs"]
mod shapes;

fn sizes() -> Vec<usize> {
    if std::env::var_os("LEDE_BENCH_FULL").is_some() {
        vec![1 << 20, 4 << 20, 16 << 20, 64 << 20]
    } else {
        vec![256 << 10, 1 << 20]
    }
}

fn label(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{}MiB", n >> 20)
    } else {
        format!("{}KiB", n >> 10)
    }
}

fn check(c: &mut Criterion) {
    let engine = Engine::new(Config::default()).expect("default config");
    let mut g = c.benchmark_group("check");
    g.sample_size(10).warm_up_time(Duration::from_millis(200));
    for &(name, make) in shapes::SHAPES {
        for n in sizes() {
            let text = make(n);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, label(n)), &text, |b, t| {
                b.iter(|| black_box(engine.check(t)))
            });
        }
    }
    g.finish();
}

fn fix(c: &mut Criterion) {
    let engine = Engine::new(Config::default()).expect("default config");
    let mut g = c.benchmark_group("fix");
    g.sample_size(10).warm_up_time(Duration::from_millis(200));
    for n in sizes() {
        let text = shapes::fixes(n);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("fixes", label(n)), &text, |b, t| {
            b.iter(|| black_box(fix_until_stable(t, FixMode::All, 16, |t| engine.check(t))))
        });
    }
    g.finish();
}

fn registry(c: &mut Criterion) {
    let mut g = c.benchmark_group("registry");
    g.sample_size(10).warm_up_time(Duration::from_millis(200));
    for entries in [10_000, 40_000] {
        let toml = shapes::registry(entries);
        g.throughput(Throughput::Bytes(toml.len() as u64));
        g.bench_with_input(BenchmarkId::new("entries", entries), &toml, |b, t| {
            b.iter(|| black_box(Engine::new(Config::parse(t).expect("config")).expect("engine")))
        });
    }
    g.finish();
}

criterion_group!(benches, check, fix, registry);
criterion_main!(benches);
