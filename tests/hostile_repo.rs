//! End to end: a repository someone else wrote (cloned, opened in the
//! editor) can neither hang the server, nor make it read or write outside
//! the workspace, nor make an export or import write over what it must not.
//! Drives the real `pactum lsp` binary and the CLI. Each case failed before
//! `pactum_store::untrusted` and the checks that use it (issue 15).

#![cfg(unix)]

#[path = "support/lsp_client.rs"]
mod lsp_client;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lsp_client::*;
use serde_json::{json, Value};

/// A refusal must be quick: well below the client's hang guard (60 s), with
/// room for a loaded 2-core machine starting the server.
const FAST: Duration = Duration::from_secs(20);

const TEXT: &str = "Kista Science Park signed an agreement with Ascendas Plc.\n";

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo").success();
    assert!(ok, "mkfifo {path:?}");
}

fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

fn hover(client: &mut LspClient, uri: &str) -> Result<Value, Value> {
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}),
    )
}

fn any_message(client: &mut LspClient, method: &str, what: &str) -> String {
    let p = client.wait_for(method, |p| p["message"].as_str().is_some_and(|m| m.contains(what)));
    p["message"].as_str().unwrap_or_default().to_string()
}

#[test]
fn initialize_is_answered_whatever_pactum_toml_names() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.json"), pactum_schema::PARKS_V1_JSON).unwrap();
    let cases: [(&str, &str); 5] = [
        ("/dev/stdin", "outside the workspace"),
        ("fifo.json", "FIFO"),
        ("huge.json", "more than"),
        ("../out/x.json", "outside the workspace"),
        ("link.json", "outside the workspace"),
    ];
    for (schema, says) in cases {
        let parent = tempfile::tempdir().unwrap();
        let ws = parent.path().join("ws");
        std::fs::create_dir(&ws).unwrap();
        symlink(outside.path(), parent.path().join("out"));
        mkfifo(&ws.join("fifo.json"));
        // Sparse: 300 MB on paper, nothing on disk.
        std::fs::File::create(ws.join("huge.json")).unwrap().set_len(300 << 20).unwrap();
        symlink(outside.path().join("x.json"), ws.join("link.json"));
        std::fs::write(ws.join("pactum.toml"), format!("schema = \"{schema}\"\n")).unwrap();
        std::fs::write(ws.join("a.txt"), TEXT).unwrap();

        let started = Instant::now();
        let mut client = LspClient::start(&ws, None);
        assert!(started.elapsed() < FAST, "{schema}: initialize took {:?}", started.elapsed());
        let msg = any_message(&mut client, "window/showMessage", says);
        assert!(msg.contains("refused") || msg.contains("more than"), "{schema}: {msg}");
        let uri = file_uri(&ws.join("a.txt"));
        client.open(&uri, TEXT, 1);
        let h = hover(&mut client, &uri).expect("hover answered");
        assert!(h["contents"]["value"].as_str().unwrap_or_default().contains("PARK"), "{schema}: {h}");
        client.stop();
    }
    // pactum.toml itself a FIFO: refused, the server serves on.
    let ws = tempfile::tempdir().unwrap();
    mkfifo(&ws.path().join("pactum.toml"));
    let started = Instant::now();
    let mut client = LspClient::start(ws.path(), None);
    assert!(started.elapsed() < FAST);
    any_message(&mut client, "window/showMessage", "FIFO");
    client.stop();
}

