//! The workspace's annotations in memory: every `*.ann.json` below the
//! workspace root, read once in the background at startup and then kept
//! current by the server (commands and saves write through it, file-watcher
//! events re-read what changed on disk). Hover and tag-every read it instead
//! of the disk, so typing never waits on thousands of files.
//!
//! The API for other features (e.g. learning from the workspace):
//! [`WorkspaceIndex::files`] iterates `(text path, annotations)`,
//! [`WorkspaceIndex::subscribe`] delivers an [`IndexChange`] per file that
//! changed, and [`WorkspaceIndex::status`] says whether the first scan is done.
//!
//! The team features read it too: the workspace's progress
//! (`team::workspace_status`) counts the indexed files (with their document
//! status and who made each annotation) instead of reading them.
//!
//! Every annotation file is read through [`read_annotation_file`], with the
//! store's reader for untrusted files (`pactum_store::untrusted`: regular
//! files only, opened non-blocking, size-capped, never through a symlink out
//! of the workspace root).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};

use pactum_store::untrusted::Root;
use pactum_store::{self as store, DocumentStatus, Sidecar, Status};

/// One annotation as the index keeps it: what features need, without the
/// stored context (the index holds whole workspaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedAnnotation {
    /// Code-point offsets into the text the file was made for.
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub status: Status,
    /// The covered text.
    pub text: String,
    pub stale: bool,
    /// The annotator who made it, when known.
    pub by: Option<String>,
}

impl IndexedAnnotation {
    pub fn from_annotation(a: &store::Annotation) -> Self {
        IndexedAnnotation {
            start: a.start,
            end: a.end,
            label: a.label.clone(),
            status: a.status,
            text: a.text.clone(),
            stale: a.stale,
            by: a.by.clone(),
        }
    }

    fn counts(&self) -> bool {
        !self.stale && self.status == Status::Accepted
    }
}

/// One annotation file as the index keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexedFile {
    pub annotations: Vec<IndexedAnnotation>,
    /// The document's review status, when the file records one.
    pub document: Option<DocumentStatus>,
}

impl IndexedFile {
    pub fn from_sidecar(sidecar: &Sidecar) -> Self {
        IndexedFile::new(&sidecar.annotations, sidecar.document.clone())
    }

    pub fn new(annotations: &[store::Annotation], document: Option<DocumentStatus>) -> Self {
        IndexedFile {
            annotations: annotations.iter().map(IndexedAnnotation::from_annotation).collect(),
            document,
        }
    }
}

/// What changed in the index (sent to subscribers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexChange {
    /// The annotations of this text were added or replaced.
    Updated(PathBuf),
    /// This text's annotation file went away.
    Removed(PathBuf),
}

/// Where the first scan of the workspace is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStatus {
    /// Annotation files read so far.
    pub read: usize,
    /// Annotation files found (known once the walk is done).
    pub found: Option<usize>,
    pub complete: bool,
}

#[derive(Debug, Default)]
pub struct WorkspaceIndex {
    files: HashMap<PathBuf, Arc<IndexedFile>>,
    /// Accepted, placed annotations by covered text: text → file → label → count.
    by_text: HashMap<String, HashMap<PathBuf, BTreeMap<String, usize>>>,
    /// Files whose annotation file is broken, with the message.
    broken: HashMap<PathBuf, String>,
    status: IndexStatus,
    subscribers: Vec<Sender<IndexChange>>,
    /// Texts the server updated while the first scan ran: newer than what
    /// the scan read from disk, so the scan leaves them alone.
    updated_during_scan: HashSet<PathBuf>,
    /// Told when the first scan is complete ([`wait_for_scan`]).
    scan_waiters: Vec<Sender<()>>,
    /// The first scan stopped before the end (it panicked).
    scan_failed: bool,
}

/// The index as the server shares it between the state and the background scan.
pub type SharedIndex = Arc<Mutex<WorkspaceIndex>>;

pub fn lock(index: &SharedIndex) -> MutexGuard<'_, WorkspaceIndex> {
    index.lock().unwrap_or_else(|e| e.into_inner())
}

impl WorkspaceIndex {
    /// Every indexed text with its annotations, in no particular order.
    pub fn files(&self) -> impl Iterator<Item = (&Path, &[IndexedAnnotation])> {
        self.files.iter().map(|(p, f)| (p.as_path(), f.annotations.as_slice()))
    }

