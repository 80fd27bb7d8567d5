//! Positive and negative examples for each clause label. The sentences are
//! made up for the tests (not taken from the development set), so they check
//! that the rules generalise.

use super::*;
use crate::sentence::sentences;

/// The label of each sentence of `paragraph` (`None` for unlabelled ones).
pub(super) fn labels(paragraph: &str) -> Vec<(String, Option<Label>)> {
    let sents = sentences(paragraph);
    let spans = classify(paragraph, &sents, &[], &Options::default());
    sents
        .iter()
        .map(|r| {
            let label = spans.iter().find(|s| s.start == r.start && s.end == r.end).map(|s| s.label);
            (paragraph[r.clone()].to_string(), label)
        })
        .collect()
}

pub(super) fn label(sentence: &str) -> Option<Label> {
    let got = labels(sentence);
    assert_eq!(got.len(), 1, "expected one sentence in {sentence:?}, got {got:?}");
    got[0].1
}

pub(super) fn assert_all(expected: Option<Label>, sentences: &[&str]) {
    for s in sentences {
        assert_eq!(label(s), expected, "{s}");
    }
}

#[test]
fn signing_positive() {
    assert_all(
        Some(Label::Signing),
        &[
            "Kazan Technopark and Aalto Ventures sign memorandum of understanding",
            "Helsinki Science Park inks MoU with Tsinghua Holdings",
            "The two parks signed a three-year cooperation agreement in Seoul on Monday.",
            "A letter of intent was signed by both sides during the visit.",
            "The agreement has been signed by the mayors of both cities.",
            "Delegates from twelve parks adopted a joint declaration on open innovation.",
            "The universities entered into a strategic partnership agreement last year.",
            "Both zones have agreed to cooperate in biotechnology and green energy.",
            "The parks agreed to four joint initiatives under the new accord.",
            "He travelled to Paris to sign an accord with the regional government.",
            "The signing ceremony took place at the park headquarters.",
            "The two agencies have agreed to strengthen cooperation in biotechnology.",
            "The two parks exchanged a letter of intent at a ceremony in Bangkok.",
            "After two years of talks, the agencies reached an agreement on joint funding.",
            "Skolkovo and Tsinghua agree on joint research",
            "The accord is the second that Kista has concluded with an Asian park this year.",
            "The MoU builds on a framework agreement on clean energy that both cities signed in 2021.",
            // Instrument nouns the entity rules always knew (issue 8: one lexicon).
            "The two parks signed a communique after the talks.",
            "The agencies signed a Letter of Understanding to lead the new centre.",
            "Kista and Oulu signed an MOA with the city.",
        ],
    );
}

#[test]
fn signing_negative() {
    assert_all(
        None,
        &[
            "There are signs of recovery in the regional economy.",
            "The startups closed deals worth more than 2 million euros.",
            "Five startups reached deals worth $3 million in Silicon Valley.",
            "The park signed up 40 new tenants in March.",
            "His contract expires next year.",
            "Officials reached the venue by train.",
            "The agreement was a surprise to the investors that the park had courted and then ignored.",
        ],
    );
}

#[test]
fn purpose_positive() {
    assert_all(
        Some(Label::Purpose),
        &[
            "The aim of the memorandum is to support young companies in both regions.",
            "The partnership aims to foster knowledge exchange in clean energy.",
            "The cooperation seeks to build a bridge between Nordic and Asian startups.",
            "In an effort to attract talent, the park announced plans to collaborate with Oulu.",
            "This alliance is expected to strengthen the innovation ecosystems of both cities.",
            "The collaboration will help local firms enter foreign markets.",
            "Both parties want to help their tenants grow abroad.",
            "The agreement is aimed at promoting technology transfer.",
            "He said cooperation is essential to keep the region competitive.",
        ],
    );
}

#[test]
fn purpose_negative() {
    assert_all(
        None,
        &[
            "The factory is expected to open next spring.",
            "The city is working to develop its venture capital market to further support startups.",
            "Tenants should use official channels to facilitate their applications.",
            "In an effort to cut costs, the company closed two offices.",
            "Our task today is to introduce ourselves.",
            "What will the partnership focus on?",
        ],
    );
}

