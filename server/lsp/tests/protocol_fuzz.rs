//! A protocol fuzzer (issue 15): random sequences of well-formed requests
//! and notifications (with random, often invalid, positions, versions and
//! params), malformed frames and binary junk, against the server in
//! process. Checked for every sequence: no panic, every well-formed request
//! answered within a bound (no hang, never deaf), a final request answered,
//! and `shutdown` + `exit` end the session. The counts are printed
//! (`cargo test --test protocol_fuzz -- --nocapture`).

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use pactum_lsp::Ending;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use support::*;

/// Sequences tried; kept small so that the suite stays well under a minute.
const CASES: u32 = 300;
/// How long one answer may take before the server counts as hung.
const BOUND: Duration = Duration::from_secs(20);

static SEQUENCES: AtomicUsize = AtomicUsize::new(0);
static MESSAGES: AtomicUsize = AtomicUsize::new(0);
static MALFORMED: AtomicUsize = AtomicUsize::new(0);
static REQUESTS: AtomicUsize = AtomicUsize::new(0);
static ERRORS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

#[derive(Debug, Clone)]
enum Piece {
    /// A well-formed request (its id is given when sent).
    Request {
        method: &'static str,
        params: Value,
    },
    Notification {
        method: &'static str,
        params: Value,
    },
    /// Bytes that are not one well-formed message.
    Raw(Vec<u8>),
}

const DOCS: [&str; 2] = ["a.txt", "b.txt"];

fn number() -> impl Strategy<Value = i64> {
    prop_oneof![0i64..12, Just(99_999), Just(-1), Just(1 << 31), Just(1 << 40)]
}

fn position() -> impl Strategy<Value = Value> {
    (number(), number()).prop_map(|(l, c)| json!({"line": l, "character": c}))
}

fn range_of() -> impl Strategy<Value = Value> {
    (position(), position()).prop_map(|(s, e)| json!({"start": s, "end": e}))
}

fn doc() -> impl Strategy<Value = usize> {
    0..DOCS.len()
}

fn request() -> impl Strategy<Value = Piece> {
    let td = |d: &str| json!({"uri": format!("@{d}")});
    prop_oneof![
        (doc(), position()).prop_map(move |(d, p)| Piece::Request {
            method: "textDocument/hover",
            params: json!({"textDocument": td(DOCS[d]), "position": p})
        }),
        (doc(), range_of()).prop_map(move |(d, r)| Piece::Request {
            method: "textDocument/codeAction",
            params: json!({"textDocument": td(DOCS[d]), "range": r, "context": {"diagnostics": []}})
        }),
        doc().prop_map(move |d| Piece::Request {
            method: "textDocument/semanticTokens/full",
            params: json!({"textDocument": td(DOCS[d])})
        }),
        (doc(), range_of(), prop_oneof![Just("ORG"), Just("PARK"), Just("NOPE")]).prop_map(move |(d, r, l)| {
            Piece::Request {
                method: "workspace/executeCommand",
                params: json!({"command": "pactum.tag", "arguments": [{"uri": format!("@{}", DOCS[d]), "range": r, "label": l}]}),
            }
        }),
        (doc(), position()).prop_map(move |(d, p)| Piece::Request {
            method: "workspace/executeCommand",
            params: json!({"command": "pactum.acceptAt", "arguments": [{"uri": format!("@{}", DOCS[d]), "position": p}]})
        }),
        any::<u8>().prop_map(|x| Piece::Request { method: "pactum/noSuchMethod", params: json!({"x": x}) }),
        Just(Piece::Request { method: "textDocument/hover", params: json!({"position": "here"}) }),
    ]
}

