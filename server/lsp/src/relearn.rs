//! Swapping a newly trained workspace learner in without stalling typing.
//!
//! What a new learner changes is each paragraph's shown suggestions
//! (`Learned::suggest` over the paragraph's text and its linked engine
//! spans), which for a 5 MB document is seconds of work: too long to hold the
//! state lock for. So it is done in three steps:
//! 1. [`Snapshot::of`], under a short lock: each open document's text (one
//!    copy) and its paragraphs' linked spans (`Arc`s, not copies);
//! 2. [`Snapshot::compute`], off the lock: the new learner's suggestions of
//!    every paragraph, keyed by the linked spans they were made from;
//! 3. [`State::swap_learned`](super::state::State::swap_learned), under the
//!    lock again: the learner is swapped in and each paragraph takes its
//!    computed suggestions if it still has the very same linked spans (the
//!    same `Arc`: its text and everything linking it are unchanged since the
//!    snapshot). A paragraph edited (or re-linked) meanwhile is recomputed
//!    then, as the typing path would with the new learner: a few paragraphs,
//!    not the document.
//!
//! Keys are `Arc` pointers; the snapshot keeps its `Arc`s alive until the
//! swap, so no address can be reused by another paragraph meanwhile.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use pactum_engine::Span;
use tower_lsp::lsp_types::Url;

use super::learning::Learned;
use super::state::State;
use super::suggested::Suggested;

/// The open documents as the new learner's suggestions are computed from.
pub struct Snapshot {
    docs: Vec<DocumentSnapshot>,
    /// `pactum.toml` `min_confidence` (the engine's option) at the snapshot.
    min_confidence: f32,
}

struct DocumentSnapshot {
    uri: Url,
    text: String,
    paragraphs: Vec<(Range<usize>, Arc<Vec<Span>>)>,
}

/// A paragraph's shown suggestions by the address of the linked spans they
/// were made from (with those spans, kept alive).
pub type ShownByLinked = HashMap<usize, (Arc<Vec<Span>>, Arc<Vec<Suggested>>)>;

/// The new learner's suggestions of every paragraph of the snapshot.
pub struct Computed {
    pub(crate) by_document: HashMap<Url, ShownByLinked>,
}

/// The key of a paragraph's linked spans.
pub fn key_of(linked: &Arc<Vec<Span>>) -> usize {
    Arc::as_ptr(linked) as usize
}

impl Snapshot {
    /// Copies what the computation needs; call under the lock (one text
    /// copy per open document, `Arc` clones for the rest).
    pub fn of(state: &State) -> Snapshot {
        let docs = state
            .docs
            .values()
            .filter(|o| !o.paused)
            .map(|o| DocumentSnapshot {
                uri: o.uri.clone(),
                text: o.doc.text().to_string(),
                paragraphs: o.analysis.linked_paragraphs().map(|(r, l)| (r, l.clone())).collect(),
            })
            .collect();
        Snapshot { docs, min_confidence: state.engine.options().min_confidence() }
    }

    /// The new learner's suggestions of every paragraph; call off the lock.
    pub fn compute(self, learned: &Learned) -> Computed {
        let mut by_document = HashMap::with_capacity(self.docs.len());
        for doc in self.docs {
            let mut shown = ShownByLinked::with_capacity(doc.paragraphs.len());
            for (range, linked) in doc.paragraphs {
                let paragraph = doc.text.get(range).unwrap_or_default();
                let suggested = Arc::new(learned.suggest(paragraph, &linked, self.min_confidence));
                shown.insert(key_of(&linked), (linked, suggested));
            }
            by_document.insert(doc.uri, shown);
        }
        Computed { by_document }
    }
}

