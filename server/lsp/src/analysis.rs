//! Engine results for one document, re-analysing only what edits touched.
//!
//! The document's paragraphs (as `engine::paragraph_ranges` cuts them) are
//! kept in a list with their cached `ParagraphAnalysis`. An edit re-cuts only
//! a window around it — from the paragraph before the edit to the paragraph
//! after it, which is enough because paragraph boundaries depend only on the
//! blank lines next to them — shifts the paragraphs after it, and marks the
//! paragraphs whose text changed for re-analysis.
//!
//! Linking is bounded the same way. Each paragraph keeps its linked spans
//! (`Engine::link_paragraph`), which depend only on its own analysis and on
//! the names learnt from the whole document (`Engine::learn`). After an edit
//! only the re-analysed paragraphs are re-linked — and, when the learnt names
//! changed (a name typed, a label or the rules behind it changing), the
//! paragraphs that mention a changed name (one multi-pattern scan). A property test checks that this
//! always equals `Engine::annotate` from scratch.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use pactum_engine::{paragraph_ranges, Engine, Label, LearntNames, ParagraphAnalysis, Span};
use pactum_schema::Schema;

use super::document::Edit;
use super::learning::Learned;
use super::relearn::{key_of, ShownByLinked};
use super::suggested::Suggested;

#[derive(Debug, Clone)]
struct Paragraph {
    /// Byte range in the current text.
    range: Range<usize>,
    /// `None` until (re-)analysed.
    analysis: Option<Arc<ParagraphAnalysis>>,
    /// Linked spans relative to the paragraph, restricted to the schema's
    /// labels, made with `Analysis::learnt`; `None` until (re-)linked.
    linked: Option<Arc<Vec<Span>>>,
    /// What is shown: the linked spans, or what the workspace learner makes
    /// of them (relative to the paragraph); `None` until computed.
    shown: Option<Arc<Vec<Suggested>>>,
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    paragraphs: Vec<Paragraph>,
    /// The linked suggestions of the whole document, byte offsets, sorted,
    /// restricted to the schema's labels.
    suggestions: Vec<Suggested>,
    /// The generation of the workspace learner the shown spans were made
    /// with (0: none); another one recomputes every paragraph's.
    learner: u64,
    /// The learnt names (with their labels and rules) the linked spans were made with …
    learnt: LearntNames,
    /// … learnt from these analyses (those with names, in document order):
    /// while they are the same, so are the learnt names.
    named: Vec<Arc<ParagraphAnalysis>>,
    /// Paragraphs (re-)linked by the last refresh, for tests and logs.
    relinked: usize,
}

impl Analysis {
    /// Cuts `text` into paragraphs, none analysed yet.
    pub fn new(text: &str) -> Self {
        let paragraphs = paragraph_ranges(text)
            .map(|range| Paragraph { range, analysis: None, linked: None, shown: None })
            .collect();
        Analysis { paragraphs, ..Analysis::default() }
    }

    pub fn suggestions(&self) -> &[Suggested] {
        &self.suggestions
    }

    /// Start of the paragraph holding byte `b` (or of the last one before
    /// it). Engine spans never cross paragraphs, so every suggestion that
    /// covers `b` starts at or after this.
    pub fn paragraph_start_at(&self, b: usize) -> usize {
        let i = self.paragraphs.partition_point(|p| p.range.start <= b);
        i.checked_sub(1).and_then(|i| self.paragraphs.get(i)).map_or(0, |p| p.range.start)
    }

