//! `numbers/` rules: numbers damaged by scraping or machine translation.
//!
//! One streaming pass over whitespace-separated tokens (a small window of
//! tokens before and after the current one, so a 50 MB line costs no more
//! memory than a short one) finds glued digits, adjacent numbers, mangled
//! dates and split magnitudes; a few anchored regexes, run once over the
//! text, find implausible percentages.

use std::sync::LazyLock;

use regex::Regex;

use super::{Ctx, Example, RuleMeta, Sink};
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::scan::swar;

pub(crate) const GLUED_DIGITS: RuleMeta = RuleMeta {
    id: "numbers/glued-digits",
    default_severity: Severity::Warning,
    summary: "Digits glued to a word, often the lost decimal of a split number",
    explanation: include_str!("numbers/glued_digits.md").trim_ascii_end(),
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

pub(crate) const IMPLAUSIBLE_PERCENTAGE: RuleMeta = RuleMeta {
    id: "numbers/implausible-percentage",
    default_severity: Severity::Warning,
    summary: "A percentage or percentage-point change that cannot be right",
    explanation: include_str!("numbers/implausible_percentage.md").trim_ascii_end(),
    bad: &[
        Example::text("by 224 percentage points"),
        Example::text("accounting for 130% of the province"),
    ],
    good: &[
        Example::text("by 2.24 percentage points"),
        Example::text("increased by 150%"),
        Example::text("reached 130% of the annual target"),
    ],
};

pub(crate) const ADJACENT_NUMBERS: RuleMeta = RuleMeta {
    id: "numbers/adjacent-numbers",
    default_severity: Severity::Warning,
    summary: "Two bare numbers side by side with nothing between them",
    explanation: include_str!("numbers/adjacent_numbers.md").trim_ascii_end(),
    bad: &[Example::text("cultivate 1 10 billion enterprises")],
    good: &[
        Example::text("20 GW"),
        Example::text("10 000 tons"),
        Example::text("July 16 2012"),
        Example::text("12 consecutive months"),
        Example::text("1-10 billion"),
    ],
};

pub(crate) const MANGLED_DATE: RuleMeta = RuleMeta {
    id: "numbers/mangled-date",
    default_severity: Severity::Warning,
    summary: "A date whose month and day became two bare numbers",
    explanation: include_str!("numbers/mangled_date.md").trim_ascii_end(),
    bad: &[Example::text("9 6, the provincial government met")],
    good: &[
        Example::text("September 6, the provincial government met"),
        Example::text("On 9 6-person teams, ..."),
    ],
};

pub(crate) const SPLIT_MAGNITUDE: RuleMeta = RuleMeta {
    id: "numbers/split-magnitude",
    default_severity: Severity::Info,
    summary: "A magnitude spelled in pieces, such as 7 billion 500 million",
    explanation: include_str!("numbers/split_magnitude.md").trim_ascii_end(),
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

pub const RULES: &[&RuleMeta] = &[
    &GLUED_DIGITS,
    &IMPLAUSIBLE_PERCENTAGE,
    &ADJACENT_NUMBERS,
    &MANGLED_DATE,
    &SPLIT_MAGNITUDE,
];

/// A whitespace-separated token. `core` drops surrounding quotes, brackets
/// and sentence punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tok {
    start: usize,
    end: usize,
    cs: usize,
    ce: usize,
    /// A line break lies between this token and the one before.
    nl_before: bool,
    /// The token holds an ASCII digit (in its core: the trimmed
    /// punctuation has none). Every rule here starts at such a token.
    has_digit: bool,
}

/// The chars [`trim_leading`] and [`trim_trailing`] take off a token's
/// ends (their definition, for the tests).
#[cfg(test)]
const LEADING: &[char] = &['(', '"', '\'', '“', '‘', '[', '«'];
#[cfg(test)]
const TRAILING: &[char] = &[
    ',', '.', ';', ':', '!', '?', ')', '"', '\'', '”', '’', ']', '»',
];

#[inline]
fn tok(text: &str, start: usize, end: usize, nl_before: bool, has_digit: bool) -> Tok {
    let b = text.as_bytes();
    // Fast path: most tokens start and end with a letter or digit.
    let plain_start = b[start].is_ascii_alphanumeric();
    let plain_end = b[end - 1].is_ascii_alphanumeric() || b[end - 1] == b'%';
    let cs = if plain_start {
        start
    } else {
        trim_leading(b, start, end)
    };
    let ce = if plain_end {
        end
    } else {
        trim_trailing(b, cs, end)
    };
    Tok {
        start,
        end,
        cs,
        ce,
        nl_before,
        has_digit,
    }
}

/// Where `b[start..end]` (char boundaries of valid UTF-8) starts once
/// opening quotes and brackets are trimmed off: `str::trim_start_matches`
/// on bytes.
fn trim_leading(b: &[u8], mut start: usize, end: usize) -> usize {
    while start < end {
        start += match &b[start..end] {
            [b'(' | b'"' | b'\'' | b'[', ..] => 1,
            // “ ‘
            [0xE2, 0x80, 0x9C | 0x98, ..] => 3,
            // «
            [0xC2, 0xAB, ..] => 2,
            _ => break,
        };
    }
    start
}

/// Where `b[start..end]` ends once closing quotes and brackets and
/// sentence punctuation are trimmed off.
fn trim_trailing(b: &[u8], start: usize, mut end: usize) -> usize {
    while start < end {
        end -= match &b[start..end] {
            [.., b',' | b'.' | b';' | b':' | b'!' | b'?' | b')' | b'"' | b'\'' | b']'] => 1,
            // ’ ”
            [.., 0xE2, 0x80, 0x99 | 0x9D] => 3,
            // »
            [.., 0xC2, 0xBB] => 2,
            _ => break,
        };
    }
    end
}

/// Calls `f` for each whitespace-separated token of `text`, in order
/// (the text's start counts as a line break).
#[cfg(test)]
fn tokens(text: &str, mut f: impl FnMut(Tok)) {
    let mut first = true;
    tokens_from(text, 0, |mut t| {
        t.nl_before |= std::mem::take(&mut first);
        f(t);
        true
    });
}

/// Tokens the rules look at before a token with a digit: `glued` walks
/// back at most 6 from a word with digits glued on; every other rule looks
/// at the one before. After it, `split_magnitude` reads 3 ahead. No rule
/// looks past the token's line.
const GLUED_BEHIND: usize = 6;
const AHEAD: usize = 3;
/// The window the every-token oracle keeps, trimmed to its tail.
#[cfg(test)]
const BEHIND: usize = 8;

/// The char that ends at byte `i` of `text` (a char boundary), with its
/// start; ASCII without decoding.
#[inline]
fn char_before(text: &str, i: usize) -> Option<(usize, char)> {
    let b = *text.as_bytes().get(i.checked_sub(1)?)?;
    if b < 0x80 {
        return Some((i - 1, b as char));
    }
    let c = text[..i].chars().next_back()?;
    Some((i - c.len_utf8(), c))
}

/// The start of the token before the one starting at `at`, on the same
/// line; `None` when `at` starts its line's first token.
fn previous_token_start(text: &str, at: usize) -> Option<usize> {
    let mut i = at;
    // The blanks between the two tokens, not crossing a line break.
    loop {
        let (start, c) = char_before(text, i)?;
        if c == '\n' {
            return None;
        }
        if !c.is_whitespace() {
            break;
        }
        i = start;
    }
    while let Some((start, c)) = char_before(text, i) {
        if c.is_whitespace() {
            break;
        }
        i = start;
    }
    Some(i)
}

/// The start of the token holding byte `at` (just past the whitespace
/// before it, or the text's start).
fn token_start(text: &str, at: usize) -> usize {
    let mut i = at;
    while let Some((start, c)) = char_before(text, i) {
        if c.is_whitespace() {
            break;
        }
        i = start;
    }
    i
}

/// Whether the token starting at `at` is the first of its line.
fn first_on_line(text: &str, at: usize) -> bool {
    let mut i = at;
    while let Some((start, c)) = char_before(text, i) {
        if c == '\n' {
            return true;
        }
        if !c.is_whitespace() {
            return false;
        }
        i = start;
    }
    true
}

/// The findings of one paragraph (every rule here is local to a line or a
/// comma-free stretch of a paragraph).
pub fn local(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    check_text(ctx.text, &mut out);
    out
}

fn check_text(text: &str, out: &mut Sink) {
    let bytes = text.as_bytes();
    // Every rule here starts at a token with a digit and looks only at a
    // few tokens around it on its line, so only those are read, for each
    // token with a digit in turn: most of an article is never tokenised.
    let mut skip_until = 0usize;
    let mut win: Vec<Tok> = Vec::with_capacity(GLUED_BEHIND + 1 + AHEAD);
    let mut from = 0;
    while let Some(d) = swar::next_digit(bytes, from) {
        let start = token_start(text, d);
        let Some(t) = (Tokens {
            text,
            at: start,
            nl: false,
        })
        .next() else {
            break;
        };
        from = t.end.max(d + 1);
        let behind = if glued_parts(core(text, &t)).is_some() {
            GLUED_BEHIND
        } else {
            1
        };
        // The tokens before it on its line, then it and those after it.
        let (mut first, mut back) = (start, 0);
        while back < behind {
            match previous_token_start(text, first) {
                Some(p) => (first, back) = (p, back + 1),
                None => break,
            }
        }
        let before = Tokens {
            text,
            at: first,
            nl: back < behind || first_on_line(text, first),
        };
        let after = Tokens {
            text,
            at: t.end,
            nl: false,
        };
        win.clear();
        win.extend(before.take(back));
        // The walk back stops short only at its line's start: the token
        // is first on its line exactly when none was found before it.
        win.push(Tok {
            nl_before: back == 0,
            ..t
        });
        win.extend(after.take(AHEAD).take_while(|t| !t.nl_before));
        at(text, &win, back, &mut skip_until, out);
    }
    percentages(text, out);
}

/// The whitespace-separated tokens of a text from a token start on, found
/// eight bytes at a time.
struct Tokens<'a> {
    text: &'a str,
    /// Where reading goes on.
    at: usize,
    /// A line break lies between the last token read and `at`.
    nl: bool,
}

