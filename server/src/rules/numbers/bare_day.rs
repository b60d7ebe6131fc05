//! `numbers/bare-day`: a day of the month left as a bare number between
//! words, as machine translation leaves a Chinese date's `26日` ("on the
//! 26th"): `the reporter 26 learned`, `McDonald's 24 issued a statement`.

use super::tokens::{core, Tok};
use super::words::{
    after, before, comes_before_count, comes_before_time, is_label, is_part_of_day, is_reporter,
    is_reporting_verb, looks_plural, month,
};
use crate::base::finding::{Finding, Severity};
use crate::rules::{Example, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "numbers/bare-day",
    source: file!(),
    default_severity: Severity::Info,
    summary: "A day of the month left as a bare number (26日 became 26)",
    explanation: include_str!("bare_day.md").trim_ascii_end(),
    bad: &[
        Example::text(
            "Beijing, May 14 (Xinhua) The reporter 14 learned from the bureau that the dam held.",
        ),
        Example::text("The city's water utility 12 issued a notice on supplies."),
        Example::text("On the evening of 9 local time, a storm reached the coast."),
    ],
    good: &[
        Example::text("The reporter learned on May 14 that the dam held."),
        Example::text("Article 25 said nothing about it."),
        Example::text("Of the 30 passengers, 26 said they were fine."),
        Example::text("The plane landed at 10 local time."),
        Example::text("On the evening of May 9, a storm reached the coast."),
        Example::text("The club's 24 players issued a joint statement."),
    ],
};

/// The day `s` names: `1` to `31`, no leading zero.
#[inline]
fn day(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 2 || b[0] == b'0' || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.parse().ok().filter(|d| (1..=31).contains(d))
}

