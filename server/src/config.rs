//! `lede.toml`: labels, rule levels, boilerplate patterns, file selection
//! and the entity registry. Parsing is pure (text in, config or a located
//! error out); finding the file on disk is the caller's business.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::base::finding::Severity;
use crate::base::text::{ColumnUnit, LineIndex};

/// The name of the configuration file.
pub const FILE_NAME: &str = "lede.toml";

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// One entry of the entity registry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub label: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
}

/// The settings of `[boilerplate]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Boilerplate {
    /// Extra regexes; a line matching one is boilerplate.
    pub patterns: Vec<String>,
    /// A line is corpus boilerplate when it occurs in at least this many
    /// files of the checked set ...
    pub repeated_min_files: usize,
    /// ... and in at least this share of them, ...
    pub repeated_min_share: f64,
    /// ... but the share never asks for more than this many files, so
    /// that a large checked set does not switch the check off.
    pub repeated_share_cap: usize,
}

impl Default for Boilerplate {
    fn default() -> Self {
        Boilerplate {
            patterns: Vec::new(),
            repeated_min_files: 3,
            repeated_min_share: 0.05,
            repeated_share_cap: 20,
        }
    }
}

/// One `[[allow]]` entry: findings of `rule` (an id, or a family as
/// `names` or `names/`) whose span text is `text` (exactly) or matches
/// `pattern` (a regex), in files matching `files` (a glob relative to the
/// `lede.toml`'s directory; any file when absent), are not reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    pub rule: String,
    pub text: Option<String>,
    pub pattern: Option<String>,
    pub files: Option<String>,
    pub reason: String,
    /// The entry's 1-based line and column in `lede.toml`.
    pub position: (usize, usize),
}

/// The whole configuration, with defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub labels: Vec<String>,
    /// Rule id or family -> level.
    pub rules: BTreeMap<String, Level>,
    /// Where each key of `[rules]` stands in `lede.toml` (1-based line
    /// and column), so that `Engine::new` can point at an unknown one.
    pub rule_positions: BTreeMap<String, (usize, usize)>,
    pub boilerplate: Boilerplate,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub entities: Vec<Entity>,
    /// The `[[allow]]` entries, in file order.
    pub allows: Vec<Allow>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            labels: ["PER", "ORG", "LOC", "MISC"].map(String::from).to_vec(),
            rules: BTreeMap::new(),
            rule_positions: BTreeMap::new(),
            boilerplate: Boilerplate::default(),
            include: vec!["**/*.txt".into(), "**/*.md".into()],
            exclude: Vec::new(),
            entities: Vec::new(),
            allows: Vec::new(),
        }
    }
}

/// A problem in `lede.toml`, with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBoilerplate {
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    repeated_min_files: Option<usize>,
    repeated_min_share: Option<Spanned<f64>>,
    repeated_share_cap: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllow {
    rule: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    pattern: Option<Spanned<String>>,
    files: Option<Spanned<String>>,
    reason: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    labels: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    boilerplate: Option<RawBoilerplate>,
    include: Option<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default, rename = "entity")]
    entities: Vec<Spanned<Entity>>,
    #[serde(default, rename = "allow")]
    allows: Vec<Spanned<RawAllow>>,
}

/// The last line of a regex error (the rest repeats the pattern).
fn regex_problem(e: &regex::Error) -> String {
    e.to_string()
        .lines()
        .last()
        .unwrap_or("invalid regex")
        .trim()
        .to_string()
}