impl Iterator for Tokens<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        let text = self.text;
        let b = text.as_bytes();
        let n = b.len();
        let mut i = self.at;
        // The whitespace before the token.
        loop {
            let c = *b.get(i)?;
            let len = if c < 0x80 {
                if !is_ascii_space(c) {
                    break;
                }
                self.nl |= c == b'\n';
                1
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                if !ch.is_whitespace() {
                    break;
                }
                ch.len_utf8()
            };
            i += len;
        }
        let start = i;
        let mut digit = false;
        loop {
            // Printable ASCII eight bytes at a time (the zeros past the end
            // stop the run there).
            let chunk = swar::load_chunk(b, i);
            let stop = swar::blank_or_beyond_ascii(chunk);
            // (No stop: 64 trailing zeros, a run of eight.)
            let run = stop.trailing_zeros() as usize / 8;
            digit |= swar::digits(chunk) & swar::first_bytes(run) != 0;
            i += run;
            if run == 8 {
                continue;
            }
            if i >= n {
                i = n;
                break;
            }
            let c = b[i];
            let len = if c < 0x80 {
                if is_ascii_space(c) {
                    break;
                }
                1
            } else {
                let ch = text[i..].chars().next().unwrap_or(' ');
                if ch.is_whitespace() {
                    break;
                }
                ch.len_utf8()
            };
            i += len;
        }
        self.at = i;
        let nl = std::mem::take(&mut self.nl);
        Some(tok(text, start, i, nl, digit))
    }
}

