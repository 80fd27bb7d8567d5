//! `workspace/executeCommand`: every annotation change, carried out by the
//! server so that any editor works without glue code. Arguments are one JSON
//! object; positions and ranges use the negotiated encoding. Each command
//! writes the annotation file at once (see `sidecar` for the rule).

use std::path::{Path, PathBuf};

use pactum_export::{ExportOptions, Format};
use pactum_store::untrusted::{Kind, Root};
use pactum_store::Status;
use ropey::Rope;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp::jsonrpc::{Error, ErrorCode};
use tower_lsp::lsp_types::{MessageType, Position, Range, Url};

use super::annotations::Annotations;
use super::index::IndexedFile;
use super::position;
use super::sidecar;
use super::state::{file_name, FindingKind, Notes, OpenDocument, SidecarState, State};
use super::workspace::{whole_word_matches, workspace_texts};

// Editor-facing (ARCHITECTURE.md).
pub const ACCEPT_AT: &str = "pactum.acceptAt";
pub const REJECT_AT: &str = "pactum.rejectAt";
pub const ACCEPT_ALL: &str = "pactum.acceptAll";
pub const EXPORT: &str = "pactum.export";
// Carried by code actions.
pub const ACCEPT_RANGE: &str = "pactum.acceptRange";
pub const TAG: &str = "pactum.tag";
pub const RELABEL: &str = "pactum.relabel";
pub const REMOVE: &str = "pactum.remove";
pub const TAG_EVERY: &str = "pactum.tagEvery";

pub const ALL: [&str; 9] =
    [ACCEPT_AT, REJECT_AT, ACCEPT_ALL, EXPORT, ACCEPT_RANGE, TAG, RELABEL, REMOVE, TAG_EVERY];

/// Every command the server registers: the annotation commands above, the
/// team commands (`team::ALL`) and the keyboard commands (`keyboard::COMMANDS`).
pub fn all() -> impl Iterator<Item = &'static str> {
    ALL.into_iter()
        .chain(super::team::ALL)
        .chain(super::keyboard::COMMANDS)
        .chain(super::links::COMMANDS)
        .chain([super::forget::FORGET])
}

pub struct Outcome {
    pub result: Value,
    pub notes: Notes,
    /// Open documents whose diagnostics changed.
    pub changed: Vec<Url>,
    /// Work on files that are not open, to be done without holding the
    /// server's state (`DiskWork::run`); its result replaces `result`.
    pub disk_work: Option<DiskWork>,
}

/// Commands' work on the workspace's files: reading and writing many files
/// (or listing them) runs off the state lock, so typing goes on meanwhile.
pub enum DiskWork {
    TagEvery(WorkspaceTagging),
    Export(ExportJob),
    WorkspaceStatus(super::team::WorkspaceStatusJob),
}

/// What `DiskWork::run` did.
pub struct DiskDone {
    /// The command's result, or the message of its failure.
    pub result: Result<Value, String>,
    pub notes: Notes,
    /// The annotation files written, for the workspace index.
    pub written: Vec<(PathBuf, IndexedFile)>,
}

impl DiskWork {
    pub fn run(self) -> DiskDone {
        match self {
            DiskWork::TagEvery(work) => work.run(),
            DiskWork::Export(job) => job.run(),
            DiskWork::WorkspaceStatus(job) => job.run(),
        }
    }
}

/// `pactum.export` of the workspace.
pub struct ExportJob {
    root: PathBuf,
    options: ExportOptions,
    schema: pactum_schema::Schema,
    engine: std::sync::Arc<pactum_engine::Engine>,
}

impl ExportJob {
    fn run(self) -> DiskDone {
        let out = self.options.out.clone();
        // From the editor, nothing is written outside the workspace (checked
        // here, off the state lock: it looks at the disk).
        let inside = Root::new(&self.root).and_then(|r| r.resolve_for_write(&out));
        if let Err(e) = inside {
            let result = Err(format!("export refused: {e}"));
            return DiskDone { result, notes: Notes::default(), written: Vec::new() };
        }
        let report = match pactum_export::export(&[self.root], &self.options, &self.schema, &self.engine) {
            Ok(r) => r,
            Err(e) => {
                return DiskDone {
                    result: Err(format!("export failed: {e}")),
                    notes: Notes::default(),
                    written: Vec::new(),
                }
            }
        };
        let mut notes = Notes::default();
        notes.show.push((
            MessageType::INFO,
            format!(
                "pactum: exported {} span(s) of {} document(s) to {} ({} problem(s))",
                report.spans,
                report.documents,
                file_name(&out),
                report.problems.len()
            ),
        ));
        for p in &report.problems {
            notes.log.push(format!("{}: {}..{} {}: {}", p.document, p.start, p.end, p.label, p.message));
        }
        let result = json!({ "documents": report.documents, "spans": report.spans, "problems": report.problems.len() });
        DiskDone { result: Ok(result), notes, written: Vec::new() }
    }
}

