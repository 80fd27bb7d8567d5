//! Hashed features for the two models (the "hashing trick": a feature is a
//! stable 32-bit hash, reduced to a bucket by the model, so no vocabulary is
//! stored). Words are cut at non-alphanumeric characters of any script,
//! ASCII letters lower-cased and digits folded to `0`, so the model sees
//! `2024` and `2025` alike and never slices a string inside a character.

use std::ops::Range;

use crate::{Label, Span};

/// FNV-1a (32 bits) of `bytes` after a namespace seed.
#[inline]
fn hash_bytes(seed: u32, bytes: impl Iterator<Item = u8>) -> u32 {
    let mut h = 0x811c_9dc5 ^ seed.wrapping_mul(0x9e37_79b9);
    for b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[inline]
const fn fold(b: u8) -> u8 {
    if b.is_ascii_digit() {
        b'0'
    } else {
        b.to_ascii_lowercase()
    }
}

/// A word's hash (folded).
#[inline]
fn word_hash(word: &str) -> u32 {
    hash_bytes(0, word.bytes().map(fold))
}

/// Two hashes combined (a conjunction of features).
#[inline]
pub fn pair(a: u32, b: u32) -> u32 {
    let h = a.rotate_left(5) ^ b.wrapping_mul(0x2545_f491);
    h.wrapping_mul(0x9e37_79b9) ^ (h >> 15)
}

/// A feature in namespace `ns` with value `v`.
#[inline]
fn with_ns(ns: u32, v: u32) -> u32 {
    pair(ns.wrapping_add(0x51ed_270b), v)
}

/// A named constant feature (`"bias"`, `"quote"` …): `hash_bytes(1, name)`,
/// written out so that it is computed at compile time (`const { named(…) }`).
const fn named(name: &str) -> u32 {
    let bytes = name.as_bytes();
    let mut h = 0x811c_9dc5 ^ 1u32.wrapping_mul(0x9e37_79b9);
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u32;
        h = h.wrapping_mul(0x0100_0193);
        i += 1;
    }
    h
}

/// Byte ranges of the words of `text[range]`: runs of alphanumeric characters.
fn words(text: &str, range: Range<usize>) -> Words<'_> {
    let base = range.start;
    Words { slice: text.get(range).unwrap_or(""), base, at: 0 }
}

struct Words<'a> {
    slice: &'a str,
    base: usize,
    at: usize,
}

impl Words<'_> {
    /// The first byte at or after `at` where `alphanumeric(char) == wanted`,
    /// or the end. ASCII bytes are judged without decoding (for them
    /// `char::is_alphanumeric` is `u8::is_ascii_alphanumeric`), other
    /// characters are decoded, so a cut never falls inside one.
    #[inline]
    fn seek(&self, mut at: usize, wanted: bool) -> usize {
        let bytes = self.slice.as_bytes();
        while let Some(&b) = bytes.get(at) {
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() == wanted {
                    return at;
                }
                at += 1;
            } else {
                let Some(c) = self.slice.get(at..).and_then(|rest| rest.chars().next()) else {
                    return bytes.len();
                };
                if c.is_alphanumeric() == wanted {
                    return at;
                }
                at += c.len_utf8();
            }
        }
        bytes.len()
    }
}

impl Iterator for Words<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let start = self.seek(self.at, true);
        if start >= self.slice.len() {
            return None;
        }
        let end = self.seek(start, false);
        self.at = end;
        Some(self.base + start..self.base + end)
    }
}

/// A word of a paragraph: its byte range and its hash ([`word_hash`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub hash: u32,
}

/// The start of FNV-1a, as [`hash_bytes`] begins with seed 0.
const FNV_START: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

/// What the word scanner needs of a byte: an ASCII alphanumeric's folded
/// value (1–0x7f), 0 for other ASCII bytes but `\n` and `"` (marked
/// [`NEWLINE`], [`QUOTE`]), [`NOT_ASCII`] for the bytes of other characters
/// (decoded when met). A word's bytes are those positive as an `i8`.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = if (b as u8).is_ascii_alphanumeric() { fold(b as u8) } else { 0 };
        b += 1;
    }
    table[b'\n' as usize] = NEWLINE;
    table[b'"' as usize] = QUOTE;
    table
};
const NOT_ASCII: u8 = 0x80;
const NEWLINE: u8 = 0x81;
const QUOTE: u8 = 0x82;

/// Whether `class` (of [`BYTE_CLASS`]) is an ASCII alphanumeric's.
#[inline(always)]
fn is_word_class(class: u8) -> bool {
    (class as i8) > 0
}

