//! End to end: annotating through code actions and commands, the annotation
//! file beside the text, annotations following edits, re-opening, and files
//! changed outside the editor (re-anchoring and stale annotations).

#[path = "support/lsp_client.rs"]
mod lsp_client;

use std::path::Path;

use lsp_client::*;
use serde_json::{json, Value};

const SEED: &str = "000_f5158f5e22cef6b9.txt";

fn sidecar(text_path: &Path) -> Value {
    let mut p = text_path.as_os_str().to_owned();
    p.push(".ann.json");
    let raw = std::fs::read_to_string(p).expect("annotation file written");
    serde_json::from_str(&raw).expect("annotation file is JSON")
}

fn sha256_hex(text: &str) -> String {
    pactum_store::text_hash(text)
}

fn find<'a>(diags: &'a [Value], text: &str, severity: u64) -> Option<&'a Value> {
    diags.iter().find(|d| d["severity"] == severity && quoted(d["message"].as_str().unwrap_or("")) == text)
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions.iter().filter_map(|a| a["title"].as_str().map(str::to_string)).collect()
}

fn run_action(client: &mut LspClient, actions: &[Value], title_prefix: &str) -> Value {
    let action = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title_prefix)))
        .unwrap_or_else(|| panic!("no action {title_prefix:?} in {:?}", titles(actions)));
    let cmd = &action["command"];
    client
        .request(
            "workspace/executeCommand",
            json!({"command": cmd["command"], "arguments": cmd["arguments"]}),
        )
        .unwrap_or_else(|e| panic!("{title_prefix}: {e}"))
}

fn pos(v: &Value) -> (u32, u32) {
    (v["line"].as_u64().unwrap() as u32, v["character"].as_u64().unwrap() as u32)
}

