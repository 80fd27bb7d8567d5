//! One annotated document made ready for training (and, without judgements,
//! for suggesting): its tokens with their features, its sentences with
//! theirs, the tags and classes the annotator gave them, and the counts it
//! adds to the span memory and the rule record. Built once per document
//! version, so that retraining only reruns the perceptron.

use std::ops::Range;

use pactum_engine::{paragraph_ranges, sentence, RuleId, Span};

use crate::perceptron::feature;
use crate::tokens::{affixes, shape, tokens};
use crate::{Judged, Labels, Verdict};

/// How much of a document the annotator went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Marked done (or a gold document): whatever is not accepted is not an
    /// entity, and every rule suggestion that was not accepted was wrong.
    Done,
    /// In progress: only the judged spans say anything.
    Partial,
}

/// Tag ids: 0 is O, `1 + 2k` is B of entity label k, `2 + 2k` its I.
pub const O: u16 = 0;

pub fn b_tag(k: usize) -> u16 {
    (1 + 2 * k) as u16
}

pub fn i_tag(k: usize) -> u16 {
    (2 + 2 * k) as u16
}

/// The label index of a B or I tag.
pub fn label_of(tag: u16) -> Option<usize> {
    (tag != O).then(|| (usize::from(tag) - 1) / 2)
}

pub fn is_inside(tag: u16) -> bool {
    tag != O && tag % 2 == 0
}

pub struct Sentence {
    pub range: Range<usize>,
    pub features: Vec<u32>,
    /// 0: no clause; `1 + k`: clause label k. `None`: not judged.
    pub gold: Option<u16>,
}

pub struct Example {
    pub tokens: Vec<Range<usize>>,
    /// Static features of token `t`: `features[starts[t]..starts[t + 1]]`.
    pub features: Vec<u32>,
    pub starts: Vec<usize>,
    /// The engine's tag of each token (what the priors read).
    pub engine_tags: Vec<u16>,
    /// The annotator's tag of each token; `None`: not judged (no update).
    pub gold: Vec<Option<u16>>,
    pub sentences: Vec<Sentence>,
    /// Judged entity spans: token range, text, label, verdict (memory, forgetting).
    pub judged: Vec<(Range<usize>, String, String, Verdict)>,
    /// The rule that proposed each engine suggestion the annotator judged.
    /// (with the span's text, so that forgetting a text forgets them too).
    pub rule_verdicts: Vec<(RuleId, Verdict, String)>,
    /// The text of a document marked done (else `None`): span memory counts
    /// every occurrence of a remembered text in it, tagged or not.
    pub done_text: Option<String>,
}