fn notification() -> impl Strategy<Value = Piece> {
    let text = prop_oneof![
        Just("Kista Science Park met Otaniemi.\r\n\r\nTechnopolis Plc signed an MOU."),
        Just("Тро 😀 Park\u{a0}Plc on 26 September."),
        Just(""),
    ];
    prop_oneof![
        (doc(), text.clone(), number()).prop_map(|(d, t, v)| Piece::Notification {
            method: "textDocument/didOpen",
            params: json!({"textDocument": {"uri": format!("@{}", DOCS[d]), "languageId": "plaintext", "version": v, "text": t}})
        }),
        (doc(), number(), range_of(), "[a-zТ😀 \n\r]{0,8}").prop_map(|(d, v, r, t)| Piece::Notification {
            method: "textDocument/didChange",
            params: json!({"textDocument": {"uri": format!("@{}", DOCS[d]), "version": v}, "contentChanges": [{"range": r, "text": t}]})
        }),
        (doc(), number(), text).prop_map(|(d, v, t)| Piece::Notification {
            method: "textDocument/didChange",
            params: json!({"textDocument": {"uri": format!("@{}", DOCS[d]), "version": v}, "contentChanges": [{"text": t}]})
        }),
        doc().prop_map(|d| Piece::Notification {
            method: "textDocument/didSave",
            params: json!({"textDocument": {"uri": format!("@{}", DOCS[d])}})
        }),
        doc().prop_map(|d| Piece::Notification {
            method: "textDocument/didClose",
            params: json!({"textDocument": {"uri": format!("@{}", DOCS[d])}})
        }),
        number().prop_map(|id| Piece::Notification { method: "$/cancelRequest", params: json!({"id": id}) }),
        Just(Piece::Notification { method: "pactum/noSuchNotification", params: json!([1, 2]) }),
    ]
}

