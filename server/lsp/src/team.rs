//! Team commands: a document's review status ("Mark document done" /
//! "Reopen"), the workspace's progress, and adjudication against another
//! annotator's copy ("Take theirs", "Keep mine", "Take all theirs").
//! Arguments are one JSON object, as for every Pactum command.

use std::path::{Path, PathBuf};

use pactum_store::{self as store, DocumentState, DocumentStatus};
use pactum_team::progress::{self, AnnotationFile, Counted, Progress, Suggestions};
use pactum_team::Problem;
use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp::lsp_types::{MessageType, Url};

use super::commands::{args, failed, finish, invalid, writable, DiskDone, DiskWork, Outcome};
use super::compare::{self, CompareWith, DiffKind};
use super::index::{self, SharedIndex};
use super::state::{Notes, State};

pub const MARK_DONE: &str = "pactum.markDone";
pub const REOPEN: &str = "pactum.reopen";
pub const DOCUMENT_STATUS: &str = "pactum.documentStatus";
pub const WORKSPACE_STATUS: &str = "pactum.workspaceStatus";
pub const COMPARE_WITH: &str = "pactum.compareWith";
pub const TAKE_THEIRS: &str = "pactum.takeTheirs";
pub const KEEP_MINE: &str = "pactum.keepMine";
pub const TAKE_ALL_THEIRS: &str = "pactum.takeAllTheirs";

pub const ALL: [&str; 8] = [
    MARK_DONE,
    REOPEN,
    DOCUMENT_STATUS,
    WORKSPACE_STATUS,
    COMPARE_WITH,
    TAKE_THEIRS,
    KEEP_MINE,
    TAKE_ALL_THEIRS,
];

/// The notification that tells editors a document's status:
/// `{uri, status: "in_progress"|"done", by?, at?}`.
pub enum DocumentStatusNotification {}

impl tower_lsp::lsp_types::notification::Notification for DocumentStatusNotification {
    type Params = Value;
    const METHOD: &'static str = "pactum/documentStatus";
}

#[derive(Deserialize)]
struct UriArgs {
    uri: Url,
}

#[derive(Deserialize)]
struct CompareArgs {
    /// The other copy's folder (relative to the workspace); null stops comparing.
    path: Option<PathBuf>,
}

#[derive(Deserialize)]
struct TakeArgs {
    uri: Url,
    /// Their annotation to take.
    theirs: Option<String>,
    /// My annotation to drop (they have none there).
    mine: Option<String>,
}

#[derive(Deserialize)]
struct KeepArgs {
    uri: Url,
    /// The annotation id of the difference (theirs or mine).
    id: String,
}

pub fn execute(
    state: &mut State,
    command: &str,
    arguments: &[Value],
) -> Result<Outcome, tower_lsp::jsonrpc::Error> {
    match command {
        MARK_DONE | REOPEN => {
            let a: UriArgs = args(command, arguments)?;
            let status = if command == MARK_DONE { DocumentState::Done } else { DocumentState::InProgress };
            set_status(state, &a.uri, status)
        }
        DOCUMENT_STATUS => {
            let a: UriArgs = args(command, arguments)?;
            let open = state.docs.get(&a.uri).ok_or_else(|| invalid(format!("{} is not open", a.uri)))?;
            Ok(Outcome {
                result: status_params(&a.uri, open),
                notes: Notes::default(),
                changed: Vec::new(),
                disk_work: None,
            })
        }
        WORKSPACE_STATUS => {
            let root = state.root.clone().ok_or_else(|| invalid("there is no workspace folder"))?;
            // It lists the workspace's texts: off the state lock.
            let job = WorkspaceStatusJob { root, index: state.index.clone() };
            Ok(Outcome {
                result: Value::Null,
                notes: Notes::default(),
                changed: Vec::new(),
                disk_work: Some(DiskWork::WorkspaceStatus(job)),
            })
        }
        COMPARE_WITH => compare_with(state, args(command, arguments)?),
        TAKE_THEIRS => take_theirs(state, args(command, arguments)?),
        KEEP_MINE => keep_mine(state, args(command, arguments)?),
        TAKE_ALL_THEIRS => {
            let a: UriArgs = args(command, arguments)?;
            let open = writable(state, &a.uri)?;
            if open.theirs.is_none() {
                return Err(invalid("this document is not being compared with another copy"));
            }
            let n = compare::take_all(open);
            finish(state, &a.uri, json!({ "taken": n }))
        }
        other => Err(invalid(format!("unknown command {other}"))),
    }
}

/// The document's status as editors receive it.
pub fn status_params(uri: &Url, open: &super::state::OpenDocument) -> Value {
    match &open.annotations.document {
        Some(d) => json!({ "uri": uri, "status": d.status.as_str(), "by": d.by, "at": d.at }),
        None => json!({ "uri": uri, "status": DocumentState::InProgress.as_str() }),
    }
}

