"""JSON lines: every line parses, text and spans equal the annotation files."""

import json
import sys

import source

root, path = sys.argv[1], sys.argv[2]
want = source.load(root)
got = {}
with open(path, encoding="utf-8") as f:
    for line in f:
        doc = json.loads(line)
        text = doc["text"]
        for s in doc["spans"]:
            if text[s["start"] : s["end"]] != s["text"]:
                source.fail(f"{doc['id']}: {s} does not match the text at its code-point offsets")
        got[doc["id"]] = (text, sorted((s["start"], s["end"], s["label"], s["text"]) for s in doc["spans"]))
source.expect_equal("documents", sorted(got), sorted(want))
for doc_id, (text, spans) in want.items():
    if got[doc_id][0] != text:
        source.fail(f"{doc_id}: text differs")
    source.expect_equal(doc_id, got[doc_id][1], spans)
source.summary("jsonl", len(got), sum(len(s) for _, s in got.values()))
