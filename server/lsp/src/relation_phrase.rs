//! How a relation reads in titles (code actions, the relation picker): a
//! phrase per relation and per end, so that the user reads "party to “MOU”"
//! or "member of “KSUM”" rather than the schema's identifiers
//! ("party of “MOU”", "member_of of “KSUM”"). Relation types a schema adds
//! beyond the guide's six read as their name in words ("supplier of").

use std::borrow::Cow;

use super::diagnostics::quote;

/// Which end of a relation a phrase is said from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Head,
    Child,
}

/// The guide's relations: (name, phrase from the head, phrase from the
/// child, the end a statement names first: the one whose phrase reads after
/// "as", e.g. "“Ascendas” as party to “MOU”").
const PHRASES: &[(&str, &str, &str, End)] = &[
    ("party", "has party", "party to", End::Child),
    ("signatory", "signed by", "signatory of", End::Child),
    ("signed_on", "signed on", "signing date of", End::Child),
    ("has_role", "has role", "role of", End::Child),
    ("member_of", "member of", "has member", End::Head),
    ("located_in", "located in", "location of", End::Child),
];

/// What the relation `label` is from `end`, before the other end's text:
/// `party to` (from the child of `party`), `has party` (from its head).
pub fn from(end: End, label: &str) -> Cow<'static, str> {
    match (PHRASES.iter().find(|p| p.0 == label), end) {
        (Some(p), End::Head) => Cow::Borrowed(p.1),
        (Some(p), End::Child) => Cow::Borrowed(p.2),
        (None, End::Head) => Cow::Owned(format!("has {}", words(label))),
        (None, End::Child) => Cow::Owned(format!("{} of", words(label))),
    }
}

/// The picker's name of a link seen from the entity under the cursor:
/// `party to “MOU”`, `has role “CEO”`.
pub fn seen_from(cursor: End, label: &str, other_text: &str) -> String {
    format!("{} {}", from(cursor, label), quote(other_text))
}

/// The end a statement of `label` starts with.
pub fn subject(label: &str) -> End {
    PHRASES.iter().find(|p| p.0 == label).map_or(End::Child, |p| p.3)
}

/// A relation as a statement that reads after a verb: `“Ascendas” as party
/// to “MOU”`, `“Lena Berg” as member of “KSUM”`. With `cursor` at the
/// subject, the subject is left out (`as party to “MOU”`): the user is on it.
pub fn statement(label: &str, head_text: &str, child_text: &str, cursor: Option<End>) -> String {
    let first = subject(label);
    let (subject_text, object_text) = match first {
        End::Head => (head_text, child_text),
        End::Child => (child_text, head_text),
    };
    let rest = format!("as {} {}", from(first, label), quote(object_text));
    if cursor == Some(first) {
        rest
    } else {
        format!("{} {rest}", quote(subject_text))
    }
}

/// `funded_by` → `funded by`. (Clumsy for some names, but never wrong
/// about the direction; a schema's own relations are rare.)
fn words(label: &str) -> String {
    label.replace(['_', '-'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_guide_relation_reads_as_words_from_both_ends() {
        for (name, ..) in PHRASES {
            for end in [End::Head, End::Child] {
                let p = from(end, name);
                assert!(!p.contains('_') && !p.is_empty(), "{name}: {p}");
            }
        }
        assert_eq!(seen_from(End::Child, "party", "MOU"), "party to “MOU”");
        assert_eq!(seen_from(End::Head, "member_of", "KSUM"), "member of “KSUM”");
        assert_eq!(seen_from(End::Child, "signatory", "MOU"), "signatory of “MOU”");
        assert_eq!(seen_from(End::Head, "signed_on", "3 May"), "signed on “3 May”");
        assert_eq!(seen_from(End::Child, "has_role", "Lena"), "role of “Lena”");
        assert_eq!(seen_from(End::Head, "located_in", "Oulu"), "located in “Oulu”");
    }

    #[test]
    fn the_schema_guide_relations_all_have_a_phrase() {
        let schema = pactum_schema::Schema::parks_v1();
        for def in schema.relations.iter() {
            assert!(PHRASES.iter().any(|p| p.0 == def.name), "no phrase for {}", def.name);
        }
    }

    #[test]
    fn statements_name_the_subject_unless_the_cursor_is_on_it() {
        assert_eq!(statement("party", "MOU", "Ascendas", None), "“Ascendas” as party to “MOU”");
        assert_eq!(statement("party", "MOU", "Ascendas", Some(End::Child)), "as party to “MOU”");
        assert_eq!(statement("party", "MOU", "Ascendas", Some(End::Head)), "“Ascendas” as party to “MOU”");
        assert_eq!(statement("member_of", "Lena", "KSUM", Some(End::Head)), "as member of “KSUM”");
        assert_eq!(statement("signed_on", "MOU", "3 May", None), "“3 May” as signing date of “MOU”");
    }

    #[test]
    fn a_schemas_own_relation_reads_as_its_name_in_words() {
        assert_eq!(seen_from(End::Child, "funded_by", "X"), "funded by of “X”");
        assert_eq!(seen_from(End::Head, "funded_by", "X"), "has funded by “X”");
        assert_eq!(statement("funds", "A", "B", None), "“B” as funds of “A”");
    }
}
