//! Latency of `pactum lsp`, driving the real binary over stdio like an editor:
//! - from one typed character (didChange) to the publishDiagnostics of that
//!   version, p50 and p99, for a 10 KB and a 5 MB document built by repeating
//!   the bundled corpus (`10KB`, `5MB`), and for 5 MB of dense news
//!   (`dense5MB`): the paragraphs of every bundled article (corpus, held-out,
//!   real-article train split) shuffled, so thousands of distinct names are
//!   learnt and linked, not the same few over and over;
//! - hover with 10,000 annotated files in the workspace (`hover10k`), after
//!   the background index has read them;
//! - the same keystroke latency while the workspace learner retrains and its
//!   new learner is swapped in (`learn10KB`, `learndense5MB`): a workspace of
//!   annotated files, a command on another open file starts a retraining,
//!   and the keystrokes typed from that command until `pactum/learned` (the
//!   open documents' suggestions recomputed with the new learner) are
//!   measured, `PACTUM_BENCH_SWAPS` times (default 8).
//!
//! Run: `cargo bench --bench lsp_latency` (`PACTUM_BENCH_KEYS=N` to change
//! the number of keystrokes or hovers measured, `PACTUM_BENCH_ONLY=dense5MB`
//! for one case).

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

/// Paragraphs of every bundled article, shuffled (a fixed seed), to `size`.
fn dense_document_of(size: usize) -> String {
    let root = corpus_dir().join("..");
    let mut paragraphs: Vec<String> = Vec::new();
    for dir in ["corpus", "tests/data/heldout", "tests/data/real/train"] {
        let mut names: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("bundled articles")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        names.sort();
        for p in names {
            let text = std::fs::read_to_string(&p).expect("article");
            paragraphs.extend(text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(String::from));
        }
    }
    let mut seed: u64 = 13;
    let mut text = String::with_capacity(size + 4096);
    while text.len() < size {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        text.push_str(&paragraphs[(seed >> 33) as usize % paragraphs.len()]);
        text.push_str("\n\n");
    }
    text
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn measure(name: &str, text: String, keys: usize) {
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
        "{name:>9} ({:>9} bytes): didChange → publishDiagnostics  p50 {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms   \
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
    // (A comma-separated list measures those.)
    let wanted = |name: &str| {
        only.is_empty() || only.split(',').any(|o| o.trim().eq_ignore_ascii_case(&name.replace(' ', "")))
    };
    for (name, size) in [("10 KB", 10 * 1024), ("5 MB", 5 * 1024 * 1024)] {
        if wanted(name) {
            measure(name, document_of(size), keys);
        }
    }
    if wanted("dense5MB") {
        measure("dense 5 MB", dense_document_of(5 * 1024 * 1024), keys);
    }
    if wanted("hover10k") {
        measure_hover(10_000, keys);
    }
    let swaps = std::env::var("PACTUM_BENCH_SWAPS").ok().and_then(|v| v.parse().ok()).unwrap_or(8);
    if wanted("learn10KB") {
        measure_learning("learn 10 KB", document_of(10 * 1024), swaps);
    }
    if wanted("learndense5MB") {
        measure_learning("learn dense 5 MB", dense_document_of(5 * 1024 * 1024), swaps);
    }
}

/// Annotation file of `text` accepting `spans` (`(char start, char end, label)`).
fn sidecar_of(text: &str, spans: &[(usize, usize, &str)]) -> String {
    let hash: String = {
        use sha2::{Digest, Sha256};
        Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    };
    let chars: Vec<char> = text.chars().collect();
    let annotations: Vec<serde_json::Value> = spans
        .iter()
        .enumerate()
        .map(|(i, &(s, e, label))| {
            let covered: String = chars[s..e].iter().collect();
            let before: String = chars[s.saturating_sub(30)..s].iter().collect();
            let after: String = chars[e..(e + 30).min(chars.len())].iter().collect();
            serde_json::json!({"id": format!("a{i}"), "start": s, "end": e, "label": label,
                "status": "accepted", "text": covered, "context": {"before": before, "after": after}})
        })
        .collect();
    serde_json::json!({"version": 1, "schema": "parks-v1", "text_sha256": hash, "annotations": annotations})
        .to_string()
}

/// The milliseconds a swap held the server's lock, from its log line
/// ("… the lock held N ms for the snapshot, M ms for the swap").
fn lock_held(log: &str) -> Option<u64> {
    let rest = log.split("the lock held ").nth(1)?;
    let numbers: Vec<u64> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .filter_map(|n| n.parse().ok())
        .collect();
    Some(numbers.iter().take(2).sum())
}

/// Keystroke latency while retrainings are swapped in: see the module doc.
fn measure_learning(name: &str, text: String, swaps: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    // 40 annotated articles, so that the learner trains (and keeps training:
    // each retraining is over all of them).
    let article = "Kista Science Park signed an agreement with Ascendas Plc in Stockholm.\n";
    let annotated = sidecar_of(article, &[(0, 18, "PARK"), (44, 56, "ORG"), (60, 69, "GPE")]);
    for i in 0..40 {
        std::fs::write(dir.path().join(format!("a{i:02}.txt")), article).expect("text");
        std::fs::write(dir.path().join(format!("a{i:02}.txt.ann.json")), &annotated)
            .expect("annotation file");
    }
    let trigger_text = "Zyxtel hosted the meeting of the parks.\n";
    let trigger_path = dir.path().join("trigger.txt");
    std::fs::write(&trigger_path, trigger_text).expect("trigger text");
    let trigger = file_uri(&trigger_path);
    let path = dir.path().join("bench.txt");
    std::fs::write(&path, &text).expect("write document");
    let uri = file_uri(&path);
    let mut client = LspClient::start(dir.path(), None);
    client.open(&trigger, trigger_text, 1);
    client.diagnostics(&trigger, Some(1));
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    // The first training (of the 40 files) and its swap.
    let first = client.wait_for("pactum/learned", |_| true);
    let mut generation = first["generation"].as_u64().unwrap_or(0);
    client.clear_queue();

    let middle = text[text.len() / 2..].find(" the ").map_or(text.len() / 2, |i| text.len() / 2 + i + 4);
    let (line, mut col) = position_of(&text, middle, "utf-16");
    let mut version = 1;
    let mut samples = Vec::new();
    let mut swap_times = Vec::new();
    // How long each swap held the server's lock (snapshot + swap, from its log line).
    let mut locks: Vec<u64> = Vec::new();
    for round in 0..swaps {
        let label = if round % 2 == 0 { "PARK" } else { "ORG" };
        let range =
            serde_json::json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 6}});
        let started = Instant::now();
        client
            .execute("pactum.tag", serde_json::json!({"uri": trigger, "range": range, "label": label}))
            .expect("pactum.tag");
        // Type until the new learner is swapped in and the documents re-published.
        loop {
            version += 1;
            let start = Instant::now();
            client.change(&uri, version, (line, col), (line, col), "x");
            client.diagnostics(&uri, Some(version));
            samples.push(start.elapsed());
            col += 1;
            let learned = client.messages_of("pactum/learned");
            if let Some(g) = learned.iter().filter_map(|p| p["generation"].as_u64()).max() {
                if g > generation {
                    generation = g;
                    swap_times.push(started.elapsed());
                    // The swap's log line comes right after `pactum/learned`.
                    let log = client.wait_for("window/logMessage", |p| {
                        p["message"].as_str().is_some_and(|m| m.contains("the lock held"))
                    });
                    locks.extend(log["message"].as_str().and_then(lock_held));
                    client.clear_queue();
                    break;
                }
            }
            client.clear_queue();
            assert!(started.elapsed() < Duration::from_secs(120), "no retraining within 2 minutes");
        }
    }
    samples.sort();
    swap_times.sort();
    println!(
        "{name:>16} ({:>9} bytes): didChange → publishDiagnostics while retraining  p50 {:>8.3} ms   p99 {:>8.3} ms   \
         max {:>8.3} ms   ({} keystrokes over {} retrainings; command → pactum/learned median {:.0} ms, max {:.0} ms; \
         lock held per swap: max {} ms)",
        text.len(),
        percentile(&samples, 0.50).as_secs_f64() * 1e3,
        percentile(&samples, 0.99).as_secs_f64() * 1e3,
        samples.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        samples.len(),
        swap_times.len(),
        percentile(&swap_times, 0.5).as_secs_f64() * 1e3,
        swap_times.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        locks.iter().max().map_or("?".to_string(), |m| m.to_string()),
    );
    client.stop();
}

