//! End to end: bad input never crashes the server nor loses annotations —
//! unknown methods, positions out of range, changes to documents never
//! opened, a broken annotation file, a broken configuration, a huge document.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::*;
use serde_json::{json, Value};

const SEED: &str = "000_f5158f5e22cef6b9.txt";

fn hover_at(client: &mut LspClient, uri: &str, line: u32, character: u32) -> Result<Value, Value> {
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    )
}

#[test]
fn unknown_methods_bad_positions_and_unopened_documents() {
    let ws = workspace_with(&[SEED]);
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);

    let err = client.request("pactum/noSuchMethod", json!({})).unwrap_err();
    assert_eq!(err["code"], -32601, "method not found: {err}");
    client.notify("pactum/noSuchNotification", json!({"x": 1}));
    // A change to a document that was never opened is ignored (and logged).
    client.change("file:///never/opened.txt", 2, (0, 0), (0, 0), "x");
    client.wait_for("window/logMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("not open")));
    assert_eq!(hover_at(&mut client, "file:///never/opened.txt", 0, 0).unwrap(), Value::Null);
    // A command with missing arguments is an error answer.
    let err = client.execute("pactum.acceptAt", json!({"uri": uri})).unwrap_err();
    assert_eq!(err["code"], -32602);
    let err = client.execute("pactum.nope", json!({})).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("unknown command"));

    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    // Positions past the end of a line or of the document are clamped.
    assert_eq!(hover_at(&mut client, &uri, 99_999, 5).unwrap(), Value::Null);
    assert!(hover_at(&mut client, &uri, 0, 99_999).is_ok());
    let actions = client.code_actions(&uri, (0, 0), (99_999, 99_999));
    assert!(!actions.is_empty());
    // A character past a line's end is clamped (LSP says so)…
    let last = text.lines().count() as u32 - 1;
    client.change(&uri, 2, (last, 99_999), (last, 99_999), " Kista Science Park");
    let mut edited = text.clone();
    edited.push_str(" Kista Science Park");
    let diags = client.diagnostics(&uri, Some(2));
    let kista = diags
        .iter()
        .find(|d| quoted(d["message"].as_str().unwrap()) == "Kista Science Park")
        .expect("appended");
    assert_eq!(covered(&edited, &kista["range"], "utf-16"), "Kista Science Park");
    // …a line past the end is not: the editor's text is not ours. Said,
    // and no suggestion shown on a text that may differ.
    client.change(&uri, 3, (99_999, 3), (99_999, 99), "x");
    let shown = client.wait_for("window/showMessage", |p| p["type"] == 1);
    assert!(shown["message"].as_str().unwrap().contains("out of sync"), "{shown}");
    assert!(client.diagnostics(&uri, Some(3)).is_empty());
    // A whole-document change (no range) works, and resynchronises.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": "Otaniemi Science Park."}]}),
    );
    let diags = client.diagnostics(&uri, Some(4));
    assert_eq!(diags.len(), 1);
    // Not a JSON-RPC message: logged, and the server goes on.
    client.send_raw(&json!("not a request"));
    client
        .wait_for("window/logMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("not JSON-RPC")));
    assert_eq!(hover_at(&mut client, &uri, 0, 0).unwrap()["contents"]["kind"], "markdown");
    assert!(client.stop().success());
}

#[test]
fn a_broken_annotation_file_is_reported_and_never_overwritten() {
    let ws = workspace_with(&[SEED]);
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let sidecar = ws.path().join(format!("{SEED}.ann.json"));
    std::fs::write(&sidecar, "{\"version\": 1, \"annotations\": [oops").unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);
    client.open(&uri, &text, 1);
    let diags = client.diagnostics(&uri, Some(1));
    let error = diags.iter().find(|d| d["severity"] == 1).expect("an Error diagnostic");
    assert!(error["message"].as_str().unwrap().contains(".ann.json"), "{error}");
    assert!(diags.iter().any(|d| d["severity"] == 3), "suggestions still shown");
    let park = diags.iter().find(|d| d["code"] == "PARK").unwrap().clone();
    let err = client
        .execute("pactum.acceptAt", json!({"uri": uri, "position": park["range"]["start"]}))
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("broken"), "{err}");
    client.save(&uri);
    client.diagnostics(&uri, Some(1));
    assert_eq!(std::fs::read_to_string(&sidecar).unwrap(), "{\"version\": 1, \"annotations\": [oops");

    // Once the user fixes it, the next command reads it again and works.
    let fixed = format!(
        r#"{{"version": 1, "schema": "parks-v1", "text_sha256": "{}", "annotations": []}}"#,
        pactum_store::text_hash(&text)
    );
    std::fs::write(&sidecar, fixed).unwrap();
    client.execute("pactum.acceptAt", json!({"uri": uri, "position": park["range"]["start"]})).unwrap();
    let diags = client.diagnostics(&uri, Some(1));
    assert!(diags.iter().all(|d| d["severity"] != 1), "{diags:#?}");
    assert_eq!(client_sidecar_len(&sidecar), 1);

    // Deleted: saving picks that up too.
    std::fs::write(&sidecar, "[]").unwrap();
    client.save(&uri);
    client.diagnostics(&uri, Some(1));
    assert_eq!(std::fs::read_to_string(&sidecar).unwrap(), "[]", "broken again: left alone");
    std::fs::remove_file(&sidecar).unwrap();
    client.save(&uri);
    let diags = client.diagnostics(&uri, Some(1));
    assert!(diags.iter().all(|d| d["severity"] != 1), "{diags:#?}");
    assert!(client.stop().success());
}

