//! Sentence segmentation. Clause labels cover whole sentences, and entity
//! rules need to know where a sentence starts (capitalisation there says
//! nothing about names).
//!
//! A sentence runs from its first character through its final punctuation
//! (and any closing quotes or brackets right after it), or is a whole line
//! or list item. One forward pass over the bytes; each candidate boundary
//! looks only at the word before and the word after it, so the work stays
//! linear even on a single line of many megabytes.

mod abbreviations;

use std::ops::Range;

use abbreviations::Abbreviation;

/// Byte ranges of the sentences of a paragraph, trimmed of surrounding
/// whitespace, in order and non-overlapping.
///
/// - `.`, `!`, `?`, `…` end a sentence when whitespace (or the end) follows,
///   after any closing quotes or brackets (`… cooperation.”`); CJK `。！？`
///   end one wherever they are.
/// - A period does not end a sentence before a lower-case word, after a
///   title (`Dr.`, `Prof.`), or after an ambiguous abbreviation, initial or
///   dotted acronym (`Co.`, `Dec.`, `J.`, `U.S.`) unless a typical sentence
///   opener follows (`… Ltd. The deal`). Decimals (`3.5`) never split.
/// - A line break ends a sentence (headlines, list items, `Label: text`
///   lines), unless the next line starts with a lower-case letter or the line
///   ended in an abbreviation: then the sentence was merely wrapped.
/// - A list marker at the start of a line (`-`, `•`, `*`, `1.`, `a)`) is not
///   part of the sentence.
pub fn sentences(paragraph: &str) -> Vec<Range<usize>> {
    let bytes = paragraph.as_bytes();
    // About one sentence per hundred bytes: rarely grown.
    let mut out = Vec::with_capacity(bytes.len() / 100 + 2);
    let mut start = line_content_start(paragraph, 0);
    let mut i = start;
    loop {
        // Most bytes cannot end a sentence: skip them, a chunk at a time.
        i = crate::bytescan::next(bytes, i, may_end);
        if i >= bytes.len() {
            break;
        }
        let boundary = match bytes[i] {
            b'\n' => {
                if wraps_to_next_line(paragraph, start, i) {
                    None
                } else {
                    push_trimmed(paragraph, start..i, &mut out);
                    start = line_content_start(paragraph, i + 1);
                    i = start;
                    continue;
                }
            }
            b'.' | b'!' | b'?' => {
                let run_end = punctuation_run_end(bytes, i);
                let boundary = ascii_boundary(paragraph, i, run_end);
                if boundary.is_none() {
                    // The rest of a run (`...`, `?!`) cannot end a sentence
                    // either: skip it, so long runs stay linear.
                    i = run_end;
                    continue;
                }
                boundary
            }
            0xE2 if paragraph[i..].starts_with('…') => ellipsis_boundary(paragraph, i),
            0xE3 | 0xEF => cjk_boundary(paragraph, i),
            _ => None,
        };
        match boundary {
            Some(end) => {
                push_trimmed(paragraph, start..end, &mut out);
                start = end;
                i = end;
            }
            None => i += 1,
        }
    }
    push_trimmed(paragraph, start..paragraph.len(), &mut out);
    out
}

/// Bytes that may end a sentence: line feed, `.`, `!`, `?`, and the lead
/// bytes of `…` (E2) and of the CJK marks `。！？` (E3, EF). Comparisons
/// joined with `|`, so that a chunk of bytes is tested at once.
#[inline(always)]
fn may_end(b: u8) -> bool {
    (b == b'\n') | (b == b'.') | (b == b'!') | (b == b'?') | (b == 0xE2) | (b == 0xE3) | (b == 0xEF)
}

