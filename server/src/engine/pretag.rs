//! Pre-annotation from the registry (`lede tag`, and the server's "Tag
//! all registry mentions" actions): every untagged, whole-word mention of
//! a registry name or alias is wrapped as `[surface]{LABEL:id}`.
//!
//! The rules, written in `docs/annotation.md`:
//! - exact case: a mention in another case is not tagged (it is a case
//!   variant, which `names/inconsistent-spelling` reports);
//! - whole words: no letter or digit right before or after;
//! - longest first: of the candidates starting at one place the longest
//!   wins, and candidates are taken left to right without overlapping;
//! - never inside or across an existing tag, never across a line, never on
//!   a line with a bracket, brace or tag error outside well-formed tags
//!   (such a line could read the new tag as nested or malformed), never
//!   right after a backslash (it would escape the new `[`);
//! - a spelling registered for two entities is ambiguous and not tagged;
//!   an entity whose id or label a tag cannot hold is not tagged.
//!
//! Tagged mentions are inside tags afterwards, so a second run finds
//! nothing to do: tagging is idempotent. The search is one Aho-Corasick
//! pass over the text (every match of every spelling), linear in the text
//! and the matches.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::base::finding::Edit;
use crate::base::text::Span;
use crate::config::Config;
use crate::tags::{is_label_char, TaggedText};

/// The registry's spellings compiled for tagging. Build once per config.
#[derive(Debug)]
pub struct Pretagger {
    automaton: Option<AhoCorasick>,
    /// Per pattern: the entity index in `Config::entities`.
    entity_of: Vec<usize>,
    /// Per entity: the tag suffix `LABEL:id`, `None` when it cannot be tagged.
    suffixes: Vec<Option<String>>,
    /// Spellings registered for more than one entity (not tagged).
    pub ambiguous: Vec<String>,
}

/// One untagged registry mention that tagging would wrap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryMention {
    /// The mention in the (tagged) original text.
    pub span: Span,
    /// Index in `Config::entities`.
    pub entity: usize,
}

/// Characters a tag surface cannot hold as they are (they would need
/// escapes) and line breaks (a tag stays on one line).
fn taggable_spelling(s: &str) -> bool {
    !s.is_empty() && !s.contains(['[', ']', '{', '}', '\\', '\n', '\r'])
}

fn valid_tag_word(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_label_char)
}

impl Pretagger {
    pub fn new(config: &Config) -> Pretagger {
        let suffixes: Vec<Option<String>> = config
            .entities
            .iter()
            .map(|e| {
                (valid_tag_word(&e.id)
                    && valid_tag_word(&e.label)
                    && config.labels.contains(&e.label))
                .then(|| format!("{}:{}", e.label, e.id))
            })
            .collect();
        // Spelling -> entity, or usize::MAX when two entities claim it.
        let mut by_spelling: Vec<(String, usize)> = Vec::new();
        let mut seen = rustc_hash::FxHashMap::<String, usize>::default();
        for (i, e) in config.entities.iter().enumerate() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                let n = n.trim();
                if !taggable_spelling(n) {
                    continue;
                }
                match seen.get(n) {
                    None => {
                        seen.insert(n.to_string(), by_spelling.len());
                        by_spelling.push((n.to_string(), i));
                    }
                    Some(&k) if by_spelling[k].1 != i => by_spelling[k].1 = usize::MAX,
                    Some(_) => {}
                }
            }
        }
        let mut ambiguous = Vec::new();
        let mut patterns = Vec::new();
        let mut entity_of = Vec::new();
        for (spelling, entity) in by_spelling {
            if entity == usize::MAX {
                ambiguous.push(spelling);
            } else if suffixes[entity].is_some() {
                patterns.push(spelling);
                entity_of.push(entity);
            }
        }
        let automaton = (!patterns.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        Pretagger {
            automaton,
            entity_of,
            suffixes,
            ambiguous,
        }
    }

    /// Whether there is anything to tag with.
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// The untagged registry mentions of `text` that tagging wraps, in
    /// order, not overlapping.
    pub fn mentions(&self, text: &str) -> Vec<RegistryMention> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let tagged = TaggedText::parse(text);
        let blocked = blocked_lines(text, &tagged);
        // Tag spans are sorted and disjoint: a moving cursor finds the
        // ones near each candidate.
        let tags: Vec<&Span> = tagged.tags.iter().map(|t| &t.span).collect();
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            let bounded = !text[..s].ends_with(|c: char| c.is_alphanumeric() || c == '\\')
                && !text[e..].starts_with(char::is_alphanumeric);
            if bounded {
                candidates.push((s, e, self.entity_of[m.pattern().as_usize()]));
            }
        }
        // Leftmost, then longest.
        candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut free = 0;
        let mut next_tag = 0;
        let mut next_block = 0;
        for (s, e, entity) in candidates {
            if s < free {
                continue;
            }
            while next_tag < tags.len() && tags[next_tag].end <= s {
                next_tag += 1;
            }
            if tags.get(next_tag).is_some_and(|t| t.start < e) {
                continue;
            }
            while next_block < blocked.len() && blocked[next_block].end <= s {
                next_block += 1;
            }
            if blocked.get(next_block).is_some_and(|b| b.start <= s) {
                continue;
            }
            out.push(RegistryMention { span: s..e, entity });
            free = e;
        }
        out
    }

    /// The tag suffix (`LABEL:id`) written for entity `entity`.
    pub fn suffix(&self, entity: usize) -> Option<&str> {
        self.suffixes.get(entity)?.as_deref()
    }

    /// The edits that tag every mention [`Pretagger::mentions`] finds:
    /// `[` before it, `]{LABEL:id}` after it.
    pub fn edits(&self, text: &str) -> Vec<Edit> {
        let mut out = Vec::new();
        for m in self.mentions(text) {
            let Some(suffix) = self.suffix(m.entity) else {
                continue;
            };
            out.push(Edit {
                span: m.span.start..m.span.start,
                new_text: "[".into(),
            });
            out.push(Edit {
                span: m.span.end..m.span.end,
                new_text: format!("]{{{suffix}}}"),
            });
        }
        out
    }

    /// `text` with every registry mention tagged, and how many were.
    pub fn tag(&self, text: &str) -> (String, usize) {
        let mentions = self.mentions(text);
        let mut out = String::with_capacity(text.len() + mentions.len() * 16);
        let mut at = 0;
        let mut n = 0;
        for m in &mentions {
            let Some(suffix) = self.suffix(m.entity) else {
                continue;
            };
            out.push_str(&text[at..m.span.start]);
            out.push('[');
            out.push_str(&text[m.span.clone()]);
            out.push_str("]{");
            out.push_str(suffix);
            out.push('}');
            at = m.span.end;
            n += 1;
        }
        out.push_str(&text[at..]);
        (out, n)
    }
}

