"""brat standoff: parsed by pybrat (an independent brat reader); every
text-bound annotation compared with the annotation files, fragments split
at line breaks joined again; every label declared in annotation.conf."""

import sys
from pathlib import Path

from pybrat.parser import BratParser

import source

root, out = sys.argv[1], Path(sys.argv[2])
want = source.load(root)

conf = (out / "annotation.conf").read_text(encoding="utf-8")
section, declared = None, set()
for line in conf.splitlines():
    line = line.strip()
    if line.startswith("["):
        section = line
    elif line and not line.startswith("#") and section == "[entities]":
        declared.add(line)

examples = BratParser(error="raise").parse(str(out))
got = {}
for example in examples:
    text = example.text
    spans = []
    for entity in example.entities:
        if entity.type not in declared:
            source.fail(f"{example.id}: label {entity.type} is not declared in annotation.conf")
        fragments = sorted((s.start, s.end) for s in entity.spans)
        for (_, a), (b, _) in zip(fragments, fragments[1:]):
            if text[a:b].strip():
                source.fail(f"{example.id}: {entity} has fragments around non-white-space text")
        if " ".join(text[a:b] for a, b in fragments) != entity.mention:
            source.fail(f"{example.id}: mention {entity.mention!r} is not the text at {fragments}")
        start, end = fragments[0][0], fragments[-1][1]
        spans.append((start, end, entity.type, text[start:end]))
    got[example.id + ".txt"] = (text, sorted(spans))

source.expect_equal("documents", sorted(got), sorted(want))
for doc_id, (text, spans) in want.items():
    if got[doc_id][0] != text:
        source.fail(f"{doc_id}: brat text differs")
    source.expect_equal(doc_id, got[doc_id][1], spans)
source.summary("brat", len(got), sum(len(s) for _, s in got.values()))
