"""The source of truth for the consumer checks: the annotation files
(`*.txt.ann.json`) beside the texts, read directly, not through Pactum."""

import json
import sys
from pathlib import Path

ENTITY_LABELS = {
    "PERSON", "ORG", "PARK", "GPE", "LOC", "EVENT", "ROLE", "DATE", "MONEY",
    "CARDINAL", "ORDINAL", "PERCENT", "AGREEMENT",
}
CLAUSE_LABELS = {"SIGNING", "PURPOSE", "COMMITMENT"}


def load(root):
    """{id: (text, [(start, end, label, covered)])} of the accepted spans,
    ids being paths below `root` as Pactum reports them; offsets in code points."""
    root = Path(root)
    docs = {}
    for ann in sorted(root.rglob("*.txt.ann.json")):
        text_path = ann.with_name(ann.name[: -len(".ann.json")])
        text = text_path.read_text(encoding="utf-8")
        data = json.loads(ann.read_text(encoding="utf-8"))
        spans = []
        for a in data["annotations"]:
            if a["status"] != "accepted" or a.get("stale"):
                continue
            covered = text[a["start"] : a["end"]]
            assert covered == a["text"], f"{ann}: {a} does not match its text"
            spans.append((a["start"], a["end"], a["label"], covered))
        docs[str(text_path.relative_to(root))] = (text, sorted(spans))
    if not docs:
        fail(f"no annotation files under {root}")
    return docs


def entities(spans):
    return sorted(s for s in spans if s[2] in ENTITY_LABELS)


def clauses(spans):
    return sorted(s for s in spans if s[2] in CLAUSE_LABELS)


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def expect_equal(what, got, want):
    if got != want:
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        fail(f"{what}: missing {missing[:5]} extra {extra[:5]}")


def summary(name, docs, spans):
    print(f"ok: {name}: {docs} documents, {spans} spans match the annotation files")


def load_relations(root):
    """{id: sorted [(head, child, label)]} of the accepted relations whose
    ends are accepted, live spans, each end as (start, end, label, covered)."""
    root = Path(root)
    docs = {}
    for ann in sorted(root.rglob("*.txt.ann.json")):
        text_path = ann.with_name(ann.name[: -len(".ann.json")])
        text = text_path.read_text(encoding="utf-8")
        data = json.loads(ann.read_text(encoding="utf-8"))
        spans = {
            a["id"]: (a["start"], a["end"], a["label"], text[a["start"] : a["end"]])
            for a in data["annotations"]
            if a["status"] == "accepted" and not a.get("stale")
        }
        rels = [
            (spans[r["head"]], spans[r["child"]], r["label"])
            for r in data.get("relations", [])
            if r["status"] == "accepted" and r["head"] in spans and r["child"] in spans
        ]
        docs[str(text_path.relative_to(root))] = sorted(rels)
    return docs


def relation_summary(name, relations):
    count = sum(len(r) for r in relations.values())
    if not count:
        fail(f"{name}: the corpus has no relation: nothing was checked")
    print(f"ok: {name}: {count} relations match the annotation files")
