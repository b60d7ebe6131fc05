//! `lede report --html`: one self-contained page (inline CSS and SVG, no
//! scripts, nothing fetched) with the totals, findings per rule and per
//! file as bar charts, the entity table and every finding with its line.
//!
//! Every piece of text from the articles, the config or the paths goes
//! through [`escape`]. The key numbers carry `data-` attributes so that a
//! test (or a script) can read them from the page:
//! `data-total="files|findings|fixable|fixable-unsafe|entities|entities-with-variants"`,
//! `data-severity="error" data-count="N"`, `data-rule="ID" data-count="N"`
//! (the per-rule chart), `data-file="PATH" data-count="N"` (the per-file
//! chart), `data-entity="NAME" data-variants="true|false"` (the entity
//! table) and `data-finding="ID" data-level="SEVERITY"` (each finding).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::Report;
use crate::base::finding::{Finding, Severity};
use crate::cli::entities_cmd::JsonEntity;

/// Characters of context shown before and after a span, and of the span
/// itself, on one line.
const CONTEXT: usize = 80;
const MARK_MAX: usize = 300;
/// Files shown in the per-file chart (the most findings first).
const FILE_BARS: usize = 50;
/// Characters of a chart label; longer ones keep their end (a path's
/// file name).
const LABEL_MAX: usize = 46;

/// Loudest first, as the page lists them.
const SEVERITIES: [Severity; 4] = [
    Severity::Error,
    Severity::Warning,
    Severity::Info,
    Severity::Hint,
];

/// What the page shows.
pub struct Page<'a> {
    pub report: &'a Report<'a>,
    pub entities: &'a [JsonEntity],
}

