//! The server's state: the schema, the engine and the open documents, with
//! the document lifecycle (open, change, save, close). Free of LSP transport:
//! operations return `Notes` (messages for the user) and the server sends them.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use pactum_engine::Engine;
use pactum_schema::Schema;
use pactum_store::Status;
use tower_lsp::lsp_types::{MessageType, TextDocumentContentChangeEvent, Url};

use super::analysis::Analysis;
use super::annotations::Annotations;
use super::compare;
use super::diagnostics::MAX_DIAGNOSTICS;
use super::document::Document;
use super::index::{self, IndexedFile, SharedIndex};
use super::learning::{Learned, Learning};
use super::position::{self, Encoding};
use super::relearn::{Computed, Swapped};
use super::settings::{EditorSettings, SuggestionSeverity};
use super::sidecar;

/// Documents larger than this are not analysed (annotations still work): the
/// engine's cost grows with the text and one huge file must not stall typing.
pub const MAX_ANALYSED_BYTES: usize = 16 * 1024 * 1024;

/// What the user should be told after an operation.
#[derive(Debug, Default)]
pub struct Notes {
    pub show: Vec<(MessageType, String)>,
    pub log: Vec<String>,
}

impl Notes {
    fn show(&mut self, typ: MessageType, msg: impl Into<String>) {
        self.show.push((typ, msg.into()));
    }
}

/// The annotation file of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SidecarState {
    Fine,
    /// Malformed or unreadable: shown as an Error, never overwritten until the
    /// user fixes or deletes it.
    Broken(String),
}

pub struct OpenDocument {
    pub uri: Url,
    /// The file behind the document; `None` for unsaved (untitled) buffers,
    /// whose annotations live in memory only.
    pub path: Option<PathBuf>,
    pub doc: Document,
    pub analysis: Analysis,
    pub annotations: Annotations,
    pub sidecar: SidecarState,
    /// Analysis paused because the document is too large.
    pub paused: bool,
    /// Byte offset of the last edit: when a document has more findings than
    /// are published, those around here are.
    pub focus: usize,
    /// Whether the user was told that not all findings are published.
    pub told_capped: bool,
    /// Fingerprint of the annotation file as Pactum last read or wrote it.
    pub sidecar_stamp: Option<String>,
    /// How this document's suggestions are published (`State::suggestion_severity`).
    pub suggestion_severity: SuggestionSeverity,
    /// The other annotator's annotations, when comparing (see `compare`).
    pub theirs: Option<compare::Theirs>,
    /// Why the server's text may differ from the editor's (an edit it could
    /// not apply). Ranged edits are then refused until a whole text arrives
    /// (a full change, a save, or reopening), so no annotation is misplaced.
    pub diverged: Option<String>,
    /// Whether the user was shown that this document went out of sync.
    pub told_diverged: bool,
}

impl OpenDocument {
    /// Stops following ranged edits: says why (log always, window once).
    pub fn diverge(&mut self, why: &str, notes: &mut Notes) {
        notes.log.push(format!("{}: out of sync: the editor sent {why}", self.uri));
        if !self.told_diverged {
            self.told_diverged = true;
            let name = self.path.as_deref().map_or_else(|| self.uri.to_string(), file_name);
            notes.show(
                MessageType::ERROR,
                format!(
                    "pactum: {name} is out of sync: the editor sent {why}. Pactum stopped following its edits so that \
                     no annotation is misplaced; save the file (or close and reopen it) to resynchronise."
                ),
            );
        }
        self.diverged = Some(why.to_string());
    }
}

/// Why a ranged change cannot be applied to `rope`, if it cannot. A
/// character past the end of a line is fine (LSP clamps it to the line's
/// end); a line past the last one, or an end before the start, means the
/// editor's text is not ours.
fn range_problem(rope: &ropey::Rope, r: tower_lsp::lsp_types::Range) -> Option<String> {
    let last = rope.len_lines().saturating_sub(1) as u32;
    let (s, e) = (r.start, r.end);
    if s.line > last || e.line > last {
        return Some(format!(
            "a change at line {} of a document with {} line(s)",
            s.line.max(e.line) + 1,
            last + 1
        ));
    }
    if (e.line, e.character) < (s.line, s.character) {
        return Some(format!(
            "a change whose end ({}:{}) is before its start ({}:{})",
            e.line + 1,
            e.character + 1,
            s.line + 1,
            s.character + 1
        ));
    }
    None
}