#[test]
fn annotation_files_that_are_fifos_or_devices_never_block() {
    let ws = tempfile::tempdir().unwrap();
    let root = ws.path();
    for name in ["a.txt", "b.txt", "c.txt", "d.txt"] {
        std::fs::write(root.join(name), TEXT).unwrap();
    }
    mkfifo(&root.join("fifo"));
    symlink(root.join("fifo"), root.join("b.txt.ann.json"));
    symlink("/dev/zero", root.join("c.txt.ann.json"));
    symlink("/dev/stdin", root.join("d.txt.ann.json"));
    let mut client = LspClient::start(root, None);
    // The index scan met them all; hover in a plain document answers.
    let a = file_uri(&root.join("a.txt"));
    client.open(&a, TEXT, 1);
    let started = Instant::now();
    hover(&mut client, &a).expect("hover answered");
    assert!(started.elapsed() < FAST);
    // Opening the documents whose annotation file is special: an error on
    // the document saying what, and the server goes on.
    for (name, says) in [("b.txt", "FIFO"), ("c.txt", "character device"), ("d.txt", "not a regular file")] {
        let uri = file_uri(&root.join(name));
        let started = Instant::now();
        client.open(&uri, TEXT, 1);
        let diags = client.diagnostics(&uri, Some(1));
        let err = diags.iter().find(|d| d["code"] == "annotation-file").expect("an error on the document");
        let msg = err["message"].as_str().unwrap();
        assert!(msg.contains(says) || msg.contains("refused"), "{name}: {msg}");
        hover(&mut client, &uri).expect("hover answered");
        assert!(started.elapsed() < FAST, "{name}: {:?}", started.elapsed());
    }
    // Commands on such a document are refused; nothing replaced the link.
    let c = file_uri(&root.join("c.txt"));
    let r = client.execute("pactum.acceptAll", json!({"uri": c}));
    assert!(r.is_err(), "{r:?}");
    assert!(std::fs::symlink_metadata(root.join("c.txt.ann.json")).unwrap().file_type().is_symlink());
    client.stop();
}

fn ann_files(dir: &Path) -> Vec<PathBuf> {
    walk(dir).into_iter().filter(|p| p.to_string_lossy().ends_with(".ann.json")).collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let t = e.file_type().unwrap();
        if t.is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn tag_every_writes_nothing_outside_the_workspace() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("far.txt"), TEXT).unwrap();
    let ws = tempfile::tempdir().unwrap();
    let root = ws.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("a.txt"), TEXT).unwrap();
    std::fs::write(root.join("sub/near.txt"), TEXT).unwrap();
    // A symlinked folder out, a symlinked text out, a symlinked text in.
    symlink(outside.path(), root.join("linked"));
    symlink(outside.path().join("far.txt"), root.join("far.txt"));
    symlink(root.join("sub/near.txt"), root.join("near-link.txt"));
    let mut client = LspClient::start(root, None);
    let uri = file_uri(&root.join("a.txt"));
    client.open(&uri, TEXT, 1);
    let r = client
        .execute(
            "pactum.tagEvery",
            json!({"uri": uri, "text": "Ascendas", "label": "ORG", "scope": "workspace"}),
        )
        .expect("tag every");
    // a.txt (open) and sub/near.txt (once, though reached twice).
    assert_eq!(r["files"], 2, "{r}");
    assert!(ann_files(outside.path()).is_empty(), "nothing written outside: {:?}", ann_files(outside.path()));
    assert!(root.join("sub/near.txt.ann.json").is_file(), "the link inside is resolved to its target");
    assert!(!root.join("near-link.txt.ann.json").exists());
    assert!(!root.join("far.txt.ann.json").exists());
    let msg = any_message(&mut client, "window/showMessage", "skipped");
    assert!(msg.contains("1 file(s)"), "{msg}");
    let logged = client.messages().join("\n");
    assert!(logged.contains("far.txt") && logged.contains("outside the workspace"), "{logged}");
    client.stop();
}

