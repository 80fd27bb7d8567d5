//! The `pactum` binary: command-line parsing (clap) and dispatch to one file
//! per subcommand; `pactum lsp` hands over to the `pactum-lsp` crate.

mod agree;
mod annotate;
mod annotate_stream;
mod encode;
mod export;
mod import;
mod learn_from;
mod lines;
mod merge;
mod simulate;
mod simulate_score;
mod status;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc rather than glibc's malloc: the engine allocates a lot (malloc
/// and free were ~8% of its instructions), and with two workers glibc's
/// arenas also pay for memory freed by another thread than the one that
/// allocated it. Measured on `pactum annotate` (issue 13): see README.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "pactum", version, about = "Annotate science-park cooperation news: a language server and a command line", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Pre-annotate text files (or, with `-`, JSON lines from stdin); prints one JSON line per document.
    Annotate(annotate::Args),
    /// Run the language server over stdio.
    Lsp {
        /// Accepted and ignored: editors pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Export saved annotations as training data.
    Export(export::Args),
    /// Import annotations from another tool into `.ann.json` files.
    Import(import::Args),
    /// Agreement between annotators' copies (folders or JSON-lines files).
    Agree(agree::Args),
    /// Merge two annotators' copies: agreed spans kept, conflicts listed.
    Merge(merge::Args),
    /// Progress: documents done, spans per label and per annotator.
    Status(status::Args),
    /// A simulated annotator: how many corrections suggestions that learn save, document by document.
    Simulate(simulate::Args),
    /// Train the engine's models on annotated JSON-lines files (writes the weights file).
    Train(train::Args),
}

/// Default schema path argument shared by subcommands.
#[derive(clap::Args, Clone)]
pub struct SchemaArg {
    /// Annotation schema (JSON); the built-in `parks-v1` when absent.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
}

impl SchemaArg {
    pub fn load(&self) -> anyhow::Result<pactum_schema::Schema> {
        match &self.schema {
            // Named on the command line: read from anywhere, but only a
            // regular file of a schema's size (never blocks on a FIFO).
            Some(p) => {
                let text = pactum_store::untrusted::read_text(p, pactum_store::untrusted::Kind::Schema)
                    .map_err(|e| anyhow::anyhow!("schema: {e}"))?;
                Ok(pactum_schema::Schema::from_json_str(&text, &p.display().to_string())?)
            }
            None => Ok(pactum_schema::Schema::parks_v1()),
        }
    }
}

/// Writes a report to stdout; a closed pipe (`| head`) is not an error.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Annotate(args) => annotate::run(args),
        Command::Lsp { stdio: _ } => pactum_lsp::serve().map(|()| true),
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Agree(args) => agree::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Status(args) => status::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Train(args) => train::run(args),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("pactum: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
