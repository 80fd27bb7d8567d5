//! The instrument's relations in a signing sentence: its parties
//! (`party`), the people who sign it (`signatory`) and the signing date
//! (`signed_on`). A sentence signs when it has a signing verb of the engine
//! lexicon (`sign`, `ink`, `seal`, `conclude`, `enter into` …); an
//! instrument `between` bodies names its parties without one.

use super::{words, Found, RelationLabel, Sentence};
use crate::lexicon::{signing_verb_ends, Signs};
use crate::{Label, RuleId};

fn is_body(l: Label) -> bool {
    matches!(l, Label::Org | Label::Park | Label::Gpe)
}

/// A signing verb of the sentence: its byte range and the word.
struct Verb {
    start: usize,
    end: usize,
    word: String,
}

fn signing_verbs(s: &Sentence<'_>) -> Vec<Verb> {
    let mut out = Vec::new();
    let mut previous = String::new();
    let text = &s.text[s.range.clone()];
    let mut at = 0;
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let start = s.range.start + at;
        at += w.len() + text[at + w.len()..].chars().next().map_or(0, char::len_utf8);
        if w.is_empty() {
            continue;
        }
        let lower = w.to_lowercase();
        if matches!(signing_verb_ends(&previous, &lower), Some(Signs::Proper | Signs::Concludes)) {
            out.push(Verb { start, end: start + w.len(), word: lower.clone() });
        }
        previous = lower;
    }
    out
}

pub(super) fn find(s: &Sentence<'_>, f: &mut Found<'_>) {
    let agreements: Vec<usize> = s.ents.iter().copied().filter(|&e| f.label(e) == Label::Agreement).collect();
    if agreements.is_empty() {
        return;
    }
    let verbs = signing_verbs(s);
    let Some(verb) = verbs.first() else {
        between(s, f, &agreements);
        return;
    };
    // The instrument: the agreement nearest the verb (its object, or the
    // subject of a passive).
    let distance = |e: usize| {
        let sp = f.span(e);
        if sp.start >= verb.end {
            sp.start - verb.end
        } else {
            verb.start.saturating_sub(sp.end) + 1
        }
    };
    let Some(&instrument) = agreements.iter().min_by_key(|&&e| distance(e)) else { return };
    for (k, &e) in s.ents.iter().enumerate() {
        let label = f.label(e);
        let sp = f.span(e);
        if is_body(label) && party(s, f, k) {
            f.add(instrument, e, RelationLabel::Party, RuleId::RelationPartySigning);
        } else if label == Label::Person && signs(s, verb, sp.start, sp.end) {
            f.add(instrument, e, RelationLabel::Signatory, RuleId::RelationSignatorySigns);
        } else if label == Label::Date && signing_date(s, sp.start) {
            f.add(instrument, e, RelationLabel::SignedOn, RuleId::RelationSignedOnDate);
        }
    }
}

/// `an agreement between X and Y` (no signing verb): the bodies after
/// `between` are its parties.
fn between(s: &Sentence<'_>, f: &mut Found<'_>, agreements: &[usize]) {
    for &a in agreements {
        let after = s.after(f.span(a).end);
        let Some(rest) = after.trim_start().strip_prefix("between ") else { continue };
        let from = s.range.end - rest.len();
        for (k, &e) in s.ents.iter().enumerate() {
            let sp = f.span(e);
            if sp.start >= from && is_body(f.label(e)) && party(s, f, k) {
                f.add(a, e, RelationLabel::Party, RuleId::RelationPartyBetween);
            }
        }
    }
}