/// `pactum.tagEvery` in the workspace's files that are not open: reads
/// texts and writes annotation files, so it runs off the state lock (typing
/// goes on meanwhile).
pub struct WorkspaceTagging {
    root: PathBuf,
    /// Open documents were tagged in memory already.
    open_paths: Vec<PathBuf>,
    schema_id: String,
    text: String,
    label: String,
    /// The annotator recorded on what is tagged.
    by: Option<String>,
    /// Counts so far (from the open documents).
    files: usize,
    tagged: usize,
    notes: Notes,
}

impl WorkspaceTagging {
    fn run(mut self) -> DiskDone {
        let mut written = Vec::new();
        let root = match Root::new(&self.root) {
            Ok(r) => r,
            Err(e) => return DiskDone { result: Err(e.to_string()), notes: self.notes, written },
        };
        // Every text (no cap: this runs on a blocking thread); symlinks
        // leading out are skipped and counted.
        let mut skipped = 0;
        for found in workspace_texts(&self.root) {
            let path = match found {
                Ok(p) if self.open_paths.contains(&p) => continue,
                Ok(p) => p,
                Err(msg) => {
                    skipped += 1;
                    self.notes.log.push(msg);
                    continue;
                }
            };
            match tag_file(&root, &path, &self.schema_id, &self.text, &self.label, self.by.as_deref()) {
                Ok(None) => {}
                Ok(Some((n, anns))) => {
                    self.files += 1;
                    self.tagged += n;
                    written.push((path, anns));
                }
                Err(msg) => {
                    skipped += 1;
                    self.notes.log.push(format!("{}: skipped: {msg}", path.display()));
                }
            }
        }
        let Self { files, tagged, text, label, mut notes, .. } = self;
        notes.show.push(tagged_message(tagged, &text, &label, files));
        if skipped > 0 {
            notes.show.push((
                MessageType::WARNING,
                format!("pactum: tag every skipped {skipped} file(s) (symlinks out of the workspace, unreadable files: see the log)"),
            ));
        }
        DiskDone { result: Ok(json!({ "tagged": tagged, "files": files })), notes, written }
    }
}

