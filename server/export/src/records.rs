//! Agreement records, the analyst's table (issue 11, item 6): one record per
//! AGREEMENT span of a document, built from its relations — the parties
//! (`party`), the signatories (`signatory`) with their roles (`has_role`)
//! and organisations (`member_of`), the signing dates (`signed_on`) — and
//! the SIGNING / PURPOSE / COMMITMENT clauses of the sentence that mentions
//! it.
//!
//! [`agreement_records`] is a pure function of (text, spans, relations);
//! the language server's agreement card is [`agreement_record`] of the same
//! builder, so it shows exactly what `pactum export --format records` writes. The sinks below write it as
//! JSON lines (`records`) and CSV (`records-csv`).

use std::ops::Range;
use std::path::{Path, PathBuf};

use pactum_engine::{Label, RelationLabel};
use pactum_text::CharToByte;
use serde::Serialize;

use super::documents::Document;
use super::output::OutputFile;
use super::tokens::sentence_starts;
use super::{ExportError, ExportProblem, Sink};

/// A span as the record builder reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanIn<'a> {
    /// Byte offsets into the text.
    pub bytes: Range<usize>,
    /// The label's name (`AGREEMENT`); labels the records do not use are ignored.
    pub label: &'a str,
}

/// A relation as the record builder reads it: `head` and `child` index the spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationIn<'a> {
    pub head: usize,
    pub child: usize,
    /// The relation type's name (`party`).
    pub label: &'a str,
}

/// A mention in the text; offsets in code points, like every Pactum export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub text: String,
    pub label: String,
    pub start: usize,
    pub end: usize,
}

/// A person who signed the instrument, with what the text says they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signatory {
    pub person: Mention,
    /// ROLE spans the person `has_role` (in any sentence naming them the same way).
    pub roles: Vec<Mention>,
    /// ORG / PARK / GPE spans the person is `member_of`.
    pub organisations: Vec<Mention>,
}

/// One agreement (one AGREEMENT span) as the analyst's table row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgreementRecord {
    pub instrument: Mention,
    pub parties: Vec<Mention>,
    pub signatories: Vec<Signatory>,
    pub signed_on: Vec<Mention>,
    /// Clause spans overlapping the sentence that mentions the instrument.
    pub signing: Vec<Mention>,
    pub purpose: Vec<Mention>,
    pub commitment: Vec<Mention>,
}

/// The records of one document, in the order of their AGREEMENT spans.
///
/// Lists keep text order and hold each (text, label) once: a party named
/// twice in the sentence is one party. Roles and organisations of a
/// signatory come from the relations of every PERSON span with the same
/// text, so `Anoop Ambika, CEO of KSUM` in one sentence gives the role to
/// `Anoop Ambika` signing in another. Relations whose indices are out of
/// range, or whose label or ends are not the ones a record reads, are
/// ignored: the exports report those as problems before this runs.
pub fn agreement_records(text: &str, spans: &[SpanIn], relations: &[RelationIn]) -> Vec<AgreementRecord> {
    records_of(text, spans, relations, |_| true)
}

/// The record of one AGREEMENT span, `spans[agreement]` (the language
/// server's agreement card: the same builder, so the card and the export
/// cannot disagree). `None` when that span is no AGREEMENT in the text.
pub fn agreement_record(
    text: &str,
    spans: &[SpanIn],
    relations: &[RelationIn],
    agreement: usize,
) -> Option<AgreementRecord> {
    records_of(text, spans, relations, |i| i == agreement).pop()
}

