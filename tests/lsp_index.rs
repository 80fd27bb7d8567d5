//! End to end: the workspace index — built in the background with
//! `$/progress`, kept current by commands and file-watcher events, read by
//! hover; a huge workspace does not keep the server from answering.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use std::path::Path;

use lsp_client::*;
use serde_json::{json, Value};

/// An annotation file for `text` with `label` on every occurrence of `needle`.
fn write_sidecar(text_path: &Path, text: &str, needle: &str, label: &str) {
    std::fs::write(text_path, text).unwrap();
    let mut s = pactum_store_like::sidecar(text);
    for (b, _) in text.match_indices(needle) {
        let start = text[..b].chars().count();
        s["annotations"].as_array_mut().unwrap().push(json!({
            "id": format!("id{b}"), "start": start, "end": start + needle.chars().count(),
            "label": label, "status": "accepted", "text": needle,
            "context": {"before": "", "after": ""}
        }));
    }
    let mut name = text_path.as_os_str().to_owned();
    name.push(".ann.json");
    std::fs::write(name, serde_json::to_string(&s).unwrap()).unwrap();
}

/// The annotation file format, written by hand (the test does not link the store).
mod pactum_store_like {
    use serde_json::{json, Value};
    use sha2::{Digest, Sha256};

    pub fn sidecar(text: &str) -> Value {
        let hash: String = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        json!({"version": 1, "schema": "parks-v1", "text_sha256": hash, "annotations": []})
    }
}

fn hover_md(client: &mut LspClient, uri: &str, at: (u32, u32)) -> String {
    let h = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": at.0, "character": at.1}}),
        )
        .expect("hover succeeds");
    h["contents"]["value"].as_str().unwrap_or_default().to_string()
}

fn progress_kind(p: &Value) -> &str {
    p["value"]["kind"].as_str().unwrap_or_default()
}

const TEXT: &str = "Kista Science Park signed an agreement with Ascendas Plc.\n";

#[test]
fn the_index_is_built_with_progress_and_answers_hover() {
    let ws = tempfile::tempdir().unwrap();
    for i in 0..30 {
        write_sidecar(&ws.path().join(format!("a{i}.txt")), TEXT, "Kista Science Park", "ORG");
    }
    let mut client = LspClient::start(ws.path(), None);
    let begin = client.wait_for("$/progress", |p| progress_kind(p) == "begin");
    assert_eq!(begin["value"]["title"], "Pactum: indexing annotations");
    let end = client.wait_for("$/progress", |p| progress_kind(p) == "end");
    assert_eq!(end["token"], begin["token"]);
    assert!(end["value"]["message"].as_str().unwrap().contains("30 annotated files"), "{end}");

    let path = ws.path().join("open.txt");
    std::fs::write(&path, TEXT).unwrap();
    let uri = file_uri(&path);
    client.open(&uri, TEXT, 1);
    client.diagnostics(&uri, Some(1));
    let md = hover_md(&mut client, &uri, (0, 3));
    assert!(md.contains("Elsewhere in the workspace: ORG ×30 in 30 files."), "{md}");

    // A file changed on disk, and the client's watcher says so.
    let changed = ws.path().join("a0.txt");
    write_sidecar(&changed, TEXT, "Kista Science Park", "PARK");
    let mut sidecar_uri = file_uri(&changed);
    sidecar_uri.push_str(".ann.json");
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": sidecar_uri, "type": 2}]}));
    // A deleted one.
    let gone = ws.path().join("a1.txt.ann.json");
    std::fs::remove_file(&gone).unwrap();
    client
        .notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&gone), "type": 3}]}));
    let mut md = String::new();
    // Watcher events are read off the server's thread: ask until they are in.
    for _ in 0..200 {
        md = hover_md(&mut client, &uri, (0, 3));
        if md.contains("ORG ×28 in 28 files, PARK ×1 in 1 file") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(md.contains("Elsewhere in the workspace: ORG ×28 in 28 files, PARK ×1 in 1 file."), "{md}");

    // Tag every occurrence in the workspace: the index follows, without a disk scan by hover.
    client
        .execute(
            "pactum.tagEvery",
            json!({"uri": uri, "text": "Ascendas Plc", "label": "ORG", "scope": "workspace"}),
        )
        .expect("tagEvery");
    let other = ws.path().join("a5.txt");
    let other_uri = file_uri(&other);
    client.open(&other_uri, TEXT, 1);
    client.diagnostics(&other_uri, Some(1));
    let at = TEXT.find("Ascendas").unwrap() as u32 + 2;
    let md = hover_md(&mut client, &other_uri, (0, at));
    // a0..a29 on disk (a1's annotation file written anew) less a5 itself, plus open.txt from memory.
    assert!(md.contains("Elsewhere in the workspace: ORG ×30 in 30 files."), "{md}");
    client.stop();
}