/// A span the user sees: an engine suggestion or a stored annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<'a> {
    /// Byte offsets in the current text (for stale annotations: where they
    /// were, clamped to the text).
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
    pub kind: FindingKind,
    /// The annotation's id (none for suggestions).
    pub id: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FindingKind {
    Suggestion,
    Accepted,
    Stale,
}

impl OpenDocument {
    /// The covered text of a finding (a stale annotation's recorded text).
    pub fn text_of<'a>(&'a self, f: &Finding<'a>) -> &'a str {
        if f.kind == FindingKind::Stale {
            if let Some(a) = f.id.and_then(|id| self.annotations.items.iter().find(|a| a.id == id)) {
                return &a.text;
            }
        }
        self.doc.text().get(f.start..f.end).unwrap_or_default()
    }

    /// Accepted and stale annotations, and the suggestions no annotation of
    /// the same span hides (accepted, relabelled or rejected), sorted by
    /// position. Rejected annotations are not shown.
    pub fn findings(&self) -> Vec<Finding<'_>> {
        self.findings_in(0..usize::MAX)
    }

    /// The findings overlapping or touching bytes `range`, sorted. Costs
    /// O(log n + findings returned), not O(document): suggestions are found by
    /// binary search from the paragraph where `range` starts.
    pub fn findings_in(&self, range: Range<usize>) -> Vec<Finding<'_>> {
        let (mut out, taken) = self.annotation_findings(|s, e| s <= range.end && e >= range.start);
        let suggestions = self.analysis.suggestions();
        let from = self.analysis.paragraph_start_at(range.start);
        let first = suggestions.partition_point(|s| s.start < from);
        for s in suggestions.get(first..).unwrap_or_default() {
            if s.start > range.end {
                break;
            }
            if s.end >= range.start && !taken.contains(&(s.start, s.end)) {
                out.push(Finding {
                    start: s.start,
                    end: s.end,
                    label: s.label.as_str(),
                    kind: FindingKind::Suggestion,
                    id: None,
                });
            }
        }
        out.sort_by_key(|f| (f.start, f.end, f.kind));
        out
    }

    /// Findings of the annotations whose byte span passes `keep`, and the
    /// spans of all placed (accepted or rejected) annotations, which hide
    /// suggestions of the same span.
    fn annotation_findings(
        &self,
        keep: impl Fn(usize, usize) -> bool,
    ) -> (Vec<Finding<'_>>, HashSet<(usize, usize)>) {
        let rope = self.doc.rope();
        let len = rope.len_chars();
        let mut out = Vec::new();
        let mut taken = HashSet::new();
        for a in &self.annotations.items {
            let (s, e) = if a.stale {
                // Offsets from another text may fall inside a `\r\n`.
                (position::off_crlf(rope, a.start), position::off_crlf(rope, a.end))
            } else {
                (a.start.min(len), a.end.min(len))
            };
            let (s, e) = (rope.char_to_byte(s), rope.char_to_byte(e));
            let kind = match (a.stale, a.status) {
                (true, _) => FindingKind::Stale,
                (false, Status::Rejected) => {
                    taken.insert((s, e));
                    continue;
                }
                (false, Status::Accepted) => {
                    taken.insert((s, e));
                    FindingKind::Accepted
                }
            };
            if keep(s, e) {
                out.push(Finding { start: s, end: e, label: &a.label, kind, id: Some(&a.id) });
            }
        }
        (out, taken)
    }

    /// How many findings `findings()` would return, without building them.
    pub fn count_findings(&self) -> usize {
        self.annotation_findings(|_, _| true).0.len() + self.count_suggestions()
    }

    /// How many suggestions are shown (not hidden by an annotation).
    pub fn count_suggestions(&self) -> usize {
        let (_, taken) = self.annotation_findings(|_, _| false);
        let suggestions = self.analysis.suggestions();
        let hidden: usize = taken
            .iter()
            .map(|&(s, e)| {
                let i = suggestions.partition_point(|x| x.start < s);
                suggestions
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|x| x.start == s)
                    .filter(|x| x.end == e)
                    .count()
            })
            .sum();
        suggestions.len() - hidden
    }

    /// The stale annotations, as findings at their clamped old place.
    pub fn stale_findings(&self) -> Vec<Finding<'_>> {
        let (mut all, _) = self.annotation_findings(|_, _| true);
        all.retain(|f| f.kind == FindingKind::Stale);
        all
    }

    /// Findings covering byte `b` (a span's end counts, so a cursor right
    /// after a word still finds it), innermost first.
    pub fn findings_at(&self, b: usize) -> Vec<Finding<'_>> {
        let mut hits: Vec<Finding<'_>> =
            self.findings_in(b..b).into_iter().filter(|f| f.kind != FindingKind::Stale).collect();
        hits.sort_by_key(|f| (f.end - f.start, f.kind == FindingKind::Suggestion));
        hits
    }

    /// Re-reads the annotation file if it changed on disk since Pactum last
    /// read or wrote it (a hand edit, a git checkout), so such changes are
    /// taken up, or reported if broken, and never written over blindly. The
    /// in-memory annotations differ from the file only by the positions that
    /// edits moved (commands write at once), which re-anchoring recovers.
    /// Returns whether the file was re-read.
    pub fn sync_sidecar(&mut self) -> bool {
        let Some(path) = &self.path else { return false };
        let now = sidecar::stamp(path);
        if now == self.sidecar_stamp {
            return false;
        }
        self.sidecar_stamp = now;
        match sidecar::load(path, self.doc.text(), self.doc.rope()) {
            Ok((anns, _)) => {
                self.annotations = anns;
                self.sidecar = SidecarState::Fine;
            }
            Err(msg) => self.sidecar = SidecarState::Broken(msg),
        }
        true
    }

    /// Writes the annotation file, unless it is broken or there is no file.
    pub fn persist(&mut self, schema_id: &str) -> Result<(), String> {
        self.sync_sidecar();
        if let SidecarState::Broken(msg) = &self.sidecar {
            return Err(format!("the annotation file is broken and was left untouched: {msg}"));
        }
        let Some(path) = &self.path else {
            return Ok(());
        };
        sidecar::save(path, schema_id, self.doc.text(), self.doc.rope(), &mut self.annotations)?;
        self.sidecar_stamp = sidecar::stamp(path);
        Ok(())
    }

    fn reanalyse(&mut self, engine: &Engine, schema: &Schema, learned: Option<&Learned>, notes: &mut Notes) {
        let too_big = self.doc.text().len() > MAX_ANALYSED_BYTES;
        if too_big {
            if !self.paused {
                self.paused = true;
                self.analysis = Analysis::default();
                notes.show(
                    MessageType::WARNING,
                    format!(
                        "pactum: {} is larger than {} MB: engine suggestions are paused for it (annotations still work)",
                        self.uri,
                        MAX_ANALYSED_BYTES / (1024 * 1024)
                    ),
                );
            }
            return;
        }
        if self.paused {
            self.paused = false;
            self.analysis = Analysis::new(self.doc.text());
        }
        self.analysis.refresh_with(engine, schema, self.doc.text(), learned);
        let total = self.count_findings();
        if !self.told_capped && total > MAX_DIAGNOSTICS {
            self.told_capped = true;
            notes.show(
                MessageType::INFO,
                format!(
                    "pactum: {} has {total} findings; the {MAX_DIAGNOSTICS} around the last edit are listed as diagnostics, hover, code actions and highlighting cover all of them",
                    self.uri
                ),
            );
        }
    }
}

