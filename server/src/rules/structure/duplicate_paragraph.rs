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
    // Info until it earns a warning: 8 of 9 judged findings on the real
    // news sides are right (docs/accuracy.md), under the 0.9 a warning needs.
    default_severity: Severity::Info,
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

const THRESHOLD: f64 = 0.65;
/// An earlier paragraph smaller than the later one counts only when it has
/// at least this many word pairs, or the later one is at most twice its
/// size: a standfirst repeated at the head of the
/// body, not a headline, sub-headline or caption that the next paragraph
/// expands (news leads restate their headline; that is not a copy).
const MIN_CONTAINED_EARLIER: usize = 20;
/// Shingles shared by more paragraphs than this are too common to count.
const MAX_POSTINGS: usize = 32;

/// The lines of a paragraph with their line break and one following
/// blank line: what deleting it removes.
pub(super) fn deletion_span(ctx: &Ctx, para: &Span) -> Span {
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
/// only shingles held by 2 to [`MAX_POSTINGS`] paragraphs, for the pairs
/// that [`share`] counts; at least [`THRESHOLD`], the highest, then the
/// earliest. Also each paragraph's number of distinct shingles.
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
/// count). [`share`] only drops pairs, so the filter, made for the
/// containment of the smaller side, still finds every pair it keeps.
fn best_matches(
    ids: &[&[u32]],
    id_count: usize,
    earlier_ok: &[Earlier],
) -> (Vec<Option<(usize, f64)>>, Vec<usize>) {
    best_matches_with(ids, id_count, earlier_ok, None)
}

/// What a paragraph may be as the earlier side of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Earlier {
    /// Never (a page-title line, left to `structure/duplicate-headline`).
    Never,
    /// A line not ended like a sentence: a headline, sub-headline or
    /// caption, which a later, longer paragraph may expand.
    Line,
    /// A paragraph ended like a sentence.
    Sentence,
}

impl Earlier {
    fn of(text: &str) -> Earlier {
        let t = text.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’)".contains(c));
        if t.ends_with(['.', '。', '!', '！', '?', '？']) {
            Earlier::Sentence
        } else {
            Earlier::Line
        }
    }
}

/// How much of a pair is repeated wording, when the pair counts: `k`
/// shared word pairs between an earlier paragraph of `earlier` distinct
/// pairs and a later one of `later`. The later paragraph repeats when most
/// of its own wording is in the earlier one. An earlier, smaller paragraph
/// is repeated when most of it recurs later and it is long enough to be a
/// standfirst ([`MIN_CONTAINED_EARLIER`]), or it is a sentence and the
/// later one is at most twice its size (the sentence said again with a
/// clause added), never a short headline or caption that a long paragraph
/// expands.
fn share(k: u32, earlier: usize, later: usize, side: Earlier) -> Option<f64> {
    let expanded = earlier < later
        && earlier < MIN_CONTAINED_EARLIER
        && (side != Earlier::Sentence || later > 2 * earlier);
    if side == Earlier::Never || expanded {
        return None;
    }
    let c = k as f64 / earlier.min(later).max(1) as f64;
    (c >= THRESHOLD).then_some(c)
}