/// Whether the body `s.ents[k]` acts in the sentence rather than placing or
/// qualifying something: not a place found for a park (`located_in`), not
/// `in China`, not an adjective before another name (`China's X`, `Tel Aviv
/// deputy mayor`), not a source (`according to Xinhua`).
fn party(s: &Sentence<'_>, f: &Found<'_>, k: usize) -> bool {
    let e = s.ents[k];
    let sp = f.span(e);
    if f.is_child_of(e, RelationLabel::LocatedIn) {
        return false;
    }
    let before: Vec<String> = words(s.before(sp.start)).collect();
    let last = before.last().map(String::as_str).unwrap_or("");
    let prev2 = before.iter().rev().take(3).map(String::as_str).collect::<Vec<_>>();
    if prev2.contains(&"according") || matches!(last, "told" | "said" | "says" | "reported" | "near") {
        return false;
    }
    // `Rwanda Development Board (RDB)`: the name is the party, not its acronym.
    if s.before(sp.start).ends_with('(') && k > 0 && is_body(f.label(s.ents[k - 1])) {
        let prev = f.span(s.ents[k - 1]);
        if s.between(prev.end, sp.start).trim() == "(" {
            return false;
        }
    }
    // A dateline: `KARACHI: …`, `Hanoi (VNA) – …`, `JOHOR BAHRU, Nov 7 ― …`.
    if k == 0 && f.label(e) == Label::Gpe {
        let after = s.after(sp.end);
        let upper = s.text[sp.start..sp.end].chars().all(|c| !c.is_lowercase());
        if upper || after.starts_with([':', '(']) || after.trim_start().starts_with(['(', '–', '—', '―'])
        {
            return false;
        }
    }
    if f.label(e) == Label::Gpe {
        if matches!(
            last,
            "in" | "of" | "from" | "at" | "across" | "to" | "within" | "throughout" | "into" | "for"
        ) {
            return false;
        }
        if let Some(&next) = s.ents.get(k + 1) {
            let gap = s.between(sp.end, f.span(next).start).trim();
            if gap.is_empty() || matches!(gap, "’s" | "'s" | "-based" | "’" | "'") {
                return false;
            }
        }
        // `Chinese and Russian parks in Shanghai`: a GPE followed by a common noun.
        let after = s.after(sp.end);
        let next_word = words(after).next().unwrap_or_default();
        if after.starts_with(' ')
            && !next_word.is_empty()
            && after.trim_start().starts_with(char::is_lowercase)
            && !matches!(
                next_word.as_str(),
                "and"
                    | "signed"
                    | "sign"
                    | "signs"
                    | "inked"
                    | "ink"
                    | "inks"
                    | "have"
                    | "has"
                    | "will"
                    | "on"
                    | "to"
            )
        {
            return false;
        }
    } else if let Some(&next) = s.ents.get(k + 1) {
        // `Pakistan's NUST` is handled above; `Tus-Holding's signing`.
        let gap = s.between(sp.end, f.span(next).start).trim();
        if matches!(gap, "’s" | "'s") && matches!(f.label(next), Label::Org | Label::Park) {
            return false;
        }
    }
    true
}

/// A person signs: `signed by X` (after the verb and `by`), or the subject
/// before the verb (`X and Y signed`), unless a reporting verb stands
/// between (`X said … signed`).
fn signs(s: &Sentence<'_>, verb: &Verb, start: usize, end: usize) -> bool {
    if start >= verb.end {
        let gap: Vec<String> = words(s.between(verb.end, start)).collect();
        return gap.first().is_some_and(|w| w == "by") && gap.len() <= 12;
    }
    if verb.word == "signing" {
        return false;
    }
    let gap: Vec<String> = words(s.between(end, verb.start)).collect();
    gap.len() <= 16
        && !gap.iter().any(|w| {
            matches!(
                w.as_str(),
                "said" | "says" | "told" | "according" | "that" | "which" | "who" | "when" | "while"
            )
        })
}

/// A date that dates the signing, not the report (`reported on 26 September`).
fn signing_date(s: &Sentence<'_>, start: usize) -> bool {
    let before: Vec<String> = words(s.before(start)).collect();
    let near: Vec<&str> = before.iter().rev().take(2).map(String::as_str).collect();
    !near.iter().any(|w| {
        matches!(
            *w,
            "reported" | "said" | "announced" | "published" | "posted" | "updated" | "since" | "until" | "by"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::RuleId::*;

    #[test]
    fn parties_signatories_and_dates_of_an_instrument() {
        check(
            &[RelationPartySigning, RelationPartyBetween, RelationSignatorySigns, RelationSignedOnDate],
            &[
                (
                    "Technopolis has signed a broad cooperation agreement with Ascendas, reported on 26 September.",
                    &[
                        ("relation.party.signing", "party", "broad cooperation agreement", "Technopolis"),
                        ("relation.party.signing", "party", "broad cooperation agreement", "Ascendas"),
                    ],
                ),
                (
                    "Egypt and China signed on Thursday a deal to conduct cooperation.",
                    &[
                        ("relation.party.signing", "party", "deal", "Egypt"),
                        ("relation.party.signing", "party", "deal", "China"),
                        ("relation.signed-on.date", "signed_on", "deal", "Thursday"),
                    ],
                ),
                (
                    "The MoU was signed by Denis Kovalevich in Minsk.",
                    &[("relation.signatory.signs", "signatory", "MoU", "Denis Kovalevich")],
                ),
                (
                    "It is an agreement between Technopolis Plc and Ascendas.",
                    &[
                        ("relation.party.between", "party", "agreement", "Technopolis Plc"),
                        ("relation.party.between", "party", "agreement", "Ascendas"),
                    ],
                ),
                // No signing, no parties.
                ("Technopolis discussed the agreement with Ascendas.", &[]),
            ],
        );
    }
}
