//! The annotations of one open document, following its edits.
//!
//! Offsets are chars (code points) into the editor's current text — the unit
//! of annotation files — so saving needs no conversion. Rules for an edit that
//! replaces `start..old_end` by `new_len` chars:
//! - an edit wholly before a span shifts it (typing right at its start too);
//! - an edit wholly after it (typing right at its end too) leaves it alone;
//! - an edit inside it grows or shrinks it;
//! - an edit overlapping one side cuts that side back to the edit;
//! - an edit that deletes all of its text removes it, and says so (the removed
//!   annotations are returned, so the caller can tell the user).
//!
//! Stale annotations (not placed in this text) keep their stored offsets and
//! text untouched until the user removes or re-tags them.
//!
//! Relations refer to annotations by id, so they follow edits with their
//! ends for free; the one invariant to keep (ends exist, are not rejected,
//! and the schema allows their labels) is restored by `prune_relations`,
//! which every annotation command and edit runs (see `links`).

use ropey::Rope;

use std::collections::HashMap;

use pactum_store::{Annotation, Context, DocumentStatus, Relation, Status, CONTEXT_CHARS};

use super::document::Edit;

#[derive(Debug, Clone, Default)]
pub struct Annotations {
    pub items: Vec<Annotation>,
    /// The document's review status, as the annotation file records it.
    pub document: Option<DocumentStatus>,
    /// The annotator recorded as `by` on annotations that `set` creates or
    /// changes (set by the command that makes the change).
    pub by: Option<String>,
    /// The relations of the annotation file (accepted and rejected).
    pub relations: Vec<Relation>,
    /// Label and text of every relation end as of the start of the current
    /// command (`remember_ends`), to name the ends of relations removed
    /// because an end went.
    remembered: HashMap<String, (String, String)>,
}

impl Annotations {
    pub fn new(items: Vec<Annotation>) -> Self {
        Annotations { items, ..Annotations::default() }
    }

    /// Notes label and text of the relations' ends (cheap: only ends), so
    /// that `prune_relations` can name an end that a command removes.
    pub fn remember_ends(&mut self) {
        self.remembered.clear();
        if self.relations.is_empty() {
            return;
        }
        let by_id: HashMap<&str, &Annotation> = self.items.iter().map(|a| (a.id.as_str(), a)).collect();
        for r in &self.relations {
            for end in [&r.head, &r.child] {
                if let Some(a) = by_id.get(end.as_str()) {
                    self.remembered.insert(end.clone(), (a.label.clone(), a.text.clone()));
                }
            }
        }
    }

    /// Remembers label and text of `gone` (annotations an edit removed).
    pub fn remember(&mut self, gone: &[Annotation]) {
        for a in gone {
            self.remembered.insert(a.id.clone(), (a.label.clone(), a.text.clone()));
        }
    }

    /// Label and text of annotation `id`, or as remembered if it is gone.
    pub fn end_of(&self, id: &str) -> Option<(&str, &str)> {
        match self.items.iter().find(|a| a.id == id) {
            Some(a) => Some((&a.label, &a.text)),
            None => self.remembered.get(id).map(|(l, t)| (l.as_str(), t.as_str())),
        }
    }

    /// Removes the relations that lost their footing: an end that is no
    /// annotation any more or was rejected, or labels that `allowed(relation,
    /// head_label, child_label)` refuses (an end was re-tagged). Stale ends
    /// keep their relations (shown as stale). Returns the removed ones, each
    /// with why, so the caller can tell the user.
    pub fn prune_relations(
        &mut self,
        allowed: impl Fn(&Relation, &str, &str) -> bool,
    ) -> Vec<(Relation, PruneReason)> {
        if self.relations.is_empty() {
            return Vec::new();
        }
        let by_id: HashMap<&str, &Annotation> = self.items.iter().map(|a| (a.id.as_str(), a)).collect();
        let mut removed = Vec::new();
        self.relations.retain(|r| {
            let reason = match (by_id.get(r.head.as_str()), by_id.get(r.child.as_str())) {
                (None, _) => Some(PruneReason::EndRemoved(r.head.clone())),
                (_, None) => Some(PruneReason::EndRemoved(r.child.clone())),
                (Some(h), _) if h.status == Status::Rejected => Some(PruneReason::EndRejected(h.id.clone())),
                (_, Some(c)) if c.status == Status::Rejected => Some(PruneReason::EndRejected(c.id.clone())),
                (Some(h), Some(c)) if !allowed(r, &h.label, &c.label) => {
                    Some(PruneReason::LabelsRefused(h.label.clone(), c.label.clone()))
                }
                _ => None,
            };
            match reason {
                Some(why) => {
                    removed.push((r.clone(), why));
                    false
                }
                None => true,
            }
        });
        removed
    }

    /// Adds an accepted or rejected relation between two annotations, or
    /// sets the status of the one with the same ends and label (never a
    /// duplicate), as `pactum_store::Sidecar::add_relation` does. Returns its id.
    pub fn add_relation(&mut self, head: &str, child: &str, label: &str, status: Status) -> String {
        if let Some(r) =
            self.relations.iter_mut().find(|r| r.head == head && r.child == child && r.label == label)
        {
            r.status = status;
            r.by.clone_from(&self.by);
            return r.id.clone();
        }
        let mut r = Relation::new(head, child, label, status);
        r.by.clone_from(&self.by);
        let id = r.id.clone();
        self.relations.push(r);
        id
    }

