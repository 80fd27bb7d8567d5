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
//! status, progress and adjudication commands), `framing` and `transport`
//! (the wire: resynchronising after bad frames) and `exit`;
//! keyboard-first labelling: `keyboard` (its commands), `label_picker` and
//! `choices` (the picker's choice sets), `target` and `words` (what a key
//! acts on), `boundaries` (span edges), `worklist` (uncertain suggestions,
//! paragraphs) and `settings` (what the editor tells the server);
//! relations (issue 11): `relations` (stored and suggested, as shown),
//! `links` (their commands), `link_actions` (their code actions), `relation_picker`
//! (`pactum.relationChoices`, the picker's relation choices), `definition` (go to the other end) and
//! `agreement` (the hover's agreement card, from the relations);
//! learning from the workspace (issue 10): `learning` (the background
//! learner), `suggested` (shown suggestions, engine or learnt, labels by
//! name), `provenance` (the hover's "why"), `forget` (`pactum.forget`),
//! `relearn` (a new learner's suggestions computed off the state lock).

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
mod forget;
mod framing;
mod hover;
pub mod index;
mod keyboard;
mod label_picker;
mod learning;
mod link_actions;
mod links;
mod position;
mod progress;
mod provenance;
mod relation_phrase;
mod relation_picker;
mod relations;
mod relearn;
mod semantic_tokens;
mod server;
mod settings;
mod sidecar;
mod state;
mod suggested;
mod target;
mod team;
mod transport;
mod words;
mod worklist;
mod workspace;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `shutdown` was requested before `exit` (or before the input ended).
    AfterShutdown,
    /// `exit` came, or the input ended, without `shutdown`: the protocol
    /// asks for a failing exit status.
    WithoutShutdown,
}

/// Serves LSP over stdio until the client exits.
pub fn serve() -> anyhow::Result<()> {
    // One thread: handlers are short and serialised by the state lock anyway,
    // and a single thread keeps the order of edits and publications simple.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let ending = runtime.block_on(serve_on(tokio::io::stdin(), tokio::io::stdout()));
    // tokio reads stdin on a blocking thread that only returns when the
    // client closes the pipe; after `exit` we must not wait for that.
    runtime.shutdown_background();
    match ending {
        Ending::AfterShutdown => Ok(()),
        Ending::WithoutShutdown => anyhow::bail!("the client ended the session without a shutdown request"),
    }
}

/// Serves LSP on `input`/`output` (stdio, or an in-memory pipe in tests)
/// until `exit` or the end of `input`. Runs on the caller's tokio runtime.
pub async fn serve_on<I, O>(input: I, output: O) -> Ending
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let watch = std::sync::Arc::new(exit::ExitWatch::default());
    let (service, socket) = tower_lsp::LspService::build(server::Backend::new)
        .custom_method(transport::MALFORMED, server::Backend::malformed_message)
        .custom_method(transport::INVALID_SYNC, server::Backend::invalid_sync)
        .finish();
    let service = exit::WatchExit { inner: service, watch: watch.clone() };
    // Client → pump → tower-lsp → relay → writer → client; the pump's own
    // answers to undecodable requests join at the writer.
    let (to_server, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let (frames, frames_rx) = tokio::sync::mpsc::unbounded_channel();
    let aliases = transport::UriAliases::default();
    let pump = tokio::spawn(transport::pump(input, to_server, frames.clone(), aliases.clone()));
    let relay = tokio::spawn(transport::relay(from_server, frames, aliases));
    let writer = tokio::spawn(transport::write_out(frames_rx, output));
    let serve = tower_lsp::Server::new(server_in, server_out, socket).serve(service);
    tokio::select! {
        () = serve => {}
        () = watch.exited.notified() => {}
    }
    // `serve` is dropped: its output ends, the relay ends; with the pump
    // gone too, the writer has written everything and returns.
    pump.abort();
    let _ = relay.await;
    let _ = writer.await;
    if watch.shutdown_requested.load(std::sync::atomic::Ordering::SeqCst) {
        Ending::AfterShutdown
    } else {
        Ending::WithoutShutdown
    }
}
