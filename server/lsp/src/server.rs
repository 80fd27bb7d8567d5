//! The tower-lsp `LanguageServer`: thin glue from LSP messages to the
//! state's operations and the feature modules.
//!
//! Every handler does its state work synchronously, under one lock, before
//! its first `.await`: tower-lsp polls handlers in arrival order, so edits
//! are applied in order and diagnostics are published in version order.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;
use tower_lsp::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

use super::config::{Config, ConfigProblem, CONFIG_FILE};
use super::index::{self, ScanProgress};
use super::position::Encoding;
use super::progress::Progress;
use super::settings::EditorSettings;
use super::state::{is_served, Notes, State};
use super::team::{self, DocumentStatusNotification};
use super::{actions, commands, compare, definition, diagnostics, hover, learning, semantic_tokens};

/// What the client can do, from `initialize`.
#[derive(Debug, Default, Clone, Copy)]
struct ClientSupport {
    /// `window.workDoneProgress`: it shows `$/progress`.
    progress: bool,
    /// `workspace.didChangeWatchedFiles.dynamicRegistration`.
    watch_files: bool,
}

pub struct Backend {
    client: Client,
    /// Shared with the background learner (`learning`), which swaps its
    /// learner in and re-publishes the open documents.
    state: Arc<Mutex<State>>,
    /// Reported once the client is initialized (showMessage is not allowed before).
    config_problem: Mutex<Option<ConfigProblem>>,
    /// Whether the client lets us ask it to re-request semantic tokens.
    tokens_refresh: Mutex<bool>,
    support: Mutex<ClientSupport>,
    /// A configuration still being read when `initialize` answered.
    late_config: Mutex<Option<std::sync::mpsc::Receiver<Config>>>,
    /// The problem message of the configuration last applied (none: fine),
    /// so that reading an unchanged `pactum.toml` again changes nothing.
    config_said: Mutex<Option<String>>,
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend {
            client,
            state: Arc::new(Mutex::new(State::new(
                pactum_schema::Schema::parks_v1(),
                Encoding::default(),
                None,
            ))),
            config_problem: Mutex::new(None),
            tokens_refresh: Mutex::new(false),
            support: Mutex::new(ClientSupport::default()),
            late_config: Mutex::new(None),
            config_said: Mutex::new(None),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock means an earlier handler panicked; the state is
        // still the best we have, and serving on beats dying.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the state; a panic (a bug, never expected) becomes `None`
    /// instead of taking the server down.
    fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> Option<R> {
        let mut guard = self.lock();
        catch_unwind(AssertUnwindSafe(|| f(&mut guard))).ok()
    }

    async fn tell(&self, notes: Notes) {
        for (typ, msg) in notes.show {
            self.client.show_message(typ, msg).await;
        }
        for msg in notes.log {
            self.client.log_message(MessageType::INFO, msg).await;
        }
    }

    /// Diagnostics of open documents, computed under the lock.
    pub(crate) fn diagnostics_of(state: &State, uris: &[Url]) -> Vec<(Url, Vec<Diagnostic>, i32)> {
        uris.iter()
            .filter_map(|u| {
                let open = state.docs.get(u)?;
                Some((u.clone(), diagnostics::for_document(open, state.encoding), open.doc.version))
            })
            .collect()
    }

    async fn publish(&self, batches: Vec<(Url, Vec<Diagnostic>, i32)>) {
        for (uri, diags, version) in batches {
            self.client.publish_diagnostics(uri, diags, Some(version)).await;
        }
    }

    /// A message the transport could not pass on (see `transport`).
    pub async fn malformed_message(&self, params: Value) {
        let msg =
            params.get("message").and_then(Value::as_str).unwrap_or("pactum: ignored a malformed message");
        self.client.log_message(MessageType::WARNING, msg).await;
    }

    /// A document notification whose params could not be read (see
    /// `transport`): for a change, the document is out of sync from now on.
    pub async fn invalid_sync(&self, params: Value) {
        let method = params.get("method").and_then(Value::as_str).unwrap_or("a document notification");
        let why = params.get("message").and_then(Value::as_str).unwrap_or("invalid params");
        let uri = params.get("uri").and_then(Value::as_str).and_then(|u| Url::parse(u).ok());
        let what = format!("an invalid {method} ({why})");
        let change = method == "textDocument/didChange";
        let notes = uri.filter(|_| change).and_then(|uri| {
            self.with_state(|s| {
                let open = s.docs.get_mut(&uri)?;
                let mut notes = Notes::default();
                open.diverge(&what, &mut notes);
                Some((notes, Self::diagnostics_of(s, &[uri])))
            })
            .flatten()
        });
        match notes {
            Some((notes, batches)) => {
                self.publish(batches).await;
                self.tell(notes).await;
            }
            _ => {
                let msg = format!("pactum: ignored {what}");
                self.client.log_message(MessageType::WARNING, &msg).await;
                self.client.show_message(MessageType::WARNING, msg).await;
            }
        }
    }

    /// Builds the workspace index in the background, reporting `$/progress`.
    /// The scan reads files on a blocking thread without the state lock;
    /// the server answers meanwhile.
    fn start_indexing(&self, support: ClientSupport) {
        let (root, shared) = {
            let state = self.lock();
            (state.root.clone(), state.index.clone())
        };
        let Some(root) = root else { return };
        let client = self.client.clone();
        let failed = shared.clone();
        tokio::spawn(async move {
            let progress =
                Progress::begin(&client, support.progress, "pactum/index", "Pactum: indexing annotations")
                    .await;
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
            let scan = tokio::task::spawn_blocking(move || {
                index::scan(&root, &shared, |p| {
                    let _ = tx.send(p);
                })
            });
            let mut files = 0;
            while let Some(p) = rx.recv().await {
                match p {
                    ScanProgress::Walking { found } => {
                        progress.report(format!("{found} annotation files found"), None).await
                    }
                    ScanProgress::Reading { read, total } => {
                        let pct = (read * 100).checked_div(total).unwrap_or(100) as u32;
                        progress.report(format!("{read}/{total} files"), Some(pct)).await
                    }
                    ScanProgress::Done { files: n } => files = n,
                }
            }
            if scan.await.is_err() {
                index::lock(&failed).scan_failed();
                client.log_message(MessageType::ERROR, "pactum: indexing the workspace failed").await;
            }
            progress.end(format!("{files} annotated files")).await;
        });
    }

    /// Asks the client to tell us when annotation files (and `pactum.toml`)
    /// change on disk.
    fn watch_annotation_files(&self) {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![
                FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.ann.json".to_string()),
                    kind: None,
                },
                // Created, changed or deleted after start-up: read again.
                FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{CONFIG_FILE}")),
                    kind: None,
                },
            ],
        };
        let registration = Registration {
            id: "pactum/annotation-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        let client = self.client.clone();
        // Not awaited in the handler: the client answers after `initialized`.
        tokio::spawn(async move {
            if let Err(e) = client.register_capability(vec![registration]).await {
                client
                    .log_message(MessageType::WARNING, format!("pactum: cannot watch annotation files: {e}"))
                    .await;
            }
        });
    }

    async fn report_config_problem(&self, problem: Option<ConfigProblem>) {
        if let Some(problem) = problem {
            self.client.show_message(MessageType::ERROR, format!("pactum: {}", problem.message)).await;
            let enc = self.lock().encoding;
            if let Some((uri, d)) = diagnostics::for_config(&problem, enc) {
                self.client.publish_diagnostics(uri, vec![d], None).await;
            }
        }
    }

    /// The configuration that took longer than `initialize` could wait:
    /// applied when it comes (the documents opened meanwhile are analysed
    /// again); requests are answered with the defaults until then.
    async fn apply_late_config(&self, rx: std::sync::mpsc::Receiver<Config>) {
        self.client
            .log_message(
                MessageType::WARNING,
                "pactum: pactum.toml is slow to read; using the defaults until it is read",
            )
            .await;
        let Ok(Ok(config)) = tokio::task::spawn_blocking(move || rx.recv()).await else { return };
        self.apply_config(config, Apply::Always).await;
    }

    /// Applies a configuration read after `initialize` (late, or reloaded):
    /// schema, rules, annotator, severity; every open document is analysed
    /// again. A `compare_with` the file does not name leaves the one a
    /// command chose. Highlighting keeps the labels announced at start. A
    /// reloaded configuration equal to the one applied changes nothing (no
    /// re-analysis, no diagnostics published again).
    async fn apply_config(&self, config: Config, when: Apply) {
        let root = self.lock().root.clone();
        let annotator =
            pactum_store::annotator::resolve(config.annotator.as_deref(), root.as_deref()).map(|a| a.name);
        let said = config.problem.as_ref().map(|p| p.message.clone());
        if when == Apply::IfChanged {
            let unchanged = {
                let state = self.lock();
                state.schema == config.schema
                    && *state.engine.options() == config.options
                    && state.config_severity == config.suggestion_severity
                    && state.learning.switch == config.learn
                    && state.annotator == annotator
                    && config
                        .compare_with
                        .as_ref()
                        .is_none_or(|c| state.compare.as_ref().is_some_and(|s| &s.root == c))
            } && *self.config_said.lock().unwrap_or_else(|e| e.into_inner()) == said;
            if unchanged {
                self.client.log_message(MessageType::INFO, "pactum: pactum.toml read again: unchanged").await;
                return;
            }
        }
        *self.config_said.lock().unwrap_or_else(|e| e.into_inner()) = said;
        let out = self.with_state(|state| {
            state.schema = config.schema;
            state.engine = std::sync::Arc::new((*state.engine).clone().with_options(config.options));
            state.annotator = annotator;
            if let Some(root) = config.compare_with {
                state.compare = Some(compare::CompareWith { root });
            }
            state.config_severity = config.suggestion_severity;
            state.apply_suggestion_severity();
            // The learner learns with the schema's labels and the engine's
            // rules it started with: another schema or rules restart it
            // (from every annotation file); `learn = false` stops it.
            state.learning.switch = config.learn;
            if config.learn == learning::Switch::Off
                || state.learning.is_stale(&learning::labels_of(&state.schema), state.engine.options())
            {
                state.learning.stop();
            }
            let start_learning = config.learn == learning::Switch::On && !state.learning.is_running();
            let (uris, notes) = state.reanalyse_all();
            (Self::diagnostics_of(state, &uris), notes, start_learning)
        });
        if let Some((batches, notes, start_learning)) = out {
            self.publish(batches).await;
            self.tell(notes).await;
            if start_learning {
                self.start_learning();
            }
        }
        self.client
            .log_message(
                MessageType::INFO,
                "pactum: pactum.toml read and applied (highlighting keeps the labels announced at start)",
            )
            .await;
        // A problem the file had before and has no more: its diagnostic goes.
        if config.problem.is_none() {
            if let Some(uri) = root.and_then(|r| Url::from_file_path(r.join(CONFIG_FILE)).ok()) {
                self.client.publish_diagnostics(uri, Vec::new(), None).await;
            }
        }
        self.report_config_problem(config.problem).await;
    }

    /// Reads `pactum.toml` again with the editor's current trusted paths
    /// (off the message loop, as at start) and applies it.
    async fn reload_config(&self) {
        let (root, trusted) = {
            let state = self.lock();
            (state.root.clone(), state.settings.trusted_paths.clone())
        };
        if root.is_none() {
            return;
        }
        match read_config(root, trusted).await {
            ConfigRead::Ready(config) => self.apply_config(config, Apply::IfChanged).await,
            ConfigRead::Late(rx) => self.apply_late_config(rx).await,
        }
    }

    /// Starts the workspace learner (see `learning::start`).
    fn start_learning(&self) {
        let support = *self.support.lock().unwrap_or_else(|e| e.into_inner());
        let refresh = *self.tokens_refresh.lock().unwrap_or_else(|e| e.into_inner());
        learning::start(&self.state, self.client.clone(), support.progress, refresh);
    }

    fn refresh_tokens(&self) {
        if *self.tokens_refresh.lock().unwrap_or_else(|e| e.into_inner()) {
            let client = self.client.clone();
            // Not awaited here: the client answers this request after it has
            // received our reply to the command it is waiting for.
            tokio::spawn(async move {
                let _ = client.semantic_tokens_refresh().await;
            });
        }
    }
}

