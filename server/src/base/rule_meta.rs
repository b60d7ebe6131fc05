//! What every rule declares about itself: its id, default severity and
//! documentation. Each rule file holds one `META`; findings point at it.

use crate::base::finding::Severity;

/// Everything known about one rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable id, `family/name`.
    pub id: &'static str,
    pub default_severity: Severity,
    /// One line, no final period.
    pub summary: &'static str,
    /// Why the rule exists and what its fix does (Markdown).
    pub explanation: &'static str,
    /// Lines the rule reports.
    pub bad: &'static [&'static str],
    /// Similar lines it leaves alone.
    pub good: &'static [&'static str],
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
