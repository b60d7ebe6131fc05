//! `boilerplate/repeated-line`: a line that recurs across many files of
//! the checked set. Each document's short lines, normalised and hashed,
//! go into a corpus index that counts the documents holding each one.

use rustc_hash::FxHashMap;

use super::Local;
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::config::Config;
use crate::rules::{Ctx, Example, Placed, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "boilerplate/repeated-line",
    source: file!(),
    default_severity: Severity::Info,
    summary: "A line that recurs across many files of the checked set",
    explanation: include_str!("repeated_line.md").trim_ascii_end(),
    bad: &[Example {
        text: "Follow Harbour Daily on WeChat",
        config: "",
        other_files: &[
            "The new bridge opened on Monday.\nFollow Harbour Daily on WeChat\n",
            "Rain is expected this weekend.\nFollow Harbour Daily on WeChat\n",
        ],
    }],
    good: &[Example::text("A line that occurs in one file only")],
};

/// Longest line (in bytes) that can count as repeated furniture.
pub(super) const MAX_REPEATED_LINE: usize = 300;

/// The short lines of one document, normalised and hashed, each once.
#[derive(Debug, Clone, Default)]
pub struct Features {
    pub lines: Vec<LineFeature>,
}

#[derive(Debug, Clone)]
pub struct LineFeature {
    pub key: u64,
    /// The first occurrence's content, original offsets.
    pub content: Span,
    /// The same line with its line break (what deleting it removes).
    pub whole: Span,
}

/// In how many documents each normalised line occurs.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct CorpusIndex {
    #[serde(with = "crate::base::sorted_map")]
    counts: FxHashMap<u64, u32>,
}

impl CorpusIndex {
    pub fn add(&mut self, _doc: usize, f: &Features) {
        for l in &f.lines {
            *self.counts.entry(l.key).or_default() += 1;
        }
    }

    pub fn remove(&mut self, _doc: usize, f: &Features) {
        for l in &f.lines {
            if let Some(c) = self.counts.get_mut(&l.key) {
                *c -= 1;
                if *c == 0 {
                    self.counts.remove(&l.key);
                }
            }
        }
    }

    /// The counts of `other` (other documents) added to these.
    pub fn merge(&mut self, other: CorpusIndex) {
        self.counts.reserve(other.counts.len());
        for (key, n) in other.counts {
            let c = self.counts.entry(key).or_default();
            *c = c.saturating_add(n);
        }
    }

    /// In how many documents the line with this key occurs.
    pub fn count(&self, key: u64) -> u32 {
        self.counts.get(&key).copied().unwrap_or(0)
    }
}

/// Hash of a line with case and runs of whitespace ignored; `None` for a
/// line with fewer than two letters. The hash is of the normalised text
/// (trimmed, each run of whitespace one space, lowercased), built in a
/// per-thread buffer; an ASCII line, nearly every one, is normalised byte
/// by byte.
#[inline]
pub(crate) fn line_key(line: &str) -> Option<u64> {
    use std::hash::Hasher;
    thread_local!(static NORMAL: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) });
    NORMAL.with_borrow_mut(|normal| {
        normal.clear();
        let mut letters = 0;
        let mut pending_space = false;
        let line = line.trim();
        if line.is_ascii() {
            for &b in line.as_bytes() {
                // The ASCII chars `char::is_whitespace` accepts.
                if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
                    pending_space = true;
                    continue;
                }
                if std::mem::take(&mut pending_space) {
                    normal.push(b' ');
                }
                letters += usize::from(b.is_ascii_alphabetic());
                normal.push(b.to_ascii_lowercase());
            }
        } else {
            let mut utf8 = [0u8; 4];
            for ch in line.chars() {
                if ch.is_whitespace() {
                    pending_space = true;
                    continue;
                }
                if std::mem::take(&mut pending_space) {
                    normal.push(b' ');
                }
                letters += usize::from(ch.is_alphabetic());
                for lc in ch.to_lowercase() {
                    normal.extend_from_slice(lc.encode_utf8(&mut utf8).as_bytes());
                }
            }
        }
        (letters >= 2).then(|| {
            let mut h = rustc_hash::FxHasher::default();
            h.write(normal);
            h.finish()
        })
    })
}

