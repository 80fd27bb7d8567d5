//! `pactum annotate`: engine suggestions for text files, as JSON lines;
//! `pactum annotate -` is the same as a streaming filter on stdin
//! (`annotate_stream.rs`). Both use every core (`--jobs`), output in input order.

use std::io::{IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;

use pactum_engine::{Engine, Options, RuleId, Source};
use pactum_schema::Schema;
use pactum_store::corpus::{read_text, walk};
use pactum_store::parallel::{all_cores, ordered_map_shared_sink};
use pactum_text::CharCounter;
use serde::Serialize;

use super::annotate_stream;
use super::encode;
use super::SchemaArg;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    schema: SchemaArg,
    /// Engine rules to turn off (repeat the flag or separate ids with commas);
    /// later rules may then apply. The ids are those `--explain` prints.
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = rule_id)]
    disable: Vec<RuleId>,
    /// Add to every span `"rule"`: the ids of the rules that proposed it,
    /// joined by `+`.
    #[arg(long)]
    explain: bool,
    /// Worker threads (default: every core); output order is the input order either way.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<NonZeroUsize>,
    /// With `-`: what one stdin line is. `json`: an object with a `text` (other
    /// fields are passed through); `text`: the document itself.
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<annotate_stream::LineFormat>,
    /// With `-`: longest line taken as one document; a longer line is
    /// answered with an error line (memory stays bounded).
    #[arg(long, value_name = "BYTES", default_value_t = annotate_stream::DEFAULT_MAX_LINE_BYTES)]
    max_line_bytes: usize,
    /// Suggest with what the annotation files (`*.txt.ann.json`) under DIR
    /// teach: their accepted and rejected spans (files only, not `-`).
    #[arg(long, value_name = "DIR")]
    learn_from: Option<PathBuf>,
    /// Text files, or directories to search for `*.txt`; `-` alone reads
    /// JSON lines (or, with `--format text`, text lines) from stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// A document's suggestions in the guide's JSON-lines shape.
#[derive(Serialize)]
pub struct Annotated<'a> {
    pub spans: Vec<SpanOut<'a>>,
    pub relations: Vec<RelationOut>,
}

impl Annotated<'_> {
    /// About how many bytes the JSON of these spans and relations takes
    /// (with `--explain` a little more), to size the output buffer once.
    pub fn json_size_hint(&self) -> usize {
        const PER_SPAN: usize = 96; // keys, offsets, label, score
        const PER_RELATION: usize = 160;
        let span_texts: usize = self.spans.iter().map(|s| s.text.len() + PER_SPAN).sum();
        span_texts + self.relations.len() * PER_RELATION + 32
    }

    /// A file's answer line: `{"id", "text", "spans", "relations"}`.
    fn json_line(&self, id: &str, text: &str, size: usize) -> serde_json::Result<Vec<u8>> {
        let mut line = encode::ObjectLine::with_capacity(size);
        line.str("id", id);
        line.str("text", text);
        self.push_fields(&mut line)?;
        Ok(line.finish())
    }

    /// `"spans"` and `"relations"`.
    pub fn push_fields(&self, line: &mut encode::ObjectLine) -> serde_json::Result<()> {
        line.array("spans", &self.spans, SpanOut::push_json)?;
        line.array("relations", &self.relations, RelationOut::push_json)
    }
}

impl RelationOut {
    /// The relation as its `Serialize` writes it, byte for byte (tested),
    /// by hand, as for spans.
    fn push_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"head_span\":");
        self.head_span.push_json(out)?;
        out.extend_from_slice(b",\"child_span\":");
        self.child_span.push_json(out)?;
        out.extend_from_slice(b",\"label\":");
        encode::push_json_str(out, self.label);
        if let Some(rule) = &self.rule {
            out.extend_from_slice(b",\"rule\":");
            encode::push_json_str(out, rule);
        }
        out.push(b'}');
        Ok(())
    }
}

impl SpanRef {
    fn push_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"start\":");
        serde_json::to_writer(&mut *out, &self.start)?;
        out.extend_from_slice(b",\"end\":");
        serde_json::to_writer(&mut *out, &self.end)?;
        out.extend_from_slice(b",\"label\":");
        encode::push_json_str(out, self.label);
        out.push(b'}');
        Ok(())
    }
}

