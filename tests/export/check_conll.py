"""CoNLL-2003: read back with an independent reader (this file's parser and
seqeval's BIO chunking), re-align the tokens on the source texts, and compare
the entities with the annotation files. Clause spans are not in CoNLL."""

import sys

from seqeval.metrics.sequence_labeling import get_entities

import source

root, path = sys.argv[1], sys.argv[2]
want = source.load(root)

# Parse: documents start with -DOCSTART-, sentences end at blank lines.
documents = []
with open(path, encoding="utf-8") as f:
    sentence = None
    for number, line in enumerate(f, 1):
        line = line.rstrip("\n")
        if line.startswith("-DOCSTART-"):
            documents.append([])
            sentence = None
            continue
        if not line:
            sentence = None
            continue
        token, tag = line.rsplit(" ", 1)
        if not token or any(c.isspace() for c in token):
            source.fail(f"line {number}: bad token {token!r}")
        if sentence is None:
            sentence = []
            documents[-1].append(sentence)
        sentence.append((token, tag))

# Documents come in the order Pactum walks them: sorted paths.
ids = sorted(want)
if len(documents) != len(ids):
    source.fail(f"{len(documents)} documents in the CoNLL file, {len(ids)} annotated texts")

total = 0
for doc_id, sentences in zip(ids, documents):
    text, spans = want[doc_id]
    tokens = [t for s in sentences for t in s]
    # Align each token on the text: only white space may lie between tokens.
    offsets, pos = [], 0
    for token, _ in tokens:
        at = text.find(token, pos)
        if at < 0 or text[pos:at].strip():
            source.fail(f"{doc_id}: token {token!r} does not follow at {pos}")
        offsets.append((at, at + len(token)))
        pos = at + len(token)
    if text[pos:].strip():
        source.fail(f"{doc_id}: text after the last token is missing: {text[pos:pos+40]!r}")
    got = []
    # seqeval chunks per sentence; entities never cross sentences.
    index = 0
    for sentence in sentences:
        tags = [tag for _, tag in sentence]
        for label, first, last in get_entities(tags):
            start, end = offsets[index + first][0], offsets[index + last][1]
            got.append((start, end, label, text[start:end]))
        index += len(sentence)
    source.expect_equal(doc_id, sorted(got), source.entities(spans))
    total += len(got)
source.summary("conll", len(documents), total)
