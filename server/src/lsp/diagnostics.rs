//! Findings to LSP diagnostics, and the debounced analysis that publishes them.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;
use serde_json::json;
use tower_lsp::lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, MessageType, NumberOrString, Range, Url,
};

use super::convert::Conv;
use super::state::{analyse_with, guard, Analysed, Backend, Slot, State};
use super::workspace;
use crate::base::finding::{DocRef, Finding, Severity};

/// Default base of the `codeDescription` links; `rulesUrl` overrides it.
pub use crate::base::rule_meta::RULES_URL;

pub use crate::base::rule_meta::anchor;

/// The `codeDescription` link of a rule (parsed once per base and rule).
pub fn href(base: &str, rule: &'static str) -> Option<Url> {
    type Cache = HashMap<(String, &'static str), Option<Url>>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache
        .entry((base.to_string(), rule))
        .or_insert_with(|| Url::parse(&format!("{base}#{}", anchor(rule))).ok())
        .clone()
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A `publishDiagnostics` notification, rendered to JSON when it is made
/// (see [`super::output`]).
pub struct Publish {
    pub uri: Url,
    pub version: Option<i32>,
    /// The whole JSON-RPC message.
    pub message: Vec<u8>,
}

#[derive(Serialize)]
struct Notification<P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: P,
}

#[derive(Serialize)]
struct Params<'a, D> {
    uri: &'a Url,
    diagnostics: D,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
}

fn notification<D: Serialize>(uri: &Url, diagnostics: D, version: Option<i32>) -> Vec<u8> {
    let n = Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: Params {
            uri,
            diagnostics,
            version,
        },
    };
    serde_json::to_vec(&n).expect("diagnostics serialise")
}

impl Publish {
    /// From ready-made diagnostics (a config error).
    pub fn new(uri: Url, diagnostics: &[Diagnostic], version: Option<i32>) -> Publish {
        Publish {
            message: notification(&uri, diagnostics, version),
            uri,
            version,
        }
    }

    /// The diagnostics back from the JSON (tests, and the in-process path).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        #[derive(serde::Deserialize)]
        struct Message {
            params: tower_lsp::lsp_types::PublishDiagnosticsParams,
        }
        serde_json::from_slice::<Message>(&self.message)
            .map(|m| m.params.diagnostics)
            .unwrap_or_default()
    }
}

/// The `publishDiagnostics` message of slot `i`, rendered from its stored
/// findings without building `Diagnostic` values: the same JSON as
/// [`to_diagnostic`] gives (a test compares them), with borrowed text and
/// one link per rule.
pub fn publish_for(st: &State, i: usize) -> Option<Publish> {
    let slot = st.corpus.slots.get(i).and_then(Option::as_ref)?;
    let conv = Conv::new(&slot.text, &slot.lines, st.unit);
    let base = st.settings.rules_url.as_deref().unwrap_or(RULES_URL);
    let mut links: HashMap<&'static str, Option<Url>> = HashMap::new();
    for f in &slot.findings {
        links.entry(f.rule).or_insert_with(|| href(base, f.rule));
    }
    let wire: Vec<WireDiagnostic<'_>> = slot
        .findings
        .iter()
        .map(|f| WireDiagnostic {
            range: conv.range(&f.span),
            severity: severity(f.severity),
            code: f.rule,
            code_description: links
                .get(f.rule)
                .and_then(Option::as_ref)
                .map(|href| WireLink { href }),
            source: "lede",
            message: &f.message,
            related_information: related_locations(st, slot, &conv, f)
                .map(|(uri, range, message)| WireRelated {
                    location: WireLocation { uri, range },
                    message,
                })
                .collect(),
            tags: (f.family() == "boilerplate").then_some([DiagnosticTag::UNNECESSARY]),
            data: WireData {
                rule: f.rule,
                fixes: f
                    .fixes
                    .iter()
                    .map(|x| WireFix {
                        title: &x.title,
                        safe: x.safe,
                    })
                    .collect(),
            },
        })
        .collect();
    Some(Publish {
        message: notification(&slot.uri, &wire, slot.version),
        uri: slot.uri.clone(),
        version: slot.version,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireDiagnostic<'a> {
    range: Range,
    severity: DiagnosticSeverity,
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_description: Option<WireLink<'a>>,
    source: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_information: Vec<WireRelated<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<[DiagnosticTag; 1]>,
    data: WireData<'a>,
}

#[derive(Serialize)]
struct WireLink<'a> {
    href: &'a Url,
}

#[derive(Serialize)]
struct WireRelated<'a> {
    location: WireLocation<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct WireLocation<'a> {
    uri: &'a Url,
    range: Range,
}

