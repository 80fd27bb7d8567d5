//! The trained part of the engine: a clause sentence classifier and an
//! entity re-scorer, both multinomial logistic regressions over hashed
//! features ([`linear`]) that include the rules' own outputs (labels, rule
//! ids), so they keep what the rules get right and learn their systematic
//! errors from the annotated corpora.
//!
//! - **Entities** ([`Model::rescore_entities`]): every PERSON, ORG, PARK,
//!   GPE, LOC or EVENT span the name rules propose is scored over
//!   {none, those six}; the span is dropped when "none" is likely enough
//!   (the threshold is stored with the weights), relabelled when another
//!   label wins, and carries the probability of its label as confidence.
//! - **Clauses** ([`Model::classify_clauses`]): every sentence is scored over
//!   {none, SIGNING, PURPOSE, COMMITMENT} with the clause rules' verdict as a
//!   feature; the winner is the sentence's label.
//!
//! The weights (`data/model/weights.bin`, [`format`]) are compiled in; the
//! build script refuses a missing or corrupt file. They are made by
//! [`train`] (`pactum train`, `scripts/train`), deterministically. Both
//! models are rules (`model.entity`, `model.clause`) that options turn off.

pub(crate) mod features;
pub mod format;
mod linear;
mod train;

use std::ops::Range;

pub use linear::Settings as ModelSettings;
pub use train::{cross_validate, train, CvScores, GoldSpan, TrainDoc, TrainError, TrainSettings};

use crate::rules::RuleId;
use crate::{Label, LearntName, Span};
use features::{CandidateInput, SentenceInput};
use linear::Linear;

/// The weights compiled into the binary (checked by `build.rs`).
static WEIGHTS: &[u8] = include_bytes!("../../data/model/weights.bin");

/// The entity re-scorer's classes; index 0 is "no entity".
pub(crate) const ENTITY_CLASSES: [Option<Label>; 7] = [
    None,
    Some(Label::Person),
    Some(Label::Org),
    Some(Label::Park),
    Some(Label::Gpe),
    Some(Label::Loc),
    Some(Label::Event),
];

/// The clause classifier's classes; index 0 is "no clause".
pub(crate) const CLAUSE_CLASSES: [Option<Label>; 4] =
    [None, Some(Label::Signing), Some(Label::Purpose), Some(Label::Commitment)];

fn class_of<const N: usize>(classes: &[Option<Label>; N], label: Option<Label>) -> Option<usize> {
    classes.iter().position(|c| *c == label)
}

/// Both models, decoded.
#[derive(Debug)]
pub(crate) struct Model {
    clause: Linear,
    entity: Linear,
    entity_drop: f32,
}

