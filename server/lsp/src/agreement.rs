//! The hover's agreement card on an AGREEMENT span (or a SIGNING clause,
//! for each AGREEMENT in it): the agreement record of
//! `pactum_export::records` over the document as `pactum_export::documents`
//! builds it for `pactum export --format records --include-suggestions` —
//! the same builders, so the two cannot disagree: parties, signatories with
//! their roles and organisations, the signing date, the sentence's SIGNING /
//! PURPOSE / COMMITMENT clauses.
//! What only suggestions give is marked; the sentence's entities that could
//! be linked but are not are listed, so the card says what is missing.

use std::fmt::Write;

use pactum_export::documents::{self, Document, Origin, Suggest};
use pactum_export::records::{self, Mention};
use pactum_store::Sidecar;

use super::diagnostics::quote;
use super::relations;
use super::state::{Finding, FindingKind, OpenDocument, State};

pub fn card(state: &State, open: &OpenDocument, anchor: &Finding<'_>) -> String {
    let instruments: Vec<Finding<'_>> = if anchor.label == "AGREEMENT" {
        // With the AGREEMENT spans overlapping it: a suggestion overlapping
        // an accepted instrument has no record of its own, the accepted one has.
        let mut v = vec![anchor.clone()];
        v.extend(open.findings_in(anchor.start..anchor.end).into_iter().filter(|f| {
            f.label == "AGREEMENT"
                && f.kind != FindingKind::Stale
                && f.start < anchor.end
                && anchor.start < f.end
                && (f.start, f.end) != (anchor.start, anchor.end)
        }));
        v
    } else {
        open.findings_in(anchor.start..anchor.end)
            .into_iter()
            .filter(|f| f.label == "AGREEMENT" && f.kind != FindingKind::Stale)
            .filter(|f| anchor.start <= f.start && f.end <= anchor.end)
            .collect()
    };
    if instruments.is_empty() {
        return "**Agreement**\n\n_No AGREEMENT span in this clause: tag the instrument to link its parties._\n"
            .to_string();
    }
    let doc = exported(state, open);
    let index =
        |f: &Finding<'_>| doc.spans.iter().position(|s| s.bytes == (f.start..f.end) && s.label == f.label);
    let cards: Vec<String> =
        instruments.iter().filter_map(|f| index(f).map(|me| one(state, open, &doc, f, me))).collect();
    if cards.is_empty() {
        return "**Agreement**\n\n_No record: the AGREEMENT suggestions here overlap annotations of their kind, \
                which `pactum export --format records` leaves out too. Accept or reject them._\n"
            .to_string();
    }
    cards.join("\n")
}

/// The card of `instrument`, `doc.spans[me]`.
fn one(state: &State, open: &OpenDocument, doc: &Document, instrument: &Finding<'_>, me: usize) -> String {
    let Some(record) = records::document_record(doc, me) else { return String::new() };

    // A mention is accepted when an accepted relation of this kind links the
    // instrument to a span of its text and label; else it is suggested.
    let mark = |relation: &str, m: &Mention| {
        let accepted = doc.relations.iter().any(|r| {
            r.origin == Origin::Accepted
                && r.head == me
                && r.label == relation
                && doc.spans[r.child].label == m.label
                && doc.covered(&doc.spans[r.child]) == m.text
        });
        if accepted {
            ""
        } else {
            " _(suggested)_"
        }
    };
    let parties: Vec<String> =
        record.parties.iter().map(|m| format!("{} ({}){}", m.text, m.label, mark("party", m))).collect();
    let signatories: Vec<String> = record
        .signatories
        .iter()
        .map(|s| {
            let about: Vec<&str> = s.roles.iter().chain(&s.organisations).map(|m| m.text.as_str()).collect();
            let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
            format!("{}{about}{}", s.person.text, mark("signatory", &s.person))
        })
        .collect();
    let dates: Vec<String> =
        record.signed_on.iter().map(|m| format!("{}{}", m.text, mark("signed_on", m))).collect();

    // Entities of the sentence a relation from the instrument could reach,
    // not linked to it yet.
    let linked = |f: &Finding<'_>| {
        doc.relations.iter().any(|r| {
            let child = &doc.spans[r.child];
            r.head == me && child.bytes == (f.start..f.end) && child.label == f.label
        })
    };
    let mut unlinked: Vec<String> = Vec::new();
    if let Some(sentence) = relations::sentence_of(open, instrument.start) {
        for g in open.findings_in(sentence.clone()) {
            let inside = sentence.start <= g.start && g.end <= sentence.end;
            if g.kind == FindingKind::Stale || !inside || linked(&g) {
                continue;
            }
            if state.schema.relations_between(instrument.label, g.label).next().is_some() {
                let item = format!("{} ({})", open.text_of(&g), g.label);
                if !unlinked.contains(&item) {
                    unlinked.push(item);
                }
            }
        }
    }
    let list = |v: Vec<String>| {
        if v.is_empty() {
            "_none linked_".to_string()
        } else {
            v.join(", ")
        }
    };
    let mut md = String::new();
    let _ = writeln!(md, "**Agreement** {}\n", quote(&record.instrument.text));
    let _ = writeln!(md, "- Instrument: {}", record.instrument.text);
    let _ = writeln!(md, "- Parties: {}", list(parties));
    let _ = writeln!(md, "- Signatories: {}", list(signatories));
    let _ = writeln!(md, "- Date: {}", list(dates));
    for (name, clauses) in
        [("Signing", &record.signing), ("Purpose", &record.purpose), ("Commitment", &record.commitment)]
    {
        if !clauses.is_empty() {
            let quoted: Vec<String> = clauses.iter().map(|m| quote(&m.text)).collect();
            let _ = writeln!(md, "- {name}: {}", quoted.join(" "));
        }
    }
    if !unlinked.is_empty() {
        let _ = writeln!(md, "- Not linked in this sentence: {}", unlinked.join(", "));
    }
    md
}

/// The document as `pactum export --include-suggestions` would build it from
/// the saved text and annotation file: the same builder over the server's
/// memory (its annotations and relations, its engine's suggestions of the
/// current text). Costs one pass of the relation rules over the document,
/// on a hover of an agreement only.
fn exported(state: &State, open: &OpenDocument) -> Document {
    let text = open.doc.text().to_string();
    let mut sidecar = Sidecar::new(&state.schema.id, &text);
    sidecar.annotations = open.annotations.items.clone();
    sidecar.relations = open.annotations.relations.clone();
    let engine_spans = open.analysis.engine_spans();
    let suggest = (!open.paused)
        .then(|| Suggest { engine: state.engine.as_ref(), spans: Some(engine_spans.as_slice()) });
    let id = open.path.as_ref().map_or_else(String::new, |p| p.display().to_string());
    let path = open.path.clone().unwrap_or_default();
    // Problems (stale annotations, unknown labels) are the diagnostics' to show.
    let mut problems = Vec::new();
    documents::build(id, path, text, Some(sidecar), &state.schema, suggest, &mut problems)
}
