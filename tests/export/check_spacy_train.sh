#!/usr/bin/env bash
# `spacy train` with a minimal NER config (blank English, no vectors, nothing
# downloaded) for one short epoch on the exported data; then the trained
# pipeline is loaded and run.
set -euo pipefail
py=$1 data=$2 work=$3
"$py" -m spacy init config "$work/ner.cfg" --lang en --pipeline ner --optimize efficiency --force >/dev/null
"$py" -m spacy train "$work/ner.cfg" --output "$work/model" \
  --paths.train "$data" --paths.dev "$data" \
  --training.max_epochs 1 --training.eval_frequency 20 --system.seed 1 >"$work/train.log" 2>&1 \
  || { tail -30 "$work/train.log"; exit 1; }
"$py" - "$work/model/model-last" "$data" <<'PY'
import sys
import spacy
from spacy.tokens import DocBin

nlp = spacy.load(sys.argv[1])
labels = set(nlp.get_pipe("ner").labels)
gold = {e.label_ for d in DocBin().from_disk(sys.argv[2]).get_docs(nlp.vocab) for e in d.ents}
if not gold <= labels:
    sys.exit(f"FAIL: trained NER lacks labels {sorted(gold - labels)}")
nlp("Technopolis signed an agreement with Ascendas in Singapore.")
print(f"ok: spacy train: one epoch finished; the pipeline knows {len(labels)} entity labels")
PY
