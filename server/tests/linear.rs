//! Growth, not speed: each worst shape checked at `n` and `8n` bytes must
//! take less than 24 times as long (linear work gives about 8, quadratic
//! 64). Time is CPU time (of this thread, or of the `lede` child), not
//! wall time: a loaded machine preempts a test but does not make its
//! instructions more. Each size runs five times, interleaved, and the
//! least of each counts; no absolute time is asserted.

use std::time::Duration;

use lede::fix::{fix_until_stable, FixMode};
use lede::{Config, Engine};

#[path = "../benches/support/shapes.rs"]
mod shapes;

/// How much larger the large input is than the small one.
const SCALE: usize = 8;
/// The growth that fails: 3x linear, well under quadratic's 64.
const BOUND: f64 = 24.0;
const RUNS: usize = 5;

fn timespec(t: libc::timespec) -> Duration {
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000)
}

/// The CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to write.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    timespec(t)
}

/// The CPU time (user and system) of this process's children that have
/// ended. Only one test in this file starts children.
fn children_cpu() -> Duration {
    // SAFETY: an all-zero rusage is a valid value for the call to fill.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `u` is a valid rusage for the call to write.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    assert_eq!(rc, 0, "getrusage(RUSAGE_CHILDREN)");
    timeval(u.ru_utime) + timeval(u.ru_stime)
}

/// Fails when `work(SCALE)` costs `BOUND` times `work(1)` or more, each
/// the least of [`RUNS`] interleaved runs as measured by `clock`.
fn grows_linearly(what: &str, clock: fn() -> Duration, mut work: impl FnMut(usize)) {
    let mut cost = |k: usize| {
        let t = clock();
        work(k);
        clock().saturating_sub(t)
    };
    let (mut small, mut large) = (Duration::MAX, Duration::MAX);
    for _ in 0..RUNS {
        small = small.min(cost(1));
        large = large.min(cost(SCALE));
    }
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    eprintln!("{what}: {SCALE}x the input, {ratio:.1}x the CPU time");
    assert!(
        ratio < BOUND,
        "{what}: {SCALE}x the input took {ratio:.1} times the CPU time \
         ({small:?} and {large:?}; linear gives {SCALE}, quadratic {})",
        SCALE * SCALE
    );
}

#[test]
fn every_worst_shape_is_checked_in_linear_time() {
    let engine = Engine::new(Config::default()).unwrap();
    for &(name, make) in shapes::SHAPES {
        let small = make(32 << 10);
        let large = make(SCALE * (32 << 10));
        grows_linearly(name, thread_cpu, |k| {
            let text = if k == 1 { &small } else { &large };
            std::hint::black_box(engine.check(text));
        });
    }
}

#[test]
fn fixing_grows_linearly_in_the_number_of_fixes() {
    let engine = Engine::new(Config::default()).unwrap();
    let small = shapes::fixes(64 << 10);
    let large = shapes::fixes(SCALE * (64 << 10));
    // The fixes really are many, and all get applied.
    let (fixed, n) = fix_until_stable(&small, FixMode::All, 16, |t| engine.check(t));
    // (64 KiB of the shape gives about 3,400: one fix per 19 bytes.)
    assert!(n > 2_000, "{n} fixes");
    assert!(engine.check(&fixed).iter().all(|f| f.fixes.is_empty()));
    grows_linearly("fixes", thread_cpu, |k| {
        let text = if k == 1 { &small } else { &large };
        std::hint::black_box(fix_until_stable(text, FixMode::All, 16, |t| {
            engine.check(t)
        }));
    });
}

#[test]
fn loading_a_registry_grows_linearly() {
    let small = shapes::registry(5_000);
    let large = shapes::registry(SCALE * 5_000);
    grows_linearly("registry", thread_cpu, |k| {
        let toml = if k == 1 { &small } else { &large };
        let config = Config::parse(toml).unwrap();
        std::hint::black_box(Engine::new(config).unwrap());
    });
    // Tags naming the registry's entities: each looked up by id.
    let engine = Engine::new(Config::parse(&large).unwrap()).unwrap();
    let text: String = (0..SCALE * 5_000)
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
    let (small, large) = (write(64 << 10), write(SCALE * (64 << 10)));
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
    grows_linearly("human format", children_cpu, |k| {
        run(if k == 1 { &small } else { &large })
    });
}
