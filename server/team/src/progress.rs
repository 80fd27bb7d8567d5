//! `pactum status`: how far a copy of the corpus has got — documents in all,
//! with an annotation file, marked done; per label the accepted and
//! rejected spans and the engine suggestions nobody decided yet; per
//! annotator what they did.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use pactum_engine::Engine;
use pactum_store::{self as store, DocumentState, DocumentStatus, Status};
use pactum_text::CharCounter;
use serde::Serialize;

use super::copy::Problem;

/// Spans of one label.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LabelCounts {
    pub accepted: usize,
    pub rejected: usize,
    /// Engine suggestions no annotation of the same span decided yet (only
    /// counted when suggestions are asked for).
    pub open: usize,
}

/// What one annotator did (by the `by` of annotations and statuses).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AnnotatorCounts {
    pub accepted: usize,
    pub rejected: usize,
    /// Documents this annotator marked done.
    pub done: usize,
    /// Documents with at least one annotation of theirs.
    pub documents: usize,
}

/// One document's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentProgress {
    pub id: String,
    /// `none` (no annotation file), `in_progress` or `done`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    pub accepted: usize,
    pub rejected: usize,
    pub open: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Progress {
    pub documents: usize,
    pub annotated: usize,
    pub done: usize,
    pub labels: BTreeMap<String, LabelCounts>,
    pub annotators: BTreeMap<String, AnnotatorCounts>,
    #[serde(rename = "per_document")]
    pub docs: Vec<DocumentProgress>,
    #[serde(skip)]
    pub problems: Vec<Problem>,
}

/// Annotations saved without an annotator's name count under this one.
pub const UNKNOWN_ANNOTATOR: &str = "(unknown)";

/// Whether to run the engine to count open suggestions.
#[derive(Clone, Copy)]
pub enum Suggestions<'a> {
    Count(&'a Engine),
    Skip,
}

/// One placed (not stale) annotation, as progress counts it.
#[derive(Debug, Clone, Copy)]
pub struct Counted<'a> {
    /// Code-point offsets.
    pub start: usize,
    pub end: usize,
    pub label: &'a str,
    pub status: Status,
    pub by: Option<&'a str>,
}

impl<'a> From<&'a store::Annotation> for Counted<'a> {
    fn from(a: &'a store::Annotation) -> Self {
        Counted { start: a.start, end: a.end, label: &a.label, status: a.status, by: a.by.as_deref() }
    }
}

/// What progress counts of a document's annotation file: the document's
/// status and its placed annotations (stale ones left out by the caller).
pub struct AnnotationFile<'a, I> {
    pub document: Option<&'a DocumentStatus>,
    pub annotations: I,
}

impl Progress {
    /// Counts one document without running the engine (no open
    /// suggestions): `file` is `None` when it has no annotation file. The
    /// language server counts its workspace this way, from its index.
    pub fn add<'a>(
        &mut self,
        id: String,
        file: Option<AnnotationFile<'a, impl Iterator<Item = Counted<'a>>>>,
    ) {
        let mut doc = DocumentProgress::new(id);
        if let Some(file) = file {
            self.count_file(&mut doc, file);
        }
        self.documents += 1;
        self.docs.push(doc);
    }

    /// Adds the counts of an annotation file to the totals and to `doc`;
    /// returns the spans it decided.
    fn count_file<'a>(
        &mut self,
        doc: &mut DocumentProgress,
        file: AnnotationFile<'a, impl Iterator<Item = Counted<'a>>>,
    ) -> HashSet<(usize, usize)> {
        let mut decided = HashSet::new();
        self.annotated += 1;
        doc.status = DocumentState::InProgress.as_str().into();
        if let Some(st) = file.document {
            doc.status = st.status.as_str().into();
            doc.by = st.by.clone();
            doc.at = Some(st.at.clone());
            if st.status == DocumentState::Done {
                self.done += 1;
                let who = st.by.clone().unwrap_or_else(|| UNKNOWN_ANNOTATOR.into());
                self.annotators.entry(who).or_default().done += 1;
            }
        }
        let mut touched: HashSet<&str> = HashSet::new();
        for a in file.annotations {
            decided.insert((a.start, a.end));
            let label = self.labels.entry(a.label.to_string()).or_default();
            let who = a.by.unwrap_or(UNKNOWN_ANNOTATOR);
            let person = self.annotators.entry(who.to_string()).or_default();
            match a.status {
                Status::Accepted => {
                    label.accepted += 1;
                    person.accepted += 1;
                    doc.accepted += 1;
                }
                Status::Rejected => {
                    label.rejected += 1;
                    person.rejected += 1;
                    doc.rejected += 1;
                }
            }
            if touched.insert(who) {
                person.documents += 1;
            }
        }
        decided
    }
}

impl DocumentProgress {
    fn new(id: String) -> Self {
        DocumentProgress { id, status: "none".into(), by: None, at: None, accepted: 0, rejected: 0, open: 0 }
    }
}

