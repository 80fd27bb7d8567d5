//! The workspace learns: a background learner (`pactum_learn`) built from the
//! workspace index's annotation files and retrained after every change to
//! them, swapped into the state as an `Arc` and applied to the open documents.
//!
//! Where the work happens, so that typing never waits:
//! - a thread of its own (`pactum-learn`) receives the index's changes (one
//!   per file: annotation commands, saves and watched outside changes all go
//!   through the index) and forget requests, waits until they stop coming for
//!   [`DEBOUNCE`], reads the changed texts (open documents' from the editor,
//!   the others from disk, never under a lock), annotates them with the
//!   engine, updates its [`Corpus`] and retrains;
//! - the new learner is sent to an async task that computes the open
//!   documents' new shown suggestions off the state lock from a snapshot
//!   taken under a short lock (`relearn`), then takes the lock only to swap
//!   the learner and those suggestions in (paragraphs edited meanwhile are
//!   recomputed then), re-publishes the diagnostics that changed and tells
//!   `pactum/learned`.
//!
//! `learn = false` in `pactum.toml` ([`Switch::Off`]): no learner runs, the
//! engine's suggestions are shown as they are. A learner runs with the
//! schema's labels and the engine's rules it was started with: a
//! `pactum.toml` read later that changes either (or the switch) stops it and
//! starts a new one, which learns from every annotation file again.
//!
//! The first training waits for the index's first scan and reports
//! `$/progress` when the workspace holds [`BIG`] annotated files or more.
//! Annotation files the index could not read are skipped, with their path in
//! a message (and never written: only the index reads them here). What the
//! user asked to forget is kept in `.pactum/forget.json` (see `forget`).

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use pactum_engine::{Engine, Options, Span};
use pactum_learn::{Corpus, Coverage, Judged, Labels, Learner, Settings, Verdict, Why};
use pactum_schema::{LabelKind, Schema};
use pactum_store::Status;
use pactum_text::CharToByte;
use serde_json::json;
use tower_lsp::lsp_types::notification::Notification;
use tower_lsp::lsp_types::{Diagnostic, MessageType, Url};
use tower_lsp::Client;

use super::forget;
use super::index::{self, IndexChange, IndexedFile};
use super::progress::Progress;
use super::relearn::Snapshot;
use super::state::State;
use super::suggested::Suggested;

/// Changes closer together than this are learnt from in one retraining.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
/// …but a steady stream of changes is learnt from at least this often.
const MAX_WAIT: Duration = Duration::from_secs(2);
/// Annotated files from which the first training reports `$/progress`.
pub const BIG: usize = 200;

/// A trained learner, as the open documents use it.
pub struct Learned {
    pub learner: Learner,
    /// Counts up with every retraining: documents recompute their shown
    /// suggestions when it differs from theirs.
    pub generation: u64,
    /// The texts the user asked to forget (the learner ignores them).
    pub forgotten: BTreeSet<String>,
    /// The schema's clause labels (a forgotten text inside a clause leaves the clause).
    pub clauses: HashSet<String>,
}

impl Learned {
    /// The shown suggestions of one paragraph, from the engine's linked
    /// spans of it (paragraph-relative bytes), at least `min_confidence`
    /// sure (`pactum.toml` `min_confidence` hides demoted rules too).
    pub fn suggest(&self, paragraph: &str, engine: &[Span], min_confidence: f32) -> Vec<Suggested> {
        let mut out: Vec<Suggested> = self
            .learner
            .suggest(paragraph, engine)
            .into_iter()
            .filter(|s| s.confidence >= min_confidence && s.start < s.end && s.end <= paragraph.len())
            .map(Suggested::from_learner)
            .collect();
        // A span only the tagger proposes that swallows an engine entity and
        // runs past it ("Ascendas Plc will open an office") is a run-on of
        // a tagger that learnt from little: the engine's span stands there
        // (added back below). A remembered text (memory) is never dropped.
        out.retain(|s| {
            !matches!(s.learned, Some(Why::Model { .. }))
                || !engine.iter().any(|e| {
                    !e.label.is_clause()
                        && e.start >= s.start
                        && e.end <= s.end
                        && (e.start, e.end) != (s.start, s.end)
                })
        });
        self.engine_without_evidence(paragraph, engine, min_confidence, &mut out);
        if !self.forgotten.is_empty() {
            self.engine_where_forgotten(paragraph, engine, &mut out);
        }
        out.sort_by_key(|s| (s.start, s.end, s.label));
        out
    }

