//! Training the two models from annotated documents, and cross-validating
//! their settings. Pure functions: the caller (`pactum train`) reads the
//! corpora and writes the weights.
//!
//! Examples are made by the rules alone (both models off) exactly as the
//! engine sees a paragraph when annotating: each name span the rules
//! propose is an entity example (its class is the gold label of a gold span
//! with the same bounds, else "none"), each sentence a clause example (the
//! gold clause label covering at least half of it, else "none").

use std::fmt;
use std::ops::Range;

use super::format::{self, Weights};
use super::linear::{self, Averaging, Example, Settings};
use super::{class_of, entity_features, other_labels, sentence_features, CLAUSE_CLASSES, ENTITY_CLASSES};
use crate::rules::{Options, RuleId};
use crate::{paragraph_ranges, Engine, Label, Span};

/// A gold span, byte offsets into its document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// An annotated document.
#[derive(Debug, Clone)]
pub struct TrainDoc {
    pub id: String,
    pub text: String,
    pub spans: Vec<GoldSpan>,
}

/// Settings of both models; [`TrainSettings::default`] holds the values
/// chosen by cross-validation on the training corpora.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainSettings {
    pub clause: Settings,
    pub entity: Settings,
    pub entity_drop: f32,
    pub clause_min: f32,
}

impl Default for TrainSettings {
    fn default() -> Self {
        // Chosen by 5-fold cross-validation on tests/data/real/train.jsonl (the
        // seeds and held-out set added to every fold's training documents):
        // rules alone entity 0.763 clause 0.626, with these 0.782 / 0.675.
        TrainSettings {
            clause: Settings {
                bits: 16,
                epochs: 12,
                learning_rate: 0.05,
                l2: 1e-5,
                averaging: Averaging::EpochMean,
            },
            entity: Settings {
                bits: 16,
                epochs: 12,
                learning_rate: 0.1,
                l2: 1e-5,
                averaging: Averaging::EpochMean,
            },
            entity_drop: 0.5,
            clause_min: 0.4,
        }
    }
}

impl TrainSettings {
    /// The same settings with one changed by name (`clause.epochs=20`,
    /// `entity.l2=1e-4`, `entity.drop=0.6`, `clause.averaging=last`), for
    /// tuning by cross-validation from the command line.
    pub fn set(mut self, assignment: &str) -> Result<TrainSettings, String> {
        let (key, value) =
            assignment.split_once('=').ok_or_else(|| format!("`{assignment}`: write KEY=VALUE"))?;
        let bad = |e: &dyn fmt::Display| format!("`{assignment}`: {e}");
        if key.trim() == "entity.drop" {
            self.entity_drop = value.trim().parse().map_err(|e| bad(&e))?;
            return Ok(self);
        }
        if key.trim() == "clause.min" {
            self.clause_min = value.trim().parse().map_err(|e| bad(&e))?;
            return Ok(self);
        }
        let (model, field) = key.trim().split_once('.').ok_or_else(|| bad(&"unknown setting"))?;
        let s = match model {
            "clause" => &mut self.clause,
            "entity" => &mut self.entity,
            _ => return Err(bad(&"settings start with `clause.` or `entity.`")),
        };
        let v = value.trim();
        match field {
            "bits" => s.bits = v.parse().map_err(|e| bad(&e))?,
            "epochs" => s.epochs = v.parse().map_err(|e| bad(&e))?,
            "lr" => s.learning_rate = v.parse().map_err(|e| bad(&e))?,
            "l2" => s.l2 = v.parse().map_err(|e| bad(&e))?,
            "averaging" => {
                s.averaging = match v {
                    "last" => Averaging::Last,
                    "epoch-mean" => Averaging::EpochMean,
                    _ => return Err(bad(&"use `last` or `epoch-mean`")),
                }
            }
            _ => return Err(bad(&"fields are bits, epochs, lr, l2, averaging")),
        }
        if !(8..=20).contains(&s.bits) {
            return Err(bad(&"bits must be 8–20"));
        }
        Ok(self)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainError {
    /// No documents, or none with a gold span: nothing to learn from.
    EmptyCorpus,
    /// A gold span outside its text or not on character boundaries.
    BadSpan { document: String, start: usize, end: usize },
    /// Fewer documents than cross-validation folds.
    TooFewDocuments { documents: usize, folds: usize },
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainError::EmptyCorpus => f.write_str(
                "the training corpus is empty (no document with an annotated span): give JSON-lines files with gold spans",
            ),
            TrainError::BadSpan { document, start, end } => {
                write!(f, "document `{document}`: gold span {start}..{end} is not inside its text")
            }
            TrainError::TooFewDocuments { documents, folds } => {
                write!(f, "{documents} documents cannot make {folds} cross-validation folds")
            }
        }
    }
}

