//! Ending the process on `exit`. tower-lsp only stops serving when stdin
//! closes or another message arrives after `exit`; a client that keeps the
//! pipe open would keep the server alive. This wrapper around the service
//! sees `shutdown` and `exit` go by and tells `serve` to return.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::sync::Notify;
use tower_lsp::jsonrpc::Request;
use tower_service::Service;

#[derive(Default)]
pub struct ExitWatch {
    pub shutdown_requested: AtomicBool,
    pub exited: Notify,
}

pub struct WatchExit<S> {
    pub inner: S,
    pub watch: Arc<ExitWatch>,
}

impl<S: Service<Request>> Service<Request> for WatchExit<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        match req.method() {
            "shutdown" => self.watch.shutdown_requested.store(true, Ordering::SeqCst),
            // notify_one stores a permit, so the signal is not lost if
            // `serve` is not waiting at this very moment.
            "exit" => self.watch.exited.notify_one(),
            _ => {}
        }
        self.inner.call(req)
    }
}