/// `1st`, `2nd`, `26th`.
fn ordinal(d: u32) -> String {
    let suffix = match (d % 10, d) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

/// A word that a dateline's subject can be, standing right before the
/// bare day: its token ends with a letter, a possessive or a closing
/// bracket (`reporter`, `McDonald's`, `(NPR)`), and it is neither a
/// function word, a verb form in -ed/-ing, an acronym alone (`NBC 4`,
/// a channel) nor anything with a digit.
fn subject_word(text: &str, p: &Tok) -> bool {
    let raw = &text[p.start..p.end];
    let c = core(text, p);
    let bracket = raw.ends_with(')');
    let last = raw.chars().next_back().unwrap_or(' ');
    if !(last.is_alphabetic() || bracket) || c.is_empty() {
        return false;
    }
    if c.bytes().any(|b| b.is_ascii_digit()) || comes_before_count(c) {
        return false;
    }
    let ends = |suffix: &str| {
        c.len() >= suffix.len()
            && c.as_bytes()[c.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    if ends("ed") || ends("ing") {
        return false;
    }
    let acronym = c.len() >= 2 && c.bytes().all(|b| b.is_ascii_uppercase());
    !acronym || bracket
}

/// A word a count goes on with (`26 of`, `26 to 30`, `26 cases`).
fn counted(word: &str) -> bool {
    looks_plural(word)
        || matches!(
            word,
            "of" | "to"
                | "or"
                | "and"
                | "per"
                | "percent"
                | "more"
                | "times"
                | "year"
                | "day"
                | "week"
                | "month"
                | "hour"
                | "minute"
        )
}

/// The bare day at `w[i]`, if it is one; returns the end of its token.
#[inline]
pub(super) fn check(text: &str, w: &[Tok], i: usize, out: &mut Sink) -> Option<usize> {
    let t = w[i];
    if t.cs != t.start {
        return None;
    }
    let c = core(text, &t);
    let d = day(c)?;
    let tail = &text[t.ce..t.end];
    if !matches!(tail, "" | "," | ".") {
        return None;
    }
    let prev = before(w, i, 1);
    let next = after(w, i, 1);
    let nn = after(w, i, 2);
    let pc = prev.map_or("", |p| core(text, &p));
    let nc = next.map_or("", |n| core(text, &n));
    let nnc = nn.map_or("", |n| core(text, &n));
    let word_next =
        next.is_some_and(|n| n.cs == n.start && text.as_bytes()[n.start].is_ascii_lowercase());
    let plain_prev = prev.is_some_and(|p| p.cs == p.start && p.ce == p.end);
    let why: String =
        if tail.is_empty() && plain_prev && is_reporter(pc) && word_next && !counted(nc) {
            format!("after \"{pc}\"")
        } else if tail.is_empty()
            && is_reporting_verb(nc)
            && prev.is_some_and(|p| subject_word(text, &p))
            && !looks_plural(nnc)
        {
            format!("between \"{pc}\" and the verb \"{nc}\"")
        } else if tail.is_empty()
            && nc == "local"
            && nnc.eq_ignore_ascii_case("time")
            && !comes_before_time(pc)
        {
            "before \"local time\"".into()
        } else if pc.eq_ignore_ascii_case("of")
            && before(w, i, 2).is_some_and(|p| is_part_of_day(core(text, &p)))
            && next.is_none_or(|n| {
                !month(text, &n)
                    && !matches!(nc, "to" | "and" | "or" | "through" | "-")
                    && !text.as_bytes()[n.start].is_ascii_digit()
                    && !looks_plural(nc)
            })
        {
            let part = before(w, i, 2).map_or("", |p| core(text, &p));
            format!("after \"{part} of\"")
        } else if tail.is_empty()
            && nc == "news"
            && next.is_some_and(|n| text[n.ce..n.end].starts_with([',', ':', ';', '.']))
            && prev.is_some_and(|p| subject_word(text, &p))
        {
            "before \"news\"".into()
        } else if tail == ","
            && next.is_some()
            && prev.is_some_and(|p| {
                let raw = &text[p.start..p.end];
                raw.ends_with(')')
                    && raw[..raw.len() - 1]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphabetic)
            })
        {
            "right after a closing bracket".into()
        } else {
            return None;
        };
    // Never after a month (`May 26`), a label (`Article 25`) or a number.
    if let Some(p) = prev {
        if month(text, &p) || is_label(pc) || pc.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    out.push(Finding::new(
        &META,
        t.cs..t.ce,
        format!(
            "a bare {c} {why}, as when a Chinese date's 日 is dropped: a day of the month \
             needs its month (\"July {d}\") or an ordinal (\"the {}\")",
            ordinal(d)
        ),
    ));
    Some(t.end)
}

#[cfg(test)]
mod tests {
    use super::super::tests::found;

    fn days(text: &str) -> Vec<String> {
        found(text, "numbers/bare-day")
    }

    #[test]
    fn bare_days_are_reported() {
        for (text, day) in [
            (
                "Shanghai, July 9 (Xinhua) The reporter 9 learned from the port that",
                "9",
            ),
            (
                "the correspondent 30 from the county office learned that",
                "30",
            ),
            (
                "The city's water utility 12 issued a notice on Friday.",
                "12",
            ),
            (
                "Radio Free Asia (RFA) 4 reported that the talks ended.",
                "4",
            ),
            ("The bureau 17 said that the road was closed.", "17"),
            ("On the afternoon of 25 local time, a bus overturned.", "25"),
            ("a bus overturned on 25 local time near the pass.", "25"),
            ("In the early morning of 26, a car left the road.", "26"),
            (
                "The finance department 26 news, the province issued funds.",
                "26",
            ),
            (
                "Dalian, June 3 (Reporter Li Wei) 2, 30 projects were signed.",
                "2",
            ),
        ] {
            assert_eq!(days(text), [day], "{text}");
        }
    }

    #[test]
    fn numbers_that_are_not_bare_days_pass() {
        for text in [
            "Article 25 says the council must meet; Route 66 runs west.",
            "He lives at No. 3, in Room 5 on Level 4 of Chapter 12.",
            "The meeting opened at 8 o'clock with 26 people, aged 26 to 30.",
            "It was held on May 26, and again on the 26th.",
            "Flight 37 landed and the team won 3-1 in Game 7.",
            "Of the 30 passengers, 26 said they were fine.",
            "The remaining 26 reported no symptoms.",
            "The reporter 26 years ago learned to fly.",
            "The company's 24 stores issued coupons.",
            "The clinic (north wing) 17 confirmed cases came in.",
            "The province reported 17 confirmed cases.",
            "NBC 4 reported the fire; Channel 9 said it spread.",
            "The plane landed at 10 local time.",
            "On the night of 25 to 26 May the river rose.",
            "On the evening of 3 concerts the hall was full.",
            "The 2 news agencies reported it.",
            "It rose by 26, then by 30.",
            "Xinhua 26 reporters and 30 editors covered the games.",
            "The curly “reporter” 26 quote ends here.",
            "Windows 10 released a patch; Formula 1 announced the calendar.",
        ] {
            assert!(days(text).is_empty(), "{text}: {:?}", days(text));
        }
    }

    #[test]
    fn message_says_why() {
        let f = super::super::tests::findings("The reporter 26 learned from the office.");
        let m = &f
            .iter()
            .find(|f| f.rule == "numbers/bare-day")
            .unwrap()
            .message;
        assert!(m.contains("bare 26 after \"reporter\""), "{m}");
        assert!(m.contains("the 26th"), "{m}");
        assert_eq!(super::ordinal(1), "1st");
        assert_eq!(super::ordinal(12), "12th");
        assert_eq!(super::ordinal(22), "22nd");
        assert_eq!(super::ordinal(23), "23rd");
        assert_eq!(super::ordinal(31), "31st");
    }
}
