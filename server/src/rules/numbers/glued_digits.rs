//! `numbers/glued-digits`: digits glued to a word (`city8%`), often the
//! lost decimal of a number split a few words back.

use super::tokens::{core, is_int, Tok};
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "numbers/glued-digits",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "Digits glued to a word, often the lost decimal of a split number",
    explanation: include_str!("glued_digits.md").trim_ascii_end(),
    bad: &[
        Example::text("contributing 97 to the city8%"),
        Example::text("prices rose in the region5"),
    ],
    good: &[
        Example::text("the G20 summit"),
        Example::text("CO2 emissions"),
        Example::text("the COVID-19 outbreak"),
        Example::text("a 5G network"),
    ],
};

/// Words a glued-digit check leaves alone: product and code names.
const GLUED_OK: &[&str] = &[
    "covid", "sars", "iphone", "ipad", "utf", "sha", "ipv", "html", "mpeg", "wifi", "win", "xbox",
    "windows", "http", "css", "web", "pixel", "galaxy", "top",
];

/// `city8%`: letters (lowercase, 3+), digits (1-4), optional `%`.
#[inline]
pub(super) fn glued_parts(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_lowercase()).count();
    let digits = b[letters..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let rest = &s[letters + digits..];
    (letters >= 3 && (1..=4).contains(&digits) && (rest.is_empty() || rest == "%"))
        .then_some((letters, digits))
}

/// The glued word at `w[i]`, if it is one, with the repair when a bare
/// integer a few words back looks like its split-off whole part.
#[inline]
pub(super) fn check(text: &str, w: &[Tok], i: usize, out: &mut Sink) {
    let t = w[i];
    let c = core(text, &t);
    let Some((letters, digits)) = glued_parts(c) else {
        return;
    };
    if GLUED_OK.contains(&&c[..letters]) {
        return;
    }
    let word = &c[..letters];
    let num = &c[letters..letters + digits];
    let pct = &c[letters + digits..];
    let mut f = Finding::new(
        &META,
        t.cs..t.ce,
        format!("digits glued to a word: \"{c}\""),
    );
    // A bare integer a few words back in the same clause: the split decimal.
    let mut k = i;
    let mut words_between = 0;
    while k > 0 && i - k < 6 && !w[k].nl_before {
        k -= 1;
        let p = w[k];
        let pc = core(text, &p);
        if p.ce != p.end {
            break; // punctuation ends the clause
        }
        if p.cs == p.start && is_int(pc) && pc.len() <= 3 {
            if words_between > 0 {
                let between = &text[p.end..t.cs];
                let fixed = format!("{pc}.{num}{pct}{between}{word}");
                f.message = format!(
                    "digits glued to a word: \"{c}\"; the decimal of {pc}.{num}{pct} may have been split off"
                )
                .into();
                f = f.with_fix(Fix::unsafe_(
                    format!("Rewrite as \"{fixed}\""),
                    vec![Edit {
                        span: p.start..t.ce,
                        new_text: fixed,
                    }],
                ));
            }
            break;
        }
        if !pc.chars().all(char::is_alphabetic) {
            break;
        }
        words_between += 1;
    }
    out.push(f);
}
