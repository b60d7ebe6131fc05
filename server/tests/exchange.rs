//! Tag exchange round trips (issue 21): inline → each format → inline.
//!
//! brat, spaCy JSONL, doccano JSONL and Label Studio must give back an
//! article lede wrote byte for byte (text, tags, ids); CoNLL keeps tokens
//! and labels only, so there the CoNLL file must come back the same
//! (export of the import equals the export). Checked on random articles,
//! on examples/, on the seeds and on 10,000 generated tagged articles.

mod common;

#[path = "../benches/support/corpus_gen.rs"]
mod corpus_gen;

use lede::exchange::jsonl::Shape;
use lede::exchange::{brat, conll, jsonl, label_studio, render_inline, Document, Entity};
use lede::tags::TaggedText;
use proptest::prelude::*;

fn labels() -> Vec<String> {
    ["PER", "ORG", "LOC", "MISC"].map(String::from).to_vec()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Brat,
    Spacy,
    Doccano,
    LabelStudio,
}

const ALL: [Via; 4] = [Via::Brat, Via::Spacy, Via::Doccano, Via::LabelStudio];

/// `doc` written in `via` and read back.
fn through(doc: &Document, via: Via) -> Result<Document, String> {
    let l = labels();
    let mut docs = match via {
        Via::Brat => {
            let ann = brat::write_ann(doc).map_err(|e| e.1)?;
            vec![brat::read(&doc.name, &doc.text, &ann, &l).map_err(|p| p.message)?]
        }
        Via::Spacy | Via::Doccano => {
            let shape = if via == Via::Spacy {
                Shape::Spacy
            } else {
                Shape::Doccano
            };
            let mut out = String::new();
            jsonl::write(doc, shape, &mut out);
            assert_eq!(out.matches('\n').count(), 1, "one line per article");
            jsonl::read(&out, shape, &l).map_err(|p| p.message)?
        }
        Via::LabelStudio => label_studio::read(&label_studio::write(std::slice::from_ref(doc)), &l)
            .map_err(|p| p.message)?,
    };
    assert_eq!(docs.len(), 1);
    Ok(docs.remove(0))
}

fn conll_file(doc: &Document) -> String {
    let mut out = String::new();
    conll::write(doc, &mut out).unwrap();
    out
}

/// Every check of one article that lede wrote (`article` is canonical).
fn assert_round_trips(name: &str, article: &str) {
    let tagged = TaggedText::parse(article);
    let doc =
        Document::from_tagged(name, &tagged, &labels()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    for via in ALL {
        let back = through(&doc, via).unwrap_or_else(|e| panic!("{name} via {via:?}: {e}"));
        assert_eq!(back, doc, "{name} via {via:?}");
        assert_eq!(
            render_inline(&back).unwrap(),
            article,
            "{name} via {via:?}: bytes"
        );
    }
    let first = conll_file(&doc);
    let docs = conll::read(&first, &labels()).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(
        conll_file(&docs[0]),
        first,
        "{name}: CoNLL export of the import"
    );
    // Each entity's tokens are its surface's words.
    for (a, b) in doc.entities.iter().zip(&docs[0].entities) {
        let words = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(
            words(&doc.text[a.span.clone()]),
            words(&docs[0].text[b.span.clone()])
        );
        assert_eq!(a.label, b.label);
    }
    assert_eq!(doc.entities.len(), docs[0].entities.len());
}

// ---- random articles

/// Pieces of text that stress offsets and escaping: CJK, emoji (astral,
/// ZWJ), a combining mark, CRLF, brackets, braces, even backslash runs.
const PIECES: &[&str] = &[
    "a",
    "Lanwei",
    " ",
    "  ",
    "東京",
    "会議",
    "👍",
    "👩\u{200d}🔬",
    "e\u{301}",
    "\u{a0}",
    "\r\n",
    "\n",
    "[",
    "]",
    "{",
    "}",
    "]{PER}",
    "[x]",
    "\\\\",
    ":",
    ".",
    "3.5",
    "-",
    "'",
    "\t",
    "\u{2028}",
    "é",
    "🚢",
];

fn piece() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(PIECES)
}

fn gen_doc() -> impl Strategy<Value = Document> {
    let segment = (
        prop::collection::vec(piece(), 0..6),
        prop::collection::vec(piece().prop_filter("one line", |p| !p.contains('\n')), 1..4),
        0..4usize,
        prop::option::of("[a-z][a-z0-9.-]{0,6}"),
    );
    (
        prop::collection::vec(segment, 0..6),
        prop::collection::vec(piece(), 0..4),
    )
        .prop_map(|(segments, tail)| {
            let mut doc = Document {
                name: "random.txt".into(),
                ..Document::default()
            };
            for (before, surface, label, id) in segments {
                doc.text.extend(before);
                let start = doc.text.len();
                doc.text.extend(surface);
                doc.entities.push(Entity {
                    span: start..doc.text.len(),
                    label: labels()[label].clone(),
                    id,
                });
            }
            doc.text.extend(tail);
            doc
        })
}

