//! `[[allow]]`: findings the project has looked at and accepted. Pure: the
//! caller gives each document's text and its path relative to the
//! `lede.toml`'s directory (`None` for a document with no such path, which
//! only entries without `files` match).

use std::path::{Component, Path};

use globset::{GlobBuilder, GlobMatcher};
use regex::Regex;

use crate::base::finding::Finding;
use crate::base::rule_meta::selects;
use crate::config::{Allow, ConfigError};
use crate::rules;

enum SpanMatch {
    Text(String),
    Pattern(Regex),
}

struct Entry {
    /// A rule id or a family, without a trailing `/`.
    rule: String,
    span: SpanMatch,
    files: Option<GlobMatcher>,
}

/// The compiled `[[allow]]` entries of a config.
#[derive(Default)]
pub struct Allows {
    entries: Vec<Entry>,
}

impl Allows {
    pub fn new(allows: &[Allow]) -> Result<Allows, ConfigError> {
        let mut entries = Vec::with_capacity(allows.len());
        for a in allows {
            let (line, column) = a.position;
            let err = |message: String| ConfigError {
                line,
                column,
                message,
            };
            let rule = a.rule.trim().trim_end_matches('/').to_string();
            if !rules::is_known_selector(&rule) {
                return Err(err(format!(
                    "[[allow]] names unknown rule or family {:?} (see `lede rules`)",
                    a.rule
                )));
            }
            let span = match (&a.text, &a.pattern) {
                (Some(t), _) => SpanMatch::Text(t.clone()),
                (None, Some(p)) => SpanMatch::Pattern(
                    Regex::new(p).map_err(|e| err(format!("[[allow]] pattern {p:?}: {e}")))?,
                ),
                (None, None) => {
                    return Err(err("[[allow]] entry needs a `text` or a `pattern`".into()))
                }
            };
            let files = match &a.files {
                None => None,
                Some(g) => Some(
                    GlobBuilder::new(g)
                        .literal_separator(true)
                        .build()
                        .map_err(|e| err(format!("[[allow]] files glob {g:?}: {}", e.kind())))?
                        .compile_matcher(),
                ),
            };
            entries.push(Entry { rule, span, files });
        }
        Ok(Allows { entries })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The index (in `Config::allows`) of the first entry that allows
    /// `finding` of a document with this `text` and relative `path`.
    pub fn allowing(&self, finding: &Finding, text: &str, path: Option<&str>) -> Option<usize> {
        if self.entries.is_empty() {
            return None;
        }
        let span_text = text.get(finding.span.clone()).unwrap_or("");
        self.entries.iter().position(|e| {
            selects(&e.rule, finding.rule)
                && match &e.files {
                    None => true,
                    Some(g) => path.is_some_and(|p| g.is_match(p)),
                }
                && match &e.span {
                    SpanMatch::Text(t) => t == span_text,
                    SpanMatch::Pattern(r) => r.is_match(span_text),
                }
        })
    }

    /// Removes the findings the entries allow; returns how many.
    pub fn suppress(&self, findings: &mut Vec<Finding>, text: &str, path: Option<&str>) -> usize {
        if self.entries.is_empty() {
            return 0;
        }
        let before = findings.len();
        findings.retain(|f| self.allowing(f, text, path).is_none());
        before - findings.len()
    }
}

/// `path` relative to `base` (the `lede.toml`'s directory) with `/`
/// between its parts, as `files` globs and baselines match it; `None`
/// when `path` is not below `base`.
pub fn relative_path(base: &Path, path: &Path) -> Option<String> {
    let parts: Vec<String> = path
        .strip_prefix(base)
        .ok()?
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Engine;

    fn allows(toml: &str) -> Allows {
        Allows::new(&Config::parse(toml).unwrap().allows).unwrap()
    }

    #[test]
    fn text_pattern_family_and_files() {
        let text = "Output rose 5 0 percent in 2023.\n";
        let engine = Engine::new(Config::default()).unwrap();
        let found = engine.check(text);
        assert!(!found.is_empty(), "the example must have a finding");
        let f = &found[0];
        let span = &text[f.span.clone()];
        let family = f.rule.split('/').next().unwrap();
        let exact = format!(
            "[[allow]]\nrule = {:?}\ntext = {span:?}\nreason = \"r\"\n",
            f.rule
        );
        assert_eq!(allows(&exact).allowing(f, text, None), Some(0));
        let fam = format!("[[allow]]\nrule = \"{family}/\"\ntext = {span:?}\nreason = \"r\"\n");
        assert_eq!(allows(&fam).allowing(f, text, None), Some(0));
        let other_text = format!(
            "[[allow]]\nrule = {:?}\ntext = \"nope\"\nreason = \"r\"\n",
            f.rule
        );
        assert_eq!(allows(&other_text).allowing(f, text, None), None);
        let other_rule =
            format!("[[allow]]\nrule = \"tags/malformed\"\ntext = {span:?}\nreason = \"r\"\n");
        assert_eq!(allows(&other_rule).allowing(f, text, None), None);
        let pattern = "[[allow]]\nrule = \"ALL\"\npattern = '.'\nreason = \"r\"\n".to_string();
        assert_eq!(allows(&pattern).allowing(f, text, None), Some(0));
        let files = format!(
            "[[allow]]\nrule = {:?}\ntext = {span:?}\nfiles = \"wire/*.txt\"\nreason = \"r\"\n",
            f.rule
        );
        let a = allows(&files);
        assert_eq!(a.allowing(f, text, Some("wire/a.txt")), Some(0));
        assert_eq!(a.allowing(f, text, Some("wire/deep/a.txt")), None);
        assert_eq!(a.allowing(f, text, Some("other/a.txt")), None);
        assert_eq!(a.allowing(f, text, None), None);
        let mut all = found.clone();
        assert_eq!(allows(&exact).suppress(&mut all, text, None), 1);
        assert_eq!(all.len(), found.len() - 1);
    }

    #[test]
    fn unknown_rules_are_located_errors() {
        let c = Config::parse("\n[[allow]]\nrule = \"names/nope\"\ntext = \"x\"\nreason = \"r\"\n")
            .unwrap();
        let e = Engine::new(c).err().expect("an error");
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("names/nope"), "{e}");
    }
}
