//! Loading the documents to export: text files found under the given paths,
//! each with its saved annotations (`<file>.txt.ann.json`) and, on request,
//! the engine's suggestions that nobody accepted or rejected yet.

use std::ops::Range;
use std::path::PathBuf;

use pactum_engine::Engine;
use pactum_schema::{LabelKind, Schema};
use pactum_store::{self as store, Sidecar, Status};
use pactum_text::{CharCounter, CharToByte};

use super::ExportProblem;

/// Where a span comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Accepted (or created) by an annotator.
    Accepted,
    /// An engine suggestion nobody acted on (only with `--include-suggestions`).
    Suggested,
}

/// One span to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSpan {
    /// Code-point offsets, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Byte offsets of the same range, for slicing.
    pub bytes: Range<usize>,
    pub label: String,
    pub kind: LabelKind,
    pub origin: Origin,
}

/// One relation to export: `head` and `child` index [`Document::spans`]
/// (both entity spans of the document).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocRelation {
    pub head: usize,
    pub child: usize,
    /// The relation type's name in the schema (`party`).
    pub label: String,
    /// Accepted: an accepted relation of the annotation file; Suggested: an
    /// engine suggestion (only with `--include-suggestions`).
    pub origin: Origin,
}

/// A text with the spans to export, sorted by (start, end, label).
#[derive(Debug, Clone)]
pub struct Document {
    /// The path below the given directory, or the path as given.
    pub id: String,
    pub path: PathBuf,
    pub text: String,
    pub spans: Vec<DocSpan>,
    /// Relations between `spans`, sorted by (head, child, label), no duplicates.
    pub relations: Vec<DocRelation>,
    /// Whether the text has an annotation file (an annotator looked at it),
    /// as opposed to carrying engine suggestions only.
    pub annotated: bool,
}

impl Document {
    /// The text a span covers.
    pub fn covered(&self, span: &DocSpan) -> &str {
        self.text.get(span.bytes.clone()).unwrap_or("")
    }

    /// A problem with one span of this document, for the export report.
    pub fn problem(&self, span: &DocSpan, message: impl Into<String>) -> ExportProblem {
        ExportProblem {
            document: self.id.clone(),
            start: span.start,
            end: span.end,
            label: span.label.clone(),
            message: message.into(),
        }
    }
}

/// A document that could not be exported at all (unreadable text, not
/// UTF-8, malformed annotation file). Nothing of it is in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentProblem {
    pub path: PathBuf,
    pub message: String,
}

/// What loading one input gave.
pub enum Loaded {
    Document(Document),
    /// A text without an annotation file (and suggestions not requested):
    /// left out, because exporting it would claim it has no entities.
    Unannotated(String),
    /// A text whose annotation file does not mark it done, when only done
    /// documents are exported.
    NotDone(String),
    Failed(DocumentProblem),
}

pub use pactum_store::corpus::{read_text, TextFile as Input};

/// Text files under `paths` (see [`pactum_store::corpus::walk`]); walk errors come
/// back as document problems.
pub fn inputs(paths: &[PathBuf]) -> impl Iterator<Item = Result<Input, DocumentProblem>> + '_ {
    pactum_store::corpus::walk(paths)
        .map(|r| r.map_err(|e| DocumentProblem { path: e.path, message: e.message }))
}

/// Whether the input's annotation file marks it done (`None`: no file).
pub fn is_done(input: &Input) -> Result<Option<bool>, DocumentProblem> {
    let ann_path = store::sidecar_path(&input.path);
    match store::load(&ann_path) {
        Ok(s) => Ok(s.map(|s| s.is_done())),
        Err(e) => Err(DocumentProblem { path: ann_path, message: e.to_string() }),
    }
}

/// Loads one input: its text, its accepted annotations and, when asked,
/// the engine suggestions that overlap no annotation of the same kind.
/// Spans that cannot be exported (stale, unknown label) go to `problems`.
pub fn load(
    input: &Input,
    schema: &Schema,
    engine: Option<&Engine>,
    problems: &mut Vec<ExportProblem>,
) -> Loaded {
    let failed = |message: String| Loaded::Failed(DocumentProblem { path: input.path.clone(), message });
    let text = match read_text(&input.path) {
        Ok(t) => t,
        Err(msg) => return failed(msg),
    };
    let ann_path = store::sidecar_path(&input.path);
    let sidecar = match store::load(&ann_path) {
        Ok(s) => s,
        // The store's message already names the annotation file.
        Err(e) => return Loaded::Failed(DocumentProblem { path: ann_path, message: e.to_string() }),
    };
    if sidecar.is_none() && engine.is_none() {
        return Loaded::Unannotated(input.id.clone());
    }
    let suggest = engine.map(|engine| Suggest { engine, spans: None });
    Loaded::Document(build(input.id.clone(), input.path.clone(), text, sidecar, schema, suggest, problems))
}