#[test]
fn commitment_positive() {
    assert_all(
        Some(Label::Commitment),
        &[
            "Tekes and Kista will exchange researchers and organise joint workshops.",
            "Under the memorandum, the two parks will set up a joint incubator.",
            "They will also share market data on a quarterly basis.",
            "Both organisations will jointly develop training programmes for engineers.",
            "Under that deal, the university and TusPark will jointly run an accelerator.",
            "The partnership will focus on robotics, fintech and medical devices.",
            "We would like to cooperate with your universities in materials science.",
            "The sides agreed to exchange delegations every year.",
            "Biotechnology has been identified as a priority area for future cooperation.",
            "We plan to establish joint laboratories in both cities.",
            "Events commit to three activities that deepen mutual exchange.",
            "The document provides for joint training courses and the exchange of experts.",
            "The memorandum covers cooperation in nanotechnology and space research.",
        ],
    );
}

#[test]
fn commitment_negative() {
    assert_all(
        None,
        &[
            "The company will open a new office in Berlin next year.",
            "Your email address will not be published.",
            "When there is talent, companies will come.",
            "We will get some feedback in a year.",
            "The delegation also visited what will become the new business park.",
            "The companies are committed to developing their own quality systems.",
            "Some of the primary areas of collaboration include:",
            "The park currently hosts 300 companies and 8,000 employees.",
            "The tenant list includes Nokia and several banks.",
            "Some of the key benefits of this collaboration include:",
        ],
    );
}

#[test]
fn precedence_signing_over_purpose_over_commitment() {
    // Signing and a purpose in one sentence: SIGNING.
    assert_eq!(
        label("The parks signed an MOU that aims to promote exchanges and will share facilities."),
        Some(Label::Signing)
    );
    // A purpose frame and a commitment: PURPOSE.
    assert_eq!(
        label("The partnership aims to boost exports, and the parks will exchange staff."),
        Some(Label::Purpose)
    );
    // A purpose infinitive tacked onto a commitment stays a commitment.
    assert_eq!(label("The two parks will share facilities in order to cut costs."), Some(Label::Commitment));
}

#[test]
fn list_items_of_cooperation_areas_are_commitments() {
    let paragraph = "The agreement covers the following areas:\n\
        - Establish a mentoring network for young founders.\n\
        - Market access: The program aims to open export channels for tenants of both parks.\n\
        - Staff exchange: Both parks may second engineers to each other for six months.";
    let got: Vec<Option<Label>> = labels(paragraph).into_iter().map(|(_, l)| l).collect();
    assert_eq!(got, [None, Some(Label::Commitment), Some(Label::Commitment), Some(Label::Commitment)]);

    // Unbulleted `Label: text` lines count when they come in a run.
    let paragraph = "Shared Laboratories: The alliance will open shared laboratories for members. This will allow startups to test prototypes.\n\
        Investor Days: The alliance will organise investor days in both cities.";
    let got: Vec<Option<Label>> = labels(paragraph).into_iter().map(|(_, l)| l).collect();
    assert_eq!(got, [Some(Label::Commitment), Some(Label::Purpose), Some(Label::Commitment)]);

    // Items naming joint work, by a verb or a noun.
    let paragraph = "The two parks will:\n\
        1. Joint research on battery materials;\n\
        2. Organising an annual investor forum;\n\
        3. Co-development of training courses.\n\
        4. Promoting their tenants abroad.\n\
        5. Founded in 1990, the park hosts 300 firms.";
    let got: Vec<Option<Label>> = labels(paragraph).into_iter().map(|(_, l)| l).collect();
    assert_eq!(
        got,
        [None, Some(Label::Commitment), Some(Label::Commitment), Some(Label::Commitment), None, None]
    );

    // Tips and benefits without a colon or a bullet are not commitments.
    let paragraph =
        "Engage in networking activities to build connections\nAccess to a larger pool of resources";
    let got: Vec<Option<Label>> = labels(paragraph).into_iter().map(|(_, l)| l).collect();
    assert_eq!(got, [None, None]);
}

#[test]
fn this_refers_back_only_after_a_clause() {
    let paragraph = "The parks will exchange staff. This will enable faster learning.";
    let got: Vec<Option<Label>> = labels(paragraph).into_iter().map(|(_, l)| l).collect();
    assert_eq!(got, [Some(Label::Commitment), Some(Label::Purpose)]);
    let paragraph = "The park opened in 1990. This will enable faster learning.";
    let got: Vec<Option<Label>> = labels(paragraph).into_iter().map(|(_, l)| l).collect();
    assert_eq!(got, [None, None]);
}

