//! Retraining on a workspace of 1,000 annotated documents (about 2 kB each,
//! like the real articles): the language server does this in the background
//! after a command; the budget is 1 s. A bench, not a timed assert.

use criterion::{criterion_group, criterion_main, Criterion};
use pactum_engine::Engine;
use pactum_learn::{Corpus, Coverage, Judged, Labels, Learner, Settings, Verdict};

const PARAGRAPH: &str = "Tehnopol Science Park and Zhongguancun Science Park signed a memorandum of understanding in Tallinn on 5 May 2016. \
The parks will cooperate in biomedicine, artificial intelligence and new materials, said Kristjan Lepik, head of Tehnopol. \
The aim is to help 120 startups enter the Chinese market.\n\n";

fn corpus(n: usize) -> Corpus {
    let engine = Engine::new();
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let labels = Labels::new(
        names(&["PERSON", "ORG", "PARK", "GPE", "DATE", "CARDINAL", "ROLE", "AGREEMENT", "TECH_FIELD"]),
        names(&["SIGNING", "PURPOSE", "COMMITMENT"]),
    );
    let mut corpus = Corpus::new(labels);
    for k in 0..n {
        // Vary the text so the hashed features are not all the same.
        let text = format!("Report {k} from park{k}.\n\n{}", PARAGRAPH.repeat(4));
        let spans = engine.annotate(&text);
        let mut judged: Vec<Judged> = spans
            .iter()
            .map(|s| Judged {
                start: s.start,
                end: s.end,
                label: s.label.to_string(),
                verdict: Verdict::Accepted,
            })
            .collect();
        for (b, _) in text.match_indices("biomedicine") {
            judged.push(Judged {
                start: b,
                end: b + 11,
                label: "TECH_FIELD".into(),
                verdict: Verdict::Accepted,
            });
        }
        corpus.insert(&format!("doc{k}.txt"), &text, &spans, &judged, Coverage::Done);
    }
    corpus
}

fn retrain(c: &mut Criterion) {
    let corpus = corpus(1000);
    let mut group = c.benchmark_group("learn");
    group.sample_size(10);
    group.bench_function("retrain 1000 documents", |b| {
        b.iter(|| Learner::train(&corpus, &Settings::default()))
    });
    group.finish();
}

criterion_group!(benches, retrain);
criterion_main!(benches);
