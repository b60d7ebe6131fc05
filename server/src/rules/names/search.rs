//! Searches of a document for many patterns at once (alias names, the
//! single forms of doubled company names), paragraph by paragraph, with
//! what each paragraph's search found kept in its [`SearchMemo`].

use std::hash::Hasher;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHasher;

use super::Local;
use crate::rules::{Ctx, Placed};

/// The occurrences of each pattern in `text`, as
/// `memchr::memmem::find_iter` gives them for that pattern alone (leftmost,
/// not overlapping each other), all found in one pass over the text.
/// `ascii_case_insensitive` matches letters in either ASCII case, as a
/// search of the ASCII-lowercased text would. A test compares this with
/// one search per pattern.
fn occurrences_each(
    text: &str,
    patterns: &[&str],
    ascii_case_insensitive: bool,
) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); patterns.len()];
    if patterns.is_empty() {
        return out;
    }
    let Some(automaton) = automaton_for(patterns, ascii_case_insensitive) else {
        // (Never for names, which are not empty; kept exact anyway.)
        for (found, pattern) in out.iter_mut().zip(patterns) {
            let (hay, needle) = if ascii_case_insensitive {
                (text.to_ascii_lowercase(), pattern.to_ascii_lowercase())
            } else {
                (text.to_string(), pattern.to_string())
            };
            found.extend(memchr::memmem::find_iter(hay.as_bytes(), needle.as_bytes()));
        }
        return out;
    };
    for (k, at) in search_each(&automaton, patterns.len(), text) {
        out[k].push(at);
    }
    out
}

/// The automaton [`occurrences_each`] searches with; `None` when it cannot
/// be built or a pattern is empty.
fn automaton_for(patterns: &[&str], ascii_case_insensitive: bool) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .ascii_case_insensitive(ascii_case_insensitive)
        // Built for one document and searched over it once: a DFA (the
        // default for a few patterns) took longer to build than the
        // search it would save.
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .ok()
        .filter(|_| patterns.iter().all(|p| !p.is_empty()))
}

/// (pattern, start) of each occurrence [`occurrences_each`] keeps, in
/// order of start for each pattern.
fn search_each(automaton: &AhoCorasick, patterns: usize, text: &str) -> Vec<(usize, usize)> {
    // Every match of every pattern arrives, in order of its end; one
    // pattern's matches all have its length, so keeping each that starts
    // where the last kept one ended is the leftmost non-overlapping series.
    let mut free = vec![0usize; patterns];
    let mut out = Vec::new();
    for m in automaton.find_overlapping_iter(text) {
        let k = m.pattern().as_usize();
        if m.start() >= free[k] {
            out.push((k, m.start()));
            free[k] = m.end();
        }
    }
    out
}

/// What a paragraph's search for one set of patterns found, kept with the
/// paragraph's facts: an editor's unchanged paragraphs are not searched
/// again while the patterns (alias names, single company forms) stay the
/// same. Holds the last two sets, one per search.
#[derive(Debug, Default)]
pub(crate) struct SearchMemo(std::sync::Mutex<Vec<(u128, Found)>>);

/// (pattern, offset in the paragraph) of each occurrence.
type Found = Arc<[(u32, u32)]>;

impl Clone for SearchMemo {
    /// A memo is only a shortcut: a copy starts empty.
    fn clone(&self) -> Self {
        SearchMemo::default()
    }
}

impl SearchMemo {
    /// The remembered result for `key`, or `search`'s (remembered unless
    /// it has none).
    fn get_or_search(&self, key: u128, search: impl FnOnce() -> Option<Found>) -> Option<Found> {
        let mut memo = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, found)) = memo.iter().find(|(k, _)| *k == key) {
            return Some(found.clone());
        }
        let found = search()?;
        if memo.len() >= 2 {
            memo.remove(0);
        }
        memo.push((key, found.clone()));
        Some(found)
    }
}

