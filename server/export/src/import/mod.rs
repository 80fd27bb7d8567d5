//! Imports: annotations made with other tools (or exported by Pactum),
//! written as `.ann.json` files beside the matching texts under a root.
//!
//! Each reader turns its files into [`Incoming`] documents; this module
//! checks them against the texts on disk and merges them into the
//! annotation files. The text the annotations were made on must be the one
//! on disk: otherwise the document is refused, or with `force` re-anchored
//! ([`pactum_store::reanchor`]).

mod brat;
mod jsonl;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use pactum_schema::Schema;
use pactum_store::{self as store, Annotation, Sidecar, Status};
use pactum_text::CharToByte;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Jsonl,
    Brat,
}

impl ImportFormat {
    pub const NAMES: [&'static str; 2] = ["jsonl", "brat"];

    pub fn parse(name: &str) -> Result<ImportFormat, ImportError> {
        match name {
            "jsonl" => Ok(ImportFormat::Jsonl),
            "brat" => Ok(ImportFormat::Brat),
            _ => Err(ImportError::UnknownFormat(name.to_string())),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub format: ImportFormat,
    /// The folder holding the texts; document ids are paths below it.
    pub root: PathBuf,
    /// Re-anchor annotations made on a different version of a text.
    pub force: bool,
}

/// Something that was not imported, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// `file:line`, or the file.
    pub source: String,
    pub message: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Annotation files written.
    pub written: Vec<PathBuf>,
    /// Annotations added (or turned from rejected into accepted).
    pub added: usize,
    /// Annotations that were already there.
    pub unchanged: usize,
    /// Relations added (or turned from rejected into accepted).
    pub relations_added: usize,
    /// Annotations re-anchored onto a changed text (with `force`).
    pub moved: usize,
    /// Documents or spans not imported.
    pub problems: Vec<ImportProblem>,
    /// What the format carries that Pactum does not keep (relations, …).
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("unknown import format {0:?} (known formats: {known})", known = ImportFormat::NAMES.join(", "))]
    UnknownFormat(String),
    #[error("the root {0} is not a directory")]
    NoRoot(PathBuf),
}

/// One span as another tool stored it; code-point offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The covered text, when the format stores it.
    pub text: Option<String>,
    /// Where the span was read (`file:line`), for messages.
    pub source: String,
}

/// One document's annotations as read from another tool's files.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// Where it was read, for messages.
    pub source: String,
    /// Path of the text below the root.
    pub relative: PathBuf,
    /// The text the annotations were made on, when the format has it.
    pub text: Option<String>,
    pub spans: Vec<IncomingSpan>,
    /// Relations between `spans` (by index).
    pub relations: Vec<IncomingRelation>,
}

/// One relation as another tool stored it, its ends resolved to indexes of
/// [`Incoming::spans`] by the reader (an end the reader cannot find is the
/// reader's error, reported there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingRelation {
    pub head: usize,
    pub child: usize,
    pub label: String,
    /// Where it was read, for messages.
    pub source: String,
}

/// Imports the files in `paths` (directories are walked for the format's
/// files) into annotation files under `options.root`.
pub fn import(
    paths: &[PathBuf],
    options: &ImportOptions,
    schema: &Schema,
) -> Result<ImportReport, ImportError> {
    if !options.root.is_dir() {
        return Err(ImportError::NoRoot(options.root.clone()));
    }
    let mut report = ImportReport::default();
    let incoming = match options.format {
        ImportFormat::Jsonl => jsonl::read(paths, &mut report),
        ImportFormat::Brat => brat::read(paths, &mut report),
    };
    for doc in incoming {
        apply(&doc, options, schema, &mut report);
    }
    Ok(report)
}