    /// The engine's own label for exactly bytes `start..end` (whatever the
    /// workspace learner made of it), if it suggests one there.
    pub fn engine_label_at(&self, start: usize, end: usize) -> Option<&'static str> {
        let i = self.paragraphs.partition_point(|p| p.range.start <= start).checked_sub(1)?;
        let p = self.paragraphs.get(i)?;
        let offset = p.range.start;
        let linked = p.linked.as_deref()?;
        linked.iter().find(|s| s.start + offset == start && s.end + offset == end).map(|s| s.label.as_str())
    }

    /// The engine's own linked suggestions of the whole document (before
    /// the workspace learner), byte offsets, sorted: what `pactum export
    /// --include-suggestions` suggests, so the agreement card builds on them.
    pub fn engine_spans(&self) -> Vec<Span> {
        let mut out = Vec::new();
        for p in &self.paragraphs {
            for s in p.linked.iter().flat_map(|l| l.iter()) {
                let mut s = s.clone();
                s.start += p.range.start;
                s.end += p.range.start;
                out.push(s);
            }
        }
        out
    }

    /// The linked paragraphs, byte ranges with their linked spans: what a
    /// new workspace learner's suggestions are computed from (`relearn`).
    pub fn linked_paragraphs(&self) -> impl Iterator<Item = (Range<usize>, &Arc<Vec<Span>>)> + '_ {
        self.paragraphs.iter().filter_map(|p| Some((p.range.clone(), p.linked.as_ref()?)))
    }

    /// Takes the shown suggestions of workspace learner `generation`,
    /// computed off the lock (`relearn`), for the paragraphs whose linked
    /// spans are the very ones they were computed from; the others are left
    /// for `refresh_with` to compute. Returns (taken, left).
    pub fn adopt_shown(&mut self, generation: u64, computed: Option<&ShownByLinked>) -> (usize, usize) {
        self.learner = generation;
        let (mut taken, mut left) = (0, 0);
        for p in &mut self.paragraphs {
            let found = p.linked.as_ref().and_then(|linked| {
                let (from, shown) = computed?.get(&key_of(linked))?;
                Arc::ptr_eq(from, linked).then(|| shown.clone())
            });
            if found.is_some() {
                taken += 1;
            } else {
                left += 1;
            }
            p.shown = found;
        }
        (taken, left)
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
        let mut reusable: HashMap<(usize, usize), &Paragraph> = HashMap::new();
        for p in &self.paragraphs[lo..hi] {
            if p.analysis.is_none() {
                continue;
            }
            if p.range.end < a {
                reusable.insert((p.range.start, p.range.end), p);
            } else if p.range.start > b {
                reusable.insert((shift(p.range.start), shift(p.range.end)), p);
            }
        }
        let window = text.get(window_start..window_end).unwrap_or_default();
        let recut: Vec<Paragraph> = paragraph_ranges(window)
            .map(|r| {
                let range = r.start + window_start..r.end + window_start;
                match reusable.get(&(range.start, range.end)) {
                    Some(p) => Paragraph {
                        range,
                        analysis: p.analysis.clone(),
                        linked: p.linked.clone(),
                        shown: p.shown.clone(),
                    },
                    None => Paragraph { range, analysis: None, linked: None, shown: None },
                }
            })
            .collect();
        // Shift the paragraphs after the window in place, then swap the
        // window's old paragraphs for the re-cut ones.
        for p in self.paragraphs.iter_mut().skip(hi) {
            p.range = shift(p.range.start)..shift(p.range.end);
        }
        self.paragraphs.splice(lo..hi, recut);
    }

    /// Analyses the paragraphs that need it and links the document, with
    /// the engine's suggestions only. Returns how many paragraphs were analysed.
    #[cfg(test)]
    pub fn refresh(&mut self, engine: &Engine, schema: &Schema, text: &str) -> usize {
        self.refresh_with(engine, schema, text, None)
    }

    /// Analyses the paragraphs that need it and links the document; the
    /// suggestions shown are what `learned` (the workspace learner, if it
    /// learnt anything) makes of the engine's. Returns how many paragraphs
    /// were analysed.
    pub fn refresh_with(
        &mut self,
        engine: &Engine,
        schema: &Schema,
        text: &str,
        learned: Option<&Learned>,
    ) -> usize {
        let generation = learned.map_or(0, |l| l.generation);
        if generation != self.learner {
            self.learner = generation;
            self.paragraphs.iter_mut().for_each(|p| p.shown = None);
        }
        let mut analysed = 0;
        for p in &mut self.paragraphs {
            if p.analysis.is_none() {
                let paragraph = text.get(p.range.clone()).unwrap_or_default();
                p.analysis = Some(Arc::new(engine.analyze_paragraph(paragraph)));
                p.linked = None;
                analysed += 1;
            }
        }
        // Learning again costs the whole document's names: only done when
        // the names of some paragraph changed (typing a plain word does not).
        let named: Vec<Arc<ParagraphAnalysis>> = self
            .paragraphs
            .iter()
            .filter_map(|p| p.analysis.clone())
            .filter(|a| !a.names.is_empty())
            .collect();
        let same_names = named.len() == self.named.len()
            && named.iter().zip(&self.named).all(|(a, b)| Arc::ptr_eq(a, b) || a.names == b.names);
        if !same_names {
            let learnt = engine.learn(named.iter().map(|a| a.as_ref()));
            let changed = changed_names(&self.learnt, &learnt);
            if !changed.is_empty() {
                self.unlink_mentions(text, &changed);
            }
            self.learnt = learnt;
        }
        self.named = named;
        // Which engine labels the schema has, looked up once, not per span.
        let in_schema: Vec<Label> = Label::ALL.into_iter().filter(|l| schema.has_label(l.as_str())).collect();
        self.relinked = 0;
        for p in &mut self.paragraphs {
            let (None, Some(analysis)) = (&p.linked, &p.analysis) else { continue };
            let paragraph = text.get(p.range.clone()).unwrap_or_default();
            let mut spans = engine.link_paragraph(paragraph, analysis, &self.learnt);
            spans.retain(|s| s.end <= paragraph.len() && s.start < s.end && in_schema.contains(&s.label));
            p.linked = Some(Arc::new(spans));
            p.shown = None;
            self.relinked += 1;
        }
        let min_confidence = engine.options().min_confidence();
        for p in &mut self.paragraphs {
            let (None, Some(linked)) = (&p.shown, &p.linked) else { continue };
            let shown = match learned {
                Some(l) => {
                    let paragraph = text.get(p.range.clone()).unwrap_or_default();
                    l.suggest(paragraph, linked, min_confidence)
                }
                None => linked.iter().map(Suggested::from_engine).collect(),
            };
            p.shown = Some(Arc::new(shown));
        }
        self.suggestions.clear();
        for p in &self.paragraphs {
            let offset = p.range.start;
            let shown = p.shown.as_deref().map(Vec::as_slice).unwrap_or_default();
            self.suggestions.extend(shown.iter().map(|s| s.shifted(offset)));
        }
        analysed
    }

    /// Forgets the linked spans of the paragraphs that mention one of `names`
    /// (whose learnt label appeared, changed or went away).
    fn unlink_mentions(&mut self, text: &str, names: &[String]) {
        let Ok(finder) = AhoCorasick::new(names) else {
            // Not expected; re-linking everything is always right.
            self.paragraphs.iter_mut().for_each(|p| {
                p.linked = None;
                p.shown = None;
            });
            return;
        };
        for p in &mut self.paragraphs {
            if p.linked.is_some() && finder.is_match(text.get(p.range.clone()).unwrap_or_default()) {
                p.linked = None;
                p.shown = None;
            }
        }
    }

    /// How many paragraphs the last refresh (re-)linked.
    #[cfg(test)]
    pub fn relinked(&self) -> usize {
        self.relinked
    }
}

