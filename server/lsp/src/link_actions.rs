//! Relation code actions on the entity under the cursor: accept or reject
//! a suggested relation it is an end of, remove a stored one, and link it
//! to the other entities of its sentence as the schema allows ("Link as
//! party of “MOU”"). Each carries a `links` command.

use serde_json::json;
use tower_lsp::lsp_types::{CodeActionKind, Url};

use super::diagnostics::quote;
use super::links;
use super::position;
use super::relations::{self, End, Shown, ShownRelation};
use super::state::{Finding, FindingKind, OpenDocument, State};
use super::team::TeamAction;

/// At most this many "Link …" offers (a long sentence has many pairs).
const MAX_LINK_OFFERS: usize = 24;

/// The kind of the "Link …" offers.
pub fn link_kind() -> CodeActionKind {
    CodeActionKind::new("refactor.pactum.link")
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
    let named = |r: &ShownRelation| format!("{} {} → {}", r.label, quote(&r.head.text), quote(&r.child.text));
    for r in &rels {
        match (r.shown, &r.id) {
            (Shown::Suggested, _) => {
                out.push(action(
                    format!("Accept relation {}", named(r)),
                    CodeActionKind::QUICKFIX,
                    links::LINK,
                    link_args(r, "accepted"),
                ));
                if r.head.id.is_some() && r.child.id.is_some() {
                    out.push(action(
                        format!(
                            "Reject relation {}? {} → {}",
                            r.label,
                            quote(&r.head.text),
                            quote(&r.child.text)
                        ),
                        CodeActionKind::QUICKFIX,
                        links::LINK,
                        link_args(r, "rejected"),
                    ));
                }
            }
            (_, Some(id)) => out.push(action(
                format!("Remove relation {}", named(r)),
                CodeActionKind::QUICKFIX,
                links::UNLINK,
                json!({ "uri": uri, "id": id }),
            )),
            (_, None) => {}
        }
    }

    // Link offers: the other entities of the sentence, both directions.
    let Some(sentence) = relations::sentence_of(open, f.start) else { return out };
    let shown = |head: &Finding<'_>, child: &Finding<'_>, label: &str| {
        rels.iter().any(|r| r.label == label && r.head.is(head) && r.child.is(child))
    };
    let me = End {
        start: f.start,
        end: f.end,
        label: f.label.to_string(),
        id: f.id.map(str::to_string),
        text: open.text_of(f).to_string(),
    };
    let mut links = 0;
    for g in open.findings_in(sentence.clone()) {
        let inside = sentence.start <= g.start && g.end <= sentence.end;
        let overlaps = g.start < f.end && f.start < g.end;
        if g.kind == FindingKind::Stale || !inside || overlaps || !relations::is_entity(state, g.label) {
            continue;
        }
        let other = End {
            start: g.start,
            end: g.end,
            label: g.label.to_string(),
            id: g.id.map(str::to_string),
            text: open.text_of(&g).to_string(),
        };
        for def in state.schema.relations_between(g.label, f.label) {
            if links < MAX_LINK_OFFERS && !shown(&g, f, &def.name) {
                links += 1;
                out.push(action(
                    format!("Link as {} of {}", def.name, quote(&other.text)),
                    link_kind(),
                    links::LINK,
                    json!({ "uri": uri, "head": end_args(&other), "child": end_args(&me), "label": def.name }),
                ));
            }
        }
        for def in state.schema.relations_between(f.label, g.label) {
            if links < MAX_LINK_OFFERS && !shown(f, &g, &def.name) {
                links += 1;
                out.push(action(
                    format!("Link {} as {} of {}", quote(&other.text), def.name, quote(&me.text)),
                    link_kind(),
                    links::LINK,
                    json!({ "uri": uri, "head": end_args(&me), "child": end_args(&other), "label": def.name }),
                ));
            }
        }
    }
    out
}
