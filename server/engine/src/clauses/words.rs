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

    /// Whether the word, lower-cased, is in `set`.
    pub fn is_in(&self, set: &WordSet) -> bool {
        set.contains(self.text)
    }

    pub fn is_word(&self) -> bool {
        match self.text.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
            _ => self.text.chars().next().is_some_and(char::is_alphanumeric),
        }
    }

    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// A set of lower-case words, sorted so a lookup is a binary search rather
/// than a scan (the rules look words up around every modal of a text).
/// `WordSet::new` checks at compile time that the list is sorted, unique and
/// lower-case.
pub struct WordSet {
    words: &'static [&'static str],
    /// `starts[b]`: how many words start with a byte below `b` (an empty
    /// word counts as below every byte), so the words starting with `b` are
    /// `starts[b]..starts[b + 1]` and a lookup searches only those.
    starts: [u32; 257],
}

/// The longest word a set may hold, in bytes.
const MAX_SET_WORD: usize = 32;

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> Self {
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            assert!(w.len() <= MAX_SET_WORD, "WordSet words are short");
            let mut j = 0;
            while j < w.len() {
                assert!(!w[j].is_ascii_uppercase(), "WordSet words are lower-case");
                j += 1;
            }
            assert!(i == 0 || precedes(words[i - 1].as_bytes(), w), "WordSet words are sorted and unique");
            i += 1;
        }
        let mut starts = [0u32; 257];
        let mut b = 0;
        let mut k = 0;
        while b < 256 {
            // Sorted words: those starting below `b` come first.
            while k < words.len() && (words[k].is_empty() || (words[k].as_bytes()[0] as usize) < b) {
                k += 1;
            }
            starts[b] = k as u32;
            b += 1;
        }
        starts[256] = words.len() as u32;
        WordSet { words, starts }
    }

    /// Whether `word`, lower-cased (ASCII), is in the set.
    pub fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    /// The set's own copy of `word` (lower-cased), if it has one.
    pub fn get(&self, word: &str) -> Option<&'static str> {
        if word.len() > MAX_SET_WORD {
            return None;
        }
        // The bucket of the first byte first: most words miss there, before
        // the copy.
        let (from, to) = match word.as_bytes().first().map(u8::to_ascii_lowercase) {
            Some(b) => (self.starts.get(usize::from(b))?, self.starts.get(usize::from(b) + 1)?),
            None => (&0, self.starts.first()?),
        };
        let bucket = self.words.get(*from as usize..*to as usize)?;
        if bucket.is_empty() {
            return None;
        }
        let mut buf = [0u8; MAX_SET_WORD];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let i = bucket.binary_search_by(|w| w.as_bytes().cmp(lower)).ok()?;
        bucket.get(i).copied()
    }
}

/// Byte-wise `a < b`, as `str` orders (usable in a `const fn`).
const fn precedes(a: &[u8], b: &[u8]) -> bool {
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
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
        let bytes = self.text.as_bytes();
        if self.pos >= self.end
            || !self.text.is_char_boundary(self.pos)
            || !self.text.is_char_boundary(self.end)
        {
            return None;
        }
        // ASCII spaces are skipped byte by byte; `trim_start` (Unicode
        // spaces) only takes over at a non-ASCII byte.
        let mut start = self.pos;
        while start < self.end && is_space(bytes[start]) {
            start += 1;
        }
        let first = *bytes.get(start).filter(|_| start < self.end)?;
        let len = if first.is_ascii_alphanumeric() {
            word_len(self.text.get(start..self.end)?)
        } else if first.is_ascii() {
            1
        } else {
            let rest = self.text.get(start..self.end)?.trim_start();
            start = self.end - rest.len();
            let c = rest.chars().next()?;
            if c.is_alphanumeric() {
                word_len(rest)
            } else {
                c.len_utf8()
            }
        };
        self.pos = start + len;
        Some(Token { start, text: self.text.get(start..start + len)? })
    }
}

/// Whether the ASCII byte `b` is a space to `char::is_whitespace` (which,
/// unlike `u8::is_ascii_whitespace`, counts the vertical tab).
fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'\x0b'
}

/// Length of the word at the start of `s`: alphanumerics, and hyphens
/// between alphanumerics. ASCII bytes take a fast path.
fn word_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut len = 0;
    loop {
        while len < bytes.len() && bytes[len].is_ascii_alphanumeric() {
            len += 1;
        }
        match bytes.get(len) {
            Some(b'-') if starts_alphanumeric(&s[len + 1..]) => len += 1,
            Some(b) if !b.is_ascii() => match s[len..].chars().next() {
                Some(c) if c.is_alphanumeric() => len += c.len_utf8(),
                _ => break,
            },
            _ => break,
        }
    }
    len
}

fn starts_alphanumeric(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
}

/// The most tokens [`backward`] returns: no rule looks further back.
pub const MAX_BACKWARD: usize = 16;

/// Up to [`MAX_BACKWARD`] tokens, nearest first, kept without a heap
/// allocation (the rules cut them around most cues).
#[derive(Debug, Clone, Copy)]
pub struct Backward<'a> {
    tokens: [Token<'a>; MAX_BACKWARD],
    len: usize,
}