    /// The engine's entity suggestions the learner left out although the
    /// workspace says nothing against them stand: with little learnt, the
    /// tagger does not always reproduce every engine span (a low-confidence
    /// name, say), and an annotator should not see suggestions vanish from a
    /// document nobody judged. Evidence against one is the text rejected as
    /// that label more often than accepted, or its rule so rejected that its
    /// share of accepts falls under the learner's floor (between the floor
    /// and 0.5 it is shown with that lower confidence, for `min_confidence`).
    fn engine_without_evidence(&self, paragraph: &str, engine: &[Span], min: f32, out: &mut Vec<Suggested>) {
        let floor = Settings::default().floor;
        let mut added = Vec::new();
        for e in engine.iter().filter(|e| !e.label.is_clause() && e.start < e.end && e.end <= paragraph.len())
        {
            if out.iter().any(|s| s.start < e.end && s.end > e.start && !s.label.is_clause_in(&self.clauses))
            {
                continue;
            }
            let text = paragraph.get(e.start..e.end).unwrap_or_default();
            if self.forgotten.contains(text) {
                continue; // `engine_where_forgotten` puts it back
            }
            let c = self.learner.memory_counts(text, e.label.as_str());
            if c.rejected > c.accepted {
                continue;
            }
            let mut shown = Suggested::from_engine(e);
            if let Some(rule) = e.provenance.first() {
                let counts = self.learner.rule_counts(rule);
                if counts.accepted + counts.rejected > 0 {
                    shown.confidence = counts.ratio();
                    shown.learned = Some(Why::Rules { provenance: e.provenance, rule: Some((rule, counts)) });
                }
            }
            if shown.confidence >= floor && shown.confidence >= min {
                added.push(shown);
            }
        }
        out.extend(added);
    }

    /// Where a forgotten text occurs, the engine's entity suggestions stand
    /// as they are — what "forget" promises the user, whatever the learner
    /// made of the place (its own restoring keeps only what its tagger
    /// still sees; with nothing learnt that is not always all of them).
    fn engine_where_forgotten(&self, paragraph: &str, engine: &[Span], out: &mut Vec<Suggested>) {
        for f in &self.forgotten {
            for (at, _) in paragraph.match_indices(f.as_str()) {
                let r = at..at + f.len();
                let overlaps = |s: usize, e: usize| s < r.end && e > r.start;
                out.retain(|s| !overlaps(s.start, s.end) || s.label.is_clause_in(&self.clauses));
                for e in engine.iter().filter(|e| overlaps(e.start, e.end) && !e.label.is_clause()) {
                    if !out
                        .iter()
                        .any(|s| s.start == e.start && s.end == e.end && s.label == *e.label.as_str())
                    {
                        out.push(Suggested::from_engine(e));
                    }
                }
            }
        }
    }
}

/// Whether the workspace learns: `learn` of `pactum.toml` (default on).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Switch {
    #[default]
    On,
    /// No learner thread; the engine's suggestions only.
    Off,
}

/// Every learner's generations come from here, so that a restarted learner
/// never repeats one a document's analysis was made with.
static GENERATION: AtomicU64 = AtomicU64::new(0);
/// Ids of started learners (a swap from a stopped one is dropped).
static LEARNER_ID: AtomicU64 = AtomicU64::new(0);

/// What the server keeps of the learner (in `State`).
#[derive(Default)]
pub struct Learning {
    /// The current learner; `None` until it learnt from at least one
    /// annotated document (then the engine's suggestions are shown as they are).
    pub learned: Option<Arc<Learned>>,
    /// `learn` of `pactum.toml`.
    pub switch: Switch,
    /// The learner thread; `None` when nothing learns (no workspace folder,
    /// or `learn = false`).
    running: Option<Running>,
}

/// A started learner.
struct Running {
    id: u64,
    /// To the learning thread.
    events: Sender<Event>,
    /// Set to stop the thread (also told by `Event::Stop`, to wake it).
    stop: Arc<AtomicBool>,
    /// What it learns with: a configuration that changes them restarts it.
    labels: Labels,
    options: Options,
}

