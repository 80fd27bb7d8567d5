//! The annotation engine: text in, spans out.
//!
//! No I/O, no async, no LSP: everything here is a pure function of the text
//! (and of the gazetteers compiled into the binary), so the CLI, the language
//! server, the exports and the benchmarks all share it.
//!
//! Work is split so the language server can re-analyse only what an edit
//! touched:
//! 1. [`paragraph_ranges`] cuts a document at blank lines;
//! 2. [`Engine::analyze_paragraph`] analyses one paragraph on its own
//!    (the expensive part, cached per paragraph by the server);
//! 3. [`Engine::link`] combines the paragraphs' results with document-wide
//!    knowledge (a surname mentioned earlier as a full name, an organisation
//!    named earlier) — a cheap pass over the whole document.
//!
//! [`Engine::annotate`] runs the three steps for callers that hold a whole text.
//!
//! Step 3 can also run paragraph by paragraph ([`Engine::learn`] once, then
//! [`Engine::link_paragraph`] for each paragraph), so that an editor re-links
//! only the paragraphs an edit or a newly learnt name touches: a learnt name
//! never spans a blank line, so each of its mentions lies inside one paragraph.
//!
//! Every span is proposed by named rules ([`rules`]: the registry, the
//! families and the order they run in), recorded in its [`Provenance`];
//! [`Options`] turn rules off.

mod bytescan;
mod clauses;
mod entities;
mod label;
mod lexicon;
pub mod model;
pub mod relations;
pub mod rules;
pub mod sentence;
#[cfg(test)]
mod testing;
mod wordlist;

use std::ops::Range;
use std::sync::Arc;

pub use label::Label;
pub use relations::{Relation, RelationLabel};
pub use rules::{Family, Options, Provenance, RuleId, Source, UnknownRules};

/// A suggested span. Offsets are **bytes** into the analysed text, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    /// The rules that proposed it.
    pub provenance: Provenance,
}

impl Span {
    /// A span the engine did not propose (an annotator's, say; its
    /// provenance names no rule), to give [`Engine::relations`].
    pub const fn given(start: usize, end: usize, label: Label) -> Span {
        Span { start, end, label, provenance: Provenance::none() }
    }
}

/// A name worth finding again elsewhere in the document, with its label and
/// the rule that typed it (e.g. `Kovalevich` → PERSON after `Denis Kovalevich`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearntName {
    pub text: String,
    pub label: Label,
    pub provenance: Provenance,
}

/// What the engine learnt from one paragraph. Offsets are relative to the
/// paragraph's start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphAnalysis {
    pub spans: Vec<Span>,
    /// Names worth finding again elsewhere in the document.
    pub names: Vec<LearntName>,
}

/// The engine and its compiled gazetteers. Build once, share freely (`Sync`);
/// a clone shares the gazetteers, so an engine with other [`Options`] is
/// cheap: `engine.clone().with_options(…)`.
#[derive(Clone)]
pub struct Engine {
    entities: Arc<entities::Entities>,
    model: Arc<model::Model>,
    options: Options,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// Every rule on.
    pub fn new() -> Self {
        Engine {
            entities: Arc::new(entities::Entities::new()),
            model: Arc::new(model::Model::compiled()),
            options: Options::default(),
        }
    }

    /// The same engine with the trained models of a weights file (as
    /// written by [`model::train`]) instead of the compiled-in ones.
    pub fn with_weights(self, bytes: &[u8]) -> Result<Self, model::format::FormatError> {
        Ok(self.with_model(model::Model::from_bytes(bytes)?))
    }

    pub(crate) fn with_model(self, model: model::Model) -> Self {
        Engine { model: Arc::new(model), ..self }
    }