fn tagged_message(tagged: usize, text: &str, label: &str, files: usize) -> (MessageType, String) {
    (
        MessageType::INFO,
        format!("pactum: tagged {tagged} occurrence(s) of “{text}” as {label} in {files} file(s)"),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AtArgs {
    uri: Url,
    position: Position,
    /// Picks among nested suggestions (an entity inside a clause).
    label: Option<String>,
}

#[derive(Deserialize)]
struct UriArgs {
    uri: Url,
}

#[derive(Deserialize)]
struct RangeArgs {
    uri: Url,
    range: Range,
}

#[derive(Deserialize)]
struct TagArgs {
    uri: Url,
    range: Range,
    label: String,
    /// Id of a stale annotation this tag replaces.
    replaces: Option<String>,
}

#[derive(Deserialize)]
struct IdArgs {
    uri: Url,
    id: String,
    label: Option<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Document,
    Workspace,
}

#[derive(Deserialize)]
struct TagEveryArgs {
    uri: Url,
    text: String,
    label: String,
    scope: Scope,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExportArgs {
    format: String,
    out: PathBuf,
    include_suggestions: Option<bool>,
    /// Only documents marked done.
    only_done: Option<bool>,
    /// Replace an existing output (never an input, a special file or a symlink).
    force: Option<bool>,
}

pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error { code: ErrorCode::InvalidParams, message: message.into().into(), data: None }
}

pub(crate) fn failed(message: impl Into<String>) -> Error {
    Error { code: ErrorCode::InternalError, message: message.into().into(), data: None }
}

pub(crate) fn args<T: DeserializeOwned>(command: &str, arguments: &[Value]) -> Result<T, Error> {
    let first = arguments.first().cloned().unwrap_or(Value::Null);
    serde_json::from_value(first).map_err(|e| invalid(format!("{command}: bad arguments: {e}")))
}

pub fn execute(state: &mut State, command: &str, arguments: &[Value]) -> Result<Outcome, Error> {
    match command {
        ACCEPT_AT | REJECT_AT => {
            let a: AtArgs = args(command, arguments)?;
            let status = if command == ACCEPT_AT { Status::Accepted } else { Status::Rejected };
            decide_at(state, a, status)
        }
        ACCEPT_ALL => {
            let a: UriArgs = args(command, arguments)?;
            accept_where(state, &a.uri, None)
        }
        ACCEPT_RANGE => {
            let a: RangeArgs = args(command, arguments)?;
            accept_where(state, &a.uri, Some(a.range))
        }
        TAG => tag(state, args(command, arguments)?),
        RELABEL | REMOVE => {
            let a: IdArgs = args(command, arguments)?;
            by_id(state, a, command == REMOVE)
        }
        TAG_EVERY => tag_every(state, args(command, arguments)?),
        EXPORT => export(state, args(command, arguments)?),
        super::forget::FORGET => super::forget::execute(state, arguments),
        c if super::team::ALL.contains(&c) => super::team::execute(state, c, arguments),
        c if super::links::COMMANDS.contains(&c) => super::links::execute(state, c, arguments)
            .unwrap_or_else(|| Err(invalid(format!("unknown command {c}")))),
        // The keyboard commands (label picker, boundary fixes, worklist).
        other => super::keyboard::execute(state, other, arguments)
            .unwrap_or_else(|| Err(invalid(format!("unknown command {other}")))),
    }
}

/// The open document, ready to take annotation changes.
pub(crate) fn writable<'a>(state: &'a mut State, uri: &Url) -> Result<&'a mut OpenDocument, Error> {
    let annotator = state.annotator.clone();
    let open = state.docs.get_mut(uri).ok_or_else(|| invalid(format!("{uri} is not open")))?;
    // Take up changes made to the file outside Pactum first.
    open.sync_sidecar();
    open.annotations.by.clone_from(&annotator);
    if let SidecarState::Broken(msg) = &open.sidecar {
        return Err(failed(format!("the annotation file is broken and was left untouched: {msg}")));
    }
    // So that `finish` can name the ends of relations the command removes.
    open.annotations.remember_ends();
    if let Some(why) = &open.diverged {
        // Offsets into a text the editor may not have would misplace it.
        return Err(failed(format!(
            "{uri} is out of sync (the editor sent {why}); save the file or reopen it, then try again"
        )));
    }
    Ok(open)
}

/// Persists `uri`'s annotations and reports the document as changed,
/// first removing (and telling of) the relations whose ends the command
/// removed, rejected or re-tagged beyond what the schema allows.
pub(crate) fn finish(state: &mut State, uri: &Url, result: Value) -> Result<Outcome, Error> {
    let schema_id = state.schema.id.clone();
    let open = state.docs.get_mut(uri).ok_or_else(|| invalid(format!("{uri} is not open")))?;
    let mut notes = Notes::default();
    super::links::prune(&state.schema, &mut open.annotations, &mut notes);
    open.persist(&schema_id).map_err(failed)?;
    Ok(Outcome { result, notes, changed: vec![uri.clone()], disk_work: None })
}

pub(crate) fn check_label(state: &State, label: &str) -> Result<(), Error> {
    if state.schema.has_label(label) {
        Ok(())
    } else {
        Err(invalid(format!("{label} is not a label of schema {}", state.schema.id)))
    }
}

fn decide_at(state: &mut State, a: AtArgs, status: Status) -> Result<Outcome, Error> {
    let enc = state.encoding;
    let open = writable(state, &a.uri)?;
    let b = position::to_byte(open.doc.rope(), a.position, enc);
    let hit = open
        .findings_at(b)
        .into_iter()
        .find(|f| f.kind == FindingKind::Suggestion && a.label.as_deref().is_none_or(|l| l == f.label))
        .map(|f| (f.start, f.end, f.label.to_string()));
    let Some((s, e, label)) = hit else {
        return Err(invalid("there is no suggestion at this position"));
    };
    let rope = open.doc.rope();
    let (s, e) = (rope.byte_to_char(s), rope.byte_to_char(e));
    open.annotations.set(open.doc.rope(), s, e, &label, status);
    let key = if status == Status::Accepted { "accepted" } else { "rejected" };
    finish(state, &a.uri, json!({ key: 1, "label": label }))
}

