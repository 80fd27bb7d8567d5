//! `pactum export`: saved annotations as training data.

use std::path::PathBuf;

use pactum_engine::Engine;
use pactum_export::{export, Documents, ExportOptions, ExportReport, Format, Overwrite};

use super::SchemaArg;

#[derive(clap::Args)]
pub struct Args {
    /// Output format: jsonl, spacy, conll, brat, labelstudio, records (agreement
    /// records, JSON lines) or records-csv.
    #[arg(long)]
    format: String,
    /// Output file, or directory for brat.
    #[arg(long)]
    out: PathBuf,
    /// Also export engine suggestions that were neither accepted nor rejected.
    #[arg(long)]
    include_suggestions: bool,
    /// Export only documents marked done (`Mark document done` in the editor).
    #[arg(long)]
    only_done: bool,
    #[command(flatten)]
    schema: SchemaArg,
    /// Replace the output when it exists (never an input text, a special
    /// file or a symlink).
    #[arg(long)]
    force: bool,
    /// Worker threads reading and preparing documents (default: every core);
    /// the output is the same whatever the number.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<std::num::NonZeroUsize>,
    /// Text files, or directories to search for `*.txt`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let format = Format::parse(&args.format)?;
    let schema = args.schema.load()?;
    let engine = Engine::new();
    let documents = if args.only_done { Documents::Done } else { Documents::All };
    let options = ExportOptions {
        format,
        out: args.out,
        include_suggestions: args.include_suggestions,
        documents,
        jobs: args.jobs.unwrap_or_else(pactum_store::parallel::all_cores),
        overwrite: if args.force { Overwrite::Replace } else { Overwrite::Refuse },
    };
    let report = export(&args.paths, &options, &schema, &engine)?;
    print_report(&report, format, &options.out);
    Ok(report.is_complete())
}

/// Problems first (one line each, with document and position), then a
/// summary, all on stderr: stdout stays free for pipelines.
fn print_report(report: &ExportReport, format: Format, out: &std::path::Path) {
    for failed in &report.failed {
        eprintln!("pactum: {}: {} (document skipped)", failed.path.display(), failed.message);
    }
    for p in &report.problems {
        eprintln!("pactum: {p} (span not exported)");
    }
    // A corpus may hold many texts nobody annotated yet: name a few, count the rest.
    const NAMED: usize = 5;
    for id in report.unannotated.iter().take(NAMED) {
        eprintln!("pactum: note: {id} has no annotation file; not exported (use --include-suggestions to export engine suggestions)");
    }
    if report.unannotated.len() > NAMED {
        eprintln!(
            "pactum: note: {} more text(s) without annotation file not exported",
            report.unannotated.len() - NAMED
        );
    }
    if !report.not_done.is_empty() {
        eprintln!(
            "pactum: note: {} document(s) not marked done, not exported (--only-done)",
            report.not_done.len()
        );
    }
    for note in &report.notes {
        eprintln!("pactum: note: {note}");
    }
    let written = if format.writes_directory() {
        format!("{} ({} files)", out.display(), report.files.len())
    } else {
        report.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    };
    eprintln!(
        "pactum: exported {} document(s), {} span(s) as {} to {written}",
        report.documents,
        report.spans,
        format.name(),
    );
    let missing = report.problems.len();
    if missing > 0 || !report.failed.is_empty() {
        eprintln!(
            "pactum: export incomplete: {missing} span(s) and {} document(s) left out",
            report.failed.len()
        );
    }
}
