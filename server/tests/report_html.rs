//! `lede report --html` opened in headless Chromium: the numbers on the
//! rendered page equal `lede check --format json` and `lede entities
//! --format json` on the same input, article text is shown as text (no
//! script element, nothing run), and a screenshot is written. Chromium is
//! installed by tests/run (its apt stage); without it the test says so and
//! passes, unless `CI` is set.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `chromium` on PATH; else `None` after saying why (a panic under `CI`).
fn chromium() -> Option<&'static str> {
    let ok = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some("chromium");
    }
    let msg = "skipped: no chromium on PATH (tests/run installs it with apt-get)";
    if std::env::var_os("CI").is_some() {
        panic!("{msg}; CI is set, so this is a failure");
    }
    let _ = writeln!(std::io::stderr(), "{msg}");
    None
}

fn lede(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Chromium with a profile of its own in `tmp` (runs in parallel do not
/// share one, and nothing is written to the home directory).
fn chrome(bin: &str, tmp: &Path, args: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir_in(tmp).unwrap();
    let out = Command::new(bin)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            &format!("--user-data-dir={}", profile.path().display()),
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn dump_dom(bin: &str, tmp: &Path, page: &Path) -> String {
    let url = format!("file://{}", page.display());
    String::from_utf8(chrome(bin, tmp, &["--dump-dom", &url]).stdout).unwrap()
}

/// The value of `attr` and the number after `data-count="` in every
/// element carrying `attr="..."` on the rendered page.
fn counts(dom: &str, attr: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let needle = format!("{attr}=\"");
    for (at, _) in dom.match_indices(&needle) {
        let rest = &dom[at + needle.len()..];
        let key = &rest[..rest.find('"').unwrap()];
        let tail = &rest[key.len()..];
        let tag_end = tail.find('>').unwrap();
        let c = tail[..tag_end]
            .split("data-count=\"")
            .nth(1)
            .unwrap_or_else(|| panic!("no data-count beside {attr}={key}"));
        let n = c[..c.find('"').unwrap()].parse().unwrap();
        assert!(
            out.insert(key.to_string(), n).is_none(),
            "{attr}={key} twice"
        );
    }
    out
}

/// The number in the element marked `data-total="name"`.
fn total(dom: &str, name: &str) -> usize {
    let needle = format!("data-total=\"{name}\">");
    let at = dom
        .find(&needle)
        .unwrap_or_else(|| panic!("no data-total={name}"));
    let rest = &dom[at + needle.len()..];
    rest[..rest.find('<').unwrap()].parse().unwrap()
}

/// Checks the rendered page of `dir` against the JSON outputs; returns
/// the DOM.
fn check_page(bin: &str, dir: &Path, tmp: &Path) -> String {
    let page = tmp.join("report.html");
    let page_s = page.to_str().unwrap();
    let (code, _, err) = lede(&["report", "--html", page_s, "."], dir);
    assert_eq!(code, 0, "lede report: {err}");
    assert!(err.contains("Wrote "), "{err}");
    let dom = dump_dom(bin, tmp, &page);
    assert!(dom.contains("<h1>lede report</h1>"), "not rendered: {dom}");

    let (_, json, err) = lede(&["check", "--format", "json", "."], dir);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&json).expect(&err);
    let (mut by_rule, mut by_sev, mut by_file) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for f in &findings {
        *by_rule
            .entry(f["rule"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
        *by_sev
            .entry(f["severity"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
        *by_file
            .entry(f["path"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    let fixable = findings
        .iter()
        .filter(|f| {
            f["fixes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["safe"] == true)
        })
        .count();
    assert!(!findings.is_empty());
    assert_eq!(total(&dom, "findings"), findings.len());
    assert_eq!(total(&dom, "fixable"), fixable);
    assert_eq!(counts(&dom, "data-rule"), by_rule);
    assert_eq!(counts(&dom, "data-file"), by_file);
    let sev = counts(&dom, "data-severity");
    for s in ["error", "warning", "info", "hint"] {
        assert_eq!(sev[s], by_sev.get(s).copied().unwrap_or(0), "{s}");
    }
    assert_eq!(
        dom.matches("class=\"finding ").count(),
        findings.len(),
        "one block per finding"
    );

    let (_, json, err) = lede(&["entities", "--format", "json", "."], dir);
    let entities: Vec<serde_json::Value> = serde_json::from_str(&json).expect(&err);
    assert_eq!(total(&dom, "entities"), entities.len());
    assert_eq!(dom.matches("<tr data-entity=").count(), entities.len());
    let variants = entities.iter().filter(|e| e["variants"] == true).count();
    assert_eq!(total(&dom, "entities-with-variants"), variants);
    assert_eq!(dom.matches("data-variants=\"true\"").count(), variants);
    assert_eq!(dom.matches("class=\"flag\"").count(), variants);
    // No script of its own, nothing fetched.
    assert!(!dom.contains("<script"), "a script element: {dom}");
    assert!(!dom.contains(" src=\""), "something fetched: {dom}");
    dom
}

#[test]
fn report_of_the_examples_matches_check_and_entities() {
    let Some(bin) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dom = check_page(bin, &root().join("examples"), tmp.path());
    // The examples have findings of all four severities, and the span is
    // marked in its line.
    assert!(dom.contains("<mark>Leave a Reply</mark>"), "{dom}");

    let shot = tmp.path().join("report.png");
    chrome(
        bin,
        tmp.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,2000",
            &format!("file://{}", tmp.path().join("report.html").display()),
        ],
    );
    let png = std::fs::read(&shot).expect("no screenshot written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1200, 2000));
    // A blank page compresses to a few kilobytes; this one has charts and text.
    assert!(
        png.len() > 50_000,
        "a near-empty screenshot: {} bytes",
        png.len()
    );
}

#[test]
fn article_markup_is_shown_as_text_and_never_run() {
    let Some(bin) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let payload = "<script>alert(1)</script><img src=x onerror=\"document.body.dataset.pwned=1\">";
    std::fs::write(
        dir.path().join("a.txt"),
        format!(
            "{payload} 9 14, the [<script>alert(1)</script>]{{ORG}} group signed.\n\nLeave a Reply\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("b.txt"), "Talks began on Monday.\n").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dom = check_page(bin, dir.path(), tmp.path());
    assert!(!dom.contains("pwned=\""), "a script ran: {dom}");
    assert!(
        !dom.contains("<img"),
        "markup from the article parsed: {dom}"
    );
    // The text is on the page, as text: the excerpt and the entity name.
    let shown = "&lt;script&gt;alert(1)&lt;/script&gt;";
    assert!(
        dom.contains(&format!("{shown}&lt;img src=x onerror=")),
        "{dom}"
    );
    assert!(
        dom.contains(&format!("<tr data-entity=\"{shown}\"")),
        "the entity named by the tag: {dom}"
    );
    // Both files are counted, the clean one too.
    assert_eq!(total(&dom, "files"), 2);
}

#[test]
fn report_exit_status_is_zero_with_findings_and_two_on_errors() {
    // No browser needed: the page is written atomically, the old one kept
    // when the run fails.
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("out.html");
    let page_s = page.to_str().unwrap();
    let (code, out, err) = lede(
        &["report", "-q", "--html", page_s, "."],
        &root().join("examples"),
    );
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "out.html")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");

    let (code, _, err) = lede(
        &["report", "--html", page_s, "--select", "nope"],
        &root().join("examples"),
    );
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        html,
        "old page kept"
    );

    let (code, _, err) = lede(&["report", "--html", page_s, "missing.txt"], tmp.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing.txt"), "{err}");

    let (code, _, err) = lede(&["report", "."], tmp.path());
    assert_eq!(code, 2);
    assert!(err.contains("--html"), "{err}");

    let (code, help, _) = lede(&["report", "--help"], tmp.path());
    assert_eq!(code, 0);
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("Exit status 0 unless an error (2)"), "{help}");
}