/// Hashes on from `i` while the bytes are ASCII alphanumerics: where they
/// stop and the hash so far. Eight bytes at a time while eight remain (one
/// bounds check per eight; words are short, but the loop is entered once
/// per word and per piece of a word).
#[inline(always)]
fn hash_ascii_run(bytes: &[u8], mut i: usize, mut h: u32) -> (usize, u32) {
    while let Some(chunk) = bytes.get(i..i + 8) {
        for (k, &b) in chunk.iter().enumerate() {
            let class = BYTE_CLASS[usize::from(b)];
            if !is_word_class(class) {
                return (i + k, h);
            }
            h = (h ^ u32::from(class)).wrapping_mul(FNV_PRIME);
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        let class = BYTE_CLASS[usize::from(b)];
        if !is_word_class(class) {
            break;
        }
        h = (h ^ u32::from(class)).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    (i, h)
}

/// The first byte at or after `i` whose class is not 0 (plain ASCII
/// punctuation and spaces), or the end; eight at a time like
/// [`hash_ascii_run`].
#[inline(always)]
fn skip_separators(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        for (k, &b) in chunk.iter().enumerate() {
            if BYTE_CLASS[usize::from(b)] != 0 {
                return i + k;
            }
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&b| BYTE_CLASS[usize::from(b)] == 0) {
        i += 1;
    }
    i
}

/// The words of a paragraph (as [`words`] cuts them) with their hashes,
/// found in one pass over the paragraph's bytes. The two models read words
/// of every sentence and around every candidate span; cutting and hashing
/// them once per paragraph instead of once per sentence and per candidate
/// took most of the models' time.
pub struct ParagraphWords {
    words: Vec<Word>,
    /// Where each line starts (the first at 0), seen on the way.
    line_starts: Vec<usize>,
    /// Where each double quote (`"`, `“`, `”`) starts, seen on the way (so
    /// that a sentence's "quote" feature needs no second look at its bytes).
    quotes: Vec<usize>,
    /// Where the last look-up of [`ParagraphWords::index_within`] ended:
    /// the models look up candidates and sentences in order, so the next
    /// one is usually a few words on (walked to instead of bisected for).
    cursor: std::cell::Cell<usize>,
}

/// `words[from..].partition_point(pred) + from`, walking the first eight
/// words before bisecting the rest (the answer is usually near `from`).
#[inline]
fn walk_forward(words: &[Word], from: usize, pred: impl Fn(&Word) -> bool) -> usize {
    let mut k = from;
    let stop = (from + 8).min(words.len());
    while k < stop {
        if !pred(&words[k]) {
            return k;
        }
        k += 1;
    }
    k + words[k..].partition_point(pred)
}

impl ParagraphWords {
    pub fn new(text: &str) -> ParagraphWords {
        let bytes = text.as_bytes();
        let mut words = Vec::with_capacity(bytes.len() / 6);
        let mut line_starts = vec![0];
        let mut quotes = Vec::new();
        // The character at `i` (not ASCII): its length, if it is alphanumeric.
        let alphanumeric_at = |i: usize| {
            // U+2000–U+203F (E2 80 xx: curly quotes, dashes, bullets,
            // special spaces) hold no letter or digit: the commonest
            // non-ASCII characters of news text, known without a lookup.
            if bytes.get(i..i + 2) == Some(&[0xe2, 0x80]) {
                return Err(3);
            }
            let c = text.get(i..).and_then(|rest| rest.chars().next());
            c.filter(|c| c.is_alphanumeric()).map(char::len_utf8).ok_or_else(|| c.map_or(1, char::len_utf8))
        };
        let mut i = 0;
        let class_at = |k: usize| bytes.get(k).map(|&b| BYTE_CLASS[usize::from(b)]);
        loop {
            // Most words follow a single space: straight on to the word.
            let word_next = match class_at(i) {
                Some(0) if class_at(i + 1).is_some_and(is_word_class) => {
                    i += 1;
                    true
                }
                Some(class) => is_word_class(class),
                None => break,
            };
            if !word_next {
                // Between words: plain ASCII separators in a tight loop.
                i = skip_separators(bytes, i);
                let Some(&b) = bytes.get(i) else { break };
                match BYTE_CLASS[usize::from(b)] {
                    NEWLINE => {
                        line_starts.push(i + 1);
                        i += 1;
                        continue;
                    }
                    QUOTE => {
                        quotes.push(i);
                        i += 1;
                        continue;
                    }
                    NOT_ASCII => {
                        if let Err(len) = alphanumeric_at(i) {
                            // “ and ” are E2 80 9C and E2 80 9D.
                            if matches!(bytes.get(i..i + 3), Some([0xe2, 0x80, 0x9c | 0x9d])) {
                                quotes.push(i);
                            }
                            i += len;
                            continue;
                        }
                    }
                    _ => {}
                }
            }
            // A word starts at `i`: hash its folded bytes to its end (a
            // non-ASCII character that is not alphanumeric ends it, and is
            // passed over by the loop above).
            let start = i;
            let mut h = FNV_START;
            loop {
                (i, h) = hash_ascii_run(bytes, i, h);
                if bytes.get(i).is_none_or(|&b| BYTE_CLASS[usize::from(b)] != NOT_ASCII) {
                    break;
                }
                let Ok(len) = alphanumeric_at(i) else { break };
                for &byte in &bytes[i..i + len] {
                    h = (h ^ u32::from(byte)).wrapping_mul(FNV_PRIME);
                }
                i += len;
            }
            words.push(Word { start, end: i, hash: h });
        }
        ParagraphWords { words, line_starts, quotes, cursor: std::cell::Cell::new(0) }
    }

    /// Whether `text[range]` holds a double quote, for a range whose ends
    /// are character boundaries.
    fn has_quote_within(&self, range: &Range<usize>) -> bool {
        let k = self.quotes.partition_point(|&q| q < range.start);
        self.quotes.get(k).is_some_and(|&q| q < range.end)
    }

    /// The paragraph's lines (`text` is the paragraph these words are of).
    pub fn lines(&self, text: &str) -> Lines {
        Lines::with_starts(text, self.line_starts.clone())
    }

    /// The words of `text[range]` as [`words`] cuts them, if neither end of
    /// the range cuts a word of the paragraph (else `None`: the caller cuts
    /// the range itself).
    fn within(&self, text: &str, range: Range<usize>) -> Option<&[Word]> {
        self.index_within(text, range).and_then(|k| self.words.get(k))
    }

    /// The same as indexes into the paragraph's words.
    fn index_within(&self, text: &str, range: Range<usize>) -> Option<Range<usize>> {
        if range.start > range.end || !text.is_char_boundary(range.start) || !text.is_char_boundary(range.end)
        {
            return None;
        }
        let words = &self.words;
        // `lo` = words.partition_point(|w| w.end <= range.start): at or
        // after the cursor when the word before the cursor ends by the start.
        let cursor = self.cursor.get().min(words.len());
        let lo = if cursor == 0 || words[cursor - 1].end <= range.start {
            walk_forward(words, cursor, |w| w.end <= range.start)
        } else {
            words.partition_point(|w| w.end <= range.start)
        };
        if words.get(lo).is_some_and(|w| w.start < range.start) {
            return None;
        }
        let hi = walk_forward(words, lo, |w| w.start < range.end);
        self.cursor.set(hi);
        if hi > lo && self.words[hi - 1].end > range.end {
            return None;
        }
        Some(lo..hi)
    }

    /// Around a candidate `span`: its words, the last two whole words of
    /// `text[window..span.start]` (a word cut by `window` is left out) and
    /// the first two words of `text[span.end..sentence_end]`, as cutting in
    /// place gives them — if no bound that matters cuts a word (else `None`).
    fn around(
        &self,
        text: &str,
        window: usize,
        span: Range<usize>,
        sentence_end: usize,
    ) -> Option<(&[Word], &[Word], &[Word])> {
        let inside = self.index_within(text, span.clone())?;
        if window > span.start || !text.is_char_boundary(window) {
            return None;
        }
        if sentence_end < span.end || !text.is_char_boundary(sentence_end) {
            return None;
        }
        // No word straddles `span.start`: those before `inside` end by it.
        // Only the last two are read: no walk back to the window's start.
        let k = inside.start;
        let from = (k.saturating_sub(2)..k).find(|&j| self.words[j].start >= window).unwrap_or(k);
        let before = from..k;
        let rest = &self.words[inside.end..];
        let after = rest.iter().take(2).take_while(|w| w.start < sentence_end).count();
        if rest[..after].last().is_some_and(|w| w.end > sentence_end) {
            return None;
        }
        Some((&self.words[inside], &self.words[before], &rest[..after]))
    }
}

/// The words of `text[range]`, cut and hashed there (the path for a range
/// that cuts a word of its paragraph).
fn cut(text: &str, range: Range<usize>) -> Vec<Word> {
    words(text, range).map(|w| Word { start: w.start, end: w.end, hash: word_hash(&text[w]) }).collect()
}

/// The shape of a word: `Xx`, `X`, `x`, `0`, `X0`, `o` (other script or mixed).
fn shape(word: &str) -> u8 {
    let b = word.as_bytes();
    let Some(&first) = b.first() else { return b'o' };
    // One pass for the three counts (words are short: the passes' set-up
    // cost more than their bytes).
    let (mut upper, mut digits, mut high) = (0, 0, 0u8);
    for &c in b {
        upper += usize::from(c.is_ascii_uppercase());
        digits += usize::from(c.is_ascii_digit());
        high |= c;
    }
    if !high.is_ascii() {
        return if word.chars().next().is_some_and(char::is_uppercase) { b'U' } else { b'o' };
    }
    match (first, upper, digits) {
        (_, _, d) if d == b.len() => b'0',
        (_, _, d) if d > 0 => b'9',
        (f, u, _) if f.is_ascii_uppercase() && u == b.len() => b'X',
        (f, 1, _) if f.is_ascii_uppercase() => b'C',
        (f, _, _) if f.is_ascii_uppercase() => b'M',
        (_, 0, _) => b'x',
        _ => b'm',
    }
}

const fn ns(k: u32) -> u32 {
    k
}

const NS_LABEL: u32 = ns(1);
const NS_RULE: u32 = ns(2);
const NS_WORD: u32 = ns(3);
const NS_BIGRAM: u32 = ns(4);
const NS_FIRST: u32 = ns(5);
const NS_ENTITY: u32 = ns(6);
const NS_PREV_LABEL: u32 = ns(7);
const NS_LEN: u32 = ns(8);
const NS_SPAN_WORD: u32 = ns(9);
const NS_LAST: u32 = ns(10);
const NS_PREV: u32 = ns(11);
const NS_NEXT: u32 = ns(12);
const NS_SHAPE: u32 = ns(13);
const NS_SUFFIX: u32 = ns(14);
const NS_PREV2: u32 = ns(15);
const NS_NEXT2: u32 = ns(16);
const NS_FIRST2: u32 = ns(17);
const NS_ELSEWHERE: u32 = ns(18);
const NS_PREV_CHAR: u32 = ns(19);

fn label_hash(label: Option<Label>) -> u32 {
    label.map_or(0, |l| l as u32 + 1)
}

/// Everything the clause classifier is told about one sentence.
pub struct SentenceInput<'a> {
    pub paragraph: &'a str,
    pub range: Range<usize>,
    /// The label and first rule of the clause rules' span on this sentence.
    pub rule: Option<(Label, Option<crate::RuleId>)>,
    /// The clause rules' label on the sentence before (same paragraph).
    pub previous: Option<Label>,
    /// Entity spans of the paragraph inside this sentence.
    pub entities: &'a [Span],
    /// Index of the sentence in its paragraph and the paragraph's count.
    pub index: usize,
    pub count: usize,
    /// The paragraph's words, cut once (`None`: cut the sentence here).
    pub words: Option<&'a ParagraphWords>,
}

/// Features of one sentence for the clause classifier, appended to `out`.
pub fn sentence(input: &SentenceInput<'_>, out: &mut Vec<u32>) {
    let text = input.paragraph;
    out.push(const { named("bias") });
    let rule_label = input.rule.map(|(l, _)| l);
    out.push(with_ns(NS_LABEL, label_hash(rule_label)));
    if let Some((_, Some(rule))) = input.rule {
        out.push(with_ns(NS_RULE, rule as u32));
    }
    out.push(with_ns(NS_PREV_LABEL, label_hash(input.previous)));
    let mut previous_word = const { named("<s>") };
    let mut n = 0u32;
    let cut_here;
    let (sentence_words, paragraph_words) =
        match input.words.and_then(|ws| Some((ws.within(text, input.range.clone())?, ws))) {
            Some((words, ws)) => (words, Some(ws)),
            None => {
                cut_here = cut(text, input.range.clone());
                (&cut_here[..], None)
            }
        };
    // Each word and bigram; the first word and the first bigram again (the
    // first two words peeled off, so the loop over the rest tests nothing).
    out.reserve(2 * sentence_words.len() + 24);
    let mut rest = sentence_words.iter();
    for (k, w) in rest.by_ref().take(2).enumerate() {
        let h = w.hash;
        out.push(with_ns(NS_WORD, h));
        out.push(with_ns(NS_BIGRAM, pair(previous_word, h)));
        if k == 0 {
            out.push(with_ns(NS_FIRST, h));
        } else {
            out.push(with_ns(NS_FIRST2, pair(previous_word, h)));
        }
        previous_word = h;
        n += 1;
    }
    // The rest written in place, two slots a word: no capacity check per
    // feature (a push checks one; most of a sentence's features are these).
    let rest = rest.as_slice();
    let base = out.len();
    out.resize(base + 2 * rest.len(), 0);
    for (slots, w) in out[base..].chunks_exact_mut(2).zip(rest) {
        let h = w.hash;
        slots[0] = with_ns(NS_WORD, h);
        slots[1] = with_ns(NS_BIGRAM, pair(previous_word, h));
        previous_word = h;
    }
    n = n.wrapping_add(rest.len() as u32);
    out.push(with_ns(NS_BIGRAM, pair(previous_word, const { named("</s>") })));
    out.push(with_ns(NS_LEN, 32 - n.leading_zeros()));
    // Entities named in the sentence, once per label, and with the rule label.
    let mut seen = 0u32;
    for e in input.entities {
        let bit = 1u32 << (e.label as u32);
        if seen & bit == 0 {
            seen |= bit;
            out.push(with_ns(NS_ENTITY, e.label as u32));
            out.push(pair(with_ns(NS_ENTITY, e.label as u32), label_hash(rule_label)));
        }
    }
    let s = text.get(input.range.clone()).unwrap_or("");
    let trimmed = s.trim();
    // The paragraph's scan saw every double quote (and the range's ends are
    // character boundaries there); a quote is never trimmed off.
    let quote = match paragraph_words {
        Some(ws) => ws.has_quote_within(&input.range),
        None => has_double_quote(trimmed),
    };
    if quote {
        out.push(const { named("quote") });
    }
    if trimmed.starts_with(['"', '“', '‘', '\'']) {
        out.push(const { named("opens-quote") });
    }
    if may_be_list_item(trimmed) && crate::sentence::list_marker_len(trimmed) > 0 {
        out.push(const { named("list-item") });
    }
    if !trimmed.ends_with(['.', '!', '?', '"', '”', ':', ';']) {
        out.push(const { named("no-final-stop") });
    }
    if trimmed.ends_with(':') {
        out.push(const { named("ends-colon") });
    }
    out.push(with_ns(NS_LEN, 100 + (input.index.min(3) as u32)));
    if input.index + 1 == input.count {
        out.push(const { named("last-in-paragraph") });
    }
    if input.count == 1 {
        out.push(const { named("alone-in-paragraph") });
    }
}

/// False when `trimmed` (no space at its start) cannot start with a list
/// marker (bullet, dash, `*`, `+`, `1.`, `a)`, `(1)` …): when its first
/// byte is an ASCII byte none of them starts with, as is a capital. Saves
/// the full check for almost every sentence.
fn may_be_list_item(trimmed: &str) -> bool {
    trimmed.as_bytes().first().is_some_and(|&b| {
        !b.is_ascii() || b.is_ascii_digit() || b.is_ascii_lowercase() || b"(-*+".contains(&b)
    })
}

/// Whether `s` holds `"`, `“` or `”`: a byte search (`“` and `”` are
/// E2 80 9C and E2 80 9D in UTF-8), so a long sentence is not decoded
/// character by character.
fn has_double_quote(s: &str) -> bool {
    let b = s.as_bytes();
    // Most sentences have neither `"` nor 0xE2: ruled out eight bytes at a
    // time (a zero byte of `x ^ pattern` marks a match).
    const ONES: u64 = 0x0101_0101_0101_0101;
    let has = |x: u64, byte: u8| {
        let y = x ^ (ONES * u64::from(byte));
        y.wrapping_sub(ONES) & !y & (ONES << 7) != 0
    };
    let mut chunks = b.chunks_exact(8);
    let mut maybe = chunks.by_ref().any(|c| {
        let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        has(x, b'"') || has(x, 0xe2)
    });
    maybe |= chunks.remainder().iter().any(|&c| c == b'"' || c == 0xe2);
    if !maybe {
        return false;
    }
    b.iter().enumerate().any(|(i, &c)| {
        c == b'"' || (c == 0xe2 && b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9c | 0x9d)))
    })
}

