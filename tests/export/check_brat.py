"""brat standoff: parsed by pybrat (an independent brat reader); every
text-bound annotation compared with the annotation files, fragments split
at line breaks joined again; every label declared in annotation.conf; every
relation (R line) compared with the annotation files' accepted relations,
its type declared under [relations] for its argument labels."""

import json
import sys
from pathlib import Path

from pybrat.parser import BratParser

import source

root, out = sys.argv[1], Path(sys.argv[2])
want = source.load(root)

conf = (out / "annotation.conf").read_text(encoding="utf-8")
section, declared, declared_relations = None, set(), {}
for line in conf.splitlines():
    line = line.strip()
    if line.startswith("["):
        section = line
    elif line and not line.startswith("#") and section == "[entities]":
        declared.add(line)
    elif line and not line.startswith("#") and section == "[relations]" and not line.startswith("<"):
        # `party<TAB>Arg1:AGREEMENT, Arg2:ORG|PARK|GPE`
        name, args = line.split("\t", 1)
        arg1, arg2 = (a.split(":", 1)[1].split("|") for a in args.split(", "))
        declared_relations[name] = (set(arg1), set(arg2))


def want_relations(root):
    """{id: [(label, head, child)]} of the accepted relations between
    accepted, placed annotations, read from the annotation files directly."""
    out = {}
    for ann in sorted(Path(root).rglob("*.txt.ann.json")):
        data = json.loads(ann.read_text(encoding="utf-8"))
        by_id = {
            a["id"]: (a["start"], a["end"], a["label"])
            for a in data["annotations"]
            if a["status"] == "accepted" and not a.get("stale")
        }
        rels = [
            (r["label"], by_id[r["head"]], by_id[r["child"]])
            for r in data.get("relations", [])
            if r["status"] == "accepted" and r["head"] in by_id and r["child"] in by_id
        ]
        text_path = ann.with_name(ann.name[: -len(".ann.json")])
        out[str(text_path.relative_to(root))] = sorted(set(rels))
    return out

examples = BratParser(error="raise").parse(str(out))
got = {}
got_relations = {}
for example in examples:
    text = example.text
    spans = []
    for entity in example.entities:
        if entity.type not in declared:
            source.fail(f"{example.id}: label {entity.type} is not declared in annotation.conf")
        fragments = sorted((s.start, s.end) for s in entity.spans)
        for (_, a), (b, _) in zip(fragments, fragments[1:]):
            if text[a:b].strip():
                source.fail(f"{example.id}: {entity} has fragments around non-white-space text")
        if " ".join(text[a:b] for a, b in fragments) != entity.mention:
            source.fail(f"{example.id}: mention {entity.mention!r} is not the text at {fragments}")
        start, end = fragments[0][0], fragments[-1][1]
        spans.append((start, end, entity.type, text[start:end]))
    got[example.id + ".txt"] = (text, sorted(spans))

    def end(entity):
        fragments = sorted((s.start, s.end) for s in entity.spans)
        return (fragments[0][0], fragments[-1][1], entity.type)

    relations = []
    for r in example.relations:
        if r.type not in declared_relations:
            source.fail(f"{example.id}: relation {r.type} is not declared in annotation.conf")
        heads, children = declared_relations[r.type]
        if r.arg1.type not in heads or r.arg2.type not in children:
            source.fail(f"{example.id}: relation {r.type} from {r.arg1.type} to {r.arg2.type} is not declared")
        relations.append((r.type, end(r.arg1), end(r.arg2)))
    got_relations[example.id + ".txt"] = sorted(set(relations))

source.expect_equal("documents", sorted(got), sorted(want))
for doc_id, (text, spans) in want.items():
    if got[doc_id][0] != text:
        source.fail(f"{doc_id}: brat text differs")
    source.expect_equal(doc_id, got[doc_id][1], spans)
wanted_relations = want_relations(root)
for doc_id in want:
    source.expect_equal(f"{doc_id} relations", got_relations[doc_id], wanted_relations.get(doc_id, []))
source.summary("brat", len(got), sum(len(s) for _, s in got.values()))
print(f"ok: brat: {sum(len(r) for r in got_relations.values())} relations match the annotation files")
