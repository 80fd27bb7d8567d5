//! The shipped weights are what `pactum train` makes of the training corpora
//! (reproducible, deterministic), and the training command refuses what it
//! must not learn from.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pactum() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pactum"));
    c.current_dir(repo());
    c
}

/// The corpora `scripts/train` uses (keep in step with it).
const CORPORA: [&str; 3] =
    ["tests/data/gold/seeds.jsonl", "tests/data/heldout/gold.jsonl", "tests/data/real/train.jsonl"];

#[test]
fn shipped_weights_are_the_retrained_ones_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("weights.bin");
    let status = pactum().arg("train").arg("--out").arg(&out).args(CORPORA).status().unwrap();
    assert!(status.success());
    let retrained = std::fs::read(&out).unwrap();
    let shipped = std::fs::read(repo().join("server/engine/data/model/weights.bin")).unwrap();
    assert!(
        retrained == shipped,
        "server/engine/data/model/weights.bin is not what the corpora train to ({} vs {} bytes): run scripts/train \
         after changing the rules, the features or the corpora",
        shipped.len(),
        retrained.len()
    );
}

#[test]
fn an_empty_corpus_and_the_test_split_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let no_spans = dir.path().join("no_spans.jsonl");
    std::fs::write(&no_spans, "{\"id\": \"a\", \"text\": \"Nothing here.\", \"spans\": []}\n").unwrap();
    let out = dir.path().join("w.bin");
    for corpus in [&empty, &no_spans] {
        let o = pactum().arg("train").arg("--out").arg(&out).arg(corpus).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{o:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("the training corpus is empty"), "{err}");
        assert!(!out.exists(), "no weights written from an empty corpus");
    }
    let o = pactum().args(["train", "--out"]).arg(&out).arg("tests/data/real/test.jsonl").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("never trained on"), "{o:?}");
}

#[test]
fn annotate_writes_a_score_per_span_and_explain_names_the_source() {
    let o = pactum().args(["annotate", "--explain", "corpus/"]).output().unwrap();
    assert!(o.status.success(), "{o:?}");
    let mut sources = std::collections::BTreeSet::new();
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        for span in doc["spans"].as_array().unwrap() {
            let score = span["score"].as_f64().expect("a score on every span");
            assert!((0.0..=1.0).contains(&score), "{span}");
            sources.insert(span["source"].as_str().unwrap().to_string());
        }
    }
    assert!(sources.contains("both") && sources.contains("rules"), "{sources:?}");
}