/// An ASCII byte `char::is_whitespace` accepts.
fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Calls `f` for each token from byte `from` (a token start or blank) on,
/// in order, until `f` returns false. The first token's `nl_before` says
/// only whether a line break lies between `from` and it. The plain
/// definition that [`Tokens`] must follow.
#[cfg(test)]
fn tokens_from(text: &str, from: usize, mut f: impl FnMut(Tok) -> bool) {
    let b = text.as_bytes();
    let mut start = None;
    let mut nl = false;
    let mut digit = false;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        let (ws, len) = if c < 0x80 {
            (matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c), 1)
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            (ch.is_whitespace(), ch.len_utf8())
        };
        if ws {
            if let Some(s) = start.take() {
                if !f(tok_by_chars(text, s, i, nl, digit)) {
                    return;
                }
                nl = false;
            }
            if c == b'\n' {
                nl = true;
            }
        } else {
            if start.is_none() {
                start = Some(i);
                digit = false;
            }
            digit |= c.is_ascii_digit();
        }
        i += len;
    }
    if let Some(s) = start {
        f(tok_by_chars(text, s, text.len(), nl, digit));
    }
}

/// [`tok`] by its definition: the core is what trimming [`LEADING`] and
/// [`TRAILING`] leaves.
#[cfg(test)]
fn tok_by_chars(text: &str, start: usize, end: usize, nl_before: bool, has_digit: bool) -> Tok {
    let raw = &text[start..end];
    let cs = end - raw.trim_start_matches(LEADING).len();
    let ce = cs + text[cs..end].trim_end_matches(TRAILING).len();
    Tok {
        start,
        end,
        cs,
        ce,
        nl_before,
        has_digit,
    }
}