#[test]
fn tag_every_visits_every_text_beyond_ten_thousand() {
    let ws = tempfile::tempdir().unwrap();
    let root = ws.path();
    std::fs::write(root.join("0-open.txt"), TEXT).unwrap();
    // 10,050 texts; only those after the 10,000th (name order) have the word.
    for i in 0..10_050 {
        let text = if i >= 10_000 { "Ascendas." } else { "Nothing here." };
        std::fs::write(root.join(format!("t{i:05}.txt")), text).unwrap();
    }
    let mut client = LspClient::start(root, None);
    let uri = file_uri(&root.join("0-open.txt"));
    client.open(&uri, TEXT, 1);
    let r = client
        .execute(
            "pactum.tagEvery",
            json!({"uri": uri, "text": "Ascendas", "label": "ORG", "scope": "workspace"}),
        )
        .expect("tag every");
    assert_eq!(r["files"], 51, "{r}");
    assert_eq!(r["tagged"], 51, "{r}");
    assert!(root.join("t10049.txt.ann.json").is_file());
    client.stop();
}

#[test]
fn export_from_the_editor_never_writes_over_inputs_or_outside() {
    let ws = tempfile::tempdir().unwrap();
    let root = ws.path();
    std::fs::write(root.join("a.txt"), TEXT).unwrap();
    std::fs::write(root.join("existing.jsonl"), "mine\n").unwrap();
    let mut client = LspClient::start(root, None);
    let uri = file_uri(&root.join("a.txt"));
    client.open(&uri, TEXT, 1);
    client.execute("pactum.acceptAll", json!({"uri": uri})).expect("accept");
    for (out, says) in [
        ("a.txt", "one of the texts being exported"),
        ("a.txt.ann.json", "one of the texts being exported"),
        ("../escaped.jsonl", "outside the workspace"),
        ("existing.jsonl", "--force"),
    ] {
        let err = client.execute("pactum.export", json!({"format": "jsonl", "out": out})).unwrap_err();
        let msg = err["message"].as_str().unwrap_or_default();
        assert!(msg.contains(says), "{out}: {msg}");
    }
    assert_eq!(std::fs::read_to_string(root.join("a.txt")).unwrap(), TEXT);
    assert_eq!(std::fs::read_to_string(root.join("existing.jsonl")).unwrap(), "mine\n");
    assert!(!root.parent().unwrap().join("escaped.jsonl").exists());
    let r =
        client.execute("pactum.export", json!({"format": "jsonl", "out": "existing.jsonl", "force": true}));
    assert_eq!(r.expect("forced")["documents"], 1);
    assert!(std::fs::read_to_string(root.join("existing.jsonl")).unwrap().contains("Kista"));
    client.stop();
}

fn pactum(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run pactum");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn export_refuses_inputs_special_files_and_symlinks_and_asks_for_force() {
    let dir = tempfile::tempdir().unwrap();
    let ex = dir.path().join("ex");
    std::fs::create_dir(&ex).unwrap();
    std::fs::write(ex.join("a.txt"), TEXT).unwrap();
    let a = ex.join("a.txt");
    let link = dir.path().join("link.jsonl");
    symlink(dir.path().join("target.jsonl"), &link);
    std::fs::write(dir.path().join("target.jsonl"), "target\n").unwrap();
    let fifo = dir.path().join("fifo.jsonl");
    mkfifo(&fifo);
    let existing = dir.path().join("old.jsonl");
    std::fs::write(&existing, "old\n").unwrap();
    let cases: [(&Path, &str); 5] = [
        (&a, "one of the texts being exported"),
        (&link, "symlink"),
        (Path::new("/dev/null"), "not a regular file"),
        (&fifo, "not a regular file"),
        (&existing, "--force"),
    ];
    for (out, says) in cases {
        let started = Instant::now();
        let (ok, err) =
            pactum(&["export", "--format", "jsonl", "--include-suggestions", "--out", s(out), s(&ex)]);
        assert!(!ok, "{out:?} must be refused");
        assert!(err.contains(says), "{out:?}: {err}");
        assert!(started.elapsed() < FAST);
    }
    assert_eq!(std::fs::read_to_string(&a).unwrap(), TEXT, "the article is untouched");
    assert_eq!(std::fs::read_to_string(dir.path().join("target.jsonl")).unwrap(), "target\n");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "old\n");
    // brat into the folder of its own inputs would write texts over them.
    let (ok, err) = pactum(&["export", "--format", "brat", "--include-suggestions", "--out", s(&ex), s(&ex)]);
    assert!(!ok && err.contains("texts being exported"), "{err}");
    // --force replaces an existing regular file, never the rest.
    let (ok, err) = pactum(&[
        "export",
        "--format",
        "jsonl",
        "--include-suggestions",
        "--force",
        "--out",
        s(&existing),
        s(&ex),
    ]);
    assert!(ok, "{err}");
    assert!(std::fs::read_to_string(&existing).unwrap().contains("Kista"));
    let (ok, _) =
        pactum(&["export", "--format", "jsonl", "--include-suggestions", "--force", "--out", s(&a), s(&ex)]);
    assert!(!ok, "--force never allows writing over an input");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), TEXT);
}

