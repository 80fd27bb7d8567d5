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
    let (uri, p) = open_file(s, ws, name, text).await;
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

/// A document's diagnostics in a fixed order, without what depends on its
/// version: what the user sees.
fn seen(diags: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {} {} {}", d["range"], d["severity"], d["code"], d["message"]))
        .collect();
    out.sort();
    out
}

/// Closes and reopens `uri` with `text`: the diagnostics of a from-scratch
/// analysis with the learner the server has now.
async fn from_scratch(s: &mut Session, uri: &str, text: &str) -> Vec<Value> {
    s.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1000, "text": text}}),
    )
    .await;
    let p =
        s.notification("textDocument/publishDiagnostics", |p| p["uri"] == uri && p["version"] == 1000).await;
    p["diagnostics"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_swap_every_open_document_equals_a_from_scratch_analysis() {
    Box::pin(after_a_swap_every_open_document_equals_a_from_scratch_analysis_body()).await;
}

/// The new learner's suggestions are computed off the state lock from a
/// snapshot and swapped in by paragraph; one document is typed in from the
/// command until the retraining is swapped in (before, while and after the
/// off-lock computation). Oracle: every open document's diagnostics then
/// equal those of the same text opened afresh with the new learner.
async fn after_a_swap_every_open_document_equals_a_from_scratch_analysis_body() {
    let ws = tempfile::tempdir().unwrap();
    let mut s = Session::start(ws.path()).await;
    let a_text = format!("{NAME} hosted the meeting of the parks.\n");
    let b_text = format!("The delegation later visited {NAME} in Tallinn.\n");
    // 4 lines a paragraph pair; under the diagnostics cap, so all are compared.
    let pair = format!(
        "The delegation later visited {NAME} in Tallinn.\n\nKista Science Park signed an agreement with Ascendas Plc.\n\n"
    );
    let mut c_text = pair.repeat(100);
    let a = open(&mut s, ws.path(), "a.txt", &a_text).await;
    let b = open(&mut s, ws.path(), "b.txt", &b_text).await;
    let c = open(&mut s, ws.path(), "c.txt", &c_text).await;
    let wanted = format!("PARK? “{NAME}”");
    assert!(!messages(&latest(&s, &c)).contains(&wanted));

    execute(&mut s, "pactum.tag", json!({"uri": a, "range": range_of(&a_text, NAME), "label": "PARK"})).await;
    // Type in c.txt until the new learner is in: a new mention of the name
    // at the start of a paragraph (its suggestions change with the
    // learner), each keystroke a new version, the next one sent without
    // waiting for the last one's diagnostics, so that edits keep arriving
    // while the learner trains and while its suggestions are computed.
    let mut version = 1;
    let mut typed = 0;
    let insert = format!("{NAME} met. ");
    let mut learned_yet = false;
    while !learned_yet {
        version += 1;
        let line = 4 * ((typed * 7) % 100);
        let at: usize = c_text.split_inclusive('\n').take(line).map(str::len).sum();
        c_text.insert_str(at, &insert);
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": c, "version": version},
                   "contentChanges": [{"range": support::range((line as u32, 0), (line as u32, 0)), "text": insert}]}),
        )
        .await;
        typed += 1;
        let until = tokio::time::Instant::now() + std::time::Duration::from_millis(30);
        while let Ok(msg) = tokio::time::timeout_at(until, Box::pin(s.recv())).await {
            learned_yet |= msg["method"] == "pactum/learned";
            s.queued.push_back(msg);
        }
        assert!(typed < 2000, "no retraining after {typed} keystrokes");
    }
    // Until the last keystroke's diagnostics came (all kept queued, in
    // order, for `latest`: the swap may re-publish that version after them).
    let last_typed = |m: &Value| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == c
            && m["params"]["version"] == version
    };
    while !s.queued.iter().any(last_typed) {
        let msg = s.recv().await;
        s.queued.push_back(msg);
    }
    assert!(typed >= 2, "typed while the learner trained: {typed}");
    let learned = s.notification("pactum/learned", |_| true).await;
    assert_eq!(learned["documents"], 1, "{learned}");
    let shown_c = latest(&s, &c);
    assert!(messages(&shown_c).contains(&wanted), "the learnt PARK in the typed document");
    for (uri, text) in [(&a, a_text.as_str()), (&b, b_text.as_str()), (&c, c_text.as_str())] {
        let shown = seen(&latest(&s, uri));
        let scratch = seen(&from_scratch(&mut s, uri, text).await);
        assert_eq!(shown, scratch, "{uri} after the swap ({typed} keystrokes in c.txt meanwhile)");
    }
    let said: Vec<String> = s.messages().into_iter().filter(|m| m.contains("swapped in")).collect();
    assert!(!said.is_empty(), "the swap is logged: {:?}", s.messages());
    eprintln!("{typed} keystrokes in c.txt until the swap; {said:?}");
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pactum_toml_written_after_start_gives_the_learner_its_schemas_labels() {
    Box::pin(a_pactum_toml_written_after_start_gives_the_learner_its_schemas_labels_body()).await;
}

/// The learner starts with the labels of the schema at start-up (parks-v1);
/// a `pactum.toml` naming another schema, written later and seen as a
/// watched change, restarts it with that schema's labels (TECH_FIELD).
async fn a_pactum_toml_written_after_start_gives_the_learner_its_schemas_labels_body() {
    let ws = tempfile::tempdir().unwrap();
    let mut s = Session::start(ws.path()).await;
    let a_text = "The parks will cooperate in biomedicine and robotics.\n";
    let b_text = "Funding for biomedicine grew last year.\n";
    let a = open(&mut s, ws.path(), "a.txt", a_text).await;
    let b = open(&mut s, ws.path(), "b.txt", b_text).await;
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/real/tech_field/parks-tech.json");
    std::fs::copy(schema, ws.path().join("parks-tech.json")).unwrap();
    let toml = ws.path().join("pactum.toml");
    std::fs::write(&toml, "schema = \"parks-tech.json\"\n").unwrap();
    s.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&toml), "type": 1}]}))
        .await;
    s.notification("window/logMessage", |p| {
        p["message"].as_str().is_some_and(|m| m.contains("pactum.toml read and applied"))
    })
    .await;
    execute(
        &mut s,
        "pactum.tag",
        json!({"uri": a, "range": range_of(a_text, "biomedicine"), "label": "TECH_FIELD"}),
    )
    .await;
    let diags = after_learning(&mut s, &b, |p| p["documents"] == 1).await;
    assert!(messages(&diags).contains(&"TECH_FIELD? “biomedicine”".to_string()), "{:?}", messages(&diags));
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}
