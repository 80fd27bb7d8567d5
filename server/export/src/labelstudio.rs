//! Label Studio: a JSON array of tasks, `data.text` plus the accepted spans
//! as `annotations[0].result[]` of type `labels` (engine suggestions, when
//! asked for, as `predictions[0].result[]`), and the labelling config XML
//! generated from the schema (`<out stem>.config.xml`).
//!
//! Offsets are counted as Label Studio counts them, in UTF-16 code units
//! (JavaScript string indices): an emoji counts two. Every span fits.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::documents::{DocSpan, Document, Origin};
use super::output::{write_file, OutputFile};
use super::{ExportError, ExportProblem, Sink};
use pactum_schema::{LabelKind, Schema};

/// The control tags of the generated config, one per kind of label.
const ENTITY_CONTROL: &str = "label";
const CLAUSE_CONTROL: &str = "clause";
/// The object tag holding the text, and the task data key it shows.
const TEXT_OBJECT: &str = "text";

pub struct LabelStudioSink {
    out: OutputFile,
    config_path: PathBuf,
    config: String,
    tasks: usize,
}

impl LabelStudioSink {
    pub fn create(path: &Path, schema: &Schema) -> Result<Self, ExportError> {
        let out = OutputFile::create(path)?;
        let stem =
            path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "tasks".into());
        let config_path = path.with_file_name(format!("{stem}.config.xml"));
        let mut sink = LabelStudioSink { out, config_path, config: config(schema), tasks: 0 };
        sink.out.write_all(b"[")?;
        Ok(sink)
    }
}

impl Sink for LabelStudioSink {
    fn document(&mut self, doc: &Document, _problems: &mut Vec<ExportProblem>) -> Result<usize, ExportError> {
        let json = serde_json::to_string(&task(doc)).map_err(|e| ExportError::Other(e.to_string()))?;
        self.out.write_all(if self.tasks == 0 { b"\n" } else { b",\n" })?;
        self.out.write_all(json.as_bytes())?;
        self.tasks += 1;
        Ok(doc.spans.len())
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<PathBuf>, ExportError> {
        self.out.write_all(b"\n]\n")?;
        let tasks = self.out.commit()?;
        let config = write_file(&self.config_path, self.config.as_bytes())?;
        Ok(vec![tasks, config])
    }
}

#[derive(Serialize)]
pub struct Task<'a> {
    data: TaskData<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    annotations: Vec<Completion<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    predictions: Vec<Completion<'a>>,
}

#[derive(Serialize)]
struct TaskData<'a> {
    text: &'a str,
    /// Pactum's document id, so results can be traced back to the file.
    document: &'a str,
}

#[derive(Serialize)]
struct Completion<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    model_version: Option<&'static str>,
    result: Vec<Region<'a>>,
}

#[derive(Serialize)]
struct Region<'a> {
    id: String,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    origin: &'static str,
    value: RegionValue<'a>,
}

#[derive(Serialize)]
struct RegionValue<'a> {
    /// UTF-16 code units.
    start: usize,
    end: usize,
    text: &'a str,
    labels: [&'a str; 1],
}

/// The task for one document.
pub fn task<'d>(doc: &'d Document) -> Task<'d> {
    let utf16 = Utf16Offsets::new(&doc.text, doc.spans.iter().flat_map(|s| [s.bytes.start, s.bytes.end]));
    let region = |(i, s): (usize, &'d DocSpan)| -> Region<'d> {
        Region {
            id: format!("pactum-{}", i + 1),
            from_name: if s.kind == LabelKind::Clause { CLAUSE_CONTROL } else { ENTITY_CONTROL },
            to_name: TEXT_OBJECT,
            kind: "labels",
            origin: if s.origin == Origin::Accepted { "manual" } else { "prediction" },
            value: RegionValue {
                start: utf16.get(s.bytes.start),
                end: utf16.get(s.bytes.end),
                text: doc.covered(s),
                labels: [s.label.as_str()],
            },
        }
    };
    let numbered = || doc.spans.iter().enumerate();
    let accepted: Vec<Region> =
        numbered().filter(|(_, s)| s.origin == Origin::Accepted).map(region).collect();
    let suggested: Vec<Region> =
        numbered().filter(|(_, s)| s.origin == Origin::Suggested).map(region).collect();
    Task {
        data: TaskData { text: &doc.text, document: &doc.id },
        // An annotated text gets its annotation even when it has no span:
        // "looked at, nothing to tag" is an answer too.
        annotations: if doc.annotated {
            vec![Completion { model_version: None, result: accepted }]
        } else {
            Vec::new()
        },
        predictions: if suggested.is_empty() {
            Vec::new()
        } else {
            vec![Completion { model_version: Some("pactum-engine"), result: suggested }]
        },
    }
}

