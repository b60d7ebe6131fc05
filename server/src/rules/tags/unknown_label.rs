//! `tags/unknown-label`: a tag whose label is not one of the configured
//! labels, with the fix to the configured label it is a typo of.

use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::rules::{Example, RuleMeta};
use crate::tags::Tag;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "tags/unknown-label",
    source: file!(),
    default_severity: Severity::Error,
    summary: "A tag whose label is not one of the configured labels",
    explanation: include_str!("unknown_label.md").trim_ascii_end(),
    bad: &[Example::text("[Hao Peng]{PRE}")],
    good: &[Example::text("[Hao Peng]{PER}")],
};

/// The finding for `tag` when its label is not in `labels`.
pub(super) fn finding(labels: &[String], tag: &Tag) -> Option<Finding> {
    if labels.contains(&tag.label) {
        return None;
    }
    let mut f = Finding::new(
        &META,
        tag.label_span.clone(),
        format!(
            "unknown label {:?} (configured: {})",
            tag.label,
            labels.join(", ")
        ),
    );
    if let Some(good) = labels.iter().find(|l| close(l, &tag.label)) {
        f = f.with_fix(Fix::unsafe_(
            format!("Change label to {good}"),
            vec![Edit {
                span: tag.label_span.clone(),
                new_text: good.clone(),
            }],
        ));
    }
    Some(f)
}

/// Edit distance small enough to call two labels the same typo.
fn close(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_ascii_uppercase(), b.to_ascii_uppercase());
    if a == b {
        return true;
    }
    let mut sa: Vec<char> = a.chars().collect();
    let mut sb: Vec<char> = b.chars().collect();
    sa.sort_unstable();
    sb.sort_unstable();
    // Same letters in another order (PRE/PER), or one letter off.
    sa == sb
        || (a.len() == b.len() && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() <= 1)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{findings, hits};
    use super::close;
    use crate::base::rule_meta::Example;
    use crate::fix::apply_edits;

    const RULE: &str = "tags/unknown-label";

    #[test]
    fn a_label_outside_the_configured_set_is_caught() {
        assert_eq!(hits("", "Governor [Hao Peng]{PRE} spoke.", RULE), ["PRE"]);
        assert_eq!(hits("", "[Xining]{CITY} grew.", RULE), ["CITY"]);
        // Labels are case-sensitive.
        assert_eq!(hits("", "[Xining]{loc} grew.", RULE), ["loc"]);
        // The configured set replaces the default one.
        let config = "labels = [\"PERSON\", \"ORG\"]\n";
        assert_eq!(hits(config, "[Hao Peng]{PER} spoke.", RULE), ["PER"]);
    }

    #[test]
    fn configured_labels_and_plain_text_pass() {
        for text in [
            "Governor [Hao Peng]{PER} of [Qinghai]{LOC} met [Minmetals]{ORG}.",
            "The [“1+5”]{MISC} plan and [20 GW]{MISC} of solar.",
            "Braces {PRE} and brackets [PRE] alone are text.",
            "The city’s “PRE” phase began.",
        ] {
            assert!(hits("", text, RULE).is_empty(), "{text}");
        }
        let config = "labels = [\"PERSON\", \"ORG\"]\n";
        assert!(hits(config, "[Hao Peng]{PERSON} spoke.", RULE).is_empty());
    }

    #[test]
    fn a_typo_of_a_label_gets_an_unsafe_fix() {
        let text = "Governor [Hao Peng]{PRE} spoke.";
        let e = Example::text(text);
        let fs: Vec<_> = findings(&e)
            .into_iter()
            .filter(|f| f.rule == RULE)
            .collect();
        assert_eq!(fs.len(), 1);
        let fix = &fs[0].fixes[0];
        assert!(!fix.safe);
        assert_eq!(
            apply_edits(text, fix.edits.clone()),
            "Governor [Hao Peng]{PER} spoke."
        );
        // Nothing close: no fix.
        let e = Example::text("[Xining]{CITY} grew.");
        let fs: Vec<_> = findings(&e)
            .into_iter()
            .filter(|f| f.rule == RULE)
            .collect();
        assert!(fs[0].fixes.is_empty());
    }

    #[test]
    fn close_labels() {
        assert!(close("PRE", "PER"));
        assert!(close("per", "PER"));
        assert!(close("PEP", "PER"));
        assert!(!close("CITY", "LOC"));
        assert!(!close("PERS", "PER"));
    }
}
