#!/usr/bin/env python3
"""A copy of the real-article gold with a label no engine rule knows: TECH_FIELD.

TECH_FIELD is a field of technology or industry a park, company or agreement
works in ("artificial intelligence", "biomedicine", "ICT", "new materials").
The terms below were collected by reading the train articles
(`../train.jsonl`) for the fields they name; each is tagged at every
whole-word occurrence that lies outside the article's existing spans (so
"Samsung Electronics" stays an ORG). Acronyms match case-sensitively, other
terms in any case. Bare "energy", "IT" inside names and generic words
("technology", "innovation") are not fields by this rule.

    python3 tests/data/real/tech_field/build.py      # writes train_tech_field.jsonl, parks-tech.json

Writes, beside this script:
- `train_tech_field.jsonl`: `../train.jsonl` plus the TECH_FIELD spans;
- `parks-tech.json`: the `parks-v1` schema plus TECH_FIELD.
Used by `pactum simulate --schema parks-tech.json` for the new-label curve
(`curve.py`).
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))

# Case-sensitive acronyms.
ACRONYMS = ["ICT", "IT", "AI", "IoT", "5G"]
# Any case, longest first so "renewable energy" wins over shorter matches.
TERMS = [
    "artificial intelligence", "information technology", "information and communication technology",
    "information and communications technology", "internet of things", "advanced manufacturing",
    "smart manufacturing", "intelligent manufacturing", "renewable energy", "new energy", "clean energy",
    "green energy", "life sciences", "life science", "new materials", "advanced materials", "cloud computing",
    "big data", "digital health", "digital economy", "medical devices", "medical device", "health care",
    "smart cities", "smart city", "biotechnology", "biotech", "biomedicine", "biomedical", "semiconductors",
    "semiconductor", "cleantech", "fintech", "agritech", "robotics", "nanotechnology", "electronics",
    "software", "healthcare", "pharmaceuticals", "pharmaceutical", "agriculture", "blockchain", "aerospace",
    "e-commerce", "automotive", "mobility",
]


def field_spans(text, taken):
    spans = []
    used = [False] * len(text)
    for s, e in taken:
        for i in range(s, min(e, len(text))):
            used[i] = True
    patterns = [(re.compile(r"(?<![\w-])" + re.escape(t) + r"(?![\w-])", re.I)) for t in sorted(TERMS, key=len, reverse=True)]
    patterns += [re.compile(r"(?<![\w-])" + re.escape(a) + r"(?![\w-])") for a in ACRONYMS]
    for p in patterns:
        for m in p.finditer(text):
            s, e = m.span()
            if any(used[s:e]):
                continue
            # "IT" only as a field: not sentence-initial pronoun-like capitals ("IT PARK" headlines stay out).
            if m.group(0) == "IT" and (text[e:e + 1].isupper() or text[max(0, s - 1):s].isupper()):
                continue
            for i in range(s, e):
                used[i] = True
            spans.append({"start": s, "end": e, "label": "TECH_FIELD", "text": text[s:e]})
    return spans


def main():
    src = os.path.join(HERE, "..", "train.jsonl")
    out = os.path.join(HERE, "train_tech_field.jsonl")
    added = 0
    with open(src, encoding="utf-8") as fh, open(out, "w", encoding="utf-8") as w:
        for line in fh:
            if not line.strip():
                continue
            doc = json.loads(line)
            taken = [(s["start"], s["end"]) for s in doc["spans"] if s["label"] not in ("SIGNING", "PURPOSE", "COMMITMENT")]
            new = field_spans(doc["text"], taken)
            added += len(new)
            doc["spans"] = sorted(doc["spans"] + new, key=lambda s: (s["start"], s["end"], s["label"]))
            w.write(json.dumps(doc, ensure_ascii=False) + "\n")
    schema = json.load(open(os.path.join(ROOT, "schemas", "parks-v1.json"), encoding="utf-8"))
    schema["id"] = "parks-tech"
    schema["title"] = "parks-v1 plus TECH_FIELD (the learner's new-label benchmark)"
    schema["$schema"] = "../../../../schemas/schema.schema.json"
    schema["labels"].append({
        "name": "TECH_FIELD", "kind": "entity", "color": "#17becf", "key": "f",
        "description": "A field of technology or industry.",
        "explanation": "A field a park, company or agreement works in: `artificial intelligence`, `biomedicine`, `ICT`, `new materials`.",
    })
    with open(os.path.join(HERE, "parks-tech.json"), "w", encoding="utf-8") as w:
        json.dump(schema, w, ensure_ascii=False, indent=2)
        w.write("\n")
    print(f"{out}: {added} TECH_FIELD spans")


if __name__ == "__main__":
    main()