pub struct State {
    /// Shared with work done off the lock (exports with suggestions).
    pub engine: std::sync::Arc<Engine>,
    pub schema: Schema,
    pub encoding: Encoding,
    pub root: Option<PathBuf>,
    pub docs: HashMap<Url, OpenDocument>,
    /// Open documents that are not plain text: their changes are ignored quietly.
    pub ignored: HashSet<Url>,
    /// The annotations of the workspace's files, built in the background.
    pub index: SharedIndex,
    /// What the editor said about itself and its user's settings.
    pub settings: EditorSettings,
    /// `[suggestions] severity` of `pactum.toml`, if it says.
    pub config_severity: Option<SuggestionSeverity>,
    /// The name recorded on annotations and statuses (`pactum_store::annotator`).
    pub annotator: Option<String>,
    /// Another annotator's copy to adjudicate against.
    pub compare: Option<compare::CompareWith>,
    /// The workspace learner (`learning`): what the annotation files teach.
    pub learning: Learning,
}

impl State {
    pub fn new(schema: Schema, encoding: Encoding, root: Option<PathBuf>) -> Self {
        State {
            engine: std::sync::Arc::new(Engine::new()),
            schema,
            encoding,
            root,
            docs: HashMap::new(),
            ignored: HashSet::new(),
            index: SharedIndex::default(),
            settings: EditorSettings::default(),
            config_severity: None,
            annotator: None,
            compare: None,
            learning: Learning::default(),
        }
    }

