//! AGREEMENT: noun phrases naming a formal cooperation instrument, headed by
//! agreement, MOU/MoU, memorandum (of understanding), declaration, deal,
//! accord, pact, treaty, letter of intent, charter, protocol or a signed
//! document, with their pre-modifiers (`broad cooperation agreement`) and
//! without determiners.

use super::super::rules::RuleId;
use super::super::Label;
use super::context::{Ctx, Found, TRIG_AGREEMENT};

/// Lower-case words that may head (or open) an agreement.
pub const TRIGGERS: &[&[&str]] = &[HEADS, SIGNED_HEADS, OTHER_HEADS];
/// Heads that name an instrument only with the right modifiers
/// (`letter of intent`, a `deal` between the parties).
const OTHER_HEADS: &[&str] = &["letter", "letters", "deal", "deals"];
/// Heads that are always instruments.
const HEADS: &[&str] = &[
    "agreement",
    "agreements",
    "mou",
    "mous",
    "memorandum",
    "memorandums",
    "memoranda",
    "declaration",
    "accord",
    "accords",
    "pact",
    "pacts",
    "treaty",
    "treaties",
    "communique",
    "communiqué",
];
/// Heads that are instruments only as the object of a signing verb.
const SIGNED_HEADS: &[&str] = &["charter", "protocol", "document", "convention"];
const SIGN_VERBS: &[&str] = &[
    "sign",
    "signs",
    "signed",
    "signing",
    "ink",
    "inks",
    "inked",
    "inking",
    "seal",
    "sealed",
    "seals",
    "conclude",
    "concluded",
    "concludes",
    "strike",
    "struck",
    "strikes",
    "reach",
    "reached",
    "reaches",
    "ratify",
    "ratified",
    "adopt",
    "adopted",
    "pass",
    "passed",
    "renew",
    "renewed",
    "agree",
    "agreed",
];
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

/// Which rule a head word belongs to; `None` for words that head nothing.
fn rule_of(s: &str) -> Option<RuleId> {
    Some(if is_in(s, &["mou", "mous"]) {
        RuleId::AgreementAcronym
    } else if is_in(s, &["memorandum", "memoranda", "memorandums"]) {
        RuleId::AgreementMemorandum
    } else if is_in(s, &["letter", "letters"]) {
        RuleId::AgreementLetterOf
    } else if is_in(s, &["deal", "deals"]) {
        RuleId::AgreementDeal
    } else if is_in(s, SIGNED_HEADS) {
        RuleId::AgreementSignedObject
    } else if is_in(s, HEADS) {
        RuleId::AgreementInstrument
    } else {
        return None;
    })
}

/// An agreement headed by token `i` (each head word belongs to one rule),
/// with the modifiers before it.
fn agreement_at(ctx: &Ctx, i: usize) -> Option<Found> {
    if !ctx.is_word(i) || ctx.claimed[i] {
        return None;
    }
    let s = ctx.s(i);
    let rule = rule_of(s).filter(|r| ctx.on(*r))?;
    let mut end = i + 1;
    match rule {
        // "MOU"/"MoU" are acronyms; "mou" in running text is not.
        RuleId::AgreementAcronym if !s.starts_with('M') => return None,
        RuleId::AgreementMemorandum
            if ctx.is(i + 1, "of")
                && ctx.is_any(
                    i + 2,
                    &["understanding", "cooperation", "co-operation", "agreement", "intent", "collaboration"],
                ) =>
        {
            end = i + 3;
        }
        RuleId::AgreementLetterOf => {
            if !(ctx.is(i + 1, "of") && ctx.is_any(i + 2, &["intent", "cooperation", "understanding"])) {
                return None;
            }
            end = i + 3;
        }
        RuleId::AgreementDeal if !is_deal(ctx, i) => return None,
        RuleId::AgreementSignedObject if !is_signed_object(ctx, i) => return None,
        // "in agreement with": consent, not an instrument.
        RuleId::AgreementInstrument if is_in(s, &["agreement"]) && ctx.is(i.wrapping_sub(1), "in") => {
            return None
        }
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
    !ctx.is_any(
        i + 1,
        &["worth", "valued", "totaling", "totalling", "flow", "flows", "size", "sizes", "value", "making"],
    )
}

/// A head like "document" counts when a signing verb governs it within a
/// few words ("sign an official document").
fn is_signed_object(ctx: &Ctx, i: usize) -> bool {
    let from = i.saturating_sub(5);
    (from..i).any(|k| ctx.is_word(k) && is_in(ctx.s(k), SIGN_VERBS))
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
    fn signed_documents() {
        assert_eq!(found("offer you to sign an official document on our cooperation"), ["official document"]);
        assert!(found("the document describes the park").is_empty());
    }
}
