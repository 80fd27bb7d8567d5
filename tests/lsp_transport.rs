//! The binary's transport: after each undecodable frame of issue 15 (and a
//! few more), the server resynchronises on the next `Content-Length`, answers
//! what it can with the JSON-RPC error, then answers a valid request, and
//! `shutdown` + `exit` end the process with success. Without `shutdown`, or
//! when stdin ends, it exits with a failure and says why on stderr.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use std::io::Write;
use std::process::{Command, Stdio};

use lsp_client::*;
use serde_json::{json, Value};

/// A request the bad frames below wrap or imitate.
const REQ: &str = r#"{"jsonrpc":"2.0","id":900,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nowhere.txt"},"position":{"line":0,"character":0}}}"#;

fn framed(body: &[u8]) -> Vec<u8> {
    let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    f.extend_from_slice(body);
    f
}

fn with_header(header: &str, body: &[u8]) -> Vec<u8> {
    let mut f = header.as_bytes().to_vec();
    f.extend_from_slice(body);
    f
}

/// What the server answers to the bad frame itself.
enum Answer {
    /// Nothing: the frame was junk, skipped to the next header.
    Nothing,
    /// The JSON-RPC error `code` for `id`.
    Error(i64, Value),
    /// The request was fine after all (a lenient but unambiguous frame).
    Result,
}

