//! The labels the engine can suggest (the `parks-v1` label set).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Person,
    Org,
    Park,
    Gpe,
    Loc,
    Event,
    Role,
    Date,
    Money,
    Cardinal,
    Ordinal,
    Percent,
    Agreement,
    Signing,
    Purpose,
    Commitment,
}

impl Label {
    pub const ALL: [Label; 16] = [
        Label::Person,
        Label::Org,
        Label::Park,
        Label::Gpe,
        Label::Loc,
        Label::Event,
        Label::Role,
        Label::Date,
        Label::Money,
        Label::Cardinal,
        Label::Ordinal,
        Label::Percent,
        Label::Agreement,
        Label::Signing,
        Label::Purpose,
        Label::Commitment,
    ];

    /// The label's name in schemas and annotation files.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Org => "ORG",
            Label::Park => "PARK",
            Label::Gpe => "GPE",
            Label::Loc => "LOC",
            Label::Event => "EVENT",
            Label::Role => "ROLE",
            Label::Date => "DATE",
            Label::Money => "MONEY",
            Label::Cardinal => "CARDINAL",
            Label::Ordinal => "ORDINAL",
            Label::Percent => "PERCENT",
            Label::Agreement => "AGREEMENT",
            Label::Signing => "SIGNING",
            Label::Purpose => "PURPOSE",
            Label::Commitment => "COMMITMENT",
        }
    }

    pub fn from_name(name: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str() == name)
    }

    /// Clause labels cover whole sentences; the others are entities.
    pub fn is_clause(self) -> bool {
        matches!(self, Label::Signing | Label::Purpose | Label::Commitment)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
