//! Boundary fixes without re-tagging: move one edge of the span under the
//! cursor by a word, or by `count` words (`pactum.resizeSpan`; as many as
//! the paragraph has, like a Vim count), or set it to the selection
//! (`pactum.setSpan`). The span keeps its label; an annotation keeps its id
//! (and with it anything that refers to it, such as relations). A suggestion
//! has no id yet: fixing its boundaries accepts it with the new ones, and its
//! old span is recorded as rejected so the engine does not suggest it again.

use pactum_store::Status;
use serde::Deserialize;
use serde_json::json;
use tower_lsp::jsonrpc::Error;
use tower_lsp::lsp_types::{Position, Range, Url};

use super::annotations::refresh;
use super::commands::{finish, invalid, trim_whitespace, writable, Outcome};
use super::diagnostics::quote;
use super::position;
use super::state::{FindingKind, OpenDocument, State};
use super::target::{span_at, SpanRef};
use super::words::{self, StepError};

pub const RESIZE_SPAN: &str = "pactum.resizeSpan";
pub const SET_SPAN: &str = "pactum.setSpan";

#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Change {
    /// The end moves over the next word.
    ExtendNext,
    /// The start moves over the previous word.
    ExtendPrevious,
    /// The first word leaves the span.
    ShrinkStart,
    /// The last word leaves the span.
    ShrinkEnd,
}

#[derive(Deserialize)]
pub struct ResizeArgs {
    uri: Url,
    position: Position,
    /// The selection: when it is exactly a span, that span is meant (after
    /// a fix, editors select the fixed span, whose start may hold a smaller one).
    range: Option<Range>,
    change: Change,
    /// How many words (a Vim count); as many as there are, at least one.
    count: Option<u32>,
}

/// A count beyond this is surely a typo; words are taken one at a time.
const MAX_COUNT: u32 = 1000;

#[derive(Deserialize)]
pub struct SetSpanArgs {
    uri: Url,
    /// The selection: the new extent of the span it overlaps most.
    range: Range,
}

pub fn resize(state: &mut State, a: ResizeArgs) -> Result<Outcome, Error> {
    let enc = state.encoding;
    let open = writable(state, &a.uri)?;
    let rope = open.doc.rope();
    let selected = a.range.and_then(|r| exactly_a_span(open, r, enc));
    let span = match selected {
        Some(span) => span,
        None => span_at(open, position::to_byte(rope, a.position, enc)).map_err(invalid)?,
    };
    let step = match a.change {
        Change::ExtendNext => words::extend_to_next,
        Change::ExtendPrevious => words::extend_to_previous,
        Change::ShrinkStart => words::shrink_start,
        Change::ShrinkEnd => words::shrink_end,
    };
    let (mut s, mut e) = step(rope, span.start, span.end).map_err(|err| {
        invalid(match err {
            StepError::NoWord => format!(
                "{}: there is no word to take in on that side before the paragraph ends; nothing was changed",
                span.describe()
            ),
            StepError::LastWord => {
                format!(
                    "{} is one word: it cannot shrink further (reject or remove it instead)",
                    span.describe()
                )
            }
        })
    })?;
    for _ in 1..a.count.unwrap_or(1).clamp(1, MAX_COUNT) {
        match step(rope, s, e) {
            Ok((ns, ne)) => (s, e) = (ns, ne),
            Err(_) => break,
        }
    }
    reshape(state, &a.uri, &span, s, e)
}

pub fn set_span(state: &mut State, a: SetSpanArgs) -> Result<Outcome, Error> {
    let enc = state.encoding;
    let open = writable(state, &a.uri)?;
    let rope = open.doc.rope();
    let chars = position::range_to_chars(rope, a.range, enc);
    let (s, e) = trim_whitespace(rope, chars.start, chars.end);
    if s >= e {
        return Err(invalid(
            "select the new extent of the span first (the selection is empty); nothing was changed",
        ));
    }
    let span = most_overlapping(open, s, e)?;
    reshape(state, &a.uri, &span, s, e)
}

/// The span whose extent is exactly the (non-empty) range `r`, innermost first.
fn exactly_a_span(open: &OpenDocument, r: Range, enc: position::Encoding) -> Option<SpanRef> {
    let rope = open.doc.rope();
    let chars = position::range_to_chars(rope, r, enc);
    if chars.start == chars.end {
        return None;
    }
    let (bs, be) = (rope.char_to_byte(chars.start), rope.char_to_byte(chars.end));
    let mut exact: Vec<_> = open
        .findings_in(bs..be)
        .into_iter()
        .filter(|f| f.kind != FindingKind::Stale && f.start == bs && f.end == be)
        .collect();
    exact.sort_by_key(|f| f.kind == FindingKind::Suggestion);
    exact.first().map(|f| SpanRef::from_finding(open, f))
}

