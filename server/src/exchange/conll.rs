//! CoNLL-2003 style BIO columns: one `TOKEN TAG` line per token (tags `O`,
//! `B-LABEL`, `I-LABEL`), a blank line after each sentence, and
//! `-DOCSTART- -X- O O` before each document.
//!
//! The tokenisation (also in docs/annotation.md): a sentence is one line
//! of the article. Tokens are split at white space (what Python's
//! `str.split()` splits at), at every entity's start and end, and around
//! punctuation: each punctuation character (ASCII, General Punctuation,
//! CJK and full-width punctuation) is a token of its own, except `.` `,`
//! `'` `’` `-` between two word characters (`3.5`, `1,200`, `don't`,
//! `Jean-Luc` stay whole). Every token so made is split the same way when
//! read again, so `import` then `export` gives back the same file.
//! White space is lost: an imported article is its tokens joined by one
//! space, a line per sentence; entity ids have no column and are lost.

use super::{check_entities, Document, Entity, Problem};

pub const DOC_START: &str = "-DOCSTART- -X- O O";

fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}')
        || matches!(c, '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}')
        || matches!(c, '¡' | '¿' | '«' | '»' | '§' | '¶' | '·')
}

fn joins_words(c: char) -> bool {
    matches!(c, '.' | ',' | '\'' | '’' | '-')
}

fn is_word(c: char) -> bool {
    !is_space(c) && !is_punct(c)
}

/// The tokens of `piece` (no white space, no entity boundary inside), as
/// byte spans relative to it.
fn split_piece(piece: &str, at: usize, out: &mut Vec<std::ops::Range<usize>>) {
    let chars: Vec<(usize, char)> = piece.char_indices().collect();
    let mut word_start: Option<usize> = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner = joins_words(c)
            && k > 0
            && is_word(chars[k - 1].1)
            && chars.get(k + 1).is_some_and(|n| is_word(n.1));
        if is_word(c) || inner {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(s) = word_start.take() {
            out.push(at + s..at + i);
        }
        out.push(at + i..at + i + c.len_utf8());
    }
    if let Some(s) = word_start {
        out.push(at + s..at + piece.len());
    }
}

/// One token: its byte span in the text and its tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: std::ops::Range<usize>,
    /// `None` outside entities, else (is the first token, entity index).
    pub entity: Option<(bool, usize)>,
}

/// The sentences of `doc` (one per line holding a token), each its tokens.
pub fn tokens(doc: &Document) -> Vec<Vec<Token>> {
    let text = doc.text.as_str();
    // Cut points: entity starts and ends.
    let mut cuts: Vec<usize> = doc
        .entities
        .iter()
        .flat_map(|e| [e.span.start, e.span.end])
        .collect();
    cuts.push(text.len());
    let mut sentences = Vec::new();
    let mut sentence = Vec::new();
    let mut spans = Vec::new();
    let mut next_entity = 0;
    let mut begun: Option<usize> = None;
    let mut pos = 0;
    let mut cut = 0;
    while pos < text.len() {
        let c = text[pos..].chars().next().unwrap_or(' ');
        if c == '\n' {
            if !sentence.is_empty() {
                sentences.push(std::mem::take(&mut sentence));
            }
            pos += 1;
            continue;
        }
        if is_space(c) {
            pos += c.len_utf8();
            continue;
        }
        // A piece: up to white space or the next cut.
        while cuts[cut] <= pos && cut + 1 < cuts.len() {
            cut += 1;
        }
        let limit = if cuts[cut] > pos {
            cuts[cut]
        } else {
            text.len()
        };
        let end = text[pos..limit].find(is_space).map_or(limit, |k| pos + k);
        spans.clear();
        split_piece(&text[pos..end], pos, &mut spans);
        for span in spans.drain(..) {
            while next_entity < doc.entities.len()
                && doc.entities[next_entity].span.end <= span.start
            {
                next_entity += 1;
            }
            // The first token *seen* of an entity begins it (a surface
            // may start with white space, which makes no token).
            let entity = doc.entities.get(next_entity).and_then(|e| {
                (e.span.start <= span.start && span.end <= e.span.end)
                    .then_some((begun != Some(next_entity), next_entity))
            });
            if entity.is_some() {
                begun = Some(next_entity);
            }
            sentence.push(Token { span, entity });
        }
        pos = end;
    }
    if !sentence.is_empty() {
        sentences.push(sentence);
    }
    sentences
}

