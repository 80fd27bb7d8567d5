//! Tokens around a trigger: clause rules look a few words to the left (the
//! subject) and to the right (the verb) of a cue, never further, so the work
//! per cue is bounded.

/// A word (letters and digits, with inner hyphens: `co-operation`) or a
/// single punctuation character. Offsets are bytes into the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub text: &'a str,
}

impl Token<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// ASCII-case-insensitive comparison with one word.
    pub fn is(&self, word: &str) -> bool {
        self.text.eq_ignore_ascii_case(word)
    }

    pub fn is_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.is(w))
    }

    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }

    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Tokens of `text[from..to]`, left to right.
pub fn forward(text: &str, from: usize, to: usize) -> Forward<'_> {
    let to = to.min(text.len());
    Forward { text, pos: from.min(to), end: to }
}

pub struct Forward<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
}

impl<'a> Iterator for Forward<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let rest = self.text.get(self.pos..self.end)?;
        let skipped = rest.len() - rest.trim_start().len();
        let rest = &rest[skipped..];
        let start = self.pos + skipped;
        let first = rest.chars().next()?;
        let len = if first.is_alphanumeric() { word_len(rest) } else { first.len_utf8() };
        self.pos = start + len;
        Some(Token { start, text: &rest[..len] })
    }
}

/// Length of the word at the start of `s`: alphanumerics, and hyphens
/// between alphanumerics.
fn word_len(s: &str) -> usize {
    let mut len = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inner_hyphen = c == '-' && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_hyphen {
            len = i + c.len_utf8();
        } else {
            break;
        }
    }
    len
}

/// Up to `max` tokens of `text[from..to]` nearest to `to` first. Reads the
/// text backwards only as far as those tokens go, so a huge sentence costs
/// no more than a short one.
pub fn backward(text: &str, from: usize, to: usize, max: usize) -> Vec<Token<'_>> {
    let to = to.min(text.len());
    let Some(region) = text.get(from.min(to)..to) else { return Vec::new() };
    let base = to - region.len();
    let mut tokens = Vec::with_capacity(max);
    let mut end = region.len();
    while tokens.len() < max {
        end = region[..end].trim_end().len();
        let Some(last) = region[..end].chars().next_back() else { break };
        let mut start = end - last.len_utf8();
        if last.is_alphanumeric() {
            // Same words as `forward`: alphanumerics, and hyphens between them.
            loop {
                let head = &region[..start];
                match head.chars().next_back() {
                    Some(c) if c.is_alphanumeric() => start -= c.len_utf8(),
                    Some('-')
                        if head[..head.len() - 1].chars().next_back().is_some_and(char::is_alphanumeric) =>
                    {
                        start -= 1
                    }
                    _ => break,
                }
            }
        }
        tokens.push(Token { start: base + start, text: &region[start..end] });
        end = start;
    }
    tokens
}

/// Whether `text[from..to]` holds at most `max` words (punctuation is free),
/// without scanning more than needed.
pub fn at_most_words(text: &str, from: usize, to: usize, max: usize) -> bool {
    if to < from || to - from > max * 32 {
        return false;
    }
    forward(text, from, to).filter(Token::is_word).nth(max).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: &[Token<'_>]) -> Vec<String> {
        tokens.iter().map(|t| t.text.to_string()).collect()
    }

    #[test]
    fn words_hyphens_and_punctuation() {
        let text = "The co-operation, MoU’s high- tech “Z- Park”.";
        let got: Vec<Token<'_>> = forward(text, 0, text.len()).collect();
        assert_eq!(
            texts(&got),
            [
                "The",
                "co-operation",
                ",",
                "MoU",
                "’",
                "s",
                "high",
                "-",
                "tech",
                "“",
                "Z",
                "-",
                "Park",
                "”",
                "."
            ]
        );
        for t in got {
            assert_eq!(&text[t.start..t.end()], t.text);
        }
    }

    #[test]
    fn backward_is_nearest_first_and_bounded() {
        let text = "Technopolis and Ascendas will exchange";
        let will = text.find("will").unwrap_or(0);
        assert_eq!(texts(&backward(text, 0, will, 2)), ["Ascendas", "and"]);
        assert_eq!(texts(&backward(text, 0, will, 9)), ["Ascendas", "and", "Technopolis"]);
        let long = format!("{}will", "x y ".repeat(100_000));
        assert_eq!(texts(&backward(&long, 0, long.len() - 4, 3)), ["y", "x", "y"]);
        // Same words as forward, hyphens included.
        let text = "the co-operation, high- tech Z-Park";
        let mut fwd: Vec<Token<'_>> = forward(text, 0, text.len()).collect();
        fwd.reverse();
        assert_eq!(backward(text, 0, text.len(), 99), fwd);
        assert_eq!(
            texts(&backward(text, 4, text.len(), 99)).last().map(String::as_str),
            Some("co-operation")
        );
        let cyr = "Мы будем сотрудничать will";
        assert_eq!(texts(&backward(cyr, 0, cyr.len() - 4, 1)), ["сотрудничать"]);
    }

    #[test]
    fn word_counts() {
        let text = "signed a broad, cooperation agreement";
        assert!(at_most_words(text, 6, 27, 3));
        assert!(!at_most_words(text, 6, 27, 2));
    }
}