/// A position inside chars `s..e` where `label`'s span there is the
/// innermost under the cursor (a fixed span's start may hold a smaller span).
fn cursor_inside(open: &OpenDocument, s: usize, e: usize, label: &str, enc: position::Encoding) -> Position {
    let rope = open.doc.rope();
    let (bs, be) = (rope.char_to_byte(s), rope.char_to_byte(e));
    // A few hundred chars always find one (a word between names); a span
    // set to a huge selection must not cost a lookup per char.
    const LOOK: usize = 2000;
    let mut c = s;
    while c < e.min(s + LOOK) {
        let b = rope.char_to_byte(c);
        let first = open.findings_at(b).into_iter().next();
        if first.is_some_and(|f| f.start == bs && f.end == be && f.label == label) {
            return position::from_char(rope, c, enc);
        }
        c += 1;
    }
    position::from_char(rope, s, enc)
}

/// The span that overlaps chars `s..e` most (intersection over union), so
/// that selecting a whole sentence means its clause, not a name inside it.
fn most_overlapping(open: &OpenDocument, s: usize, e: usize) -> Result<SpanRef, Error> {
    let rope = open.doc.rope();
    let (bs, be) = (rope.char_to_byte(s), rope.char_to_byte(e));
    let mut scored: Vec<(f64, SpanRef)> = open
        .findings_in(bs..be)
        .iter()
        .filter(|f| f.kind != FindingKind::Stale && f.start < be && bs < f.end)
        .map(|f| {
            let span = SpanRef::from_finding(open, f);
            let inter = span.end.min(e) - span.start.max(s);
            let union = span.end.max(e) - span.start.min(s);
            (inter as f64 / union as f64, span)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [] => Err(invalid(
            "no span overlaps the selection: to tag it as a new span use “Label…”; nothing was changed",
        )),
        [(best, first), (second, other), ..] if best == second => Err(invalid(format!(
            "the selection overlaps {} and {} equally: select more of the one to change; nothing was changed",
            first.describe(),
            other.describe()
        ))),
        [(_, first), ..] => Ok(first.clone()),
    }
}

/// The label the engine suggests for exactly chars `s..e`, if any — the
/// engine's own, whatever the workspace learner shows there now: what the
/// learner suggests comes from the annotations themselves (a resized
/// span's old extent is remembered as accepted, never to be rejected).
fn engine_suggestion(open: &OpenDocument, s: usize, e: usize) -> Option<String> {
    let rope = open.doc.rope();
    let (bs, be) = (rope.char_to_byte(s), rope.char_to_byte(e));
    open.analysis.engine_label_at(bs, be).map(str::to_string)
}

/// Gives `span` the chars `s..e`, keeping its label and id.
fn reshape(state: &mut State, uri: &Url, span: &SpanRef, s: usize, e: usize) -> Result<Outcome, Error> {
    let enc = state.encoding;
    let kind_of = |label: &str| state.schema.label(label).map(|l| l.kind);
    let kind = kind_of(&span.label);
    let same_kind: Vec<bool> = {
        let open = state.docs.get(uri).ok_or_else(|| invalid(format!("{uri} is not open")))?;
        open.annotations.items.iter().map(|a| kind_of(&a.label) == kind).collect()
    };
    let open = writable(state, uri)?;
    if (s, e) == (span.start, span.end) {
        return Err(invalid(format!(
            "{} already has these boundaries; nothing was changed",
            span.describe()
        )));
    }
    // Another annotation of the same kind already on the new extent: a
    // rejected one (e.g. the engine's old span) gives way, an accepted one
    // would become a duplicate.
    let mut in_the_way = None;
    for (i, a) in open.annotations.items.iter().enumerate() {
        let mine = span.id.as_deref() == Some(a.id.as_str());
        if !mine && !a.stale && a.start == s && a.end == e && same_kind.get(i) == Some(&true) {
            if a.status == Status::Accepted {
                return Err(invalid(format!(
                    "{} {} is already annotated there; nothing was changed",
                    a.label,
                    quote(&a.text)
                )));
            }
            in_the_way = Some(a.id.clone());
        }
    }
    if let Some(id) = in_the_way {
        open.annotations.remove_id(&id);
    }
    let rope = open.doc.rope().clone();
    // The span it leaves, if the engine suggests it, would come back as a
    // suggestion: it is recorded as rejected.
    let left_behind = engine_suggestion(open, span.start, span.end);
    let by = open.annotations.by.clone();
    match &span.id {
        Some(id) => {
            let ann =
                open.annotations.items.iter_mut().find(|a| &a.id == id).ok_or_else(|| {
                    invalid("that annotation is gone (removed meanwhile); nothing was changed")
                })?;
            ann.start = s;
            ann.end = e;
            ann.status = Status::Accepted;
            // New boundaries are a change by the annotator, like a new label.
            ann.by = by;
            refresh(ann, &rope);
            if let Some(label) = left_behind {
                open.annotations.set(&rope, span.start, span.end, &label, Status::Rejected);
            }
        }
        None => {
            open.annotations.set(&rope, span.start, span.end, &span.label, Status::Rejected);
            open.annotations.set(&rope, s, e, &span.label, Status::Accepted);
        }
    }
    let range = position::range_from_bytes(&rope, rope.char_to_byte(s)..rope.char_to_byte(e), enc);
    let text = rope.slice(s..e).to_string();
    let cursor = state.docs.get(uri).map(|open| cursor_inside(open, s, e, &span.label, enc));
    finish(state, uri, json!({ "range": range, "label": span.label, "text": text, "cursor": cursor }))
}