/// [`occurrences_each`] over the text of `ctx`, searching each paragraph
/// alone or reusing what an earlier search of it with the same patterns
/// found. The result is the same: a pattern with no line break (and not
/// all blank) lies within the content of one non-blank line, so within
/// one paragraph (a test compares both).
pub(crate) fn occurrences_by_paragraph(
    ctx: &Ctx,
    paragraphs: &[Placed<Local>],
    patterns: &[&str],
    ascii_case_insensitive: bool,
) -> Vec<Vec<usize>> {
    if patterns.is_empty()
        || ctx.paragraphs.len() != paragraphs.len()
        || ctx.text.len() > u32::MAX as usize
        || patterns
            .iter()
            .any(|p| p.trim().is_empty() || p.contains(['\n', '\r']))
    {
        return occurrences_each(ctx.text, patterns, ascii_case_insensitive);
    }
    // The patterns' key: two independent 64-bit hashes.
    let key = {
        let (mut fx, mut sip) = (
            FxHasher::default(),
            std::collections::hash_map::DefaultHasher::new(),
        );
        for h in [&mut fx as &mut dyn Hasher, &mut sip] {
            h.write_u8(ascii_case_insensitive as u8);
            for p in patterns {
                h.write(p.as_bytes());
                h.write_u8(0xff);
            }
        }
        (fx.finish() as u128) << 64 | sip.finish() as u128
    };
    let mut automaton: Option<Option<AhoCorasick>> = None;
    let mut out = vec![Vec::new(); patterns.len()];
    for (span, p) in ctx.paragraphs.iter().zip(paragraphs) {
        let text = &ctx.text[span.clone()];
        let found = p.local.searched.get_or_search(key, || {
            let built = automaton
                .get_or_insert_with(|| automaton_for(patterns, ascii_case_insensitive))
                .as_ref()?;
            Some(
                search_each(built, patterns.len(), text)
                    .into_iter()
                    .map(|(k, at)| (k as u32, at as u32))
                    .collect(),
            )
        });
        // (No automaton: never for names; searched whole, still exact.)
        let Some(found) = found else {
            return occurrences_each(ctx.text, patterns, ascii_case_insensitive);
        };
        for &(k, at) in found.iter() {
            out[k as usize].push(span.start + at as usize);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::occurrences_each;

    use proptest::prelude::*;

    /// One search per pattern, of the lowercased text when asked: what
    /// `occurrences_each` stands for.
    fn one_by_one(text: &str, patterns: &[&str], ci: bool) -> Vec<Vec<usize>> {
        patterns
            .iter()
            .map(|p| {
                let (hay, needle) = if ci {
                    (text.to_ascii_lowercase(), p.to_ascii_lowercase())
                } else {
                    (text.to_string(), p.to_string())
                };
                memchr::memmem::find_iter(hay.as_bytes(), needle.as_bytes()).collect()
            })
            .collect()
    }

    #[test]
    fn overlapping_and_repeated_patterns() {
        let text = "aaaa Co. Ltd. AA co. ltd. aAa";
        let patterns = ["aa", "a", "aa", "Co. Ltd.", "A", "é"];
        for ci in [false, true] {
            assert_eq!(
                occurrences_each(text, &patterns, ci),
                one_by_one(text, &patterns, ci)
            );
        }
        assert_eq!(occurrences_each(text, &["aa"], false)[0], vec![0, 2]);
        assert_eq!(occurrences_each(text, &["aa"], true)[0], vec![0, 2, 14, 26]);
        assert!(occurrences_each(text, &[], true).is_empty());
    }

    /// `occurrences_by_paragraph` on `text`, with a fresh memo per
    /// paragraph; `rounds` searches with the same paragraphs' facts.
    fn by_paragraph(text: &str, rounds: &[(Vec<&str>, bool)]) -> Vec<Vec<Vec<usize>>> {
        use super::occurrences_by_paragraph;
        use crate::rules::names::Local;
        use crate::rules::Placed;
        let engine = crate::Engine::new(crate::Config::default()).unwrap();
        engine.with_context(text, |ctx| {
            let locals: Vec<Local> = ctx.paragraphs.iter().map(|_| Local::default()).collect();
            let placed: Vec<Placed<Local>> = ctx
                .paragraphs
                .iter()
                .zip(&locals)
                .map(|(p, local)| Placed {
                    start: p.start,
                    line: ctx.lines.line_of(p.start),
                    local,
                })
                .collect();
            rounds
                .iter()
                .map(|(patterns, ci)| occurrences_by_paragraph(ctx, &placed, patterns, *ci))
                .collect()
        })
    }

    proptest! {
        /// Searching paragraph by paragraph, and reusing what a paragraph's
        /// memo holds, finds what one search of the whole text finds: texts
        /// with blank lines (some of spaces, some CRLF), patterns that
        /// cross them or are blank falling back to the whole search, and
        /// up to three sets of patterns searched in turn, in both cases.
        #[test]
        fn paragraph_search_equals_whole_text_search(
            text in "([aAbB .é]{0,12}(\n|\r\n|\n\n|\n \n|\r\n\r\n))*[aAbB .é]{0,12}",
            sets in proptest::collection::vec(
                (proptest::collection::vec("[aAbB .é\n]{1,4}", 0..5), any::<bool>()), 1..4),
        ) {
            let sets: Vec<(Vec<&str>, bool)> = sets
                .iter()
                .map(|(ps, ci)| (ps.iter().map(String::as_str).collect(), *ci))
                .collect();
            // Each set in both cases, all of it twice: memo hits, misses
            // and evictions.
            let both: Vec<(Vec<&str>, bool)> = sets
                .iter()
                .flat_map(|(ps, ci)| [(ps.clone(), *ci), (ps.clone(), !*ci)])
                .collect();
            let rounds: Vec<(Vec<&str>, bool)> = both.iter().chain(&both).cloned().collect();
            let found = by_paragraph(&text, &rounds);
            for ((patterns, ci), got) in rounds.iter().zip(found) {
                prop_assert_eq!(got, occurrences_each(&text, patterns, *ci));
            }
        }
    }

    proptest! {
        #[test]
        fn one_pass_equals_one_search_per_pattern(
            text in "[aAbB .é]{0,60}",
            patterns in proptest::collection::vec("[aAbB .é]{1,4}", 0..6),
            ci in any::<bool>(),
        ) {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            prop_assert_eq!(
                occurrences_each(&text, &patterns, ci),
                one_by_one(&text, &patterns, ci)
            );
        }
    }
}
