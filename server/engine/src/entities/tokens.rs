//! Tokenisation with byte offsets.
//!
//! One forward pass over the paragraph. Words keep their internal hyphens
//! (`Hi-Tech`, `Hak-keung`) and apostrophes (`Xi’an`), but a possessive `’s`
//! is its own token so that names never include it. Dotted abbreviations
//! (`U.S.`, `S.A.`) are one word with their periods. Numbers keep their
//! separators (`8,000`, `1.5`, `26/09/2018`) and a trailing letter suffix
//! (`17th`, `5m`, `1990s`). Every other visible character is a one-character
//! punctuation token. Whitespace (including non-breaking spaces) separates
//! tokens and is remembered as flags on the next token.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Whitespace separates this token from the previous one.
    pub space_before: bool,
    /// The token is the first on its line.
    pub line_start: bool,
    /// The token starts with an upper-case letter.
    pub upper: bool,
    /// `SHAPE_*` bits of a word, computed while scanning it.
    pub shape: u8,
}

/// The word contains a digit.
pub const SHAPE_DIGIT: u8 = 1;
/// The word contains a hyphen.
pub const SHAPE_HYPHEN: u8 = 2;
/// The word has two or more letters and none is lower-case.
pub const SHAPE_ALL_UPPER: u8 = 4;
/// The word is not all ASCII.
pub const SHAPE_NON_ASCII: u8 = 8;
/// The word contains an upper-case letter.
pub const SHAPE_HAS_UPPER: u8 = 16;
/// The word contains a lower-case letter.
pub const SHAPE_HAS_LOWER: u8 = 32;

/// Shape bits of a word.
fn shape_of(word: &str) -> u8 {
    let mut shape = 0;
    let (mut letters, mut lower) = (0u32, false);
    if word.is_ascii() {
        for b in word.bytes() {
            if b.is_ascii_digit() {
                shape |= SHAPE_DIGIT;
            } else if b == b'-' {
                shape |= SHAPE_HYPHEN;
            } else if b.is_ascii_uppercase() {
                shape |= SHAPE_HAS_UPPER;
                letters += 1;
            } else if b.is_ascii_lowercase() {
                lower = true;
                letters += 1;
            }
        }
    } else {
        shape |= SHAPE_NON_ASCII;
        for c in word.chars() {
            if c.is_ascii_digit() {
                shape |= SHAPE_DIGIT;
            } else if matches!(c, '-' | '\u{2010}' | '\u{2011}') {
                shape |= SHAPE_HYPHEN;
            } else if c.is_uppercase() {
                shape |= SHAPE_HAS_UPPER;
                letters += 1;
            } else if c.is_lowercase() {
                lower = true;
                letters += 1;
            } else if c.is_alphabetic() {
                letters += 1;
            }
        }
    }
    if letters >= 2 && !lower && shape & SHAPE_HAS_UPPER != 0 {
        shape |= SHAPE_ALL_UPPER;
    }
    if lower {
        shape |= SHAPE_HAS_LOWER;
    }
    shape
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

/// `word` split at its last ASCII hyphen, as `word.rsplit_once('-')`: a
/// byte loop, as words are short and memrchr's setup costs more than it
/// saves on them (this runs for every capitalised word).
pub fn rsplit_hyphen(word: &str) -> Option<(&str, &str)> {
    let k = word.bytes().rposition(|b| b == b'-')?;
    Some((word.get(..k)?, word.get(k + 1..)?))
}

/// The General Punctuation block (dashes, curly quotes, spaces, ellipsis):
/// no letter or digit is in it. News text is full of these, and
/// `char::is_alphabetic` looks them up in a table it searches.
const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206F}';

/// `c.is_alphabetic()`, without the table search for ASCII and punctuation.
#[inline]
fn alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        !GENERAL_PUNCTUATION.contains(&c) && c.is_alphabetic()
    }
}

