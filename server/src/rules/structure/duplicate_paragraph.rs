//! `structure/duplicate-paragraph`: a paragraph that repeats an earlier
//! one, found by comparing the paragraphs' numbered shingles
//! ([`super::shingles`]) with prefix filtering.

use super::Local;
use crate::base::finding::{DocRef, Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::rules::{Ctx, Example, Placed, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "structure/duplicate-paragraph",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "A paragraph that repeats an earlier one",
    explanation: include_str!("duplicate_paragraph.md").trim_ascii_end(),
    bad: &[Example::text(
        "Floods closed three bridges over the Han River on Tuesday, cutting the city in two.\n\n\
         Floods closed three bridges over the Han River on Tuesday, cutting the city in two, \
         the mayor's office said.",
    )],
    good: &[Example::text(
        "Floods closed three bridges over the Han River on Tuesday.\n\n\
         The Han River rose two metres overnight, and schools across the city stayed shut.",
    )],
};

const THRESHOLD: f64 = 0.6;
/// Shingles shared by more paragraphs than this are too common to count.
const MAX_POSTINGS: usize = 32;

/// The lines of a paragraph with their line break and one following
/// blank line: what deleting it removes.
fn deletion_span(ctx: &Ctx, para: &Span) -> Span {
    let last = ctx.lines.line_of(para.end);
    let mut end = ctx.lines.line_span(last).end;
    let next = ctx.lines.line_of(end);
    if end < ctx.text.len()
        && ctx.text[ctx.lines.line_content(ctx.text, next)]
            .trim()
            .is_empty()
    {
        end = ctx.lines.line_span(next).end;
    }
    let start = ctx.lines.line_start(ctx.lines.line_of(para.start));
    start..end
}

/// The smallest number of shared shingles that makes `n / size` reach
/// [`THRESHOLD`], in the same floating-point arithmetic as the check.
fn needed_overlap(size: usize) -> usize {
    let m = size.max(1) as f64;
    let mut n = ((THRESHOLD * m).floor() as usize).saturating_sub(1);
    while (n as f64 / m) < THRESHOLD {
        n += 1;
    }
    n
}

/// For each paragraph (given by its shingle ids, `< id_count`), the
/// earlier paragraph it repeats best, with the containment: the share of
/// the smaller paragraph's distinct shingles that the two share, counting
/// only shingles held by 2 to [`MAX_POSTINGS`] paragraphs; at least
/// [`THRESHOLD`], the highest, then the earliest. Also each paragraph's
/// number of distinct shingles.
///
/// Pairs are found by prefix filtering (as in set-similarity joins): two
/// paragraphs sharing at least `o` of the smaller one's `c` counted
/// shingles must share one of its `c - o + 1` rarest, so only those are
/// looked up, and a paragraph with fewer counted shingles than it would
/// need is never the smaller side of a pair. Most paragraphs of real prose
/// share only common phrases and drop out at once. A paragraph that is the
/// later side of a candidate pair is then compared exactly with every
/// earlier paragraph it shares a counted shingle with, so the result is
/// that of comparing all pairs (a test checks this against the plain pair
/// count).
fn best_matches(ids: &[&[u32]], id_count: usize) -> (Vec<Option<(usize, f64)>>, Vec<usize>) {
    best_matches_with(ids, id_count, None)
}

/// [`best_matches`], with the choice to filter pairs made by the caller
/// (tests run both ways) or, with `None`, from the paragraphs.
fn best_matches_with(
    ids: &[&[u32]],
    id_count: usize,
    force_filter: Option<bool>,
) -> (Vec<Option<(usize, f64)>>, Vec<usize>) {
    let n = ids.len();
    debug_assert!(ids.iter().all(|own| {
        let mut sorted = own.to_vec();
        sorted.sort_unstable();
        sorted.windows(2).all(|w| w[0] < w[1])
    }));
    let sizes: Vec<usize> = ids.iter().map(|own| own.len()).collect();
    // The paragraphs of each counted shingle, grouped by id in paragraph
    // order: a counting sort in one array. `offset[id + 1]` first counts
    // the id's holders, then becomes the cursor where its group is filled
    // (its start, marked when the id is counted), and after the fill the
    // group's end, so that group `id` is `offset[id]..offset[id + 1]`.
    const MARK: u32 = 1 << 31;
    let mut offset: Vec<u32> = vec![0; id_count + 1];
    for own in ids {
        for &id in own.iter() {
            offset[id as usize + 1] += 1;
        }
    }
    let mut total = 0u32;
    for cursor in &mut offset[1..] {
        let holders = *cursor;
        *cursor = total;
        if (2..=MAX_POSTINGS as u32).contains(&holders) {
            *cursor |= MARK;
            total += holders;
        }
    }
    assert!(total < MARK, "too many shingles to group");
    // The fill also counts each paragraph's counted shingles: a paragraph
    // can be the smaller side of a pair only if it has as many as the
    // threshold needs of it.
    let mut groups = vec![0u32; total as usize];
    let mut could_be_smaller = vec![false; n];
    for (p, own) in ids.iter().enumerate() {
        let mut counted_here = 0;
        for &id in own.iter() {
            let cursor = &mut offset[id as usize + 1];
            if *cursor & MARK != 0 {
                groups[(*cursor & !MARK) as usize] = p as u32;
                *cursor += 1;
                counted_here += 1;
            }
        }
        could_be_smaller[p] = counted_here >= needed_overlap(sizes[p]);
    }
    for cursor in &mut offset {
        *cursor &= !MARK;
    }
    let group = |id: u32| &groups[offset[id as usize] as usize..offset[id as usize + 1] as usize];
    let counted = |id: u32| !group(id).is_empty();
    // Which paragraphs are the later side of some candidate pair: pairs
    // come from each paragraph's rarest counted shingles, toward
    // paragraphs at least as large. When most paragraphs could be the
    // smaller side of a pair (a text over a tiny vocabulary), filtering
    // costs more than it saves: every paragraph is compared.
    let open = could_be_smaller.iter().filter(|&&c| c).count();
    let with_shingles = sizes.iter().filter(|&&s| s > 0).count();
    let filter = force_filter.unwrap_or(open * 4 < with_shingles);
    let mut later_side = vec![!filter; n];
    let mut prefix: Vec<u32> = Vec::new();
    for x in (0..n).filter(|&x| filter && could_be_smaller[x]) {
        prefix.clear();
        prefix.extend(ids[x].iter().copied().filter(|&id| counted(id)));
        let need = needed_overlap(sizes[x]);
        let keep = prefix.len() - need + 1;
        if keep < prefix.len() {
            prefix.select_nth_unstable_by_key(keep - 1, |&id| (group(id).len(), id));
            prefix.truncate(keep);
        }
        for &id in &prefix {
            for &y in group(id) {
                let y = y as usize;
                if y != x && sizes[y] >= sizes[x] {
                    later_side[x.max(y)] = true;
                }
            }
        }
    }
    // For each of those, the earlier paragraph it repeats best, counting
    // the shingles it shares with every earlier one in a dense array.
    let mut best: Vec<Option<(usize, f64)>> = vec![None; n];
    let mut shared = vec![0u32; n];
    let mut touched: Vec<u32> = Vec::new();
    for j in (0..n).filter(|&j| later_side[j]) {
        for &id in ids[j] {
            for &i in group(id).iter().take_while(|&&i| (i as usize) < j) {
                if shared[i as usize] == 0 {
                    touched.push(i);
                }
                shared[i as usize] += 1;
            }
        }
        for i in touched.drain(..) {
            let i = i as usize;
            let k = std::mem::take(&mut shared[i]);
            let c = k as f64 / sizes[i].min(sizes[j]).max(1) as f64;
            if c < THRESHOLD {
                continue;
            }
            let better = match best[j] {
                None => true,
                Some((bi, bc)) => c > bc || (c == bc && i < bi),
            };
            if better {
                best[j] = Some((i, c));
            }
        }
    }
    (best, sizes)
}

pub(super) fn duplicates(ctx: &Ctx, placed: &[Placed<Local>], id_count: usize, out: &mut Sink) {
    let paras = ctx.paragraphs;
    debug_assert_eq!(paras.len(), placed.len());
    if paras.len() < 2 {
        return;
    }
    debug_assert!(
        placed.iter().all(|p| p.local.shingles.is_empty()),
        "shingles not numbered"
    );
    let ids: Vec<&[u32]> = placed.iter().map(|p| &p.local.ids[..]).collect();
    let (best, sizes) = best_matches(&ids, id_count);
    for (j, b) in best.iter().enumerate() {
        let Some((i, containment)) = *b else { continue };
        let (earlier, later) = (&paras[i], &paras[j]);
        // Delete the contained copy: the shorter one, or the later one.
        let (victim, which) = if sizes[i] < sizes[j] {
            (earlier, "earlier")
        } else {
            (later, "this")
        };
        let line = ctx.lines.line_of(earlier.start) + 1;
        out.push(
            Finding::new(
                &META,
                later.clone(),
                format!(
                    "paragraph repeats the one on line {line} ({:.0}% of its wording)",
                    containment * 100.0
                ),
            )
            .with_related(DocRef::This, earlier.clone(), "the earlier copy")
            .with_fix(Fix::unsafe_(
                format!("Delete the {which} copy"),
                vec![Edit {
                    span: deletion_span(ctx, victim),
                    new_text: String::new(),
                }],
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The duplicate check's definition, comparing every pair directly.
    fn best_by_all_pairs(ids: &[&[u32]]) -> Vec<Option<(usize, f64)>> {
        use std::collections::{HashMap, HashSet};
        let sets: Vec<HashSet<u32>> = ids.iter().map(|p| p.iter().copied().collect()).collect();
        let mut holders: HashMap<u32, usize> = HashMap::new();
        for set in &sets {
            for &id in set {
                *holders.entry(id).or_default() += 1;
            }
        }
        let counted = |id: &u32| (2..=MAX_POSTINGS).contains(&holders[id]);
        let mut best = vec![None; ids.len()];
        for j in 0..sets.len() {
            for i in 0..j {
                let shared = sets[i]
                    .intersection(&sets[j])
                    .filter(|id| counted(id))
                    .count();
                let c = shared as f64 / sets[i].len().min(sets[j].len()).max(1) as f64;
                if shared == 0 || c < THRESHOLD {
                    continue;
                }
                // Earlier i first: only a strictly higher share replaces it.
                if best[j].map_or(true, |(_, bc)| c > bc) {
                    best[j] = Some((i, c));
                }
            }
        }
        best
    }

    /// Each paragraph's ids as [`ShingleIds::number`] leaves them: each
    /// once, in order of first use.
    fn numbered(paragraphs: &[Vec<u32>]) -> Vec<Vec<u32>> {
        paragraphs
            .iter()
            .map(|p| {
                let mut seen = std::collections::HashSet::new();
                p.iter().copied().filter(|&id| seen.insert(id)).collect()
            })
            .collect()
    }

    fn same_best_matches(paragraphs: &[Vec<u32>]) {
        let distinct = numbered(paragraphs);
        let ids: Vec<&[u32]> = distinct.iter().map(|p| &p[..]).collect();
        let id_count = paragraphs
            .iter()
            .flatten()
            .max()
            .map_or(0, |&m| m as usize + 1);
        let expected = best_by_all_pairs(&ids);
        for force in [None, Some(true), Some(false)] {
            let (fast, sizes) = best_matches_with(&ids, id_count, force);
            assert_eq!(fast, expected, "{force:?} {paragraphs:?}");
            for (p, size) in paragraphs.iter().zip(sizes) {
                let distinct: std::collections::HashSet<_> = p.iter().collect();
                assert_eq!(size, distinct.len());
            }
        }
    }

    #[test]
    fn prefix_filtered_matches_equal_all_pairs_on_examples() {
        // A repeat, a near repeat, a paragraph inside a longer one, a
        // shingle too common to count (in 33 paragraphs), and strangers.
        let base: Vec<u32> = (0..20).collect();
        let mut near = base.clone();
        near[3] = 500;
        near[11] = 501;
        let inside: Vec<u32> = (5..15).collect();
        let longer: Vec<u32> = (0..40).collect();
        let mut paragraphs = vec![base.clone(), near, inside, longer, base];
        for k in 0..33 {
            paragraphs.push(vec![900, 1000 + k, 2000 + k]);
        }
        paragraphs.push((100..130).chain([900]).collect());
        same_best_matches(&paragraphs);
        let distinct = numbered(&paragraphs);
        let found = best_matches(&distinct.iter().map(|p| &p[..]).collect::<Vec<_>>(), 3000).0;
        assert_eq!(found[1].map(|b| b.0), Some(0));
        assert_eq!(found[2].map(|b| b.0), Some(0));
        assert_eq!(found[4], Some((0, 1.0)));
        assert!(found[5..].iter().all(Option::is_none));
        assert_eq!(needed_overlap(10), 6);
        assert_eq!(needed_overlap(5), 3);
        assert_eq!(needed_overlap(0), 1);
    }

    #[test]
    fn shingles_count_up_to_max_postings_holders() {
        // The same two shingles in exactly MAX_POSTINGS paragraphs still
        // count (each repeats the first); in one paragraph more they are
        // too common, and nothing is a repeat.
        for (copies, counted) in [(MAX_POSTINGS, true), (MAX_POSTINGS + 1, false)] {
            let paragraphs = vec![vec![950, 951]; copies];
            same_best_matches(&paragraphs);
            let ids: Vec<&[u32]> = paragraphs.iter().map(|p| &p[..]).collect();
            let found = best_matches(&ids, 952).0;
            assert_eq!(found[0], None);
            for b in &found[1..] {
                assert_eq!(*b, counted.then_some((0, 1.0)), "{copies} copies");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Paragraphs over a small vocabulary share shingles in every
        /// proportion, with repeats inside a paragraph and ties.
        #[test]
        fn prefix_filtered_matches_equal_all_pairs(
            paragraphs in proptest::collection::vec(
                proptest::collection::vec(0u32..40, 0..24), 0..40)
        ) {
            same_best_matches(&paragraphs);
        }
    }
}
