//! The label picker's server side: `pactum.labelChoices` says what the
//! picker offers for the cursor or selection (a choice set, see `choices`),
//! and `pactum.setLabel` carries out the pick.
//!
//! What the picker acts on:
//! - a selection that is exactly a span: that span (relabel);
//! - a selection crossing a span's edge: refused with a message;
//! - any other selection: the selected text, trimmed (tag);
//! - no selection: the innermost entity span under the cursor (relabel),
//!   else the word under it (tag: a word inside a sentence means the word,
//!   not its clause; a cursor right after a word means that word), else the
//!   clause under it (relabel); a cursor on a stale annotation, an empty line
//!   or white space outside spans is refused with a message. A clause is
//!   relabelled by selecting it (next-suggestion selects it in VS Code) or
//!   through its "Change label…" code action.
//!
//! A relabel offers the labels of the span's kind. A tag offers every label,
//! those that fit the range first: clause labels when it is one or more
//! whole sentences (or lines) of more than a word, entity labels otherwise.
//! Picking the current label of a suggestion accepts it. The document's version is part of the apply arguments: a pick
//! made after the text changed is refused instead of landing elsewhere.

use pactum_engine::sentence;
use pactum_schema::{LabelKind, Schema};
use pactum_store::Status;
use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp::jsonrpc::Error;
use tower_lsp::lsp_types::{Range, Url};

use super::choices::{Apply, Choice, ChoiceSet};
use super::commands::{check_label, finish, invalid, trim_whitespace, writable, Outcome};
use super::diagnostics::quote;
use super::position;
use super::state::{FindingKind, OpenDocument, State};
use super::target::{crossed, span_at, stale_at, SpanRef};
use super::words::word_at;

pub const LABEL_CHOICES: &str = "pactum.labelChoices";
pub const SET_LABEL: &str = "pactum.setLabel";

#[derive(Deserialize)]
pub struct ChoicesArgs {
    uri: Url,
    /// The selection; an empty range is the cursor.
    range: Range,
}

#[derive(Deserialize)]
pub struct SetLabelArgs {
    uri: Url,
    /// The document version the choices were made for.
    version: i32,
    label: String,
    /// An annotation to relabel …
    id: Option<String>,
    /// … or the range to tag (a suggestion's span, a word, a selection).
    range: Option<Range>,
}

/// What the pick will change.
enum Target {
    Span(SpanRef),
    /// Chars `start..end` of the text, not a span yet.
    Text {
        start: usize,
        end: usize,
        kind: LabelKind,
    },
}

pub fn label_choices(state: &State, a: ChoicesArgs) -> Result<Value, Error> {
    let open = state.docs.get(&a.uri).ok_or_else(|| invalid(format!("{} is not open", a.uri)))?;
    let target = resolve(open, &state.schema, a.range, state.encoding).map_err(invalid)?;
    let rope = open.doc.rope();
    let version = open.doc.version;
    let (title, kinds, current, arguments) = match &target {
        Target::Span(span) => {
            let kind = state.schema.label(&span.label).map_or(LabelKind::Entity, |l| l.kind);
            let arguments = match &span.id {
                Some(id) => json!({ "uri": a.uri, "version": version, "id": id }),
                None => {
                    let range = position::range_from_bytes(
                        rope,
                        rope.char_to_byte(span.start)..rope.char_to_byte(span.end),
                        state.encoding,
                    );
                    json!({ "uri": a.uri, "version": version, "range": range })
                }
            };
            let title = format!("Label {} (now {})", quote(&span.text), now(span));
            (title, vec![kind], Some(span.label.clone()), arguments)
        }
        Target::Text { start, end, kind } => {
            let text = rope.slice(*start..*end).to_string();
            let range = position::range_from_bytes(
                rope,
                rope.char_to_byte(*start)..rope.char_to_byte(*end),
                state.encoding,
            );
            let title = format!("Label {}", quote(&text));
            let other = match kind {
                LabelKind::Entity => LabelKind::Clause,
                LabelKind::Clause => LabelKind::Entity,
            };
            (title, vec![*kind, other], None, json!({ "uri": a.uri, "version": version, "range": range }))
        }
    };
    let choices = kinds
        .iter()
        .flat_map(|kind| state.schema.labels_of(*kind))
        .map(|l| Choice {
            name: l.name.clone(),
            key: l.key.clone(),
            color: l.color.clone(),
            description: l.description.clone(),
            current: current.as_deref() == Some(l.name.as_str()),
        })
        .collect();
    let set = ChoiceSet::new(title, choices, Apply { command: SET_LABEL.to_string(), arguments });
    serde_json::to_value(set).map_err(|e| invalid(format!("cannot encode the label choices: {e}")))
}

fn now(span: &SpanRef) -> String {
    match span.kind {
        FindingKind::Suggestion => format!("{}?", span.label),
        _ => span.label.clone(),
    }
}

