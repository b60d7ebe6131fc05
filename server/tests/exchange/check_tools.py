"""Checks lede's exports with the real tools and the formats' documented shapes.

Run by server/tests/exchange_tools.rs as `python check_tools.py WORKDIR LABELS`, where WORKDIR holds
`lede export` output: train.jsonl (spaCy), corpus.conll, doccano.jsonl, tasks.json (Label Studio)
and brat/. Writes doccano-from-tool.jsonl and label-studio-from-tool.json, the files those tools
give back on export (their documented export shapes), for the Rust side to import again.
Exits non-zero with a message at the first problem.
"""

import json
import os
import re
import subprocess
import sys

import spacy
from spacy.tokens import DocBin

work = sys.argv[1]
labels = sys.argv[2].split(",")
path = lambda *p: os.path.join(work, *p)


def fail(message):
    sys.exit(f"check_tools.py: {message}")


def jsonl(name):
    with open(path(name), encoding="utf-8", newline="") as f:
        return [json.loads(line) for line in f.read().split("\n") if line.strip()]


# --- spaCy: every entity on token boundaries of a blank English pipeline, strict alignment.
nlp = spacy.blank("en")
records = jsonl("train.jsonl")
db = DocBin(store_user_data=False)
expected = []
entities = 0
for n, r in enumerate(records, 1):
    text = r["text"]
    doc = nlp.make_doc(text)
    ids = r.get("meta", {}).get("entity_ids") or [None] * len(r["entities"])
    spans = []
    for (start, end, label), kb_id in zip(r["entities"], ids):
        if not (0 <= start < end <= len(text)) or label not in labels:
            fail(f"train.jsonl:{n}: bad entity {[start, end, label]}")
        span = doc.char_span(start, end, label=label, kb_id=kb_id or "", alignment_mode="strict")
        if span is None:
            fail(f"train.jsonl:{n}: {text[start:end]!r} at {start}..{end} is not on spaCy token boundaries")
        if span.text != text[start:end]:
            fail(f"train.jsonl:{n}: span text {span.text!r} != {text[start:end]!r}")
        spans.append(span)
        entities += 1
    doc.ents = spans
    db.add(doc)
    expected.append([(e.start_char, e.end_char, e.label_, e.kb_id_) for e in doc.ents])
db.to_disk(path("train.spacy"))
back = list(DocBin().from_disk(path("train.spacy")).get_docs(nlp.vocab))
if len(back) != len(records):
    fail(f"DocBin gave {len(back)} docs for {len(records)} records")
for n, (doc, want) in enumerate(zip(back, expected), 1):
    got = [(e.start_char, e.end_char, e.label_, e.kb_id_) for e in doc.ents]
    if got != want or doc.text != records[n - 1]["text"]:
        fail(f"train.spacy doc {n}: entities {got} != {want}")
print(f"spaCy {spacy.__version__}: {len(records)} docs, {entities} entities aligned strictly; DocBin written and read back")

# --- spacy convert of the CoNLL file: the same tokens and BIO tags come out.
def conll_docs(file):
    docs, sent = [], None
    with open(file, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                docs.append([])
            elif line.split():
                cols = line.split()
                docs[-1].append((cols[0], cols[-1]))
    return docs

ours = [d for d in conll_docs(path("corpus.conll")) if d]
out = path("spacy-convert")
os.makedirs(out, exist_ok=True)
run = subprocess.run(
    [sys.executable, "-m", "spacy", "convert", path("corpus.conll"), out, "--converter", "conll"],
    capture_output=True, text=True)
if run.returncode != 0:
    fail(f"spacy convert failed: {run.stdout}{run.stderr}")
converted = list(DocBin().from_disk(os.path.join(out, "corpus.spacy")).get_docs(nlp.vocab))
if len(converted) != len(ours):
    fail(f"spacy convert gave {len(converted)} docs, the file has {len(ours)}")
for n, (doc, toks) in enumerate(zip(converted, ours), 1):
    words = [t.text for t in doc]
    if words != [w for w, _ in toks]:
        fail(f"corpus.conll doc {n}: spaCy's tokens differ from the file's")
    bio = [("O" if t.ent_iob_ == "O" else f"{t.ent_iob_}-{t.ent_type_}") for t in doc]
    if bio != [tag for _, tag in toks]:
        fail(f"corpus.conll doc {n}: spaCy read tags {bio[:20]}..., the file has {[t for _, t in toks][:20]}...")
print(f"spacy convert --converter conll: {len(converted)} docs, tokens and BIO tags equal the file's")

# --- doccano: the documented JSONL shape, offsets in UTF-16 code units; the same entities as spaCy's.
def utf16_slice(text, start, end):
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")

doccano = jsonl("doccano.jsonl")
if len(doccano) != len(records):
    fail("doccano.jsonl and train.jsonl differ in length")
for n, (d, s) in enumerate(zip(doccano, records), 1):
    if not isinstance(d.get("text"), str) or not isinstance(d.get("label"), list):
        fail(f"doccano.jsonl:{n}: not {{text: str, label: list}}")
    units = len(d["text"].encode("utf-16-le")) // 2
    for (start, end, label), (s0, e0, l0) in zip(d["label"], s["entities"]):
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= units):
            fail(f"doccano.jsonl:{n}: offsets {start}..{end} outside 0..{units}")
        if utf16_slice(d["text"], start, end) != s["text"][s0:e0] or label != l0:
            fail(f"doccano.jsonl:{n}: UTF-16 span {start}..{end} is not the spaCy entity {s0}..{e0}")