    /// Points the relations of annotation `from` at annotation `to` (a stale
    /// annotation re-tagged in its new place keeps its relations).
    pub fn repoint_relations(&mut self, from: &str, to: &str) {
        for r in &mut self.relations {
            if r.head == from {
                r.head = to.to_string();
            }
            if r.child == from {
                r.child = to.to_string();
            }
        }
        self.relations.retain(|r| r.head != r.child);
    }

    /// Moves every placed annotation through `edit`; `rope` is the text after
    /// it. Returns the annotations whose whole text the edit deleted.
    pub fn apply_edit(&mut self, edit: &Edit, rope: &Rope) -> Vec<Annotation> {
        if edit.is_noop() {
            return Vec::new();
        }
        let mut removed = Vec::new();
        self.items.retain_mut(|a| {
            if a.stale {
                return true;
            }
            match follow(a.start, a.end, edit) {
                Some((s, e, changed_text)) => {
                    a.start = s;
                    a.end = e;
                    if changed_text {
                        a.text = rope.slice(s..e).to_string();
                    }
                    true
                }
                None => {
                    removed.push(a.clone());
                    false
                }
            }
        });
        removed
    }

    /// Annotations that are placed in the text (not stale).
    pub fn placed(&self) -> impl Iterator<Item = &Annotation> {
        self.items.iter().filter(|a| !a.stale)
    }

    /// The placed annotation exactly on `start..end`, if any.
    pub fn on_span(&self, start: usize, end: usize) -> Option<&Annotation> {
        self.placed().find(|a| a.start == start && a.end == end)
    }

    pub fn remove_id(&mut self, id: &str) -> Option<Annotation> {
        let i = self.items.iter().position(|a| a.id == id)?;
        Some(self.items.remove(i))
    }

    /// Records `label`/`status` on `start..end`, replacing a placed annotation
    /// of exactly that span. Returns false when the range is empty or invalid.
    pub fn set(&mut self, rope: &Rope, start: usize, end: usize, label: &str, status: Status) -> bool {
        if let Some(a) = self.items.iter_mut().find(|a| !a.stale && a.start == start && a.end == end) {
            if a.label != label || a.status != status {
                a.label = label.to_string();
                a.status = status;
                a.by.clone_from(&self.by);
            }
            return true;
        }
        match new_annotation(rope, start, end, label, status) {
            Some(mut a) => {
                a.by.clone_from(&self.by);
                self.items.push(a);
                true
            }
            None => false,
        }
    }

    /// Refreshes the covered text and context of every placed annotation from
    /// `rope`, as the annotation file needs them for re-anchoring later.
    pub fn refresh_all(&mut self, rope: &Rope) {
        for a in self.items.iter_mut().filter(|a| !a.stale) {
            refresh(a, rope);
        }
    }
}

/// Why `prune_relations` removed a relation (ids are annotation ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PruneReason {
    EndRemoved(String),
    EndRejected(String),
    /// The ends' labels now (head, child), which the schema refuses.
    LabelsRefused(String, String),
}

/// Where the span `start..end` goes through `edit`: its new offsets and
/// whether its text changed, or `None` when the edit deleted all of it.
fn follow(start: usize, end: usize, edit: &Edit) -> Option<(usize, usize, bool)> {
    let (a, b, n) = (edit.start, edit.old_end, edit.new_len);
    let shift = |p: usize| p + n - (b - a);
    // Wholly before the span (an insertion right at its start included).
    if b <= start {
        return Some((shift(start), shift(end), false));
    }
    // Wholly after it (an insertion right at its end included).
    if a >= end {
        return Some((start, end, false));
    }
    // Every char of the span replaced.
    if a <= start && b >= end {
        return None;
    }
    // Replacement text that starts (or ends) outside the span stays outside;
    // text replaced from within the span becomes part of it.
    let new_start = if a < start { a + n } else { start };
    let new_end = if b > end { a } else { shift(end) };
    (new_start < new_end).then_some((new_start, new_end, true))
}

/// A new annotation on chars `start..end` of `rope`, with text and context,
/// built from a small window so the cost does not grow with the document.
pub fn new_annotation(
    rope: &Rope,
    start: usize,
    end: usize,
    label: &str,
    status: Status,
) -> Option<Annotation> {
    if start >= end || end > rope.len_chars() {
        return None;
    }
    let ws = start.saturating_sub(CONTEXT_CHARS);
    let we = (end + CONTEXT_CHARS).min(rope.len_chars());
    let window = rope.slice(ws..we).to_string();
    let mut a = Annotation::new(&window, start - ws, end - ws, label, status)?;
    a.start = start;
    a.end = end;
    Some(a)
}

