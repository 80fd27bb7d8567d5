//! `pactum merge`, `pactum status` and `pactum export --only-done` on real
//! copies: folders of texts with annotation files made by `pactum import`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum")).args(args).output().expect("the pactum binary runs")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn err(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const TEXT: &str = "Тро “Ascendas” signed an MoU with Technopolis 😀 in Oulu.";

/// A copy with one document `x.txt` annotated with `spans` (start, end, label).
fn copy(root: &Path, spans: &[(usize, usize, &str)], by: &str) -> PathBuf {
    std::fs::create_dir_all(root).unwrap();
    std::fs::write(root.join("x.txt"), TEXT).unwrap();
    std::fs::write(root.join("untouched.txt"), "Nothing here yet.").unwrap();
    let chars: Vec<char> = TEXT.chars().collect();
    let spans: Vec<Value> = spans
        .iter()
        .map(|&(st, en, l)| json!({"start": st, "end": en, "label": l, "text": chars[st..en].iter().collect::<String>()}))
        .collect();
    let jsonl = root.with_extension("jsonl");
    std::fs::write(&jsonl, json!({"id": "x.txt", "text": TEXT, "spans": spans}).to_string()).unwrap();
    let out = pactum(&["import", "--format", "jsonl", "--root", s(root), s(&jsonl)]);
    assert!(out.status.success(), "{}", err(&out));
    // Record the annotator and a done status, as the editor would.
    let ann = root.join("x.txt.ann.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&ann).unwrap()).unwrap();
    for a in v["annotations"].as_array_mut().unwrap() {
        a["by"] = json!(by);
    }
    v["document"] = json!({"status": "done", "by": by, "at": "2026-12-01T05:00:00Z"});
    std::fs::write(&ann, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    root.to_path_buf()
}

fn offsets(needle: &str) -> (usize, usize) {
    let b = TEXT.find(needle).unwrap();
    let st = TEXT[..b].chars().count();
    (st, st + needle.chars().count())
}

#[test]
fn merge_keeps_agreed_spans_and_lists_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let (asc, tech, oulu, mou) =
        (offsets("Ascendas"), offsets("Technopolis"), offsets("Oulu"), offsets("MoU"));
    let a = copy(
        &dir.path().join("anna"),
        &[
            (asc.0, asc.1, "ORG"),
            (tech.0, tech.1, "ORG"),
            (oulu.0, oulu.1, "GPE"),
            (mou.0, mou.1, "AGREEMENT"),
        ],
        "anna",
    );
    let b = copy(
        &dir.path().join("boris"),
        &[(asc.0, asc.1, "ORG"), (tech.0, tech.1, "PARK"), (oulu.0, oulu.1, "GPE")],
        "boris",
    );
    let out_dir = dir.path().join("merged");
    let conflicts = dir.path().join("conflicts.jsonl");
    let out = pactum(&["merge", s(&a), s(&b), "--out", s(&out_dir), "--conflicts-out", s(&conflicts)]);
    let e = err(&out);
    assert!(out.status.success(), "{e}");
    assert!(e.contains("2 agreed span(s) kept, 3 conflict(s) left out"), "{e}");
    assert!(e.contains("conflict: x.txt:") && e.contains("“Technopolis”"), "{e}");

    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("x.txt.ann.json")).unwrap()).unwrap();
    let labels: Vec<&str> =
        merged["annotations"].as_array().unwrap().iter().map(|a| a["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["ORG", "GPE"]);
    // Each kept span keeps who made it; the document is not done: it had conflicts.
    assert_eq!(merged["annotations"][0]["by"], "anna");
    assert!(merged.get("document").is_none(), "{merged}");
    assert_eq!(std::fs::read_to_string(out_dir.join("x.txt")).unwrap(), TEXT);
    let listed: Vec<Value> = std::fs::read_to_string(&conflicts)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(listed.len(), 3);
    assert!(listed.iter().any(|c| c["label"] == "PARK" && c["copy"] == s(&b) && c["text"] == "Technopolis"));

    // --conflicts mark keeps them, marked, in JSON lines.
    let jl = dir.path().join("merged.jsonl");
    let out = pactum(&["merge", s(&a), s(&b), "--out", s(&jl), "--conflicts", "mark"]);
    assert!(out.status.success(), "{}", err(&out));
    let line: Value =
        serde_json::from_str(std::fs::read_to_string(&jl).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(line["id"], "x.txt");
    let marked: Vec<&Value> =
        line["spans"].as_array().unwrap().iter().filter(|sp| sp.get("conflict").is_some()).collect();
    assert_eq!(marked.len(), 3);

    // Never over existing work.
    let out = pactum(&["merge", s(&a), s(&b), "--out", s(&out_dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("already exists"), "{}", err(&out));

    // Two identical done copies merge into a done document.
    let out2 = dir.path().join("same");
    let out = pactum(&["merge", s(&a), s(&a), "--out", s(&out2)]);
    assert!(out.status.success(), "{}", err(&out));
    let same: Value =
        serde_json::from_str(&std::fs::read_to_string(out2.join("x.txt.ann.json")).unwrap()).unwrap();
    assert_eq!(same["document"]["status"], "done");
}

/// `pactum merge` writes like `pactum export` (issue 15): never over a copy
/// being merged, a special file or a symlink; an existing output only with
/// `--overwrite`; a refusal writes nothing.
#[cfg(unix)]
#[test]
fn merge_output_never_replaces_inputs_devices_or_symlinks_and_replaces_files_only_when_told() {
    let dir = tempfile::tempdir().unwrap();
    let asc = offsets("Ascendas");
    let a = copy(&dir.path().join("anna"), &[(asc.0, asc.1, "ORG")], "anna");
    let b = copy(&dir.path().join("boris"), &[(asc.0, asc.1, "ORG")], "boris");
    let b_jsonl = dir.path().join("boris.jsonl"); // written by `copy`: a copy in itself
    let text_before = std::fs::read(a.join("x.txt")).unwrap();
    let jsonl_before = std::fs::read(&b_jsonl).unwrap();
    let refused = |args: &[&str], says: &str| {
        let out = pactum(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", err(&out));
        assert!(err(&out).contains(says), "{args:?}: {}", err(&out));
    };

    // The copies: a JSON-lines copy itself, a copy's folder, a file in it.
    refused(&["merge", s(&a), s(&b_jsonl), "--out", s(&b_jsonl)], "one of the copies being merged");
    refused(&["merge", s(&a), s(&b), "--out", s(&a)], "one of the copies being merged");
    refused(&["merge", s(&a), s(&b), "--out", s(&a.join("merged"))], "one of the copies being merged");
    refused(
        &[
            "merge",
            s(&a),
            s(&b),
            "--out",
            s(&dir.path().join("m.jsonl")),
            "--conflicts-out",
            s(&a.join("x.txt")),
        ],
        "one of the copies being merged",
    );
    assert_eq!(std::fs::read(&b_jsonl).unwrap(), jsonl_before);
    assert_eq!(std::fs::read(a.join("x.txt")).unwrap(), text_before);

    // A device, a symlink to a file elsewhere (left as it was).
    refused(&["merge", s(&a), s(&b), "--out", "/dev/null"], "special file");
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("t.jsonl");
    std::fs::write(&target, "keep\n").unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    refused(&["merge", s(&a), s(&b), "--out", s(&link), "--overwrite"], "symlink");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep\n");

    // An existing file: refused, then replaced with --overwrite.
    let old = dir.path().join("old.jsonl");
    std::fs::write(&old, "mine\n").unwrap();
    refused(&["merge", s(&a), s(&b), "--out", s(&old)], "pass --overwrite");
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "mine\n");
    let conflicts = dir.path().join("conflicts.jsonl");
    std::fs::write(&conflicts, "old\n").unwrap();
    refused(
        &["merge", s(&a), s(&b), "--out", s(&dir.path().join("n.jsonl")), "--conflicts-out", s(&conflicts)],
        "pass --overwrite",
    );
    assert!(!dir.path().join("n.jsonl").exists(), "a refused --conflicts-out writes nothing");
    let out =
        pactum(&["merge", s(&a), s(&b), "--out", s(&old), "--conflicts-out", s(&conflicts), "--overwrite"]);
    assert!(out.status.success(), "{}", err(&out));
    let line: Value =
        serde_json::from_str(std::fs::read_to_string(&old).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(line["id"], "x.txt");
    assert_eq!(std::fs::read_to_string(&conflicts).unwrap(), "", "no conflicts: the old list is replaced");
    // --out and --conflicts-out the same file.
    refused(
        &["merge", s(&a), s(&b), "--out", s(&old), "--conflicts-out", s(&old), "--overwrite"],
        "same path",
    );
}

#[test]
fn merge_skips_documents_whose_texts_differ_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let asc = offsets("Ascendas");
    let a = copy(&dir.path().join("a"), &[(asc.0, asc.1, "ORG")], "anna");
    let b = copy(&dir.path().join("b"), &[(asc.0, asc.1, "ORG")], "boris");
    std::fs::write(b.join("x.txt"), format!("Update: {TEXT}")).unwrap();
    let out = pactum(&["merge", s(&a), s(&b), "--out", s(&dir.path().join("m1"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(err(&out).contains("different texts") && err(&out).contains("x.txt"), "{}", err(&out));
    assert!(!dir.path().join("m1/x.txt").exists());
    let out = pactum(&["merge", "--force", s(&a), s(&b), "--out", s(&dir.path().join("m2"))]);
    assert!(out.status.success(), "{}", err(&out));
    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("m2/x.txt.ann.json")).unwrap())
            .unwrap();
    assert_eq!(merged["annotations"][0]["text"], "Ascendas");
}

#[test]
fn status_counts_documents_labels_and_annotators() {
    let dir = tempfile::tempdir().unwrap();
    let (asc, oulu) = (offsets("Ascendas"), offsets("Oulu"));
    let a = copy(&dir.path().join("anna"), &[(asc.0, asc.1, "ORG"), (oulu.0, oulu.1, "GPE")], "anna");
    let out = pactum(&["status", "--json", s(&a)]);
    assert!(out.status.success(), "{}", err(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["documents"].as_u64(), v["annotated"].as_u64(), v["done"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(v["labels"]["ORG"]["accepted"], 1);
    assert_eq!(v["annotators"]["anna"]["accepted"], 2);
    assert_eq!(v["annotators"]["anna"]["done"], 1);
    assert!(
        v["labels"]["ORG"]["open"].as_u64().unwrap() >= 1,
        "Technopolis is still an open suggestion: {v}"
    );
    let table = String::from_utf8(pactum(&["status", s(&a)]).stdout).unwrap();
    for want in ["documents: 2 total, 1 with annotations (50%), 1 done (50%)", "ANNOTATOR", "anna", "█"] {
        assert!(table.contains(want), "{want} not in\n{table}");
    }
    // A malformed annotation file is reported with its path, the rest counted.
    std::fs::write(a.join("untouched.txt.ann.json"), "{").unwrap();
    let out = pactum(&["status", "--no-suggestions", s(&a)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(err(&out).contains("untouched.txt.ann.json"), "{}", err(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 total, 1 with annotations"));
}

#[test]
fn export_only_done_leaves_unfinished_documents_out() {
    let dir = tempfile::tempdir().unwrap();
    let asc = offsets("Ascendas");
    let a = copy(&dir.path().join("anna"), &[(asc.0, asc.1, "ORG")], "anna");
    // A second annotated document, still in progress.
    std::fs::write(a.join("y.txt"), TEXT).unwrap();
    std::fs::copy(a.join("x.txt.ann.json"), a.join("y.txt.ann.json")).unwrap();
    let y = a.join("y.txt.ann.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&y).unwrap()).unwrap();
    v["document"]["status"] = json!("in_progress");
    std::fs::write(&y, v.to_string()).unwrap();

    let all = dir.path().join("all.jsonl");
    let done = dir.path().join("done.jsonl");
    assert!(pactum(&["export", "--format", "jsonl", "--out", s(&all), s(&a)]).status.success());
    let out = pactum(&["export", "--format", "jsonl", "--only-done", "--out", s(&done), s(&a)]);
    assert!(out.status.success(), "{}", err(&out));
    assert!(err(&out).contains("1 document(s) not marked done"), "{}", err(&out));
    let ids = |p: &Path| -> Vec<String> {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&all), ["x.txt", "y.txt"]);
    assert_eq!(ids(&done), ["x.txt"]);
}
