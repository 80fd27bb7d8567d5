#!/usr/bin/env python3
"""Plans a scripted annotation session: what an annotator has to do to turn
the engine's suggestions on one article into its gold annotations.

Both editor suites (tests/nvim/test_session.lua, tests/vscode/session.js) run
the plan twice in the real editor — with today's code-action flow and with
the keyboard commands of issue 14 — press real keys, count them, and check
that the annotation file ends up equal to the gold. This script only decides
*what* to change; *how* (which keys) is each driver's job.

usage: plan.py PACTUM_BIN TEXT GOLD_JSONL DOC_ID  → JSON on stdout

Output (offsets in code points, end exclusive):
  {"gold": [[s, e, label], …], "suggested": N, "suggestions": [[s, e, label], …],
   "ops": [{"op": "reject"|"relabel"|"reshape"|"tag", "span": [s, e, label]?,
            "to": [s, e, label]?, "at": p, "steps": [...]|null, "word": bool}, …]}

- Suggestions equal to a gold span are left for one final "accept all".
- A suggestion overlapping an unmatched gold span of its kind (entity or
  clause) is relabelled (same span) or reshaped; any other is rejected.
- Gold spans no suggestion becomes are tagged.
- Suggestion ops come first, in document order, then tags: a tag never
  crosses a suggestion that is still to be rejected. A wrong suggestion
  inside the new extent of a reshaped one is rejected before the reshape.
- `at`: where the cursor must be for the span to be the innermost one under
  it (no smaller suggestion or gold span holds that point or ends there).
- `steps`: the word steps of the boundary commands that reshape the span
  (words as in server/lsp/src/words.rs), or null when no sequence of at most
  MAX_STEPS reaches the target (the driver then weighs them against
  selecting the new extent).
- `word`: the tag target is one word (the label picker tags it from the
  cursor, no selection needed).
"""
import json
import subprocess
import sys

CLAUSES = {"SIGNING", "PURPOSE", "COMMITMENT"}
MAX_STEPS = 12


def kind(label):
    return "clause" if label in CLAUSES else "entity"


def is_word_char(c):
    return c.isalnum()


# --- words, as server/lsp/src/words.rs defines them -------------------------

def skip_forward(text, c):
    breaks = 0
    while c < len(text):
        if not text[c].isspace():
            return c
        if text[c] == "\n":
            breaks += 1
            if breaks >= 2:
                return None
        c += 1
    return None


def skip_backward(text, c):
    breaks = 0
    while c > 0:
        if not text[c - 1].isspace():
            return c
        if text[c - 1] == "\n":
            breaks += 1
            if breaks >= 2:
                return None
        c -= 1
    return None


def word_end_from(text, c):
    if not is_word_char(text[c]):
        return c + 1
    e = c + 1
    while e < len(text) and is_word_char(text[e]):
        e += 1
    return e


def word_start_before(text, c):
    if not is_word_char(text[c - 1]):
        return c - 1
    s = c - 1
    while s > 0 and is_word_char(text[s - 1]):
        s -= 1
    return s


def step(text, s, e, change):
    if change == "extendNext":
        f = skip_forward(text, e)
        return None if f is None else (s, word_end_from(text, f))
    if change == "extendPrevious":
        t = skip_backward(text, s)
        return None if t is None else (word_start_before(text, t), e)
    if change == "shrinkStart":
        n = min(word_end_from(text, s), e)
        while n < e and text[n].isspace():
            n += 1
        return None if n >= e else (n, e)
    if change == "shrinkEnd":
        n = max(word_start_before(text, e), s)
        while n > s and text[n - 1].isspace():
            n -= 1
        return None if n <= s else (s, n)
    raise ValueError(change)


