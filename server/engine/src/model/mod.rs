//! The trained part of the engine: a clause sentence classifier and an
//! entity re-scorer, both multinomial logistic regressions over hashed
//! features ([`linear`]) that include the rules' own outputs (labels, rule
//! ids), so they keep what the rules get right and learn their systematic
//! errors from the annotated corpora.
//!
//! - **Entities** ([`Model::rescore_entities`]): every entity span the
//!   rules propose is scored over {none, the thirteen entity labels}; the span is dropped when "none" is likely enough
//!   (the threshold is stored with the weights), relabelled when another
//!   label wins, and carries the probability of its label as confidence.
//! - **Clauses** ([`Model::classify_clauses`]): every sentence is scored over
//!   {none, SIGNING, PURPOSE, COMMITMENT} with the clause rules' verdict as a
//!   feature; the likeliest label is the sentence's if its probability
//!   reaches the threshold stored with the weights.
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

pub use linear::{Averaging, Settings as ModelSettings};
pub use train::{cross_validate, train, CvScores, GoldSpan, TrainDoc, TrainError, TrainSettings};

use crate::rules::RuleId;
use crate::{Label, LearntName, Span};
use features::{CandidateInput, Lines, ParagraphWords, SentenceInput};
use linear::Linear;

/// The weights compiled into the binary (checked by `build.rs`).
static WEIGHTS: &[u8] = include_bytes!("../../data/model/weights.bin");

/// The entity re-scorer's classes; index 0 is "no entity".
pub(crate) const ENTITY_CLASSES: [Option<Label>; 14] = [
    None,
    Some(Label::Person),
    Some(Label::Org),
    Some(Label::Park),
    Some(Label::Gpe),
    Some(Label::Loc),
    Some(Label::Event),
    Some(Label::Role),
    Some(Label::Date),
    Some(Label::Money),
    Some(Label::Cardinal),
    Some(Label::Ordinal),
    Some(Label::Percent),
    Some(Label::Agreement),
];

/// The clause classifier's classes; index 0 is "no clause".
pub(crate) const CLAUSE_CLASSES: [Option<Label>; 4] =
    [None, Some(Label::Signing), Some(Label::Purpose), Some(Label::Commitment)];

/// A paragraph as both models read it: its text and its words, cut and
/// hashed once (on first use) for the two models.
pub(crate) struct Paragraph<'a> {
    text: &'a str,
    words: std::cell::OnceCell<ParagraphWords>,
    lines: std::cell::OnceCell<Lines>,
}

impl<'a> Paragraph<'a> {
    pub fn new(text: &'a str) -> Paragraph<'a> {
        Paragraph { text, words: std::cell::OnceCell::new(), lines: std::cell::OnceCell::new() }
    }

    fn words(&self) -> &ParagraphWords {
        self.words.get_or_init(|| ParagraphWords::new(self.text))
    }

    /// The lines, from the line starts the word scan saw.
    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| self.words().lines(self.text))
    }
}

fn class_of<const N: usize>(classes: &[Option<Label>; N], label: Option<Label>) -> Option<usize> {
    classes.iter().position(|c| *c == label)
}

/// Both models, decoded.
#[derive(Debug, PartialEq)]
pub(crate) struct Model {
    clause: Linear,
    entity: Linear,
    entity_drop: f32,
    clause_min: f32,
}

impl Model {
    /// The compiled-in weights. `build.rs` has already decoded the same
    /// bytes, so this cannot fail in a build that compiled.
    /// Read in place ([`format::view`]): `pactum annotate` starts with
    /// this, and checksumming and copying the entries again took a tenth
    /// of the engine's start-up (the build script has checked them).
    pub fn compiled() -> Model {
        let view = format::view(WEIGHTS).and_then(|w| {
            Model::check_classes(w.clause.classes, w.entity.classes)?;
            Ok(w)
        });
        match view {
            Ok(w) => Model {
                clause: Linear::from_view(&w.clause),
                entity: Linear::from_view(&w.entity),
                entity_drop: w.entity_drop,
                clause_min: w.clause_min,
            },
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
            clause_min: w.clause_min,
        }
    }

    fn check(w: &format::Weights) -> Result<(), format::FormatError> {
        Model::check_classes(w.clause.classes, w.entity.classes)
    }

