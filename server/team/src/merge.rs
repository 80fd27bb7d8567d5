//! `pactum merge A B --out C`: two annotators' copies into one. Spans both
//! copies have (same start, end and label) are kept; every other span is a
//! conflict, listed, and either kept out ([`OnConflict::Drop`]) or kept and
//! marked ([`OnConflict::Mark`]). Relations likewise. Rejections of either
//! copy are kept (they only hide engine suggestions) unless the merged
//! document accepts that very span. Documents in one copy only are copied as
//! they are (and listed); documents whose texts differ are skipped, or with
//! [`Mismatch::Reanchor`] merged onto A's text.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pactum_store::{self as store, Annotation, DocumentState, DocumentStatus, Sidecar, Status};
use serde::Serialize;
use serde_json::json;

use super::agree::Mismatch;
use super::copy::{Copy, CopyDoc, Relation, Span};
pub use super::output::Overwrite;
use super::output::{self, Shape};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    /// Conflicting spans are left out of the merged copy (and listed).
    Drop,
    /// Conflicting spans are kept and marked: `"conflict": "<copy>"` in
    /// JSON lines; listed in the report for folders.
    Mark,
}

#[derive(Debug, Clone)]
pub struct MergeOptions {
    pub on_conflict: OnConflict,
    pub mismatch: Mismatch,
    /// The schema id written into new annotation files.
    pub schema_id: String,
}

/// A span or relation the two copies disagree on.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Conflict {
    pub document: String,
    /// The copy that has it (the other one does not).
    pub copy: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub text: String,
    /// `span` or `relation` (then start/end/label are the head's and
    /// `relation` names the relation label and child).
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
}

