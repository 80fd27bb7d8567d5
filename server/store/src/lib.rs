//! Annotation files: `<text file>.ann.json` beside each text.
//!
//! The format is described by `schemas/annotations.schema.json`. Offsets are
//! Unicode code points. Files are written atomically and in a stable order so
//! that git diffs and merges of annotation work stay small.

mod anchor;
pub mod annotator;
pub mod corpus;
mod file;
pub mod output;
pub mod parallel;
mod relations;
mod review;
pub mod temp;
pub mod untrusted;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use anchor::{reanchor, ReanchorReport};
pub use file::{load, load_within, save, sidecar_path, StoreError};
pub use relations::{End, Relation, RelationError, Removed};
pub use review::{utc_now, DocumentState, DocumentStatus};

/// The current annotation-file format version.
pub const FORMAT_VERSION: u32 = 1;
/// Code points of context kept on each side of a span for re-anchoring.
pub const CONTEXT_CHARS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The annotator confirmed or created this span.
    Accepted,
    /// The annotator rejected an engine suggestion; it is not suggested again.
    Rejected,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub id: String,
    /// Code-point offset, inclusive.
    pub start: usize,
    /// Code-point offset, exclusive.
    pub end: usize,
    pub label: String,
    pub status: Status,
    /// The covered text when the annotation was last placed.
    pub text: String,
    pub context: Context,
    /// Set when the span could not be placed in the current text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
    /// Who created the annotation or last changed its label or status
    /// (see [`annotator::resolve`]); absent in files written before
    /// annotators were recorded, or when no name is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub json_schema: Option<String>,
    pub version: u32,
    /// Id of the annotation schema the labels belong to.
    pub schema: String,
    /// SHA-256 (hex) of the text the offsets refer to.
    pub text_sha256: String,
    pub annotations: Vec<Annotation>,
    /// Links between annotations of this file (see [`Relation`]). Absent in
    /// files written before relations existed, and not written when empty,
    /// so such files stay byte for byte as they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Whether the annotator finished the document, who said so and when.
    /// Absent: nobody set a status yet (counts as in progress).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentStatus>,
}

impl Sidecar {
    pub fn new(schema_id: &str, text: &str) -> Self {
        Sidecar {
            json_schema: None,
            version: FORMAT_VERSION,
            schema: schema_id.to_string(),
            text_sha256: text_hash(text),
            annotations: Vec::new(),
            relations: Vec::new(),
            document: None,
        }
    }

    /// Whether the document was marked done.
    pub fn is_done(&self) -> bool {
        self.document.as_ref().is_some_and(|d| d.status == DocumentState::Done)
    }

    /// Puts annotations in the stable on-disk order: start, end, label, id;
    /// relations by the position of their head, then of their child, label, id.
    pub fn sort(&mut self) {
        self.annotations
            .sort_by(|a, b| (a.start, a.end, &a.label, &a.id).cmp(&(b.start, b.end, &b.label, &b.id)));
        let place: std::collections::HashMap<&str, usize> =
            self.annotations.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
        let key = |r: &Relation| (place.get(r.head.as_str()).copied(), place.get(r.child.as_str()).copied());
        let mut relations = std::mem::take(&mut self.relations);
        relations.sort_by(|a, b| (key(a), &a.label, &a.id).cmp(&(key(b), &b.label, &b.id)));
        self.relations = relations;
    }

    /// Whether the offsets were made on exactly this text.
    pub fn matches_text(&self, text: &str) -> bool {
        self.text_sha256 == text_hash(text)
    }
}

impl Annotation {
    /// An annotation of `text[start..end]` (code points), with its context.
    /// Returns `None` when the range is empty or outside the text.
    ///
    /// Builds a code-point table of the whole text: to make many annotations
    /// of one text, build the table once and use [`Annotation::new_in`].
    pub fn new(text: &str, start: usize, end: usize, label: &str, status: Status) -> Option<Self> {
        Self::new_in(&pactum_text::CharToByte::new(text), text, start, end, label, status)
    }