#[test]
fn a_100000_file_workspace_is_indexed_in_the_background_while_the_server_answers() {
    let ws = tempfile::tempdir().unwrap();
    let sidecar = serde_json::to_string(&pactum_store_like::sidecar("x")).unwrap();
    for d in 0..100 {
        let dir = ws.path().join(format!("d{d:03}"));
        std::fs::create_dir(&dir).unwrap();
        for f in 0..1000 {
            std::fs::write(dir.join(format!("t{f:04}.txt.ann.json")), &sidecar).unwrap();
        }
    }
    // The last file the scan reads belongs to a text marked done.
    let last = ws.path().join("d099/t0999.txt");
    std::fs::write(&last, "x").unwrap();
    let mut done = pactum_store_like::sidecar("x");
    done["document"] = json!({"status": "done", "by": "anna", "at": "2026-01-02T03:04:05Z"});
    std::fs::write(ws.path().join("d099/t0999.txt.ann.json"), serde_json::to_string(&done).unwrap()).unwrap();
    let path = ws.path().join("open.txt");
    std::fs::write(&path, TEXT).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);
    client.open(&uri, TEXT, 1);
    client.diagnostics(&uri, Some(1));
    client.change(&uri, 2, (0, 0), (0, 0), "Yesterday ");
    let diags = client.diagnostics(&uri, Some(2));
    assert!(!diags.is_empty());
    let md = hover_md(&mut client, &uri, (0, 13));
    // The server answered while the index was still being built.
    let ended = client.messages_of("$/progress").iter().any(|p| progress_kind(p) == "end");
    assert!(!ended, "indexing 100,000 files ended before the server answered a keystroke");
    assert!(md.contains("still"), "hover says the workspace is still being read: {md}");
    // The workspace's progress asked while the scan runs waits for it: never a partial count.
    let progress = client.execute("pactum.workspaceStatus", json!({})).unwrap();
    assert_eq!(
        (progress["documents"].as_u64(), progress["annotated"].as_u64(), progress["done"].as_u64()),
        (Some(2), Some(1), Some(1)),
        "{progress}"
    );
    let end = client.wait_for("$/progress", |p| progress_kind(p) == "end");
    assert!(end["value"]["message"].as_str().unwrap().contains("100000 annotated files"), "{end}");
    client.stop();
}

/// `pactum status --json --no-suggestions` of `root`.
fn cli_status(root: &Path) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["status", "--json", "--no-suggestions"])
        .arg(root)
        .output()
        .expect("pactum status runs");
    serde_json::from_slice(&out.stdout).expect("pactum status --json prints JSON")
}