/// What the engine adds to a document: its span suggestions — computed
/// here, or `spans` already computed on the same text (the language
/// server's analysis) — and its relation suggestions.
#[derive(Clone, Copy)]
pub struct Suggest<'a> {
    pub engine: &'a Engine,
    /// `engine.annotate(text)` when already at hand, sorted by start.
    pub spans: Option<&'a [pactum_engine::Span]>,
}

/// The document to export from a text, its annotations and the engine's
/// suggestions (without I/O): what [`load`] builds from files, and what the
/// language server builds from its memory, so that its agreement card is
/// the exported record.
pub fn build(
    id: String,
    path: PathBuf,
    text: String,
    sidecar: Option<Sidecar>,
    schema: &Schema,
    suggest: Option<Suggest<'_>>,
    problems: &mut Vec<ExportProblem>,
) -> Document {
    let engine = suggest.map(|s| s.engine);
    let annotated = sidecar.is_some();
    let mut doc = Document { id, path, text, spans: Vec::new(), relations: Vec::new(), annotated };
    let table = CharToByte::new(&doc.text);
    let mut taken: Vec<(usize, usize, LabelKind)> = Vec::new();
    let mut sidecar = sidecar;
    if let Some(sidecar) = &mut sidecar {
        if !sidecar.matches_text(&doc.text) {
            // The text was edited outside Pactum: place the annotations in
            // memory as the editor would; the file itself is not touched.
            store::reanchor(sidecar, &doc.text);
        }
        accepted_spans(&mut doc, sidecar, schema, &table, &mut taken, problems);
    }
    if let Some(suggest) = suggest {
        suggested_spans(&mut doc, suggest, schema, &taken);
    }
    doc.spans.sort_by(|a, b| (a.start, a.end, &a.label).cmp(&(b.start, b.end, &b.label)));
    doc.spans.dedup_by(|a, b| (a.start, a.end, &a.label) == (b.start, b.end, &b.label));
    if let Some(sidecar) = &sidecar {
        accepted_relations(&mut doc, sidecar, schema, problems);
    }
    if let Some(engine) = engine {
        suggested_relations(&mut doc, engine, schema, sidecar.as_ref());
    }
    doc.relations.sort();
    doc.relations.dedup_by(|a, b| (a.head, a.child, &a.label) == (b.head, b.child, &b.label));
    doc
}

/// The index in `doc.spans` of the span at (start, end, label).
fn span_index(doc: &Document, start: usize, end: usize, label: &str) -> Option<usize> {
    doc.spans.binary_search_by(|s| (s.start, s.end, s.label.as_str()).cmp(&(start, end, label))).ok()
}

/// The annotation file's accepted relations between exported spans; one
/// whose end is not exported (stale, rejected, unknown label) or whose
/// labels the schema does not allow is a problem, never silently left out.
fn accepted_relations(
    doc: &mut Document,
    sidecar: &Sidecar,
    schema: &Schema,
    problems: &mut Vec<ExportProblem>,
) {
    for r in sidecar.relations.iter().filter(|r| r.status == Status::Accepted) {
        // `store::load` guarantees both ends exist.
        let (Some(head), Some(child)) = (sidecar.annotation(&r.head), sidecar.annotation(&r.child)) else {
            continue;
        };
        let problem = |message: String| ExportProblem {
            document: doc.id.clone(),
            start: head.start,
            end: head.end,
            label: head.label.clone(),
            message,
        };
        if !schema.allows_relation(&r.label, &head.label, &child.label) {
            problems.push(problem(format!(
                "relation {} from {} to {} (“{}”) is not allowed by schema {}",
                r.label, head.label, child.label, child.text, schema.id
            )));
            continue;
        }
        let ends = [head, child].map(|a| {
            (a.status == Status::Accepted && !a.stale)
                .then(|| span_index(doc, a.start, a.end, &a.label))
                .flatten()
        });
        match ends {
            [Some(h), Some(c)] => {
                doc.relations.push(DocRelation { head: h, child: c, label: r.label.clone(), origin: Origin::Accepted })
            }
            _ => problems.push(problem(format!(
                "relation {} to {} “{}” left out: an end is not exported (stale, rejected or not in the schema)",
                r.label, child.label, child.text
            ))),
        }
    }
}