fn resolve(
    open: &OpenDocument,
    schema: &Schema,
    range: Range,
    enc: position::Encoding,
) -> Result<Target, String> {
    let rope = open.doc.rope();
    let chars = position::range_to_chars(rope, range, enc);
    if chars.start == chars.end {
        let b = rope.char_to_byte(chars.start);
        let is_entity = |label: &str| schema.label(label).map(|l| l.kind) != Some(LabelKind::Clause);
        let hits = open.findings_at(b);
        if let Some(f) = hits.iter().find(|f| is_entity(f.label)) {
            return Ok(Target::Span(SpanRef::from_finding(open, f)));
        }
        if let Some(msg) = stale_at(open, b) {
            return Err(msg);
        }
        if let Some(word) = word_at(rope, chars.start) {
            return Ok(Target::Text { start: word.start, end: word.end, kind: LabelKind::Entity });
        }
        if let Ok(span) = span_at(open, b) {
            return Ok(Target::Span(span));
        }
        return Err("nothing to label here: put the cursor on a word or a span, or select the text to label"
            .to_string());
    }
    let (s, e) = trim_whitespace(rope, chars.start, chars.end);
    if s >= e {
        return Err("the selection holds only white space: select the text to label".to_string());
    }
    let (bs, be) = (rope.char_to_byte(s), rope.char_to_byte(e));
    let kind = if clause_like(open, bs, be) { LabelKind::Clause } else { LabelKind::Entity };
    let exact: Vec<_> = open
        .findings_in(bs..be)
        .into_iter()
        .filter(|f| f.kind != FindingKind::Stale && f.start == bs && f.end == be)
        .collect();
    // The span of the fitting kind first (an entity may be exactly a one-word clause).
    let fits = |label: &str| schema.label(label).map(|l| l.kind) == Some(kind);
    if let Some(f) = exact.iter().find(|f| fits(f.label)).or(exact.first()) {
        return Ok(Target::Span(SpanRef::from_finding(open, f)));
    }
    let crossing: Vec<_> = crossed(open, bs, be).into_iter().filter(|f| fits(f.label)).collect();
    if let Some(f) = crossing.first() {
        return Err(format!(
            "the selection crosses the edge of {}: select all of it to relabel it, use “Set span to selection” to move its edges, or select text outside it; nothing was changed",
            super::diagnostics::message(f.kind, f.label, open.text_of(f))
        ));
    }
    Ok(Target::Text { start: s, end: e, kind })
}

/// Whether bytes `bs..be` are whole sentences (or lines) of more than one
/// word: what clause labels cover.
fn clause_like(open: &OpenDocument, bs: usize, be: usize) -> bool {
    let text = open.doc.text();
    let Some(selected) = text.get(bs..be) else { return false };
    if !selected.contains(char::is_whitespace) {
        return false;
    }
    let Some(paragraph) =
        open.analysis.paragraph_ranges().find(|p| p.start <= bs && bs < p.end.max(p.start + 1))
    else {
        return false;
    };
    if be > paragraph.end {
        return true; // more than a paragraph: certainly not a name
    }
    let Some(body) = text.get(paragraph.clone()) else { return false };
    let sentences = sentence::sentences(body);
    let starts = sentences.iter().any(|r| r.start + paragraph.start == bs);
    let ends = sentences.iter().any(|r| r.end + paragraph.start == be);
    starts && ends
}

pub fn set_label(state: &mut State, a: SetLabelArgs) -> Result<Outcome, Error> {
    check_label(state, &a.label)?;
    let enc = state.encoding;
    let open = writable(state, &a.uri)?;
    if open.doc.version != a.version {
        return Err(invalid(
            "the document changed since the label choices were made; nothing was changed: open the picker again",
        ));
    }
    if let Some(id) = &a.id {
        let Some(ann) = open.annotations.items.iter_mut().find(|x| &x.id == id) else {
            return Err(invalid("that annotation is gone (removed meanwhile); nothing was changed"));
        };
        if ann.stale {
            return Err(invalid(format!(
                "{} {} is a stale annotation: its text is no longer in the document; nothing was changed",
                ann.label,
                quote(&ann.text)
            )));
        }
        if ann.label != a.label || ann.status != Status::Accepted {
            ann.label = a.label.clone();
            ann.status = Status::Accepted;
            // Who changed it (`writable` set the annotator), as `Annotations::set` records.
            ann.by.clone_from(&open.annotations.by);
        }
        return finish(state, &a.uri, json!({ "labelled": 1, "label": a.label }));
    }
    let range = a.range.ok_or_else(|| invalid("pactum.setLabel needs an id or a range"))?;
    let chars = position::range_to_chars(open.doc.rope(), range, enc);
    let (s, e) = trim_whitespace(open.doc.rope(), chars.start, chars.end);
    if s >= e {
        return Err(invalid("the range is empty; nothing was changed"));
    }
    open.annotations.set(open.doc.rope(), s, e, &a.label, Status::Accepted);
    finish(state, &a.uri, json!({ "labelled": 1, "label": a.label }))
}