fn internal_error() -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: "pactum: internal error (see the server log)".into(),
        data: None,
    }
}

fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    #[allow(deprecated)] // root_uri is what most clients still send
    let from_root = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok());
    from_root.or_else(|| params.workspace_folders.as_ref()?.iter().find_map(|f| f.uri.to_file_path().ok()))
}

/// Whether a configuration read again is applied when nothing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Apply {
    Always,
    IfChanged,
}

/// How long `initialize` waits for `pactum.toml` and its schema before it
/// answers with the defaults (and applies the configuration when it comes).
const CONFIG_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// `pactum.toml` and its schema, read off the message loop.
enum ConfigRead {
    Ready(Config),
    /// Still reading after [`CONFIG_WAIT`] (a slow disk, a network mount).
    Late(std::sync::mpsc::Receiver<Config>),
}

/// Reads the configuration on a thread of its own (a read that never ends
/// costs that thread, never the server) and waits for it on a blocking
/// thread, at most [`CONFIG_WAIT`].
async fn read_config(root: Option<PathBuf>, trusted: Vec<PathBuf>) -> ConfigRead {
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new().name("pactum-config".into()).spawn(move || {
        let _ = tx.send(Config::load(root.as_deref(), &trusted));
    });
    if spawned.is_err() {
        return ConfigRead::Ready(Config::load(None, &[]));
    }
    let waited = tokio::task::spawn_blocking(move || match rx.recv_timeout(CONFIG_WAIT) {
        Ok(config) => ConfigRead::Ready(config),
        Err(_) => ConfigRead::Late(rx),
    })
    .await;
    waited.unwrap_or_else(|_| ConfigRead::Ready(Config::load(None, &[])))
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = Encoding::negotiate(
            params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()),
        );
        let refresh = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.semantic_tokens.as_ref())
            .and_then(|s| s.refresh_support)
            .unwrap_or(false);
        *self.tokens_refresh.lock().unwrap_or_else(|e| e.into_inner()) = refresh;
        let caps = &params.capabilities;
        *self.support.lock().unwrap_or_else(|e| e.into_inner()) = ClientSupport {
            progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
            watch_files: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
        };
        let root = workspace_root(&params);
        // The editor's settings first: they say which outside files the
        // configuration may name.
        let mut settings = EditorSettings::default();
        let settings_problems =
            params.initialization_options.as_ref().map(|o| settings.update(o)).unwrap_or_default();
        let config = match read_config(root.clone(), settings.trusted_paths.clone()).await {
            ConfigRead::Ready(config) => config,
            ConfigRead::Late(rx) => {
                *self.late_config.lock().unwrap_or_else(|e| e.into_inner()) = Some(rx);
                Config::load(None, &[])
            }
        };
        *self.config_said.lock().unwrap_or_else(|e| e.into_inner()) =
            config.problem.as_ref().map(|p| p.message.clone());
        *self.config_problem.lock().unwrap_or_else(|e| e.into_inner()) = config.problem;
        let legend = semantic_tokens::legend(&config.schema);
        let annotator =
            pactum_store::annotator::resolve(config.annotator.as_deref(), root.as_deref()).map(|a| a.name);
        {
            let mut state = self.lock();
            *state = State::new(config.schema, encoding, root);
            state.engine = std::sync::Arc::new((*state.engine).clone().with_options(config.options));
            state.annotator = annotator;
            state.compare = config.compare_with.map(|root| compare::CompareWith { root });
            state.config_severity = config.suggestion_severity;
            state.learning.switch = config.learn;
            state.settings = settings;
        }
        for msg in settings_problems {
            self.client.log_message(MessageType::WARNING, msg).await;
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "pactum".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..TextDocumentSyncOptions::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(actions::kinds()),
                    ..CodeActionOptions::default()
                })),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: commands::all().map(str::to_string).collect(),
                    ..ExecuteCommandOptions::default()
                }),
                semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
                    SemanticTokensOptions {
                        legend,
                        full: Some(SemanticTokensFullOptions::Bool(true)),
                        range: Some(true),
                        ..SemanticTokensOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let support = *self.support.lock().unwrap_or_else(|e| e.into_inner());
        if support.watch_files {
            self.watch_annotation_files();
        }
        // The learner first: it subscribes to the index before the scan fills it.
        self.start_learning();
        self.start_indexing(support);
        let problem = self.config_problem.lock().unwrap_or_else(|e| e.into_inner()).take();
        self.report_config_problem(problem).await;
        let late = self.late_config.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(rx) = late {
            self.apply_late_config(rx).await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        if !is_served(&doc.language_id, &doc.uri) {
            self.with_state(|s| s.ignored.insert(doc.uri));
            return;
        }
        let uri = doc.uri.clone();
        let out = self.with_state(|s| {
            let notes = s.open(doc.uri, doc.text, doc.version);
            let status = s.docs.get(&uri).map(|open| team::status_params(&uri, open));
            (notes, Self::diagnostics_of(s, &[uri]), status)
        });
        if let Some((notes, batches, status)) = out {
            self.publish(batches).await;
            self.tell(notes).await;
            if let Some(status) = status {
                self.client.send_notification::<DocumentStatusNotification>(status).await;
            }
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let out = self.with_state(|s| {
            let notes = s.change(&uri, params.text_document.version, &params.content_changes)?;
            Some((notes, Self::diagnostics_of(s, std::slice::from_ref(&uri))))
        });
        match out {
            Some(Some((notes, batches))) => {
                self.publish(batches).await;
                self.tell(notes).await;
            }
            Some(None) if self.with_state(|s| s.ignored.contains(&uri)) == Some(true) => {}
            Some(None) => {
                let msg = format!("pactum: ignored a change to {uri}, which is not open");
                self.client.log_message(MessageType::WARNING, msg).await;
            }
            None => self.client.log_message(MessageType::ERROR, "pactum: internal error on didChange").await,
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        // Out of sync: the saved file is the editor's text. Read it off the
        // server's thread and without the lock.
        if let Some(path) = self.with_state(|s| s.diverged_path(&uri)).flatten() {
            let text = match params.text {
                Some(t) => Ok(t),
                None => tokio::task::spawn_blocking(move || std::fs::read_to_string(path))
                    .await
                    .unwrap_or_else(|e| Err(std::io::Error::other(e))),
            };
            match text {
                Ok(text) => {
                    if let Some(Some(notes)) = self.with_state(|s| s.resync(&uri, text)) {
                        self.tell(notes).await;
                    }
                }
                Err(e) => {
                    let msg =
                        format!("pactum: could not read {uri} to resynchronise it: {e}; close and reopen it");
                    self.client.show_message(MessageType::ERROR, msg).await;
                    return;
                }
            }
        }
        let out = self.with_state(|s| {
            let notes = s.save(&uri)?;
            s.reindex(std::slice::from_ref(&uri));
            Some((notes, Self::diagnostics_of(s, std::slice::from_ref(&uri))))
        });
        if let Some(Some((notes, batches))) = out {
            self.publish(batches).await;
            self.tell(notes).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if self.with_state(|s| s.close(&uri)) == Some(true) {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let (shared, root) = {
            let state = self.lock();
            (state.index.clone(), state.root.clone())
        };
        // Annotation files outside the workspace are none of the index's business.
        let Some(root) = root else { return };
        let config = root.join(CONFIG_FILE);
        let mut config_changed = false;
        let mut reads = Vec::new();
        for change in params.changes {
            let Ok(path) = change.uri.to_file_path() else { continue };
            if path == config {
                config_changed = true;
                continue;
            }
            let Some(text_path) = index::text_path_of(&path) else { continue };
            if change.typ == FileChangeType::DELETED {
                index::lock(&shared).remove(&text_path);
            } else {
                reads.push((path, text_path));
            }
        }
        if config_changed {
            self.reload_config().await;
        }
        if reads.is_empty() {
            return;
        }
        // Read off the server's thread and without any lock held.
        let read = tokio::task::spawn_blocking(move || {
            let inside = pactum_store::untrusted::Root::new(&root).map_err(|e| e.to_string());
            reads
                .into_iter()
                .map(|(p, t)| {
                    let read = inside
                        .as_ref()
                        .map_err(Clone::clone)
                        .and_then(|r| index::read_annotation_file(r, &p));
                    (t, read)
                })
                .collect::<Vec<_>>()
        })
        .await;
        if let Ok(read) = read {
            let mut idx = index::lock(&shared);
            for (text_path, result) in read {
                idx.apply(text_path, result);
            }
        }
    }

    /// The editor's settings changed (`settings.pactum`, see `settings`):
    /// a new suggestion severity re-publishes every open document; then
    /// `pactum.toml` is read again with the settings' (possibly new)
    /// `trustedPaths`, so a schema outside the workspace the user now trusts
    /// is loaded (and one no longer trusted refused), and edits of the file
    /// itself apply.
    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let Some(section) = params.settings.get("pactum") else { return };
        let out = self.with_state(|s| {
            let problems = s.settings.update(section);
            let changed = s.apply_suggestion_severity();
            (problems, Self::diagnostics_of(s, &changed))
        });
        if let Some((problems, batches)) = out {
            self.publish(batches).await;
            for msg in problems {
                self.client.show_message(MessageType::WARNING, msg).await;
            }
        }
        self.reload_config().await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        self.with_state(|s| hover::hover(s, &p.text_document.uri, p.position)).ok_or_else(internal_error)
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.with_state(|s| definition::definition(s, &p.text_document.uri, p.position))
            .ok_or_else(internal_error)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.with_state(|s| actions::actions(s, &params)).ok_or_else(internal_error)
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        let out = self.with_state(|s| {
            commands::execute(s, &params.command, &params.arguments).map(|o| {
                s.reindex(&o.changed);
                let statuses: Vec<Value> = o
                    .changed
                    .iter()
                    .filter_map(|u| s.docs.get(u).map(|open| team::status_params(u, open)))
                    .collect();
                (o.result, o.notes, Self::diagnostics_of(s, &o.changed), statuses, o.disk_work)
            })
        });
        match out {
            None => Err(internal_error()),
            Some(Err(e)) => Err(e),
            Some(Ok((mut result, mut notes, batches, statuses, disk_work))) => {
                let changed = !batches.is_empty();
                self.publish(batches).await;
                if let Some(work) = disk_work {
                    // Many files read, written or listed (tag every, export,
                    // workspace status): off the state lock, so typing goes on.
                    let index = self.lock().index.clone();
                    match tokio::task::spawn_blocking(move || work.run()).await {
                        Ok(done) => {
                            {
                                let mut idx = index::lock(&index);
                                for (path, anns) in done.written {
                                    idx.set(path, anns);
                                }
                            }
                            notes.show.extend(done.notes.show);
                            notes.log.extend(done.notes.log);
                            match done.result {
                                Ok(r) => result = r,
                                Err(msg) => {
                                    self.tell(notes).await;
                                    return Err(Error {
                                        code: ErrorCode::InternalError,
                                        message: msg.into(),
                                        data: None,
                                    });
                                }
                            }
                        }
                        Err(_) => return Err(internal_error()),
                    }
                }
                self.tell(notes).await;
                for status in statuses {
                    self.client.send_notification::<DocumentStatusNotification>(status).await;
                }
                if changed {
                    self.refresh_tokens();
                }
                Ok(Some(result))
            }
        }
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri;
        let tokens =
            self.with_state(|s| semantic_tokens::tokens(s, &uri, None)).ok_or_else(internal_error)?;
        Ok(tokens.map(|data| SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data })))
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let uri = params.text_document.uri;
        let range = params.range;
        let tokens =
            self.with_state(|s| semantic_tokens::tokens(s, &uri, Some(range))).ok_or_else(internal_error)?;
        Ok(tokens.map(|data| SemanticTokensRangeResult::Tokens(SemanticTokens { result_id: None, data })))
    }
}