impl std::error::Error for TrainError {}

fn rules_only() -> Options {
    Options::default().disable(RuleId::ModelClause).disable(RuleId::ModelEntity)
}

fn check(docs: &[TrainDoc]) -> Result<(), TrainError> {
    if docs.iter().all(|d| d.spans.is_empty()) {
        return Err(TrainError::EmptyCorpus);
    }
    for d in docs {
        for s in &d.spans {
            if s.start >= s.end || d.text.get(s.start..s.end).is_none() {
                return Err(TrainError::BadSpan { document: d.id.clone(), start: s.start, end: s.end });
            }
        }
    }
    Ok(())
}

/// Both models' examples from `docs`.
fn examples(engine: &Engine, docs: &[&TrainDoc]) -> (Vec<Example>, Vec<Example>) {
    let (mut clauses, mut entities) = (Vec::new(), Vec::new());
    for doc in docs {
        for r in paragraph_ranges(&doc.text) {
            let paragraph = &doc.text[r.clone()];
            let (sentences, spans, rule_clauses) = engine.rules_of_paragraph(paragraph);
            let lines = super::features::Lines::new(paragraph);
            let words = super::features::ParagraphWords::new(paragraph);
            let gold: Vec<GoldSpan> = doc
                .spans
                .iter()
                .filter(|g| g.start >= r.start && g.end <= r.end)
                .map(|g| GoldSpan { start: g.start - r.start, end: g.end - r.start, label: g.label })
                .collect();
            let others = other_labels(paragraph, &spans);
            for (k, span) in spans.iter().enumerate() {
                let other_label = others.get(k).copied().flatten();
                if class_of(&ENTITY_CLASSES, Some(span.label)).is_none() {
                    continue;
                }
                let mut features = Vec::new();
                entity_features(paragraph, &lines, &words, &sentences, span, other_label, &mut features);
                let truth =
                    gold.iter().find(|g| g.start == span.start && g.end == span.end && !g.label.is_clause());
                let class = class_of(&ENTITY_CLASSES, truth.map(|g| g.label)).unwrap_or(0);
                entities.push(Example { features, class });
            }
            let mut previous = None;
            for (index, range) in sentences.iter().enumerate() {
                let rule = rule_clauses.iter().find(|s| s.start == range.start && s.end == range.end);
                let mut features = Vec::new();
                sentence_features(
                    paragraph,
                    &words,
                    &sentences,
                    index,
                    &spans,
                    rule,
                    previous,
                    &mut features,
                );
                previous = rule.map(|s| s.label);
                let truth = clause_label(&gold, range);
                clauses.push(Example { features, class: class_of(&CLAUSE_CLASSES, truth).unwrap_or(0) });
            }
        }
    }
    (clauses, entities)
}

/// The gold clause label covering at least half of `range`.
fn clause_label(gold: &[GoldSpan], range: &Range<usize>) -> Option<Label> {
    let len = range.end - range.start;
    gold.iter().filter(|g| g.label.is_clause()).find_map(|g| {
        let overlap = g.end.min(range.end).saturating_sub(g.start.max(range.start));
        (overlap * 2 >= len.max(1)).then_some(g.label)
    })
}

/// Trains both models on `docs`; the weights file's bytes. Deterministic:
/// the same documents in the same order give the same bytes.
pub fn train(docs: &[TrainDoc], settings: &TrainSettings) -> Result<Vec<u8>, TrainError> {
    check(docs)?;
    let refs: Vec<&TrainDoc> = docs.iter().collect();
    Ok(format::encode(&fit(&refs, settings)))
}