/// The check as it was before windows: every token of the text, in
/// order. The windowed [`check`] must report exactly the same.
#[cfg(test)]
fn check_every_token(text: &str, out: &mut Sink) {
    // A window of recent tokens; trimmed to its tail now and then, so the
    // cost stays linear and the memory small.
    const CAP: usize = 1024;
    let mut win: Vec<Tok> = Vec::with_capacity(CAP);
    let mut skip_until = 0usize;
    tokens(text, |t| {
        if win.len() == CAP {
            win.drain(..CAP - (BEHIND + AHEAD));
        }
        win.push(t);
        if win.len() > AHEAD {
            let i = win.len() - 1 - AHEAD;
            if win[i].has_digit {
                at(text, &win, i, &mut skip_until, out);
            }
        }
    });
    let n = win.len();
    for i in n.saturating_sub(AHEAD)..n {
        if win[i].has_digit {
            at(text, &win, i, &mut skip_until, out);
        }
    }
    percentages(text, out);
}

fn core<'a>(text: &'a str, t: &Tok) -> &'a str {
    &text[t.cs..t.ce]
}

fn is_int(s: &str) -> bool {
    !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A plain number: digits with at most one decimal part.
fn is_number(s: &str) -> bool {
    match s.split_once('.') {
        Some((a, b)) => is_int(a) && is_int(b),
        None => is_int(s),
    }
}

/// The token is nothing but a number (no quotes, brackets or punctuation).
fn bare_number(text: &str, t: &Tok) -> bool {
    t.cs == t.start && t.ce == t.end && is_number(core(text, t))
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn is_month(s: &str) -> bool {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    s.len() >= 3
        && MONTHS
            .iter()
            .any(|m| *m == s || (s.len() <= 4 && m.starts_with(s.as_str())))
}

/// Words after which two numbers are labels and values (`Room 3 12`).
const LABELS: &[&str] = &[
    "no", "no.", "number", "table", "figure", "fig", "fig.", "article", "section", "chapter",
    "room", "line", "route", "phase", "grade", "class", "page", "item", "bus", "flight",
    "platform", "gate", "building", "unit", "lot", "block", "tel", "tel.", "phone", "fax", "score",
    "scores",
];

/// Words before a year that dates what follows (`in 2023 3 million`).
const YEAR_PREPS: &[&str] = &[
    "in",
    "by",
    "since",
    "during",
    "until",
    "till",
    "before",
    "after",
    "from",
    "of",
    "for",
    "through",
    "throughout",
    "early",
    "late",
    "mid",
];

/// Words a glued-digit check leaves alone: product and code names.
const GLUED_OK: &[&str] = &[
    "covid", "sars", "iphone", "ipad", "utf", "sha", "ipv", "html", "mpeg", "wifi", "win", "xbox",
    "windows", "http", "css", "web", "pixel", "galaxy", "top",
];

fn at(text: &str, w: &[Tok], i: usize, skip_until: &mut usize, out: &mut Sink) {
    let t = w[i];
    let next = |k: usize| w.get(i + k).filter(|n| !n.nl_before);
    let prev = if t.nl_before || i == 0 {
        None
    } else {
        Some(w[i - 1])
    };
    glued(text, w, i, out);
    if t.start < *skip_until {
        return;
    }
    if let Some(end) = split_magnitude(text, w, i, out) {
        *skip_until = end;
        return;
    }
    // Two bare numbers side by side.
    let Some(t2) = next(1).copied() else { return };
    if !bare_number(text, &t) || t2.cs != t2.start || !is_number(core(text, &t2)) {
        return;
    }
    let (a, b) = (core(text, &t), core(text, &t2));
    let after_b = &text[t2.ce..t2.end];
    // Mangled date: sentence start, `m d,`.
    let sentence_start = prev.map_or(true, |p| {
        text[p.start..p.end]
            .trim_end_matches(['"', '”', '’', '\'', ')'])
            .ends_with(['.', '!', '?'])
    });
    if sentence_start && after_b.starts_with(',') && a.len() <= 2 && b.len() <= 2 {
        let (m, d): (usize, usize) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
        if (1..=12).contains(&m) && (1..=31).contains(&d) {
            let month = MONTHS[m - 1];
            let month = format!("{}{}", month[..1].to_ascii_uppercase(), &month[1..]);
            out.push(
                Finding::new(
                    &MANGLED_DATE,
                    t.start..t2.ce + 1,
                    format!(
                        "\"{a} {b},\" looks like a date with the month and day as bare numbers"
                    ),
                )
                .with_fix(Fix::unsafe_(
                    format!("Write \"{month} {d},\""),
                    vec![Edit {
                        span: t.start..t2.ce,
                        new_text: format!("{month} {d}"),
                    }],
                )),
            );
            *skip_until = t2.end;
            return;
        }
    }
    // Digit groups: `10 000`.
    if !a.contains('.') && a.len() <= 3 && b.len() == 3 && !b.contains('.') {
        return;
    }
    // Runs of three or more numbers: tables, phone numbers.
    if prev.is_some_and(|p| is_number(core(text, &p))) {
        return;
    }
    if next(2).is_some_and(|n| n.cs == n.start && is_number(core(text, n))) {
        return;
    }
    // `In 2023 3 million people ...`: a year, then the number it dates.
    let year = a.len() == 4 && a.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y));
    if year
        && (sentence_start
            || prev.is_some_and(|p| {
                YEAR_PREPS.contains(&core(text, &p).to_ascii_lowercase().as_str())
            }))
    {
        return;
    }
    // Dates and labels.
    if prev.is_some_and(|p| {
        let c = core(text, &p);
        is_month(c) || LABELS.contains(&c.to_ascii_lowercase().as_str())
    }) {
        return;
    }
    if next(2).is_some_and(|n| is_month(core(text, n))) {
        return;
    }
    out.push(Finding::new(
        &ADJACENT_NUMBERS,
        t.start..t2.ce,
        format!("two bare numbers side by side: \"{a} {b}\"; a unit or separator may be missing"),
    ));
    *skip_until = t2.end;
}

