//! The server in process (over `tokio::io::duplex`, see `support`), with
//! whole responses asserted: JSON-RPC errors for what cannot be decoded,
//! the session going on after bad frames, and invalid document changes
//! reported and refused rather than silently diverging.

mod support;

use pactum_lsp::Ending;
use serde_json::{json, Value};
use support::*;

const PARK: &str = "Otaniemi Science Park.";

async fn opened(text: &str) -> (tempfile::TempDir, Session, String) {
    let ws = tempfile::tempdir().unwrap();
    let path = ws.path().join("a.txt");
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    let mut s = Session::start(ws.path()).await;
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    )
    .await;
    diagnostics(&mut s, &uri, 1).await;
    (ws, s, uri)
}

async fn diagnostics(s: &mut Session, uri: &str, version: i64) -> Vec<Value> {
    let p = s
        .notification("textDocument/publishDiagnostics", |p| p["uri"] == uri && p["version"] == version)
        .await;
    p["diagnostics"].as_array().cloned().unwrap_or_default()
}

fn change(uri: &str, version: Value, range: Value, text: &str) -> Value {
    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": text}]})
}

async fn hover(s: &mut Session, uri: &str, line: i64, character: i64) -> Value {
    s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    )
    .await
}

#[tokio::test]
async fn whole_answers_to_unknown_and_undecodable_requests() {
    // On the heap: the state of this long exchange is near the 2 MiB test
    // thread's stack in a debug build.
    Box::pin(whole_answers()).await
}

async fn whole_answers() {
    let ws = tempfile::tempdir().unwrap();
    let mut s = Session::start(ws.path()).await;
    let caps = &s.initialize_result["capabilities"];
    assert!(caps["hoverProvider"].as_bool().unwrap_or(false), "{caps}");

    let r = s.request("pactum/noSuchMethod", json!({})).await;
    assert_eq!(
        r,
        json!({"jsonrpc": "2.0", "id": 2, "error": {"code": -32601, "message": "Method not found", "data": "pactum/noSuchMethod"}})
    );
    // Invalid params: tower-lsp's own answer.
    let r = s.request("textDocument/hover", json!({"position": "here"})).await;
    assert_eq!((r["id"].clone(), r["error"]["code"].clone()), (json!(3), json!(-32602)), "{r}");

    s.send_raw(b"Content-Length: 5\r\n\r\n{oops").await;
    let r = s.response(&Value::Null).await;
    assert_eq!(r["error"]["code"], -32700, "{r}");
    assert_eq!(r.as_object().unwrap().len(), 3, "jsonrpc, id, error: {r}");
    s.send(&json!({"jsonrpc": "2.0", "id": {"nested": 1}, "method": "shutdown"})).await;
    let r = s.response(&Value::Null).await;
    assert_eq!(r["error"]["code"], -32600, "{r}");
    s.send(&json!({"jsonrpc": "1.0", "id": 77, "method": "shutdown"})).await;
    let r = s.response(&json!(77)).await;
    assert_eq!(r["error"]["code"], -32600, "{r}");
    s.send(&json!([{"jsonrpc": "2.0", "id": 78, "method": "shutdown"}])).await;
    assert_eq!(s.response(&Value::Null).await["error"]["code"], -32600);
    // Each was logged, and the session goes on.
    let r = s
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///x.txt"}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(r, json!({"jsonrpc": "2.0", "id": 4, "result": null}));
    // The log lines may come after the answers (the server runs on its own
    // thread): read on until the four are in (`recv` fails after WAIT).
    while s.messages().iter().filter(|m| m.contains("not JSON-RPC")).count() < 4 {
        let m = s.recv().await;
        s.queued.push_back(m);
    }
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}

#[tokio::test]
async fn exit_without_shutdown_is_a_failing_end() {
    let ws = tempfile::tempdir().unwrap();
    let s = Session::start(ws.path()).await;
    assert_eq!(s.end(Ending::WithoutShutdown).await, Ending::WithoutShutdown);
}

