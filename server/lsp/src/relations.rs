//! The relations a user sees in one open document: the stored ones (the
//! annotation file's, by annotation id) and the engine's suggestions, asked
//! for one paragraph at a time over the document's current spans (accepted
//! annotations and shown suggestions).
//!
//! Suggestions are computed when a feature asks (hover, code actions,
//! definition), never kept: a paragraph is small and its spans are at hand,
//! so they always follow edits with their ends, and nothing needs updating
//! on the typing path. Stored relations follow edits through their ends' ids.

use std::collections::HashMap;
use std::ops::Range;

use pactum_engine::{sentence, Label, Span};
use pactum_store::{Relation, Status};

use super::state::{Finding, FindingKind, OpenDocument, State};

/// One end of a shown relation: byte offsets in the current text (a stale
/// end: where it was, clamped), its label and annotation id (none for a
/// suggested span).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct End {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub id: Option<String>,
    pub text: String,
}

impl End {
    fn of(open: &OpenDocument, f: &Finding<'_>) -> End {
        End {
            start: f.start,
            end: f.end,
            label: f.label.to_string(),
            id: f.id.map(str::to_string),
            text: open.text_of(f).to_string(),
        }
    }

    /// Whether this end is the finding `f` (same span and label).
    pub fn is(&self, f: &Finding<'_>) -> bool {
        self.start == f.start && self.end == f.end && self.label == f.label
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shown {
    Accepted,
    /// Stored, with an end that is stale (not placed in the current text).
    Stale,
    Suggested,
}

impl Shown {
    pub fn as_str(self) -> &'static str {
        match self {
            Shown::Accepted => "accepted",
            Shown::Stale => "stale",
            Shown::Suggested => "suggested",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRelation {
    pub head: End,
    pub child: End,
    pub label: String,
    pub shown: Shown,
    /// The stored relation's id.
    pub id: Option<String>,
    /// The rules that suggested it (`relation.…`).
    pub rule: Option<String>,
}

impl ShownRelation {
    /// The end that is not `f` (`None` when `f` is neither).
    pub fn other_end(&self, f: &Finding<'_>) -> Option<&End> {
        if self.head.is(f) {
            Some(&self.child)
        } else if self.child.is(f) {
            Some(&self.head)
        } else {
            None
        }
    }
}

/// The stored, not rejected relations of the document.
#[cfg(test)]
pub fn stored(open: &OpenDocument) -> Vec<ShownRelation> {
    resolve(open, open.annotations.relations.iter())
}

/// The stored, not rejected relations annotation `id` is an end of. Costs
/// the document's relations plus a lookup per end, not relations × annotations.
pub fn stored_of(open: &OpenDocument, id: &str) -> Vec<ShownRelation> {
    resolve(open, open.annotations.relations.iter().filter(|r| r.touches(id)))
}

fn resolve<'a>(open: &OpenDocument, relations: impl Iterator<Item = &'a Relation>) -> Vec<ShownRelation> {
    let rope = open.doc.rope();
    let len = rope.len_chars();
    let wanted: Vec<&Relation> = relations.filter(|r| r.status == Status::Accepted).collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let by_id: HashMap<&str, &pactum_store::Annotation> =
        open.annotations.items.iter().map(|a| (a.id.as_str(), a)).collect();
    let end_of = |id: &str| {
        let a = by_id.get(id)?;
        let (s, e) = (rope.char_to_byte(a.start.min(len)), rope.char_to_byte(a.end.min(len)));
        let text = if a.stale { a.text.clone() } else { rope.byte_slice(s..e).to_string() };
        Some((End { start: s, end: e, label: a.label.clone(), id: Some(a.id.clone()), text }, a.stale))
    };
    wanted
        .into_iter()
        .filter_map(|r| {
            let (head, head_stale) = end_of(&r.head)?;
            let (child, child_stale) = end_of(&r.child)?;
            let shown = if head_stale || child_stale { Shown::Stale } else { Shown::Accepted };
            Some(ShownRelation {
                head,
                child,
                label: r.label.clone(),
                shown,
                id: Some(r.id.clone()),
                rule: None,
            })
        })
        .collect()
}

/// The engine's relations among the spans shown in the paragraph holding
/// byte `b`, minus those stored (accepted or rejected) already.
pub fn suggested_around(state: &State, open: &OpenDocument, b: usize) -> Vec<ShownRelation> {
    if open.paused {
        return Vec::new();
    }
    let Some(para) = paragraph_of(open, b) else { return Vec::new() };
    let text = open.doc.text();
    let Some(para_text) = text.get(para.clone()) else { return Vec::new() };
    let ends: Vec<(Finding<'_>, Label)> = open
        .findings_in(para.clone())
        .into_iter()
        .filter(|f| f.kind != FindingKind::Stale && para.start <= f.start && f.end <= para.end)
        .filter(|f| is_entity(state, f.label))
        .filter_map(|f| Label::from_name(f.label).map(|l| (f, l)))
        .collect();
    if ends.len() < 2 {
        return Vec::new();
    }
    let spans: Vec<Span> =
        ends.iter().map(|(f, l)| Span::given(f.start - para.start, f.end - para.start, *l)).collect();
    state
        .engine
        .relations(para_text, &spans)
        .into_iter()
        .filter_map(|r| {
            let (h, _) = ends.get(r.head)?;
            let (c, _) = ends.get(r.child)?;
            let label = r.label.as_str();
            let known = match (h.id, c.id) {
                (Some(hid), Some(cid)) => open
                    .annotations
                    .relations
                    .iter()
                    .any(|s| s.head == hid && s.child == cid && s.label == label),
                _ => false,
            };
            (!known && state.schema.allows_relation(label, h.label, c.label)).then(|| ShownRelation {
                head: End::of(open, h),
                child: End::of(open, c),
                label: label.to_string(),
                shown: Shown::Suggested,
                id: None,
                rule: Some(r.provenance.to_string()),
            })
        })
        .collect()
}

/// The relations `f` is an end of: stored ones, then suggested ones of its
/// paragraph.
pub fn of_finding(state: &State, open: &OpenDocument, f: &Finding<'_>) -> Vec<ShownRelation> {
    // A suggested span has no id, so no stored relation.
    let mut out: Vec<ShownRelation> = match f.id {
        Some(id) => stored_of(open, id).into_iter().filter(|r| r.other_end(f).is_some()).collect(),
        None => Vec::new(),
    };
    out.extend(suggested_around(state, open, f.start).into_iter().filter(|r| r.other_end(f).is_some()));
    out
}

pub fn is_entity(state: &State, label: &str) -> bool {
    state.schema.label(label).is_some_and(|l| l.kind == pactum_schema::LabelKind::Entity)
}

/// The byte range of the paragraph holding byte `b`.
pub fn paragraph_of(open: &OpenDocument, b: usize) -> Option<Range<usize>> {
    open.analysis.paragraph_ranges().find(|p| p.start <= b && b <= p.end)
}

/// The byte range of the sentence holding byte `b` (the guide's unit for
/// relations); the paragraph when it has no sentence there.
pub fn sentence_of(open: &OpenDocument, b: usize) -> Option<Range<usize>> {
    let p = paragraph_of(open, b)?;
    let para = open.doc.text().get(p.clone())?;
    let found = sentence::sentences(para)
        .into_iter()
        .map(|s| s.start + p.start..s.end + p.start)
        .find(|s| s.start <= b && b < s.end.max(s.start + 1));
    Some(found.unwrap_or(p))
}

/// 1-based line of byte `b`, as a user reads it.
pub fn line_of(open: &OpenDocument, b: usize) -> usize {
    open.doc.rope().byte_to_line(b.min(open.doc.text().len())) + 1
}

#[cfg(test)]
mod tests {
    use pactum_schema::Schema;
    use tower_lsp::lsp_types::Url;

    use super::super::position::Encoding;
    use super::*;

    #[test]
    fn stored_relations_follow_their_ends_and_show_stale_ones() {
        let text = "Today the MOU was signed by Ascendas.\n";
        let mut state = State::new(Schema::parks_v1(), Encoding::Utf16, None);
        let uri = Url::parse("untitled:doc").unwrap();
        state.open(uri.clone(), text.to_string(), 1);
        let open = state.docs.get_mut(&uri).unwrap();
        let rope = open.doc.rope().clone();
        assert!(open.annotations.set(&rope, 10, 13, "AGREEMENT", Status::Accepted));
        assert!(open.annotations.set(&rope, 28, 36, "ORG", Status::Accepted));
        let (h, c) = (open.annotations.items[0].id.clone(), open.annotations.items[1].id.clone());
        let id = open.annotations.add_relation(&h, &c, "party", Status::Accepted);
        assert_eq!(open.annotations.add_relation(&h, &c, "party", Status::Accepted), id, "no duplicate");
        let shown = stored(open);
        assert_eq!(shown.len(), 1);
        assert_eq!((shown[0].head.text.as_str(), shown[0].child.text.as_str()), ("MOU", "Ascendas"));
        assert_eq!(shown[0].shown, Shown::Accepted);
        open.annotations.items[1].stale = true;
        assert_eq!(stored(open)[0].shown, Shown::Stale);
        // A rejected relation is not shown.
        open.annotations.add_relation(&h, &c, "party", Status::Rejected);
        assert!(stored(open).is_empty());
    }

    #[test]
    fn pruning_removes_relations_whose_end_went_or_changed_label() {
        let text = "Today the MOU was signed by Ascendas and Kista.\n";
        let rope = ropey::Rope::from_str(text);
        let mut anns = super::super::annotations::Annotations::default();
        anns.set(&rope, 10, 13, "AGREEMENT", Status::Accepted);
        anns.set(&rope, 28, 36, "ORG", Status::Accepted);
        anns.set(&rope, 41, 46, "PARK", Status::Accepted);
        let ids: Vec<String> = anns.items.iter().map(|a| a.id.clone()).collect();
        anns.add_relation(&ids[0], &ids[1], "party", Status::Accepted);
        anns.add_relation(&ids[0], &ids[2], "party", Status::Accepted);
        let schema = Schema::parks_v1();
        let allowed = |r: &pactum_store::Relation, h: &str, c: &str| schema.allows_relation(&r.label, h, c);
        assert!(anns.prune_relations(allowed).is_empty());
        anns.remember_ends();
        anns.remove_id(&ids[1]);
        anns.set(&rope, 41, 46, "PERSON", Status::Accepted);
        let gone = anns.prune_relations(allowed);
        assert_eq!(gone.len(), 2);
        assert!(anns.relations.is_empty());
        assert_eq!(anns.end_of(&ids[1]), Some(("ORG", "Ascendas")), "a removed end is remembered");
    }
}