/// How many bytes before a span are read for its context words.
const CONTEXT_WINDOW: usize = 64;

/// Everything the entity re-scorer is told about one candidate.
pub struct CandidateInput<'a> {
    pub paragraph: &'a str,
    pub span: &'a Span,
    /// The sentence the span lies in.
    pub sentence: Range<usize>,
    /// Whether the same text is typed elsewhere in the paragraph with another label.
    pub other_label: Option<Label>,
    /// The paragraph's lines, found once per paragraph.
    pub lines: &'a Lines,
    /// The paragraph's words, cut once (`None`: cut them around the span).
    pub words: Option<&'a ParagraphWords>,
}

/// The lines of a paragraph and what the re-scorer asks of each (has it a
/// lower-case letter; does it end with a full stop), found once per
/// paragraph: looking them up per candidate kept a paragraph of one huge
/// line quadratic (a 50 MB line took over ten minutes).
pub struct Lines {
    starts: Vec<usize>,
    facts: Vec<LineFacts>,
}

#[derive(Clone, Copy)]
struct LineFacts {
    lower: bool,
    stop: bool,
}

impl LineFacts {
    fn of(line: &str) -> LineFacts {
        LineFacts {
            lower: line.bytes().any(|b| b.is_ascii_lowercase()),
            stop: line.trim_end().ends_with(['.', '!', '?', '"', '”']),
        }
    }
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Lines::with_starts(text, starts)
    }

    /// The lines of `text` starting at `starts` (0 and each byte after a `\n`).
    fn with_starts(text: &str, starts: Vec<usize>) -> Lines {
        let facts = (0..starts.len())
            .map(|k| {
                let end = starts.get(k + 1).map_or(text.len(), |s| s - 1);
                LineFacts::of(&text[starts[k]..end])
            })
            .collect();
        Lines { starts, facts }
    }

    /// The line that byte `pos` lies in (a `\n` belongs to the line it ends).
    fn line_of(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos).saturating_sub(1)
    }

    /// The facts of the lines from the one holding `start` to the one
    /// holding `end`: looked up when they are one line, read otherwise.
    fn around(&self, text: &str, start: usize, end: usize) -> LineFacts {
        let k = self.line_of(start);
        if k == self.line_of(end) {
            if let Some(f) = self.facts.get(k) {
                return *f;
            }
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        LineFacts::of(&text[line_start..line_end])
    }
}

