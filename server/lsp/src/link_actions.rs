//! Relation code actions on the entity under the cursor: accept or reject
//! a suggested relation it is an end of, remove a stored one, and link it
//! to the other entities of its sentence as the schema allows ("Link as
//! party to “MOU”", `relation_phrase`). Each carries a `links` command.

use serde_json::json;
use tower_lsp::lsp_types::{CodeActionKind, Url};

use super::links;
use super::position;
use super::relation_phrase::{self, End as Side};
use super::relations::{self, End, Shown, ShownRelation};
use super::state::{Finding, FindingKind, OpenDocument, State};
use super::team::TeamAction;

/// At most this many "Link …" offers (a long sentence has many pairs).
const MAX_LINK_OFFERS: usize = 24;

/// The kind of the "Link …" offers.
pub fn link_kind() -> CodeActionKind {
    CodeActionKind::new("refactor.pactum.link")
}

/// A relation the entity under the cursor could get: not shown yet (stored
/// or suggested), to another entity of its sentence, allowed by the schema.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub head: End,
    pub child: End,
    pub label: String,
    /// Whether the entity under the cursor is the child (else the head).
    pub cursor_is_child: bool,
}

/// The link candidates of `f` (shown relations `rels` excluded), the
/// sentence's entities in text order, at most `MAX_LINK_OFFERS`.
pub fn candidates(
    state: &State,
    open: &OpenDocument,
    f: &Finding<'_>,
    rels: &[ShownRelation],
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let Some(sentence) = relations::sentence_of(open, f.start) else { return out };
    let shown = |head: &Finding<'_>, child: &Finding<'_>, label: &str| {
        rels.iter().any(|r| r.label == label && r.head.is(head) && r.child.is(child))
    };
    let end = |g: &Finding<'_>| End {
        start: g.start,
        end: g.end,
        label: g.label.to_string(),
        id: g.id.map(str::to_string),
        text: open.text_of(g).to_string(),
    };
    for g in open.findings_in(sentence.clone()) {
        let inside = sentence.start <= g.start && g.end <= sentence.end;
        let overlaps = g.start < f.end && f.start < g.end;
        if g.kind == FindingKind::Stale || !inside || overlaps || !relations::is_entity(state, g.label) {
            continue;
        }
        for def in state.schema.relations_between(g.label, f.label) {
            if !shown(&g, f, &def.name) {
                out.push(Candidate {
                    head: end(&g),
                    child: end(f),
                    label: def.name.clone(),
                    cursor_is_child: true,
                });
            }
        }
        for def in state.schema.relations_between(f.label, g.label) {
            if !shown(f, &g, &def.name) {
                out.push(Candidate {
                    head: end(f),
                    child: end(&g),
                    label: def.name.clone(),
                    cursor_is_child: false,
                });
            }
        }
    }
    out.truncate(MAX_LINK_OFFERS);
    out
}

fn action(title: String, kind: CodeActionKind, command: &'static str, args: serde_json::Value) -> TeamAction {
    TeamAction { title, kind, command, args, diagnostics: None, preferred: false }
}

pub fn actions(state: &State, uri: &Url, open: &OpenDocument, f: &Finding<'_>) -> Vec<TeamAction> {
    if f.kind == FindingKind::Stale || !relations::is_entity(state, f.label) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let rels = relations::of_finding(state, open, f);
    let end_args = |e: &End| json!({ "range": position::range_from_bytes(open.doc.rope(), e.start..e.end, state.encoding), "label": e.label });
    let link_args = |r: &ShownRelation, status: &str| json!({ "uri": uri, "head": end_args(&r.head), "child": end_args(&r.child), "label": r.label, "status": status });
    // "“Ascendas” as party to “MOU”" (see relation_phrase).
    let named = |r: &ShownRelation| relation_phrase::statement(&r.label, &r.head.text, &r.child.text, None);
    for r in &rels {
        match (r.shown, &r.id) {
            (Shown::Suggested, _) => {
                out.push(action(
                    format!("Accept relation: {}", named(r)),
                    CodeActionKind::QUICKFIX,
                    links::LINK,
                    link_args(r, "accepted"),
                ));
                if r.head.id.is_some() && r.child.id.is_some() {
                    out.push(action(
                        format!("Reject relation: {}", named(r)),
                        CodeActionKind::QUICKFIX,
                        links::LINK,
                        link_args(r, "rejected"),
                    ));
                }
            }
            (_, Some(id)) => out.push(action(
                format!("Remove relation: {}", named(r)),
                CodeActionKind::QUICKFIX,
                links::UNLINK,
                json!({ "uri": uri, "id": id }),
            )),
            (_, None) => {}
        }
    }

    for c in candidates(state, open, f, &rels) {
        // "Link as party to “MOU”" on the party, "Link “Ascendas” as party
        // to “MOU”" on the instrument.
        let cursor = if c.cursor_is_child { Side::Child } else { Side::Head };
        let title = format!(
            "Link {}",
            relation_phrase::statement(&c.label, &c.head.text, &c.child.text, Some(cursor))
        );
        let args =
            json!({ "uri": uri, "head": end_args(&c.head), "child": end_args(&c.child), "label": c.label });
        out.push(action(title, link_kind(), links::LINK, args));
    }
    out
}
