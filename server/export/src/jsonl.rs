//! JSON lines: one document per line, `{"id", "text", "spans", "meta"}`,
//! spans `{"start", "end", "label", "text"}` in code points — the shape of
//! `pactum annotate` and the `spans` convention of Prodigy and spaCy.
//! Every span fits, entities and clauses alike, so nothing is ever dropped.
//! Relations are written in the guide's shape (Prodigy's names):
//! `"relations": [{"head_span": {"start", "end", "label"}, "child_span": {…}, "label"}]`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::documents::Document;
use super::output::OutputFile;
use super::{ExportError, ExportProblem, Sink};

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Line {
    pub id: String,
    pub text: String,
    pub spans: Vec<Span>,
    /// Absent in lines written before relations existed (and read so).
    #[serde(default)]
    pub relations: Vec<LineRelation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// A relation: its ends by offsets and label (they must be spans of the line).
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Clone)]
pub struct LineRelation {
    pub head_span: SpanRef,
    pub child_span: SpanRef,
    pub label: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Clone)]
pub struct SpanRef {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Clone)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The covered text; optional when importing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct Meta {
    /// The text file the document was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The annotation schema the labels belong to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// How many of the spans are engine suggestions nobody reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested: Option<usize>,
}

pub struct JsonlSink {
    out: OutputFile,
    schema_id: String,
}

impl JsonlSink {
    pub fn create(path: &Path, schema_id: &str) -> Result<Self, ExportError> {
        Ok(JsonlSink { out: OutputFile::create(path)?, schema_id: schema_id.to_string() })
    }
}

/// The line for one document.
pub fn line(doc: &Document, schema_id: &str) -> Line {
    let suggested = doc.spans.iter().filter(|s| s.origin == super::documents::Origin::Suggested).count();
    Line {
        id: doc.id.clone(),
        text: doc.text.clone(),
        spans: doc
            .spans
            .iter()
            .map(|s| Span {
                start: s.start,
                end: s.end,
                label: s.label.clone(),
                text: Some(doc.covered(s).to_string()),
            })
            .collect(),
        relations: doc
            .relations
            .iter()
            .map(|r| {
                let end = |i: usize| {
                    let s = &doc.spans[i];
                    SpanRef { start: s.start, end: s.end, label: s.label.clone() }
                };
                LineRelation { head_span: end(r.head), child_span: end(r.child), label: r.label.clone() }
            })
            .collect(),
        meta: Some(Meta {
            path: Some(doc.path.to_string_lossy().into_owned()),
            schema: Some(schema_id.to_string()),
            suggested: (suggested > 0).then_some(suggested),
        }),
    }
}

impl Sink for JsonlSink {
    fn document(&mut self, doc: &Document, _problems: &mut Vec<ExportProblem>) -> Result<usize, ExportError> {
        let mut bytes =
            serde_json::to_vec(&line(doc, &self.schema_id)).map_err(|e| ExportError::Other(e.to_string()))?;
        bytes.push(b'\n');
        self.out.write_all(&bytes)?;
        Ok(doc.spans.len())
    }

    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, ExportError> {
        Ok(vec![self.out.commit()?])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::sample;
    use pactum_schema::LabelKind;

    #[test]
    fn spans_carry_code_point_offsets_and_covered_text() {
        let text = "😀 “Тро” signed.";
        let doc = sample(text, &[("Тро", "GPE", LabelKind::Entity)]);
        let json = serde_json::to_value(line(&doc, "parks-v1")).unwrap();
        assert_eq!(
            json["spans"][0],
            serde_json::json!({"start": 3, "end": 6, "label": "GPE", "text": "Тро"})
        );
        assert_eq!(json["meta"]["schema"], "parks-v1");
        assert_eq!(json["id"], "d.txt");
        let chars: String = text.chars().skip(3).take(3).collect();
        assert_eq!(chars, "Тро");
        assert_eq!(json["relations"], serde_json::json!([]));
    }

    #[test]
    fn relations_are_in_the_guides_shape() {
        let mut doc = sample(
            "😀 Technopolis signed an MOU.",
            &[("Technopolis", "ORG", LabelKind::Entity), ("MOU", "AGREEMENT", LabelKind::Entity)],
        );
        doc.relations.push(crate::documents::DocRelation {
            head: 1,
            child: 0,
            label: "party".into(),
            origin: crate::documents::Origin::Accepted,
        });
        let json = serde_json::to_value(line(&doc, "parks-v1")).unwrap();
        assert_eq!(
            json["relations"],
            serde_json::json!([{"head_span": {"start": 24, "end": 27, "label": "AGREEMENT"},
                                "child_span": {"start": 2, "end": 13, "label": "ORG"}, "label": "party"}])
        );
    }
}
