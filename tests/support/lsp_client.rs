//! A small JSON-RPC client that starts the real `pactum lsp` binary and
//! speaks LSP over its stdio. Shared by the `lsp_*` tests and the latency
//! benchmark (included with `#[path]`).
//!
//! Requests from the server (e.g. `workspace/semanticTokens/refresh`) are
//! answered with `null` by the reader thread; notifications are queued until
//! a test waits for them.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long to wait for any one message before declaring the server hung.
/// A guard against hanging tests, not a performance assertion.
pub const WAIT: Duration = Duration::from_secs(60);

pub struct LspClient {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    queued: VecDeque<Value>,
    pub initialize_result: Value,
}

fn write_message(stdin: &Mutex<ChildStdin>, msg: &Value) {
    let body = serde_json::to_vec(msg).expect("serialisable");
    let mut w = stdin.lock().unwrap_or_else(|e| e.into_inner());
    let _ = write!(w, "Content-Length: {}\r\n\r\n", body.len());
    let _ = w.write_all(&body);
    let _ = w.flush();
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    std::io::Read::read_exact(r, &mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

pub fn file_uri(path: &Path) -> String {
    tower_lsp::lsp_types::Url::from_file_path(path).expect("absolute path").to_string()
}

impl LspClient {
    /// Starts `pactum lsp --stdio` with `root` as workspace folder and
    /// initializes it, offering `encodings` (none: the client names none).
    pub fn start(root: &Path, encodings: Option<&[&str]>) -> LspClient {
        Self::start_with(root, encodings, None)
    }

    /// `start`, sending `initialization_options` (what an editor says about
    /// itself and its settings).
    pub fn start_with(
        root: &Path,
        encodings: Option<&[&str]>,
        initialization_options: Option<Value>,
    ) -> LspClient {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args(["lsp", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start pactum lsp");
        let stdin = Arc::new(Mutex::new(child.stdin.take().expect("stdin")));
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        let answer = stdin.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut r) {
                if msg.get("method").is_some() && msg.get("id").is_some() {
                    // A request from the server: answer it, and let tests see it too.
                    write_message(&answer, &json!({"jsonrpc": "2.0", "id": msg["id"], "result": null}));
                }
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let mut client = LspClient {
            child,
            stdin,
            rx,
            next_id: 1,
            queued: VecDeque::new(),
            initialize_result: Value::Null,
        };
        let mut general = json!({});
        if let Some(encs) = encodings {
            general = json!({ "positionEncodings": encs });
        }
        let root_uri = file_uri(root);
        let result = client
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root_uri,
                    "workspaceFolders": [{"uri": root_uri, "name": "ws"}],
                    "capabilities": {
                        "general": general,
                        "window": {"workDoneProgress": true},
                        "workspace": {
                            "semanticTokens": {"refreshSupport": true},
                            "didChangeWatchedFiles": {"dynamicRegistration": true}
                        },
                        "textDocument": {"publishDiagnostics": {"versionSupport": true}}
                    },
                    "initializationOptions": initialization_options
                }),
            )
            .expect("initialize succeeds");
        client.notify("initialized", json!({}));
        client.initialize_result = result;
        client
    }

    pub fn encoding(&self) -> String {
        self.initialize_result["capabilities"]["positionEncoding"].as_str().unwrap_or("utf-16").to_string()
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        write_message(&self.stdin, &json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a raw message (for malformed-input tests).
    pub fn send_raw(&mut self, msg: &Value) {
        write_message(&self.stdin, msg);
    }

    /// Sends bytes as they are (for malformed frames).
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let mut w = self.stdin.lock().unwrap_or_else(|e| e.into_inner());
        let _ = w.write_all(bytes);
        let _ = w.flush();
    }

    /// Waits for the whole response with `id` (a number, a string or null).
    pub fn response(&mut self, id: &Value) -> Value {
        if let Some(i) = self.queued.iter().position(|m| m.get("method").is_none() && &m["id"] == id) {
            return self.queued.remove(i).unwrap_or_default();
        }
        loop {
            let msg = self.recv();
            if msg.get("method").is_none() && &msg["id"] == id {
                return msg;
            }
            self.queued.push_back(msg);
        }
    }

    fn recv(&mut self) -> Value {
        match self.rx.recv_timeout(WAIT) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("the server sent nothing for {WAIT:?}"),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the server closed its output (crashed?)")
            }
        }
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        write_message(&self.stdin, &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.recv();
            if msg.get("method").is_none() && msg["id"] == json!(id) {
                if let Some(err) = msg.get("error") {
                    return Err(err.clone());
                }
                return Ok(msg.get("result").cloned().unwrap_or(Value::Null));
            }
            self.queued.push_back(msg);
        }
    }

    /// Waits for a notification `method` satisfying `pred` (queued ones first).
    pub fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.queued.iter().position(|m| m["method"] == method && pred(&m["params"])) {
            return self.queued.remove(i).map(|m| m["params"].clone()).unwrap_or(Value::Null);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            assert!(Instant::now() < deadline, "no {method} notification matched within {WAIT:?}");
            let msg = self.recv();
            if msg["method"] == method && pred(&msg["params"]) {
                return msg["params"].clone();
            }
            self.queued.push_back(msg);
        }
    }

    /// Waits for the diagnostics of `uri` (of `version`, when given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let params = self.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && version.is_none_or(|v| p["version"] == json!(v))
        });
        params["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Drops queued notifications (e.g. older diagnostics).
    pub fn clear_queue(&mut self) {
        while let Ok(m) = self.rx.try_recv() {
            self.queued.push_back(m);
        }
        self.queued.clear();
    }

    /// Params of the queued notifications `method` received so far (kept queued).
    pub fn messages_of(&mut self, method: &str) -> Vec<Value> {
        while let Ok(m) = self.rx.try_recv() {
            self.queued.push_back(m);
        }
        self.queued.iter().filter(|m| m["method"] == method).map(|m| m["params"].clone()).collect()
    }

    /// Messages of queued `window/showMessage` and `window/logMessage` so far.
    pub fn messages(&mut self) -> Vec<String> {
        while let Ok(m) = self.rx.try_recv() {
            self.queued.push_back(m);
        }
        self.queued
            .iter()
            .filter(|m| m["method"] == "window/showMessage" || m["method"] == "window/logMessage")
            .filter_map(|m| m["params"]["message"].as_str().map(str::to_string))
            .collect()
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}),
        );
    }

    /// One ranged change (`(line, col)` pairs in the negotiated encoding).
    pub fn change(&mut self, uri: &str, version: i64, start: (u32, u32), end: (u32, u32), text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": range(start, end), "text": text}]
            }),
        );
    }

    pub fn close(&mut self, uri: &str) {
        self.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    }

    pub fn save(&mut self, uri: &str) {
        self.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}}));
    }

    pub fn execute(&mut self, command: &str, args: Value) -> Result<Value, Value> {
        self.request("workspace/executeCommand", json!({"command": command, "arguments": [args]}))
    }

    pub fn code_actions(&mut self, uri: &str, start: (u32, u32), end: (u32, u32)) -> Vec<Value> {
        self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range(start, end), "context": {"diagnostics": []}}),
        )
        .expect("codeAction succeeds")
        .as_array()
        .cloned()
        .unwrap_or_default()
    }

    /// shutdown + exit, then waits for the process to end.
    pub fn stop(mut self) -> std::process::ExitStatus {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}})
}

