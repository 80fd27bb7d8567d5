//! End to end: `pactum simulate` (the simulated annotator) and `pactum
//! annotate --learn-from DIR` on the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum")).args(args).output().expect("the pactum binary runs")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tech_schema() -> String {
    repo().join("tests/data/real/tech_field/parks-tech.json").display().to_string()
}

fn lines(out: &Output) -> Vec<Value> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// A gold document with TECH_FIELD on every occurrence of each field term.
fn gold(id: &str, text: &str, fields: &[&str]) -> String {
    let mut spans = Vec::new();
    for f in fields {
        for (b, _) in text.match_indices(f) {
            let start = text[..b].chars().count();
            spans.push(json!({"start": start, "end": start + f.chars().count(), "label": "TECH_FIELD"}));
        }
    }
    json!({"id": id, "text": text, "spans": spans}).to_string() + "\n"
}

fn tech_suggestions(line: &Value, text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    line["suggested_spans"]
        .as_array()
        .expect("suggested_spans")
        .iter()
        .filter(|s| s["label"] == "TECH_FIELD")
        .map(|s| {
            let (a, b) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
            chars[a..b].iter().collect()
        })
        .collect()
}

#[test]
fn simulate_learns_a_new_label_from_earlier_documents_and_no_learn_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        "The park works in biomedicine and robotics.",
        "Startups in biomedicine joined the programme.",
        "New firms in robotics and biomedicine arrived in Tartu.",
    ];
    let mut file = String::new();
    for (k, t) in texts.iter().enumerate() {
        file.push_str(&gold(&format!("d{k}"), t, &["biomedicine", "robotics"]));
    }
    let path = dir.path().join("gold.jsonl");
    std::fs::write(&path, file).unwrap();
    let path = path.display().to_string();
    let schema = tech_schema();

    let learnt = lines(&pactum(&["simulate", &path, "--schema", &schema]));
    assert_eq!(learnt.len(), 4, "one line per document and a summary");
    for l in &learnt[..3] {
        for key in ["id", "suggested", "correct", "wrong", "missed", "corrections", "suggested_spans"] {
            assert!(l.get(key).is_some(), "{key} in {l}");
        }
        assert_eq!(l["corrections"], json!(l["wrong"].as_u64().unwrap() + l["missed"].as_u64().unwrap()));
    }
    assert!(tech_suggestions(&learnt[0], texts[0]).is_empty(), "nothing learnt before the first document");
    assert_eq!(tech_suggestions(&learnt[1], texts[1]), ["biomedicine"]);
    assert_eq!(tech_suggestions(&learnt[2], texts[2]), ["robotics", "biomedicine"]);
    let summary = &learnt[3]["summary"];
    assert_eq!(summary["docs"], 3);
    for key in ["corrections", "corrections_second_half", "entity_f1", "clause_f1"] {
        assert!(summary.get(key).is_some(), "{key} in {summary}");
    }

    let fixed = lines(&pactum(&["simulate", &path, "--schema", &schema, "--no-learn"]));
    assert!(fixed[..3].iter().zip(texts).all(|(l, t)| tech_suggestions(l, t).is_empty()));
    let total = |v: &[Value]| v[3]["summary"]["corrections"].as_u64().unwrap();
    assert!(
        total(&learnt) < total(&fixed),
        "learning saves corrections: {} vs {}",
        total(&learnt),
        total(&fixed)
    );
}

#[test]
fn simulate_refuses_a_file_that_is_not_gold_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.jsonl");
    std::fs::write(&path, "{\"id\": 1, \"text\": \"x\"}\nnot json\n").unwrap();
    let out = pactum(&["simulate", &path.display().to_string()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("gold.jsonl:2"), "{err}");
}

fn write_annotated(dir: &Path, name: &str, text: &str, needle: &str, label: &str, status: &str) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let hash: String = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let annotations: Vec<Value> = text
        .match_indices(needle)
        .map(|(b, _)| {
            let start = text[..b].chars().count();
            json!({"id": format!("id{b}"), "start": start, "end": start + needle.chars().count(),
                   "label": label, "status": status, "text": needle, "context": {"before": "", "after": ""}})
        })
        .collect();
    let sidecar =
        json!({"version": 1, "schema": "parks-tech", "text_sha256": hash, "annotations": annotations});
    std::fs::write(dir.join(format!("{name}.ann.json")), sidecar.to_string()).unwrap();
}

#[test]
fn annotate_learn_from_suggests_what_the_annotation_files_teach_and_skips_a_malformed_one() {
    let ws = tempfile::tempdir().unwrap();
    write_annotated(
        ws.path(),
        "a.txt",
        "The park works in biomedicine.",
        "biomedicine",
        "TECH_FIELD",
        "accepted",
    );
    write_annotated(
        ws.path(),
        "b.txt",
        "Labs for biomedicine open.",
        "biomedicine",
        "TECH_FIELD",
        "accepted",
    );
    std::fs::write(ws.path().join("c.txt"), "broken").unwrap();
    std::fs::write(ws.path().join("c.txt.ann.json"), "{ not json").unwrap();
    let new = tempfile::tempdir().unwrap();
    let target = new.path().join("new.txt");
    std::fs::write(&target, "A centre for biomedicine opened in Tartu.").unwrap();
    let schema = tech_schema();
    let out = pactum(&[
        "annotate",
        "--schema",
        &schema,
        "--explain",
        "--learn-from",
        &ws.path().display().to_string(),
        &target.display().to_string(),
    ]);
    let doc = &lines(&out)[0];
    let field =
        doc["spans"].as_array().unwrap().iter().find(|s| s["label"] == "TECH_FIELD").expect("a TECH_FIELD");
    assert_eq!(field["text"], "biomedicine");
    assert_eq!(field["rule"], "accepted as TECH_FIELD 2× in 2 files");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("c.txt.ann.json"), "the malformed file is named: {err}");
    assert_eq!(
        std::fs::read_to_string(ws.path().join("c.txt.ann.json")).unwrap(),
        "{ not json",
        "and left alone"
    );

    let plain = lines(&pactum(&["annotate", "--schema", &schema, &target.display().to_string()]));
    assert!(!plain[0]["spans"].as_array().unwrap().iter().any(|s| s["label"] == "TECH_FIELD"));
}