/// Hover latency on an annotated name with `files` annotated files in the
/// workspace, once the background index has read them all.
fn measure_hover(files: usize, hovers: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Kista Science Park signed an agreement with Ascendas Plc in Stockholm.\n";
    let kista = "Kista Science Park";
    let hash: String = {
        use sha2::{Digest, Sha256};
        Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    };
    let sidecar = serde_json::json!({
        "version": 1, "schema": "parks-v1", "text_sha256": hash,
        "annotations": [
            {"id": "a", "start": 0, "end": 18, "label": "PARK", "status": "accepted", "text": kista,
             "context": {"before": "", "after": " signed an agreement with Ascendas Plc"}},
            {"id": "b", "start": 44, "end": 56, "label": "ORG", "status": "accepted", "text": "Ascendas Plc",
             "context": {"before": "Park signed an agreement with ", "after": " in Stockholm.\n"}}
        ]
    })
    .to_string();
    for i in 0..files {
        let sub = dir.path().join(format!("d{:03}", i / 1000));
        std::fs::create_dir_all(&sub).expect("folder");
        let path = sub.join(format!("a{i:05}.txt"));
        std::fs::write(&path, text).expect("text");
        std::fs::write(sub.join(format!("a{i:05}.txt.ann.json")), &sidecar).expect("annotation file");
    }
    let open = dir.path().join("open.txt");
    std::fs::write(&open, text).expect("open text");
    let uri = file_uri(&open);
    let started = Instant::now();
    let mut client = LspClient::start(dir.path(), None);
    client.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    let indexed = started.elapsed();
    client.open(&uri, text, 1);
    client.diagnostics(&uri, Some(1));
    let params = serde_json::json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}});
    let mut samples = Vec::with_capacity(hovers);
    let mut last = String::new();
    for i in 0..20 + hovers {
        let start = Instant::now();
        let h = client.request("textDocument/hover", params.clone()).expect("hover");
        if i >= 20 {
            samples.push(start.elapsed());
        }
        last = h["contents"]["value"].as_str().unwrap_or_default().to_string();
    }
    assert!(last.contains(&format!("PARK ×{files} in {files} files")), "{last}");
    samples.sort();
    println!(
        " hover 10k ({files} annotated files): hover  p50 {:>8.3} ms   p99 {:>8.3} ms   ({} hovers; index built in {:.1} s)",
        percentile(&samples, 0.50).as_secs_f64() * 1e3,
        percentile(&samples, 0.99).as_secs_f64() * 1e3,
        samples.len(),
        indexed.as_secs_f64(),
    );
    client.stop();
}
