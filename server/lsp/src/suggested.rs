//! A suggestion as the language server shows it: the engine's span or the
//! workspace learner's (`pactum_learn::Suggestion`). The learner suggests
//! labels of the user's own schema (say `TECH_FIELD`) that the engine's
//! `Label` enum cannot hold, so shown suggestions carry their label by name.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use pactum_engine::{Provenance, Span};
use pactum_learn::{Suggestion, Why};

/// A label's name. `Copy` (a `&'static str`), so suggestions stay cheap to
/// copy on every keystroke: the engine's labels are static already, a
/// schema's own are interned once (a schema has few labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LabelName(&'static str);

impl LabelName {
    pub fn intern(name: &str) -> LabelName {
        if let Some(label) = pactum_engine::Label::ALL.into_iter().find(|l| l.as_str() == name) {
            return LabelName(label.as_str());
        }
        static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
        let mut names = NAMES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = names.get(name) {
            return LabelName(known);
        }
        // Leaked once per distinct label name of the schemas loaded: bounded.
        let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
        names.insert(leaked);
        LabelName(leaked)
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }

    pub fn is_clause_in(&self, clauses: &HashSet<String>) -> bool {
        clauses.contains(self.0)
    }
}

impl fmt::Display for LabelName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<str> for LabelName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

/// One shown suggestion, byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggested {
    pub start: usize,
    pub end: usize,
    pub label: LabelName,
    /// The engine rules behind it (none for a span only the learner suggests).
    pub provenance: Provenance,
    /// 0–1: the engine's, or what the workspace's accepts and rejects make it.
    pub confidence: f32,
    /// Why the workspace learner suggests it; `None` when nothing was learnt
    /// (the engine's suggestion as it is).
    pub learned: Option<Why>,
}

impl Suggested {
    pub fn from_engine(s: &Span) -> Suggested {
        Suggested {
            start: s.start,
            end: s.end,
            label: LabelName(s.label.as_str()),
            provenance: s.provenance,
            confidence: s.provenance.confidence(),
            learned: None,
        }
    }

    pub fn from_learner(s: Suggestion) -> Suggested {
        let provenance = match &s.why {
            Why::Rules { provenance, .. } => *provenance,
            Why::Memory { .. } | Why::Model { .. } => Provenance::none(),
        };
        Suggested {
            start: s.start,
            end: s.end,
            label: LabelName::intern(&s.label),
            provenance,
            confidence: s.confidence,
            learned: Some(s.why),
        }
    }

    /// Moved by `offset` bytes (paragraph-relative → document).
    pub fn shifted(&self, offset: usize) -> Suggested {
        Suggested { start: self.start + offset, end: self.end + offset, ..self.clone() }
    }

    /// The learner's one-line reason ("accepted as PARK 4× in 3 files"), if it learnt any.
    pub fn explain(&self) -> Option<String> {
        let why = self.learned.clone()?;
        let s = Suggestion {
            start: self.start,
            end: self.end,
            label: self.label.as_str().to_string(),
            confidence: self.confidence,
            why,
        };
        Some(s.explain())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_names_are_the_same_and_engine_labels_static() {
        let a = LabelName::intern("TECH_FIELD");
        let b = LabelName::intern(&String::from("TECH_FIELD"));
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(LabelName::intern("ORG").as_str(), pactum_engine::Label::Org.as_str());
    }
}