impl Learning {
    /// Asks the learner to ignore `text` from now on (stored in
    /// `.pactum/forget.json` by the learning thread).
    pub fn forget(&self, text: &str) -> Result<(), String> {
        let running = self.running.as_ref().ok_or_else(|| match self.switch {
            Switch::Off => {
                "learning is off (`learn = false` in pactum.toml): nothing was learnt to forget".to_string()
            }
            Switch::On => {
                "nothing is learnt without a workspace folder: open the folder holding the texts".to_string()
            }
        })?;
        running
            .events
            .send(Event::Forget(text.to_string()))
            .map_err(|_| "the learner stopped (see the log)".to_string())
    }

    /// Whether a learner runs.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    fn is_current(&self, id: u64) -> bool {
        self.running.as_ref().is_some_and(|r| r.id == id)
    }

    /// Whether the running learner learns with other labels or engine rules
    /// than these (a `pactum.toml` read after it started).
    pub fn is_stale(&self, labels: &Labels, options: &Options) -> bool {
        self.running.as_ref().is_some_and(|r| r.labels != *labels || r.options != *options)
    }

    /// Stops the learner, if one runs, and drops what it learnt: the
    /// engine's suggestions stand (re-analyse the open documents).
    pub fn stop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop.store(true, Ordering::Relaxed);
            let _ = r.events.send(Event::Stop);
        }
        self.learned = None;
    }

    /// Whether `text` was forgotten.
    pub fn is_forgotten(&self, text: &str) -> bool {
        self.learned.as_ref().is_some_and(|l| l.forgotten.contains(text))
    }
}

enum Event {
    /// The annotations of this text changed (or went away).
    Changed(PathBuf),
    Forget(String),
    /// The learner was stopped (`learn = false`, or a restart).
    Stop,
}

/// What the learning thread tells the server.
enum ToServer {
    Begin { files: usize },
    Report { done: usize, files: usize },
    End { documents: usize },
    Note(MessageType, String),
    Swap(Arc<Learned>),
}

/// `pactum/learned` `{generation, documents, forgotten}`: the open
/// documents were re-published with a newly trained learner.
pub enum LearnedNotification {}

impl Notification for LearnedNotification {
    type Params = serde_json::Value;
    const METHOD: &'static str = "pactum/learned";
}

/// Starts learning (when there is a workspace folder, learning is on and no
/// learner runs yet). Call before the index's first scan starts, so that
/// the scan's files reach the learner (started later, it learns from what
/// the index holds).
pub fn start(state: &Arc<Mutex<State>>, client: Client, progress: bool, refresh_tokens: bool) {
    let (tx, rx) = channel();
    let id = LEARNER_ID.fetch_add(1, Ordering::Relaxed) + 1;
    let stop = Arc::new(AtomicBool::new(false));
    let (setup, shared_index) = {
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        let Some(root) = s.root.clone() else { return };
        if s.learning.switch == Switch::Off || s.learning.running.is_some() {
            return;
        }
        s.learning.running = Some(Running {
            id,
            events: tx.clone(),
            stop: stop.clone(),
            labels: labels_of(&s.schema),
            options: *s.engine.options(),
        });
        let setup = Setup {
            root,
            index: Arc::downgrade(&s.index),
            engine: s.engine.clone(),
            labels: labels_of(&s.schema),
            clauses: s.schema.labels_of(LabelKind::Clause).map(|l| l.name.clone()).collect(),
        };
        (setup, s.index.clone())
    };
    let changes = index::lock(&shared_index).subscribe();
    drop(shared_index);
    let (to_server, mut from_thread) = tokio::sync::mpsc::unbounded_channel();
    let stopped = stop.clone();
    let forwarded = std::thread::Builder::new().name("pactum-learn-events".into()).spawn(move || {
        for change in changes {
            if stopped.load(Ordering::Relaxed) {
                return;
            }
            let path = match change {
                IndexChange::Updated(p) | IndexChange::Removed(p) => p,
            };
            if tx.send(Event::Changed(path)).is_err() {
                return;
            }
        }
    });
    // Weak: when the server goes, its state and index go, the index's
    // subscription ends, and so do these threads and the task below.
    let shared = Arc::downgrade(state);
    let learner = std::thread::Builder::new()
        .name("pactum-learn".into())
        .spawn(move || Trainer::new(setup, shared, to_server, stop).run(rx));
    if forwarded.is_err() || learner.is_err() {
        return;
    }
    let state = Arc::downgrade(state);
    tokio::spawn(async move {
        let mut shown: Option<Progress> = None;
        // Messages taken from the channel while looking for a newer learner.
        let mut pending: VecDeque<ToServer> = VecDeque::new();
        loop {
            let msg = match pending.pop_front() {
                Some(msg) => msg,
                None => match from_thread.recv().await {
                    Some(msg) => msg,
                    None => return,
                },
            };
            match msg {
                ToServer::Begin { files } => {
                    let p = Progress::begin(&client, progress, "pactum/learn", "Pactum: learning").await;
                    p.report(format!("0/{files} annotated files"), Some(0)).await;
                    shown = Some(p);
                }
                ToServer::Report { done, files } => {
                    if let Some(p) = &shown {
                        let pct = (done * 100).checked_div(files).unwrap_or(100) as u32;
                        p.report(format!("{done}/{files} annotated files"), Some(pct)).await;
                    }
                }
                ToServer::End { documents } => {
                    if let Some(p) = shown.take() {
                        p.end(format!("learnt from {documents} annotated files")).await;
                    }
                }
                ToServer::Note(typ, msg) => {
                    if typ == MessageType::LOG {
                        client.log_message(MessageType::INFO, msg).await;
                    } else {
                        client.show_message(typ, msg).await;
                    }
                }
                ToServer::Swap(mut learned) => {
                    // A newer learner already waiting replaces this one: for
                    // a big document each swap is seconds of work, and doing
                    // every one in turn would fall ever further behind.
                    while let Ok(next) = from_thread.try_recv() {
                        match next {
                            ToServer::Swap(newer) => learned = newer,
                            other => pending.push_back(other),
                        }
                    }
                    let Some(state) = state.upgrade() else { return };
                    swap_in(&state, &client, id, learned).await;
                    if refresh_tokens {
                        let client = client.clone();
                        tokio::spawn(async move {
                            let _ = client.semantic_tokens_refresh().await;
                        });
                    }
                }
            }
        }
    });
}