#[derive(Serialize)]
struct WireData<'a> {
    rule: &'static str,
    fixes: Vec<WireFix<'a>>,
}

#[derive(Serialize)]
struct WireFix<'a> {
    title: &'a str,
    safe: bool,
}

/// A finding's related locations that still exist: the URI, the range in
/// that document's text and the message (a location in another document
/// of the corpus carries that file's URI).
fn related_locations<'a>(
    st: &'a State,
    slot: &'a Slot,
    conv: &'a Conv<'a>,
    f: &'a Finding,
) -> impl Iterator<Item = (&'a Url, Range, &'a str)> + 'a {
    f.related.iter().filter_map(move |r| {
        let (uri, range) = match r.doc {
            DocRef::This => (&slot.uri, conv.range(&r.span)),
            DocRef::Other(j) => {
                let other = st.corpus.slots.get(j)?.as_ref()?;
                let c = Conv::new(&other.text, &other.lines, st.unit);
                (&other.uri, c.range(&r.span))
            }
        };
        Some((uri, range, &*r.message))
    })
}

pub fn to_diagnostic(st: &State, slot: &Slot, f: &Finding) -> Diagnostic {
    let conv = Conv::new(&slot.text, &slot.lines, st.unit);
    let related: Vec<DiagnosticRelatedInformation> = related_locations(st, slot, &conv, f)
        .map(|(uri, range, message)| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range,
            },
            message: message.to_string(),
        })
        .collect();
    let href = href(
        st.settings.rules_url.as_deref().unwrap_or(RULES_URL),
        f.rule,
    );
    Diagnostic {
        range: conv.range(&f.span),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("lede".into()),
        message: f.message.to_string(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (f.family() == "boilerplate").then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: Some(json!({
            "rule": f.rule,
            "fixes": f.fixes.iter().map(|x| json!({"title": x.title, "safe": x.safe})).collect::<Vec<_>>(),
        })),
    }
}

/// Stores analysed text for `uri` (open at `version`, or a disk file) and
/// recomputes findings: its own, and those of other open documents when
/// what they can see of it changed. Returns what to publish.
pub fn install(st: &mut State, uri: &Url, a: Analysed, version: Option<i32>) -> Vec<Publish> {
    install_replacing(st, uri, a, version).0
}

/// [`install`], handing back the slot the new one replaces (to drop off
/// the lock).
pub fn install_replacing(
    st: &mut State,
    uri: &Url,
    a: Analysed,
    version: Option<i32>,
) -> (Vec<Publish>, Option<Slot>) {
    let old = st.corpus.get(uri);
    let on_disk = old.is_some_and(|s| s.on_disk);
    let old_fp = old.map(|s| s.fingerprint);
    let in_corpus = workspace::in_corpus(st, uri);
    let fp = a.fingerprint;
    let (i, replaced) = st.corpus.replace(Slot {
        uri: uri.clone(),
        text: a.text,
        lines: a.lines,
        analysis: a.analysis,
        tags: a.tags,
        version,
        in_corpus,
        on_disk,
        fingerprint: fp,
        findings: Vec::new(),
    });
    let mut out = Vec::new();
    if version.is_some() {
        let findings = st.corpus.findings(&st.engine, i);
        if let Some(slot) = st.corpus.slots[i].as_mut() {
            slot.findings = findings;
        }
        out.extend(publish_for(st, i));
    }
    if in_corpus && old_fp != Some(fp) {
        out.extend(refresh_open(st, Some(i)));
    }
    (out, replaced)
}

/// Recomputes the findings of every open document in the corpus (except
/// `skip`) and returns those that changed.
pub fn refresh_open(st: &mut State, skip: Option<usize>) -> Vec<Publish> {
    let mut out = Vec::new();
    for i in 0..st.corpus.slots.len() {
        if Some(i) == skip {
            continue;
        }
        let Some(slot) = st.corpus.slots[i].as_ref() else {
            continue;
        };
        if slot.version.is_none() || !slot.in_corpus {
            continue;
        }
        let findings = st.corpus.findings(&st.engine, i);
        let slot = st.corpus.slots[i].as_mut().expect("checked above");
        if findings != slot.findings {
            slot.findings = findings;
            out.extend(publish_for(st, i));
        }
    }
    out
}

