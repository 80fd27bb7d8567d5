//! An in-process client for the language server: `pactum_lsp::serve_on`
//! driven over in-memory pipes (`tokio::io::duplex`), as typos-lsp tests
//! its server. No process, no stdio: tests send frames (well-formed or
//! not) and assert whole responses.
//!
//! Requests from the server (`workspace/semanticTokens/refresh`, progress
//! creation, …) are answered with `null`; notifications are queued until a
//! test waits for them.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::path::Path;
use std::time::Duration;

use pactum_lsp::Ending;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::sync::oneshot;

/// How long any one message may take before the server counts as hung.
pub const WAIT: Duration = Duration::from_secs(30);

pub struct Session {
    to_server: DuplexStream,
    from_server: DuplexStream,
    /// Bytes read from the server not yet cut into messages.
    pending: Vec<u8>,
    /// How the server ended (dropped without a value if it panicked).
    ended: oneshot::Receiver<Ending>,
    server: std::thread::JoinHandle<()>,
    next_id: i64,
    pub queued: VecDeque<Value>,
    pub initialize_result: Value,
}

impl Session {
    /// A server with no workspace, not yet initialized.
    pub fn bare() -> Session {
        let (to_server, server_in) = tokio::io::duplex(1 << 20);
        let (server_out, from_server) = tokio::io::duplex(1 << 20);
        // The server runs on its own thread and runtime, with the stack a
        // real process's main thread has (8 MiB): the test thread's 2 MiB is
        // too small for the deepest request futures of a debug build, and a
        // stack overflow there would say nothing about the server.
        let (done, ended) = oneshot::channel();
        let server = std::thread::Builder::new()
            .name("pactum-lsp-under-test".into())
            .stack_size(8 << 20)
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a tokio runtime for the server under test");
                let ending = runtime.block_on(pactum_lsp::serve_on(server_in, server_out));
                let _ = done.send(ending);
            })
            .expect("a thread for the server under test");
        Session {
            to_server,
            from_server,
            pending: Vec::new(),
            ended,
            server,
            next_id: 1,
            queued: VecDeque::new(),
            initialize_result: Value::Null,
        }
    }

    /// A server initialized with `root` as its workspace folder.
    pub async fn start(root: &Path) -> Session {
        let mut s = Session::bare();
        let uri = file_uri(root);
        let result = s
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": uri,
                    "workspaceFolders": [{"uri": uri, "name": "ws"}],
                    "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": true}}}
                }),
            )
            .await;
        s.initialize_result = result["result"].clone();
        s.notify("initialized", json!({})).await;
        s
    }

    /// Sends bytes as they are (for malformed frames).
    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.to_server.write_all(bytes).await.expect("the server reads");
        self.to_server.flush().await.expect("the server reads");
    }

    pub async fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes()).await;
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Sends a request and returns the whole response message.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({"jsonrpc": "2.0", "id": id, "method": method});
        // tower-lsp refuses `"params": null` for methods without params.
        if !params.is_null() {
            msg["params"] = params;
        }
        self.send(&msg).await;
        self.response(&json!(id)).await
    }

    /// Waits for the response with `id` (notifications meanwhile are queued).
    pub async fn response(&mut self, id: &Value) -> Value {
        // Answers may come in any order: one may have been read already.
        if let Some(i) = self.queued.iter().position(|m| m.get("method").is_none() && &m["id"] == id) {
            return self.queued.remove(i).unwrap_or_default();
        }
        loop {
            let msg = self.recv().await;
            if msg.get("method").is_none() && &msg["id"] == id {
                return msg;
            }
            self.queued.push_back(msg);
        }
    }

    /// Waits for a notification `method` whose params satisfy `pred`.
    pub async fn notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.queued.iter().position(|m| m["method"] == method && pred(&m["params"])) {
            return self.queued.remove(i).map(|m| m["params"].clone()).unwrap_or_default();
        }
        loop {
            let msg = self.recv().await;
            if msg["method"] == method && pred(&msg["params"]) {
                return msg["params"].clone();
            }
            self.queued.push_back(msg);
        }
    }

    /// The next message from the server; panics after `WAIT` (a hang).
    pub async fn recv(&mut self) -> Value {
        match tokio::time::timeout(WAIT, self.read_message()).await {
            Ok(Some(msg)) => {
                if msg.get("method").is_some() && msg.get("id").is_some() {
                    let answer = json!({"jsonrpc": "2.0", "id": msg["id"], "result": null});
                    self.send(&answer).await;
                }
                msg
            }
            Ok(None) => panic!("the server closed its output"),
            Err(_) => panic!("the server sent nothing for {WAIT:?}"),
        }
    }

    async fn read_message(&mut self) -> Option<Value> {
        loop {
            if let Some(end) = find(&self.pending, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.pending[..end]).to_string();
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .and_then(|v| v.trim().parse().ok())
                    .expect("the server frames its messages");
                if self.pending.len() >= end + 4 + len {
                    let body: Vec<u8> = self.pending.drain(..end + 4 + len).skip(end + 4).collect();
                    return Some(serde_json::from_slice(&body).expect("the server sends JSON"));
                }
            }
            let mut chunk = [0; 1 << 16];
            let n = self.from_server.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            self.pending.extend_from_slice(&chunk[..n]);
        }
    }

    /// Sends `exit` (after `shutdown` when `shutdown` is true in the name of
    /// the test's intent) and returns how the session ended.
    pub async fn end(mut self, ending: Ending) -> Ending {
        if ending == Ending::AfterShutdown {
            let r = self.request("shutdown", Value::Null).await;
            assert_eq!(r, json!({"jsonrpc": "2.0", "id": r["id"], "result": null}));
        }
        self.notify("exit", Value::Null).await;
        match tokio::time::timeout(WAIT, self.ended).await {
            Ok(Ok(e)) => e,
            Ok(Err(_)) => panic!("the server panicked (its thread ended without an ending)"),
            Err(_) => panic!("the server did not end on exit"),
        }
    }

    /// Whether the server task is still running.
    pub fn alive(&self) -> bool {
        !self.server.is_finished()
    }

    /// `window/logMessage` and `window/showMessage` texts received so far.
    pub fn messages(&self) -> Vec<String> {
        self.queued
            .iter()
            .filter(|m| m["method"] == "window/logMessage" || m["method"] == "window/showMessage")
            .filter_map(|m| m["params"]["message"].as_str().map(str::to_string))
            .collect()
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Writes `name` with `text` into `dir`, opens it in the server; its URI
/// and first published diagnostics.
pub async fn open_file(s: &mut Session, dir: &Path, name: &str, text: &str) -> (String, Value) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    )
    .await;
    let diags = s.notification("textDocument/publishDiagnostics", |p| p["uri"] == uri).await;
    (uri, diags)
}

pub fn file_uri(path: &Path) -> String {
    tower_lsp::lsp_types::Url::from_file_path(path).expect("absolute path").to_string()
}

pub fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}})
}
