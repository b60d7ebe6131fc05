//! `numbers/lone-number`: a sentence that is nothing but a number
//! (`... 112%, and 112%, respectively. 28%.`): a figure lost the words
//! around it.

use super::tokens::{core, is_number, Tok};
use super::words::{after, before, is_abbreviation, month};
use crate::base::finding::{Finding, Severity};
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "numbers/lone-number",
    source: file!(),
    default_severity: Severity::Info,
    summary: "A sentence that is nothing but a number (respectively. 28%.)",
    explanation: include_str!("lone_number.md").trim_ascii_end(),
    bad: &[Example::text(
        "Sales rose by 12%, 30% and 30%, respectively. 45%. Costs fell.",
    )],
    good: &[
        Example::text("Sales rose by 12%, 30% and 45%, respectively. Costs fell."),
        Example::text("The fair opened on Dec. 11. Costs fell."),
        Example::text("Call Ext. 123. Costs fell."),
    ],
};

/// The lone number at `w[i]`, if it is one; returns the end of its token.
#[inline]
pub(super) fn check(text: &str, w: &[Tok], i: usize, out: &mut Sink) -> Option<usize> {
    let t = w[i];
    let c = core(text, &t);
    if t.cs != t.start || &text[t.ce..t.end] != "." || !is_number(c.strip_suffix('%').unwrap_or(c))
    {
        return None;
    }
    // The sentence before ends with a word, not with an abbreviation
    // (`Dec. 11.`, `approx. 28.`, `No. 3.`): four or more lowercase letters.
    let p = before(w, i, 1)?;
    let pc = core(text, &p);
    if &text[p.ce..p.end] != "."
        || pc.len() < 4
        || !pc.bytes().all(|b| b.is_ascii_lowercase())
        || is_abbreviation(pc)
        || month(text, &p)
    {
        return None;
    }
    // The next sentence, if any, starts with a capital.
    if after(w, i, 1).is_some_and(|n| !text[n.cs..].starts_with(|c: char| c.is_uppercase())) {
        return None;
    }
    out.push(Finding::new(
        &META,
        t.cs..t.ce,
        format!(
            "\"{c}\" stands alone as a sentence after \"{pc}.\": a figure lost its words \
             (it may belong to the list before it)"
        ),
    ));
    Some(t.end)
}

#[cfg(test)]
mod tests {
    use super::super::tests::found;

    fn lone(text: &str) -> Vec<String> {
        found(text, "numbers/lone-number")
    }

    #[test]
    fn lone_numbers_are_reported() {
        assert_eq!(
            lone("Visits rose by 81%, 112% and 112%, respectively. 28%."),
            ["28%"]
        );
        assert_eq!(lone("The hall was full. 300. Then it emptied."), ["300"]);
    }

    #[test]
    fn other_numbers_pass() {
        for t in [
            "The fair opened on Dec. 11. Costs fell.",
            "Call Ext. 123. Costs fell; see No. 3. Then stop.",
            "The total was approx. 28. Then it fell.",
            "It ended in Sept. 30. Then it fell.",
            "How much did it rise? 28%. The most in years.",
            "It rose 4. the rest fell.",
            "He was aged 26. She was 30.",
            "Visits rose by 28%. Costs fell.",
        ] {
            assert!(lone(t).is_empty(), "{t}: {:?}", lone(t));
        }
    }
}
