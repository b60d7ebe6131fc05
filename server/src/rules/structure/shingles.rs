//! Word 2-gram shingles of a paragraph and their dense numbering
//! ([`ShingleIds`]), which the engine's paragraph cache keeps per document
//! for the duplicate check.

use super::Local;
use crate::scan::word_hash::{FNV_OFFSET, FNV_PRIME};

/// Word pairs, not triples: two machine translations of one sentence
/// share more of their word pairs than of their triples, and a repeat is
/// often a second rendering of the same source sentence.
const SHINGLE: usize = 2;
/// Paragraphs of fewer words have no shingles (they are not compared).
const MIN_WORDS: usize = 6;

/// Appends the word 2-gram hashes of a paragraph with word hashes `words`
/// to `out` (none for short paragraphs).
#[inline]
pub(super) fn shingles_of(words: &[u64], out: &mut Vec<u64>) {
    if words.len() < MIN_WORDS {
        return;
    }
    out.extend(words.windows(SHINGLE).map(|w| {
        w.iter().fold(FNV_OFFSET, |acc, &x| {
            (acc ^ x).wrapping_mul(FNV_PRIME).rotate_left(29)
        })
    }));
}

#[derive(Debug, Clone, Default)]
pub struct ShingleIds {
    ids: IdTable,
    /// Per id, the last paragraph (by `round`) that was given it, so that a
    /// paragraph keeps each id once without sorting its list.
    seen: Vec<u32>,
    round: u32,
}

impl ShingleIds {
    /// Room for a text of `bytes` bytes (about one shingle per six bytes).
    pub fn for_text(bytes: usize) -> Self {
        ShingleIds {
            ids: IdTable::with_capacity(bytes / 6),
            seen: Vec::with_capacity(bytes / 6),
            round: 0,
        }
    }

    /// How many shingles have a number (the bound of every id).
    pub fn len(&self) -> usize {
        self.ids.len
    }

    pub fn is_empty(&self) -> bool {
        self.ids.len == 0
    }

    /// Numbers the shingles of one paragraph; the paragraph keeps each
    /// number once, in order of first use (the duplicate check counts a
    /// shingle repeated inside a paragraph once).
    pub fn number(&mut self, local: &mut Local) {
        if self.round == u32::MAX {
            self.seen.fill(0);
            self.round = 0;
        }
        self.round += 1;
        let round = self.round;
        let hashes = std::mem::take(&mut local.shingles);
        let mut ids = Vec::with_capacity(hashes.len());
        self.ids.reserve(hashes.len());
        for g in hashes {
            let (id, new) = self.ids.id_of(g);
            if new {
                self.seen.push(0);
            }
            let seen = &mut self.seen[id as usize];
            if *seen != round {
                *seen = round;
                ids.push(id);
            }
        }
        local.ids = ids;
    }

    /// How many distinct numbered shingles `local` holds.
    pub fn count(local: &Local) -> usize {
        local.ids.len()
    }
}

/// The numbers of shingle hashes: an open-addressing table with linear
/// probing, kept at most half full. Shingle hashes are already mixed, so
/// a multiply spreads them over the slots; with a general hash map the
/// numbering took about 45% more instructions, and it runs once per
/// shingle of every article.
#[derive(Debug, Clone, Default)]
struct IdTable {
    /// Per slot: a hash's number plus one, 0 for an empty slot.
    ids: Vec<u32>,
    /// Per slot: the hash, where `ids` has one.
    hashes: Vec<u64>,
    /// How many hashes have a number.
    len: usize,
}

impl IdTable {
    fn with_capacity(n: usize) -> IdTable {
        let mut t = IdTable::default();
        t.reserve(n);
        t
    }

    /// Room for `more` hashes without growing.
    fn reserve(&mut self, more: usize) {
        let need = self.len.saturating_add(more).saturating_mul(2);
        if need <= self.ids.len() {
            return;
        }
        let size = need.next_power_of_two().max(64);
        let old_ids = std::mem::replace(&mut self.ids, vec![0; size]);
        let old_hashes = std::mem::replace(&mut self.hashes, vec![0; size]);
        for (id, hash) in old_ids.into_iter().zip(old_hashes).filter(|s| s.0 != 0) {
            let slot = self.slot_of(hash);
            (self.ids[slot], self.hashes[slot]) = (id, hash);
        }
    }

