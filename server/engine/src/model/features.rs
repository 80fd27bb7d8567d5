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
fn fold(b: u8) -> u8 {
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

/// A named constant feature (`"bias"`, `"quote"` …).
#[inline]
fn named(name: &str) -> u32 {
    hash_bytes(1, name.bytes())
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

impl Iterator for Words<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let rest = self.slice.get(self.at..)?;
        let start = self.at + rest.find(char::is_alphanumeric)?;
        let len =
            self.slice[start..].find(|c: char| !c.is_alphanumeric()).unwrap_or(self.slice.len() - start);
        self.at = start + len;
        Some(self.base + start..self.base + start + len)
    }
}

/// The shape of a word: `Xx`, `X`, `x`, `0`, `X0`, `o` (other script or mixed).
fn shape(word: &str) -> u8 {
    let b = word.as_bytes();
    let Some(&first) = b.first() else { return b'o' };
    if !word.is_ascii() {
        return if word.chars().next().is_some_and(char::is_uppercase) { b'U' } else { b'o' };
    }
    let upper = b.iter().filter(|c| c.is_ascii_uppercase()).count();
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
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
}

/// Features of one sentence for the clause classifier, appended to `out`.
pub fn sentence(input: &SentenceInput<'_>, out: &mut Vec<u32>) {
    let text = input.paragraph;
    out.push(named("bias"));
    let rule_label = input.rule.map(|(l, _)| l);
    out.push(with_ns(NS_LABEL, label_hash(rule_label)));
    if let Some((_, Some(rule))) = input.rule {
        out.push(with_ns(NS_RULE, rule as u32));
    }
    out.push(with_ns(NS_PREV_LABEL, label_hash(input.previous)));
    let mut previous_word = named("<s>");
    let mut n = 0u32;
    for w in words(text, input.range.clone()) {
        let h = word_hash(&text[w]);
        out.push(with_ns(NS_WORD, h));
        out.push(with_ns(NS_BIGRAM, pair(previous_word, h)));
        if n == 0 {
            out.push(with_ns(NS_FIRST, h));
        } else if n == 1 {
            out.push(with_ns(NS_FIRST2, pair(previous_word, h)));
        }
        previous_word = h;
        n += 1;
    }
    out.push(with_ns(NS_BIGRAM, pair(previous_word, named("</s>"))));
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
    if trimmed.contains(['"', '“', '”']) {
        out.push(named("quote"));
    }
    if trimmed.starts_with(['"', '“', '‘', '\'']) {
        out.push(named("opens-quote"));
    }
    if crate::sentence::list_marker_len(trimmed) > 0 {
        out.push(named("list-item"));
    }
    if !trimmed.ends_with(['.', '!', '?', '"', '”', ':', ';']) {
        out.push(named("no-final-stop"));
    }
    if trimmed.ends_with(':') {
        out.push(named("ends-colon"));
    }
    out.push(with_ns(NS_LEN, 100 + (input.index.min(3) as u32)));
    if input.index + 1 == input.count {
        out.push(named("last-in-paragraph"));
    }
    if input.count == 1 {
        out.push(named("alone-in-paragraph"));
    }
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

/// Features of one candidate span for the entity re-scorer, appended to `out`.
pub fn candidate(input: &CandidateInput<'_>, out: &mut Vec<u32>) {
    let text = input.paragraph;
    let span = input.span;
    let label = with_ns(NS_LABEL, span.label as u32);
    out.push(named("bias"));
    out.push(label);
    for r in span.provenance.rules() {
        out.push(with_ns(NS_RULE, r as u32));
        out.push(pair(label, with_ns(NS_RULE, r as u32)));
    }
    let mut shapes = 0u32;
    let mut n = 0u32;
    let mut first = 0;
    let mut last = 0;
    let mut last_word = "";
    for w in words(text, span.start..span.end) {
        let word = &text[w];
        let h = word_hash(word);
        out.push(with_ns(NS_SPAN_WORD, h));
        out.push(pair(label, with_ns(NS_SPAN_WORD, h)));
        if n == 0 {
            first = h;
        }
        last = h;
        last_word = word;
        if n < 6 {
            shapes = shapes * 16 + u32::from(shape(word) & 0x0f) + 1;
        }
        n += 1;
    }
    out.push(pair(label, with_ns(NS_FIRST, first)));
    out.push(pair(label, with_ns(NS_LAST, last)));
    out.push(pair(label, with_ns(NS_SHAPE, shapes)));
    out.push(pair(label, with_ns(NS_LEN, n.min(8))));
    let suffix_start = last_word.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    out.push(pair(label, with_ns(NS_SUFFIX, word_hash(&last_word[suffix_start..]))));
    // Context: two words either side within the sentence.
    // Only a window before the span is read (the two words before it are
    // in it but for very long words), so a long sentence costs no more.
    let window =
        crate::floor_boundary(text, span.start.saturating_sub(CONTEXT_WINDOW).max(input.sentence.start));
    let mut before = [0..0, 0..0];
    let mut seen = 0usize;
    for w in words(text, window..span.start) {
        // A word cut by the window's start is not a word.
        if w.start == window && text[..window].chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        before = [before[1].clone(), w];
        seen += 1;
    }
    let before = &before[2 - seen.min(2)..];
    let after = words(text, span.end..input.sentence.end);
    let mut k = 0;
    for (i, w) in before.iter().rev().enumerate() {
        let h = word_hash(&text[w.clone()]);
        let ns = if i == 0 { NS_PREV } else { NS_PREV2 };
        out.push(with_ns(ns, h));
        out.push(pair(label, with_ns(ns, h)));
        k += 1;
    }
    if k == 0 {
        out.push(pair(label, named("sentence-start")));
    }
    let mut k = 0;
    for (i, w) in after.take(2).enumerate() {
        let h = word_hash(&text[w]);
        let ns = if i == 0 { NS_NEXT } else { NS_NEXT2 };
        out.push(with_ns(ns, h));
        out.push(pair(label, with_ns(ns, h)));
        k += 1;
    }
    if k == 0 {
        out.push(pair(label, named("sentence-end")));
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
            out.push(pair(label, named("line-without-stop")));
        }
    } else {
        out.push(pair(label, named("line-in-capitals")));
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

    #[test]
    fn folding_makes_years_and_case_alike() {
        assert_eq!(word_hash("2024"), word_hash("1999"));
        assert_eq!(word_hash("Park"), word_hash("park"));
        assert_ne!(word_hash("park"), word_hash("parks"));
    }
}
