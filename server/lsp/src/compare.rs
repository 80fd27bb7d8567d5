//! Adjudication: another annotator's copy of the workspace (`compare_with`
//! in `pactum.toml`, or the `pactum.compareWith` command) shown against
//! mine. Their annotations of an open document are loaded beside it, placed
//! on my text (re-anchored when their text differs), and follow my edits
//! like mine do. Where the two differ (see `pactum_team::diff`), a
//! diagnostic of its own kind (source `pactum.compare`, Warning) offers
//! "Take theirs" and "Keep mine"; "Take all theirs" replaces the whole
//! document's annotations.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use pactum_store::{self as store, Status};
use pactum_team::diff::{differences, Difference};
use pactum_team::Span;
use ropey::Rope;
use serde_json::json;
use tower_lsp::lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString};

use super::annotations::Annotations;
use super::diagnostics::quote;
use super::position::{self, Encoding};
use super::state::OpenDocument;

/// The `source` of adjudication diagnostics: editors count `pactum`
/// diagnostics as suggestions and annotations, these are neither.
pub const SOURCE: &str = "pactum.compare";

/// The other copy being compared with.
#[derive(Debug, Clone)]
pub struct CompareWith {
    /// Its root folder (texts at the same paths as in my workspace).
    pub root: PathBuf,
}

/// Their annotations of one open document.
#[derive(Debug, Clone, Default)]
pub struct Theirs {
    /// Who they are: the annotator most of their annotations name, else the
    /// other copy's folder name.
    pub name: String,
    /// Their annotations, placed on my text (stale ones are not compared).
    pub annotations: Annotations,
    /// Differences the user chose to keep mine for, by annotation id.
    pub kept: HashSet<String>,
    /// The clause labels: spans only conflict with spans of their kind.
    pub clause_labels: Vec<String>,
}

/// One difference, resolved to annotation ids and a place in my text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// Chars.
    pub start: usize,
    pub end: usize,
    pub kind: DiffKind,
    pub message: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffKind {
    /// Their annotation `id`, replacing my annotations `replaces`.
    TheirsOnly { id: String, replaces: Vec<String> },
    /// My annotation `id`, which they do not have.
    MineOnly { id: String },
}

impl DiffKind {
    /// The annotation id "Keep mine" records.
    pub fn key(&self) -> &str {
        match self {
            DiffKind::TheirsOnly { id, .. } | DiffKind::MineOnly { id } => id,
        }
    }
}

/// Loads their annotations of the text at `my_path` (below `my_root`),
/// placed on `text`. `Ok(None)`: they have no annotation file for it.
pub fn load(
    with: &CompareWith,
    my_root: &Path,
    my_path: &Path,
    text: &str,
    clause_labels: &[String],
) -> Result<Option<Theirs>, String> {
    let rel = my_path
        .strip_prefix(my_root)
        .map_err(|_| format!("{} is outside the workspace; nothing to compare", my_path.display()))?;
    let their_text = with.root.join(rel);
    let Some(mut sidecar) = store::load(&store::sidecar_path(&their_text)).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    if !sidecar.matches_text(text) {
        store::reanchor(&mut sidecar, text);
    }
    let mut names: Vec<&str> = sidecar.annotations.iter().filter_map(|a| a.by.as_deref()).collect();
    names.sort_unstable();
    let most = names.chunk_by(|a, b| a == b).max_by_key(|c| c.len()).and_then(|c| c.first().copied());
    let folder =
        with.root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "theirs".into());
    let name = most.map(str::to_string).unwrap_or(folder);
    let items = sidecar.annotations.into_iter().filter(|a| !a.stale).collect();
    Ok(Some(Theirs {
        name,
        annotations: Annotations::new(items),
        kept: HashSet::new(),
        clause_labels: clause_labels.to_vec(),
    }))
}

fn accepted(anns: &Annotations) -> Vec<(&str, Span)> {
    anns.placed()
        .filter(|a| a.status == Status::Accepted)
        .map(|a| (a.id.as_str(), Span::new(a.start, a.end, &a.label)))
        .collect()
}

fn covered(rope: &Rope, s: &Span) -> String {
    let len = rope.len_chars();
    rope.slice(s.start.min(len)..s.end.min(len)).to_string()
}

