//! What every rule declares about itself: its id, default severity and
//! documentation. Each rule file holds one `META`; findings point at it.

use crate::base::finding::Severity;

/// Everything known about one rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable id, `family/name`.
    pub id: &'static str,
    /// The source file that declares the rule (`file!()` there), which the
    /// docs link to.
    pub source: &'static str,
    pub default_severity: Severity,
    /// One line, no final period.
    pub summary: &'static str,
    /// Why the rule exists and what its fix does (Markdown).
    pub explanation: &'static str,
    /// Texts the rule reports. The docs print them, and a test checks
    /// each one (`server/tests/rules.rs`).
    pub bad: &'static [Example],
    /// Similar texts it leaves alone, checked the same way.
    pub good: &'static [Example],
}

/// A text a rule reports (or leaves alone), as the docs show it, with
/// what else the check needs: a `lede.toml` and, for corpus rules, the
/// other files of the checked set.
#[derive(Debug)]
pub struct Example {
    /// The article text the docs print.
    pub text: &'static str,
    /// The `lede.toml` it is checked with; empty for the defaults.
    pub config: &'static str,
    /// The other files of the checked set, checked together with `text`
    /// (the finding is expected in `text`).
    pub other_files: &'static [&'static str],
}

impl Example {
    /// An article checked alone with the default configuration.
    pub const fn text(text: &'static str) -> Example {
        Example {
            text,
            config: "",
            other_files: &[],
        }
    }
}

impl std::fmt::Display for Example {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text)
    }
}

impl RuleMeta {
    pub fn family(&self) -> &'static str {
        self.id.split('/').next().unwrap_or(self.id)
    }
}

/// Whether `selector` (a rule id or a family name) selects rule `id`.
pub fn selects(selector: &str, id: &str) -> bool {
    selector == id
        || selector == "ALL"
        || id
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The project's one address (`repository` in Cargo.toml).
pub const PROJECT_URL: &str = env!("CARGO_PKG_REPOSITORY");

/// The rule reference on the web: `RULES_URL#anchor` is a rule's section.
pub const RULES_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// The anchor of a rule's section in `docs/rules.md`: the id lowercased
/// with `/` replaced by `-` (`numbers/glued-digits` -> `numbers-glued-digits`).
pub fn anchor(rule: &str) -> String {
    rule.to_ascii_lowercase().replace('/', "-")
}