/// What a swap did, for the log.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swapped {
    /// Paragraphs that took the suggestions computed off the lock.
    pub adopted: usize,
    /// Paragraphs edited or re-linked since the snapshot (or of documents
    /// opened since), recomputed under the lock.
    pub recomputed: usize,
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use pactum_engine::Engine;
    use pactum_learn::{Corpus, Coverage, Judged, Learner, Settings, Verdict};
    use pactum_schema::Schema;
    use tower_lsp::lsp_types::{Position, Range as LspRange, TextDocumentContentChangeEvent};

    use super::super::learning::labels_of;
    use super::super::position::Encoding;
    use super::*;

    const NAME: &str = "Zyxtel";

    /// A learner that learnt `NAME` as PARK (the engine says ORG or nothing).
    fn learned(generation: u64) -> Arc<Learned> {
        let engine = Engine::new();
        let text = format!("{NAME} hosted the meeting of the parks.\n");
        let mut corpus = Corpus::new(labels_of(&Schema::parks_v1()));
        let judged = [Judged { start: 0, end: NAME.len(), label: "PARK".into(), verdict: Verdict::Accepted }];
        corpus.insert("a", &text, &engine.annotate(&text), &judged, Coverage::Partial);
        Arc::new(Learned {
            learner: Learner::train(&corpus, &Settings::default()),
            generation,
            forgotten: Default::default(),
            clauses: HashSet::new(),
        })
    }

    fn text() -> String {
        format!("The delegation later visited {NAME} in Tallinn.\n\nKista Science Park signed with Ascendas Plc.\n\n")
            .repeat(20)
    }

    fn insert_at_line(line: u32, what: &str) -> TextDocumentContentChangeEvent {
        let at = Position::new(line, 0);
        TextDocumentContentChangeEvent {
            range: Some(LspRange::new(at, at)),
            range_length: None,
            text: what.into(),
        }
    }

    /// The shown suggestions of `text` opened afresh with `learned` in place.
    fn from_scratch(learned: &Arc<Learned>, text: &str) -> Vec<Suggested> {
        let mut state = State::new(Schema::parks_v1(), Encoding::Utf16, None);
        state.learning.learned = Some(learned.clone());
        let uri = Url::parse("untitled:scratch").unwrap();
        state.open(uri.clone(), text.to_string(), 1);
        state.docs[&uri].analysis.suggestions().to_vec()
    }

    #[test]
    fn a_swap_equals_from_scratch_whatever_was_edited_between_snapshot_and_swap() {
        let new = learned(7);
        // Edits between snapshot and swap: none, one paragraph, several
        // (one adding a paragraph break), and a whole-text replacement.
        let edits: Vec<Vec<TextDocumentContentChangeEvent>> = vec![
            vec![],
            vec![insert_at_line(8, &format!("{NAME} met. "))],
            vec![insert_at_line(0, "x"), insert_at_line(12, "Mr Or said.\n\n"), insert_at_line(40, NAME)],
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: format!("{NAME}.\n"),
            }],
        ];
        for (k, changes) in edits.into_iter().enumerate() {
            let mut state = State::new(Schema::parks_v1(), Encoding::Utf16, None);
            let uri = Url::parse("untitled:doc").unwrap();
            state.open(uri.clone(), text(), 1);
            let other = Url::parse("untitled:other").unwrap();
            state.open(other.clone(), format!("Funding for {NAME} grew.\n"), 1);
            let snapshot = Snapshot::of(&state);
            let computed = snapshot.compute(&new);
            state.change(&uri, 2, &changes).unwrap();
            // A document opened meanwhile is in no snapshot.
            let late = Url::parse("untitled:late").unwrap();
            state.open(late.clone(), format!("{NAME} again.\n"), 1);
            let (uris, swapped) = state.swap_learned(new.clone(), &computed);
            assert_eq!(uris.len(), 3);
            let paragraphs = state.docs[&uri].analysis.paragraph_ranges().count();
            if k == 0 {
                assert_eq!(swapped.recomputed, 1, "only the late document's paragraph: {swapped:?}");
                assert_eq!(swapped.adopted, paragraphs + 1);
            } else {
                assert!(swapped.recomputed >= 2, "{k}: {swapped:?}");
            }
            for u in [&uri, &other, &late] {
                let open = &state.docs[u];
                let scratch = from_scratch(&new, open.doc.text());
                assert_eq!(open.analysis.suggestions(), scratch.as_slice(), "edit set {k}, {u}");
            }
            let learnt_park = state.docs[&other]
                .analysis
                .suggestions()
                .iter()
                .any(|s| s.label.as_str() == "PARK" && s.end - s.start == NAME.len());
            assert!(learnt_park, "the new learner is in use");
        }
    }
}
