//! `names/near-variant`: one name written two nearly equal ways in one
//! article: one letter differs in a romanised name (`Haibowan` /
//! `Haibuwan`, `Megan` / `Meghan`), or the two words of a name stand in
//! the other order (`Desen Chen` / `Chen Desen`).

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

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
    syllables_with(w, is_syllable)
}

/// A syllable pinyin really has: as [`is_syllable`], but a bare `o` final
/// follows only `b`, `p`, `m`, `f`, `l`, `y` or `w` (`bo`, `lo`; pinyin
/// writes `zhuo`, `guo`, where older romanisations write `cho`, `ko`).
fn strict_syllable(s: &[u8]) -> bool {
    is_syllable(s)
        && match s {
            [.., x, b'o'] if !matches!(x, b'a' | b'i' | b'u') => {
                s.len() == 2 && matches!(s[0], b'b' | b'p' | b'm' | b'f' | b'l' | b'y' | b'w')
            }
            _ => true,
        }
}

/// The fewest syllables `w` can be read as, with `is` telling a syllable.
fn syllables_with(w: &[u8], is: fn(&[u8]) -> bool) -> Option<usize> {
    let mut best = vec![usize::MAX; w.len() + 1];
    best[0] = 0;
    for i in 0..w.len() {
        if best[i] == usize::MAX {
            continue;
        }
        for j in i + 1..=(i + 6).min(w.len()) {
            if is(&w[i..j]) {
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
    romanised(ctx, t, &mut found);
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

/// How older romanisations of Chinese (Wade-Giles, postal, Cantonese)
/// write a piece of a syllable that pinyin writes otherwise: the older
/// spelling, then pinyin's (`Chokang` / `Zhuokang`, `Hsu` / `Xu`).
const ROMANISATIONS: &[(&str, &str)] = &[
    ("ch", "zh"),
    ("ch", "q"),
    ("ch", "j"),
    ("hs", "x"),
    ("ts", "z"),
    ("ts", "c"),
    ("tz", "z"),
    ("k", "g"),
    ("p", "b"),
    ("t", "d"),
    ("j", "r"),
    ("o", "uo"),
    ("ung", "ong"),
    ("ien", "ian"),
    ("ieh", "ie"),
    ("ih", "i"),
    ("ueh", "ue"),
];

/// Most pieces respelt between an older romanisation and pinyin.
const MAX_RESPELT: usize = 3;
/// Shortest spelling compared by [`romanised`], in letters.
const MIN_ROMANISED: usize = 5;
/// Most spellings of one skeleton compared with each other.
const MAX_SKELETON_GROUP: usize = 16;

/// The pieces of [`ROMANISATIONS`] that turn `old` into `new` (lowercase
/// letters), at most `budget` of them, if some do.
fn respelt(old: &[u8], new: &[u8], budget: usize) -> Option<Vec<(&'static str, &'static str)>> {
    let same = old.iter().zip(new).take_while(|(x, y)| x == y).count();
    if same == old.len() && same == new.len() {
        return Some(Vec::new());
    }
    if budget == 0 {
        return None;
    }
    // A piece may start a letter or two before the first difference
    // (`ts` / `tz`).
    for back in 0..=same.min(2) {
        let at = same - back;
        for &(x, y) in ROMANISATIONS {
            if old[at..].starts_with(x.as_bytes()) && new[at..].starts_with(y.as_bytes()) {
                if let Some(mut rest) =
                    respelt(&old[at + x.len()..], &new[at + y.len()..], budget - 1)
                {
                    rest.insert(0, (x, y));
                    return Some(rest);
                }
            }
        }
    }
    None
}

/// What every piece of [`ROMANISATIONS`] leaves alike: the consonants by
/// class (`c z q j x s t d r`, `k g`, `p b`), without vowels and `h`, a
/// run of one class written once. Two spellings one respelling apart
/// have one skeleton.
fn skeleton(w: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(w.len());
    for &b in w {
        let c = match b {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'v' | b'h' => continue,
            b'c' | b'z' | b'q' | b'j' | b'x' | b's' | b't' | b'd' | b'r' => b'C',
            b'k' | b'g' => b'K',
            b'p' | b'b' => b'P',
            other => other,
        };
        if out.last() != Some(&c) {
            out.push(c);
        }
    }
    out
}

/// A spelling compared by [`romanised`]: a one-word spelling of the
/// table, or two neighbouring words of a run read as one (`Zhuo Kang`).
struct Romanised {
    letters: Vec<u8>,
    /// Where first written, and how often.
    first: Span,
    count: usize,
    /// The one-word spelling, or the first words of the two-word stretch.
    spelling: Option<usize>,
    pairs: Vec<u32>,
}

impl Romanised {
    /// Where it is written, in order.
    fn spans(&self, t: &Table) -> Vec<Span> {
        match self.spelling {
            Some(i) => t.at(i).collect(),
            None => self.pairs.iter().map(|&k| t.pair_span(k)).collect(),
        }
    }
}

/// Whether `w` is written as a romanised name's word is: a capital, then
/// lowercase ASCII letters only.
fn title_word(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 2 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_lowercase)
}

/// The one-word spellings and the two-word stretches that [`romanised`]
/// compares.
fn romanised_candidates(ctx: &Ctx, t: &Table) -> Vec<Romanised> {
    let mut out: Vec<Romanised> = t
        .spellings
        .iter()
        .enumerate()
        .filter(|(_, s)| s.words == 1 && s.mid && s.has_lower)
        .filter_map(|(i, s)| {
            let w = &ctx.text[s.first.clone()];
            (w.len() >= MIN_ROMANISED && w.len() <= 40 && title_word(w)).then(|| Romanised {
                letters: w.bytes().map(|b| b.to_ascii_lowercase()).collect(),
                first: s.first.clone(),
                count: s.count,
                spelling: Some(i),
                pairs: Vec::new(),
            })
        })
        .collect();
    // The two-word stretches of title words, each once.
    let mut seen: FxHashMap<[u64; 2], usize> = FxHashMap::default();
    for p in &t.pairs {
        if let Some(&n) = seen.get(&p.0) {
            out[n].count += 1;
            out[n].pairs.push(p.1);
            continue;
        }
        let span = t.pair_span(p.1);
        let text = &ctx.text[span.clone()];
        let Some((x, y)) = text.split_once(' ') else {
            continue;
        };
        if !(title_word(x) && title_word(y)) || text.len() > 40 {
            continue;
        }
        seen.insert(p.0, out.len());
        out.push(Romanised {
            letters: text
                .bytes()
                .filter(|&b| b != b' ')
                .map(|b| b.to_ascii_lowercase())
                .collect(),
            first: span,
            count: 1,
            spelling: None,
            pairs: vec![p.1],
        });
    }
    out
}

/// One name in an older romanisation and in pinyin (`Chokang` /
/// `Zhuokang`, `Chokang` / `Zhuo Kang`): the pinyin one reads as two
/// pinyin syllables or more, the other as none, and respelling a few
/// pieces the way the older systems write them turns one into the other.
/// Two pinyin spellings are two names (`Zhang` / `Chang`).
fn romanised(ctx: &Ctx, t: &Table, found: &mut Vec<Finding>) {
    let cands = romanised_candidates(ctx, t);
    if cands.len() < 2 {
        return;
    }
    let mut keyed: Vec<(Vec<u8>, usize)> = cands
        .iter()
        .enumerate()
        .map(|(n, c)| (skeleton(&c.letters), n))
        .collect();
    keyed.sort_unstable();
    let mut checked = 0;
    for group in keyed.chunk_by(|a, b| a.0 == b.0) {
        if group.len() < 2 || group.len() > MAX_SKELETON_GROUP || group[0].0.len() < 2 {
            continue;
        }
        for (x, &(_, n)) in group.iter().enumerate() {
            for &(_, m) in &group[x + 1..] {
                let (a, b) = (&cands[n], &cands[m]);
                if a.letters == b.letters
                    || a.letters.len().min(b.letters.len()) < MIN_ROMANISED
                    || a.first.start < b.first.end && b.first.start < a.first.end
                {
                    continue;
                }
                // Respelling first (cheap, mostly failing at once), then
                // the pinyin readings.
                let Some((old, new, pieces)) = respelt(&a.letters, &b.letters, MAX_RESPELT)
                    .map(|p| (a, b, p))
                    .or_else(|| respelt(&b.letters, &a.letters, MAX_RESPELT).map(|p| (b, a, p)))
                else {
                    continue;
                };
                checked += 1;
                if checked > MAX_PAIRS {
                    return;
                }
                let pinyin = |c: &Romanised| syllables_with(&c.letters, strict_syllable);
                if pinyin(old).is_some() || pinyin(new).is_none_or(|s| s < 2) {
                    continue;
                }
                if let (Some(i), Some(j)) = (old.spelling, new.spelling) {
                    let disjoint = |before: bool| {
                        let (x, y) = (
                            t.neighbours(ctx.text, i, before),
                            t.neighbours(ctx.text, j, before),
                        );
                        !x.is_empty() && !y.is_empty() && !x.iter().any(|h| y.contains(h))
                    };
                    if disjoint(true) || disjoint(false) {
                        continue;
                    }
                }
                let lower = |c: &Romanised| {
                    c.spelling.is_some()
                        && written_lowercase(
                            ctx.text,
                            std::str::from_utf8(&c.letters).unwrap_or(""),
                        )
                };
                if lower(old) || lower(new) {
                    continue;
                }
                // The rarer, else the older romanisation.
                let (odd, other) = if new.count < old.count {
                    (new, old)
                } else {
                    (old, new)
                };
                let odd_text = &ctx.text[odd.first.clone()];
                let other_text = &ctx.text[other.first.clone()];
                let how: Vec<String> = pieces.iter().map(|(x, y)| format!("{x} for {y}")).collect();
                let (old_text, new_text) =
                    (&ctx.text[old.first.clone()], &ctx.text[new.first.clone()]);
                for span in odd.spans(t) {
                    found.push(
                        Finding::new(
                            &META,
                            span.clone(),
                            format!(
                                "\"{odd_text}\" here, \"{other_text}\" on line {}: \"{old_text}\" reads as an older romanisation ({}) of the pinyin \"{new_text}\"; one name?",
                                line_no(ctx, other.first.start),
                                how.join(", ")
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
    }
}

#[cfg(test)]
mod tests {
    use super::{
        one_edit, pinyin_syllables, respelt, skeleton, strict_syllable, syllables_with, Edit,
    };
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
    #[test]
    fn older_romanisations_and_pinyin() {
        assert_eq!(
            respelt(b"chokang", b"zhuokang", 3),
            Some(vec![("ch", "zh"), ("o", "uo")])
        );
        assert_eq!(
            respelt(b"hsinchu", b"xinzhu", 3),
            Some(vec![("hs", "x"), ("ch", "zh")])
        );
        assert_eq!(respelt(b"junior", b"senior", 3), None);
        assert_eq!(respelt(b"austria", b"australia", 3), None);
        assert_eq!(skeleton(b"chokang"), skeleton(b"zhuokang"));
        assert_eq!(skeleton(b"tsai"), skeleton(b"cai"));
        // `cho` is no pinyin syllable, `zhuo` and `bo` are.
        assert!(!strict_syllable(b"cho") && strict_syllable(b"zhuo") && strict_syllable(b"bo"));
        assert_eq!(syllables_with(b"chokang", strict_syllable), None);
        assert_eq!(syllables_with(b"zhuokang", strict_syllable), Some(2));
    }

    #[test]
    fn one_name_in_an_older_romanisation() {
        let t = "Guards stood at Barangay Zhuokang. Grass grows in Barangay Chokang, and soldiers of Barangay Zhuokang patrol.";
        let fs = check(&[t]).remove(0);
        assert_eq!(names(&fs, t), near(&["Chokang"]));
        assert!(
            fs[0]
                .message
                .contains("older romanisation (ch for zh, o for uo)"),
            "{}",
            fs[0].message
        );
        // Against two words of a longer name: the older is reported on a tie.
        let t = "Guards stood at Ba Nong Zhuo Kang. Grass grows in Ba Nong Zhuo Kang, and soldiers of Ba Nong Chokang patrol at Ba Nong Chokang.";
        assert_eq!(found(t), near(&["Chokang", "Chokang"]));
        let t = "Flights from Hsinchu landed. The Xinzhu park opened, and the Xinzhu mayor spoke.";
        assert_eq!(found(t), near(&["Hsinchu"]));
    }

    #[test]
    fn two_pinyin_names_or_english_words_are_no_romanisations() {
        for t in [
            // Both pinyin: two surnames, two places.
            "Officials met Zhang Wei and Chang Wei, then Zhangzhou and Changzhou sent envoys.",
            "Flights from Taipei and Taibei, and Kangding and Gangding, were delayed.",
            // English words and names one respelling apart read as no pinyin.
            "The Junior team met the Senior team; Austria played Australia, as Peters met Betters.",
            "Students of Tokyo and Dokyo met, and the Chinese and the Chine dined.",
            // Two given names after two surnames are two people.
            "Wang Chokang met Li Zhuokang, and Wang Chokang spoke.",
            // A word written in lower case is a word.
            "The Tekong area and the Degong area met, as the tekong ferry left.",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }
}
