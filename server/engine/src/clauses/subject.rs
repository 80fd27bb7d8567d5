//! Who a modal or intention belongs to: the parties (`Technopolis and
//! Ascendas will …`, `they will …`), the cooperation itself (`the partnership
//! will …`), an anaphora (`This will …`), or someone else.

use crate::{Label, Span};

use super::words::{self, Token, WordSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Several parties: `X and Y`, `they`, `we`, `both parties`, `the two companies`.
    Parties,
    /// One named party: `Technopolis`, `the Nano-Center`.
    Party,
    /// The cooperation or its instrument: `the partnership`, `the agreement`.
    Collab,
    /// `This` or `It` opening the sentence.
    Anaphora,
    /// A relative clause (`a platform that will …`): its subject is elsewhere.
    Relative,
    Other,
}

/// Entity spans that can name a party (organisations, parks, places).
pub struct Names {
    ranges: Vec<(usize, usize)>,
}

impl Names {
    pub fn new(entities: &[Span]) -> Self {
        let mut ranges: Vec<(usize, usize)> = entities
            .iter()
            .filter(|s| matches!(s.label, Label::Org | Label::Park | Label::Gpe))
            .map(|s| (s.start, s.end))
            .collect();
        ranges.sort_unstable();
        Names { ranges }
    }

    /// Whether the token lies inside a party entity.
    fn covers(&self, t: &Token<'_>) -> bool {
        let after = self.ranges.partition_point(|r| r.0 <= t.start);
        after > 0 && self.ranges.get(after - 1).is_some_and(|r| r.1 >= t.end())
    }
}

/// Words between a subject and its modal or intention (`they are eager to`,
/// `Technopolis and Ascendas both will`).
const AUXILIARIES: WordSet = WordSet::new(&[
    "all",
    "also",
    "am",
    "are",
    "be",
    "been",
    "both",
    "each",
    "further",
    "had",
    "has",
    "have",
    "is",
    "jointly",
    "now",
    "really",
    "shall",
    "so",
    "still",
    "then",
    "therefore",
    "thus",
    "together",
    "too",
    "very",
    "was",
    "were",
    "will",
    "would",
]);

const RELATIVES: &[&str] = &["that", "which", "who", "whom", "whose"];

const PRONOUNS: &[&str] = &["they", "we"];

/// Plural nouns that stand for the parties with a determiner before them
/// (`the two companies`, `Both organizations`).
const PARTY_NOUNS: WordSet = WordSet::new(&[
    "academies",
    "accelerators",
    "agencies",
    "associations",
    "campuses",
    "centers",
    "centres",
    "cities",
    "clusters",
    "colleges",
    "companies",
    "countries",
    "entities",
    "firms",
    "foundations",
    "governments",
    "hubs",
    "incubators",
    "institutes",
    "institutions",
    "laboratories",
    "labs",
    "members",
    "ministries",
    "municipalities",
    "nations",
    "operators",
    "organisations",
    "organizations",
    "parks",
    "parties",
    "partners",
    "provinces",
    "regions",
    "schools",
    "sides",
    "signatories",
    "teams",
    "technoparks",
    "universities",
    "zones",
]);

/// Party nouns that mean the parties even without a determiner.
const PARTY_NOUNS_ALONE: &[&str] = &["parties", "sides", "partners", "signatories"];

const DETERMINERS: WordSet = WordSet::new(&[
    "all",
    "both",
    "four",
    "our",
    "participating",
    "respective",
    "the",
    "their",
    "these",
    "those",
    "three",
    "two",
]);

/// Nouns that name the cooperation as a subject (its instrument's nouns
/// come from the lexicon: see [`is_collab_head`]).
const COLLAB_HEADS: WordSet = WordSet::new(&[
    "alliance",
    "co-operation",
    "collaboration",
    "collaborations",
    "consortium",
    "cooperation",
    "efforts",
    "engagement",
    "initiative",
    "network",
    "partnership",
    "partnerships",
    "platform",
    "program",
    "programme",
    "project",
    "tie-up",
    "twinning",
]);

/// A noun for the cooperation or its instrument (`the partnership`, `the MoU`).
fn is_collab_head(t: &Token<'_>) -> bool {
    t.is_in(&COLLAB_HEADS) || crate::lexicon::is_instrument_word(t.text)
}

/// Capitalised words that are not names.
const FUNCTION_WORDS: WordSet = WordSet::new(&[
    "a",
    "additionally",
    "after",
    "all",
    "also",
    "an",
    "and",
    "as",
    "at",
    "before",
    "besides",
    "both",
    "but",
    "by",
    "during",
    "each",
    "finally",
    "first",
    "for",
    "from",
    "further",
    "furthermore",
    "he",
    "her",
    "here",
    "his",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "many",
    "meanwhile",
    "moreover",
    "next",
    "now",
    "of",
    "on",
    "or",
    "our",
    "second",
    "she",
    "some",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "today",
    "together",
    "under",
    "we",
    "what",
    "when",
    "which",
    "while",
    "who",
    "with",
    "within",
    "you",
]);

