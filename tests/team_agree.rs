//! `pactum agree` end to end: its figures equal the guide's scorer's
//! (`../shared/tools/score.py`, run for real) on the same pair of files,
//! first file as gold; folders of texts with annotation files give the same
//! figures as the JSON lines they were imported from; bad input is reported
//! and the rest compared.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum")).args(args).output().expect("the pactum binary runs")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The guide's scorer: `PACTUM_SCORE_PY`, else `shared/tools/score.py` in the
/// repository's folder or one above it (CI lays `shared/` beside the clone).
fn score_py() -> PathBuf {
    if let Ok(p) = std::env::var("PACTUM_SCORE_PY") {
        return PathBuf::from(p);
    }
    let root = repo().canonicalize().expect("repo");
    root.ancestors()
        .map(|d| d.join("shared/tools/score.py"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("score.py not found above {}; set PACTUM_SCORE_PY", root.display()))
}

fn score(gold: &Path, pred: &Path) -> Value {
    let out = Command::new("python3")
        .arg(score_py())
        .args([gold, pred])
        .args(["--clause-labels", "SIGNING,PURPOSE,COMMITMENT", "--json", "--quiet"])
        .output()
        .expect("python3 runs score.py");
    assert!(out.status.success(), "score.py failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("score.py prints JSON")
}

fn agree_json(a: &Path, b: &Path, extra: &[&str]) -> (Value, Output) {
    let mut args = vec!["agree", "--json"];
    args.extend_from_slice(extra);
    args.push(a.to_str().unwrap());
    args.push(b.to_str().unwrap());
    let out = pactum(&args);
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("agree --json prints JSON ({e}): {}", String::from_utf8_lossy(&out.stderr))
    });
    (v, out)
}

/// Every number of `want` equals `got`'s at the same place (floats within
/// 1e-12: score.py sums IoUs in set order, which Python randomises).
fn assert_same(want: &Value, got: &Value, at: &str) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                let gv = g.get(k).unwrap_or_else(|| panic!("{at}.{k} missing in pactum agree's output"));
                assert_same(wv, gv, &format!("{at}.{k}"));
            }
        }
        (Value::Number(w), Value::Number(g)) => {
            let (w, g) = (w.as_f64().unwrap(), g.as_f64().unwrap());
            assert!((w - g).abs() <= 1e-12, "{at}: score.py {w}, pactum agree {g}");
        }
        _ => assert_eq!(want, got, "{at}"),
    }
}

fn assert_equals_score_py(gold: &Path, pred: &Path) -> Value {
    let want = score(gold, pred);
    let (got, out) = agree_json(gold, pred, &[]);
    let pair = &got["pairs"][0];
    assert_eq!(pair["a"], gold.to_str().unwrap());
    for key in ["entities", "clauses", "relations"] {
        assert_eq!(want.get(key).is_some(), pair.get(key).is_some(), "{key} present in one output only");
        if let Some(w) = want.get(key) {
            assert_same(w, &pair[key], key);
        }
    }
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    got
}

fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn write_jsonl(path: &Path, docs: &[Value]) {
    let text: String = docs.iter().map(|d| format!("{d}\n")).collect();
    std::fs::write(path, text).unwrap();
}