fn brat_cannot_hold(doc: &Document) -> bool {
    doc.entities
        .iter()
        .any(|e| doc.text[e.span.clone()].contains(['\t', '\r', '\u{2028}']))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn random_articles_round_trip_through_every_format(doc in gen_doc()) {
        let article = render_inline(&doc).expect("even backslash runs can always be written");
        let reread = Document::from_tagged("random.txt", &TaggedText::parse(&article), &labels()).unwrap();
        prop_assert_eq!(&reread, &doc);
        for via in ALL {
            if via == Via::Brat && brat_cannot_hold(&doc) {
                let e = brat::write_ann(&doc).unwrap_err();
                prop_assert!(e.1.contains("cannot hold"), "{}", e.1);
                continue;
            }
            let back = through(&doc, via).unwrap();
            prop_assert_eq!(render_inline(&back).unwrap(), article.clone(), "via {:?}", via);
        }
        let first = conll_file(&doc);
        let docs = conll::read(&first, &labels()).unwrap();
        prop_assert_eq!(conll_file(&docs[0]), first);
    }

    /// Any article at all (brackets where they fall, escapes or not):
    /// what comes back has the same plain text and the same tags.
    #[test]
    fn any_article_keeps_its_text_and_tags(pieces in prop::collection::vec(
        prop::sample::select(&["x", " ", "[", "]", "]{PER}", "]{ORG:o-1}", "{", "}", "\\", "\\[", "\\]", "東", "\n", "\r\n", "👍"][..]), 0..40)) {
        let article: String = pieces.concat();
        let tagged = TaggedText::parse(&article);
        let Ok(doc) = Document::from_tagged("a.txt", &tagged, &labels()) else { return Ok(()); };
        let Ok(written) = render_inline(&doc) else {
            // Only an odd backslash run before a bracket is unwritable.
            prop_assert!(article.contains('\\'));
            return Ok(());
        };
        let again = TaggedText::parse(&written);
        prop_assert_eq!(again.plain(), tagged.plain());
        prop_assert_eq!(again.tags.iter().map(|t| (&t.plain, &t.label, &t.entity_id)).collect::<Vec<_>>(),
            tagged.tags.iter().map(|t| (&t.plain, &t.label, &t.entity_id)).collect::<Vec<_>>());
        prop_assert_eq!(render_inline(&Document::from_tagged("a.txt", &again, &labels()).unwrap()).unwrap(), written);
    }
}

#[test]
fn offsets_count_what_each_tool_counts() {
    let article = "👍 [東京]{LOC} e\u{301} [Zoë]{PER:zoe}\r\n";
    let doc = Document::from_tagged("a.txt", &TaggedText::parse(article), &labels()).unwrap();
    let mut spacy = String::new();
    jsonl::write(&doc, Shape::Spacy, &mut spacy);
    assert!(
        spacy.contains(r#""entities":[[2,4,"LOC"],[8,11,"PER"]]"#),
        "{spacy}"
    );
    assert!(spacy.contains(r#""entity_ids":[null,"zoe"]"#), "{spacy}");
    let mut doccano = String::new();
    jsonl::write(&doc, Shape::Doccano, &mut doccano);
    assert!(
        doccano.contains(r#""label":[[3,5,"LOC"],[9,12,"PER"]]"#),
        "{doccano}"
    );
    let ann = brat::write_ann(&doc).unwrap();
    assert_eq!(
        ann,
        "T1\tLOC 2 4\t東京\nT2\tPER 8 11\tZoë\n#1\tAnnotatorNotes T2\tzoe\n"
    );
    let ls = label_studio::write(std::slice::from_ref(&doc));
    assert!(
        ls.contains(r#""value":{"end":4,"labels":["LOC"],"start":2,"text":"東京"}"#),
        "{ls}"
    );
}

// ---- the articles of the repository, the seeds, the generated corpus

fn examples_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

#[test]
fn examples_round_trip_and_the_damaged_one_is_refused() {
    let mut checked = 0;
    for entry in std::fs::read_dir(examples_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("05_") {
            // It carries tag damage on purpose (for `lede check`): an
            // unclosed tag on line 5 and the label PRE on line 7.
            let e = Document::from_tagged(&name, &TaggedText::parse(&text), &labels()).unwrap_err();
            assert!(e.message.contains("no closing `}`"), "{}", e.message);
            let repaired = text.replace("]{PER,", "]{PER},").replace("{PRE}", "{PER}");
            let e = Document::from_tagged(
                &name,
                &TaggedText::parse(&text.replace("]{PER,", "]{PER},")),
                &labels(),
            )
            .unwrap_err();
            assert!(e.message.contains("\"PRE\""), "{}", e.message);
            // Its `[1]` is unescaped text and comes back escaped; the
            // escaped `\[sic\]` comes back as it was.
            let canonical = repaired.replace("[1]", "\\[1\\]");
            let doc =
                Document::from_tagged(&name, &TaggedText::parse(&repaired), &labels()).unwrap();
            assert_eq!(render_inline(&doc).unwrap(), canonical);
            assert_round_trips(&name, &canonical);
        } else {
            assert_round_trips(&name, &text);
        }
        checked += 1;
    }
    assert!(checked >= 6, "{checked}");
    for fixture in ["harbour_talks.txt", "mixed_scripts.txt"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/exchange")
            .join(fixture);
        assert_round_trips(fixture, &std::fs::read_to_string(path).unwrap());
    }
}

#[test]
fn seeds_round_trip() {
    let Some(dir) = common::shared::seeds_dir() else {
        return;
    };
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_round_trips(&path.display().to_string(), &text);
        n += 1;
    }
    assert!(n >= 5);
}

#[test]
fn ten_thousand_generated_tagged_articles_round_trip() {
    let mut entities = 0;
    let mut with_ids = 0;
    for i in 0..10_000 {
        let article = corpus_gen::tagged_article(20240307, i);
        let tagged = TaggedText::parse(&article);
        assert!(tagged.errors.is_empty());
        entities += tagged.tags.len();
        with_ids += tagged.tags.iter().filter(|t| t.entity_id.is_some()).count();
        assert_round_trips(&corpus_gen::id(i), &article);
    }
    // The generator really tags: names, and ids on some of them.
    assert!(entities > 100_000, "{entities}");
    assert!(with_ids > 10_000, "{with_ids}");
}
