//! Training-data exports (JSONL, spaCy DocBin, CoNLL, brat, Label Studio)
//! and imports. Built from texts plus their annotation files; no LSP here.
