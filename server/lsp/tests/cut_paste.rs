//! Through the server (in process): annotations survive cut, paste and
//! undo, and what is still detached at a save is written as stale, never
//! dropped.

mod support;

use pactum_lsp::Ending;
use serde_json::{json, Value};
use support::*;

/// A text whose middle paragraph holds `n` names, and the (line, col, len)
/// of each name.
fn text_with_names(n: usize) -> (String, Vec<(u32, u32, u32)>) {
    let mut middle = String::new();
    let mut names = Vec::new();
    for i in 0..n {
        if i > 0 {
            middle.push(' ');
        }
        let name = format!("Name{i:02}x");
        names.push((2, middle.len() as u32, name.len() as u32));
        middle.push_str(&name);
    }
    (format!("Opening words here.\n\n{middle}.\n\nClosing words here."), names)
}

fn sidecar(ws: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(ws.join("a.txt.ann.json")).expect("annotation file"))
        .expect("JSON")
}

/// The annotation file once `done` holds for it (or as it is after
/// `support::WAIT`): the server runs on its own thread, and the diagnostics
/// a test waits for may be those of the edit before the save that writes it.
async fn sidecar_when(ws: &std::path::Path, done: impl Fn(&Value) -> bool) -> Value {
    let until = std::time::Instant::now() + WAIT;
    loop {
        let file = sidecar(ws);
        if done(&file) || std::time::Instant::now() > until {
            return file;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

async fn start(text: &str) -> (tempfile::TempDir, Session, String) {
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
    (ws, s, uri)
}

async fn edit(s: &mut Session, uri: &str, version: i64, start: (u32, u32), end: (u32, u32), text: &str) {
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range(start, end), "text": text}]}),
    )
    .await;
}

#[tokio::test]
async fn a_cut_paragraph_with_45_annotations_pasted_elsewhere_keeps_all_45() {
    let (text, names) = text_with_names(45);
    let (ws, mut s, uri) = start(&text).await;
    for &(line, col, len) in &names {
        let r = s
            .request(
                "workspace/executeCommand",
                json!({"command": "pactum.tag", "arguments": [{"uri": uri, "range": range((line, col), (line, col + len)), "label": "ORG"}]}),
            )
            .await;
        assert!(r.get("error").is_none(), "{r}");
    }
    assert_eq!(sidecar(ws.path())["annotations"].as_array().unwrap().len(), 45);

    // Cut the middle paragraph (with its blank line), paste it at the end.
    let cut = format!("{}\n\n", text.lines().nth(2).unwrap());
    edit(&mut s, &uri, 2, (2, 0), (4, 0), "").await;
    // The text is now 3 lines: "Opening…", "", "Closing words here."
    edit(&mut s, &uri, 3, (2, 19), (2, 19), &format!("\n\n{}", cut.trim_end())).await;
    let after = format!("Opening words here.\n\nClosing words here.\n\n{}", cut.trim_end());
    assert_eq!(after.len(), text.len());
    std::fs::write(ws.path().join("a.txt"), &after).unwrap();
    let before_save = sidecar(ws.path());
    s.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
    // Saving is done when the save's diagnostics arrive.
    let d = s
        .notification("textDocument/publishDiagnostics", |p| {
            p["version"] == 3 && p["diagnostics"].as_array().is_some_and(|d| d.len() >= 45)
        })
        .await;
    let file = sidecar_when(ws.path(), |f| *f != before_save).await;
    let anns = file["annotations"].as_array().unwrap();
    assert_eq!(anns.len(), 45, "{file:#}");
    let chars: Vec<char> = after.chars().collect();
    for a in anns {
        assert_eq!(a.get("stale").and_then(Value::as_bool).unwrap_or(false), false, "{a}");
        let (st, en) = (a["start"].as_u64().unwrap() as usize, a["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[st..en].iter().collect::<String>(), a["text"].as_str().unwrap(), "{a}");
        assert!(st > after.find("Closing").unwrap(), "in the pasted paragraph: {a}");
    }
    let accepted = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap_or("").starts_with("ORG “Name"))
        .count();
    assert_eq!(accepted, 45, "shown as accepted annotations, none stale");
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}

#[tokio::test]
async fn a_deleted_word_is_kept_as_stale_at_a_save_and_comes_back_on_undo() {
    let text = "Technopolis met Ascendas in Espoo.";
    let (ws, mut s, uri) = start(text).await;
    let r = s
        .request(
            "workspace/executeCommand",
            json!({"command": "pactum.tag", "arguments": [{"uri": uri, "range": range((0, 16), (0, 24)), "label": "ORG"}]}),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    // Delete "Ascendas " and save: kept, as stale, with its text.
    edit(&mut s, &uri, 2, (0, 16), (0, 25), "").await;
    s.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
    let d = s
        .notification("textDocument/publishDiagnostics", |p| {
            p["version"] == 2
                && p["diagnostics"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|x| x["message"] == "stale annotation: ORG “Ascendas”"))
        })
        .await;
    assert!(!d["diagnostics"].as_array().unwrap().is_empty());
    let file = sidecar_when(ws.path(), |f| f["annotations"][0]["stale"] == true).await;
    assert_eq!(file["annotations"][0]["stale"], true, "{file:#}");
    assert_eq!(file["annotations"][0]["text"], "Ascendas");
    // A quick fix is offered for it.
    let actions = s
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range((0, 0), (0, 5)), "context": {"diagnostics": []}}),
        )
        .await;
    let titles: Vec<String> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(titles.iter().any(|t| t.contains("stale") && t.contains("Ascendas")), "{titles:?}");
    // Undo: the word returns, and so does the annotation.
    edit(&mut s, &uri, 3, (0, 16), (0, 16), "Ascendas ").await;
    s.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
    s.notification("textDocument/publishDiagnostics", |p| {
        p["version"] == 3
            && p["diagnostics"].as_array().is_some_and(|d| d.iter().any(|x| x["message"] == "ORG “Ascendas”"))
    })
    .await;
    let file = sidecar_when(ws.path(), |f| f["annotations"][0].get("stale") != Some(&json!(true))).await;
    let a = &file["annotations"][0];
    assert_eq!(
        (a["start"].clone(), a["end"].clone(), a.get("stale").cloned()),
        (json!(16), json!(24), a.get("stale").cloned())
    );
    assert_ne!(a.get("stale"), Some(&json!(true)), "{file:#}");
    assert_eq!(s.end(Ending::AfterShutdown).await, Ending::AfterShutdown);
}
