#!/usr/bin/env python3
"""List the differences between two annotations of the same articles (JSON lines of build_gold.py).

usage (from tests/data/real/):
  python3 second/diff_annotations.py [FIRST.jsonl [SECOND.jsonl]] [--gold ADJUDICATED.jsonl]
                                     [--doc ID] [--summary] [--tsv FILE]
defaults: FIRST = test.jsonl, SECOND = second/second.jsonl

A difference is one place where the two copies disagree:
  entities  the spans that are in one copy only (exact start, end, label) are grouped by overlap;
            each group is one difference, of kind
              only-first / only-second   the other copy has nothing there
              label                      same offsets, other label
              boundary                   same label, other offsets
              boundary+label             other offsets and other label
              split                      one copy has more than one span in the group
  clauses   matched like score.py (same label, IoU >= 0.5, one to one); the unmatched ones are
            grouped by overlap: only-first / only-second / label / boundary (same label, IoU < 0.5);
            matched pairs whose offsets differ are listed as "offsets" (not scored as a difference)
  relations exact (label, head span, child span); a first-only and a second-only relation with the
            same label whose heads and children overlap pairwise form one "end-span" difference
            (it follows an entity difference); the rest are only-first / only-second.
With --gold, every difference is resolved against the adjudicated copy:
  first right   the gold has exactly the first copy's items of the group and none of the second's
  second right  the gold has exactly the second copy's items and none of the first's
  both wrong    anything else (the gold has a third reading)
and the items the gold changed where both copies agreed are listed as "agreed, changed".
"""
import argparse
import json
import sys
from collections import Counter, defaultdict

CLAUSE_LABELS = {"SIGNING", "PURPOSE", "COMMITMENT"}


def load(path):
    docs = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                docs[rec["id"]] = rec
    return docs


def ents(rec):
    return {(d["start"], d["end"], d["label"]) for d in rec["spans"] if d["label"] not in CLAUSE_LABELS}


def clauses(rec):
    return {(d["start"], d["end"], d["label"]) for d in rec["spans"] if d["label"] in CLAUSE_LABELS}


def rels(rec):
    out = set()
    for r in rec.get("relations", []):
        h, c = r["head_span"], r["child_span"]
        out.add((r["label"], (h["start"], h["end"], h["label"]), (c["start"], c["end"], c["label"])))
    return out


def overlap(a, b):
    return a[0] < b[1] and b[0] < a[1]


def iou(a, b):
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def match_clauses(xs, ys):
    """Greedy one-to-one matching by IoU (same label, IoU >= 0.5), best pairs first."""
    pairs = sorted(((iou(x, y), x, y) for x in xs for y in ys if x[2] == y[2] and iou(x, y) >= 0.5),
                   reverse=True)
    used_x, used_y, matched = set(), set(), []
    for _v, x, y in pairs:
        if x not in used_x and y not in used_y:
            used_x.add(x)
            used_y.add(y)
            matched.append((x, y))
    return matched, [x for x in xs if x not in used_x], [y for y in ys if y not in used_y]