/// The names whose learnt label or rules differ between `old` and `new`
/// (added, removed, relabelled, or typed by other rules: the rules go into
/// the provenance of every mention).
fn changed_names(old: &LearntNames, new: &LearntNames) -> Vec<String> {
    let mut changed = Vec::new();
    let mut also_old = 0;
    for (name, label) in new.iter() {
        match old.get(name) {
            Some(l) if l == label => also_old += 1,
            Some(_) => {
                also_old += 1;
                changed.push(name.to_string());
            }
            None => changed.push(name.to_string()),
        }
    }
    // Old names that are gone: only looked for when there are some.
    if old.len() > also_old {
        changed.extend(old.iter().filter(|(n, _)| new.get(n).is_none()).map(|(n, _)| n.to_string()));
    }
    changed
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use pactum_engine::{Options, RuleId};

    use super::super::document::Document;
    use super::*;

    /// The engine's spans as shown without a workspace learner.
    fn shown(spans: Vec<Span>) -> Vec<Suggested> {
        spans.iter().map(Suggested::from_engine).collect()
    }

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
        assert_eq!(an.suggestions(), shown(engine.annotate(d.text())).as_slice());
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

    /// Names learnt in one paragraph and found again in others.
    const LINKED: &str =
        "Denis Kovalevich of Technopolis Plc met Eric Or.\n\nKovalevich said Technopolis will sign.\n\n\
                          Or said so.\n\nThe weather.\n\nSophia Antipolis hosts Technopolis and Or.\n";

    #[test]
    fn typing_relinks_the_edited_paragraph_and_those_mentioning_a_changed_name() {
        let engine = engine();
        let schema = Schema::parks_v1();
        let mut d = Document::new(LINKED.to_string(), 1);
        let mut an = Analysis::new(d.text());
        an.refresh(engine, &schema, d.text());
        assert_eq!(an.relinked(), 5);
        // A plain word in the paragraph without names: that paragraph only.
        let at = LINKED.find("weather").unwrap();
        let e = d.replace(at..at, "x");
        an.edit(d.text(), &e);
        an.refresh(engine, &schema, d.text());
        assert_eq!(an.relinked(), 1);
        assert_eq!(an.suggestions(), shown(engine.annotate(d.text())).as_slice());
        // Removing the full name the surname was learnt from: every paragraph mentioning it.
        let at = d.text().find("Denis ").unwrap();
        let e = d.replace(at..at + "Denis Kovalevich of Technopolis Plc".len(), "Somebody");
        an.edit(d.text(), &e);
        an.refresh(engine, &schema, d.text());
        assert!(an.relinked() < 5, "{}", an.relinked());
        assert_eq!(an.suggestions(), shown(engine.annotate(d.text())).as_slice());
    }

    #[test]
    fn a_name_typed_by_another_rule_relinks_its_mentions() {
        let engine = engine();
        let schema = Schema::parks_v1();
        let text = "Eric Or said it.\n\nThe weather.\n\nOr explained the plan.\n";
        let mut d = Document::new(text.to_string(), 1);
        let mut an = Analysis::new(d.text());
        an.refresh(engine, &schema, d.text());
        let rules_of_or = |an: &Analysis, text: &str| -> Vec<String> {
            let at = text.rfind("Or explained").unwrap();
            an.suggestions().iter().filter(|s| s.start == at).map(|s| s.provenance.to_string()).collect()
        };
        assert_eq!(rules_of_or(&an, d.text()), ["person.reporting-verb+link.repeat"]);
        // Same name, same label, another rule: the mention's provenance follows.
        let e = d.replace(0..0, "Mr ");
        an.edit(d.text(), &e);
        an.refresh(engine, &schema, d.text());
        assert_eq!(an.relinked(), 2, "the edited paragraph and the one mentioning the name");
        assert_eq!(rules_of_or(&an, d.text()), ["person.honorific+link.repeat"]);
        assert_eq!(an.suggestions(), shown(engine.annotate(d.text())).as_slice());
    }

    /// The engine with some rules off, as `pactum.toml` `disable` makes it.
    fn engine_with(disabled: &[RuleId]) -> Engine {
        let options = disabled.iter().fold(Options::default(), |o, r| o.disable(*r));
        engine().clone().with_options(options)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Names appear, change label and vanish across paragraphs: the
        /// bounded re-linking still equals the engine from scratch, rules
        /// and all, whichever link rules are on.
        #[test]
        fn bounded_relinking_equals_from_scratch(edits in proptest::collection::vec(
            (0usize..220, 0usize..12, "Eric Or|Or said|Technopolis Plc|Technopolis|Kovalevich|Denis |Park|Mr |\n\n|[a-z ]{0,3}"), 1..20),
            disabled in proptest::sample::select(vec![
                vec![],
                vec![RuleId::LinkRepeat],
                vec![RuleId::LinkRelabel, RuleId::LinkOuterName],
                vec![RuleId::LinkRepeat, RuleId::LinkRelabel, RuleId::LinkOuterName],
                vec![RuleId::OrgLegalSuffix, RuleId::PersonHonorific],
            ])) {
            let engine = &engine_with(&disabled);
            let schema = Schema::parks_v1();
            let mut d = Document::new(LINKED.to_string(), 1);
            let mut an = Analysis::new(d.text());
            an.refresh(engine, &schema, d.text());
            for (at, len, insert) in edits {
                let n = d.rope().len_chars();
                let s = at.min(n);
                let e = d.replace(s..(s + len).min(n), &insert);
                an.edit(d.text(), &e);
                an.refresh(engine, &schema, d.text());
                let scratch = shown(engine.annotate(d.text()));
                prop_assert_eq!(an.suggestions(), scratch.as_slice());
            }
        }
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
                let scratch = shown(engine.annotate(d.text()));
                prop_assert_eq!(an.suggestions(), scratch.as_slice());
            }
        }
    }
}