/// The document's features for the corpus index: each short line of its
/// `paragraphs` once, with original offsets.
pub(super) fn features(ctx: &Ctx, paragraphs: &[Placed<Local>]) -> Features {
    // Each short line once, for the corpus index.
    let mut seen = rustc_hash::FxHashSet::default();
    let mut lines = Vec::new();
    for p in paragraphs {
        for (key, line, content) in &p.local.keyed {
            if seen.insert(*key) {
                lines.push(LineFeature {
                    key: *key,
                    content: ctx
                        .tagged
                        .span_to_original(&(p.start + content.start..p.start + content.end)),
                    whole: ctx
                        .tagged
                        .span_to_original(&ctx.lines.line_span(p.line + line)),
                });
            }
        }
    }
    Features { lines }
}

/// In how many of `docs` files a line must occur to be reported: at
/// least `repeated_min_files`, and at least `repeated_min_share` of the
/// files, but the share asks for no more than `repeated_share_cap` files
/// (a line in 20 files of 10,000 is as surely furniture as one in 20 of
/// 400, and a share alone would need 500).
pub(crate) fn files_needed(config: &crate::config::Boilerplate, docs: usize) -> usize {
    let min_files = config.repeated_min_files.max(2);
    let by_share = (config.repeated_min_share * docs as f64 - 1e-9)
        .ceil()
        .max(0.0) as usize;
    min_files.max(by_share.min(config.repeated_share_cap))
}

pub fn corpus_check(
    _doc: usize,
    f: &Features,
    index: &CorpusIndex,
    docs: usize,
    config: &Config,
    out: &mut Sink,
) {
    let docs = docs.max(1);
    let needed = files_needed(&config.boilerplate, docs);
    for l in &f.lines {
        let n = index.count(l.key) as usize;
        if n >= needed {
            out.push(
                Finding::new(
                    &META,
                    l.content.clone(),
                    format!("line repeated in {n} of {docs} files: likely site boilerplate"),
                )
                .with_fix(Fix::unsafe_(
                    "Delete this line",
                    vec![Edit {
                        span: l.whole.clone(),
                        new_text: String::new(),
                    }],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_of_files_needed_is_capped() {
        let config = crate::config::Boilerplate::default();
        // 3 files at least, 5% of the set, but never more than 20 files.
        for (docs, needed) in [
            (1, 3),
            (10, 3),
            (60, 3),
            (61, 4),
            (100, 5),
            (400, 20),
            (401, 20),
            (10_000, 20),
        ] {
            assert_eq!(files_needed(&config, docs), needed, "{docs} files");
        }
        let strict = crate::config::Boilerplate {
            repeated_min_files: 5,
            repeated_min_share: 0.5,
            repeated_share_cap: 2,
            ..config
        };
        // The cap never goes below the least number of files.
        assert_eq!(files_needed(&strict, 1000), 5);
    }

    #[test]
    fn line_keys_ignore_case_and_spacing_only() {
        let same = [
            ("Source: Xinhua  News", "source: xinhua news"),
            ("  Related\tPages ", "related pages"),
            ("Café\u{a0}Menu", "café menu"),
            ("ÜBER  Öl", "über öl"),
            // The Kelvin sign lowercases to an ASCII `k`: both paths agree.
            ("\u{212a}ilo watt", "kilo watt"),
        ];
        for (a, b) in same {
            assert_eq!(line_key(a), line_key(b), "{a:?} / {b:?}");
            assert!(line_key(a).is_some(), "{a:?}");
        }
        let different = [
            ("source: xinhua", "source xinhua"),
            ("related pages", "related page"),
            ("café menu", "cafe menu"),
            ("ab", "a b"),
        ];
        for (a, b) in different {
            assert_ne!(line_key(a), line_key(b), "{a:?} / {b:?}");
        }
        for few_letters in ["", "a", "1 2 3", "— · —", "é 1"] {
            assert_eq!(line_key(few_letters), None, "{few_letters:?}");
        }
    }
}
