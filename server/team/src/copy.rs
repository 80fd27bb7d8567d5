//! One annotator's copy of the corpus, loaded for comparison: a JSON-lines
//! file in the guide's shape (`{"id", "text", "spans", "relations"}`) or a
//! folder of texts with their annotation files (`<file>.txt.ann.json`).
//!
//! Only accepted, placed annotations are spans: rejected suggestions say
//! what a document does *not* contain, and stale annotations have no place in
//! the text. A text whose annotation file was made on another version of it
//! is re-anchored in memory (the file is not touched), as the exports do.
//! Whatever cannot be read is a [`Problem`] naming its path; the rest loads.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pactum_store::{self as store, DocumentState, Sidecar, Status};
use serde_json::Value;

/// A span: code-point offsets, end exclusive, and a label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

impl Span {
    pub fn new(start: usize, end: usize, label: &str) -> Self {
        Span { start, end, label: label.to_string() }
    }
}

/// A relation between two spans (the guide's `head_span` → `child_span`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Relation {
    pub head: Span,
    pub child: Span,
    pub label: String,
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Line `line` (1-based) of a JSON-lines file.
    Line { path: PathBuf, line: usize },
    /// A text file and its annotation file.
    File { text: PathBuf },
}

/// One document of a copy.
#[derive(Debug, Clone)]
pub struct CopyDoc {
    pub id: String,
    /// The text, when the copy has it (JSON lines may leave it out).
    pub text: Option<String>,
    /// Accepted spans, sorted, duplicates removed.
    pub spans: Vec<Span>,
    /// `None`: this copy does not annotate relations for the document (the
    /// JSON line has no `relations` key); `Some(vec![])`: it has none.
    pub relations: Option<Vec<Relation>>,
    /// The document's review state, for folders with a status recorded.
    pub status: Option<DocumentState>,
    /// The annotation file, for folder copies (merging writes it back).
    pub sidecar: Option<Sidecar>,
    pub origin: Origin,
}

/// Something that could not be read; the rest of the copy still loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyKind {
    JsonLines,
    Folder,
}

/// One annotator's copy.
#[derive(Debug, Clone)]
pub struct Copy {
    /// The path as given, used to name the copy in reports.
    pub name: String,
    pub path: PathBuf,
    pub kind: CopyKind,
    /// Documents in file or walk order.
    pub docs: Vec<CopyDoc>,
    index: HashMap<String, usize>,
    pub problems: Vec<Problem>,
    /// Texts of a folder that have no annotation file (nobody annotated
    /// them in this copy): not documents of the copy.
    pub unannotated: Vec<String>,
}

impl Copy {
    /// Loads a copy: a directory is a folder of texts, anything else a
    /// JSON-lines file. Fails only when the path itself cannot be read.
    pub fn load(path: &Path) -> Result<Copy, Problem> {
        if path.is_dir() {
            Ok(load_folder(path))
        } else {
            load_jsonl(path)
        }
    }

    pub fn get(&self, id: &str) -> Option<&CopyDoc> {
        self.index.get(id).and_then(|&i| self.docs.get(i))
    }

    fn new(path: &Path, kind: CopyKind) -> Copy {
        Copy {
            name: path.display().to_string(),
            path: path.to_path_buf(),
            kind,
            docs: Vec::new(),
            index: HashMap::new(),
            problems: Vec::new(),
            unannotated: Vec::new(),
        }
    }

    /// Adds a document; a second document with the same id is a problem and
    /// the first is kept (as `score.py` does).
    fn push(&mut self, doc: CopyDoc, problem_path: &Path) {
        if self.index.contains_key(&doc.id) {
            self.problems.push(Problem {
                path: problem_path.to_path_buf(),
                message: format!("duplicate id {:?}; keeping the first", doc.id),
            });
            return;
        }
        self.index.insert(doc.id.clone(), self.docs.len());
        self.docs.push(doc);
    }
}

// ------------------------------------------------------------ JSON lines

fn load_jsonl(path: &Path) -> Result<Copy, Problem> {
    let bytes = std::fs::read(path)
        .map_err(|e| Problem { path: path.to_path_buf(), message: format!("cannot read: {e}") })?;
    let text = String::from_utf8(bytes).map_err(|e| Problem {
        path: path.to_path_buf(),
        message: format!("not valid UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()),
    })?;
    let mut copy = Copy::new(path, CopyKind::JsonLines);
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let at = PathBuf::from(format!("{}:{lineno}", path.display()));
        let problem = |message: String| copy_problem(&at, message);
        let record: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                copy.problems.push(problem(format!("bad JSON ({e}); line skipped")));
                continue;
            }
        };
        let Some(id) = record.get("id").filter(|_| record.is_object()) else {
            copy.problems.push(problem("record without \"id\"; skipped".into()));
            continue;
        };
        let id = match id {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let doc_text = record.get("text").and_then(Value::as_str).map(str::to_string);
        let mut spans = Vec::new();
        for sp in record.get("spans").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            match span_of(sp) {
                Some(s) => spans.push(s),
                None => copy.problems.push(problem(format!("malformed span {sp}; skipped"))),
            }
        }
        let relations = record.get("relations").and_then(Value::as_array).map(|rels| {
            let mut out = Vec::new();
            for r in rels {
                match relation_of(r) {
                    Some(rel) => out.push(rel),
                    None => copy.problems.push(copy_problem(&at, format!("malformed relation {r}; skipped"))),
                }
            }
            out
        });
        if let Some(t) = &doc_text {
            check_span_texts(&record, t, &at, &mut copy.problems);
        }
        spans.sort();
        spans.dedup();
        let origin = Origin::Line { path: path.to_path_buf(), line: lineno };
        let doc = CopyDoc { id, text: doc_text, spans, relations, status: None, sidecar: None, origin };
        copy.push(doc, &at);
    }
    Ok(copy)
}