/// Engine relation suggestions between the exported entity spans, minus
/// those the annotation file has (accepted or rejected) between the same spans.
fn suggested_relations(doc: &mut Document, engine: &Engine, schema: &Schema, sidecar: Option<&Sidecar>) {
    let mut spans = Vec::new();
    let mut index = Vec::new();
    for (i, s) in doc.spans.iter().enumerate() {
        let Some(label) = pactum_engine::Label::from_name(&s.label) else { continue };
        if s.kind != LabelKind::Entity {
            continue;
        }
        spans.push(pactum_engine::Span::given(s.bytes.start, s.bytes.end, label));
        index.push(i);
    }
    let known: Vec<(usize, usize, &str)> = sidecar
        .into_iter()
        .flat_map(|s| {
            s.relations.iter().filter_map(move |r| {
                let (h, c) = (s.annotation(&r.head)?, s.annotation(&r.child)?);
                Some((h.start, c.start, r.label.as_str()))
            })
        })
        .collect();
    for r in engine.relations(&doc.text, &spans) {
        let (h, c) = (index[r.head], index[r.child]);
        let label = r.label.as_str();
        let (hs, cs) = (&doc.spans[h], &doc.spans[c]);
        if !schema.allows_relation(label, &hs.label, &cs.label)
            || known.contains(&(hs.start, cs.start, label))
        {
            continue;
        }
        doc.relations.push(DocRelation {
            head: h,
            child: c,
            label: label.to_string(),
            origin: Origin::Suggested,
        });
    }
}

fn accepted_spans(
    doc: &mut Document,
    sidecar: &Sidecar,
    schema: &Schema,
    table: &CharToByte,
    taken: &mut Vec<(usize, usize, LabelKind)>,
    problems: &mut Vec<ExportProblem>,
) {
    for a in &sidecar.annotations {
        let problem = |message: String| ExportProblem {
            document: doc.id.clone(),
            start: a.start,
            end: a.end,
            label: a.label.clone(),
            message,
        };
        let Some(def) = schema.label(&a.label) else {
            // Rejected spans only matter for suppressing suggestions.
            if a.status == Status::Accepted {
                problems.push(problem(format!("label {} is not in schema {}", a.label, schema.id)));
            }
            continue;
        };
        if a.stale {
            if a.status == Status::Accepted {
                problems
                    .push(problem(format!("stale annotation: “{}” no longer occurs in the text", a.text)));
            }
            continue;
        }
        let (Some(bs), Some(be)) = (table.byte(a.start), table.byte(a.end)) else {
            problems.push(problem("offsets are outside the text".into()));
            continue;
        };
        taken.push((a.start, a.end, def.kind));
        if a.status == Status::Accepted {
            doc.spans.push(DocSpan {
                start: a.start,
                end: a.end,
                bytes: bs..be,
                label: a.label.clone(),
                kind: def.kind,
                origin: Origin::Accepted,
            });
        }
    }
}

/// Engine suggestions, minus those overlapping an accepted or rejected
/// annotation of the same kind (an entity inside an accepted clause stays).
fn suggested_spans(
    doc: &mut Document,
    suggest: Suggest<'_>,
    schema: &Schema,
    taken: &[(usize, usize, LabelKind)],
) {
    let computed;
    let spans = match suggest.spans {
        Some(given) => given,
        None => {
            computed = suggest.engine.annotate(&doc.text);
            &computed[..]
        }
    };
    let mut counter = CharCounter::new(&doc.text);
    for s in spans {
        let Some(def) = schema.label(s.label.as_str()) else {
            continue;
        };
        let start = counter.char_offset(s.start);
        let end = counter.char_offset(s.end);
        let overlaps = taken.iter().any(|&(a, b, kind)| kind == def.kind && a < end && start < b);
        if start < end && !overlaps {
            doc.spans.push(DocSpan {
                start,
                end,
                bytes: s.start..s.end,
                label: def.name.clone(),
                kind: def.kind,
                origin: Origin::Suggested,
            });
        }
    }
}

