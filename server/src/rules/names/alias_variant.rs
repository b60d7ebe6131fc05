//! `names/alias-variant`: an alias the article defines (`(hereinafter
//! referred to as the "Development Zone")`), then writes otherwise.

use std::sync::LazyLock;

use regex::Regex;

use super::report::line_no;
use super::search::occurrences_by_paragraph;
use super::Local;
use crate::base::finding::{DocRef, Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::rules::{Ctx, Example, Placed, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "names/alias-variant",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "An alias the article defines, then writes differently",
    explanation: include_str!("alias_variant.md").trim_ascii_end(),
    bad: &[Example::text(
        "Xining Economic Development Zone (hereinafter referred to as the \"Development Zone\") \
         opened. Next year the development zone will grow.",
    )],
    good: &[Example::text(
        "Xining Economic Development Zone (hereinafter referred to as the \"Development Zone\") \
         opened. Next year the Development Zone will grow.",
    )],
};

/// The words that open an alias definition, right after its parenthesis
/// (plain text: no regex syntax).
const ALIAS_CUES: [&str; 5] = [
    "hereinafter",
    "hereafter",
    "referred to as",
    "abbreviated as",
    "short for",
];

static ALIAS_DEF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?i)\((?:{})(?: referred to)?(?: as| called)?(?: the)? ["“]([^"”\n]{{2,60}})["”]\)"#,
        ALIAS_CUES.join("|")
    ))
    .expect("alias regex")
});

pub(crate) fn warm_up() {
    LazyLock::force(&ALIAS_DEF);
}

/// Whether `text` has the start of an alias definition: an opening
/// parenthesis directly followed by a cue word, in any ASCII case, as
/// [`ALIAS_DEF`] requires. The definition regex only runs on the rare
/// paragraph with one; parentheses are rare enough in prose that finding
/// them by byte search and comparing the cues after each is cheaper than
/// searching for every cue. (The regex's Unicode case folding would also
/// take `ſ` for `s`; a cue spelled so is not looked for.)
pub(crate) fn has_alias_cue(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'(', bytes).any(|i| {
        let after = &bytes[i + 1..];
        ALIAS_CUES.iter().any(|cue| {
            after.len() >= cue.len() && after[..cue.len()].eq_ignore_ascii_case(cue.as_bytes())
        })
    })
}

/// Defined aliases written otherwise later. Definitions are looked for
/// only in the paragraphs with a cue word: a definition lies within one
/// line (the regex allows no line break), so within one paragraph, and
/// holds its cue word.
pub(crate) fn check_aliases(ctx: &Ctx, paragraphs: &[Placed<Local>], out: &mut Sink) {
    let mut defs: Vec<(Span, &str)> = Vec::new();
    debug_assert_eq!(ctx.paragraphs.len(), paragraphs.len());
    for (span, _) in ctx
        .paragraphs
        .iter()
        .zip(paragraphs)
        .filter(|(_, p)| p.local.alias_cue)
    {
        let at = span.start;
        defs.extend(
            ALIAS_DEF
                .captures_iter(&ctx.text[span.clone()])
                .filter_map(|caps| {
                    let alias = caps.get(1).expect("group");
                    let raw = alias.as_str();
                    let mut start = alias.start() + (raw.len() - raw.trim_start().len());
                    let mut name = raw.trim();
                    // `as "the Report"`: the article is no part of the name.
                    if name.len() > 4 && name[..4].eq_ignore_ascii_case("the ") {
                        start += 4;
                        name = &name[4..];
                    }
                    (name.split_whitespace().count() <= 6 && name.chars().any(char::is_uppercase))
                        .then_some((at + start..at + start + name.len(), name))
                }),
        );
    }
    if defs.is_empty() {
        return;
    }
    // The first definition of an alias rules: a later one in either ASCII
    // case would find the same uses again, once per definition (an article
    // repeating its definition thousands of times made millions of them).
    let mut seen = rustc_hash::FxHashSet::default();
    defs.retain(|d| seen.insert(d.1.to_ascii_lowercase()));
    // Where the first line (the title) ends, looked up once.
    let title_end = memchr::memchr(b'\n', ctx.text.as_bytes()).unwrap_or(ctx.text.len());
    // Every alias's uses in either ASCII case, in one pass over the text.
    let names: Vec<&str> = defs.iter().map(|d| d.1).collect();
    let uses = occurrences_by_paragraph(ctx, paragraphs, &names, true);
    for ((alias, name), starts) in defs.into_iter().zip(uses) {
        for start in starts {
            let m = start..start + name.len();
            if !ctx.text.is_char_boundary(m.end) {
                continue;
            }
            let found = &ctx.text[m.clone()];
            let bounded = !ctx.text[..m.start].ends_with(char::is_alphanumeric)
                && !ctx.text[m.end..].starts_with(char::is_alphanumeric);
            if !bounded
                || found == name
                || (m.start >= alias.start && m.end <= alias.end)
                || !used_as_name(ctx, &m, found, name, m.start < title_end)
            {
                continue;
            }
            let span = m.clone();
            out.push(
                Finding::new(
                    &META,
                    span.clone(),
                    format!(
                        "\"{}\" is defined as the alias \"{name}\" on line {}",
                        found,
                        line_no(ctx, alias.start)
                    ),
                )
                .with_related(DocRef::This, alias.clone(), "alias defined here")
                .with_fix(Fix::unsafe_(
                    format!("Write \"{name}\""),
                    vec![Edit {
                        span,
                        new_text: name.to_string(),
                    }],
                )),
            );
        }
    }
}

