//! COMMITMENT: a specific activity, area or undertaking the parties will
//! carry out together.
//!
//! The parties (several names, `they`, `we`, `both organizations`, `the two
//! companies`) or the cooperation itself (`the partnership`) + `will`/
//! `shall`/`would like to`/`agree to` + a verb of joint work; `commit to`
//! joint activities; `identified as an area for cooperation`; what an
//! agreement `provides for` or `covers`; setting up
//! something joint; imperative list items (`- Establish a …`).

use super::super::rules::RuleId;
use super::lexicon::{Cue, Hit};
use super::openers::Opener;
use super::subject::{self, Subject};
use super::verbs::{self, Predicate};
use super::words::{Token, WordSet};
use super::Sentence;

/// Words after `commit to` that make the undertaking joint.
const JOINT_UNDERTAKINGS: WordSet = WordSet::new(&[
    "activities",
    "bilateral",
    "co-operation",
    "collaboration",
    "cooperation",
    "each",
    "exchange",
    "exchanges",
    "initiatives",
    "joint",
    "jointly",
    "mutual",
    "partnership",
    "programmes",
    "programs",
    "projects",
    "reciprocal",
    "together",
]);

/// What one may be `identified as` for cooperation.
const AREA_NOUNS: WordSet = WordSet::new(&[
    "area",
    "areas",
    "domain",
    "domains",
    "field",
    "fields",
    "focus",
    "pillar",
    "pillars",
    "priorities",
    "priority",
    "sector",
    "sectors",
    "theme",
    "themes",
]);

/// Verbs that set up something joint (`create joint enterprises`), in the
/// base form: an intention, not a past event.
const CREATE_JOINT: WordSet = WordSet::new(&[
    "build",
    "carry",
    "co-host",
    "conduct",
    "create",
    "develop",
    "establish",
    "explore",
    "form",
    "hold",
    "implement",
    "launch",
    "open",
    "organise",
    "organize",
    "pursue",
    "run",
    "set",
    "start",
    "undertake",
]);

/// Words between such a verb and `joint` (`set up a new joint lab`).
const BEFORE_JOINT: WordSet =
    WordSet::new(&["a", "an", "more", "new", "out", "several", "some", "the", "three", "two", "up"]);