    /// The current workspace learner, if it learnt anything.
    pub fn learned(&self) -> Option<std::sync::Arc<Learned>> {
        self.learning.learned.clone()
    }

    /// Swaps in a newly trained learner with the open documents' shown
    /// suggestions `relearn` computed for it off the lock: paragraphs
    /// unchanged since its snapshot take them, the others (edited, or of
    /// documents opened, meanwhile) are computed here, as typing would. The
    /// engine's analyses are kept. Returns every open document's URI.
    pub fn swap_learned(
        &mut self,
        learned: std::sync::Arc<Learned>,
        computed: &Computed,
    ) -> (Vec<Url>, Swapped) {
        self.learning.learned = Some(learned.clone());
        let mut notes = Notes::default();
        let engine = self.engine.clone();
        let mut swapped = Swapped::default();
        for (uri, open) in self.docs.iter_mut() {
            let (taken, left) = open.analysis.adopt_shown(learned.generation, computed.by_document.get(uri));
            swapped.adopted += taken;
            swapped.recomputed += left;
            open.reanalyse(&engine, &self.schema, Some(&learned), &mut notes);
        }
        (self.docs.keys().cloned().collect(), swapped)
    }

    /// Puts the in-memory annotations of open documents into the workspace
    /// index (after they were written: commands, saves). No disk access.
    pub fn reindex(&self, uris: &[Url]) {
        let mut index = index::lock(&self.index);
        for open in uris.iter().filter_map(|u| self.docs.get(u)) {
            let (Some(path), SidecarState::Fine) = (&open.path, &open.sidecar) else { continue };
            if open.annotations.items.is_empty() && open.sidecar_stamp.is_none() {
                continue; // no annotation file
            }
            let file = IndexedFile::new(&open.annotations.items, open.annotations.document.clone());
            index.set(path.clone(), file);
        }
    }

    /// The severity of suggestions: the editor setting, else `pactum.toml`,
    /// else Information.
    pub fn suggestion_severity(&self) -> SuggestionSeverity {
        self.settings.suggestion_severity.or(self.config_severity).unwrap_or_default()
    }

    /// Applies a changed severity to the open documents; returns the ones
    /// whose diagnostics must be published again.
    pub fn apply_suggestion_severity(&mut self) -> Vec<Url> {
        let severity = self.suggestion_severity();
        let mut changed = Vec::new();
        for (uri, open) in &mut self.docs {
            if open.suggestion_severity != severity {
                open.suggestion_severity = severity;
                changed.push(uri.clone());
            }
        }
        changed
    }

