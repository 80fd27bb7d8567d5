"""spaCy: the .spacy file is loaded by spaCy's own DocBin into a blank
English pipeline; doc.text, every entity (doc.ents) and every clause span
(doc.spans["clauses"]) are compared with the annotation files, and so are
the relations in `doc._.rel`, read as spaCy's rel_component example reads
them: `{(head start token, child start token): {label: 1.0}}`, the tokens
being the first of entities in doc.ents. Pactum's copy of spaCy's symbol
table is compared with the installed spaCy's."""

import sys
from pathlib import Path

import spacy
from spacy.symbols import NAMES
from spacy.tokens import Doc, DocBin

import source

root, path, symbols = sys.argv[1], sys.argv[2], Path(sys.argv[3])
want = source.load(root)
want_relations = source.load_relations(root)
# As the rel_component example registers it.
Doc.set_extension("rel", default={}, force=True)

if symbols.read_text(encoding="utf-8").splitlines() != list(NAMES[1:]):
    source.fail(f"{symbols} differs from spacy.symbols.NAMES of spaCy {spacy.__version__}")

nlp = spacy.blank("en")
docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
got = {}
for doc in docs:
    doc_id = doc.user_data["pactum_id"]
    text, spans = want.get(doc_id, (None, None))
    if text is None:
        source.fail(f"unexpected document {doc_id}")
    if doc.text != text:
        source.fail(f"{doc_id}: doc.text differs from the source text")
    ents = [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    source.expect_equal(f"{doc_id} entities", sorted(ents), source.entities(spans))
    group = [(s.start_char, s.end_char, s.label_, s.text) for s in doc.spans["clauses"]]
    source.expect_equal(f"{doc_id} clauses", sorted(group), source.clauses(spans))
    # Sentences are usable (the parser-free senter/sentencizer data).
    if not list(doc.sents):
        source.fail(f"{doc_id}: no sentences")
    starts = {e.start: (e.start_char, e.end_char, e.label_, e.text) for e in doc.ents}
    relations = []
    for (head, child), labels in doc._.rel.items():
        if head not in starts or child not in starts:
            source.fail(f"{doc_id}: doc._.rel key {(head, child)} is not a pair of entity start tokens")
        for label, value in labels.items():
            if value != 1.0:
                source.fail(f"{doc_id}: doc._.rel[{(head, child)}][{label!r}] is {value}, not 1.0")
            relations.append((starts[head], starts[child], label))
    source.expect_equal(f"{doc_id} relations", sorted(relations), want_relations[doc_id])
    got[doc_id] = len(ents) + len(group)
source.expect_equal("documents", sorted(got), sorted(want))
source.summary("spacy", len(docs), sum(got.values()))
source.relation_summary("spacy", want_relations)
