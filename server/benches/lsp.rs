//! Drives the real `lede lsp` binary over stdio and prints latency and
//! memory figures (see docs/performance-lsp.md):
//!
//! ```sh
//! cargo bench --bench lsp            # all figures
//! cargo bench --bench lsp -- quick   # fewer iterations
//! cargo bench --bench lsp -- change  # only some parts: breakdown, startup, change, prose, hover, memory
//!                                    # (prose: the news-prose change figure alone)
//! LEDE_BENCH_BIN=/path/to/other/lede cargo bench --bench lsp   # another build's server
//! ```
//!
//! The debounce is set to 0 through `initializationOptions`, so the
//! change-to-diagnostics figure is the server's own work plus the stdio
//! round trip, not the editor-friendly default delay (75 ms).

#[path = "support/corpus_gen.rs"]
mod corpus_gen;
#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

use std::time::{Duration, Instant};

use lsp_client::LspClient;
use serde_json::json;

/// The server under test: this build's, or another build's binary named by
/// `LEDE_BENCH_BIN` (to compare two versions on the same machine).
fn bin() -> String {
    std::env::var("LEDE_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_lede").to_string())
}

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

/// About `bytes` of generated news text: the corpus generator's articles
/// one after another (varied sentences over a newsroom vocabulary, with
/// the usual damage), as in a long report or a digest.
fn prose(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 8192);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&corpus_gen::article(20240307, i));
        out.push('\n');
        i += 1;
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
    let mut c = LspClient::spawn(&bin());
    c.initialize(None, false, json!({"debounceMs": 0}));
    c
}

/// Which 1 MB text a change figure is measured on.
#[derive(Clone, Copy)]
enum Text {
    /// Generated news prose (see [`prose`]).
    Prose,
    /// The 29-word article without tags: nearly every word 3-gram recurs
    /// in many paragraphs, the worst case for the duplicate check.
    Untagged,
    /// The same with ~9,300 tags (~2,750 diagnostics per publish).
    Tagged,
}

fn change_latency(rounds: usize, bytes: usize, which: Text) {
    let mut c = start();
    let uri = "file:///tmp/lede-bench-1mb.txt";
    let text = text_of(which, bytes);
    c.open(uri, &text, 1);
    c.diagnostics(uri, Some(1));
    let lines = text.lines().count() as u32;
    let (mut arrived, mut parsed) = (Vec::new(), Vec::new());
    for v in 2..rounds as i64 + 2 {
        let line = (v as u32 * 7919) % lines;
        // The message is built before the clock starts: the figure is the
        // server's, from the write of the change to the last byte of its
        // diagnostics.
        let change = serde_json::to_vec(&json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": uri, "version": v},
                "contentChanges": [{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "x"}],
            },
        }))
        .expect("serialise the change");
        let t = Instant::now();
        c.send_body(&change);
        c.diagnostics(uri, Some(v));
        parsed.push(t.elapsed());
        arrived.push(c.last_read().expect("a message was read") - t);
    }
    let name = match which {
        Text::Prose => "news prose",
        Text::Untagged => "29-word untagged",
        Text::Tagged => "29-word tagged",
    };
    let kb = text.len() / 1024;
    // Received: the message's last byte read by the client. Parsed: after
    // the test client also turned it into a `serde_json::Value` tree.
    stats(
        &format!("didChange -> publishDiagnostics received, {kb} KB {name}"),
        arrived,
    );
    stats("  same, and parsed by the client (Value tree)", parsed);
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

