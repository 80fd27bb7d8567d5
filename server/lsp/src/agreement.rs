//! The hover's agreement card on an AGREEMENT span (or a SIGNING clause,
//! for each AGREEMENT in it), built from the relations whose head is the
//! instrument: parties, signatories with their roles and organisations
//! (the signatory's own `has_role` / `member_of` relations), the signing
//! date. Suggested relations are marked; the sentence's entities that could
//! be linked but are not are listed, so the card says what is missing.

use std::fmt::Write;

use super::diagnostics::quote;
use super::relations::{self, Shown, ShownRelation};
use super::state::{Finding, FindingKind, OpenDocument, State};

pub fn card(state: &State, open: &OpenDocument, anchor: &Finding<'_>) -> String {
    let instruments: Vec<Finding<'_>> = if anchor.label == "AGREEMENT" {
        vec![anchor.clone()]
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
    instruments.iter().map(|f| one(state, open, f)).collect::<Vec<_>>().join("\n")
}

fn one(state: &State, open: &OpenDocument, instrument: &Finding<'_>) -> String {
    let all: Vec<ShownRelation> = {
        let mut v = relations::stored(open);
        v.extend(relations::suggested_around(state, open, instrument.start));
        v
    };
    let of = |label: &str| -> Vec<&ShownRelation> {
        all.iter().filter(|r| r.label == label && r.head.is(instrument)).collect()
    };
    let mark = |r: &ShownRelation| match r.shown {
        Shown::Accepted => "",
        Shown::Stale => " _(stale)_",
        Shown::Suggested => " _(suggested)_",
    };
    let parties: Vec<String> =
        of("party").iter().map(|r| format!("{} ({}){}", r.child.text, r.child.label, mark(r))).collect();
    let signatories: Vec<String> = of("signatory")
        .iter()
        .map(|r| {
            let person = &r.child;
            let about: Vec<&str> = all
                .iter()
                .filter(|p| {
                    (p.label == "has_role" || p.label == "member_of")
                        && p.head.start == person.start
                        && p.head.end == person.end
                })
                .map(|p| p.child.text.as_str())
                .collect();
            let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
            format!("{}{about}{}", person.text, mark(r))
        })
        .collect();
    let dates: Vec<String> = of("signed_on").iter().map(|r| format!("{}{}", r.child.text, mark(r))).collect();

    // Entities of the sentence a relation from the instrument could reach,
    // not linked to it yet.
    let linked = |f: &Finding<'_>| all.iter().any(|r| r.head.is(instrument) && r.child.is(f));
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
    let _ = writeln!(md, "**Agreement** {}\n", quote(open.text_of(instrument)));
    let _ = writeln!(md, "- Instrument: {}", open.text_of(instrument));
    let _ = writeln!(md, "- Parties: {}", list(parties));
    let _ = writeln!(md, "- Signatories: {}", list(signatories));
    let _ = writeln!(md, "- Date: {}", list(dates));
    if !unlinked.is_empty() {
        let _ = writeln!(md, "- Not linked in this sentence: {}", unlinked.join(", "));
    }
    md
}
