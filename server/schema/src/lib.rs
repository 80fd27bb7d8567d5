//! The annotation schema: which labels exist, their kind, how they are
//! explained and coloured.
//!
//! A schema file is JSON (see `schemas/schema.schema.json`). Loading validates
//! the whole file and reports *every* problem with its JSON path, so a user
//! fixing a hand-written schema sees all mistakes at once.

mod validate;

use serde::Serialize;

pub use validate::SchemaProblem;

/// The default schema, `parks-v1`, compiled into the binary.
pub const PARKS_V1_JSON: &str = include_str!("../../../schemas/parks-v1.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelKind {
    /// A phrase: a name, a number, a date.
    Entity,
    /// A whole sentence or list item.
    Clause,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelDef {
    pub name: String,
    pub kind: LabelKind,
    pub description: String,
    pub explanation: String,
    /// `#rrggbb`, normalised to lower case and six digits.
    pub color: Option<String>,
    pub key: Option<String>,
}

/// A relation type: a labelled, directed link from a head span to a child
/// span (the guide's `party`: AGREEMENT → ORG, PARK, GPE).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationDef {
    /// Lower-case name, unique among the schema's relations (`party`, `signed_on`).
    pub name: String,
    pub description: String,
    /// Longer text for hovers (Markdown); the description when the file has none.
    pub explanation: String,
    /// Entity labels the head may have (never empty).
    pub head: Vec<String>,
    /// Entity labels the child may have (never empty).
    pub child: Vec<String>,
}

impl RelationDef {
    /// Whether a relation of this type may go from a `head_label` span to a
    /// `child_label` span.
    pub fn allows(&self, head_label: &str, child_label: &str) -> bool {
        self.head.iter().any(|l| l == head_label) && self.child.iter().any(|l| l == child_label)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schema {
    pub id: String,
    pub title: Option<String>,
    pub labels: Vec<LabelDef>,
    /// Relation types, in schema order; empty for a schema without relations.
    pub relations: Vec<RelationDef>,
}

#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("schema {path} is not valid JSON: {message}")]
    Json { path: String, message: String },
    #[error("schema {path} has {} problem(s):\n{}", problems.len(), format_problems(problems))]
    Invalid { path: String, problems: Vec<SchemaProblem> },
}

fn format_problems(problems: &[SchemaProblem]) -> String {
    problems.iter().map(|p| format!("  {}: {}", p.path, p.message)).collect::<Vec<_>>().join("\n")
}

impl Schema {
    /// The built-in `parks-v1` schema.
    pub fn parks_v1() -> Schema {
        // The embedded file is checked by a unit test; failing here would be a
        // build defect, not bad user input.
        Self::from_json_str(PARKS_V1_JSON, "parks-v1.json").expect("the built-in parks-v1 schema is valid")
    }

    /// Parses and validates schema JSON; `origin` names it in errors. (Schema
    /// files are read by the callers with `pactum_store::untrusted`: only
    /// regular files, size-capped.)
    pub fn from_json_str(json: &str, origin: &str) -> Result<Schema, SchemaError> {
        let value: serde_json::Value = serde_json::from_str(json)
            .map_err(|e| SchemaError::Json { path: origin.to_string(), message: e.to_string() })?;
        validate::validate(&value)
            .map_err(|problems| SchemaError::Invalid { path: origin.to_string(), problems })
    }

    pub fn label(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    pub fn has_label(&self, name: &str) -> bool {
        self.label(name).is_some()
    }

    /// The relation type called `name`.
    pub fn relation(&self, name: &str) -> Option<&RelationDef> {
        self.relations.iter().find(|r| r.name == name)
    }

    /// Whether the schema allows a `name` relation from a `head_label` span
    /// to a `child_label` span (false for an unknown relation).
    pub fn allows_relation(&self, name: &str, head_label: &str, child_label: &str) -> bool {
        self.relation(name).is_some_and(|r| r.allows(head_label, child_label))
    }

    /// The relation types that may go from a `head_label` span to a
    /// `child_label` span, in schema order (what a "Link as …" menu offers).
    pub fn relations_between<'s>(
        &'s self,
        head_label: &'s str,
        child_label: &'s str,
    ) -> impl Iterator<Item = &'s RelationDef> + 's {
        self.relations.iter().filter(move |r| r.allows(head_label, child_label))
    }

    /// Labels of one kind, in schema order.
    pub fn labels_of(&self, kind: LabelKind) -> impl Iterator<Item = &LabelDef> {
        self.labels.iter().filter(move |l| l.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_schema_has_every_guide_label() {
        let s = Schema::parks_v1();
        assert_eq!(s.id, "parks-v1");
        for name in [
            "PERSON",
            "ORG",
            "PARK",
            "GPE",
            "LOC",
            "EVENT",
            "ROLE",
            "DATE",
            "MONEY",
            "CARDINAL",
            "ORDINAL",
            "PERCENT",
            "AGREEMENT",
        ] {
            assert_eq!(s.label(name).map(|l| l.kind), Some(LabelKind::Entity), "{name}");
        }
        for name in ["SIGNING", "PURPOSE", "COMMITMENT"] {
            assert_eq!(s.label(name).map(|l| l.kind), Some(LabelKind::Clause), "{name}");
        }
        assert!(s.labels.iter().all(|l| l.color.is_some() && l.key.is_some()));
    }

    #[test]
    fn builtin_schema_declares_the_guides_six_relations() {
        let s = Schema::parks_v1();
        let names: Vec<&str> = s.relations.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["party", "signatory", "signed_on", "has_role", "member_of", "located_in"]);
        assert!(s.allows_relation("party", "AGREEMENT", "PARK"));
        assert!(!s.allows_relation("party", "PARK", "AGREEMENT"), "direction matters");
        assert!(s.allows_relation("located_in", "ORG", "LOC"));
        assert!(!s.allows_relation("located_in", "ORG", "DATE"));
        assert!(!s.allows_relation("sister_of", "PARK", "PARK"));
        let between: Vec<&str> = s.relations_between("PERSON", "ORG").map(|r| r.name.as_str()).collect();
        assert_eq!(between, ["member_of"]);
        assert!(s.relations.iter().all(|r| !r.explanation.is_empty()));
    }

    #[test]
    fn not_json_names_the_file() {
        let err = Schema::from_json_str("{", "my.json").unwrap_err();
        assert!(err.to_string().contains("my.json"), "{err}");
    }
}
