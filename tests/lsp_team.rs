//! End to end over stdio: document status ("Mark document done" / "Reopen"),
//! who did what (`by` from `pactum.toml`), the workspace's progress, and
//! adjudication against another annotator's copy (`compare_with`): their
//! differing annotations as `pactum.compare` diagnostics with "Take theirs",
//! "Keep mine" and "Take all theirs".

#[path = "support/lsp_client.rs"]
mod lsp_client;

use std::path::Path;

use lsp_client::*;
use pactum_store::{self as store, Annotation, Sidecar, Status};
use serde_json::{json, Value};

const TEXT: &str = "Тро “Technopolis” signed an MoU with Ascendas 😀 in Oulu on 26 September.\n";

fn char_range(needle: &str) -> (usize, usize) {
    let b = TEXT.find(needle).unwrap();
    let s = TEXT[..b].chars().count();
    (s, s + needle.chars().count())
}

fn write_copy(root: &Path, spans: &[(&str, &str)], by: &str) {
    std::fs::create_dir_all(root).unwrap();
    let path = root.join("a.txt");
    std::fs::write(&path, TEXT).unwrap();
    let mut s = Sidecar::new("parks-v1", TEXT);
    for (needle, label) in spans {
        let (st, en) = char_range(needle);
        let mut a = Annotation::new(TEXT, st, en, label, Status::Accepted).unwrap();
        a.by = Some(by.to_string());
        s.annotations.push(a);
    }
    store::save(&store::sidecar_path(&path), &s).unwrap();
}

fn sidecar(root: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root.join("a.txt.ann.json")).unwrap()).unwrap()
}

fn labels_of(v: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["status"] == "accepted")
        .map(|a| (a["text"].as_str().unwrap().to_string(), a["label"].as_str().unwrap().to_string()))
        .collect();
    out.sort();
    out
}

fn compare_diags(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d["source"] == "pactum.compare")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

fn run(client: &mut LspClient, actions: &[Value], prefix: &str) -> Value {
    let a = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(prefix)))
        .unwrap_or_else(|| {
            panic!("no action {prefix:?} in {:?}", actions.iter().map(|a| &a["title"]).collect::<Vec<_>>())
        });
    client
        .request(
            "workspace/executeCommand",
            json!({"command": a["command"]["command"], "arguments": a["command"]["arguments"]}),
        )
        .unwrap_or_else(|e| panic!("{prefix}: {e}"))
}

/// LSP position (UTF-16) of the first char of `needle`.
fn at(needle: &str) -> (u32, u32) {
    position_of(TEXT, TEXT.find(needle).unwrap(), "utf-16")
}

