//! Suggestions that learn from the annotator, across a workspace.
//!
//! No I/O, no async, no LSP: callers hand in each annotated document (its
//! text, the engine's spans of it and the annotator's accepted and rejected
//! spans, byte offsets) as a [`Corpus`]; [`Learner::train`] turns the corpus
//! into a learner whose [`Learner::suggest`] combines, for any text:
//!
//! 1. a **token tagger** (averaged perceptron, BIO tags over the schema's
//!    entity labels; word, lower case, shape, prefix/suffix, neighbour and
//!    engine features) whose prior is "the engine is right": with nothing
//!    learnt it suggests exactly the engine's entities, and every annotated
//!    document moves it towards what this annotator does — labels of the
//!    user's own schema included;
//! 2. a **sentence classifier** (same perceptron) for the clause labels,
//!    with the engine's clause as its prior;
//! 3. **span memory**: texts accepted as a label are found again at their
//!    whole-word occurrences (see [`memory`] for the rules);
//! 4. **rejections**: a text rejected as a label more often than accepted is
//!    not suggested as it; the **rule record** (accepts and rejects per rule)
//!    sets the confidence of the rules' suggestions, demoting rules this
//!    workspace rejects more than it accepts;
//! 5. **forgetting**: [`Corpus::forget`] makes the learner ignore what was
//!    learnt about a text (its suggestions fall back to the engine's).

mod example;
pub mod memory;
mod perceptron;
mod tokens;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use pactum_engine::{Provenance, RuleId, Span};

pub use example::Coverage;
use example::{b_tag, i_tag, is_inside, label_of, tag_features, Example, O};
use memory::{Counts, Memory};
use perceptron::{argmax, Perceptron, Weights};

/// The labels the learner suggests: the schema's entity and clause labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    entities: Vec<String>,
    clauses: Vec<String>,
}

impl Labels {
    pub fn new(
        entities: impl IntoIterator<Item = String>,
        clauses: impl IntoIterator<Item = String>,
    ) -> Labels {
        Labels { entities: entities.into_iter().collect(), clauses: clauses.into_iter().collect() }
    }

    fn entity(&self, name: &str) -> Option<usize> {
        self.entities.iter().position(|l| l == name)
    }

    fn clause(&self, name: &str) -> Option<usize> {
        self.clauses.iter().position(|l| l == name)
    }

    fn has(&self, name: &str) -> bool {
        self.entity(name).is_some() || self.clause(name).is_some()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Accepted,
    Rejected,
}

/// A span the annotator accepted (or created) or rejected. Byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub verdict: Verdict,
}