fn text_of(which: Text, bytes: usize) -> String {
    match which {
        Text::Prose => prose(bytes),
        Text::Untagged => article_with(bytes, 1, false),
        Text::Tagged => article_with(bytes, 1, true),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Where the time of one change goes, in process (no protocol): the
/// server's steps after a one-character edit, medians of 15.
fn breakdown(bytes: usize, which: Text) {
    use std::sync::{Arc, Mutex};
    let text = text_of(which, bytes);
    let engine = lede::Engine::new(lede::Config::default()).unwrap();
    let t = Instant::now();
    let a = engine.analyze(&text);
    let full = t.elapsed();
    let mut st = lede::lsp::state::State::default();
    let uri = tower_lsp::lsp_types::Url::parse("file:///tmp/lede-breakdown.txt").unwrap();
    let cache = Mutex::new(lede::engine::ParagraphCache::new());
    let first = lede::lsp::state::analyse_with(&st.engine, Arc::from(text.as_str()), Some(&cache));
    lede::lsp::diagnostics::install(&mut st, &uri, first.unwrap(), Some(1));
    let (mut engine_t, mut server_t, mut install_t) = (vec![], vec![], vec![]);
    let (mut render_t, mut parse_t) = (vec![], vec![]);
    let (mut diagnostics, mut bytes) = (0, 0);
    for round in 0..15 {
        let at = lede::text::floor_char_boundary(&text, text.len() / 17 * (round + 1));
        let edited = format!("{}x{}", &text[..at], &text[at..]);
        // The engine alone on a copy of the cache, then the server's whole
        // analysis step (engine beside tag parse and line index).
        let mut copy = cache.lock().unwrap().clone();
        let t = Instant::now();
        let _ = st.engine.analyze_incremental(&edited, &mut copy);
        engine_t.push(t.elapsed());
        let t = Instant::now();
        let a =
            lede::lsp::state::analyse_with(&st.engine, Arc::from(edited.as_str()), Some(&cache));
        server_t.push(t.elapsed());
        let t = Instant::now();
        let p = lede::lsp::diagnostics::install(&mut st, &uri, a.unwrap(), Some(2 + round as i32));
        install_t.push(t.elapsed());
        // The rendering step alone (install does it once), then what a
        // client does on receipt (parse to a Value tree).
        let i = st.corpus.slot_index(&uri).unwrap();
        let t = Instant::now();
        let rendered = lede::lsp::diagnostics::publish_for(&st, i).unwrap();
        render_t.push(t.elapsed());
        assert_eq!(rendered.message, p[0].message);
        let t = Instant::now();
        let parsed: serde_json::Value = serde_json::from_slice(&p[0].message).unwrap();
        parse_t.push(t.elapsed());
        diagnostics = parsed["params"]["diagnostics"].as_array().unwrap().len();
        bytes = p[0].message.len();
    }
    let median = |mut v: Vec<Duration>| {
        v.sort();
        ms(v[v.len() / 2])
    };
    println!(
        "in process, {} KB {}: full analyze {:.2} ms ({} findings); after a 1-char edit: engine {:.2} ms, server analysis step {:.2} ms, install (findings, rendered message) {:.2} ms, of which rendering {:.2} ms ({diagnostics} diagnostics, {} KB), client parse {:.2} ms",
        text.len() / 1024,
        match which {
            Text::Prose => "news prose",
            Text::Untagged => "29-word untagged",
            Text::Tagged => "29-word tagged",
        },
        ms(full),
        a.findings.len(),
        median(engine_t),
        median(server_t),
        median(install_t),
        median(render_t),
        bytes / 1024,
        median(parse_t),
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `quick` shortens every loop.
    let quick = std::env::args().any(|a| a == "quick");
    let n = |full: usize, short: usize| if quick { short } else { full };
    println!("lede lsp over stdio ({})", bin());
    // Naming one or more of the parts runs only those.
    let parts = ["breakdown", "startup", "change", "prose", "hover", "memory"];
    let named: Vec<String> = std::env::args()
        .filter(|a| parts.contains(&a.as_str()))
        .collect();
    let run = |part: &str| named.is_empty() || named.iter().any(|a| a == part);
    if run("breakdown") {
        for which in [Text::Prose, Text::Untagged, Text::Tagged] {
            breakdown(1 << 20, which);
        }
    }
    if run("startup") {
        startup(n(20, 5));
    }
    if run("change") {
        change_latency(n(50, 10), 1 << 20, Text::Prose);
        change_latency(n(50, 10), 1 << 20, Text::Untagged);
        change_latency(n(50, 10), 1 << 20, Text::Tagged);
    } else if run("prose") {
        change_latency(n(50, 10), 1 << 20, Text::Prose);
    }
    if run("hover") {
        hover_latency(n(500, 50));
    }
    if run("memory") {
        memory(1000);
    }
}
