//! Word lists that decide whether a period ends a sentence.

use crate::wordlist::WordList;

/// Abbreviations that stand before a name or a number and so never end a
/// sentence (`Dr. Rais`, `Prof. Wong`, `approx. 600`).
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "messrs", "mme", "mlle", "rev", "hon", "gen", "col", "capt", "lt",
    "sgt", "sen", "rep", "gov", "pres", "supt", "vs", "cf", "approx", "fig", "figs", "vol", "pp", "ch",
    "art", "para", "nr",
];

/// Abbreviations that may end a sentence (`… with Tuspark Co., Ltd. The deal …`)
/// but usually do not (`Co. Ltd`, `Sep. 26`, `St. Petersburg`). After them a
/// period ends the sentence only if a typical sentence opener follows.
const AMBIGUOUS: &[&str] = &[
    "co", "ltd", "corp", "inc", "plc", "llc", "bhd", "pte", "gmbh", "jr", "sr", "etc", "st", "no", "nos",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "dept", "univ",
    "bros", "est", "ave", "rd", "blvd", "mt", "ft", "int", "intl", "govt", "assn", "sdn", "pvt", "pty",
    "cie", "mfg", "cos", "hldgs", "grp",
];

/// Capitalised words that typically open a sentence. After an ambiguous
/// abbreviation (`Inc.`, `Dec.`, `U.S.`), only these make the period final.
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "our",
    "their",
    "his",
    "her",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "as",
    "after",
    "before",
    "during",
    "since",
    "when",
    "while",
    "but",
    "and",
    "or",
    "however",
    "meanwhile",
    "also",
    "there",
    "here",
    "according",
    "both",
    "all",
    "some",
    "many",
    "most",
    "each",
    "under",
    "earlier",
    "later",
    "today",
    "yesterday",
    "last",
    "next",
    "if",
    "although",
    "though",
    "other",
    "such",
    "what",
    "who",
    "how",
    "why",
    "where",
    "now",
    "then",
    "so",
    "thus",
    "yet",
    "to",
    "over",
    "more",
    "about",
    "further",
    "additionally",
    "moreover",
];

/// The lists, filtered (see `wordlist`): most words before a period are in
/// none of them.
static TITLE_LIST: WordList = WordList::new(TITLES);
static AMBIGUOUS_LIST: WordList = WordList::new(AMBIGUOUS);
static OPENER_LIST: WordList = WordList::new(OPENERS);

/// The length in bytes of the longest word of `list`.
const fn longest(list: &[&str]) -> usize {
    let (mut i, mut max) = (0, 0);
    while i < list.len() {
        if list[i].len() > max {
            max = list[i].len();
        }
        i += 1;
    }
    max
}

/// No word longer than this is a listed title or ambiguous abbreviation:
/// most words before a period are rejected without reading the lists.
const LONGEST_LISTED: usize =
    if longest(TITLES) > longest(AMBIGUOUS) { longest(TITLES) } else { longest(AMBIGUOUS) };

/// How a word followed by a period (the word without that period) behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abbreviation {
    /// Not an abbreviation: the period ends the sentence.
    None,
    /// A title: the period never ends the sentence.
    Title,
    /// The period ends the sentence only before a sentence opener.
    Ambiguous,
}

/// Classifies `word`, the letters, digits and inner periods just before a
/// period (`Dr`, `U.S`, `J`, `2016`).
pub fn classify(word: &str) -> Abbreviation {
    if word.is_empty() || word.len() > 12 {
        return Abbreviation::None;
    }
    let may_be_listed = word.len() <= LONGEST_LISTED;
    if may_be_listed && TITLE_LIST.contains(word) {
        return Abbreviation::Title;
    }
    let mut chars = word.chars();
    let single_letter = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
    // Initials (`J.`), dotted acronyms (`U.S.`, `e.g.`) and listed abbreviations.
    if single_letter || word.contains('.') || may_be_listed && AMBIGUOUS_LIST.contains(word) {
        return Abbreviation::Ambiguous;
    }
    Abbreviation::None
}

/// Whether `word` (the first word after a period) typically opens a sentence.
pub fn is_opener(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && OPENER_LIST.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_ambiguous_and_plain_words() {
        assert_eq!(classify("Dr"), Abbreviation::Title);
        assert_eq!(classify("Prof"), Abbreviation::Title);
        assert_eq!(classify("Ltd"), Abbreviation::Ambiguous);
        assert_eq!(classify("Sdn"), Abbreviation::Ambiguous);
        assert_eq!(classify("U.S"), Abbreviation::Ambiguous);
        assert_eq!(classify("J"), Abbreviation::Ambiguous);
        assert_eq!(classify("September"), Abbreviation::None);
        assert_eq!(classify("2016"), Abbreviation::None);
        assert_eq!(classify(""), Abbreviation::None);
    }

    #[test]
    fn openers_must_be_capitalised() {
        assert!(is_opener("The"));
        assert!(!is_opener("the"));
        assert!(!is_opener("Petersburg"));
    }
}
