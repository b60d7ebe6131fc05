//! Applying fixes: exact, non-overlapping edits, never a lost byte.

use std::collections::BTreeMap;

use crate::base::finding::{Edit, Finding};

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Only fixes marked safe (what `--fix` does).
    SafeOnly,
    /// Safe and unsafe fixes (`--fix --unsafe-fixes`).
    All,
}

/// Whether every edit's span lies in `text` on character boundaries.
fn edits_fit(text: &str, edits: &[Edit]) -> bool {
    edits.iter().all(|e| {
        e.span.start <= e.span.end
            && e.span.end <= text.len()
            && text.is_char_boundary(e.span.start)
            && text.is_char_boundary(e.span.end)
    })
}

/// Applies the first eligible fix of each finding, skipping any fix that
/// overlaps one already taken (the next round picks it up). Returns the new
/// text and how many fixes were applied. The taken edits are kept by start
/// (no two taken edits share one), so each check looks at two neighbours:
/// n log n in the number of edits, not n² (a test compares it with the
/// pairwise definition).
pub fn apply_fixes(text: &str, findings: &[Finding], mode: FixMode) -> (String, usize) {
    let mut taken: BTreeMap<usize, &Edit> = BTreeMap::new();
    let mut applied = 0;
    let mut order: Vec<&Edit> = Vec::new();
    for f in findings {
        let Some(fix) = f.fixes.iter().find(|fx| fx.safe || mode == FixMode::All) else {
            continue;
        };
        let valid = edits_fit(text, &fix.edits);
        if !valid || fix.edits.is_empty() {
            continue;
        }
        order.clear();
        order.extend(fix.edits.iter());
        order.sort_by_key(|e| (e.span.start, e.span.end));
        if clash_among(&order) || order.iter().any(|e| clashes_with_taken(&taken, e)) {
            continue;
        }
        for e in &order {
            taken.insert(e.span.start, e);
        }
        applied += 1;
    }
    (
        apply_edits(text, taken.into_values().cloned().collect()),
        applied,
    )
}

/// Whether two of `sorted` (by start, then end) clash, as [`overlaps`]
/// says: two edits with one start always do; otherwise an edit clashes
/// with an earlier one exactly when it starts before the furthest end so far.
fn clash_among(sorted: &[&Edit]) -> bool {
    let mut furthest = 0;
    for (k, e) in sorted.iter().enumerate() {
        if k > 0 && (e.span.start == sorted[k - 1].span.start || e.span.start < furthest) {
            return true;
        }
        furthest = furthest.max(e.span.end);
    }
    false
}

/// Whether `e` clashes with one of `taken` (edits that clash with none of
/// each other, by start). Only three can: the one with `e`'s start, the
/// last one before it (which ends after every earlier one) and the first
/// one after it.
fn clashes_with_taken(taken: &BTreeMap<usize, &Edit>, e: &Edit) -> bool {
    let (s, t) = (e.span.start, e.span.end);
    taken.contains_key(&s)
        || taken
            .range(..s)
            .next_back()
            .is_some_and(|(_, b)| overlaps(e, b))
        || taken.range(s + 1..).next().is_some_and(|(&b, _)| b < t)
}

/// Two edits clash when their spans overlap, or when both insert at the
/// same point (their order would be arbitrary).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    (a.span.start < b.span.end && b.span.start < a.span.end)
        || (a.span.start == b.span.start && (a.span.is_empty() || b.span.is_empty()))
}

/// Applies non-overlapping edits (in any order).
pub fn apply_edits(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        if e.span.start < pos {
            continue; // overlapping: never produced by apply_fixes
        }
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.new_text);
        pos = e.span.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Checks and fixes until nothing changes (at most `rounds` times), so that