impl SpanOut<'_> {
    /// The span as its `Serialize` writes it, byte for byte (tested), by
    /// hand: spans are most of an answer's fields, and serde_json escapes
    /// every key and string a byte at a time.
    fn push_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"start\":");
        serde_json::to_writer(&mut *out, &self.start)?;
        out.extend_from_slice(b",\"end\":");
        serde_json::to_writer(&mut *out, &self.end)?;
        out.extend_from_slice(b",\"label\":");
        encode::push_json_str(out, &self.label);
        out.extend_from_slice(b",\"text\":");
        encode::push_json_str(out, self.text);
        out.extend_from_slice(b",\"score\":");
        serde_json::to_writer(&mut *out, &self.score)?;
        if let Some(rule) = &self.rule {
            out.extend_from_slice(b",\"rule\":");
            encode::push_json_str(out, rule);
        }
        if let Some(source) = self.source {
            out.extend_from_slice(b",\"source\":");
            encode::push_json_str(out, source);
        }
        out.push(b'}');
        Ok(())
    }
}

/// A relation in the guide's shape (Prodigy's names): its ends by offsets
/// and label, code points.
#[derive(Serialize)]
pub struct RelationOut {
    head_span: SpanRef,
    child_span: SpanRef,
    label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<String>,
}

#[derive(Serialize)]
struct SpanRef {
    start: usize,
    end: usize,
    label: &'static str,
}

#[derive(Serialize)]
pub struct SpanOut<'a> {
    start: usize,
    end: usize,
    label: std::borrow::Cow<'static, str>,
    text: &'a str,
    /// The engine's confidence, 0–1 (1 for a rule alone), to three decimals.
    score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<String>,
    /// `rules`, `model` or `both` (`--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
}

fn source_name(source: Source) -> &'static str {
    match source {
        Source::Rules => "rules",
        Source::Model => "model",
        Source::Both => "both",
        _ => "engine",
    }
}

/// The source of a learner's suggestion (`--explain`): the engine's, or the
/// workspace's memory or trained tagger.
fn learnt_source(why: &pactum_learn::Why) -> &'static str {
    match why {
        pactum_learn::Why::Rules { provenance, .. } => source_name(provenance.source()),
        pactum_learn::Why::Memory { .. } => "memory",
        pactum_learn::Why::Model { .. } => "workspace model",
    }
}

/// A rule id from the command line; an unknown one is answered with the
/// nearest id and the valid ones.
fn rule_id(name: &str) -> Result<RuleId, String> {
    RuleId::from_name(name.trim())
        .ok_or_else(|| pactum_engine::UnknownRules(vec![name.to_string()]).to_string())
}

/// What each output span carries besides its offsets, label and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explain {
    /// Nothing (the output as it always was).
    No,
    /// `"rule"`: the ids of the rules that proposed it (`--explain`).
    Rules,
}

/// Byte offsets to code points. Most news is ASCII, where the two are the
/// same: one check of the text then saves a count per span end.
enum CodePoints<'t> {
    Ascii,
    Counted(CharCounter<'t>),
}

impl<'t> CodePoints<'t> {
    fn new(text: &'t str) -> Self {
        if text.is_ascii() {
            CodePoints::Ascii
        } else {
            CodePoints::Counted(CharCounter::new(text))
        }
    }

    fn char_offset(&mut self, byte: usize) -> usize {
        match self {
            CodePoints::Ascii => byte,
            CodePoints::Counted(counter) => counter.char_offset(byte),
        }
    }
}

