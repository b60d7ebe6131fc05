//! Drives the real `lede lsp` binary over stdio and prints latency and
//! memory figures (see docs/performance-lsp.md):
//!
//! ```sh
//! cargo bench --bench lsp            # all figures
//! cargo bench --bench lsp -- quick   # fewer iterations
//! ```
//!
//! The debounce is set to 0 through `initializationOptions`, so the
//! change-to-diagnostics figure is the server's own work plus the stdio
//! round trip, not the editor-friendly default delay (75 ms).

#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

use std::time::{Duration, Instant};

use lsp_client::LspClient;
use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_lede");

/// A deterministic article of about `bytes` bytes, written for the
/// benchmark: tagged names, numbers, curly quotes and some CJK.
fn article(bytes: usize, seed: u64) -> String {
    article_with(bytes, seed, true)
}

/// `tagged: false` leaves out the entity tags (a raw scraped article).
fn article_with(bytes: usize, seed: u64, tagged: bool) -> String {
    const WORDS: &[&str] = &[
        "the",
        "council",
        "said",
        "harbour",
        "trade",
        "rose",
        "by",
        "percent",
        "in",
        "March",
        "new",
        "ferry",
        "routes",
        "were",
        "opened",
        "along",
        "river",
        "and",
        "farmers",
        "sold",
        "more",
        "grain",
        "than",
        "last",
        "year",
        "while",
        "officials",
        "planned",
        "roads",
    ];
    const TAGS: &[&str] = &[
        "[Lin Wei]{PER:lin-wei}",
        "[Qiaoshan Port Authority]{ORG}",
        "[Qiaoshan]{LOC}",
        "[Zhou Min]{PER}",
        "“最好”",
        "12.5%",
        "3,000 tons",
    ];
    let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let mut next = |n: usize| {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((s >> 33) as usize) % n
    };
    let mut out = String::with_capacity(bytes + 200);
    while out.len() < bytes {
        let sentences = 2 + next(4);
        for _ in 0..sentences {
            let words = 8 + next(12);
            for w in 0..words {
                if w > 0 {
                    out.push(' ');
                }
                if next(9) == 0 {
                    let t = TAGS[next(TAGS.len())];
                    if tagged || !t.starts_with('[') {
                        out.push_str(t);
                    } else {
                        out.push_str(&t[1..t.find(']').unwrap()]);
                    }
                } else {
                    out.push_str(WORDS[next(WORDS.len())]);
                }
            }
            out.push_str(". ");
        }
        out.push_str("\n\n");
    }
    out
}

fn stats(name: &str, mut v: Vec<Duration>) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = v[v.len() / 2];
    let p90 = v[(v.len() * 9 / 10).min(v.len() - 1)];
    println!(
        "{name:<48} n={:<4} median {:>8.3} ms  p90 {:>8.3} ms  min {:>8.3} ms  max {:>8.3} ms",
        v.len(),
        ms(median),
        ms(p90),
        ms(v[0]),
        ms(*v.last().unwrap())
    );
}

fn start() -> LspClient {
    let mut c = LspClient::spawn(BIN);
    c.initialize(None, false, json!({"debounceMs": 0}));
    c
}

fn change_latency(rounds: usize, bytes: usize, tagged: bool) {
    let mut c = start();
    let uri = "file:///tmp/lede-bench-1mb.txt";
    let text = article_with(bytes, 1, tagged);
    c.open(uri, &text, 1);
    c.diagnostics(uri, Some(1));
    let lines = text.lines().count() as u32;
    let mut times = Vec::new();
    for v in 2..rounds as i64 + 2 {
        let line = (v as u32 * 7919) % lines;
        let t = Instant::now();
        c.change(
            uri,
            v,
            json!([{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "x"}]),
        );
        c.diagnostics(uri, Some(v));
        times.push(t.elapsed());
    }
    stats(
        &format!(
            "didChange -> publishDiagnostics, {} KB {}",
            text.len() / 1024,
            if tagged { "tagged" } else { "untagged" }
        ),
        times,
    );
    c.shutdown();
}

fn hover_latency(rounds: usize) {
    let mut c = start();
    for (name, bytes) in [("3 KB", 3_000), ("1 MB", 1 << 20)] {
        let uri = format!("file:///tmp/lede-bench-hover-{bytes}.txt");
        let text = article(bytes, 2);
        c.open(&uri, &text, 1);
        c.diagnostics(&uri, Some(1));
        // A position on a tag near the middle.
        let at = text[text.len() / 2..]
            .find("[Lin Wei]")
            .map(|i| i + text.len() / 2)
            .unwrap_or(0);
        let line = text[..at].matches('\n').count() as u32;
        let col = text[..at]
            .rsplit('\n')
            .next()
            .unwrap()
            .encode_utf16()
            .count() as u32
            + 2;
        let mut times = Vec::new();
        for _ in 0..rounds {
            let t = Instant::now();
            let h = c.request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}),
            );
            times.push(t.elapsed());
            assert!(h["contents"]["value"].is_string(), "{h}");
        }
        stats(&format!("hover on a tag, {name} article"), times);
    }
    c.shutdown();
}

