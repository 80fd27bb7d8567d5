//! `pactum annotate -`, the streaming filter, and `--jobs`: the real binary.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn pactum() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
}

/// Runs `pactum ARGS` with `input` on stdin.
fn filter(args: &[&str], input: &[u8]) -> Output {
    let mut child = pactum()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pactum runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    // Written from a thread, so a large input cannot dead-lock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("pactum ends");
    writer.join().expect("writer");
    out
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn corpus() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus"))
}

/// The corpus as JSON lines `{"id", "text"}`, in the order `annotate DIR` walks it.
fn corpus_lines() -> Vec<Value> {
    let mut names: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| json!({"id": n, "text": std::fs::read_to_string(corpus().join(&n)).unwrap()}))
        .collect()
}

fn jsonl(values: &[Value]) -> Vec<u8> {
    values.iter().map(|v| format!("{v}\n")).collect::<String>().into_bytes()
}

#[test]
fn the_filter_answers_like_annotating_the_files() {
    let from_files = pactum().args(["annotate", corpus().to_str().unwrap()]).output().unwrap();
    assert!(from_files.status.success());
    let out = filter(&["annotate", "-"], &jsonl(&corpus_lines()));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(lines(&out), lines(&from_files));
    assert!(out.stderr.is_empty(), "nothing to report: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn every_line_gets_exactly_one_answer_in_order_bad_lines_an_error() {
    let good = "Kista Science Park signed an agreement with Ascendas Plc.";
    let input = [
        json!({"id": "a", "text": good, "lang": "en", "spans": ["replaced"]}).to_string(),
        "not json".to_string(),
        json!({"id": 2}).to_string(),
        json!({"id": "n", "text": 5}).to_string(),
        String::new(),
        "[1, 2]".to_string(),
        json!({"text": "Тро 😀 Technopolis"}).to_string(),
        json!({"id": "last", "text": good}).to_string(),
    ];
    let mut bytes = input.join("\n").into_bytes();
    bytes.extend_from_slice(b"\n\xff\xfe\n");
    let out = filter(&["annotate", "-", "--jobs", "3"], &bytes);
    assert!(out.status.success());
    let got = lines(&out);
    assert_eq!(got.len(), input.len() + 1, "one line out per line in");
    assert_eq!(got[0]["id"], "a");
    assert_eq!(got[0]["lang"], "en", "other fields pass through");
    assert!(got[0]["spans"].as_array().unwrap().iter().any(|s| s["label"] == "PARK"));
    assert!(got[0].get("error").is_none());
    for (i, id) in [
        (1, json!(null)),
        (2, json!(2)),
        (3, json!("n")),
        (4, json!(null)),
        (5, json!(null)),
        (8, json!(null)),
    ] {
        assert_eq!(got[i]["id"], id, "line {}: {}", i + 1, got[i]);
        let error =
            got[i]["error"].as_str().unwrap_or_else(|| panic!("line {} is an error: {}", i + 1, got[i]));
        // No line number: a partition is answered as the whole stream would be.
        assert!(!error.is_empty() && !error.contains(&format!("line {}", i + 1)), "{error}");
        assert!(got[i].get("spans").is_none());
    }
    assert!(got[6].get("id").is_none(), "no id in, no id out");
    // Code points: the emoji is one.
    let t = got[6]["spans"].as_array().unwrap().iter().find(|s| s["text"] == "Technopolis").expect("ORG");
    assert_eq!(t["start"], 6);
    assert_eq!(got[7]["id"], "last");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("6 of 9 line(s)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn text_lines_are_documents_numbered_from_one() {
    let out = filter(
        &["annotate", "-", "--format", "text"],
        "Kista Science Park signed.\n\nTechnopolis\r\n".as_bytes(),
    );
    assert!(out.status.success());
    let got = lines(&out);
    assert_eq!(got.len(), 3);
    assert_eq!(
        (got[0]["id"].clone(), got[1]["id"].clone(), got[2]["id"].clone()),
        (json!(1), json!(2), json!(3))
    );
    assert_eq!(got[1]["text"], "");
    assert_eq!(got[2]["text"], "Technopolis", "the carriage return is not part of the text");
    assert_eq!(got[0]["spans"][0]["label"], "PARK");
}

#[test]
fn a_100_mb_line_gets_an_error_line_and_the_next_lines_are_still_annotated() {
    let mut child = pactum()
        .args(["annotate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        stdin.write_all(br#"{"id": "huge", "text": ""#).unwrap();
        let chunk = "Science Park ".repeat(80_000); // ~1 MB
        for _ in 0..100 {
            stdin.write_all(chunk.as_bytes()).unwrap();
        }
        stdin.write_all(b"\"}\n").unwrap();
        stdin.write_all(json!({"id": "after", "text": "Kista Science Park"}).to_string().as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let got = lines(&out);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["id"], "huge", "the id is recovered from the line's head");
    assert!(got[0]["error"].as_str().unwrap().contains("over the limit"), "{}", got[0]);
    assert_eq!(got[1]["id"], "after");
    assert_eq!(got[1]["spans"][0]["label"], "PARK");
}

#[test]
fn answers_come_line_by_line_without_waiting_for_more_input() {
    // A consumer that sends one line and waits for its answer (request and
    // response over a pipe) must not dead-lock on the worker window.
    let mut child = pactum()
        .args(["annotate", "-", "--jobs", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for i in 0..5 {
        writeln!(stdin, "{}", json!({"id": i, "text": "Kista Science Park"})).unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["id"], i);
    }
    drop(stdin);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(rest.is_empty());
    assert!(child.wait().unwrap().success());
}

#[test]
fn one_job_and_many_give_the_same_output() {
    let dir = corpus().to_str().unwrap();
    let one = pactum().args(["annotate", "--jobs", "1", dir]).output().unwrap();
    let many = pactum().args(["annotate", "--jobs", "4", dir]).output().unwrap();
    assert!(one.status.success() && many.status.success());
    assert_eq!(one.stdout, many.stdout);
    let docs = corpus_lines();
    let input = jsonl(&docs.iter().cycle().take(5 * docs.len()).cloned().collect::<Vec<_>>());
    let one = filter(&["annotate", "-", "-j", "1"], &input);
    let many = filter(&["annotate", "-", "-j", "4"], &input);
    assert_eq!(one.stdout, many.stdout);
}

#[test]
fn stdin_cannot_be_mixed_with_paths_and_format_needs_stdin() {
    let out = pactum().args(["annotate", "-", corpus().to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be combined"));
    let out = pactum().args(["annotate", "--format", "text", corpus().to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format applies to `-`"));
}

#[test]
fn explain_and_disable_work_in_the_filter_and_with_any_number_of_jobs() {
    let dir = corpus().to_str().unwrap();
    let args = ["--explain", "--disable", "org.legal-suffix,link.repeat"];
    let from_files = pactum().args([&["annotate"][..], &args, &[dir]].concat()).output().unwrap();
    assert!(from_files.status.success(), "{}", String::from_utf8_lossy(&from_files.stderr));
    let expected = lines(&from_files);
    let spans: Vec<&Value> = expected.iter().flat_map(|d| d["spans"].as_array().unwrap()).collect();
    assert!(!spans.is_empty());
    for s in &spans {
        let rule = s["rule"].as_str().unwrap_or_else(|| panic!("every span names its rules: {s}"));
        assert!(
            !rule.is_empty() && !rule.contains("org.legal-suffix") && !rule.contains("link.repeat"),
            "{s}"
        );
    }
    // The rules are really off: with them on, some spans name them.
    let all_on = pactum().args(["annotate", "--explain", dir]).output().unwrap();
    let all_on = String::from_utf8(all_on.stdout).unwrap();
    assert!(all_on.contains("org.legal-suffix") && all_on.contains("link.repeat"));

    let docs = corpus_lines();
    for jobs in ["1", "3"] {
        let files = pactum().args([&["annotate", "-j", jobs][..], &args, &[dir]].concat()).output().unwrap();
        assert_eq!(lines(&files), expected, "files with {jobs} job(s)");
        let out = filter(&[&["annotate", "-", "-j", jobs][..], &args].concat(), &jsonl(&docs));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(lines(&out), expected, "the filter with {jobs} job(s)");
    }
    // Text lines too: a span names its rule there as well.
    let out =
        filter(&["annotate", "-", "--format", "text", "--explain"], b"Technopolis Plc signed an MOU.\n");
    let answer = &lines(&out)[0];
    assert!(
        answer["spans"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["text"] == "Technopolis Plc" && s["rule"] == "org.legal-suffix"),
        "{answer}"
    );
    // An unknown rule is refused before any line is read.
    let out = filter(&["annotate", "-", "--disable", "org.legal-sufix"], &jsonl(&docs));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `org.legal-suffix`?"));
    assert!(out.stdout.is_empty());
}

/// Pieces of news text for generated documents: entities, signing verbs,
/// non-ASCII text (accents, Cyrillic, an emoji, a dash), JSON escapes
/// (quotes, backslashes, tabs) and paragraph breaks.
const PIECES: &[&str] = &[
    "Kista Science Park",
    " signed a memorandum of understanding with ",
    "Technopolis Plc",
    " on 12 March 2024. ",
    "The parties will cooperate on ",
    "joint research in photonics. ",
    "Café Ørsted — Тро 😀 ",
    "\"quoted\" and back\\slash\tand tab ",
    "\n\n",
    "Ascendas Plc and the Sophia Antipolis park agreed to ",
    "exchange start-ups. ",
    "Dr. Anna Virtanen, CEO of Technopolis, said. ",
];

/// An input line of the filter: a document, or one of the bad lines.
#[derive(Debug, Clone)]
enum GenLine {
    Doc { id: u32, pieces: Vec<usize> },
    NotJson,
    Empty,
    NoText(u32),
}

fn gen_line() -> impl proptest::strategy::Strategy<Value = GenLine> {
    use proptest::prelude::*;
    prop_oneof![
        8 => (any::<u32>(), proptest::collection::vec(0..PIECES.len(), 0..40))
            .prop_map(|(id, pieces)| GenLine::Doc { id, pieces }),
        1 => Just(GenLine::NotJson),
        1 => Just(GenLine::Empty),
        1 => any::<u32>().prop_map(GenLine::NoText),
    ]
}

fn doc_text(pieces: &[usize]) -> String {
    pieces.iter().map(|&i| PIECES[i]).collect()
}

fn render(line: &GenLine) -> String {
    match line {
        GenLine::Doc { id, pieces } => json!({"id": id, "text": doc_text(pieces), "src": "gen"}).to_string(),
        GenLine::NotJson => "{not json".to_string(),
        GenLine::Empty => String::new(),
        GenLine::NoText(id) => json!({"id": id}).to_string(),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 6, ..Default::default() })]

    /// The oracle of `--jobs`: whatever the documents (and bad lines among
    /// them), N jobs answer byte for byte as one job, in the filter and over
    /// files; and the filter keeps one answer per line, in input order.
    #[test]
    fn many_jobs_answer_byte_for_byte_as_one(doc_lines in proptest::collection::vec(gen_line(), 1..60)) {
        let input: Vec<u8> = doc_lines.iter().map(|l| render(l) + "\n").collect::<String>().into_bytes();
        let one = filter(&["annotate", "-", "-j", "1", "--explain"], &input);
        proptest::prop_assert!(one.status.success());
        let answers = lines(&one);
        proptest::prop_assert_eq!(answers.len(), doc_lines.len());
        for (answer, line) in answers.iter().zip(&doc_lines) {
            match line {
                GenLine::Doc { id, .. } => {
                    proptest::prop_assert_eq!(&answer["id"], &json!(id));
                    proptest::prop_assert!(answer.get("error").is_none());
                }
                _ => proptest::prop_assert!(answer.get("error").is_some()),
            }
        }
        for jobs in ["2", "3"] {
            let many = filter(&["annotate", "-", "-j", jobs, "--explain"], &input);
            proptest::prop_assert_eq!(&one.stdout, &many.stdout, "the filter with {} jobs", jobs);
        }

        // The same documents as files (names in walk order).
        let dir = tempfile::tempdir().unwrap();
        for (i, line) in doc_lines.iter().enumerate() {
            if let GenLine::Doc { pieces, .. } = line {
                std::fs::write(dir.path().join(format!("{i:03}.txt")), doc_text(pieces)).unwrap();
            }
        }
        let path = dir.path().to_str().unwrap();
        let one = pactum().args(["annotate", "-j", "1", path]).output().unwrap();
        let many = pactum().args(["annotate", "-j", "3", path]).output().unwrap();
        proptest::prop_assert!(one.status.success() && many.status.success());
        proptest::prop_assert_eq!(&one.stdout, &many.stdout, "files with 3 jobs");
        let docs = doc_lines.iter().filter(|l| matches!(l, GenLine::Doc { .. })).count();
        proptest::prop_assert_eq!(lines(&one).len(), docs);
    }
}
