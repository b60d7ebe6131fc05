//! Hover: the entity under the cursor and the rules of the findings there.

use tower_lsp::lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::convert::Conv;
use super::state::{Slot, State, TagInfo};
use crate::base::text::Span;
use crate::config::Entity;

/// What the cursor is on: a tag, or a known name written without one.
pub struct EntityAt {
    pub span: Span,
    pub surface: String,
    pub label: Option<String>,
    pub id: Option<String>,
}

/// The tag at `offset` in a slot.
pub fn tag_at(slot: &Slot, offset: usize) -> Option<&TagInfo> {
    slot.tags
        .iter()
        .find(|t| t.span.start <= offset && offset < t.span.end.max(t.span.start + 1))
}

/// All names the workspace knows: registry names and aliases (matched
/// ignoring ASCII case) and surfaces tagged in any document (exact).
fn known_names(st: &State) -> Vec<(String, bool, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    for e in &st.config.entities {
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            out.push((n.clone(), true, Some(e.label.clone()), Some(e.id.clone())));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for slot in st.corpus.slots.iter().flatten() {
        for t in &slot.tags {
            if seen.insert((t.surface.clone(), t.label.clone())) {
                out.push((
                    t.surface.clone(),
                    false,
                    Some(t.label.clone()),
                    t.id.clone(),
                ));
            }
        }
    }
    out
}

/// The entity at `offset`: a tag, else the longest known name covering it.
pub fn entity_at(st: &State, slot: &Slot, offset: usize) -> Option<EntityAt> {
    if let Some(t) = tag_at(slot, offset) {
        return Some(EntityAt {
            span: t.span.clone(),
            surface: t.surface.clone(),
            label: Some(t.label.clone()),
            id: t.id.clone(),
        });
    }
    let line = slot
        .lines
        .line_content(&slot.text, slot.lines.line_of(offset));
    let hay = &slot.text[line.clone()];
    let lower = hay.to_ascii_lowercase();
    let mut best: Option<EntityAt> = None;
    for (name, fold, label, id) in known_names(st) {
        if name.trim().is_empty() {
            continue;
        }
        let (h, n) = if fold {
            (lower.as_str(), name.to_ascii_lowercase())
        } else {
            (hay, name.clone())
        };
        for (at, _) in h.match_indices(n.as_str()) {
            let span = line.start + at..line.start + at + n.len();
            let word_edge = |i: usize| {
                slot.text[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            };
            let after_ok = slot.text[span.end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if span.start <= offset
                && offset < span.end
                && word_edge(span.start)
                && after_ok
                && best.as_ref().is_none_or(|b| b.span.len() < span.len())
            {
                best = Some(EntityAt {
                    surface: slot.text[span.clone()].to_string(),
                    span,
                    label: label.clone(),
                    id: id.clone(),
                });
            }
        }
    }
    best
}

/// The registry entry an entity refers to: by id, else by name or alias.
pub fn registry_entry<'a>(st: &'a State, e: &EntityAt) -> Option<&'a Entity> {
    if let Some(id) = &e.id {
        return st.config.entity(id);
    }
    st.config.entities.iter().find(|x| {
        std::iter::once(&x.name)
            .chain(&x.aliases)
            .any(|n| n.eq_ignore_ascii_case(&e.surface))
    })
}

fn entity_markdown(st: &State, e: &EntityAt) -> String {
    let mut md = String::new();
    let reg = registry_entry(st, e);
    let label = e
        .label
        .clone()
        .or_else(|| reg.map(|r| r.label.clone()))
        .unwrap_or_default();
    md.push_str(&format!("**{}**", e.surface.replace('*', "\\*")));
    if !label.is_empty() {
        md.push_str(&format!(" · `{label}`"));
    }
    md.push('\n');
    match reg {
        Some(r) => {
            md.push_str(&format!(
                "\nRegistry `{}`: **{}** (`{}`)\n",
                r.id, r.name, r.label
            ));
            if let Some(d) = &r.description {
                md.push_str(&format!("\n{d}\n"));
            }
            if let Some(l) = &r.link {
                md.push_str(&format!("\n[{l}]({l})\n"));
            }
            if !r.aliases.is_empty() {
                md.push_str(&format!("\nAliases: {}\n", r.aliases.join(", ")));
            }
        }
        None => match &e.id {
            Some(id) => md.push_str(&format!("\nNo entity `{id}` in the registry.\n")),
            None => md.push_str("\nNot in the registry.\n"),
        },
    }
    // Spellings seen in the workspace (name mentions), and tags.
    let mut spellings = st.corpus.index.names.spellings(&e.surface);
    if let Some(r) = reg {
        for s in st.corpus.index.names.spellings(&r.name) {
            if !spellings.iter().any(|x| x.0 == s.0) {
                spellings.push(s);
            }
        }
    }
    let mut tagged: std::collections::BTreeMap<String, usize> = Default::default();
    for slot in st.corpus.slots.iter().flatten() {
        let mut seen = std::collections::HashSet::new();
        for t in &slot.tags {
            let same = match (&e.id, &t.id) {
                (Some(a), Some(b)) => a == b,
                _ => t.surface.eq_ignore_ascii_case(&e.surface),
            };
            if same && seen.insert(t.surface.clone()) {
                *tagged.entry(t.surface.clone()).or_default() += 1;
            }
        }
    }
    for (s, n) in tagged {
        match spellings.iter_mut().find(|x| x.0 == s) {
            Some(x) => x.1 = x.1.max(n),
            None => spellings.push((s, n)),
        }
    }
    if !spellings.is_empty() {
        spellings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        md.push_str("\nSpellings in the workspace:\n");
        for (s, n) in spellings {
            let files = if n == 1 { "file" } else { "files" };
            md.push_str(&format!("- \"{s}\" ({n} {files})\n"));
        }
    }
    md
}

pub fn hover(st: &State, slot: &Slot, pos: Position) -> Option<Hover> {
    let conv = Conv::new(&slot.text, &slot.lines, st.unit);
    let offset = conv.offset(pos);
    let mut parts = Vec::new();
    let mut range: Option<Span> = None;
    if let Some(e) = entity_at(st, slot, offset) {
        parts.push(entity_markdown(st, &e));
        range = Some(e.span.clone());
    }
    for f in &slot.findings {
        let covers = f.span.start <= offset
            && (offset < f.span.end || (f.span.is_empty() && offset == f.span.start));
        if !covers {
            continue;
        }
        let mut md = format!("**{}** ({})", f.rule, f.severity);
        if let Some(m) = crate::rules::meta(f.rule) {
            md.push_str(&format!(": {}", m.summary));
            md.push_str(&format!("\n\n{}", f.message));
            md.push_str(&format!("\n\n{}", m.explanation));
        } else {
            md.push_str(&format!("\n\n{}", f.message));
        }
        parts.push(md);
        if range.is_none() {
            range = Some(f.span.clone());
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: range.map(|r| conv.range(&r)),
    })
}