/// `city8%`: letters (lowercase, 3+), digits (1-4), optional `%`.
fn glued_parts(s: &str) -> Option<(usize, usize)> {
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

fn glued(text: &str, w: &[Tok], i: usize, out: &mut Sink) {
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
        &GLUED_DIGITS,
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

fn magnitude(s: &str) -> Option<u32> {
    Some(match s {
        "thousand" => 3,
        "million" => 6,
        "billion" => 9,
        "trillion" => 12,
        _ => return None,
    })
}

/// `7 billion 500 million`; returns the end of the reported span.
fn split_magnitude(text: &str, w: &[Tok], i: usize, out: &mut Sink) -> Option<usize> {
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
    let mut f = Finding::new(&SPLIT_MAGNITUDE, span.clone(), msg);
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

static POINTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)([0-9]{1,9}(?:\.[0-9]+)?)[\s-]?(?:percentage|pct\.?)[\s-]+points?(?-u:\b)",
    )
    .unwrap()
});
static SHARE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:account(?:s|ed|ing)?\s+for|(?:share|proportion)\s+of|mak(?:e|es|ing)\s+up|made\s+up|representing)\s+([0-9]{1,9}(?:\.[0-9]+)?)\s?(?:%|percent(?-u:\b))",
    )
    .unwrap()
});
static SHARE_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)([0-9]{1,9}(?:\.[0-9]+)?)\s?(?:%|percent)\s+of\s+(?:the|all|total|its|their)\s+([\p{L}'’-]+(?:[ \t]+[\p{L}'’-]+){0,2})")
        .unwrap()
});

pub(crate) fn warm_up() {
    LazyLock::force(&POINTS);
    LazyLock::force(&SHARE_BEFORE);
    LazyLock::force(&SHARE_OF);
}

/// Words after `130% of the` that make it a ratio, not a share.
const RATIO_WORDS: &[&str] = &[
    "target",
    "targets",
    "plan",
    "planned",
    "level",
    "levels",
    "previous",
    "last",
    "prior",
    "same",
    "original",
    "average",
    "budget",
    "baseline",
    "benchmark",
    "normal",
    "expected",
    "quota",
    "capacity",
    "designed",
    "design",
    "year",
    "year's",
    "year’s",
    "value",
    "price",
    "cost",
    "amount",
    "figure",
    "pre",
];

fn decimal_hint(n: &str) -> String {
    let int = n.split('.').next().unwrap_or(n);
    if int.len() >= 2 && !n.contains('.') {
        format!(" (perhaps {}.{})", &int[..1], &int[1..])
    } else {
        String::new()
    }
}

