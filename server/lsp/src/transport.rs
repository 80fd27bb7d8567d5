//! The wire between the client and tower-lsp. tower-lsp 0.20 stops reading
//! for good after one frame it cannot decode, and answers nothing useful to
//! a request it cannot decode; one bad message from a client must not make
//! the server deaf. So the client's bytes go through [`pump`]: it cuts them
//! into frames ([`crate::framing`], which resynchronises on the next
//! `Content-Length` after a bad frame), hands tower-lsp only messages it
//! can decode, answers the others itself with the JSON-RPC error
//! (−32700 parse error, −32600 invalid request), and turns each problem into
//! a `pactum/malformedMessage` notification that the server logs.
//! Everything written to the client goes through one writer ([`write_out`]),
//! so those answers and tower-lsp's never interleave inside a frame.
//!
//! URIs: tower-lsp parses them into `Url`, which normalises them
//! (`file:///ws/sub/../a.txt` becomes `file:///ws/a.txt`); a client matches
//! diagnostics by the string it opened. So the pump remembers each opened
//! URI that parsing changes ([`UriAliases`]) and the relay puts the client's
//! spelling back into the notifications about that document.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc::UnboundedSender;
use tower_lsp::jsonrpc;
use tower_lsp::lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams,
};

use crate::framing::{Frame, Framer};

/// The notification a malformed message becomes.
pub const MALFORMED: &str = "pactum/malformedMessage";
/// The notification a document notification with invalid params becomes
/// (`{"method", "uri", "message"}`), so that the server can say so and stop
/// trusting that document's text.
pub const INVALID_SYNC: &str = "pactum/invalidDocumentSync";

const CHUNK: usize = 64 * 1024;

/// The client's spelling of each opened URI that `Url` parsing changes,
/// by the parsed form.
#[derive(Clone, Default)]
pub struct UriAliases(Arc<Mutex<HashMap<String, String>>>);

impl UriAliases {
    /// `body` with the client's spelling of `params.uri`, when it differs.
    fn restore(&self, body: Vec<u8>) -> Vec<u8> {
        if self.lock().is_empty() {
            return body;
        }
        let Ok(mut v) = serde_json::from_slice::<Value>(&body) else { return body };
        let Some(ours) = v.get("params").and_then(|p| p.get("uri")).and_then(Value::as_str) else {
            return body;
        };
        let Some(theirs) = self.lock().get(ours).cloned() else { return body };
        v["params"]["uri"] = Value::String(theirs);
        v.to_string().into_bytes()
    }

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What to do with one well-framed body.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// tower-lsp can decode it. `alias`: a `didOpen` URI that `Url`
    /// parsing changes, as (parsed, the client's).
    Forward { alias: Option<(String, String)> },
    /// Not for tower-lsp: log `why`, and answer with `reply` when the
    /// message was a request (or could not be told from one).
    Refuse { reply: Option<Value>, why: String },
    /// A document notification tower-lsp would drop without a word.
    InvalidSync(Value),
}

/// Reads the client's bytes until they end; clean messages go to
/// `to_server`, answers to bad ones to `out`.
pub async fn pump(
    mut input: impl AsyncRead + Unpin,
    mut to_server: DuplexStream,
    out: UnboundedSender<Vec<u8>>,
    aliases: UriAliases,
) -> std::io::Result<()> {
    let mut framer = Framer::default();
    let mut chunk = vec![0; CHUNK];
    loop {
        let n = input.read(&mut chunk).await?;
        if n == 0 {
            if let Some(Frame::Skipped { why }) = framer.finish() {
                write_frame(&mut to_server, &notice(&why)).await?;
            }
            return Ok(());
        }
        framer.push(&chunk[..n]);
        while let Some(frame) = framer.next_frame() {
            match frame {
                Frame::Body(body) => match classify(&body) {
                    Verdict::Forward { alias } => {
                        if let Some((parsed, theirs)) = alias {
                            aliases.lock().insert(parsed, theirs);
                        }
                        write_frame(&mut to_server, &body).await?
                    }
                    Verdict::Refuse { reply, why } => {
                        if let Some(reply) = reply {
                            let _ = out.send(framed(reply.to_string().as_bytes()));
                        }
                        write_frame(&mut to_server, &notice(&why)).await?;
                    }
                    Verdict::InvalidSync(params) => {
                        let msg = json!({"jsonrpc": "2.0", "method": INVALID_SYNC, "params": params});
                        write_frame(&mut to_server, msg.to_string().as_bytes()).await?;
                    }
                },
                Frame::Skipped { why } => write_frame(&mut to_server, &notice(&why)).await?,
            }
        }
    }
}

