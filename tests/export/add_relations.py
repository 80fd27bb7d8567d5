"""Adds relations to the annotation files of the suite's corpus, so that
every format's relations are exercised: the gold relations of a JSON-lines
file (the guide's `head_span`/`child_span` shape) matched to the annotations
by (start, end, label), plus, for the Unicode texts (which carry no gold
relations), the relations their sentences state, listed below.

Written straight into `*.txt.ann.json` as the annotation-file schema
defines them (`relations: [{id, head, child, label, status}]`), so this does
not depend on `pactum import` reading relations. A relation already in the
file (same head, child and label) is not added twice.

usage: add_relations.py ROOT GOLD.jsonl  |  add_relations.py ROOT --unicode"""

import hashlib
import json
import sys
from pathlib import Path

import source

# (document, head text, head label, child text, child label, relation) in
# tests/data/export/texts: the sentences state each one.
UNICODE = [
    ("skolkovo.txt", "MOU", "AGREEMENT", "Сколково", "PARK", "party"),
    ("skolkovo.txt", "MOU", "AGREEMENT", "Technopolis Plc", "ORG", "party"),
    ("skolkovo.txt", "MOU", "AGREEMENT", "26 September", "DATE", "signed_on"),
    ("z-park.txt", "Z-Park", "PARK", "Beijing", "GPE", "located_in"),
    ("z-park.txt", "Ascendas-Singbridge", "ORG", "Сингапур", "GPE", "located_in"),
]


def relation_id(head, child, label):
    return "r" + hashlib.sha256(f"{head} {child} {label}".encode()).hexdigest()[:11]


def add(ann_path, wanted):
    """wanted: [((start, end, label), (start, end, label), relation)]; returns how many were added."""
    data = json.loads(ann_path.read_text(encoding="utf-8"))
    ids = {(a["start"], a["end"], a["label"]): a["id"] for a in data["annotations"] if a["status"] == "accepted"}
    relations = data.setdefault("relations", [])
    have = {(r["head"], r["child"], r["label"]) for r in relations}
    added = 0
    for head, child, label in wanted:
        if head not in ids or child not in ids:
            source.fail(f"{ann_path}: relation {label} {head} -> {child}: an end is not an accepted annotation")
        key = (ids[head], ids[child], label)
        if key in have:
            continue
        have.add(key)
        relations.append({"id": relation_id(*key), "head": key[0], "child": key[1], "label": label, "status": "accepted"})
        added += 1
    ann_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return added


def span_key(s):
    return (s["start"], s["end"], s["label"])


def main():
    root = Path(sys.argv[1])
    wanted = {}
    if sys.argv[2] == "--unicode":
        texts = {doc_id: text for doc_id, (text, _) in source.load(root).items()}
        for doc, head, hl, child, cl, label in UNICODE:
            text = texts[doc]
            h, c = text.index(head), text.index(child)
            wanted.setdefault(doc, []).append(((h, h + len(head), hl), (c, c + len(child), cl), label))
    else:
        for line in open(sys.argv[2], encoding="utf-8"):
            doc = json.loads(line)
            rels = [(span_key(r["head_span"]), span_key(r["child_span"]), r["label"]) for r in doc.get("relations", [])]
            if rels:
                wanted[doc["id"]] = rels
    added = sum(add(root / f"{doc}.ann.json", rels) for doc, rels in wanted.items())
    print(f"    {added} relation(s) added to {len(wanted)} annotation file(s) under {root}")


if __name__ == "__main__":
    main()
