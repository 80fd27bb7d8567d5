#!/usr/bin/env python3
"""A large corpus of news-like articles for throughput measurements and the
Spark suite, made by recombining the paragraphs of the bundled articles
(corpus/, tests/data/heldout/, tests/data/real/train/): every article is 4-13
paragraphs of real text of the genre, so the engine works as on real news.

    scripts/gen_corpus.py --mb 20 --dir /tmp/corpus20      # *.txt files
    scripts/gen_corpus.py --mb 1 --jsonl /tmp/docs.jsonl   # {"id", "text"} lines

Deterministic for a given --seed. The test split of tests/data/real is not
used (it is kept away from everything but scoring).
"""

import argparse
import json
import pathlib
import random
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
SOURCES = [REPO / "corpus", REPO / "tests/data/heldout", REPO / "tests/data/real/train"]


def paragraphs():
    out = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            out.extend(p.strip() for p in text.split("\n\n") if p.strip())
    if not out:
        sys.exit("gen_corpus: no source texts found")
    return out


def articles(total_bytes, seed):
    rng = random.Random(seed)
    paras = paragraphs()
    made = 0
    n = 0
    while made < total_bytes:
        text = "\n\n".join(rng.choice(paras) for _ in range(rng.randint(4, 13))) + "\n"
        made += len(text.encode("utf-8"))
        n += 1
        yield f"{n:06d}.txt", text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, required=True, help="size in megabytes (10^6 bytes)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--dir", type=pathlib.Path, help="write one .txt file per article here")
    ap.add_argument("--jsonl", type=pathlib.Path, help="write {id, text} lines here")
    args = ap.parse_args()
    if not args.dir and not args.jsonl:
        ap.error("give --dir or --jsonl (or both)")
    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=True)
    lines = open(args.jsonl, "w", encoding="utf-8") if args.jsonl else None
    count = 0
    for name, text in articles(int(args.mb * 1e6), args.seed):
        if args.dir:
            (args.dir / name).write_text(text, encoding="utf-8")
        if lines:
            lines.write(json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n")
        count += 1
    if lines:
        lines.close()
    print(f"gen_corpus: {count} articles, {args.mb} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
