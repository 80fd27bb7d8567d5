//! Annotates the bench corpus (`corpus/*.txt`, repeated to over 2 MB, as
//! `cargo bench --bench engine` does) once, article by article, and prints a
//! checksum of the spans. For instruction counts, which stay stable when the
//! machine is busy (criterion's wall-clock figures do not):
//!
//! ```sh
//! cargo build --profile bench -p pactum-engine --example annotate_corpus
//! valgrind --tool=callgrind target/release/examples/annotate_corpus
//! ```
//!
//! `annotate_corpus N` repeats the corpus to N bytes instead;
//! `annotate_corpus [N] --rules-only` turns the trained models off (the
//! rules' own instructions).

use std::path::PathBuf;

use pactum_engine::Engine;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let min_bytes: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(2 * 1024 * 1024);
    let rules_only = args.iter().any(|a| a == "--rules-only");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("cannot list {}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    let articles: Vec<String> = paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect();
    if articles.is_empty() {
        eprintln!("no corpus/*.txt in {}", dir.display());
        std::process::exit(2);
    }
    let mut docs = Vec::new();
    let mut total = 0;
    while total < min_bytes {
        for a in &articles {
            docs.push(a.as_str());
            total += a.len();
        }
    }
    let mut engine = Engine::new();
    if rules_only {
        let options = pactum_engine::Options::default()
            .disable(pactum_engine::RuleId::ModelEntity)
            .disable(pactum_engine::RuleId::ModelClause);
        engine = engine.with_options(options);
    }
    let mut spans = 0usize;
    let mut sum = 0usize;
    for d in &docs {
        for s in engine.annotate(d) {
            spans += 1;
            sum = sum.wrapping_mul(31).wrapping_add(s.start ^ (s.end << 20) ^ (s.label as usize) << 40);
        }
    }
    println!("{} documents, {total} bytes, {spans} spans, checksum {sum:x}", docs.len());
}