    /// The same engine (gazetteers are kept) running with `options`.
    pub fn with_options(self, options: Options) -> Self {
        Engine { options, ..self }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Spans for a whole document, sorted by (start, end), byte offsets.
    pub fn annotate(&self, text: &str) -> Vec<Span> {
        let parts: Vec<(usize, ParagraphAnalysis)> =
            paragraph_ranges(text).map(|r| (r.start, self.analyze_paragraph(&text[r]))).collect();
        let refs: Vec<(usize, &ParagraphAnalysis)> = parts.iter().map(|(o, a)| (*o, a)).collect();
        self.link(text, &refs)
    }

    /// Analyses one paragraph on its own.
    pub fn analyze_paragraph(&self, paragraph: &str) -> ParagraphAnalysis {
        let sentences = sentence::sentences(paragraph);
        let (mut spans, mut names) = self.entities.find(paragraph, &sentences, &self.options);
        // The paragraph's words, cut once for both models.
        let prepared = model::Paragraph::new(paragraph);
        if self.options.enabled(RuleId::ModelEntity) {
            self.model.rescore_entities(&prepared, &sentences, &mut spans, &mut names);
        }
        let mut clauses = clauses::classify(paragraph, &sentences, &spans, &self.options);
        if self.options.enabled(RuleId::ModelClause) {
            clauses = self.model.classify_clauses(&prepared, &sentences, &spans, &clauses);
        }
        spans.extend(clauses);
        let min = self.options.min_confidence();
        if min > 0.0 {
            spans.retain(|s| s.provenance.confidence() >= min);
        }
        spans.sort();
        ParagraphAnalysis { spans, names }
    }

    /// What the rules alone (whatever the options say of the models) find
    /// in a paragraph: its sentences, entity spans and clause spans — the
    /// models' input, for training.
    pub(crate) fn rules_of_paragraph(&self, paragraph: &str) -> (Vec<Range<usize>>, Vec<Span>, Vec<Span>) {
        let sentences = sentence::sentences(paragraph);
        let (spans, _) = self.entities.find(paragraph, &sentences, &self.options);
        let clauses = clauses::classify(paragraph, &sentences, &spans, &self.options);
        (sentences, spans, clauses)
    }

    /// Combines per-paragraph analyses (each with its byte offset in `text`)
    /// into the document's spans, sorted by (start, end), absolute byte offsets.
    pub fn link(&self, text: &str, paragraphs: &[(usize, &ParagraphAnalysis)]) -> Vec<Span> {
        // Sized once (a flattening iterator cannot tell its length), with
        // room for the mentions the link pass adds.
        let total: usize = paragraphs.iter().map(|(_, a)| a.spans.len()).sum();
        let mut spans: Vec<Span> = Vec::with_capacity(total + total / 8);
        spans.extend(paragraphs.iter().flat_map(|(offset, a)| {
            a.spans.iter().map(move |s| Span { start: s.start + offset, end: s.end + offset, ..*s })
        }));
        spans.sort();
        let names = paragraphs.iter().flat_map(|(_, a)| a.names.iter());
        self.entities.link(text, spans, names, &self.options)
    }
}

impl Engine {
    /// Relations between `spans` of `text` (byte offsets, as
    /// [`Engine::annotate`] gives them, or any entity spans an editor holds),
    /// each within one sentence; ends are indexes into `spans`. Sorted by
    /// (head, child, label), no duplicates. See [`relations`].
    pub fn relations(&self, text: &str, spans: &[Span]) -> Vec<Relation> {
        relations::find(text, spans, &self.options)
    }
}

/// The names learnt from a document's paragraphs, each with the label its
/// mentions get and the rules that typed it (carried into the provenance of
/// those mentions): what [`Engine::link`] knows beyond the paragraph at hand.
/// Owned, so that an editor can keep it from one edit to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearntNames {
    best: entities::OwnedLearnt,
}

impl LearntNames {
    /// The label mentions of `name` get and the rules that typed it, if it
    /// was learnt.
    pub fn get(&self, name: &str) -> Option<(Label, Provenance)> {
        self.best.get(name).copied()
    }

    /// Every learnt name with its label and rules, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, (Label, Provenance))> + '_ {
        self.best.iter().map(|(n, l)| (n.as_str(), *l))
    }

    pub fn len(&self) -> usize {
        self.best.len()
    }

    pub fn is_empty(&self) -> bool {
        self.best.is_empty()
    }
}

impl Engine {
    /// The names learnt by `paragraphs` (in document order: among names
    /// learnt with equally ranked labels, the first wins).
    pub fn learn<'n>(&self, paragraphs: impl IntoIterator<Item = &'n ParagraphAnalysis>) -> LearntNames {
        let best = self.entities.learn(paragraphs.into_iter().flat_map(|a| a.names.iter()));
        LearntNames { best: best.into_iter().map(|(n, l)| (n.to_string(), l)).collect() }
    }

    /// The linked spans of one paragraph (offsets relative to it, sorted),
    /// with the names learnt from the whole document and this engine's
    /// options. For every paragraph of a document, shifted by its offset,
    /// they are exactly [`Engine::link`]'s spans of that paragraph.
    pub fn link_paragraph(
        &self,
        paragraph: &str,
        analysis: &ParagraphAnalysis,
        learnt: &LearntNames,
    ) -> Vec<Span> {
        let mut spans = analysis.spans.clone();
        spans.sort();
        self.entities.link_learnt(paragraph, spans, &learnt.best, &self.options)
    }
}