    /// Analyses every open document again (the engine or schema changed:
    /// a configuration that arrived after `initialize`); their URIs.
    pub fn reanalyse_all(&mut self) -> (Vec<Url>, Notes) {
        let mut notes = Notes::default();
        let (engine, schema, learned) = (self.engine.clone(), &self.schema, self.learned());
        for open in self.docs.values_mut() {
            if !open.paused {
                open.analysis = Analysis::new(open.doc.text());
            }
            open.reanalyse(&engine, schema, learned.as_deref(), &mut notes);
        }
        (self.docs.keys().cloned().collect(), notes)
    }

    /// The schema's clause labels, in its order (the guide's precedence).
    pub fn clause_labels(&self) -> Vec<String> {
        self.schema.labels_of(pactum_schema::LabelKind::Clause).map(|l| l.name.clone()).collect()
    }

    /// (Re)loads the other annotator's annotations of an open document;
    /// returns a note when they cannot be read.
    pub fn load_theirs(&mut self, uri: &Url) -> Option<String> {
        let clause_labels = self.clause_labels();
        let open = self.docs.get_mut(uri)?;
        let (Some(with), Some(root), Some(path)) = (&self.compare, &self.root, &open.path) else {
            open.theirs = None;
            return None;
        };
        match compare::load(with, root, path, open.doc.text(), &clause_labels) {
            Ok(theirs) => {
                let kept = open.theirs.take().map(|t| t.kept).unwrap_or_default();
                open.theirs = theirs.map(|t| compare::Theirs { kept, ..t });
                None
            }
            Err(msg) => {
                open.theirs = None;
                Some(format!("{uri}: cannot compare with {}: {msg}", with.root.display()))
            }
        }
    }

    /// Opens (or re-opens) a document: loads its annotations, re-anchoring
    /// them if the file changed outside the editor, and analyses it.
    pub fn open(&mut self, uri: Url, text: String, version: i32) -> Notes {
        let mut notes = Notes::default();
        let path = uri.to_file_path().ok();
        let doc = Document::new(text, version);
        let (annotations, sidecar_state) = match &path {
            None => (Annotations::default(), SidecarState::Fine),
            Some(p) => match sidecar::load(p, doc.text(), doc.rope()) {
                Ok((anns, report)) => {
                    if let Some(r) = report {
                        notes.log.push(format!(
                            "{uri}: text changed since its annotations were saved; re-anchored: {} in place, {} moved, {} stale",
                            r.unchanged,
                            r.moved,
                            r.stale.len()
                        ));
                        if !r.stale.is_empty() {
                            notes.show(
                                MessageType::WARNING,
                                format!("pactum: {} annotation(s) of {} could not be placed in the changed text; they are shown as stale", r.stale.len(), file_name(p)),
                            );
                        }
                    }
                    (anns, SidecarState::Fine)
                }
                Err(msg) => {
                    notes.show(MessageType::ERROR, format!("pactum: {msg}"));
                    (Annotations::default(), SidecarState::Broken(msg))
                }
            },
        };
        let mut open = OpenDocument {
            uri: uri.clone(),
            path,
            analysis: Analysis::default(),
            doc,
            annotations,
            sidecar: sidecar_state,
            paused: false,
            focus: 0,
            told_capped: false,
            sidecar_stamp: None,
            suggestion_severity: self.suggestion_severity(),
            theirs: None,
            diverged: None,
            told_diverged: false,
        };
        open.sidecar_stamp = open.path.as_deref().and_then(sidecar::stamp);
        if open.doc.text().len() <= MAX_ANALYSED_BYTES {
            open.analysis = Analysis::new(open.doc.text());
        }
        open.reanalyse(&self.engine, &self.schema, self.learned().as_deref(), &mut notes);
        self.docs.insert(uri.clone(), open);
        if let Some(msg) = self.load_theirs(&uri) {
            notes.log.push(msg);
        }
        notes
    }