/// One merged document.
#[derive(Debug, Clone)]
pub struct MergedDoc {
    pub id: String,
    pub text: Option<String>,
    /// Spans with the copy that alone has them (`None`: agreed).
    pub spans: Vec<(Span, Option<String>)>,
    pub relations: Option<Vec<(Relation, Option<String>)>>,
    /// The annotation file to write, for folder output.
    pub sidecar: Option<Sidecar>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct MergeReport {
    pub documents: usize,
    pub agreed_spans: usize,
    pub conflicts: Vec<Conflict>,
    pub only_in_a: Vec<String>,
    pub only_in_b: Vec<String>,
    /// Same id, different text: skipped unless re-anchored.
    pub text_mismatch: Vec<String>,
    pub reanchored: Vec<String>,
    #[serde(skip)]
    pub docs: Vec<MergedDoc>,
}

/// Merges `b` into `a` (A's text and annotation ids win where both have them).
pub fn merge(a: &Copy, b: &Copy, options: &MergeOptions) -> MergeReport {
    let mut report = MergeReport::default();
    for da in &a.docs {
        let Some(db) = b.get(&da.id) else {
            report.only_in_a.push(da.id.clone());
            report.docs.push(as_is(da, &a.name, options));
            continue;
        };
        let placed;
        let db = match (&da.text, &db.text) {
            (Some(ta), Some(tb)) if ta != tb => {
                report.text_mismatch.push(da.id.clone());
                if options.mismatch == Mismatch::Skip {
                    continue;
                }
                placed = super::agree::reanchor_onto(db, ta).0;
                report.reanchored.push(da.id.clone());
                &placed
            }
            _ => db,
        };
        report.docs.push(merge_doc(
            da,
            db,
            &a.name,
            &b.name,
            options,
            &mut report.conflicts,
            &mut report.agreed_spans,
        ));
    }
    for db in &b.docs {
        if a.get(&db.id).is_none() {
            report.only_in_b.push(db.id.clone());
            report.docs.push(as_is(db, &b.name, options));
        }
    }
    report.documents = report.docs.len();
    report
}

/// A document only one copy has, taken as it is.
fn as_is(doc: &CopyDoc, _copy: &str, options: &MergeOptions) -> MergedDoc {
    MergedDoc {
        id: doc.id.clone(),
        text: doc.text.clone(),
        spans: doc.spans.iter().map(|s| (s.clone(), None)).collect(),
        relations: doc.relations.as_ref().map(|r| r.iter().map(|x| (x.clone(), None)).collect()),
        sidecar: doc.sidecar.clone().or_else(|| {
            let text = doc.text.as_deref()?;
            let mut s = Sidecar::new(&options.schema_id, text);
            s.annotations = doc
                .spans
                .iter()
                .filter_map(|sp| Annotation::new(text, sp.start, sp.end, &sp.label, Status::Accepted))
                .collect();
            Some(s)
        }),
    }
}

fn covered(text: Option<&str>, s: &Span) -> String {
    text.map(|t| t.chars().skip(s.start).take(s.end.saturating_sub(s.start)).collect()).unwrap_or_default()
}

fn merge_doc(
    da: &CopyDoc,
    db: &CopyDoc,
    name_a: &str,
    name_b: &str,
    options: &MergeOptions,
    conflicts: &mut Vec<Conflict>,
    agreed_count: &mut usize,
) -> MergedDoc {
    let text = da.text.clone().or_else(|| db.text.clone());
    let (sa, sb): (BTreeSet<&Span>, BTreeSet<&Span>) = (da.spans.iter().collect(), db.spans.iter().collect());
    let mut spans: Vec<(Span, Option<String>)> = Vec::new();
    for s in sa.intersection(&sb) {
        spans.push(((*s).clone(), None));
        *agreed_count += 1;
    }
    for (only, name) in [(sa.difference(&sb), name_a), (sb.difference(&sa), name_b)] {
        for s in only {
            conflicts.push(Conflict {
                document: da.id.clone(),
                copy: name.to_string(),
                start: s.start,
                end: s.end,
                label: s.label.clone(),
                text: covered(text.as_deref(), s),
                kind: "span".into(),
                relation: None,
            });
            if options.on_conflict == OnConflict::Mark {
                spans.push(((*s).clone(), Some(name.to_string())));
            }
        }
    }
    spans.sort();
    let kept: BTreeSet<&Span> = spans.iter().map(|(s, _)| s).collect();
    let relations = match (&da.relations, &db.relations) {
        (None, None) => None,
        (ra, rb) => {
            let ra: BTreeSet<&Relation> = ra.iter().flatten().collect();
            let rb: BTreeSet<&Relation> = rb.iter().flatten().collect();
            let mut out: Vec<(Relation, Option<String>)> =
                ra.intersection(&rb).map(|r| ((*r).clone(), None)).collect();
            for (only, name) in [(ra.difference(&rb), name_a), (rb.difference(&ra), name_b)] {
                for r in only {
                    conflicts.push(Conflict {
                        document: da.id.clone(),
                        copy: name.to_string(),
                        start: r.head.start,
                        end: r.head.end,
                        label: r.head.label.clone(),
                        text: covered(text.as_deref(), &r.head),
                        kind: "relation".into(),
                        relation: Some(format!(
                            "{} → {} {} “{}”",
                            r.label,
                            r.child.label,
                            r.child.start,
                            covered(text.as_deref(), &r.child)
                        )),
                    });
                    if options.on_conflict == OnConflict::Mark {
                        out.push(((*r).clone(), Some(name.to_string())));
                    }
                }
            }
            // A relation needs both its spans in the merged document.
            out.retain(|(r, _)| kept.contains(&r.head) && kept.contains(&r.child));
            out.sort();
            Some(out)
        }
    };
    let sidecar = text.as_deref().map(|t| {
        let mut sidecar = merged_sidecar(t, &spans, da, db, options);
        add_relations(&mut sidecar, relations.iter().flatten().map(|(r, _)| r));
        sidecar
    });
    MergedDoc { id: da.id.clone(), text, spans, relations, sidecar }
}

/// The merged annotation file: each kept span as one of the copies recorded
/// it (its id and annotator), rejections of both copies that no kept span
/// contradicts, and `done` only when both copies were done and agree fully.
fn merged_sidecar(
    text: &str,
    spans: &[(Span, Option<String>)],
    da: &CopyDoc,
    db: &CopyDoc,
    options: &MergeOptions,
) -> Sidecar {
    let mut sidecar = Sidecar::new(&options.schema_id, text);
    let stored = |doc: &CopyDoc, s: &Span, status: Status| -> Option<Annotation> {
        doc.sidecar
            .as_ref()?
            .annotations
            .iter()
            .find(|a| {
                !a.stale && a.status == status && a.start == s.start && a.end == s.end && a.label == s.label
            })
            .cloned()
    };
    let mut ids = std::collections::HashSet::new();
    for (s, _) in spans {
        let a = stored(da, s, Status::Accepted)
            .or_else(|| stored(db, s, Status::Accepted))
            .or_else(|| Annotation::new(text, s.start, s.end, &s.label, Status::Accepted));
        if let Some(mut a) = a {
            if !ids.insert(a.id.clone()) {
                a.id = format!("{}-b", a.id);
            }
            sidecar.annotations.push(a);
        }
    }
    let accepted: BTreeSet<(usize, usize)> = spans.iter().map(|(s, _)| (s.start, s.end)).collect();
    for doc in [da, db] {
        for a in doc.sidecar.iter().flat_map(|s| &s.annotations) {
            let dup = sidecar
                .annotations
                .iter()
                .any(|x| x.start == a.start && x.end == a.end && x.label == a.label);
            if a.status == Status::Rejected && !a.stale && !accepted.contains(&(a.start, a.end)) && !dup {
                let mut a = a.clone();
                if !ids.insert(a.id.clone()) {
                    a.id = format!("{}-b", a.id);
                }
                sidecar.annotations.push(a);
            }
        }
    }
    let conflicts = spans.iter().any(|(_, c)| c.is_some()) || da.spans != db.spans;
    let done = |d: &CopyDoc| {
        d.sidecar.as_ref().and_then(|s| s.document.clone()).filter(|s| s.status == DocumentState::Done)
    };
    if let (Some(x), Some(y), false) = (done(da), done(db), conflicts) {
        let mut by: Vec<String> = x.by.iter().chain(y.by.iter()).cloned().collect();
        by.dedup();
        let at = if x.at >= y.at { x.at } else { y.at };
        sidecar.document = Some(DocumentStatus {
            status: DocumentState::Done,
            by: (!by.is_empty()).then(|| by.join(", ")),
            at,
        });
    }
    sidecar
}

/// The merged relations into the merged annotation file, between the
/// accepted annotations at their ends (every kept relation has both ends
/// kept, so each finds its annotations).
fn add_relations<'r>(sidecar: &mut Sidecar, relations: impl Iterator<Item = &'r Relation>) {
    let id_of = |sidecar: &Sidecar, s: &Span| {
        sidecar
            .annotations
            .iter()
            .find(|a| {
                a.status == Status::Accepted && a.start == s.start && a.end == s.end && a.label == s.label
            })
            .map(|a| a.id.clone())
    };
    for r in relations {
        if let (Some(h), Some(c)) = (id_of(sidecar, &r.head), id_of(sidecar, &r.child)) {
            // Both ends exist and differ (a relation's spans differ), so this cannot fail.
            let _ = sidecar.add_relation(&h, &c, &r.label, Status::Accepted, None);
        }
    }
}