/// `c.is_alphanumeric()`, without the table search for ASCII and punctuation.
#[inline]
fn alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !GENERAL_PUNCTUATION.contains(&c) && c.is_alphanumeric()
    }
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Byte classes of the tokeniser's ASCII fast path (`CLASS[byte]`).
const C_LOWER: u8 = 1;
const C_UPPER: u8 = 2;
const C_DIGIT: u8 = 4;
/// Whitespace other than a line feed.
const C_SPACE: u8 = 8;
const C_NEWLINE: u8 = 16;
/// Not ASCII: a multi-byte character starts or continues here.
const C_HIGH: u8 = 32;
const C_ALNUM: u8 = C_LOWER | C_UPPER | C_DIGIT;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() {
            C_LOWER
        } else if c.is_ascii_uppercase() {
            C_UPPER
        } else if c.is_ascii_digit() {
            C_DIGIT
        } else if matches!(c, b' ' | b'\t' | b'\r' | 0x0B | 0x0C) {
            C_SPACE
        } else if c == b'\n' {
            C_NEWLINE
        } else if c >= 0x80 {
            C_HIGH
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Splits `text` into tokens. Linear in the length of `text`.
///
/// One pass with a byte-class table: whitespace, plain ASCII words and
/// punctuation are decided by one table load per byte; only non-ASCII
/// characters and words that a period, comma, hyphen or apostrophe may
/// continue take the general path ([`scan_word_slow`]).
pub fn tokenize(text: &str) -> Vec<Token> {
    // About one token per five bytes in news text; a guess that is too
    // small costs one doubling.
    let mut out = Vec::with_capacity(text.len() / 4 + 4);
    tokenize_into(text, &mut out);
    out
}

/// [`tokenize`] into a buffer the caller reuses (cleared first): the
/// gazetteer tokenises tens of thousands of place names at start-up.
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut pos = 0;
    let mut space_before = false;
    let mut line_start = true;
    while pos < len {
        let b = bytes[pos];
        let class = CLASS[usize::from(b)];
        if class & (C_SPACE | C_NEWLINE) != 0 {
            space_before = true;
            line_start |= class == C_NEWLINE;
            pos += 1;
            continue;
        }
        if class & (C_LOWER | C_UPPER) != 0 {
            let (end, shape) = match ascii_word(bytes, pos, class) {
                Some(found) => found,
                None => {
                    let end = scan_word_slow(text, pos);
                    (end, shape_of(text.get(pos..end).unwrap_or("")))
                }
            };
            out.push(Token {
                start: pos,
                end,
                kind: Kind::Word,
                space_before,
                line_start,
                upper: class == C_UPPER,
                shape,
            });
            pos = end.max(pos + 1);
            // Most words are followed by one space: take it here rather
            // than in another round of the loop.
            space_before = bytes.get(pos) == Some(&b' ');
            pos += usize::from(space_before);
            line_start = false;
            continue;
        }
        if class != C_HIGH {
            let (end, kind) = if class == C_DIGIT {
                (scan_number(text, pos), Kind::Number)
            } else {
                (pos + 1, Kind::Punct)
            };
            out.push(Token { start: pos, end, kind, space_before, line_start, upper: false, shape: 0 });
            space_before = false;
            line_start = false;
            pos = end.max(pos + 1);
            continue;
        }
        let c = text.get(pos..).and_then(|r| r.chars().next()).unwrap_or(' ');
        if c.is_whitespace() {
            space_before = true;
            pos += c.len_utf8();
            continue;
        }
        let (end, kind, known_shape) = if alphabetic(c) {
            let (end, shape) = scan_word(text, pos);
            (end, Kind::Word, shape)
        } else {
            (pos + c.len_utf8(), Kind::Punct, Some(0))
        };
        let shape = known_shape.unwrap_or_else(|| shape_of(&text[pos..end]));
        out.push(Token { start: pos, end, kind, space_before, line_start, upper: c.is_uppercase(), shape });
        space_before = false;
        line_start = false;
        pos = end.max(pos + c.len_utf8());
    }
}

/// The plain ASCII word at `start` (whose first byte has class `first`, a
/// letter): its end and shape, or `None` when a period, comma, hyphen,
/// apostrophe or non-ASCII byte after it may continue it (the general scan
/// decides then). The same decisions as [`scan_word`]'s fast path, with the
/// byte-class table; hyphenated ASCII words go on in [`ascii_compound`].
#[inline]
fn ascii_word(bytes: &[u8], start: usize, first: u8) -> Option<(usize, u8)> {
    let mut rest = 0u8;
    let k = alnum_run(bytes, start + 1, &mut rest);
    if let Some(&n) = bytes.get(k) {
        if matches!(n, b'.' | b',' | b'-' | b'\'') || n >= 0x80 {
            if n == b'-' {
                return ascii_compound(bytes, start, first, rest, k);
            }
            if !ends_at_stop(bytes, start, k) {
                return None;
            }
        }
    }
    Some((k, shape_of_classes(first, rest)))
}

