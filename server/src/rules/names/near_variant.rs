//! `names/near-variant`: one name written two nearly equal ways in one
//! article: one letter differs in a romanised name (`Haibowan` /
//! `Haibuwan`, `Megan` / `Meghan`), or the two words of a name stand in
//! the other order (`Desen Chen` / `Chen Desen`).

use std::hash::Hasher;

use rustc_hash::FxHasher;

use super::name_words::{Spelling, Table};
use super::report::line_no;
use super::spelling_variant::push_untaken;
use crate::base::finding::{DocRef, Finding, Severity};
use crate::base::text::Span;
use crate::rules::{Ctx, Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "names/near-variant",
    source: file!(),
    default_severity: Severity::Hint,
    summary: "One name written with one letter changed, or its two words swapped",
    explanation: include_str!("near_variant.md").trim_ascii_end(),
    bad: &[Example::text(
        "Floods reached the Haibuwan dam on Monday. Engineers at the Haibuwan dam and at the Haibowan gate worked all night.",
    )],
    good: &[Example::text(
        "Floods reached Hunan and Henan on Monday. Engineers from Iran and Iraq met Mr. Li and Mr. Lu.",
    )],
};

/// Shortest word compared (the shorter of two), in letters.
const MIN_LETTERS: usize = 4;
/// Shortest word in which one letter may be replaced by another.
const MIN_SUBSTITUTED: usize = 6;
/// Most pairs a document's words may give (each costs a search of the text).
const MAX_PAIRS: usize = 32;

/// How two words one letter apart differ: the changed letters (a letter
/// for a letter, or one letter more), and at which letter of the longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Substituted(usize),
    Inserted(usize),
}

/// The one edit that turns `a` into `b` (lowercase ASCII letters), if
/// exactly one does.
fn one_edit(a: &[u8], b: &[u8]) -> Option<Edit> {
    if a == b {
        return None;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    match a.len().abs_diff(b.len()) {
        0 => (a[prefix + 1..] == b[prefix + 1..]).then_some(Edit::Substituted(prefix)),
        1 => {
            let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
            (short[prefix..] == long[prefix + 1..]).then_some(Edit::Inserted(prefix))
        }
        _ => None,
    }
}

/// Pinyin syllables: an initial (or none) and a final. Over-generous
/// (not every pair is a syllable), which only makes more words pinyin.
const INITIALS: &[&str] = &[
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w",
];
const FINALS: &[&str] = &[
    "a", "o", "e", "i", "u", "v", "ai", "ei", "ui", "ao", "ou", "iu", "ie", "ve", "er", "an", "en",
    "in", "un", "vn", "ang", "eng", "ing", "ong", "ia", "iao", "ian", "iang", "iong", "ua", "uo",
    "uai", "uan", "uang", "ue", "ueng",
];

fn is_syllable(s: &[u8]) -> bool {
    let is_final = |f: &[u8]| FINALS.iter().any(|x| x.as_bytes() == f);
    is_final(s)
        || INITIALS
            .iter()
            .any(|i| s.len() > i.len() && s.starts_with(i.as_bytes()) && is_final(&s[i.len()..]))
}

/// The fewest pinyin syllables `w` (lowercase) can be read as, if any.
fn pinyin_syllables(w: &[u8]) -> Option<usize> {
    let mut best = vec![usize::MAX; w.len() + 1];
    best[0] = 0;
    for i in 0..w.len() {
        if best[i] == usize::MAX {
            continue;
        }
        for j in i + 1..=(i + 6).min(w.len()) {
            if is_syllable(&w[i..j]) {
                best[j] = best[j].min(best[i] + 1);
            }
        }
    }
    (best[w.len()] != usize::MAX).then_some(best[w.len()])
}

/// Whether two words one edit apart may be one name: the edit is not at
/// the first letter (a different initial makes another name: `Suzhou` /
/// `Xuzhou`), nor the last (`Advisors` / `Advisory`), except an `e` added
/// at the end (`Lind` / `Linde`; an `n`, `i`, `a`, `s` or `y` there makes a
/// demonym, a plural or another word: `Korea` / `Korean`, `Germany` /
/// `German`); a replaced letter needs a long word; and two short pinyin
/// names are different names (`Hunan` / `Henan`, `Shanxi` / `Shaanxi`,
/// `Jian` / `Jiang`) unless both are three syllables or more.
fn may_be_one_name(a: &[u8], b: &[u8], edit: Edit) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < MIN_LETTERS {
        return false;
    }
    let ok = match edit {
        Edit::Substituted(at) => short.len() >= MIN_SUBSTITUTED && at > 0 && at + 1 < short.len(),
        Edit::Inserted(at) => at > 0 && (at + 1 < long.len() || long[at] == b'e'),
    };
    ok && match (pinyin_syllables(a), pinyin_syllables(b)) {
        (Some(x), Some(y)) => x.min(y) >= 3,
        _ => true,
    }
}

