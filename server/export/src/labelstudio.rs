//! Label Studio: a JSON array of tasks, `data.text` plus the accepted spans
//! as `annotations[0].result[]` of type `labels` (engine suggestions, when
//! asked for, as `predictions[0].result[]`), and the labelling config XML
//! generated from the schema (`<out stem>.config.xml`).
//!
//! Relations are results of type `relation` beside the spans of the same
//! completion: `from_id` (the head's region id), `to_id` (the child's),
//! `direction: "right"` (head → child) and `labels: [name]`; the config
//! declares them with `<Relations>`. Region ids are `pactum-<n>`, n being
//! the span's place in the document, the same in both completions. An
//! accepted relation between accepted spans is in the annotation; any other
//! (a suggestion, or one touching a suggested span) is in the prediction,
//! which then repeats the accepted ends it needs: Label Studio resolves
//! `from_id`/`to_id` within one result list.
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
    result: Vec<Item<'a>>,
}

/// One item of a completion's `result`: a labelled region or a relation.
#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Region(Region<'a>),
    Relation(RelationResult<'a>),
}

/// Label Studio's relation result: `from_id`/`to_id` name regions of the
/// same result list; `direction` "right" reads from → to.
#[derive(Serialize)]
struct RelationResult<'a> {
    from_id: String,
    to_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    direction: &'static str,
    labels: [&'a str; 1],
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
            id: region_id(i),
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
    // Relations of an origin go into the completion holding both their
    // ends: accepted relations between accepted spans in the annotation,
    // the rest (suggested, or touching a suggested span) in the prediction.
    let relations = |origin: Origin| -> Vec<Item<'d>> {
        doc.relations
            .iter()
            .filter(|r| {
                let ends_accepted = [r.head, r.child]
                    .iter()
                    .all(|&i| doc.spans.get(i).is_some_and(|s| s.origin == Origin::Accepted));
                let all_accepted = r.origin == Origin::Accepted && ends_accepted;
                (origin == Origin::Accepted) == all_accepted
            })
            .map(|r| {
                Item::Relation(RelationResult {
                    from_id: region_id(r.head),
                    to_id: region_id(r.child),
                    kind: "relation",
                    direction: "right",
                    labels: [r.label.as_str()],
                })
            })
            .collect()
    };
    let mut accepted: Vec<Item> =
        numbered().filter(|(_, s)| s.origin == Origin::Accepted).map(region).map(Item::Region).collect();
    accepted.extend(relations(Origin::Accepted));
    let mut suggested: Vec<Item> =
        numbered().filter(|(_, s)| s.origin == Origin::Suggested).map(region).map(Item::Region).collect();
    let suggested_relations = relations(Origin::Suggested);
    if !suggested_relations.is_empty() {
        // A prediction's relation may end at an accepted span: the region
        // must be in the prediction's own result for Label Studio to find it.
        let mut ends: Vec<usize> = doc
            .relations
            .iter()
            .filter(|r| {
                r.origin == Origin::Suggested
                    || [r.head, r.child]
                        .iter()
                        .any(|&i| doc.spans.get(i).is_some_and(|s| s.origin != Origin::Accepted))
            })
            .flat_map(|r| [r.head, r.child])
            .filter(|&i| doc.spans.get(i).is_some_and(|s| s.origin == Origin::Accepted))
            .collect();
        ends.sort_unstable();
        ends.dedup();
        suggested.extend(ends.into_iter().filter_map(|i| Some(Item::Region(region((i, doc.spans.get(i)?))))));
        suggested.extend(suggested_relations);
    }
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

/// The region id of `doc.spans[i]`, stable across completions.
fn region_id(i: usize) -> String {
    format!("pactum-{}", i + 1)
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
/// schema's colours, the schema's relation types as `<Relations>`, over one
/// `Text` object showing `$text`.
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
    // Relation types, in schema order; Label Studio offers them on any
    // pair of regions (the schema's head/child labels are checked on export).
    if !schema.relations.is_empty() {
        out.push_str("  <Relations>\n");
        for relation in &schema.relations {
            let _ = writeln!(out, "    <Relation value=\"{}\"/>", escape(&relation.name));
        }
        out.push_str("  </Relations>\n");
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
        for relation in &schema.relations {
            assert!(xml.contains(&format!("<Relation value=\"{}\"/>", relation.name)), "{}", relation.name);
        }
        assert!(!schema.relations.is_empty());
        assert_eq!(escape("a<\"b\">&"), "a&lt;&quot;b&quot;&gt;&amp;");
    }

    #[test]
    fn relations_are_relation_results_naming_regions_of_their_own_completion() {
        use crate::documents::DocRelation;
        let mut doc = sample(
            "😀 Technopolis signed an MOU with Ascendas.",
            &[
                ("Technopolis", "ORG", LabelKind::Entity),
                ("MOU", "AGREEMENT", LabelKind::Entity),
                ("Ascendas", "ORG", LabelKind::Entity),
            ],
        );
        doc.spans.sort_by_key(|s| s.start);
        let rel = |head, child, origin| DocRelation { head, child, label: "party".into(), origin };
        doc.relations = vec![rel(1, 0, Origin::Accepted), rel(1, 2, Origin::Suggested)];
        let json = serde_json::to_value(task(&doc)).unwrap();
        let annotation = json["annotations"][0]["result"].as_array().unwrap();
        let relation = annotation.iter().find(|r| r["type"] == "relation").unwrap();
        assert_eq!(
            relation,
            &serde_json::json!({"from_id": "pactum-2", "to_id": "pactum-1", "type": "relation",
                                "direction": "right", "labels": ["party"]})
        );
        let ids = |results: &[serde_json::Value]| -> Vec<String> {
            results.iter().filter_map(|r| r["id"].as_str().map(String::from)).collect()
        };
        assert_eq!(ids(annotation), ["pactum-1", "pactum-2", "pactum-3"]);
        // The suggested relation is a prediction, with both its (accepted)
        // ends repeated there under the same ids.
        let prediction = json["predictions"][0]["result"].as_array().unwrap();
        let relations: Vec<_> = prediction.iter().filter(|r| r["type"] == "relation").collect();
        assert_eq!(relations.len(), 1);
        assert_eq!(
            (relations[0]["from_id"].as_str(), relations[0]["to_id"].as_str()),
            (Some("pactum-2"), Some("pactum-3"))
        );
        assert_eq!(ids(prediction), ["pactum-2", "pactum-3"]);
        assert_eq!(annotation.iter().filter(|r| r["type"] == "relation").count(), 1);
    }
}
