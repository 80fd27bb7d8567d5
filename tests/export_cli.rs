//! `pactum export` end to end: the real binary on annotated texts.

mod export_support;

use export_support::*;

#[test]
fn jsonl_export_gives_back_every_accepted_span_in_code_points() {
    let (dir, texts) = annotated_copy();
    let out_path = dir.path().join("out.jsonl");
    let out = export("jsonl", &out_path, &texts);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(jsonl_spans(&out_path), jsonl_spans(&data().join("texts.jsonl")));
    // Offsets are code points: slicing the text by characters gives the span text.
    for line in std::fs::read_to_string(&out_path).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let chars: Vec<char> = v["text"].as_str().unwrap().chars().collect();
        for span in v["spans"].as_array().unwrap() {
            let (a, b) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
            assert_eq!(chars[a..b].iter().collect::<String>(), span["text"].as_str().unwrap());
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
    let out = export("jsonl", &out_path, &texts);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("z-park.txt.ann.json"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&bad).unwrap(), "{\"version\": 1, oops");
    // The other document is still exported.
    let ids: Vec<String> = jsonl_spans(&out_path).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["skolkovo.txt"]);
}

#[test]
fn non_utf8_text_is_reported_with_its_path() {
    let (dir, texts) = annotated_copy();
    std::fs::write(texts.join("latin1.txt"), b"caf\xe9").unwrap();
    let out_path = dir.path().join("out.jsonl");
    let out = export("jsonl", &out_path, &texts);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("latin1.txt") && err.contains("UTF-8"), "{err}");
    assert_eq!(jsonl_spans(&out_path).len(), 2);
}

#[test]
fn unknown_format_is_an_error_listing_the_known_ones() {
    let (dir, texts) = annotated_copy();
    let out = pactum(&["export", "--format", "csv", "--out", s(&dir.path().join("x")), s(&texts)]);
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
    let out = pactum(&["export", "--format", "jsonl", "--out", s(&out_path), s(dir.path())]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("a.txt has no annotation file"), "{}", stderr(&out));
    assert!(jsonl_spans(&out_path).is_empty());

    let out = pactum(&[
        "export",
        "--format",
        "jsonl",
        "--include-suggestions",
        "--force",
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
    assert_eq!(exported[0].1.len(), suggested["spans"].as_array().unwrap().len());
}

/// A text whose annotations overlap: `Hong Kong` (GPE) inside
/// `Hong Kong Science Park` (PARK), both accepted.
fn overlapping_entities() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let texts = dir.path().join("texts");
    std::fs::create_dir(&texts).unwrap();
    let text = "“Hong Kong Science Park” 😀 signed.\n";
    std::fs::write(texts.join("hk.txt"), text).unwrap();
    let jsonl = dir.path().join("in.jsonl");
    // No covered text on the spans: the line states the offsets' unit.
    let line = serde_json::json!({"id": "hk.txt", "text": text, "offsets": "code_points", "spans": [
        {"start": 1, "end": 23, "label": "PARK"},
        {"start": 1, "end": 10, "label": "GPE"},
        {"start": 0, "end": 34, "label": "SIGNING"},
    ]});
    std::fs::write(&jsonl, format!("{line}\n")).unwrap();
    let out = import("jsonl", &texts, &jsonl);
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, texts)
}

#[test]
fn spans_a_format_cannot_hold_are_reported_with_document_and_position() {
    let (dir, texts) = overlapping_entities();
    for (format, out_name) in [("conll", "out.conll"), ("spacy", "out.spacy")] {
        let out_path = dir.path().join(out_name);
        let out = pactum(&["export", "--format", format, "--out", s(&out_path), s(&texts)]);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("hk.txt:1-10 GPE") && err.contains("overlaps PARK"), "{format}: {err}");
        assert!(out_path.exists(), "{format}: the rest is still written");
    }
    let conll = std::fs::read_to_string(dir.path().join("out.conll")).unwrap();
    assert!(conll.contains("Hong B-PARK\nKong I-PARK\nScience I-PARK\nPark I-PARK\n"), "{conll}");
    // Formats that hold overlapping spans export everything.
    for (format, out_name) in [("jsonl", "out.jsonl"), ("brat", "brat"), ("labelstudio", "ls.json")] {
        let out_path = dir.path().join(out_name);
        let out = pactum(&["export", "--format", format, "--out", s(&out_path), s(&texts)]);
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert!(stderr(&out).contains("3 span(s)"), "{format}: {}", stderr(&out));
    }
}

#[test]
fn brat_export_imports_back_through_the_binary() {
    let (dir, texts) = annotated_copy();
    let brat = dir.path().join("brat");
    let out = export("brat", &brat, &texts);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(brat.join("annotation.conf").exists() && brat.join("skolkovo.ann").exists());
    let fresh = dir.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    for name in ["skolkovo.txt", "z-park.txt"] {
        std::fs::copy(texts.join(name), fresh.join(name)).unwrap();
    }
    let out = import("brat", &fresh, &brat);
    assert!(out.status.success(), "{}", stderr(&out));
    let exported = dir.path().join("again.jsonl");
    let out = export("jsonl", &exported, &fresh);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(jsonl_spans(&exported), jsonl_spans(&data().join("texts.jsonl")));
}

#[test]
fn out_must_be_a_file_or_a_directory_as_the_format_needs() {
    let (dir, texts) = annotated_copy();
    let out = pactum(&["export", "--format", "jsonl", "--out", s(dir.path()), s(&texts)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a directory"), "{}", stderr(&out));
}

#[test]
fn every_format_writes_the_same_bytes_with_one_job_or_many() {
    let (dir, texts) = annotated_copy();
    for format in ["jsonl", "conll", "labelstudio"] {
        let one = dir.path().join(format!("one.{format}"));
        let many = dir.path().join(format!("many.{format}"));
        let a = pactum(&["export", "--format", format, "--jobs", "1", "--out", s(&one), s(&texts)]);
        let b = pactum(&["export", "--format", format, "--jobs", "4", "--out", s(&many), s(&texts)]);
        assert_eq!(a.status.code(), b.status.code(), "{}", stderr(&b));
        let report = |o: &std::process::Output, stem: &str| stderr(o).replace(&format!("/{stem}."), "/OUT.");
        assert_eq!(report(&a, "one"), report(&b, "many"), "the same report");
        assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&many).unwrap(), "{format}");
    }
    // Many documents, with the engine's suggestions (the work the jobs share).
    let corpus = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus"));
    let (one, many) = (dir.path().join("one-s.jsonl"), dir.path().join("many-s.jsonl"));
    for (jobs, out) in [("1", &one), ("3", &many)] {
        let run = pactum(&[
            "export",
            "--format",
            "jsonl",
            "--include-suggestions",
            "-j",
            jobs,
            "--out",
            s(out),
            s(corpus),
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&many).unwrap());
}