fn best_matches_with(
    ids: &[&[u32]],
    id_count: usize,
    earlier_ok: &[Earlier],
    force_filter: Option<bool>,
) -> (Vec<Option<(usize, f64)>>, Vec<usize>) {
    let n = ids.len();
    debug_assert_eq!(earlier_ok.len(), n);
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
            let Some(c) = share(k, sizes[i], sizes[j], earlier_ok[i]) else {
                continue;
            };
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
    // A first paragraph shaped like a title is compared by
    // `structure/duplicate-headline`, with the page furniture stripped.
    let mut earlier_ok: Vec<Earlier> = paras.iter().map(|p| Earlier::of(ctx.slice(p))).collect();
    if super::duplicate_headline::is_title_line(ctx.slice(&paras[0])) {
        earlier_ok[0] = Earlier::Never;
    }
    let (best, sizes) = best_matches(&ids, id_count, &earlier_ok);
    for (j, b) in best.iter().enumerate() {
        let Some((i, containment)) = *b else { continue };
        let (earlier, later) = (&paras[i], &paras[j]);
        // Delete the contained copy: the shorter one, or the later one.
        let line = ctx.lines.line_of(earlier.start) + 1;
        let (victim, title) = if sizes[i] < sizes[j] {
            (earlier, format!("Delete the shorter copy on line {line}"))
        } else {
            (later, "Delete this repeated paragraph".to_string())
        };
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
                title,
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
    fn best_by_all_pairs(ids: &[&[u32]], earlier_ok: &[Earlier]) -> Vec<Option<(usize, f64)>> {
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
                if shared == 0 {
                    continue;
                }
                let Some(c) = share(shared as u32, sets[i].len(), sets[j].len(), earlier_ok[i])
                else {
                    continue;
                };
                // Earlier i first: only a strictly higher share replaces it.
                if best[j].is_none_or(|(_, bc)| c > bc) {
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

    fn same_best_matches(paragraphs: &[Vec<u32>], earlier_ok: &[Earlier]) {
        let distinct = numbered(paragraphs);
        let ids: Vec<&[u32]> = distinct.iter().map(|p| &p[..]).collect();
        let id_count = paragraphs
            .iter()
            .flatten()
            .max()
            .map_or(0, |&m| m as usize + 1);
        let expected = best_by_all_pairs(&ids, earlier_ok);
        for force in [None, Some(true), Some(false)] {
            let (fast, sizes) = best_matches_with(&ids, id_count, earlier_ok, force);
            assert_eq!(fast, expected, "{force:?} {paragraphs:?}");
            for (p, size) in paragraphs.iter().zip(sizes) {
                let distinct: std::collections::HashSet<_> = p.iter().collect();
                assert_eq!(size, distinct.len());
            }
        }
    }

    #[test]
    fn prefix_filtered_matches_equal_all_pairs_on_examples() {
        // A repeat, a near repeat, a paragraph inside an earlier one, a
        // standfirst inside a later, longer one, a shingle too common to
        // count (in 33 paragraphs), and strangers; then a short headline
        // inside a later paragraph, which is not a repeat.
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
        paragraphs.push((3000..3010).collect());
        paragraphs.push((3000..3030).collect());
        let all = vec![Earlier::Sentence; paragraphs.len()];
        same_best_matches(&paragraphs, &all);
        let distinct = numbered(&paragraphs);
        let ids: Vec<&[u32]> = distinct.iter().map(|p| &p[..]).collect();
        let found = best_matches(&ids, 4000, &all).0;
        assert_eq!(found[1].map(|b| b.0), Some(0));
        assert_eq!(found[2].map(|b| b.0), Some(0));
        assert_eq!(found[3], Some((0, 1.0)), "a standfirst of 20 pairs counts");
        assert_eq!(found[4], Some((0, 1.0)));
        assert!(found[5..].iter().all(Option::is_none), "{:?}", &found[5..]);
        // With the first paragraph barred as an earlier side, its copies
        // match each other instead, or nothing.
        let mut no_first = all.clone();
        no_first[0] = Earlier::Never;
        same_best_matches(&paragraphs, &no_first);
        let found = best_matches(&ids, 4000, &no_first).0;
        assert_eq!(found[1], None);
        // The 10-pair sentence inside it counts (20 is at most twice 10),
        // and the earliest of equal shares wins.
        assert_eq!(found[4], Some((2, 1.0)));
        // A short sentence said again with a clause added counts; a short
        // headline line that the next paragraph expands does not.
        let pair = [(4000..4010).collect::<Vec<u32>>(), (4000..4018).collect()];
        let ids: Vec<&[u32]> = pair.iter().map(|p| &p[..]).collect();
        for (side, want) in [(Earlier::Sentence, Some((0, 1.0))), (Earlier::Line, None)] {
            same_best_matches(&pair, &[side, side]);
            assert_eq!(
                best_matches(&ids, 4018, &[side, side]).0[1],
                want,
                "{side:?}"
            );
        }
        assert_eq!(needed_overlap(10), 7);
        assert_eq!(needed_overlap(5), 4);
        assert_eq!(needed_overlap(0), 1);
    }

    #[test]
    fn shingles_count_up_to_max_postings_holders() {
        // The same two shingles in exactly MAX_POSTINGS paragraphs still
        // count (each repeats the first); in one paragraph more they are
        // too common, and nothing is a repeat.
        for (copies, counted) in [(MAX_POSTINGS, true), (MAX_POSTINGS + 1, false)] {
            let paragraphs = vec![vec![950, 951]; copies];
            let all = vec![Earlier::Sentence; copies];
            same_best_matches(&paragraphs, &all);
            let ids: Vec<&[u32]> = paragraphs.iter().map(|p| &p[..]).collect();
            let found = best_matches(&ids, 952, &all).0;
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
                proptest::collection::vec(0u32..40, 0..32), 0..40),
            sides in proptest::collection::vec(0u8..3, 40),
        ) {
            let earlier_ok: Vec<Earlier> = (0..paragraphs.len())
                .map(|i| [Earlier::Never, Earlier::Line, Earlier::Sentence][sides[i] as usize])
                .collect();
            same_best_matches(&paragraphs, &earlier_ok);
        }
    }
}