/// The differences still open (not kept), in text order.
pub fn diffs(open: &OpenDocument) -> Vec<Diff> {
    let Some(theirs) = &open.theirs else { return Vec::new() };
    let rope = open.doc.rope();
    let mine = accepted(&open.annotations);
    let their = accepted(&theirs.annotations);
    let mine_spans: Vec<Span> = mine.iter().map(|(_, s)| s.clone()).collect();
    let their_spans: Vec<Span> = their.iter().map(|(_, s)| s.clone()).collect();
    let mut out = Vec::new();
    for d in differences(&mine_spans, &their_spans, &theirs.clause_labels) {
        let diff = match d {
            Difference::TheirsOnly { index, replaces } => {
                let (id, s) = &their[index];
                let mine_note = match replaces.first() {
                    Some(&j) => format!(" — mine: {} {}", mine[j].1.label, quote(&covered(rope, &mine[j].1))),
                    None => " — not in mine".to_string(),
                };
                Diff {
                    start: s.start,
                    end: s.end,
                    label: s.label.clone(),
                    message: format!("{}: {} {}{mine_note}", theirs.name, s.label, quote(&covered(rope, s))),
                    kind: DiffKind::TheirsOnly {
                        id: id.to_string(),
                        replaces: replaces.iter().map(|&j| mine[j].0.to_string()).collect(),
                    },
                }
            }
            Difference::MineOnly { index } => {
                let (id, s) = &mine[index];
                Diff {
                    start: s.start,
                    end: s.end,
                    label: s.label.clone(),
                    message: format!(
                        "{}: not annotated — mine: {} {}",
                        theirs.name,
                        s.label,
                        quote(&covered(rope, s))
                    ),
                    kind: DiffKind::MineOnly { id: id.to_string() },
                }
            }
        };
        if !theirs.kept.contains(diff.kind.key()) {
            out.push(diff);
        }
    }
    out
}

pub fn diagnostic(open: &OpenDocument, d: &Diff, enc: Encoding) -> Diagnostic {
    let rope = open.doc.rope();
    let len = rope.len_chars();
    let bytes = rope.char_to_byte(d.start.min(len))..rope.char_to_byte(d.end.min(len));
    let data = match &d.kind {
        DiffKind::TheirsOnly { id, .. } => json!({ "theirs": id }),
        DiffKind::MineOnly { id } => json!({ "mine": id }),
    };
    Diagnostic {
        range: position::range_from_bytes(rope, bytes, enc),
        severity: Some(DiagnosticSeverity::WARNING),
        code: Some(NumberOrString::String(d.label.clone())),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        data: Some(data),
        ..Diagnostic::default()
    }
}

/// Every open difference of the document as a diagnostic.
pub fn diagnostics(open: &OpenDocument, enc: Encoding) -> Vec<Diagnostic> {
    diffs(open).iter().map(|d| diagnostic(open, d, enc)).collect()
}

/// Takes their side of one difference into my annotations (ids as in
/// `DiffKind`); returns false when it no longer exists.
pub fn take(open: &mut OpenDocument, kind: &DiffKind, by: Option<&str>) -> bool {
    let Some(theirs) = &open.theirs else { return false };
    match kind {
        DiffKind::TheirsOnly { id, replaces } => {
            let Some(t) = theirs.annotations.items.iter().find(|a| &a.id == id).cloned() else {
                return false;
            };
            open.annotations.items.retain(|a| {
                !(replaces.contains(&a.id) || (!a.stale && a.start == t.start && a.end == t.end))
            });
            let mut a = t;
            a.status = Status::Accepted;
            a.by = by.map(str::to_string);
            open.annotations.items.push(a);
            true
        }
        DiffKind::MineOnly { id } => open.annotations.remove_id(id).is_some(),
    }
}

/// Replaces my annotations of the document by theirs (my stale ones, which
/// have no place to compare, stay).
pub fn take_all(open: &mut OpenDocument) -> usize {
    let Some(theirs) = &open.theirs else { return 0 };
    let n = diffs(open).len();
    let mut items: Vec<_> = theirs.annotations.items.clone();
    items.extend(open.annotations.items.iter().filter(|a| a.stale).cloned());
    open.annotations.items = items;
    n
}
