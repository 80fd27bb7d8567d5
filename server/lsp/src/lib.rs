//! The language server (`pactum lsp`). The only part of Pactum that knows LSP.
//!
//! One job per file: `server` (LSP glue), `state` (open documents and their
//! lifecycle), `position` (every LSP position ↔ offset conversion),
//! `document` (rope + edits), `analysis` (per-paragraph engine cache),
//! `annotations` (annotations following edits), `sidecar` (annotation files),
//! `diagnostics`, `hover`, `actions`, `commands`, `semantic_tokens`, `config`,
//! `workspace` (occurrences and workspace files), `index` (the workspace's
//! annotations in memory, built in the background), `progress` (`$/progress`),
//! `compare` (another annotator's copy, for adjudication), `team` (document
//! status, progress and adjudication commands), `transport` and `exit`;
//! keyboard-first labelling: `keyboard` (its commands), `label_picker` and
//! `choices` (the picker's choice sets), `target` and `words` (what a key
//! acts on), `boundaries` (span edges), `worklist` (uncertain suggestions,
//! paragraphs) and `settings` (what the editor tells the server);
//! relations (issue 11): `relations` (stored and suggested, as shown),
//! `links` (their commands), `link_actions` (their code actions), `relation_picker`
//! (`pactum.relationChoices`, the picker's relation choices), `definition` (go to the other end) and
//! `agreement` (the hover's agreement card, from the relations).

mod actions;
mod agreement;
mod analysis;
mod annotations;
mod boundaries;
mod choices;
mod commands;
mod compare;
mod config;
mod definition;
mod diagnostics;
mod document;
mod exit;
mod hover;
pub mod index;
mod keyboard;
mod label_picker;
mod link_actions;
mod links;
mod position;
mod progress;
mod relation_picker;
mod relations;
mod semantic_tokens;
mod server;
mod settings;
mod sidecar;
mod state;
mod target;
mod team;
mod transport;
mod words;
mod worklist;
mod workspace;

/// Serves LSP over stdio until the client exits.
pub fn serve() -> anyhow::Result<()> {
    // One thread: handlers are short and serialised by the state lock anyway,
    // and a single thread keeps the order of edits and publications simple.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let watch = std::sync::Arc::new(exit::ExitWatch::default());
    runtime.block_on(async {
        let (service, socket) = tower_lsp::LspService::build(server::Backend::new)
            .custom_method(transport::MALFORMED, server::Backend::malformed_message)
            .finish();
        let service = exit::WatchExit { inner: service, watch: watch.clone() };
        let serve =
            tower_lsp::Server::new(transport::filtered_stdin(), tokio::io::stdout(), socket).serve(service);
        tokio::select! {
            () = serve => {}
            () = watch.exited.notified() => {}
        }
    });
    // tokio reads stdin on a blocking thread that only returns when the
    // client closes the pipe; after `exit` we must not wait for that.
    runtime.shutdown_background();
    if watch.shutdown_requested.load(std::sync::atomic::Ordering::SeqCst) {
        Ok(())
    } else {
        // The protocol asks for a failing exit status in this case.
        anyhow::bail!("the client ended the session without a shutdown request")
    }
}