/// Merges one incoming document into the annotation file of its text.
fn apply(doc: &Incoming, options: &ImportOptions, schema: &Schema, report: &mut ImportReport) {
    let refuse = |report: &mut ImportReport, message: String| {
        report.problems.push(ImportProblem { source: doc.source.clone(), message });
    };
    if !is_plain_relative(&doc.relative) {
        return refuse(
            report,
            format!("document path {} must be relative and stay below the root", doc.relative.display()),
        );
    }
    let text_path = options.root.join(&doc.relative);
    let current = match super::documents::read_text(&text_path) {
        Ok(t) => t,
        Err(msg) => {
            return refuse(
                report,
                format!("no usable text for this document: {}: {msg}", text_path.display()),
            )
        }
    };
    let annotated = doc.text.as_deref().unwrap_or(&current);
    let mut sidecar = Sidecar::new(&schema.id, annotated);
    let table = CharToByte::new(annotated);
    // The annotation id of each incoming span (None: not imported).
    let mut ids: Vec<Option<String>> = Vec::with_capacity(doc.spans.len());
    for span in &doc.spans {
        match annotation(annotated, &table, span, schema) {
            Ok(a) => {
                ids.push(Some(a.id.clone()));
                sidecar.annotations.push(a);
            }
            Err(message) => {
                ids.push(None);
                report.problems.push(ImportProblem { source: span.source.clone(), message })
            }
        }
    }
    let relations = relations(doc, &ids, schema, report);
    if annotated != current {
        if !options.force {
            return refuse(
                report,
                format!(
                    "{} is not the text these annotations were made on (it was changed since); \
                     nothing imported for it — use --force to re-anchor the annotations onto the current text",
                    text_path.display()
                ),
            );
        }
        let r = store::reanchor(&mut sidecar, &current);
        report.moved += r.moved;
        for a in sidecar.annotations.iter().filter(|a| a.stale) {
            report.problems.push(ImportProblem {
                source: doc.source.clone(),
                message: format!(
                    "{} “{}” at {}-{} no longer occurs in {}; kept as a stale annotation",
                    a.label,
                    a.text,
                    a.start,
                    a.end,
                    text_path.display()
                ),
            });
        }
    }
    let ann_path = store::sidecar_path(&text_path);
    let (mut target, mut changed) = match store::load(&ann_path) {
        Ok(Some(existing)) => (existing, false),
        Ok(None) => (Sidecar::new(&schema.id, &current), true),
        // Never overwrite a file we cannot read: the user decides.
        Err(e) => return refuse(report, format!("{e}; not overwritten, nothing imported for it")),
    };
    if !target.matches_text(&current) {
        store::reanchor(&mut target, &current);
        changed = true;
    }
    let added_before = report.added + report.relations_added;
    let same = merge(&mut target, sidecar.annotations, report);
    for (head, child, label, source) in relations {
        let (Some(h), Some(c)) = (same.get(&head), same.get(&child)) else { continue };
        let before = target
            .relations
            .iter()
            .find(|r| &r.head == h && &r.child == c && r.label == label)
            .map(|r| r.status);
        match target.add_relation(h, c, &label, Status::Accepted, None) {
            Ok(_) if before == Some(Status::Accepted) => {}
            Ok(_) => report.relations_added += 1,
            Err(e) => report.problems.push(ImportProblem { source, message: e.to_string() }),
        }
    }
    if !changed && report.added + report.relations_added == added_before {
        return; // already all there: leave the file as it is
    }
    match store::save(&ann_path, &target) {
        Ok(()) => report.written.push(ann_path),
        Err(e) => refuse(report, e.to_string()),
    }
}

/// The incoming relations whose ends were imported and whose labels the
/// schema allows, as (head id, child id, label, source); the others are
/// problems, never silently dropped.
fn relations(
    doc: &Incoming,
    ids: &[Option<String>],
    schema: &Schema,
    report: &mut ImportReport,
) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for r in &doc.relations {
        let mut problem = |message: String| {
            report.problems.push(ImportProblem { source: r.source.clone(), message });
        };
        let (Some(head), Some(child)) = (doc.spans.get(r.head), doc.spans.get(r.child)) else {
            problem(format!("relation {}: an end is not a span of this document; not imported", r.label));
            continue;
        };
        let shown = |s: &IncomingSpan| format!("{} {}-{}", s.label, s.start, s.end);
        if !schema.allows_relation(&r.label, &head.label, &child.label) {
            let why = match schema.relation(&r.label) {
                None => format!("schema {} has no relation {}", schema.id, r.label),
                Some(def) => format!(
                    "schema {} allows {} only from {} to {}",
                    schema.id,
                    r.label,
                    def.head.join("/"),
                    def.child.join("/")
                ),
            };
            problem(format!(
                "relation {} from {} to {}: {why}; not imported",
                r.label,
                shown(head),
                shown(child)
            ));
            continue;
        }
        match (&ids[r.head], &ids[r.child]) {
            (Some(h), Some(c)) => out.push((h.clone(), c.clone(), r.label.clone(), r.source.clone())),
            _ => problem(format!(
                "relation {} from {} to {}: an end was not imported (see its problem); not imported",
                r.label,
                shown(head),
                shown(child)
            )),
        }
    }
    out
}

