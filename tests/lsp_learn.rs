//! End to end (the `pactum` binary over stdio): the workspace learns (issue
//! 10). Accept a span in file A → suggested in open file B; reject it in two
//! files → not suggested in a third; forget → back to the engine's; a
//! workspace of many annotated files learns in the background with
//! `$/progress`, the server answering meanwhile.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::*;
use serde_json::{json, Value};

const NAME: &str = "Zyxtel";

/// Opens a new file; its URI and the messages of its first diagnostics.
fn open(client: &mut LspClient, dir: &std::path::Path, name: &str, text: &str) -> (String, Vec<String>) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    client.open(&uri, text, 1);
    let diags = client.diagnostics(&uri, Some(1));
    (uri, diags.iter().filter_map(|d| d["message"].as_str().map(str::to_string)).collect())
}

/// The latest diagnostics published for `uri` once a retraining that
/// satisfies `pred` is done (the open documents are re-published first).
fn after_learning(client: &mut LspClient, uri: &str, pred: impl Fn(&Value) -> bool) -> Vec<String> {
    client.wait_for("pactum/learned", pred);
    latest(client, uri)
}

fn latest(client: &mut LspClient, uri: &str) -> Vec<String> {
    client
        .messages_of("textDocument/publishDiagnostics")
        .iter()
        .rev()
        .find(|p| p["uri"] == uri)
        .and_then(|p| p["diagnostics"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|d| d["message"].as_str().map(str::to_string))
        .collect()
}

fn range_of(text: &str, word: &str) -> Value {
    let at = text.find(word).unwrap() as u32;
    range((0, at), (0, at + word.len() as u32))
}

#[test]
fn accept_in_one_file_suggests_in_another_reject_twice_stops_it_forget_restores_the_engine() {
    let ws = tempfile::tempdir().unwrap();
    let mut client = LspClient::start(ws.path(), None);
    let a_text = format!("{NAME} hosted the meeting of the parks.\n");
    let b_text = format!("The delegation later visited {NAME} in Tallinn.\n");
    let (a, _) = open(&mut client, ws.path(), "a.txt", &a_text);
    let (b, at_open) = open(&mut client, ws.path(), "b.txt", &b_text);
    let wanted = format!("PARK? “{NAME}”");
    assert!(at_open.iter().any(|m| m.contains(NAME)), "the engine suggests something: {at_open:?}");
    assert!(!at_open.contains(&wanted), "the engine alone does not say PARK: {at_open:?}");

    // Accepted in a.txt → suggested in b.txt.
    client
        .execute("pactum.tag", json!({"uri": a, "range": range_of(&a_text, NAME), "label": "PARK"}))
        .unwrap();
    let shown = after_learning(&mut client, &b, |p| p["documents"] == 1);
    assert!(shown.contains(&wanted), "{shown:?}");

    // Rejected in two files (b.txt and c.txt) → not suggested in d.txt.
    let (d, shown) = open(&mut client, ws.path(), "d.txt", &b_text);
    assert!(shown.contains(&wanted), "opened later, d.txt too: {shown:?}");
    let (c, _) = open(&mut client, ws.path(), "c.txt", &b_text);
    let at = b_text.find(NAME).unwrap() as u32 + 1;
    for (k, uri) in [&b, &c].into_iter().enumerate() {
        client
            .execute(
                "pactum.rejectAt",
                json!({"uri": uri, "position": {"line": 0, "character": at}, "label": "PARK"}),
            )
            .unwrap();
        client.wait_for("pactum/learned", |p| p["documents"] == k + 2);
    }
    let shown = latest(&mut client, &d);
    assert!(!shown.contains(&wanted), "rejected in two files: {shown:?}");

    // Forget → d.txt is back to the engine's suggestions for the name.
    let engine_only: Vec<String> = {
        let fresh = tempfile::tempdir().unwrap();
        let mut other = LspClient::start(fresh.path(), None);
        let (_, shown) = open(&mut other, fresh.path(), "d.txt", &b_text);
        other.stop();
        shown
    };
    client.execute("pactum.forget", json!({"text": NAME})).unwrap();
    let shown = after_learning(&mut client, &d, |p| p["forgotten"] == 1);
    let about_name =
        |v: &[String]| -> Vec<String> { v.iter().filter(|m| m.contains(NAME)).cloned().collect() };
    assert_eq!(about_name(&shown), about_name(&engine_only), "forgotten: the engine's suggestions");
    assert!(std::fs::read_to_string(ws.path().join(".pactum/forget.json")).unwrap().contains(NAME));
    assert!(client.stop().success());

    // The forget list survives a restart.
    let mut again = LspClient::start(ws.path(), None);
    again.wait_for("pactum/learned", |p| p["forgotten"] == 1 && p["documents"] == 3);
    let (_, shown) = open(&mut again, ws.path(), "d.txt", &b_text);
    assert_eq!(about_name(&shown), about_name(&engine_only), "still forgotten after a restart");
    assert!(again.stop().success());
}

/// `n` annotated texts: each has the name accepted as PARK (and `filler`
/// paragraphs after it).
fn annotated_workspace(n: usize, filler: &str) -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    for k in 0..n {
        let text =
            format!("Report {k}. {NAME} signed an agreement with Ascendas Plc in Tallinn.\n\n{filler}");
        let path = ws.path().join(format!("doc{k:04}.txt"));
        std::fs::write(&path, &text).unwrap();
        let start = text.find(NAME).unwrap();
        let mut sidecar = pactum_store::Sidecar::new("parks-v1", &text);
        let mut ann = pactum_store::Annotation::new(
            &text,
            start,
            start + NAME.len(),
            "PARK",
            pactum_store::Status::Accepted,
        )
        .unwrap();
        ann.id = format!("a{k}");
        sidecar.annotations.push(ann);
        pactum_store::save(&pactum_store::sidecar_path(&path), &sidecar).unwrap();
    }
    ws
}

