//! The annotations of one open document, following its edits.
//!
//! Offsets are chars (code points) into the editor's current text — the unit
//! of annotation files — so saving needs no conversion. Rules for an edit that
//! replaces `start..old_end` by `new_len` chars:
//! - an edit wholly before a span shifts it (typing right at its start too);
//! - an edit wholly after it (typing right at its end too) leaves it alone;
//! - an edit inside it grows or shrinks it;
//! - an edit overlapping one side cuts that side back to the edit;
//! - an edit that deletes all of its text *detaches* it: it becomes stale
//!   (kept, in memory and in the annotation file, with its text and context)
//!   and remembers where it sat in the deleted text.
//!
//! When text is inserted (a paste, an undo, a moved paragraph), stale
//! annotations whose text lies wholly in the inserted text are re-attached:
//! a detached one first at its old place relative to the insertion (so a
//! paste of the cut text puts every annotation back exactly), otherwise at
//! the occurrence whose context matches best. Stale annotations are never
//! dropped by an edit; only the user removes or re-tags them.
//!
//! Relations refer to annotations by id, so they follow edits with their
//! ends for free (a detached end keeps its relations, shown as stale); the
//! one invariant to keep (ends exist, are not rejected, and the schema allows
//! their labels) is restored by `prune_relations`, which every annotation
//! command and edit runs (see `links`).

use std::collections::{HashMap, HashSet};

use ropey::Rope;

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
    /// Annotations detached by an edit this session (by id): their char
    /// offset inside the text that edit deleted, and which deletion it was
    /// (later ones first: a paste is most likely of the latest cut).
    detached: HashMap<String, (usize, u64)>,
    deletions: u64,
}

/// What an edit did to the annotations.
#[derive(Debug, Default)]
pub struct Followed {
    /// Placed annotations whose whole text the edit deleted; now stale.
    pub detached: Vec<Annotation>,
    /// Stale annotations whose text the edit inserted; placed again.
    pub reattached: Vec<Annotation>,
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
    /// it. Annotations whose text the edit deleted become stale (detached);
    /// stale ones whose text it inserted are placed again.
    pub fn apply_edit(&mut self, edit: &Edit, rope: &Rope) -> Followed {
        let mut out = Followed::default();
        if edit.is_noop() {
            return out;
        }
        let mut newly_detached = HashSet::new();
        self.deletions += 1;
        for a in self.items.iter_mut().filter(|a| !a.stale) {
            match follow(a.start, a.end, edit) {
                Some((s, e, changed_text)) => {
                    a.start = s;
                    a.end = e;
                    if changed_text {
                        a.text = rope.slice(s..e).to_string();
                    }
                }
                None => {
                    self.detached.insert(a.id.clone(), (a.start - edit.start, self.deletions));
                    newly_detached.insert(a.id.clone());
                    a.stale = true;
                    // Shown where it was cut, until its text returns.
                    let len = a.text.chars().count();
                    a.start = edit.start;
                    a.end = edit.start + len;
                    out.detached.push(a.clone());
                }
            }
        }
        if edit.new_len > 0 {
            out.reattached = self.reattach(edit, rope, &newly_detached);
        }
        out
    }

    /// Places stale annotations whose text lies wholly within the text
    /// `edit` inserted (`rope` is the text after it). `skip`: those this very
    /// edit detached (a replacement does not put back what it removed).
    fn reattach(&mut self, edit: &Edit, rope: &Rope, skip: &HashSet<String>) -> Vec<Annotation> {
        let (p, n) = (edit.start, edit.new_len);
        if !self.items.iter().any(|a| a.stale && !skip.contains(&a.id)) {
            return Vec::new();
        }
        let inserted = rope.slice(p..p + n).to_string();
        let mut taken: HashSet<(usize, usize, String)> =
            self.placed().map(|a| (a.start, a.end, a.label.clone())).collect();
        let mut out = Vec::new();
        // Detached ones at their old relative place first: they are exact.
        let mut order: Vec<usize> = (0..self.items.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(self.detached.get(&self.items[i].id).map_or(0, |d| d.1)));
        for i in order {
            let a = &self.items[i];
            let len = a.text.chars().count();
            if !a.stale || skip.contains(&a.id) || len == 0 || len > n {
                continue;
            }
            let at_old_place = self
                .detached
                .get(&a.id)
                .map(|d| d.0)
                .filter(|&rel| rel + len <= n && rope.slice(p + rel..p + rel + len) == a.text.as_str());
            let start = match at_old_place {
                Some(rel) if !taken.contains(&(p + rel, p + rel + len, a.label.clone())) => Some(p + rel),
                _ => best_occurrence(&inserted, a, rope, p, &taken),
            };
            let Some(start) = start else { continue };
            let a = &mut self.items[i];
            a.stale = false;
            a.start = start;
            a.end = start + len;
            refresh(a, rope);
            taken.insert((a.start, a.end, a.label.clone()));
            self.detached.remove(&a.id);
            out.push(a.clone());
        }
        out
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

/// The char offset in `rope` of the free occurrence of `a`'s text inside
/// `inserted` (which starts at char `p`) whose context matches best.
fn best_occurrence(
    inserted: &str,
    a: &Annotation,
    rope: &Rope,
    p: usize,
    taken: &HashSet<(usize, usize, String)>,
) -> Option<usize> {
    let len = a.text.chars().count();
    let mut best: Option<(usize, usize)> = None; // (score, start)
    for (b, _) in inserted.match_indices(a.text.as_str()) {
        let start = p + inserted[..b].chars().count();
        if taken.contains(&(start, start + len, a.label.clone())) {
            continue;
        }
        let before = rope.slice(start.saturating_sub(CONTEXT_CHARS)..start).to_string();
        let after = rope.slice(start + len..(start + len + CONTEXT_CHARS).min(rope.len_chars())).to_string();
        let score = common_suffix(&before, &a.context.before) + common_prefix(&after, &a.context.after);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, start));
        }
    }
    best.map(|(_, start)| start)
}

