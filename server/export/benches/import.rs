//! `pactum import` on a long text with many spans: linear time, not a scan
//! (and a code-point table) per span.
//!
//! `cargo bench -p pactum-export --bench import`. The case of issue 13: a
//! 300 KB text with 4,500 spans (the bundled corpus repeated, spans from the
//! engine), imported into an empty root (`import/300KB_4500_spans`), and
//! imported with `--force` onto the same text with a paragraph inserted at
//! the top, so every span is re-anchored (`import/reanchor_300KB_4500_spans`).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use pactum_engine::Engine;
use pactum_export::import::{import, ImportFormat, ImportOptions};
use pactum_schema::Schema;
use pactum_text::CharCounter;
use serde_json::json;

const TEXT_BYTES: usize = 300 * 1000;
const SPANS: usize = 4500;

fn corpus_text() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    let one: String =
        paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect::<Vec<_>>().join("\n\n");
    assert!(!one.is_empty(), "no corpus/*.txt in {}", dir.display());
    let mut text = String::new();
    while text.len() < TEXT_BYTES {
        text.push_str(&one);
        text.push_str("\n\n");
    }
    text
}

/// The document line: the text and `SPANS` engine spans spread over it.
fn document(text: &str) -> String {
    let engine = Engine::new();
    let all = engine.annotate(text);
    assert!(all.len() >= SPANS, "the engine found only {} spans", all.len());
    let step = all.len() as f64 / SPANS as f64;
    let mut counter = CharCounter::new(text);
    let spans: Vec<_> = (0..SPANS)
        .map(|i| all[(i as f64 * step) as usize])
        .map(|s| {
            json!({"start": counter.char_offset(s.start), "end": counter.char_offset(s.end),
                   "label": s.label.as_str(), "text": &text[s.start..s.end]})
        })
        .collect();
    json!({"id": "long.txt", "text": text, "spans": spans}).to_string()
}

fn run(root: &Path, input: &Path, force: bool) {
    let options = ImportOptions { format: ImportFormat::Jsonl, root: root.to_path_buf(), force };
    let report = import(&[input.to_path_buf()], &options, &Schema::parks_v1()).expect("import runs");
    assert!(report.problems.is_empty(), "{:?}", report.problems.first());
    black_box(report);
}

fn bench(c: &mut Criterion) {
    let text = corpus_text();
    let line = document(&text);
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, format!("{line}\n")).expect("write input");
    let root = dir.path().join("root");
    std::fs::create_dir(&root).expect("root");
    let text_path = root.join("long.txt");
    let sidecar = pactum_store::sidecar_path(&text_path);

    let mut group = c.benchmark_group("import");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    std::fs::write(&text_path, &text).expect("write text");
    group.bench_function("300KB_4500_spans", |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(&sidecar);
            run(&root, &input, false)
        })
    });
    std::fs::write(&text_path, format!("A paragraph added at the top.\n\n{text}"))
        .expect("write edited text");
    group.bench_function("reanchor_300KB_4500_spans", |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(&sidecar);
            run(&root, &input, true)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