/// `s` with `& < > " '` escaped, for text and attribute values alike, and
/// control characters other than tab and line breaks replaced by U+FFFD
/// (they are not allowed in HTML text).
pub fn escape(s: &str) -> Cow<'_, str> {
    let special = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'') || (c.is_control() && !matches!(c, '\t' | '\n'))
    };
    if !s.contains(special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn sev_index(s: Severity) -> usize {
    SEVERITIES.iter().position(|x| *x == s).unwrap_or(0)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn severity_plural(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("error", "errors"),
        Severity::Warning => ("warning", "warnings"),
        Severity::Info => ("info", "infos"),
        Severity::Hint => ("hint", "hints"),
    }
}

const CSS: &str = r#"
:root { --error: #c0392b; --warning: #b9770e; --info: #2e86c1; --hint: #7f8c8d;
  --line: #d9dde3; --muted: #5f6b7a; --bg-soft: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; color: #1f2933; background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 8px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
.sub, .note { color: var(--muted); margin: 0 0 8px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
.totals { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 16px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 110px; background: var(--bg-soft); }
.card .num { display: block; font-size: 24px; font-weight: 600; }
.card .lbl { color: var(--muted); font-size: 13px; }
.card.sev-error .num { color: var(--error); } .card.sev-warning .num { color: var(--warning); }
.card.sev-info .num { color: var(--info); } .card.sev-hint .num { color: var(--hint); }
.legend { display: flex; gap: 14px; font-size: 13px; color: var(--muted); margin: 4px 0 6px; }
.legend i { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font-size: 12px; fill: #1f2933; }
svg.chart text.label { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg-soft); font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.mono { white-space: nowrap; }
tr.variants td { background: #fff8e6; }
.flag { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 9px; font-size: 12px;
  background: var(--warning); color: #fff; white-space: nowrap; }
.spelling { display: inline-block; margin: 0 8px 2px 0; }
.spelling small { color: var(--muted); }
.finding { border-left: 4px solid var(--line); padding: 4px 0 4px 12px; margin: 10px 0; }
.finding.sev-error { border-color: var(--error); } .finding.sev-warning { border-color: var(--warning); }
.finding.sev-info { border-color: var(--info); } .finding.sev-hint { border-color: var(--hint); }
.badge { display: inline-block; min-width: 62px; text-align: center; padding: 0 6px; border-radius: 4px;
  color: #fff; font-size: 12px; font-weight: 600; }
.badge.sev-error { background: var(--error); } .badge.sev-warning { background: var(--warning); }
.badge.sev-info { background: var(--info); } .badge.sev-hint { background: var(--hint); }
.loc { color: var(--muted); margin: 0 6px; }
pre.excerpt { margin: 6px 0; padding: 6px 10px; background: var(--bg-soft); border-radius: 4px;
  white-space: pre-wrap; overflow-wrap: anywhere; }
pre.excerpt .ln { color: var(--muted); user-select: none; margin-right: 10px; }
mark { background: #ffe08a; border-bottom: 2px solid var(--warning); padding: 0 1px; }
mark.empty { display: inline-block; width: 2px; height: 1.1em; vertical-align: -2px; padding: 0; background: var(--error); }
ul.notes { margin: 2px 0 0; padding-left: 18px; color: var(--muted); font-size: 13px; }
details { margin-top: 16px; color: var(--muted); }
"#;

/// Writes the page.
pub fn write(w: &mut dyn Write, page: &Page) -> io::Result<()> {
    w.write_all(render(page).as_bytes())
}

/// The page as a string.
pub fn render(page: &Page) -> String {
    let report = page.report;
    let mut out = String::with_capacity(64 * 1024 + report.total() * 1024);
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>lede report</title>\n<style>",
    );
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<main>\n<h1>lede report</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"sub\">{} checked by lede {}</p>",
        plural(report.docs.len(), "file", "files"),
        escape(crate::cli::args::VERSION)
    );
    totals(&mut out, page);
    rules_chart(&mut out, report);
    files_chart(&mut out, report);
    entity_table(&mut out, page.entities);
    findings(&mut out, report);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn card(out: &mut String, class: &str, attrs: &str, n: usize, label: &str) {
    let _ = writeln!(
        out,
        "<div class=\"card {class}\"><span class=\"num\" {attrs}>{n}</span><span class=\"lbl\">{label}</span></div>"
    );
}

fn totals(out: &mut String, page: &Page) {
    let report = page.report;
    let mut by_sev = [0usize; 4];
    let (mut safe, mut unsafe_only) = (0, 0);
    for (_, f) in report.iter() {
        by_sev[sev_index(f.severity)] += 1;
        if f.fixes.iter().any(|x| x.safe) {
            safe += 1;
        } else if !f.fixes.is_empty() {
            unsafe_only += 1;
        }
    }
    out.push_str("<section class=\"totals\" id=\"totals\">\n");
    let files = report.docs.len();
    card(out, "", "data-total=\"files\"", files, "files");
    let total = report.total();
    card(
        out,
        "",
        "data-total=\"findings\"",
        total,
        if total == 1 { "finding" } else { "findings" },
    );
    for (k, s) in SEVERITIES.iter().enumerate() {
        let (one, many) = severity_plural(*s);
        let n = by_sev[k];
        card(
            out,
            &format!("sev-{}", s.as_str()),
            &format!("data-severity=\"{}\" data-count=\"{n}\"", s.as_str()),
            n,
            if n == 1 { one } else { many },
        );
    }
    card(
        out,
        "",
        "data-total=\"fixable\"",
        safe,
        "fixable with --fix",
    );
    card(
        out,
        "",
        "data-total=\"fixable-unsafe\"",
        unsafe_only,
        "more with --unsafe-fixes",
    );
    let variants = page.entities.iter().filter(|e| e.variants).count();
    card(
        out,
        "",
        "data-total=\"entities\"",
        page.entities.len(),
        "entities",
    );
    card(
        out,
        "",
        "data-total=\"entities-with-variants\"",
        variants,
        "with disagreeing spellings",
    );
    out.push_str("</section>\n");
}

/// One bar of a chart: what it counts, by severity.
struct Bar {
    /// The `data-` attribute naming it (`rule`, `file`).
    attr: &'static str,
    key: String,
    by_sev: [usize; 4],
}

impl Bar {
    fn total(&self) -> usize {
        self.by_sev.iter().sum()
    }
}

fn legend(out: &mut String) {
    out.push_str("<div class=\"legend\">");
    for s in SEVERITIES {
        let _ = write!(
            out,
            "<span><i style=\"background:var(--{0})\"></i>{0}</span>",
            s.as_str()
        );
    }
    out.push_str("</div>\n");
}

/// A label of at most [`LABEL_MAX`] characters: a long one keeps its end.
fn short_label(s: &str) -> Cow<'_, str> {
    let n = s.chars().count();
    if n <= LABEL_MAX {
        return Cow::Borrowed(s);
    }
    let tail: String = s.chars().skip(n - (LABEL_MAX - 1)).collect();
    Cow::Owned(format!("…{tail}"))
}

/// A horizontal bar chart, one row per bar, each bar stacked by severity.
fn bar_chart(out: &mut String, bars: &[Bar]) {
    const WIDTH: usize = 960;
    const LABEL_W: usize = 380;
    const ROW: usize = 22;
    const BAR_H: usize = 14;
    let area = WIDTH - LABEL_W - 60;
    let max = bars.iter().map(Bar::total).max().unwrap_or(0).max(1);
    let height = bars.len() * ROW + 6;
    let _ = writeln!(
        out,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\">"
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i * ROW + 4;
        let total = b.total();
        let key = escape(&b.key);
        let detail: Vec<String> = SEVERITIES
            .iter()
            .zip(b.by_sev)
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {}", s.as_str()))
            .collect();
        let _ = writeln!(
            out,
            "<g data-{}=\"{key}\" data-count=\"{total}\"><title>{key}: {total} ({})</title>",
            b.attr,
            detail.join(", ")
        );
        let _ = writeln!(
            out,
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LABEL_W - 10,
            y + BAR_H - 2,
            escape(&short_label(&b.key))
        );
        let mut x = LABEL_W as f64;
        for (s, n) in SEVERITIES.iter().zip(b.by_sev) {
            if n == 0 {
                continue;
            }
            let w = n as f64 * area as f64 / max as f64;
            let _ = writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{BAR_H}\" fill=\"var(--{})\"/>",
                s.as_str()
            );
            x += w;
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{}\">{total}</text>\n</g>",
            x + 6.0,
            y + BAR_H - 2
        );
    }
    out.push_str("</svg>\n");
}

fn rules_chart(out: &mut String, report: &Report) {
    let mut by_rule: std::collections::BTreeMap<&str, [usize; 4]> = Default::default();
    for (_, f) in report.iter() {
        by_rule.entry(f.rule).or_default()[sev_index(f.severity)] += 1;
    }
    let mut bars: Vec<Bar> = by_rule
        .into_iter()
        .map(|(rule, by_sev)| Bar {
            attr: "rule",
            key: rule.to_string(),
            by_sev,
        })
        .collect();
    bars.sort_by(|a, b| b.total().cmp(&a.total()).then(a.key.cmp(&b.key)));
    out.push_str("<section id=\"rules\">\n<h2>Findings per rule</h2>\n");
    if bars.is_empty() {
        out.push_str("<p class=\"note\">No findings.</p>\n");
    } else {
        legend(out);
        bar_chart(out, &bars);
    }
    out.push_str("</section>\n");
}

fn files_chart(out: &mut String, report: &Report) {
    let mut bars: Vec<Bar> = report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, fs)| !fs.is_empty())
        .map(|(i, fs)| {
            let mut by_sev = [0; 4];
            for f in fs {
                by_sev[sev_index(f.severity)] += 1;
            }
            Bar {
                attr: "file",
                key: report.docs[i].name.clone(),
                by_sev,
            }
        })
        .collect();
    bars.sort_by(|a, b| b.total().cmp(&a.total()).then(a.key.cmp(&b.key)));
    let with = bars.len();
    let without = report.docs.len() - with;
    out.push_str("<section id=\"files\">\n<h2>Findings per file</h2>\n");
    if bars.is_empty() {
        out.push_str("<p class=\"note\">No findings.</p>\n");
    } else {
        legend(out);
        let more = with.saturating_sub(FILE_BARS);
        bars.truncate(FILE_BARS);
        bar_chart(out, &bars);
        let mut note = Vec::new();
        if more > 0 {
            note.push(format!(
                "{} with fewer findings not shown",
                plural(more, "more file", "more files")
            ));
        }
        if without > 0 {
            note.push(format!(
                "{} without findings",
                plural(without, "file", "files")
            ));
        }
        if !note.is_empty() {
            let _ = writeln!(out, "<p class=\"note\">{}.</p>", note.join("; "));
        }
    }
    out.push_str("</section>\n");
}

fn entity_table(out: &mut String, entities: &[JsonEntity]) {
    out.push_str("<section id=\"entities\">\n<h2>Entities</h2>\n");
    if entities.is_empty() {
        out.push_str("<p class=\"note\">No entities: nothing is tagged and the registry is empty.</p>\n</section>\n");
        return;
    }
    let variants = entities.iter().filter(|e| e.variants).count();
    let _ = writeln!(
        out,
        "<p class=\"note\">{}; {} with spellings that disagree (flagged).</p>",
        plural(entities.len(), "entity", "entities"),
        variants
    );
    out.push_str(
        "<table>\n<thead><tr><th>Entity</th><th>Label</th><th>ID</th><th>Source</th>\
         <th>Mentions</th><th>Untagged</th><th>Files</th><th>Spellings</th><th>First mention</th></tr></thead>\n<tbody>\n",
    );
    for e in entities {
        let name = escape(&e.name);
        let _ = write!(
            out,
            "<tr data-entity=\"{name}\" data-variants=\"{}\"{}><td>{name}{}</td>",
            e.variants,
            if e.variants {
                " class=\"variants\""
            } else {
                ""
            },
            if e.variants {
                "<span class=\"flag\" title=\"written in more than one way, or not as the registry name or an alias\">spellings disagree</span>"
            } else {
                ""
            }
        );
        let _ = write!(
            out,
            "<td>{}</td><td class=\"mono\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>",
            escape(&e.label),
            e.id.as_deref().map_or(Cow::Borrowed("–"), escape),
            e.source,
            e.mentions,
            e.untagged,
            e.files
        );
        for s in &e.spellings {
            let _ = write!(
                out,
                "<span class=\"spelling\">{} <small>×{}</small></span>",
                escape(&s.text),
                s.count
            );
        }
        out.push_str("</td><td class=\"mono\">");
        if let Some(f) = &e.first {
            let _ = write!(out, "{}:{}:{}", escape(&f.path), f.line, f.column);
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// The excerpt of `f`'s first line: the text before the span (at most
/// [`CONTEXT`] characters), the span on that line (at most [`MARK_MAX`]),
/// and the text after it, each already escaped.
fn excerpt(
    text: &str,
    line_start: usize,
    line_end: usize,
    f: &Finding,
) -> (String, String, String) {
    use crate::base::text::floor_char_boundary;
    let clamp = |x: usize, lo: usize| floor_char_boundary(text, x.clamp(lo, line_end));
    let s = clamp(f.span.start, line_start);
    let e = clamp(f.span.end, s);
    let before = &text[line_start..s];
    let before = match before.char_indices().rev().nth(CONTEXT - 1) {
        Some((k, _)) if k > 0 => format!("…{}", &before[k..]),
        _ => before.to_string(),
    };
    let take = |t: &str, n: usize| match t.char_indices().nth(n) {
        Some((k, _)) => format!("{}…", &t[..k]),
        None => t.to_string(),
    };
    let mark = take(&text[s..e], MARK_MAX);
    let after = take(&text[e..line_end], CONTEXT);
    let clean = |t: String| escape(&t.replace('\t', " ")).into_owned();
    (clean(before), clean(mark), clean(after))
}

fn findings(out: &mut String, report: &Report) {
    out.push_str("<section id=\"findings\">\n<h2>Findings</h2>\n");
    if report.total() == 0 {
        out.push_str("<p class=\"note\">No findings.</p>\n");
    }
    let mut clean = Vec::new();
    for (doc, fs) in report.findings.iter().enumerate() {
        let name = escape(&report.docs[doc].name);
        if fs.is_empty() {
            clean.push(name);
            continue;
        }
        let _ = writeln!(
            out,
            "<section class=\"file\"><h3>{name} <span class=\"loc\">{}</span></h3>",
            plural(fs.len(), "finding", "findings")
        );
        let text = report.docs[doc].text.as_str();
        let loc = &report.locators[doc];
        for f in fs {
            let j = report.json(doc, f);
            let sev = f.severity.as_str();
            let _ = writeln!(
                out,
                "<div class=\"finding sev-{sev}\" data-finding=\"{}\" data-level=\"{sev}\">\
                 <div class=\"head\"><span class=\"badge sev-{sev}\">{sev}</span> <code>{}</code>\
                 <span class=\"loc\">{}:{}</span><span class=\"msg\">{}</span></div>",
                escape(f.rule),
                escape(f.rule),
                j.line,
                j.column,
                escape(&j.message)
            );
            let content = loc.lines().line_content(text, j.line - 1);
            let (before, mark, after) = excerpt(text, content.start, content.end, f);
            let _ = writeln!(
                out,
                "<pre class=\"excerpt\"><span class=\"ln\">{}</span>{before}<mark{}>{mark}</mark>{after}</pre>",
                j.line,
                if mark.is_empty() { " class=\"empty\"" } else { "" }
            );
            if !j.fixes.is_empty() || !j.related.is_empty() {
                out.push_str("<ul class=\"notes\">");
                for fx in &j.fixes {
                    let _ = write!(
                        out,
                        "<li>fix: {} ({})</li>",
                        escape(&fx.title),
                        if fx.safe {
                            "safe, applied by --fix"
                        } else {
                            "unsafe, applied by --fix --unsafe-fixes"
                        }
                    );
                }
                for r in &j.related {
                    let _ = write!(
                        out,
                        "<li>note: <span class=\"mono\">{}:{}:{}</span>: {}</li>",
                        escape(&r.path),
                        r.line,
                        r.column,
                        escape(&r.message)
                    );
                }
                out.push_str("</ul>");
            }
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
    if !clean.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{} without findings</summary><p class=\"mono\">{}</p></details>",
            plural(clean.len(), "file", "files"),
            clean.join("<br>")
        );
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::output::Doc;

    #[test]
    fn escaping_leaves_no_markup() {
        assert_eq!(escape("plain text"), "plain text");
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{0}b\tc\n"), "a\u{FFFD}b\tc\n");
    }

    fn page_of(text: &str) -> String {
        let engine = crate::Engine::new(crate::Config::default()).unwrap();
        let docs = vec![Doc {
            name: "<b>odd name</b>.txt".into(),
            text: text.into(),
        }];
        let findings = vec![engine.check(text)];
        let report = Report::new(&docs, &findings);
        render(&Page {
            report: &report,
            entities: &[],
        })
    }

    #[test]
    fn article_text_and_names_are_escaped() {
        let page = page_of("<script>alert(1)</script> 9 14, the talks began.\n\nLeave a Reply\n");
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<b>odd"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("&lt;b&gt;odd name&lt;/b&gt;.txt"));
        assert!(page.contains("data-total=\"findings\""));
    }

    #[test]
    fn the_span_is_marked_in_its_line() {
        let page = page_of("Talks began.\n\nLeave a Reply\n");
        assert!(
            page.contains("<mark>Leave a Reply</mark>"),
            "no marked span in {page}"
        );
        assert!(page.contains("data-rule=\"boilerplate/comment-form\" data-count=\"1\""));
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = format!("{} Leave a Reply {}", "x ".repeat(5000), "y ".repeat(5000));
        let text = "a\n".to_string();
        let f = Finding::new(
            &crate::rules::boilerplate::comment_form::META,
            2 + 10001..2 + 10014,
            "m",
        );
        let full = format!("{text}{line}");
        let (b, m, a) = excerpt(&full, 2, full.len(), &f);
        assert_eq!(m, "Leave a Reply");
        assert!(b.starts_with('…') && b.chars().count() == CONTEXT + 1);
        assert!(a.ends_with('…') && a.chars().count() == CONTEXT + 1);
    }
}
