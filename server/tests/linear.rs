//! Growth, not speed: each worst shape checked at `n` and `4n` bytes must
//! take less than 8 times as long (linear work gives about 4, quadratic
//! 16). Best of three runs each, and up to three tries, so a loaded
//! machine does not fail it; no absolute time is asserted.

use std::time::{Duration, Instant};

use lede::fix::{fix_until_stable, FixMode};
use lede::{Config, Engine};

#[path = "../benches/support/shapes.rs"]
mod shapes;

const BOUND: f64 = 8.0;

/// The best of three runs of `f`.
fn best_of_3(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .expect("three runs")
}

/// Fails when `work(4n)` takes `BOUND` times `work(n)` or more in each of
/// three tries.
fn grows_linearly(what: &str, n: usize, mut work: impl FnMut(usize)) {
    let mut ratios = Vec::new();
    for _ in 0..3 {
        let small = best_of_3(|| work(n));
        let large = best_of_3(|| work(4 * n));
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        if ratio < BOUND {
            return;
        }
        ratios.push(ratio);
    }
    panic!("{what}: 4x the input took {ratios:?} times as long (quadratic gives 16)");
}

#[test]
fn every_worst_shape_is_checked_in_linear_time() {
    let engine = Engine::new(Config::default()).unwrap();
    for &(name, make) in shapes::SHAPES {
        let small = make(32 << 10);
        let large = make(128 << 10);
        grows_linearly(name, 1, |k| {
            let text = if k == 1 { &small } else { &large };
            std::hint::black_box(engine.check(text));
        });
    }
}

#[test]
fn fixing_grows_linearly_in_the_number_of_fixes() {
    let engine = Engine::new(Config::default()).unwrap();
    let small = shapes::fixes(64 << 10);
    let large = shapes::fixes(256 << 10);
    // The fixes really are many, and all get applied.
    let (fixed, n) = fix_until_stable(&small, FixMode::All, 16, |t| engine.check(t));
    // (64 KiB of the shape gives about 3,400: one fix per 19 bytes.)
    assert!(n > 2_000, "{n} fixes");
    assert!(engine.check(&fixed).iter().all(|f| f.fixes.is_empty()));
    grows_linearly("fixes", 1, |k| {
        let text = if k == 1 { &small } else { &large };
        std::hint::black_box(fix_until_stable(text, FixMode::All, 16, |t| {
            engine.check(t)
        }));
    });
}

#[test]
fn loading_a_registry_grows_linearly() {
    let small = shapes::registry(5_000);
    let large = shapes::registry(20_000);
    grows_linearly("registry", 1, |k| {
        let toml = if k == 1 { &small } else { &large };
        let config = Config::parse(toml).unwrap();
        std::hint::black_box(Engine::new(config).unwrap());
    });
    // Tags naming the registry's entities: each looked up by id.
    let engine = Engine::new(Config::parse(&large).unwrap()).unwrap();
    let text: String = (0..20_000)
        .map(|k| format!("[Someone]{{ORG:e{k}}} "))
        .collect();
    assert!(engine
        .check(&text)
        .iter()
        .all(|f| f.rule != "tags/unknown-entity"));
}

/// The human format on one long line with a finding every few bytes.
#[test]
fn the_human_format_of_one_long_line_grows_linearly() {
    let dir = tempfile::tempdir().unwrap();
    let write = |n: usize| {
        let path = dir.path().join(format!("line{n}.txt"));
        let line: String = "[Hao]{XYZ} ".repeat(n / 11);
        std::fs::write(&path, line + "\n").unwrap();
        path
    };
    let (small, large) = (write(64 << 10), write(256 << 10));
    let run = |path: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_lede"))
            .args(["check", "--format", "human"])
            .arg(path)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.len() > 64 << 10);
    };
    grows_linearly("human format", 1, |k| {
        run(if k == 1 { &small } else { &large })
    });
}