/// The commitment rule that applies to the sentence, if any: an opener
/// naming the instrument first, then the cues in text order.
pub fn commitment_rule(s: &Sentence<'_>) -> Option<RuleId> {
    use RuleId::*;
    if s.is_question() {
        return None;
    }
    if s.on(ClauseCommitmentUnderInstrument) && s.opener() == Opener::Instrument && acts_under_instrument(s) {
        return Some(ClauseCommitmentUnderInstrument);
    }
    if s.on(ClauseCommitmentPartiesJointly) && parties_act_jointly(s) {
        return Some(ClauseCommitmentPartiesJointly);
    }
    for (k, h) in s.hits.iter().enumerate() {
        let found = match h.cue {
            Cue::Modal | Cue::Desire => {
                Some(ClauseCommitmentPartiesWill).filter(|r| s.on(*r) && parties_will_act(s, h, k))
            }
            Cue::JointAgent => {
                Some(ClauseCommitmentJointAgent).filter(|r| s.on(*r) && done_by_all_parties(s, h))
            }
            Cue::AgreeTo => Some(ClauseCommitmentAgreeTo)
                .filter(|r| s.on(*r) && matches!(s.reading(k).predicate, Some((Predicate::Activity, _)))),
            Cue::CommitTo => Some(ClauseCommitmentCommitTo)
                .filter(|r| s.on(*r) && commits_to_joint_work(s, h))
                .or_else(|| {
                    Some(ClauseCommitmentPartiesCommit).filter(|r| s.on(*r) && parties_commit_to_act(s, h))
                }),
            Cue::IdentifiedAs => {
                Some(ClauseCommitmentIdentifiedAs).filter(|r| s.on(*r) && identified_as_area(s, h))
            }
            Cue::Content => {
                Some(ClauseCommitmentProvidesFor).filter(|r| s.on(*r) && agreement_provides_for(s, h))
            }
            Cue::CollabNoun => Some(ClauseCommitmentSetsUpJoint)
                .filter(|r| s.on(*r) && s.cue_text(h).eq_ignore_ascii_case("joint") && sets_up_joint(s, h))
                .or_else(|| {
                    Some(ClauseCommitmentJointPlanned).filter(|r| {
                        s.on(*r) && s.cue_text(h).eq_ignore_ascii_case("joint") && joint_planned(s, h)
                    })
                }),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `Technopolis and Ascendas will exchange …`, `they will also share …`,
/// `we would like to cooperate …`, `the collaboration will focus on …`.
fn parties_will_act(s: &Sentence<'_>, h: &Hit, k: usize) -> bool {
    let reading = s.reading(k);
    let Some((kind, verb)) = reading.predicate else { return false };
    match reading.subject {
        Subject::Parties => h.cue == Cue::Modal || kind == Predicate::Activity,
        // One party's activity is a commitment when it is joint, or when it
        // goes on from a clause (`… signed an MoU. Astana Hub will also set
        // up an office in the park.`).
        Subject::Party => {
            kind == Predicate::Activity
                && (verbs::is_joint_verb(verb)
                    || s.follows_clause()
                    || verbs::has_joint_marker(s.paragraph, verb.end(), s.range.end)
                    || is_reciprocal(s))
        }
        Subject::Collab => kind == Predicate::Activity,
        _ => false,
    }
}

/// `Events commit to five strategic activities designed to promote
/// reciprocal exchange` (but not `are committed to developing their own
/// systems`).
fn commits_to_joint_work(s: &Sentence<'_>, h: &Hit) -> bool {
    s.tokens_after(h.end).take(30).any(|t| t.is_in(&JOINT_UNDERTAKINGS))
}

/// Words before `commit to` that make its subject all the parties (`Both
/// sides committed to …`, `the charter's members pledge to …`), unlike
/// `The companies are committed to developing their own systems`.
const ALL_PARTIES: WordSet =
    WordSet::new(&["and", "both", "members", "parties", "partners", "sides", "signatories", "three", "two"]);

/// `Both sides committed to holding annual meetings.`
fn parties_commit_to_act(s: &Sentence<'_>, h: &Hit) -> bool {
    let all_parties = s.tokens_before(h.start, 6).iter().any(|t| t.is_in(&ALL_PARTIES));
    let mut after = s.tokens_after(h.end).filter(Token::is_word);
    let verb = after.next();
    all_parties && verb.is_some_and(|v| verbs::classify_verb(v, after.next()) == Some(Predicate::Activity))
}

/// `Business incubation has been identified as specific area for strategic
/// collaboration.`
fn identified_as_area(s: &Sentence<'_>, h: &Hit) -> bool {
    let area = s.tokens_after(h.end).take(8).find(|t| t.is_in(&AREA_NOUNS));
    area.is_some_and(|a| {
        s.hits_in(a.end(), a.end() + 200).iter().any(|c| matches!(c.cue, Cue::CollabNoun | Cue::CoopVerb))
    })
}

/// `The document provides for joint training programmes …`, `The MoU
/// covers …`; not a sentence that only announces a list (`The agreement
/// covers the following areas:`).
fn agreement_provides_for(s: &Sentence<'_>, h: &Hit) -> bool {
    let announces_list = s.text().trim_end().ends_with(':');
    !announces_list
        && s.tokens_after(h.end).next().is_some_and(|t| t.is_word())
        && s.subject(h.start) == Subject::Collab
}

/// `We have a possibility to create joint enterprises`, `set up a joint lab`.
fn sets_up_joint(s: &Sentence<'_>, h: &Hit) -> bool {
    let before = s.tokens_before(h.start, 4);
    let verb = before.iter().find(|t| !t.is_in(&BEFORE_JOINT));
    verb.is_some_and(|v| v.is_in(&CREATE_JOINT))
}

/// The most tokens of a sentence searched for a joint verb.
const MAX_TOKENS_TO_JOINT_VERB: usize = 30;

/// `According to the memorandum, the sides jointly implement …`, `The two
/// organizations co-develop …`: the parties acting together in the present
/// (what the agreement has them do), not in a past report (`jointly
/// organized`).
fn parties_act_jointly(s: &Sentence<'_>) -> bool {
    if !may_act_jointly(s.paragraph.get(s.range.clone()).unwrap_or("")) {
        return false;
    }
    let words: Vec<Token<'_>> =
        s.tokens_after(s.range.start).filter(Token::is_word).take(MAX_TOKENS_TO_JOINT_VERB).collect();
    let present = |t: &Token<'_>| {
        let lower = t.text.to_ascii_lowercase();
        lower.len() > 2 && !lower.ends_with("ed") && !lower.ends_with("ing")
    };
    words.iter().enumerate().any(|(k, t)| {
        let joint_verb = if t.is("jointly") {
            words.get(k + 1).is_some_and(|v| present(v) && v.text.chars().all(|c| c.is_ascii_lowercase()))
        } else {
            t.text.len() > 4
                && t.text.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("co-"))
                && present(t)
                && verbs_like(t)
        };
        joint_verb && s.subject(t.start) == Subject::Parties
    })
}

/// Whether `sentence` holds `jointly` or a word starting `co-` at all: the
/// cheap test before the sentence's words are cut (most sentences have
/// neither, and cutting them cost 13% of the rules' time).
fn may_act_jointly(sentence: &str) -> bool {
    let b = sentence.as_bytes();
    let at = |i: usize| match b.get(i) {
        Some(b'-') => i >= 2 && b[i - 2..i].eq_ignore_ascii_case(b"co"),
        Some(b'j' | b'J') => b.get(i..i + 7).is_some_and(|w| w.eq_ignore_ascii_case(b"jointly")),
        _ => false,
    };
    // Eight bytes at a time: only a chunk with a `-`, `j` or `J` is looked
    // at byte by byte (the rare bytes; `y`, the end of `jointly`, is not).
    let mut chunks = b.chunks_exact(8);
    for (k, chunk) in chunks.by_ref().enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        if (has_byte(x, b'-') || has_byte(x | 0x2020_2020_2020_2020, b'j')) && (8 * k..8 * k + 8).any(at) {
            return true;
        }
    }
    let tail = b.len() - chunks.remainder().len();
    (tail..b.len()).any(at)
}

