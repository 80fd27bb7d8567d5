#!/usr/bin/env python3
"""Build the gold JSON lines of the real-article corpus from its annotation lists.

Layout (all beside this script):
  sources.tsv            one row per article: id, split (train|test|incoming), fetched, url, annotator
  train/ID, test/ID      the article texts, exactly as scraped (UTF-8)
  incoming/ID            articles not yet given a split
  annotations/ID.py      the annotation lists of one article (ID without ".txt"), see below
  train.jsonl, test.jsonl   written by this script (the guide's JSON-lines shape with relations)

An annotation file defines three lists:

  ENTITIES = [(LABEL, surface, where), ...]
    where = int      the where-th (0-based) word-bounded, case-sensitive occurrence of surface
    where = "all"    every word-bounded occurrence not inside a longer span (placed after the
                     explicit ones, longest surface first: "Hsinchu" inside "Hsinchu Science
                     Park" is skipped)
    where = "ctx:…"  the context occurs exactly once and holds surface exactly once
  CLAUSES = [(LABEL, first words, last words[, occurrence of first words]), ...]
    the span runs from first words to the end of the first following occurrence of last words
  RELATIONS = [(label, head, child[, "ctx:…"]), ...]
    head/child = surface or (surface, k): an annotated entity span whose text is surface
    (the k-th such span, 0-based, in document order, within the context when one is given);
    without k the choice must be unique. Both ends must lie in one sentence (checked: no line
    break between them; --review warns on a full stop between them).

Every problem is fatal and says where. usage:
  python3 build_gold.py                 check everything and write train.jsonl / test.jsonl
  python3 build_gold.py --review ID...  print the spans and relations of some articles and
                                        possible misses (tagged strings left untagged elsewhere)
  python3 build_gold.py --out FILE ID...  write the gold of some articles only (incoming too)
  --annotations DIR     read the annotation files from DIR (relative to this script or absolute)
                        instead of annotations/; with --review or --out only, e.g. the second,
                        independent annotation of the test split:
  python3 build_gold.py --annotations second/annotations --out second/second.jsonl ID...
"""
import csv
import json
import os
import re
import runpy
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ANN_DIR = os.path.join(HERE, "annotations")
ENTITY_LABELS = {"PERSON", "ORG", "PARK", "GPE", "LOC", "EVENT", "ROLE", "DATE", "MONEY",
                 "CARDINAL", "ORDINAL", "PERCENT", "AGREEMENT"}
CLAUSE_LABELS = {"SIGNING", "PURPOSE", "COMMITMENT"}
# The guide's relations: label -> (head labels, child labels).
RELATIONS = {
    "party": ({"AGREEMENT"}, {"ORG", "PARK", "GPE"}),
    "signatory": ({"AGREEMENT"}, {"PERSON"}),
    "signed_on": ({"AGREEMENT"}, {"DATE"}),
    "has_role": ({"PERSON"}, {"ROLE"}),
    "member_of": ({"PERSON"}, {"ORG", "PARK", "GPE"}),
    "located_in": ({"PARK", "ORG"}, {"GPE", "LOC"}),
}
SPLITS = ("train", "test", "incoming")


class GoldError(Exception):
    pass


def is_word(ch):
    return ch.isalnum() or ch == "_"


def occurrences(text, s):
    """Word-bounded, case-sensitive occurrences of s in text."""
    out, i = [], text.find(s)
    while i >= 0 and s:
        j = i + len(s)
        ok = not (is_word(s[0]) and i > 0 and is_word(text[i - 1]))
        ok = ok and not (is_word(s[-1]) and j < len(text) and is_word(text[j]))
        if ok:
            out.append((i, j))
        i = text.find(s, i + 1)
    return out


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def contains(outer, inner):
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def unique_context(doc, text, where):
    ctx = where[4:]
    n = text.count(ctx)
    if n != 1:
        raise GoldError(f"{doc}: context {ctx!r} found {n} times (must be once)")
    c0 = text.find(ctx)
    return c0, c0 + len(ctx)