    fn check_classes(clause: u8, entity: u8) -> Result<(), format::FormatError> {
        let wrong = |what| format::FormatError::BadSection { what, problem: "wrong number of classes" };
        if usize::from(clause) != CLAUSE_CLASSES.len() {
            return Err(wrong("clause model"));
        }
        if usize::from(entity) != ENTITY_CLASSES.len() {
            return Err(wrong("entity model"));
        }
        Ok(())
    }

    /// Re-scores the entity spans of one paragraph (sorted, relative offsets):
    /// drops, relabels or confirms each, and keeps the learnt `names` in step
    /// (a dropped name is not found again elsewhere; a relabelled one is
    /// found again with its new label).
    pub fn rescore_entities(
        &self,
        prepared: &Paragraph<'_>,
        sentences: &[Range<usize>],
        spans: &mut Vec<Span>,
        names: &mut Vec<LearntName>,
    ) {
        let mut features = Vec::with_capacity(64);
        let mut dropped: Vec<&str> = Vec::new();
        let mut relabelled: Vec<(&str, Label)> = Vec::new();
        let paragraph = prepared.text;
        let others = other_labels(paragraph, spans);
        let mut others = others.iter().copied().chain(std::iter::repeat(None));
        let lines = prepared.lines();
        let words = prepared.words();
        spans.retain_mut(|span| {
            let other_label = others.next().flatten();
            let Some(own) = class_of(&ENTITY_CLASSES, Some(span.label)) else { return true };
            features.clear();
            entity_features(paragraph, lines, words, sentences, span, other_label, &mut features);
            let p = self.entity.probabilities(&features);
            let text = &paragraph[span.start..span.end];
            if p[0] > self.entity_drop {
                dropped.push(text);
                return false;
            }
            let best = likeliest(&p[..ENTITY_CLASSES.len()], 1);
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
        // Sets, not lists: a paragraph of one huge line has many of both.
        let dropped: std::collections::HashSet<&str> = dropped.into_iter().collect();
        let mut first_label: std::collections::HashMap<&str, Label> = std::collections::HashMap::new();
        for (t, label) in relabelled {
            first_label.entry(t).or_insert(label);
        }
        names.retain(|n| !dropped.contains(n.text.as_str()));
        for n in names.iter_mut() {
            if let Some(label) = first_label.get(n.text.as_str()) {
                n.label = *label;
                n.provenance = n.provenance.then(RuleId::ModelEntity);
            }
        }
    }

    /// The clause spans of one paragraph: one label (or none) per sentence,
    /// from the model, given the clause rules' spans `rules` (sorted).
    pub fn classify_clauses(
        &self,
        prepared: &Paragraph<'_>,
        sentences: &[Range<usize>],
        entities: &[Span],
        rules: &[Span],
    ) -> Vec<Span> {
        let mut out = Vec::new();
        let mut features = Vec::with_capacity(128);
        let mut previous = None;
        let (paragraph, words) = (prepared.text, prepared.words());
        for (index, range) in sentences.iter().enumerate() {
            // `rules` is sorted: look from the first starting here.
            let from = rules.partition_point(|s| s.start < range.start);
            let rule =
                rules[from..].iter().take_while(|s| s.start == range.start).find(|s| s.end == range.end);
            features.clear();
            sentence_features(paragraph, words, sentences, index, entities, rule, previous, &mut features);
            previous = rule.map(|s| s.label);
            let p = self.clause.probabilities(&features);
            // The likeliest label, if likely enough (a threshold tuned by
            // cross-validation: clauses are rarer than plain sentences).
            let best = likeliest(&p[..CLAUSE_CLASSES.len()], 1);
            if p[best] < self.clause_min {
                continue;
            }
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

/// The index from `from` on of the largest probability, the last of equal
/// ones (as `max_by` with `total_cmp` gives it). Probabilities are never
/// negative or NaN, so their bits order them as `total_cmp` does, without
/// its per-comparison bit twiddling.
fn likeliest(p: &[f32], from: usize) -> usize {
    let mut best = from;
    for k in from + 1..p.len() {
        if p[k].to_bits() >= p[best].to_bits() {
            best = k;
        }
    }
    best
}

/// For each of `spans` (one paragraph's), the label of the first other
/// entity span (in `spans` order) with the same text and another label, if
/// any (by index; none past the 64th span, and none at all for a
/// paragraph of more than 64 spans, as before: it gets no such feature). Spans are sorted once per paragraph by
/// a key of their text's length and first eight bytes, so that only spans
/// of equal keys (almost always of one text) are compared byte by byte,
/// rather than every pair.
pub(crate) fn other_labels(paragraph: &str, spans: &[Span]) -> [Option<Label>; 64] {
    let mut out = [None; 64];
    if spans.len() > 64 {
        return out;
    }
    let bytes = paragraph.as_bytes();
    // Key: length (40 bits), first eight bytes (64), index (8, ≤ 64 spans),
    // so one sort of plain integers puts equal keys together in `spans`
    // order. A span whose range is not in the paragraph matches nothing.
    // On the stack: this runs once per paragraph.
    let mut keys = [0u128; 64];
    let mut n = 0;
    for (k, s) in spans.iter().enumerate() {
        let Some(text) = bytes.get(s.start..s.end) else { continue };
        let head = match bytes.get(s.start..s.start + 8) {
            Some(b) => {
                let word = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
                if text.len() >= 8 {
                    word
                } else {
                    word & ((1u64 << (8 * text.len())) - 1)
                }
            }
            None => text.iter().take(8).rev().fold(0u64, |h, &b| h << 8 | u64::from(b)),
        };
        keys[n] = (text.len() as u128 & 0xff_ffff_ffff) << 72 | u128::from(head) << 8 | k as u128;
        n += 1;
    }
    let keys = &mut keys[..n];
    keys.sort_unstable();
    let index = |key: &u128| (*key & 0xff) as usize;
    for run in keys.chunk_by(|a, b| a >> 8 == b >> 8) {
        if run.len() < 2 {
            continue;
        }
        for key in run {
            let span = &spans[index(key)];
            let text = &bytes[span.start..span.end];
            out[index(key)] = run
                .iter()
                .map(|o| &spans[index(o)])
                .find(|o| o.label != span.label && !o.label.is_clause() && bytes[o.start..o.end] == *text)
                .map(|o| o.label);
        }
    }
    out
}

/// The features of one name span, given [`other_labels`]' answer for it;
/// the same function serves training and annotation, so the two never
/// drift apart.
pub(crate) fn entity_features(
    paragraph: &str,
    lines: &Lines,
    words: &ParagraphWords,
    sentences: &[Range<usize>],
    span: &Span,
    other_label: Option<Label>,
    out: &mut Vec<u32>,
) {
    let k = sentences.partition_point(|s| s.end <= span.start);
    let sentence = sentences.get(k).cloned().unwrap_or(0..paragraph.len());
    let sentence = sentence.start.min(span.start)..sentence.end.max(span.end);
    features::candidate(
        &CandidateInput { paragraph, span, sentence, other_label, lines, words: Some(words) },
        out,
    );
}

/// The features of sentence `index`, given the clause rules' span on it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn sentence_features(
    paragraph: &str,
    words: &ParagraphWords,
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
            words: Some(words),
        },
        out,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, Options, Source};

    /// The all-pairs search `other_labels` replaced.
    fn other_label_oracle(paragraph: &str, spans: &[Span], span: &Span) -> Option<Label> {
        if spans.len() > 64 {
            return None;
        }
        let text = paragraph.as_bytes().get(span.start..span.end)?;
        spans
            .iter()
            .find(|o| {
                o.label != span.label
                    && !o.label.is_clause()
                    && paragraph.as_bytes().get(o.start..o.end) == Some(text)
            })
            .map(|o| o.label)
    }

    #[test]
    fn other_labels_equal_the_all_pairs_search() {
        let paragraph = "Kista Kista Park Kista Park";
        let labels = [Label::Org, Label::Park, Label::Person, Label::Signing, Label::Gpe];
        let ranges = [0..5, 6..11, 12..16, 6..16, 17..27, 17..22, 0..0, 3..2, 6..6];
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for round in 0..3000 {
            let mut next = || {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                rng
            };
            let n = if round % 100 == 0 { 60 + next() % 10 } else { next() % 12 };
            let spans: Vec<Span> = (0..n)
                .map(|_| {
                    let r = ranges[(next() % ranges.len() as u64) as usize].clone();
                    Span {
                        start: r.start,
                        end: r.end,
                        label: labels[(next() % labels.len() as u64) as usize],
                        provenance: crate::Provenance::rule(RuleId::ModelEntity),
                    }
                })
                .collect();
            let got = other_labels(paragraph, &spans);
            for (span, got) in spans.iter().zip(got) {
                assert_eq!(got, other_label_oracle(paragraph, &spans, span), "{span:?} in {spans:?}");
            }
        }
    }

    #[test]
    fn the_compiled_weights_load_and_score() {
        let model = Model::compiled();
        let p = model.clause.probabilities(&[1, 2, 3]);
        assert!((p[..CLAUSE_CLASSES.len()].iter().sum::<f32>() - 1.0).abs() < 1e-3);
    }

    #[test]
    fn likeliest_is_max_by_total_cmp_for_probabilities() {
        let values = [0.0f32, 1e-40, 0.25, 0.25, 0.5, 1.0];
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..5000 {
            let mut p = [0f32; 14];
            for v in &mut p {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                *v = values[(rng % values.len() as u64) as usize];
            }
            let expected = (1..p.len()).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap_or(0);
            assert_eq!(likeliest(&p, 1), expected, "{p:?}");
        }
    }

    #[test]
    fn the_weights_read_in_place_equal_the_checked_decoding() {
        let checked = Model::from_bytes(WEIGHTS).expect("the compiled weights decode");
        assert_eq!(Model::compiled(), checked);
    }

    #[test]
    fn corrupt_weights_are_refused_with_a_reason() {
        let mut bytes = WEIGHTS.to_vec();
        let k = bytes.len() / 2;
        bytes[k] ^= 0x55;
        let err = Engine::new().with_weights(&bytes).err().expect("corrupt weights accepted");
        assert!(err.to_string().contains("checksum mismatch"), "{err}");
        assert!(Engine::new().with_weights(b"").is_err());
    }

    #[test]
    fn every_span_carries_a_confidence_and_a_source() {
        let text = "Kista Science Park signed a memorandum of understanding with Ascendas on Monday.\n\n\
                    The agreement aims to help start-ups enter each other's markets.\n\n\
                    Both parks will exchange delegations every year.";
        let spans = Engine::new().annotate(text);
        assert!(spans.iter().any(|s| s.label.is_clause()), "{spans:?}");
        for s in &spans {
            let c = s.provenance.confidence();
            assert!((0.0..=1.0).contains(&c), "{s:?}");
            if s.label.is_clause() {
                assert_ne!(s.provenance.source(), Source::Rules, "the model scores every clause: {s:?}");
            }
        }
        // With both models off, the rules alone: confidence 1, source rules.
        let off = Options::default().disable(RuleId::ModelClause).disable(RuleId::ModelEntity);
        for s in Engine::new().with_options(off).annotate(text) {
            assert_eq!((s.provenance.confidence(), s.provenance.source()), (1.0, Source::Rules), "{s:?}");
        }
    }

    #[test]
    fn min_confidence_hides_the_less_sure_spans() {
        let text = "Kista Science Park signed a memorandum of understanding with Ascendas.\n\n\
                    The new centre will serve as a gateway for companies from Finland.";
        let all = Engine::new().annotate(text);
        let cut = 0.9;
        let kept = Engine::new().with_options(Options::default().with_min_confidence(cut)).annotate(text);
        let expected: Vec<_> = all.iter().filter(|s| s.provenance.confidence() >= cut).copied().collect();
        // Linking may find a learnt name again; compare what the paragraphs propose.
        assert!(kept.iter().all(|s| s.provenance.confidence() >= cut
            || s.provenance.rules().any(|r| r.family() == crate::Family::Link)));
        assert!(expected.iter().all(|s| kept.contains(s)), "{kept:?} lacks some of {expected:?}");
    }

    #[test]
    fn any_script_gets_no_panic_and_no_spurious_spans() {
        let engine = Engine::new();
        for text in [
            "Технопарк «Сколково» подписал соглашение о сотрудничестве. Стороны будут обмениваться опытом.",
            "中关村科技园区与新加坡科学园签署了合作备忘录。双方将共同建设创新中心。",
            "🚀🚀 🤝 🌏 ✨✨✨ 🎉",
            "東京 😀 Москва 🇫🇮 — «» “” 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{200b}\u{feff}",
        ] {
            let spans = engine.annotate(text);
            // Non-Latin text: the rules find nothing to type, and the
            // models only score what the rules found (or sentences).
            for s in &spans {
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{s:?}");
                assert!(
                    !s.label.is_clause() || s.provenance.source() != Source::Model,
                    "the model alone labelled a sentence of a script it never saw: {:?} in {text}",
                    &text[s.start..s.end]
                );
            }
            assert!(spans.iter().all(|s| !s.label.is_clause()), "{spans:?} in {text}");
        }
    }
}