fn common_prefix(x: &str, y: &str) -> usize {
    x.chars().zip(y.chars()).take_while(|(a, b)| a == b).count()
}

fn common_suffix(x: &str, y: &str) -> usize {
    x.chars().rev().zip(y.chars().rev()).take_while(|(a, b)| a == b).count()
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
        assert!(anns.apply_edit(&e, d.rope()).detached.is_empty());
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
    fn deleting_the_whole_span_detaches_it_and_undo_reattaches_it() {
        let (mut d, mut anns) = doc_with("Ascendas met Technopolis.", &[("Ascendas", "ORG")]);
        let e = d.replace(0..9, "");
        let followed = anns.apply_edit(&e, d.rope());
        assert_eq!(followed.detached.len(), 1);
        assert_eq!(anns.items.len(), 1, "kept");
        assert!(anns.items[0].stale);
        assert_eq!(anns.items[0].text, "Ascendas");
        let e = d.replace(0..0, "Ascendas ");
        let followed = anns.apply_edit(&e, d.rope());
        assert_eq!(followed.reattached.len(), 1);
        assert!(!anns.items[0].stale);
        assert_eq!(covered(&d, &anns.items[0]), "Ascendas");
        assert_eq!(anns.items[0].context.after, " met Technopolis.");
    }

    #[test]
    fn a_pasted_paragraph_gets_each_annotation_back_at_its_own_occurrence() {
        let text = "First Ascendas, then Ascendas again.\n\nOther text.";
        let (mut d, mut anns) = doc_with(text, &[("First", "X")]);
        // Two annotations of the same text, told apart by where they sit.
        assert!(anns.set(d.rope(), 6, 14, "ORG", Status::Accepted));
        assert!(anns.set(d.rope(), 21, 29, "PARK", Status::Accepted));
        let cut: String = d.rope().slice(0..38).to_string();
        let e = d.replace(0..38, "");
        assert_eq!(anns.apply_edit(&e, d.rope()).detached.len(), 3);
        let end = d.rope().len_chars();
        let e = d.replace(end..end, &format!("\n\n{cut}"));
        assert_eq!(anns.apply_edit(&e, d.rope()).reattached.len(), 3);
        let mut got: Vec<(String, String)> = anns
            .items
            .iter()
            .map(|a| (a.label.clone(), d.rope().slice(a.start..a.end).to_string()))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [("ORG", "Ascendas"), ("PARK", "Ascendas"), ("X", "First")].map(|(a, b)| (a.into(), b.into()))
        );
        let org = anns.items.iter().find(|a| a.label == "ORG").unwrap();
        let park = anns.items.iter().find(|a| a.label == "PARK").unwrap();
        assert!(org.start < park.start, "each at its own occurrence");
    }

    #[test]
    fn a_stale_annotation_from_the_file_comes_back_when_its_text_returns() {
        let (mut d, mut anns) = doc_with("Ascendas met Technopolis.", &[("Technopolis", "ORG")]);
        // As loaded: stale, its offsets somewhere else.
        anns.items[0].stale = true;
        anns.items[0].start = 0;
        anns.items[0].end = 11;
        let e = d.replace(0..0, "Technopolis and ");
        assert_eq!(anns.apply_edit(&e, d.rope()).reattached.len(), 1);
        assert!(!anns.items[0].stale);
        assert_eq!(covered(&d, &anns.items[0]), "Technopolis");
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
        assert!(anns.apply_edit(&e, d.rope()).detached.is_empty());
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
        /// Random edit sequences never lose an annotation and never leave a
        /// placed one covering text other than its recorded text.
        #[test]
        fn annotations_survive_random_edits(edits in proptest::collection::vec(edit_strategy(), 1..40)) {
            let text = "Technopolis “Ascendas” signed an MOU with Тро 😀 Park\u{a0}Plc on 26 September.\n\nAscendas again.";
            let (mut d, mut anns) = doc_with(text, &[("Technopolis", "ORG"), ("Ascendas", "ORG"), ("MOU", "AGREEMENT"), ("Park\u{a0}Plc", "ORG"), ("26 September", "DATE")]);
            let count = anns.items.len();
            for ed in edits {
                let len = d.rope().len_chars();
                let start = ed.at.min(len);
                let end = (start + ed.len).min(len);
                let deleted_chars = end - start;
                let e = d.replace(start..end, &ed.insert);
                let before: Vec<Annotation> = anns.items.clone();
                let followed = anns.apply_edit(&e, d.rope());
                for r in &followed.detached {
                    // Only an annotation whose every char was deleted is detached.
                    let old = before.iter().find(|a| a.id == r.id).unwrap();
                    prop_assert!(e.start <= old.start && e.old_end >= old.end && deleted_chars > 0);
                }
                prop_assert_eq!(anns.items.len(), count);
                for a in anns.placed() {
                    prop_assert!(a.start < a.end);
                    prop_assert_eq!(covered(&d, a), a.text.clone());
                }
            }
        }
    }

    /// One step of an editing session: what an annotator does.
    #[derive(Debug, Clone)]
    enum Action {
        Cut { at: usize, len: usize },
        Paste { at: usize },
        Undo,
        Type { at: usize, text: String },
    }

    fn action_strategy() -> impl Strategy<Value = Action> {
        prop_oneof![
            (0usize..400, 1usize..160).prop_map(|(at, len)| Action::Cut { at, len }),
            (0usize..400).prop_map(|at| Action::Paste { at }),
            Just(Action::Undo),
            (0usize..400, "[a-z Т\n]{1,5}").prop_map(|(at, text)| Action::Type { at, text }),
        ]
    }

    proptest! {
        /// Random cut / paste / undo / typing: every accepted annotation is
        /// kept (placed on its text, or stale), a paste of text just cut
        /// re-attaches every annotation that cut detached, and undoing a cut
        /// puts them back where they were.
        #[test]
        fn cut_paste_and_undo_keep_every_annotation(actions in proptest::collection::vec(action_strategy(), 1..30)) {
            let text = "Technopolis and Ascendas signed an MOU.\n\nKista Science Park met Otaniemi.\n\nAscendas again, with Тро 😀 Park Plc on 26 September.";
            let (mut d, mut anns) = doc_with(text, &[
                ("Technopolis", "ORG"), ("Ascendas", "ORG"), ("MOU", "AGREEMENT"), ("Kista Science Park", "PARK"),
                ("Otaniemi", "PARK"), ("Тро 😀 Park Plc", "ORG"), ("26 September", "DATE"),
            ]);
            let count = anns.items.len();
            let mut clipboard: Option<(String, Vec<String>)> = None; // text, ids it detached
            // Undo history: (start char, removed text, inserted char count).
            let mut history: Vec<(usize, String, usize)> = Vec::new();
            for action in actions {
                let len = d.rope().len_chars();
                match action {
                    Action::Cut { at, len: n } => {
                        let (start, end) = (at.min(len), (at + n).min(len));
                        let cut = d.rope().slice(start..end).to_string();
                        let e = d.replace(start..end, "");
                        let ids: Vec<String> = anns.apply_edit(&e, d.rope()).detached.into_iter().map(|a| a.id).collect();
                        history.push((start, cut.clone(), 0));
                        clipboard = Some((cut, ids));
                    }
                    Action::Paste { at } => {
                        let Some((cut, ids)) = clipboard.clone() else { continue };
                        let start = at.min(len);
                        let e = d.replace(start..start, &cut);
                        anns.apply_edit(&e, d.rope());
                        for id in &ids {
                            // Still stale from this very cut: the paste puts it back.
                            let a = anns.items.iter().find(|a| &a.id == id).unwrap();
                            prop_assert!(!a.stale, "not re-attached: {:?}", a);
                        }
                        history.push((start, String::new(), cut.chars().count()));
                        // Re-attached now; a second paste is plain text.
                        clipboard = Some((cut, Vec::new()));
                    }
                    Action::Type { at, text: typed } => {
                        let start = at.min(len);
                        let e = d.replace(start..start, &typed);
                        anns.apply_edit(&e, d.rope());
                        history.push((start, String::new(), typed.chars().count()));
                    }
                    Action::Undo => {
                        let Some((start, removed, inserted)) = history.pop() else { continue };
                        let stale_before: Vec<String> = anns.items.iter().filter(|a| a.stale).map(|a| a.id.clone()).collect();
                        let e = d.replace(start..start + inserted, &removed);
                        anns.apply_edit(&e, d.rope());
                        if inserted == 0 && !removed.is_empty() {
                            // Undoing a cut: whatever was stale and sat in
                            // the cut text is placed again.
                            for id in stale_before {
                                let a = anns.items.iter().find(|a| a.id == id).unwrap();
                                if removed.contains(a.text.as_str()) {
                                    prop_assert!(!a.stale, "undo did not restore {:?}", a);
                                }
                            }
                        }
                    }
                }
                prop_assert_eq!(anns.items.len(), count, "an annotation was lost");
                for a in anns.placed() {
                    prop_assert!(a.start < a.end);
                    prop_assert_eq!(covered(&d, a), a.text.clone());
                }
            }
        }
    }
}