/// Whether one of the eight bytes of `x` is `byte` (a zero byte of
/// `x ^ byte…`, found with the borrow trick: exact for "any").
fn has_byte(x: u64, byte: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let y = x ^ (ONES * u64::from(byte));
    y.wrapping_sub(ONES) & !y & (ONES << 7) != 0
}

/// `co-develop`, `co-build`, `co-train`, unlike the nouns `co-operation`,
/// `co-founder`, `co-chair`.
fn verbs_like(t: &Token<'_>) -> bool {
    let lower = t.text.to_ascii_lowercase();
    !["tion", "ment", "ship", "er", "ers", "ive", "al"].iter().any(|e| lower.ends_with(e))
        && !t.is_any(&["co-chair", "co-chairs", "co-op"])
}

/// Participles of setting something up (`established`, `organized`).
const SET_UP_PARTICIPLES: WordSet = WordSet::new(&[
    "built",
    "co-organized",
    "conducted",
    "created",
    "developed",
    "established",
    "held",
    "implemented",
    "launched",
    "opened",
    "organised",
    "organized",
    "set",
]);

/// How far after `joint` the passive may come (`joint laboratories,
/// scientific, technical and innovation centers are planned to be
/// established`).
const MAX_WORDS_TO_PASSIVE: usize = 14;

/// `Joint seminars will be organized`, `joint laboratories are planned to
/// be established`: something joint is to be set up (a future or planned
/// passive, not a report of what was done).
fn joint_planned(s: &Sentence<'_>, h: &Hit) -> bool {
    let words: Vec<Token<'_>> =
        s.tokens_after(h.end).filter(Token::is_word).take(MAX_WORDS_TO_PASSIVE).collect();
    words.windows(3).enumerate().any(|(k, w)| {
        let future = w[0].is_any(&["will", "shall"]) && w[1].is("be") && w[2].is_in(&SET_UP_PARTICIPLES);
        let planned = w[0].is_any(&["is", "are"])
            && w[1].is_any(&["planned", "expected", "scheduled", "due"])
            && w[2].is("to")
            && words.get(k + 3).is_some_and(|t| t.is("be"))
            && words.get(k + 4).is_some_and(|t| t.is_in(&SET_UP_PARTICIPLES));
        future || planned
    })
}

/// `Under the MoU, STPI will select …`, `As part of the deal, start-ups from
/// both parks can use …`: whatever anyone will do under the agreement is an
/// undertaking of it.
fn acts_under_instrument(s: &Sentence<'_>) -> bool {
    s.hits.iter().any(|h| {
        matches!(h.cue, Cue::Modal | Cue::Desire | Cue::Ability)
            && s.subject(h.start) != Subject::Relative
            && verbs::acts(s.paragraph, h.end, s.range.end)
    })
}

/// Words that set one party's part against the other's (`X will host …,
/// while Y will welcome …`; `In return, Y will …`).
const RECIPROCAL: WordSet = WordSet::new(&["return", "turn", "whereas", "while"]);