/// How the learner weighs its parts (the defaults are what `pactum simulate`
/// measured best on the training articles).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Passes over the corpus per retraining, at most…
    pub epochs: usize,
    /// …and fewer when the corpus is large: at most this many token updates
    /// per retraining (at least one pass), so a workspace of 1,000 documents
    /// retrains within a second in the background.
    pub token_budget: usize,
    /// Weight of "the engine says so" before any example: how many
    /// disagreeing examples it takes to overturn a rule.
    pub prior: f32,
    /// The same for the clause classifier.
    pub clause_prior: f32,
    /// Hash buckets of the token tagger's features.
    pub buckets: usize,
    /// What a remembered text does where the tagger suggests something else.
    pub memory: MemoryPolicy,
    /// Suggestions less confident than this are not made at all: a rule
    /// this workspace rejects about twice as often as it accepts, say.
    /// (Between it and 0.5 they are shown demoted, for `min_confidence` to hide.)
    pub floor: f32,
    /// Suggestions of the tagger alone (no rule made the same span) need at
    /// least this score: its guesses away from the rules are right about
    /// half the time below it, and each wrong one costs a correction.
    pub model_floor: f32,
    /// How many accepts and rejects the engine's own confidence in a span
    /// counts as, beside its rule's record in this workspace: a rule's
    /// confidence is `(accepted + rule_prior × engine confidence) /
    /// (accepted + rejected + rule_prior)`.
    pub rule_prior: f32,
    /// Span memory suggests a text only where its share of accepts among
    /// the times it was met is at least this (see [`memory`]).
    pub memory_share: f32,
    /// Who decides the clauses.
    pub clauses: ClausePolicy,
    /// Where the tagger drops an engine entity outright (tags its words O).
    pub engine: EnginePolicy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClausePolicy {
    /// The sentence classifier (the engine's clause as its prior).
    Classifier,
    /// The engine's clauses, each at its rule's confidence in this workspace
    /// (so a clause rule the workspace keeps rejecting falls under the floor).
    /// The classifier fits a few dozen documents' sentences word by word and
    /// on new articles overturned the engine wrongly more often than rightly.
    RulesAsJudged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnginePolicy {
    /// The tagger's word is final.
    TaggerDecides,
    /// The engine's span stays unless the workspace demoted its rule, rejected
    /// its text, or the tagger suggests something else there: the tagger's
    /// silence alone is weak evidence (right about half the time).
    KeepUnlessOverruled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoryPolicy {
    /// Not used for suggestions (still counted for hover and rejections).
    Off,
    /// Suggested only where the tagger suggests nothing that overlaps.
    FillGaps,
    /// Replaces overlapping tagger suggestions.
    Override,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            epochs: 5,
            token_budget: 400_000,
            prior: 2.0,
            clause_prior: 40.0,
            buckets: 1 << 16,
            memory: MemoryPolicy::FillGaps,
            floor: 0.3,
            model_floor: 0.3,
            rule_prior: 6.0,
            memory_share: memory::MIN_SHARE,
            clauses: ClausePolicy::RulesAsJudged,
            engine: EnginePolicy::TaggerDecides,
        }
    }
}

/// The annotated documents of a workspace, prepared for training, by id
/// (a path, say), and the texts the user asked to forget.
pub struct Corpus {
    labels: Labels,
    docs: BTreeMap<String, Example>,
    forgotten: BTreeSet<String>,
}

impl Corpus {
    pub fn new(labels: Labels) -> Corpus {
        Corpus { labels, docs: BTreeMap::new(), forgotten: BTreeSet::new() }
    }

    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    /// Adds or replaces a document: `engine` are the engine's spans of
    /// `text`, `judged` the annotator's spans (byte offsets).
    pub fn insert(&mut self, id: &str, text: &str, engine: &[Span], judged: &[Judged], coverage: Coverage) {
        let example = Example::new(text, engine, judged, &self.labels, coverage);
        self.docs.insert(id.to_string(), example);
    }

    pub fn remove(&mut self, id: &str) {
        self.docs.remove(id);
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Forget what was learnt about `text` (whole span texts, case-sensitive):
    /// its accepts and rejects no longer count, and the tagger does not learn
    /// from its tokens.
    pub fn forget(&mut self, text: &str) {
        self.forgotten.insert(text.to_string());
    }
}

/// Why a span is suggested.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// The engine's rules, as this workspace judged them.
    Rules { provenance: Provenance, rule: Option<(RuleId, RuleCounts)> },
    /// Accepted as this label elsewhere in the workspace.
    Memory { accepted: u32, files: u32 },
    /// The tagger trained on this workspace, with its confidence (0–1).
    Model { score: f32 },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleCounts {
    pub accepted: u32,
    pub rejected: u32,
}

impl RuleCounts {
    /// Laplace-smoothed share of accepts: 0.5 with no evidence.
    pub fn ratio(&self) -> f32 {
        (self.accepted as f32 + 1.0) / ((self.accepted + self.rejected) as f32 + 2.0)
    }
}

/// A suggestion. Byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// 0–1: a rule's share of accepts in this workspace, the model's score,
    /// or the share of accepts of a remembered text.
    pub confidence: f32,
    pub why: Why,
}