/// Copies tower-lsp's output, frame by frame, to `out`.
pub async fn relay(
    mut from_server: impl AsyncRead + Unpin,
    out: UnboundedSender<Vec<u8>>,
    aliases: UriAliases,
) -> std::io::Result<()> {
    let mut framer = Framer::default();
    let mut chunk = vec![0; CHUNK];
    loop {
        let n = from_server.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        framer.push(&chunk[..n]);
        while let Some(frame) = framer.next_frame() {
            if let Frame::Body(body) = frame {
                if out.send(framed(&aliases.restore(body))).is_err() {
                    return Ok(());
                }
            }
        }
    }
}

/// Writes whole frames to the client until every sender is gone.
pub async fn write_out(
    mut frames: tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) -> std::io::Result<()> {
    while let Some(frame) = frames.recv().await {
        output.write_all(&frame).await?;
        output.flush().await?;
    }
    Ok(())
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    f.extend_from_slice(body);
    f
}

async fn write_frame(to: &mut DuplexStream, body: &[u8]) -> std::io::Result<()> {
    to.write_all(&framed(body)).await?;
    to.flush().await
}

fn notice(what: &str) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "method": MALFORMED, "params": {"message": format!("pactum: ignored {what}")}})
        .to_string()
        .into_bytes()
}

fn error_reply(id: &Value, code: i64, message: String) -> Option<Value> {
    Some(json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}))
}

fn valid_id(id: &Value) -> bool {
    match id {
        Value::Null | Value::String(_) => true,
        Value::Number(n) => n.is_i64(),
        _ => false,
    }
}

/// Decides what one body is: a message tower-lsp can decode, or what to
/// answer instead. Stricter than tower-lsp, so that whatever is forwarded
/// decodes (tower-lsp's reader would stop on the first that does not).
fn classify(body: &[u8]) -> Verdict {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            let why = format!("a message of {} bytes that is not JSON-RPC: not JSON ({e})", body.len());
            return Verdict::Refuse {
                reply: error_reply(&Value::Null, -32700, format!("Parse error: {e}")),
                why,
            };
        }
    };
    let invalid = |id: &Value, what: &str| Verdict::Refuse {
        reply: error_reply(id, -32600, format!("Invalid request: {what}")),
        why: format!("a message that is not JSON-RPC: {what}"),
    };
    let m = match &value {
        Value::Object(m) => m,
        Value::Array(_) => {
            return invalid(&Value::Null, "a batch (an array); LSP sends one message at a time")
        }
        other => return invalid(&Value::Null, &format!("{}, not an object", kind(other))),
    };
    let id = m.get("id");
    let reply_id = id.filter(|i| valid_id(i)).cloned().unwrap_or(Value::Null);
    if m.get("jsonrpc") != Some(&Value::String("2.0".into())) {
        return invalid(&reply_id, "`jsonrpc` must be \"2.0\"");
    }
    if id.is_some_and(|i| !valid_id(i)) {
        return invalid(&Value::Null, "`id` must be a string, an integer or null");
    }
    let Some(method) = m.get("method") else {
        let is_response = id.is_some() && (m.contains_key("result") != m.contains_key("error"));
        if is_response && jsonrpc::Response::deserialize(&value).is_ok() {
            return Verdict::Forward { alias: None };
        }
        if is_response || m.contains_key("result") || m.contains_key("error") {
            // Never answer a response, even a broken one: that could loop.
            return Verdict::Refuse { reply: None, why: "a malformed response from the client".into() };
        }
        return invalid(&reply_id, "no `method`");
    };
    let Some(method) = method.as_str() else {
        return invalid(&reply_id, "`method` must be a string");
    };
    if !matches!(m.get("params"), None | Some(Value::Object(_)) | Some(Value::Array(_)) | Some(Value::Null)) {
        return invalid(&reply_id, "`params` must be an object or an array");
    }
    if jsonrpc::Request::deserialize(&value).is_err() {
        return invalid(&reply_id, "not a request tower-lsp can read");
    }
    if id.is_none() {
        if let Some(problem) = sync_problem(method, m.get("params")) {
            let uri = m
                .get("params")
                .and_then(|p| p.get("textDocument"))
                .and_then(|d| d.get("uri"))
                .cloned()
                .unwrap_or(Value::Null);
            return Verdict::InvalidSync(json!({"method": method, "uri": uri, "message": problem}));
        }
    }
    Verdict::Forward { alias: alias_of(method, m.get("params")) }
}

