//! `names/title-case`: a title before a name written in lower case where
//! the corpus (or the same document) capitalises it.

use super::mention::Features;
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "names/title-case",
    source: file!(),
    default_severity: Severity::Hint,
    summary: "A title before a name capitalised differently across files",
    explanation: include_str!("title_case.md").trim_ascii_end(),
    bad: &[Example {
        text: "In April, governor Hao Peng went to the park.",
        config: "",
        other_files: &["Governor Hao Peng opened the forum."],
    }],
    good: &[
        Example::text("In April, the governor said so."),
        Example {
            text: "In April, Governor Hao Peng went to the park.",
            config: "",
            other_files: &["Governor Hao Peng opened the forum."],
        },
    ],
};

/// `names/title-case`: a title written in lower case before a name where
/// `capitalised(key)` says the corpus capitalises it.
pub(crate) fn title_case(f: &Features, capitalised: impl Fn(u64) -> bool, out: &mut Sink) {
    for t in f.titled.iter().filter(|t| !t.capitalized) {
        if capitalised(t.key) {
            let mut cap = t.title.to_string();
            if let Some(first) = cap.get(..1) {
                cap = first.to_uppercase() + &cap[1..];
            }
            out.push(
                Finding::new(
                    &META,
                    t.span.clone(),
                    format!(
                        "\"{}\" before this name is capitalised (\"{cap}\") elsewhere",
                        t.title
                    ),
                )
                .with_fix(Fix::unsafe_(
                    format!("Write \"{cap}\""),
                    vec![Edit {
                        span: t.span.clone(),
                        new_text: cap,
                    }],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::names::testing::check;

    #[test]
    fn title_case_across_files_is_a_hint() {
        let a = "In April, governor Hao Peng went to the park.";
        let b = "Governor Hao Peng presided over the forum.";
        let out = check(&[a, b]);
        let f: Vec<_> = out[0]
            .iter()
            .filter(|f| f.rule == "names/title-case")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!(&a[f[0].span.clone()], "governor");
        assert_eq!(f[0].severity, crate::base::finding::Severity::Hint);
        assert!(out[1].iter().all(|f| f.family() != "names"));
        // A lowercase title with no capitalised twin anywhere is left alone.
        let only = check(&["the governor Hao Peng spoke."]);
        assert!(only[0].iter().all(|f| f.family() != "names"));
        // One file checked alone: the twin in another paragraph counts too.
        let one = "Governor Hao Peng presided.\n\nOn Monday, governor Hao Peng left.";
        let alone = check(&[one]);
        let f: Vec<_> = alone[0]
            .iter()
            .filter(|f| f.rule == "names/title-case")
            .collect();
        assert_eq!(f.len(), 1, "{alone:?}");
        assert_eq!(&one[f[0].span.clone()], "governor");
    }
}