/// The whole words of `text[window..end]`, cut there: a word cut by the
/// window's start is not a word.
fn cut_before(text: &str, window: usize, end: usize) -> Vec<Word> {
    let mut out = cut(text, window..end);
    if out.first().is_some_and(|w| w.start == window)
        && text[..window].chars().next_back().is_some_and(char::is_alphanumeric)
    {
        out.remove(0);
    }
    out
}

/// Features of one candidate span for the entity re-scorer, appended to `out`.
pub fn candidate(input: &CandidateInput<'_>, out: &mut Vec<u32>) {
    let text = input.paragraph;
    let span = input.span;
    let label = with_ns(NS_LABEL, span.label as u32);
    out.push(const { named("bias") });
    out.push(label);
    for r in span.provenance.rules() {
        out.push(with_ns(NS_RULE, r as u32));
        out.push(pair(label, with_ns(NS_RULE, r as u32)));
    }
    // The words of the span, the whole words of a window before it (the two
    // words before it are in it but for very long words, so a long sentence
    // costs no more) and those after it in the sentence.
    let window =
        crate::floor_boundary(text, span.start.saturating_sub(CONTEXT_WINDOW).max(input.sentence.start));
    let after_range = span.end..input.sentence.end;
    let found = input.words.and_then(|ws| ws.around(text, window, span.start..span.end, after_range.end));
    let cut_here;
    let (inside, before, after) = match found {
        Some(found) => found,
        None => {
            cut_here = (cut(text, span.start..span.end), cut_before(text, window, span.start), {
                let mut after = cut(text, after_range);
                after.truncate(2);
                after
            });
            (&cut_here.0[..], &cut_here.1[..], &cut_here.2[..])
        }
    };
    // Each word of the span twice, written in place (no capacity check
    // per feature), and the shapes of the first six.
    let base = out.len();
    out.resize(base + 2 * inside.len(), 0);
    for (slots, w) in out[base..].chunks_exact_mut(2).zip(inside) {
        let f = with_ns(NS_SPAN_WORD, w.hash);
        slots[0] = f;
        slots[1] = pair(label, f);
    }
    let mut shapes = 0u32;
    for w in inside.iter().take(6) {
        shapes = shapes * 16 + u32::from(shape(&text[w.start..w.end]) & 0x0f) + 1;
    }
    let n = inside.len() as u32;
    let first = inside.first().map_or(0, |w| w.hash);
    let last = inside.last().map_or(0, |w| w.hash);
    let last_word = inside.last().map_or("", |w| &text[w.start..w.end]);
    out.push(pair(label, with_ns(NS_FIRST, first)));
    out.push(pair(label, with_ns(NS_LAST, last)));
    out.push(pair(label, with_ns(NS_SHAPE, shapes)));
    out.push(pair(label, with_ns(NS_LEN, n.min(8))));
    // The last three characters: the last three bytes when they are ASCII.
    let suffix_start = match last_word.as_bytes() {
        [.., a, b, c] if (a | b | c).is_ascii() => last_word.len() - 3,
        b if b.len() < 3 && b.is_ascii() => 0,
        _ => last_word.char_indices().rev().nth(2).map_or(0, |(i, _)| i),
    };
    out.push(pair(label, with_ns(NS_SUFFIX, word_hash(&last_word[suffix_start..]))));
    // Context: two words either side within the sentence.
    let before = &before[before.len().saturating_sub(2)..];
    let mut k = 0;
    for (i, w) in before.iter().rev().enumerate() {
        let h = w.hash;
        let ns = if i == 0 { NS_PREV } else { NS_PREV2 };
        out.push(with_ns(ns, h));
        out.push(pair(label, with_ns(ns, h)));
        k += 1;
    }
    if k == 0 {
        out.push(pair(label, const { named("sentence-start") }));
    }
    let mut k = 0;
    for (i, w) in after.iter().take(2).enumerate() {
        let h = w.hash;
        let ns = if i == 0 { NS_NEXT } else { NS_NEXT2 };
        out.push(with_ns(ns, h));
        out.push(pair(label, with_ns(ns, h)));
        k += 1;
    }
    if k == 0 {
        out.push(pair(label, const { named("sentence-end") }));
    }
    // The character just before the span: a quote, a bracket, a comma.
    if let Some(c) = text[..span.start].trim_end_matches(' ').chars().next_back() {
        if !c.is_alphanumeric() {
            out.push(pair(label, with_ns(NS_PREV_CHAR, c as u32)));
        }
    }
    let line = input.lines.around(text, span.start, span.end);
    if line.lower {
        if !line.stop {
            out.push(pair(label, const { named("line-without-stop") }));
        }
    } else {
        out.push(pair(label, const { named("line-in-capitals") }));
    }
    if let Some(other) = input.other_label {
        out.push(pair(label, with_ns(NS_ELSEWHERE, other as u32)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_cut_in_any_script_and_never_inside_a_character() {
        let text = "Kista Science-Park, Сколково 科技园 🚀 ok2024";
        let got: Vec<&str> = words(text, 0..text.len()).map(|r| &text[r]).collect();
        assert_eq!(got, ["Kista", "Science", "Park", "Сколково", "科技园", "ok2024"]);
        let got: Vec<&str> = words(text, 6..13).map(|r| &text[r]).collect();
        assert_eq!(got, ["Science"]);
    }

    /// The definition `words` had before its ASCII fast path.
    fn words_oracle(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
        let slice = text.get(range.clone()).unwrap_or("");
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(start) = slice[at..].find(char::is_alphanumeric).map(|k| at + k) {
            let len = slice[start..].find(|c: char| !c.is_alphanumeric()).unwrap_or(slice.len() - start);
            out.push(range.start + start..range.start + start + len);
            at = start + len;
        }
        out
    }

    #[test]
    fn words_match_their_definition_on_mixed_scripts() {
        let pieces = [
            "Kista",
            " ",
            "-",
            "Сколково",
            "科技园",
            "🚀",
            "2024",
            "é",
            "\u{a0}",
            "ǅ",
            "’s",
            "\n",
            "x1",
            "٣",
        ];
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(rng % 12) {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                text.push_str(pieces[(rng % pieces.len() as u64) as usize]);
            }
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let bounds: Vec<usize> = (0..=text.len()).filter(|k| text.is_char_boundary(*k)).collect();
            let a = bounds[(rng % bounds.len() as u64) as usize];
            let b = bounds[((rng >> 20) % bounds.len() as u64) as usize];
            let range = a.min(b)..a.max(b);
            assert_eq!(
                words(&text, range.clone()).collect::<Vec<_>>(),
                words_oracle(&text, range),
                "{text:?}"
            );
        }
    }

    #[test]
    fn double_quotes_are_found_as_the_char_search_finds_them() {
        for s in [
            "",
            "a",
            "\"",
            "“x",
            "x”",
            "‘x’",
            "–—…",
            "\u{201a}",
            "\u{201c}",
            "«»",
            "\u{e280}",
            "a long sentence without any quote, of more than eight bytes",
            "a long sentence with a “quote” of more than eight bytes",
            "a long sentence with a \"quote\" of more than eight bytes",
            "0123456\"",
            "01234567\"",
            "012345678901234“",
            "eight b—",
        ] {
            assert_eq!(has_double_quote(s), s.contains(['"', '“', '”']), "{s:?}");
        }
    }

    /// A paragraph of random pieces of several scripts, with random
    /// sentence bounds and spans (on character boundaries, sometimes inside
    /// words), for comparing the paragraph's words with words cut in place.
    fn random_case(rng: &mut u64) -> (String, Vec<Range<usize>>, Vec<Span>) {
        let pieces = [
            "Kista",
            " ",
            "Science Park",
            ", ",
            ".",
            "\n",
            "“",
            "”",
            "\"",
            "Сколково",
            "科技园",
            "🚀",
            "2024",
            "é",
            "\u{a0}",
            "’s",
            "x1",
            "٣",
            "-",
            "(MoU)",
            "signed",
            " the ",
            "ǅ",
        ];
        let mut next = || {
            *rng ^= *rng << 13;
            *rng ^= *rng >> 7;
            *rng ^= *rng << 17;
            *rng
        };
        let mut text = String::new();
        for _ in 0..(next() % 60) {
            text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
        }
        let bounds: Vec<usize> = (0..=text.len()).filter(|k| text.is_char_boundary(*k)).collect();
        let mut cuts: Vec<usize> =
            (0..next() % 4).map(|_| bounds[(next() % bounds.len() as u64) as usize]).collect();
        cuts.extend([0, text.len()]);
        cuts.sort();
        cuts.dedup();
        let sentences: Vec<Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
        let spans = (0..next() % 6)
            .map(|_| {
                let a = bounds[(next() % bounds.len() as u64) as usize];
                let b = bounds[(next() % bounds.len() as u64) as usize];
                Span {
                    start: a.min(b),
                    end: a.max(b),
                    label: if next() % 2 == 0 { Label::Org } else { Label::Park },
                    provenance: crate::Provenance::rule(crate::rules::RuleId::ModelEntity),
                }
            })
            .collect();
        (text, sentences, spans)
    }

    #[test]
    fn features_from_the_paragraphs_words_equal_those_cut_in_place() {
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..3000 {
            let (text, sentences, spans) = random_case(&mut rng);
            let lines = Lines::new(&text);
            let words = ParagraphWords::new(&text);
            assert_eq!(words.words, cut(&text, 0..text.len()), "{text:?}");
            assert_eq!(words.line_starts, Lines::new(&text).starts, "{text:?}");
            let quotes: Vec<usize> = text.match_indices(['"', '“', '”']).map(|(i, _)| i).collect();
            assert_eq!(words.quotes, quotes, "{text:?}");
            for (index, range) in sentences.iter().enumerate() {
                let input = |words| SentenceInput {
                    paragraph: &text,
                    range: range.clone(),
                    rule: None,
                    previous: None,
                    entities: &[],
                    index,
                    count: sentences.len(),
                    words,
                };
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                sentence(&input(Some(&words)), &mut fast);
                sentence(&input(None), &mut slow);
                assert_eq!(fast, slow, "{text:?} {range:?}");
            }
            for span in &spans {
                let k = sentences.partition_point(|s| s.end <= span.start);
                let s = sentences.get(k).cloned().unwrap_or(0..text.len());
                let sentence = s.start.min(span.start)..s.end.max(span.end);
                let input = |words| CandidateInput {
                    paragraph: &text,
                    span,
                    sentence: sentence.clone(),
                    other_label: None,
                    lines: &lines,
                    words,
                };
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                candidate(&input(Some(&words)), &mut fast);
                candidate(&input(None), &mut slow);
                assert_eq!(fast, slow, "{text:?} {span:?} in {sentence:?}");
            }
        }
    }

    #[test]
    fn the_list_item_prefilter_passes_every_list_marker() {
        let pieces = [
            "", "1", "12", "1234", ".", ")", "(", "a", "B", "z", " ", "\t", "-", "–", "—", "*", "+", "•",
            "·", "x", "\"", "'", "“", "I", "iv", ":", "\u{a0}", "\u{200b}", "é", "A.", "0",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}");
                    let trimmed = s.trim();
                    if !may_be_list_item(trimmed) {
                        assert_eq!(crate::sentence::list_marker_len(trimmed), 0, "{trimmed:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn general_punctuation_up_to_u203f_has_no_letter_or_digit() {
        for c in '\u{2000}'..='\u{203f}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
            let mut buf = [0; 4];
            assert_eq!(c.encode_utf8(&mut buf).as_bytes()[..2], [0xe2, 0x80]);
        }
        assert!(!'\u{2040}'.encode_utf8(&mut [0; 4]).as_bytes().starts_with(&[0xe2, 0x80]));
    }

    #[test]
    fn named_features_are_the_hash_of_their_name() {
        for name in ["bias", "<s>", "</s>", "quote", "sentence-start", "line-in-capitals"] {
            assert_eq!(named(name), hash_bytes(1, name.bytes()));
        }
    }

    #[test]
    fn folding_makes_years_and_case_alike() {
        assert_eq!(word_hash("2024"), word_hash("1999"));
        assert_eq!(word_hash("Park"), word_hash("park"));
        assert_ne!(word_hash("park"), word_hash("parks"));
    }
}