/// The subject of the modal or intention that starts at `at`, looking back
/// no further than the sentence start `from`.
pub fn subject(text: &str, from: usize, at: usize, names: &Names) -> Subject {
    let tokens = words::backward(text, from, at, 16);
    let i = tokens.iter().take_while(|t| t.is_in(&AUXILIARIES)).count();
    let Some(t) = tokens.get(i) else { return Subject::Other };
    if t.is_any(RELATIVES) {
        return Subject::Relative;
    }
    if headed_by_collab(&tokens[i..]) {
        return Subject::Collab;
    }
    if t.is_any(PRONOUNS) || t.is_any(PARTY_NOUNS_ALONE) {
        return Subject::Parties;
    }
    // `Academpark said it would provide …`: `it` is the speaker.
    let after_that = if tokens.get(i + 1).is_some_and(|w| w.is("that")) { i + 2 } else { i + 1 };
    if t.is("it") && tokens.get(after_that).is_some_and(|v| crate::lexicon::is_reporting(v.text, 0)) {
        return Subject::Party;
    }
    // `the Taiwanese side will contribute …`: one of the parties.
    if t.is_any(&["side", "partner"])
        && tokens.iter().skip(i + 1).take(3).any(|d| d.is_any(&["the", "each", "either", "other"]))
    {
        return Subject::Party;
    }
    if is_joint_body(&tokens[i..]) {
        return Subject::Collab;
    }
    if t.is_in(&PARTY_NOUNS) {
        let determined = tokens.iter().skip(i + 1).take(3).any(|d| d.is_in(&DETERMINERS));
        return if determined { Subject::Parties } else { Subject::Other };
    }
    if is_collab_head(t) {
        // `areas of collaboration include` is not about the collaboration,
        // but `members of the network` are its parties.
        let of = (i + 1..i + 3).find(|&k| tokens.get(k).is_some_and(|p| p.is("of")));
        return match of {
            None => Subject::Collab,
            Some(k) if tokens.get(k + 1).is_some_and(|m| m.is_any(MEMBERS)) => Subject::Parties,
            Some(_) => Subject::Other,
        };
    }
    // `Each park will …`: every one of the parties.
    if t.is_in(&PARTY_KINDS) && tokens.get(i + 1).is_some_and(|d| d.is_any(&["each", "every"])) {
        return Subject::Parties;
    }
    let opens_sentence = tokens.len() < 16 && tokens.iter().skip(i + 1).all(|p| !p.is_word());
    if t.is_any(&["this", "it", "these"]) && opens_sentence {
        return Subject::Anaphora;
    }
    if is_name(t, names) {
        return if coordinated(&tokens[i..], names) { Subject::Parties } else { Subject::Party };
    }
    Subject::Other
}

/// Whether the modal at `at` opens a second verb phrase of the same subject
/// (`X will select …, and will arrange …`): `and`, `but` or `or` comes right
/// before it.
pub fn continues_verb_phrase(text: &str, from: usize, at: usize) -> bool {
    let tokens = words::backward(text, from, at, 4);
    let i = tokens.iter().take_while(|t| t.is_in(&AUXILIARIES)).count();
    tokens.get(i).is_some_and(|t| t.is_any(&["and", "but", "or"]))
}