/// The largest char boundary of `text` at or before `byte`.
pub(crate) fn floor_boundary(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Byte ranges of the paragraphs of `text`: runs of lines separated by one or
/// more blank (whitespace-only) lines. Line breaks between paragraphs belong
/// to no paragraph; every non-blank character belongs to exactly one.
pub fn paragraph_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let r = pos..pos + line.len();
        pos += line.len();
        let blank = line.trim().is_empty();
        match (&mut current, blank) {
            (Some(c), false) => c.end = r.end,
            (None, false) => current = Some(r),
            (Some(_), true) => out.extend(current.take()),
            (None, true) => {}
        }
    }
    out.extend(current);
    out.into_iter().map(move |r| {
        // Trailing line break and spaces are not part of the paragraph.
        let trimmed = text[r.clone()].trim_end().len();
        r.start..r.start + trimmed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let text = "Title\n\nFirst line.\nSecond line.\n  \n\nLast.\n";
        let got: Vec<&str> = paragraph_ranges(text).map(|r| &text[r]).collect();
        assert_eq!(got, ["Title", "First line.\nSecond line.", "Last."]);
    }

    #[test]
    fn linking_paragraph_by_paragraph_equals_linking_the_document() {
        let engine = Engine::new();
        // Names learnt in one paragraph and found again in others.
        let text =
            "Denis Kovalevich of Technopolis Plc met Ascendas.\n\nKovalevich said Technopolis will sign.\n\n\
                    Or, as Eric Or put it: Or said so.\n\nSophia Antipolis hosts Technopolis and Or.";
        let parts: Vec<(usize, ParagraphAnalysis)> =
            paragraph_ranges(text).map(|r| (r.start, engine.analyze_paragraph(&text[r]))).collect();
        let learnt = engine.learn(parts.iter().map(|(_, a)| a));
        assert!(learnt.get("Eric Or").is_some(), "{learnt:?}");
        let mut by_paragraph = Vec::new();
        for (r, (offset, a)) in paragraph_ranges(text).zip(&parts) {
            let linked = engine.link_paragraph(&text[r], a, &learnt);
            by_paragraph.extend(linked.into_iter().map(|s| Span {
                start: s.start + offset,
                end: s.end + offset,
                ..s
            }));
        }
        assert_eq!(by_paragraph, engine.annotate(text));
    }

    #[test]
    fn linking_paragraph_by_paragraph_keeps_the_rules_and_the_options() {
        let text = "Eric Or, chief executive officer of the park, spoke.\n\nOr explained the plan.\n\n\
                    Sophia Antipolis, a famous technology park, grew.\n\nSophia Antipolis agreed.\n\n\
                    The Astana Hub international technology park agreed.\n\nAstana Hub grew.";
        let off = |rules: &[RuleId]| rules.iter().fold(Options::default(), |o, r| o.disable(*r));
        let options = [
            Options::default(),
            off(&[RuleId::LinkRepeat]),
            off(&[RuleId::LinkRelabel, RuleId::LinkOuterName]),
            off(&[RuleId::LinkRepeat, RuleId::LinkRelabel, RuleId::LinkOuterName]),
            off(&[RuleId::PersonRole]),
        ];
        let base = Engine::new();
        for options in options {
            let engine = base.clone().with_options(options);
            let parts: Vec<(usize, ParagraphAnalysis)> =
                paragraph_ranges(text).map(|r| (r.start, engine.analyze_paragraph(&text[r]))).collect();
            let learnt = engine.learn(parts.iter().map(|(_, a)| a));
            let mut by_paragraph = Vec::new();
            for (r, (offset, a)) in paragraph_ranges(text).zip(&parts) {
                let linked = engine.link_paragraph(&text[r], a, &learnt);
                by_paragraph.extend(linked.into_iter().map(|s| Span {
                    start: s.start + offset,
                    end: s.end + offset,
                    ..s
                }));
            }
            let whole = engine.annotate(text);
            assert_eq!(by_paragraph, whole, "{options:?}");
            // Which link rules act is the rules' business: the trained
            // re-scorer may relabel a span before a link rule would.
            let rules_only = base
                .clone()
                .with_options(options.disable(RuleId::ModelEntity).disable(RuleId::ModelClause))
                .annotate(text);
            let rules: Vec<String> = rules_only.iter().map(|s| s.provenance.to_string()).collect();
            for link in [RuleId::LinkRepeat, RuleId::LinkRelabel, RuleId::LinkOuterName] {
                let named = rules.iter().any(|r| r.contains(link.as_str()));
                assert_eq!(named, options.enabled(link), "{link:?} with {options:?}: {rules:?}");
            }
        }
        // A mention found again carries the rule that typed its name.
        let a = base.analyze_paragraph("Eric Or, chief executive officer of the park, spoke.");
        let learnt = base.learn([&a]);
        assert_eq!(
            learnt.get("Or"),
            Some((Label::Person, Provenance::rule(RuleId::PersonRole))),
            "{learnt:?}"
        );
        let mention = base.link_paragraph("Or explained.", &ParagraphAnalysis::default(), &learnt);
        let rules: Vec<String> = mention.iter().map(|s| s.provenance.to_string()).collect();
        assert_eq!(rules, ["person.role+link.repeat"]);
    }

    #[test]
    fn labels_round_trip_by_name() {
        for l in Label::ALL {
            assert_eq!(Label::from_name(l.as_str()), Some(l));
        }
        assert!(Label::Signing.is_clause());
        assert!(!Label::Org.is_clause());
    }
}