#[test]
fn accept_by_code_action_then_edits_follow_and_survive_reopening() {
    let ws = workspace_with(&[SEED]);
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);
    let commands = client.initialize_result["capabilities"]["executeCommandProvider"]["commands"].clone();
    for c in ["pactum.acceptAt", "pactum.rejectAt", "pactum.acceptAll", "pactum.export"] {
        assert!(commands.as_array().unwrap().contains(&json!(c)), "{c} registered");
    }
    client.open(&uri, &text, 1);
    let diags = client.diagnostics(&uri, Some(1));
    let park = find(&diags, "Singapore Science Park", 3).expect("PARK suggestion").clone();
    assert_eq!(park["message"], "PARK? “Singapore Science Park”");
    assert_eq!(park["code"], "PARK");

    // The code actions on the suggestion.
    let suggestions = diags.iter().filter(|d| d["severity"] == 3).count();
    let accept_all_title = format!("Accept all {suggestions} suggestions in the document");
    let at = pos(&park["range"]["start"]);
    let actions = client.code_actions(&uri, at, at);
    let t = titles(&actions);
    println!("--- code actions on the PARK suggestion ---\n{}", t.join("\n"));
    assert_eq!(t[0], "Accept PARK “Singapore Science Park”", "{t:#?}");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["kind"], "quickfix");
    for want in [
        "Reject PARK? “Singapore Science Park”",
        "Change label to ORG (“Singapore Science Park”)",
        "Tag every “Singapore Science Park” in this document as PARK",
        "Tag every “Singapore Science Park” in every .txt file of the workspace as PARK",
        accept_all_title.as_str(),
    ] {
        assert!(t.iter().any(|x| x == want), "{want:?} missing from {t:#?}");
    }
    assert!(!t.iter().any(|x| x.starts_with("Change label to SIGNING")), "only labels of the same kind");
    let accept_all = actions.iter().find(|a| a["title"] == accept_all_title.as_str()).unwrap();
    assert!(accept_all["kind"].as_str().unwrap().starts_with("source."));

    run_action(&mut client, &actions, "Accept PARK");
    let diags = client.diagnostics(&uri, Some(1));
    let accepted = find(&diags, "Singapore Science Park", 4).expect("accepted PARK is a Hint");
    assert_eq!(accepted["message"], "PARK “Singapore Science Park”");
    assert_eq!(accepted["range"], park["range"]);
    assert!(
        find(&diags, "Singapore Science Park", 3).is_none_or(|d| d["range"] != park["range"]),
        "no longer suggested"
    );

    // The annotation file, written at once.
    let sc = sidecar(&path);
    assert_eq!(sc["schema"], "parks-v1");
    assert_eq!(sc["text_sha256"], sha256_hex(&text));
    let anns = sc["annotations"].as_array().unwrap();
    assert_eq!(anns.len(), 1);
    let start = text[..text.find("Singapore Science Park").unwrap()].chars().count();
    assert_eq!(anns[0]["start"], start);
    assert_eq!(anns[0]["end"], start + 22);
    assert_eq!(anns[0]["label"], "PARK");
    assert_eq!(anns[0]["status"], "accepted");
    assert_eq!(anns[0]["text"], "Singapore Science Park");
    assert_eq!(anns[0]["context"]["before"], "Finnish Technopolis and ");

    // Type before the span, then inside it, then save.
    client.change(&uri, 2, (0, 0), (0, 0), "Тро 😀 ");
    let inside = at.1 + units("Тро 😀 ", "utf-16") as u32 + 4; // after "Sing"
    client.change(&uri, 3, (0, inside), (0, inside), "-X-");
    let mut edited = text.clone();
    edited.insert_str(0, "Тро 😀 ");
    let b = edited.find("Singapore").unwrap() + 4;
    edited.insert_str(b, "-X-");
    let diags = client.diagnostics(&uri, Some(3));
    assert_eq!(
        covered(
            &edited,
            &find(&diags, "Sing-X-apore Science Park", 4).expect("grown span")["range"],
            "utf-16"
        ),
        "Sing-X-apore Science Park"
    );
    // Not written on a plain edit: the file still describes the saved text.
    assert_eq!(sidecar(&path)["text_sha256"], sha256_hex(&text));
    std::fs::write(&path, &edited).unwrap();
    client.save(&uri);
    client.diagnostics(&uri, Some(3));
    let sc = sidecar(&path);
    assert_eq!(sc["text_sha256"], sha256_hex(&edited));
    let a = &sc["annotations"][0];
    assert_eq!(a["text"], "Sing-X-apore Science Park");
    assert_eq!(a["start"], start + 6);
    assert_eq!(a["end"], start + 6 + 25);

    // Close and reopen: the annotation is back.
    client.clear_queue();
    client.close(&uri);
    // Closed: its diagnostics are cleared (the workspace learner, retraining
    // after the save, may publish the open document once more before that).
    let cleared = client
        .wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri.as_str() && p["version"].is_null());
    assert!(cleared["diagnostics"].as_array().is_some_and(|d| d.is_empty()), "{cleared}");
    client.open(&uri, &edited, 1);
    let diags = client.diagnostics(&uri, Some(1));
    assert!(find(&diags, "Sing-X-apore Science Park", 4).is_some(), "{diags:#?}");
    client.clear_queue();
    client.close(&uri);
    client
        .wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri.as_str() && p["version"].is_null());

    // Edited outside the editor: the annotation moves with its text.
    let outside = format!("A new first paragraph about Tampere.\n\n{edited}");
    std::fs::write(&path, &outside).unwrap();
    client.open(&uri, &outside, 1);
    let diags = client.diagnostics(&uri, Some(1));
    let moved = find(&diags, "Sing-X-apore Science Park", 4).expect("re-anchored");
    assert_eq!(moved["range"]["start"]["line"], 2);
    client.clear_queue();
    client.close(&uri);
    client
        .wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri.as_str() && p["version"].is_null());

    // Its text gone: kept, shown as stale, with quick fixes.
    let gone = outside.replace("Sing-X-apore Science Park", "the park");
    std::fs::write(&path, &gone).unwrap();
    client.open(&uri, &gone, 1);
    let diags = client.diagnostics(&uri, Some(1));
    let stale = diags.iter().find(|d| d["severity"] == 2).expect("a Warning");
    assert_eq!(stale["message"], "stale annotation: PARK “Sing-X-apore Science Park”");
    assert_eq!(stale["code"], "PARK");
    client.wait_for("window/showMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("stale")));
    let at = pos(&stale["range"]["start"]);
    let actions = client.code_actions(&uri, at, at);
    let t = titles(&actions);
    assert!(t.iter().any(|x| x == "Remove annotation (stale) PARK “Sing-X-apore Science Park”"), "{t:#?}");
    // Re-tag it on a selection ("the park" on line 2).
    let the_park = gone.find("the park").unwrap();
    let (s, e) = (position_of(&gone, the_park, "utf-16"), position_of(&gone, the_park + 8, "utf-16"));
    let actions = client.code_actions(&uri, s, e);
    // Publishes from before the tag (the learner re-publishes when its
    // retraining changes what the document shows) may still be queued or in
    // flight: the tag's own publish is the one without the stale warning.
    client.clear_queue();
    run_action(&mut client, &actions, "Tag selection as PARK, re-tagging the stale");
    let published = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str()
            && p["diagnostics"].as_array().is_some_and(|d| d.iter().all(|d| d["severity"] != 2))
    });
    let diags = published["diagnostics"].as_array().cloned().unwrap_or_default();
    assert!(find(&diags, "the park", 4).is_some());
    let sc = sidecar(&path);
    assert_eq!(sc["annotations"].as_array().unwrap().len(), 1);
    assert_eq!(sc["annotations"][0]["text"], "the park");
    assert!(client.stop().success());
}