/// `The collaboration between X and Y will …`: the head noun before
/// `between`/`among`/`with` is the subject, whatever the names after it.
fn headed_by_collab(tokens: &[Token<'_>]) -> bool {
    for (k, t) in tokens.iter().enumerate().take(14) {
        if t.is_any(RELATIVES) || t.is_any(&[",", ";", ":", "“", "”", "\""]) {
            return false;
        }
        if t.is_any(&["between", "among", "amongst", "with"]) {
            let rest = tokens.get(k + 1..).unwrap_or(&[]);
            return rest.first().is_some_and(is_collab_head) || is_joint_body(rest);
        }
    }
    false
}

/// The parties of a network or charter (`members of the network`).
const MEMBERS: &[&str] = &["members", "partners", "signatories", "parties"];

/// Nouns that name a body the parties set up together, after a word that
/// makes it one (`a working group`, `the joint committee`, `a task force`).
const BODIES: &[&str] = &["board", "committee", "council", "force", "group", "secretariat", "team"];
const BODY_MODIFIERS: &[&str] =
    &["coordinating", "coordination", "joint", "management", "steering", "task", "working"];

/// Whether `tokens` (nearest first) end in a joint body: `A working group`.
fn is_joint_body(tokens: &[Token<'_>]) -> bool {
    tokens.first().is_some_and(|b| b.is_any(BODIES))
        && tokens.get(1).is_some_and(|m| m.is_any(BODY_MODIFIERS))
}

fn is_name(t: &Token<'_>, names: &Names) -> bool {
    names.covers(t) || (t.is_word() && t.is_capitalised() && !t.is_in(&FUNCTION_WORDS))
}

/// Whether the name that ends `tokens[0]` (nearest first) is coordinated
/// with another one: `X and Y`, `X, Y and Z`, `both X and Y`.
fn coordinated(tokens: &[Token<'_>], names: &Names) -> bool {
    let mut k = 0;
    while k < tokens.len() {
        let t = &tokens[k];
        let inner = t.is_any(&["of", "for", "de", "-"]) || t.text == "’" || t.is("s");
        if is_name(t, names) || (inner && tokens.get(k + 1).is_some_and(|n| is_name(n, names))) {
            k += 1;
            continue;
        }
        break;
    }
    let Some(link) = tokens.get(k) else { return false };
    // `X, Y and Z`: the link nearest to the subject is `and`; a comma alone
    // (`Under the deal with Ascendas, Technopolis will`) is not coordination.
    if !link.is_any(&["and", "&"]) {
        return false;
    }
    let after_link = tokens.iter().skip(k + 1).find(|t| !t.is("the"));
    after_link.is_some_and(|t| is_name(t, names) || t.is_in(&PARTY_KINDS))
}

/// Common nouns that, coordinated with a name, make several parties
/// (`the university and TusPark will …`).
const PARTY_KINDS: WordSet = WordSet::new(&[
    "academy",
    "accelerator",
    "agency",
    "association",
    "campus",
    "center",
    "centre",
    "chamber",
    "city",
    "cluster",
    "college",
    "company",
    "corporation",
    "council",
    "firm",
    "foundation",
    "government",
    "group",
    "hub",
    "incubator",
    "institute",
    "lab",
    "laboratory",
    "ministry",
    "municipality",
    "operator",
    "organisation",
    "organization",
    "park",
    "partner",
    "province",
    "region",
    "school",
    "side",
    "technopark",
    "university",
    "zone",
]);

#[cfg(test)]
mod tests {
    use super::*;

    fn subject_of(text: &str) -> Subject {
        let at = text.rfind(" will").map_or(text.len(), |p| p + 1);
        subject(text, 0, at, &Names::new(&[]))
    }

    #[test]
    fn parties() {
        assert_eq!(subject_of("Technopolis and Ascendas will"), Subject::Parties);
        assert_eq!(subject_of("Within the framework of the agreement they will"), Subject::Parties);
        assert_eq!(subject_of("As part of it the two companies will"), Subject::Parties);
        assert_eq!(subject_of("Both parties will"), Subject::Parties);
        assert_eq!(subject_of("The Nano-Center will"), Subject::Party);
        assert_eq!(subject_of("Under that deal, the university and TusPark will"), Subject::Parties);
    }

    #[test]
    fn the_cooperation_itself() {
        assert_eq!(
            subject_of("The collaboration between the Hong Kong Science Park and Singapore will"),
            Subject::Collab
        );
        assert_eq!(subject_of("He said collaboration between technology parks will"), Subject::Collab);
        assert_eq!(subject_of("Under the deal with Ascendas, Technopolis will"), Subject::Party);
        assert_eq!(subject_of("The alliance will"), Subject::Collab);
        assert_eq!(subject_of("Some areas of collaboration will"), Subject::Other);
    }

    #[test]
    fn anaphora_relatives_and_others() {
        assert_eq!(subject_of("This will"), Subject::Anaphora);
        assert_eq!(subject_of("“This will"), Subject::Anaphora);
        assert_eq!(subject_of("And this will"), Subject::Other);
        assert_eq!(subject_of("a platform that will"), Subject::Relative);
        assert_eq!(subject_of("when there is talent, companies will"), Subject::Other);
        assert_eq!(subject_of("Your email address will"), Subject::Other);
    }

    #[test]
    fn entity_spans_name_parties() {
        let text = "the zhongguancun park and mranti will";
        let why = crate::Provenance::rule(crate::RuleId::OrgUnknownName);
        let names = Names::new(&[
            Span { start: 4, end: 21, label: Label::Park, provenance: why },
            Span { start: 26, end: 32, label: Label::Org, provenance: why },
        ]);
        assert_eq!(subject(text, 0, 33, &names), Subject::Parties);
    }
}