/// For a `didOpen` whose URI `Url` parsing changes: (parsed, the client's).
fn alias_of(method: &str, params: Option<&Value>) -> Option<(String, String)> {
    if method != "textDocument/didOpen" {
        return None;
    }
    let theirs = params?.get("textDocument")?.get("uri")?.as_str()?;
    let parsed = tower_lsp::lsp_types::Url::parse(theirs).ok()?;
    (parsed.as_str() != theirs).then(|| (parsed.to_string(), theirs.to_string()))
}

/// Why the params of a document notification cannot be read, if they cannot.
fn sync_problem(method: &str, params: Option<&Value>) -> Option<String> {
    // Read in place (`&Value` is a deserializer): a didOpen may carry 100 MB.
    let params = params.unwrap_or(&Value::Null);
    let result = match method {
        "textDocument/didOpen" => DidOpenTextDocumentParams::deserialize(params).map(|_| ()),
        "textDocument/didChange" => DidChangeTextDocumentParams::deserialize(params).map(|_| ()),
        "textDocument/didSave" => DidSaveTextDocumentParams::deserialize(params).map(|_| ()),
        "textDocument/didClose" => DidCloseTextDocumentParams::deserialize(params).map(|_| ()),
        _ => Ok(()),
    };
    result.err().map(|e| e.to_string())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a JSON string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(v: Verdict) -> Option<(i64, Value)> {
        match v {
            Verdict::Refuse { reply: Some(r), .. } => Some((r["error"]["code"].as_i64()?, r["id"].clone())),
            _ => None,
        }
    }

    #[test]
    fn forwards_what_tower_lsp_can_decode() {
        for ok in [
            &br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#[..],
            br#"{"jsonrpc":"2.0","method":"exit"}"#,
            br#"{"jsonrpc":"2.0","id":"a","method":"shutdown","params":null}"#,
            br#"{"jsonrpc":"2.0","id":3,"result":null}"#,
            br#"{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"no"}}"#,
        ] {
            assert_eq!(classify(ok), Verdict::Forward { alias: None }, "{}", String::from_utf8_lossy(ok));
        }
    }

    #[test]
    fn answers_what_it_cannot_decode_with_the_json_rpc_error() {
        assert_eq!(code(classify(b"{oops")), Some((-32700, Value::Null)));
        assert_eq!(code(classify(b"\"\xff\xfe\"")), Some((-32700, Value::Null)));
        assert_eq!(code(classify(b"")), Some((-32700, Value::Null)));
        assert_eq!(code(classify(br#""not a request""#)), Some((-32600, Value::Null)));
        assert_eq!(code(classify(br#"[{"jsonrpc":"2.0","method":"exit"}]"#)), Some((-32600, Value::Null)));
        assert_eq!(code(classify(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#)), Some((-32600, json!(7))));
        assert_eq!(code(classify(br#"{"jsonrpc":"2.0","id":7,"method":5}"#)), Some((-32600, json!(7))));
        assert_eq!(
            code(classify(br#"{"jsonrpc":"2.0","id":7,"method":"x","params":3}"#)),
            Some((-32600, json!(7)))
        );
        for id in ["1.5", "{}", "[1]", "true", "18446744073709551615"] {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown"}}"#);
            assert_eq!(code(classify(body.as_bytes())), Some((-32600, Value::Null)), "{id}");
        }
        assert_eq!(code(classify(br#"{"jsonrpc":"2.0","id":4}"#)), Some((-32600, json!(4))));
        // A broken response is logged, never answered.
        assert!(matches!(
            classify(br#"{"jsonrpc":"2.0","id":4,"result":1,"error":{"code":1,"message":"x"}}"#),
            Verdict::Refuse { reply: None, .. }
        ));
    }

    #[test]
    fn a_document_notification_that_cannot_be_read_is_flagged() {
        let body = br#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.txt","version":4294967296},"contentChanges":[]}}"#;
        let Verdict::InvalidSync(p) = classify(body) else { panic!("not flagged") };
        assert_eq!(p["uri"], "file:///a.txt");
        assert!(p["message"].as_str().unwrap().contains("4294967296"), "{p}");
    }

    #[tokio::test]
    async fn reframes_and_replaces_bad_messages() {
        let input: &[u8] = b"Content-Length: 5\r\nContent-Type: nonsense\r\n\r\n{oops\
Content-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}";
        let (ours, mut theirs) = tokio::io::duplex(1 << 16);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        pump(input, ours, tx, UriAliases::default()).await.unwrap();
        let mut all = String::new();
        theirs.read_to_string(&mut all).await.unwrap();
        assert!(all.contains(MALFORMED), "{all}");
        assert!(all.ends_with("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"), "{all}");
        assert!(!all.contains("nonsense"));
        let reply = String::from_utf8(rx.recv().await.unwrap()).unwrap();
        assert!(reply.contains("-32700"), "{reply}");
    }
}