    /// Applies content changes. `None` when the document is not open.
    pub fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
    ) -> Option<Notes> {
        let enc = self.encoding;
        let learned = self.learned();
        let open = self.docs.get_mut(uri)?;
        let mut notes = Notes::default();
        for change in changes {
            match (change.range, &open.diverged) {
                (None, Some(_)) => {
                    open.diverged = None;
                    notes.log.push(format!("{uri}: in sync again (the editor sent the whole text)"));
                }
                (Some(_), Some(why)) => {
                    notes
                        .log
                        .push(format!("{uri}: ignored a change: out of sync since the editor sent {why}"));
                    continue;
                }
                (Some(r), None) => {
                    if let Some(why) = range_problem(open.doc.rope(), r) {
                        open.diverge(&why, &mut notes);
                        continue;
                    }
                }
                (None, None) => {}
            }
            let edit = open.doc.apply(change, enc);
            if let Some(theirs) = &mut open.theirs {
                theirs.annotations.apply_edit(&edit, open.doc.rope());
            }
            let followed = open.annotations.apply_edit(&edit, open.doc.rope());
            for gone in &followed.detached {
                notes.log.push(format!(
                    "{uri}: detached {} “{}”: its whole text was deleted; kept as stale until the text returns",
                    gone.label, gone.text
                ));
            }
            if !followed.reattached.is_empty() {
                notes.log.push(format!(
                    "{uri}: re-attached {} annotation(s) whose text returned",
                    followed.reattached.len()
                ));
            }
            if !open.paused {
                open.analysis.edit(open.doc.text(), &edit);
            }
            open.focus = edit.start_byte;
        }
        open.doc.version = version;
        open.reanalyse(&self.engine, &self.schema, learned.as_deref(), &mut notes);
        Some(notes)
    }

    /// The path of `uri` when it is open and out of sync (see
    /// `OpenDocument::diverged`): a save can bring it back in sync.
    pub fn diverged_path(&self, uri: &Url) -> Option<PathBuf> {
        self.docs.get(uri).filter(|o| o.diverged.is_some()).and_then(|o| o.path.clone())
    }

    /// Takes the editor's whole text (from a save) as the document's text,
    /// ending a divergence. Annotations follow the difference as for any edit.
    pub fn resync(&mut self, uri: &Url, text: String) -> Option<Notes> {
        let version = self.docs.get(uri)?.doc.version;
        let whole = TextDocumentContentChangeEvent { range: None, range_length: None, text };
        let mut notes = self.change(uri, version, &[whole])?;
        notes.show(MessageType::INFO, format!("pactum: {uri} is in sync again (from the saved file)"));
        Some(notes)
    }

    /// didSave: writes the annotation file for the saved text, after taking
    /// up changes made to it outside Pactum (a broken file is left alone).
    pub fn save(&mut self, uri: &Url) -> Option<Notes> {
        let schema_id = self.schema.id.clone();
        let open = self.docs.get_mut(uri)?;
        let mut notes = Notes::default();
        let path = open.path.clone()?;
        let was_broken = matches!(open.sidecar, SidecarState::Broken(_));
        open.sync_sidecar();
        match (&open.sidecar, was_broken) {
            (SidecarState::Broken(msg), _) => {
                notes.log.push(format!("{uri}: annotation file not written, it is broken: {msg}"));
                return Some(notes);
            }
            (SidecarState::Fine, true) => {
                notes.show(
                    MessageType::INFO,
                    format!("pactum: the annotation file of {} is readable again", file_name(&path)),
                );
            }
            (SidecarState::Fine, false) => {}
        }
        if open.annotations.items.is_empty() && !sidecar::exists(&path) {
            return Some(notes);
        }
        if let Err(e) = open.persist(&schema_id) {
            notes.show(MessageType::ERROR, format!("pactum: {e}"));
        }
        Some(notes)
    }

    pub fn close(&mut self, uri: &Url) -> bool {
        self.ignored.remove(uri);
        self.docs.remove(uri).is_some()
    }
}

pub fn file_name(p: &std::path::Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string())
}