    /// [`Annotation::new`] with the code-point table of `text` given (O(span + context)).
    pub fn new_in(
        table: &pactum_text::CharToByte,
        text: &str,
        start: usize,
        end: usize,
        label: &str,
        status: Status,
    ) -> Option<Self> {
        let mut a = Annotation {
            id: String::new(),
            start,
            end,
            label: label.to_string(),
            status,
            text: String::new(),
            context: Context::default(),
            stale: false,
            by: None,
        };
        if !a.refresh_in(table, text) {
            return None;
        }
        a.id = new_id(&a);
        Some(a)
    }

    /// Re-reads the covered text and context from `text` at the current
    /// offsets. Returns false (and changes nothing) when the range is invalid.
    pub fn refresh(&mut self, text: &str) -> bool {
        self.refresh_in(&pactum_text::CharToByte::new(text), text)
    }

    /// [`Annotation::refresh`] with the code-point table of `text` given.
    pub fn refresh_in(&mut self, table: &pactum_text::CharToByte, text: &str) -> bool {
        if self.start >= self.end {
            return false;
        }
        let (Some(bs), Some(be)) = (table.byte(self.start), table.byte(self.end)) else {
            return false;
        };
        let before_start = table.byte(self.start.saturating_sub(CONTEXT_CHARS)).unwrap_or(0);
        let after_end = table.byte((self.end + CONTEXT_CHARS).min(table.len_chars())).unwrap_or(text.len());
        let (Some(covered), Some(before), Some(after)) =
            (text.get(bs..be), text.get(before_start..bs), text.get(be..after_end))
        else {
            return false;
        };
        self.text = covered.to_string();
        self.context = Context { before: before.to_string(), after: after.to_string() };
        self.stale = false;
        true
    }
}

/// SHA-256 of the text, lower-case hex.
pub fn text_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A short id that is unique in practice: a hash of the annotation's content,
/// the clock and a process-wide counter, so that two annotators tagging the
/// same span on two branches still get different ids.
fn new_id(a: &Annotation) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{SystemTime, UNIX_EPOCH};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let mut h = Sha256::new();
    h.update(a.label.as_bytes());
    h.update(a.text.as_bytes());
    h.update(a.start.to_le_bytes());
    h.update(nanos.to_le_bytes());
    h.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    h.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotation_records_text_and_context_in_code_points() {
        let text = "Тро “Ascendas” 😀 signed";
        let start = text.chars().position(|c| c == 'A').unwrap();
        let a = Annotation::new(text, start, start + 8, "ORG", Status::Accepted).unwrap();
        assert_eq!(a.text, "Ascendas");
        assert_eq!(a.context.before, "Тро “");
        assert_eq!(a.context.after, "” 😀 signed");
        assert_eq!(a.id.len(), 12);
        assert!(Annotation::new(text, 5, 5, "ORG", Status::Accepted).is_none());
        assert!(Annotation::new(text, 5, 500, "ORG", Status::Accepted).is_none());
    }

    #[test]
    fn ids_differ_for_the_same_span() {
        let a = Annotation::new("abc", 0, 1, "ORG", Status::Accepted).unwrap();
        let b = Annotation::new("abc", 0, 1, "ORG", Status::Accepted).unwrap();
        assert_ne!(a.id, b.id);
    }

    #[test]
    fn sort_is_stable_order() {
        let text = "one two three";
        let mut s = Sidecar::new("parks-v1", text);
        s.annotations.push(Annotation::new(text, 8, 13, "B", Status::Accepted).unwrap());
        s.annotations.push(Annotation::new(text, 0, 3, "A", Status::Rejected).unwrap());
        s.sort();
        assert_eq!(s.annotations[0].start, 0);
        assert!(s.matches_text(text));
        assert!(!s.matches_text("other"));
    }
}
