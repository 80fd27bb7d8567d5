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
//! `annotate_corpus N` repeats the corpus to N bytes instead.

use std::path::PathBuf;

use pactum_engine::Engine;

fn main() {
    let min_bytes: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2 * 1024 * 1024);
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
    let engine = Engine::new();
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
