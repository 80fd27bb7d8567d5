#!/usr/bin/env python3
"""The new-label curve: how a label no rule knows is learnt, document by document.

usage: curve.py GOLD.jsonl SIMULATE_OUTPUT.jsonl [--label TECH_FIELD]

For each document of `pactum simulate`'s output (in order): the label's gold
count, correct, wrong and missed suggestions (exact start/end/label), and the
F1 over that document and all later ones ("from here on"); then the F1 over
documents 10 to the end, the figure the issue's target names.
"""
import argparse
import json


def f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("sim")
    ap.add_argument("--label", default="TECH_FIELD")
    a = ap.parse_args()
    gold = [json.loads(l) for l in open(a.gold, encoding="utf-8") if l.strip()]
    sim = [json.loads(l) for l in open(a.sim, encoding="utf-8") if l.strip()]
    sim = [s for s in sim if "summary" not in s]
    assert len(gold) == len(sim), "the simulate output has one line per gold document"
    rows = []
    for g, s in zip(gold, sim):
        gs = {(x["start"], x["end"]) for x in g["spans"] if x["label"] == a.label}
        ps = {(x["start"], x["end"]) for x in s["suggested_spans"] if x["label"] == a.label}
        rows.append((len(gs), len(gs & ps), len(ps - gs), len(gs - ps)))
    print("doc  gold  correct  wrong  missed  F1_from_here_on")
    for k, (n, tp, fp, fn) in enumerate(rows, 1):
        rest = [sum(r[i] for r in rows[k - 1:]) for i in (1, 2, 3)]
        print(f"{k:3}  {n:4}  {tp:7}  {fp:5}  {fn:6}  {f1(*rest):.3f}")
    tail = [sum(r[i] for r in rows[9:]) for i in (1, 2, 3)]
    print(json.dumps({"label": a.label, "f1_from_doc_10": round(f1(*tail), 3), "tp_fp_fn": tail}))


if __name__ == "__main__":
    main()