fn set_status(
    state: &mut State,
    uri: &Url,
    status: DocumentState,
) -> Result<Outcome, tower_lsp::jsonrpc::Error> {
    let by = state.annotator.clone();
    let open = writable(state, uri)?;
    if open.path.is_none() {
        return Err(invalid("save the document first: an untitled document has no annotation file"));
    }
    let unchanged = open.annotations.document.as_ref().map(|d| d.status) == Some(status)
        || (open.annotations.document.is_none() && status == DocumentState::InProgress);
    if !unchanged {
        // Only a real change is recorded, so the file's timestamp moves
        // only when the status does.
        open.annotations.document = Some(DocumentStatus::now(status, by.as_deref()));
    }
    let result = status_params(uri, open);
    finish(state, uri, result)
}

/// `pactum.workspaceStatus`, run off the state lock (`DiskWork`).
pub struct WorkspaceStatusJob {
    root: PathBuf,
    index: SharedIndex,
}

impl WorkspaceStatusJob {
    pub fn run(self) -> DiskDone {
        DiskDone {
            result: Ok(workspace_status(&self.root, &self.index)),
            notes: Notes::default(),
            written: Vec::new(),
        }
    }
}

/// How long the workspace's progress waits for the index's first scan
/// before reading the files itself (the scan takes seconds for 100,000 files).
const SCAN_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// The workspace's progress (`pactum status --no-suggestions` of its root):
/// the texts are listed (a directory walk, no file read) and counted with
/// their annotation files as the workspace index holds them. While the
/// index's first scan runs, it waits for it (every caller waits for the one
/// scan); only if the scan failed are the annotation files read here.
/// Blocking: the server runs it off its thread and its lock.
pub fn workspace_status(root: &Path, index: &SharedIndex) -> Value {
    let p = from_index(root, index)
        .unwrap_or_else(|| progress::progress(&[root.to_path_buf()], Suggestions::Skip));
    let mut v = serde_json::to_value(&p).unwrap_or(Value::Null);
    v["problems"] = p.problems.iter().map(|x| json!(x.to_string())).collect();
    v
}

/// The progress from the index, once its first scan is done; `None` when
/// it failed. Counts what the annotation files say: a text changed outside
/// Pactum is re-anchored when it is opened (and then re-indexed), not here.
fn from_index(root: &Path, index: &SharedIndex) -> Option<Progress> {
    if !index::wait_for_scan(index, SCAN_WAIT) {
        return None;
    }
    let texts: Vec<_> = store::corpus::walk(&[root.to_path_buf()]).collect();
    let idx = index::lock(index);
    let mut p = Progress::default();
    for found in texts {
        let text = match found {
            Ok(t) => t,
            Err(e) => {
                p.problems.push(Problem { path: e.path, message: e.message });
                continue;
            }
        };
        if let Some(message) = idx.broken(&text.path) {
            // As `pactum status`: a document, with a problem instead of counts.
            p.documents += 1;
            p.problems.push(Problem { path: store::sidecar_path(&text.path), message: message.to_string() });
            continue;
        }
        let file = idx.file(&text.path).map(|f| AnnotationFile {
            document: f.document.as_ref(),
            annotations: f.annotations.iter().filter(|a| !a.stale).map(|a| Counted {
                start: a.start,
                end: a.end,
                label: &a.label,
                status: a.status,
                by: a.by.as_deref(),
            }),
        });
        p.add(text.id, file);
    }
    Some(p)
}

fn compare_with(state: &mut State, a: CompareArgs) -> Result<Outcome, tower_lsp::jsonrpc::Error> {
    let mut notes = Notes::default();
    match a.path {
        None => state.compare = None,
        Some(p) => {
            let root = state.root.clone().ok_or_else(|| invalid("there is no workspace folder"))?;
            let path = if p.is_absolute() { p } else { root.join(p) };
            if !path.is_dir() {
                return Err(invalid(format!(
                    "{} is not a folder (give the other annotator's copy)",
                    path.display()
                )));
            }
            state.compare = Some(CompareWith { root: path });
        }
    }
    let uris: Vec<Url> = state.docs.keys().cloned().collect();
    for uri in &uris {
        if let Some(msg) = state.load_theirs(uri) {
            notes.log.push(msg);
        }
    }
    let differences: usize = state.docs.values().map(|d| compare::diffs(d).len()).sum();
    if let Some(with) = &state.compare {
        notes.show.push((
            MessageType::INFO,
            format!(
                "pactum: comparing with {}: {differences} difference(s) in {} open document(s)",
                with.root.display(),
                uris.len()
            ),
        ));
    }
    Ok(Outcome { result: json!({ "differences": differences }), notes, changed: uris, disk_work: None })
}