/// A second annotator, made by rule from the first: some spans dropped,
/// some cut short or widened, some relabelled, a clause moved to the next
/// label, relations dropped with their spans and one added.
fn perturb(docs: &[Value]) -> Vec<Value> {
    let mut out = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let mut doc = doc.clone();
        let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
        let mut kept = Vec::new();
        for (i, s) in doc["spans"].as_array().unwrap().iter().enumerate() {
            let mut s = s.clone();
            let (start, end) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
            let label = s["label"].as_str().unwrap().to_string();
            let k = i + d;
            if k % 9 == 4 {
                continue; // missed
            }
            if k % 7 == 3 && end - start > 2 {
                s["end"] = json!(end - 1); // cut short
            } else if k % 13 == 5 && end < text.len() {
                s["end"] = json!(end + 1); // one char too far
            }
            if k % 11 == 2 {
                let other = match label.as_str() {
                    "ORG" => "PARK",
                    "PARK" => "ORG",
                    "SIGNING" => "PURPOSE",
                    "PURPOSE" => "COMMITMENT",
                    "COMMITMENT" => "PURPOSE",
                    "GPE" => "LOC",
                    _ => "ORG",
                };
                s["label"] = json!(other);
            }
            let (ns, ne) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
            s["text"] = json!(text[ns..ne].iter().collect::<String>());
            kept.push(s);
        }
        // A relation stays only between spans the copy still has (as an
        // annotator's copy would: an import refuses a relation whose end is
        // not a span of its line), and one in five is missed.
        let ends: Vec<(Value, Value, Value)> =
            kept.iter().map(|s| (s["start"].clone(), s["end"].clone(), s["label"].clone())).collect();
        let has = |e: &Value| ends.contains(&(e["start"].clone(), e["end"].clone(), e["label"].clone()));
        doc["spans"] = json!(kept);
        if let Some(rels) = doc["relations"].as_array().cloned() {
            let rels: Vec<Value> = rels
                .into_iter()
                .enumerate()
                .filter(|(i, r)| (i + d) % 5 != 1 && has(&r["head_span"]) && has(&r["child_span"]))
                .map(|(_, r)| r)
                .collect();
            doc["relations"] = json!(rels);
        }
        out.push(doc);
    }
    out
}

#[test]
fn equals_score_py_on_the_real_test_split_against_a_perturbed_copy() {
    let dir = tempfile::tempdir().unwrap();
    let gold = repo().join("tests/data/real/test.jsonl");
    let docs = read_jsonl(&gold);
    assert_eq!(docs.len(), 24);
    let other = dir.path().join("other.jsonl");
    write_jsonl(&other, &perturb(&docs));
    let got = assert_equals_score_py(&gold, &other);
    let pair = &got["pairs"][0];
    assert_eq!(pair["docs"]["compared"], 24);
    let f = pair["entities"]["micro"]["f"].as_f64().unwrap();
    assert!(f > 0.5 && f < 1.0, "a perturbed copy agrees partly: {f}");
    assert!(pair["relations"]["micro"]["tp"].as_u64().unwrap() > 0);
    let kappa = pair["clauses"]["kappa"].as_f64().unwrap();
    assert!(kappa > 0.0 && kappa < 1.0, "{kappa}");
    // And the other way round: each file as gold in turn.
    assert_equals_score_py(&other, &gold);
}

#[test]
fn equals_score_py_on_the_dev_gold_against_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    let gold = repo().join("tests/data/gold/seeds.jsonl");
    let out = pactum(&["annotate", repo().join("corpus").to_str().unwrap()]);
    assert!(out.status.success());
    let engine = dir.path().join("engine.jsonl");
    std::fs::write(&engine, &out.stdout).unwrap();
    // Ids of `pactum annotate corpus/` are the file names, as in the gold.
    assert_equals_score_py(&gold, &engine);
    // A copy agrees perfectly with itself, κ included.
    let (same, _) = agree_json(&gold, &gold, &[]);
    assert_eq!(same["pairs"][0]["entities"]["micro"]["f"], 1.0);
    assert_eq!(same["pairs"][0]["clauses"]["kappa"], 1.0);
}