impl Example {
    /// `engine`: the engine's spans of `text` (byte offsets); `judged`: the
    /// annotator's spans (byte offsets), empty when only suggesting.
    pub fn new(
        text: &str,
        engine: &[Span],
        judged: &[Judged],
        labels: &Labels,
        coverage: Coverage,
    ) -> Example {
        let toks = tokens(text);
        let engine_tags = tag_tokens(
            &toks,
            engine.iter().filter_map(|s| Some((s.start..s.end, labels.entity(s.label.as_str())?))),
        );
        let engine_rules: Vec<Option<String>> = {
            let mut rules = vec![None; toks.len()];
            for s in engine.iter().filter(|s| labels.entity(s.label.as_str()).is_some()) {
                for (t, r) in toks.iter().enumerate() {
                    if r.start >= s.start && r.end <= s.end {
                        rules[t] = Some(s.provenance.to_string());
                    }
                }
            }
            rules
        };
        let accepted = || judged.iter().filter(|j| j.verdict == Verdict::Accepted);
        let gold_tags =
            tag_tokens(&toks, accepted().filter_map(|j| Some((j.start..j.end, labels.entity(&j.label)?))));
        let gold = match coverage {
            Coverage::Done => gold_tags.iter().map(|t| Some(*t)).collect(),
            Coverage::Partial => {
                // The annotator read the sentences they judged a span in:
                // their other tokens are examples of O (without them the
                // tagger would see positives only and tag everything).
                let read: Vec<Range<usize>> = paragraph_ranges(text)
                    .flat_map(|p| {
                        sentence::sentences(&text[p.clone()])
                            .into_iter()
                            .map(move |s| p.start + s.start..p.start + s.end)
                    })
                    .filter(|s| {
                        judged
                            .iter()
                            .any(|j| labels.entity(&j.label).is_some() && j.start < s.end && j.end > s.start)
                    })
                    .collect();
                let mut g = vec![None; toks.len()];
                for (t, r) in toks.iter().enumerate() {
                    let in_judged = judged
                        .iter()
                        .any(|j| labels.entity(&j.label).is_some() && r.start < j.end && r.end > j.start);
                    if in_judged || read.iter().any(|s| r.start >= s.start && r.end <= s.end) {
                        g[t] = Some(gold_tags[t]);
                    }
                }
                g
            }
        };
        let (features, starts) = token_features(text, &toks, &engine_tags, &engine_rules, labels);
        let sentences = sentences(text, engine, judged, labels, coverage);
        let judged_spans = judged
            .iter()
            .filter(|j| labels.entity(&j.label).is_some())
            .filter_map(|j| {
                let first = toks.iter().position(|r| r.start >= j.start)?;
                let end = toks.iter().rposition(|r| r.end <= j.end)? + 1;
                (first < end).then(|| {
                    (
                        first..end,
                        text.get(j.start..j.end).unwrap_or_default().to_string(),
                        j.label.clone(),
                        j.verdict,
                    )
                })
            })
            .collect();
        let rule_verdicts = engine
            .iter()
            .filter(|s| labels.has(s.label.as_str()))
            .filter_map(|s| {
                let rule = s.provenance.first()?;
                let same = |j: &&Judged| {
                    j.label == s.label.as_str() && overlaps_enough(j.start..j.end, s.start..s.end, s)
                };
                let verdict = match judged.iter().find(same).map(|j| j.verdict) {
                    Some(v) => v,
                    None if coverage == Coverage::Done => Verdict::Rejected,
                    None => return None,
                };
                Some((rule, verdict, text.get(s.start..s.end).unwrap_or_default().to_string()))
            })
            .collect();
        Example {
            tokens: toks,
            features,
            starts,
            engine_tags,
            gold,
            sentences,
            judged: judged_spans,
            rule_verdicts,
            done_text: (coverage == Coverage::Done).then(|| text.to_string()),
        }
    }

    pub fn token_features(&self, t: usize) -> &[u32] {
        &self.features[self.starts[t]..self.starts[t + 1]]
    }
}

/// Entities match exactly; clauses when they cover the same sentence (IoU ≥ 0.5).
fn overlaps_enough(a: Range<usize>, b: Range<usize>, span: &Span) -> bool {
    if span.label.is_clause() {
        iou(&a, &b) >= 0.5
    } else {
        a == b
    }
}

pub fn iou(a: &Range<usize>, b: &Range<usize>) -> f32 {
    let inter = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let union = (a.end - a.start) + (b.end - b.start) - inter;
    if union == 0 {
        0.0
    } else {
        inter as f32 / union as f32
    }
}

/// BIO tags of `toks` for spans given as (byte range, entity label index);
/// a token belongs to a span when it lies inside it.
pub fn tag_tokens(toks: &[Range<usize>], spans: impl Iterator<Item = (Range<usize>, usize)>) -> Vec<u16> {
    let mut tags = vec![O; toks.len()];
    for (r, k) in spans {
        let mut first = true;
        let from = toks.partition_point(|t| t.start < r.start);
        for t in from..toks.len() {
            if toks[t].end > r.end {
                break;
            }
            tags[t] = if first { b_tag(k) } else { i_tag(k) };
            first = false;
        }
    }
    tags
}

pub fn tag_name(tag: u16, labels: &Labels) -> String {
    match label_of(tag) {
        None => "O".to_string(),
        Some(k) => format!("{}-{}", if is_inside(tag) { "I" } else { "B" }, labels.entities[k]),
    }
}

