//! The commands behind keyboard-first labelling (issue 14), registered next
//! to those of `commands`: the label picker (`label_picker`), boundary fixes
//! (`boundaries`) and moving through the work (`worklist`). Read-only ones
//! (`labelChoices`, `uncertain`) return data and change nothing.

use serde_json::Value;
use tower_lsp::jsonrpc::Error;

use super::commands::{args, Outcome};
use super::state::{Notes, State};
use super::{boundaries, label_picker, worklist};

/// Every command of this module, for `executeCommandProvider`.
pub const COMMANDS: [&str; 6] = [
    label_picker::LABEL_CHOICES,
    label_picker::SET_LABEL,
    boundaries::RESIZE_SPAN,
    boundaries::SET_SPAN,
    worklist::UNCERTAIN,
    worklist::ACCEPT_PARAGRAPH,
];

/// Runs `command` if it is one of `COMMANDS`; `None` otherwise.
pub fn execute(state: &mut State, command: &str, arguments: &[Value]) -> Option<Result<Outcome, Error>> {
    let read_only = |result: Result<Value, Error>| {
        result.map(|result| Outcome { result, notes: Notes::default(), changed: Vec::new(), disk_work: None })
    };
    Some(match command {
        label_picker::LABEL_CHOICES => {
            args(command, arguments).and_then(|a| read_only(label_picker::label_choices(state, a)))
        }
        label_picker::SET_LABEL => args(command, arguments).and_then(|a| label_picker::set_label(state, a)),
        boundaries::RESIZE_SPAN => args(command, arguments).and_then(|a| boundaries::resize(state, a)),
        boundaries::SET_SPAN => args(command, arguments).and_then(|a| boundaries::set_span(state, a)),
        worklist::UNCERTAIN => {
            args(command, arguments).and_then(|a| read_only(worklist::uncertain(state, a)))
        }
        worklist::ACCEPT_PARAGRAPH => {
            args(command, arguments).and_then(|a| worklist::accept_paragraph(state, a))
        }
        _ => return None,
    })
}
