//! `names/inconsistent-spelling`: one name written two ways in one
//! article. Three detectors report it: mentions with one key and two
//! surfaces ([`variants`]), a phrase doubled inside a company name
//! ([`doubled_company`]), and a registry name in another case
//! ([`registry_case`], on the registry search of [`super::registry`]).

use crate::base::finding::Severity;
use crate::rules::{Example, RuleMeta};

mod doubled_company;
pub(crate) mod registry_case;
mod variants;

pub(crate) use doubled_company::{check_doubled_company, doubled_candidates, Doubled};
pub(crate) use variants::check_variants;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "names/inconsistent-spelling",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "One name written two ways in one article",
    explanation: include_str!("../inconsistent_spelling.md").trim_ascii_end(),
    bad: &[Example::text(
        "The Chinese Minmetals Group signed. China Minmetals Group will invest.",
    )],
    good: &[Example::text(
        "China Minmetals Group signed. Later Minmetals Group said it would invest.",
    )],
};
