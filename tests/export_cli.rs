//! `pactum export` end to end: the real binary on annotated texts.

mod export_support;

use export_support::*;

#[test]
fn jsonl_export_gives_back_every_accepted_span_in_code_points() {
    let (dir, texts) = annotated_copy();
    let out_path = dir.path().join("out.jsonl");
    let out = pactum(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        s(&out_path),
        s(&texts),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        jsonl_spans(&out_path),
        jsonl_spans(&data().join("texts.jsonl"))
    );
    // Offsets are code points: slicing the text by characters gives the span text.
    for line in std::fs::read_to_string(&out_path).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let chars: Vec<char> = v["text"].as_str().unwrap().chars().collect();
        for span in v["spans"].as_array().unwrap() {
            let (a, b) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                chars[a..b].iter().collect::<String>(),
                span["text"].as_str().unwrap()
            );
        }
        assert_eq!(v["meta"]["schema"], "parks-v1");
    }
}

#[test]
fn malformed_annotation_file_is_reported_skipped_and_left_alone() {
    let (dir, texts) = annotated_copy();
    let bad = texts.join("z-park.txt.ann.json");
    std::fs::write(&bad, "{\"version\": 1, oops").unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = pactum(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        s(&out_path),
        s(&texts),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("z-park.txt.ann.json"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        "{\"version\": 1, oops"
    );
    // The other document is still exported.
    let ids: Vec<String> = jsonl_spans(&out_path)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["skolkovo.txt"]);
}

#[test]
fn non_utf8_text_is_reported_with_its_path() {
    let (dir, texts) = annotated_copy();
    std::fs::write(texts.join("latin1.txt"), b"caf\xe9").unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = pactum(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        s(&out_path),
        s(&texts),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("latin1.txt") && err.contains("UTF-8"), "{err}");
    assert_eq!(jsonl_spans(&out_path).len(), 2);
}

#[test]
fn unknown_format_is_an_error_listing_the_known_ones() {
    let (dir, texts) = annotated_copy();
    let out = pactum(&[
        "export",
        "--format",
        "csv",
        "--out",
        s(&dir.path().join("x")),
        s(&texts),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for name in ["jsonl", "spacy", "conll", "brat", "labelstudio"] {
        assert!(err.contains(name), "{err}");
    }
}

#[test]
fn unannotated_texts_are_left_out_unless_suggestions_are_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Technopolis has signed a cooperation agreement with Ascendas in Singapore on 26 September.\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = pactum(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        s(&out_path),
        s(dir.path()),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a.txt has no annotation file"),
        "{}",
        stderr(&out)
    );
    assert!(jsonl_spans(&out_path).is_empty());

    let out = pactum(&[
        "export",
        "--format",
        "jsonl",
        "--include-suggestions",
        "--out",
        s(&out_path),
        s(dir.path()),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Exactly what `pactum annotate` suggests for the same text.
    let annotate = pactum(&["annotate", s(&dir.path().join("a.txt"))]);
    let suggested: serde_json::Value = serde_json::from_slice(&annotate.stdout).unwrap();
    let exported = jsonl_spans(&out_path);
    assert_eq!(exported.len(), 1);
    assert_eq!(
        exported[0].1.len(),
        suggested["spans"].as_array().unwrap().len()
    );
}
