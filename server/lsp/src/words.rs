//! Words for the keyboard commands: the word under the cursor (what the
//! label picker tags when nothing is selected) and the one-word steps of the
//! boundary fixes.
//!
//! A *word* is a run of letters and digits (`char::is_alphanumeric`), or any
//! other single character that is not white space. So `Corp.` is two words
//! (`Corp`, `.`), `Europe’s` three, `Hi-Tech` three: the steps follow the
//! guide's span rules (no trailing punctuation, no possessive `’s`), one
//! decision per keystroke. Steps never cross a blank line (a paragraph
//! break). Offsets are chars (code points) into the rope.

use ropey::Rope;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The word holding char `c`, or ending right before it (a cursor just after
/// a word still means that word). `None` on white space and punctuation.
pub fn word_at(rope: &Rope, c: usize) -> Option<std::ops::Range<usize>> {
    let len = rope.len_chars();
    let inside = if c < len && is_word_char(rope.char(c)) {
        c
    } else if c > 0 && c <= len && is_word_char(rope.char(c - 1)) {
        c - 1
    } else {
        return None;
    };
    let mut s = inside;
    while s > 0 && is_word_char(rope.char(s - 1)) {
        s -= 1;
    }
    let mut e = inside + 1;
    while e < len && is_word_char(rope.char(e)) {
        e += 1;
    }
    Some(s..e)
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepError {
    /// No word before the next blank line or the document's edge.
    NoWord,
    /// Shrinking would leave nothing.
    LastWord,
}

/// Skips white space from `c` forwards; `None` when a blank line (two line
/// breaks) or the end comes first.
fn skip_space_forward(rope: &Rope, mut c: usize) -> Option<usize> {
    let len = rope.len_chars();
    let mut breaks = 0;
    while c < len {
        let ch = rope.char(c);
        if !ch.is_whitespace() {
            return Some(c);
        }
        if ch == '\n' {
            breaks += 1;
            if breaks >= 2 {
                return None;
            }
        }
        c += 1;
    }
    None
}

/// Skips white space before `c` backwards; `None` like `skip_space_forward`.
fn skip_space_backward(rope: &Rope, mut c: usize) -> Option<usize> {
    let mut breaks = 0;
    while c > 0 {
        let ch = rope.char(c - 1);
        if !ch.is_whitespace() {
            return Some(c);
        }
        if ch == '\n' {
            breaks += 1;
            if breaks >= 2 {
                return None;
            }
        }
        c -= 1;
    }
    None
}

/// End of the word starting at `c` (which is not white space).
fn word_end_from(rope: &Rope, c: usize) -> usize {
    let len = rope.len_chars();
    if !is_word_char(rope.char(c)) {
        return c + 1;
    }
    let mut e = c + 1;
    while e < len && is_word_char(rope.char(e)) {
        e += 1;
    }
    e
}

/// Start of the word ending at `c` (whose char `c - 1` is not white space).
fn word_start_before(rope: &Rope, c: usize) -> usize {
    if !is_word_char(rope.char(c - 1)) {
        return c - 1;
    }
    let mut s = c - 1;
    while s > 0 && is_word_char(rope.char(s - 1)) {
        s -= 1;
    }
    s
}

/// `start..end` grown by the next word after `end`.
pub fn extend_to_next(rope: &Rope, start: usize, end: usize) -> Result<(usize, usize), StepError> {
    let from = skip_space_forward(rope, end).ok_or(StepError::NoWord)?;
    Ok((start, word_end_from(rope, from)))
}

/// `start..end` grown by the word before `start`.
pub fn extend_to_previous(rope: &Rope, start: usize, end: usize) -> Result<(usize, usize), StepError> {
    let to = skip_space_backward(rope, start).ok_or(StepError::NoWord)?;
    Ok((word_start_before(rope, to), end))
}

/// `start..end` without its first word (and the white space after it).
pub fn shrink_start(rope: &Rope, start: usize, end: usize) -> Result<(usize, usize), StepError> {
    let first_end = word_end_from(rope, start).min(end);
    let mut s = first_end;
    while s < end && rope.char(s).is_whitespace() {
        s += 1;
    }
    if s >= end {
        return Err(StepError::LastWord);
    }
    Ok((s, end))
}

/// `start..end` without its last word (and the white space before it).
pub fn shrink_end(rope: &Rope, start: usize, end: usize) -> Result<(usize, usize), StepError> {
    let last_start = word_start_before(rope, end).max(start);
    let mut e = last_start;
    while e > start && rope.char(e - 1).is_whitespace() {
        e -= 1;
    }
    if e <= start {
        return Err(StepError::LastWord);
    }
    Ok((start, e))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn at(text: &str, needle: &str) -> (usize, usize) {
        let b = text.find(needle).unwrap();
        let s = text[..b].chars().count();
        (s, s + needle.chars().count())
    }

    fn show(rope: &Rope, r: (usize, usize)) -> String {
        rope.slice(r.0..r.1).to_string()
    }

    #[test]
    fn steps_follow_words_and_punctuation() {
        let text = "the “Baltic Research Park Corp.” in Europe’s north 😀 Тартуский парк.\n\nNext paragraph.";
        let rope = Rope::from_str(text);
        let park = at(text, "Research Park");
        let r = extend_to_next(&rope, park.0, park.1).unwrap();
        assert_eq!(show(&rope, r), "Research Park Corp");
        let r = extend_to_next(&rope, r.0, r.1).unwrap();
        assert_eq!(show(&rope, r), "Research Park Corp.");
        let r = extend_to_previous(&rope, r.0, r.1).unwrap();
        assert_eq!(show(&rope, r), "Baltic Research Park Corp.");
        let r = extend_to_previous(&rope, r.0, r.1).unwrap();
        assert_eq!(show(&rope, r), "“Baltic Research Park Corp.");
        let r = shrink_start(&rope, r.0, r.1).unwrap();
        assert_eq!(show(&rope, r), "Baltic Research Park Corp.");
        let r = shrink_end(&rope, r.0, r.1).unwrap();
        assert_eq!(show(&rope, r), "Baltic Research Park Corp");
        let e = at(text, "Europe’s");
        assert_eq!(show(&rope, shrink_end(&rope, e.0, e.1).unwrap()), "Europe’");
        let emoji = at(text, "north 😀 Тартуский");
        assert_eq!(show(&rope, shrink_start(&rope, emoji.0, emoji.1).unwrap()), "😀 Тартуский");
        let cyr = at(text, "Тартуский");
        assert_eq!(show(&rope, extend_to_next(&rope, cyr.0, cyr.1).unwrap()), "Тартуский парк");
    }

    #[test]
    fn steps_stop_at_paragraphs_edges_and_the_last_word() {
        let text = "Ascendas signed.\n\nTechnopolis";
        let rope = Rope::from_str(text);
        let signed = at(text, "signed.");
        assert_eq!(extend_to_next(&rope, signed.0, signed.1), Err(StepError::NoWord), "blank line");
        let t = at(text, "Technopolis");
        assert_eq!(extend_to_previous(&rope, t.0, t.1), Err(StepError::NoWord));
        assert_eq!(extend_to_next(&rope, t.0, t.1), Err(StepError::NoWord), "document end");
        assert_eq!(shrink_end(&rope, t.0, t.1), Err(StepError::LastWord));
        assert_eq!(shrink_start(&rope, t.0, t.1), Err(StepError::LastWord));
        let a = at(text, "Ascendas");
        assert_eq!(extend_to_previous(&rope, a.0, a.1), Err(StepError::NoWord), "document start");
        // one line break is not a paragraph: names wrap
        let wrapped = Rope::from_str("Singapore\nScience Park");
        assert_eq!(extend_to_next(&wrapped, 0, 9), Ok((0, 17)));
    }

    #[test]
    fn word_under_the_cursor() {
        let text = "met Ascendas, then";
        let rope = Rope::from_str(text);
        let a = at(text, "Ascendas");
        for c in a.0..=a.1 {
            assert_eq!(word_at(&rope, c), Some(a.0..a.1), "at {c}");
        }
        assert_eq!(word_at(&rope, a.1 + 1), None, "after the comma: white space");
        assert_eq!(word_at(&Rope::from_str("   "), 1), None);
        assert_eq!(word_at(&Rope::from_str(""), 0), None);
        assert_eq!(word_at(&rope, 1000), None, "past the end");
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        "[a-zТ😀’., \n]{0,40}"
    }

    proptest! {
        /// Growing by a word then shrinking on the same side gives the span
        /// back, when the span's edge is at a word edge; every step stays
        /// inside the text, never empties the span and never starts or ends
        /// it on white space.
        #[test]
        fn steps_are_inverse_and_stay_in_bounds(text in text_strategy(), a in 0usize..40, b in 0usize..40) {
            let rope = Rope::from_str(&text);
            let len = rope.len_chars();
            let (s, e) = (a.min(b).min(len), a.max(b).min(len));
            prop_assume!(s < e);
            let edge = |c: usize| c == 0 || c == len || !(is_word_char(rope.char(c - 1)) && is_word_char(rope.char(c)));
            let trimmed = !rope.char(s).is_whitespace() && !rope.char(e - 1).is_whitespace();
            for step in [extend_to_next, extend_to_previous, shrink_start, shrink_end] {
                if let Ok((ns, ne)) = step(&rope, s, e) {
                    prop_assert!(ns < ne && ne <= len);
                    if trimmed {
                        prop_assert!(!rope.char(ns).is_whitespace() && !rope.char(ne - 1).is_whitespace());
                    }
                }
            }
            if trimmed && edge(e) {
                if let Ok((ns, ne)) = extend_to_next(&rope, s, e) {
                    prop_assert_eq!(shrink_end(&rope, ns, ne), Ok((s, e)));
                }
            }
            if trimmed && edge(s) {
                if let Ok((ns, ne)) = extend_to_previous(&rope, s, e) {
                    prop_assert_eq!(shrink_start(&rope, ns, ne), Ok((s, e)));
                }
            }
        }
    }
}