def place_entities(doc, text, entries):
    ents = []

    def place(s, e, lab, what):
        for (s2, e2, l2) in ents:
            if overlaps((s, e), (s2, e2)):
                raise GoldError(f"{doc}: {what} {text[s:e]!r}@{s} overlaps {l2} {text[s2:e2]!r}@{s2}")
        ents.append((s, e, lab))

    explicit, alls = [], []
    for entry in entries:
        if not (isinstance(entry, tuple) and len(entry) == 3):
            raise GoldError(f"{doc}: bad entity entry {entry!r} (want (LABEL, surface, where))")
        lab, surf, where = entry
        if lab not in ENTITY_LABELS:
            raise GoldError(f"{doc}: unknown entity label in {entry!r}")
        (alls if where == "all" else explicit).append(entry)
    for lab, surf, where in explicit:
        occ = occurrences(text, surf)
        if isinstance(where, int):
            if where >= len(occ):
                raise GoldError(f"{doc}: {lab} {surf!r}: occurrence {where} asked, {len(occ)} found")
            s, e = occ[where]
        elif isinstance(where, str) and where.startswith("ctx:"):
            c0, c1 = unique_context(doc, text, where)
            inside = [(s, e) for (s, e) in occ if c0 <= s and e <= c1]
            if len(inside) != 1:
                raise GoldError(f"{doc}: {surf!r} found {len(inside)} times in context {where[4:]!r}")
            s, e = inside[0]
        else:
            raise GoldError(f"{doc}: bad 'where' in {(lab, surf, where)!r}")
        place(s, e, lab, f"{lab} {surf!r}")
    for lab, surf, _ in sorted(alls, key=lambda x: -len(x[1])):
        placed = 0
        for s, e in occurrences(text, surf):
            if any((s2, e2, l2) == (s, e, lab) for (s2, e2, l2) in ents):
                continue
            if any(contains((s2, e2), (s, e)) and (s2, e2) != (s, e) for (s2, e2, _l) in ents):
                continue
            place(s, e, lab, f"{lab} {surf!r} (all)")
            placed += 1
        if placed == 0:
            raise GoldError(f"{doc}: {lab} {surf!r} (all) placed nothing")
    return ents


def place_clauses(doc, text, entries):
    clauses = []
    for entry in entries:
        if not (isinstance(entry, tuple) and len(entry) in (3, 4)):
            raise GoldError(f"{doc}: bad clause entry {entry!r}")
        lab, first, last = entry[:3]
        if lab not in CLAUSE_LABELS:
            raise GoldError(f"{doc}: unknown clause label in {entry!r}")
        starts = [m.start() for m in re.finditer(re.escape(first), text)]
        if len(entry) == 4:
            if entry[3] >= len(starts):
                raise GoldError(f"{doc}: clause start {first!r}: occurrence {entry[3]} asked, {len(starts)} found")
            s = starts[entry[3]]
        else:
            if len(starts) != 1:
                raise GoldError(f"{doc}: clause start {first!r} found {len(starts)} times "
                                "(add an occurrence index)")
            s = starts[0]
        j = text.find(last, s)
        if j < 0:
            raise GoldError(f"{doc}: clause end {last!r} not found after {first!r}")
        e = j + len(last)
        for (s2, e2, _l) in clauses:
            if overlaps((s, e), (s2, e2)):
                raise GoldError(f"{doc}: clause {first!r} overlaps clause {text[s2:s2 + 40]!r}")
        clauses.append((s, e, lab))
    return clauses


def check_spans(doc, text, ents, clauses):
    for (s, e, lab) in ents + clauses:
        span = text[s:e]
        if not span or span != span.strip():
            raise GoldError(f"{doc}: {lab} span is empty or has outer white space: {span!r}@{s}")
        if "\n" in span:
            raise GoldError(f"{doc}: {lab} span crosses a line break: {span!r}@{s}")
    for (s, e, lab) in ents:
        span = text[s:e]
        if re.match(r"(?i)(the|a|an)\s", span):
            raise GoldError(f"{doc}: {lab} span starts with a determiner: {span!r}@{s}")
        if unicodedata.category(span[0])[0] == "P" and span[0] not in "“\"(":
            raise GoldError(f"{doc}: {lab} span starts with punctuation: {span!r}@{s}")
        if (unicodedata.category(span[-1])[0] == "P" and span[-1] not in "%)”\""
                and not (span.endswith(".") and re.search(r"\b[A-Z][A-Za-z]{0,4}\.$", span))):
            raise GoldError(f"{doc}: {lab} span ends with punctuation: {span!r}@{s}")
        if span.endswith(("’s", "'s")):
            raise GoldError(f"{doc}: {lab} span keeps a possessive: {span!r}@{s}")
    for (s, e, lab) in clauses:
        if s > 0 and is_word(text[s - 1]):
            raise GoldError(f"{doc}: clause starts inside a word: {text[s:s + 40]!r}")
        if e < len(text) and is_word(text[e]):
            raise GoldError(f"{doc}: clause ends inside a word: {text[max(0, e - 40):e + 1]!r}")


