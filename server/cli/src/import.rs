//! `pactum import`: annotations from other tools into `.ann.json` files.

use std::path::PathBuf;

use pactum_export::import::{import, ImportFormat, ImportOptions};

use super::SchemaArg;

#[derive(clap::Args)]
pub struct Args {
    /// Input format: jsonl or brat.
    #[arg(long)]
    format: String,
    /// Folder holding the text files the annotations belong to.
    #[arg(long)]
    root: PathBuf,
    /// Re-anchor annotations whose text differs from the current file.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    schema: SchemaArg,
    /// Files to import (`*.jsonl`; brat `*.ann` beside their `*.txt`), or directories holding them.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let format = ImportFormat::parse(&args.format)?;
    let schema = args.schema.load()?;
    let options = ImportOptions { format, root: args.root, force: args.force };
    let report = import(&args.paths, &options, &schema)?;
    for p in &report.problems {
        eprintln!("pactum: {p}");
    }
    for note in &report.notes {
        eprintln!("pactum: note: {note}");
    }
    eprintln!(
        "pactum: imported {} annotation(s) ({} already there, {} re-anchored) into {} file(s)",
        report.added,
        report.unchanged,
        report.moved,
        report.written.len()
    );
    if report.relations_added > 0 {
        eprintln!("pactum: imported {} relation(s)", report.relations_added);
    }
    if !report.problems.is_empty() {
        eprintln!("pactum: import incomplete: {} problem(s)", report.problems.len());
    }
    Ok(report.problems.is_empty())
}