/// Swaps a newly trained learner in (see `relearn`): a snapshot under a
/// short lock, the new suggestions computed off it, the lock again only to
/// swap them in; then the documents whose diagnostics changed are
/// re-published and `pactum/learned` is sent. A learner stopped meanwhile
/// (`learn = false`, a restart) is not swapped in.
async fn swap_in(state: &Arc<Mutex<State>>, client: &Client, id: u64, learned: Arc<Learned>) {
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    let params = json!({
        "generation": learned.generation,
        "documents": learned.learner.trained_on(),
        "forgotten": learned.forgotten.len(),
    });
    let (snapshot, snapshot_held) = {
        let s = lock();
        let locked = Instant::now();
        if !s.learning.is_current(id) {
            return;
        }
        (Snapshot::of(&s), locked.elapsed())
    };
    let started = Instant::now();
    let work = learned.clone();
    let Ok(computed) = tokio::task::spawn_blocking(move || snapshot.compute(&work)).await else { return };
    let computing = started.elapsed();
    // Only the documents whose diagnostics changed are published again:
    // the editor (and its user) sees no churn.
    let (batches, swapped, swap_held) = {
        let mut s = lock();
        let locked = Instant::now();
        if !s.learning.is_current(id) {
            return;
        }
        let uris: Vec<_> = s.docs.keys().cloned().collect();
        let before: Vec<_> =
            super::server::Backend::diagnostics_of(&s, &uris).iter().map(normalised).collect();
        let (uris, swapped) = s.swap_learned(learned, &computed);
        let mut after = super::server::Backend::diagnostics_of(&s, &uris);
        after.retain(|b| !before.contains(&normalised(b)));
        (after, swapped, locked.elapsed())
    };
    // The computed suggestions not taken are freed here, off the lock.
    drop(computed);
    for (uri, diags, version) in batches {
        client.publish_diagnostics(uri, diags, Some(version)).await;
    }
    // Right after the diagnostics: an editor that sees them sees this next.
    client.send_notification::<LearnedNotification>(params).await;
    client
        .log_message(
            MessageType::INFO,
            format!(
                "pactum: the new learner's suggestions swapped in: {} paragraph(s) computed off the lock in {} ms, \
                 {} edited or opened meanwhile recomputed; the lock held {} ms for the snapshot, {} ms for the swap",
                swapped.adopted,
                computing.as_millis(),
                swapped.recomputed,
                snapshot_held.as_millis(),
                swap_held.as_millis()
            ),
        )
        .await;
}

