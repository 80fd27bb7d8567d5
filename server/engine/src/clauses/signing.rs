//! SIGNING: the parties signed, inked, concluded, passed or agreed to an
//! agreement, or will sign one.

use super::super::lexicon::{self, Signs};
use super::super::rules::RuleId;
use super::lexicon::{Cue, Hit};
use super::words::{self, Token, WordSet};
use super::Sentence;

/// Words between a signing verb and its agreement noun (`signed a broad
/// cooperation agreement`, `sign an MOU today with …`).
const MAX_WORDS_TO_OBJECT: usize = 7;
/// Words between an agreement noun and a participle (`the MoU was signed`,
/// `the agreement is expected to be signed`).
const MAX_WORDS_TO_PARTICIPLE: usize = 6;
/// Words between an agreement noun and the verb of a relative clause about
/// it (`a memorandum of understanding on cyber security that A and B
/// concluded`).
const MAX_WORDS_TO_RELATIVE_VERB: usize = 11;

const PARTNERSHIP_NOUNS: &[&str] = &["partnership", "partnerships", "alliance", "tie-up"];

/// What one agrees to when agreeing to a programme (`agreed to five
/// strategic initiatives`).
const PLAN_NOUNS: WordSet = WordSet::new(&[
    "activities",
    "areas",
    "arrangement",
    "arrangements",
    "collaboration",
    "conditions",
    "cooperation",
    "fields",
    "framework",
    "initiative",
    "initiatives",
    "measures",
    "partnership",
    "plan",
    "plans",
    "points",
    "principles",
    "priorities",
    "programmes",
    "programs",
    "projects",
    "proposal",
    "proposals",
    "roadmap",
    "steps",
    "terms",
]);

/// The signing rule that applies to the sentence: the first cue (in text
/// order) that one of the rules (on) accepts.
pub fn signing_rule(s: &Sentence<'_>) -> Option<RuleId> {
    s.hits.iter().enumerate().find_map(|(k, h)| match h.cue {
        Cue::SignVerb => signs_an_agreement(s, k),
        Cue::AgreeTo => (s.on(RuleId::ClauseSigningAgreeTo) && agrees_to_cooperate(s, h))
            .then_some(RuleId::ClauseSigningAgreeTo),
        _ => None,
    })
}

/// `signed a … agreement`, `inks MOU`, `the MoU was signed`, `signing ceremony`.
fn signs_an_agreement(s: &Sentence<'_>, k: usize) -> Option<RuleId> {
    let h = s.hits.get(k)?;
    let verb = s.cue_text(h);
    let next = s.tokens_after(h.end).next();
    // `a sign of`, `signs of recovery`: the noun.
    let is_noun_sign = verb.eq_ignore_ascii_case("sign") || verb.eq_ignore_ascii_case("signs");
    if is_noun_sign && next.is_some_and(|n| n.is("of")) {
        return None;
    }
    if verb.eq_ignore_ascii_case("signing")
        && next.is_some_and(|n| n.is("ceremony"))
        && s.on(RuleId::ClauseSigningCeremony)
    {
        return Some(RuleId::ClauseSigningCeremony);
    }
    // `inked a partnership`, unlike `passed` or `adopted`.
    let takes_partnership = lexicon::signing_verb(verb) == Some(Signs::Proper);
    let object_follows = s.hits.iter().skip(k + 1).take_while(|o| o.start <= h.end + 400).any(|o| {
        let is_object = (o.cue == Cue::AgreementNoun && !is_sale(s, o))
            || (takes_partnership && o.cue == Cue::CollabNoun && is_any(s.cue_text(o), PARTNERSHIP_NOUNS));
        is_object && words::at_most_words(s.paragraph, h.end, o.start, MAX_WORDS_TO_OBJECT)
    });
    if object_follows && s.on(RuleId::ClauseSigningVerbObject) {
        return Some(RuleId::ClauseSigningVerbObject);
    }
    let participle =
        verb.len() > 4 && (verb.to_ascii_lowercase().ends_with("ed") || verb.eq_ignore_ascii_case("struck"));
    let signed = participle
        && s.on(RuleId::ClauseSigningParticiple)
        && s.hits[..k].iter().rev().take_while(|a| a.end + 300 >= h.start).any(|a| {
            a.cue == Cue::AgreementNoun
                && (words::at_most_words(s.paragraph, a.end, h.start, MAX_WORDS_TO_PARTICIPLE)
                    || relative_signed(s, a.end, h.start)
                    || passive_of_subject(s, a.end, h.start))
        });
    signed.then_some(RuleId::ClauseSigningParticiple)
}

/// `the agreement is the third that X has signed`, `a memorandum of
/// understanding on cyber security that A and B concluded`: the agreement
/// noun is the object of a relative clause whose verb is the signing verb.
fn relative_signed(s: &Sentence<'_>, from: usize, to: usize) -> bool {
    // Bounded, so a long gap costs no more than a short one.
    let bound = 2 * MAX_WORDS_TO_RELATIVE_VERB;
    let between: Vec<Token<'_>> = s.tokens_after(from).take_while(|t| t.start < to).take(bound + 1).collect();
    let words = between.iter().filter(|t| t.is_word()).count();
    between.len() <= bound
        && words <= MAX_WORDS_TO_RELATIVE_VERB
        && !between.iter().any(|t| t.is_any(&[";", ":", "“", "”", "\""]))
        && between.iter().any(|t| t.is_any(&["that", "which"]))
}