fn copy_problem(at: &Path, message: String) -> Problem {
    Problem { path: at.to_path_buf(), message }
}

fn offset(v: &Value) -> Option<usize> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        _ => None,
    }
}

fn span_of(v: &Value) -> Option<Span> {
    let start = offset(v.get("start")?)?;
    let end = offset(v.get("end")?)?;
    let label = v.get("label")?.as_str()?;
    (start <= end).then(|| Span::new(start, end, label))
}

fn relation_of(v: &Value) -> Option<Relation> {
    Some(Relation {
        head: span_of(v.get("head_span")?)?,
        child: span_of(v.get("child_span")?)?,
        label: v.get("label")?.as_str()?.to_string(),
    })
}

/// Spans whose `text` is not what their offsets cover (byte offsets, or
/// UTF-16 ones) are reported once per line: comparing them would be wrong.
fn check_span_texts(record: &Value, text: &str, at: &Path, problems: &mut Vec<Problem>) {
    let Some(spans) = record.get("spans").and_then(Value::as_array) else { return };
    let chars: Vec<char> = text.chars().collect();
    let mut bad = 0;
    let mut example = None;
    for sp in spans {
        let Some(s) = span_of(sp) else { continue };
        let covered: Option<String> = chars.get(s.start..s.end).map(|c| c.iter().collect());
        let recorded = sp.get("text").and_then(Value::as_str);
        let wrong = match (&covered, recorded) {
            (None, _) => true,
            (Some(c), Some(r)) => c != r,
            (Some(_), None) => false,
        };
        if wrong {
            bad += 1;
            example.get_or_insert((s.start, s.end, s.label));
        }
    }
    if let Some((s, e, l)) = example {
        problems.push(copy_problem(
            at,
            format!(
                "{bad} span(s) whose offsets do not cover their text (offsets must be code points), e.g. {l} at {s}-{e}"
            ),
        ));
    }
}

// ---------------------------------------------------------------- folders

fn load_folder(root: &Path) -> Copy {
    let mut copy = Copy::new(root, CopyKind::Folder);
    let roots = [root.to_path_buf()];
    for found in store::corpus::walk(&roots) {
        let file = match found {
            Ok(f) => f,
            Err(e) => {
                copy.problems.push(Problem { path: e.path, message: e.message });
                continue;
            }
        };
        let ann_path = store::sidecar_path(&file.path);
        let sidecar = match store::load(&ann_path) {
            Ok(Some(s)) => s,
            Ok(None) => {
                copy.unannotated.push(file.id);
                continue;
            }
            // The store's message names the annotation file already.
            Err(e) => {
                let message = without_path(&e.to_string(), &ann_path);
                copy.problems.push(Problem { path: ann_path, message });
                continue;
            }
        };
        let text = match store::corpus::read_text(&file.path) {
            Ok(t) => t,
            Err(message) => {
                copy.problems.push(Problem { path: file.path.clone(), message });
                continue;
            }
        };
        let doc = folder_doc(file.id, file.path.clone(), text, sidecar);
        copy.push(doc, &file.path);
    }
    copy
}

fn without_path(message: &str, path: &Path) -> String {
    let p = path.display().to_string();
    message.replacen(&format!("{p} "), "", 1).replacen(&format!("{p}: "), "", 1)
}

/// A document of a folder: the text and its annotation file, re-anchored in
/// memory when the file was made on another version of the text.
pub fn folder_doc(id: String, path: PathBuf, text: String, mut sidecar: Sidecar) -> CopyDoc {
    if !sidecar.matches_text(&text) {
        store::reanchor(&mut sidecar, &text);
    }
    let mut spans: Vec<Span> = sidecar
        .annotations
        .iter()
        .filter(|a| a.status == Status::Accepted && !a.stale)
        .map(|a| Span::new(a.start, a.end, &a.label))
        .collect();
    spans.sort();
    spans.dedup();
    let relations = sidecar_relations(&sidecar);
    let status = sidecar.document.as_ref().map(|d| d.status);
    CopyDoc {
        id,
        text: Some(text),
        spans,
        relations,
        status,
        sidecar: Some(sidecar),
        origin: Origin::File { text: path },
    }
}