/// Length in bytes of a list marker at the start of `line` (after leading
/// whitespace), including the whitespace after it; 0 when there is none.
/// Nothing past the first line break of `line` is read, so `line` may run
/// on to the end of the text.
/// Markers: `-`, `–`, `—`, `*`, `+` followed by a space; `•`, `▪`, `●`, `◦`,
/// `‣`, `·`, `■`, `►` with or without one; `1.`, `12)`, `a)`, `(a)`, `(1)`
/// followed by a space.
pub fn list_marker_len(line: &str) -> usize {
    // Most lines start with a capital or a punctuation mark that opens no
    // marker (no space, bullet, dash, `*`, `+`, `(`, digit or lower case).
    if let Some(&b) = line.as_bytes().first() {
        if b.is_ascii_uppercase() || (b.is_ascii_punctuation() && !matches!(b, b'-' | b'*' | b'+' | b'(')) {
            return 0;
        }
    }
    let indent = line.len() - line.trim_start_matches(is_horizontal_space).len();
    let rest = &line[indent..];
    let marker = if let Some(c) = rest.chars().next().filter(|c| "•▪●◦‣·■►".contains(*c)) {
        c.len_utf8()
    } else if rest.starts_with(['-', '–', '—', '*', '+']) {
        let c_len = rest.chars().next().map_or(0, char::len_utf8);
        if rest[c_len..].starts_with(is_horizontal_space) {
            c_len
        } else {
            return 0;
        }
    } else {
        enumerator_len(rest)
    };
    if marker == 0 {
        return 0;
    }
    let after = &rest[marker..];
    // An enumerator needs a space after it (`1.5` or `2016.` are not markers).
    if !after.starts_with(is_horizontal_space) && !"•▪●◦‣·■►".contains(&rest[..marker]) {
        return 0;
    }
    let spaces = after.len() - after.trim_start_matches(is_horizontal_space).len();
    indent + marker + spaces
}

/// `1.`, `12)`, `a)`, `(a)`, `(1)` at the start of `s`: its length, or 0.
fn enumerator_len(s: &str) -> usize {
    let b = s.as_bytes();
    let open = usize::from(b.first() == Some(&b'('));
    let digits = b[open..].iter().take_while(|c| c.is_ascii_digit()).count();
    let body = if digits > 0 && digits <= 3 {
        digits
    } else if b.get(open).is_some_and(u8::is_ascii_lowercase) {
        1
    } else {
        return 0;
    };
    let close = open + body;
    match b.get(close) {
        Some(b')') => close + 1,
        // `a.` would too often be an initial; only numbers take a period.
        Some(b'.') if open == 0 && digits > 0 => close + 1,
        _ => 0,
    }
}

fn is_horizontal_space(c: char) -> bool {
    c != '\n' && (c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}')
}

/// `s.trim_start_matches(is_space)`, reading ASCII a byte at a time.
fn trim_start_space(s: &str) -> &str {
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b >= 0x80 {
            return s[i..].trim_start_matches(is_space);
        }
        if !(b == b' ' || (b'\t'..=b'\r').contains(&b)) {
            return &s[i..];
        }
    }
    ""
}

/// `s.trim_end_matches(is_space)`, reading ASCII a byte at a time.
fn trim_end_space(s: &str) -> &str {
    for (i, &b) in s.as_bytes().iter().enumerate().rev() {
        if b >= 0x80 {
            return s[..=i].trim_end_matches(is_space);
        }
        if !(b == b' ' || (b'\t'..=b'\r').contains(&b)) {
            return &s[..=i];
        }
    }
    ""
}

/// The length of the word at the start of `s`: its letters and digits.
fn word_len(s: &str) -> usize {
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b >= 0x80 {
            return i + s[i..].find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len() - i);
        }
        if !b.is_ascii_alphanumeric() {
            return i;
        }
    }
    s.len()
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// Where the content of the line starting at `pos` begins: after leading
/// spaces and a list marker.
fn line_content_start(text: &str, pos: usize) -> usize {
    // A list marker is read from the start of the line and never past its
    // line break, so the line's end need not be searched for first.
    pos + text.get(pos..).map_or(0, list_marker_len)
}

