//! AGREEMENT: noun phrases naming a formal cooperation instrument, headed by
//! an instrument noun of the lexicon (`agreement`, `MOU`/`MoU`/`MOA`,
//! `memorandum (of understanding)`, `declaration`, `communique`, `deal`,
//! `accord`, `pact`, `treaty`, `letter of intent`, a signed `charter`,
//! `protocol` or `document`), with their pre-modifiers (`broad cooperation
//! agreement`) and without determiners. The noun's kind in the lexicon
//! (`lexicon::Names`) decides the rule.

use super::super::lexicon::{self, Names};
use super::super::rules::RuleId;
use super::super::Label;
use super::context::{Ctx, Found, TRIG_AGREEMENT};

/// Lower-case words that may head an agreement: every form of the
/// lexicon's instrument nouns.
pub fn triggers() -> Vec<&'static str> {
    lexicon::INSTRUMENTS.iter().flat_map(|i| i.forms.iter().copied()).collect()
}

/// Pre-modifiers that belong to the instrument's name.
const MODIFIERS: &[&str] = &[
    "broad",
    "comprehensive",
    "strategic",
    "cooperation",
    "co-operation",
    "cooperative",
    "collaboration",
    "collaborative",
    "partnership",
    "framework",
    "bilateral",
    "trilateral",
    "multilateral",
    "tripartite",
    "joint",
    "formal",
    "official",
    "preliminary",
    "initial",
    "landmark",
    "historic",
    "sister",
    "sister-park",
    "sister-city",
    "park",
    "co-operation",
    "twinning",
    "friendship",
    "long-term",
    "investment",
    "research",
    "technology",
    "exchange",
    "trade",
    "mutual",
    "reciprocal",
    "binding",
    "non-binding",
    "definitive",
    "innovation",
    "licensing",
    "strategic-cooperation",
    "cooperation-framework",
    "memorandum",
    "partnering",
    "academic",
    "scientific",
    "economic",
    "industrial",
];

fn is_in(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| word.eq_ignore_ascii_case(w))
}

pub fn find(ctx: &mut Ctx) {
    ctx.scan(TRIG_AGREEMENT, agreement_at);
}

/// The rule for each kind of instrument noun.
fn rule_of(names: Names) -> RuleId {
    match names {
        Names::Alone => RuleId::AgreementInstrument,
        Names::Acronym => RuleId::AgreementAcronym,
        Names::OptionalComplement(_) => RuleId::AgreementMemorandum,
        Names::Complement(_) => RuleId::AgreementLetterOf,
        Names::UnlessASale => RuleId::AgreementDeal,
        Names::AsSignedObject => RuleId::AgreementSignedObject,
    }
}

/// An agreement headed by token `i` (the rule is the head noun's kind in the
/// lexicon), with the modifiers before it.
fn agreement_at(ctx: &Ctx, i: usize) -> Option<Found> {
    if !ctx.is_word(i) || ctx.claimed[i] {
        return None;
    }
    let s = ctx.s(i);
    let names = lexicon::instrument(s)?.names;
    let rule = rule_of(names);
    if !ctx.on(rule) {
        return None;
    }
    let mut end = i + 1;
    match names {
        // "MOU"/"MoU"/"LOI" are acronyms; "mou" or "loi" in running text is not.
        Names::Acronym if !s.starts_with(|c: char| c.is_ascii_uppercase()) => return None,
        Names::OptionalComplement(complements) if ctx.is(i + 1, "of") && ctx.is_any(i + 2, complements) => {
            end = i + 3;
        }
        Names::Complement(complements) => {
            if !(ctx.is(i + 1, "of") && ctx.is_any(i + 2, complements)) {
                return None;
            }
            end = i + 3;
        }
        Names::UnlessASale if !is_deal(ctx, i) => return None,
        Names::AsSignedObject if !is_signed_object(ctx, i) => return None,
        // "in agreement with": consent, not an instrument.
        Names::Alone if is_in(s, &["agreement"]) && ctx.is(i.wrapping_sub(1), "in") => return None,
        _ => {}
    }
    let mut start = i;
    while start > 0 && ctx.is_word(start - 1) && !ctx.claimed[start - 1] && is_in(ctx.s(start - 1), MODIFIERS)
    {
        start -= 1;
    }
    Some(Found { start, end, label: Label::Agreement, rule })
}

