//! Entity recognition: PERSON, ORG, PARK, GPE, LOC, EVENT, ROLE, DATE, MONEY,
//! CARDINAL, ORDINAL, PERCENT, AGREEMENT.

use std::ops::Range;

use super::{Label, Span};

/// Compiled gazetteers and rules for entities.
pub struct Entities {
    baseline: regex::Regex,
}

impl Entities {
    pub fn new() -> Self {
        // A placeholder recogniser until the real one lands: agreement nouns,
        // "… Science Park" names and "… Plc/Ltd/Corp" companies.
        let baseline = regex::Regex::new(
            r"(?P<agr>\b(?:[Aa]greement|MOU|MoU|[Mm]emorandum of [Uu]nderstanding)\b)|(?P<park>(?:[A-Z][a-z]+ )+(?:Science|Technology) Park\b)|(?P<org>(?:[A-Z][a-z]+ )+(?:Plc|Ltd|Corp)\b)",
        )
        .expect("baseline regex is valid");
        Entities { baseline }
    }

    /// Entity spans of one paragraph (byte offsets relative to it) and the
    /// names worth finding again elsewhere in the document.
    pub fn find(&self, paragraph: &str, sentences: &[Range<usize>]) -> (Vec<Span>, Vec<(String, Label)>) {
        let _ = sentences;
        let mut spans = Vec::new();
        for c in self.baseline.captures_iter(paragraph) {
            let (m, label) = if let Some(m) = c.name("agr") {
                (m, Label::Agreement)
            } else if let Some(m) = c.name("park") {
                (m, Label::Park)
            } else if let Some(m) = c.name("org") {
                (m, Label::Org)
            } else {
                continue;
            };
            spans.push(Span { start: m.start(), end: m.end(), label });
        }
        (spans, Vec::new())
    }

    /// Document-wide pass: adds mentions of names learnt in any paragraph
    /// (`names`) that the per-paragraph pass missed. `spans` are absolute,
    /// sorted; returns them with the additions, sorted.
    pub fn link(&self, text: &str, spans: Vec<Span>, names: &[(String, Label)]) -> Vec<Span> {
        let _ = (text, names);
        spans
    }
}
