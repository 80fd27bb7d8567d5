//! Trigger words and phrases for the clause rules, found in one
//! Aho-Corasick pass over a paragraph.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use crate::lexicon::Signs;

/// What a trigger word or phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// `signed`, `inks`, `concluded`, `passed`, `entered into` …
    SignVerb,
    /// A formal instrument: `agreement`, `MOU`, `declaration`, `deal` …
    AgreementNoun,
    /// Working together as a thing: `partnership`, `collaboration`, `alliance` …
    CollabNoun,
    /// Working together as a verb: `cooperate`, `collaborate`, `partner with` …
    CoopVerb,
    /// `will`, `shall`, `would`.
    Modal,
    /// An intention: `would like to`, `want to`, `eager to`, `plan to` …
    Desire,
    /// `agreed to`, `agree on` …
    AgreeTo,
    /// `commit to`, `pledged to`, `undertake to` …
    CommitTo,
    /// A noun naming an aim: `purpose`, `goal`, `objective` (with `… is to`).
    PurposeNoun,
    /// A verb frame stating an aim: `aims to`, `seeks to`, `is expected to` …
    PurposeFrame,
    /// `identified as`, `designated as` (… an area for cooperation).
    IdentifiedAs,
    /// What an agreement contains: `provides for`, `covers`, `envisages` …
    Content,
    /// `can`, `could`: what the cooperation makes possible.
    Ability,
    /// A passive's agent that is all the parties: `by both`, `by the two` …
    JointAgent,
}

const COLLAB_NOUNS: &[&str] = &[
    "partnership",
    "partnerships",
    "collaboration",
    "collaborations",
    "cooperation",
    "co-operation",
    "alliance",
    "alliances",
    "collaborative",
    "cooperative",
    "co-operative",
    "joint",
    "tie-up",
    "twinning",
    "consortium",
    "initiative",
    "initiatives",
    "programme",
    "program",
    "project",
    "engagement",
];

const COOP_VERBS: &[&str] = &[
    "collaborate",
    "collaborates",
    "collaborated",
    "collaborating",
    "cooperate",
    "cooperates",
    "cooperated",
    "cooperating",
    "co-operate",
    "co-operating",
    "partner with",
    "partnering",
    "work together",
    "working together",
    "join forces",
    "joining forces",
    "team up",
    // A partnership reported as made (`has partnered with … to …`).
    "partnered with",
    "partners with",
    "teamed up",
    "teams up",
    "joined forces",
    "joined hands",
];

const MODALS: &[&str] = &["will", "shall", "would"];

const DESIRES: &[&str] = &[
    "would like to",
    "want to",
    "wants to",
    "wish to",
    "wishes to",
    "hope to",
    "hopes to",
    "eager to",
    "keen to",
    "ready to",
    "willing to",
    "plan to",
    "plans to",
    "planning to",
    "intend to",
    "intends to",
    "intending to",
    "look forward to",
    "looks forward to",
];

const AGREE_TO: &[&str] = &[
    "agree to",
    "agrees to",
    "agreed to",
    "agreeing to",
    "agree on",
    "agrees on",
    "agreed on",
    "agreed upon",
];

const COMMIT_TO: &[&str] = &[
    "commit to",
    "commits to",
    "committed to",
    "commit themselves to",
    "committed themselves to",
    "pledge to",
    "pledges to",
    "pledged to",
    "undertake to",
    "undertakes to",
    "undertook to",
    "vow to",
    "vowed to",
];

const PURPOSE_NOUNS: &[&str] = &[
    "purpose",
    "purposes",
    "aim",
    "aims",
    "goal",
    "goals",
    "objective",
    "objectives",
    "mission",
    "intention",
];

const PURPOSE_FRAMES: &[&str] = &[
    "aims to",
    "aim to",
    "aimed to",
    "aimed at",
    "aims at",
    "aiming to",
    "aiming at",
    "seeks to",
    "seek to",
    "seeking to",
    "designed to",
    "intended to",
    "expected to",
    "anticipated to",
    "set to",
    "meant to",
    "poised to",
    "necessary to",
    "essential to",
    "crucial to",
    "vital to",
    "needed to",
    "key to",
    "geared towards",
    "geared toward",
    "geared to",
    "serves to",
    "serve to",
    "with the aim of",
    "with the goal of",
    "with the objective of",
    "with the purpose of",
    "with a view to",
    "part of efforts to",
    "part of an effort to",
    "part of a push to",
    "part of a drive to",
    "part of a strategy to",
    "part of plans to",
    "part of a plan to",
];

const IDENTIFIED_AS: &[&str] = &["identified as", "designated as", "selected as", "chosen as"];