/// Sends `bad`, checks the answer, then that a valid request is answered
/// and that the session ends cleanly.
fn case(bad: Vec<u8>, answer: Answer) {
    let ws = tempfile::tempdir().expect("tempdir");
    let mut client = LspClient::start(ws.path(), None);
    client.send_bytes(&bad);
    match &answer {
        Answer::Nothing => {}
        Answer::Error(code, id) => {
            let r = client.response(id);
            assert_eq!(r["error"]["code"], *code, "{r}");
            assert!(r["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{r}");
        }
        Answer::Result => {
            let r = client.response(&json!(900));
            assert_eq!(r, json!({"jsonrpc": "2.0", "id": 900, "result": null}));
        }
    }
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///elsewhere.txt"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover, Ok(Value::Null), "a valid request after the bad frame is answered");
    if matches!(answer, Answer::Nothing | Answer::Error(-32700 | -32600, _)) {
        // The transport's own problems are logged for the user to see.
        client.wait_for("window/logMessage", |p| {
            p["message"].as_str().is_some_and(|m| m.starts_with("pactum: ignored"))
        });
    }
    assert!(client.stop().success(), "shutdown + exit: success");
}

macro_rules! cases {
    ($($name:ident: $bad:expr => $answer:expr;)*) => {$(
        #[test]
        fn $name() {
            case($bad, $answer);
        }
    )*};
}

cases! {
    length_not_a_number: with_header("Content-Length: abc\r\n\r\n", REQ.as_bytes()) => Answer::Nothing;
    length_negative: with_header("Content-Length: -5\r\n\r\n", REQ.as_bytes()) => Answer::Nothing;
    length_missing: with_header("Content-Type: application/vscode-jsonrpc\r\n\r\n", REQ.as_bytes()) => Answer::Nothing;
    length_overflowing: with_header("Content-Length: 99999999999999999999999\r\n\r\n", REQ.as_bytes()) => Answer::Nothing;
    length_above_the_cap: with_header("Content-Length: 1099511627776\r\n\r\n", REQ.as_bytes()) => Answer::Nothing;
    // A second Content-Length starts the next message (the first block was abandoned).
    length_twice_different: with_header(&format!("Content-Length: 3\r\nContent-Length: {}\r\n\r\n", REQ.len()), REQ.as_bytes()) => Answer::Result;
    length_twice_equal: with_header(&format!("Content-Length: {0}\r\nContent-Length: {0}\r\n\r\n", REQ.len()), REQ.as_bytes()) => Answer::Result;
    header_without_body: with_header("Content-Length: 5\r\n\r\n", &framed(REQ.as_bytes())) => Answer::Result;
    body_truncated: with_header("Content-Length: 4000\r\n\r\n", &REQ.as_bytes()[..40]) => Answer::Nothing;
    body_overlong: with_header("Content-Length: 10\r\n\r\n", REQ.as_bytes()) => Answer::Error(-32700, Value::Null);
    binary_junk: vec![0, 0xff, 0xfe, 0x9f, 0x92, 0x96, b'\n', 0x1b, b'[', 0, 13, 10, 0x80] => Answer::Nothing;
    header_line_junk: with_header("Hello there\r\n\r\n", REQ.as_bytes()) => Answer::Nothing;
    no_blank_line_after_headers: with_header(&format!("Content-Length: {}\r\n", REQ.len()), REQ.as_bytes()) => Answer::Nothing;
    headers_longer_than_8k: "X".repeat(20_000).into_bytes() => Answer::Nothing;
    body_not_json: framed(b"{\"jsonrpc\": \"2.0\", \"id\": 900, oops") => Answer::Error(-32700, Value::Null);
    body_not_utf8: framed(b"{\"jsonrpc\":\"2.0\",\"id\":900,\"method\":\"\xff\xfe\"}") => Answer::Error(-32700, Value::Null);
    body_empty: framed(b"") => Answer::Error(-32700, Value::Null);
    body_a_json_string: framed(b"\"not a request\"") => Answer::Error(-32600, Value::Null);
    body_a_batch: framed(format!("[{REQ}]").as_bytes()) => Answer::Error(-32600, Value::Null);
    jsonrpc_version_wrong: framed(REQ.replace("\"2.0\"", "\"1.0\"").as_bytes()) => Answer::Error(-32600, json!(900));
    id_an_object: framed(REQ.replace("\"id\":900", "\"id\":{\"n\":900}").as_bytes()) => Answer::Error(-32600, Value::Null);
    id_a_fraction: framed(REQ.replace("\"id\":900", "\"id\":900.5").as_bytes()) => Answer::Error(-32600, Value::Null);
    id_beyond_64_bits: framed(REQ.replace("\"id\":900", "\"id\":18446744073709551616").as_bytes()) => Answer::Error(-32600, Value::Null);
    method_a_number: framed(REQ.replace("\"textDocument/hover\"", "7").as_bytes()) => Answer::Error(-32600, json!(900));
    method_missing: framed(br#"{"jsonrpc":"2.0","id":900}"#) => Answer::Error(-32600, json!(900));
    params_a_string: framed(br#"{"jsonrpc":"2.0","id":900,"method":"textDocument/hover","params":"here"}"#) => Answer::Error(-32600, json!(900));
    params_invalid_for_the_method: framed(br#"{"jsonrpc":"2.0","id":900,"method":"textDocument/hover","params":{"position":-1}}"#) => Answer::Error(-32602, json!(900));
    method_unknown: framed(br#"{"jsonrpc":"2.0","id":900,"method":"no/such","params":{}}"#) => Answer::Error(-32601, json!(900));
    three_headers_lowercase_and_bare_newlines: with_header(&format!("content-length: {}\nContent-Type: x\nX-Trace: 1\n\n", REQ.len()), REQ.as_bytes()) => Answer::Result;
    blank_lines_between_frames: with_header("\r\n\r\n\n", &framed(REQ.as_bytes())) => Answer::Result;
}

/// Starts the binary with stderr captured, sends `input`, closes stdin
/// (or not) and returns (exit code, stderr).
fn run_raw(input: &[u8]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["lsp", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pactum lsp");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("write");
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn exit_without_shutdown_fails_and_says_why() {
    let mut input = with_header("Content-Length: abc\r\n\r\n", b"junk");
    input.extend(framed(br#"{"jsonrpc":"2.0","method":"exit"}"#));
    let (code, stderr) = run_raw(&input);
    assert!(code.is_some_and(|c| c != 0), "{code:?} {stderr}");
    assert!(stderr.contains("without a shutdown request"), "{stderr}");
}

#[test]
fn stdin_ending_inside_a_frame_fails_and_says_why() {
    let mut input = framed(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    input.extend(b"Content-Length: 300\r\n\r\n{\"jsonrpc\"");
    let (code, stderr) = run_raw(&input);
    assert!(code.is_some_and(|c| c != 0), "{code:?} {stderr}");
    assert!(stderr.contains("without a shutdown request"), "{stderr}");
}
