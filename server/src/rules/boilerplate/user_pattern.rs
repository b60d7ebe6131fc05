//! `boilerplate/user-pattern`: a line matching one of the user's
//! `[boilerplate] patterns` from `lede.toml`, and those patterns compiled.

use crate::base::finding::Severity;
use crate::config::{Config, ConfigError};
use crate::rules::{Example, RuleMeta};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "boilerplate/user-pattern",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "A line matching a boilerplate pattern from lede.toml",
    explanation: include_str!("user_pattern.md").trim_ascii_end(),
    bad: &[Example {
        text: "Scan the QR code to follow us",
        config: "[boilerplate]\npatterns = ['^Scan the QR code']\n",
        other_files: &[],
    }],
    good: &[Example::text("A line no pattern matches")],
};

/// The message of its line findings.
pub(super) const MESSAGE: &str =
    "line matching a boilerplate pattern from lede.toml: site furniture, not article text";

/// Patterns compiled once per config.
#[derive(Debug)]
pub struct Compiled {
    pub user: Option<regex::RegexSet>,
}

impl Compiled {
    pub fn new(config: &Config) -> Result<Self, ConfigError> {
        let user = if config.boilerplate.patterns.is_empty() {
            None
        } else {
            Some(
                regex::RegexSet::new(&config.boilerplate.patterns).map_err(|e| ConfigError {
                    line: 1,
                    column: 1,
                    message: format!("boilerplate patterns: {e}"),
                })?,
            )
        };
        Ok(Compiled { user })
    }
}