impl Config {
    /// Parses the text of a `lede.toml`.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let lines = LineIndex::new(text);
        let at = |offset: usize, message: String| {
            let lc = lines.to_line_col(text, offset, ColumnUnit::Scalar);
            ConfigError {
                line: lc.line as usize + 1,
                column: lc.col as usize + 1,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(offset, e.message().trim().to_string())
        })?;
        let mut config = Config::default();
        if let Some(labels) = raw.labels {
            if labels.is_empty() {
                return Err(at(0, "`labels` must name at least one label".into()));
            }
            config.labels.clear();
            for l in labels {
                let ok = !l.get_ref().is_empty()
                    && l.get_ref()
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                if !ok {
                    return Err(at(
                        l.span().start,
                        format!(
                            "label {:?} may only use letters, digits, `_` and `-`",
                            l.get_ref()
                        ),
                    ));
                }
                config.labels.push(l.into_inner());
            }
        }
        for (key, value) in raw.rules {
            // Whether the key names a rule is for the engine to say (it
            // knows the rules); keep where the key stands for its error.
            let lc = lines.to_line_col(text, key.span().start, ColumnUnit::Scalar);
            config.rule_positions.insert(
                key.get_ref().clone(),
                (lc.line as usize + 1, lc.col as usize + 1),
            );
            let level = match value.get_ref().as_str() {
                "off" => Level::Off,
                s => match Severity::parse(s) {
                    Some(sev) => Level::On(sev),
                    None => {
                        return Err(at(
                            value.span().start,
                            format!("level {s:?} for {:?} must be one of \"error\", \"warning\", \"info\", \"hint\", \"off\"", key.get_ref()),
                        ))
                    }
                },
            };
            config.rules.insert(key.into_inner(), level);
        }
        if let Some(b) = raw.boilerplate {
            for p in b.patterns {
                if let Err(e) = regex::Regex::new(p.get_ref()) {
                    let first = regex_problem(&e);
                    return Err(at(
                        p.span().start,
                        format!(
                            "boilerplate pattern {:?} is not a valid regex: {first}",
                            p.get_ref()
                        ),
                    ));
                }
                config.boilerplate.patterns.push(p.into_inner());
            }
            if let Some(n) = b.repeated_min_files {
                config.boilerplate.repeated_min_files = n.max(2);
            }
            if let Some(share) = b.repeated_min_share {
                if !(0.0..=1.0).contains(share.get_ref()) {
                    return Err(at(
                        share.span().start,
                        "`repeated_min_share` must be between 0.0 and 1.0".into(),
                    ));
                }
                config.boilerplate.repeated_min_share = *share.get_ref();
            }
            if let Some(n) = b.repeated_share_cap {
                config.boilerplate.repeated_share_cap = n.max(2);
            }
        }
        if let Some(include) = raw.include {
            config.include = include;
        }
        config.exclude = raw.exclude;
        let mut seen = std::collections::HashSet::new();
        for e in raw.entities {
            let span = e.span();
            let entity = e.into_inner();
            if !seen.insert(entity.id.clone()) {
                return Err(at(
                    span.start,
                    format!("entity id {:?} is defined twice", entity.id),
                ));
            }
            if entity.name.trim().is_empty() {
                return Err(at(
                    span.start,
                    format!("entity {:?} has an empty name", entity.id),
                ));
            }
            if !config.labels.contains(&entity.label) {
                return Err(at(
                    span.start,
                    format!(
                        "entity {:?} has label {:?}, which is not in `labels` {:?}",
                        entity.id, entity.label, config.labels
                    ),
                ));
            }
            config.entities.push(entity);
        }
        for a in raw.allows {
            let start = a.span().start;
            let raw = a.into_inner();
            let Some(rule) = raw.rule.filter(|r| !r.get_ref().trim().is_empty()) else {
                return Err(at(start, "[[allow]] entry needs a `rule`".into()));
            };
            let Some(reason) = raw.reason.filter(|r| !r.get_ref().trim().is_empty()) else {
                return Err(at(
                    start,
                    format!(
                        "[[allow]] entry for {:?} needs a `reason` (say why the finding is not a problem)",
                        rule.get_ref()
                    ),
                ));
            };
            match (&raw.text, &raw.pattern) {
                (Some(_), Some(p)) => {
                    return Err(at(
                        p.span().start,
                        "[[allow]] entry has both `text` and `pattern`; give one".into(),
                    ))
                }
                (None, None) => {
                    return Err(at(
                        start,
                        format!(
                            "[[allow]] entry for {:?} needs a `text` or a `pattern`",
                            rule.get_ref()
                        ),
                    ))
                }
                _ => {}
            }
            if let Some(p) = &raw.pattern {
                if let Err(e) = regex::Regex::new(p.get_ref()) {
                    return Err(at(
                        p.span().start,
                        format!(
                            "[[allow]] pattern {:?} is not a valid regex: {}",
                            p.get_ref(),
                            regex_problem(&e)
                        ),
                    ));
                }
            }
            if let Some(g) = &raw.files {
                if let Err(e) = globset::Glob::new(g.get_ref()) {
                    return Err(at(
                        g.span().start,
                        format!("[[allow]] files glob {:?}: {}", g.get_ref(), e.kind()),
                    ));
                }
            }
            let lc = lines.to_line_col(text, start, ColumnUnit::Scalar);
            config.allows.push(Allow {
                rule: rule.into_inner(),
                text: raw.text.map(Spanned::into_inner),
                pattern: raw.pattern.map(Spanned::into_inner),
                files: raw.files.map(Spanned::into_inner),
                reason: reason.into_inner(),
                position: (lc.line as usize + 1, lc.col as usize + 1),
            });
        }
        Ok(config)
    }

    /// The configured level of a rule: the rule's own entry, else its
    /// family's, else `ALL`, else on at the rule's default severity.
    pub fn level(&self, rule: &str) -> Option<Level> {
        if let Some(l) = self.rules.get(rule) {
            return Some(*l);
        }
        let family = rule.split('/').next().unwrap_or(rule);
        self.rules
            .get(family)
            .or_else(|| self.rules.get("ALL"))
            .copied()
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_example_parses() {
        let c = Config::parse(
            r#"
labels = ["PER", "ORG", "LOC", "MISC"]
[rules]
"structure/blank-lines" = "off"
numbers = "error"
[boilerplate]
patterns = ['^Editor:']
[[entity]]
id = "minmetals"
name = "China Minmetals Group"
label = "ORG"
aliases = ["Minmetals Group"]
description = "State-owned metals and mining group"
link = "https://en.wikipedia.org/wiki/China_Minmetals"
"#,
        )
        .unwrap();
        assert_eq!(c.level("structure/blank-lines"), Some(Level::Off));
        assert_eq!(
            c.level("numbers/glued-digits"),
            Some(Level::On(Severity::Error))
        );
        assert_eq!(c.level("names/inconsistent-spelling"), None);
        assert_eq!(c.entities[0].aliases, ["Minmetals Group"]);
        assert_eq!(c.boilerplate.patterns, ["^Editor:"]);
        assert!(c.allows.is_empty());
    }

    #[test]
    fn allow_entries_parse_in_order() {
        let c = Config::parse(
            "[[allow]]\nrule = \"names/\"\ntext = \"Xi\"\nfiles = \"wire/*.txt\"\nreason = \"a surname\"\n\n[[allow]]\nrule = \"numbers/glued-digits\"\npattern = '^20\\d\\d'\nreason = \"years\"\n",
        )
        .unwrap();
        assert_eq!(c.allows.len(), 2);
        assert_eq!(c.allows[0].rule, "names/");
        assert_eq!(c.allows[0].text.as_deref(), Some("Xi"));
        assert_eq!(c.allows[0].files.as_deref(), Some("wire/*.txt"));
        assert_eq!(c.allows[0].position.0, 1);
        assert_eq!(c.allows[1].pattern.as_deref(), Some("^20\\d\\d"));
        assert_eq!(c.allows[1].position.0, 7);
    }

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            ("labels = [\"PER\"\n[rules\n", 2),
            ("[rules]\nnumbers = \"loud\"\n", 2),
            ("[boilerplate]\n\npatterns = ['(unclosed']\n", 3),
            ("colour = 1\n", 1),
            ("[[entity]]\nid = \"a\"\nname = \"A\"\nlabel = \"PER\"\n[[entity]]\nid = \"a\"\nname = \"B\"\nlabel = \"PER\"\n", 5),
            ("[[entity]]\nid = \"a\"\nname = \"A\"\nlabel = \"XYZ\"\n", 1),
            ("labels = [\"PER\"]\n\n[[allow]]\nrule = \"names\"\ntext = \"Xi\"\n", 3),
            ("[[allow]]\nrule = \"names\"\nreason = \"ok\"\n", 1),
            ("[[allow]]\nrule = \"names\"\nreason = \"ok\"\npattern = '(x'\n", 4),
            ("[[allow]]\nrule = \"names\"\nreason = \"ok\"\ntext = \"a\"\nfiles = \"a/[\"\n", 5),
            ("[[allow]]\nrule = \"names\"\nreason = \"ok\"\ntext = \"a\"\ncolour = 1\n", 5),
        ];
        for (text, line) in cases {
            let e = Config::parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(!e.message.is_empty());
        }
    }
}
