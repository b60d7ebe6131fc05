//! `numbers/cut-number`: a number that runs straight into a new sentence
//! (`a daily inflow of 15.7 At the same time, ...`): the rest of the
//! number, its unit and the sentence's end were lost.

use super::tokens::{core, is_number, Tok};
use super::words::{after, before, is_label, month, opens_sentence};
use crate::base::finding::{Finding, Severity};
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "numbers/cut-number",
    source: file!(),
    default_severity: Severity::Info,
    summary: "A number running straight into a new sentence (15.7 At the same time)",
    explanation: include_str!("cut_number.md").trim_ascii_end(),
    bad: &[Example::text(
        "The daily inflow reached 12.5 At the same time, the pumps were repaired.",
    )],
    good: &[
        Example::text("The daily inflow reached 12.5 cubic metres. At the same time, the pumps were repaired."),
        Example::text("Read Chapter 3 The Long Road tonight."),
        Example::text("Top 10 In Tech This Week"),
    ],
};

/// A number, or a number and a percent sign.
fn amount(s: &str) -> bool {
    is_number(s.strip_suffix('%').unwrap_or(s))
}

/// The cut number at `w[i]`, if it is one; returns the end of its token.
#[inline]
pub(super) fn check(text: &str, w: &[Tok], i: usize, out: &mut Sink) -> Option<usize> {
    let t = w[i];
    if t.cs != t.start || t.ce != t.end || !amount(core(text, &t)) {
        return None;
    }
    let n = after(w, i, 1)?;
    if n.cs != n.start
        || n.ce != n.end
        || !text.as_bytes()[n.cs].is_ascii_uppercase()
        || !opens_sentence(core(text, &n))
    {
        return None;
    }
    // A sentence goes on in lowercase; a title does not (`10 In Tech`).
    let nn = after(w, i, 2)?;
    if !text[nn.cs..].starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    // A number first on its line is a list's or a heading's.
    let p = before(w, i, 1)?;
    if month(text, &p) || is_label(core(text, &p)) {
        return None;
    }
    let c = core(text, &t);
    out.push(Finding::new(
        &META,
        t.cs..t.ce,
        format!(
            "\"{c}\" runs straight into a new sentence (\"{} {}\"): the rest of the number, \
             its unit or the sentence's end is missing",
            core(text, &n),
            core(text, &nn)
        ),
    ));
    Some(t.end)
}

#[cfg(test)]
mod tests {
    use super::super::tests::found;

    fn cut(text: &str) -> Vec<String> {
        found(text, "numbers/cut-number")
    }

    #[test]
    fn numbers_running_into_a_sentence_are_reported() {
        assert_eq!(
            cut("a daily inflow of 15.7 At the same time, it rained"),
            ["15.7"]
        );
        assert_eq!(cut("output rose 12% The company said so"), ["12%"]);
        assert_eq!(
            cut("the hall opened in 1998 It was rebuilt later"),
            ["1998"]
        );
    }

    #[test]
    fn other_numbers_pass() {
        for t in [
            "a daily inflow of 15.7 million cubic metres. At the same time, it rained",
            "12 The Long Road is a novel.",
            "Read Chapter 3 The Long Road and Part 2 In the Hills tonight.",
            "Top 10 In Tech This Week",
            "On July 26 The company opened a plant.",
            "the 12 Chinese artists and 27 Saudi artists met",
            "It rose 4. The rest fell.",
            "Grade 3 A students and type 2 I errors",
        ] {
            assert!(cut(t).is_empty(), "{t}: {:?}", cut(t));
        }
    }
}