#[test]
fn one_party_commits_after_a_clause_or_with_a_partner() {
    let paragraph = "The parks signed an MoU in May. Astana Hub will also set up an office in the park.";
    let got: Vec<Option<Label>> = labels(paragraph).into_iter().map(|(_, l)| l).collect();
    assert_eq!(got, [Some(Label::Signing), Some(Label::Commitment)]);
    assert_eq!(label("Astana Hub will set up an office in the park."), None);
    assert_eq!(label("Astana Hub will set up an office with Tsinghua."), Some(Label::Commitment));
}

#[test]
fn entity_spans_name_the_parties() {
    // Lower-case names only an entity recogniser can know.
    let text = "zpark and mranti will exchange staff.";
    let sents = sentences(text);
    let why = Provenance::rule(RuleId::OrgUnknownName);
    let entities = [
        Span { start: 0, end: 5, label: Label::Park, provenance: why },
        Span { start: 10, end: 16, label: Label::Org, provenance: why },
    ];
    let got = classify(text, &sents, &entities, &Options::default());
    let got: Vec<_> = got.iter().map(|s| (s.start, s.end, s.label, s.provenance.to_string())).collect();
    assert_eq!(got, [(0, text.len(), Label::Commitment, "clause.commitment.parties-will".to_string())]);
    assert!(classify(text, &sents, &[], &Options::default()).is_empty());
}

#[test]
fn long_line_without_punctuation_is_handled() {
    let mut text = "the parks will exchange staff and ".repeat(300_000);
    text.push_str("sign an agreement");
    let sents = sentences(&text);
    assert_eq!(sents.len(), 1);
    let got = classify(&text, &sents, &[], &Options::default());
    let got: Vec<_> = got.iter().map(|s| (s.start, s.end, s.label)).collect();
    assert_eq!(got, [(0, text.len(), Label::Signing)]);
}

#[test]
fn non_ascii_text_keeps_offsets_on_char_boundaries() {
    let text = "«Технопарк» and “Z‑Park” will exchange staff 🚀. Они подписали соглашение.";
    let sents = sentences(text);
    for span in classify(text, &sents, &[], &Options::default()) {
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
}

/// Pseudo-random texts from tricky pieces: sentences must stay ordered, on
/// char boundaries and trimmed, and clauses must cover whole sentences —
/// whatever the input (the language server feeds the engine half-typed text).
#[test]
fn arbitrary_text_never_breaks_the_invariants() {
    const PIECES: &[&str] = &[
        "will",
        " ",
        "\n",
        ".",
        "!",
        "?",
        "…",
        "。",
        "”",
        "’",
        "“",
        "\u{a0}",
        "- ",
        "• ",
        "1. ",
        ":",
        "Dr",
        "U.S",
        "Co",
        "the parks",
        "signed",
        "an MoU",
        "aims to",
        "help",
        "This",
        "and",
        "They",
        "exchange",
        "joint",
        "🚀",
        "Технопарк",
        "agreed to",
        "—",
        "(",
        ")",
        "3.5",
        "a",
        "’s",
        "Label words",
        "\r\n",
        "\t",
        "-",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2_000 {
        let mut text = String::new();
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let len = (seed >> 58) as usize + 1;
        for _ in 0..len {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            text.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
        }
        let sents = sentences(&text);
        let mut previous_end = 0;
        for r in &sents {
            assert!(previous_end <= r.start && r.start < r.end && r.end <= text.len(), "{text:?}: {sents:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{text:?}");
            let s = &text[r.clone()];
            assert_eq!(s.trim(), s, "{text:?}: untrimmed {s:?}");
            previous_end = r.end;
        }
        for span in classify(&text, &sents, &[], &Options::default()) {
            assert!(sents.iter().any(|r| r.start == span.start && r.end == span.end), "{text:?}");
        }
    }
}

/// A clause rule turned off is skipped: the sentence goes to the next rule
/// or family that applies, and to none when nothing else does.
#[test]
fn a_clause_rule_turned_off_gives_way_to_the_next() {
    use crate::rules::{Options, RuleId};
    let text = "The two parks signed an MoU, and they will exchange staff every year.";
    let sents = sentences(text);
    let rules = |options: Options| -> Vec<(Label, String)> {
        classify(text, &sents, &[], &options).iter().map(|s| (s.label, s.provenance.to_string())).collect()
    };
    assert_eq!(rules(Options::default()), [(Label::Signing, "clause.signing.verb-object".to_string())]);
    let off = Options::default().disable(RuleId::ClauseSigningVerbObject);
    assert_eq!(rules(off), [(Label::Commitment, "clause.commitment.parties-will".to_string())]);
    let off = off.disable(RuleId::ClauseCommitmentPartiesWill);
    assert!(rules(off).is_empty());
}
