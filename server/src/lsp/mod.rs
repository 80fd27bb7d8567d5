//! The language server (`pactum lsp`). The only part of Pactum that knows LSP.

/// Serves LSP over stdio until the client exits.
pub fn serve() -> anyhow::Result<()> {
    anyhow::bail!("the language server is not built yet")
}
