//! Which span a keyboard command acts on: the one under the cursor, or the
//! one a selection means. Shared by the label picker and the boundary fixes,
//! so both answer "nothing here" and "that annotation is stale" the same way.

use super::diagnostics::quote;
use super::state::{Finding, FindingKind, OpenDocument};

/// A span the user sees, in chars, detached from the document borrow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanRef {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// `Suggestion` or `Accepted` (stale annotations are never targets).
    pub kind: FindingKind,
    /// The annotation's id; `None` for a suggestion.
    pub id: Option<String>,
    /// The covered text, for messages.
    pub text: String,
}

impl SpanRef {
    pub fn from_finding(open: &OpenDocument, f: &Finding<'_>) -> SpanRef {
        let rope = open.doc.rope();
        SpanRef {
            start: rope.byte_to_char(f.start),
            end: rope.byte_to_char(f.end),
            label: f.label.to_string(),
            kind: f.kind,
            id: f.id.map(str::to_string),
            text: open.text_of(f).to_string(),
        }
    }

    /// `ORG? “Ascendas”` for a suggestion, `ORG “Ascendas”` for an annotation.
    pub fn describe(&self) -> String {
        super::diagnostics::message(self.kind, &self.label, &self.text)
    }
}

/// The message for a cursor on a stale annotation, if `b` is on one.
pub fn stale_at(open: &OpenDocument, b: usize) -> Option<String> {
    open.stale_findings().iter().find(|f| f.start <= b && b <= f.end).map(|f| {
        format!(
            "{} {} is a stale annotation: its text is no longer in the document. Remove it, or select the text it belongs to and re-tag it (code actions); nothing was changed",
            f.label,
            quote(open.text_of(f))
        )
    })
}

/// The innermost span (suggestion or annotation) under byte `b`.
pub fn span_at(open: &OpenDocument, b: usize) -> Result<SpanRef, String> {
    if let Some(f) = open.findings_at(b).first() {
        return Ok(SpanRef::from_finding(open, f));
    }
    Err(stale_at(open, b)
        .unwrap_or_else(|| "there is no span under the cursor; nothing was changed".to_string()))
}

/// The spans that the char range `s..e` crosses: it holds one edge of
/// theirs but not the other.
pub fn crossed<'a>(open: &'a OpenDocument, bs: usize, be: usize) -> Vec<Finding<'a>> {
    open.findings_in(bs..be)
        .into_iter()
        .filter(|f| f.kind != FindingKind::Stale)
        .filter(|f| {
            (f.start < bs && bs < f.end && f.end < be) || (bs < f.start && f.start < be && be < f.end)
        })
        .collect()
}