#[test]
fn import_stays_inside_the_root_and_refuses_ambiguous_offsets() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("t.txt"), TEXT).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    std::fs::create_dir(&root).unwrap();
    symlink(outside.path(), root.join("link"));
    symlink(outside.path().join("t.txt"), root.join("t-link.txt"));
    let unicode = "Тро Ascendas.\n";
    std::fs::write(root.join("u.txt"), unicode).unwrap();
    let lines = [
        json!({"id": "link/t.txt", "text": TEXT, "spans": [{"start": 0, "end": 5, "label": "GPE", "text": "Kista"}]}),
        json!({"id": "t-link.txt", "text": TEXT, "spans": [{"start": 0, "end": 5, "label": "GPE", "text": "Kista"}]}),
        // Byte offsets of "Ascendas" (7..15) without the covered text.
        json!({"id": "u.txt", "text": unicode, "spans": [{"start": 7, "end": 15, "label": "ORG"}]}),
    ];
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
    let (ok, err) = pactum(&["import", "--format", "jsonl", "--root", s(&root), s(&input)]);
    assert!(!ok, "problems are reported");
    assert!(ann_files(outside.path()).is_empty(), "nothing written outside: {err}");
    assert_eq!(err.matches("outside the workspace").count(), 2, "{err}");
    assert!(err.contains("could be bytes or code points"), "{err}");
    let u = std::fs::read_to_string(root.join("u.txt.ann.json")).unwrap_or_default();
    assert!(!u.contains("ORG"), "no annotation from byte offsets: {u}");
    // Right code-point offsets are refused too without the text: the file cannot say which they are.
    let line = json!({"id": "u.txt", "text": unicode, "spans": [{"start": 4, "end": 12, "label": "ORG"}]});
    std::fs::write(&input, format!("{line}\n")).unwrap();
    let (ok, err) = pactum(&["import", "--format", "jsonl", "--root", s(&root), s(&input)]);
    assert!(!ok && err.contains("could be bytes"), "{err}");
    // Stating the unit imports them; another unit is refused.
    let stated = json!({"id": "u.txt", "text": unicode, "offsets": "code_points", "spans": [{"start": 4, "end": 12, "label": "ORG"}]});
    let bytes = json!({"id": "u.txt", "text": unicode, "offsets": "bytes", "spans": [{"start": 7, "end": 15, "label": "ORG"}]});
    std::fs::write(&input, format!("{stated}\n{bytes}\n")).unwrap();
    let (ok, err) = pactum(&["import", "--format", "jsonl", "--root", s(&root), s(&input)]);
    assert!(!ok && err.contains("only \"code_points\""), "{err}");
    let u = std::fs::read_to_string(root.join("u.txt.ann.json")).unwrap();
    assert!(u.contains("\"text\": \"Ascendas\""), "{u}");
}

