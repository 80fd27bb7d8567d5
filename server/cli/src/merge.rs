//! `pactum merge A B --out C`: two annotators' copies into one.

use std::path::PathBuf;

use pactum_team::agree::Mismatch;
use pactum_team::merge::{self, MergeOptions, OnConflict, Overwrite};
use pactum_team::output::{self, Shape};
use pactum_team::Copy;

use super::SchemaArg;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Conflicts {
    /// Leave conflicting spans out of the merged copy (they are listed).
    Drop,
    /// Keep them; JSON-lines output marks each with `"conflict": "<copy>"`.
    Mark,
}

#[derive(clap::Args)]
pub struct Args {
    /// The first copy (its text and annotation ids win where both agree).
    a: PathBuf,
    /// The second copy.
    b: PathBuf,
    /// Where to write the merged copy: a new folder, or a `.jsonl` file.
    /// Never one of the copies, a special file or a symlink.
    #[arg(long)]
    out: PathBuf,
    /// What to do with spans and relations only one copy has.
    #[arg(long, value_enum, default_value = "drop")]
    conflicts: Conflicts,
    /// Write every conflict to this file as JSON lines.
    #[arg(long, value_name = "FILE")]
    conflicts_out: Option<PathBuf>,
    /// Merge documents whose texts differ after re-anchoring B onto A's text
    /// (default: skip them).
    #[arg(long)]
    force: bool,
    /// Replace an existing --out file (or write into a non-empty --out
    /// folder) and an existing --conflicts-out file. (Not --force: that
    /// already means re-anchoring texts that differ.)
    #[arg(long)]
    overwrite: bool,
    #[command(flatten)]
    schema: SchemaArg,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let schema = args.schema.load()?;
    // Every output checked before the (possibly long) merge, and before
    // anything is written.
    let overwrite = if args.overwrite { Overwrite::Replace } else { Overwrite::Refuse };
    let inputs = [args.a.as_path(), args.b.as_path()];
    if let Some(path) = &args.conflicts_out {
        output::check(path, Shape::File, &inputs, overwrite).map_err(|e| anyhow::anyhow!(e))?;
        if same_path(path, &args.out) {
            anyhow::bail!("--conflicts-out and --out are the same path {}; name two files", path.display());
        }
    }
    let a = Copy::load(&args.a).map_err(|p| anyhow::anyhow!("{p}"))?;
    let b = Copy::load(&args.b).map_err(|p| anyhow::anyhow!("{p}"))?;
    let options = MergeOptions {
        on_conflict: match args.conflicts {
            Conflicts::Drop => OnConflict::Drop,
            Conflicts::Mark => OnConflict::Mark,
        },
        mismatch: if args.force { Mismatch::Reanchor } else { Mismatch::Skip },
        schema_id: schema.id.clone(),
    };
    let report = merge::merge(&a, &b, &options);
    for p in a.problems.iter().chain(&b.problems) {
        eprintln!("pactum: {p} (left out)");
    }
    let files = merge::write(&report, &args.out, &inputs, overwrite).map_err(|e| anyhow::anyhow!(e))?;
    if let Some(path) = &args.conflicts_out {
        let body: String = report
            .conflicts
            .iter()
            .map(|c| serde_json::to_string(c).map(|l| l + "\n"))
            .collect::<Result<_, _>>()?;
        output::write_atomic(path, body.as_bytes()).map_err(|e| anyhow::anyhow!(e))?;
    }
    const SHOWN: usize = 20;
    for c in report.conflicts.iter().take(SHOWN) {
        let what = c.relation.as_deref().map(|r| format!(" {r}")).unwrap_or_default();
        eprintln!(
            "pactum: conflict: {}:{}-{} {} “{}”{what} only in {}",
            c.document, c.start, c.end, c.label, c.text, c.copy
        );
    }
    if report.conflicts.len() > SHOWN {
        eprintln!(
            "pactum: … {} more conflict(s) (--conflicts-out FILE lists them all)",
            report.conflicts.len() - SHOWN
        );
    }
    for (ids, name) in [(&report.only_in_a, &a.name), (&report.only_in_b, &b.name)] {
        if !ids.is_empty() {
            eprintln!(
                "pactum: note: {} document(s) only in {name}, copied as they are: {}",
                ids.len(),
                ids.join(", ")
            );
        }
    }
    let skipped: Vec<&String> =
        report.text_mismatch.iter().filter(|id| !report.reanchored.contains(id)).collect();
    if !skipped.is_empty() {
        eprintln!(
            "pactum: {} document(s) have different texts in the two copies and were not merged (--force re-anchors): {}",
            skipped.len(),
            skipped.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        );
    }
    let verb = match args.conflicts {
        Conflicts::Drop => "left out",
        Conflicts::Mark => "kept and marked",
    };
    eprintln!(
        "pactum: merged {} document(s) into {} ({} file(s)): {} agreed span(s) kept, {} conflict(s) {verb}",
        report.documents,
        args.out.display(),
        files.len(),
        report.agreed_spans,
        report.conflicts.len()
    );
    Ok(skipped.is_empty() && a.problems.is_empty() && b.problems.is_empty())
}

/// Whether two paths name the same file (as written, or once resolved).
fn same_path(a: &std::path::Path, b: &std::path::Path) -> bool {
    a == b || matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}