fn take_theirs(state: &mut State, a: TakeArgs) -> Result<Outcome, tower_lsp::jsonrpc::Error> {
    let by = state.annotator.clone();
    let open = writable(state, &a.uri)?;
    let diff = compare::diffs(open).into_iter().find(|d| match (&d.kind, &a.theirs, &a.mine) {
        (DiffKind::TheirsOnly { id, .. }, Some(t), _) => id == t,
        (DiffKind::MineOnly { id }, _, Some(m)) => id == m,
        _ => false,
    });
    let Some(diff) = diff else {
        return Err(invalid("that difference is gone (already resolved, or the copies changed)"));
    };
    if !compare::take(open, &diff.kind, by.as_deref()) {
        return Err(failed("their annotation could not be taken"));
    }
    finish(state, &a.uri, json!({ "taken": 1 }))
}

fn keep_mine(state: &mut State, a: KeepArgs) -> Result<Outcome, tower_lsp::jsonrpc::Error> {
    let open = state.docs.get_mut(&a.uri).ok_or_else(|| invalid(format!("{} is not open", a.uri)))?;
    let theirs = open.theirs.as_mut().ok_or_else(|| invalid("this document is not being compared"))?;
    theirs.kept.insert(a.id);
    Ok(Outcome {
        result: json!({ "kept": 1 }),
        notes: Notes::default(),
        changed: vec![a.uri],
        disk_work: None,
    })
}

/// A code action the team features offer (pushed by `actions`).
pub struct TeamAction {
    pub title: String,
    pub kind: tower_lsp::lsp_types::CodeActionKind,
    pub command: &'static str,
    pub args: Value,
    pub diagnostics: Option<Vec<tower_lsp::lsp_types::Diagnostic>>,
    pub preferred: bool,
}

/// The kind of "Mark document done" / "Reopen document".
pub fn status_kind() -> tower_lsp::lsp_types::CodeActionKind {
    tower_lsp::lsp_types::CodeActionKind::new("source.pactum.status")
}

/// "Take theirs" / "Keep mine" for the differences under the selection
/// (chars `sel`), "Take all theirs", and "Mark document done" / "Reopen".
pub fn actions(state: &State, uri: &Url, sel: std::ops::Range<usize>) -> Vec<TeamAction> {
    use tower_lsp::lsp_types::CodeActionKind;
    let Some(open) = state.docs.get(uri) else { return Vec::new() };
    let mut out = Vec::new();
    let diffs = compare::diffs(open);
    let name = open.theirs.as_ref().map(|t| t.name.clone()).unwrap_or_default();
    for d in diffs.iter().filter(|d| d.start <= sel.end && sel.start <= d.end) {
        let diag = Some(vec![compare::diagnostic(open, d, state.encoding)]);
        let quoted = super::diagnostics::quote(
            &open
                .doc
                .rope()
                .slice(d.start.min(open.doc.rope().len_chars())..d.end.min(open.doc.rope().len_chars()))
                .to_string(),
        );
        let (title, args) = match &d.kind {
            DiffKind::TheirsOnly { id, .. } => {
                (format!("Take theirs: {} {quoted} ({name})", d.label), json!({ "uri": uri, "theirs": id }))
            }
            DiffKind::MineOnly { id } => (
                format!("Take theirs: remove my {} {quoted} ({name} has none)", d.label),
                json!({ "uri": uri, "mine": id }),
            ),
        };
        out.push(TeamAction {
            title,
            kind: CodeActionKind::QUICKFIX,
            command: TAKE_THEIRS,
            args,
            diagnostics: diag.clone(),
            preferred: false,
        });
        out.push(TeamAction {
            title: format!("Keep mine ({} {quoted})", d.label),
            kind: CodeActionKind::QUICKFIX,
            command: KEEP_MINE,
            args: json!({ "uri": uri, "id": d.kind.key() }),
            diagnostics: diag,
            preferred: false,
        });
    }
    if !diffs.is_empty() {
        out.push(TeamAction {
            title: format!("Take all theirs ({} difference(s) with {name} in this document)", diffs.len()),
            kind: CodeActionKind::QUICKFIX,
            command: TAKE_ALL_THEIRS,
            args: json!({ "uri": uri }),
            diagnostics: None,
            preferred: false,
        });
    }
    if open.path.is_some() {
        let done = open.annotations.document.as_ref().is_some_and(|d| d.status == DocumentState::Done);
        let (title, command) =
            if done { ("Reopen document", REOPEN) } else { ("Mark document done", MARK_DONE) };
        out.push(TeamAction {
            title: title.to_string(),
            kind: status_kind(),
            command,
            args: json!({ "uri": uri }),
            diagnostics: None,
            preferred: false,
        });
    }
    out
}
