//! Findings and fixes: what every rule produces, in byte offsets of the
//! original (tagged) text of one document.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::base::rule_meta::RuleMeta;
use crate::base::text::Span;

/// How loud a finding is. Ordered from quietest to loudest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "hint" => Severity::Hint,
            "info" => Severity::Info,
            "warning" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which document a location is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocRef {
    /// The document the finding is about.
    This,
    /// Another document of the corpus, by its index in the checked set.
    Other(usize),
}

/// A location that explains a finding (the other spelling of a name, the
/// first copy of a repeated paragraph).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub doc: DocRef,
    pub span: Span,
    pub message: Cow<'static, str>,
}

/// One exact replacement of `span` by `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// A set of edits that repairs a finding. `safe` fixes keep the meaning of
/// the text for certain and are applied by `--fix`; the rest only on request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: Cow<'static, str>,
    pub safe: bool,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<Cow<'static, str>>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            safe: true,
            edits,
        }
    }
    pub fn unsafe_(title: impl Into<Cow<'static, str>>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            safe: false,
            edits,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Rule id, `family/name`.
    pub rule: &'static str,
    pub severity: Severity,
    pub span: Span,
    /// Fixed text for most rules, so no copy is made for each finding.
    pub message: Cow<'static, str>,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Finding {
    /// A finding of `rule` at its default severity. Taking the rule's
    /// metadata, not its id, makes a misspelt rule a compile error.
    pub fn new(
        rule: &'static RuleMeta,
        span: Span,
        message: impl Into<Cow<'static, str>>,
    ) -> Finding {
        Finding {
            rule: rule.id,
            severity: rule.default_severity,
            span,
            message: message.into(),
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    // Room for exactly one more fix or related location: a vector's first
    // push would otherwise make room for four, and a corpus run holds
    // every finding (most have one fix) until it ends.
    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fixes.reserve_exact(1);
        self.fixes.push(fix);
        self
    }

    pub fn with_related(
        mut self,
        doc: DocRef,
        span: Span,
        message: impl Into<Cow<'static, str>>,
    ) -> Finding {
        self.related.reserve_exact(1);
        self.related.push(Related {
            doc,
            span,
            message: message.into(),
        });
        self
    }

    /// The family part of the rule id.
    pub fn family(&self) -> &'static str {
        self.rule.split('/').next().unwrap_or(self.rule)
    }
}