fn raw() -> impl Strategy<Value = Piece> {
    let body = prop_oneof![
        Just(br#"{"jsonrpc":"2.0","id":"x","method":"textDocument/hover","params":{}}"#.to_vec()),
        Just(br#"{"jsonrpc":"1.0","id":5,"method":"shutdown"}"#.to_vec()),
        Just(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#.to_vec()),
        Just(br#"[{"jsonrpc":"2.0","method":"exit"}]"#.to_vec()),
        Just(br#""just a string""#.to_vec()),
        Just(br#"{"jsonrpc":"2.0","id":9,"result":1,"error":{"code":1,"message":"m"}}"#.to_vec()),
        Just(br#"{"jsonrpc":"2.0","id":7,"#.to_vec()),
        proptest::collection::vec(any::<u8>(), 0..80),
    ];
    let header = prop_oneof![
        Just("exact"),
        Just("longer"),
        Just("shorter"),
        Just("abc"),
        Just("negative"),
        Just("huge"),
        Just("missing"),
        Just("twice"),
        Just("lowercase-lf"),
        Just("no-blank-line"),
    ];
    prop_oneof![
        3 => (header, body).prop_map(|(h, b)| {
            let n = b.len();
            let head = match h {
                "exact" => format!("Content-Length: {n}\r\n\r\n"),
                "longer" => format!("Content-Length: {}\r\n\r\n", n + 17),
                "shorter" => format!("Content-Length: {}\r\n\r\n", n / 2),
                "abc" => "Content-Length: abc\r\n\r\n".to_string(),
                "negative" => format!("Content-Length: -{n}\r\n\r\n"),
                "huge" => "Content-Length: 18446744073709551616\r\n\r\n".to_string(),
                "missing" => "Content-Type: application/json\r\n\r\n".to_string(),
                "twice" => format!("Content-Length: {n}\r\nContent-Length: {}\r\n\r\n", n + 1),
                "lowercase-lf" => format!("content-length: {n}\n\n"),
                _ => format!("Content-Length: {n}\r\n"),
            };
            let mut out = head.into_bytes();
            out.extend(b);
            Piece::Raw(out)
        }),
        1 => proptest::collection::vec(any::<u8>(), 1..200).prop_map(Piece::Raw),
    ]
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![3 => request(), 3 => notification(), 2 => raw()]
}

/// Runs one sequence against the server of `s`. One server takes all
/// sequences, one after the other: starting one costs seconds in a debug
/// build, and a server that has seen many sequences is the harder test.
/// `Err` says what went wrong.
async fn run(s: &mut Session, root: &std::path::Path, pieces: Vec<Piece>) -> Result<(), String> {
    let base = file_uri(root);
    let resolve = |v: &Value| -> Value {
        // "@a.txt" stands for a document of the workspace.
        let s = v.to_string().replace("\"@", &format!("\"{base}/"));
        serde_json::from_str(&s).unwrap_or(Value::Null)
    };
    // Ids unique across sequences: 1000 per sequence.
    let first = SEQUENCES.load(Ordering::Relaxed) as i64 * 1000;
    let mut ids = Vec::new();
    let mut sent: Vec<u8> = Vec::new();
    for (i, p) in pieces.into_iter().enumerate() {
        MESSAGES.fetch_add(1, Ordering::Relaxed);
        match p {
            Piece::Request { method, params } => {
                let id = first + 1 + i as i64;
                ids.push(id);
                let m = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": resolve(&params)});
                sent.extend(format!("Content-Length: {}\r\n\r\n{m}", m.to_string().len()).bytes());
                s.send(&m).await;
            }
            Piece::Notification { method, params } => {
                s.send(&json!({"jsonrpc": "2.0", "method": method, "params": resolve(&params)})).await;
            }
            Piece::Raw(bytes) => {
                MALFORMED.fetch_add(1, Ordering::Relaxed);
                BYTES.fetch_add(bytes.len(), Ordering::Relaxed);
                sent.extend(&bytes);
                sent.extend(b"\r\n");
                s.send_raw(&bytes).await;
                // Then a newline, as a client's next header starts a line.
                s.send_raw(b"\r\n").await;
            }
        }
    }
    let last = json!({"jsonrpc": "2.0", "id": first, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": format!("{base}/a.txt")}, "position": {"line": 0, "character": 0}}});
    s.send(&last).await;
    for id in ids.iter().copied().chain([first]) {
        let r = tokio::time::timeout(BOUND, s.response(&json!(id))).await.map_err(|_| {
            format!("request {id} not answered within {BOUND:?}; the bytes sent: {}", sent.escape_ascii())
        })?;
        REQUESTS.fetch_add(1, Ordering::Relaxed);
        if r.get("error").is_some() {
            ERRORS.fetch_add(1, Ordering::Relaxed);
        }
    }
    // Notifications are not kept: a long run would pile them up.
    s.queued.clear();
    if s.alive() {
        Ok(())
    } else {
        Err("the server ended without exit".into())
    }
}

#[test]
fn random_clients_never_hang_crash_or_deafen_the_server() {
    let ws = tempfile::tempdir().expect("tempdir");
    for d in DOCS {
        std::fs::write(ws.path().join(d), "Kista Science Park met Otaniemi.").expect("write");
    }
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let session = std::cell::RefCell::new(Some(runtime.block_on(Session::start(ws.path()))));
    let mut runner = TestRunner::new(Config { cases: CASES, failure_persistence: None, ..Config::default() });
    let result = runner.run(&proptest::collection::vec(piece(), 1..25), |pieces| {
        SEQUENCES.fetch_add(1, Ordering::Relaxed);
        let mut guard = session.borrow_mut();
        let s = guard.as_mut().ok_or_else(|| TestCaseError::fail("no session"))?;
        runtime.block_on(run(s, ws.path(), pieces)).map_err(TestCaseError::fail)
    });
    eprintln!(
        "protocol fuzz: {} sequences, {} messages ({} malformed, {} bytes of them), {} requests answered ({} with an error)",
        SEQUENCES.load(Ordering::Relaxed),
        MESSAGES.load(Ordering::Relaxed),
        MALFORMED.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
        REQUESTS.load(Ordering::Relaxed),
        ERRORS.load(Ordering::Relaxed),
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    let s = session.borrow_mut().take().expect("session");
    assert!(s.alive(), "the server ended without exit");
    let ending = runtime.block_on(async { tokio::time::timeout(BOUND, s.end(Ending::AfterShutdown)).await });
    assert_eq!(ending.ok(), Some(Ending::AfterShutdown), "shutdown + exit end the session");
}