#[test]
fn reject_is_remembered_and_remove_and_relabel_work() {
    let ws = workspace_with(&[SEED]);
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);
    client.open(&uri, &text, 1);
    let diags = client.diagnostics(&uri, Some(1));
    let agreement = diags
        .iter()
        .find(|d| d["code"] == "AGREEMENT" && d["severity"] == 3)
        .expect("AGREEMENT suggestion")
        .clone();
    let agreement_text = quoted(agreement["message"].as_str().unwrap()).to_string();
    let at = pos(&agreement["range"]["start"]);

    let result = client
        .execute(
            "pactum.rejectAt",
            json!({"uri": uri, "position": agreement["range"]["start"], "label": "AGREEMENT"}),
        )
        .unwrap();
    assert_eq!(result["rejected"], 1);
    let diags = client.diagnostics(&uri, Some(1));
    let same_span = |d: &&Value| d["range"] == agreement["range"] && d["code"] == "AGREEMENT";
    assert!(!diags.iter().any(|d| same_span(&d)), "a rejected suggestion is not shown, nor as accepted");
    assert_eq!(sidecar(&path)["annotations"][0]["text"], agreement_text.as_str());
    assert_eq!(sidecar(&path)["annotations"][0]["status"], "rejected");
    // Still hidden after reopening.
    client.clear_queue();
    client.close(&uri);
    client
        .wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri.as_str() && p["version"].is_null());
    client.open(&uri, &text, 1);
    let diags = client.diagnostics(&uri, Some(1));
    assert!(!diags.iter().any(|d| same_span(&d)));

    // No suggestion there any more: acceptAt fails with an error, not a crash.
    let err = client
        .execute(
            "pactum.acceptAt",
            json!({"uri": uri, "position": {"line": at.0, "character": at.1}, "label": "AGREEMENT"}),
        )
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("no suggestion"), "{err}");

    // Accept PARK, relabel it as ORG, then remove it.
    let park = find(&diags, "Singapore Science Park", 3).unwrap().clone();
    client.execute("pactum.acceptAt", json!({"uri": uri, "position": park["range"]["start"]})).unwrap();
    client.diagnostics(&uri, Some(1));
    let p = pos(&park["range"]["start"]);
    let actions = client.code_actions(&uri, p, p);
    let t = titles(&actions);
    assert!(t.iter().any(|x| x == "Remove annotation PARK “Singapore Science Park”"), "{t:#?}");
    run_action(&mut client, &actions, "Change label to ORG");
    let diags = client.diagnostics(&uri, Some(1));
    assert_eq!(find(&diags, "Singapore Science Park", 4).unwrap()["message"], "ORG “Singapore Science Park”");
    let actions = client.code_actions(&uri, p, p);
    run_action(&mut client, &actions, "Remove annotation ORG");
    let diags = client.diagnostics(&uri, Some(1));
    assert!(find(&diags, "Singapore Science Park", 4).is_none());
    assert!(find(&diags, "Singapore Science Park", 3).is_some(), "the suggestion is back");
    let anns = sidecar(&path)["annotations"].as_array().unwrap().clone();
    assert_eq!(anns.len(), 1, "only the rejection is left: {anns:#?}");
    assert!(client.stop().success());
}

/// The latest diagnostics of `uri` once a retraining of the workspace
/// learner that satisfies `pred` is done (it re-publishes the open documents
/// whose suggestions changed before it says so); the queue is emptied, so
/// the next diagnostics waited for are newer. Also the retraining's
/// generation. `known`: the document's diagnostics if none were published
/// since they were read.
fn settled(
    client: &mut LspClient,
    uri: &str,
    pred: impl Fn(&Value) -> bool,
    known: Option<Vec<Value>>,
) -> (Vec<Value>, u64) {
    let learned = client.wait_for("pactum/learned", pred);
    let latest = client
        .messages_of("textDocument/publishDiagnostics")
        .into_iter()
        .filter(|p| p["uri"] == uri)
        .last()
        .and_then(|p| p["diagnostics"].as_array().cloned());
    client.clear_queue();
    let generation = learned["generation"].as_u64().unwrap_or(0);
    (latest.or(known).expect("diagnostics of the document"), generation)
}