/// Whether the lowercase `word` stands as a word of its own in `text`.
fn written_lowercase(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, word.as_bytes()).any(|at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Which of two spellings is the odd one: the rarer, else the later.
type Ranked<'a> = (usize, &'a Spelling);

fn odd_one<'a>(a: Ranked<'a>, b: Ranked<'a>) -> (Ranked<'a>, Ranked<'a>) {
    if (a.1.count, std::cmp::Reverse(a.1.first.start))
        < (b.1.count, std::cmp::Reverse(b.1.first.start))
    {
        (a, b)
    } else {
        (b, a)
    }
}

/// The hash of `w` without its letter at `skip` (none when `skip` is past
/// its end).
fn without(w: &[u8], skip: usize) -> u64 {
    // One write of the remaining bytes: two writes hash differently.
    let mut buf = [0u8; 40];
    let n = w.len().min(buf.len());
    let mut len = 0;
    for (i, &c) in w[..n].iter().enumerate() {
        if i != skip {
            buf[len] = c;
            len += 1;
        }
    }
    let mut h = FxHasher::default();
    h.write(&buf[..len]);
    h.finish()
}

/// The pairs of `words` (their indices, the smaller first, each once, in
/// order) that may be one edit apart: two words one edit apart share a
/// string, the shorter whole and the longer without a letter, or both
/// without the changed letter. (Two words with one letter moved share
/// one too; [`one_edit`] tells them apart.) At most `64 * MAX_PAIRS`.
fn candidate_pairs(words: &[&[u8]]) -> Vec<(usize, usize)> {
    let mut keys: Vec<(u64, u32)> = Vec::new();
    for (n, w) in words.iter().enumerate() {
        for skip in 0..=w.len() {
            keys.push((without(w, skip), n as u32));
        }
    }
    keys.sort_unstable();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for same in keys.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() >= 2) {
        for (x, &(_, n)) in same.iter().enumerate() {
            for &(_, m) in &same[x + 1..] {
                if n != m && pairs.len() < 64 * MAX_PAIRS {
                    pairs.push((n.min(m) as usize, n.max(m) as usize));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The findings of `names/near-variant`, leaving out any inside a span of
/// `taken` (what the other spelling checks reported).
pub(crate) fn check(ctx: &Ctx, t: &Table, taken: &[Span], out: &mut Sink) {
    let mut found = Vec::new();
    one_letter(ctx, t, &mut found);
    swapped(ctx, t, &mut found);
    push_untaken(found, taken, out);
}

/// One letter changed in a one-word name, both written capitalised
/// mid-sentence and never in lower case.
fn one_letter(ctx: &Ctx, t: &Table, found: &mut Vec<Finding>) {
    // The one-word spellings in lower case.
    let mut letters: Vec<u8> = Vec::new();
    let spans: Vec<(usize, usize, usize)> = t
        .spellings
        .iter()
        .enumerate()
        .filter(|(_, s)| s.words == 1 && s.mid && s.has_lower)
        .filter_map(|(i, s)| {
            let w = &ctx.text[s.first.clone()];
            (w.len() >= MIN_LETTERS && w.len() <= 40 && w.bytes().all(|b| b.is_ascii_alphabetic()))
                .then(|| {
                    let from = letters.len();
                    letters.extend(w.bytes().map(|b| b.to_ascii_lowercase()));
                    (i, from, letters.len())
                })
        })
        .collect();
    if spans.len() < 2 {
        return;
    }
    let words: Vec<(usize, &[u8])> = spans.iter().map(|&(i, a, b)| (i, &letters[a..b])).collect();
    let pairs = candidate_pairs(&words.iter().map(|w| w.1).collect::<Vec<_>>());
    let mut checked = 0;
    for (n, m) in pairs {
        let ((a, wa), (b, wb)) = (&words[n], &words[m]);
        let Some(edit) = one_edit(wa, wb) else {
            continue;
        };
        if !may_be_one_name(wa, wb, edit) {
            continue;
        }
        checked += 1;
        if checked > MAX_PAIRS {
            break;
        }
        // Two given names after two surnames (or before two names) are
        // two people: `Zhang Lijun`, `Wang Lijuan`.
        let disjoint = |before: bool| {
            let (x, y) = (
                t.neighbours(ctx.text, *a, before),
                t.neighbours(ctx.text, *b, before),
            );
            !x.is_empty() && !y.is_empty() && !x.iter().any(|h| y.contains(h))
        };
        if disjoint(true) || disjoint(false) {
            continue;
        }
        let (la, lb) = (
            std::str::from_utf8(wa).unwrap_or(""),
            std::str::from_utf8(wb).unwrap_or(""),
        );
        if written_lowercase(ctx.text, la) || written_lowercase(ctx.text, lb) {
            continue;
        }
        let ((odd, _), (_, other)) = odd_one((*a, &t.spellings[*a]), (*b, &t.spellings[*b]));
        let odd_text = &ctx.text[t.spellings[odd].first.clone()];
        let other_text = &ctx.text[other.first.clone()];
        let how = match edit {
            Edit::Substituted(_) => "one letter differs",
            Edit::Inserted(_) => "one letter more or less",
        };
        for span in t.at(odd) {
            found.push(
                Finding::new(
                    &META,
                    span,
                    format!(
                        "{how}: \"{odd_text}\" here, \"{other_text}\" on line {}; one name?",
                        line_no(ctx, other.first.start)
                    ),
                )
                .with_related(
                    DocRef::This,
                    other.first.clone(),
                    format!("written \"{other_text}\" here"),
                ),
            );
        }
    }
}

/// The two words of a two-word name in the other order, each a name
/// written mid-sentence, one order a name of its own.
fn swapped(ctx: &Ctx, t: &Table, found: &mut Vec<Finding>) {
    if !t.pairs.iter().any(|p| p.2) {
        return;
    }
    let mut pairs: Vec<([u64; 2], u32, bool)> = t
        .pairs
        .iter()
        .filter(|p| p.0[0] != p.0[1])
        .cloned()
        .collect();
    pairs.sort_unstable_by_key(|p| (p.0, p.1));
    let group = |key: [u64; 2]| {
        let from = pairs.partition_point(|p| p.0 < key);
        let to = pairs.partition_point(|p| p.0 <= key);
        &pairs[from..to]
    };
    let mut done: Vec<[u64; 2]> = Vec::new();
    for whole in pairs.iter().filter(|p| p.2) {
        let [x, y] = whole.0;
        if done.contains(&[x, y]) || done.contains(&[y, x]) {
            continue;
        }
        let (this, other) = (group([x, y]), group([y, x]));
        if other.is_empty() {
            continue;
        }
        done.push([x, y]);
        let short = |k: u32| {
            let w = &ctx.text[t.pair_span(k)];
            w.split(' ').any(|p| {
                p.chars().count() < 2
                    || !p.chars().all(char::is_alphabetic)
                    || !p.chars().any(char::is_lowercase)
            })
        };
        if short(this[0].1) || short(other[0].1) {
            continue;
        }
        // The rarer order, else the later.
        let key = |g: &[([u64; 2], u32, bool)]| (g.len(), std::cmp::Reverse(g[0].1));
        let (odd, canon) = if key(this) < key(other) {
            (this, other)
        } else {
            (other, this)
        };
        let canon_span = t.pair_span(canon[0].1);
        let (odd_text, other_text) = (
            &ctx.text[t.pair_span(odd[0].1)],
            &ctx.text[canon_span.clone()],
        );
        for p in odd {
            found.push(
                Finding::new(
                    &META,
                    t.pair_span(p.1),
                    format!(
                        "the words of \"{other_text}\" (line {}) in the other order: \"{odd_text}\"; one name?",
                        line_no(ctx, canon_span.start)
                    ),
                )
                .with_related(
                    DocRef::This,
                    canon_span.clone(),
                    format!("written \"{other_text}\" here"),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{one_edit, pinyin_syllables, Edit};
    use crate::rules::names::testing::{check, names};

    fn found(t: &str) -> Vec<(String, String)> {
        names(&check(&[t])[0], t)
    }

    fn near(texts: &[&str]) -> Vec<(String, String)> {
        texts
            .iter()
            .map(|t| ("names/near-variant".to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn edits_and_syllables() {
        assert_eq!(
            one_edit(b"haibowan", b"haibuwan"),
            Some(Edit::Substituted(4))
        );
        assert_eq!(one_edit(b"megan", b"meghan"), Some(Edit::Inserted(3)));
        assert_eq!(one_edit(b"linde", b"lind"), Some(Edit::Inserted(4)));
        assert_eq!(one_edit(b"iran", b"iraq"), Some(Edit::Substituted(3)));
        assert_eq!(one_edit(b"austria", b"australia"), None);
        assert_eq!(pinyin_syllables(b"haibuwan"), Some(3));
        assert_eq!(pinyin_syllables(b"zhengzhou"), Some(2));
        assert_eq!(pinyin_syllables(b"kvesic"), None);
    }

    /// The pairs found by shared keys are the pairs one edit apart
    /// found by comparing every two words.
    #[test]
    fn candidate_pairs_hold_every_pair_one_edit_apart() {
        let words: Vec<&[u8]> = [
            "haibuwan", "haibowan", "megan", "meghan", "lind", "linde", "wesel", "wessel", "weser",
            "kvesic", "kvecic", "iran", "iraq", "abcd", "bacd", "abdc", "ab", "abc", "xabc",
            "abcx", "aabc", "abbc", "zzzz",
        ]
        .iter()
        .map(|w| w.as_bytes())
        .collect();
        let fast: Vec<(usize, usize)> = super::candidate_pairs(&words)
            .into_iter()
            .filter(|&(a, b)| one_edit(words[a], words[b]).is_some())
            .collect();
        let mut all = Vec::new();
        for a in 0..words.len() {
            for b in a + 1..words.len() {
                if one_edit(words[a], words[b]).is_some() {
                    all.push((a, b));
                }
            }
        }
        assert_eq!(fast, all);
        assert!(all.len() >= 10, "{all:?}");
    }

    #[test]
    fn one_letter_in_a_romanised_name() {
        let t = "Water reached the Haibuwan dam. Crews at the Haibuwan dam and the Haibowan gate worked.";
        let fs = check(&[t]).remove(0);
        assert_eq!(names(&fs, t), near(&["Haibowan"]));
        assert!(
            fs[0].message.contains("one letter differs"),
            "{}",
            fs[0].message
        );
        let t = "Harry and Meghan came. Meghan spoke, then William said he would marry Megan soon.";
        assert_eq!(found(t), near(&["Megan"]));
        let t = "The officer, Alexander Linde, said so. \"No reason,\" Lind said.";
        assert_eq!(found(t), near(&["Lind"]));
    }

    #[test]
    fn distinct_names_one_letter_apart_are_fine() {
        for t in [
            "Floods hit Hunan and Henan, then Hubei and Hebei, as Shanxi and Shaanxi dried up.",
            "Trade between Iran and Iraq grew, said Mr. Li and Mr. Lu, as did that of Jan and Jen.",
            "Envoys of Korea met Korean firms; Germany and German banks, Somalia and Somali clans.",
            "Leaders from Suzhou and Xuzhou, Zhengzhou and Zhangzhou, Jinzhou and Jingzhou met.",
            "The Advisory board and the Advisors met the States delegation, which Stated its case.",
            "Zhang Lijun met Wang Lijuan, and Zhang Lijun spoke.",
            "The Tourism Bureau met Tourist Council members; Good Neighbor Homes opened.",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }

    #[test]
    fn common_words_and_sentence_starts_are_no_names() {
        // "Contest" is written in lower case too; "Wesel" only opens sentences.
        let t = "The Content Award went to a Contest winner. The contest was long.";
        assert!(found(t).is_empty(), "{:?}", found(t));
        let t = "Wesel is a town. Planes landed in Wessel County.";
        assert!(found(t).is_empty(), "{:?}", found(t));
    }

    #[test]
    fn swapped_words_of_a_name() {
        let t = "The film is directed by Desen Chen. Director Chen Desen said the director Chen Desen was glad.";
        let fs = check(&[t]).remove(0);
        assert_eq!(names(&fs, t), near(&["Desen Chen"]));
        assert!(fs[0].message.contains("other order"), "{}", fs[0].message);
        let t = "Hong Kong and Macao met. Kong Hong is no place.";
        assert!(found(t).is_empty(), "{:?}", found(t));
    }
}
