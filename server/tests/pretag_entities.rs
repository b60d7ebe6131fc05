//! `lede tag` (pre-annotation from the registry) and `lede entities` (the
//! entity overview), on the command line and in the language server (the
//! tagging code actions, `workspace/symbol`). Every text here is written
//! for these tests; `examples/` is copied into a temp dir before tagging.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::lsp_client::{apply_text_edits, file_uri, LspClient};
use lede::tags::TaggedText;
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_lede");

const REGISTRY: &str = r#"[[entity]]
id = "hao-peng"
name = "Hao Peng"
label = "PER"

[[entity]]
id = "dorvik-port"
name = "Dorvik Port Holding Group"
label = "ORG"
aliases = ["Dorvik Port"]

[[entity]]
id = "lanwei"
name = "Lanwei"
label = "LOC"
"#;

fn lede(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn lede_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lede.toml"), REGISTRY).unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

const STORY: &str = "Hao Peng visited Dorvik Port Holding Group in Lanwei.\n\
[Hao Peng]{PER:hao-peng} said Dorvik Port would grow.\n";

const STORY_TAGGED: &str = "[Hao Peng]{PER:hao-peng} visited [Dorvik Port Holding Group]{ORG:dorvik-port} in [Lanwei]{LOC:lanwei}.\n\
[Hao Peng]{PER:hao-peng} said [Dorvik Port]{ORG:dorvik-port} would grow.\n";

// ------------------------------------------------------------- lede tag

#[test]
fn tag_dry_run_lists_each_mention_and_writes_nothing() {
    let ws = workspace(&[("a.txt", STORY)]);
    let o = lede(ws.path(), &["tag", "--dry-run", "."]);
    assert_eq!(code(&o), 1, "{}", err(&o));
    assert_eq!(
        out(&o),
        "a.txt:1:1: \"Hao Peng\" -> [Hao Peng]{PER:hao-peng}\n\
         a.txt:1:18: \"Dorvik Port Holding Group\" -> [Dorvik Port Holding Group]{ORG:dorvik-port}\n\
         a.txt:1:47: \"Lanwei\" -> [Lanwei]{LOC:lanwei}\n\
         a.txt:2:31: \"Dorvik Port\" -> [Dorvik Port]{ORG:dorvik-port}\n"
    );
    assert!(
        err(&o).contains("Would tag 4 mentions in 1 file."),
        "{}",
        err(&o)
    );
    assert_eq!(read(ws.path(), "a.txt"), STORY, "a dry run writes nothing");
}

#[test]
fn tag_diff_prints_the_change_and_writes_nothing() {
    let ws = workspace(&[("a.txt", STORY)]);
    let o = lede(ws.path(), &["tag", "--diff", "a.txt"]);
    assert_eq!(code(&o), 1);
    let d = out(&o);
    assert!(d.starts_with("--- a/a.txt\n+++ b/a.txt\n"), "{d}");
    assert!(
        d.contains("\n-Hao Peng visited Dorvik Port Holding Group in Lanwei.\n"),
        "{d}"
    );
    assert!(
        d.contains("\n+[Hao Peng]{PER:hao-peng} said [Dorvik Port]{ORG:dorvik-port} would grow.\n"),
        "{d}"
    );
    assert_eq!(read(ws.path(), "a.txt"), STORY);
    // Nothing to tag: no diff, exit 0.
    let ws = workspace(&[("b.txt", STORY_TAGGED)]);
    let o = lede(ws.path(), &["tag", "--diff", "."]);
    assert_eq!((code(&o), out(&o).as_str()), (0, ""));
}

#[test]
fn tag_writes_in_place_and_a_second_run_changes_nothing() {
    let ws = workspace(&[("a.txt", STORY), ("sub/b.md", "Lanwei grew.\n")]);
    let o = lede(ws.path(), &["tag"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(
        err(&o).contains("Tagged 5 mentions in 2 files."),
        "{}",
        err(&o)
    );
    assert_eq!(read(ws.path(), "a.txt"), STORY_TAGGED);
    assert_eq!(read(ws.path(), "sub/b.md"), "[Lanwei]{LOC:lanwei} grew.\n");
    let o = lede(ws.path(), &["tag"]);
    assert!(
        err(&o).contains("Tagged 0 mentions in 0 files."),
        "{}",
        err(&o)
    );
    assert_eq!(read(ws.path(), "a.txt"), STORY_TAGGED);
    let o = lede(ws.path(), &["tag", "--dry-run"]);
    assert_eq!((code(&o), out(&o).as_str()), (0, ""));
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with(".lede")), "{names:?}");
}

#[test]
fn tag_reads_stdin_and_prints_the_tagged_text() {
    let ws = workspace(&[]);
    let o = lede_stdin(ws.path(), &["tag", "-"], STORY);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(out(&o), STORY_TAGGED);
}

#[test]
fn tag_keeps_to_whole_words_exact_case_lines_and_existing_tags() {
    let text = "\
Dorvik Port Holding Group, not Dorvik Port alone.
[Dorvik Port]{ORG} and [the Lanwei office]{ORG} stay as they are.
Lanweiese food, MidLanwei, LANWEI and lanwei are no mentions.
Hao
Peng and Dorvik Port Holding
Group are split across lines.
A stray [bracket keeps Hao Peng here untagged.
Lanwei's port and (Hao Peng) are.
";
    let want = "\
[Dorvik Port Holding Group]{ORG:dorvik-port}, not [Dorvik Port]{ORG:dorvik-port} alone.
[Dorvik Port]{ORG} and [the Lanwei office]{ORG} stay as they are.
Lanweiese food, MidLanwei, LANWEI and lanwei are no mentions.
Hao
Peng and [Dorvik Port]{ORG:dorvik-port} Holding
Group are split across lines.
A stray [bracket keeps Hao Peng here untagged.
[Lanwei]{LOC:lanwei}'s port and ([Hao Peng]{PER:hao-peng}) are.
";
    let ws = workspace(&[("a.txt", text)]);
    let o = lede(ws.path(), &["tag", "a.txt"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(read(ws.path(), "a.txt"), want);
    assert_eq!(
        TaggedText::parse(want).plain(),
        TaggedText::parse(text).plain(),
        "tagging changes no word of the text"
    );
}

#[test]
fn tag_warns_about_a_spelling_two_entities_share() {
    let ws = workspace(&[("a.txt", "Lanwei and Hao Peng.\n")]);
    let shared = format!(
        "{REGISTRY}\n[[entity]]\nid = \"lanwei-group\"\nname = \"Lanwei Group\"\nlabel = \"ORG\"\naliases = [\"Lanwei\"]\n"
    );
    std::fs::write(ws.path().join("lede.toml"), shared).unwrap();
    let o = lede(ws.path(), &["tag", "a.txt"]);
    assert_eq!(code(&o), 0);
    assert!(
        err(&o).contains("registry spelling \"Lanwei\" belongs to more than one entity"),
        "{}",
        err(&o)
    );
    assert_eq!(
        read(ws.path(), "a.txt"),
        "Lanwei and [Hao Peng]{PER:hao-peng}.\n"
    );
}

#[test]
fn tag_reports_a_bad_config_and_an_unreadable_file() {
    let ws = workspace(&[("a.txt", STORY)]);
    std::fs::write(ws.path().join("lede.toml"), "[[entity]]\nid = \"x\"\n").unwrap();
    let o = lede(ws.path(), &["tag", "a.txt"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("lede.toml:"), "{}", err(&o));
    let ws = workspace(&[]);
    let o = lede(ws.path(), &["tag", "missing.txt"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("missing.txt"), "{}", err(&o));
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn tagging_the_examples_twice_equals_once() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&examples, dir.path());
    let before = lede(
        dir.path(),
        &["check", "--format", "json", "--select", "tags", "."],
    );
    let o = lede(dir.path(), &["tag", "."]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let summary = err(&o);
    let tagged: usize = summary
        .lines()
        .find_map(|l| l.strip_prefix("Tagged "))
        .and_then(|l| l.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no summary in {summary}"));
    assert!(tagged > 0, "the examples name registry entities untagged");
    let once: Vec<(String, String)> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    for (name, text) in &once {
        let original = std::fs::read_to_string(examples.join(name)).unwrap();
        assert_eq!(
            TaggedText::parse(text).plain(),
            TaggedText::parse(&original).plain(),
            "{name}"
        );
    }
    let o = lede(dir.path(), &["tag", "."]);
    assert!(err(&o).contains("Tagged 0 mentions"), "{}", err(&o));
    for (name, text) in &once {
        assert_eq!(
            &read(dir.path(), name),
            text,
            "{name} changed on the second run"
        );
    }
    // No tag finding is new (positions move where tags were added).
    let after = lede(
        dir.path(),
        &["check", "--format", "json", "--select", "tags", "."],
    );
    assert_eq!(tag_findings(&after), tag_findings(&before));
}

/// (path, rule) of each finding of a `--format json` run, sorted.
fn tag_findings(o: &Output) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(&out(o)).unwrap();
    let mut found: Vec<(String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].to_string(), f["rule"].to_string()))
        .collect();
    found.sort();
    found
}

/// A small deterministic generator of tagged and untagged articles.
fn generated(n: usize) -> Vec<String> {
    let pieces = [
        "Hao Peng",
        "Dorvik Port",
        "Dorvik Port Holding Group",
        "Lanwei",
        "[Lanwei]{LOC}",
        "[Hao Peng]{PER:hao-peng}",
        "LANWEI",
        "Lanweiese",
        "the port",
        "said",
        ",",
        ".",
        "\n",
        "\n\n",
        "[note",
        "grew 5%",
        "中文",
        "Hao\nPeng",
        "(Dorvik Port)",
        "Port",
    ];
    let mut state: u64 = 0x5eed;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    (0..n)
        .map(|_| {
            let len = 5 + next() % 60;
            let mut s = String::new();
            for _ in 0..len {
                s.push_str(pieces[next() % pieces.len()]);
                s.push(' ');
            }
            s
        })
        .collect()
}

#[test]
fn tagging_generated_articles_twice_equals_once() {
    let texts = generated(200);
    let ws = workspace(&[]);
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(ws.path().join(format!("g{i:03}.txt")), t).unwrap();
    }
    let o = lede(ws.path(), &["tag", "."]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let once: Vec<String> = (0..texts.len())
        .map(|i| read(ws.path(), &format!("g{i:03}.txt")))
        .collect();
    assert!(
        once.iter().zip(&texts).any(|(a, b)| a != b),
        "something was tagged"
    );
    for (a, b) in once.iter().zip(&texts) {
        let (pa, pb) = (TaggedText::parse(a), TaggedText::parse(b));
        assert_eq!(pa.plain(), pb.plain());
        assert_eq!(
            pa.errors.len(),
            pb.errors.len(),
            "no new tag error in {a:?}"
        );
    }
    let o = lede(ws.path(), &["tag", "--dry-run", "."]);
    assert_eq!((code(&o), out(&o).as_str()), (0, ""), "{}", err(&o));
}

// ---------------------------------------------------------- lede entities

const CORPUS: &[(&str, &str)] = &[
    (
        "a.txt",
        "[Hao Peng]{PER:hao-peng} met [Dorvik Port]{ORG:dorvik-port} in Lanwei.\n\
         [Lanwei Port, North]{LOC} and [the \"Blue\" Yard]{ORG} opened.\n",
    ),
    (
        "b.txt",
        "Hao Peng left. [Dorvik Harbour]{ORG:dorvik-port} grew.\n\
         [LANWEI PORT, NORTH]{LOC} was quiet; [Tanbei Mill]{ORG:tanbei}.\n",
    ),
];

fn entities_json(dir: &Path) -> Vec<Value> {
    let o = lede(dir, &["entities", "--format", "json", "."]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    serde_json::from_str::<Value>(&out(&o))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn by_name<'a>(es: &'a [Value], name: &str) -> &'a Value {
    es.iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {es:#?}"))
}

#[test]
fn entities_json_counts_mentions_files_spellings_and_variants() {
    let ws = workspace(CORPUS);
    let es = entities_json(ws.path());
    assert_eq!(es.len(), 6, "{es:#?}");
    let hao = by_name(&es, "Hao Peng");
    assert_eq!(
        hao,
        &json!({
            "id": "hao-peng", "label": "PER", "name": "Hao Peng", "source": "registry",
            "mentions": 2, "tagged": 1, "untagged": 1, "files": 2,
            "spellings": [{"text": "Hao Peng", "count": 2}],
            "variants": false,
            "first": {"path": "a.txt", "line": 1, "column": 2}
        })
    );
    let dorvik = by_name(&es, "Dorvik Port Holding Group");
    assert_eq!(dorvik["mentions"], 2);
    assert_eq!(
        dorvik["variants"], true,
        "Dorvik Harbour is neither name nor alias"
    );
    let north = by_name(&es, "Lanwei Port, North");
    assert_eq!(
        (
            &north["source"],
            &north["id"],
            &north["files"],
            &north["variants"]
        ),
        (&json!("discovered"), &Value::Null, &json!(2), &json!(true))
    );
    let tanbei = by_name(&es, "Tanbei Mill");
    assert_eq!(
        (&tanbei["source"], &tanbei["id"]),
        (&json!("discovered"), &json!("tanbei"))
    );
    let lanwei = by_name(&es, "Lanwei");
    assert_eq!(
        (&lanwei["mentions"], &lanwei["untagged"]),
        (&json!(1), &json!(1))
    );
    // Most mentioned first.
    let counts: Vec<u64> = es.iter().map(|e| e["mentions"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
}

/// A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF rows).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn entities_csv_quotes_fields_and_agrees_with_json() {
    let ws = workspace(CORPUS);
    let o = lede(ws.path(), &["entities", "--format", "csv", "."]);
    assert_eq!(code(&o), 0);
    let csv = out(&o);
    assert!(csv.contains(",\"Lanwei Port, North\","), "{csv}");
    assert!(csv.contains(",\"the \"\"Blue\"\" Yard\","), "{csv}");
    let rows = parse_csv(&csv);
    assert_eq!(
        rows[0],
        "id,label,name,source,mentions,tagged,untagged,files,variants,spellings,first_path,first_line,first_column"
            .split(',')
            .collect::<Vec<_>>()
    );
    let es = entities_json(ws.path());
    assert_eq!(rows.len(), es.len() + 1);
    for (row, e) in rows[1..].iter().zip(&es) {
        assert_eq!(row.len(), 13, "{row:?}");
        assert_eq!(row[0], e["id"].as_str().unwrap_or(""));
        assert_eq!(row[2], e["name"].as_str().unwrap());
        assert_eq!(row[4], e["mentions"].to_string());
        assert_eq!(row[8], e["variants"].to_string());
        assert_eq!(row[10], e["first"]["path"].as_str().unwrap_or(""));
    }
}

#[test]
fn entities_table_lists_every_entity() {
    let ws = workspace(CORPUS);
    let o = lede(ws.path(), &["entities", "."]);
    assert_eq!(code(&o), 0);
    let t = out(&o);
    let lines: Vec<&str> = t.lines().collect();
    assert!(lines[0].starts_with("ENTITY"), "{t}");
    assert!(
        t.ends_with("\n6 entities, 2 with variant spellings.\n"),
        "{t}"
    );
    let north = lines
        .iter()
        .find(|l| l.starts_with("Lanwei Port, North"))
        .unwrap();
    assert!(
        north.contains("discovered") && north.contains("yes"),
        "{north}"
    );
    insta::assert_snapshot!("entities_table", t);
}

// -------------------------------------------------------------- the server

fn start(root: &Path) -> LspClient {
    let mut c = LspClient::spawn(BIN);
    c.initialize(Some(&file_uri(root)), false, json!({"debounceMs": 0}));
    c.wait_for(Duration::from_secs(20), |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    })
    .expect("indexing finished");
    c
}

fn actions(c: &mut LspClient, uri: &str, only: Option<Value>, trigger: Option<u32>) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(o) = only {
        context["only"] = o;
    }
    if let Some(t) = trigger {
        context["triggerKind"] = json!(t);
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": context
        }),
    );
    r.as_array().cloned().unwrap_or_default()
}

#[test]
fn the_tagging_actions_edit_like_lede_tag() {
    let b = "Lanwei again, and [Hao Peng]{PER} with Hao Peng.\n";
    let ws = workspace(&[("a.txt", STORY), ("b.txt", b), ("c.txt", STORY_TAGGED)]);
    let mut c = start(ws.path());
    let uri_a = file_uri(&ws.path().join("a.txt"));
    c.open(&uri_a, STORY, 3);
    c.diagnostics(&uri_a, Some(3));

    let kind = json!(["source.tagRegistry.lede"]);
    let got = actions(&mut c, &uri_a, Some(kind.clone()), None);
    let titles: Vec<&str> = got.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Tag all registry mentions in this document (4 mentions)",
            "Tag all registry mentions in the workspace (6 mentions in 2 files)"
        ]
    );
    let doc = &got[0]["edit"]["documentChanges"][0];
    assert_eq!(doc["textDocument"], json!({"uri": uri_a, "version": 3}));
    let edited = apply_text_edits(STORY, doc["edits"].as_array().unwrap(), false);
    assert_eq!(edited, STORY_TAGGED);

    // The workspace edit: each file as `lede tag` writes it.
    let cli = tempfile::tempdir().unwrap();
    std::fs::write(cli.path().join("lede.toml"), REGISTRY).unwrap();
    std::fs::write(cli.path().join("b.txt"), b).unwrap();
    lede(cli.path(), &["tag", "b.txt"]);
    let want_b = read(cli.path(), "b.txt");
    let changes = got[1]["edit"]["documentChanges"].as_array().unwrap();
    let mut seen = BTreeSet::new();
    for ch in changes {
        let uri = ch["textDocument"]["uri"].as_str().unwrap();
        let (before, want, version) = if uri == uri_a {
            (STORY, STORY_TAGGED.to_string(), json!(3))
        } else {
            assert_eq!(uri, file_uri(&ws.path().join("b.txt")));
            (b, want_b.clone(), Value::Null)
        };
        assert_eq!(ch["textDocument"]["version"], version, "{uri}");
        let edited = apply_text_edits(before, ch["edits"].as_array().unwrap(), false);
        assert_eq!(edited, want, "{uri}");
        seen.insert(uri.to_string());
    }
    assert_eq!(seen.len(), 2, "c.txt has nothing to tag");

    // An automatic request gets the document action only; other kinds none.
    let auto = actions(&mut c, &uri_a, None, Some(2));
    let tag_titles: Vec<&str> = auto
        .iter()
        .filter(|a| a["kind"] == "source.tagRegistry.lede")
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        tag_titles,
        ["Tag all registry mentions in this document (4 mentions)"]
    );
    let quick = actions(&mut c, &uri_a, Some(json!(["quickfix"])), Some(1));
    assert!(quick.iter().all(|a| a["kind"] != "source.tagRegistry.lede"));
    // Invoked by hand, the workspace action comes too.
    let invoked = actions(&mut c, &uri_a, None, Some(1));
    assert_eq!(
        invoked
            .iter()
            .filter(|a| a["kind"] == "source.tagRegistry.lede")
            .count(),
        2
    );

    // A tagged document offers nothing.
    let uri_c = file_uri(&ws.path().join("c.txt"));
    c.open(&uri_c, STORY_TAGGED, 1);
    c.diagnostics(&uri_c, Some(1));
    let none = actions(
        &mut c,
        &uri_c,
        Some(json!(["source.tagRegistry.lede"])),
        None,
    );
    assert_eq!(none.len(), 1, "only the workspace action: {none:#?}");
    assert!(c.shutdown());
}