/// Each invalid change: the editor is told once, no suggestion is shown on
/// a text that may differ from the editor's, later ranged edits are refused,
/// and a whole text brings the document back.
#[tokio::test]
async fn invalid_changes_are_reported_once_and_refused_until_resynchronised() {
    let cases = [
        ("negative position", json!(2), range_raw(-1, 0, 0, 3), "a change to"),
        ("version beyond 32 bits", json!(4_294_967_296_i64), range_raw(0, 0, 0, 0), "4294967296"),
        ("line past the end", json!(2), range_raw(5, 0, 5, 0), "line 6 of a document with 1 line"),
        ("end before start", json!(2), range_raw(0, 9, 0, 2), "before its start"),
    ];
    for (what, version, bad, said) in cases {
        let (_ws, mut s, uri) = opened(PARK).await;
        s.notify("textDocument/didChange", change(&uri, version, bad.clone(), "X")).await;
        let shown = s
            .notification("window/showMessage", |p| {
                p["message"].as_str().is_some_and(|m| m.contains("out of sync"))
            })
            .await;
        let msg = shown["message"].as_str().unwrap();
        assert!(
            msg.contains("a.txt") && (msg.contains(said) || what == "negative position"),
            "{what}: {msg}"
        );
        assert_eq!(shown["type"], 1, "{what}: an error");
        // A valid ranged edit now is refused too (logged), not applied to a
        // text that may differ; no second window message.
        s.notify("textDocument/didChange", change(&uri, json!(3), json!(range((0, 0), (0, 0))), "The "))
            .await;
        assert_eq!(diagnostics(&mut s, &uri, 3).await, Vec::<Value>::new(), "{what}");
        let again = s
            .queued
            .iter()
            .filter(|m| {
                m["method"] == "window/showMessage"
                    && m["params"]["message"].as_str().unwrap_or("").contains("out of sync")
            })
            .count();
        assert_eq!(again, 0, "{what}: shown once");
        s.notification("window/logMessage", |p| {
            p["message"].as_str().is_some_and(|m| m.contains("ignored a change"))
        })
        .await;
        // Annotation commands are refused meanwhile, saying what to do.
        let r = s
            .request(
                "workspace/executeCommand",
                json!({"command": "pactum.tag", "arguments": [{"uri": uri, "range": range((0, 0), (0, 8)), "label": "ORG"}]}),
            )
            .await;
        let refused = r["error"]["message"].as_str().unwrap_or("");
        assert!(refused.contains("out of sync") && refused.contains("save"), "{what}: {r}");
        // The whole text resynchronises: suggestions are back, on the editor's text.
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": format!("The {PARK}")}]}),
        )
        .await;
        let d = diagnostics(&mut s, &uri, 4).await;
        assert_eq!(d.len(), 1, "{what}: {d:?}");
        assert_eq!(d[0]["range"], range((0, 4), (0, 25)), "{what}");
        assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
    }
}

fn range_raw(l0: i64, c0: i64, l1: i64, c1: i64) -> Value {
    json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

#[tokio::test]
async fn a_save_resynchronises_an_out_of_sync_document_from_the_file() {
    let (ws, mut s, uri) = opened(PARK).await;
    s.notify("textDocument/didChange", change(&uri, json!(2), range_raw(0, -4, 0, 0), "X")).await;
    s.notification("window/showMessage", |p| {
        p["message"].as_str().is_some_and(|m| m.contains("out of sync"))
    })
    .await;
    // The editor saves what it has.
    std::fs::write(ws.path().join("a.txt"), format!("Hello. {PARK}")).unwrap();
    s.queued.clear();
    s.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
    s.notification("window/showMessage", |p| {
        p["message"].as_str().is_some_and(|m| m.contains("in sync again"))
    })
    .await;
    // The version stays the last valid one the editor sent.
    let d = diagnostics(&mut s, &uri, 1).await;
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["range"], range((0, 7), (0, 28)));
    let h = hover(&mut s, &uri, 0, 10).await;
    assert!(h["result"]["contents"]["value"].as_str().unwrap().contains("Otaniemi Science Park"), "{h}");
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}

/// A character past the end of a line is clamped (LSP says so): no divergence.
#[tokio::test]
async fn a_character_past_the_line_end_is_clamped_not_refused() {
    let (_ws, mut s, uri) = opened(PARK).await;
    s.notify(
        "textDocument/didChange",
        change(&uri, json!(2), json!(range((0, 900), (0, 999))), " Kista Science Park."),
    )
    .await;
    let d = diagnostics(&mut s, &uri, 2).await;
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(s.messages().iter().all(|m| !m.contains("out of sync")));
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}

