//! `boilerplate/credit-line`: a reporter, editor or correspondent credit,
//! on a line of its own or in parentheses ending a paragraph.
use std::sync::LazyLock;

use regex::Regex;

use super::Local;
use crate::base::finding::{Edit, Finding, Fix, Severity};
use crate::base::text::Span;
use crate::rules::{Ctx, Example, Placed, RuleMeta, Sink};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "boilerplate/credit-line",
    source: file!(),
    default_severity: Severity::Info,
    summary: "A reporter, editor or correspondent credit",
    explanation: include_str!("credit_line.md").trim_ascii_end(),
    bad: &[
        Example::text("Responsible editor: Li Ming"),
        Example::text("The plant opened in May. (Reporter Li Ming)"),
    ],
    good: &[Example::text("The editor of the paper, Li Ming, resigned.")],
};

/// Its built-in whole-line patterns, tried on the trimmed line with case
/// ignored, in this order, as part of the family's one pattern set
/// (`patterns.rs`).
pub(super) const PATTERNS: &[&str] = &[
    r"^(?:responsible editor|editor in charge|executive editor|chief editor|duty editor|editors?|reporters?|correspondents?|authors?|photographers?|photos?|translators?|proofreaders?|proofreading|reviewers?|compilers?|edited by|written by|photo by|translated by)\s*[:：|].{1,80}$",
    r"^\[(?:responsible editor|editor|reporter|correspondent)\s*[:：].{1,60}\]$",
];

/// The message of its line findings.
pub(super) const MESSAGE: &str = "credit line: site furniture, not article text";
static CREDIT_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\((?:reporters?|correspondents?|(?:responsible |executive )?editors?|photo(?:graph)?s? by|text by|written by|photographers?|by reporters?)(?-u:\b)[^()\n]{0,120}\)[.。]?$",
    )
    .unwrap()
});

pub(super) fn warm_up() {
    LazyLock::force(&CREDIT_PAREN);
}

/// Words that name who made or supplied the text or picture.
const ROLES: &[&str] = &[
    "reporter",
    "reporters",
    "journalist",
    "journalists",
    "correspondent",
    "correspondents",
    "photographer",
    "photographers",
    "cameraman",
    "stringer",
    "intern",
    "interns",
    "editor",
    "editors",
];
/// Words that name a picture or clip, and the cues that say who supplied it.
const MEDIA: &[&str] = &[
    "photo",
    "photos",
    "photograph",
    "image",
    "images",
    "picture",
    "pictures",
    "poster",
    "posters",
    "video",
    "footage",
    "graphic",
    "illustration",
];
const SUPPLIED: &[&str] = &[
    "by", "courtesy", "provided", "supplied", "source", "credit", "from", "comes",
];
/// Verbs of reported news: a line with one is a sentence about the
/// reporter (`The reporter learned that ...`), not a credit.
const NEWS_VERBS: &[&str] = &[
    "learned",
    "learnt",
    "said",
    "says",
    "told",
    "asked",
    "saw",
    "found",
    "noted",
    "visited",
    "interviewed",
    "shows",
    "showed",
    "show",
    "went",
    "sparked",
    "was",
    "were",
    "is",
    "are",
];
/// Credits are short: a longer line is article text, except a credit in
/// parentheses listing several staff.
const MAX_CREDIT_WORDS: usize = 16;
const MAX_PAREN_CREDIT_WORDS: usize = 40;

