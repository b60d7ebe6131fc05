//! The rule table and the per-document context rules run in.
//!
//! Every rule is declared once, in its family's `RULES` table: id, default
//! severity, one-line summary and a longer explanation with examples. The
//! same table feeds the checks, hover text, `lede explain` and
//! `docs/rules.md` (generated; a test fails when it is stale).

use crate::base::finding::Finding;
pub use crate::base::rule_meta::{selects, Example, RuleMeta};
use crate::base::text::{LineIndex, Span};
use crate::config::Config;
use crate::tags::TaggedText;

pub mod boilerplate;
pub mod names;
pub mod numbers;
pub mod structure;
pub mod tags;

/// The families, in the order the docs list them.
pub const FAMILIES: &[(&str, &str, &[&RuleMeta])] = &[
    (
        "boilerplate",
        "Lines that are site furniture, not article text.",
        boilerplate::RULES,
    ),
    (
        "numbers",
        "Numbers damaged by scraping or translation.",
        numbers::RULES,
    ),
    (
        "names",
        "One entity written more than one way.",
        names::RULES,
    ),
    (
        "structure",
        "Damage to sentences, lists and paragraphs.",
        structure::RULES,
    ),
    ("tags", "Problems with inline entity tags.", tags::RULES),
];

/// Compiles the built-in patterns now rather than at their first use: a
/// check run does it on an idle core while it walks the directories (the
/// boilerplate set alone takes about 15 ms).
pub fn warm_up() {
    boilerplate::warm_up();
    numbers::warm_up();
    names::warm_up();
}

/// Every rule, family by family.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    FAMILIES.iter().flat_map(|f| f.2.iter().copied())
}

/// Looks a rule up by id.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    all().find(|r| r.id == id)
}

/// Whether `selector` names a known rule or family.
pub fn is_known_selector(selector: &str) -> bool {
    selector == "ALL" || FAMILIES.iter().any(|f| f.0 == selector) || meta(selector).is_some()
}

/// Config-derived state compiled once (regexes, automata).
pub struct Compiled {
    pub boilerplate: boilerplate::Compiled,
    pub names: names::Compiled,
}

/// What a rule sees of one document.
pub struct Ctx<'a> {
    /// The plain text: tag syntax removed, surfaces kept. Rules other than
    /// `tags/*` work on this and report plain offsets.
    pub text: &'a str,
    pub lines: &'a LineIndex,
    /// Byte spans of the paragraphs (runs of non-blank lines) of `text`.
    pub paragraphs: &'a [Span],
    /// The original text with its tags.
    pub tagged: &'a TaggedText<'a>,
    pub config: &'a Config,
    pub compiled: &'a Compiled,
}

impl Ctx<'_> {
    /// The text of a span of the plain text.
    pub fn slice(&self, span: &Span) -> &str {
        &self.text[span.clone()]
    }
}

/// Where rules put their findings.
pub type Sink = Vec<Finding>;

/// One paragraph's local results (computed on the paragraph alone, offsets
/// relative to its start) and where the paragraph sits in the document.
pub struct Placed<'a, T> {
    /// Plain offset of the paragraph's first byte.
    pub start: usize,
    /// The document line the paragraph starts on (0-based).
    pub line: usize,
    pub local: &'a T,
}

/// `f` with every location in this document moved `by` bytes later.
fn shifted(f: &Finding, by: usize) -> Finding {
    let mut f = f.clone();
    let shift = |s: &mut Span| *s = s.start + by..s.end + by;
    shift(&mut f.span);
    for r in &mut f.related {
        if r.doc == crate::base::finding::DocRef::This {
            shift(&mut r.span);
        }
    }
    for fix in &mut f.fixes {
        for e in &mut fix.edits {
            shift(&mut e.span);
        }
    }
    f
}

/// The local findings of every paragraph, in document offsets.
pub fn placed_findings<'a>(
    paragraphs: impl IntoIterator<Item = (usize, &'a [Finding])>,
    out: &mut Sink,
) {
    for (start, findings) in paragraphs {
        out.extend(findings.iter().map(|f| shifted(f, start)));
    }
}
