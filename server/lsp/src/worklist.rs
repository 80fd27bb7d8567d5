//! Moving through the work: the next or previous *uncertain* suggestion
//! (`pactum.uncertain`) and accepting a paragraph at once
//! (`pactum.acceptParagraph`).
//!
//! The uncertain suggestions form a worklist ordered by confidence, lowest
//! first, then by position. From a suggestion, "next" goes to the one after
//! it in that order (wrapping); from anywhere else, to the least certain one
//! left, so fixing and moving on walks the document from the doubtful end.
//! While every suggestion carries the same confidence, the order is the
//! document's.

use std::cmp::Ordering;

use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp::jsonrpc::Error;
use tower_lsp::lsp_types::{Position, Url};

use super::commands::{accept_where, invalid, Outcome};
use super::position;
use super::state::{FindingKind, OpenDocument, State};
use super::suggested::Suggested;

pub const UNCERTAIN: &str = "pactum.uncertain";
pub const ACCEPT_PARAGRAPH: &str = "pactum.acceptParagraph";

/// The confidence of a suggestion when the engine gives none.
pub const DEFAULT_CONFIDENCE: f64 = 1.0;

/// The confidence (0–1) of a suggestion — the engine's, or what the
/// workspace's accepts and rejects make it: the one place the worklist reads it.
pub fn confidence(span: &Suggested) -> f64 {
    f64::from(span.confidence)
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Next,
    Previous,
}

#[derive(Deserialize)]
pub struct UncertainArgs {
    uri: Url,
    position: Position,
    direction: Direction,
}

#[derive(Deserialize)]
pub struct ParagraphArgs {
    uri: Url,
    position: Position,
}

/// One entry of the worklist: byte span, label, confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub confidence: f64,
}

/// Least confident first, then in document order.
pub fn worklist_order(a: &Item, b: &Item) -> Ordering {
    a.confidence.total_cmp(&b.confidence).then(a.start.cmp(&b.start)).then(a.end.cmp(&b.end))
}

/// The shown suggestions of `open`, in worklist order.
fn worklist(open: &OpenDocument) -> Vec<Item> {
    let spans = open.analysis.suggestions();
    let mut items: Vec<Item> = open
        .findings()
        .into_iter()
        .filter(|f| f.kind == FindingKind::Suggestion)
        .map(|f| {
            let i = spans.partition_point(|s| s.start < f.start);
            let span = spans
                .get(i..)
                .unwrap_or_default()
                .iter()
                .take_while(|s| s.start == f.start)
                .find(|s| s.end == f.end && s.label.as_str() == f.label);
            Item {
                start: f.start,
                end: f.end,
                label: f.label.to_string(),
                confidence: span.map_or(DEFAULT_CONFIDENCE, confidence),
            }
        })
        .collect();
    items.sort_by(worklist_order);
    items
}

/// The index in `items` to go to from `current` (the index of the
/// suggestion under the cursor, if any).
pub fn step(len: usize, current: Option<usize>, direction: Direction) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (current, direction) {
        (Some(i), Direction::Next) => (i + 1) % len,
        (Some(i), Direction::Previous) => (i + len - 1) % len,
        (None, Direction::Next) => 0,
        (None, Direction::Previous) => len - 1,
    })
}

/// `pactum.uncertain`: `{range, label, confidence, left}` of the suggestion
/// to go to, or `null` when none is left.
pub fn uncertain(state: &State, a: UncertainArgs) -> Result<Value, Error> {
    let open = state.docs.get(&a.uri).ok_or_else(|| invalid(format!("{} is not open", a.uri)))?;
    let rope = open.doc.rope();
    let b = position::to_byte(rope, a.position, state.encoding);
    let items = worklist(open);
    let here = open.findings_at(b).into_iter().find(|f| f.kind == FindingKind::Suggestion);
    let current = here
        .and_then(|f| items.iter().position(|x| x.start == f.start && x.end == f.end && x.label == f.label));
    let Some(i) = step(items.len(), current, a.direction) else {
        return Ok(Value::Null);
    };
    let item = &items[i];
    Ok(json!({
        "range": position::range_from_bytes(rope, item.start..item.end, state.encoding),
        "label": item.label,
        "confidence": item.confidence,
        "left": items.len(),
    }))
}

/// `pactum.acceptParagraph`: accepts every suggestion of the paragraph
/// (text between blank lines) holding the cursor.
pub fn accept_paragraph(state: &mut State, a: ParagraphArgs) -> Result<Outcome, Error> {
    let open = state.docs.get(&a.uri).ok_or_else(|| invalid(format!("{} is not open", a.uri)))?;
    if open.paused {
        return Err(invalid(
            "suggestions are paused for this document (it is too large); nothing was changed",
        ));
    }
    let rope = open.doc.rope();
    let b = position::to_byte(rope, a.position, state.encoding);
    let paragraph =
        open.analysis.paragraph_ranges().find(|p| p.start <= b && b <= p.end).ok_or_else(|| {
            invalid("the cursor is not in a paragraph (it is on a blank line); nothing was changed")
        })?;
    let range = position::range_from_bytes(rope, paragraph, state.encoding);
    accept_where(state, &a.uri, Some(range))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(start: usize, confidence: f64) -> Item {
        Item { start, end: start + 1, label: "ORG".into(), confidence }
    }

    #[test]
    fn least_confident_first_then_document_order() {
        let mut items = [item(30, 0.9), item(10, 0.4), item(20, 0.4), item(5, 1.0), item(0, 0.95)];
        items.sort_by(worklist_order);
        let starts: Vec<usize> = items.iter().map(|x| x.start).collect();
        assert_eq!(starts, [10, 20, 30, 0, 5]);
        // equal confidences: the document's order
        let mut same =
            [item(3, DEFAULT_CONFIDENCE), item(1, DEFAULT_CONFIDENCE), item(2, DEFAULT_CONFIDENCE)];
        same.sort_by(worklist_order);
        assert_eq!(same.iter().map(|x| x.start).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn steps_wrap_and_start_from_the_least_certain() {
        assert_eq!(step(0, None, Direction::Next), None);
        assert_eq!(step(3, None, Direction::Next), Some(0));
        assert_eq!(step(3, None, Direction::Previous), Some(2));
        assert_eq!(step(3, Some(2), Direction::Next), Some(0));
        assert_eq!(step(3, Some(0), Direction::Previous), Some(2));
        assert_eq!(step(3, Some(1), Direction::Next), Some(2));
    }
}
