//! Reading JSON lines (`{"id", "text", "spans": [{"start", "end", "label"}]}`,
//! code-point offsets): Pactum's own export, `pactum annotate`, Prodigy.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::{ImportProblem, ImportReport, Incoming, IncomingRelation, IncomingSpan};
use crate::jsonl::Line;

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
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            report.problems.push(ImportProblem { source: shown, message: format!("cannot read: {e}") });
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
            Ok(doc) => {
                // A relation's ends are spans of the same line, found by
                // offsets and label; one that names no span is an error.
                let find = |e: &crate::jsonl::SpanRef| {
                    doc.spans.iter().position(|s| s.start == e.start && s.end == e.end && s.label == e.label)
                };
                let mut relations = Vec::new();
                for (k, r) in doc.relations.iter().enumerate() {
                    match (find(&r.head_span), find(&r.child_span)) {
                        (Some(head), Some(child)) => relations.push(IncomingRelation {
                            head,
                            child,
                            label: r.label.clone(),
                            source: source.clone(),
                        }),
                        (h, _) => {
                            let (which, e) =
                                if h.is_none() { ("head", &r.head_span) } else { ("child", &r.child_span) };
                            report.problems.push(ImportProblem {
                                source: source.clone(),
                                message: format!(
                                    "relations[{k}] ({}): its {which}_span {} {}-{} is not among the line's spans; not imported",
                                    r.label, e.label, e.start, e.end
                                ),
                            });
                        }
                    }
                }
                out.push(Incoming {
                    relative: PathBuf::from(&doc.id),
                    text: Some(doc.text),
                    spans: doc
                        .spans
                        .into_iter()
                        .map(|s| IncomingSpan {
                            start: s.start,
                            end: s.end,
                            label: s.label,
                            text: s.text,
                            source: source.clone(),
                        })
                        .collect(),
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
            "{\"id\": \"a.txt\", \"text\": \"Тро\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"GPE\"}]}\n\n{oops\n",
        )
        .unwrap();
        let mut report = ImportReport::default();
        let docs = read(&[path], &mut report);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].relative, PathBuf::from("a.txt"));
        assert_eq!(docs[0].spans[0].end, 3);
        assert_eq!(report.problems.len(), 1);
        assert!(report.problems[0].source.ends_with("in.jsonl:3"), "{:?}", report.problems);
    }
}