    /// The annotations of one text, if it has an annotation file.
    pub fn get(&self, text_path: &Path) -> Option<&[IndexedAnnotation]> {
        self.files.get(text_path).map(|f| f.annotations.as_slice())
    }

    /// The annotation file of one text (annotations and document status).
    pub fn file(&self, text_path: &Path) -> Option<&IndexedFile> {
        self.files.get(text_path).map(Arc::as_ref)
    }

    /// Why the annotation file of one text could not be read, if it is broken.
    pub fn broken(&self, text_path: &Path) -> Option<&str> {
        self.broken.get(text_path).map(String::as_str)
    }

    /// The texts whose annotation file is broken, with why.
    pub fn broken_files(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.broken.iter().map(|(p, m)| (p.as_path(), m.as_str()))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn status(&self) -> IndexStatus {
        self.status
    }

    /// The first scan stopped before the end: the index will never be
    /// complete; those waiting for it are let go.
    pub fn scan_failed(&mut self) {
        self.scan_failed = true;
        self.scan_waiters.clear();
    }

    /// Changes from now on, one message per file.
    pub fn subscribe(&mut self) -> Receiver<IndexChange> {
        let (tx, rx) = channel();
        self.subscribers.push(tx);
        rx
    }

    /// Accepted, placed annotations covering exactly `text`: per file, the
    /// count per label. O(files having it), not O(workspace).
    pub fn accepted_with_text(&self, text: &str) -> impl Iterator<Item = (&Path, &BTreeMap<String, usize>)> {
        self.by_text.get(text).into_iter().flatten().map(|(p, labels)| (p.as_path(), labels))
    }

    /// Records the annotation file of `text_path` (replacing what was there).
    pub fn set(&mut self, text_path: PathBuf, file: IndexedFile) {
        self.note_update(&text_path);
        self.put(text_path, file);
    }

    fn note_update(&mut self, text_path: &Path) {
        if !self.status.complete {
            self.updated_during_scan.insert(text_path.to_path_buf());
        }
    }

    fn put(&mut self, text_path: PathBuf, file: IndexedFile) {
        self.unlink_texts(&text_path);
        for a in file.annotations.iter().filter(|a| a.counts()) {
            let labels =
                self.by_text.entry(a.text.clone()).or_default().entry(text_path.clone()).or_default();
            *labels.entry(a.label.clone()).or_default() += 1;
        }
        self.broken.remove(&text_path);
        self.files.insert(text_path.clone(), Arc::new(file));
        self.notify(IndexChange::Updated(text_path));
    }

    /// Forgets `text_path`'s annotations (its file was deleted).
    pub fn remove(&mut self, text_path: &Path) {
        self.note_update(text_path);
        self.forget(text_path);
    }

    fn forget(&mut self, text_path: &Path) {
        self.unlink_texts(text_path);
        self.broken.remove(text_path);
        if self.files.remove(text_path).is_some() {
            self.notify(IndexChange::Removed(text_path.to_path_buf()));
        }
    }

    /// Takes what reading an annotation file gave (a file-watcher event).
    pub fn apply(&mut self, text_path: PathBuf, read: Result<Option<Sidecar>, String>) {
        self.note_update(&text_path);
        self.apply_read(text_path, read);
    }

    fn apply_read(&mut self, text_path: PathBuf, read: Result<Option<Sidecar>, String>) {
        match read {
            Ok(Some(sidecar)) => self.put(text_path, IndexedFile::from_sidecar(&sidecar)),
            Ok(None) => self.forget(&text_path),
            Err(msg) => {
                // A broken file counts for nothing until it is fixed.
                self.forget(&text_path);
                self.broken.insert(text_path, msg);
            }
        }
    }

    fn unlink_texts(&mut self, text_path: &Path) {
        let Some(old) = self.files.get(text_path) else { return };
        for a in old.annotations.iter().filter(|a| a.counts()) {
            if let Some(files) = self.by_text.get_mut(&a.text) {
                files.remove(text_path);
                if files.is_empty() {
                    self.by_text.remove(&a.text);
                }
            }
        }
    }

    fn notify(&mut self, change: IndexChange) {
        self.subscribers.retain(|s| s.send(change.clone()).is_ok());
    }
}

/// Blocks until the first scan is complete (`true`), it failed or `timeout`
/// passed (`false`). For work that needs the whole index (the workspace's
/// progress), run off the server's thread: all such callers wait for the one
/// scan instead of each reading the workspace again.
pub fn wait_for_scan(index: &SharedIndex, timeout: std::time::Duration) -> bool {
    let done = {
        let mut idx = lock(index);
        if idx.status.complete {
            return true;
        }
        if idx.scan_failed {
            return false;
        }
        let (tx, rx) = channel();
        idx.scan_waiters.push(tx);
        rx
    };
    done.recv_timeout(timeout).is_ok()
}

/// Reads one annotation file inside the workspace `root` (`Ok(None)`: there
/// is none). The only place the index touches annotation files.
pub fn read_annotation_file(root: &Root, sidecar_path: &Path) -> Result<Option<Sidecar>, String> {
    store::load_within(root, sidecar_path).map_err(|e| e.to_string())
}

/// `dir/a.txt.ann.json` → `dir/a.txt`.
pub fn text_path_of(sidecar_path: &Path) -> Option<PathBuf> {
    let name = sidecar_path.to_str()?.strip_suffix(".ann.json")?;
    Some(PathBuf::from(name))
}

/// Progress of the first scan, for `$/progress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanProgress {
    /// Still walking the folders: annotation files found so far.
    Walking {
        found: usize,
    },
    /// Reading: `read` of `total` files.
    Reading {
        read: usize,
        total: usize,
    },
    Done {
        files: usize,
    },
}