impl Suggestion {
    /// One line for the hover: "accepted as PARK 4× in 3 files", "rule
    /// park.head-word — accepted 12×, rejected 1× in this workspace", "model 0.83".
    pub fn explain(&self) -> String {
        match &self.why {
            Why::Memory { accepted, files } => format!(
                "accepted as {} {accepted}× in {files} file{}",
                self.label,
                if *files == 1 { "" } else { "s" }
            ),
            Why::Model { score } => format!("model {score:.2}"),
            Why::Rules { provenance, rule: Some((_, c)) } => {
                let demoted = if self.confidence < 0.5 { " (demoted)" } else { "" };
                format!(
                    "rule {provenance} — accepted {}×, rejected {}× in this workspace{demoted}",
                    c.accepted, c.rejected
                )
            }
            Why::Rules { provenance, rule: None } => format!("rule {provenance}"),
        }
    }
}

/// What the workspace taught: build with [`Learner::train`], then [`Learner::suggest`].
pub struct Learner {
    labels: Labels,
    settings: Settings,
    tagger: Weights,
    clauses: Weights,
    memory: Memory,
    rules: HashMap<RuleId, RuleCounts>,
    forgotten: BTreeSet<String>,
    trained_on: usize,
}

impl Learner {
    /// Trains on every document of `corpus`. Deterministic: the same corpus
    /// gives the same learner.
    pub fn train(corpus: &Corpus, settings: &Settings) -> Learner {
        let labels = corpus.labels.clone();
        let forgotten = corpus.forgotten.clone();
        let n_tags = 1 + 2 * labels.entities.len();
        let mut tagger = Perceptron::new(n_tags, settings.buckets);
        let mut clauses = Perceptron::new(1 + labels.clauses.len(), settings.buckets / 4);
        set_priors(&mut tagger, &mut clauses, &labels, settings);
        let docs: Vec<&Example> = corpus.docs.values().collect();
        let masks: Vec<Vec<bool>> = docs.iter().map(|d| forgotten_tokens(d, &forgotten)).collect();
        let mut scores = vec![0.0; n_tags];
        let mut clause_scores = vec![0.0; 1 + labels.clauses.len()];
        let mut feats = Vec::new();
        let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
        let epochs = settings.epochs.min(settings.token_budget / tokens.max(1)).max(1);
        for epoch in 0..epochs {
            for k in shuffled(docs.len(), epoch) {
                let (doc, mask) = (docs[k], &masks[k]);
                let mut prev = O;
                for t in 0..doc.tokens.len() {
                    feats.clear();
                    feats.extend_from_slice(doc.token_features(t));
                    tag_features(prev, doc.engine_tags[t], &mut feats);
                    tagger.scores(&feats, &mut scores);
                    let pred = argmax(&scores, |c| allowed(prev, c as u16)) as u16;
                    if let (Some(gold), false) = (doc.gold[t], mask[t]) {
                        tagger.update(&feats, usize::from(gold), usize::from(pred));
                        // Teacher forcing keeps later tokens' features right.
                        prev = gold;
                    } else {
                        prev = pred;
                    }
                }
                for s in &doc.sentences {
                    if let Some(gold) = s.gold {
                        clauses.scores(&s.features, &mut clause_scores);
                        let pred = argmax(&clause_scores, |_| true);
                        clauses.update(&s.features, usize::from(gold), pred);
                    }
                }
            }
        }
        let mut memory = Memory::default();
        let mut rules: HashMap<RuleId, RuleCounts> = HashMap::new();
        for doc in &docs {
            memory.add_file(
                doc.judged
                    .iter()
                    .filter(|(_, text, _, _)| !forgotten.contains(text))
                    .filter_map(|(_, text, label, v)| Some((text.as_str(), labels.entity(label)?, *v))),
            );
            for (rule, v, _) in doc.rule_verdicts.iter().filter(|(_, _, text)| !forgotten.contains(text)) {
                let c = rules.entry(*rule).or_default();
                match v {
                    Verdict::Accepted => c.accepted += 1,
                    Verdict::Rejected => c.rejected += 1,
                }
            }
        }
        memory.count_seen(docs.iter().filter_map(|d| d.done_text.as_deref()));
        memory.compile(settings.memory_share);
        Learner {
            labels,
            settings: settings.clone(),
            tagger: tagger.averaged(),
            clauses: clauses.averaged(),
            memory,
            rules,
            forgotten,
            trained_on: docs.len(),
        }
    }

