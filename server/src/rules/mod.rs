//! The rule families, the one list of them, and the per-document context
//! rules run in.
//!
//! Every rule is declared once, as the `META` of its own file
//! (`<family>/<rule_name>.rs`): id, default severity, one-line summary,
//! explanation and examples. Its family's `RULES` table lists them; the
//! same metadata feeds the checks, hover text, `lede explain` and
//! `docs/rules.md` (generated; a test fails when it is stale).

use crate::base::finding::Finding;
pub use crate::base::rule_meta::{selects, Example, RuleMeta};
use crate::base::text::{LineIndex, Span};
use crate::config::{Config, ConfigError};
use crate::tags::TaggedText;

pub(crate) mod boilerplate;
pub(crate) mod names;
pub(crate) mod numbers;
pub(crate) mod structure;
pub(crate) mod tags;

/// The one list of rule families, in the order the docs list them:
/// `family_list!(m)` calls macro `m` with `field: Type` for each. The
/// rules' table, the compiled state, the engine's per-paragraph facts,
/// document features and corpus index are all built from it, so adding a
/// family is its folder and one line here.
///
/// The order is also the order in which each paragraph's local step runs:
/// `structure` reads the word hashes that the `names` word pass leaves in
/// the shared [`WordScratch`].
macro_rules! family_list {
    ($m:ident) => {
        $m! {
            boilerplate: $crate::rules::boilerplate::Boilerplate,
            numbers: $crate::rules::numbers::Numbers,
            names: $crate::rules::names::Names,
            structure: $crate::rules::structure::Structure,
            tags: $crate::rules::tags::Tags,
        }
    };
}
pub(crate) use family_list;

/// A family of rules, and the three steps it may take part in:
///
/// 1. [`Family::local`] on each paragraph alone (cached by an editor);
/// 2. [`Family::check`] over the document, from the paragraphs' local
///    results, giving the document's corpus [`Family::Features`];
/// 3. [`Family::corpus_check`] on one document against the corpus index
///    built from every document's features.
///
/// Every step has a default that does nothing, so a family implements
/// only the ones it needs. Dispatch is static: the engine is generated
/// from [`family_list!`].
pub trait Family {
    /// The family's name, the first part of its rules' ids.
    const NAME: &'static str;
    /// One line for the docs.
    const ABOUT: &'static str;
    /// Its rules, in docs order.
    const RULES: &'static [&'static RuleMeta];
    /// Corpus rules of this family that stay quiet on a span that one of
    /// the family's local findings already covers (a line a pattern calls
    /// boilerplate needs no second finding for also being repeated).
    const CORPUS_YIELDS_TO_LOCAL: &'static [&'static RuleMeta] = &[];

    /// State compiled once from the configuration (regexes, automata).
    type Compiled: Send + Sync;
    /// What one paragraph shows alone, in offsets from its start.
    type Local: Default + Send + Sync + std::fmt::Debug;
    /// What one document contributes to the corpus index.
    type Features: Default + Clone + Send + Sync + std::fmt::Debug;
    /// The corpus-level facts of a set of documents; serialisable, so a
    /// distributed run can write, merge and share them (a corpus index file).
    type Index: Default
        + Clone
        + Send
        + Sync
        + std::fmt::Debug
        + serde::Serialize
        + serde::de::DeserializeOwned;

    fn compile(config: &Config) -> Result<Self::Compiled, ConfigError>;
    /// Builds lazily compiled built-in patterns ahead of their first use.
    fn warm_up() {}
    /// Step 1: one paragraph (`ctx` is the paragraph alone).
    fn local(_ctx: &Ctx, _words: &mut WordScratch) -> Self::Local {
        Self::Local::default()
    }
    /// Numbers what a paragraph's local result shares with the rest of the
    /// document (the structure family's shingles).
    fn number(_local: &mut Self::Local, _doc: &mut DocScratch) {}
    /// How many of the document's numbers a local result holds.
    fn numbered(_local: &Self::Local) -> usize {
        0
    }
    /// Step 2: the document, from its paragraphs' local results, in plain
    /// offsets.
    fn check(
        _ctx: &Ctx,
        _paragraphs: &[Placed<Self::Local>],
        _doc: &DocScratch,
        _out: &mut Sink,
    ) -> Self::Features {
        Self::Features::default()
    }
    /// Rules that read the original, tagged text and report original
    /// offsets; they run after step 2's findings have moved there.
    fn check_original(_ctx: &Ctx, _out: &mut Sink) {}
    fn index_add(_index: &mut Self::Index, _doc: usize, _features: &Self::Features) {}
    fn index_remove(_index: &mut Self::Index, _doc: usize, _features: &Self::Features) {}
    /// Gives document `d` of the index the number `new[d]`; numbers keep
    /// their order (a corpus index file numbers its documents by name).
    fn index_renumber(_index: &mut Self::Index, _new: &[u32]) {}
    /// Adds the facts of `other`, an index of other documents with the same
    /// numbering: counts add, so merging is associative and commutative.
    fn index_merge(_into: &mut Self::Index, _other: Self::Index) {}
    /// The places in indexed documents that corpus findings may point at
    /// (related locations): a corpus index file keeps their positions for
    /// documents another process checks.
    fn index_related(_index: &Self::Index, _out: &mut Vec<(u32, Span)>) {}
    /// Step 3: what the corpus shows about document `doc`.
    fn corpus_check(
        _doc: usize,
        _features: &Self::Features,
        _index: &Self::Index,
        _docs: usize,
        _config: &Config,
        _out: &mut Sink,
    ) {
    }
    /// Step 3 for a document checked alone (a corpus of one), without an
    /// index.
    fn corpus_check_alone(_features: &Self::Features, _out: &mut Sink) {}
}