/// Where to write a merged copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    JsonLines,
    Folder,
}

impl OutputKind {
    /// `.jsonl` (or `.json`) names a JSON-lines file; anything else a folder.
    pub fn for_path(out: &Path) -> Self {
        match out.extension().and_then(|e| e.to_str()) {
            Some("jsonl") | Some("json") => OutputKind::JsonLines,
            _ => OutputKind::Folder,
        }
    }
}

/// Writes the merged documents; returns the files written. Checked first
/// (`output`): never over one of the copies (`inputs`), a special file or a
/// symlink; an existing file or non-empty folder only with
/// `Overwrite::Replace`, so nobody's work is overwritten by accident.
pub fn write(
    report: &MergeReport,
    out: &Path,
    inputs: &[&Path],
    overwrite: Overwrite,
) -> Result<Vec<PathBuf>, String> {
    let kind = OutputKind::for_path(out);
    let shape = match kind {
        OutputKind::JsonLines => Shape::File,
        OutputKind::Folder => Shape::Folder,
    };
    output::check(out, shape, inputs, overwrite)?;
    match kind {
        OutputKind::JsonLines => write_jsonl(report, out).map(|()| vec![out.to_path_buf()]),
        OutputKind::Folder => write_folder(report, out),
    }
}

fn write_jsonl(report: &MergeReport, out: &Path) -> Result<(), String> {
    let mut body = String::new();
    for d in &report.docs {
        let text = d.text.as_deref();
        let spans: Vec<serde_json::Value> = d
            .spans
            .iter()
            .map(|(s, c)| {
                let mut v =
                    json!({ "start": s.start, "end": s.end, "label": s.label, "text": covered(text, s) });
                if let Some(c) = c {
                    v["conflict"] = json!(c);
                }
                v
            })
            .collect();
        let mut line = json!({ "id": d.id, "spans": spans });
        if let Some(t) = text {
            line["text"] = json!(t);
        }
        if let Some(rels) = &d.relations {
            let side = |s: &Span| json!({ "start": s.start, "end": s.end, "label": s.label });
            line["relations"] = rels
                .iter()
                .map(|(r, c)| {
                    let mut v =
                        json!({ "head_span": side(&r.head), "child_span": side(&r.child), "label": r.label });
                    if let Some(c) = c {
                        v["conflict"] = json!(c);
                    }
                    v
                })
                .collect();
        }
        body.push_str(&line.to_string());
        body.push('\n');
    }
    output::write_atomic(out, body.as_bytes())
}