/// Whether `found` (at `m`), the alias `name` in another case, is written
/// as a name and not as a common noun or a sentence's first word: a
/// one-word alias in lower case is a common noun (`a Reuters report` for
/// the alias `Report`), and a capital at a sentence's start or on the
/// document's first line (its title, `title`) says nothing (`The Report shows`).
fn used_as_name(ctx: &Ctx, m: &Span, found: &str, name: &str, title: bool) -> bool {
    if !name.contains(char::is_whitespace) && !found.contains(char::is_uppercase) {
        return false;
    }
    let mut f = found.chars();
    let mut n = name.chars();
    let first_only = f.next().map(|c| c.to_lowercase().collect::<String>())
        == n.next().map(|c| c.to_lowercase().collect::<String>())
        && f.eq(n);
    !(first_only && (title || super::name_words::sentence_initial(ctx.text, m.start)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, names};
    use crate::base::finding::Finding;

    /// The findings of `t`, which must be one `names/alias-variant` on `written`.
    fn one_alias_variant(t: &str, written: &str) -> Vec<Finding> {
        let mut out = check(&[t]);
        assert_eq!(
            names(&out[0], t),
            [("names/alias-variant".into(), written.into())]
        );
        out.remove(0)
    }

    #[test]
    fn alias_written_otherwise() {
        let t = "The Lanshan High-tech Industrial Park (hereinafter referred to as the \"High-tech Park\") grew. In 2024, the high-tech park will expand. The High-tech Park said so.";
        let out = one_alias_variant(t, "high-tech park");
        let fixed = crate::base::fix::apply_edits(t, out[0].fixes[0].edits.clone());
        assert!(fixed.contains("the High-tech Park will expand"));
    }

    #[test]
    fn alias_defined_in_another_paragraph_or_case() {
        // The definition is looked for in its own paragraph only, whatever
        // the case of its cue word; uses anywhere count.
        let t = "Opening words.\n\nThe Lanshan High-tech Industrial Park (HEREINAFTER REFERRED TO AS the \"High-tech Park\") grew.\n\nIn 2024, the high-tech park will expand.";
        let out = one_alias_variant(t, "high-tech park");
        assert_eq!(out[0].related[0].span, {
            let s = t.find("High-tech Park\"").unwrap();
            s..s + "High-tech Park".len()
        });
        // No cue, no definition: a quoted name in parentheses alone is not one.
        let t = "The park (the \"High-tech Park\") grew.\n\nThe high-tech park will expand.";
        assert!(check(&[t])[0].is_empty());
    }

    #[test]
    fn common_nouns_and_sentence_starts_are_no_variants() {
        // "the Report" is the alias "Report"; "Report" opening a sentence
        // is it, "a Reuters report" and "the report" are common nouns.
        let t = "Report Says Rents Rose - News\n\nThe \"Rental Market Report 2024\" (hereinafter referred to as \"the Report\") came out.\n\nReport authors said rents rose. A Reuters report agreed, and the report was read.";
        assert!(
            names(&check(&[t])[0], t).is_empty(),
            "{:?}",
            names(&check(&[t])[0], t)
        );
        // A name of two words or more in lower case still differs.
        let t = "Xining Economic Zone (hereinafter referred to as \"the Economic Zone\") opened. Economic Zone staff said so. Next year the economic zone grows.";
        let out = one_alias_variant(t, "economic zone");
        assert!(
            out[0].message.contains("\"Economic Zone\""),
            "{}",
            out[0].message
        );
    }

    proptest::proptest! {

        /// The cue check passes every text where the definition regex
        /// matches, so looking for definitions only in cued paragraphs
        /// misses none: definitions with their cue in any mix of cases,
        /// amid random text.
        #[test]
        fn every_alias_definition_has_a_cue(
            before in proptest::collection::vec(proptest::sample::select(vec![
                "(", ")", " ", "the ", "\"", "“", "Xin Group", "hereinafter", "short", "\n", "中",
            ]), 0..6),
            cue in proptest::sample::select(super::ALIAS_CUES.to_vec()),
            upper in proptest::bits::u64::ANY,
            tail in proptest::sample::select(vec![
                "", " referred to", " as", " called", " the", " referred to as the",
            ]),
            curly in proptest::bool::ANY,
        ) {
            let cue: String = cue
                .chars()
                .enumerate()
                .map(|(i, c)| if upper >> i & 1 == 1 { c.to_ascii_uppercase() } else { c })
                .collect();
            let (open, close) = if curly { ("“", "”") } else { ("\"", "\"") };
            let t = format!("{}({cue}{tail} {open}Xin Group{close}) said", before.concat());
            proptest::prop_assert!(super::ALIAS_DEF.is_match(&t), "{:?}", t);
            proptest::prop_assert!(super::has_alias_cue(&t), "{:?}", t);
        }
    }
}