    /// Documents it was trained on.
    pub fn trained_on(&self) -> usize {
        self.trained_on
    }

    /// The accept/reject record of a rule in this workspace.
    pub fn rule_counts(&self, rule: RuleId) -> RuleCounts {
        self.rules.get(&rule).copied().unwrap_or_default()
    }

    /// Accepts, rejects and files of `text` as `label`.
    pub fn memory_counts(&self, text: &str, label: &str) -> Counts {
        self.labels.entity(label).map(|k| self.memory.counts(text, k)).unwrap_or_default()
    }

    /// Suggestions for `text`, given the engine's spans of it (byte
    /// offsets), sorted by (start, end).
    pub fn suggest(&self, text: &str, engine: &[Span]) -> Vec<Suggestion> {
        let doc = Example::new(text, engine, &[], &self.labels, Coverage::Partial);
        let mut out = self.tag(&doc, engine);
        // Rejections first, so that memory may fill the place of a rejected label.
        out.retain(|s| match self.labels.entity(&s.label) {
            Some(k) => !self.memory.rejects(text.get(s.start..s.end).unwrap_or_default(), k),
            None => true,
        });
        self.add_memory(text, &mut out);
        out.extend(self.classify_sentences(text, &doc, engine));
        self.restore_forgotten(text, engine, &mut out);
        out.retain(|s| s.confidence >= self.settings.floor);
        out.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
        out
    }

    fn rule_why(&self, provenance: Provenance) -> (Why, f32) {
        let rule = provenance.first().map(|r| (r, self.rule_counts(r)));
        let confidence = match rule {
            Some((_, c)) if c.accepted + c.rejected > 0 => {
                let m = self.settings.rule_prior;
                (c.accepted as f32 + m * provenance.confidence()) / ((c.accepted + c.rejected) as f32 + m)
            }
            _ => provenance.confidence(),
        };
        (Why::Rules { provenance, rule }, confidence)
    }

    fn tag(&self, doc: &Example, engine: &[Span]) -> Vec<Suggestion> {
        let n_tags = self.tagger.classes();
        let mut scores = vec![0.0; n_tags];
        let mut feats = Vec::new();
        let mut tags = Vec::with_capacity(doc.tokens.len());
        let mut margins = Vec::with_capacity(doc.tokens.len());
        let mut prev = O;
        for t in 0..doc.tokens.len() {
            feats.clear();
            feats.extend_from_slice(doc.token_features(t));
            tag_features(prev, doc.engine_tags[t], &mut feats);
            self.tagger.scores(&feats, &mut scores);
            let pred = argmax(&scores, |c| allowed(prev, c as u16)) as u16;
            tags.push(pred);
            margins.push(softmax_of(&scores, usize::from(pred)));
            prev = pred;
        }
        let mut out = Vec::new();
        let mut t = 0;
        while t < tags.len() {
            let Some(k) = label_of(tags[t]).filter(|_| !is_inside(tags[t])) else {
                t += 1;
                continue;
            };
            let mut end = t + 1;
            while end < tags.len() && tags[end] == i_tag(k) {
                end += 1;
            }
            let range = doc.tokens[t].start..doc.tokens[end - 1].end;
            let label = self.labels.entities[k].clone();
            let score = margins[t..end].iter().copied().fold(1.0f32, f32::min);
            let rule = engine
                .iter()
                .find(|s| s.start == range.start && s.end == range.end && s.label.as_str() == label);
            let (why, confidence) = match rule {
                Some(s) => self.rule_why(s.provenance),
                None => (Why::Model { score }, score),
            };
            if rule.is_some() || score >= self.settings.model_floor {
                out.push(Suggestion { start: range.start, end: range.end, label, confidence, why });
            }
            t = end;
        }
        if self.settings.engine == EnginePolicy::KeepUnlessOverruled {
            let kept: Vec<Suggestion> = engine
                .iter()
                .filter(|e| self.labels.entity(e.label.as_str()).is_some())
                .filter(|e| !out.iter().any(|s| s.start < e.end && s.end > e.start))
                .map(|e| {
                    let (why, confidence) = self.rule_why(e.provenance);
                    Suggestion { start: e.start, end: e.end, label: e.label.to_string(), confidence, why }
                })
                .collect();
            out.extend(kept);
            out.sort_by_key(|s| (s.start, s.end));
        }
        out
    }

