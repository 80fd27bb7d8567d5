//! Relations between the entity spans of one sentence (the annotation
//! guide's rule): who is party to an instrument, who signed it and when,
//! a person's role and organisation, a park's place.
//!
//! [`crate::Engine::relations`] takes the document's text and its spans
//! (those of [`crate::Engine::annotate`], or an editor's mix of accepted
//! annotations and suggestions) and returns [`Relation`]s whose ends are
//! **indexes into that slice**, so a caller maps them back to whatever it
//! built the spans from (annotation ids, code-point offsets) without
//! comparing offsets. Clause spans are never ends.

use std::fmt;

use crate::{Label, Provenance, Span};

/// The relation types the engine can suggest: the guide's six, as named in
/// the `parks-v1` schema (`relations[].name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelationLabel {
    /// AGREEMENT → ORG, PARK, GPE: the child is a party to the instrument.
    Party,
    /// AGREEMENT → PERSON: the person signed (or will sign) it.
    Signatory,
    /// AGREEMENT → DATE: it was (or will be) signed on that date.
    SignedOn,
    /// PERSON → ROLE.
    HasRole,
    /// PERSON → ORG, PARK, GPE: works for, leads or represents.
    MemberOf,
    /// PARK, ORG → GPE, LOC.
    LocatedIn,
}

impl RelationLabel {
    pub const ALL: [RelationLabel; 6] = [
        RelationLabel::Party,
        RelationLabel::Signatory,
        RelationLabel::SignedOn,
        RelationLabel::HasRole,
        RelationLabel::MemberOf,
        RelationLabel::LocatedIn,
    ];

    /// The name in schemas, annotation files and JSON lines (`signed_on`).
    pub fn as_str(self) -> &'static str {
        match self {
            RelationLabel::Party => "party",
            RelationLabel::Signatory => "signatory",
            RelationLabel::SignedOn => "signed_on",
            RelationLabel::HasRole => "has_role",
            RelationLabel::MemberOf => "member_of",
            RelationLabel::LocatedIn => "located_in",
        }
    }

    pub fn from_name(name: &str) -> Option<RelationLabel> {
        RelationLabel::ALL.into_iter().find(|l| l.as_str() == name)
    }

    /// Whether a relation of this type may go from a `head` span to a
    /// `child` span (the guide's table, as `parks-v1` declares it).
    pub fn allows(self, head: Label, child: Label) -> bool {
        use Label::*;
        match self {
            RelationLabel::Party => head == Agreement && matches!(child, Org | Park | Gpe),
            RelationLabel::Signatory => head == Agreement && child == Person,
            RelationLabel::SignedOn => head == Agreement && child == Date,
            RelationLabel::HasRole => head == Person && child == Role,
            RelationLabel::MemberOf => head == Person && matches!(child, Org | Park | Gpe),
            RelationLabel::LocatedIn => matches!(head, Park | Org) && matches!(child, Gpe | Loc),
        }
    }
}

impl fmt::Display for RelationLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A suggested relation. `head` and `child` index the span slice given to
/// [`crate::Engine::relations`]; both spans are entities of one sentence and
/// `label.allows(spans[head].label, spans[child].label)` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Relation {
    pub head: usize,
    pub child: usize,
    pub label: RelationLabel,
    /// The relation rules that proposed it (family `relation` of [`crate::rules`]).
    pub provenance: Provenance,
}

/// The relations among `spans` (any order; offsets are bytes into `text`),
/// sorted by (head, child, label), without duplicates.
pub(crate) fn find(_text: &str, _spans: &[Span], _options: &crate::Options) -> Vec<Relation> {
    // The rules come with the `relation` family of rules.rs.
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_by_name_and_follow_the_guides_table() {
        for l in RelationLabel::ALL {
            assert_eq!(RelationLabel::from_name(l.as_str()), Some(l));
        }
        assert!(RelationLabel::Party.allows(Label::Agreement, Label::Park));
        assert!(!RelationLabel::Party.allows(Label::Park, Label::Agreement));
        assert!(RelationLabel::LocatedIn.allows(Label::Org, Label::Loc));
        assert!(!RelationLabel::MemberOf.allows(Label::Person, Label::Role));
    }

    /// The engine's table is the built-in schema's: every (head, child)
    /// label pair is allowed by one exactly when it is by the other.
    #[test]
    fn the_engines_table_is_the_schemas() {
        let schema = include_str!("../../../../schemas/parks-v1.json");
        for rel in RelationLabel::ALL {
            let entry = schema
                .split("{\"name\": \"")
                .find(|part| part.starts_with(&format!("{}\"", rel.as_str())))
                .unwrap_or_else(|| panic!("{rel} is not in parks-v1.json"));
            let list = |key: &str| -> Vec<&str> {
                let from = entry.find(&format!("\"{key}\": [")).map(|i| i + key.len() + 5).unwrap();
                let to = from + entry[from..].find(']').unwrap();
                entry[from..to].split(',').map(|s| s.trim().trim_matches('"')).collect()
            };
            let (heads, children) = (list("head"), list("child"));
            for h in Label::ALL {
                for c in Label::ALL {
                    let schema_allows = heads.contains(&h.as_str()) && children.contains(&c.as_str());
                    assert_eq!(rel.allows(h, c), schema_allows, "{rel} {h} → {c}");
                }
            }
        }
    }
}