fn fit(docs: &[&TrainDoc], settings: &TrainSettings) -> Weights {
    let engine = Engine::new().with_options(rules_only());
    let (clauses, entities) = examples(&engine, docs);
    Weights {
        clause: linear::train(&clauses, CLAUSE_CLASSES.len(), &settings.clause),
        entity: linear::train(&entities, ENTITY_CLASSES.len(), &settings.entity),
        entity_drop: settings.entity_drop,
        clause_min: settings.clause_min,
    }
}

/// Micro-F1 of entities (exact bounds and label) and clauses (same label,
/// intersection over union ≥ 0.5, one to one), as `score.py` counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CvScores {
    pub rules_entity: f64,
    pub rules_clause: f64,
    pub model_entity: f64,
    pub model_clause: f64,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    pred: usize,
    gold: usize,
}

impl Counts {
    fn f1(&self) -> f64 {
        if self.pred + self.gold == 0 {
            return 0.0;
        }
        2.0 * self.tp as f64 / (self.pred + self.gold) as f64
    }
}

fn count(doc: &TrainDoc, pred: &[Span], entities: &mut Counts, clauses: &mut Counts) {
    let (gold_c, gold_e): (Vec<&GoldSpan>, Vec<&GoldSpan>) =
        doc.spans.iter().partition(|g| g.label.is_clause());
    let (pred_c, pred_e): (Vec<&Span>, Vec<&Span>) = pred.iter().partition(|s| s.label.is_clause());
    entities.gold += gold_e.len();
    entities.pred += pred_e.len();
    entities.tp += pred_e
        .iter()
        .filter(|p| gold_e.iter().any(|g| g.start == p.start && g.end == p.end && g.label == p.label))
        .count();
    clauses.gold += gold_c.len();
    clauses.pred += pred_c.len();
    let mut used = vec![false; gold_c.len()];
    for p in pred_c {
        let found = gold_c.iter().enumerate().find(|(k, g)| {
            let inter = g.end.min(p.end).saturating_sub(g.start.max(p.start));
            let union = g.end.max(p.end) - g.start.min(p.start);
            !used[*k] && g.label == p.label && union > 0 && inter * 2 >= union
        });
        if let Some((k, _)) = found {
            used[k] = true;
            clauses.tp += 1;
        }
    }
}

/// `folds`-fold cross-validation on `docs` (fold k holds documents k,
/// k + folds, …): the rules alone and the rules with models trained on the
/// other folds (and on `extra`, never scored), scored on each held-out fold
/// and summed over folds.
pub fn cross_validate(
    docs: &[TrainDoc],
    extra: &[TrainDoc],
    settings: &TrainSettings,
    folds: usize,
) -> Result<CvScores, TrainError> {
    check(docs)?;
    if !extra.is_empty() {
        check(extra)?;
    }
    if folds < 2 || docs.len() < folds {
        return Err(TrainError::TooFewDocuments { documents: docs.len(), folds });
    }
    let rules = Engine::new().with_options(rules_only());
    let (mut re, mut rc, mut me, mut mc) =
        (Counts::default(), Counts::default(), Counts::default(), Counts::default());
    for fold in 0..folds {
        let train: Vec<&TrainDoc> =
            docs.iter().enumerate().filter(|(k, _)| k % folds != fold).map(|(_, d)| d).chain(extra).collect();
        let weights = fit(&train, settings);
        let engine =
            rules.clone().with_options(Options::default()).with_model(super::Model::from_weights(&weights));
        for doc in docs.iter().enumerate().filter(|(k, _)| k % folds == fold).map(|(_, d)| d) {
            count(doc, &rules.annotate(&doc.text), &mut re, &mut rc);
            count(doc, &engine.annotate(&doc.text), &mut me, &mut mc);
        }
    }
    let f = |c: Counts| c.f1();
    Ok(CvScores { rules_entity: f(re), rules_clause: f(rc), model_entity: f(me), model_clause: f(mc) })
}
