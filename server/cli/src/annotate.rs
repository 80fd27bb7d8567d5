//! `pactum annotate`: engine suggestions for text files, as JSON lines.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use pactum_engine::{Engine, Options, RuleId};
use pactum_store::corpus::{read_text, walk};
use pactum_text::CharCounter;
use serde::Serialize;

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
    /// Text files, or directories to search for `*.txt`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    id: &'a str,
    text: &'a str,
    spans: Vec<SpanOut<'a>>,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    start: usize,
    end: usize,
    label: &'static str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<String>,
}

/// A rule id from the command line; an unknown one is answered with the
/// nearest id and the valid ones.
fn rule_id(name: &str) -> Result<RuleId, String> {
    RuleId::from_name(name.trim())
        .ok_or_else(|| pactum_engine::UnknownRules(vec![name.to_string()]).to_string())
}

/// Directories with at least this many files get a progress bar (on a terminal).
const PROGRESS_MIN_FILES: u64 = 20;

pub fn run(args: Args) -> anyhow::Result<bool> {
    let schema = args.schema.load()?;
    let options = args.disable.iter().fold(Options::default(), |o, r| o.disable(*r));
    let engine = Engine::new().with_options(options);
    let progress = progress_bar(&args.paths);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut ok = true;
    for input in walk(&args.paths) {
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                progress.suspend(|| eprintln!("pactum: {}: {}", e.path.display(), e.message));
                ok = false;
                continue;
            }
        };
        progress.inc(1);
        let text = match read_text(&input.path) {
            Ok(t) => t,
            Err(msg) => {
                progress.suspend(|| eprintln!("pactum: {}: {msg}", input.path.display()));
                ok = false;
                continue;
            }
        };
        let mut counter = CharCounter::new(&text);
        let spans = engine
            .annotate(&text)
            .into_iter()
            .filter(|s| schema.has_label(s.label.as_str()))
            .map(|s| SpanOut {
                start: counter.char_offset(s.start),
                end: counter.char_offset(s.end),
                label: s.label.as_str(),
                text: &text[s.start..s.end],
                rule: args.explain.then(|| s.provenance.to_string()),
            })
            .collect();
        let doc = DocumentOut { id: &input.id, text: &text, spans };
        serde_json::to_writer(&mut out, &doc)?;
        out.write_all(b"\n")?;
        // Flush per document so a consumer reading the pipe sees progress.
        out.flush()?;
    }
    progress.finish_and_clear();
    Ok(ok)
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