/// The engine's spans of `text` that the schema has, and the relations
/// between them that the schema allows; code-point offsets.
pub fn annotate_text<'t>(engine: &Engine, schema: &Schema, text: &'t str, explain: Explain) -> Annotated<'t> {
    let mut counter = CodePoints::new(text);
    let all = engine.annotate(text);
    // Offsets in code points, for the spans the schema has (None: left out).
    let chars: Vec<Option<(usize, usize)>> = all
        .iter()
        .map(|s| {
            schema
                .has_label(s.label.as_str())
                .then(|| (counter.char_offset(s.start), counter.char_offset(s.end)))
        })
        .collect();
    let spans = all
        .iter()
        .zip(&chars)
        .filter_map(|(s, c)| {
            let (start, end) = (*c)?;
            Some(SpanOut {
                start,
                end,
                label: s.label.as_str().into(),
                text: text.get(s.start..s.end).unwrap_or_default(),
                score: (f64::from(s.provenance.confidence()) * 1000.0).round() / 1000.0,
                rule: (explain == Explain::Rules).then(|| s.provenance.to_string()),
                source: (explain == Explain::Rules).then(|| source_name(s.provenance.source())),
            })
        })
        .collect();
    let span_ref = |i: usize| -> Option<SpanRef> {
        let (start, end) = chars.get(i).copied().flatten()?;
        Some(SpanRef { start, end, label: all[i].label.as_str() })
    };
    let relations = engine
        .relations(text, &all)
        .into_iter()
        .filter(|r| {
            schema.allows_relation(r.label.as_str(), all[r.head].label.as_str(), all[r.child].label.as_str())
        })
        .filter_map(|r| {
            Some(RelationOut {
                head_span: span_ref(r.head)?,
                child_span: span_ref(r.child)?,
                label: r.label.as_str(),
                rule: (explain == Explain::Rules).then(|| r.provenance.to_string()),
            })
        })
        .collect();
    Annotated { spans, relations }
}

/// The learner's suggestions for `text`; with `--explain`, `"rule"` says why
/// (`accepted as PARK 4× in 3 files`, `model 0.83`, `rule … — accepted …`).
pub fn learnt_spans_of<'t>(
    engine: &Engine,
    learner: &pactum_learn::Learner,
    schema: &Schema,
    text: &'t str,
    explain: Explain,
) -> Vec<SpanOut<'t>> {
    let mut counter = CodePoints::new(text);
    let engine_spans: Vec<pactum_engine::Span> =
        engine.annotate(text).into_iter().filter(|s| schema.has_label(s.label.as_str())).collect();
    learner
        .suggest(text, &engine_spans)
        .into_iter()
        .map(|s| SpanOut {
            start: counter.char_offset(s.start),
            end: counter.char_offset(s.end),
            text: text.get(s.start..s.end).unwrap_or_default(),
            score: (f64::from(s.confidence) * 1000.0).round() / 1000.0,
            rule: (explain == Explain::Rules).then(|| s.explain()),
            source: (explain == Explain::Rules).then(|| learnt_source(&s.why)),
            label: s.label.into(),
        })
        .collect()
}

/// With `--learn-from`: the learner's spans, and the engine's relations
/// whose two ends the learner still suggests with the same label.
fn learnt_annotation<'t>(
    engine: &Engine,
    learner: &pactum_learn::Learner,
    schema: &Schema,
    text: &'t str,
    explain: Explain,
) -> Annotated<'t> {
    let spans = learnt_spans_of(engine, learner, schema, text, explain);
    let kept = |e: &SpanRef| spans.iter().any(|s| s.start == e.start && s.end == e.end && s.label == e.label);
    let relations = annotate_text(engine, schema, text, explain)
        .relations
        .into_iter()
        .filter(|r| kept(&r.head_span) && kept(&r.child_span))
        .collect();
    Annotated { spans, relations }
}

/// Directories with at least this many files get a progress bar (on a terminal).
const PROGRESS_MIN_FILES: u64 = 20;

pub fn run(args: Args) -> anyhow::Result<bool> {
    let schema = args.schema.load()?;
    let jobs = args.jobs.unwrap_or_else(all_cores);
    let options = args.disable.iter().fold(Options::default(), |o, r| o.disable(*r));
    // Never dropped: freeing the gazetteers' hash tables took 9% of the
    // start-up (perf, 6 ms of 65), and the process ends right after.
    let engine = &*Box::leak(Box::new(Engine::new().with_options(options)));
    let explain = if args.explain { Explain::Rules } else { Explain::No };
    let stdin_given = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin_given {
        if args.paths.len() > 1 {
            anyhow::bail!("`-` (read stdin) cannot be combined with other paths");
        }
        let options = annotate_stream::Options {
            format: args.format.unwrap_or(annotate_stream::LineFormat::Json),
            max_line_bytes: args.max_line_bytes,
            jobs,
            explain,
        };
        if args.learn_from.is_some() {
            anyhow::bail!("--learn-from applies to files and directories, not yet to `-` (stdin)");
        }
        return annotate_stream::run(engine, &schema, &options);
    }
    if args.format.is_some() {
        anyhow::bail!("--format applies to `-` (stdin) only; files are read whole as one document each");
    }
    let learner = match &args.learn_from {
        Some(dir) => Some(super::learn_from::learner_from(dir, engine, &schema)?),
        None => None,
    };
    annotate_files(engine, learner.as_ref(), &schema, &args.paths, jobs, explain)
}

