//! The workspace learns (issue 10), in process: accepting a span in one file
//! makes it a suggestion in another open file, rejecting it in two files
//! stops it in a third, and forgetting brings the engine's suggestion back.
//! Each retraining ends with `pactum/learned` after the open documents were
//! re-published, so a test waits for that and reads the latest diagnostics.

mod support;

use pactum_lsp::Ending;
use serde_json::{json, Value};
use support::*;

/// A made-up name: the engine suggests ORG or PERSON for it, never PARK.
const NAME: &str = "Zyxtel";

async fn open(s: &mut Session, ws: &std::path::Path, name: &str, text: &str) -> String {
    let path = ws.join(name);
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    )
    .await;
    let p = s.notification("textDocument/publishDiagnostics", |p| p["uri"] == uri).await;
    // Kept queued for `latest`.
    s.queued.push_back(json!({"method": "textDocument/publishDiagnostics", "params": p}));
    uri
}

/// Waits for a retraining that satisfies `pred`, then returns the latest
/// diagnostics published for `uri` (sent before `pactum/learned`).
async fn after_learning(s: &mut Session, uri: &str, pred: impl Fn(&Value) -> bool) -> Vec<Value> {
    s.notification("pactum/learned", pred).await;
    latest(s, uri)
}

fn latest(s: &Session, uri: &str) -> Vec<Value> {
    s.queued
        .iter()
        .rev()
        .find(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .and_then(|m| m["params"]["diagnostics"].as_array().cloned())
        .unwrap_or_default()
}

fn messages(diags: &[Value]) -> Vec<String> {
    diags.iter().filter_map(|d| d["message"].as_str().map(str::to_string)).collect()
}

fn range_of(text: &str, word: &str) -> Value {
    let at = text.find(word).unwrap() as u32;
    json!({"start": {"line": 0, "character": at}, "end": {"line": 0, "character": at + word.len() as u32}})
}

async fn execute(s: &mut Session, command: &str, args: Value) -> Value {
    let r = s.request("workspace/executeCommand", json!({"command": command, "arguments": [args]})).await;
    assert!(r.get("error").is_none(), "{command}: {r}");
    r["result"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepted_in_one_file_is_suggested_in_another_until_forgotten() {
    // Boxed: a debug build's future of this size would not fit the test thread's stack.
    Box::pin(accepted_in_one_file_is_suggested_in_another_until_forgotten_body()).await;
}

async fn accepted_in_one_file_is_suggested_in_another_until_forgotten_body() {
    let ws = tempfile::tempdir().unwrap();
    let mut s = Session::start(ws.path()).await;
    let a_text = format!("{NAME} hosted the meeting of the parks.\n");
    let b_text = format!("The delegation later visited {NAME} in Tallinn.\n");
    let a = open(&mut s, ws.path(), "a.txt", &a_text).await;
    let b = open(&mut s, ws.path(), "b.txt", &b_text).await;
    let wanted = format!("PARK? “{NAME}”");
    assert!(!messages(&latest(&s, &b)).contains(&wanted), "the engine alone does not say PARK");

    execute(&mut s, "pactum.tag", json!({"uri": a, "range": range_of(&a_text, NAME), "label": "PARK"})).await;
    let diags = after_learning(&mut s, &b, |p| p["documents"] == 1).await;
    assert!(
        messages(&diags).contains(&wanted),
        "learnt in a.txt, suggested in b.txt: {:?}",
        messages(&diags)
    );

    // The hover says why.
    let at = b_text.find(NAME).unwrap() as i64 + 2;
    let h = s
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": b}, "position": {"line": 0, "character": at}}),
        )
        .await;
    let md = h["result"]["contents"]["value"].as_str().unwrap_or_default().to_string();
    assert!(md.contains("accepted as PARK 1× in 1 file"), "{md}");

    // Accepting the learnt suggestion works as for the engine's.
    let actions = s
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": b}, "range": range_of(&b_text, NAME), "context": {"diagnostics": []}}),
        )
        .await;
    let titles: Vec<String> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str().map(str::to_string))
        .collect();
    assert!(titles.contains(&format!("Accept PARK “{NAME}”")), "{titles:?}");
    let forget = format!("Forget what was learned about “{NAME}”");
    assert!(titles.contains(&forget), "{titles:?}");

    // Forget: stored, and b.txt is back to the engine's suggestions.
    execute(&mut s, "pactum.forget", json!({"text": NAME})).await;
    let diags = after_learning(&mut s, &b, |p| p["forgotten"] == 1).await;
    assert!(!messages(&diags).contains(&wanted), "forgotten: {:?}", messages(&diags));
    let stored = std::fs::read_to_string(ws.path().join(".pactum/forget.json")).unwrap();
    assert!(stored.contains(NAME), "{stored}");
    // The annotation file is untouched by forgetting.
    let ann = std::fs::read_to_string(ws.path().join("a.txt.ann.json")).unwrap();
    assert!(ann.contains("\"PARK\""), "{ann}");
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_in_two_files_is_not_suggested_in_a_third() {
    // Boxed: a debug build's future of this size would not fit the test thread's stack.
    Box::pin(rejected_in_two_files_is_not_suggested_in_a_third_body()).await;
}

async fn rejected_in_two_files_is_not_suggested_in_a_third_body() {
    let ws = tempfile::tempdir().unwrap();
    let mut s = Session::start(ws.path()).await;
    let text = "Ascendas Plc signed an agreement with the park.\n";
    let wanted = "ORG? “Ascendas Plc”";
    let mut uris = Vec::new();
    for name in ["a.txt", "b.txt", "c.txt", "d.txt"] {
        uris.push(open(&mut s, ws.path(), name, text).await);
    }
    assert!(
        messages(&latest(&s, &uris[3])).iter().any(|m| m == wanted),
        "{:?}",
        messages(&latest(&s, &uris[3]))
    );
    let at = json!({"line": 0, "character": 2});
    // Accepted once (a.txt), rejected once (b.txt): as often as accepted, still suggested.
    execute(&mut s, "pactum.acceptAt", json!({"uri": uris[0], "position": at, "label": "ORG"})).await;
    s.notification("pactum/learned", |p| p["documents"] == 1).await;
    execute(&mut s, "pactum.rejectAt", json!({"uri": uris[1], "position": at, "label": "ORG"})).await;
    let diags = after_learning(&mut s, &uris[3], |p| p["documents"] == 2).await;
    assert!(
        messages(&diags).iter().any(|m| m == wanted),
        "rejected once, accepted once: {:?}",
        messages(&diags)
    );
    // Rejected in a second file: more often than accepted, so no longer suggested.
    execute(&mut s, "pactum.rejectAt", json!({"uri": uris[2], "position": at, "label": "ORG"})).await;
    let diags = after_learning(&mut s, &uris[3], |p| p["documents"] == 3).await;
    assert!(!messages(&diags).iter().any(|m| m == wanted), "rejected twice: {:?}", messages(&diags));
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_annotation_file_is_skipped_with_its_path_and_left_alone() {
    // Boxed: a debug build's future of this size would not fit the test thread's stack.
    Box::pin(a_malformed_annotation_file_is_skipped_with_its_path_and_left_alone_body()).await;
}

async fn a_malformed_annotation_file_is_skipped_with_its_path_and_left_alone_body() {
    let ws = tempfile::tempdir().unwrap();
    std::fs::write(ws.path().join("bad.txt"), "Zyxtel.\n").unwrap();
    std::fs::write(ws.path().join("bad.txt.ann.json"), "{ not json").unwrap();
    let mut s = Session::start(ws.path()).await;
    let msg = s
        .notification("window/showMessage", |p| {
            p["message"].as_str().is_some_and(|m| m.contains("learning skips"))
        })
        .await;
    let msg = msg["message"].as_str().unwrap();
    assert!(msg.contains("bad.txt.ann.json"), "{msg}");
    assert_eq!(std::fs::read_to_string(ws.path().join("bad.txt.ann.json")).unwrap(), "{ not json");
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_label_of_the_users_own_schema_is_learnt_and_suggested() {
    Box::pin(a_label_of_the_users_own_schema_is_learnt_and_suggested_body()).await;
}

/// `TECH_FIELD` is no label of the engine (`pactum_engine::Label` cannot
/// hold it): tagged in one file, it is suggested in another, with its
/// provenance, and accepted there like any suggestion.
async fn a_label_of_the_users_own_schema_is_learnt_and_suggested_body() {
    let ws = tempfile::tempdir().unwrap();
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/real/tech_field/parks-tech.json");
    std::fs::copy(schema, ws.path().join("parks-tech.json")).unwrap();
    std::fs::write(ws.path().join("pactum.toml"), "schema = \"parks-tech.json\"\n").unwrap();
    let mut s = Session::start(ws.path()).await;
    let a_text = "The parks will cooperate in biomedicine and robotics.\n";
    let b_text = "Funding for biomedicine grew last year.\n";
    let a = open(&mut s, ws.path(), "a.txt", a_text).await;
    let b = open(&mut s, ws.path(), "b.txt", b_text).await;
    let wanted = "TECH_FIELD? “biomedicine”".to_string();
    assert!(!messages(&latest(&s, &b)).contains(&wanted));
    execute(
        &mut s,
        "pactum.tag",
        json!({"uri": a, "range": range_of(a_text, "biomedicine"), "label": "TECH_FIELD"}),
    )
    .await;
    let diags = after_learning(&mut s, &b, |p| p["documents"] == 1).await;
    assert!(messages(&diags).contains(&wanted), "{:?}", messages(&diags));
    let at = b_text.find("biomedicine").unwrap() as i64 + 1;
    let h = s
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": b}, "position": {"line": 0, "character": at}}),
        )
        .await;
    let md = h["result"]["contents"]["value"].as_str().unwrap_or_default().to_string();
    assert!(
        md.starts_with("**TECH_FIELD** “biomedicine” — suggested from what this workspace taught"),
        "{md}"
    );
    assert!(md.contains("accepted as TECH_FIELD 1× in 1 file"), "{md}");
    let r = execute(
        &mut s,
        "pactum.acceptAt",
        json!({"uri": b, "position": {"line": 0, "character": at}, "label": "TECH_FIELD"}),
    )
    .await;
    assert_eq!(r["label"], "TECH_FIELD", "{r}");
    let ann = std::fs::read_to_string(ws.path().join("b.txt.ann.json")).unwrap();
    assert!(ann.contains("\"TECH_FIELD\"") && ann.contains("\"accepted\""), "{ann}");
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}