/// A document's diagnostics in a fixed order, to tell whether retraining
/// changed what the editor shows (and not merely the order of spans that
/// start at the same place).
fn normalised(batch: &(Url, Vec<Diagnostic>, i32)) -> (Url, Vec<String>, i32) {
    let mut d: Vec<String> = batch.1.iter().map(|d| serde_json::to_string(d).unwrap_or_default()).collect();
    d.sort();
    (batch.0.clone(), d, batch.2)
}

/// The schema's labels as the learner sees them.
pub fn labels_of(schema: &Schema) -> Labels {
    Labels::new(
        schema.labels_of(LabelKind::Entity).map(|l| l.name.clone()),
        schema.labels_of(LabelKind::Clause).map(|l| l.name.clone()),
    )
}

struct Setup {
    root: PathBuf,
    index: Weak<Mutex<index::WorkspaceIndex>>,
    engine: Arc<Engine>,
    labels: Labels,
    clauses: HashSet<String>,
}

struct Trainer {
    setup: Setup,
    state: Weak<Mutex<State>>,
    out: tokio::sync::mpsc::UnboundedSender<ToServer>,
    /// Set when the learner is stopped (`Learning::stop`).
    stop: Arc<AtomicBool>,
    corpus: Corpus,
    forgotten: BTreeSet<String>,
    /// Whether a learner was sent to the server yet.
    swapped: bool,
    /// Broken annotation files already reported (once each, while broken).
    told_broken: HashSet<PathBuf>,
}

