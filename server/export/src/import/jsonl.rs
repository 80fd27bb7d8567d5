//! Reading JSON lines (`{"id", "text", "spans": [{"start", "end", "label"}]}`,
//! code-point offsets): Pactum's own export, `pactum annotate`, Prodigy.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::{ImportProblem, ImportReport, Incoming, IncomingRelation, IncomingSpan};
use crate::jsonl::Line;

/// The one offset unit a line may state (`"offsets": "code_points"`).
const CODE_POINTS: &str = "code_points";

/// Whether bytes and code points agree up to code point `end` (the text
/// before it is ASCII): only then is a span without `text` unambiguous.
fn ascii_up_to(text: &str, table: &pactum_text::CharToByte, end: usize) -> bool {
    table.byte(end).and_then(|b| text.get(..b)).unwrap_or(text).is_ascii()
}

fn ambiguous(s: &crate::jsonl::Span) -> String {
    format!(
        "span {}-{} {} has no \"text\", and the text before its end is not ASCII, so its offsets could be \
         bytes or code points; not imported — add the covered text as \"text\", or state the unit on the \
         line: \"offsets\": \"{CODE_POINTS}\"",
        s.start, s.end, s.label
    )
}

/// Reads every `*.jsonl` file in `paths` (files as given, directories walked).
/// Lines that are not documents are reported and skipped.
pub fn read(paths: &[PathBuf], report: &mut ImportReport) -> Vec<Incoming> {
    let mut out = Vec::new();
    for (file, _) in super::brat::files_with_extension(paths, "jsonl", report) {
        read_file(&file, &mut out, report);
    }
    out
}

fn read_file(path: &Path, out: &mut Vec<Incoming>, report: &mut ImportReport) {
    let shown = path.display().to_string();
    // Streamed line by line, so only the type is checked (a FIFO or device
    // never blocks the import); the JSON-lines cap bounds its size.
    let file = match pactum_store::untrusted::open(path, pactum_store::untrusted::Kind::Lines) {
        Ok((f, _)) => f,
        Err(e) => {
            report.problems.push(ImportProblem { source: shown, message: e.to_string() });
            return;
        }
    };
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let source = format!("{shown}:{}", i + 1);
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                report.problems.push(ImportProblem { source, message: format!("cannot read: {e}") });
                return;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(&line) {
            Ok(doc) if doc.offsets.as_deref().is_some_and(|o| o != CODE_POINTS) => {
                report.problems.push(ImportProblem {
                    source,
                    message: format!(
                    "offsets are {:?}; only \"{CODE_POINTS}\" (Unicode code points) are read — convert them",
                    doc.offsets.unwrap_or_default()
                ),
                })
            }
            Ok(doc) => {
                let stated = doc.offsets.is_some();
                let table = pactum_text::CharToByte::new(&doc.text);
                // Where each of the line's spans went among the imported
                // ones (None: refused), so relations point at the right ones.
                let mut kept = Vec::with_capacity(doc.spans.len());
                let mut spans = Vec::with_capacity(doc.spans.len());
                for s in &doc.spans {
                    if s.text.is_none() && !stated && !ascii_up_to(&doc.text, &table, s.end) {
                        report.problems.push(ImportProblem { source: source.clone(), message: ambiguous(s) });
                        kept.push(None);
                        continue;
                    }
                    kept.push(Some(spans.len()));
                    spans.push(IncomingSpan {
                        start: s.start,
                        end: s.end,
                        label: s.label.clone(),
                        text: s.text.clone(),
                        source: source.clone(),
                    });
                }
                // A relation's ends are spans of the same line, found by
                // offsets and label; one that names no span is an error.
                let find = |e: &crate::jsonl::SpanRef| {
                    doc.spans.iter().position(|s| s.start == e.start && s.end == e.end && s.label == e.label)
                };
                let mut relations = Vec::new();
                for (k, r) in doc.relations.iter().enumerate() {
                    let (head, child) = (find(&r.head_span), find(&r.child_span));
                    match (head.and_then(|h| kept[h]), child.and_then(|c| kept[c])) {
                        (Some(head), Some(child)) => relations.push(IncomingRelation {
                            head,
                            child,
                            label: r.label.clone(),
                            source: source.clone(),
                        }),
                        (h, _) => {
                            let (which, e) =
                                if h.is_none() { ("head", &r.head_span) } else { ("child", &r.child_span) };
                            let why = if head.is_some() && child.is_some() {
                                "was not imported"
                            } else {
                                "is not among the line's spans"
                            };
                            report.problems.push(ImportProblem {
                                source: source.clone(),
                                message: format!(
                                    "relations[{k}] ({}): its {which}_span {} {}-{} {why}; not imported",
                                    r.label, e.label, e.start, e.end
                                ),
                            });
                        }
                    }
                }
                out.push(Incoming {
                    relative: PathBuf::from(&doc.id),
                    text: Some(doc.text),
                    spans,
                    relations,
                    source,
                })
            }
            Err(e) => {
                report.problems.push(ImportProblem { source, message: format!("not a document line: {e}") })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_documents_and_reports_bad_lines_with_their_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        std::fs::write(
            &path,
            "{\"id\": \"a.txt\", \"text\": \"Тро\", \"offsets\": \"code_points\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"GPE\"}]}\n\n{oops\n\
             {\"id\": \"b.txt\", \"text\": \"Тро\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"GPE\"}]}\n",
        )
        .unwrap();
        let mut report = ImportReport::default();
        let docs = read(&[path], &mut report);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].relative, PathBuf::from("a.txt"));
        assert_eq!(docs[0].spans[0].end, 3);
        assert_eq!(report.problems.len(), 2);
        assert!(report.problems[0].source.ends_with("in.jsonl:3"), "{:?}", report.problems);
        // Without the unit stated or the covered text, non-ASCII offsets are ambiguous.
        assert!(docs[1].spans.is_empty());
        assert!(report.problems[1].source.ends_with("in.jsonl:4"), "{:?}", report.problems);
        assert!(report.problems[1].message.contains("bytes or code points"), "{:?}", report.problems);
    }
}