/// Where `word` occurs in `text`, ignoring ASCII case.
fn find_ignore_case<'a>(text: &'a str, word: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    let bytes = text.as_bytes();
    let (lower, upper) = (word[0].to_ascii_lowercase(), word[0].to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, bytes).filter(move |&i| {
        bytes
            .get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    })
}

/// The comma-free stretches of `text` around each of `hits` (ascending),
/// each once, in text order. No percentage pattern can match across a
/// comma (none of them allows one), and a comma is not a word character
/// for their `\b`, so a pattern run over these stretches finds exactly
/// what it finds in the whole text, at a fraction of the cost.
fn comma_free_around(text: &str, hits: impl Iterator<Item = usize>) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out: Vec<Span> = Vec::new();
    for h in hits {
        if out.last().is_some_and(|s| h < s.end) {
            continue;
        }
        let start = memchr::memrchr(b',', &bytes[..h]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b',', &bytes[h..]).map_or(bytes.len(), |i| h + i);
        out.push(start..end);
    }
    out
}

/// Captures of `re` inside `stretches` of `text`, with whole-text offsets:
/// (whole match, group 1, group 2).
fn captures_in<'a>(
    re: &'a Regex,
    text: &'a str,
    stretches: &'a [Span],
) -> impl Iterator<Item = (Span, Span, Option<Span>)> + 'a {
    stretches.iter().flat_map(move |s| {
        re.captures_iter(&text[s.clone()]).map(move |c| {
            let at = |k: usize| c.get(k).map(|m| s.start + m.start()..s.start + m.end());
            (at(0).unwrap_or_default(), at(1).unwrap_or_default(), at(2))
        })
    })
}

