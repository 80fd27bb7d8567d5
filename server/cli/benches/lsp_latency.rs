//! Latency of `pactum lsp` from one typed character (didChange) to the
//! publishDiagnostics of that version, p50 and p99, for a 10 KB and a 5 MB
//! document built by repeating the bundled corpus. Drives the real binary
//! over stdio, like an editor.
//!
//! Run: `cargo bench --bench lsp_latency` (`PACTUM_BENCH_KEYS=N` to change
//! the number of keystrokes measured per document, `PACTUM_BENCH_ONLY=5MB`
//! for one size).

#[path = "../../../tests/support/lsp_client.rs"]
mod lsp_client;

use std::time::{Duration, Instant};

use lsp_client::{corpus_dir, file_uri, position_of, LspClient};

fn corpus_text() -> String {
    let mut names: Vec<_> = std::fs::read_dir(corpus_dir())
        .expect("corpus/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names.iter().map(|p| std::fs::read_to_string(p).expect("corpus text") + "\n\n").collect()
}

fn document_of(size: usize) -> String {
    let corpus = corpus_text();
    let mut text = String::with_capacity(size + corpus.len());
    while text.len() < size {
        text.push_str(&corpus);
    }
    // End at the first paragraph break past `size`.
    let cut = text[size..].find("\n\n").map_or(text.len(), |i| size + i + 2);
    text.truncate(cut);
    text
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn measure(name: &str, size: usize, keys: usize) {
    let text = document_of(size);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.txt");
    std::fs::write(&path, &text).expect("write document");
    let uri = file_uri(&path);
    let mut client = LspClient::start(dir.path(), None);
    let opened = Instant::now();
    client.open(&uri, &text, 1);
    let first = client.diagnostics(&uri, Some(1));
    let open_time = opened.elapsed();

    // Type in the middle of the document, at the end of a word, like a user.
    let middle = text[text.len() / 2..].find(" the ").map_or(text.len() / 2, |i| text.len() / 2 + i + 4);
    let (line, mut col) = position_of(&text, middle, "utf-16");
    let warmup = 20;
    let mut samples = Vec::with_capacity(keys);
    let mut published = 0;
    for i in 0..warmup + keys {
        let version = i as i64 + 2;
        let start = Instant::now();
        client.change(&uri, version, (line, col), (line, col), "x");
        let diags = client.diagnostics(&uri, Some(version));
        let took = start.elapsed();
        col += 1;
        published = diags.len();
        if i >= warmup {
            samples.push(took);
        }
        client.clear_queue();
    }
    samples.sort();
    println!(
        "{name:>6} ({:>9} bytes): didChange → publishDiagnostics  p50 {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms   \
         ({} keystrokes; {} diagnostics published, {} on open; open took {:.0} ms)",
        text.len(),
        percentile(&samples, 0.50).as_secs_f64() * 1e3,
        percentile(&samples, 0.99).as_secs_f64() * 1e3,
        samples.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        samples.len(),
        published,
        first.len(),
        open_time.as_secs_f64() * 1e3,
    );
    client.stop();
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench`-less args; only
    // measure when invoked by `cargo bench` (which passes `--bench`).
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let keys = std::env::var("PACTUM_BENCH_KEYS").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    // `PACTUM_BENCH_ONLY=10KB` or `=5MB` measures one size (e.g. under a profiler).
    let only = std::env::var("PACTUM_BENCH_ONLY").unwrap_or_default();
    for (name, size) in [("10 KB", 10 * 1024), ("5 MB", 5 * 1024 * 1024)] {
        if only.is_empty() || only.eq_ignore_ascii_case(&name.replace(' ', "")) {
            measure(name, size, keys);
        }
    }
}
