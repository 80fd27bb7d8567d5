//! Engine throughput on the bundled sample corpus, repeated to a few MB.
//!
//! `cargo bench --bench engine`. Reports bytes per second (criterion prints
//! MiB/s) on one thread for:
//! - `annotate/one_document`: the whole corpus as a single text;
//! - `annotate/per_article`: article by article, as the CLI runs;
//! - `link`: the document-wide pass alone, which the language server re-runs
//!   on every keystroke (paragraph analyses are cached);
//! - `sentences`: sentence segmentation alone.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pactum_engine::{paragraph_ranges, sentence, Engine, ParagraphAnalysis};

/// The corpus is repeated until it is at least this long, so one iteration
/// takes long enough to measure and caches do not hold all of it.
const MIN_CORPUS_BYTES: usize = 2 * 1024 * 1024;

/// The bundled articles (`corpus/*.txt` at the repository root), sorted by name.
fn articles() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    let texts: Vec<String> = paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect();
    assert!(!texts.is_empty(), "no corpus/*.txt found in {}", dir.display());
    texts
}

/// The articles repeated, in order, until they total `MIN_CORPUS_BYTES`.
fn repeated(articles: &[String]) -> Vec<&str> {
    let mut out = Vec::new();
    let mut total = 0;
    while total < MIN_CORPUS_BYTES {
        for a in articles {
            out.push(a.as_str());
            total += a.len();
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let articles = articles();
    let docs = repeated(&articles);
    let corpus = docs.join("\n\n");
    let engine = Engine::new();

    let mut group = c.benchmark_group("engine");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    group.throughput(Throughput::Bytes(corpus.len() as u64));

    group.bench_function("annotate/one_document", |b| b.iter(|| engine.annotate(black_box(&corpus))));

    let article_bytes: usize = docs.iter().map(|d| d.len()).sum();
    group.throughput(Throughput::Bytes(article_bytes as u64));
    group.bench_function("annotate/per_article", |b| {
        b.iter(|| docs.iter().map(|d| engine.annotate(black_box(d)).len()).sum::<usize>())
    });
    // The same with the trained models off: the models' share of the time.
    let rules_only = engine.clone().with_options(
        pactum_engine::Options::default()
            .disable(pactum_engine::RuleId::ModelEntity)
            .disable(pactum_engine::RuleId::ModelClause),
    );
    group.bench_function("annotate/per_article_rules_only", |b| {
        b.iter(|| docs.iter().map(|d| rules_only.annotate(black_box(d)).len()).sum::<usize>())
    });

    group.throughput(Throughput::Bytes(corpus.len() as u64));
    let analyses: Vec<(usize, ParagraphAnalysis)> =
        paragraph_ranges(&corpus).map(|r| (r.start, engine.analyze_paragraph(&corpus[r]))).collect();
    let refs: Vec<(usize, &ParagraphAnalysis)> = analyses.iter().map(|(o, a)| (*o, a)).collect();
    group.bench_function("link", |b| b.iter(|| engine.link(black_box(&corpus), black_box(&refs))));

    let paragraphs: Vec<&str> = paragraph_ranges(&corpus).map(|r| &corpus[r]).collect();
    group.bench_function("sentences", |b| {
        b.iter(|| paragraphs.iter().map(|p| sentence::sentences(black_box(p)).len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
