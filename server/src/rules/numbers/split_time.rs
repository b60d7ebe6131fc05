//! `numbers/split-time`: a clock time split by a space after its colon
//! (`from 20: 00 on July 25`).

use super::tokens::{core, Tok};
use super::words::{
    after, before, comes_before_count, comes_before_time, follows_time, follows_time_only, is_label,
};
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "numbers/split-time",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "A clock time split by a space after the colon (20: 00)",
    explanation: include_str!("split_time.md").trim_ascii_end(),
    bad: &[
        Example::text("The warning runs from 20: 00 on Monday."),
        Example::text("Doors open at 8: 30 a.m. for visitors."),
    ],
    good: &[
        Example::text("The warning runs from 20:00 on Monday."),
        Example::text("Read Chapter 3: 15 rules for new drivers."),
        Example::text("The home side won 3: 1 after extra time."),
        Example::text("See Nature 5: 25-29 for the method."),
    ],
};

/// An hour, `0` to `23` (one or two digits).
fn hour(s: &str) -> bool {
    (1..=2).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<u32>().is_ok_and(|h| h <= 23)
}

/// Minutes, `00` to `59` (two digits).
fn minutes(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 2 && (b'0'..=b'5').contains(&b[0]) && b[1].is_ascii_digit()
}

/// The split time starting at `w[i]` (`20:`), if it is one; returns the
/// end of the minutes' token.
#[inline]
pub(super) fn check(text: &str, w: &[Tok], i: usize, out: &mut Sink) -> Option<usize> {
    let t = w[i];
    if &text[t.ce..t.end] != ":" || !hour(core(text, &t)) {
        return None;
    }
    let m = after(w, i, 1)?;
    let tail = &text[m.ce..m.end];
    if m.cs != m.start || !minutes(core(text, &m)) || tail.contains(':') {
        return None;
    }
    // A heading's or a citation's colon: `Chapter 3: 15`, `John 3: 16`.
    let prev = before(w, i, 1).map(|p| core(text, &p));
    if prev.is_some_and(|p| {
        is_label(p) || (p.starts_with(|c: char| c.is_uppercase()) && !comes_before_time(p))
    }) {
        return None;
    }
    // A word before or after that makes it a time; `on`, `daily` ... only
    // when no function word comes before (`a ratio of 1: 10 on average`).
    let next = after(w, i, 2).map(|n| core(text, &n));
    if !(prev.is_some_and(comes_before_time)
        || next.is_some_and(follows_time_only)
        || (next.is_some_and(follows_time) && !prev.is_some_and(comes_before_count)))
    {
        return None;
    }
    let (h, mm) = (core(text, &t), core(text, &m));
    out.push(
        Finding::new(
            &META,
            t.cs..m.ce,
            format!(
                "a clock time split by a space after the colon: \"{}\" is {h}:{mm} \
                 (an hour 0-23, two-digit minutes, {})",
                &text[t.cs..m.ce],
                if prev.is_some_and(comes_before_time) {
                    format!("after \"{}\"", prev.unwrap_or(""))
                } else {
                    format!("before \"{}\"", next.unwrap_or(""))
                }
            ),
        )
        .with_fix(Fix::safe(
            format!("Write \"{h}:{mm}\""),
            vec![Edit {
                span: t.end..m.start,
                new_text: String::new(),
            }],
        )),
    );
    Some(m.end)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixed, found};

    fn times(text: &str) -> Vec<String> {
        found(text, "numbers/split-time")
    }

    #[test]
    fn split_times_are_reported_and_joined() {
        let t = "The alert runs from 20: 00 on Monday to 8: 30 a.m. on Tuesday.";
        assert_eq!(times(t), ["20: 00", "8: 30"]);
        assert_eq!(
            fixed(t, "numbers/split-time"),
            "The alert runs from 20:00 on Monday to 8:30 a.m. on Tuesday."
        );
        assert_eq!(
            times("between 9: 15 and 10: 45, the road was shut"),
            ["9: 15", "10: 45"]
        );
        assert_eq!(times("It ended 0: 05 local time."), ["0: 05"]);
        assert_eq!(times("(At 23: 59 on the last day)"), ["23: 59"]);
        assert_eq!(times("The office opens 9: 00 daily."), ["9: 00"]);
    }

    #[test]
    fn other_colons_pass() {
        for t in [
            "The warning runs from 20:00 on Monday.",
            "Read Chapter 3: 15 rules for new drivers.",
            "The home side won 3: 1 after extra time.",
            "See Nature 5: 25-29 for the method; John 3: 16 on Sunday.",
            "From 24: 00 the count was 25: 30 on the board.",
            "at 9: 5 and at 9: 75 on the dial",
            "The vote was 12: 40, a clear result.",
            "Score 2: 10 on the table.",
            "at 20: 00:30 on the clock",
            "a ratio of 1: 10 on average, and the ratio 1: 20 today",
        ] {
            assert!(times(t).is_empty(), "{t}: {:?}", times(t));
        }
    }
}