/// Words between an agreement noun and its passive participle when the
/// noun phrase runs on (`a Memorandum of Understanding and Cooperation in
/// the field of information technology was signed`).
const MAX_WORDS_TO_PASSIVE: usize = 12;

/// `The agreement to set up the IT park was signed by …`, `The agreement on
/// the SEZ in Kappalthurai would be signed within 30 days`: the agreement
/// noun heads the subject of a passive `was/be signed`, with no clause
/// break in between.
fn passive_of_subject(s: &Sentence<'_>, from: usize, to: usize) -> bool {
    let between: Vec<Token<'_>> =
        s.tokens_after(from).take_while(|t| t.start < to).take(2 * MAX_WORDS_TO_PASSIVE + 1).collect();
    let words = between.iter().filter(|t| t.is_word()).count();
    words <= MAX_WORDS_TO_PASSIVE
        && between.len() <= 2 * MAX_WORDS_TO_PASSIVE
        && !between.iter().any(|t| t.is_any(&[",", ";", ":", "“", "”", "\"", "that", "which", "who"]))
        && between.last().is_some_and(|t| t.is_any(&["was", "were", "be", "been", "is", "are"]))
}

/// `deals worth more than US$3 million`: a sale, not a cooperation agreement.
fn is_sale(s: &Sentence<'_>, noun: &Hit) -> bool {
    s.tokens_after(noun.end).next().is_some_and(|t| t.is_any(lexicon::SALE_WORDS))
}

/// `agreed to collaborate`, `agreed to five strategic initiatives`,
/// `agreed on a charter`: agreeing to cooperate is concluding an agreement.
/// (`agreed to exchange staff` is a commitment instead.)
fn agrees_to_cooperate(s: &Sentence<'_>, h: &Hit) -> bool {
    let first = s.tokens_after(h.end).find(|t| !t.is_any(ADVERBS));
    let cooperates =
        first.is_some_and(|f| s.hits_in(f.start, f.start + 1).iter().any(|c| c.cue == Cue::CoopVerb));
    if cooperates {
        return true;
    }
    // `agreed to strengthen cooperation`, `agreed to deepen their partnership`.
    let furthers_cooperation = first.is_some_and(|f| {
        f.is_in(&FURTHER_VERBS)
            && s.hits_in(f.end(), f.end() + 60)
                .iter()
                .any(|c| c.cue == Cue::CollabNoun && words::at_most_words(s.paragraph, f.end(), c.start, 2))
    });
    if furthers_cooperation {
        return true;
    }
    let instrument = s
        .hits_in(h.end, h.end + 200)
        .iter()
        .any(|a| a.cue == Cue::AgreementNoun && words::at_most_words(s.paragraph, h.end, a.start, 4));
    if instrument {
        return true;
    }
    let complement: Vec<Token<'_>> = s.tokens_after(h.end).filter(Token::is_word).take(5).collect();
    let starts_with_verb = complement
        .first()
        .is_some_and(|v| super::verbs::classify_verb(*v, complement.get(1).copied()).is_some());
    // `agreed on joint research`: agreeing on something is an agreement.
    let agreed_on = s.cue_text(h).to_ascii_lowercase().ends_with(" on") || s.cue_text(h).ends_with("upon");
    !starts_with_verb
        && ((agreed_on && !complement.is_empty()) || complement.iter().any(|t| t.is_in(&PLAN_NOUNS)))
}

/// Verbs that carry an existing cooperation further.
const FURTHER_VERBS: WordSet = WordSet::new(&[
    "boost",
    "broaden",
    "deepen",
    "enhance",
    "expand",
    "extend",
    "intensify",
    "promote",
    "step",
    "strengthen",
]);

/// Adverbs between `agreed to` and its verb (`agreed to further cooperate`).
const ADVERBS: &[&str] = &["further", "jointly", "closely", "also", "actively", "mutually"];

fn is_any(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use crate::rules::Family;
    use crate::testing::check_family;
    use crate::Label::Signing;

    #[test]
    fn each_signing_rule_finds_its_sentences_and_nothing_else() {
        let verb_object = "The two parks signed a three-year cooperation agreement in Seoul on Monday.";
        let ceremony = "The signing ceremony took place at the park headquarters.";
        let participle = "A letter of intent was signed by both sides during the visit.";
        let agree_to = "Both zones have agreed to cooperate in biotechnology and green energy.";
        let long_subject = "The agreement to set up the new IT park in the north was signed by the minister.";
        let acronym = "The chairmen signed the LOI at a virtual ceremony.";
        check_family(
            Family::ClauseSigning,
            &[
                (verb_object, &[("clause.signing.verb-object", Signing, verb_object)]),
                (ceremony, &[("clause.signing.ceremony", Signing, ceremony)]),
                (participle, &[("clause.signing.participle", Signing, participle)]),
                (agree_to, &[("clause.signing.agree-to", Signing, agree_to)]),
                (long_subject, &[("clause.signing.participle", Signing, long_subject)]),
                (acronym, &[("clause.signing.verb-object", Signing, acronym)]),
                // A clause break between the noun and the participle: not its subject.
                ("The agreement covers many fields, and the old lab was signed over to the city.", &[]),
                // What is no signing: the noun `sign`, sales, signing up, consent.
                ("There are signs of recovery in the regional economy.", &[]),
                ("Five startups reached deals worth $3 million in Silicon Valley.", &[]),
                ("The park signed up 40 new tenants in March.", &[]),
                ("The sides agreed to exchange delegations every year.", &[]),
            ],
        );
    }
}