/// The progress of the texts under `paths` (files or folders).
pub fn progress(paths: &[PathBuf], suggestions: Suggestions<'_>) -> Progress {
    let mut p = Progress::default();
    for found in store::corpus::walk(paths) {
        let file = match found {
            Ok(f) => f,
            Err(e) => {
                p.problems.push(Problem { path: e.path, message: e.message });
                continue;
            }
        };
        p.documents += 1;
        let ann_path = store::sidecar_path(&file.path);
        let sidecar = match store::load(&ann_path) {
            Ok(s) => s,
            Err(e) => {
                p.problems.push(Problem { path: ann_path, message: e.to_string() });
                continue;
            }
        };
        let text = match (suggestions, &sidecar) {
            // Suggestions and re-anchoring need the text; plain counts do not.
            (Suggestions::Count(_), _) | (_, Some(_)) => match store::corpus::read_text(&file.path) {
                Ok(t) => Some(t),
                Err(message) => {
                    p.problems.push(Problem { path: file.path.clone(), message });
                    continue;
                }
            },
            _ => None,
        };
        let mut doc = DocumentProgress::new(file.id.clone());
        let mut decided: HashSet<(usize, usize)> = HashSet::new();
        if let Some(mut sidecar) = sidecar {
            if let Some(t) = &text {
                if !sidecar.matches_text(t) {
                    store::reanchor(&mut sidecar, t);
                }
            }
            let annotations = sidecar.annotations.iter().filter(|a| !a.stale).map(Counted::from);
            decided =
                p.count_file(&mut doc, AnnotationFile { document: sidecar.document.as_ref(), annotations });
        }
        if let (Suggestions::Count(engine), Some(t)) = (suggestions, &text) {
            let mut counter = CharCounter::new(t);
            for s in engine.annotate(t) {
                let span = (counter.char_offset(s.start), counter.char_offset(s.end));
                if !decided.contains(&span) {
                    p.labels.entry(s.label.as_str().to_string()).or_default().open += 1;
                    doc.open += 1;
                }
            }
        }
        p.docs.push(doc);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use pactum_store::{Annotation, DocumentStatus, Sidecar};

    #[test]
    fn counts_documents_labels_and_annotators() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Ascendas signed an MoU with Technopolis in Oulu.";
        for name in ["a.txt", "b.txt", "c.txt"] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let mut s = Sidecar::new("parks-v1", text);
        let mut org = Annotation::new(text, 0, 8, "ORG", Status::Accepted).unwrap();
        org.by = Some("anna".into());
        let mut rej = Annotation::new(text, 43, 47, "GPE", Status::Rejected).unwrap();
        rej.by = Some("boris".into());
        s.annotations = vec![org, rej];
        s.document = Some(DocumentStatus::now(DocumentState::Done, Some("anna")));
        store::save(&store::sidecar_path(&dir.path().join("a.txt")), &s).unwrap();
        let mut s2 = Sidecar::new("parks-v1", text);
        s2.annotations = vec![Annotation::new(text, 0, 8, "ORG", Status::Accepted).unwrap()];
        store::save(&store::sidecar_path(&dir.path().join("b.txt")), &s2).unwrap();

        let engine = Engine::new();
        let p = progress(&[dir.path().to_path_buf()], Suggestions::Count(&engine));
        assert_eq!((p.documents, p.annotated, p.done), (3, 2, 1));
        assert_eq!(p.labels["ORG"].accepted, 2);
        assert_eq!(p.labels["GPE"].rejected, 1);
        assert_eq!(p.annotators["anna"], AnnotatorCounts { accepted: 1, rejected: 0, done: 1, documents: 1 });
        assert_eq!(p.annotators["boris"].rejected, 1);
        assert_eq!(p.annotators[UNKNOWN_ANNOTATOR].accepted, 1);
        assert_eq!(p.docs[0].status, "done");
        assert_eq!(p.docs[2].status, "none");
        // The untouched c.txt still has open suggestions; a.txt's decided spans are not open.
        assert!(p.docs[2].open > 0);
        assert!(p.docs[0].open < p.docs[2].open);
        let quick = progress(&[dir.path().to_path_buf()], Suggestions::Skip);
        assert_eq!(quick.labels.values().map(|l| l.open).sum::<usize>(), 0);
    }

    #[test]
    fn adding_documents_one_by_one_counts_as_walking_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Ascendas signed an MoU with Technopolis in Oulu.";
        for name in ["a.txt", "b.txt", "c.txt"] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let mut s = Sidecar::new("parks-v1", text);
        let mut org = Annotation::new(text, 0, 8, "ORG", Status::Accepted).unwrap();
        org.by = Some("anna".into());
        let mut stale = Annotation::new(text, 28, 39, "PARK", Status::Accepted).unwrap();
        stale.stale = true;
        s.annotations = vec![org, stale, Annotation::new(text, 43, 47, "GPE", Status::Rejected).unwrap()];
        s.document = Some(DocumentStatus::now(DocumentState::Done, Some("boris")));
        store::save(&store::sidecar_path(&dir.path().join("a.txt")), &s).unwrap();
        let s2 = Sidecar::new("parks-v1", text);
        store::save(&store::sidecar_path(&dir.path().join("c.txt")), &s2).unwrap();

        let walked = progress(&[dir.path().to_path_buf()], Suggestions::Skip);
        let mut added = Progress::default();
        for (id, sidecar) in [("a.txt", Some(&s)), ("b.txt", None), ("c.txt", Some(&s2))] {
            let file = sidecar.map(|s| AnnotationFile {
                document: s.document.as_ref(),
                annotations: s.annotations.iter().filter(|a| !a.stale).map(Counted::from),
            });
            added.add(id.to_string(), file);
        }
        let json = |p: &Progress| serde_json::to_value(p).unwrap();
        assert_eq!(json(&added), json(&walked));
        assert_eq!((added.documents, added.annotated, added.done), (3, 2, 1));
        assert!(!added.labels.contains_key("PARK"), "a stale annotation is not counted");
    }
}
