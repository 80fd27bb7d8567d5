//! Relation commands: `pactum.link` (accept a suggested relation, or link
//! two spans; its ends are accepted as annotations if they were
//! suggestions), `pactum.unlink` (remove a stored relation), and the
//! pruning every annotation command and edit ends with, so that removing or
//! re-tagging an end never leaves a relation dangling silently.

use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp::jsonrpc::Error;
use tower_lsp::lsp_types::{MessageType, Range, Url};

use super::annotations::{Annotations, PruneReason};
use super::commands::{finish, invalid, trim_whitespace, writable, Outcome};
use super::diagnostics::quote;
use super::position;
use super::relation_picker;
use super::state::{Notes, State};
use pactum_store::Status;

pub const LINK: &str = "pactum.link";
pub const UNLINK: &str = "pactum.unlink";
pub const COMMANDS: [&str; 4] =
    [LINK, UNLINK, relation_picker::RELATION_CHOICES, relation_picker::LINK_PICKED];

/// One end of `pactum.link`: the span and the label it has (or gets).
#[derive(Deserialize, Clone)]
pub struct EndArgs {
    pub range: Range,
    pub label: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum LinkStatus {
    #[default]
    Accepted,
    /// Turns a suggested relation down (both ends must be annotations).
    Rejected,
}

#[derive(Deserialize)]
pub struct LinkArgs {
    pub uri: Url,
    pub head: EndArgs,
    pub child: EndArgs,
    /// The relation type (`party`).
    pub label: String,
    #[serde(default)]
    pub status: LinkStatus,
}

#[derive(Deserialize)]
pub struct UnlinkArgs {
    pub uri: Url,
    pub id: String,
}

pub fn execute(state: &mut State, command: &str, arguments: &[Value]) -> Option<Result<Outcome, Error>> {
    use super::commands::args;
    Some(match command {
        LINK => args(command, arguments).and_then(|a| link(state, a)),
        UNLINK => args(command, arguments).and_then(|a| unlink(state, a)),
        relation_picker::RELATION_CHOICES => args(command, arguments).and_then(|a| {
            relation_picker::relation_choices(state, a).map(|result| Outcome {
                result,
                notes: Notes::default(),
                changed: Vec::new(),
                disk_work: None,
            })
        }),
        relation_picker::LINK_PICKED => {
            args(command, arguments).and_then(|a| relation_picker::link_picked(state, a))
        }
        _ => return None,
    })
}

pub fn link(state: &mut State, a: LinkArgs) -> Result<Outcome, Error> {
    if state.schema.relation(&a.label).is_none() {
        return Err(invalid(format!("{} is not a relation of schema {}", a.label, state.schema.id)));
    }
    if !state.schema.allows_relation(&a.label, &a.head.label, &a.child.label) {
        return Err(invalid(format!(
            "schema {} does not allow {} from {} to {}",
            state.schema.id, a.label, a.head.label, a.child.label
        )));
    }
    let enc = state.encoding;
    let open = writable(state, &a.uri)?;
    let mut ids = Vec::new();
    for end in [&a.head, &a.child] {
        let rope = open.doc.rope();
        let chars = position::range_to_chars(rope, end.range, enc);
        let (s, e) = trim_whitespace(rope, chars.start, chars.end);
        if s >= e {
            return Err(invalid("a relation end is empty"));
        }
        let existing = open.annotations.on_span(s, e).filter(|x| x.label == end.label);
        let id = match (existing, a.status) {
            (Some(x), _) if x.status == Status::Accepted => x.id.clone(),
            (_, LinkStatus::Rejected) => {
                return Err(invalid("only a relation between two accepted annotations can be rejected"))
            }
            _ => {
                // A suggested end: accepting the relation accepts it.
                open.annotations.set(open.doc.rope(), s, e, &end.label, Status::Accepted);
                open.annotations.on_span(s, e).map(|x| x.id.clone()).ok_or_else(|| invalid("bad end"))?
            }
        };
        ids.push(id);
    }
    let (head, child) = (&ids[0], &ids[1]);
    if head == child {
        return Err(invalid("a relation links two different spans"));
    }
    let status = match a.status {
        LinkStatus::Accepted => Status::Accepted,
        LinkStatus::Rejected => Status::Rejected,
    };
    let id = open.annotations.add_relation(head, child, &a.label, status);
    let key = if status == Status::Accepted { "linked" } else { "rejected" };
    finish(state, &a.uri, json!({ key: 1, "id": id, "label": a.label }))
}

fn unlink(state: &mut State, a: UnlinkArgs) -> Result<Outcome, Error> {
    let open = writable(state, &a.uri)?;
    let Some(i) = open.annotations.relations.iter().position(|r| r.id == a.id) else {
        return Err(invalid(format!("no relation with id {}", a.id)));
    };
    let r = open.annotations.relations.remove(i);
    let mut out = finish(state, &a.uri, json!({ "unlinked": 1, "id": r.id }))?;
    out.notes.log.push(format!("{}: removed relation {}", a.uri, r.id));
    Ok(out)
}

/// Removes the relations an annotation change or edit left without footing
/// (see `Annotations::prune_relations`) and tells the user which and why.
pub fn prune(schema: &pactum_schema::Schema, anns: &mut Annotations, notes: &mut Notes) {
    let removed = anns.prune_relations(|r, h, c| schema.allows_relation(&r.label, h, c));
    for (r, why) in removed {
        let end = |id: &str| match anns.end_of(id) {
            Some((label, text)) => format!("{label} {}", quote(text)),
            None => format!("annotation {id}"),
        };
        let because = match &why {
            PruneReason::EndRemoved(id) => format!("{} was removed", end(id)),
            PruneReason::EndRejected(id) => format!("{} was rejected", end(id)),
            PruneReason::LabelsRefused(h, c) => format!("the schema allows no {} from {h} to {c}", r.label),
        };
        notes.show.push((
            MessageType::INFO,
            format!("pactum: removed relation {} {} → {}: {because}", r.label, end(&r.head), end(&r.child)),
        ));
    }
}
