//! `numbers/` rules: numbers damaged by scraping or machine translation.
//!
//! One streaming pass over whitespace-separated tokens (a small window of
//! tokens before and after the current one, so a 50 MB line costs no more
//! memory than a short one) finds glued digits, adjacent numbers, mangled
//! dates, split magnitudes, split clock times, bare days of the month and
//! numbers cut off or left alone; a few anchored regexes, run once over
//! the text, find implausible percentages.
//!
//! Each rule's file holds its `META` and its check; `tokens.rs` reads the
//! tokens; this file runs the window pass and hands each token with a
//! digit to the rules in turn.

use super::{Ctx, RuleMeta, Sink};
use crate::base::finding::Finding;
use crate::scan::swar;
use adjacent_numbers::Pair;
use tokens::{core, first_on_line, previous_token_start, token_start, Tok, Tokens};

pub(crate) mod adjacent_numbers;
pub(crate) mod bare_day;
pub(crate) mod cut_number;
pub(crate) mod glued_digits;
pub(crate) mod implausible_percentage;
pub(crate) mod lone_number;
pub(crate) mod mangled_date;
pub(crate) mod split_magnitude;
pub(crate) mod split_time;
mod tokens;
mod words;

pub const RULES: &[&RuleMeta] = &[
    &glued_digits::META,
    &implausible_percentage::META,
    &adjacent_numbers::META,
    &mangled_date::META,
    &split_magnitude::META,
    &split_time::META,
    &bare_day::META,
    &cut_number::META,
    &lone_number::META,
];

/// Tokens the rules look at before a token with a digit: `glued` walks
/// back at most 6 from a word with digits glued on; `bare_day` looks at
/// two (`the afternoon of 25`), every other rule at the one before. After
/// it, `split_magnitude` reads 3 ahead. No rule looks past the token's
/// line.
const GLUED_BEHIND: usize = 6;
const BEHIND_ONE: usize = 2;
const AHEAD: usize = 3;

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
        let behind = if glued_digits::glued_parts(core(text, &t)).is_some() {
            GLUED_BEHIND
        } else {
            BEHIND_ONE
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
    implausible_percentage::check(text, out);
}

pub(crate) fn warm_up() {
    implausible_percentage::warm_up();
}

/// The rules at token `w[i]`, a token with a digit: a glued word always;
/// then, unless an earlier finding covers the token, the first of a split
/// magnitude, a split time, a bare day, a cut number, a lone number, a
/// mangled date and two adjacent numbers.
fn at(text: &str, w: &[Tok], i: usize, skip_until: &mut usize, out: &mut Sink) {
    let t = w[i];
    glued_digits::check(text, w, i, out);
    if t.start < *skip_until {
        return;
    }
    let end = split_magnitude::check(text, w, i, out)
        .or_else(|| split_time::check(text, w, i, out))
        .or_else(|| bare_day::check(text, w, i, out))
        .or_else(|| cut_number::check(text, w, i, out))
        .or_else(|| lone_number::check(text, w, i, out));
    if let Some(end) = end {
        *skip_until = end;
        return;
    }
    let Some(pair) = Pair::at(text, w, i) else {
        return;
    };
    let end = match mangled_date::check(text, &pair, out) {
        Some(end) => Some(end),
        None => adjacent_numbers::check(text, w, i, &pair, out),
    };
    if let Some(end) = end {
        *skip_until = end;
    }
}

/// The window the every-token oracle keeps, trimmed to its tail.
#[cfg(test)]
const BEHIND: usize = 8;

/// The check as it was before windows: every token of the text, in
/// order. The windowed [`check`] must report exactly the same.
#[cfg(test)]
fn check_every_token(text: &str, out: &mut Sink) {
    // A window of recent tokens; trimmed to its tail now and then, so the
    // cost stays linear and the memory small.
    const CAP: usize = 1024;
    let mut win: Vec<Tok> = Vec::with_capacity(CAP);
    let mut skip_until = 0usize;
    tokens::tokens(text, |t| {
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
    implausible_percentage::check(text, out);
}

/// The numbers family: numbers damaged by scraping or translation.
pub struct Numbers;

impl crate::rules::Family for Numbers {
    const NAME: &'static str = "numbers";
    const ABOUT: &'static str = "Numbers damaged by scraping or translation.";
    const RULES: &'static [&'static crate::rules::RuleMeta] = self::RULES;
    type Compiled = ();
    type Local = Vec<crate::base::finding::Finding>;
    type Features = ();
    type Index = ();

    fn compile(_config: &crate::config::Config) -> Result<(), crate::config::ConfigError> {
        Ok(())
    }
    fn warm_up() {
        self::warm_up();
    }
    #[inline]
    fn local(ctx: &crate::rules::Ctx, _words: &mut crate::rules::WordScratch) -> Self::Local {
        self::local(ctx)
    }
    fn check(
        _ctx: &crate::rules::Ctx,
        p: &[crate::rules::Placed<Self::Local>],
        _doc: &crate::rules::DocScratch,
        out: &mut crate::rules::Sink,
    ) {
        crate::rules::placed_findings(p.iter().map(|p| (p.start, &p.local[..])), out);
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::base::fix::apply_edits;
    use proptest::prelude::*;

    /// The findings of the numbers family on `text` (one paragraph).
    pub(crate) fn findings(text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        check_text(text, &mut out);
        out
    }

    /// The text each finding of `rule` covers.
    pub(crate) fn found(text: &str, rule: &str) -> Vec<String> {
        findings(text)
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| text[f.span].to_string())
            .collect()
    }

    /// `text` after the first fix of every finding of `rule`.
    pub(crate) fn fixed(text: &str, rule: &str) -> String {
        let edits = findings(text)
            .into_iter()
            .filter(|f| f.rule == rule)
            .flat_map(|f| f.fixes.into_iter().take(1).flat_map(|x| x.edits))
            .collect();
        apply_edits(text, edits)
    }

    fn windows_match_every_token(text: &str) {
        let (mut windowed, mut every) = (Vec::new(), Vec::new());
        check_text(text, &mut windowed);
        check_every_token(text, &mut every);
        assert_eq!(format!("{windowed:?}"), format!("{every:?}"), "{text:?}");
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
            // Two tokens back (`afternoon of 25`) at a line's start and after one.
            "afternoon of 25 local time\nof 25 local time, the reporter 26 learned",
            "from 20: 00 on\n20: 00 on at 8: 30 a.m. of 15.7 At the end. 28%. 9 news, x",
            "(Reporter Li) 24, 30 projects; respectively. 28%.\nrespectively.\n28%.",
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

    proptest! {
        #[test]
        fn windowed_check_matches_every_token(parts in proptest::collection::vec(
            prop::sample::select(vec![
                "1", "12", "97", "2023", "10", "000", "3.5", "city8%", "town12", "billion",
                "million", "thousand", "March", "Room", "in", "the", "of", "to", "and", ",", ".",
                "%", "(", ")", "\"", "\n", "\n\n", "\u{a0}", "\u{3000}", "“", "é", "word",
                // The words the split time, bare day, cut and lone number read.
                "reporter", "said", "local", "time", "afternoon", "20:", "00", "At", "news,",
                "(NPR)", "24,", "28%.", "respectively.", "The", "day", "at",
                // Long stretches without digits.
                LONG_WORDS, MANY_TOKENS, LONG_TOKEN,
            ]),
            0..60,
        )) {
            windows_match_every_token(&parts.join(" "));
            windows_match_every_token(&parts.concat());
        }
    }
}