/// Whether the sentence sets the parties' parts against each other, or
/// gives two parties a part each (`X will send a mission, and the Thai side
/// will organise meetings`).
fn is_reciprocal(s: &Sentence<'_>) -> bool {
    let parts = (0..s.hits.len())
        .filter(|&k| {
            let r = s.reading(k);
            // A second verb phrase of the same party is not a second part.
            let own_subject = s
                .hits
                .get(k)
                .is_some_and(|h| !subject::continues_verb_phrase(s.paragraph, s.range.start, h.start));
            own_subject
                && r.subject == Subject::Party
                && matches!(r.predicate, Some((Predicate::Activity, _)))
        })
        .count();
    parts >= 2 || s.tokens_after(s.range.start).take(80).any(|t| t.is_in(&RECIPROCAL))
}

/// Participles that do not end in `-ed` (`the costs will be borne by both`).
const IRREGULAR_PARTICIPLES: &[&str] =
    &["borne", "built", "held", "led", "met", "run", "split", "undertaken"];

/// `to be shared equally by the two partners`, `will be run jointly by both
/// parks`: a passive in the future whose agent is all the parties.
fn done_by_all_parties(s: &Sentence<'_>, h: &Hit) -> bool {
    let before = s.tokens_before(h.start, 4);
    let mut rest = before.iter().skip_while(|t| t.text.to_ascii_lowercase().ends_with("ly"));
    let participle = rest.next().is_some_and(|p| {
        (p.text.len() > 4 && p.text.to_ascii_lowercase().ends_with("ed")) || p.is_any(IRREGULAR_PARTICIPLES)
    });
    participle && rest.next().is_some_and(|b| b.is("be"))
}

#[cfg(test)]
mod tests {
    use crate::rules::Family;
    use crate::testing::check_family;
    use crate::Label::Commitment;

    #[test]
    fn the_joint_pretest_passes_every_sentence_the_rule_could_find() {
        for yes in ["The sides jointly implement it.", "They Co-develop tools.", "JOINTLY", "co-build"] {
            assert!(super::may_act_jointly(yes), "{yes}");
        }
        for no in ["The park opened a joint lab.", "co", "A well-known firm.", "-"] {
            assert!(!super::may_act_jointly(no), "{no}");
        }
        // Every place in and across the eight-byte chunks.
        for pad in 0..17 {
            let x = "x".repeat(pad);
            assert!(super::may_act_jointly(&format!("{x}Jointly{x}")), "{pad}");
            assert!(super::may_act_jointly(&format!("{x}co-{x}")), "{pad}");
            assert!(!super::may_act_jointly(&format!("{x}jointl{x}")), "{pad}");
            assert!(!super::may_act_jointly(&format!("{x}c-o{x}")), "{pad}");
        }
    }

    #[test]
    fn each_commitment_rule_finds_its_sentences_and_nothing_else() {
        let cases = [
            (
                "clause.commitment.under-instrument",
                "Under the MoU, Kista will host ten startups from Oulu each year.",
            ),
            (
                "clause.commitment.parties-will",
                "Tekes and Kista will exchange researchers and organise joint workshops.",
            ),
            ("clause.commitment.joint-agent", "The accelerator will be run jointly by both parks."),
            ("clause.commitment.agree-to", "The sides agreed to exchange delegations every year."),
            ("clause.commitment.commit-to", "The members commit to five joint activities."),
            ("clause.commitment.parties-commit", "Both sides committed to holding annual meetings."),
            (
                "clause.commitment.identified-as",
                "Business incubation has been identified as a specific area for strategic collaboration.",
            ),
            ("clause.commitment.provides-for", "The document provides for joint training programmes."),
            ("clause.commitment.sets-up-joint", "We have a possibility to create joint enterprises."),
            (
                "clause.commitment.parties-jointly",
                "According to the memorandum, the two sides jointly implement scientific programs.",
            ),
            (
                "clause.commitment.joint-planned",
                "Moreover, joint laboratories and innovation centers are planned to be established.",
            ),
        ];
        let expected: Vec<[(&str, crate::Label, &str); 1]> =
            cases.iter().map(|(r, t)| [(*r, Commitment, *t)]).collect();
        let mut examples: Vec<crate::testing::Case<'_>> =
            cases.iter().zip(&expected).map(|((_, t), e)| (*t, e.as_slice())).collect();
        // What is no commitment: one party's plans, negations, a list's announcement.
        for negative in [
            "Oulu will host the conference next year.",
            "Under the agreement, the park will not charge the visitors.",
            "The companies are committed to developing their own systems.",
            "The agreement covers the following areas:",
            "The joint laboratory was established in 2019.",
            "The two parks jointly organized a forum in 2019.",
        ] {
            examples.push((negative, &[]));
        }
        check_family(Family::ClauseCommitment, &examples);
    }
}