#[test]
fn take_theirs_keep_mine_take_all_and_mark_done() {
    let dir = tempfile::tempdir().unwrap();
    let (anna, boris) = (dir.path().join("anna"), dir.path().join("boris"));
    write_copy(
        &anna,
        &[("Technopolis", "ORG"), ("Ascendas", "ORG"), ("Oulu", "GPE"), ("MoU", "AGREEMENT")],
        "anna",
    );
    write_copy(
        &boris,
        &[("Technopolis", "PARK"), ("Ascendas", "ORG"), ("Oulu", "GPE"), ("26 September", "DATE")],
        "boris",
    );
    std::fs::write(anna.join("pactum.toml"), "annotator = \"anna\"\ncompare_with = \"../boris\"\n").unwrap();

    let uri = file_uri(&anna.join("a.txt"));
    let mut client = LspClient::start(&anna, None);
    let commands = client.initialize_result["capabilities"]["executeCommandProvider"]["commands"].clone();
    for c in [
        "pactum.markDone",
        "pactum.reopen",
        "pactum.takeTheirs",
        "pactum.keepMine",
        "pactum.takeAllTheirs",
        "pactum.compareWith",
        "pactum.workspaceStatus",
    ] {
        assert!(commands.as_array().unwrap().iter().any(|x| x == c), "{c} not registered: {commands}");
    }
    client.open(&uri, TEXT, 1);
    let status = client.wait_for("pactum/documentStatus", |p| p["uri"] == uri.as_str());
    assert_eq!(status["status"], "in_progress");
    let diags = client.diagnostics(&uri, Some(1));
    let diffs = compare_diags(&diags);
    assert_eq!(diffs.len(), 3, "{diffs:#?}");
    assert!(diffs.iter().any(|m| m == "boris: PARK “Technopolis” — mine: ORG “Technopolis”"), "{diffs:#?}");
    assert!(diffs.iter().any(|m| m == "boris: DATE “26 September” — not in mine"), "{diffs:#?}");
    assert!(diffs.iter().any(|m| m == "boris: not annotated — mine: AGREEMENT “MoU”"), "{diffs:#?}");
    // Their diagnostics are of their own kind: Warnings, never `pactum` findings.
    assert!(diags.iter().filter(|d| d["source"] == "pactum.compare").all(|d| d["severity"] == 2));

    // Take theirs on Technopolis: my ORG becomes their PARK, by me.
    client.clear_queue();
    let actions = client.code_actions(&uri, at("Technopolis"), at("Technopolis"));
    run(&mut client, &actions, "Take theirs: PARK");
    let file = sidecar(&anna);
    assert!(labels_of(&file).contains(&("Technopolis".into(), "PARK".into())), "{file}");
    assert!(!labels_of(&file).contains(&("Technopolis".into(), "ORG".into())));
    let park = file["annotations"].as_array().unwrap().iter().find(|a| a["label"] == "PARK").unwrap();
    assert_eq!(park["by"], "anna");
    let diffs = compare_diags(&client.diagnostics(&uri, None));
    assert_eq!(diffs.len(), 2, "{diffs:#?}");

    // Keep mine on the MoU: the difference goes, my file is untouched.
    client.clear_queue();
    let before = std::fs::read_to_string(anna.join("a.txt.ann.json")).unwrap();
    let actions = client.code_actions(&uri, at("MoU"), at("MoU"));
    run(&mut client, &actions, "Keep mine");
    let diffs = compare_diags(&client.diagnostics(&uri, None));
    assert_eq!(diffs, ["boris: DATE “26 September” — not in mine"]);
    assert_eq!(std::fs::read_to_string(anna.join("a.txt.ann.json")).unwrap(), before);

    // Mark document done (a code action everywhere), then it offers Reopen.
    let actions = client.code_actions(&uri, (0, 0), (0, 0));
    let result = run(&mut client, &actions, "Mark document done");
    assert_eq!(result["status"], "done");
    let status = client.wait_for("pactum/documentStatus", |p| p["status"] == "done");
    assert_eq!(status["by"], "anna");
    let file = sidecar(&anna);
    assert_eq!(file["document"]["status"], "done");
    assert_eq!(file["document"]["by"], "anna");
    let stamp = file["document"]["at"].clone();
    // Marking done again changes nothing (no new timestamp in the file).
    client.execute("pactum.markDone", json!({"uri": uri})).unwrap();
    assert_eq!(sidecar(&anna)["document"]["at"], stamp);
    let actions = client.code_actions(&uri, (0, 0), (0, 0));
    assert!(actions.iter().any(|a| a["title"] == "Reopen document"));

    // The workspace's progress.
    let progress = client.execute("pactum.workspaceStatus", json!({})).unwrap();
    assert_eq!((progress["documents"].as_u64(), progress["done"].as_u64()), (Some(1), Some(1)), "{progress}");
    assert_eq!(progress["annotators"]["anna"]["done"], 1);

    // Take all theirs: my annotations become boris's.
    client.clear_queue();
    let actions = client.code_actions(&uri, (0, 0), (0, 0));
    run(&mut client, &actions, "Take all theirs");
    assert_eq!(labels_of(&sidecar(&anna)), labels_of(&sidecar(&boris)));
    assert!(compare_diags(&client.diagnostics(&uri, None)).is_empty());

    // Reopen, and stop comparing.
    client.execute("pactum.reopen", json!({"uri": uri})).unwrap();
    assert_eq!(sidecar(&anna)["document"]["status"], "in_progress");
    client.execute("pactum.compareWith", json!({"path": null})).unwrap();
    let actions = client.code_actions(&uri, at("Technopolis"), at("Technopolis"));
    assert!(!actions.iter().any(|a| a["title"].as_str().unwrap().starts_with("Take")));
    // A folder that does not exist is refused with its name.
    let err = client.execute("pactum.compareWith", json!({"path": "../nobody"})).unwrap_err();
    assert!(err.to_string().contains("nobody"), "{err}");
    client.stop();
}

#[test]
fn edits_move_their_annotations_with_mine() {
    let dir = tempfile::tempdir().unwrap();
    let (anna, boris) = (dir.path().join("anna"), dir.path().join("boris"));
    write_copy(&anna, &[("Ascendas", "ORG")], "anna");
    write_copy(&boris, &[("Ascendas", "PARK")], "boris");
    let uri = file_uri(&anna.join("a.txt"));
    let mut client = LspClient::start(&anna, None);
    client.open(&uri, TEXT, 1);
    assert!(
        compare_diags(&client.diagnostics(&uri, Some(1))).is_empty(),
        "no compare_with: nothing to compare"
    );
    let r = client.execute("pactum.compareWith", json!({"path": boris.to_str().unwrap()})).unwrap();
    assert_eq!(r["differences"], 1);
    // Typing before the span moves their annotation too.
    client.change(&uri, 2, (0, 0), (0, 0), "Breaking: ");
    let diags = client.diagnostics(&uri, Some(2));
    let d = diags.iter().find(|d| d["source"] == "pactum.compare").expect("the difference is still shown");
    let edited = format!("Breaking: {TEXT}");
    assert_eq!(covered(&edited, &d["range"], "utf-16"), "Ascendas");
    client.stop();
}