#[test]
fn cli_inputs_that_are_fifos_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("in.txt");
    mkfifo(&fifo);
    let schema = dir.path().join("schema.json");
    mkfifo(&schema);
    for args in [
        vec!["annotate", s(&fifo)],
        vec!["annotate", "--schema", s(&schema), "-"],
        vec!["import", "--format", "jsonl", "--root", s(dir.path()), s(&fifo)],
    ] {
        let started = Instant::now();
        let (ok, err) = pactum(&args);
        assert!(!ok, "{args:?}");
        assert!(err.contains("FIFO"), "{args:?}: {err}");
        assert!(started.elapsed() < FAST, "{args:?}");
    }
}

/// `trustedPaths` sent later, by `workspace/didChangeConfiguration`, count
/// like those of `initializationOptions`: the server reads `pactum.toml`
/// again with them, so a schema outside the workspace the user now trusts
/// is loaded (its problem diagnostic cleared), and refused again once the
/// trust is taken back.
#[test]
fn trusted_paths_from_a_configuration_change_are_honoured_when_the_config_is_reloaded() {
    let outside = tempfile::tempdir().unwrap();
    let far = outside.path().join("mine.json");
    // The built-in schema with PARK explained differently: the hover shows which is loaded.
    const MINE: &str = "MINE: a park as my own schema explains it.";
    let mut schema: Value = serde_json::from_str(pactum_schema::PARKS_V1_JSON).unwrap();
    schema["id"] = json!("mine");
    for label in schema["labels"].as_array_mut().unwrap() {
        if label["name"] == "PARK" {
            label["explanation"] = json!(MINE);
        }
    }
    std::fs::write(&far, schema.to_string()).unwrap();
    let ws = tempfile::tempdir().unwrap();
    std::fs::write(ws.path().join("pactum.toml"), format!("schema = \"{}\"\n", far.display())).unwrap();
    std::fs::write(ws.path().join("a.txt"), TEXT).unwrap();
    let uri = file_uri(&ws.path().join("a.txt"));
    let toml_uri = file_uri(&ws.path().join("pactum.toml"));
    let explained = |client: &mut LspClient| -> String {
        let h = hover(client, &uri).expect("hover answered");
        h["contents"]["value"].as_str().unwrap_or_default().to_string()
    };
    let reload = |client: &mut LspClient, trusted: Value| {
        client.clear_queue();
        client.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"pactum": {"trustedPaths": trusted}}}),
        );
        any_message(client, "window/logMessage", "pactum.toml read and applied");
    };

    let mut client = LspClient::start(ws.path(), None);
    any_message(&mut client, "window/showMessage", "outside the workspace");
    client.open(&uri, TEXT, 1);
    client.diagnostics(&uri, Some(1));
    let md = explained(&mut client);
    assert!(md.contains("**PARK**") && !md.contains(MINE), "not trusted yet: {md}");

    // Trusted by a settings change: read, applied, the problem gone.
    reload(&mut client, json!([far.to_str().unwrap()]));
    let md = explained(&mut client);
    assert!(md.contains(MINE), "the trusted schema is loaded: {md}");
    let cleared = client.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == toml_uri);
    assert_eq!(cleared["diagnostics"], json!([]), "{cleared}");

    // Another setting changed: the trust stays (absent keys keep their value), so
    // pactum.toml read again gives the same configuration: nothing re-applied.
    client.clear_queue();
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"pactum": {"suggestions": {"severity": "hint"}}}}),
    );
    any_message(&mut client, "window/logMessage", "pactum.toml read again: unchanged");
    assert!(explained(&mut client).contains(MINE));

    // Trust taken back: refused again, with the built-in schema.
    reload(&mut client, json!([]));
    let msg = any_message(&mut client, "window/showMessage", "outside the workspace");
    assert!(msg.contains("pactum.trustedPaths"), "{msg}");
    let md = explained(&mut client);
    assert!(md.contains("**PARK**") && !md.contains(MINE), "{md}");
    client.stop();
}