#[test]
fn accept_all_accept_in_selection_tag_selection_and_tag_every_in_the_workspace() {
    let ws = workspace_with(&[SEED]);
    let path = ws.path().join(SEED);
    let other = ws.path().join("sub").join("other.txt");
    std::fs::create_dir(ws.path().join("sub")).unwrap();
    let other_text = "Technopolis opened an office.\nTechnopolises are not Technopolis.\n";
    std::fs::write(&other, other_text).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));

    // Tag a selection: "Technopolis" on line 0.
    let actions = client.code_actions(&uri, (0, 8), (0, 19));
    let t = titles(&actions);
    assert!(t.iter().filter(|x| x.starts_with("Tag selection as ")).count() >= 16, "{t:#?}");
    run_action(&mut client, &actions, "Tag selection as ORG");
    let diags = client.diagnostics(&uri, Some(1));
    assert!(find(&diags, "Technopolis", 4).is_some());

    // Every occurrence in the workspace (whole words only).
    let actions = client.code_actions(&uri, (0, 10), (0, 10));
    let result = run_action(&mut client, &actions, "Tag every “Technopolis” in every .txt file");
    assert_eq!(result["files"], 2, "{result}");
    // The workspace learner retrains on the two annotated files and may
    // re-publish: count on the diagnostics once it has.
    let (before, generation) = settled(&mut client, &uri, |p| p["documents"] == 2, None);
    let whole_word = |t: &str| {
        t.match_indices("Technopolis")
            .filter(|(b, m)| {
                !t[..*b].chars().next_back().is_some_and(char::is_alphanumeric)
                    && !t[b + m.len()..].chars().next().is_some_and(char::is_alphanumeric)
            })
            .count()
    };
    assert_eq!(result["tagged"], whole_word(&text) - 1 + whole_word(other_text), "{result}");
    let sc = sidecar(&other);
    let anns = sc["annotations"].as_array().unwrap();
    assert_eq!(anns.len(), 2);
    assert_eq!(sc["text_sha256"], sha256_hex(other_text));
    assert!(anns.iter().all(|a| a["label"] == "ORG" && a["text"] == "Technopolis"));

    // Accept the suggestions lying on line 2 through a selection.
    let on_line_2 = |diags: &[Value], severity: u64| {
        diags
            .iter()
            .filter(|d| {
                d["severity"] == severity
                    && d["range"]["start"]["line"] == 2
                    && d["range"]["end"]["line"] == 2
            })
            .count()
    };
    let n = on_line_2(&before, 3);
    assert!(n > 0, "suggestions on line 2");
    let actions = client.code_actions(&uri, (2, 0), (2, 10_000));
    run_action(&mut client, &actions, &format!("Accept all {n} suggestion"));
    let after = client.diagnostics(&uri, Some(1));
    assert_eq!(on_line_2(&after, 3), 0);
    assert_eq!(on_line_2(&after, 4), on_line_2(&before, 4) + n);
    let (after, _) =
        settled(&mut client, &uri, |p| p["generation"].as_u64().unwrap_or(0) > generation, Some(after));

    // Everything else, through the editor command.
    let left = after.iter().filter(|d| d["severity"] == 3).count();
    let result = client.execute("pactum.acceptAll", json!({"uri": uri})).unwrap();
    assert_eq!(result["accepted"], left);
    let diags = client.diagnostics(&uri, Some(1));
    assert_eq!(diags.iter().filter(|d| d["severity"] == 3).count(), 0);
    let saved = sidecar(&path)["annotations"].as_array().unwrap().len();
    assert_eq!(saved, diags.iter().filter(|d| d["severity"] == 4).count(), "every Hint is saved");

    // Export passes the library's answer back (an error until exports land, then a report).
    match client.execute("pactum.export", json!({"format": "jsonl", "out": "out.jsonl"})) {
        Ok(report) => assert!(report["documents"].as_u64().unwrap() >= 1, "{report}"),
        Err(e) => assert!(e["message"].as_str().unwrap().contains("export"), "{e}"),
    }
    let err = client.execute("pactum.export", json!({"format": "nope", "out": "x"})).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("unknown format"));
    assert!(client.stop().success());
}