impl Model {
    /// The compiled-in weights. `build.rs` has already decoded the same
    /// bytes, so this cannot fail in a build that compiled.
    pub fn compiled() -> Model {
        match Model::from_bytes(WEIGHTS) {
            Ok(m) => m,
            Err(e) => panic!("data/model/weights.bin passed the build check but not the engine's: {e}"),
        }
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, format::FormatError> {
        let w = format::decode(bytes)?;
        Model::check(&w)?;
        Ok(Model::from_weights(&w))
    }

    pub fn from_weights(w: &format::Weights) -> Model {
        Model {
            clause: Linear::from_section(&w.clause),
            entity: Linear::from_section(&w.entity),
            entity_drop: w.entity_drop,
        }
    }

    fn check(w: &format::Weights) -> Result<(), format::FormatError> {
        let wrong = |what| format::FormatError::BadSection { what, problem: "wrong number of classes" };
        if usize::from(w.clause.classes) != CLAUSE_CLASSES.len() {
            return Err(wrong("clause model"));
        }
        if usize::from(w.entity.classes) != ENTITY_CLASSES.len() {
            return Err(wrong("entity model"));
        }
        Ok(())
    }

    /// Re-scores the name spans of one paragraph (sorted, relative offsets):
    /// drops, relabels or confirms each, and keeps the learnt `names` in step
    /// (a dropped name is not found again elsewhere; a relabelled one is
    /// found again with its new label).
    pub fn rescore_entities(
        &self,
        paragraph: &str,
        sentences: &[Range<usize>],
        spans: &mut Vec<Span>,
        names: &mut Vec<LearntName>,
    ) {
        let mut features = Vec::with_capacity(64);
        let mut dropped: Vec<&str> = Vec::new();
        let mut relabelled: Vec<(&str, Label)> = Vec::new();
        let before = spans.clone();
        spans.retain_mut(|span| {
            let Some(own) = class_of(&ENTITY_CLASSES, Some(span.label)) else { return true };
            features.clear();
            entity_features(paragraph, sentences, &before, span, &mut features);
            let p = self.entity.probabilities(&features);
            let text = &paragraph[span.start..span.end];
            if p[0] > self.entity_drop {
                dropped.push(text);
                return false;
            }
            let best = (1..ENTITY_CLASSES.len()).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap_or(own);
            if best != own {
                if let Some(label) = ENTITY_CLASSES[best] {
                    span.label = label;
                    span.provenance = span.provenance.then(RuleId::ModelEntity);
                    relabelled.push((text, label));
                }
            }
            span.provenance = span.provenance.scored_by_model(p[best.max(1)]);
            true
        });
        if dropped.is_empty() && relabelled.is_empty() {
            return;
        }
        names.retain(|n| !dropped.contains(&n.text.as_str()));
        for n in names.iter_mut() {
            if let Some((_, label)) = relabelled.iter().find(|(t, _)| *t == n.text) {
                n.label = *label;
                n.provenance = n.provenance.then(RuleId::ModelEntity);
            }
        }
    }

    /// The clause spans of one paragraph: one label (or none) per sentence,
    /// from the model, given the clause rules' spans `rules` (sorted).
    pub fn classify_clauses(
        &self,
        paragraph: &str,
        sentences: &[Range<usize>],
        entities: &[Span],
        rules: &[Span],
    ) -> Vec<Span> {
        let mut out = Vec::new();
        let mut features = Vec::with_capacity(128);
        let mut previous = None;
        for (index, range) in sentences.iter().enumerate() {
            let rule = rules.iter().find(|s| s.start == range.start && s.end == range.end);
            features.clear();
            sentence_features(paragraph, sentences, index, entities, rule, previous, &mut features);
            previous = rule.map(|s| s.label);
            let p = self.clause.probabilities(&features);
            let best = (0..CLAUSE_CLASSES.len()).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap_or(0);
            let Some(label) = CLAUSE_CLASSES[best] else { continue };
            let provenance = match rule {
                Some(r) if r.label == label => r.provenance,
                _ => crate::Provenance::rule(RuleId::ModelClause),
            };
            out.push(Span {
                start: range.start,
                end: range.end,
                label,
                provenance: provenance.scored_by_model(p[best]),
            });
        }
        out
    }
}

/// The features of one name span; the same function serves training and
/// annotation, so the two never drift apart.
pub(crate) fn entity_features(
    paragraph: &str,
    sentences: &[Range<usize>],
    spans: &[Span],
    span: &Span,
    out: &mut Vec<u32>,
) {
    let k = sentences.partition_point(|s| s.end <= span.start);
    let sentence = sentences.get(k).cloned().unwrap_or(0..paragraph.len());
    let sentence = sentence.start.min(span.start)..sentence.end.max(span.end);
    let text = &paragraph[span.start..span.end];
    let other_label = if spans.len() <= 64 {
        spans
            .iter()
            .find(|o| o.label != span.label && !o.label.is_clause() && &paragraph[o.start..o.end] == text)
            .map(|o| o.label)
    } else {
        None
    };
    features::candidate(&CandidateInput { paragraph, span, sentence, other_label }, out);
}

/// The features of sentence `index`, given the clause rules' span on it.
pub(crate) fn sentence_features(
    paragraph: &str,
    sentences: &[Range<usize>],
    index: usize,
    entities: &[Span],
    rule: Option<&Span>,
    previous: Option<Label>,
    out: &mut Vec<u32>,
) {
    let range = sentences[index].clone();
    let from = entities.partition_point(|e| e.start < range.start);
    let to = entities.partition_point(|e| e.start < range.end);
    features::sentence(
        &SentenceInput {
            paragraph,
            range,
            rule: rule.map(|s| (s.label, s.provenance.first())),
            previous,
            entities: entities.get(from..to).unwrap_or(&[]),
            index,
            count: sentences.len(),
        },
        out,
    );
}