fn records_of(
    text: &str,
    spans: &[SpanIn],
    relations: &[RelationIn],
    wanted: impl Fn(usize) -> bool,
) -> Vec<AgreementRecord> {
    let table = CharToByte::new(text);
    let mention = |i: usize| -> Option<Mention> {
        let s = spans.get(i)?;
        Some(Mention {
            text: text.get(s.bytes.clone())?.to_string(),
            label: s.label.to_string(),
            start: table.char_of(s.bytes.start)?,
            end: table.char_of(s.bytes.end)?,
        })
    };
    let is = |i: usize, label: Label| spans.get(i).is_some_and(|s| s.label == label.as_str());
    let related = |head: usize, label: RelationLabel| {
        let mut children: Vec<usize> = relations
            .iter()
            .filter(|r| r.head == head && r.label == label.as_str() && r.child < spans.len())
            .map(|r| r.child)
            .collect();
        children.sort_by_key(|&c| (spans[c].bytes.start, spans[c].bytes.end));
        children
    };
    let mentions = |indices: Vec<usize>| -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        for m in indices.into_iter().filter_map(mention) {
            if !out.iter().any(|o| o.text == m.text && o.label == m.label) {
                out.push(m);
            }
        }
        out
    };
    let sentences = sentence_ranges(text);
    let clauses = |bytes: &Range<usize>, label: Label| -> Vec<Mention> {
        let Some(sentence) = sentences.iter().find(|s| s.start <= bytes.start && bytes.start < s.end) else {
            return Vec::new();
        };
        mentions(
            (0..spans.len())
                .filter(|&i| {
                    is(i, label) && spans[i].bytes.start < sentence.end && sentence.start < spans[i].bytes.end
                })
                .collect(),
        )
    };

    let mut order: Vec<usize> = (0..spans.len()).filter(|&i| wanted(i) && is(i, Label::Agreement)).collect();
    order.sort_by_key(|&i| (spans[i].bytes.start, spans[i].bytes.end));
    order
        .into_iter()
        .filter_map(|a| {
            let instrument = mention(a)?;
            let signatories = mentions(related(a, RelationLabel::Signatory))
                .into_iter()
                .map(|person| {
                    // Every PERSON span named like this one.
                    let same: Vec<usize> = (0..spans.len())
                        .filter(|&p| {
                            is(p, Label::Person) && text.get(spans[p].bytes.clone()) == Some(&person.text)
                        })
                        .collect();
                    let of = |label| mentions(same.iter().flat_map(|&p| related(p, label)).collect());
                    Signatory {
                        roles: of(RelationLabel::HasRole),
                        organisations: of(RelationLabel::MemberOf),
                        person,
                    }
                })
                .collect();
            let bytes = &spans[a].bytes;
            Some(AgreementRecord {
                parties: mentions(related(a, RelationLabel::Party)),
                signatories,
                signed_on: mentions(related(a, RelationLabel::SignedOn)),
                signing: clauses(bytes, Label::Signing),
                purpose: clauses(bytes, Label::Purpose),
                commitment: clauses(bytes, Label::Commitment),
                instrument,
            })
        })
        .collect()
}

/// The engine's sentences as byte ranges covering the whole text.
fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut starts = sentence_starts(text);
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    starts.iter().copied().zip(ends).map(|(s, e)| s..e).collect()
}

/// The records of an exported document (its spans and relations, whatever
/// their origin).
pub fn document_records(doc: &Document) -> Vec<AgreementRecord> {
    let spans: Vec<SpanIn> =
        doc.spans.iter().map(|s| SpanIn { bytes: s.bytes.clone(), label: &s.label }).collect();
    let relations: Vec<RelationIn> =
        doc.relations.iter().map(|r| RelationIn { head: r.head, child: r.child, label: &r.label }).collect();
    agreement_records(&doc.text, &spans, &relations)
}

/// The record of the AGREEMENT span `doc.spans[span]` (the language
/// server's agreement card); `None` when it is no AGREEMENT.
pub fn document_record(doc: &Document, span: usize) -> Option<AgreementRecord> {
    let spans: Vec<SpanIn> =
        doc.spans.iter().map(|s| SpanIn { bytes: s.bytes.clone(), label: &s.label }).collect();
    let relations: Vec<RelationIn> =
        doc.relations.iter().map(|r| RelationIn { head: r.head, child: r.child, label: &r.label }).collect();
    agreement_record(&doc.text, &spans, &relations, span)
}

/// One JSON line of `--format records`.
#[derive(Serialize)]
struct Line<'a> {
    document: &'a str,
    #[serde(flatten)]
    record: &'a AgreementRecord,
}

/// `--format records`: one JSON line per agreement.
pub struct RecordsSink {
    out: OutputFile,
    records: usize,
}

impl RecordsSink {
    pub fn create(path: &Path) -> Result<Self, ExportError> {
        Ok(RecordsSink { out: OutputFile::create(path)?, records: 0 })
    }
}

impl Sink for RecordsSink {
    fn document(&mut self, doc: &Document, _problems: &mut Vec<ExportProblem>) -> Result<usize, ExportError> {
        for record in document_records(doc) {
            let json = serde_json::to_string(&Line { document: &doc.id, record: &record })
                .map_err(|e| ExportError::Other(e.to_string()))?;
            self.out.write_all(json.as_bytes())?;
            self.out.write_all(b"\n")?;
            self.records += 1;
        }
        // Every span is read; the ones no record shows are not "lost".
        Ok(doc.spans.len())
    }

    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, ExportError> {
        Ok(vec![self.out.commit()?])
    }

    fn notes(&self) -> Vec<String> {
        vec![format!(
            "{} agreement record(s): one per AGREEMENT span, built from its relations",
            self.records
        )]
    }
}

