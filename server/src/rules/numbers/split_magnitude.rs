//! `numbers/split-magnitude`: a magnitude spelled in pieces, such as
//! `7 billion 500 million`.

use super::tokens::{core, is_int, Tok};
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "numbers/split-magnitude",
    source: file!(),
    default_severity: Severity::Info,
    summary: "A magnitude spelled in pieces, such as 7 billion 500 million",
    explanation: include_str!("split_magnitude.md").trim_ascii_end(),
    bad: &[
        Example::text("7 billion 500 million yuan"),
        Example::text("3 billion 25 million"),
    ],
    good: &[
        Example::text("7.5 billion yuan"),
        Example::text("100 billion"),
        Example::text("7 billion and 500 million"),
    ],
};

pub(super) fn magnitude(s: &str) -> Option<u32> {
    Some(match s {
        "thousand" => 3,
        "million" => 6,
        "billion" => 9,
        "trillion" => 12,
        _ => return None,
    })
}

/// `7 billion 500 million`; returns the end of the reported span.
#[inline]
pub(super) fn check(text: &str, w: &[Tok], i: usize, out: &mut Sink) -> Option<usize> {
    let [a, u1, b, u2] = [w.get(i)?, w.get(i + 1)?, w.get(i + 2)?, w.get(i + 3)?];
    if [u1, b, u2].iter().any(|t| t.nl_before) {
        return None;
    }
    let plain = |t: &Tok| t.cs == t.start && t.ce == t.end;
    if !(plain(a) && plain(u1) && plain(b) && u2.cs == u2.start) {
        return None;
    }
    let (ac, bc) = (core(text, a), core(text, b));
    if !is_int(ac) || !is_int(bc) {
        return None;
    }
    let e1 = magnitude(core(text, u1))?;
    let e2 = magnitude(core(text, u2))?;
    if e2 >= e1 {
        return None;
    }
    let unit = core(text, u1);
    let span = a.start..u2.ce;
    let msg = format!("magnitude spelled in pieces: \"{}\"", &text[span.clone()]);
    let width = (e1 - e2) as usize;
    let small = bc.trim_start_matches('0');
    let mut f = Finding::new(&META, span.clone(), msg);
    if !small.is_empty() && small.len() <= width {
        let frac = format!("{small:0>width$}");
        let frac = frac.trim_end_matches('0');
        let whole = ac.trim_start_matches('0');
        let whole = if whole.is_empty() { "0" } else { whole };
        let value = format!("{whole}.{frac} {unit}");
        f = f.with_fix(Fix::unsafe_(
            format!("Write \"{value}\""),
            vec![Edit {
                span: span.clone(),
                new_text: value,
            }],
        ));
    }
    out.push(f);
    Some(span.end)
}