fn client_sidecar_len(path: &std::path::Path) -> usize {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["annotations"].as_array().unwrap().len()
}

#[test]
fn a_broken_configuration_is_reported_and_the_default_schema_used() {
    let ws = workspace_with(&[SEED]);
    std::fs::write(ws.path().join("pactum.toml"), "# labels\nschema = \"missing.json\"\n").unwrap();
    let mut client = LspClient::start(ws.path(), None);
    let shown = client.wait_for("window/showMessage", |p| p["type"] == 1);
    assert!(shown["message"].as_str().unwrap().contains("missing.json"), "{shown}");
    let config_uri = file_uri(&ws.path().join("pactum.toml"));
    let diags = client.diagnostics(&config_uri, None);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(diags[0]["range"], range((1, 9), (1, 23)), "{diags:?}");
    let path = ws.path().join(SEED);
    let uri = file_uri(&path);
    client.open(&uri, &std::fs::read_to_string(&path).unwrap(), 1);
    assert!(!client.diagnostics(&uri, Some(1)).is_empty(), "parks-v1 still works");
    assert!(client.stop().success());
}

#[test]
fn a_users_schema_from_pactum_toml_drives_labels() {
    let ws = workspace_with(&[SEED]);
    // A schema without PARK: the engine's PARK suggestions disappear.
    let schema: Value = serde_json::from_str(pactum_schema::PARKS_V1_JSON).unwrap();
    let mut mine = schema.clone();
    mine["id"] = json!("mine");
    mine["labels"] = json!(schema["labels"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["name"] != "PARK")
        .cloned()
        .collect::<Vec<_>>());
    // Its relation types may not name PARK either (the schema would be refused).
    if let Some(relations) = mine["relations"].as_array_mut() {
        for r in relations.iter_mut() {
            for end in ["head", "child"] {
                if let Some(labels) = r[end].as_array_mut() {
                    labels.retain(|l| l != "PARK");
                }
            }
        }
    }
    std::fs::write(ws.path().join("mine.json"), mine.to_string()).unwrap();
    std::fs::write(ws.path().join("pactum.toml"), "schema = \"mine.json\"\n").unwrap();
    let mut client = LspClient::start(ws.path(), None);
    let types =
        client.initialize_result["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"].clone();
    assert!(!types.as_array().unwrap().contains(&json!("park")));
    let path = ws.path().join(SEED);
    let uri = file_uri(&path);
    client.open(&uri, &std::fs::read_to_string(&path).unwrap(), 1);
    let diags = client.diagnostics(&uri, Some(1));
    assert!(!diags.is_empty() && diags.iter().all(|d| d["code"] != "PARK"), "{diags:#?}");
    assert!(client.stop().success());
}

#[test]
fn rules_disabled_in_pactum_toml_are_off_and_unknown_ids_reported() {
    let ws = workspace_with(&[SEED]);
    let config = "disable = [\"park.head-word\", \"org.legal-sufix\"]\n";
    std::fs::write(ws.path().join("pactum.toml"), config).unwrap();
    let mut client = LspClient::start(ws.path(), None);
    let shown = client.wait_for("window/showMessage", |p| p["type"] == 1);
    let message = shown["message"].as_str().unwrap();
    assert!(message.contains("unknown rule `org.legal-sufix` (did you mean `org.legal-suffix`?)"), "{shown}");
    assert!(message.contains("valid rules: date.month,"), "{shown}");
    let diags = client.diagnostics(&file_uri(&ws.path().join("pactum.toml")), None);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["range"], range((0, 29), (0, 46)), "at the unknown id: {diags:?}");
    // The known id applies: no park from a head word.
    let path = ws.path().join(SEED);
    let uri = file_uri(&path);
    client.open(&uri, &std::fs::read_to_string(&path).unwrap(), 1);
    let diags = client.diagnostics(&uri, Some(1));
    assert!(!diags.is_empty(), "the other rules still suggest");
    assert!(diags.iter().all(|d| d["message"] != "PARK? “Singapore Science Park”"), "{diags:#?}");
    assert!(client.stop().success());
}

#[test]
fn a_100_mb_document_pauses_analysis_and_keeps_serving() {
    let ws = tempfile::tempdir().unwrap();
    let path = ws.path().join("huge.txt");
    let seed = std::fs::read_to_string(corpus_dir().join(SEED)).unwrap();
    let mut text = String::with_capacity(100 * 1024 * 1024 + seed.len());
    while text.len() < 100 * 1024 * 1024 {
        text.push_str(&seed);
        text.push_str("\n\n");
    }
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);
    client.open(&uri, &text, 1);
    let diags = client.diagnostics(&uri, Some(1));
    assert!(diags.is_empty(), "no suggestions: {diags:?}");
    client.wait_for("window/showMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("paused")));
    // Annotations still work on it, and follow typing.
    client
        .execute("pactum.tag", json!({"uri": uri, "range": range((0, 8), (0, 19)), "label": "ORG"}))
        .unwrap();
    assert_eq!(client.diagnostics(&uri, Some(1)).len(), 1);
    client.change(&uri, 2, (0, 0), (0, 0), "x");
    let diags = client.diagnostics(&uri, Some(2));
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["message"], "ORG “Technopolis”");
    assert_eq!(diags[0]["range"], range((0, 9), (0, 20)));
    // Another document is still served normally.
    let small = ws.path().join("small.txt");
    let small_uri = file_uri(&small);
    client.open(&small_uri, "Kista Science Park.", 1);
    assert_eq!(client.diagnostics(&small_uri, Some(1)).len(), 1);
    assert!(client.stop().success());
}