/// The end of the run of ASCII letters and digits from `k`, their byte
/// classes OR-ed into `classes` (the word's shape).
#[inline(always)]
fn alnum_run(bytes: &[u8], mut k: usize, classes: &mut u8) -> usize {
    for &b in bytes.get(k..).unwrap_or(&[]) {
        let c = CLASS[usize::from(b)];
        if c & C_ALNUM == 0 {
            break;
        }
        *classes |= c;
        k += 1;
    }
    k
}

/// A period or comma at `k` after two or more characters of the word at
/// `start` (a comma after any) ends it unless a digit is on both sides
/// (`A1.5`).
#[inline]
fn ends_at_stop(bytes: &[u8], start: usize, k: usize) -> bool {
    let n = bytes.get(k).copied().unwrap_or(0);
    matches!(n, b'.' | b',')
        && (k - start >= 2 || n == b',')
        && !(bytes[k - 1].is_ascii_digit() && bytes.get(k + 1).is_some_and(u8::is_ascii_digit))
}

/// [`ascii_word`] from the hyphen at `k` (`Hi-Tech`, `co-operation`): a
/// hyphen before an ASCII letter or digit joins, as in the general scan
/// (which these words took before, a few hundred instructions each); out
/// of line, as most words end at a space.
#[cold]
#[inline(never)]
fn ascii_compound(bytes: &[u8], start: usize, first: u8, mut rest: u8, mut k: usize) -> Option<(usize, u8)> {
    while bytes.get(k) == Some(&b'-')
        && bytes.get(k + 1).is_some_and(|&b| CLASS[usize::from(b)] & C_ALNUM != 0)
    {
        k = alnum_run(bytes, k + 1, &mut rest);
    }
    if let Some(&n) = bytes.get(k) {
        if (matches!(n, b'.' | b',' | b'-' | b'\'') || n >= 0x80) && !ends_at_stop(bytes, start, k) {
            return None;
        }
    }
    Some((k, shape_of_classes(first, rest) | SHAPE_HYPHEN))
}

/// Shape bits of a plain ASCII word from the `C_*` classes of its first
/// byte (a letter) and of the others.
#[inline]
fn shape_of_classes(first: u8, rest: u8) -> u8 {
    let all = first | rest;
    let mut shape = 0;
    if all & C_DIGIT != 0 {
        shape |= SHAPE_DIGIT;
    }
    if all & C_UPPER != 0 {
        shape |= SHAPE_HAS_UPPER;
        // Two capitals and no lower case: the first letter and another.
        if first == C_UPPER && rest & C_UPPER != 0 && all & C_LOWER == 0 {
            shape |= SHAPE_ALL_UPPER;
        }
    }
    if all & C_LOWER != 0 {
        shape |= SHAPE_HAS_LOWER;
    }
    shape
}

/// End of the word starting at `start`.
/// End of the word starting at `start`, with its shape when the fast path
/// already knows it.
fn scan_word(text: &str, start: usize) -> (usize, Option<u8>) {
    let rest = &text[start..];
    let bytes = rest.as_bytes();
    // Fast path: a plain ASCII word ends at an ASCII byte that cannot
    // continue it (space, most punctuation).
    let mut k = 0;
    let (mut upper, mut lower, mut digit) = (0u32, false, false);
    while k < bytes.len() {
        let b = bytes[k];
        if b.is_ascii_lowercase() {
            lower = true;
        } else if b.is_ascii_uppercase() {
            upper += 1;
        } else if b.is_ascii_digit() {
            digit = true;
        } else {
            break;
        }
        k += 1;
    }
    let next = bytes.get(k).copied();
    // A period or comma continues the word only inside a number (`A1.5`:
    // a digit on both sides) or in a dotted abbreviation (`U.S.`: one letter
    // before the period); otherwise it ends the word as the slow path would,
    // and it follows most words that end a clause or sentence.
    let ends_at_stop = match next {
        Some(b',') | Some(b'.') if k >= 2 || next == Some(b',') => {
            !(bytes[k - 1].is_ascii_digit() && bytes.get(k + 1).is_some_and(u8::is_ascii_digit))
        }
        _ => false,
    };
    let may_continue = !ends_at_stop
        && (matches!(next, Some(b'.' | b',' | b'-' | b'\'')) || next.is_some_and(|b| b >= 0x80));
    if !may_continue {
        let mut shape = 0;
        if digit {
            shape |= SHAPE_DIGIT;
        }
        if upper > 0 {
            shape |= SHAPE_HAS_UPPER;
            if upper >= 2 && !lower {
                shape |= SHAPE_ALL_UPPER;
            }
        }
        if lower {
            shape |= SHAPE_HAS_LOWER;
        }
        return (start + k, Some(shape));
    }
    (scan_word_slow(text, start), None)
}

