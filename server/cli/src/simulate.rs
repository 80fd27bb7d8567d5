//! `pactum simulate GOLD.jsonl [--schema FILE] [--no-learn]`: a simulated
//! annotator, the benchmark of learning from the workspace.
//!
//! Documents are taken in file order. For each one the suggestions made with
//! what was learnt so far are scored against its gold; then the gold becomes
//! its annotations (gold spans accepted, suggestions not in the gold
//! rejected) and the learner is retrained. One JSON line per document, then
//! a summary line. `--no-learn` runs the static engine through the same loop.

use std::path::PathBuf;

use anyhow::Context as _;
use pactum_engine::{Engine, Span};
use pactum_learn::{
    ClausePolicy, Corpus, Coverage, EnginePolicy, Judged, Learner, MemoryPolicy, Settings, Verdict,
};
use pactum_schema::{LabelKind, Schema};
use pactum_text::CharToByte;
use serde::{Deserialize, Serialize};

use super::SchemaArg;
use crate::simulate_score::{score, Counts, Scored};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// The static engine only: nothing is learnt between documents.
    #[arg(long)]
    no_learn: bool,
    /// Passes over the annotated documents per retraining (tuning).
    #[arg(long, hide = true)]
    epochs: Option<usize>,
    /// Weight of the engine's suggestion before any example (tuning).
    #[arg(long, hide = true)]
    prior: Option<f32>,
    /// The same for the clause classifier (tuning).
    #[arg(long, hide = true)]
    clause_prior: Option<f32>,
    /// Suggestions less confident than this are not made (tuning).
    #[arg(long, hide = true)]
    floor: Option<f32>,
    /// Least score of the tagger's own suggestions (tuning).
    #[arg(long, hide = true)]
    model_floor: Option<f32>,
    /// Weight of the engine's confidence beside a rule's record (tuning).
    #[arg(long, hide = true)]
    rule_prior: Option<f32>,
    /// Adds `explain`: each suggestion's reason, to see which part of the
    /// learner made or lost which spans (tuning).
    #[arg(long, hide = true)]
    explain: bool,
    /// Least share of accepts for span memory to suggest a text (tuning).
    #[arg(long, hide = true)]
    memory_share: Option<f32>,
    /// The engine's clauses as judged, no sentence classifier (tuning).
    #[arg(long, hide = true)]
    rule_clauses: bool,
    /// Keep the engine's entities the tagger drops (tuning).
    #[arg(long, hide = true)]
    keep_engine: bool,
    /// What span memory does where the tagger disagrees (tuning).
    #[arg(long, hide = true, value_enum)]
    memory: Option<MemoryArg>,
    /// The engine's model weights from this file (`pactum train --out`)
    /// instead of the shipped ones: tuning the learner on articles the shipped
    /// model was trained on would measure a memorised engine.
    #[arg(long, hide = true, value_name = "FILE")]
    weights: Option<PathBuf>,
    /// Gold documents, JSON lines: `id`, `text`, `spans` (code-point offsets).
    #[arg(value_name = "GOLD.jsonl")]
    gold: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum MemoryArg {
    Off,
    FillGaps,
    Override,
}

#[derive(Deserialize)]
struct GoldDoc {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    spans: Vec<GoldSpan>,
}

#[derive(Deserialize, Serialize, Clone)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

#[derive(Serialize)]
struct Line<'a> {
    id: &'a serde_json::Value,
    suggested: usize,
    correct: usize,
    wrong: usize,
    missed: usize,
    corrections: usize,
    suggested_spans: &'a [GoldSpan],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    explain: Vec<String>,
}