/// Whether the sentence `start..newline` continues on the next line: the
/// next line starts with a lower-case letter, or this line ended in a period
/// that did not end the sentence (`… Dr.` + `Smith …`). A next line that
/// starts with a list marker always starts afresh.
fn wraps_to_next_line(text: &str, start: usize, newline: usize) -> bool {
    let pending = trim_end_space(text.get(start..newline).unwrap_or(""));
    if pending.is_empty() {
        return false;
    }
    // The rest of the text from the next line on: the marker test and the
    // search for the line's first visible character both stop at its end.
    let next_line = &text[newline + 1..];
    if list_marker_len(next_line) > 0 {
        return false;
    }
    match next_line.chars().find(|&c| c == '\n' || !is_space(c)).filter(|&c| c != '\n') {
        Some(c) if c.is_lowercase() => true,
        Some(_) => pending.ends_with('.'),
        None => false,
    }
}

/// The end of the sentence if the `.`, `!` or `?` at `i` ends one.
/// The end of the run of `.`, `!`, `?` that starts at `i`.
fn punctuation_run_end(bytes: &[u8], i: usize) -> usize {
    let mut end = i + 1;
    while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?') {
        end += 1;
    }
    end
}

/// The end of the sentence if the run of `.`, `!`, `?` at `i..run_end` ends one.
fn ascii_boundary(text: &str, i: usize, run_end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let end = skip_closers(text, run_end);
    let next = followed_by_space(text, end)?;
    let Some((first, word)) = next else { return Some(end) };
    if first.is_lowercase() {
        return None;
    }
    let is_single_period = bytes[i] == b'.' && end == i + 1 + closers_len(text, i + 1);
    if is_single_period && bytes.get(i.wrapping_sub(1)) != Some(&b'.') {
        match abbreviations::classify(word_before(text, i)) {
            Abbreviation::Title => return None,
            Abbreviation::Ambiguous if !(abbreviations::is_opener(word) || is_opening_quote(first)) => {
                return None
            }
            _ => {}
        }
    }
    Some(end)
}

/// The end of the sentence if the `…` at `i` ends one.
fn ellipsis_boundary(text: &str, i: usize) -> Option<usize> {
    let end = skip_closers(text, i + '…'.len_utf8());
    match followed_by_space(text, end)? {
        Some((first, _)) if first.is_lowercase() => None,
        _ => Some(end),
    }
}

/// The end of the sentence if a CJK full stop, exclamation or question mark
/// starts at `i`; CJK text puts no space after them.
fn cjk_boundary(text: &str, i: usize) -> Option<usize> {
    let c = text[i..].chars().next()?;
    if matches!(c, '。' | '！' | '？') {
        Some(skip_closers(text, i + c.len_utf8()))
    } else {
        None
    }
}

/// `None` if the char at `end` is not a space (no boundary); otherwise the
/// first char and the word that follow the spaces (`Some(None)` at the end).
#[allow(clippy::option_option)]
fn followed_by_space(text: &str, end: usize) -> Option<Option<(char, &str)>> {
    let rest = &text[end..];
    match rest.chars().next() {
        None => return Some(None),
        Some(c) if is_space(c) => {}
        Some(_) => return None,
    }
    let rest = trim_start_space(rest);
    let Some(first) = rest.chars().next() else { return Some(None) };
    Some(Some((first, &rest[..word_len(rest)])))
}

const CLOSERS: &[char] = &['”', '’', '"', '\'', ')', ']', '»', '」', '』', '）'];

fn closers_len(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    // Mostly a space or a letter follows: no closer (every ASCII closer is
    // one of these four).
    match rest.as_bytes().first() {
        None => return 0,
        Some(b) if b.is_ascii() && !matches!(b, b'"' | b'\'' | b')' | b']') => return 0,
        _ => {}
    }
    rest.len() - rest.trim_start_matches(CLOSERS).len()
}

fn skip_closers(text: &str, pos: usize) -> usize {
    pos + closers_len(text, pos)
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '“' | '"' | '‘' | '«' | '(' | '[')
}

/// The letters, digits and inner periods right before byte `i` (`U.S` in
/// `U.S.`), at most a few dozen bytes back.
fn word_before(text: &str, i: usize) -> &str {
    let head = &text[..i];
    let mut start = i;
    for (pos, c) in head.char_indices().rev().take(16) {
        if c.is_alphanumeric() || c == '.' {
            start = pos;
        } else {
            break;
        }
    }
    &text[start..i]
}