/// The general case of [`scan_word`]: abbreviations, hyphens, apostrophes,
/// non-ASCII letters.
fn scan_word_slow(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    if let Some(len) = dotted_abbreviation(rest) {
        return start + len;
    }
    let mut end = start;
    let mut it = rest.char_indices().peekable();
    while let Some((j, c)) = it.next() {
        if alphanumeric(c) {
            end = start + j + c.len_utf8();
            continue;
        }
        let next = it.peek().map(|&(_, n)| n);
        let prev_digit = rest[..j].chars().next_back().is_some_and(|p| p.is_ascii_digit());
        let joins = match next {
            Some(n) if matches!(c, '.' | ',') && prev_digit => n.is_ascii_digit(),
            Some(n) if is_hyphen(c) => alphanumeric(n),
            Some(n) if is_apostrophe(c) => alphabetic(n) && !is_possessive(&rest[j + c.len_utf8()..]),
            _ => false,
        };
        if !joins {
            break;
        }
    }
    end
}

/// `s` (what follows an apostrophe) is the `s` of a possessive.
fn is_possessive(s: &str) -> bool {
    let mut it = s.chars();
    matches!(it.next(), Some('s' | 'S')) && !it.next().is_some_and(char::is_alphanumeric)
}

/// Length of a dotted abbreviation at the start of `s` (`U.S.`, `U.S.A.`),
/// letters each followed by a period, at least two of them.
fn dotted_abbreviation(s: &str) -> Option<usize> {
    let mut len = 0;
    let mut count = 0;
    let mut it = s.chars();
    loop {
        let save = len;
        match (it.next(), it.next()) {
            (Some(c), Some('.')) if c.is_alphabetic() => {
                len += c.len_utf8() + 1;
                count += 1;
            }
            _ => {
                len = save;
                break;
            }
        }
    }
    let next = s[len..].chars().next();
    (count >= 2 && !next.is_some_and(char::is_alphanumeric)).then_some(len)
}