/// The CSV columns of `--format records-csv`.
pub const CSV_HEADER: [&str; 10] = [
    "document",
    "instrument",
    "instrument_start",
    "instrument_end",
    "parties",
    "signatories",
    "signed_on",
    "signing",
    "purpose",
    "commitment",
];

/// One CSV row: names joined by `; `, each with its label or what the
/// person is in parentheses; clause sentences one per line in their cell.
pub fn csv_row(document: &str, r: &AgreementRecord) -> [String; 10] {
    let names = |ms: &[Mention]| ms.iter().map(|m| m.text.as_str()).collect::<Vec<_>>().join(", ");
    let parties =
        r.parties.iter().map(|m| format!("{} ({})", m.text, m.label)).collect::<Vec<_>>().join("; ");
    let signatories = r
        .signatories
        .iter()
        .map(|s| {
            let about: Vec<String> =
                [names(&s.roles), names(&s.organisations)].into_iter().filter(|x| !x.is_empty()).collect();
            if about.is_empty() {
                s.person.text.clone()
            } else {
                format!("{} ({})", s.person.text, about.join("; "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let lines = |ms: &[Mention]| ms.iter().map(|m| m.text.as_str()).collect::<Vec<_>>().join("\n");
    [
        document.to_string(),
        r.instrument.text.clone(),
        r.instrument.start.to_string(),
        r.instrument.end.to_string(),
        parties,
        signatories,
        r.signed_on.iter().map(|m| m.text.as_str()).collect::<Vec<_>>().join("; "),
        lines(&r.signing),
        lines(&r.purpose),
        lines(&r.commitment),
    ]
}

/// `--format records-csv`: the same records as a spreadsheet, quoted by the
/// `csv` crate (RFC 4180: cells hold commas, quotes and line breaks).
pub struct RecordsCsvSink {
    path: PathBuf,
    writer: csv::Writer<Vec<u8>>,
    records: usize,
}

impl RecordsCsvSink {
    pub fn create(path: &Path) -> Result<Self, ExportError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(CSV_HEADER).map_err(|e| ExportError::Other(e.to_string()))?;
        Ok(RecordsCsvSink { path: path.to_path_buf(), writer, records: 0 })
    }
}

impl Sink for RecordsCsvSink {
    fn document(&mut self, doc: &Document, _problems: &mut Vec<ExportProblem>) -> Result<usize, ExportError> {
        for record in document_records(doc) {
            self.writer
                .write_record(csv_row(&doc.id, &record))
                .map_err(|e| ExportError::Other(format!("{}: {e}", doc.id)))?;
            self.records += 1;
        }
        Ok(doc.spans.len())
    }

    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, ExportError> {
        let bytes = self.writer.into_inner().map_err(|e| ExportError::Other(e.to_string()))?;
        Ok(vec![super::output::write_file(&self.path, &bytes)?])
    }

    fn notes(&self) -> Vec<String> {
        vec![format!(
            "{} agreement record(s): one per AGREEMENT span, built from its relations",
            self.records
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spans given by the text they cover (the n-th occurrence when `#n` follows).
    fn spans<'a>(text: &str, given: &[(&str, &'a str)]) -> Vec<SpanIn<'a>> {
        given
            .iter()
            .map(|&(sub, label)| {
                let (sub, nth) = sub.split_once('#').map_or((sub, 0), |(s, n)| (s, n.parse().unwrap()));
                let b = text.match_indices(sub).nth(nth).unwrap_or_else(|| panic!("{sub:?}")).0;
                SpanIn { bytes: b..b + sub.len(), label }
            })
            .collect()
    }

    fn rel(head: usize, child: usize, label: &str) -> RelationIn<'_> {
        RelationIn { head, child, label }
    }

    const TEXT: &str =
        "Anoop Ambika, CEO of KSUM, spoke. “The MoU” was signed by Anoop Ambika and Лена Берг \
                        with Technopolis and KSUM on 3 May 2024. It aims to grow startups. \
                        A second deal was signed with Ascendas.";

    fn sample() -> Vec<AgreementRecord> {
        let s = spans(
            TEXT,
            &[
                ("Anoop Ambika", "PERSON"),   // 0
                ("CEO", "ROLE"),              // 1
                ("KSUM", "ORG"),              // 2
                ("The MoU", "AGREEMENT"),     // 3
                ("Anoop Ambika#1", "PERSON"), // 4
                ("Лена Берг", "PERSON"),      // 5
                ("Technopolis", "ORG"),       // 6
                ("KSUM#1", "ORG"),            // 7
                ("3 May 2024", "DATE"),       // 8
                ("“The MoU” was signed by Anoop Ambika and Лена Берг with Technopolis and KSUM on 3 May 2024.", "SIGNING"), // 9
                ("It aims to grow startups.", "PURPOSE"), // 10
                ("deal", "AGREEMENT"),        // 11
                ("Ascendas", "ORG"),          // 12
            ],
        );
        let r = [
            rel(0, 1, "has_role"),
            rel(0, 2, "member_of"),
            rel(3, 7, "party"),
            rel(3, 6, "party"),
            rel(3, 5, "signatory"),
            rel(3, 4, "signatory"),
            rel(3, 8, "signed_on"),
            rel(11, 12, "party"),
            // Out of range or not read by records: ignored, no panic.
            rel(3, 99, "party"),
            rel(6, 2, "located_in"),
        ];
        agreement_records(TEXT, &s, &r)
    }

    #[test]
    fn one_record_per_agreement_span_built_from_its_relations() {
        let records = sample();
        assert_eq!(records.len(), 2);
        let mou = &records[0];
        assert_eq!(mou.instrument.text, "The MoU");
        // Code points: the curly quote before it counts one.
        assert_eq!(mou.instrument.start, TEXT[..TEXT.find("The MoU").unwrap()].chars().count());
        let texts = |ms: &[Mention]| ms.iter().map(|m| m.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&mou.parties), ["Technopolis", "KSUM"]);
        assert_eq!(mou.parties[1].label, "ORG");
        assert_eq!(texts(&mou.signed_on), ["3 May 2024"]);
        let people: Vec<_> = mou.signatories.iter().map(|s| s.person.text.as_str()).collect();
        assert_eq!(people, ["Anoop Ambika", "Лена Берг"]);
        // The role and organisation stated in the first sentence.
        assert_eq!(texts(&mou.signatories[0].roles), ["CEO"]);
        assert_eq!(texts(&mou.signatories[0].organisations), ["KSUM"]);
        assert!(mou.signatories[1].roles.is_empty());
        assert_eq!(mou.signing.len(), 1);
        // The purpose is the next sentence: not about this mention.
        assert!(mou.purpose.is_empty() && mou.commitment.is_empty());
        let deal = &records[1];
        assert_eq!((deal.instrument.text.as_str(), texts(&deal.parties)), ("deal", vec!["Ascendas".into()]));
        assert!(deal.signatories.is_empty() && deal.signing.is_empty());
    }

    #[test]
    fn the_record_of_one_agreement_is_its_row_of_the_table() {
        let all = sample();
        let s = spans(TEXT, &[("Anoop Ambika", "PERSON"), ("The MoU", "AGREEMENT"), ("deal", "AGREEMENT")]);
        let r = [rel(1, 0, "signatory")];
        let one = agreement_record(TEXT, &s, &r, 1).expect("an agreement");
        assert_eq!(one.instrument, all[0].instrument);
        assert_eq!(one.signatories[0].person.text, "Anoop Ambika");
        assert_eq!(agreement_record(TEXT, &s, &r, 2).unwrap().instrument, all[1].instrument);
        assert!(agreement_record(TEXT, &s, &r, 0).is_none(), "a PERSON is no agreement");
        assert!(agreement_record(TEXT, &s, &r, 9).is_none());
    }

    #[test]
    fn no_agreement_no_record_and_bad_indices_do_not_panic() {
        let s = spans("KSUM met Technopolis.", &[("KSUM", "ORG"), ("Technopolis", "ORG")]);
        assert!(agreement_records("KSUM met Technopolis.", &s, &[rel(0, 1, "party"), rel(7, 0, "party")])
            .is_empty());
        let bad = [SpanIn { bytes: 3..99, label: "AGREEMENT" }];
        assert!(agreement_records("MoU", &bad, &[]).is_empty());
    }

    #[test]
    fn csv_row_puts_one_record_in_one_row() {
        let records = sample();
        let row = csv_row("a.txt", &records[0]);
        assert_eq!(row.len(), CSV_HEADER.len());
        assert_eq!(row[1], "The MoU");
        assert_eq!(row[4], "Technopolis (ORG); KSUM (ORG)");
        assert_eq!(row[5], "Anoop Ambika (CEO; KSUM); Лена Берг");
        assert_eq!(row[6], "3 May 2024");
        // Quoting is the csv crate's: read back, the cells are identical.
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&row).unwrap();
        let bytes = w.into_inner().unwrap();
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..]);
        let back: Vec<String> = r.records().next().unwrap().unwrap().iter().map(String::from).collect();
        assert_eq!(back, row);
    }
}
