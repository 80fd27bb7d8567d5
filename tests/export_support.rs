//! Shared helpers for the export end-to-end tests (included with `mod`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum")).args(args).output().expect("the pactum binary runs")
}

/// `pactum export --format FORMAT --out OUT INPUT`
pub fn export(format: &str, out: &Path, input: &Path) -> Output {
    pactum(&["export", "--format", format, "--out", s(out), s(input)])
}

/// `pactum import --format FORMAT --root ROOT FILE`
pub fn import(format: &str, root: &Path, file: &Path) -> Output {
    pactum(&["import", "--format", format, "--root", s(root), s(file)])
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The repository's `tests/data/export` folder.
pub fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/export")
}

/// A temporary copy of `tests/data/export/texts` with the annotations of
/// `texts.jsonl` imported (through the binary) as accepted.
pub fn annotated_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let texts = dir.path().join("texts");
    std::fs::create_dir(&texts).expect("mkdir");
    for entry in std::fs::read_dir(data().join("texts")).expect("data texts") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), texts.join(entry.file_name())).expect("copy");
    }
    let jsonl = data().join("texts.jsonl");
    let out = import("jsonl", &texts, &jsonl);
    assert!(out.status.success(), "import failed: {}", stderr(&out));
    (dir, texts)
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// `(start, end, label, text)` of one span.
pub type SpanKey = (u64, u64, String, String);

/// `(id, spans)` of every line of a JSON-lines file, spans sorted.
pub fn jsonl_spans(path: &Path) -> Vec<(String, Vec<SpanKey>)> {
    let content = std::fs::read_to_string(path).expect("read jsonl");
    content
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let mut spans: Vec<_> = v["spans"]
                .as_array()
                .expect("spans")
                .iter()
                .map(|s| {
                    (
                        s["start"].as_u64().expect("start"),
                        s["end"].as_u64().expect("end"),
                        s["label"].as_str().expect("label").to_string(),
                        s["text"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect();
            spans.sort();
            (v["id"].as_str().expect("id").to_string(), spans)
        })
        .collect()
}
