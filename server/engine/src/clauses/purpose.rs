//! PURPOSE: what an agreement or collaboration is for.
//!
//! A purpose is the main statement of the sentence: `The purpose of the
//! agreement is to …`, `the partnership aims to …`, `In an effort to …`,
//! `the alliance will push them to …`. A purpose infinitive tacked onto a
//! commitment (`they will share information in order to boost …`) leaves
//! it a commitment.

use super::super::rules::RuleId;
use super::lexicon::{Cue, Hit};
use super::openers::Opener;
use super::subject::Subject;
use super::verbs::{self, Predicate};
use super::words::{Token, WordSet};
use super::Sentence;

/// How far after `purpose`/`goal` the `is to` may come (`The purpose of the
/// agreement is to …`).
const MAX_TOKENS_TO_IS_TO: usize = 14;

/// Frames that also state a purpose when the parties are the subject
/// (`Both parks aim to …`).
const PARTY_AIMS: &[&str] = &["aims to", "aim to", "aiming to", "seeks to", "seek to", "seeking to"];

/// Sentence openings that state a purpose (`In an effort to drive …`).
const OPENINGS: &[&[&str]] = &[
    &["in", "an", "effort", "to"],
    &["in", "order", "to"],
    &["in", "a", "bid", "to"],
    &["with", "the", "aim", "of"],
    &["with", "the", "goal", "of"],
    &["with", "a", "view", "to"],
    &["aiming", "to"],
    &["so", "as", "to"],
];