# What doccano's JSONL export gives back: its own id and Comments, the metadata kept.
with open(path("doccano-from-tool.jsonl"), "w", encoding="utf-8") as f:
    for n, d in enumerate(doccano, 1):
        f.write(json.dumps({"id": 100 + n, "text": d["text"], "meta": d.get("meta", {}),
                            "label": d["label"], "Comments": []}, ensure_ascii=False) + "\n")
print(f"doccano: {len(doccano)} records in the documented shape, UTF-16 spans equal spaCy's")

# --- Label Studio: tasks with predictions in the documented shape.
tasks = json.load(open(path("tasks.json"), encoding="utf-8"))
if not isinstance(tasks, list):
    fail("tasks.json is not a list of tasks")
for n, t in enumerate(tasks, 1):
    text = t["data"]["text"]
    if not isinstance(text, str) or not isinstance(t.get("meta"), dict):
        fail(f"tasks.json task {n}: data.text or meta missing")
    (pred,) = t["predictions"]
    seen = set()
    for r in pred["result"]:
        v = r["value"]
        ok = (r["from_name"] == "label" and r["to_name"] == "text" and r["type"] == "labels"
              and isinstance(r["id"], str) and r["id"] not in seen
              and isinstance(v["start"], int) and isinstance(v["end"], int)
              and 0 <= v["start"] < v["end"] <= len(text)
              and v["text"] == text[v["start"]:v["end"]]
              and len(v["labels"]) == 1 and v["labels"][0] in labels)
        seen.add(r["id"])
        if not ok:
            fail(f"tasks.json task {n}: result {r} is not a labels span of the text")
    for rid in t["meta"].get("entity_ids", {}):
        if rid not in seen:
            fail(f"tasks.json task {n}: meta.entity_ids names {rid}, no result has it")
# What Label Studio's JSON export gives after an annotator accepted the predictions.
exported = []
for n, t in enumerate(tasks, 1):
    exported.append({
        "id": n, "data": t["data"], "meta": t["meta"],
        "annotations": [{"id": 1000 + n, "completed_by": 1, "was_cancelled": False,
                         "result": [dict(r, origin="prediction") for r in t["predictions"][0]["result"]]}],
        "predictions": t["predictions"],
    })
json.dump(exported, open(path("label-studio-from-tool.json"), "w", encoding="utf-8"), ensure_ascii=False)
print(f"Label Studio: {len(tasks)} tasks in the documented shape")

# --- brat: the standoff rules, on every .ann: T lines `T1<TAB>LABEL START END<TAB>TEXT` whose TEXT is
# the .txt between the offsets (code points), notes `#1<TAB>AnnotatorNotes T1<TAB>NOTE` on a T line.
t_line = re.compile(r"^(T\d+)\t(\S+) (\d+) (\d+)\t(.*)$")
note_line = re.compile(r"^#\d+\tAnnotatorNotes (T\d+)\t(.+)$")
anns = 0
for root, _, files in os.walk(path("brat")):
    for name in files:
        if not name.endswith(".ann"):
            continue
        with open(os.path.join(root, name[:-4] + ".txt"), encoding="utf-8", newline="") as f:
            text = f.read()
        ids = set()
        with open(os.path.join(root, name), encoding="utf-8", newline="") as f:
            for k, line in enumerate(f.read().split("\n"), 1):
                if not line:
                    continue
                m = t_line.match(line)
                if m:
                    tid, label, s, e, surface = m.groups()
                    if label not in labels or text[int(s):int(e)] != surface or tid in ids:
                        fail(f"{name}:{k}: {line!r} does not match the text")
                    ids.add(tid)
                    continue
                m = note_line.match(line)
                if not m or m.group(1) not in ids:
                    fail(f"{name}:{k}: {line!r} is neither a T line nor a note on one")
        anns += 1
conf = open(path("brat", "annotation.conf"), encoding="utf-8").read()
if not conf.startswith("[entities]\n") or any(l not in conf.split("\n") for l in labels):
    fail("annotation.conf does not list the labels as [entities]")
print(f"brat: {anns} .ann files follow the standoff rules")
