//! `learn = false` in `pactum.toml`: no learner thread, the engine's
//! suggestions only; switched on and off again by editing `pactum.toml`
//! (a watched change) while the server runs.
//!
//! Alone in its test binary on purpose: it looks for the learner's thread
//! among the threads of this process (`/proc/self/task`), which other tests
//! of the same binary would start too.

mod support;

use std::time::{Duration, Instant};

use pactum_lsp::Ending;
use serde_json::{json, Value};
use support::*;

/// A made-up name: the engine suggests ORG or PERSON for it, never PARK.
const NAME: &str = "Zyxtel";

/// Names of this process's threads called exactly `pactum-learn` (the
/// trainer; the kernel keeps 15 bytes of a name, so its event forwarder
/// shows as `pactum-learn-ev`).
fn learner_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|tasks| {
            tasks
                .filter_map(Result::ok)
                .filter_map(|t| std::fs::read_to_string(t.path().join("comm")).ok())
                .filter(|name| name.trim_end() == "pactum-learn")
                .count()
        })
        .unwrap_or(0)
}

/// Waits (at most `WAIT`) until `learner_threads()` is `n`.
async fn until_learner_threads(n: usize) {
    let started = Instant::now();
    while learner_threads() != n {
        assert!(started.elapsed() < WAIT, "{} learner thread(s), wanted {n}", learner_threads());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn messages(diags: &Value) -> Vec<String> {
    diags["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["message"].as_str().map(str::to_string))
        .collect()
}

/// Writes `pactum.toml` and tells the server, as the editor's file watcher
/// would (what was queued before is dropped).
async fn write_config(s: &mut Session, ws: &std::path::Path, text: &str) {
    s.queued.clear();
    let path = ws.join("pactum.toml");
    std::fs::write(&path, text).unwrap();
    s.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&path), "type": 2}]}))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn learn_false_runs_no_learner_and_shows_the_engines_suggestions() {
    Box::pin(learn_false_body()).await;
}

async fn learn_false_body() {
    let ws = tempfile::tempdir().unwrap();
    std::fs::write(ws.path().join("pactum.toml"), "learn = false\n").unwrap();
    let mut s = Session::start(ws.path()).await;
    let a_text = format!("{NAME} hosted the meeting of the parks.\n");
    let b_text = format!("The delegation later visited {NAME} in Tallinn.\n");
    let (a, _) = open_file(&mut s, ws.path(), "a.txt", &a_text).await;
    let (b, b_opened) = open_file(&mut s, ws.path(), "b.txt", &b_text).await;
    let wanted = format!("PARK? “{NAME}”");
    assert!(!messages(&b_opened).contains(&wanted), "{:?}", messages(&b_opened));
    let at = a_text.find(NAME).unwrap() as u32;
    let r = s
        .request(
            "workspace/executeCommand",
            json!({"command": "pactum.tag", "arguments": [{"uri": a, "range": range((0, at), (0, at + NAME.len() as u32)), "label": "PARK"}]}),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(learner_threads(), 0, "learn = false: no learner thread");
    // Longer than a retraining takes (debounce 150 ms): nothing is learnt.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let queued: Vec<&Value> = s.queued.iter().collect();
    assert!(!queued.iter().any(|m| m["method"] == "pactum/learned"), "nothing learnt");
    assert!(
        !queued.iter().any(|m| m["params"]["uri"] == b && messages(&m["params"]).contains(&wanted)),
        "b.txt keeps the engine's suggestions"
    );
    assert_eq!(learner_threads(), 0);
    let forget = s
        .request(
            "workspace/executeCommand",
            json!({"command": "pactum.forget", "arguments": [{"text": NAME}]}),
        )
        .await;
    let why = forget["error"]["message"].as_str().unwrap_or_default().to_string();
    assert!(why.contains("learn = false"), "forget says learning is off: {forget}");

    // Switched on: the learner starts and learns from a.txt's annotation.
    write_config(&mut s, ws.path(), "learn = true\n").await;
    s.notification("pactum/learned", |p| p["documents"] == 1).await;
    until_learner_threads(1).await;
    // (Published before `pactum/learned`; waits, at most `WAIT`, otherwise.)
    s.notification("textDocument/publishDiagnostics", |p| p["uri"] == b && messages(p).contains(&wanted))
        .await;

    // Off again: the thread ends and b.txt shows the engine's suggestions.
    write_config(&mut s, ws.path(), "learn = false\n").await;
    let b_diags = s.notification("textDocument/publishDiagnostics", |p| p["uri"] == b).await;
    assert!(!messages(&b_diags).contains(&wanted), "the engine's only: {:?}", messages(&b_diags));
    until_learner_threads(0).await;
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}