/// Buffers one paragraph's local steps share on a thread: the word
/// hashes the `names` word pass finds for the `structure` family (one
/// scan of the bytes instead of two).
#[derive(Debug, Default)]
pub struct WordScratch {
    pub hashes: Vec<u64>,
}

/// What the families number across a document's paragraphs, kept by the
/// editor's paragraph cache between versions: the structure family's
/// shingle numbers.
#[derive(Debug, Clone, Default)]
pub struct DocScratch {
    pub shingles: structure::ShingleIds,
}

impl DocScratch {
    /// Room for the numbers of a text of `len` bytes.
    pub fn for_text(len: usize) -> DocScratch {
        DocScratch {
            shingles: structure::ShingleIds::for_text(len),
        }
    }

    /// How many numbers it has given out.
    pub fn len(&self) -> usize {
        self.shingles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Calls [`FamilyVisitor::visit`] for each family of [`family_list!`], in
/// order (the benchmark example times each family this way).
pub trait FamilyVisitor {
    fn visit<F: Family>(&mut self, field: &'static str);
}

macro_rules! rules_parts {
    ($($field:ident: $ty:ty,)*) => {
        /// The families: name, one line for the docs, rules.
        pub const FAMILIES: &[(&str, &str, &[&RuleMeta])] =
            &[$((<$ty as Family>::NAME, <$ty as Family>::ABOUT, <$ty as Family>::RULES)),*];

        /// Config-derived state of every family, compiled once.
        pub struct Compiled {
            $(pub $field: <$ty as Family>::Compiled,)*
        }

        impl Compiled {
            pub fn new(config: &Config) -> Result<Compiled, ConfigError> {
                Ok(Compiled {
                    $($field: <$ty as Family>::compile(config)?,)*
                })
            }
        }

        /// Compiles the built-in patterns now rather than at their first
        /// use: a check run does it on an idle core while it walks the
        /// directories (the boilerplate set alone takes about 15 ms).
        pub fn warm_up() {
            $(<$ty as Family>::warm_up();)*
        }

        /// Visits every family in list order.
        pub fn visit_families(visitor: &mut impl FamilyVisitor) {
            $(visitor.visit::<$ty>(stringify!($field));)*
        }
    };
}
family_list!(rules_parts);

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
