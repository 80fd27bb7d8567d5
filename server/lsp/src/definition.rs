//! `textDocument/definition` on a relation end: the spans it is related to
//! (stored relations, then the paragraph's suggested ones), so an editor's
//! "go to definition" key jumps to the other end, and lists them when there
//! are several.

use tower_lsp::lsp_types::{GotoDefinitionResponse, Location, Position, Url};

use super::position;
use super::relations;
use super::state::State;

pub fn definition(state: &State, uri: &Url, pos: Position) -> Option<GotoDefinitionResponse> {
    let open = state.docs.get(uri)?;
    let rope = open.doc.rope();
    let b = position::to_byte(rope, pos, state.encoding);
    // The innermost span under the cursor that is an end of a relation.
    let mut locations: Vec<(usize, usize)> = Vec::new();
    for f in open.findings_at(b) {
        for r in relations::of_finding(state, open, &f) {
            if let Some(other) = r.other_end(&f) {
                if !locations.contains(&(other.start, other.end)) {
                    locations.push((other.start, other.end));
                }
            }
        }
        if !locations.is_empty() {
            break;
        }
    }
    if locations.is_empty() {
        return None;
    }
    let to_location = |&(s, e): &(usize, usize)| Location {
        uri: uri.clone(),
        range: position::range_from_bytes(rope, s..e, state.encoding),
    };
    Some(match locations.as_slice() {
        [one] => GotoDefinitionResponse::Scalar(to_location(one)),
        many => GotoDefinitionResponse::Array(many.iter().map(to_location).collect()),
    })
}