    fn add_memory(&self, text: &str, out: &mut Vec<Suggestion>) {
        if self.settings.memory == MemoryPolicy::Off {
            return;
        }
        for found in self.memory.find(text) {
            let r = found.range;
            let overlapping = |s: &Suggestion| s.start < r.end && s.end > r.start;
            let label = &self.labels.entities[found.label];
            let c = found.counts;
            if let Some(same) =
                out.iter_mut().find(|s| s.start == r.start && s.end == r.end && &s.label == label)
            {
                // The model agrees with the memory: the accepts are the better reason to show.
                if matches!(same.why, Why::Model { .. }) {
                    same.confidence = same.confidence.max(c.ratio());
                    same.why = Why::Memory { accepted: c.accepted, files: c.files };
                }
                continue;
            }
            // The same text under another label: the label accepted more often wins.
            let text_of = |s: &Suggestion| text.get(s.start..s.end).unwrap_or_default();
            if let Some(same) = out.iter_mut().find(|s| s.start == r.start && s.end == r.end) {
                let theirs = self.labels.entity(&same.label).map(|k| self.memory.counts(text_of(same), k));
                if theirs.is_some_and(|t| t.accepted < c.accepted) {
                    same.label = label.clone();
                    same.confidence = c.ratio();
                    same.why = Why::Memory { accepted: c.accepted, files: c.files };
                }
                continue;
            }
            match self.settings.memory {
                MemoryPolicy::FillGaps if out.iter().any(overlapping) => continue,
                MemoryPolicy::Override => out.retain(|s| !overlapping(s)),
                _ => {}
            }
            out.push(Suggestion {
                start: r.start,
                end: r.end,
                label: label.clone(),
                confidence: c.ratio(),
                why: Why::Memory { accepted: c.accepted, files: c.files },
            });
        }
    }

    /// Each engine clause keeps its span and takes the class of the first
    /// sentence it covers (none: dropped); a sentence no engine clause
    /// covers becomes a clause of its own when the classifier says so.
    fn classify_sentences(&self, text: &str, doc: &Example, engine: &[Span]) -> Vec<Suggestion> {
        if self.settings.clauses == ClausePolicy::RulesAsJudged {
            return engine
                .iter()
                .filter(|e| self.labels.clause(e.label.as_str()).is_some())
                .map(|e| {
                    let (why, confidence) = self.rule_why(e.provenance);
                    Suggestion { start: e.start, end: e.end, label: e.label.to_string(), confidence, why }
                })
                .collect();
        }
        let mut scores = vec![0.0; self.clauses.classes()];
        let mut out = Vec::new();
        let mut decided: Vec<(usize, usize)> = Vec::new();
        for s in &doc.sentences {
            self.clauses.scores(&s.features, &mut scores);
            let class = argmax(&scores, |_| true);
            let score = softmax_of(&scores, class);
            let covering = engine.iter().find(|e| {
                self.labels.clause(e.label.as_str()).is_some()
                    && e.start < s.range.end
                    && e.end > s.range.start
            });
            let (range, rule) = match covering {
                Some(e) if decided.contains(&(e.start, e.end)) => continue,
                Some(e) => {
                    decided.push((e.start, e.end));
                    (e.start..e.end, Some(e))
                }
                None => (s.range.clone(), None),
            };
            let Some(k) = class.checked_sub(1) else { continue };
            let label = self.labels.clauses[k].clone();
            if text.get(range.clone()).is_none_or(|t| t.trim().is_empty()) {
                continue;
            }
            let (why, confidence) = match rule.filter(|e| e.label.as_str() == label) {
                Some(e) => self.rule_why(e.provenance),
                None => (Why::Model { score }, score),
            };
            out.push(Suggestion { start: range.start, end: range.end, label, confidence, why });
        }
        // A second engine clause in one sentence (a signing and its purpose)
        // is no sentence's first: the classifier never saw it, so it stands
        // as the rules made it.
        for e in engine.iter().filter(|e| self.labels.clause(e.label.as_str()).is_some()) {
            if !decided.contains(&(e.start, e.end)) {
                let (why, confidence) = self.rule_why(e.provenance);
                out.push(Suggestion {
                    start: e.start,
                    end: e.end,
                    label: e.label.to_string(),
                    confidence,
                    why,
                });
            }
        }
        out
    }