/// Accepts every suggestion of the document, or every one lying inside `range`.
pub(crate) fn accept_where(state: &mut State, uri: &Url, range: Option<Range>) -> Result<Outcome, Error> {
    let enc = state.encoding;
    let open = writable(state, uri)?;
    let rope = open.doc.rope();
    let within = range.map(|r| {
        let c = position::range_to_chars(rope, r, enc);
        rope.char_to_byte(c.start)..rope.char_to_byte(c.end)
    });
    let picked: Vec<(usize, usize, String)> = open
        .findings()
        .into_iter()
        .filter(|f| f.kind == FindingKind::Suggestion)
        .filter(|f| within.as_ref().is_none_or(|w| w.start <= f.start && f.end <= w.end))
        .map(|f| (rope.byte_to_char(f.start), rope.byte_to_char(f.end), f.label.to_string()))
        .collect();
    for (s, e, label) in &picked {
        open.annotations.set(open.doc.rope(), *s, *e, label, Status::Accepted);
    }
    finish(state, uri, json!({ "accepted": picked.len() }))
}

fn tag(state: &mut State, a: TagArgs) -> Result<Outcome, Error> {
    check_label(state, &a.label)?;
    let enc = state.encoding;
    let open = writable(state, &a.uri)?;
    let chars = position::range_to_chars(open.doc.rope(), a.range, enc);
    let (s, e) = trim_whitespace(open.doc.rope(), chars.start, chars.end);
    if s >= e {
        return Err(invalid("the selection is empty"));
    }
    if let Some(id) = &a.replaces {
        open.annotations.remove_id(id);
    }
    open.annotations.set(open.doc.rope(), s, e, &a.label, Status::Accepted);
    if let (Some(old), Some(new)) = (&a.replaces, open.annotations.on_span(s, e).map(|x| x.id.clone())) {
        // The stale annotation's relations follow it to its new place.
        open.annotations.repoint_relations(old, &new);
    }
    finish(state, &a.uri, json!({ "tagged": 1, "label": a.label }))
}

fn by_id(state: &mut State, a: IdArgs, remove: bool) -> Result<Outcome, Error> {
    if let (false, Some(label)) = (remove, &a.label) {
        check_label(state, label)?;
    }
    let open = writable(state, &a.uri)?;
    let Some(i) = open.annotations.items.iter().position(|x| x.id == a.id) else {
        return Err(invalid(format!("no annotation with id {}", a.id)));
    };
    if remove {
        open.annotations.items.remove(i);
        return finish(state, &a.uri, json!({ "removed": 1 }));
    }
    let label = a.label.ok_or_else(|| invalid("pactum.relabel needs a label"))?;
    let by = open.annotations.by.clone();
    if let Some(ann) = open.annotations.items.get_mut(i) {
        ann.label = label.clone();
        ann.status = Status::Accepted;
        ann.by = by;
    }
    finish(state, &a.uri, json!({ "relabelled": 1, "label": label }))
}

fn tag_every(state: &mut State, a: TagEveryArgs) -> Result<Outcome, Error> {
    check_label(state, &a.label)?;
    if a.text.trim().is_empty() {
        return Err(invalid("nothing to tag: the text is empty"));
    }
    writable(state, &a.uri)?;
    let schema_id = state.schema.id.clone();
    let annotator = state.annotator.clone();
    let mut outcome =
        Outcome { result: Value::Null, notes: Notes::default(), changed: Vec::new(), disk_work: None };
    let (mut files, mut tagged) = (0usize, 0usize);

    // Open documents first: their editor text is the truth.
    let open_uris: Vec<Url> = match a.scope {
        Scope::Document => vec![a.uri.clone()],
        Scope::Workspace => state.docs.keys().cloned().collect(),
    };
    for uri in &open_uris {
        let Some(open) = state.docs.get_mut(uri) else {
            continue;
        };
        open.sync_sidecar();
        open.annotations.by.clone_from(&annotator);
        if matches!(open.sidecar, SidecarState::Broken(_)) {
            outcome.notes.log.push(format!("{uri}: skipped, its annotation file is broken"));
            continue;
        }
        open.annotations.remember_ends();
        let n = tag_occurrences(open.doc.text(), open.doc.rope(), &mut open.annotations, &a.text, &a.label);
        if n > 0 {
            super::links::prune(&state.schema, &mut open.annotations, &mut outcome.notes);
            open.persist(&schema_id).map_err(failed)?;
            outcome.changed.push(uri.clone());
            files += 1;
            tagged += n;
        }
    }
    if a.scope == Scope::Workspace {
        let root = state.root.clone().ok_or_else(|| invalid("there is no workspace folder"))?;
        let open_paths: Vec<PathBuf> = state.docs.values().filter_map(|d| d.path.clone()).collect();
        outcome.disk_work = Some(DiskWork::TagEvery(WorkspaceTagging {
            root,
            open_paths,
            schema_id,
            text: a.text,
            label: a.label,
            by: annotator,
            files,
            tagged,
            notes: std::mem::take(&mut outcome.notes),
        }));
        return Ok(outcome);
    }
    outcome.notes.show.push(tagged_message(tagged, &a.text, &a.label, files));
    outcome.result = json!({ "tagged": tagged, "files": files });
    Ok(outcome)
}