/// End of the number starting at `start`: digits, inner `.`, `,`, `/`
/// followed by a digit, then letters (`17th`, `5m`, `1990s`).
fn scan_number(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        let separator = matches!(c, b'.' | b',' | b'/') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if c.is_ascii_digit() || separator {
            i += 1;
        } else {
            break;
        }
    }
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn hyphens_and_apostrophes_stay_inside_words() {
        assert_eq!(words("Wong Hak-keung of Xi’an Hi-Tech"), ["Wong", "Hak-keung", "of", "Xi’an", "Hi-Tech"]);
    }

    #[test]
    fn possessives_are_split_off() {
        assert_eq!(words("Asia’s park's"), ["Asia", "’", "s", "park", "'", "s"]);
    }

    #[test]
    fn numbers_keep_separators_and_suffixes() {
        assert_eq!(
            words("8,000 and 1.5, 17th 5m 22, 000."),
            ["8,000", "and", "1.5", ",", "17th", "5m", "22", ",", "000", "."]
        );
    }

    #[test]
    fn dotted_abbreviations_are_one_word() {
        assert_eq!(words("the U.S. and U.K."), ["the", "U.S.", "and", "U.K."]);
        assert_eq!(words("Co., Ltd."), ["Co", ".", ",", "Ltd", "."]);
    }

    #[test]
    fn offsets_are_right_around_nbsp_emoji_and_cyrillic() {
        let text = "Mr\u{a0}Wong 🎉 Вы «Техно»";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        assert_eq!(words(text), ["Mr", "Wong", "🎉", "Вы", "«", "Техно", "»"]);
    }

    #[test]
    fn fast_letter_tests_agree_with_char_methods() {
        for c in (0..0x3000u32).chain(0x1F300..0x1F400).filter_map(char::from_u32) {
            assert_eq!(alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn rsplit_hyphen_is_rsplit_once() {
        for w in ["", "-", "a-", "-b", "Hi-Tech", "Xi’an-Park", "a-b-c", "plain", "é-é"] {
            assert_eq!(rsplit_hyphen(w), w.rsplit_once('-'), "{w}");
        }
    }

    #[test]
    fn line_starts_are_flagged() {
        let text = "a b\n- c";
        let toks = tokenize(text);
        assert_eq!(toks.iter().map(|t| t.line_start).collect::<Vec<_>>(), [true, false, true, false]);
    }
}

#[cfg(test)]
mod shape_tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape_of("MOSTI") & SHAPE_ALL_UPPER, SHAPE_ALL_UPPER);
        assert_eq!(shape_of("MoU") & SHAPE_ALL_UPPER, 0);
        assert_eq!(shape_of("I") & SHAPE_ALL_UPPER, 0);
        assert_eq!(
            shape_of("ТЕХНО") & (SHAPE_ALL_UPPER | SHAPE_NON_ASCII),
            SHAPE_ALL_UPPER | SHAPE_NON_ASCII
        );
        assert_eq!(shape_of("mid-2020") & (SHAPE_DIGIT | SHAPE_HYPHEN), SHAPE_DIGIT | SHAPE_HYPHEN);
        assert_eq!(shape_of("park") & SHAPE_HAS_UPPER, 0);
    }
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;
    use proptest::prelude::*;

    /// The tokeniser before its byte-class table, kept as the oracle of
    /// `table_tokeniser_agrees_with_the_reference`.
    fn tokenize_reference(text: &str) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 5 + 1);
        let bytes = text.as_bytes();
        let mut pos = 0;
        let mut space_before = false;
        let mut line_start = true;
        while pos < bytes.len() {
            let b = bytes[pos];
            if b < 0x80 {
                // ASCII fast path: no decoding, byte tests only.
                match b {
                    b' ' | b'\t' | b'\r' | 0x0B | 0x0C => {
                        space_before = true;
                        pos += 1;
                        continue;
                    }
                    b'\n' => {
                        space_before = true;
                        line_start = true;
                        pos += 1;
                        continue;
                    }
                    _ => {}
                }
                let (end, kind, shape) = if b.is_ascii_alphabetic() {
                    let (end, shape) = scan_word(text, pos);
                    (end, Kind::Word, shape.unwrap_or_else(|| shape_of(&text[pos..end])))
                } else if b.is_ascii_digit() {
                    (scan_number(text, pos), Kind::Number, 0)
                } else {
                    (pos + 1, Kind::Punct, 0)
                };
                out.push(Token {
                    start: pos,
                    end,
                    kind,
                    space_before,
                    line_start,
                    upper: b.is_ascii_uppercase(),
                    shape,
                });
                space_before = false;
                line_start = false;
                pos = end.max(pos + 1);
                continue;
            }
            let c = text[pos..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                space_before = true;
                pos += c.len_utf8();
                continue;
            }
            let (end, kind, known_shape) = if c.is_alphabetic() {
                let (end, shape) = scan_word(text, pos);
                (end, Kind::Word, shape)
            } else {
                (pos + c.len_utf8(), Kind::Punct, Some(0))
            };
            let shape = known_shape.unwrap_or_else(|| shape_of(&text[pos..end]));
            out.push(Token {
                start: pos,
                end,
                kind,
                space_before,
                line_start,
                upper: c.is_uppercase(),
                shape,
            });
            space_before = false;
            line_start = false;
            pos = end.max(pos + c.len_utf8());
        }
        out
    }

    proptest! {
        /// The fast path of `scan_word` ends every word where the general
        /// scan does, with the shape `shape_of` gives.
        #[test]
        fn fast_path_agrees_with_the_general_scan(text in "[a-zA-Z][a-zA-Z0-9.,'’ é-]{0,12}") {
            let (end, shape) = scan_word(&text, 0);
            prop_assert_eq!(end, scan_word_slow(&text, 0));
            if let Some(shape) = shape {
                prop_assert_eq!(shape, shape_of(&text[..end]));
            }
        }

        /// Hyphenated ASCII words, taken by the fast path now, end where
        /// the reference tokeniser ends them, with its shapes.
        #[test]
        fn hyphenated_words_agree_with_the_reference(
            text in "([a-zA-Z0-9]{1,4}[-.,'’é \u{2010}]{0,2}){0,8}"
        ) {
            prop_assert_eq!(tokenize(&text), tokenize_reference(&text));
        }

        /// The table-driven tokeniser gives the reference tokeniser's tokens.
        #[test]
        fn table_tokeniser_agrees_with_the_reference(
            text in "[a-zA-Z0-9.,'’ \t\n\r$()é«»\u{a0}\u{2019}\u{2010}-]{0,40}"
        ) {
            prop_assert_eq!(tokenize(&text), tokenize_reference(&text));
        }
    }
}