/// Appends `doc` as one CoNLL document. The error is a byte offset of the
/// text and why.
pub fn write(doc: &Document, out: &mut String) -> Result<(), (usize, String)> {
    out.push_str(DOC_START);
    out.push_str("\n\n");
    for sentence in tokens(doc) {
        for t in &sentence {
            let word = &doc.text[t.span.clone()];
            if word == "-DOCSTART-" {
                return Err((
                    t.span.start,
                    "the token `-DOCSTART-` would read as a document break in CoNLL".into(),
                ));
            }
            out.push_str(word);
            match t.entity {
                None => out.push_str(" O\n"),
                Some((first, k)) => {
                    out.push_str(if first { " B-" } else { " I-" });
                    out.push_str(&doc.entities[k].label);
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    Ok(())
}

/// Reads a CoNLL file: documents at `-DOCSTART-` lines (a file without any
/// is one document), sentences at blank lines, the token in the first
/// column and the BIO tag in the last (`I-` after `O` or another label
/// starts an entity, as in the IOB1 tagging of the original CoNLL-2003
/// files). Documents are named `0001.txt`, `0002.txt`, … in order.
pub fn read(input: &str, labels: &[String]) -> Result<Vec<Document>, Problem> {
    struct Building {
        text: String,
        entities: Vec<(usize, Entity)>,
        sentence_open: bool,
        open: bool,
        started: bool,
    }
    let new = || Building {
        text: String::new(),
        entities: Vec::new(),
        sentence_open: false,
        open: false,
        started: false,
    };
    let mut docs = Vec::new();
    let mut b = new();
    let finish = |b: Building, docs: &mut Vec<Document>| -> Result<(), Problem> {
        let mut b = b;
        if b.sentence_open {
            b.text.push('\n');
        }
        check_entities(&b.text, &mut b.entities, labels)
            .map_err(|(line, m)| Problem::at_line(line, m))?;
        docs.push(Document {
            name: format!("{:04}.txt", docs.len() + 1),
            text: b.text,
            entities: b.entities.into_iter().map(|(_, e)| e).collect(),
        });
        Ok(())
    };
    for (i, line) in input.split('\n').enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with("-DOCSTART-") {
            if b.started || !b.text.is_empty() {
                finish(std::mem::replace(&mut b, new()), &mut docs)?;
            }
            b.started = true;
            continue;
        }
        let cols: Vec<&str> = line.split(is_space).filter(|c| !c.is_empty()).collect();
        if cols.is_empty() {
            if b.sentence_open {
                b.text.push('\n');
                b.sentence_open = false;
            }
            b.open = false;
            continue;
        }
        if cols.len() < 2 {
            return Err(Problem::at_line(
                n,
                format!("expected a token and a tag, found only {:?}", cols[0]),
            ));
        }
        let (word, tag) = (cols[0], cols[cols.len() - 1]);
        b.started = true;
        if b.sentence_open {
            b.text.push(' ');
        }
        b.sentence_open = true;
        let start = b.text.len();
        b.text.push_str(word);
        let end = b.text.len();
        if tag == "O" {
            b.open = false;
            continue;
        }
        let (prefix, label) = match tag.split_once('-') {
            Some((p @ ("B" | "I"), l)) if !l.is_empty() => (p, l),
            _ => {
                return Err(Problem::at_line(
                    n,
                    format!("tag {tag:?} is not `O`, `B-LABEL` or `I-LABEL`"),
                ));
            }
        };
        let continues =
            prefix == "I" && b.open && b.entities.last().is_some_and(|(_, e)| e.label == label);
        if continues {
            if let Some((_, e)) = b.entities.last_mut() {
                e.span.end = end;
            }
        } else {
            b.entities.push((
                n,
                Entity {
                    span: start..end,
                    label: label.to_string(),
                    id: None,
                },
            ));
        }
        b.open = true;
    }
    if b.started || !b.text.is_empty() {
        finish(b, &mut docs)?;
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, ents: &[(std::ops::Range<usize>, &str)]) -> Document {
        Document {
            name: String::new(),
            text: text.into(),
            entities: ents
                .iter()
                .map(|(s, l)| Entity {
                    span: s.clone(),
                    label: (*l).into(),
                    id: None,
                })
                .collect(),
        }
    }

    fn words(d: &Document) -> Vec<Vec<&str>> {
        tokens(d)
            .iter()
            .map(|s| s.iter().map(|t| &d.text[t.span.clone()]).collect())
            .collect()
    }

    #[test]
    fn tokenisation_as_documented() {
        let d = doc(
            "Hao Peng's 3.5% rise, (don't) Jean-Luc.\n\n  東京で「株」\n",
            &[(0..8, "PER")],
        );
        assert_eq!(
            words(&d),
            vec![
                vec![
                    "Hao", "Peng", "'", "s", "3.5", "%", "rise", ",", "(", "don't", ")",
                    "Jean-Luc", "."
                ],
                vec!["東京で", "「", "株", "」"],
            ]
        );
    }

    #[test]
    fn entity_boundaries_split_tokens() {
        let d = doc("xHao Pengy", &[(1..9, "PER")]);
        assert_eq!(words(&d), vec![vec!["x", "Hao", "Peng", "y"]]);
        let mut out = String::new();
        write(&d, &mut out).unwrap();
        assert_eq!(
            out,
            "-DOCSTART- -X- O O\n\nx O\nHao B-PER\nPeng I-PER\ny O\n\n"
        );
    }

    #[test]
    fn import_then_export_is_the_same_file() {
        let d = doc(
            "[1] Hao Peng met 3.5 Ma.\r\nSecond line\n",
            &[(4..12, "PER"), (17..20, "MISC"), (21..23, "PER")],
        );
        let mut first = String::new();
        write(&d, &mut first).unwrap();
        let back = read(&first, &["PER".into(), "MISC".into()]).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].text, "[ 1 ] Hao Peng met 3.5 Ma .\nSecond line\n");
        let mut second = String::new();
        write(&back[0], &mut second).unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn iob1_and_adjacent_entities() {
        let input = "A I-PER\nB I-PER\nC B-PER\nD I-LOC\nE O\n";
        let docs = read(input, &["PER".into(), "LOC".into()]).unwrap();
        let spans: Vec<_> = docs[0]
            .entities
            .iter()
            .map(|e| (&docs[0].text[e.span.clone()], e.label.as_str()))
            .collect();
        assert_eq!(spans, vec![("A B", "PER"), ("C", "PER"), ("D", "LOC")]);
    }

    #[test]
    fn bad_input_names_the_line() {
        let l = ["PER".to_string()];
        let e = read("-DOCSTART- -X- O O\n\nA O\nB X-PER\n", &l).unwrap_err();
        assert_eq!(e.line, Some(4));
        let e = read("A O\nB B-ORG\n", &l).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("\"ORG\""), "{}", e.message);
        let e = read("A\n", &l).unwrap_err();
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn documents_split_at_docstart_and_empty_ones_count() {
        let docs = read(
            "-DOCSTART- -X- O O\n\n-DOCSTART- -X- O O\n\nA O\n\n",
            &["PER".into()],
        )
        .unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "");
        assert_eq!(docs[1].text, "A\n");
        assert_eq!(docs[1].name, "0002.txt");
    }
}
