//! Words for the tagger: runs of letters and digits, and every other
//! non-space character on its own, so a span's edges (`Hai'an`, `High-Tech`,
//! `(HKSTP)`) always fall between tokens.

use std::ops::Range;

pub fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut word: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word.get_or_insert(i);
            continue;
        }
        if let Some(start) = word.take() {
            out.push(start..i);
        }
        if !c.is_whitespace() {
            out.push(i..i + c.len_utf8());
        }
    }
    if let Some(start) = word {
        out.push(start..text.len());
    }
    out
}

/// `Tehnopol` → `Xx`, `2016` → `d`, `R&D` → `X&X`: character classes with
/// repeats collapsed, at most six.
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if last != Some(k) {
            out.push(k);
            last = Some(k);
        }
        if out.len() >= 6 {
            break;
        }
    }
    out
}

/// The first and last `n` characters (the whole word when shorter).
pub fn affixes(word: &str, n: usize) -> (&str, &str) {
    let prefix_end = word.char_indices().nth(n).map_or(word.len(), |(i, _)| i);
    let count = word.chars().count();
    let suffix_start = if count <= n { 0 } else { word.char_indices().nth(count - n).map_or(0, |(i, _)| i) };
    (&word[..prefix_end], &word[suffix_start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_punctuation_are_tokens_and_spaces_are_not() {
        let text = "Hai'an High-Tech Park (HKSTP), 2016.";
        let got: Vec<&str> = tokens(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["Hai", "'", "an", "High", "-", "Tech", "Park", "(", "HKSTP", ")", ",", "2016", "."]);
        assert!(tokens("").is_empty());
        let text = "Zürich’s";
        let got: Vec<&str> = tokens(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["Zürich", "’", "s"]);
    }

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape("Tehnopol"), "Xx");
        assert_eq!(shape("2016"), "d");
        assert_eq!(shape("R&D"), "X&X");
        assert_eq!(affixes("Tehnopol", 3), ("Teh", "pol"));
        assert_eq!(affixes("ab", 3), ("ab", "ab"));
        assert_eq!(affixes("Zürich", 3), ("Zür", "ich"));
    }
}