/// Why a standalone one-line paragraph is a credit, by its shape: a staff
/// role among mostly capitalised words (`CCTV reporter Zhang Gang`,
/// `(Journalist: Qiu Wei)`), a picture or clip and who supplied it
/// (`Photo courtesy of the city museum`, `(Video source: ...)`), or a
/// byline (`By Zhang Gang, Evening News`). Machine translation renders one
/// credit in many ways, so the vocabulary is of roles and cues, not fixed
/// phrases.
pub(super) fn credit_shape(line: &str) -> bool {
    let t = line.trim();
    // Most paragraphs are long sentences: count their words before
    // allocating anything.
    let limit = if t.starts_with(['(', '（', '[']) {
        MAX_PAREN_CREDIT_WORDS
    } else {
        MAX_CREDIT_WORDS
    };
    if t.len() > limit * 24 || t.split_ascii_whitespace().nth(limit).is_some() {
        return false;
    }
    let inner = t
        .strip_prefix(['(', '（', '['])
        .and_then(|x| x.strip_suffix([')', '）', ']']))
        .map(str::trim);
    let parenthesised = inner.is_some();
    let body = inner.unwrap_or(t);
    let words: Vec<&str> = body
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .collect();
    let max = if parenthesised {
        MAX_PAREN_CREDIT_WORDS
    } else {
        MAX_CREDIT_WORDS
    };
    if words.is_empty() || words.len() > max {
        return false;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let has = |list: &[&str]| lower.iter().any(|w| list.contains(&w.as_str()));
    if has(NEWS_VERBS) || body.contains(['?', '!', '？', '！']) {
        return false;
    }
    let sentence = !parenthesised && body.ends_with(['.', '。']);
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    // A role among names: most words capitalised, no closing full stop.
    let reported_by = lower.windows(2).any(|w| {
        matches!(w[0].as_str(), "reported" | "report" | "reporting")
            && matches!(w[1].as_str(), "by" | "from")
    });
    if (has(ROLES) || reported_by) && !sentence && capitalised * 2 >= words.len() {
        return true;
    }
    // A picture or clip first, and who supplied it.
    let media_first = lower.iter().take(3).any(|w| MEDIA.contains(&w.as_str()));
    if media_first && has(SUPPLIED) && words.len() <= MAX_CREDIT_WORDS {
        return true;
    }
    // A byline: `By` and a few capitalised words, no digits, no full stop.
    lower[0] == "by"
        && !sentence
        && words.len() <= 8
        && words.len() >= 3
        && words[1].chars().next().is_some_and(char::is_uppercase)
        && !body.chars().any(|c| c.is_ascii_digit())
        && capitalised * 3 >= words.len() * 2
}

#[cfg(test)]
mod shape_tests {
    use super::credit_shape;

    #[test]
    fn credits_by_their_shape() {
        for line in [
            "CCTV reporter Zhang Gang",
            "Reporter Nie Qing",
            "Harbour Daily - City News Network reporter Li Ming correspondent Wang Fang",
            "(Journalist: Qiu Wei)",
            "(Reported by our reporters Li Ming, Wang Fang, Zhao Lei and Chen Hua)",
            "Photo by Li Ming, Harbour News reporter",
            "Image courtesy of the Harbour Railway Bureau",
            "Photo provided by the city museum",
            "The picture comes from the official website of the Harbour Choir.",
            "Poster provided by the producer",
            "(Video source: the city council)",
            "By Zhang Gang, Evening News",
            "Reported by: Zhang Gang",
        ] {
            assert!(credit_shape(line), "{line}");
        }
        for line in [
            "The reporter learned from the city council that the bridge will open.",
            "The picture shows the construction site of the tunnel.",
            "Image of the opened tunnel.",
            "The driver was detained by the police.",
            "By 2007 and 2008, the river became a ditch.",
            "The picture went online and sparked controversy.",
            "Reporters without borders condemn the arrests",
            "The editor of the evening paper, Li Hua, called the bridge a turning point.",
            "Jack Ma summoned by a court?",
            "At the event, the promotional video was played by the organisers on a loop.",
        ] {
            assert!(!credit_shape(line), "{line}");
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Credit {
    /// The parenthetical.
    pub(super) span: Span,
    /// Where the deletion starts (blanks before the parenthetical).
    pub(super) start: usize,
    /// Where it ends when the sentence before keeps its own period (past
    /// a final period) and when it does not (at the closing parenthesis).
    pub(super) end_with_period: usize,
    pub(super) end_at_paren: usize,
}

/// A credit in parentheses at the end of paragraph `para`.
pub(super) fn credit(para: &str) -> Option<Credit> {
    if !para.trim_end().ends_with([')', '.', '。']) {
        return None;
    }
    let tail = para.trim_end();
    // The last `(` of the paragraph, not far from its end.
    let from = tail.len().saturating_sub(140);
    let open = memchr::memrchr(b'(', &tail.as_bytes()[from..]).map(|i| from + i)?;
    if !CREDIT_PAREN.is_match(&tail[open..]) {
        return None;
    }
    // Spaces before the parenthetical go with it.
    let lead = tail[..open].len() - tail[..open].trim_end_matches([' ', '\t']).len();
    let start = open - lead;
    // `body` is ` (credit).`: spaces, parenthetical, maybe a period.
    let body = &tail[start..];
    let close = body.rfind(')').map_or(body.len(), |i| i + 1);
    Some(Credit {
        span: start + lead..start + close,
        start,
        end_with_period: start + body.len(),
        end_at_paren: start + close,
    })
}

/// The findings of the credits in parentheses that end `paragraphs`.
pub(super) fn check_credits(ctx: &Ctx, paragraphs: &[Placed<Local>], out: &mut Sink) {
    let text = ctx.text;
    // Credits in parentheses at the end of a paragraph.
    for p in paragraphs {
        let Some(c) = &p.local.credit else { continue };
        let start = p.start + c.start;
        // Keep a period the sentence needs: delete `. (credit).` down to `.`.
        let before = text[..start].trim_end();
        let remove_end = p.start
            + if before.ends_with(['.', '!', '?', '。', '"', '”']) {
                c.end_with_period
            } else {
                c.end_at_paren
            };
        out.push(
            Finding::new(
                &META,
                p.start + c.span.start..p.start + c.span.end,
                "reporter or editor credit at the end of a paragraph",
            )
            .with_fix(Fix::unsafe_(
                "Delete the credit",
                vec![Edit {
                    span: start..remove_end,
                    new_text: String::new(),
                }],
            )),
        );
    }
}