impl<'a> std::ops::Deref for Backward<'a> {
    type Target = [Token<'a>];

    fn deref(&self) -> &[Token<'a>] {
        self.tokens.get(..self.len).unwrap_or(&[])
    }
}

/// Up to `max` (at most [`MAX_BACKWARD`]) tokens of `text[from..to]`
/// nearest to `to` first. Reads the text backwards only as far as those
/// tokens go, so a huge sentence costs no more than a short one.
pub fn backward(text: &str, from: usize, to: usize, max: usize) -> Backward<'_> {
    let mut out = Backward { tokens: [Token { start: 0, text: "" }; MAX_BACKWARD], len: 0 };
    let max = max.min(MAX_BACKWARD);
    let to = to.min(text.len());
    let Some(region) = text.get(from.min(to)..to) else { return out };
    let base = to - region.len();
    let bytes = region.as_bytes();
    let mut end = region.len();
    while out.len < max {
        // ASCII spaces byte by byte; `trim_end` (Unicode spaces) only takes
        // over at a non-ASCII byte.
        while end > 0 && is_space(bytes[end - 1]) {
            end -= 1;
        }
        let last = match end.checked_sub(1).map(|i| bytes[i]) {
            None => break,
            Some(b) if b.is_ascii() => char::from(b),
            Some(_) => {
                end = region[..end].trim_end().len();
                let Some(last) = region[..end].chars().next_back() else { break };
                last
            }
        };
        let mut start = end - last.len_utf8();
        if last.is_alphanumeric() {
            // Same words as `forward`: alphanumerics, and hyphens between
            // them. ASCII bytes take a fast path.
            loop {
                match start.checked_sub(1).map(|i| bytes[i]) {
                    None => break,
                    Some(b) if b.is_ascii_alphanumeric() => start -= 1,
                    Some(b'-') if start >= 2 && bytes[start - 2].is_ascii_alphanumeric() => start -= 1,
                    Some(b) if b.is_ascii() && b != b'-' => break,
                    Some(_) => {
                        let head = &region[..start];
                        match head.chars().next_back() {
                            Some(c) if c.is_alphanumeric() => start -= c.len_utf8(),
                            Some('-')
                                if head[..head.len() - 1]
                                    .chars()
                                    .next_back()
                                    .is_some_and(char::is_alphanumeric) =>
                            {
                                start -= 1
                            }
                            _ => break,
                        }
                    }
                }
            }
        }
        if let Some(slot) = out.tokens.get_mut(out.len) {
            *slot = Token { start: base + start, text: &region[start..end] };
        }
        out.len += 1;
        end = start;
    }
    out
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
    use proptest::prelude::*;

    /// The former `Forward::next` (Unicode `trim_start` and `chars` for
    /// every token), the oracle of the ASCII fast path.
    fn forward_by_chars(text: &str, from: usize, to: usize) -> Vec<Token<'_>> {
        let mut out = Vec::new();
        let mut pos = from;
        while let Some(rest) = text.get(pos..to) {
            let skipped = rest.len() - rest.trim_start().len();
            let rest = &rest[skipped..];
            let start = pos + skipped;
            let Some(first) = rest.chars().next() else { break };
            let len = if first.is_alphanumeric() { word_len(rest) } else { first.len_utf8() };
            pos = start + len;
            out.push(Token { start, text: &rest[..len] });
        }
        out
    }

    proptest! {
        #[test]
        fn forward_agrees_with_the_char_by_char_scan(text in "[a-zA-Z0-9 \t\n\u{b}\u{a0}\u{2003}.,’é«-]{0,24}") {
            let got: Vec<Token<'_>> = forward(&text, 0, text.len()).collect();
            prop_assert_eq!(got, forward_by_chars(&text, 0, text.len()));
        }
    }

    /// The former `backward` (chars only), the oracle of the ASCII fast path.
    fn backward_by_chars(text: &str, from: usize, to: usize, max: usize) -> Vec<Token<'_>> {
        let to = to.min(text.len());
        let Some(region) = text.get(from.min(to)..to) else { return Vec::new() };
        let base = to - region.len();
        let mut tokens = Vec::new();
        let mut end = region.len();
        while tokens.len() < max {
            end = region[..end].trim_end().len();
            let Some(last) = region[..end].chars().next_back() else { break };
            let mut start = end - last.len_utf8();
            if last.is_alphanumeric() {
                loop {
                    let head = &region[..start];
                    match head.chars().next_back() {
                        Some(c) if c.is_alphanumeric() => start -= c.len_utf8(),
                        Some('-')
                            if head[..head.len() - 1]
                                .chars()
                                .next_back()
                                .is_some_and(char::is_alphanumeric) =>
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

    proptest! {
        #[test]
        fn backward_agrees_with_the_char_by_char_scan(
            text in "[a-zA-Z0-9 \t\n\u{b}\u{a0}\u{2003}.,’é«-]{0,24}",
            max in 0usize..20,
        ) {
            let got = backward(&text, 0, text.len(), max).to_vec();
            prop_assert_eq!(got, backward_by_chars(&text, 0, text.len(), max.min(MAX_BACKWARD)));
        }
    }

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
        assert_eq!(backward(text, 0, text.len(), 99).to_vec(), fwd);
        assert_eq!(
            texts(&backward(text, 4, text.len(), 99)).last().map(String::as_str),
            Some("co-operation")
        );
        let cyr = "Мы будем сотрудничать will";
        assert_eq!(texts(&backward(cyr, 0, cyr.len() - 4, 1)), ["сотрудничать"]);
    }

    #[test]
    fn word_sets_look_up_case_insensitively() {
        const SET: WordSet = WordSet::new(&["co-operate", "share", "will"]);
        assert!(SET.contains("Share") && SET.contains("WILL") && SET.contains("co-operate"));
        assert!(!SET.contains("shares") && !SET.contains("") && !SET.contains("Работать"));
        assert_eq!(SET.get("Will"), Some("will"));
        assert!(!SET.contains(&"x".repeat(100)));
    }

    #[test]
    fn word_counts() {
        let text = "signed a broad, cooperation agreement";
        assert!(at_most_words(text, 6, 27, 3));
        assert!(!at_most_words(text, 6, 27, 2));
    }
}