#[test]
fn a_big_workspace_learns_in_the_background_with_progress() {
    let ws = annotated_workspace(300, "");
    let mut client = LspClient::start(ws.path(), None);
    // The server answers while it learns.
    let r = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.txt"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r, Ok(Value::Null));
    let learned = client.wait_for("pactum/learned", |p| p["documents"] == 300);
    assert_eq!(learned["forgotten"], 0);
    let progress = client.messages_of("$/progress");
    let learn: Vec<&Value> = progress.iter().filter(|p| p["token"] == "pactum/learn").collect();
    assert_eq!(learn.first().map(|p| p["value"]["kind"].clone()), Some(json!("begin")), "{progress:?}");
    assert_eq!(
        learn.last().map(|p| p["value"]["message"].clone()),
        Some(json!("learnt from 300 annotated files"))
    );
    // And what it learnt is suggested.
    let text = format!("Visitors came to {NAME} today.\n");
    let (_, shown) = open(&mut client, ws.path(), "new.txt", &text);
    assert!(shown.contains(&format!("PARK? “{NAME}”")), "{shown:?}");
    assert!(client.stop().success());
}

/// Retraining after a command on a workspace of 1,000 annotated documents
/// of about 2 kB: the server logs how long each retraining took. A
/// measurement, not a timed assert (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn retraining_a_thousand_documents_after_a_command() {
    let filler = "The parks will cooperate in biomedicine, artificial intelligence and new materials, said the head of the park. \
The aim is to help 120 startups enter the market, and to exchange staff between the two parks every year.\n\n"
        .repeat(8);
    let ws = annotated_workspace(1000, &filler);
    let started = std::time::Instant::now();
    let mut client = LspClient::start(ws.path(), None);
    client.wait_for("pactum/learned", |p| p["documents"] == 1000);
    println!("first training (index, engine on every text, train): {:?} after start", started.elapsed());
    let (uri, _) = open(
        &mut client,
        ws.path(),
        "doc0000.txt",
        &format!("Report 0. {NAME} signed an agreement with Ascendas Plc in Tallinn.\n\n{filler}"),
    );
    let at = "Report 0. ".len() as u32;
    let sent = std::time::Instant::now();
    client
        .execute(
            "pactum.tag",
            json!({"uri": uri, "range": range((0, at), (0, at + NAME.len() as u32)), "label": "ORG"}),
        )
        .unwrap();
    client.wait_for("pactum/learned", |p| p["generation"] == 2);
    println!("command → retrained and re-published: {:?}", sent.elapsed());
    for m in client.messages().iter().filter(|m| m.contains("learnt from")) {
        println!("{m}");
    }
    assert!(client.stop().success());
}