def resolve_end(doc, text, ents, spec, scope, what):
    if isinstance(spec, tuple):
        if len(spec) != 2 or not isinstance(spec[1], int):
            raise GoldError(f"{doc}: bad relation end {spec!r} in {what} (want surface or (surface, k))")
        surface, k = spec
    else:
        surface, k = spec, None
    cands = sorted((s, e, lab) for (s, e, lab) in ents
                   if text[s:e] == surface and (scope is None or contains(scope, (s, e))))
    if not cands:
        raise GoldError(f"{doc}: {what}: no annotated entity {surface!r}"
                        + (f" in context {text[scope[0]:scope[1]]!r}" if scope else ""))
    if k is None:
        if len(cands) != 1:
            raise GoldError(f"{doc}: {what}: {len(cands)} annotated entities {surface!r}"
                            " — give a ctx or an index")
        return cands[0]
    if k >= len(cands):
        raise GoldError(f"{doc}: {what}: index {k} asked, {len(cands)} annotated {surface!r}")
    return cands[k]


def place_relations(doc, text, ents, entries):
    rels = []
    for entry in entries:
        if not (isinstance(entry, tuple) and len(entry) in (3, 4)):
            raise GoldError(f"{doc}: bad relation entry {entry!r}")
        label, head, child = entry[:3]
        if label not in RELATIONS:
            raise GoldError(f"{doc}: unknown relation label in {entry!r}")
        scope = None
        if len(entry) == 4:
            if not (isinstance(entry[3], str) and entry[3].startswith("ctx:")):
                raise GoldError(f"{doc}: relation context must be 'ctx:…' in {entry!r}")
            scope = unique_context(doc, text, entry[3])
        h = resolve_end(doc, text, ents, head, scope, f"relation {entry!r} head")
        c = resolve_end(doc, text, ents, child, scope, f"relation {entry!r} child")
        heads, childs = RELATIONS[label]
        if h[2] not in heads or c[2] not in childs:
            raise GoldError(f"{doc}: {label} cannot link {h[2]} → {c[2]} in {entry!r}")
        lo, hi = min(h[0], c[0]), max(h[1], c[1])
        if "\n" in text[lo:hi]:
            raise GoldError(f"{doc}: relation {entry!r} crosses a line break (one sentence only)")
        rel = {"head_span": {"start": h[0], "end": h[1], "label": h[2]},
               "child_span": {"start": c[0], "end": c[1], "label": c[2]}, "label": label}
        if rel in rels:
            raise GoldError(f"{doc}: duplicate relation {entry!r}")
        rels.append(rel)
    rels.sort(key=lambda r: (r["head_span"]["start"], r["child_span"]["start"], r["label"]))
    return rels


def load_sources():
    path = os.path.join(HERE, "sources.tsv")
    rows = {}
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), 2):
            if row["split"] not in SPLITS:
                raise GoldError(f"sources.tsv:{n}: split {row['split']!r} is not one of {SPLITS}")
            if row["id"] in rows:
                raise GoldError(f"sources.tsv:{n}: id {row['id']!r} listed twice")
            rows[row["id"]] = row
    return rows