/// Pushes `r` without surrounding spaces, and without a dash that opens it
/// (`… he noted. – In the future, we …`: the dash marks the change of
/// speaker, it is not part of the sentence).
fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(s) = text.get(r.clone()) else { return };
    let mut body = trim_start_space(s);
    if let Some(after_dash) = body.strip_prefix(['–', '—', '-']) {
        if after_dash.starts_with(is_space) {
            body = trim_start_space(after_dash);
        }
    }
    let lead = s.len() - body.len();
    let trimmed = trim_end_space(body);
    if !trimmed.is_empty() {
        out.push(r.start + lead..r.start + lead + trimmed.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The byte-wise helpers say what the char-wise std calls say.
        #[test]
        fn ascii_fast_paths_agree(s in "[ \t\r\na-zA-Z0-9.,é\u{a0}\u{feff}\u{200b}’-]{0,12}") {
            prop_assert_eq!(trim_start_space(&s), s.trim_start_matches(is_space));
            prop_assert_eq!(trim_end_space(&s), s.trim_end_matches(is_space));
            prop_assert_eq!(word_len(&s), s.find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len()));
        }

        /// What follows a line's break never changes its list marker (the
        /// segmenter passes the rest of the text, not the line).
        #[test]
        fn list_markers_ignore_the_lines_after(
            line in "[ \t•·*(a1.)-–]{0,3}[a-z0-9 .)]{0,4}",
            next in "[ \t•*a1.)\n-]{0,5}",
        ) {
            let whole = format!("{line}\n{next}");
            prop_assert_eq!(list_marker_len(&whole), list_marker_len(&line));
        }
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_at_final_punctuation() {
        assert_eq!(
            split("Technopolis has signed an agreement. It is big! Is it? Yes."),
            ["Technopolis has signed an agreement.", "It is big!", "Is it?", "Yes."]
        );
    }

    #[test]
    fn titles_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("Dr. Rais Hussin met Mr. J. Smith and Prof. Wong. They talked."),
            ["Dr. Rais Hussin met Mr. J. Smith and Prof. Wong.", "They talked."]
        );
    }

    #[test]
    fn company_suffixes_and_months_end_sentences_only_before_an_opener() {
        assert_eq!(
            split("It signed with Tuspark Co. Ltd. in Sep. 2016 and with Foo Inc. The deal is big."),
            ["It signed with Tuspark Co. Ltd. in Sep. 2016 and with Foo Inc.", "The deal is big."]
        );
        assert_eq!(
            split("Its visit last Dec. left an impression. Co. No. 5 St. Petersburg office."),
            ["Its visit last Dec. left an impression.", "Co. No. 5 St. Petersburg office."]
        );
    }

    #[test]
    fn dotted_acronyms_decimals_and_lower_case_continuations() {
        assert_eq!(
            split("The U.S. President said 3.5 percent, e.g. more. In the U.S. The end."),
            ["The U.S. President said 3.5 percent, e.g. more.", "In the U.S.", "The end."]
        );
        assert_eq!(
            split("It rose approx. five times, etc. and more."),
            ["It rose approx. five times, etc. and more."]
        );
    }

    #[test]
    fn sentence_may_end_inside_closing_quotes() {
        let text = "“We invite you to sign a document.” Then he left. He said: “Fine?” he asked.’ Done.";
        assert_eq!(
            split(text),
            ["“We invite you to sign a document.”", "Then he left.", "He said: “Fine?” he asked.’", "Done."]
        );
    }

    #[test]
    fn non_breaking_spaces_are_trimmed_and_separate_sentences() {
        let text = "\u{a0}\u{a0} Both agree.\u{a0}\n\u{a0}\u{a0}\u{a0} They will exchange ideas.\u{a0}";
        assert_eq!(split(text), ["Both agree.", "They will exchange ideas."]);
        let text = "One.\u{a0}Two.";
        assert_eq!(split(text), ["One.", "Two."]);
    }

    #[test]
    fn headlines_and_lines_without_punctuation_are_sentences() {
        let text = "X Sign Cooperation Agreement\nKey Areas of Collaboration\nThe park grows. It hires.";
        assert_eq!(
            split(text),
            ["X Sign Cooperation Agreement", "Key Areas of Collaboration", "The park grows.", "It hires."]
        );
    }

    #[test]
    fn wrapped_lines_continue_the_sentence() {
        let text = "The two parks signed an agreement\nwith each other in 2016. Then Dr.\nSmith spoke.";
        assert_eq!(
            split(text),
            ["The two parks signed an agreement\nwith each other in 2016.", "Then Dr.\nSmith spoke."]
        );
    }

    #[test]
    fn list_markers_are_not_part_of_the_item() {
        let text = "The areas are:\n- Establish a technique. This helps.\n• Training\n* Research: joint labs.\n1. First item\n2) Second item\n(a) Third item\n–\u{a0}Fourth item";
        assert_eq!(
            split(text),
            [
                "The areas are:",
                "Establish a technique.",
                "This helps.",
                "Training",
                "Research: joint labs.",
                "First item",
                "Second item",
                "Third item",
                "Fourth item"
            ]
        );
    }

    #[test]
    fn label_items_are_one_sentence() {
        let text = "Joint Research and Development Projects: The partnership will facilitate projects. This will help.\nTalent Exchange: The parks will exchange staff.";
        assert_eq!(
            split(text),
            [
                "Joint Research and Development Projects: The partnership will facilitate projects.",
                "This will help.",
                "Talent Exchange: The parks will exchange staff."
            ]
        );
    }

    #[test]
    fn dashes_inside_a_line_are_not_markers_but_opening_dashes_are_dropped() {
        let text = "“Such visits are common, – Denis noted. – Chinese investors use a scheme.”";
        assert_eq!(
            split(text),
            ["“Such visits are common, – Denis noted.", "Chinese investors use a scheme.”"]
        );
    }

    #[test]
    fn cyrillic_emoji_and_cjk_keep_char_boundaries() {
        let text = "Вы находитесь на старой версии сайта. Перейти на новую: technospark.ru 🚀 Great! 合作协议。签署了！";
        assert_eq!(
            split(text),
            [
                "Вы находитесь на старой версии сайта.",
                "Перейти на новую: technospark.ru 🚀 Great!",
                "合作协议。",
                "签署了！"
            ]
        );
        // A Cyrillic lower-case word after a period continues the sentence.
        assert_eq!(split("Это т.е. пример. Да."), ["Это т.е. пример.", "Да."]);
    }

    #[test]
    fn ellipses_end_sentences_before_capitals_only() {
        assert_eq!(split("Wait… and see... Then go… Done"), ["Wait… and see...", "Then go…", "Done"]);
    }

    #[test]
    fn empty_and_blank_input() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \u{a0}\n\t").is_empty());
        assert!(sentences("-").len() == 1);
    }

    #[test]
    fn a_long_line_without_punctuation_is_one_sentence() {
        let text = "word ".repeat(2_000_000);
        let got = sentences(&text);
        assert_eq!(got, vec![0..text.len() - 1]);
        let dots = "a.".repeat(1_000_000);
        assert_eq!(sentences(&dots), vec![0..dots.len()]);
        let run = format!("a{}x", ".".repeat(2_000_000));
        assert_eq!(sentences(&run), vec![0..run.len()]);
        let quotes = format!("a.{}x", "”".repeat(1_000_000));
        assert_eq!(sentences(&quotes), vec![0..quotes.len()]);
    }

    #[test]
    fn list_marker_lengths() {
        assert_eq!(list_marker_len("- x"), 2);
        assert_eq!(list_marker_len("  •x"), 2 + '•'.len_utf8());
        assert_eq!(list_marker_len("12. x"), 4);
        assert_eq!(list_marker_len("2016. x"), 0);
        assert_eq!(list_marker_len("1.5 x"), 0);
        assert_eq!(list_marker_len("-5%"), 0);
        assert_eq!(list_marker_len("a) x"), 3);
        assert_eq!(list_marker_len("(1) x"), 4);
        assert_eq!(list_marker_len("x"), 0);
        assert_eq!(list_marker_len(""), 0);
    }
}
