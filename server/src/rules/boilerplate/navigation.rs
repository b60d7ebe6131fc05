//! `boilerplate/navigation`: navigation, share and related-links lines.
use crate::base::finding::Severity;
use crate::rules::{Example, RuleMeta};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "boilerplate/navigation",
    source: file!(),
    default_severity: Severity::Warning,
    summary: "Navigation, share and related-links lines",
    explanation: include_str!("navigation.md").trim_ascii_end(),
    bad: &[
        Example::text("Related Pages"),
        Example::text("Share this:"),
        Example::text("Tags: economy, industry"),
        Example::text("Font: Large Medium Small"),
    ],
    good: &[Example::text(
        "Related pages of the report were published in May.",
    )],
};

/// Its built-in whole-line patterns, tried on the trimmed line with case
/// ignored, in this order, as part of the family's one pattern set
/// (`patterns.rs`).
pub(super) const PATTERNS: &[&str] = &[
    r"^related (?:pages|posts|articles|news|stories|links|reading|content)\s*:?$",
    r"^(?:previous|next|prev) (?:article|post|story|page|news)(?-u:\b)(?:\s*[:：»>].{0,150})?$",
    r"^share (?:this|this article|this story|this page|this post|on|via)\s*:?(?:\s*(?:facebook|twitter|x|weibo|wechat|email|linkedin|whatsapp|telegram|reddit)[\s,|]*)*$",
    r"^print(?: this (?:article|page|story))?$",
    r"^back to top$",
    r"^read more\s*(?:»|>>|\.\.\.|…|>)?$",
    r"^tags?\s*[:：].{0,200}$",
    r"^(?:you may also like|recommended for you|more stories|most read|popular posts)\s*:?$",
];

/// Its whole-line patterns of web-page widgets (menus, share and print
/// bars, buttons, site links, ads), generic to web pages; tried after
/// every other built-in pattern, so that they never take a line from
/// another rule.
pub(super) const PAGE_PATTERNS: &[&str] = &[
    r"^(?:print(?:er[- ]friendly)?(?: this)?(?: page| article| story| version| format)?|e-?mail (?:this(?: page| article| story)?|to a friend|a friend)|send to a friend|bookmark(?: this(?: page)?)?)$",
    r"^(?:share(?: this| it)?(?: page| article| story| post)?|tweet|like|pin it|digg(?: this)?|del\.icio\.us|reddit|stumbleupon|facebook|twitter|linkedin|google\+?|e-?mail|rss(?: feeds?)?)\s*:?$",
    r"^(?:font|text)(?: size)?\s*:?\s*(?:(?:larger|smaller|large|medium|small|bigger|normal|a\+?|a-|\+|-)\s*)+$",
    r"^(?:font|text) size\s*:?$",
    r"^page [0-9]+ of [0-9]+.{0,40}$",
    r"^(?:«|<<|<|‹)?\s*(?:previous|prev|next|older|newer)(?: (?:page|post|posts|entries|article|story))?\s*(?:»|>>|>|›)?$",
    r"^(?:(?:read|see|view|show) )?more\s*(?:»|>>|>|\.\.\.|…)?$",
    r"^(?:(?:view|see) all.{0,30}|continue reading.{0,60}|full story\s*(?:»|>>|>)?)$",
    r"^(?:search(?: this site| the site| again)?|go!?|submit|cancel|close|ok)$",
    r"^(?:home(?: ?page)?|(?:back to|return to) (?:top|home(?: ?page)?)|top(?: of (?:the )?page)?|\^ ?top)$",
    r"^(?:skip (?:directly )?to (?:main )?(?:content|navigation).{0,40}|jump to (?:navigation|content).{0,20})$",
    r"^(?:terms(?: of (?:use|service))?(?: (?:and|&) conditions)?|privacy(?: policy| statement| notice)?|contact(?: us)?|about(?: us)?|site ?map|help|faqs?|disclaimer|accessibility|careers)$",
    r"^(?:this (?:web)?site uses cookies|we use cookies).{0,200}$",
    r"^loading(?: \w+)?\s*(?:\.\.\.|…)$",
    r"^(?:related|popular|recent|latest|top|more|most (?:read|viewed|popular|emailed|commented|shared))(?: \w+)? (?:articles|stories|posts|news|links|headlines|entries|comments|videos)\s*:?$",
    r"^(?:categories|archives|blogroll|recent posts|recent comments|meta|navigation|menu|sections)\s*:?$",
    r"^(?:advertisement|advertising|advertise(?: with us| here)?|sponsored(?: links?| content)?|remove this ad)$",
];

/// The message of its line findings.
pub(super) const MESSAGE: &str = "navigation line: site furniture, not article text";