fn token_features(
    text: &str,
    toks: &[Range<usize>],
    engine_tags: &[u16],
    engine_rules: &[Option<String>],
    labels: &Labels,
) -> (Vec<u32>, Vec<usize>) {
    let words: Vec<&str> = toks.iter().map(|r| &text[r.clone()]).collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let shapes: Vec<String> = words.iter().map(|w| shape(w)).collect();
    let tags: Vec<String> = engine_tags.iter().map(|t| tag_name(*t, labels)).collect();
    let at = |v: &[String], i: isize| -> String {
        usize::try_from(i).ok().and_then(|i| v.get(i)).cloned().unwrap_or_else(|| "<none>".to_string())
    };
    let mut features = Vec::with_capacity(toks.len() * 20);
    let mut starts = Vec::with_capacity(toks.len() + 1);
    for (t, r) in toks.iter().enumerate() {
        starts.push(features.len());
        let i = t as isize;
        let (p3, s3) = affixes(words[t], 3);
        let line_start = text[..r.start].rfind('\n').map_or(0, |n| n + 1);
        let first_on_line = text[line_start..r.start].trim().is_empty();
        features.extend([
            feature("bias", ""),
            feature("w", words[t]),
            feature("lw", &lower[t]),
            feature("sh", &shapes[t]),
            feature("p3", p3),
            feature("s3", s3),
            feature("lw-1", &at(&lower, i - 1)),
            feature("lw+1", &at(&lower, i + 1)),
            feature("lw-2", &at(&lower, i - 2)),
            feature("lw+2", &at(&lower, i + 2)),
            feature("sh-1|sh", &format!("{}|{}", at(&shapes, i - 1), shapes[t])),
            feature("sh+1", &at(&shapes, i + 1)),
            feature("e", &tags[t]),
            feature("e-1", &at(&tags, i - 1)),
            feature("e+1", &at(&tags, i + 1)),
            feature("e|lw", &format!("{}|{}", tags[t], lower[t])),
            feature("line0", if first_on_line { "y" } else { "n" }),
        ]);
        if let Some(rule) = &engine_rules[t] {
            features.push(feature("r|e", &format!("{rule}|{}", tags[t])));
        }
    }
    starts.push(features.len());
    (features, starts)
}

/// The dynamic features of a token: those that read the previous token's
/// predicted tag.
pub fn tag_features(prev: u16, engine: u16, out: &mut Vec<u32>) {
    let p = u32::from(prev);
    let e = u32::from(engine);
    out.push(feature("pt", "") ^ p.wrapping_mul(0x9e37_79b9));
    out.push(feature("pt|e", "") ^ (p << 16 | e).wrapping_mul(0x85eb_ca6b));
}

fn sentences(
    text: &str,
    engine: &[Span],
    judged: &[Judged],
    labels: &Labels,
    coverage: Coverage,
) -> Vec<Sentence> {
    let mut out = Vec::new();
    for p in paragraph_ranges(text) {
        for s in sentence::sentences(&text[p.clone()]) {
            let range = p.start + s.start..p.start + s.end;
            let engine_clause = engine
                .iter()
                .filter(|e| labels.clause(e.label.as_str()).is_some())
                .find(|e| e.start < range.end && e.end > range.start)
                .and_then(|e| Some((labels.clause(e.label.as_str())?, e.start..e.end)));
            let judged_clauses: Vec<&Judged> = judged
                .iter()
                .filter(|j| labels.clause(&j.label).is_some() && iou(&(j.start..j.end), &range) >= 0.5)
                .collect();
            let accepted = judged_clauses
                .iter()
                .find(|j| j.verdict == Verdict::Accepted)
                .and_then(|j| labels.clause(&j.label))
                .map(|k| (k + 1) as u16);
            let gold = match (accepted, coverage) {
                (Some(c), _) => Some(c),
                (None, Coverage::Done) => Some(0),
                (None, Coverage::Partial) => (!judged_clauses.is_empty()).then_some(0),
            };
            let features = sentence_features(
                &text[range.clone()],
                engine_clause.as_ref().map(|(k, _)| *k),
                engine,
                &range,
                labels,
            );
            out.push(Sentence { range, features, gold });
        }
    }
    out
}

fn sentence_features(
    sentence: &str,
    engine: Option<usize>,
    spans: &[Span],
    range: &Range<usize>,
    labels: &Labels,
) -> Vec<u32> {
    let eng = engine.map_or("NONE", |k| labels.clauses[k].as_str());
    let mut f = vec![feature("bias", ""), feature("ce", eng)];
    let words: Vec<String> = tokens(sentence)
        .into_iter()
        .map(|r| sentence[r].to_lowercase())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    if let Some(first) = words.first() {
        f.push(feature("first", first));
    }
    for w in &words {
        f.push(feature("u", w));
    }
    for pair in words.windows(2) {
        f.push(feature("b", &format!("{} {}", pair[0], pair[1])));
    }
    for s in spans.iter().filter(|s| !s.label.is_clause() && s.start >= range.start && s.end <= range.end) {
        f.push(feature("has", s.label.as_str()));
        f.push(feature("ce|has", &format!("{eng}|{}", s.label)));
    }
    f
}
