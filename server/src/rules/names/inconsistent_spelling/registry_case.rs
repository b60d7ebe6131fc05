//! `names/inconsistent-spelling` on registry names: a name of the
//! registry written in another case (found by [`super::super::registry`]'s
//! search).

use crate::base::finding::{Edit, Finding, Fix};
use crate::base::text::Span;
use crate::config::Entity;

/// The finding for a registry name written `span` where the registry
/// writes `spelling` (entity `entity`).
pub(crate) fn finding(span: Span, spelling: &str, entity: &Entity) -> Finding {
    let (s, e) = (span.start, span.end);
    Finding::new(
        &super::META,
        s..e,
        format!("the registry writes \"{spelling}\" ({})", entity.id),
    )
    .with_fix(Fix::unsafe_(
        format!("Write \"{spelling}\""),
        vec![Edit {
            span: s..e,
            new_text: spelling.to_string(),
        }],
    ))
}
