//! `pactum export`: saved annotations as training data.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long)]
    format: String,
    /// Output file or directory.
    #[arg(long)]
    out: PathBuf,
    /// Also export engine suggestions that were neither accepted nor rejected.
    #[arg(long)]
    include_suggestions: bool,
    /// Text files, or directories to search for `*.txt`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let _ = (args.format, args.out, args.include_suggestions, args.paths);
    anyhow::bail!("export is not built yet")
}
