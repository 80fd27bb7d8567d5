//! Relations in annotation files: a labelled link from a head annotation to
//! a child annotation (`party`: an AGREEMENT to an ORG), stored with its own
//! id and referring to the two annotations by id, so that it follows them
//! through edits and re-anchoring without offsets of its own.
//!
//! The invariant: a relation's ends are annotations of the same file. The
//! operations that could break it ([`Sidecar::remove_annotation`],
//! [`Sidecar::relabel_annotation`]) remove the relations they invalidate and
//! return them, so the caller can say so; re-anchoring never removes an
//! annotation (it marks it stale), so relations survive it, and those with a
//! stale end are listed ([`Sidecar::stale_relations`]) for the editor to show.
//! [`load`](crate::load) refuses a file whose relations point at missing
//! annotations (a clear error, never a silent drop).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Annotation, Sidecar, Status};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub id: String,
    /// Id of the head annotation (the instrument for `party`).
    pub head: String,
    /// Id of the child annotation.
    pub child: String,
    /// The relation type's name in the schema (`party`, `signed_on`).
    pub label: String,
    /// Accepted (confirmed or created by the annotator) or rejected (an
    /// engine suggestion the annotator turned down; not suggested again).
    pub status: Status,
    /// Who created it or last changed its status, as for annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// Why a relation cannot be added or is wrong in a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RelationError {
    #[error("relation {relation}: its {end} `{id}` is no annotation of this file")]
    MissingEnd { relation: String, end: End, id: String },
    #[error("relation {relation}: head and child are the same annotation `{id}`")]
    SelfLink { relation: String, id: String },
    #[error("relation {relation}: the relation id is used twice")]
    DuplicateId { relation: String },
}

/// Which end of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum End {
    Head,
    Child,
}

impl std::fmt::Display for End {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            End::Head => "head",
            End::Child => "child",
        })
    }
}

/// An annotation removed from a file, with the relations that went with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub annotation: Annotation,
    pub relations: Vec<Relation>,
}

impl Relation {
    /// A relation with a fresh id (unique in practice, like annotation ids).
    pub fn new(head: &str, child: &str, label: &str, status: Status) -> Relation {
        let mut r = Relation {
            id: String::new(),
            head: head.to_string(),
            child: child.to_string(),
            label: label.to_string(),
            status,
            by: None,
        };
        r.id = new_relation_id(&r);
        r
    }

    /// Whether `annotation_id` is one of its ends.
    pub fn touches(&self, annotation_id: &str) -> bool {
        self.head == annotation_id || self.child == annotation_id
    }
}

