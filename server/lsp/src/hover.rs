//! Hover on a suggested or accepted span: the label and its explanation, the
//! status, how often the same text occurs in the document and how it is
//! labelled elsewhere in the workspace, the relations it is an end of; on
//! AGREEMENT and SIGNING spans, an agreement card built from the relations
//! (instrument, parties, signatories with roles and organisations, date).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;
use std::path::Path;

use pactum_engine::Source;
use pactum_store::Status;
use tower_lsp::lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Url};

use super::agreement;
use super::diagnostics::quote;
use super::index;
use super::position;
use super::provenance;
use super::relations::{self, ShownRelation};
use super::state::{Finding, FindingKind, OpenDocument, State};
use super::workspace::whole_word_matches;

pub fn hover(state: &State, uri: &Url, pos: Position) -> Option<Hover> {
    let open = state.docs.get(uri)?;
    let rope = open.doc.rope();
    let b = position::to_byte(rope, pos, state.encoding);
    let hits = open.findings_at(b);
    let main = hits.first()?;
    let text = open.text_of(main);

    let mut md = String::new();
    let status = match main.kind {
        // Only the workspace learner suggests it (memory, model): say so.
        FindingKind::Suggestion
            if provenance::suggestion_of(open, main)
                .is_some_and(|s| s.provenance.rules().next().is_none()) =>
        {
            "suggested from what this workspace taught"
        }
        FindingKind::Suggestion => "suggested by the engine",
        FindingKind::Accepted => "accepted",
        FindingKind::Stale => "stale",
    };
    let _ = writeln!(md, "**{}** {} — {status}\n", main.label, quote(text));
    if let Some(rule) = rule_of(open, main) {
        let _ = writeln!(md, "{rule}\n");
    }
    if let Some(why) = provenance::line(state, open, main) {
        let _ = writeln!(md, "{why}\n");
    }
    if let Some(def) = state.schema.label(main.label) {
        let _ = writeln!(md, "{}\n", def.explanation);
    } else {
        let _ = writeln!(md, "_{} is not a label of schema {}._\n", main.label, state.schema.id);
    }
    let _ = writeln!(md, "{}\n", in_document(open, text));
    let _ = writeln!(md, "{}", in_workspace(state, open, text));
    let rels = relations::of_finding(state, open, main);
    if !rels.is_empty() {
        let _ = write!(md, "\n**Relations**\n\n{}", relation_lines(open, main, &rels));
    }

    if let Some(anchor) = hits.iter().find(|f| matches!(f.label, "AGREEMENT" | "SIGNING")) {
        let _ = write!(md, "\n---\n\n{}", agreement::card(state, open, anchor));
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md }),
        range: Some(position::range_from_bytes(rope, main.start..main.end, state.encoding)),
    })
}

/// The rules behind a suggestion, with what each looks for:
/// ``Rule `org.legal-suffix+link.repeat`: A legal-form suffix … · A name learnt …``,
/// then its confidence and source (`Confidence 0.87 · source: rules and trained model`).
fn rule_of(open: &OpenDocument, f: &Finding<'_>) -> Option<String> {
    let span = provenance::suggestion_of(open, f)?;
    // None when only the workspace learner suggests it (`provenance::line` says why).
    span.provenance.rules().next()?;
    let what: Vec<&str> = span.provenance.rules().map(|r| r.description()).collect();
    let source = match span.provenance.source() {
        Source::Rules => "rules",
        Source::Model => "trained model",
        Source::Both => "rules and trained model",
        _ => "engine",
    };
    Some(format!(
        "Rule `{}`: {}\n\nConfidence {:.2} · source: {source}",
        span.provenance,
        what.join(" · "),
        span.confidence
    ))
}

/// `“Ascendas” occurs 3 times in this document: ORG accepted ×1, ORG suggested ×2.`
fn in_document(open: &OpenDocument, text: &str) -> String {
    let occurrences = whole_word_matches(open.doc.text(), text).count().max(1);
    let mut labels: BTreeMap<(String, &str), usize> = BTreeMap::new();
    for f in open.findings() {
        if f.kind != FindingKind::Stale && open.text_of(&f) == text {
            let kind = if f.kind == FindingKind::Accepted { "accepted" } else { "suggested" };
            *labels.entry((f.label.to_string(), kind)).or_default() += 1;
        }
    }
    let times = if occurrences == 1 { "once".to_string() } else { format!("{occurrences} times") };
    let list: Vec<String> = labels.iter().map(|((l, k), n)| format!("{l} {k} ×{n}")).collect();
    format!("{} occurs {times} in this document: {}.", quote(text), list.join(", "))
}

/// How the same text is labelled (accepted) in the workspace's other files:
/// open documents from memory, the others from the workspace index (no disk
/// read: hover answers in microseconds whatever the workspace's size).
fn in_workspace(state: &State, current: &OpenDocument, text: &str) -> String {
    if state.root.is_none() {
        return "No workspace folder.".to_string();
    }
    let mut by_label: BTreeMap<String, (usize, usize)> = BTreeMap::new(); // label → (spans, files)
    let mut add = |label: &str, n: usize| {
        let e = by_label.entry(label.to_string()).or_default();
        e.0 += n;
        e.1 += 1;
    };
    let open_paths: HashSet<&Path> = state.docs.values().filter_map(|d| d.path.as_deref()).collect();
    let status = {
        let index = index::lock(&state.index);
        for (path, labels) in index.accepted_with_text(text) {
            if current.path.as_deref() == Some(path) || open_paths.contains(path) {
                continue;
            }
            for (label, n) in labels {
                add(label, *n);
            }
        }
        index.status()
    };
    for other in state.docs.values().filter(|d| d.path.is_some() && d.path != current.path) {
        let mut per_label: BTreeMap<&str, usize> = BTreeMap::new();
        for a in other
            .annotations
            .items
            .iter()
            .filter(|a| !a.stale && a.status == Status::Accepted && a.text == text)
        {
            *per_label.entry(a.label.as_str()).or_default() += 1;
        }
        for (label, n) in per_label {
            add(label, n);
        }
    }
    let scanning = if status.complete {
        String::new()
    } else {
        match status.found {
            Some(found) => {
                format!(" (still reading the workspace: {} of {found} annotation files so far)", status.read)
            }
            None => " (still looking for the workspace's annotation files)".to_string(),
        }
    };
    if by_label.is_empty() {
        return format!("Not annotated in other files of the workspace{scanning}.");
    }
    let list: Vec<String> = by_label
        .iter()
        .map(|(l, (n, files))| format!("{l} ×{n} in {files} file{}", if *files == 1 { "" } else { "s" }))
        .collect();
    format!("Elsewhere in the workspace: {}{scanning}.", list.join(", "))
}

/// One line per relation of `f`, seen from `f`: `- party of “MOU” (line 3) — accepted`
/// when `f` is the child, `- has party “Ascendas” (line 3) — suggested` when the head.
fn relation_lines(open: &OpenDocument, f: &Finding<'_>, rels: &[ShownRelation]) -> String {
    let mut out = String::new();
    for r in rels {
        let Some(other) = r.other_end(f) else { continue };
        let line = relations::line_of(open, other.start);
        let what = if r.child.is(f) {
            format!("{} of {}", r.label, quote(&other.text))
        } else {
            format!("has {} {}", r.label, quote(&other.text))
        };
        let rule = r.rule.as_ref().map(|x| format!(" (rule `{x}`)")).unwrap_or_default();
        let _ = writeln!(out, "- {what} (line {line}) — {}{rule}", r.shown.as_str());
    }
    out
}