def groups(a_items, b_items, touch):
    """Connected components of a_items ∪ b_items under touch(x, y)."""
    nodes = [("A", x) for x in sorted(a_items)] + [("B", y) for y in sorted(b_items)]
    parent = list(range(len(nodes)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(nodes)):
        for j in range(i + 1, len(nodes)):
            if touch(nodes[i][1], nodes[j][1]):
                parent[find(i)] = find(j)
    comp = defaultdict(lambda: ([], []))
    for i, (side, item) in enumerate(nodes):
        comp[find(i)][0 if side == "A" else 1].append(item)
    def pos(x):
        return x[1][0] if isinstance(x[0], str) else x[0]
    return sorted(comp.values(), key=lambda ab: min(pos(x) for x in ab[0] + ab[1]))


def entity_kind(a, b):
    if not b:
        return "only-first"
    if not a:
        return "only-second"
    if len(a) > 1 or len(b) > 1:
        return "split"
    (x,), (y,) = a, b
    if x[:2] == y[:2]:
        return "label"
    if x[2] == y[2]:
        return "boundary"
    return "boundary+label"


def resolve(a, b, in_gold, extra):
    """first right / second right / both wrong."""
    a_in = [in_gold(x) for x in a]
    b_in = [in_gold(y) for y in b]
    if all(a_in) and not any(b_in) and not extra:
        return "first right"
    if all(b_in) and not any(a_in) and not extra:
        return "second right"
    return "both wrong"


def show_span(text, s):
    return f"{s[2]} {text[s[0]:s[1]]!r}@{s[0]}"


def show_clause(text, s):
    t = text[s[0]:s[1]]
    t = t if len(t) <= 70 else t[:32] + " … " + t[-32:]
    return f"{s[2]} {t!r}@{s[0]}-{s[1]}"


def show_rel(text, r):
    lab, h, c = r
    return f"{lab}({text[h[0]:h[1]]!r}@{h[0]}, {text[c[0]:c[1]]!r}@{c[0]})"


def diff_doc(doc, f, s, g):
    """Yield (kind_of_item, kind, resolution, description lines) for one document."""
    text = f["text"]
    out = []
    # ---- entities
    fe, se = ents(f), ents(s)
    ge = ents(g) if g else None
    a, b = fe - se, se - fe
    for ga, gb in groups(a, b, overlap):
        kind = entity_kind(ga, gb)
        res = None
        if g is not None:
            lo, hi = min(x[0] for x in ga + gb), max(x[1] for x in ga + gb)
            extra = [z for z in ge - fe - se if overlap(z, (lo, hi))]
            res = resolve(ga, gb, lambda z: z in ge, extra)
            if res == "both wrong":
                res += " → gold: " + (", ".join(show_span(text, z) for z in sorted(
                    z for z in ge if overlap(z, (lo, hi)))) or "nothing")
        out.append(("entity", kind, res, [f"first:  {show_span(text, x)}" for x in ga]
                    + [f"second: {show_span(text, y)}" for y in gb]))
    # ---- clauses
    fc, sc = clauses(f), clauses(s)
    matched, ua, ub = match_clauses(fc, sc)
    gc = clauses(g) if g else None
    for ga, gb in groups(ua, ub, overlap):
        if not gb:
            kind = "only-first"
        elif not ga:
            kind = "only-second"
        elif {x[2] for x in ga} & {y[2] for y in gb}:
            kind = "boundary"
        else:
            kind = "label"
        res = None
        if g is not None:
            def in_gold(z):
                return any(w[2] == z[2] and iou(w, z) >= 0.5 for w in gc)
            lo, hi = min(x[0] for x in ga + gb), max(x[1] for x in ga + gb)
            extra = [w for w in gc if overlap(w, (lo, hi)) and not any(
                w[2] == z[2] and iou(w, z) >= 0.5 for z in ga + gb)]
            res = resolve(ga, gb, in_gold, extra)
        out.append(("clause", kind, res, [f"first:  {show_clause(text, x)}" for x in ga]
                    + [f"second: {show_clause(text, y)}" for y in gb]))
    for x, y in matched:
        if x != y:
            out.append(("clause-offsets", "offsets", None,
                        [f"first:  {show_clause(text, x)}", f"second: {show_clause(text, y)}"]))
    # ---- relations
    fr, sr = rels(f), rels(s)
    gr = rels(g) if g else None
    a, b = fr - sr, sr - fr

    def rel_touch(x, y):
        return x[0] == y[0] and overlap(x[1], y[1]) and overlap(x[2], y[2])

    for ga, gb in groups(a, b, rel_touch):
        kind = "only-first" if not gb else "only-second" if not ga else "end-span"
        res = None
        if g is not None:
            extra = [z for z in gr - fr - sr if any(rel_touch(z, w) for w in ga + gb)]
            res = resolve(ga, gb, lambda z: z in gr, extra)
        out.append(("relation", kind, res, [f"first:  {show_rel(text, x)}" for x in ga]
                    + [f"second: {show_rel(text, y)}" for y in gb]))
    # ---- agreed but changed by the adjudication
    if g is not None:
        for z in sorted((fe & se) - ge):
            out.append(("entity", "agreed, changed", "both wrong", [f"both:   {show_span(text, z)}",
                        "gold:   " + (", ".join(show_span(text, w) for w in sorted(ge) if overlap(w, z))
                                      or "nothing")]))
        for z in sorted(ge - fe - se):
            if not any(overlap(z, w) for w in (fe ^ se)):
                out.append(("entity", "agreed, changed", "both wrong", [f"gold adds: {show_span(text, z)}"]))
        for z in sorted(gc):
            if not any(w[2] == z[2] and iou(w, z) >= 0.5 for w in fc | sc):
                if not any(overlap(z, w) for w in ua + ub):
                    out.append(("clause", "agreed, changed", "both wrong",
                                [f"gold adds: {show_clause(text, z)}"]))
        for z in sorted(fc & sc):
            if not any(w[2] == z[2] and iou(w, z) >= 0.5 for w in gc):
                out.append(("clause", "agreed, changed", "both wrong",
                            [f"both:   {show_clause(text, z)}  — gold drops or relabels it"]))
        for z in sorted((fr & sr) - gr):
            out.append(("relation", "agreed, changed", "both wrong", [f"both:   {show_rel(text, z)}",
                        "gold drops it or moves an end"]))
        for z in sorted(gr - fr - sr):
            if not any(rel_touch(z, w) for w in (fr ^ sr)):
                out.append(("relation", "agreed, changed", "both wrong", [f"gold adds: {show_rel(text, z)}"]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("first", nargs="?", default="test.jsonl")
    ap.add_argument("second", nargs="?", default="second/second.jsonl")
    ap.add_argument("--gold", help="the adjudicated copy: resolve every difference against it")
    ap.add_argument("--doc", action="append", help="only this article (repeatable; id with or without .txt)")
    ap.add_argument("--summary", action="store_true", help="counts only")
    ap.add_argument("--tsv", help="write one row per difference to this file")
    args = ap.parse_args()
    first, second = load(args.first), load(args.second)
    gold = load(args.gold) if args.gold else {}
    ids = sorted(set(first) & set(second))
    for missing in sorted(set(first) ^ set(second)):
        print(f"!! {missing} is in one copy only", file=sys.stderr)
    if args.doc:
        want = {d if d.endswith(".txt") else d + ".txt" for d in args.doc}
        ids = [d for d in ids if d in want]
    counts, res_counts = Counter(), Counter()
    rows = []
    for doc in ids:
        if first[doc]["text"] != second[doc]["text"]:
            print(f"!! {doc}: the two copies have different texts", file=sys.stderr)
            continue
        diffs = diff_doc(doc, first[doc], second[doc], gold.get(doc) if args.gold else None)
        if diffs and not args.summary:
            print(f"===== {doc}")
        for what, kind, res, lines in diffs:
            counts[(what, kind)] += 1
            if res:
                res_counts[(what, kind if kind == "agreed, changed" else "difference",
                            res.split(" →")[0])] += 1
            rows.append((doc, what, kind, res or "", " | ".join(lines)))
            if not args.summary:
                print(f"  [{what} {kind}]" + (f"  => {res}" if res else ""))
                for ln in lines:
                    print("      " + ln)
    print("\n----- differences by kind")
    for what in ("entity", "clause", "relation", "clause-offsets"):
        ks = {k: n for (w, k), n in counts.items() if w == what and k != "agreed, changed"}
        if ks:
            print(f"  {what:15s} {sum(ks.values()):4d}   " + ", ".join(f"{k} {n}" for k, n in sorted(ks.items())))
    if args.gold:
        print("----- resolution against the adjudicated copy")
        for what in ("entity", "clause", "relation"):
            r = {res: n for (w, k, res), n in res_counts.items() if w == what and k == "difference"}
            c = sum(n for (w, k, res), n in res_counts.items() if w == what and k == "agreed, changed")
            print(f"  {what:9s} " + ", ".join(f"{k} {r.get(k, 0)}" for k in
                                               ("first right", "second right", "both wrong"))
                  + f"; agreed by both but changed: {c}")
    if args.tsv:
        with open(args.tsv, "w", encoding="utf-8") as fh:
            fh.write("doc\twhat\tkind\tresolution\titems\n")
            for row in rows:
                fh.write("\t".join(x.replace("\t", " ").replace("\n", " ") for x in row) + "\n")


if __name__ == "__main__":
    main()