/// The relations an annotation file records, as spans: its accepted
/// relations whose ends are accepted, placed annotations. `None` when the
/// file has no relations at all (written before relations existed, or
/// nobody annotated any): the document is then left out of relation
/// agreement, as `score.py` leaves out a gold line without `relations`.
fn sidecar_relations(sidecar: &Sidecar) -> Option<Vec<Relation>> {
    if sidecar.relations.is_empty() {
        return None;
    }
    let span = |id: &str| {
        sidecar
            .annotation(id)
            .filter(|a| a.status == Status::Accepted && !a.stale)
            .map(|a| Span::new(a.start, a.end, &a.label))
    };
    let mut out: Vec<Relation> = sidecar
        .relations
        .iter()
        .filter(|r| r.status == Status::Accepted)
        .filter_map(|r| {
            Some(Relation { head: span(&r.head)?, child: span(&r.child)?, label: r.label.clone() })
        })
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotation_file_relations_are_spans_of_accepted_placed_ends() {
        let text = "Technopolis signed an MOU with Ascendas.";
        let mut s = Sidecar::new("parks-v1", text);
        assert!(sidecar_relations(&s).is_none(), "no relations: left out of relation agreement");
        let org = store::Annotation::new(text, 0, 11, "ORG", Status::Accepted).unwrap();
        let mou = store::Annotation::new(text, 22, 25, "AGREEMENT", Status::Accepted).unwrap();
        let other = store::Annotation::new(text, 31, 39, "ORG", Status::Rejected).unwrap();
        s.annotations.extend([org.clone(), mou.clone(), other.clone()]);
        s.add_relation(&mou.id, &org.id, "party", Status::Accepted, None).unwrap();
        s.add_relation(&mou.id, &other.id, "party", Status::Accepted, None).unwrap();
        s.add_relation(&org.id, &mou.id, "party", Status::Rejected, None).unwrap();
        let rels = sidecar_relations(&s).unwrap();
        assert_eq!(
            rels,
            [Relation {
                head: Span::new(22, 25, "AGREEMENT"),
                child: Span::new(0, 11, "ORG"),
                label: "party".into()
            }]
        );
    }

    #[test]
    fn json_lines_keep_good_records_and_report_bad_ones_with_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.jsonl");
        let lines = [
            r#"{"id": "x", "text": "Ascendas met Тро.", "spans": [{"start": 0, "end": 8, "label": "ORG", "text": "Ascendas"}, {"start": 0, "end": 8, "label": "ORG"}, {"start": 3}]}"#,
            "",
            "{oops",
            r#"{"spans": []}"#,
            r#"{"id": "x", "spans": []}"#,
            r#"{"id": 7, "spans": [{"start": 0, "end": 2, "label": "GPE", "text": "no"}], "text": "Тро", "relations": [{"head_span": {"start": 0, "end": 1, "label": "A"}, "child_span": {"start": 1, "end": 2, "label": "B"}, "label": "party"}, {"label": "x"}]}"#,
        ];
        std::fs::write(&p, lines.join("\n")).unwrap();
        let c = Copy::load(&p).unwrap();
        assert_eq!(c.docs.len(), 2);
        let x = c.get("x").unwrap();
        assert_eq!(x.spans, vec![Span::new(0, 8, "ORG")]);
        assert!(x.relations.is_none());
        let seven = c.get("7").unwrap();
        assert_eq!(seven.relations.as_ref().unwrap().len(), 1);
        let msgs: Vec<String> = c.problems.iter().map(ToString::to_string).collect();
        for want in [
            ":1: malformed span",
            ":3: bad JSON",
            ":4: record without",
            ":5: duplicate id",
            ":6: malformed relation",
            ":6: 1 span(s) whose offsets",
        ] {
            assert!(msgs.iter().any(|m| m.contains(want)), "{want} not in {msgs:#?}");
        }
    }

    #[test]
    fn folders_give_accepted_spans_and_report_malformed_annotation_files() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Ascendas met Technopolis.";
        std::fs::write(dir.path().join("a.txt"), text).unwrap();
        std::fs::write(dir.path().join("b.txt"), text).unwrap();
        std::fs::write(dir.path().join("c.txt"), text).unwrap();
        let mut s = Sidecar::new("parks-v1", text);
        s.annotations.push(store::Annotation::new(text, 0, 8, "ORG", Status::Accepted).unwrap());
        s.annotations.push(store::Annotation::new(text, 13, 24, "ORG", Status::Rejected).unwrap());
        store::save(&store::sidecar_path(&dir.path().join("a.txt")), &s).unwrap();
        std::fs::write(dir.path().join("b.txt.ann.json"), "{broken").unwrap();
        let c = Copy::load(dir.path()).unwrap();
        assert_eq!(c.docs.len(), 1);
        assert_eq!(c.docs[0].id, "a.txt");
        assert_eq!(c.docs[0].spans, vec![Span::new(0, 8, "ORG")]);
        assert_eq!(c.unannotated, vec!["c.txt".to_string()]);
        assert_eq!(c.problems.len(), 1);
        assert!(c.problems[0].path.ends_with("b.txt.ann.json"), "{:?}", c.problems);
    }
}
