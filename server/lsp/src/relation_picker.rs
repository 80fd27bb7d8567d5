//! The relation picker, keyboard first: `pactum.relationChoices` gives the
//! editors' one picker (see `choices`) the relations the entity under the
//! cursor can get — the paragraph's suggested ones first, then links to the
//! other entities of its sentence the schema allows — each with a key
//! (`1`…`9`); `pactum.linkPicked` carries out the pick through `links`.
//!
//! The choice set's `apply.arguments` hold every offered link by its name,
//! so the pick needs no second look-up, and the document version, so a pick
//! made after the text changed is refused instead of linking other spans.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp::jsonrpc::Error;
use tower_lsp::lsp_types::{Position, Url};

use super::choices::{Apply, Choice, ChoiceSet};
use super::commands::{invalid, Outcome};
use super::diagnostics::quote;
use super::link_actions::candidates;
use super::links::{self, EndArgs, LinkArgs, LinkStatus};
use super::position;
use super::relation_phrase::{self, End as Side};
use super::relations::{self, End, Shown};
use super::state::State;

pub const RELATION_CHOICES: &str = "pactum.relationChoices";
pub const LINK_PICKED: &str = "pactum.linkPicked";

#[derive(Deserialize)]
pub struct ChoicesArgs {
    uri: Url,
    position: Position,
}

#[derive(Deserialize, serde::Serialize, Clone)]
pub struct Offered {
    head: Value,
    child: Value,
    relation: String,
}

#[derive(Deserialize)]
pub struct PickedArgs {
    uri: Url,
    version: i32,
    links: BTreeMap<String, Offered>,
    /// The picked choice's name (the picker's contract calls it `label`).
    label: String,
}

pub fn relation_choices(state: &State, a: ChoicesArgs) -> Result<Value, Error> {
    let open = state.docs.get(&a.uri).ok_or_else(|| invalid(format!("{} is not open", a.uri)))?;
    let rope = open.doc.rope();
    let b = position::to_byte(rope, a.position, state.encoding);
    let f = open
        .findings_at(b)
        .into_iter()
        .find(|f| relations::is_entity(state, f.label))
        .ok_or_else(|| invalid("put the cursor on an entity span to link it"))?;
    let rels = relations::of_finding(state, open, &f);
    let end_args = |e: &End| json!({ "range": position::range_from_bytes(rope, e.start..e.end, state.encoding), "label": e.label });
    let description =
        |label: &str| state.schema.relation(label).map(|d| d.description.clone()).unwrap_or_default();
    // (name, description, head, child, relation)
    let mut offers: Vec<(String, String, &End, &End, &str)> = Vec::new();
    for r in rels.iter().filter(|r| r.shown == Shown::Suggested) {
        let name = seen_from(r.child.is(&f), &r.label, &r.head, &r.child);
        offers.push((format!("{name} (suggested)"), description(&r.label), &r.head, &r.child, &r.label));
    }
    let cands = candidates(state, open, &f, &rels);
    for c in &cands {
        let name = seen_from(c.cursor_is_child, &c.label, &c.head, &c.child);
        offers.push((name, description(&c.label), &c.head, &c.child, &c.label));
    }
    if offers.is_empty() {
        return Err(invalid(format!(
            "{} {} has no entity in its sentence the schema lets it link to",
            f.label,
            quote(open.text_of(&f))
        )));
    }
    let mut links = serde_json::Map::new();
    let mut choices = Vec::new();
    for (i, (name, description, head, child, relation)) in offers.into_iter().enumerate() {
        let key = (i < 9).then(|| (i + 1).to_string());
        let offered =
            Offered { head: end_args(head), child: end_args(child), relation: relation.to_string() };
        links.insert(name.clone(), json!(offered));
        choices.push(Choice { name, key, color: None, description, current: false });
    }
    let title = format!("Link {} ({})", quote(open.text_of(&f)), f.label);
    let arguments = json!({ "uri": a.uri, "version": open.doc.version, "links": links });
    let set = ChoiceSet::new(title, choices, Apply { command: LINK_PICKED.to_string(), arguments });
    serde_json::to_value(set).map_err(|e| invalid(format!("cannot encode the relation choices: {e}")))
}

/// A link as the entity under the cursor sees it: `party to “MOU”` from
/// the child, `has party “Ascendas”` from the head (`relation_phrase`).
fn seen_from(cursor_is_child: bool, label: &str, head: &End, child: &End) -> String {
    if cursor_is_child {
        relation_phrase::seen_from(Side::Child, label, &head.text)
    } else {
        relation_phrase::seen_from(Side::Head, label, &child.text)
    }
}

pub fn link_picked(state: &mut State, a: PickedArgs) -> Result<Outcome, Error> {
    let open = state.docs.get(&a.uri).ok_or_else(|| invalid(format!("{} is not open", a.uri)))?;
    if open.doc.version != a.version {
        return Err(invalid("the text changed since the relations were offered: open the picker again"));
    }
    let picked = a.links.get(&a.label).ok_or_else(|| invalid(format!("{} was not offered", a.label)))?;
    let end = |v: &Value| -> Result<EndArgs, Error> {
        serde_json::from_value(v.clone()).map_err(|e| invalid(format!("bad relation end: {e}")))
    };
    let link = LinkArgs {
        uri: a.uri.clone(),
        head: end(&picked.head)?,
        child: end(&picked.child)?,
        label: picked.relation.clone(),
        status: LinkStatus::Accepted,
    };
    links::link(state, link)
}
