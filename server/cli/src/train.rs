//! `pactum train`: trains the engine's models on annotated JSON-lines files
//! (the guide's shape, code-point offsets) and writes the weights file the
//! engine compiles in. Reading and writing happen here; training is the
//! engine's pure `model::train`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use pactum_engine::model::{self, GoldSpan, TrainDoc, TrainSettings};
use pactum_engine::Label;

#[derive(clap::Args)]
pub struct Args {
    /// Where to write the weights (`server/engine/data/model/weights.bin` to ship them).
    #[arg(long, value_name = "FILE", required_unless_present = "folds")]
    pub out: Option<PathBuf>,
    /// Instead of writing weights, cross-validate on the files with this many folds and print
    /// micro-F1 of the rules alone and of rules + model.
    #[arg(long, value_name = "N")]
    pub folds: Option<usize>,
    /// With --folds: a corpus added to every fold's training documents, never scored (repeatable).
    #[arg(long = "with", value_name = "FILE.jsonl", requires = "folds")]
    pub with: Vec<PathBuf>,
    /// Change a training setting (repeatable): `clause.epochs=20`, `entity.l2=1e-4`, `entity.drop=0.6` …
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub settings: Vec<String>,
    /// Annotated JSON-lines files (`{"id", "text", "spans": [{"start", "end", "label"}]}`).
    #[arg(required = true, value_name = "FILE.jsonl")]
    pub corpora: Vec<PathBuf>,
}

#[derive(serde::Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<serde_json::Value>,
    text: String,
    #[serde(default)]
    spans: Vec<SpanLine>,
}

#[derive(serde::Deserialize)]
struct SpanLine {
    start: usize,
    end: usize,
    label: String,
}

/// The documents of one JSON-lines file, offsets turned into bytes; spans
/// of labels the engine does not know are skipped.
fn read_corpus(path: &Path) -> anyhow::Result<Vec<TrainDoc>> {
    // The real-article test split measures how suggestions carry over: never train on it.
    if path.components().any(|c| c.as_os_str() == "real")
        && path.file_name().is_some_and(|n| n == "test.jsonl")
    {
        bail!(
            "{}: the real-article test split is never trained on (use tests/data/real/train.jsonl)",
            path.display()
        );
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut docs = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let line: Line = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a document line", path.display(), n + 1))?;
        let id = match line.id {
            Some(serde_json::Value::String(s)) => s,
            Some(v) => v.to_string(),
            None => format!("{}:{}", path.display(), n + 1),
        };
        let table = pactum_text::CharToByte::new(&line.text);
        let mut spans = Vec::new();
        for s in &line.spans {
            let Some(label) = Label::from_name(&s.label) else { continue };
            let (Some(start), Some(end)) = (table.byte(s.start), table.byte(s.end)) else {
                bail!(
                    "{}:{}: span {}..{} lies outside the text of `{id}`",
                    path.display(),
                    n + 1,
                    s.start,
                    s.end
                );
            };
            spans.push(GoldSpan { start, end, label });
        }
        docs.push(TrainDoc { id, text: line.text, spans });
    }
    Ok(docs)
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let mut docs = Vec::new();
    for path in &args.corpora {
        docs.extend(read_corpus(path)?);
    }
    let mut settings = TrainSettings::default();
    for s in &args.settings {
        settings = settings.set(s).map_err(anyhow::Error::msg)?;
    }
    if let Some(folds) = args.folds {
        let mut extra = Vec::new();
        for path in &args.with {
            extra.extend(read_corpus(path)?);
        }
        let s = model::cross_validate(&docs, &extra, &settings, folds)?;
        crate::print_stdout(&format!(
            "{folds}-fold cross-validation on {} documents (micro-F1)\n\
             rules alone:   entity {:.3}  clause {:.3}\n\
             rules + model: entity {:.3}  clause {:.3}\n",
            docs.len(),
            s.rules_entity,
            s.rules_clause,
            s.model_entity,
            s.model_clause
        ))?;
        return Ok(true);
    }
    let Some(out) = args.out else { bail!("give --out FILE (or --folds N to cross-validate)") };
    let bytes = model::train(&docs, &settings)?;
    let tmp = out.with_extension("tmp");
    std::fs::write(&tmp, &bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &out).with_context(|| format!("cannot move the weights to {}", out.display()))?;
    eprintln!(
        "pactum: trained on {} documents; {} bytes written to {}",
        docs.len(),
        bytes.len(),
        out.display()
    );
    Ok(true)
}
