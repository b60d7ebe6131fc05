//! `--select` / `--ignore`: which rules a run reports.

use crate::base::finding::Finding;
use crate::rules;

/// The rules a run reports: selected (all when no `--select`) and not
/// ignored.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Selection {
    /// Checks every selector; an unknown one is an error message with the
    /// closest known ids.
    pub fn new(select: &[String], ignore: &[String]) -> Result<Selection, String> {
        let clean = |v: &[String], flag: &str| -> Result<Vec<String>, String> {
            let mut out = Vec::new();
            for s in v.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                if !rules::is_known_selector(s) {
                    return Err(format!(
                        "unknown rule or family {s:?} in {flag}{}",
                        did_you_mean(s)
                    ));
                }
                out.push(s.to_string());
            }
            Ok(out)
        };
        Ok(Selection {
            select: clean(select, "--select")?,
            ignore: clean(ignore, "--ignore")?,
        })
    }

    pub fn allows(&self, rule: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| rules::selects(s, rule)))
            && !self.ignore.iter().any(|s| rules::selects(s, rule))
    }

    pub fn filter(&self, mut findings: Vec<Finding>) -> Vec<Finding> {
        findings.retain(|f| self.allows(f.rule));
        findings
    }
}

/// Known ids and families close to `wanted`, best first.
pub fn suggestions(wanted: &str) -> Vec<&'static str> {
    let wanted_l = wanted.to_ascii_lowercase();
    let candidates = rules::FAMILIES
        .iter()
        .map(|f| f.0)
        .chain(rules::all().map(|r| r.id));
    let mut scored: Vec<(f64, &'static str)> = candidates
        .filter_map(|c| {
            let name = c.rsplit('/').next().unwrap_or(c);
            let score = strsim::normalized_levenshtein(&wanted_l, c)
                .max(strsim::normalized_levenshtein(&wanted_l, name));
            (score >= 0.6).then_some((score, c))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|s| s.1).collect()
}

/// `" (did you mean a, b?)"` or `""`.
pub fn did_you_mean(wanted: &str) -> String {
    let s = suggestions(wanted);
    if s.is_empty() {
        "; `lede rules` lists them".to_string()
    } else {
        format!("; did you mean {}?", s.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_and_ignore() {
        let s = Selection::new(&["tags".into()], &["tags/overlapping".into()]).unwrap();
        assert!(s.allows("tags/malformed"));
        assert!(!s.allows("tags/overlapping"));
        assert!(!s.allows("numbers/glued-digits"));
        let all = Selection::new(&[], &[]).unwrap();
        assert!(all.allows("numbers/glued-digits"));
    }

    #[test]
    fn unknown_selectors_suggest() {
        let e = Selection::new(&["tags/unknown-labl".into()], &[]).unwrap_err();
        assert!(e.contains("did you mean tags/unknown-label"), "{e}");
        assert!(Selection::new(&[], &["nope-at-all-xyz".into()]).is_err());
    }
}