/// Tags every whole-word occurrence of `needle` in a file that is not open,
/// recording `by` as the author; `Some` (how many, and the annotations
/// written) when the file changed. The annotation file is read only when the
/// text has the needle. The text and its annotation file must be inside
/// `root` (a symlink leading out is refused, nothing is written there).
fn tag_file(
    root: &Root,
    path: &Path,
    schema_id: &str,
    needle: &str,
    label: &str,
    by: Option<&str>,
) -> Result<Option<(usize, IndexedFile)>, String> {
    let text = root.read_text(path, Kind::Text).map_err(|e| e.to_string())?;
    if whole_word_matches(&text, needle).next().is_none() {
        return Ok(None);
    }
    root.resolve_for_write(&pactum_store::sidecar_path(path)).map_err(|e| e.to_string())?;
    let rope = Rope::from_str(&text);
    let (mut anns, _) = sidecar::load(path, &text, &rope)?;
    anns.by = by.map(str::to_string);
    let n = tag_occurrences(&text, &rope, &mut anns, needle, label);
    if n == 0 {
        return Ok(None);
    }
    sidecar::save(path, schema_id, &text, &rope, &mut anns)?;
    Ok(Some((n, IndexedFile::new(&anns.items, anns.document.clone()))))
}

/// Tags the whole-word occurrences of `needle` that are not already
/// accepted with `label`; returns how many annotations changed.
fn tag_occurrences(text: &str, rope: &Rope, anns: &mut Annotations, needle: &str, label: &str) -> usize {
    let mut n = 0;
    for (b, _) in whole_word_matches(text, needle) {
        let (s, e) = (rope.byte_to_char(b), rope.byte_to_char(b + needle.len()));
        let done = anns.on_span(s, e).is_some_and(|x| x.label == label && x.status == Status::Accepted);
        if !done && anns.set(rope, s, e, label, Status::Accepted) {
            n += 1;
        }
    }
    n
}

pub(crate) fn trim_whitespace(rope: &Rope, mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && rope.char(s).is_whitespace() {
        s += 1;
    }
    while e > s && rope.char(e - 1).is_whitespace() {
        e -= 1;
    }
    (s, e)
}

fn export(state: &mut State, a: ExportArgs) -> Result<Outcome, Error> {
    let format = Format::from_name(&a.format).ok_or_else(|| {
        invalid(format!("unknown format {}; one of {}", a.format, Format::NAMES.join(", ")))
    })?;
    let root = state.root.clone().ok_or_else(|| invalid("there is no workspace folder to export"))?;
    let out = if a.out.is_absolute() { a.out } else { root.join(a.out) };
    let options = ExportOptions {
        format,
        out: out.clone(),
        include_suggestions: a.include_suggestions.unwrap_or(false),
        jobs: pactum_store::parallel::all_cores(),
        documents: if a.only_done == Some(true) {
            pactum_export::Documents::Done
        } else {
            pactum_export::Documents::All
        },
        overwrite: if a.force == Some(true) {
            pactum_export::Overwrite::Replace
        } else {
            pactum_export::Overwrite::Refuse
        },
    };
    let job = ExportJob { root, options, schema: state.schema.clone(), engine: state.engine.clone() };
    Ok(Outcome {
        result: Value::Null,
        notes: Notes::default(),
        changed: Vec::new(),
        disk_work: Some(DiskWork::Export(job)),
    })
}