fn startup(rounds: usize) {
    let mut times = Vec::new();
    let text = article(3_000, 3);
    for _ in 0..rounds {
        let t = Instant::now();
        let mut c = start();
        c.open("file:///tmp/lede-bench-start.txt", &text, 1);
        c.diagnostics("file:///tmp/lede-bench-start.txt", Some(1));
        times.push(t.elapsed());
        c.shutdown();
    }
    stats("spawn + initialize -> first diagnostics", times);
}

fn memory(docs: usize) {
    let mut c = start();
    let before = c.rss_kib().unwrap_or(0);
    let t = Instant::now();
    let mut total = 0;
    for i in 0..docs {
        let text = article(3_000, 100 + i as u64);
        total += text.len();
        c.open(&format!("file:///tmp/lede-bench-mem/{i}.txt"), &text, 1);
    }
    for i in 0..docs {
        c.diagnostics(&format!("file:///tmp/lede-bench-mem/{i}.txt"), Some(1));
    }
    let elapsed = t.elapsed();
    let after = c.rss_kib().unwrap_or(0);
    println!(
        "{docs} open articles ({} KB of text): RSS {} MB (idle server {} MB), all diagnostics in {:.0} ms",
        total / 1024,
        after / 1024,
        before / 1024,
        elapsed.as_secs_f64() * 1000.0
    );
    c.shutdown();
}

/// Where the time of one change goes, in process (no protocol).
fn breakdown(bytes: usize, tagged: bool) {
    let text = article_with(bytes, 1, tagged);
    let engine = lede::Engine::new(lede::Config::default()).unwrap();
    let t = Instant::now();
    let a = engine.analyze(&text);
    let analyze = t.elapsed();
    let t = Instant::now();
    let index = lede::CorpusIndex::build([&a.features]);
    let f = engine.findings_for(0, &a, &index);
    let corpus = t.elapsed();
    let t = Instant::now();
    let lines = lede::text::LineIndex::new(&text);
    let tags = lede::tags::TaggedText::parse(&text).tags.len();
    let other = t.elapsed();
    // The server's side of one change: analysis + tags, install, diagnostics.
    let mut st = lede::lsp::state::State::default();
    let uri = tower_lsp::lsp_types::Url::parse("file:///tmp/lede-breakdown.txt").unwrap();
    let shared: std::sync::Arc<str> = std::sync::Arc::from(text.as_str());
    let t = Instant::now();
    let a = lede::lsp::state::analyse(&st.engine, shared).unwrap();
    let server_analyse = t.elapsed();
    let t = Instant::now();
    let p = lede::lsp::diagnostics::install(&mut st, &uri, a, Some(1));
    let install = t.elapsed();
    let t = Instant::now();
    let json = serde_json::to_string(&p[0].diagnostics).unwrap();
    let ser = t.elapsed();
    // What tower-lsp does with the params (a Value tree, then text) and
    // what a client does on receipt (parse to a Value tree).
    let t = Instant::now();
    let tree = serde_json::to_value(&p[0].diagnostics).unwrap();
    let _text = serde_json::to_string(&tree).unwrap();
    let via_value = t.elapsed();
    let t = Instant::now();
    let _parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let parse = t.elapsed();
    println!(
        "in process, {} KB: analyze {:.2} ms, corpus findings {:.2} ms, line index + tag parse {:.2} ms; {} findings, {} tags, {} lines",
        text.len() / 1024,
        analyze.as_secs_f64() * 1000.0,
        corpus.as_secs_f64() * 1000.0,
        other.as_secs_f64() * 1000.0,
        f.len(),
        tags,
        lines.line_count()
    );
    println!(
        "  server side: analyse (engine + tags, joined) {:.2} ms, install + findings -> diagnostics {:.2} ms, JSON {:.2} ms ({} KB), via a Value tree {:.2} ms, client parse {:.2} ms",
        server_analyse.as_secs_f64() * 1000.0,
        install.as_secs_f64() * 1000.0,
        ser.as_secs_f64() * 1000.0,
        json.len() / 1024,
        via_value.as_secs_f64() * 1000.0,
        parse.as_secs_f64() * 1000.0
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `quick` shortens every loop.
    let quick = std::env::args().any(|a| a == "quick");
    let n = |full: usize, short: usize| if quick { short } else { full };
    println!("lede lsp over stdio ({BIN})");
    breakdown(1 << 20, true);
    breakdown(1 << 20, false);
    startup(n(20, 5));
    change_latency(n(50, 10), 1 << 20, true);
    change_latency(n(50, 10), 1 << 20, false);
    hover_latency(n(500, 50));
    memory(1000);
}