/// "deal" as an instrument: a noun (not "to deal with") and not a sale
/// ("deals worth US$3 million").
fn is_deal(ctx: &Ctx, i: usize) -> bool {
    if ctx.is_any(
        i.wrapping_sub(1),
        &["to", "will", "would", "can", "could", "must", "should", "they", "we", "i", "great", "good"],
    ) {
        return false;
    }
    if ctx.is_any(i.wrapping_sub(1), &["a", "the"]) && ctx.is(i.wrapping_sub(2), "great") {
        return false;
    }
    !ctx.is_any(i + 1, lexicon::SALE_WORDS)
}

/// A head like "document" counts when a signing verb governs it within a
/// few words ("sign an official document").
fn is_signed_object(ctx: &Ctx, i: usize) -> bool {
    let from = i.saturating_sub(5);
    (from..i)
        .any(|k| ctx.is_word(k) && lexicon::signing_verb_ends(ctx.s(k.wrapping_sub(1)), ctx.s(k)).is_some())
        && !ctx.is(i + 1, "s")
        && (from..i).rev().take_while(|&k| ctx.is_word(k)).count() >= 1
}

#[cfg(test)]
mod tests {
    use super::super::context::Ctx;
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let gaz = super::super::gazetteer::Gazetteer::new();
        let mut ctx =
            Ctx::new(text, &super::super::super::sentence::sentences(text), &gaz, Default::default());
        find(&mut ctx);
        ctx.cands.iter().map(|c| &text[ctx.bytes(c.start, c.end)]).collect()
    }

    #[test]
    fn modifiers_in_determiners_out() {
        assert_eq!(found("has signed a broad cooperation agreement with"), ["broad cooperation agreement"]);
        assert_eq!(
            found("the MoU’s conditions and a memorandum of understanding"),
            ["MoU", "memorandum of understanding"]
        );
    }

    #[test]
    fn deals_that_are_sales_are_not_agreements() {
        assert_eq!(found("the two signed a deal to become sister parks"), ["deal"]);
        assert!(found("reaching deals worth more than US$3 million").is_empty());
    }

    #[test]
    fn each_agreement_rule_finds_its_instruments_and_nothing_else() {
        use crate::rules::Family;
        use crate::testing::check_family;
        use crate::Label::Agreement;
        check_family(
            Family::Agreement,
            &[
                (
                    "They signed a broad cooperation agreement and a joint communique.",
                    &[
                        ("agreement.instrument", Agreement, "broad cooperation agreement"),
                        ("agreement.instrument", Agreement, "joint communique"),
                    ],
                ),
                // The fix of issue 8: an MOA is an agreement (it was a place, Moa).
                (
                    "Kista and Oulu signed an MOA and a MoU.",
                    &[("agreement.acronym", Agreement, "MOA"), ("agreement.acronym", Agreement, "MoU")],
                ),
                // LOI: a letter of intent; the French word `loi` (law) is no instrument.
                ("They signed the LOI, not la loi.", &[("agreement.acronym", Agreement, "LOI")]),
                (
                    "A memorandum of understanding and a memorandum followed.",
                    &[
                        ("agreement.memorandum", Agreement, "memorandum of understanding"),
                        ("agreement.memorandum", Agreement, "memorandum"),
                    ],
                ),
                (
                    "They signed a letter of intent.",
                    &[("agreement.letter-of", Agreement, "letter of intent")],
                ),
                ("The two signed a deal to become sister parks.", &[("agreement.deal", Agreement, "deal")]),
                ("Both parks ratified the charter.", &[("agreement.signed-object", Agreement, "charter")]),
                // What is no agreement: sales, verbs, letters, documents nobody signed, consent.
                ("Deals worth $3 million; to deal with it; a letter to the mayor.", &[]),
                ("The document describes the park, in agreement with the charter; mou.", &[]),
            ],
        );
    }

    #[test]
    fn signed_documents() {
        assert_eq!(found("offer you to sign an official document on our cooperation"), ["official document"]);
        assert!(found("the document describes the park").is_empty());
    }
}