/// What one worker made of one file: its output line, or a message.
enum FileResult {
    Line(Vec<u8>),
    Failed(String),
}

fn annotate_files(
    engine: &Engine,
    learner: Option<&pactum_learn::Learner>,
    schema: &Schema,
    paths: &[PathBuf],
    jobs: NonZeroUsize,
    explain: Explain,
) -> anyhow::Result<bool> {
    let progress = progress_bar(paths);
    let mut out = encode::raw_stdout()?;
    let mut ok = true;
    // Reading, annotating, encoding and writing happen on the workers (the
    // calling thread is one): the worker whose answer is due writes it and
    // those done behind it, in the order of the walk.
    let work = |input: Result<pactum_store::corpus::TextFile, pactum_store::corpus::WalkError>| match input {
        Err(e) => FileResult::Failed(format!("pactum: {}: {}", e.path.display(), e.message)),
        Ok(input) => match read_text(&input.path) {
            Err(msg) => FileResult::Failed(format!("pactum: {}: {msg}", input.path.display())),
            Ok(text) => {
                let annotated = match learner {
                    Some(l) => learnt_annotation(engine, l, schema, &text, explain),
                    None => annotate_text(engine, schema, &text, explain),
                };
                let size = text.len() + input.id.len() + annotated.json_size_hint();
                match annotated.json_line(&input.id, &text, size) {
                    Ok(line) => FileResult::Line(line),
                    Err(e) => FileResult::Failed(format!(
                        "pactum: {}: cannot encode the answer: {e}",
                        input.path.display()
                    )),
                }
            }
        },
    };
    let written = ordered_map_shared_sink(walk(paths), jobs, work, |result| {
        match result {
            FileResult::Line(line) => {
                progress.inc(1);
                // Unbuffered: a consumer reading the pipe sees each document as it is done.
                out.write_all(&line)?;
            }
            FileResult::Failed(msg) => {
                progress.inc(1);
                progress.suspend(|| eprintln!("{msg}"));
                ok = false;
            }
        }
        Ok::<(), std::io::Error>(())
    });
    progress.finish_and_clear();
    match written {
        Ok(()) => Ok(ok),
        // The reader went away (`| head`): not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ok),
        Err(e) => Err(e.into()),
    }
}

/// A progress bar on stderr, only when stderr is a terminal and there are
/// many files; otherwise a hidden bar that costs nothing.
fn progress_bar(paths: &[PathBuf]) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    // Counting walks the tree once more but keeps nothing in memory.
    let total = walk(paths).count() as u64;
    if total < PROGRESS_MIN_FILES {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_relations_are_written_by_hand_as_serde_json_writes_them() {
        let engine = Engine::new();
        let schema = Schema::parks_v1();
        let text = "On 3 May 2021 Kista Science Park (Sweden) signed a \"memorandum\" with Technopolis Plc\tand \
                    Тро 😀 Ltd to cooperate on photonics research.\n\nDr. Anna Virtanen, CEO of Technopolis, said.";
        for explain in [Explain::No, Explain::Rules] {
            let annotated = annotate_text(&engine, &schema, text, explain);
            assert!(annotated.spans.len() > 3, "{}", annotated.spans.len());
            assert!(!annotated.relations.is_empty());
            for span in &annotated.spans {
                let mut by_hand = Vec::new();
                span.push_json(&mut by_hand).unwrap();
                assert_eq!(String::from_utf8(by_hand).unwrap(), serde_json::to_string(span).unwrap());
            }
            for relation in &annotated.relations {
                let mut by_hand = Vec::new();
                relation.push_json(&mut by_hand).unwrap();
                assert_eq!(String::from_utf8(by_hand).unwrap(), serde_json::to_string(relation).unwrap());
            }
        }
    }
}