impl Sidecar {
    pub fn annotation(&self, id: &str) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.id == id)
    }

    pub fn relation(&self, id: &str) -> Option<&Relation> {
        self.relations.iter().find(|r| r.id == id)
    }

    /// The relations `annotation_id` is an end of (head or child).
    pub fn relations_of<'s>(&'s self, annotation_id: &'s str) -> impl Iterator<Item = &'s Relation> + 's {
        self.relations.iter().filter(move |r| r.touches(annotation_id))
    }

    /// Adds a relation between two annotations of this file, or, when one
    /// with the same head, child and label exists, sets its status and `by`
    /// (accepting a relation twice never duplicates it). Returns its id.
    ///
    /// Labels are not checked here (the store knows no schema): callers
    /// check them with `pactum_schema::Schema::allows_relation`.
    pub fn add_relation(
        &mut self,
        head: &str,
        child: &str,
        label: &str,
        status: Status,
        by: Option<&str>,
    ) -> Result<String, RelationError> {
        let candidate = Relation::new(head, child, label, status);
        self.check_ends(&candidate)?;
        if let Some(r) =
            self.relations.iter_mut().find(|r| r.head == head && r.child == child && r.label == label)
        {
            r.status = status;
            r.by = by.map(str::to_string);
            return Ok(r.id.clone());
        }
        let id = candidate.id.clone();
        self.relations.push(Relation { by: by.map(str::to_string), ..candidate });
        Ok(id)
    }

    /// Removes relation `id`; `None` when there is none.
    pub fn remove_relation(&mut self, id: &str) -> Option<Relation> {
        let i = self.relations.iter().position(|r| r.id == id)?;
        Some(self.relations.remove(i))
    }

    /// Removes annotation `id` and every relation it is an end of (both
    /// returned, so the caller can say what went); `None` when there is no
    /// such annotation (nothing changes).
    pub fn remove_annotation(&mut self, id: &str) -> Option<Removed> {
        let i = self.annotations.iter().position(|a| a.id == id)?;
        let annotation = self.annotations.remove(i);
        let relations = self.take_relations(|r| r.touches(id));
        Some(Removed { annotation, relations })
    }

    /// Gives annotation `id` a new label and removes the relations of which
    /// it is an end that `still_allowed(relation, head_label, child_label)`
    /// (with the new labels) refuses — pass the schema's
    /// `allows_relation`, or `|_, _, _| false` to drop them all. Returns the
    /// removed relations; `None` when there is no such annotation.
    pub fn relabel_annotation(
        &mut self,
        id: &str,
        label: &str,
        still_allowed: impl Fn(&Relation, &str, &str) -> bool,
    ) -> Option<Vec<Relation>> {
        let a = self.annotations.iter_mut().find(|a| a.id == id)?;
        a.label = label.to_string();
        let label_of = |sidecar: &Sidecar, end: &str| sidecar.annotation(end).map(|a| a.label.clone());
        let refused: Vec<String> = self
            .relations_of(id)
            .filter(|r| match (label_of(self, &r.head), label_of(self, &r.child)) {
                (Some(h), Some(c)) => !still_allowed(r, &h, &c),
                _ => true,
            })
            .map(|r| r.id.clone())
            .collect();
        Some(self.take_relations(|r| refused.contains(&r.id)))
    }

    /// Relations with an end that is stale (kept, but not placed in the
    /// current text): an editor shows them as stale with their ends.
    pub fn stale_relations(&self) -> impl Iterator<Item = &Relation> + '_ {
        self.relations.iter().filter(|r| {
            [&r.head, &r.child].into_iter().any(|end| self.annotation(end).is_none_or(|a| a.stale))
        })
    }

    /// Every relation whose ends are not two distinct annotations of this
    /// file, and every relation id used twice (what `load` refuses).
    pub fn relation_problems(&self) -> Vec<RelationError> {
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for r in &self.relations {
            if !seen.insert(r.id.as_str()) {
                problems.push(RelationError::DuplicateId { relation: r.id.clone() });
            }
            if let Err(e) = self.check_ends(r) {
                problems.push(e);
            }
        }
        problems
    }

    fn check_ends(&self, r: &Relation) -> Result<(), RelationError> {
        for (end, id) in [(End::Head, &r.head), (End::Child, &r.child)] {
            if self.annotation(id).is_none() {
                return Err(RelationError::MissingEnd { relation: r.id.clone(), end, id: id.clone() });
            }
        }
        if r.head == r.child {
            return Err(RelationError::SelfLink { relation: r.id.clone(), id: r.head.clone() });
        }
        Ok(())
    }

    fn take_relations(&mut self, matches: impl Fn(&Relation) -> bool) -> Vec<Relation> {
        let (taken, kept) = std::mem::take(&mut self.relations).into_iter().partition(|r| matches(r));
        self.relations = kept;
        taken
    }
}