/// The purpose rule that applies to the sentence, if any: the sentence-wide
/// rules first, then the cues in text order.
pub fn purpose_rule(s: &Sentence<'_>) -> Option<RuleId> {
    if s.is_question() {
        return None;
    }
    if s.on(RuleId::ClausePurposeOpening) && opens_with_purpose(s) {
        return Some(RuleId::ClausePurposeOpening);
    }
    if s.on(RuleId::ClausePurposeEnabledBy) && enabled_by_opener(s) {
        return Some(RuleId::ClausePurposeEnabledBy);
    }
    // Only the first cue can head the sentence.
    if s.on(RuleId::ClausePurposeInstrumentBrings) && s.hits.first().is_some_and(|h| instrument_brings(s, h))
    {
        return Some(RuleId::ClausePurposeInstrumentBrings);
    }
    let mut cooperation_named = false;
    for (k, h) in s.hits.iter().enumerate() {
        let found = match h.cue {
            Cue::CollabNoun | Cue::AgreementNoun => {
                cooperation_named = true;
                None
            }
            Cue::PurposeNoun => {
                Some(RuleId::ClausePurposeAimIsTo).filter(|r| s.on(*r) && purpose_is_to(s, h))
            }
            Cue::CoopVerb => {
                Some(RuleId::ClausePurposePartneredTo).filter(|r| s.on(*r) && partnered_to(s, h))
            }
            Cue::PurposeFrame => Some(RuleId::ClausePurposeFrame)
                .filter(|r| s.on(*r) && frame_states_purpose(s, h, cooperation_named)),
            Cue::Modal => Some(RuleId::ClausePurposeCooperationWill)
                .filter(|r| s.on(*r) && cooperation_will_bring(s, k))
                .or_else(|| Some(RuleId::ClausePurposeServesAs).filter(|r| s.on(*r) && serves_as(s, h))),
            Cue::Desire => {
                Some(RuleId::ClausePurposePartiesWant).filter(|r| s.on(*r) && parties_want_to_bring(s, k))
            }
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `The purpose of the agreement is to …`, `Our aim is to …`.
fn purpose_is_to(s: &Sentence<'_>, h: &Hit) -> bool {
    let tokens: Vec<Token<'_>> = s.tokens_after(h.end).take(MAX_TOKENS_TO_IS_TO).collect();
    // `aims to` is the verb, handled as a frame.
    if tokens.first().is_some_and(|t| t.is_any(&["to", "at"])) {
        return false;
    }
    // `… is to help`, `… is for founders to …`, `… is simple: …`.
    tokens.windows(3).any(|w| {
        w[0].is_any(&["is", "are", "was", "were", "be"])
            && ((w[1].is_any(&["to", "for", "that"]) && w[2].is_word())
                || w[1].text == ":"
                || w[2].text == ":")
    })
}

/// `With this agreement, a start-up … can treat Barcelona as its door to
/// Europe`, `By combining our institutes with …, we can shorten …`: what the
/// cooperation makes possible. (`With the MoU, the parks will exchange
/// staff` is the parties' undertaking, a commitment.)
fn enabled_by_opener(s: &Sentence<'_>) -> bool {
    let opener = s.opener();
    if opener == Opener::None || opener == Opener::Instrument {
        return false;
    }
    s.hits.iter().enumerate().any(|(k, h)| {
        if !matches!(h.cue, Cue::Modal | Cue::Ability) {
            return false;
        }
        let r = s.reading(k);
        let subject = if r.predicate.is_some() { r.subject } else { s.subject(h.start) };
        let parties_act = matches!(r.predicate, Some((Predicate::Activity, _)))
            && matches!(subject, Subject::Parties | Subject::Party);
        let verb_follows = verbs::acts(s.paragraph, h.end, s.range.end);
        match opener {
            Opener::Means => verb_follows && subject != Subject::Relative && !parties_act,
            Opener::JointMeans => verb_follows && matches!(subject, Subject::Parties | Subject::Collab),
            _ => false,
        }
    })
}

/// `the partnership aims to …`, `the collaboration seeks to …`, `is expected
/// to …`, `cooperation is necessary to …`: a purpose frame whose subject is
/// the cooperation (named earlier in the sentence), or the parties for
/// `aim`/`seek`, or `This` after a clause.
fn frame_states_purpose(s: &Sentence<'_>, h: &Hit, cooperation_named: bool) -> bool {
    if !s.tokens_after(h.end).next().is_some_and(|t| t.is_word()) {
        return false;
    }
    if cooperation_named || intends_cooperation(s, h) {
        return true;
    }
    match s.subject(h.start) {
        Subject::Collab => true,
        Subject::Anaphora => s.follows_clause(),
        Subject::Parties => PARTY_AIMS.iter().any(|f| f.eq_ignore_ascii_case(s.cue_text(h))),
        _ => false,
    }
}

/// The most words before the subject noun (`The new three-year agreement`).
const MAX_WORDS_BEFORE_SUBJECT: usize = 3;

/// `The partnership paves the way for …`, `This MoU allows …`, `The
/// agreement opens the door for …`: the instrument, heading the sentence,
/// brings something about (in the present tense; `will help` is a modal).
fn instrument_brings(s: &Sentence<'_>, h: &Hit) -> bool {
    let is_noun = h.cue == Cue::AgreementNoun
        || (h.cue == Cue::CollabNoun
            && !s.cue_text(h).to_ascii_lowercase().ends_with("ive")
            && !s.cue_text(h).eq_ignore_ascii_case("joint"));
    if !is_noun || s.tokens_before(h.start, MAX_WORDS_BEFORE_SUBJECT + 1).len() > MAX_WORDS_BEFORE_SUBJECT {
        return false;
    }
    let mut after = s.tokens_after(h.end).skip_while(|t| {
        t.is_any(&["of", "understanding", "intent", "cooperation", "also", "thus", "therefore"])
    });
    let (Some(verb), next) = (after.next(), after.next()) else { return false };
    let lower = verb.text.to_ascii_lowercase();
    if lower == "opens" {
        return next.is_some_and(|n| n.is_any(&["the", "doors", "up", "new"]));
    }
    let stems = [lower.strip_suffix("es"), lower.strip_suffix('s')];
    for stem in stems.into_iter().flatten() {
        let base = Token { start: verb.start, text: stem };
        if lower.len() > 3 && verbs::classify_verb(base, next) == Some(Predicate::Benefit) {
            return true;
        }
    }
    false
}

/// Frames of intent, unlike forecasts (`is expected to`, `is set to`).
const INTENT_FRAMES: &[&str] =
    &["aimed at", "aimed to", "aims at", "aims to", "designed to", "intended to", "meant to", "seeks to"];

/// Words after a frame of intent within which the cooperation must be named.
const MAX_WORDS_TO_COOPERATION: usize = 4;

/// `The visit was aimed at exploring cooperation …`, `The move is intended
/// to deepen cooperation …`: an intent whose object is the cooperation.
fn intends_cooperation(s: &Sentence<'_>, h: &Hit) -> bool {
    if !INTENT_FRAMES.iter().any(|f| f.eq_ignore_ascii_case(s.cue_text(h))) {
        return false;
    }
    let window: Vec<Token<'_>> = s.tokens_after(h.end).take(MAX_WORDS_TO_COOPERATION + 1).collect();
    let Some(last) = window.last() else { return false };
    s.hits_in(h.end, last.end()).iter().any(|c| matches!(c.cue, Cue::CollabNoun | Cue::CoopVerb))
}

/// `The alliance will push them to share …`, `collaboration … will not only
/// stimulate …`, `This will enable …` (after a clause).
fn cooperation_will_bring(s: &Sentence<'_>, k: usize) -> bool {
    let r = s.reading(k);
    matches!(r.predicate, Some((Predicate::Benefit, _)))
        && (r.subject == Subject::Collab || (r.subject == Subject::Anaphora && s.follows_clause()))
}

/// The roles a new centre, office or park takes for others (`a gateway for
/// …`, `a base for …`); a person's posts (`serve as chairman`) are not among
/// them.
const SERVING_ROLES: WordSet = WordSet::new(&[
    "base",
    "bridge",
    "catalyst",
    "conduit",
    "engine",
    "gateway",
    "hub",
    "launchpad",
    "link",
    "platform",
    "showcase",
    "springboard",
    "window",
]);

/// The most words between `as` and the role noun (`as an important
/// regional hub`).
const MAX_WORDS_TO_ROLE: usize = 4;

/// `The liaison office will serve as a base for Chinese companies …`, `It
/// will act as a gateway for …`: what is set up is for others' benefit.
fn serves_as(s: &Sentence<'_>, h: &Hit) -> bool {
    let mut after =
        s.tokens_after(h.end).filter(Token::is_word).skip_while(|t| t.is_any(&["also", "further", "then"]));
    let verb = after.next();
    if !verb.is_some_and(|v| v.is_any(&["serve", "act", "function", "become"])) {
        return false;
    }
    if !after.next().is_some_and(|t| t.is("as")) {
        return false;
    }
    after.take(MAX_WORDS_TO_ROLE).any(|t| t.is_in(&SERVING_ROLES))
}

/// The forms that report a partnership as made.
const PARTNERED: &[&str] =
    &["partnered with", "partners with", "teamed up", "teams up", "joined forces", "joined hands"];

/// The most words between the partnership verb and the `to` of its aim
/// (`has partnered with the Thunderbird School of Global Management
/// (Thunderbird/ASU) to support …`).
const MAX_WORDS_TO_AIM: usize = 16;

/// `Konza … has partnered with Thunderbird to support the development of
/// …`, `X has teamed up with Y to create a fund to stimulate …`: the new
/// partnership and what it is for.
fn partnered_to(s: &Sentence<'_>, h: &Hit) -> bool {
    if !PARTNERED.iter().any(|f| f.eq_ignore_ascii_case(s.cue_text(h))) {
        return false;
    }
    let words: Vec<Token<'_>> =
        s.tokens_after(h.end).filter(Token::is_word).take(MAX_WORDS_TO_AIM + 2).collect();
    words.windows(2).enumerate().any(|(k, w)| {
        w[0].is("to")
            && k < MAX_WORDS_TO_AIM
            && verbs::classify_verb(w[1], words.get(k + 2).copied()).is_some()
    })
}

/// `Both parties want to help their clients …`.
fn parties_want_to_bring(s: &Sentence<'_>, k: usize) -> bool {
    let r = s.reading(k);
    matches!(r.predicate, Some((Predicate::Benefit, _)))
        && matches!(r.subject, Subject::Parties | Subject::Collab)
}

/// `In an effort to drive innovation, X announced its intention to
/// collaborate …`, `To promote exchanges, the parks …`: an opening purpose
/// in a sentence about cooperation.
fn opens_with_purpose(s: &Sentence<'_>) -> bool {
    // Cheap checks first: this runs on every sentence.
    let opener = s.first_word().is_some_and(|t| t.is_any(&["in", "with", "aiming", "so", "to"]));
    if !opener || !s.has_cue(&[Cue::CollabNoun, Cue::AgreementNoun, Cue::CoopVerb]) {
        return false;
    }
    let opening: Vec<Token<'_>> = s.tokens_after(s.range.start).filter(Token::is_word).take(5).collect();
    let framed = OPENINGS
        .iter()
        .any(|frame| frame.len() <= opening.len() && frame.iter().zip(&opening).all(|(w, t)| t.is(w)));
    let infinitive = opening.first().is_some_and(|t| t.is("to"))
        && opening.get(1).is_some_and(|v| {
            matches!(verbs::classify_verb(*v, opening.get(2).copied()), Some(Predicate::Benefit))
        });
    framed || infinitive
}

#[cfg(test)]
mod tests {
    use crate::rules::Family;
    use crate::testing::check_family;
    use crate::Label::Purpose;

    #[test]
    fn each_purpose_rule_finds_its_sentences_and_nothing_else() {
        let cases = [
            (
                "clause.purpose.opening",
                "In an effort to attract talent, the park announced plans to collaborate with Oulu.",
            ),
            (
                "clause.purpose.enabled-by",
                "With this agreement, a start-up can treat Barcelona as its door to Europe.",
            ),
            ("clause.purpose.instrument-brings", "The partnership paves the way for joint ventures."),
            (
                "clause.purpose.aim-is-to",
                "The aim of the memorandum is to support young companies in both regions.",
            ),
            ("clause.purpose.frame", "The partnership aims to foster knowledge exchange in clean energy."),
            (
                "clause.purpose.cooperation-will",
                "The collaboration will help local firms enter foreign markets.",
            ),
            ("clause.purpose.parties-want", "Both parties want to help their tenants grow abroad."),
            (
                "clause.purpose.partnered-to",
                "The park has partnered with a business school to support the knowledge economy.",
            ),
            (
                "clause.purpose.serves-as",
                "The liaison office will serve as a base for Chinese companies seeking business in Israel.",
            ),
        ];
        let expected: Vec<[(&str, crate::Label, &str); 1]> =
            cases.iter().map(|(r, t)| [(*r, Purpose, *t)]).collect();
        let mut examples: Vec<crate::testing::Case<'_>> =
            cases.iter().zip(&expected).map(|((_, t), e)| (*t, e.as_slice())).collect();
        // What states no purpose: forecasts, other people's efforts, questions.
        for negative in [
            "The factory is expected to open next spring.",
            "In an effort to cut costs, the company closed two offices.",
            "Our task today is to introduce ourselves.",
            "What will the partnership focus on?",
            "She will serve as chairman of the board.",
            "The park partnered with the school in 2019.",
        ] {
            examples.push((negative, &[]));
        }
        check_family(Family::ClausePurpose, &examples);
    }
}
