#!/usr/bin/env python3
"""Build gold.jsonl for the held-out set from the annotation lists in annotations.py.

Offsets are computed mechanically from the article texts (*.txt next to this script):
Python str (code point) offsets, end exclusive.  Every problem is fatal.

Entity entries: (LABEL, surface, where)
  where = int      -> the where-th (0-based) occurrence of `surface` in the text, counting
                      every occurrence that is word-bounded (no letter/digit glued on either
                      side when the surface starts/ends with one); case-sensitive.
  where = "all"    -> every word-bounded occurrence that is not already inside a longer span.
                      "all" entries are placed after the explicit ones, longest surface first,
                      so an occurrence inside an outer name (e.g. "Hsinchu" inside
                      "Hsinchu Science Park") is skipped: the outer name wins.
  where = "ctx:…"  -> the context string must occur exactly once in the text and contain
                      `surface` exactly once (word-bounded); the span is that occurrence.
Clause entries: (LABEL, first words, last words[, occurrence of first words])
  The span runs from the first words (which must be unique unless an occurrence index is
  given) to the end of the first following occurrence of the last words.

Checks: spans never cross a line break, entity spans never overlap each other, clause spans
never overlap each other, entity spans carry no outer whitespace/punctuation (an
abbreviation's final period is allowed) and no leading determiner, every span's text equals
text[start:end].

usage: python3 build_gold.py [--review]   (--review prints every span and possible misses)
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from annotations import ANNOTATIONS  # noqa: E402

ENTITY_LABELS = {"PERSON", "ORG", "PARK", "GPE", "LOC", "EVENT", "ROLE", "DATE", "MONEY",
                 "CARDINAL", "ORDINAL", "PERCENT", "AGREEMENT"}
CLAUSE_LABELS = {"SIGNING", "PURPOSE", "COMMITMENT"}


class GoldError(Exception):
    pass


def is_word(ch):
    return ch.isalnum() or ch == "_"


def occurrences(text, s):
    """Word-bounded, case-sensitive occurrences of s in text."""
    out, i = [], text.find(s)
    while i >= 0:
        j = i + len(s)
        ok = True
        if is_word(s[0]) and i > 0 and is_word(text[i - 1]):
            ok = False
        if is_word(s[-1]) and j < len(text) and is_word(text[j]):
            ok = False
        if ok:
            out.append((i, j))
        i = text.find(s, i + 1)
    return out


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def contains(outer, inner):
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def build_doc(doc_id, text, ann):
    ents = []  # (start, end, label)

    def place(s, e, lab, what):
        for (s2, e2, l2) in ents:
            if overlaps((s, e), (s2, e2)):
                raise GoldError(f"{doc_id}: {what} {text[s:e]!r}@{s} overlaps "
                                f"{l2} {text[s2:e2]!r}@{s2}")
        ents.append((s, e, lab))

    explicit, alls = [], []
    for entry in ann["entities"]:
        if len(entry) != 3:
            raise GoldError(f"{doc_id}: bad entity entry {entry!r}")
        lab, surf, where = entry
        if lab not in ENTITY_LABELS:
            raise GoldError(f"{doc_id}: unknown entity label in {entry!r}")
        (alls if where == "all" else explicit).append(entry)

    for lab, surf, where in explicit:
        occ = occurrences(text, surf)
        if isinstance(where, int):
            if where >= len(occ):
                raise GoldError(f"{doc_id}: {lab} {surf!r}: occurrence {where} requested, "
                                f"{len(occ)} found")
            s, e = occ[where]
        elif isinstance(where, str) and where.startswith("ctx:"):
            ctx = where[4:]
            n = text.count(ctx)
            if n != 1:
                raise GoldError(f"{doc_id}: context {ctx!r} found {n} times")
            c0 = text.find(ctx)
            inside = [(s, e) for (s, e) in occ if c0 <= s and e <= c0 + len(ctx)]
            if len(inside) != 1:
                raise GoldError(f"{doc_id}: {surf!r} found {len(inside)} times in context {ctx!r}")
            s, e = inside[0]
        else:
            raise GoldError(f"{doc_id}: bad 'where' in {(lab, surf, where)!r}")
        place(s, e, lab, f"{lab} {surf!r}")

    for lab, surf, _ in sorted(alls, key=lambda x: -len(x[1])):
        occ = occurrences(text, surf)
        if not occ:
            raise GoldError(f"{doc_id}: {lab} {surf!r} (all) not found")
        placed = 0
        for s, e in occ:
            if any((s2, e2, l2) == (s, e, lab) for (s2, e2, l2) in ents):
                continue
            if any(contains((s2, e2), (s, e)) and (s2, e2) != (s, e) for (s2, e2, _l) in ents):
                continue  # inside an outer name
            place(s, e, lab, f"{lab} {surf!r} (all)")
            placed += 1
        if placed == 0:
            raise GoldError(f"{doc_id}: {lab} {surf!r} (all) placed nothing")

    clauses = []
    for entry in ann["clauses"]:
        if len(entry) not in (3, 4):
            raise GoldError(f"{doc_id}: bad clause entry {entry!r}")
        lab, first, last = entry[:3]
        if lab not in CLAUSE_LABELS:
            raise GoldError(f"{doc_id}: unknown clause label in {entry!r}")
        starts = [m.start() for m in re.finditer(re.escape(first), text)]
        if len(entry) == 4:
            s = starts[entry[3]]
        else:
            if len(starts) != 1:
                raise GoldError(f"{doc_id}: clause start {first!r} found {len(starts)} times")
            s = starts[0]
        j = text.find(last, s)
        if j < 0:
            raise GoldError(f"{doc_id}: clause end {last!r} not found after {first!r}")
        e = j + len(last)
        for (s2, e2, l2) in clauses:
            if overlaps((s, e), (s2, e2)):
                raise GoldError(f"{doc_id}: clause {first!r} overlaps clause {text[s2:s2+30]!r}")
        clauses.append((s, e, lab))

    # ---- checks
    for (s, e, lab) in ents + clauses:
        span = text[s:e]
        if "\n" in span:
            raise GoldError(f"{doc_id}: {lab} span crosses a line: {span!r}")
        if span != span.strip() or not span:
            raise GoldError(f"{doc_id}: {lab} span has outer whitespace: {span!r}")
    for (s, e, lab) in ents:
        span = text[s:e]
        if re.match(r"(?i)(the|a|an)\s", span):
            raise GoldError(f"{doc_id}: {lab} span starts with a determiner: {span!r}")
        if unicodedata.category(span[0])[0] == "P" and span[0] not in "“":
            raise GoldError(f"{doc_id}: {lab} span starts with punctuation: {span!r}")
        if unicodedata.category(span[-1])[0] == "P" and span[-1] != "%" and not (span.endswith(".") and
                                                             re.search(r"\b[A-Z][a-z]{0,3}\.$", span)):
            raise GoldError(f"{doc_id}: {lab} span ends with punctuation: {span!r}")
        if span.endswith(("’s", "'s")):
            raise GoldError(f"{doc_id}: {lab} span keeps a possessive: {span!r}")
    for (s, e, lab) in clauses:
        before = text[s - 1] if s > 0 else "\n"
        if not (before.isspace() or s == 0):
            raise GoldError(f"{doc_id}: clause does not start at a word boundary: {text[s:s+40]!r}")
        after = text[e] if e < len(text) else "\n"
        if not (after.isspace() or after == "■"):
            raise GoldError(f"{doc_id}: clause does not end at a boundary: {text[e-40:e+1]!r}")

    spans = [{"start": s, "end": e, "label": lab, "text": text[s:e]}
             for (s, e, lab) in ents + clauses]
    spans.sort(key=lambda d: (d["start"], d["end"], d["label"]))
    for d in spans:
        assert text[d["start"]:d["end"]] == d["text"]
    return spans


def review(doc_id, text, spans):
    print(f"===== {doc_id}")
    for d in spans:
        t = d["text"] if len(d["text"]) < 80 else d["text"][:35] + " … " + d["text"][-35:]
        print(f"  {d['start']:5d} {d['end']:5d} {d['label']:10s} {t!r}")
    ents = [d for d in spans if d["label"] in ENTITY_LABELS]
    covered = [(d["start"], d["end"]) for d in ents]
    # tagged strings that also occur untagged (possible missed mentions)
    for surf in sorted({d["text"] for d in ents}):
        for (s, e) in occurrences(text, surf):
            if not any(contains(c, (s, e)) for c in covered):
                print(f"  ?? untagged occurrence of {surf!r} at {s}: {text[max(0,s-30):e+30]!r}")
    # capitalised words / numbers outside every entity span (eyeball for misses)
    words = []
    for m in re.finditer(r"[A-Z0-9][\w’'@$%.,-]*", text):
        if not any(contains(c, (m.start(), m.start() + 1)) for c in covered):
            words.append(m.group())
    print("  untagged capitalised/numeric tokens:", " ".join(words))


def main():
    review_mode = "--review" in sys.argv
    out = []
    for doc_id in sorted(ANNOTATIONS):
        path = os.path.join(HERE, doc_id)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        spans = build_doc(doc_id, text, ANNOTATIONS[doc_id])
        if review_mode:
            review(doc_id, text, spans)
        out.append({"id": doc_id, "text": text, "spans": spans})
    txts = sorted(f for f in os.listdir(HERE) if f.endswith(".txt"))
    if txts != sorted(ANNOTATIONS):
        raise GoldError(f"articles {txts} != annotated {sorted(ANNOTATIONS)}")
    with open(os.path.join(HERE, "gold.jsonl"), "w", encoding="utf-8") as fh:
        for rec in out:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n = sum(len(r["spans"]) for r in out)
    print(f"wrote gold.jsonl: {len(out)} documents, {n} spans", file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    except GoldError as e:
        sys.exit(f"build_gold: ERROR: {e}")