#[test]
fn the_workspace_progress_is_counted_from_the_index_as_pactum_status_counts_the_files() {
    let ws = tempfile::tempdir().unwrap();
    // Annotated by two people, one document done; one text without an
    // annotation file; a broken annotation file; a hidden folder.
    for i in 0..6 {
        write_sidecar(&ws.path().join(format!("a{i}.txt")), TEXT, "Kista Science Park", "ORG");
    }
    let by_boris = ws.path().join("a2.txt.ann.json");
    let mut file: Value = serde_json::from_str(&std::fs::read_to_string(&by_boris).unwrap()).unwrap();
    file["annotations"][0]["by"] = json!("boris");
    file["document"] = json!({"status": "done", "by": "boris", "at": "2026-01-02T03:04:05Z"});
    std::fs::write(&by_boris, serde_json::to_string(&file).unwrap()).unwrap();
    std::fs::write(ws.path().join("plain.txt"), TEXT).unwrap();
    std::fs::write(ws.path().join("broken.txt"), TEXT).unwrap();
    std::fs::write(ws.path().join("broken.txt.ann.json"), "{oops").unwrap();
    std::fs::create_dir(ws.path().join(".git")).unwrap();
    write_sidecar(&ws.path().join(".git/hidden.txt"), TEXT, "Ascendas", "ORG");
    std::fs::write(ws.path().join("pactum.toml"), "annotator = \"anna\"\n").unwrap();

    let mut client = LspClient::start(ws.path(), None);
    client.wait_for("$/progress", |p| progress_kind(p) == "end");
    // Work in the editor: the index takes it from memory.
    let uri = file_uri(&ws.path().join("a0.txt"));
    client.open(&uri, TEXT, 1);
    client.diagnostics(&uri, Some(1));
    let at = TEXT.find("Ascendas").unwrap() as u32 + 2;
    client.execute("pactum.acceptAt", json!({"uri": uri, "position": {"line": 0, "character": at}})).unwrap();
    client.execute("pactum.markDone", json!({"uri": uri})).unwrap();
    let plain = file_uri(&ws.path().join("plain.txt"));
    client.open(&plain, TEXT, 1);
    client.diagnostics(&plain, Some(1));
    client
        .execute("pactum.rejectAt", json!({"uri": plain, "position": {"line": 0, "character": at}}))
        .unwrap();
    // Tagging the closed files (off the state lock) records the annotator too.
    client
        .execute(
            "pactum.tagEvery",
            json!({"uri": uri, "text": "Kista", "label": "GPE", "scope": "workspace"}),
        )
        .unwrap();
    let tagged: Value =
        serde_json::from_str(&std::fs::read_to_string(ws.path().join("a4.txt.ann.json")).unwrap()).unwrap();
    let kista = tagged["annotations"].as_array().unwrap().iter().find(|a| a["label"] == "GPE").unwrap();
    assert_eq!(kista["by"], "anna", "{tagged}");

    let mut progress = client.execute("pactum.workspaceStatus", json!({})).unwrap();
    let problems = progress.as_object_mut().unwrap().remove("problems").unwrap();
    assert_eq!(progress, cli_status(ws.path()), "the server's progress is `pactum status`'s");
    assert_eq!((progress["documents"].as_u64(), progress["done"].as_u64()), (Some(8), Some(2)), "{progress}");
    assert_eq!(progress["annotators"]["anna"]["done"], 1, "{progress}");
    assert_eq!(progress["labels"]["GPE"]["accepted"], 7, "Kista tagged in a0..a5 and plain.txt: {progress}");
    assert_eq!(progress["annotators"]["boris"]["done"], 1, "{progress}");
    let problems = problems.as_array().unwrap();
    assert!(
        problems.len() == 1 && problems[0].as_str().unwrap().contains("broken.txt.ann.json"),
        "{problems:?}"
    );

    // Served from the index, not by reading the annotation files: a file
    // changed on disk without a watcher event is not seen.
    std::fs::write(ws.path().join("a3.txt.ann.json"), "{not json").unwrap();
    let mut again = client.execute("pactum.workspaceStatus", json!({})).unwrap();
    assert_eq!(again.as_object_mut().unwrap().remove("problems").unwrap().as_array().unwrap().len(), 1);
    assert_eq!(again, progress);
    client.stop();
}
