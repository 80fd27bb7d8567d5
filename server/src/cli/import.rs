//! `pactum import`: annotations from other tools into `.ann.json` files.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Input format.
    #[arg(long)]
    format: String,
    /// Folder holding the text files the annotations belong to.
    #[arg(long)]
    root: PathBuf,
    /// Re-anchor annotations whose text differs from the current file.
    #[arg(long)]
    force: bool,
    /// Files to import.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let _ = (args.format, args.root, args.force, args.paths);
    anyhow::bail!("import is not built yet")
}
