//! Engine results for one document, re-analysing only what edits touched.
//!
//! The document's paragraphs (as `engine::paragraph_ranges` cuts them) are
//! kept in a list with their cached `ParagraphAnalysis`. An edit re-cuts only
//! a window around it — from the paragraph before the edit to the paragraph
//! after it, which is enough because paragraph boundaries depend only on the
//! blank lines next to them — shifts the paragraphs after it, and marks the
//! paragraphs whose text changed for re-analysis. `Engine::link` then joins
//! the per-paragraph results (a cheap document-wide pass).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use pactum_engine::{paragraph_ranges, Engine, Label, ParagraphAnalysis, Span};
use pactum_schema::Schema;

use super::document::Edit;

#[derive(Debug, Clone)]
struct Paragraph {
    /// Byte range in the current text.
    range: Range<usize>,
    /// `None` until (re-)analysed.
    analysis: Option<Arc<ParagraphAnalysis>>,
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    paragraphs: Vec<Paragraph>,
    /// The linked suggestions of the whole document, byte offsets, sorted,
    /// restricted to the schema's labels.
    suggestions: Vec<Span>,
}

impl Analysis {
    /// Cuts `text` into paragraphs, none analysed yet.
    pub fn new(text: &str) -> Self {
        let paragraphs = paragraph_ranges(text).map(|range| Paragraph { range, analysis: None }).collect();
        Analysis { paragraphs, suggestions: Vec::new() }
    }

    pub fn suggestions(&self) -> &[Span] {
        &self.suggestions
    }

    /// Start of the paragraph holding byte `b` (or of the last one before
    /// it). Engine spans never cross paragraphs, so every suggestion that
    /// covers `b` starts at or after this.
    pub fn paragraph_start_at(&self, b: usize) -> usize {
        let i = self.paragraphs.partition_point(|p| p.range.start <= b);
        i.checked_sub(1).and_then(|i| self.paragraphs.get(i)).map_or(0, |p| p.range.start)
    }