/// Length of `s` in an LSP encoding (`utf-8`, `utf-16`, `utf-32`) — computed
/// independently of the server, as the tests' oracle.
pub fn units(s: &str, encoding: &str) -> usize {
    match encoding {
        "utf-8" => s.len(),
        "utf-32" => s.chars().count(),
        _ => s.encode_utf16().count(),
    }
}

/// LSP `(line, character)` of byte offset `b` in `text`.
pub fn position_of(text: &str, b: usize, encoding: &str) -> (u32, u32) {
    let before = &text[..b];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count();
    (line as u32, units(&before[line_start..], encoding) as u32)
}

/// Byte offset of LSP position `p` in `text` (lines split at `\n` only).
pub fn offset_of(text: &str, p: &Value, encoding: &str) -> usize {
    let line = p["line"].as_u64().expect("line") as usize;
    let col = p["character"].as_u64().expect("character") as usize;
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').expect("line exists") + 1;
    }
    let mut units_seen = 0;
    for (i, c) in text[start..].char_indices() {
        if units_seen >= col {
            return start + i;
        }
        units_seen += units(&c.to_string(), encoding);
    }
    text.len()
}

/// The text a range covers.
pub fn covered<'a>(text: &'a str, range: &Value, encoding: &str) -> &'a str {
    &text[offset_of(text, &range["start"], encoding)..offset_of(text, &range["end"], encoding)]
}

/// The quoted part of a diagnostic message: `ORG? “Ascendas”` → `Ascendas`.
pub fn quoted(message: &str) -> &str {
    let start = message.find('“').map_or(0, |i| i + '“'.len_utf8());
    let end = message.rfind('”').unwrap_or(message.len());
    &message[start..end]
}

/// The seed corpus bundled with the repo.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// A temporary workspace with copies of the given corpus files.
pub fn workspace_with(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in files {
        std::fs::copy(corpus_dir().join(f), dir.path().join(f)).expect("copy corpus file");
    }
    dir
}