    /// The slot that holds `hash`, or the empty one where it goes.
    #[inline]
    fn slot_of(&self, hash: u64) -> usize {
        let mask = self.ids.len() - 1;
        let mut i = (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask;
        while self.ids[i] != 0 && self.hashes[i] != hash {
            i = (i + 1) & mask;
        }
        i
    }

    /// The number of `hash`, given the next free one if it had none (then
    /// also `true`). Room must have been reserved.
    #[inline]
    fn id_of(&mut self, hash: u64) -> (u32, bool) {
        debug_assert!(self.len * 2 < self.ids.len());
        let slot = self.slot_of(hash);
        match self.ids[slot] {
            0 => {
                self.len += 1;
                (self.ids[slot], self.hashes[slot]) = (self.len as u32, hash);
                (self.len as u32 - 1, true)
            }
            id => (id - 1, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Numbers paragraphs of hashes through one [`ShingleIds`] and through
    /// a plain map, which gives each new hash the next number.
    fn numbering_matches_a_map(paragraphs: &[Vec<u64>], ids: &mut ShingleIds) {
        let mut map: std::collections::HashMap<u64, u32> = Default::default();
        for hashes in paragraphs {
            let mut local = Local {
                shingles: hashes.clone(),
                ..Local::default()
            };
            ids.number(&mut local);
            let mut expected = Vec::new();
            for h in hashes {
                let next = map.len() as u32;
                let id = *map.entry(*h).or_insert(next);
                if !expected.contains(&id) {
                    expected.push(id);
                }
            }
            assert_eq!(local.ids, expected, "{hashes:?}");
            assert_eq!(ids.len(), map.len());
        }
    }

    #[test]
    fn numbering_grows_and_survives_colliding_slots() {
        // Hashes that land in the same slot (equal after the multiply's
        // shift), zero, and enough of them to grow the table several times.
        let same_slot: Vec<u64> = (0..200u64).map(|k| k << 40).collect();
        let many: Vec<u64> = (0..5000u64)
            .map(|k| k.wrapping_mul(0x2545_f491_4f6c_dd1d))
            .collect();
        for mut ids in [ShingleIds::default(), ShingleIds::for_text(60)] {
            numbering_matches_a_map(
                &[
                    vec![0, 0, 1],
                    same_slot.clone(),
                    many.clone(),
                    same_slot.clone(),
                    vec![0],
                ],
                &mut ids,
            );
        }
    }

    #[test]
    fn numbering_keeps_each_shingle_once_per_paragraph() {
        let mut ids = ShingleIds::default();
        let mut a = Local {
            shingles: vec![7, 8, 7, 9, 8],
            ..Local::default()
        };
        let mut b = Local {
            shingles: vec![9, 10, 9, 7],
            ..Local::default()
        };
        ids.number(&mut a);
        ids.number(&mut b);
        assert_eq!(a.ids, [0, 1, 2]);
        assert_eq!(b.ids, [2, 3, 0]);
        assert!(a.shingles.is_empty() && b.shingles.is_empty());
        assert_eq!(ids.len(), 4);
        // Rounds wrap without losing the once-per-paragraph rule.
        ids.round = u32::MAX;
        let mut c = Local {
            shingles: vec![8, 8, 11],
            ..Local::default()
        };
        ids.number(&mut c);
        assert_eq!(c.ids, [1, 4]);
    }

    proptest! {
        #[test]
        fn numbering_equals_a_map(paragraphs in proptest::collection::vec(
            proptest::collection::vec(prop_oneof![0u64..40, any::<u64>()], 0..80),
            0..12,
        )) {
            numbering_matches_a_map(&paragraphs, &mut ShingleIds::default());
        }
    }
}