#[test]
fn workspace_symbols_are_the_entities_of_lede_entities() {
    let ws = workspace(CORPUS);
    let es = entities_json(ws.path());
    let mut c = start(ws.path());
    let symbols = c.request("workspace/symbol", json!({"query": ""}));
    let symbols = symbols.as_array().unwrap();
    let from_lsp: BTreeSet<(String, String)> = symbols
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["containerName"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let from_cli: BTreeSet<(String, String)> = es
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(symbols.len(), es.len());
    assert_eq!(from_lsp, from_cli);
    // Each at its first mention (ASCII text: columns agree, 0- vs 1-based).
    for e in &es {
        let s = symbols.iter().find(|s| s["name"] == e["name"]).unwrap();
        let f = &e["first"];
        assert_eq!(
            s["location"]["uri"].as_str().unwrap(),
            file_uri(&ws.path().join(f["path"].as_str().unwrap()))
        );
        let start = &s["location"]["range"]["start"];
        assert_eq!(
            start["line"].as_u64().unwrap() + 1,
            f["line"].as_u64().unwrap()
        );
        assert_eq!(
            start["character"].as_u64().unwrap() + 1,
            f["column"].as_u64().unwrap()
        );
    }
    // A query keeps the entities whose name or id contains it.
    let q = c.request("workspace/symbol", json!({"query": "DORVIK"}));
    let names: Vec<&str> = q
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Dorvik Port Holding Group"]);
    assert!(c.shutdown());
}

#[test]
fn an_unmentioned_registry_entity_points_at_the_registry() {
    let ws = workspace(&[("a.txt", "Nothing known here.\n")]);
    let mut c = start(ws.path());
    let symbols = c.request("workspace/symbol", json!({"query": "lanwei"}));
    let s = &symbols.as_array().unwrap()[0];
    assert_eq!(s["name"], "Lanwei");
    assert_eq!(
        s["location"]["uri"].as_str().unwrap(),
        file_uri(&ws.path().join("lede.toml"))
    );
    // `id = "lanwei"` is on line 13 (0-based 12), the value after the quote.
    assert_eq!(
        s["location"]["range"]["start"],
        json!({"line": 12, "character": 6})
    );
    assert!(c.shutdown());
}