/// UTF-16 offsets of a set of byte offsets, found in one pass over the text.
struct Utf16Offsets {
    /// Sorted (byte, utf16) pairs.
    table: Vec<(usize, usize)>,
}

impl Utf16Offsets {
    fn new(text: &str, bytes: impl Iterator<Item = usize>) -> Self {
        let mut wanted: Vec<usize> = bytes.collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut table = Vec::with_capacity(wanted.len());
        let (mut byte, mut units) = (0, 0);
        for b in wanted {
            let b = pactum_text::floor_char_boundary(text, b);
            units += pactum_text::utf16_len(text.get(byte..b).unwrap_or_default());
            byte = b.max(byte);
            table.push((b, units));
        }
        Utf16Offsets { table }
    }

    fn get(&self, byte: usize) -> usize {
        match self.table.binary_search_by_key(&byte, |&(b, _)| b) {
            Ok(i) => self.table.get(i).map_or(0, |&(_, u)| u),
            Err(_) => 0,
        }
    }
}

/// The labelling config: a `Labels` control per kind of label, with the
/// schema's colours, over one `Text` object showing `$text`.
pub fn config(schema: &Schema) -> String {
    let mut out = format!("<!-- Generated by Pactum from schema {} -->\n<View>\n", escape(&schema.id));
    for (kind, control) in [(LabelKind::Entity, ENTITY_CONTROL), (LabelKind::Clause, CLAUSE_CONTROL)] {
        if schema.labels_of(kind).next().is_none() {
            continue;
        }
        let _ = writeln!(out, "  <Labels name=\"{control}\" toName=\"{TEXT_OBJECT}\">");
        for label in schema.labels_of(kind) {
            let _ = write!(out, "    <Label value=\"{}\"", escape(&label.name));
            if let Some(color) = &label.color {
                let _ = write!(out, " background=\"{}\"", escape(color));
            }
            if !label.description.is_empty() {
                let _ = write!(out, " hint=\"{}\"", escape(&label.description));
            }
            out.push_str("/>\n");
        }
        out.push_str("  </Labels>\n");
    }
    let _ = writeln!(out, "  <Text name=\"{TEXT_OBJECT}\" value=\"${TEXT_OBJECT}\"/>\n</View>");
    out
}

/// Escapes text for an XML attribute value or comment.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace("--", "&#45;&#45;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::sample;

    #[test]
    fn offsets_are_utf16_code_units() {
        let text = "😀 Тро and 🇨🇳 Ascendas.";
        let doc = sample(
            text,
            &[
                ("Тро", "GPE", LabelKind::Entity),
                ("Ascendas", "ORG", LabelKind::Entity),
                ("Ascendas.", "SIGNING", LabelKind::Clause),
            ],
        );
        let json = serde_json::to_value(task(&doc)).unwrap();
        let result = &json["annotations"][0]["result"];
        // 😀 is two code units, the flag four.
        assert_eq!(
            result[0]["value"],
            serde_json::json!({"start": 3, "end": 6, "text": "Тро", "labels": ["GPE"]})
        );
        assert_eq!(result[1]["value"]["start"], 16);
        assert_eq!(result[2]["from_name"], "clause");
        assert_eq!(result[1]["from_name"], "label");
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&units[16..24]).unwrap(), "Ascendas");
        assert!(json.get("predictions").is_none());
    }

    #[test]
    fn suggestions_are_predictions_and_unannotated_texts_have_no_annotation() {
        let mut doc = sample(
            "Ascendas met Technopolis.",
            &[("Ascendas", "ORG", LabelKind::Entity), ("Technopolis", "ORG", LabelKind::Entity)],
        );
        doc.spans[1].origin = Origin::Suggested;
        let json = serde_json::to_value(task(&doc)).unwrap();
        assert_eq!(json["annotations"][0]["result"].as_array().unwrap().len(), 1);
        assert_eq!(json["predictions"][0]["model_version"], "pactum-engine");
        assert_eq!(json["predictions"][0]["result"][0]["value"]["text"], "Technopolis");
        assert_eq!(json["predictions"][0]["result"][0]["origin"], "prediction");
        doc.annotated = false;
        doc.spans.remove(0);
        let json = serde_json::to_value(task(&doc)).unwrap();
        assert!(json.get("annotations").is_none());
    }

    #[test]
    fn config_has_every_label_in_its_control() {
        let schema = Schema::parks_v1();
        let xml = config(&schema);
        for label in &schema.labels {
            assert!(xml.contains(&format!("<Label value=\"{}\"", label.name)), "{}", label.name);
        }
        assert!(xml.contains("<Labels name=\"clause\" toName=\"text\">"));
        assert!(xml.contains("<Text name=\"text\" value=\"$text\"/>"));
        assert_eq!(escape("a<\"b\">&"), "a&lt;&quot;b&quot;&gt;&amp;");
    }
}