/// Recomputes and publishes every open document.
pub fn publish_all_open(st: &mut State) -> Vec<Publish> {
    let mut out = Vec::new();
    for i in 0..st.corpus.slots.len() {
        let Some(slot) = st.corpus.slots[i].as_ref() else {
            continue;
        };
        if slot.version.is_none() {
            continue;
        }
        let findings = st.corpus.findings(&st.engine, i);
        let slot = st.corpus.slots[i].as_mut().expect("checked above");
        slot.findings = findings;
        out.extend(publish_for(st, i));
    }
    out
}

/// Sends rendered diagnostics: straight to the output thread when serving
/// stdio, else through tower-lsp's client.
pub async fn send(b: &Backend, publishes: Vec<Publish>) {
    for p in publishes {
        match &b.output {
            Some(out) => {
                out.send(p.message);
            }
            None => {
                let diagnostics = p.diagnostics();
                b.client
                    .publish_diagnostics(p.uri, diagnostics, p.version)
                    .await;
            }
        }
    }
}

/// Called on every change of an open document: waits for the debounce,
/// then analyses unless a newer change came in.
pub async fn on_change(b: Backend, uri: Url) {
    let (gen, delay) = {
        let mut st = b.lock();
        let g = st.pending.entry(uri.clone()).or_default();
        *g += 1;
        (*g, st.settings.debounce())
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    analyse_open(b, uri, Some(gen)).await;
}

/// Analyses the current text of an open document off the protocol loop and
/// publishes, dropping the result when the document changed meanwhile.
pub async fn analyse_open(b: Backend, uri: Url, gen: Option<u64>) {
    for _attempt in 0..4 {
        let (text, version, engine, epoch, cache) = {
            let mut st = b.lock();
            if let Some(g) = gen {
                if st.pending.get(&uri) != Some(&g) {
                    return;
                }
            }
            let engine = st.engine.clone();
            let epoch = st.epoch;
            let Some(doc) = st.docs.get_mut(&uri) else {
                return;
            };
            (doc.text(), doc.version, engine, epoch, doc.cache.clone())
        };
        let res =
            tokio::task::spawn_blocking(move || analyse_with(&engine, text, Some(&cache))).await;
        let analysed = match res {
            Ok(Ok(a)) => a,
            Ok(Err(panic)) => {
                b.client
                    .log_message(
                        MessageType::ERROR,
                        format!("lede: analysis of {uri} panicked: {panic}"),
                    )
                    .await;
                return;
            }
            Err(e) => {
                b.client
                    .log_message(
                        MessageType::ERROR,
                        format!("lede: analysis task failed: {e}"),
                    )
                    .await;
                return;
            }
        };
        let outcome = {
            let mut st = b.lock();
            match st.docs.get(&uri) {
                Some(doc) if doc.version == version => {}
                // Stale: a newer change has its own analysis coming.
                _ => return,
            }
            if st.epoch != epoch {
                continue; // the engine or corpus was rebuilt: analyse again
            }
            guard(|| install_replacing(&mut st, &uri, analysed, Some(version)))
        };
        let (publishes, replaced) = match outcome {
            Ok(p) => p,
            Err(panic) => {
                b.client
                    .log_message(MessageType::ERROR, format!("lede: panic: {panic}"))
                    .await;
                return;
            }
        };
        send(&b, publishes).await;
        drop(replaced);
        return;
    }
}

/// Above this size a request does not wait for a full analysis of a
/// changed document (see [`fresh`]).
pub const SYNC_LIMIT: usize = 512 * 1024;

/// Puts a changed document's text, lines and tags in its slot, keeping the
/// last analysis for the corpus and no findings until the new one lands.
fn light_update(st: &mut State, uri: &Url, text: std::sync::Arc<str>, version: i32) {
    let Some(slot) = st.corpus.get_mut(uri) else {
        return;
    };
    slot.lines = crate::base::text::LineIndex::new(&text);
    slot.tags = super::state::tag_infos(&text);
    slot.text = text;
    slot.version = Some(version);
    slot.findings.clear();
}

/// Makes sure the slot of an open document matches its current text
/// (analysing synchronously when a debounced analysis is still pending).
/// Returns the slot index and anything to publish.
pub fn fresh(st: &mut State, uri: &Url) -> Option<(usize, Vec<Publish>)> {
    let mut publishes = Vec::new();
    if let Some(doc) = st.docs.get_mut(uri) {
        let version = doc.version;
        let stale = st.corpus.get(uri).map(|s| s.version) != Some(Some(version));
        if stale {
            let doc = st.docs.get_mut(uri)?;
            let (text, cache) = (doc.text(), doc.cache.clone());
            let has_slot = st.corpus.get(uri).is_some();
            if text.len() > SYNC_LIMIT && has_slot && !super::state::is_config(uri) {
                // A big document: answer from its current text and tags
                // now; its findings come with the background analysis.
                light_update(st, uri, text, version);
                return Some((st.corpus.slot_index(uri)?, publishes));
            }
            let a = analyse_with(&st.engine, text, Some(&cache)).ok()?;
            if super::state::is_config(uri) {
                // Navigation from lede.toml needs its text, not its findings.
                install(st, uri, a, None);
            } else {
                publishes = install(st, uri, a, Some(version));
            }
        }
    }
    Some((st.corpus.slot_index(uri)?, publishes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::state::analyse;
    use serde_json::Value;
    use tower_lsp::lsp_types::PublishDiagnosticsParams;

    /// The diagnostics of slot `i` from its stored findings, built as LSP
    /// types (what `publish_for` renders directly).
    fn diagnostics_for(st: &State, i: usize) -> Vec<Diagnostic> {
        let slot = st.corpus.slots[i].as_ref().unwrap();
        slot.findings
            .iter()
            .map(|f| to_diagnostic(st, slot, f))
            .collect()
    }

    /// What tower-lsp's client would send for slot `i`.
    fn via_lsp_types(st: &State, i: usize) -> Value {
        let slot = st.corpus.slots[i].as_ref().unwrap();
        json!({
            "jsonrpc": "2.0",
            "method": "textDocument/publishDiagnostics",
            "params": PublishDiagnosticsParams {
                uri: slot.uri.clone(),
                diagnostics: diagnostics_for(st, i),
                version: slot.version,
            },
        })
    }

    #[test]
    fn rendered_diagnostics_equal_those_built_from_lsp_types() {
        let mut st = State {
            roots: vec![std::path::PathBuf::from("/ws")],
            ..State::default()
        };
        let examples = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/01_lanwei_port.txt"
        );
        let article = std::fs::read_to_string(examples).unwrap();
        // Two workspace files that spell a company two ways (related
        // locations in the other file), and the example article with
        // boilerplate, fixes and curly quotes, alone, in UTF-16 and UTF-8.
        let docs = [
            (
                "file:///ws/a.txt",
                "Hengtai Copper Co. Ltd. said so.\n\nHengtai Copper Co. Ltd. agreed.\n".to_string(),
            ),
            (
                "file:///ws/b.txt",
                "Hengtai copper Co. Ltd. said “yes”.\n".to_string(),
            ),
            ("file:///elsewhere/c.txt", article),
        ];
        let mut checked = 0;
        for unit in [
            crate::base::text::ColumnUnit::Utf16,
            crate::base::text::ColumnUnit::Utf8,
        ] {
            st.unit = unit;
            for (k, (uri, text)) in docs.iter().enumerate() {
                let uri = Url::parse(uri).unwrap();
                let a = analyse(&st.engine, std::sync::Arc::from(text.as_str())).unwrap();
                install(&mut st, &uri, a, Some(k as i32 + 1));
            }
            for (i, (uri, _)) in docs.iter().enumerate() {
                let p = publish_for(&st, i).unwrap();
                let rendered: Value = serde_json::from_slice(&p.message).unwrap();
                assert_eq!(rendered, via_lsp_types(&st, i), "{uri}");
                // What a server without the stdout thread sends through tower-lsp.
                assert_eq!(p.diagnostics(), diagnostics_for(&st, i), "{uri}");
                checked += rendered["params"]["diagnostics"].as_array().unwrap().len();
            }
        }
        let b = publish_for(&st, 1).unwrap();
        let related = &serde_json::from_slice::<Value>(&b.message).unwrap()["params"]
            ["diagnostics"][0]["relatedInformation"];
        assert_eq!(
            related[0]["location"]["uri"], "file:///ws/a.txt",
            "{related}"
        );
        assert!(checked >= 12, "{checked}");
    }
}