def word_steps(text, span, target):
    """Steps from span (s, e) to target (s, e): extends first, then shrinks."""
    (s, e), (ts, te) = span, target
    steps = []
    while e < te:
        r = step(text, s, e, "extendNext")
        if r is None or r[1] > te:
            return None
        s, e = r
        steps.append("extendNext")
    while s > ts:
        r = step(text, s, e, "extendPrevious")
        if r is None or r[0] < ts:
            return None
        s, e = r
        steps.append("extendPrevious")
    while e > te:
        r = step(text, s, e, "shrinkEnd")
        if r is None or r[1] < te:
            return None
        s, e = r
        steps.append("shrinkEnd")
    while s < ts:
        r = step(text, s, e, "shrinkStart")
        if r is None or r[0] > ts:
            return None
        s, e = r
        steps.append("shrinkStart")
    if (s, e) != (ts, te) or len(steps) > MAX_STEPS:
        return None
    return steps


def word_at(text, c):
    if c < len(text) and is_word_char(text[c]):
        i = c
    elif 0 < c <= len(text) and is_word_char(text[c - 1]):
        i = c - 1
    else:
        return None
    s, e = i, i + 1
    while s > 0 and is_word_char(text[s - 1]):
        s -= 1
    while e < len(text) and is_word_char(text[e]):
        e += 1
    return (s, e)


# --- the plan ----------------------------------------------------------------

def cursor_point(span, others):
    """A point of span where no smaller other span holds it (a span's end counts)."""
    s, e = span[0], span[1]
    smaller = [o for o in others if (o[1] - o[0]) < (e - s)]
    for p in range(s, e):
        if not any(o[0] <= p <= o[1] for o in smaller):
            return p
    return None


def plan(text, suggested, gold):
    gold_set = set(gold)
    exact = [p for p in suggested if p in gold_set]
    matched = set(exact)
    every = list(set(suggested) | gold_set)
    ops = []
    for p in sorted(suggested, key=lambda x: (x[0], -x[1])):
        if p in gold_set:
            continue
        overlapping = [g for g in gold if g not in matched and kind(g[2]) == kind(p[2]) and g[0] < p[1] and p[0] < g[1]]
        at = cursor_point(p, [o for o in every if o != p])
        if not overlapping:
            ops.append({"op": "reject", "span": list(p), "at": at})
            continue
        g = max(overlapping, key=lambda g: (min(g[1], p[1]) - max(g[0], p[0]), -g[0]))
        matched.add(g)
        if (g[0], g[1]) == (p[0], p[1]):
            ops.append({"op": "relabel", "span": list(p), "to": list(g), "at": at})
        else:
            ops.append({"op": "reshape", "span": list(p), "to": list(g), "at": at,
                        "steps": word_steps(text, (p[0], p[1]), (g[0], g[1]))})
    # "Set span to selection" means the span the selection overlaps most: a
    # wrong suggestion inside the new extent is rejected first.
    for r in [o for o in ops if o["op"] == "reshape"]:
        inside = [o for o in ops if o["op"] == "reject" and o["span"][0] < r["to"][1] and r["to"][0] < o["span"][1]]
        for o in inside:
            ops.remove(o)
            ops.insert(ops.index(r), o)
    for g in sorted(gold):
        if g in matched:
            continue
        ops.append({"op": "tag", "to": list(g), "word": word_at(text, g[0]) == (g[0], g[1])})
    return ops


def main():
    pactum, text_path, gold_path, doc_id = sys.argv[1:5]
    gold_doc = next(d for d in map(json.loads, open(gold_path, encoding="utf-8")) if d["id"].split("/")[-1] == doc_id)
    out = subprocess.run([pactum, "annotate", text_path], check=True, capture_output=True, text=True).stdout
    pred = json.loads(out.splitlines()[0])
    text = open(text_path, encoding="utf-8").read()
    if pred["text"] != text or gold_doc["text"] != text:
        sys.exit("plan.py: the gold, the engine and the file disagree on the text")
    suggested = [(s["start"], s["end"], s["label"]) for s in pred["spans"]]
    gold = [(s["start"], s["end"], s["label"]) for s in gold_doc["spans"]]
    json.dump({"gold": [list(g) for g in sorted(gold)], "suggested": len(suggested),
               "suggestions": [list(p) for p in sorted(suggested)],
               "ops": plan(text, suggested, gold)}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