    /// Where a forgotten text occurs, the engine's suggestions stand as they are.
    fn restore_forgotten(&self, text: &str, engine: &[Span], out: &mut Vec<Suggestion>) {
        for f in &self.forgotten {
            for (start, _) in text.match_indices(f.as_str()) {
                let r = start..start + f.len();
                out.retain(|s| {
                    !(s.start < r.end && s.end > r.start) || self.labels.clause(&s.label).is_some()
                });
                for e in engine.iter().filter(|e| e.start < r.end && e.end > r.start && !e.label.is_clause())
                {
                    if self.labels.entity(e.label.as_str()).is_some() {
                        let (why, confidence) = self.rule_why(e.provenance);
                        out.push(Suggestion {
                            start: e.start,
                            end: e.end,
                            label: e.label.to_string(),
                            confidence,
                            why,
                        });
                    }
                }
            }
        }
    }
}

/// BIO: an I tag only continues a B or I of the same label.
fn allowed(prev: u16, tag: u16) -> bool {
    !is_inside(tag) || (prev != O && label_of(prev) == label_of(tag))
}

fn softmax_of(scores: &[f32], k: usize) -> f32 {
    let max = scores.iter().copied().fold(f32::MIN, f32::max);
    let sum: f32 = scores.iter().map(|s| (s - max).exp()).sum();
    (scores[k] - max).exp() / sum
}

/// "The engine is right" as weights: each engine tag votes for itself.
fn set_priors(tagger: &mut Perceptron, clauses: &mut Perceptron, labels: &Labels, settings: &Settings) {
    use perceptron::feature;
    let prior = settings.prior;
    tagger.set_prior(feature("e", "O"), usize::from(O), prior);
    for (k, l) in labels.entities.iter().enumerate() {
        tagger.set_prior(feature("e", &format!("B-{l}")), usize::from(b_tag(k)), prior);
        tagger.set_prior(feature("e", &format!("I-{l}")), usize::from(i_tag(k)), prior);
    }
    clauses.set_prior(feature("ce", "NONE"), 0, settings.clause_prior);
    for (k, l) in labels.clauses.iter().enumerate() {
        clauses.set_prior(feature("ce", l), k + 1, settings.clause_prior);
    }
}

/// Tokens covered by a judged span whose text was forgotten: no updates there.
fn forgotten_tokens(doc: &Example, forgotten: &BTreeSet<String>) -> Vec<bool> {
    let mut mask = vec![false; doc.tokens.len()];
    for (r, text, _, _) in &doc.judged {
        if forgotten.contains(text) {
            mask[r.clone()].iter_mut().for_each(|m| *m = true);
        }
    }
    mask
}

/// A fixed permutation of `0..n` per epoch (a tiny LCG): retraining is
/// deterministic, yet examples do not always come in the same order.
fn shuffled(n: usize, epoch: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = 0x2545_f491_4f6c_dd1d_u64 ^ (epoch as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for i in (1..n).rev() {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let j = (state >> 33) as usize % (i + 1);
        order.swap(i, j);
    }
    order
}

#[cfg(test)]
mod tests;
