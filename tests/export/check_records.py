"""Agreement records: `records` (JSON lines) and `records-csv` read by
Python's own json and csv modules (as a spreadsheet import would), checked
against the annotation files' spans and relations, computed here
independently: one record per AGREEMENT span, its parties, signing dates
and signatories from its relations, each signatory's roles and
organisations from the relations of the PERSON spans named the same.

usage: check_records.py ROOT RECORDS.jsonl RECORDS.csv"""

import csv
import json
import sys
from collections import defaultdict

import source

root, jsonl_path, csv_path = sys.argv[1], sys.argv[2], sys.argv[3]
spans = source.load(root)
relations = source.load_relations(root)


def children(rels, head, label):
    return {(c[3], c[2]) for h, c, l in rels if h == head and l == label}


def mentions(ms):
    return {(m["text"], m["label"]) for m in ms}


records = [json.loads(line) for line in open(jsonl_path, encoding="utf-8")]
by_doc = defaultdict(list)
for r in records:
    by_doc[r["document"]].append(r)
total_parties = 0
for doc_id, (text, doc_spans) in spans.items():
    rels = relations[doc_id]
    agreements = [s for s in doc_spans if s[2] == "AGREEMENT"]
    got = by_doc.get(doc_id, [])
    source.expect_equal(
        f"{doc_id} instruments",
        [(r["instrument"]["start"], r["instrument"]["end"], "AGREEMENT", r["instrument"]["text"]) for r in got],
        agreements,
    )
    for agreement, record in zip(agreements, got):
        what = f"{doc_id} {agreement[3]!r}@{agreement[0]}"
        source.expect_equal(f"{what} parties", sorted(mentions(record["parties"])), sorted(children(rels, agreement, "party")))
        source.expect_equal(f"{what} signed_on", sorted(mentions(record["signed_on"])), sorted(children(rels, agreement, "signed_on")))
        people = children(rels, agreement, "signatory")
        source.expect_equal(f"{what} signatories", sorted(mentions(s["person"] for s in record["signatories"])), sorted(people))
        for s in record["signatories"]:
            same = [p for p in doc_spans if p[2] == "PERSON" and p[3] == s["person"]["text"]]
            roles = set().union(*(children(rels, p, "has_role") for p in same))
            orgs = set().union(*(children(rels, p, "member_of") for p in same))
            source.expect_equal(f"{what} {s['person']['text']} roles", sorted(mentions(s["roles"])), sorted(roles))
            source.expect_equal(f"{what} {s['person']['text']} organisations", sorted(mentions(s["organisations"])), sorted(orgs))
        for key, label in (("signing", "SIGNING"), ("purpose", "PURPOSE"), ("commitment", "COMMITMENT")):
            for clause in record[key]:
                span = (clause["start"], clause["end"], label, clause["text"])
                if span not in doc_spans:
                    source.fail(f"{what}: {key} {span} is not a {label} span of the document")
        total_parties += len(record["parties"])
extra = sorted(set(by_doc) - set(spans))
if extra:
    source.fail(f"records of unknown documents {extra}")

with open(csv_path, newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
if len(rows) != len(records):
    source.fail(f"{csv_path}: {len(rows)} rows, {len(records)} JSON records")
for row, record in zip(rows, records):
    if (row["document"], row["instrument"], int(row["instrument_start"])) != (
        record["document"], record["instrument"]["text"], record["instrument"]["start"]
    ):
        source.fail(f"CSV row {row} is not record {record['instrument']}")
    if row["parties"] != "; ".join(f"{p['text']} ({p['label']})" for p in record["parties"]):
        source.fail(f"CSV parties {row['parties']!r} differ from {record['parties']}")
    if row["signing"].split("\n") != [c["text"] for c in record["signing"]] and record["signing"]:
        source.fail(f"CSV signing cell {row['signing']!r} differs from {record['signing']}")
if not records or not total_parties:
    source.fail("no record with a party: the relations were not exercised")
print(f"ok: records: {len(records)} agreement records ({total_parties} parties) match the annotation files; the CSV has the same rows")