fn new_relation_id(r: &Relation) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{SystemTime, UNIX_EPOCH};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let mut h = Sha256::new();
    h.update(b"relation");
    h.update(r.label.as_bytes());
    h.update(r.head.as_bytes());
    h.update(r.child.as_bytes());
    h.update(nanos.to_le_bytes());
    h.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    // `r` + 11 hex digits: as long as an annotation id, and never equal to one.
    format!("r{}", &h.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect::<String>()[..11])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Technopolis signed an MOU with Ascendas in 2016." with ORG, AGREEMENT,
    /// ORG, DATE annotations and party/party/signed_on relations.
    fn sample() -> (Sidecar, [String; 4]) {
        let text = "Technopolis signed an MOU with Ascendas in 2016.";
        let mut s = Sidecar::new("parks-v1", text);
        let mut ids = Vec::new();
        for (a, b, label) in [(0, 11, "ORG"), (22, 25, "AGREEMENT"), (31, 39, "ORG"), (43, 47, "DATE")] {
            let ann = Annotation::new(text, a, b, label, Status::Accepted).unwrap();
            ids.push(ann.id.clone());
            s.annotations.push(ann);
        }
        let ids: [String; 4] = ids.try_into().unwrap();
        s.add_relation(&ids[1], &ids[0], "party", Status::Accepted, Some("anna")).unwrap();
        s.add_relation(&ids[1], &ids[2], "party", Status::Accepted, None).unwrap();
        s.add_relation(&ids[1], &ids[3], "signed_on", Status::Accepted, None).unwrap();
        (s, ids)
    }

    #[test]
    fn relations_need_two_distinct_existing_ends_and_are_not_duplicated() {
        let (mut s, ids) = sample();
        assert_eq!(s.relations.len(), 3);
        assert!(s.relations.iter().all(|r| r.id.starts_with('r') && r.id.len() == 12));
        let err = s.add_relation(&ids[1], "nope", "party", Status::Accepted, None).unwrap_err();
        assert!(
            matches!(&err, RelationError::MissingEnd { end: End::Child, id, .. } if id == "nope"),
            "{err}"
        );
        assert!(err.to_string().contains("child `nope`"), "{err}");
        assert!(matches!(
            s.add_relation(&ids[0], &ids[0], "party", Status::Accepted, None),
            Err(RelationError::SelfLink { .. })
        ));
        // The same link again updates the first.
        let first = s.relations[0].id.clone();
        let again = s.add_relation(&ids[1], &ids[0], "party", Status::Rejected, Some("boris")).unwrap();
        assert_eq!(again, first);
        assert_eq!(s.relations.len(), 3);
        assert_eq!((s.relations[0].status, s.relations[0].by.as_deref()), (Status::Rejected, Some("boris")));
        assert!(s.relation_problems().is_empty());
    }

    #[test]
    fn removing_an_end_removes_its_relations_and_says_so() {
        let (mut s, ids) = sample();
        let removed = s.remove_annotation(&ids[0]).unwrap();
        assert_eq!(removed.annotation.id, ids[0]);
        assert_eq!(removed.relations.len(), 1);
        assert_eq!(removed.relations[0].child, ids[0]);
        assert_eq!(s.relations.len(), 2);
        // Removing the instrument takes its other relations too.
        assert_eq!(s.remove_annotation(&ids[1]).unwrap().relations.len(), 2);
        assert!(s.relations.is_empty());
        assert!(s.remove_annotation("nope").is_none());
        assert!(s.relation_problems().is_empty());
    }

    #[test]
    fn relabelling_an_end_keeps_allowed_relations_and_returns_the_others() {
        let (mut s, ids) = sample();
        // ORG → PARK: still a party (the callback is the schema's rule here).
        let allowed = |r: &Relation, head: &str, child: &str| {
            r.label == "party" && head == "AGREEMENT" && ["ORG", "PARK", "GPE"].contains(&child)
                || r.label == "signed_on" && head == "AGREEMENT" && child == "DATE"
        };
        assert_eq!(s.relabel_annotation(&ids[0], "PARK", allowed).unwrap(), []);
        assert_eq!(s.annotation(&ids[0]).unwrap().label, "PARK");
        // DATE → CARDINAL: no longer a signing date.
        let gone = s.relabel_annotation(&ids[3], "CARDINAL", allowed).unwrap();
        assert_eq!(gone.len(), 1);
        assert_eq!(gone[0].label, "signed_on");
        // Dropping them all.
        assert_eq!(s.relabel_annotation(&ids[1], "EVENT", |_, _, _| false).unwrap().len(), 2);
        assert!(s.relations.is_empty());
        assert!(s.relabel_annotation("nope", "ORG", allowed).is_none());
    }

    #[test]
    fn relations_survive_reanchoring_and_those_with_a_stale_end_are_listed() {
        let (mut s, ids) = sample();
        let report = crate::reanchor(&mut s, "Yesterday Technopolis signed an MOU with Kista in 2016.");
        assert_eq!(report.stale, [ids[2].clone()]);
        assert_eq!(s.relations.len(), 3, "relations are kept with their (stale) ends");
        let stale: Vec<&Relation> = s.stale_relations().collect();
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].child, ids[2]);
        assert_eq!(report.stale_relations, [stale[0].id.clone()]);
        assert_eq!(s.annotation(&ids[1]).unwrap().start, 32, "the instrument moved");
    }

    #[test]
    fn relation_problems_name_missing_ends_and_repeated_ids() {
        let (mut s, _) = sample();
        let mut copy = s.relations[0].clone();
        s.relations.push(copy.clone());
        copy.id = "rx".into();
        copy.head = "gone".into();
        s.relations.push(copy);
        let problems = s.relation_problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(matches!(problems[0], RelationError::DuplicateId { .. }));
        assert_eq!(problems[1].to_string(), "relation rx: its head `gone` is no annotation of this file");
    }
}
