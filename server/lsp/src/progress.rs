//! Work-done progress (`$/progress`): how editors show the server's
//! background work (VS Code in the status bar, Neovim in `vim.lsp.status()`
//! and the `LspProgress` event). Only used when the client announced
//! `window.workDoneProgress`; otherwise every call does nothing.

use tower_lsp::lsp_types::notification::Progress as ProgressNotification;
use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::{
    NumberOrString, ProgressParams, ProgressParamsValue, WorkDoneProgress, WorkDoneProgressBegin,
    WorkDoneProgressCreateParams, WorkDoneProgressEnd, WorkDoneProgressReport,
};
use tower_lsp::Client;

pub struct Progress {
    client: Client,
    /// `None`: the client does not show progress (or refused the token).
    token: Option<NumberOrString>,
}

impl Progress {
    /// Creates a progress token and sends `begin`.
    pub async fn begin(client: &Client, supported: bool, token: &str, title: &str) -> Progress {
        let mut progress = Progress { client: client.clone(), token: None };
        if !supported {
            return progress;
        }
        let token = NumberOrString::String(token.to_string());
        let created = client
            .send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams { token: token.clone() })
            .await;
        if created.is_err() {
            return progress;
        }
        progress.token = Some(token);
        progress
            .send(WorkDoneProgress::Begin(WorkDoneProgressBegin {
                title: title.to_string(),
                cancellable: Some(false),
                message: None,
                percentage: Some(0),
            }))
            .await;
        progress
    }

    pub async fn report(&self, message: String, percentage: Option<u32>) {
        self.send(WorkDoneProgress::Report(WorkDoneProgressReport {
            cancellable: Some(false),
            message: Some(message),
            percentage,
        }))
        .await;
    }

    pub async fn end(self, message: String) {
        self.send(WorkDoneProgress::End(WorkDoneProgressEnd { message: Some(message) })).await;
    }

    async fn send(&self, value: WorkDoneProgress) {
        if let Some(token) = &self.token {
            self.client
                .send_notification::<ProgressNotification>(ProgressParams {
                    token: token.clone(),
                    value: ProgressParamsValue::WorkDone(value),
                })
                .await;
        }
    }
}