/// Files read between two updates of the shared index (one short lock each).
const BATCH: usize = 256;

/// The first scan: walks `root` for annotation files (hidden folders
/// skipped), reads them without holding the index's lock, and adds them in
/// batches. Blocking: run it off the server's thread. `report` is called
/// now and then (at most about once per percent).
pub fn scan(root: &Path, index: &SharedIndex, mut report: impl FnMut(ScanProgress)) {
    let roots = [root.to_path_buf()];
    let inside = match Root::new(root) {
        Ok(r) => r,
        Err(_) => {
            // No root to read in: nothing to index (the walk would find nothing either).
            lock(index).scan_failed();
            return;
        }
    };
    let mut found: Vec<PathBuf> = Vec::new();
    for entry in pactum_store::corpus::walk_ext(&roots, "json").filter_map(Result::ok) {
        if entry.path.to_string_lossy().ends_with(".ann.json") {
            found.push(entry.path);
            if found.len() % 10_000 == 0 {
                report(ScanProgress::Walking { found: found.len() });
            }
        }
    }
    let total = found.len();
    lock(index).status.found = Some(total);
    report(ScanProgress::Reading { read: 0, total });
    let step = (total / 100).max(1);
    let mut batch = Vec::with_capacity(BATCH);
    for (i, sidecar_path) in found.into_iter().enumerate() {
        let Some(text_path) = text_path_of(&sidecar_path) else { continue };
        batch.push((text_path, read_annotation_file(&inside, &sidecar_path)));
        if batch.len() == BATCH || i + 1 == total {
            let mut idx = lock(index);
            for (path, read) in batch.drain(..) {
                if !idx.updated_during_scan.contains(&path) {
                    idx.apply_read(path, read);
                }
            }
            idx.status.read = i + 1;
        }
        if (i + 1) % step == 0 {
            report(ScanProgress::Reading { read: i + 1, total });
        }
    }
    let files = {
        let mut idx = lock(index);
        idx.status.complete = true;
        idx.updated_during_scan = HashSet::new();
        idx.status.read = total;
        for waiter in idx.scan_waiters.drain(..) {
            let _ = waiter.send(());
        }
        idx.len()
    };
    report(ScanProgress::Done { files });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sidecar(text: &str, spans: &[(usize, usize, &str, Status)]) -> Sidecar {
        let mut s = Sidecar::new("parks-v1", text);
        for &(a, b, label, status) in spans {
            s.annotations.push(store::Annotation::new(text, a, b, label, status).unwrap());
        }
        s
    }

    #[test]
    fn scans_a_workspace_and_answers_by_covered_text() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub/.hidden")).unwrap();
        let text = "Ascendas met Technopolis.";
        for (name, s) in [
            ("a.txt", sidecar(text, &[(0, 8, "ORG", Status::Accepted), (13, 24, "ORG", Status::Rejected)])),
            (
                "sub/b.txt",
                sidecar(text, &[(0, 8, "PARK", Status::Accepted), (0, 8, "ORG", Status::Accepted)]),
            ),
            ("sub/.hidden/c.txt", sidecar(text, &[(0, 8, "ORG", Status::Accepted)])),
        ] {
            store::save(&store::sidecar_path(&dir.path().join(name)), &s).unwrap();
        }
        std::fs::write(dir.path().join("broken.txt.ann.json"), "{oops").unwrap();
        let index = SharedIndex::default();
        let mut reports = Vec::new();
        scan(dir.path(), &index, |p| reports.push(p));
        assert_eq!(reports.last(), Some(&ScanProgress::Done { files: 2 }));
        let idx = lock(&index);
        assert!(idx.status().complete);
        let mut hits: Vec<(PathBuf, Vec<(String, usize)>)> = idx
            .accepted_with_text("Ascendas")
            .map(|(p, l)| (p.to_path_buf(), l.iter().map(|(k, v)| (k.clone(), *v)).collect()))
            .collect();
        hits.sort();
        assert_eq!(
            hits,
            vec![
                (dir.path().join("a.txt"), vec![("ORG".to_string(), 1)]),
                (dir.path().join("sub/b.txt"), vec![("ORG".to_string(), 1), ("PARK".to_string(), 1)]),
            ]
        );
        assert_eq!(idx.accepted_with_text("Technopolis").count(), 0, "rejected spans do not count");
        assert_eq!(idx.get(&dir.path().join("a.txt")).map(<[_]>::len), Some(2));
    }

    #[test]
    fn waiting_for_the_scan_ends_when_it_completes_or_fails() {
        use std::time::Duration;
        let dir = tempfile::tempdir().unwrap();
        let index = SharedIndex::default();
        assert!(!wait_for_scan(&index, Duration::from_millis(10)), "no scan yet: times out");
        let waiter = {
            let index = index.clone();
            std::thread::spawn(move || wait_for_scan(&index, Duration::from_secs(60)))
        };
        while lock(&index).scan_waiters.is_empty() {
            std::thread::yield_now();
        }
        scan(dir.path(), &index, |_| {});
        assert!(waiter.join().unwrap(), "the scan's end lets the waiter go");
        assert!(wait_for_scan(&index, Duration::ZERO), "complete: no wait");

        let failed = SharedIndex::default();
        let waiter = {
            let failed = failed.clone();
            std::thread::spawn(move || wait_for_scan(&failed, Duration::from_secs(60)))
        };
        while lock(&failed).scan_waiters.is_empty() {
            std::thread::yield_now();
        }
        lock(&failed).scan_failed();
        assert!(!waiter.join().unwrap(), "a failed scan lets the waiter go at once");
        assert!(!wait_for_scan(&failed, Duration::from_secs(60)), "and later callers do not wait");
    }

    #[test]
    fn updates_replace_and_notify_subscribers() {
        let mut idx = WorkspaceIndex::default();
        let changes = idx.subscribe();
        let p = PathBuf::from("/w/a.txt");
        let ann = |label: &str| IndexedAnnotation {
            start: 0,
            end: 8,
            label: label.into(),
            status: Status::Accepted,
            text: "Ascendas".into(),
            stale: false,
            by: None,
        };
        let file = |label: &str| IndexedFile { annotations: vec![ann(label)], document: None };
        idx.set(p.clone(), file("ORG"));
        idx.set(p.clone(), file("PARK"));
        let labels: Vec<_> =
            idx.accepted_with_text("Ascendas").flat_map(|(_, l)| l.keys().cloned()).collect();
        assert_eq!(labels, ["PARK"], "the old entry is gone");
        idx.remove(&p);
        assert_eq!(idx.accepted_with_text("Ascendas").count(), 0);
        let got: Vec<_> = changes.try_iter().collect();
        assert_eq!(
            got,
            [IndexChange::Updated(p.clone()), IndexChange::Updated(p.clone()), IndexChange::Removed(p)]
        );
    }
}