/// Builds the annotation for one incoming span, checking it against the
/// text it was made on (`table`: its code-point table, built once per text).
fn annotation(
    text: &str,
    table: &CharToByte,
    span: &IncomingSpan,
    schema: &Schema,
) -> Result<Annotation, String> {
    if !schema.has_label(&span.label) {
        return Err(format!(
            "label {} is not in schema {}; span {}-{} not imported",
            span.label, schema.id, span.start, span.end
        ));
    }
    let range = match (table.byte(span.start), table.byte(span.end)) {
        (Some(a), Some(b)) if span.start < span.end => a..b,
        _ => {
            return Err(format!(
                "span {}-{} {} is empty or outside the text ({} code points)",
                span.start,
                span.end,
                span.label,
                table.len_chars()
            ))
        }
    };
    let covered = text.get(range).unwrap_or("");
    if let Some(expected) = &span.text {
        if expected != covered {
            return Err(format!(
                "span {}-{} {} covers “{covered}” in the text, not “{expected}” (offsets must be Unicode code points)",
                span.start, span.end, span.label
            ));
        }
    }
    Annotation::new_in(table, text, span.start, span.end, &span.label, Status::Accepted)
        .ok_or_else(|| format!("span {}-{} is outside the text", span.start, span.end))
}

/// Adds `incoming` to `target`; a span already there (same offsets and
/// label) is kept, and accepted if it was rejected. Linear: the existing
/// spans are looked up by (start, end, label). Returns, for each incoming
/// annotation id, the id it has in `target` (its own, or the one already there).
fn merge(
    target: &mut Sidecar,
    incoming: Vec<Annotation>,
    report: &mut ImportReport,
) -> HashMap<String, String> {
    let mut same = HashMap::new();
    let mut placed: HashMap<(usize, usize, String), usize> = HashMap::new();
    for (i, b) in target.annotations.iter().enumerate().filter(|(_, b)| !b.stale) {
        placed.entry((b.start, b.end, b.label.clone())).or_insert(i);
    }
    for a in incoming {
        let key = (a.start, a.end, a.label.clone());
        match placed.get(&key).and_then(|&i| target.annotations.get_mut(i)) {
            Some(b) if b.status == Status::Accepted => {
                same.insert(a.id.clone(), b.id.clone());
                report.unchanged += 1
            }
            Some(b) => {
                same.insert(a.id.clone(), b.id.clone());
                b.status = Status::Accepted;
                report.added += 1;
            }
            None => {
                same.insert(a.id.clone(), a.id.clone());
                placed.insert(key, target.annotations.len());
                target.annotations.push(a);
                report.added += 1;
            }
        }
    }
    same
}

/// A path that stays below the folder it is joined to.
fn is_plain_relative(path: &Path) -> bool {
    path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        && path.components().any(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_below_the_root() {
        assert!(is_plain_relative(Path::new("a.txt")));
        assert!(is_plain_relative(Path::new("./sub/a.txt")));
        assert!(!is_plain_relative(Path::new("../a.txt")));
        assert!(!is_plain_relative(Path::new("/etc/a.txt")));
        assert!(!is_plain_relative(Path::new("")));
    }

    #[test]
    fn spans_are_checked_against_their_text() {
        let schema = Schema::parks_v1();
        let text = "😀 Тро signed";
        let span = |start, end, label: &str, t: Option<&str>| IncomingSpan {
            start,
            end,
            label: label.into(),
            text: t.map(String::from),
            source: "x:1".into(),
        };
        let t = CharToByte::new(text);
        assert_eq!(annotation(text, &t, &span(2, 5, "GPE", Some("Тро")), &schema).unwrap().text, "Тро");
        // Byte offsets instead of code points are caught by the covered text.
        let err = annotation(text, &t, &span(5, 8, "GPE", Some("Тро")), &schema).unwrap_err();
        assert!(err.contains("code points"), "{err}");
        assert!(annotation(text, &t, &span(2, 99, "GPE", None), &schema).unwrap_err().contains("outside"));
        assert!(annotation(text, &t, &span(2, 5, "CITY", None), &schema)
            .unwrap_err()
            .contains("not in schema"));
    }

    #[test]
    fn merging_keeps_existing_and_accepts_rejected() {
        let text = "Ascendas met Technopolis.";
        let mut target = Sidecar::new("parks-v1", text);
        target.annotations.push(Annotation::new(text, 0, 8, "ORG", Status::Accepted).unwrap());
        target.annotations.push(Annotation::new(text, 13, 24, "ORG", Status::Rejected).unwrap());
        let incoming = vec![
            Annotation::new(text, 0, 8, "ORG", Status::Accepted).unwrap(),
            Annotation::new(text, 13, 24, "ORG", Status::Accepted).unwrap(),
            Annotation::new(text, 0, 25, "SIGNING", Status::Accepted).unwrap(),
        ];
        let mut report = ImportReport::default();
        merge(&mut target, incoming, &mut report);
        assert_eq!((report.added, report.unchanged), (2, 1));
        assert_eq!(target.annotations.len(), 3);
        assert!(target.annotations.iter().all(|a| a.status == Status::Accepted));
    }
}