/// Whether a document of this language / uri is served: plain text, under
/// the ids editors use for it.
pub fn is_served(language_id: &str, uri: &Url) -> bool {
    matches!(language_id, "plaintext" | "text" | "txt") || uri.path().ends_with(".txt")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_with(text: &str) -> (State, Url) {
        let mut state = State::new(Schema::parks_v1(), Encoding::Utf16, None);
        let uri = Url::parse("untitled:doc").unwrap();
        state.open(uri.clone(), text.to_string(), 1);
        (state, uri)
    }

    #[test]
    fn findings_in_a_range_equal_filtering_all_findings() {
        let text =
            "Kista Science Park signed an agreement with Ascendas Plc.\n\nOtaniemi Science Park. An MOU.\n";
        let (mut state, uri) = state_with(text);
        let open = state.docs.get_mut(&uri).unwrap();
        let rope = open.doc.rope().clone();
        assert!(open.annotations.set(&rope, 0, 5, "GPE", Status::Accepted));
        assert!(open.annotations.set(&rope, 0, 18, "PARK", Status::Rejected));
        let all = open.findings();
        assert!(all.iter().all(|f| !(f.start == 0 && f.end == 18)), "the rejected PARK is hidden");
        assert_eq!(open.count_findings(), all.len());
        for a in 0..text.len() {
            for b in a..text.len().min(a + 40) {
                let want: Vec<_> = all.iter().filter(|f| f.start <= b && f.end >= a).cloned().collect();
                assert_eq!(open.findings_in(a..b), want, "{a}..{b}");
            }
        }
    }

    #[test]
    fn big_documents_publish_the_findings_around_the_last_edit() {
        let text = "Kista Science Park.\n\n".repeat(3 * super::super::diagnostics::MAX_DIAGNOSTICS);
        let (mut state, uri) = state_with(&text);
        let change = TextDocumentContentChangeEvent {
            range: Some(tower_lsp::lsp_types::Range::new(
                tower_lsp::lsp_types::Position::new(4000, 19),
                tower_lsp::lsp_types::Position::new(4000, 19),
            )),
            range_length: None,
            text: "x".into(),
        };
        let notes = state.change(&uri, 2, &[change]).unwrap();
        assert!(notes.show.is_empty(), "told once, on open");
        let open = state.docs.get(&uri).unwrap();
        let diags = super::super::diagnostics::for_document(open, Encoding::Utf16);
        let max = super::super::diagnostics::MAX_DIAGNOSTICS;
        assert!(diags.len() <= max, "{}", diags.len());
        let lines: Vec<u32> =
            diags.iter().filter(|d| d.range.start.line > 0).map(|d| d.range.start.line).collect();
        assert!(lines.contains(&4000), "the edited line is published");
        assert!(lines.iter().all(|l| (3000..=5000).contains(l)), "only lines around the edit");
    }

    #[test]
    fn no_more_diagnostics_than_the_cap_with_annotations_and_stale_ones() {
        let max = super::super::diagnostics::MAX_DIAGNOSTICS;
        let text = "Kista Science Park.\n\n".repeat(3 * max);
        let (mut state, uri) = state_with(&text);
        let open = state.docs.get_mut(&uri).unwrap();
        let rope = open.doc.rope().clone();
        // An accepted annotation beside every suggestion (2 findings per
        // paragraph), and stale ones at the far end.
        for p in 0..3 * max {
            let start = p * 21;
            assert!(open.annotations.set(&rope, start, start + 5, "GPE", Status::Accepted));
        }
        for a in open.annotations.items.iter_mut().rev().take(10) {
            a.stale = true;
        }
        open.focus = 1500 * 21;
        open.analysis.refresh(&state.engine, &state.schema, open.doc.text());
        let open = state.docs.get(&uri).unwrap();
        assert!(open.count_findings() > 2 * max);
        let diags = super::super::diagnostics::for_document(open, Encoding::Utf16);
        assert_eq!(diags.len(), max, "the documented cap");
        let stale = diags.iter().filter(|d| d.message.starts_with("stale annotation")).count();
        assert_eq!(stale, 10, "every stale annotation is among them");
        assert!(diags.iter().any(|d| d.range.start.line == 3000), "the focus is");
    }
}
