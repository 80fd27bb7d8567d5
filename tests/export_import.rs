//! `pactum import` end to end: the real binary writing annotation files.

mod export_support;

use export_support::*;

fn ann(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("annotation file")).expect("JSON")
}

#[test]
fn imported_annotations_are_accepted_and_a_second_import_changes_nothing() {
    let (_dir, texts) = annotated_copy();
    let sidecar = texts.join("skolkovo.txt.ann.json");
    let first = ann(&sidecar);
    let annotations = first["annotations"].as_array().unwrap();
    assert_eq!(annotations.len(), 8);
    assert!(annotations.iter().all(|a| a["status"] == "accepted"));
    let out = import("jsonl", &texts, &data().join("texts.jsonl"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("imported 0 annotation(s) (14 already there, 0 re-anchored) into 0 file(s)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ann(&sidecar)["annotations"].as_array().unwrap().len(), 8);
}

#[test]
fn missing_text_is_reported_and_the_rest_imported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("skolkovo.txt"),
        std::fs::read(data().join("texts/skolkovo.txt")).unwrap(),
    )
    .unwrap();
    let out =
        pactum(&["import", "--format", "jsonl", "--root", s(dir.path()), s(&data().join("texts.jsonl"))]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("texts.jsonl:2") && err.contains("z-park.txt"), "{err}");
    assert!(dir.path().join("skolkovo.txt.ann.json").exists());
    assert!(!dir.path().join("z-park.txt.ann.json").exists());
}

#[test]
fn changed_text_is_refused_then_reanchored_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(data().join("texts/z-park.txt")).unwrap();
    let text = dir.path().join("z-park.txt");
    std::fs::write(&text, format!("Update 😀.\n{original}")).unwrap();
    let jsonl = data().join("texts.jsonl");
    let out = pactum(&["import", "--format", "jsonl", "--root", s(dir.path()), s(&jsonl)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("not the text these annotations were made on") && err.contains("--force"), "{err}");
    assert!(!dir.path().join("z-park.txt.ann.json").exists());

    let out = pactum(&["import", "--format", "jsonl", "--force", "--root", s(dir.path()), s(&jsonl)]);
    // skolkovo.txt is missing from this root: that document is reported.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let sidecar = ann(&dir.path().join("z-park.txt.ann.json"));
    let chars: Vec<char> = std::fs::read_to_string(&text).unwrap().chars().collect();
    for a in sidecar["annotations"].as_array().unwrap() {
        let (start, end) = (a["start"].as_u64().unwrap() as usize, a["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[start..end].iter().collect::<String>(), a["text"].as_str().unwrap());
        assert!(start >= "Update 😀.\n".chars().count());
    }
}

#[test]
fn malformed_existing_annotation_file_is_never_overwritten() {
    let (_dir, texts) = annotated_copy();
    let sidecar = texts.join("z-park.txt.ann.json");
    std::fs::write(&sidecar, "not json").unwrap();
    let out = import("jsonl", &texts, &data().join("texts.jsonl"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("z-park.txt.ann.json"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&sidecar).unwrap(), "not json");
}

#[test]
fn unknown_import_format_lists_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = pactum(&["import", "--format", "conll", "--root", s(dir.path()), "x.conll"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("jsonl") && err.contains("brat"), "{err}");
}

#[test]
fn jsonl_export_then_import_into_fresh_texts_gives_the_same_annotations() {
    let (dir, texts) = annotated_copy();
    let exported = dir.path().join("out.jsonl");
    let out = export("jsonl", &exported, &texts);
    assert!(out.status.success(), "{}", stderr(&out));
    let fresh = dir.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    for name in ["skolkovo.txt", "z-park.txt"] {
        std::fs::copy(texts.join(name), fresh.join(name)).unwrap();
    }
    let out = import("jsonl", &fresh, &exported);
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["skolkovo.txt.ann.json", "z-park.txt.ann.json"] {
        let key = |v: serde_json::Value| {
            let mut spans: Vec<_> = v["annotations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    (
                        a["start"].as_u64(),
                        a["end"].as_u64(),
                        a["label"].to_string(),
                        a["status"].to_string(),
                        a["text"].to_string(),
                    )
                })
                .collect();
            spans.sort();
            spans
        };
        assert_eq!(key(ann(&texts.join(name))), key(ann(&fresh.join(name))));
    }
}