/// a second run finds nothing more to fix. `check` is the engine.
pub fn fix_until_stable(
    text: &str,
    mode: FixMode,
    rounds: usize,
    mut check: impl FnMut(&str) -> Vec<Finding>,
) -> (String, usize) {
    let mut current = text.to_string();
    let mut total = 0;
    for _ in 0..rounds {
        let findings = check(&current);
        let (next, n) = apply_fixes(&current, &findings, mode);
        if n == 0 || next == current {
            break;
        }
        total += n;
        current = next;
    }
    (current, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::finding::{Fix, Severity};
    use crate::base::rule_meta::RuleMeta;

    /// A rule for these tests alone (`base` knows no real rule).
    const SOME_RULE: RuleMeta = RuleMeta {
        id: "test/some-rule",
        source: file!(),
        default_severity: Severity::Warning,
        summary: "",
        explanation: "",
        bad: &[],
        good: &[],
    };

    fn finding(span: std::ops::Range<usize>, new_text: &str, safe: bool) -> Finding {
        Finding::new(&SOME_RULE, span.clone(), "m").with_fix(Fix {
            title: "t".into(),
            safe,
            edits: vec![Edit {
                span,
                new_text: new_text.into(),
            }],
        })
    }

    #[test]
    fn applies_safe_fixes_and_skips_overlaps() {
        let text = "abcdef";
        let fs = [
            finding(0..2, "X", true),
            finding(1..3, "Y", true),
            finding(4..5, "Z", false),
        ];
        assert_eq!(
            apply_fixes(text, &fs, FixMode::SafeOnly),
            ("Xcdef".to_string(), 1)
        );
        assert_eq!(
            apply_fixes(text, &fs, FixMode::All),
            ("XcdZf".to_string(), 2)
        );
    }

    /// [`apply_fixes`]'s definition: every edit compared with every edit
    /// taken and with the others of its fix.
    fn apply_fixes_pairwise(text: &str, findings: &[Finding], mode: FixMode) -> (String, usize) {
        let mut taken: Vec<&Edit> = Vec::new();
        let mut applied = 0;
        for f in findings {
            let Some(fix) = f.fixes.iter().find(|fx| fx.safe || mode == FixMode::All) else {
                continue;
            };
            let valid = edits_fit(text, &fix.edits);
            let clashes = fix
                .edits
                .iter()
                .any(|e| taken.iter().any(|t| overlaps(e, t)))
                || fix
                    .edits
                    .iter()
                    .enumerate()
                    .any(|(i, a)| fix.edits[i + 1..].iter().any(|b| overlaps(a, b)));
            if !valid || clashes || fix.edits.is_empty() {
                continue;
            }
            taken.extend(fix.edits.iter());
            applied += 1;
        }
        (
            apply_edits(text, taken.into_iter().cloned().collect()),
            applied,
        )
    }

    proptest::proptest! {
        /// Random fixes of one to three edits (insertions, deletions,
        /// replacements, many at one place) over a short text: the
        /// neighbour checks take exactly the fixes the pairwise checks take.
        #[test]
        fn taken_by_neighbours_equals_taken_pairwise(
            fixes in proptest::collection::vec(
                (proptest::collection::vec((0usize..12, 0usize..4), 1..4), proptest::bool::ANY),
                0..24,
            ),
        ) {
            let text = "abcdefghijk";
            let findings: Vec<Finding> = fixes
                .iter()
                .map(|(edits, safe)| {
                    Finding::new(&SOME_RULE, 0..0, "m").with_fix(Fix {
                        title: "t".into(),
                        safe: *safe,
                        edits: edits
                            .iter()
                            .map(|&(at, len)| Edit { span: at..at + len, new_text: "Z".into() })
                            .collect(),
                    })
                })
                .collect();
            for mode in [FixMode::SafeOnly, FixMode::All] {
                proptest::prop_assert_eq!(
                    apply_fixes(text, &findings, mode),
                    apply_fixes_pairwise(text, &findings, mode)
                );
            }
        }
    }

    #[test]
    fn out_of_range_or_split_char_edits_are_ignored() {
        let text = "a“b";
        let fs = [finding(2..3, "", true), finding(0..99, "", true)];
        assert_eq!(apply_fixes(text, &fs, FixMode::All), (text.to_string(), 0));
    }
}
