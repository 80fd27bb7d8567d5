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

mod instrument;
mod people;
mod places;
#[cfg(test)]
mod testing;

use std::fmt;
use std::ops::Range;

use crate::{Label, Options, Provenance, RuleId, Span};

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
///
/// Sentence by sentence (the guide's rule: both ends in one sentence), the
/// families run in this order, each seeing what the earlier ones found:
/// places (`located_in`), people (`has_role`, `member_of`), then the
/// instrument (`party`, `signatory`, `signed_on`), which leaves out the
/// places that only locate a party.
pub(crate) fn find(text: &str, spans: &[Span], options: &Options) -> Vec<Relation> {
    let mut entities: Vec<usize> = (0..spans.len())
        .filter(|&i| {
            !spans[i].label.is_clause() && spans[i].start < spans[i].end && spans[i].end <= text.len()
        })
        .filter(|&i| text.is_char_boundary(spans[i].start) && text.is_char_boundary(spans[i].end))
        .collect();
    entities.sort_by_key(|&i| (spans[i].start, std::cmp::Reverse(spans[i].end)));
    let mut found = Found { spans, options, out: Vec::new() };
    let mut next = 0;
    for paragraph in crate::paragraph_ranges(text) {
        for s in crate::sentence::sentences(&text[paragraph.clone()]) {
            let range = paragraph.start + s.start..paragraph.start + s.end;
            // Entities starting in the sentence (sorted, so a moving window).
            while next < entities.len() && spans[entities[next]].start < range.start {
                next += 1;
            }
            let first = next;
            while next < entities.len() && spans[entities[next]].start < range.end {
                next += 1;
            }
            let sentence = Sentence { text, range, ents: outermost(spans, &entities[first..next]) };
            if sentence.ents.len() < 2 {
                continue;
            }
            places::find(&sentence, &mut found);
            people::find(&sentence, &mut found);
            instrument::find(&sentence, &mut found);
        }
    }
    let mut out = found.out;
    out.sort_by_key(|r| (r.head, r.child, r.label));
    out.dedup_by_key(|r| (r.head, r.child, r.label));
    out
}

/// The entities of `ids` not inside another (an ORG inside a PARK name is
/// not an end of its own), in text order.
fn outermost(spans: &[Span], ids: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for &i in ids {
        let inside =
            out.last().is_some_and(|&o| spans[o].start <= spans[i].start && spans[i].end <= spans[o].end);
        if !inside {
            out.push(i);
        }
    }
    out
}

/// One sentence and its entities (indexes into the spans, text order).
pub(crate) struct Sentence<'t> {
    pub text: &'t str,
    pub range: Range<usize>,
    pub ents: Vec<usize>,
}

impl Sentence<'_> {
    /// The text between two byte offsets ("" when they are reversed).
    pub fn between(&self, from: usize, to: usize) -> &str {
        if from <= to {
            self.text.get(from..to).unwrap_or("")
        } else {
            ""
        }
    }

    /// The sentence's text before `at`.
    pub fn before(&self, at: usize) -> &str {
        self.between(self.range.start, at)
    }

    /// The sentence's text after `at`.
    pub fn after(&self, at: usize) -> &str {
        self.between(at, self.range.end)
    }
}

/// What the families found so far.
pub(crate) struct Found<'s> {
    pub spans: &'s [Span],
    options: &'s Options,
    pub out: Vec<Relation>,
}

impl Found<'_> {
    pub fn label(&self, i: usize) -> Label {
        self.spans[i].label
    }

    pub fn span(&self, i: usize) -> &Span {
        &self.spans[i]
    }

    pub fn on(&self, rule: RuleId) -> bool {
        self.options.enabled(rule)
    }

    /// Records `label(head, child)` by `rule`, when the rule is on and the
    /// ends' labels fit the relation.
    pub fn add(&mut self, head: usize, child: usize, label: RelationLabel, rule: RuleId) -> bool {
        if head == child || !self.on(rule) || !label.allows(self.spans[head].label, self.spans[child].label) {
            return false;
        }
        if !self.has(head, child, label) {
            self.out.push(Relation { head, child, label, provenance: Provenance::rule(rule) });
        }
        true
    }

    pub fn has(&self, head: usize, child: usize, label: RelationLabel) -> bool {
        self.out.iter().any(|r| r.head == head && r.child == child && r.label == label)
    }

    /// Whether `child` is already the child of a `label` relation.
    pub fn is_child_of(&self, child: usize, label: RelationLabel) -> bool {
        self.out.iter().any(|r| r.child == child && r.label == label)
    }
}

/// Lower-case words of `s` (letters, digits, `-`, apostrophes inside).
pub(crate) fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Honorifics that may stand between a title and a name (`CEO Dr Lena Berg`).
pub(crate) fn is_honorific(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "dr" | "mr"
            | "mrs"
            | "ms"
            | "miss"
            | "prof"
            | "professor"
            | "sir"
            | "dame"
            | "h.e"
            | "he"
            | "dato"
            | "datuk"
            | "dato'"
            | "tan"
            | "sri"
            | "eng"
            | "engr"
            | "hon"
            | "rev"
            | "madam"
            | "mme"
            | "m"
    )
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