/// A stale annotation and a live one, written by hand for `text`.
fn sidecar_with_stale(text: &str, stale: (usize, usize, &str), context: (&str, &str)) -> String {
    json!({
        "version": 1,
        "schema": "parks-v1",
        "text_sha256": pactum_store::text_hash(text),
        "annotations": [{
            "id": "s1", "start": stale.0, "end": stale.1, "label": "ORG", "status": "accepted",
            "text": stale.2, "context": {"before": context.0, "after": context.1}, "stale": true
        }]
    })
    .to_string()
}

async fn open_in(s: &mut Session, uri: &str, text: &str) -> Vec<Value> {
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    )
    .await;
    diagnostics(s, uri, 1).await
}

#[tokio::test]
async fn stale_diagnostics_never_point_between_cr_and_lf() {
    let text = "Kista Science Park.\r\nSecond line here.\r\n";
    let ws = tempfile::tempdir().unwrap();
    let path = ws.path().join("a.txt");
    std::fs::write(&path, text).unwrap();
    // Offsets 20 and 39: each at a `\n` right after a `\r`.
    std::fs::write(
        ws.path().join("a.txt.ann.json"),
        sidecar_with_stale(text, (20, 39, "Gone Ltd"), ("", "")),
    )
    .unwrap();
    let mut s = Session::start(ws.path()).await;
    let uri = file_uri(&path);
    let d = open_in(&mut s, &uri, text).await;
    let stale = d.iter().find(|d| d["message"] == "stale annotation: ORG “Gone Ltd”").expect("shown");
    assert_eq!(stale["range"], range((0, 19), (1, 17)), "before the \\r, never between: {stale}");
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}

#[tokio::test]
async fn a_stale_annotation_is_live_again_when_its_text_returns() {
    let text = "Kista Science Park met Otaniemi.";
    let ws = tempfile::tempdir().unwrap();
    let path = ws.path().join("a.txt");
    std::fs::write(&path, text).unwrap();
    std::fs::write(
        ws.path().join("a.txt.ann.json"),
        sidecar_with_stale(text, (0, 8, "Gone Ltd"), (" ", " signed")),
    )
    .unwrap();
    let mut s = Session::start(ws.path()).await;
    let uri = file_uri(&path);
    let d = open_in(&mut s, &uri, text).await;
    assert!(d.iter().any(|d| d["message"] == "stale annotation: ORG “Gone Ltd”"), "{d:?}");
    // The text comes back (pasted at the end).
    s.notify(
        "textDocument/didChange",
        change(&uri, json!(2), json!(range((0, 32), (0, 32))), " Gone Ltd signed."),
    )
    .await;
    let d = diagnostics(&mut s, &uri, 2).await;
    let live = d.iter().find(|d| d["message"] == "ORG “Gone Ltd”").expect("live again");
    assert_eq!(live["range"], range((0, 33), (0, 41)));
    assert!(d.iter().all(|d| !d["message"].as_str().unwrap().starts_with("stale")), "{d:?}");
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}

#[tokio::test]
async fn diagnostics_go_to_the_uri_the_client_opened() {
    let text = PARK;
    let ws = tempfile::tempdir().unwrap();
    std::fs::create_dir(ws.path().join("sub")).unwrap();
    std::fs::write(ws.path().join("a.txt"), text).unwrap();
    let theirs = format!("{}/sub/../a.txt", file_uri(ws.path()));
    let mut s = Session::start(ws.path()).await;
    let d = open_in(&mut s, &theirs, text).await;
    assert_eq!(d.len(), 1, "published under {theirs}: {d:?}");
    let h = hover(&mut s, &theirs, 0, 3).await;
    assert!(h["result"]["contents"]["value"].as_str().is_some_and(|v| v.contains("Otaniemi")), "{h}");
    s.notify("textDocument/didChange", change(&theirs, json!(2), json!(range((0, 0), (0, 0))), "The ")).await;
    assert_eq!(diagnostics(&mut s, &theirs, 2).await.len(), 1);
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}
