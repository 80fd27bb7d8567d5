//! End-to-end tests of the `pactum` command line: run the real binary.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum")).args(args).output().expect("the pactum binary runs")
}

fn stdout_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is JSON"))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every span's offsets are code points into the text, its text matches,
/// and spans are sorted by start.
fn check_document(doc: &Value) {
    let text: Vec<char> = doc["text"].as_str().expect("text").chars().collect();
    let spans = doc["spans"].as_array().expect("spans");
    let mut last_start = 0;
    for s in spans {
        let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert!(start < end && end <= text.len(), "{s}");
        let covered: String = text[start..end].iter().collect();
        assert_eq!(covered, s["text"].as_str().unwrap(), "{s}");
        assert!(start >= last_start, "spans sorted by start");
        last_start = start;
        assert!(s["label"].as_str().is_some_and(|l| !l.is_empty()));
    }
}

fn corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus"))
}

#[test]
fn annotates_the_bundled_corpus_with_ids_below_the_directory() {
    let out = pactum(&["annotate", corpus().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_lines(&out);
    let mut expected: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    expected.sort();
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, expected);
    for d in &docs {
        check_document(d);
        assert!(!d["spans"].as_array().unwrap().is_empty(), "the engine finds something in {}", d["id"]);
    }
}

#[test]
fn offsets_are_code_points_in_unicode_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u.txt");
    let text = "😀 Тройск\u{a0}— “Alpha Science Park” signed a cooperation agreement with Beta Plc.\n";
    std::fs::write(&path, text).unwrap();
    let out = pactum(&["annotate", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_lines(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], path.to_str().unwrap(), "a file is reported under the path as given");
    check_document(&docs[0]);
    let agreement = docs[0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["label"] == "AGREEMENT")
        .expect("an AGREEMENT span");
    assert!(agreement["text"].as_str().unwrap().ends_with("agreement"));
}

#[test]
fn bad_files_are_reported_and_the_others_still_annotated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a_good.txt"), "They signed an agreement.").unwrap();
    std::fs::write(dir.path().join("b_latin1.txt"), b"caf\xe9 agreement").unwrap();
    std::fs::write(dir.path().join("c_binary.txt"), [0x89u8, b'P', b'N', b'G', 0, 0xff, 0xfe, 1, 2]).unwrap();
    std::fs::write(dir.path().join("d_empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("e_notes.md"), "not a text file for pactum").unwrap();
    let missing = dir.path().join("missing.txt");
    let out = pactum(&["annotate", dir.path().to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a failed file makes the exit status 1");
    let err = stderr(&out);
    assert!(err.contains("b_latin1.txt") && err.contains("UTF-8"), "{err}");
    assert!(err.contains("c_binary.txt"), "{err}");
    assert!(err.contains("missing.txt"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let docs = stdout_lines(&out);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a_good.txt", "d_empty.txt"]);
    assert_eq!(docs[1]["text"], "");
    assert_eq!(docs[1]["spans"].as_array().unwrap().len(), 0);
}

#[test]
fn a_fifty_megabyte_single_line_is_annotated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let unit =
        "Alpha Science Park and Beta Plc signed a cooperation agreement with “Gamma” in Тройск, \u{a0}";
    let mut text = String::with_capacity(50 * 1024 * 1024 + unit.len());
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(unit);
    }
    std::fs::write(&path, &text).unwrap();
    drop(text);
    let out = pactum(&["annotate", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_lines(&out);
    assert_eq!(docs.len(), 1);
    let spans = docs[0]["spans"].as_array().unwrap();
    assert!(spans.len() > 100_000, "spans found all along the line: {}", spans.len());
    // Spot-check the last span's offsets (checking all would be slow in debug).
    let text: Vec<char> = docs[0]["text"].as_str().unwrap().chars().collect();
    let last = spans.last().unwrap();
    let (s, e) = (last["start"].as_u64().unwrap() as usize, last["end"].as_u64().unwrap() as usize);
    assert_eq!(text[s..e].iter().collect::<String>(), last["text"].as_str().unwrap());
}

#[test]
fn a_schema_with_mistakes_is_reported_with_json_paths() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("bad-schema.json");
    std::fs::write(
        &schema,
        r##"{"id": "mine", "labels": [
            {"name": "ORG", "kind": "entity", "description": "x", "color": "red"},
            {"name": "ORG", "kind": "entity", "description": "x"},
            {"name": "PLACE", "kind": "thing", "description": "x", "shortcut": "p"}
        ]}"##,
    )
    .unwrap();
    let out = pactum(&["annotate", "--schema", schema.to_str().unwrap(), corpus().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "a bad schema stops the run before any document");
    let err = stderr(&out);
    for needle in [
        "bad-schema.json",
        "$.labels[0].color",
        "$.labels[1].name",
        "$.labels[2].kind",
        "$.labels[2].shortcut",
    ] {
        assert!(err.contains(needle), "missing {needle} in: {err}");
    }
    assert!(out.stdout.is_empty());

    std::fs::write(&schema, "{ not json").unwrap();
    let out = pactum(&["annotate", "--schema", schema.to_str().unwrap(), corpus().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not valid JSON"), "{}", stderr(&out));
}

#[test]
fn a_user_schema_limits_the_labels() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("agreements-only.json");
    std::fs::write(
        &schema,
        r#"{"id": "agreements", "labels": [{"name": "AGREEMENT", "kind": "entity", "description": "An agreement."}]}"#,
    )
    .unwrap();
    let out = pactum(&["annotate", "--schema", schema.to_str().unwrap(), corpus().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let docs = stdout_lines(&out);
    let labels: std::collections::BTreeSet<&str> = docs
        .iter()
        .flat_map(|d| d["spans"].as_array().unwrap().iter().map(|s| s["label"].as_str().unwrap()))
        .collect();
    assert_eq!(labels.into_iter().collect::<Vec<_>>(), ["AGREEMENT"]);
}

#[test]
fn explain_names_the_rules_of_every_span_and_disable_turns_rules_off() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "Technopolis Plc signed a cooperation agreement with Kista Science City.\n\nTechnopolis will host ten startups.").unwrap();
    let rules = |args: &[&str]| -> Vec<(String, String, String)> {
        let out = pactum(&[&["annotate"], args, &[path.to_str().unwrap()]].concat());
        assert!(out.status.success(), "{}", stderr(&out));
        let docs = stdout_lines(&out);
        check_document(&docs[0]);
        docs[0]["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let rule = s.get("rule").map_or("-", |r| r.as_str().expect("rule is a string"));
                (s["label"].as_str().unwrap().into(), s["text"].as_str().unwrap().into(), rule.into())
            })
            .collect()
    };
    let explained = rules(&["--explain"]);
    assert!(explained.iter().all(|(_, _, r)| r != "-" && !r.is_empty()), "{explained:?}");
    assert!(
        explained.contains(&("ORG".into(), "Technopolis Plc".into(), "org.legal-suffix".into())),
        "{explained:?}"
    );
    assert!(
        explained.iter().any(|(l, _, r)| l == "SIGNING" && r == "clause.signing.verb-object"),
        "{explained:?}"
    );
    // Without --explain the output has no rule (and is what it always was).
    assert!(rules(&[]).iter().all(|(_, _, r)| r == "-"));

    // Off: the later rules apply (the unknown name is an organisation).
    let off = rules(&["--explain", "--disable", "org.legal-suffix,clause.signing.verb-object"]);
    assert!(off.contains(&("ORG".into(), "Technopolis Plc".into(), "org.unknown-name".into())), "{off:?}");
    assert!(off.iter().all(|(_, _, r)| !r.contains("org.legal-suffix") && !r.contains("signing")), "{off:?}");

    let out = pactum(&["annotate", "--disable", "org.legal-sufix", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "an unknown rule is a usage error");
    let err = stderr(&out);
    assert!(err.contains("unknown rule `org.legal-sufix` (did you mean `org.legal-suffix`?)"), "{err}");
    assert!(err.contains("valid rules: date.month,"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn help_and_version() {
    let out = pactum(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["annotate", "lsp", "export", "import"] {
        assert!(help.contains(cmd), "{help}");
    }
    let out = pactum(&["--version"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with(&format!("pactum {}", env!("CARGO_PKG_VERSION")))
    );
}