/// Re-reads text and context of a placed annotation from `rope`.
pub fn refresh(a: &mut Annotation, rope: &Rope) {
    let len = rope.len_chars();
    let (s, e) = (a.start.min(len), a.end.min(len));
    a.text = rope.slice(s..e).to_string();
    a.context = Context {
        before: rope.slice(s.saturating_sub(CONTEXT_CHARS)..s).to_string(),
        after: rope.slice(e..(e + CONTEXT_CHARS).min(len)).to_string(),
    };
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::document::Document;
    use super::*;

    fn doc_with(text: &str, spans: &[(&str, &str)]) -> (Document, Annotations) {
        let d = Document::new(text.to_string(), 1);
        let mut anns = Annotations::default();
        for (needle, label) in spans {
            let b = text.find(needle).unwrap();
            let s = text[..b].chars().count();
            let e = s + needle.chars().count();
            assert!(anns.set(d.rope(), s, e, label, Status::Accepted));
        }
        (d, anns)
    }

    fn covered(d: &Document, a: &Annotation) -> String {
        d.rope().slice(a.start..a.end).to_string()
    }

    #[test]
    fn typing_before_shifts_and_inside_grows() {
        let (mut d, mut anns) = doc_with("“Ascendas” 😀 met Technopolis.", &[("Technopolis", "ORG")]);
        let e = d.replace(0..0, "Тро ");
        assert!(anns.apply_edit(&e, d.rope()).is_empty());
        assert_eq!(covered(&d, &anns.items[0]), "Technopolis");
        let inside = anns.items[0].start + 6;
        let e = d.replace(inside..inside, "-X-");
        anns.apply_edit(&e, d.rope());
        assert_eq!(anns.items[0].text, "Techno-X-polis");
        assert_eq!(covered(&d, &anns.items[0]), "Techno-X-polis");
        // Typing right after the span does not extend it.
        let end = anns.items[0].end;
        let e = d.replace(end..end, "!");
        anns.apply_edit(&e, d.rope());
        assert_eq!(anns.items[0].text, "Techno-X-polis");
    }

    #[test]
    fn deleting_the_whole_span_removes_it_and_says_so() {
        let (mut d, mut anns) = doc_with("Ascendas met Technopolis.", &[("Ascendas", "ORG")]);
        let e = d.replace(0..9, "");
        let removed = anns.apply_edit(&e, d.rope());
        assert_eq!(removed.len(), 1);
        assert!(anns.items.is_empty());
    }

    #[test]
    fn overlapping_deletions_cut_the_span() {
        let (mut d, mut anns) = doc_with("Big Ascendas met.", &[("Ascendas", "ORG")]);
        let e = d.replace(2..6, ""); // "g As"
        anns.apply_edit(&e, d.rope());
        assert_eq!(anns.items[0].text, "cendas");
        assert_eq!(covered(&d, &anns.items[0]), "cendas");
    }

    #[test]
    fn stale_annotations_are_left_alone() {
        let (mut d, mut anns) = doc_with("Ascendas met.", &[("Ascendas", "ORG")]);
        anns.items[0].stale = true;
        let e = d.replace(0..13, "");
        assert!(anns.apply_edit(&e, d.rope()).is_empty());
        assert_eq!(anns.items.len(), 1);
    }

    #[derive(Debug, Clone)]
    struct RandomEdit {
        at: usize,
        len: usize,
        insert: String,
    }

    fn edit_strategy() -> impl Strategy<Value = RandomEdit> {
        (0usize..200, 0usize..12, "[a-zТ😀 \u{a0}\n]{0,6}").prop_map(|(at, len, insert)| RandomEdit {
            at,
            len,
            insert,
        })
    }

    proptest! {
        /// Random edit sequences never lose an annotation silently and never
        /// leave one covering text other than its recorded text.
        #[test]
        fn annotations_survive_random_edits(edits in proptest::collection::vec(edit_strategy(), 1..40)) {
            let text = "Technopolis “Ascendas” signed an MOU with Тро 😀 Park\u{a0}Plc on 26 September.\n\nAscendas again.";
            let (mut d, mut anns) = doc_with(text, &[("Technopolis", "ORG"), ("Ascendas", "ORG"), ("MOU", "AGREEMENT"), ("Park\u{a0}Plc", "ORG"), ("26 September", "DATE")]);
            let mut count = anns.items.len();
            for ed in edits {
                let len = d.rope().len_chars();
                let start = ed.at.min(len);
                let end = (start + ed.len).min(len);
                let deleted_chars = end - start;
                let e = d.replace(start..end, &ed.insert);
                let before: Vec<Annotation> = anns.items.clone();
                let removed = anns.apply_edit(&e, d.rope());
                for r in &removed {
                    // Only an annotation whose every char was deleted goes, and it is reported.
                    let old = before.iter().find(|a| a.id == r.id).unwrap();
                    prop_assert!(e.start <= old.start && e.old_end >= old.end && deleted_chars > 0);
                }
                count -= removed.len();
                prop_assert_eq!(anns.items.len(), count);
                for a in &anns.items {
                    prop_assert!(a.start < a.end);
                    prop_assert_eq!(covered(&d, a), a.text.clone());
                }
            }
        }
    }
}