/// The lines (as spans of `text`, in order) that hold a bracket or brace
/// outside well-formed tags, or a tag error.
fn blocked_lines(text: &str, tagged: &TaggedText) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out: Vec<Span> = Vec::new();
    let mut tags = tagged.tags.iter().map(|t| &t.span).peekable();
    let block = |at: usize, out: &mut Vec<Span>| {
        if out.last().is_some_and(|l| l.start <= at && at < l.end) {
            return;
        }
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        out.push(start..end.max(at + 1));
    };
    // Every bracket and brace, in order of position.
    let mut marks: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'[' | b']' | b'{' | b'}'))
        .map(|(i, _)| i)
        .collect();
    marks.extend(tagged.errors.iter().map(|e| e.span.start));
    marks.sort_unstable();
    for at in marks {
        while tags.peek().is_some_and(|t| t.end <= at) {
            tags.next();
        }
        if tags.peek().is_some_and(|t| t.start <= at) {
            continue;
        }
        block(at, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(toml: &str) -> Config {
        Config::parse(toml).unwrap()
    }

    const REGISTRY: &str = r#"
[[entity]]
id = "minmetals"
name = "China Minmetals Group"
label = "ORG"
aliases = ["Minmetals"]

[[entity]]
id = "hao-peng"
name = "Hao Peng"
label = "PER"
"#;

    fn tag(text: &str) -> String {
        Pretagger::new(&config(REGISTRY)).tag(text).0
    }

    #[test]
    fn wraps_names_and_aliases_with_label_and_id() {
        assert_eq!(
            tag("Hao Peng met Minmetals."),
            "[Hao Peng]{PER:hao-peng} met [Minmetals]{ORG:minmetals}."
        );
    }

    #[test]
    fn longest_match_wins() {
        let t = tag("China Minmetals Group said");
        assert_eq!(t, "[China Minmetals Group]{ORG:minmetals} said");
    }

    #[test]
    fn a_longer_match_that_is_not_a_whole_word_yields_to_a_shorter_one() {
        let c = config(
            "[[entity]]\nid = \"a\"\nname = \"Lanwei\"\nlabel = \"LOC\"\n\n[[entity]]\nid = \"b\"\nname = \"Lanwei Port\"\nlabel = \"LOC\"\n",
        );
        let p = Pretagger::new(&c);
        assert_eq!(p.tag("Lanwei Ports grew").0, "[Lanwei]{LOC:a} Ports grew");
        assert_eq!(p.tag("Lanwei Port grew").0, "[Lanwei Port]{LOC:b} grew");
    }

    #[test]
    fn only_whole_words_in_exact_case() {
        for t in [
            "HaoPeng",
            "Hao Pengs",
            "XHao Peng",
            "hao peng",
            "HAO PENG",
            "Minmetals2",
        ] {
            assert_eq!(tag(t), t, "{t}");
        }
        assert_eq!(tag("(Hao Peng)"), "([Hao Peng]{PER:hao-peng})");
    }

    #[test]
    fn never_inside_or_across_a_tag_or_a_line() {
        for t in [
            "[Hao Peng]{PER}",
            "[Hao Peng]{PER:hao-peng}",
            "[China Minmetals Group]{ORG:minmetals}",
            "[the Minmetals unit]{ORG}",
            "Hao\nPeng",
        ] {
            assert_eq!(tag(t), t, "{t}");
        }
        // A line break ends the longer name; the alias on the line is tagged.
        assert_eq!(
            tag("China Minmetals\nGroup"),
            "China [Minmetals]{ORG:minmetals}\nGroup"
        );
        assert_eq!(
            tag("[Hao]{PER} Peng and Hao Peng"),
            "[Hao]{PER} Peng and [Hao Peng]{PER:hao-peng}"
        );
    }

    #[test]
    fn lines_with_stray_brackets_or_a_backslash_before_are_left_alone() {
        for t in [
            "see [note Hao Peng",
            "Hao Peng]{PER",
            "Hao Peng {draft}",
            "\\Hao Peng",
            "[Hao Peng]{PER",
        ] {
            assert_eq!(tag(t), t, "{t}");
        }
        // The next line is fine.
        assert_eq!(
            tag("see [note\nHao Peng"),
            "see [note\n[Hao Peng]{PER:hao-peng}"
        );
    }

    #[test]
    fn ambiguous_spellings_and_untaggable_entities_are_skipped() {
        let c = config(
            "[[entity]]\nid = \"a\"\nname = \"Lanwei\"\nlabel = \"LOC\"\n\n[[entity]]\nid = \"b\"\nname = \"Lanwei Group\"\nlabel = \"ORG\"\naliases = [\"Lanwei\"]\n\n[[entity]]\nid = \"bad id\"\nname = \"Dorvik\"\nlabel = \"ORG\"\n",
        );
        let p = Pretagger::new(&c);
        assert_eq!(p.ambiguous, ["Lanwei"]);
        assert_eq!(
            p.tag("Lanwei, Lanwei Group and Dorvik").0,
            "Lanwei, [Lanwei Group]{ORG:b} and Dorvik"
        );
    }

    #[test]
    fn tagging_twice_equals_once_and_keeps_the_plain_text() {
        let p = Pretagger::new(&config(REGISTRY));
        let text = "Hao Peng met China Minmetals Group.\n[Minmetals]{ORG} and Minmetals, again Hao Peng's.\n";
        let (once, n) = p.tag(text);
        assert_eq!(n, 4);
        assert_eq!(p.tag(&once), (once.clone(), 0));
        assert_eq!(
            TaggedText::parse(&once).plain(),
            TaggedText::parse(text).plain()
        );
        assert_eq!(
            TaggedText::parse(&once).tags.len(),
            TaggedText::parse(text).tags.len() + n
        );
    }

    #[test]
    fn edits_equal_the_tagged_text() {
        let p = Pretagger::new(&config(REGISTRY));
        let text = "Hao Peng met China Minmetals Group, not hao peng.";
        let edited = crate::base::fix::apply_edits(text, p.edits(text));
        assert_eq!(edited, p.tag(text).0);
    }

    proptest::proptest! {
        #[test]
        fn any_text_tags_idempotently_without_changing_the_plain_text(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Hao", "Peng", "Hao Peng", "China", "Minmetals", "Group", " ", "\n", "[", "]",
                    "{", "}", "{PER}", "]{ORG}", "\\", "x", "é", "中", ".", "'s",
                ]),
                0..40,
            )
        ) {
            let text: String = words.concat();
            let p = Pretagger::new(&config(REGISTRY));
            let (once, n) = p.tag(&text);
            proptest::prop_assert_eq!(p.tag(&once), (once.clone(), 0));
            let before = TaggedText::parse(&text);
            let after = TaggedText::parse(&once);
            proptest::prop_assert_eq!(before.plain(), after.plain());
            proptest::prop_assert_eq!(after.tags.len(), before.tags.len() + n);
            proptest::prop_assert_eq!(after.errors.len(), before.errors.len());
        }
    }
}
