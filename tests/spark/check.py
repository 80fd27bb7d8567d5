"""Spark's RDD.pipe over `pactum annotate -` equals one local run, line for line.

    check.py DOCS.jsonl WORKDIR     (env PACTUM_BIN: the pactum binary)

The documents get invalid lines mixed in (not JSON, no text, a text that is
not a string, an empty line, JSON that is not an object), all in one
partition, so that partition's input and output must stay aligned. Prints
'N passed, M failed'.
"""

import json
import os
import subprocess
import sys

from pyspark import SparkConf, SparkContext

PARTITIONS = 6

INVALID = [
    "this is not JSON",
    json.dumps({"id": "no-text"}),
    json.dumps({"id": "number-text", "text": 42}),
    "",
    json.dumps(["an", "array"]),
]

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok   - {what}")
    else:
        failed += 1
        print(f"FAIL - {what}")
    sys.stdout.flush()


def main():
    docs_path, work = sys.argv[1], sys.argv[2]
    pactum = os.environ["PACTUM_BIN"]
    # Lines end at "\n" only (str.splitlines would also cut at U+2028 and
    # U+0085, which JSON strings may hold unescaped).
    with open(docs_path, encoding="utf-8", newline="") as f:
        docs = [l for l in f.read().split("\n") if l]
    # Every invalid line inside the third partition's share of the input.
    per = len(docs) // PARTITIONS
    at = 2 * per + per // 3
    lines = docs[:at] + INVALID + docs[at:]
    input_path = os.path.join(work, "input.jsonl")
    with open(input_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    # The reference: one process over all lines.
    with open(input_path, "rb") as f:
        one = subprocess.run([pactum, "annotate", "-"], stdin=f, capture_output=True, check=True)
    expected = one.stdout.decode("utf-8").split("\n")
    if expected and expected[-1] == "":
        expected.pop()

    conf = (
        SparkConf()
        .setMaster("local[2]")
        .setAppName("pactum-spark-test")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.driver.host", "127.0.0.1")
    )
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        rdd = sc.parallelize(lines, PARTITIONS)
        sizes = rdd.glom().map(len).collect()
        shares = rdd.glom().collect()
        with_invalid = [i for i, part in enumerate(shares) if any(l in part for l in INVALID if l)]
        # Each partition through its own `pactum annotate -` process, as on a cluster.
        piped = rdd.pipe(f"{pactum} annotate - --jobs 1").collect()
    finally:
        sc.stop()

    check(len(sizes) == PARTITIONS and all(n > 0 for n in sizes), f"{PARTITIONS} partitions, none empty: {sizes}")
    check(len(with_invalid) == 1, f"the invalid lines sit in one partition: {with_invalid}")
    check(len(piped) == len(lines), f"one output line per input line ({len(piped)} for {len(lines)})")
    same = piped == expected
    check(same, "Spark's output equals one `pactum annotate -` run, line for line")
    if not same:
        diff = next((i for i, (a, b) in enumerate(zip(piped, expected)) if a != b), min(len(piped), len(expected)))
        print(f"# first difference at line {diff + 1} ({len(piped)} vs {len(expected)} lines)")
        print("# spark:", (piped[diff] if diff < len(piped) else None or "")[:300])
        print("# one:  ", (expected[diff] if diff < len(expected) else None or "")[:300])
    parsed = [json.loads(l) for l in piped]
    errors = [i for i, v in enumerate(parsed) if "error" in v]
    check(errors == list(range(at, at + len(INVALID))), f"the invalid lines are answered with errors in place: {errors}")
    check(parsed[at + 1].get("id") == "no-text" and parsed[at + 2].get("id") == "number-text", "errors carry the line's id")
    good = [v for v in parsed if "error" not in v]
    check(all(v["spans"] for v in good[:50]), "documents get spans")
    ids = [v["id"] for v in good]
    check(ids == [json.loads(d)["id"] for d in docs], "documents come back in input order")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