impl Trainer {
    fn new(
        setup: Setup,
        state: Weak<Mutex<State>>,
        out: tokio::sync::mpsc::UnboundedSender<ToServer>,
        stop: Arc<AtomicBool>,
    ) -> Self {
        let corpus = Corpus::new(setup.labels.clone());
        Trainer {
            setup,
            state,
            out,
            stop,
            corpus,
            forgotten: BTreeSet::new(),
            swapped: false,
            told_broken: HashSet::new(),
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn say(&self, typ: MessageType, msg: String) {
        let _ = self.out.send(ToServer::Note(typ, msg));
    }

    fn run(mut self, events: Receiver<Event>) {
        match forget::load(&self.setup.root) {
            Ok(texts) => self.forgotten = texts,
            Err(msg) => self.say(MessageType::WARNING, format!("pactum: {msg}")),
        }
        for text in &self.forgotten {
            self.corpus.forget(text);
        }
        // The first training: everything the scan finds (its changes queue meanwhile).
        // (A scan that failed or takes longer: learn from what is indexed;
        // the rest comes as changes.)
        let Some(shared) = self.setup.index.upgrade() else { return };
        index::wait_for_scan(&shared, Duration::from_secs(600));
        let mut dirty: HashSet<PathBuf> = {
            let idx = index::lock(&shared);
            idx.files()
                .map(|(p, _)| p)
                .chain(idx.broken_files().map(|(p, _)| p))
                .map(Path::to_path_buf)
                .collect()
        };
        drop(shared);
        let mut first = true;
        loop {
            if self.stopped() {
                return;
            }
            let mut forget = Vec::new();
            // Take whatever is queued, then wait for quiet.
            let started = Instant::now();
            let mut wait = if dirty.is_empty() && !first { None } else { Some(Duration::ZERO) };
            loop {
                let got = match wait {
                    None => events.recv().map_err(|_| RecvTimeoutError::Disconnected),
                    Some(w) => events.recv_timeout(w),
                };
                match got {
                    Ok(Event::Changed(p)) => {
                        dirty.insert(p);
                    }
                    Ok(Event::Forget(t)) => forget.push(t),
                    Ok(Event::Stop) => return,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => {
                        if dirty.is_empty() && forget.is_empty() {
                            return;
                        }
                        break;
                    }
                }
                wait = Some(if first || started.elapsed() > MAX_WAIT { Duration::ZERO } else { DEBOUNCE });
            }
            let forgot_now = self.apply_forget(forget);
            if dirty.is_empty() && !forgot_now && !first {
                continue;
            }
            let files: Vec<PathBuf> = std::mem::take(&mut dirty).into_iter().collect();
            self.update(&files, first);
            first = false;
            self.retrain();
        }
    }

    /// Adds texts to forget (stored first: what is not stored is not forgotten).
    fn apply_forget(&mut self, texts: Vec<String>) -> bool {
        let new: Vec<String> = texts.into_iter().filter(|t| !self.forgotten.contains(t)).collect();
        if new.is_empty() {
            return false;
        }
        let mut all = self.forgotten.clone();
        all.extend(new.iter().cloned());
        if let Err(msg) = forget::save(&self.setup.root, &all) {
            self.say(MessageType::ERROR, format!("pactum: {msg}; nothing was forgotten"));
            return false;
        }
        for t in &new {
            self.corpus.forget(t);
            self.say(MessageType::LOG, format!("pactum: forgot what was learnt about “{t}”"));
        }
        self.forgotten = all;
        true
    }

    /// Reads the changed files and puts them into the corpus.
    fn update(&mut self, files: &[PathBuf], first: bool) {
        let big = first && files.len() >= BIG;
        if big {
            let _ = self.out.send(ToServer::Begin { files: files.len() });
        }
        // Open documents' texts are the editor's (their annotations, put in
        // the index by commands, are for that text), cloned under the lock.
        let (Some(state), Some(shared)) = (self.state.upgrade(), self.setup.index.upgrade()) else { return };
        let open: HashMap<PathBuf, String> = {
            let s = state.lock().unwrap_or_else(|e| e.into_inner());
            s.docs
                .values()
                .filter_map(|o| Some((o.path.clone()?, o.doc.text().to_string())))
                .filter(|(p, _)| files.contains(p))
                .collect()
        };
        let indexed: Vec<(PathBuf, Option<IndexedFile>, Option<String>)> = {
            let idx = index::lock(&shared);
            files
                .iter()
                .map(|p| (p.clone(), idx.file(p).cloned(), idx.broken(p).map(str::to_string)))
                .collect()
        };
        drop((state, shared));
        let mut broken = Vec::new();
        // Texts that cannot be read or changed: logged once per retraining,
        // a few by name (a workspace may hold thousands of such files).
        let mut skipped: Vec<String> = Vec::new();
        let mut last_report = Instant::now();
        for (k, (path, file, why_broken)) in indexed.into_iter().enumerate() {
            if self.stopped() {
                return;
            }
            if let Some(msg) = why_broken {
                self.corpus.remove(&id_of(&path));
                if self.told_broken.insert(path.clone()) {
                    broken.push(format!("{}: {msg}", sidecar_name(&path)));
                }
                continue;
            }
            self.told_broken.remove(&path);
            let Some(file) = file else {
                self.corpus.remove(&id_of(&path));
                continue;
            };
            let text = match open.get(&path) {
                Some(t) => t.clone(),
                None => match pactum_store::corpus::read_text(&path) {
                    Ok(t) => t,
                    Err(msg) => {
                        self.corpus.remove(&id_of(&path));
                        skipped.push(format!("{}: {msg}", path.display()));
                        continue;
                    }
                },
            };
            match judged_of(&text, &file) {
                Some(judged) => {
                    let coverage = if file
                        .document
                        .as_ref()
                        .is_some_and(|d| d.status == pactum_store::DocumentState::Done)
                    {
                        Coverage::Done
                    } else {
                        Coverage::Partial
                    };
                    let engine = self.setup.engine.annotate(&text);
                    self.corpus.insert(&id_of(&path), &text, &engine, &judged, coverage);
                }
                None => {
                    self.corpus.remove(&id_of(&path));
                    skipped.push(format!(
                        "{}: the text changed since its annotations were saved (open it to re-anchor them)",
                        path.display()
                    ));
                }
            }
            if big && last_report.elapsed() > Duration::from_millis(200) {
                last_report = Instant::now();
                let _ = self.out.send(ToServer::Report { done: k + 1, files: files.len() });
            }
        }
        if !skipped.is_empty() {
            let n = skipped.len();
            let named: Vec<&str> = skipped.iter().take(5).map(String::as_str).collect();
            self.say(
                MessageType::LOG,
                format!(
                    "pactum: not learnt from {n} annotated file(s): {}{}",
                    named.join("; "),
                    if n > 5 { "; …" } else { "" }
                ),
            );
        }
        if !broken.is_empty() {
            let n = broken.len();
            let shown: Vec<&str> = broken.iter().take(3).map(String::as_str).collect();
            self.say(
                MessageType::WARNING,
                format!(
                    "pactum: learning skips {n} malformed annotation file(s) (left as they are; fix or delete them): {}{}",
                    shown.join("; "),
                    if n > 3 { "; …" } else { "" }
                ),
            );
        }
        if big {
            let _ = self.out.send(ToServer::End { documents: self.corpus.len() });
        }
    }

    fn retrain(&mut self) {
        if self.stopped() {
            return;
        }
        let started = Instant::now();
        let learner = Learner::train(&self.corpus, &Settings::default());
        let documents = learner.trained_on();
        self.say(
            MessageType::LOG,
            format!(
                "pactum: learnt from {documents} annotated files in {} ms",
                started.elapsed().as_millis()
            ),
        );
        if documents == 0 && !self.swapped && self.forgotten.is_empty() {
            return; // nothing learnt yet: the engine's suggestions stand
        }
        self.swapped = true;
        let learned = Learned {
            learner,
            generation: GENERATION.fetch_add(1, Ordering::Relaxed) + 1,
            forgotten: self.forgotten.clone(),
            clauses: self.setup.clauses.clone(),
        };
        let _ = self.out.send(ToServer::Swap(Arc::new(learned)));
    }
}

fn id_of(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn sidecar_name(text_path: &Path) -> String {
    pactum_store::sidecar_path(text_path).display().to_string()
}

/// The annotator's placed spans of `text` (byte offsets), or `None` when
/// the annotations do not fit the text (it changed since they were saved).
pub fn judged_of(text: &str, file: &IndexedFile) -> Option<Vec<Judged>> {
    let table = CharToByte::new(text);
    let mut out = Vec::with_capacity(file.annotations.len());
    for a in file.annotations.iter().filter(|a| !a.stale) {
        let (start, end) = (table.byte(a.start)?, table.byte(a.end)?);
        if text.get(start..end)? != a.text {
            return None;
        }
        let verdict = match a.status {
            Status::Accepted => Verdict::Accepted,
            Status::Rejected => Verdict::Rejected,
        };
        out.push(Judged { start, end, label: a.label.clone(), verdict });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(text: &str, word: &str, label: &str, verdict: Verdict) -> Judged {
        let start = text.find(word).unwrap();
        Judged { start, end: start + word.len(), label: label.into(), verdict }
    }

    /// What the editor shows for a paragraph: the learner's suggestions of
    /// it, as `Learned::suggest` filters them.
    fn shown(learned: &Learned, engine: &Engine, text: &str) -> Vec<(String, String)> {
        learned
            .suggest(text, &engine.annotate(text), 0.0)
            .into_iter()
            .map(|s| (text[s.start..s.end].to_string(), s.label.to_string()))
            .collect()
    }

    #[test]
    fn forgetting_a_text_brings_back_the_engines_suggestion() {
        let engine = Engine::new();
        let labels = labels_of(&Schema::parks_v1());
        let a = "Zyxtel hosted the meeting of the parks.\n";
        let b = "The delegation later visited Zyxtel in Tallinn.\n";
        let mut corpus = Corpus::new(labels);
        corpus.insert(
            "a",
            a,
            &engine.annotate(a),
            &[judged(a, "Zyxtel", "PARK", Verdict::Accepted)],
            Coverage::Partial,
        );
        for id in ["b", "c"] {
            corpus.insert(
                id,
                b,
                &engine.annotate(b),
                &[judged(b, "Zyxtel", "PARK", Verdict::Rejected)],
                Coverage::Partial,
            );
        }
        let learnt = |corpus: &Corpus, forgotten: &[&str]| Learned {
            learner: Learner::train(corpus, &Settings::default()),
            generation: 1,
            forgotten: forgotten.iter().map(|t| t.to_string()).collect(),
            clauses: HashSet::new(),
        };
        let engine_only: Vec<(String, String)> = engine
            .annotate(b)
            .iter()
            .filter(|s| !s.label.is_clause())
            .map(|s| (b[s.start..s.end].to_string(), s.label.to_string()))
            .collect();
        assert!(engine_only.contains(&("Zyxtel".into(), "ORG".into())), "{engine_only:?}");
        let before = shown(&learnt(&corpus, &[]), &engine, b);
        assert!(
            !before.contains(&("Zyxtel".into(), "PARK".into())),
            "rejected twice, accepted once: {before:?}"
        );
        corpus.forget("Zyxtel");
        let after = shown(&learnt(&corpus, &["Zyxtel"]), &engine, b);
        assert!(
            after.contains(&("Zyxtel".into(), "ORG".into())),
            "forgotten: the engine's ORG again: {after:?}"
        );
    }
}