const CONTENT: &[&str] = &[
    "provides for",
    "provide for",
    "envisages",
    "envisage",
    "envisions",
    "foresees",
    "stipulates",
    "calls for",
    "covers",
    "includes",
    "involves",
    "outlines",
    "sets out",
    "lays out",
    "encompasses",
];

const ABILITY: &[&str] = &["can", "could"];

const JOINT_AGENTS: &[&str] = &[
    "by both",
    "by the two",
    "by the three",
    "by all",
    "by each",
    "by the partners",
    "by the parties",
    "by the participating",
];

/// The trigger patterns with their cues. Signing verbs and instrument
/// nouns come from the engine's lexicon, shared with the entity rules
/// (`agree`/`agreed` are the `AgreeTo` frame here, not signing verbs).
fn patterns() -> Vec<(String, Cue)> {
    let signing = crate::lexicon::SIGNING_VERBS
        .iter()
        .filter(|v| v.signs != Signs::Agrees)
        .flat_map(|v| v.forms.iter().map(|f| (f.to_string(), Cue::SignVerb)));
    let instruments = crate::lexicon::instrument_phrases().into_iter().map(|p| (p, Cue::AgreementNoun));
    let groups: [(&[&str], Cue); 12] = [
        (COLLAB_NOUNS, Cue::CollabNoun),
        (COOP_VERBS, Cue::CoopVerb),
        (MODALS, Cue::Modal),
        (DESIRES, Cue::Desire),
        (AGREE_TO, Cue::AgreeTo),
        (COMMIT_TO, Cue::CommitTo),
        (PURPOSE_NOUNS, Cue::PurposeNoun),
        (PURPOSE_FRAMES, Cue::PurposeFrame),
        (IDENTIFIED_AS, Cue::IdentifiedAs),
        (CONTENT, Cue::Content),
        (ABILITY, Cue::Ability),
        (JOINT_AGENTS, Cue::JointAgent),
    ];
    let words = groups.iter().flat_map(|(words, cue)| words.iter().map(move |w| (w.to_string(), *cue)));
    signing.chain(instruments).chain(words).collect()
}

struct Lexicon {
    automaton: AhoCorasick,
    cues: Vec<Cue>,
}

/// Built on first use; `None` only if the automaton could not be built,
/// in which case no clause is suggested rather than the engine failing.
static LEXICON: LazyLock<Option<Lexicon>> = LazyLock::new(|| {
    let (words, cues): (Vec<String>, Vec<Cue>) = patterns().into_iter().unzip();
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(words)
        .ok()?;
    Some(Lexicon { automaton, cues })
});

/// A cue found in the text: byte range and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub cue: Cue,
}

/// Every cue in `text` that stands as whole words, sorted by start. Where
/// cues overlap, the longest wins (`aims to` rather than `aims`).
pub fn find(text: &str) -> Vec<Hit> {
    let Some(lexicon) = LEXICON.as_ref() else { return Vec::new() };
    let mut hits = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let Some(m) = lexicon.automaton.find(Input::new(text).span(pos..text.len())) else { break };
        if is_whole_word(text, m.start(), m.end()) {
            if let Some(cue) = lexicon.cues.get(m.pattern().as_usize()) {
                hits.push(Hit { start: m.start(), end: m.end(), cue: *cue });
            }
            pos = m.end();
        } else {
            // A match inside a word (`think` for `ink`) may hide a real one
            // that starts before its end: search again one char further.
            pos = m.start() + text.get(m.start()..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
        }
    }
    hits
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_words_case_insensitively() {
        let text = "MRANTI inks MoU’s terms; thinking of signing. They Will work together.";
        let got: Vec<(&str, Cue)> = find(text).iter().map(|h| (&text[h.start..h.end], h.cue)).collect();
        assert_eq!(
            got,
            [
                ("inks", Cue::SignVerb),
                ("MoU", Cue::AgreementNoun),
                ("signing", Cue::SignVerb),
                ("Will", Cue::Modal),
                ("work together", Cue::CoopVerb),
            ]
        );
    }

    #[test]
    fn the_longest_cue_wins() {
        let text = "The aim to help";
        let got: Vec<Cue> = find(text).iter().map(|h| h.cue).collect();
        assert_eq!(got, [Cue::PurposeFrame]);
    }

    #[test]
    fn matches_inside_words_are_skipped() {
        let text = "An ideal deal, rethinking inks; designed to sign";
        let got: Vec<(&str, Cue)> = find(text).iter().map(|h| (&text[h.start..h.end], h.cue)).collect();
        assert_eq!(
            got,
            [
                ("deal", Cue::AgreementNoun),
                ("inks", Cue::SignVerb),
                ("designed to", Cue::PurposeFrame),
                ("sign", Cue::SignVerb)
            ]
        );
    }
}