#[derive(Serialize)]
struct Summary {
    docs: usize,
    corrections: usize,
    corrections_second_half: usize,
    entity_f1: f64,
    clause_f1: f64,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let schema = args.schema.load()?;
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let mut docs = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let doc: GoldDoc = serde_json::from_str(line).with_context(|| {
            format!("{}:{}: not a gold document (want `id`, `text`, `spans`)", args.gold.display(), n + 1)
        })?;
        docs.push(doc);
    }
    let mut settings = Settings::default();
    settings.epochs = args.epochs.unwrap_or(settings.epochs);
    settings.prior = args.prior.unwrap_or(settings.prior);
    settings.clause_prior = args.clause_prior.unwrap_or(settings.clause_prior);
    settings.floor = args.floor.unwrap_or(settings.floor);
    settings.model_floor = args.model_floor.unwrap_or(settings.model_floor);
    settings.rule_prior = args.rule_prior.unwrap_or(settings.rule_prior);
    settings.memory_share = args.memory_share.unwrap_or(settings.memory_share);
    if args.rule_clauses {
        settings.clauses = ClausePolicy::RulesAsJudged;
    }
    if args.keep_engine {
        settings.engine = EnginePolicy::KeepUnlessOverruled;
    }
    if let Some(m) = args.memory {
        settings.memory = match m {
            MemoryArg::Off => MemoryPolicy::Off,
            MemoryArg::FillGaps => MemoryPolicy::FillGaps,
            MemoryArg::Override => MemoryPolicy::Override,
        };
    }
    let labels = labels_of(&schema);
    let clause_labels: Vec<String> = schema.labels_of(LabelKind::Clause).map(|l| l.name.clone()).collect();
    let engine = match &args.weights {
        None => Engine::new(),
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            Engine::new().with_weights(&bytes).with_context(|| {
                format!("{}: not a weights file (write one with `pactum train --out`)", path.display())
            })?
        }
    };
    let mut corpus = Corpus::new(labels);
    let mut learner = Learner::train(&corpus, &settings);
    let mut per_doc: Vec<Counts> = Vec::new();
    let mut out = String::new();
    for (k, doc) in docs.iter().enumerate() {
        let table = CharToByte::new(&doc.text);
        let engine_spans: Vec<Span> =
            engine.annotate(&doc.text).into_iter().filter(|s| schema.has_label(s.label.as_str())).collect();
        let learnt = if args.no_learn { Vec::new() } else { learner.suggest(&doc.text, &engine_spans) };
        let mut suggested: Vec<(usize, usize, String)> = if args.no_learn {
            engine_spans.iter().map(|s| (s.start, s.end, s.label.to_string())).collect()
        } else {
            learnt.iter().map(|s| (s.start, s.end, s.label.clone())).collect()
        };
        suggested.sort();
        suggested.dedup();
        let to_chars = |b: usize| table.char_of(b).unwrap_or(0);
        let suggested_spans: Vec<GoldSpan> = suggested
            .iter()
            .map(|(s, e, l)| GoldSpan { start: to_chars(*s), end: to_chars(*e), label: l.clone() })
            .collect();
        let gold: Vec<&GoldSpan> = doc.spans.iter().filter(|s| schema.has_label(&s.label)).collect();
        let Scored { counts, unmatched_predictions } = score(&gold, &suggested_spans, &clause_labels);
        let line = Line {
            id: &doc.id,
            suggested: suggested_spans.len(),
            correct: counts.total_correct(),
            wrong: counts.total_wrong(),
            missed: counts.total_missed(),
            corrections: counts.total_wrong() + counts.total_missed(),
            suggested_spans: &suggested_spans,
            explain: if args.explain {
                suggested
                    .iter()
                    .map(|(s, e, l)| {
                        let why = learnt.iter().find(|x| (x.start, x.end, &x.label) == (*s, *e, l));
                        why.map_or_else(String::new, |w| format!("{:.2} {}", w.confidence, w.explain()))
                    })
                    .collect()
            } else {
                Vec::new()
            },
        };
        out.push_str(&serde_json::to_string(&line)?);
        out.push('\n');
        per_doc.push(counts);
        if !args.no_learn {
            let mut judged: Vec<Judged> = gold
                .iter()
                .filter_map(|g| {
                    Some(Judged {
                        start: table.byte(g.start)?,
                        end: table.byte(g.end)?,
                        label: g.label.clone(),
                        verdict: Verdict::Accepted,
                    })
                })
                .collect();
            judged.extend(unmatched_predictions.iter().map(|&i| {
                let (start, end, label) = suggested[i].clone();
                Judged { start, end, label, verdict: Verdict::Rejected }
            }));
            corpus.insert(&format!("{k}"), &doc.text, &engine_spans, &judged, Coverage::Done);
            learner = Learner::train(&corpus, &settings);
        }
        // Print as we go: a long simulation shows its progress.
        crate::print_stdout(&std::mem::take(&mut out))?;
    }
    let half = per_doc.len() / 2;
    let total = Counts::sum(per_doc.iter());
    let summary = Summary {
        docs: per_doc.len(),
        corrections: per_doc.iter().map(Counts::corrections).sum(),
        corrections_second_half: per_doc[half..].iter().map(Counts::corrections).sum(),
        entity_f1: total.entity_f1(),
        clause_f1: total.clause_f1(),
    };
    crate::print_stdout(&format!("{}\n", serde_json::json!({ "summary": summary })))?;
    Ok(true)
}

/// The schema's labels as the learner sees them.
pub fn labels_of(schema: &Schema) -> pactum_learn::Labels {
    pactum_learn::Labels::new(
        schema.labels_of(LabelKind::Entity).map(|l| l.name.clone()),
        schema.labels_of(LabelKind::Clause).map(|l| l.name.clone()),
    )
}