/// Writes each document's text under `root` and imports its spans there.
fn as_folder(jsonl: &Path, root: &Path) {
    for d in read_jsonl(jsonl) {
        let path = root.join(d["id"].as_str().unwrap());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, d["text"].as_str().unwrap()).unwrap();
    }
    let out =
        pactum(&["import", "--format", "jsonl", "--root", root.to_str().unwrap(), jsonl.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn folders_of_annotation_files_agree_as_their_json_lines_do() {
    let dir = tempfile::tempdir().unwrap();
    let gold = repo().join("tests/data/real/test.jsonl");
    let other = dir.path().join("other.jsonl");
    write_jsonl(&other, &perturb(&read_jsonl(&gold)));
    let (a, b) = (dir.path().join("anna"), dir.path().join("boris"));
    as_folder(&gold, &a);
    as_folder(&other, &b);
    let (from_files, _) = agree_json(&gold, &other, &[]);
    let (from_folders, out) = agree_json(&a, &b, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for key in ["entities", "clauses"] {
        assert_same(&from_files["pairs"][0][key], &from_folders["pairs"][0][key], key);
    }
    // Annotation files hold the imported relations: the same relation figures.
    assert_same(&from_files["pairs"][0]["relations"], &from_folders["pairs"][0]["relations"], "relations");
    // A folder against JSON lines works too.
    let (mixed, _) = agree_json(&a, &other, &[]);
    assert_same(&from_files["pairs"][0]["entities"], &mixed["pairs"][0]["entities"], "mixed");

    // The table names both copies and the documents that agree least.
    let out = pactum(&["agree", a.to_str().unwrap(), b.to_str().unwrap()]);
    let table = String::from_utf8(out.stdout).unwrap();
    for want in [
        "ENTITIES",
        "CLAUSES",
        "Cohen's κ over",
        "DOCUMENTS, least agreement first",
        "anna",
        "boris",
        "micro",
    ] {
        assert!(table.contains(want), "{want} not in\n{table}");
    }
}

#[test]
fn bad_input_is_reported_and_the_rest_compared() {
    let dir = tempfile::tempdir().unwrap();
    let gold = repo().join("tests/data/real/test.jsonl");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    as_folder(&gold, &a);
    as_folder(&gold, &b);
    let docs = read_jsonl(&gold);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    // B: one text edited, one annotation file broken, one text only in B.
    let edited = b.join(ids[0]);
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, format!("Breaking: {text}")).unwrap();
    std::fs::write(b.join(format!("{}.ann.json", ids[1])), "{not json").unwrap();
    std::fs::write(b.join("extra.txt"), "Ascendas.").unwrap();
    std::fs::write(
        b.join("extra.txt.ann.json"),
        std::fs::read(a.join(format!("{}.ann.json", ids[2]))).unwrap(),
    )
    .unwrap();

    let (report, out) = agree_json(&a, &b, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let pair = &report["pairs"][0];
    assert_eq!(pair["docs"]["compared"], 22);
    assert_eq!(pair["docs"]["text_mismatch"], json!([ids[0]]));
    assert_eq!(pair["docs"]["only_in_a"], json!([ids[1]]));
    assert_eq!(pair["docs"]["only_in_b"], json!(["extra.txt"]));
    assert_eq!(pair["entities"]["micro"]["f"], 1.0, "the rest agrees");
    assert!(err.contains(&format!("{}.ann.json", ids[1])), "the broken file is named: {err}");
    assert!(err.contains("different texts") && err.contains(ids[0]), "{err}");
    assert!(err.contains("only in") && err.contains("extra.txt"), "{err}");

    // --force re-anchors the edited text's annotations and compares it.
    let (report, _) = agree_json(&a, &b, &["--force"]);
    let pair = &report["pairs"][0];
    assert_eq!(pair["docs"]["compared"], 23);
    assert_eq!(pair["docs"]["reanchored"], json!([ids[0]]));
    assert_eq!(pair["entities"]["micro"]["f"], 1.0);

    // A path that cannot be read at all is a usage error naming it.
    let out = pactum(&["agree", a.to_str().unwrap(), dir.path().join("nope.jsonl").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.jsonl"));
    // One path is not a comparison.
    assert_eq!(pactum(&["agree", a.to_str().unwrap()]).status.code(), Some(2));
}

#[test]
fn three_copies_give_three_pairs_and_an_average() {
    let dir = tempfile::tempdir().unwrap();
    let gold = repo().join("tests/data/real/test.jsonl");
    let docs = read_jsonl(&gold);
    let (b, c) = (dir.path().join("b.jsonl"), dir.path().join("c.jsonl"));
    write_jsonl(&b, &perturb(&docs));
    write_jsonl(&c, &perturb(&perturb(&docs)));
    let out = pactum(&["agree", "--json", gold.to_str().unwrap(), b.to_str().unwrap(), c.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3);
    let mean = pairs.iter().map(|p| p["entities"]["micro"]["f"].as_f64().unwrap()).sum::<f64>() / 3.0;
    assert!((v["average"]["entities_f"].as_f64().unwrap() - mean).abs() < 1e-12);
    // Each document lists its pairs, least agreement first.
    let d = &v["documents"][0];
    assert_eq!(d["pairs"].as_array().unwrap().len(), 3);
}