def build(doc, split):
    text_path = os.path.join(HERE, split, doc)
    ann_path = os.path.join(ANN_DIR, doc[:-4] + ".py")
    try:
        with open(text_path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as e:
        raise GoldError(f"{doc}: cannot read the text {text_path}: {e}")
    if not os.path.exists(ann_path):
        raise GoldError(f"{doc}: no annotation file {ann_path}")
    ns = runpy.run_path(ann_path)
    ents = place_entities(doc, text, ns.get("ENTITIES", []))
    clauses = place_clauses(doc, text, ns.get("CLAUSES", []))
    check_spans(doc, text, ents, clauses)
    rels = place_relations(doc, text, ents, ns.get("RELATIONS", []))
    spans = [{"start": s, "end": e, "label": lab, "text": text[s:e]} for (s, e, lab) in ents + clauses]
    spans.sort(key=lambda d: (d["start"], d["end"], d["label"]))
    return {"id": doc, "text": text, "spans": spans, "relations": rels}


def review(rec):
    text = rec["text"]
    print(f"===== {rec['id']}")
    for d in rec["spans"]:
        t = d["text"] if len(d["text"]) < 80 else d["text"][:35] + " … " + d["text"][-35:]
        print(f"  {d['start']:5d} {d['end']:5d} {d['label']:10s} {t!r}")
    for r in rec["relations"]:
        h, c = r["head_span"], r["child_span"]
        between = text[min(h["end"], c["end"]):max(h["start"], c["start"])]
        warn = "   !! full stop between the ends?" if re.search(r"[.!?]\s+[A-Z“\"]", between) else ""
        print(f"  {r['label']:10s} {text[h['start']:h['end']]!r} → {text[c['start']:c['end']]!r}{warn}")
    ents = [(d["start"], d["end"]) for d in rec["spans"] if d["label"] in ENTITY_LABELS]
    for surf in sorted({d["text"] for d in rec["spans"] if d["label"] in ENTITY_LABELS}):
        for (s, e) in occurrences(text, surf):
            if not any(contains(c, (s, e)) for c in ents):
                print(f"  ?? untagged {surf!r} at {s}: {text[max(0, s - 30):e + 30]!r}")
    words = [m.group() for m in re.finditer(r"[A-Z0-9][\w’'@$%.,-]*", text)
             if not any(contains(c, (m.start(), m.start() + 1)) for c in ents)]
    print("  untagged capitalised/numeric tokens:", " ".join(words))


def parse_args(argv):
    """Return (ids, review, out_path, annotations_dir)."""
    ids, review, out_path, ann_dir = [], False, None, None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--review":
            review = True
        elif a in ("--out", "--annotations"):
            if i + 1 >= len(argv):
                raise GoldError(f"{a} needs an argument")
            if a == "--out":
                out_path = argv[i + 1]
            else:
                ann_dir = argv[i + 1]
            i += 1
        elif a.startswith("--"):
            raise GoldError(f"unknown option {a}")
        else:
            ids.append(a if a.endswith(".txt") else a + ".txt")
        i += 1
    return ids, review, out_path, ann_dir


def main(argv):
    global ANN_DIR
    sources = load_sources()
    ids, review_mode, out_path, ann_dir = parse_args(argv)
    if ann_dir is not None:
        if not (review_mode or out_path):
            raise GoldError("--annotations is only for --review / --out (train.jsonl and test.jsonl "
                            "are always built from annotations/)")
        ANN_DIR = ann_dir if os.path.isabs(ann_dir) else os.path.join(HERE, ann_dir)
        if not os.path.isdir(ANN_DIR):
            raise GoldError(f"--annotations: no directory {ANN_DIR}")
    if review_mode or out_path:
        recs = []
        for doc in ids:
            if doc not in sources:
                raise GoldError(f"{doc}: not listed in sources.tsv")
            recs.append(build(doc, sources[doc]["split"]))
        if review_mode:
            for rec in recs:
                review(rec)
        if out_path:
            with open(out_path, "w", encoding="utf-8") as fh:
                for rec in recs:
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return
    out = {"train": [], "test": []}
    for doc, row in sorted(sources.items()):
        rec = build(doc, row["split"])
        if row["split"] in out:
            out[row["split"]].append(rec)
    for split in SPLITS:
        d = os.path.join(HERE, split)
        on_disk = sorted(f for f in os.listdir(d) if f.endswith(".txt")) if os.path.isdir(d) else []
        listed = sorted(doc for doc, row in sources.items() if row["split"] == split)
        if on_disk != listed:
            raise GoldError(f"{split}/ holds {sorted(set(on_disk) ^ set(listed))} not matching sources.tsv")
    for split, recs in out.items():
        with open(os.path.join(HERE, f"{split}.jsonl"), "w", encoding="utf-8") as fh:
            for rec in recs:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n = sum(len(r["spans"]) for r in recs)
        m = sum(len(r["relations"]) for r in recs)
        print(f"wrote {split}.jsonl: {len(recs)} documents, {n} spans, {m} relations", file=sys.stderr)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except GoldError as e:
        sys.exit(f"build_gold: ERROR: {e}")