fn percentages(text: &str, out: &mut Sink) {
    // Searchers built once: this runs once per paragraph.
    static POINT: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("point"));
    static PERCENT: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("percent"));
    if POINT.find(text.as_bytes()).is_some() {
        let stretches = comma_free_around(text, find_ignore_case(text, b"point"));
        for (m, n_span, _) in captures_in(&POINTS, text, &stretches) {
            let n = &text[n_span.clone()];
            if n.parse::<f64>().is_ok_and(|v| v > 100.0) {
                out.push(Finding::new(
                    &IMPLAUSIBLE_PERCENTAGE,
                    n_span.start..m.end,
                    format!(
                        "a change of {} percentage points is implausible; a decimal point may be lost{}",
                        n,
                        decimal_hint(n)
                    ),
                ));
            }
        }
    }
    if memchr::memchr(b'%', text.as_bytes()).is_none() && PERCENT.find(text.as_bytes()).is_none() {
        return;
    }
    // Spans already reported as shares, in text order (each regex yields
    // its matches in order), so an overlap check is a binary search.
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    // Only the first regex records (its matches come in order, so that is
    // a push); the second's matches never overlap each other.
    let mut push = |span: std::ops::Range<usize>, n: &str, record: bool, out: &mut Sink| {
        if !n.parse::<f64>().is_ok_and(|v| v > 100.0) {
            return;
        }
        let k = taken.partition_point(|t| t.end <= span.start);
        if taken.get(k).is_some_and(|t| t.start < span.end) {
            return;
        }
        if record {
            taken.push(span.clone());
        }
        out.push(Finding::new(
            &IMPLAUSIBLE_PERCENTAGE,
            span,
            format!(
                "a share of {n}% is more than the whole; a decimal point may be lost{}",
                decimal_hint(n)
            ),
        ));
    };
    let mut hits: Vec<usize> = memchr::memchr_iter(b'%', text.as_bytes())
        .chain(find_ignore_case(text, b"percent"))
        .collect();
    hits.sort_unstable();
    let stretches = comma_free_around(text, hits.into_iter());
    for (m, n, _) in captures_in(&SHARE_BEFORE, text, &stretches) {
        push(m, &text[n], true, out);
    }
    for (m, n, word) in captures_in(&SHARE_OF, text, &stretches) {
        if text[word.unwrap_or_default()]
            .split_whitespace()
            .any(|w| RATIO_WORDS.contains(&w.to_lowercase().as_str()))
        {
            continue;
        }
        push(m, &text[n], false, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn whole(re: &Regex, text: &str) -> Vec<(Span, Span, Option<Span>)> {
        re.captures_iter(text)
            .map(|c| {
                let at = |k: usize| c.get(k).map(|m| m.range());
                (at(0).unwrap(), at(1).unwrap(), at(2))
            })
            .collect()
    }

    /// Running each pattern over the comma-free stretches around its
    /// anchors finds exactly what running it over the whole text finds.
    fn stretches_find_everything(text: &str) {
        let points = comma_free_around(text, find_ignore_case(text, b"point"));
        let in_points: Vec<_> = captures_in(&POINTS, text, &points).collect();
        assert_eq!(in_points, whole(&POINTS, text), "{text:?}");
        let mut hits: Vec<usize> = memchr::memchr_iter(b'%', text.as_bytes())
            .chain(find_ignore_case(text, b"percent"))
            .collect();
        hits.sort_unstable();
        let shares = comma_free_around(text, hits.into_iter());
        for re in [&*SHARE_BEFORE, &*SHARE_OF] {
            let found: Vec<_> = captures_in(re, text, &shares).collect();
            assert_eq!(found, whole(re, text), "{text:?}");
        }
    }

    #[test]
    fn percentage_stretches_on_examples() {
        for text in [
            "accounting for 130% of the total output value, up 150 percentage points, 12 PERCENT of all firms",
            "making up 250 percent, of the, 300% of the previous year's level,and 400%of the whole",
            "up 120 pct. points; 7,500% of its new market share",
            "",
        ] {
            stretches_find_everything(text);
        }
        // The examples do exercise every pattern.
        let text =
            "accounting for 130% of the total, 130% of the total output, up 150 percentage points";
        for re in [&*POINTS, &*SHARE_BEFORE, &*SHARE_OF] {
            assert!(!whole(re, text).is_empty(), "{re}");
        }
    }

    proptest! {
        #[test]
        fn percentage_stretches_agree_with_whole_text(parts in proptest::collection::vec(
            prop::sample::select(vec![
                " ", ",", "\n", "130", "4.5", "%", "percent", "PERCENT", "percentage", "pct.",
                "points", "point", "-", "of", "the", "all", "total", "share", "accounted", "for",
                "making up", "market", "’s", "é",
            ]),
            0..30,
        )) {
            stretches_find_everything(&parts.join(" "));
            stretches_find_everything(&parts.concat());
        }
    }

    fn windows_match_every_token(text: &str) {
        let (mut windowed, mut every) = (Vec::new(), Vec::new());
        check_text(text, &mut windowed);
        check_every_token(text, &mut every);
        assert_eq!(format!("{windowed:?}"), format!("{every:?}"), "{text:?}");
    }

    /// The fast tokens against the plain definition, read from the start
    /// and from every token start.
    fn tokens_agree(text: &str) {
        let mut plain = Vec::new();
        tokens(text, |t| plain.push(t));
        let fast: Vec<Tok> = Tokens {
            text,
            at: 0,
            nl: true,
        }
        .collect();
        assert_eq!(fast, plain, "{text:?}");
        for t in &plain {
            let mut from_here = Vec::new();
            tokens_from(text, t.start, |t| {
                from_here.push(t);
                true
            });
            let fast: Vec<Tok> = Tokens {
                text,
                at: t.start,
                nl: false,
            }
            .collect();
            assert_eq!(fast, from_here, "{text:?} from {}", t.start);
        }
    }

    #[test]
    fn fast_tokens_on_examples() {
        for text in [
            "",
            " ",
            "7",
            "abcdefgh9 abcdefghijklmnopq12 x",
            "(“city8%”), «a» ‘b’ [c]. d;: e!? f'' g\"\" ”x“ »y« ’",
            "tab\tnl\n cr\r vt\u{b} ff\u{c} nbsp\u{a0}x\u{3000}y\u{85}z\u{2028}w",
            "ctl\u{1}x\u{1f}y\u{7f}z é中9 ,,, ... ))",
            "“‘«([‘",
            "»’”]).",
        ] {
            tokens_agree(text);
        }
    }

    /// Long stretches without a digit: many long words, one long token,
    /// many short tokens.
    const LONG_WORDS: &str = "administration consultation \
        implementation infrastructure transformation responsibilities \
        internationalisation telecommunications representatives \
        characteristically environmentalists extraordinarily \
        counterproductive misunderstandings disproportionately \
        intercontinental";
    const LONG_TOKEN: &str = "https://example.com/news/archive/articles/the-provincial-\
        government-signed-a-cooperation-agreement-with-the-municipal-committee-on-the-\
        construction-of-the-new-energy-industrial-park-and-the-supporting-logistics-hub-\
        along-the-river-in-the-northern-district-of-the-city-index.html";
    const MANY_TOKENS: &str = "a b c d e f g h i j k l m n o p q r s t u v w x y z \
        a b c d e f g h i j k l m n o p q r s t u v w x y z \
        a b c d e f g h i j k l m n o p q r s t u v w x y z";

    #[test]
    fn windowed_check_on_examples() {
        for text in [
            // Long tokens between the tokens with digits.
            format!("the city8% a b c d {LONG_TOKEN} 5 6").as_str(),
            format!("the city8% a b c d\n{LONG_TOKEN} 5 6").as_str(),
            format!("city8% 12 {LONG_WORDS} 7 billion 500 million {LONG_WORDS}, 9 6, x").as_str(),
            format!("1 2 {MANY_TOKENS} 7 billion 500 million {MANY_TOKENS} 3 4\n{LONG_WORDS}4").as_str(),
            format!("{LONG_WORDS}\n5 6, {MANY_TOKENS}{LONG_WORDS} city8% 97 to the city8%").as_str(),
            "the added value of 38 billion yuan, accounting 63 of the county4% of the total",
            "9 6, the provincial government signed. Room 3 12 and 7 billion 500 million yuan",
            "in 2023 3 million people\n12 5, then\n\n 4 5 6 and 10 000 and city8% city8",
            "a b c d e f g h i j 1 2\u{a0}3 k\u{3000}l 7 billion 500 million 2 billion 1500 million",
            // The split decimal six tokens back and seven; a glued word
            // first on its line, after a line break, after blanks only.
            "contributing 97 to the benefit of the city8% and 12 a b c d e f town9%",
            "97 a b c d e f city8%\n97\ncity8% 12 x\n  \u{a0}town5% 3",
            "city8%",
            " 5 city8",
            "",
            "42",
        ] {
            windows_match_every_token(text);
        }
        let mut found = Vec::new();
        check_text(
            "contributing 97 to the city8% and 7 billion 500 million",
            &mut found,
        );
        assert_eq!(found.len(), 2, "{found:?}");
    }

    /// The helpers' char-by-char definitions.
    fn token_start_chars(text: &str, at: usize) -> usize {
        text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8())
    }

    fn first_on_line_chars(text: &str, at: usize) -> bool {
        text[..at]
            .chars()
            .rev()
            .find(|&c| c == '\n' || !c.is_whitespace())
            .is_none_or(|c| c == '\n')
    }

    fn helpers_agree(text: &str) {
        let bytes = text.as_bytes();
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_eq!(
                swar::next_digit(bytes, at),
                bytes[at..]
                    .iter()
                    .position(u8::is_ascii_digit)
                    .map(|k| at + k),
                "next digit from {at} in {text:?}"
            );
            assert_eq!(
                token_start(text, at),
                token_start_chars(text, at),
                "{text:?} {at}"
            );
            assert_eq!(
                first_on_line(text, at),
                first_on_line_chars(text, at),
                "{text:?} {at}"
            );
        }
    }

    #[test]
    fn byte_helpers_on_examples() {
        for text in [
            "",
            "7",
            "abcdefgh9",
            "abcdefghijklmnop",
            "/:09\u{80}é9\u{a0}x 1",
            "a\u{3000}b\n \u{2028}c 12\u{85}d",
            "\u{ff}\u{19}\u{39}\u{30}\u{2f}\u{3a}",
        ] {
            helpers_agree(text);
        }
    }

    proptest! {
        #[test]
        fn windowed_check_matches_every_token(parts in proptest::collection::vec(
            prop::sample::select(vec![
                "1", "12", "97", "2023", "10", "000", "3.5", "city8%", "town12", "billion",
                "million", "thousand", "March", "Room", "in", "the", "of", "to", "and", ",", ".",
                "%", "(", ")", "\"", "\n", "\n\n", "\u{a0}", "\u{3000}", "“", "é", "word",
                // Long stretches without digits.
                LONG_WORDS, MANY_TOKENS, LONG_TOKEN,
            ]),
            0..60,
        )) {
            windows_match_every_token(&parts.join(" "));
            windows_match_every_token(&parts.concat());
        }

        #[test]
        fn fast_tokens_follow_their_definition(
            text in "[ -~\u{0}-\u{1f}\u{7f}\u{80}-\u{ff}\u{a0}\u{3000}\u{85}\u{2028}“”‘’«»\n\t0-9é中]{0,60}"
        ) {
            tokens_agree(&text);
        }

        #[test]
        fn byte_helpers_agree_with_chars(text in "[ -~\u{80}-\u{ff}\u{a0}\u{3000}\u{85}\n\t0-9é中]{0,40}") {
            helpers_agree(&text);
        }
    }
}
