#!/usr/bin/env python3
"""Error analysis of the engine's suggestions against gold: missed and spurious spans per
label with their line, classed as boundary (same label overlaps), confusion (another label
overlaps) or plain. Entity spans match exactly; clause spans by IoU >= 0.5 (as score.py).

usage: scripts/errors.py GOLD.jsonl PRED.jsonl [--label L] [--kind missed|spurious]
                         [--summary] [--clause-labels SIGNING,PURPOSE,COMMITMENT]
Tune only on train/dev files: never point it at tests/data/real/test.jsonl while tuning.
"""
import argparse, json, collections


def load(path):
    docs = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                docs[d["id"]] = d
    return docs


def line_of(text, s, e):
    a = text.rfind("\n", 0, s) + 1
    b = text.find("\n", e)
    b = len(text) if b < 0 else b
    ln = text[a:b]
    if len(ln) > 300:
        lo = max(0, s - a - 120)
        ln = "…" + ln[lo:lo + 300] + "…"
    return ln


def iou(a, b):
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--label")
    ap.add_argument("--kind", choices=["missed", "spurious"])
    ap.add_argument("--summary", action="store_true")
    ap.add_argument("--clause-labels", default="SIGNING,PURPOSE,COMMITMENT")
    a = ap.parse_args()
    clause = set(a.clause_labels.split(","))
    gold, pred = load(a.gold), load(a.pred)
    rows = []
    for did, g in gold.items():
        text = g["text"]
        gs = {(s["start"], s["end"], s["label"]) for s in g["spans"]}
        ps = {(s["start"], s["end"], s["label"]) for s in pred.get(did, {}).get("spans", [])}
        ge, pe = {x for x in gs if x[2] not in clause}, {x for x in ps if x[2] not in clause}
        gc, pc = [x for x in gs if x[2] in clause], [x for x in ps if x[2] in clause]
        for kind, mine, other in (("missed", ge, pe), ("spurious", pe, ge)):
            for x in sorted(mine - other):
                ov = [y for y in other if y[0] < x[1] and x[0] < y[1]]
                cls = "boundary" if any(y[2] == x[2] for y in ov) else ("confusion" if ov else "plain")
                note = ", ".join(f"{y[2]}:{text[y[0]:y[1]]!r}" for y in ov)
                rows.append((kind, x[2], cls, did, text[x[0]:x[1]], note, line_of(text, x[0], x[1])))
        # clauses: greedy one-to-one by IoU
        for kind, mine, other in (("missed", gc, pc), ("spurious", pc, gc)):
            used = set()
            for x in sorted(mine):
                best = None
                for j, y in enumerate(other):
                    if j not in used and y[2] == x[2] and iou(x, y) >= 0.5:
                        best = j
                        break
                if best is not None:
                    used.add(best)
                    continue
                ov = [y for y in other if y[0] < x[1] and x[0] < y[1]]
                cls = "boundary" if any(y[2] == x[2] for y in ov) else ("confusion" if ov else "plain")
                note = ", ".join(y[2] for y in ov)
                rows.append((kind, x[2], cls, did, text[x[0]:x[1]][:200], note, ""))
    if a.summary:
        c = collections.Counter((r[1], r[0], r[2]) for r in rows)
        for (lab, kind, cls), n in sorted(c.items(), key=lambda t: -t[1]):
            print(f"{n:4d}  {lab:11s} {kind:8s} {cls}")
        return
    for r in rows:
        if a.label and r[1] != a.label or a.kind and r[0] != a.kind:
            continue
        print(f"[{r[0]} {r[1]} {r[2]}] {r[4]!r}  ({r[3]})")
        if r[5]:
            print(f"    other: {r[5]}")
        if r[6]:
            print(f"    | {r[6]}")


if __name__ == "__main__":
    main()
