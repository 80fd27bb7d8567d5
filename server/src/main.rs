//! The `pactum` binary: command line and language server around the library.

mod cli;
mod lsp;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