    /// Byte ranges of the paragraphs.
    pub fn paragraph_ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.paragraphs.iter().map(|p| p.range.clone())
    }

    /// Follows one edit; `text` is the text after it.
    pub fn edit(&mut self, text: &str, edit: &Edit) {
        let (a, b) = (edit.start_byte, edit.old_end_byte);
        let delta = edit.new_len_bytes as isize - (b - a) as isize;
        let shift = |p: usize| (p as isize + delta) as usize;
        // First paragraph the edit may touch (ends at or after its start), then one more before it.
        let first_touched = self.paragraphs.partition_point(|p| p.range.end < a);
        let lo = first_touched.saturating_sub(1);
        // Last paragraph starting at or before the edit's end, then one more after it.
        let after_touched = self.paragraphs.partition_point(|p| p.range.start <= b);
        let hi = (after_touched + 1).min(self.paragraphs.len()); // exclusive
        let window_start = if lo == 0 { 0 } else { self.paragraphs[lo].range.start };
        let window_end =
            if hi == self.paragraphs.len() { text.len() } else { shift(self.paragraphs[hi - 1].range.end) };
        // Paragraphs of the window whose text cannot have changed keep their
        // analysis: those wholly before the edit (same range) and wholly after
        // it (shifted range).
        let mut reusable: HashMap<(usize, usize), Arc<ParagraphAnalysis>> = HashMap::new();
        for p in &self.paragraphs[lo..hi] {
            let Some(analysis) = &p.analysis else {
                continue;
            };
            if p.range.end < a {
                reusable.insert((p.range.start, p.range.end), analysis.clone());
            } else if p.range.start > b {
                reusable.insert((shift(p.range.start), shift(p.range.end)), analysis.clone());
            }
        }
        let window = text.get(window_start..window_end).unwrap_or_default();
        let recut: Vec<Paragraph> = paragraph_ranges(window)
            .map(|r| {
                let range = r.start + window_start..r.end + window_start;
                let analysis = reusable.get(&(range.start, range.end)).cloned();
                Paragraph { range, analysis }
            })
            .collect();
        // Shift the paragraphs after the window in place, then swap the
        // window's old paragraphs for the re-cut ones.
        for p in self.paragraphs.iter_mut().skip(hi) {
            p.range = shift(p.range.start)..shift(p.range.end);
        }
        self.paragraphs.splice(lo..hi, recut);
    }

    /// Analyses the paragraphs that need it and links the document.
    /// Returns how many paragraphs were analysed.
    pub fn refresh(&mut self, engine: &Engine, schema: &Schema, text: &str) -> usize {
        let mut analysed = 0;
        for p in &mut self.paragraphs {
            if p.analysis.is_none() {
                let paragraph = text.get(p.range.clone()).unwrap_or_default();
                p.analysis = Some(Arc::new(engine.analyze_paragraph(paragraph)));
                analysed += 1;
            }
        }
        let parts: Vec<(usize, &ParagraphAnalysis)> = self
            .paragraphs
            .iter()
            .filter_map(|p| p.analysis.as_deref().map(|a| (p.range.start, a)))
            .collect();
        let mut spans = engine.link(text, &parts);
        // Which engine labels the schema has, looked up once, not per span.
        let in_schema: Vec<Label> = Label::ALL.into_iter().filter(|l| schema.has_label(l.as_str())).collect();
        spans.retain(|s| s.end <= text.len() && s.start < s.end && in_schema.contains(&s.label));
        self.suggestions = spans;
        analysed
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::document::Document;
    use super::*;

    /// Built once: the engine compiles its gazetteers on construction.
    fn engine() -> &'static Engine {
        static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
        ENGINE.get_or_init(Engine::new)
    }

    const TEXT: &str =
        "Finnish Technopolis Plc signed.\n\nThe agreement with Ascendas Plc.\n  \nSingapore Science Park.\n";

    #[test]
    fn an_edit_reanalyses_only_its_paragraph() {
        let engine = engine();
        let schema = Schema::parks_v1();
        let mut d = Document::new(TEXT.to_string(), 1);
        let mut an = Analysis::new(d.text());
        assert_eq!(an.refresh(engine, &schema, d.text()), 3);
        let at = TEXT.find("with").unwrap();
        let e = d.replace(at..at, "X");
        an.edit(d.text(), &e);
        assert_eq!(an.refresh(engine, &schema, d.text()), 1);
        assert_eq!(an.suggestions(), engine.annotate(d.text()).as_slice());
    }

    #[test]
    fn joining_paragraphs_reanalyses_both() {
        let engine = engine();
        let schema = Schema::parks_v1();
        let mut d = Document::new(TEXT.to_string(), 1);
        let mut an = Analysis::new(d.text());
        an.refresh(engine, &schema, d.text());
        let e = d.replace(31..33, " "); // the blank line between the first two paragraphs
        an.edit(d.text(), &e);
        assert_eq!(an.refresh(engine, &schema, d.text()), 1);
        let expected: Vec<_> = paragraph_ranges(d.text()).collect();
        assert_eq!(an.paragraph_ranges().collect::<Vec<_>>(), expected);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// After any edit sequence, paragraphs and suggestions are exactly
        /// what analysing the text from scratch gives.
        #[test]
        fn incremental_equals_from_scratch(edits in proptest::collection::vec((0usize..120, 0usize..8, "[a-z \n]{0,4}|\n\n|Science Park|Plc"), 1..25)) {
            let engine = engine();
            let schema = Schema::parks_v1();
            let mut d = Document::new(TEXT.to_string(), 1);
            let mut an = Analysis::new(d.text());
            an.refresh(engine, &schema, d.text());
            for (at, len, insert) in edits {
                let n = d.rope().len_chars();
                let s = at.min(n);
                let e = d.replace(s..(s + len).min(n), &insert);
                an.edit(d.text(), &e);
                an.refresh(engine, &schema, d.text());
                let expected: Vec<_> = paragraph_ranges(d.text()).collect();
                prop_assert_eq!(an.paragraph_ranges().collect::<Vec<_>>(), expected);
                let scratch = engine.annotate(d.text());
                prop_assert_eq!(an.suggestions(), scratch.as_slice());
            }
        }
    }
}