/// A document with spans given by the text they cover (the first
/// occurrence), for the formats' tests.
#[cfg(test)]
pub(crate) fn sample(text: &str, spans: &[(&str, &str, LabelKind)]) -> Document {
    let spans = spans
        .iter()
        .map(|&(sub, label, kind)| {
            let b = text.find(sub).unwrap_or_else(|| panic!("{sub:?} is not in the text"));
            let start = text[..b].chars().count();
            DocSpan {
                start,
                end: start + sub.chars().count(),
                bytes: b..b + sub.len(),
                label: label.into(),
                kind,
                origin: Origin::Accepted,
            }
        })
        .collect();
    Document {
        id: "d.txt".into(),
        path: "d.txt".into(),
        text: text.into(),
        spans,
        relations: Vec::new(),
        annotated: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pactum_store::Annotation;
    use std::path::Path;

    fn write_doc(dir: &Path, name: &str, text: &str, spans: &[(usize, usize, &str, Status)]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let mut s = Sidecar::new("parks-v1", text);
        for &(a, b, label, status) in spans {
            s.annotations.push(Annotation::new(text, a, b, label, status).unwrap());
        }
        store::save(&store::sidecar_path(&path), &s).unwrap();
        path
    }

    fn load_one(path: &Path, engine: Option<&Engine>) -> (Loaded, Vec<ExportProblem>) {
        let mut problems = Vec::new();
        let input = Input { path: path.to_path_buf(), id: "doc".into() };
        let loaded = load(&input, &Schema::parks_v1(), engine, &mut problems);
        (loaded, problems)
    }

    #[test]
    fn loads_accepted_spans_only_with_code_point_and_byte_offsets() {
        let dir = tempfile::tempdir().unwrap();
        let text = "“Ascendas” 😀 met Тро Park.";
        let path = write_doc(
            dir.path(),
            "a.txt",
            text,
            &[(1, 9, "ORG", Status::Accepted), (14, 17, "GPE", Status::Rejected)],
        );
        let (Loaded::Document(doc), problems) = load_one(&path, None) else { panic!("not loaded") };
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.spans.len(), 1);
        assert_eq!(doc.covered(&doc.spans[0]), "Ascendas");
        assert_eq!((doc.spans[0].start, doc.spans[0].end), (1, 9));
        assert_eq!(doc.spans[0].kind, LabelKind::Entity);
    }

    #[test]
    fn accepted_relations_index_the_exported_spans_and_the_others_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Technopolis signed an MOU with Ascendas in 2016.";
        let path = dir.path().join("a.txt");
        std::fs::write(&path, text).unwrap();
        let mut s = Sidecar::new("parks-v1", text);
        let ann = |a, b, label, status| Annotation::new(text, a, b, label, status).unwrap();
        let (org, mou) = (ann(0, 11, "ORG", Status::Accepted), ann(22, 25, "AGREEMENT", Status::Accepted));
        let (other, date) = (ann(31, 39, "ORG", Status::Rejected), ann(43, 47, "DATE", Status::Accepted));
        s.annotations.extend([org.clone(), mou.clone(), other.clone(), date.clone()]);
        s.add_relation(&mou.id, &org.id, "party", Status::Accepted, None).unwrap();
        s.add_relation(&mou.id, &other.id, "party", Status::Accepted, None).unwrap();
        s.add_relation(&mou.id, &date.id, "party", Status::Accepted, None).unwrap();
        s.add_relation(&mou.id, &date.id, "signed_on", Status::Rejected, None).unwrap();
        store::save(&store::sidecar_path(&path), &s).unwrap();
        let (Loaded::Document(doc), problems) = load_one(&path, None) else { panic!("not loaded") };
        assert_eq!(doc.relations.len(), 1, "{:?}", doc.relations);
        let r = &doc.relations[0];
        assert_eq!(
            (doc.covered(&doc.spans[r.head]), doc.covered(&doc.spans[r.child])),
            ("MOU", "Technopolis")
        );
        assert_eq!((r.label.as_str(), r.origin), ("party", Origin::Accepted));
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("not allowed by schema")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("an end is not exported")), "{messages:?}");
    }

    #[test]
    fn unknown_labels_and_stale_annotations_are_problems_not_silence() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Ascendas met Technopolis.";
        let path = write_doc(
            dir.path(),
            "a.txt",
            text,
            &[(0, 8, "COMPANY", Status::Accepted), (13, 24, "ORG", Status::Accepted)],
        );
        // Edit the text so that one annotation can no longer be placed.
        std::fs::write(&path, "Ascendas met Somebody.").unwrap();
        let (Loaded::Document(doc), problems) = load_one(&path, None) else { panic!("not loaded") };
        assert!(doc.spans.is_empty());
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().any(|p| p.message.contains("not in schema")));
        assert!(problems.iter().any(|p| p.message.contains("stale")));
    }

    #[test]
    fn moved_text_is_reanchored_in_memory_without_touching_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path =
            write_doc(dir.path(), "a.txt", "Ascendas met Technopolis.", &[(13, 24, "ORG", Status::Accepted)]);
        let before = std::fs::read(store::sidecar_path(&path)).unwrap();
        std::fs::write(&path, "Yesterday Ascendas met Technopolis.").unwrap();
        let (Loaded::Document(doc), problems) = load_one(&path, None) else { panic!("not loaded") };
        assert!(problems.is_empty());
        assert_eq!(doc.covered(&doc.spans[0]), "Technopolis");
        assert_eq!(std::fs::read(store::sidecar_path(&path)).unwrap(), before);
    }

    #[test]
    fn malformed_annotation_file_fails_the_document_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "text").unwrap();
        std::fs::write(store::sidecar_path(&path), "{oops").unwrap();
        let (Loaded::Failed(p), _) = load_one(&path, None) else { panic!("should fail") };
        assert!(p.path.ends_with("a.txt.ann.json"));
        assert!(p.message.contains("a.txt.ann.json"), "{}", p.message);
        assert_eq!(std::fs::read_to_string(store::sidecar_path(&path)).unwrap(), "{oops");
    }

    #[test]
    fn non_utf8_text_fails_the_document() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"ok \xff bad").unwrap();
        let (Loaded::Failed(p), _) = load_one(&path, None) else { panic!("should fail") };
        assert!(p.message.contains("UTF-8"), "{}", p.message);
    }

    #[test]
    fn texts_without_annotations_are_left_out_unless_suggestions_are_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Technopolis signed an agreement with Ascendas in Singapore.").unwrap();
        assert!(matches!(load_one(&path, None).0, Loaded::Unannotated(_)));
        let engine = Engine::new();
        let (Loaded::Document(doc), _) = load_one(&path, Some(&engine)) else { panic!("not loaded") };
        assert!(doc.spans.iter().all(|s| s.origin == Origin::Suggested));
        let expected: Vec<_> = engine.annotate(&doc.text).into_iter().map(|s| (s.start, s.end)).collect();
        let got: Vec<_> = doc.spans.iter().map(|s| (s.bytes.start, s.bytes.end)).collect();
        assert_eq!(got.len(), expected.len());
    }

    #[test]
    fn suggestions_overlapping_a_decision_of_the_same_kind_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Technopolis signed an agreement with Ascendas in Singapore.";
        let path = dir.path().join("a.txt");
        std::fs::write(&path, text).unwrap();
        let engine = Engine::new();
        let suggestions: Vec<_> = {
            let mut c = CharCounter::new(text);
            engine
                .annotate(text)
                .into_iter()
                .map(|s| (c.char_offset(s.start), c.char_offset(s.end), s.label))
                .collect()
        };
        let Some(&(a, b, label)) = suggestions.iter().find(|s| !s.2.is_clause()) else {
            return; // the engine suggests nothing here: nothing to suppress
        };
        let mut s = Sidecar::new("parks-v1", text);
        s.annotations.push(Annotation::new(text, a, b, label.as_str(), Status::Rejected).unwrap());
        store::save(&store::sidecar_path(&path), &s).unwrap();
        let (Loaded::Document(doc), _) = load_one(&path, Some(&engine)) else { panic!("not loaded") };
        assert!(!doc.spans.iter().any(|s| s.kind == LabelKind::Entity && s.start < b && a < s.end));
    }

    #[test]
    fn directories_are_walked_for_txt_with_ids_below_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.txt"), "b").unwrap();
        std::fs::write(dir.path().join("a.txt"), "a").unwrap();
        std::fs::write(dir.path().join("a.txt.ann.json"), "{}").unwrap();
        let ids: Vec<String> = inputs(&[dir.path().to_path_buf()]).map(|i| i.unwrap().id).collect();
        assert_eq!(ids, ["a.txt", "sub/b.txt"]);
    }
}
