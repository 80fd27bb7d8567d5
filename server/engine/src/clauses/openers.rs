//! Phrases that open a sentence and frame what follows it: `Under the MoU,`
//! (what follows is done under the agreement), `With this agreement,` or
//! `By combining our strengths,` (what follows is what the cooperation
//! brings about).

use super::lexicon::Cue;
use super::verbs::{self, Predicate};
use super::words::Token;
use super::Sentence;

/// The most words an opening phrase may have before its comma.
const MAX_OPENER_WORDS: usize = 12;

/// Prepositions that put the rest of the sentence under an instrument.
const UNDER: &[&str] = &["under", "within", "as", "in", "pursuant", "through", "via"];

/// Prepositions that make the instrument a means to an end.
const WITH: &[&str] = &["with", "through", "thanks"];

/// Cooperation words that do not name the instrument in an opener: `In a
/// joint statement,`, `As part of the programme,` (whose programme?).
const NOT_INSTRUMENTS: &[&str] =
    &["collaborative", "co-operative", "cooperative", "joint", "program", "programme", "project"];

fn is_any(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// How a sentence opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opener {
    /// `Under the agreement,`, `As part of the partnership,`, `Within the
    /// framework of the MoU,`.
    Instrument,
    /// `With this agreement,`, `Thanks to the partnership,`.
    Means,
    /// `By combining our research institutes with …,`: joint work as a means.
    JointMeans,
    None,
}

/// The opener of `s`, looked for only up to its first comma.
pub fn opener(s: &Sentence<'_>) -> Opener {
    let Some(first) = s.first_word() else { return Opener::None };
    // The opening words are short and start with one of these letters.
    let initial = first.text.as_bytes().first().map(u8::to_ascii_lowercase);
    if first.text.len() > 8 || !initial.is_some_and(|b| b"abiptuvw".contains(&b)) {
        return Opener::None;
    }
    let words = s.tokens_after(first.end());
    let (under, with, by) = (first.is_any(UNDER), first.is_any(WITH), first.is("by"));
    if !(under || with || by) {
        return Opener::None;
    }
    let phrase: Vec<Token<'_>> =
        words.take_while(|t| t.text != "," && t.text != ":").take(MAX_OPENER_WORDS + 1).collect();
    let Some(last) = phrase.last() else { return Opener::None };
    let comma_follows = s.tokens_after(last.end()).next().is_some_and(|t| t.text == ",");
    if phrase.len() > MAX_OPENER_WORDS || !comma_follows {
        return Opener::None;
    }
    if by {
        let joint_work = phrase.first().is_some_and(|v| {
            v.text.to_ascii_lowercase().ends_with("ing")
                && verbs::classify_verb(*v, phrase.get(1).copied()) == Some(Predicate::Activity)
        });
        return if joint_work { Opener::JointMeans } else { Opener::None };
    }
    let names_instrument = s.hits_in(first.end(), last.end()).iter().any(|h| {
        h.cue == Cue::AgreementNoun || (h.cue == Cue::CollabNoun && !is_any(s.cue_text(h), NOT_INSTRUMENTS))
    });
    match (names_instrument, under, with) {
        (false, _, _) => Opener::None,
        // `Through` reads both ways; an instrument opener is the safer reading.
        (true, true, _) => Opener::Instrument,
        (true, false, true) => Opener::Means,
        _ => Opener::None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_quick_test_passes_every_opening_word() {
        for w in super::UNDER.iter().chain(super::WITH).chain(&["by"]) {
            assert!(w.len() <= 8 && b"abiptuvw".contains(&w.as_bytes()[0]), "{w}");
        }
    }
}