fn write_folder(report: &MergeReport, out: &Path) -> Result<Vec<PathBuf>, String> {
    // Every path checked before the first write: a refusal writes nothing.
    let mut planned = Vec::new();
    for d in &report.docs {
        let (Some(text), Some(sidecar)) = (&d.text, &d.sidecar) else {
            return Err(format!(
                "{}: no text in either copy, cannot write it to a folder (use --out FILE.jsonl)",
                d.id
            ));
        };
        let path = out.join(&d.id);
        if !path.starts_with(out) || d.id.split(['/', '\\']).any(|c| c == "..") {
            return Err(format!("{}: document id leaves the output folder; not written", d.id));
        }
        let ann = store::sidecar_path(&path);
        output::check_inside(out, &path)?;
        output::check_inside(out, &ann)?;
        planned.push((path, ann, text, sidecar));
    }
    let mut written = Vec::new();
    for (path, ann, text, sidecar) in planned {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        output::write_atomic(&path, text.as_bytes())?;
        store::save(&ann, sidecar).map_err(|e| e.to_string())?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jsonl(dir: &Path, name: &str, lines: &[serde_json::Value]) -> Copy {
        let p = dir.join(name);
        std::fs::write(&p, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
        Copy::load(&p).unwrap()
    }

    #[test]
    fn agreed_spans_are_kept_and_conflicts_listed_dropped_or_marked() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Ascendas signed an MoU with Technopolis.";
        let sp = |s: usize, e: usize, l: &str| json!({"start": s, "end": e, "label": l});
        let rel = |h: serde_json::Value, c: serde_json::Value| json!({"head_span": h, "child_span": c, "label": "party"});
        let a = jsonl(
            dir.path(),
            "a.jsonl",
            &[json!({"id": "x", "text": text,
            "spans": [sp(0, 8, "ORG"), sp(19, 22, "AGREEMENT"), sp(28, 39, "ORG")],
            "relations": [rel(sp(19, 22, "AGREEMENT"), sp(0, 8, "ORG")), rel(sp(19, 22, "AGREEMENT"), sp(28, 39, "ORG"))]})],
        );
        let b = jsonl(
            dir.path(),
            "b.jsonl",
            &[json!({"id": "x", "text": text,
            "spans": [sp(0, 8, "ORG"), sp(19, 22, "AGREEMENT"), sp(28, 39, "PARK")],
            "relations": [rel(sp(19, 22, "AGREEMENT"), sp(0, 8, "ORG")), rel(sp(19, 22, "AGREEMENT"), sp(28, 39, "PARK"))]})],
        );
        let opts = |on_conflict| MergeOptions {
            on_conflict,
            mismatch: Mismatch::Skip,
            schema_id: "parks-v1".into(),
        };
        let r = merge(&a, &b, &opts(OnConflict::Drop));
        assert_eq!(r.agreed_spans, 2);
        let kinds: Vec<(&str, &str)> =
            r.conflicts.iter().map(|c| (c.kind.as_str(), c.label.as_str())).collect();
        assert_eq!(kinds.iter().filter(|k| k.0 == "span").count(), 2, "{kinds:?}");
        assert_eq!(kinds.iter().filter(|k| k.0 == "relation").count(), 2, "{kinds:?}");
        let d = &r.docs[0];
        assert_eq!(d.spans.len(), 2);
        assert_eq!(d.relations.as_ref().unwrap().len(), 1);
        assert_eq!(d.sidecar.as_ref().unwrap().annotations.len(), 2);
        // The merged annotation file holds the agreed relation between its annotations.
        let sidecar = d.sidecar.as_ref().unwrap();
        assert_eq!(sidecar.relations.len(), 1);
        assert!(sidecar.relation_problems().is_empty());
        assert_eq!(sidecar.annotation(&sidecar.relations[0].child).unwrap().text, "Ascendas");

        let r = merge(&a, &b, &opts(OnConflict::Mark));
        let d = &r.docs[0];
        assert_eq!(d.spans.len(), 4);
        assert_eq!(d.spans.iter().filter(|(_, c)| c.is_some()).count(), 2);
        assert_eq!(d.relations.as_ref().unwrap().len(), 3);
        let out = dir.path().join("merged.jsonl");
        write(&r, &out, &[], Overwrite::Refuse).unwrap();
        let line: serde_json::Value =
            serde_json::from_str(std::fs::read_to_string(&out).unwrap().trim()).unwrap();
        assert_eq!(
            line["spans"].as_array().unwrap().iter().filter(|s| s.get("conflict").is_some()).count(),
            2
        );
        // Never over an existing file, unless told; never over a copy.
        assert!(write(&r, &out, &[], Overwrite::Refuse).unwrap_err().contains("already exists"));
        write(&r, &out, &[], Overwrite::Replace).unwrap();
        let a_path = dir.path().join("a.jsonl");
        let before = std::fs::read(&a_path).unwrap();
        assert!(write(&r, &a_path, &[a_path.as_path()], Overwrite::Replace)
            .unwrap_err()
            .contains("copies being merged"));
        assert_eq!(std::fs::read(&a_path).unwrap(), before);
    }
}
