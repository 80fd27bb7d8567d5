//! A tokenised paragraph with what every recogniser needs to know about its
//! tokens: where capitalisation is weak evidence (sentence starts, headlines),
//! which tokens an earlier recogniser already claimed, and the candidate
//! spans found so far.

use std::ops::Range;

use super::tokens::{tokenize, Kind, Token};
use super::super::Label;

/// A candidate entity over tokens `start..end` (token indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// Words whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Co", "Corp", "Inc", "Ltd", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
    "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "Gen", "Sen", "Rep", "Gov", "Jr", "Sr", "Bros", "Mt",
];

pub struct Ctx<'a> {
    pub text: &'a str,
    pub toks: Vec<Token>,
    /// Capitalisation of this token says little: it starts a sentence, a
    /// line, a quotation or a list item, or it sits in a title-case line.
    pub weak_cap: Vec<bool>,
    /// The token starts a sentence (or line, quotation, list item).
    pub initial: Vec<bool>,
    /// The token is part of an accepted candidate.
    pub claimed: Vec<bool>,
    pub cands: Vec<Cand>,
}

impl<'a> Ctx<'a> {
    pub fn new(text: &'a str, sentences: &[Range<usize>]) -> Self {
        let toks = tokenize(text);
        let n = toks.len();
        let mut ctx = Ctx { text, toks, weak_cap: vec![false; n], initial: vec![false; n], claimed: vec![false; n], cands: Vec::new() };
        ctx.mark_initials(sentences);
        ctx.mark_headlines();
        ctx
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn s(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.text))
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Word)
    }

    pub fn is_number(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Number)
    }

    /// Case-insensitive comparison of token `i` with an ASCII word.
    pub fn is(&self, i: usize, word: &str) -> bool {
        self.s(i).eq_ignore_ascii_case(word)
    }

    pub fn is_any(&self, i: usize, words: &[&str]) -> bool {
        let s = self.s(i);
        words.iter().any(|w| s.eq_ignore_ascii_case(w))
    }

    /// Token `i` is a word that starts with a capital letter.
    pub fn is_cap(&self, i: usize) -> bool {
        self.is_word(i) && self.s(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Token `i` is a word whose letters are all capitals (two or more).
    pub fn is_all_caps(&self, i: usize) -> bool {
        let s = self.s(i);
        self.is_word(i) && s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !s.chars().any(char::is_lowercase)
    }

    pub fn is_lower_word(&self, i: usize) -> bool {
        self.is_word(i) && self.s(i).chars().next().is_some_and(char::is_lowercase)
    }

    /// Tokens `a` and `b = a + 1` touch (no whitespace between them).
    pub fn touching(&self, b: usize) -> bool {
        self.toks.get(b).is_some_and(|t| !t.space_before && !t.line_start)
    }

    /// Tokens `a..b` are on one line.
    pub fn same_line(&self, a: usize, b: usize) -> bool {
        (a + 1..=b).all(|i| self.toks.get(i).is_some_and(|t| !t.line_start))
    }

    pub fn free(&self, r: Range<usize>) -> bool {
        r.end <= self.len() && self.claimed[r].iter().all(|c| !c)
    }

    /// Records a candidate and claims its tokens.
    pub fn claim(&mut self, start: usize, end: usize, label: Label) {
        if start >= end || end > self.len() {
            return;
        }
        for c in &mut self.claimed[start..end] {
            *c = true;
        }
        self.cands.push(Cand { start, end, label });
    }

    /// Records a candidate without claiming (it may overlap others; the
    /// longest wins at the end).
    pub fn propose(&mut self, start: usize, end: usize, label: Label) {
        if start < end && end <= self.len() {
            self.cands.push(Cand { start, end, label });
        }
    }

    pub fn bytes(&self, start: usize, end: usize) -> Range<usize> {
        let s = self.toks.get(start).map_or(0, |t| t.start);
        let e = end.checked_sub(1).and_then(|i| self.toks.get(i)).map_or(s, |t| t.end);
        s..e
    }

    fn mark_initials(&mut self, sentences: &[Range<usize>]) {
        let mut next_sentence = sentences.iter().map(|r| r.start).peekable();
        let mut after_opener = true;
        for i in 0..self.len() {
            let t = self.toks[i];
            while next_sentence.peek().is_some_and(|&s| s <= t.start) {
                next_sentence.next();
                after_opener = true;
            }
            if t.line_start {
                after_opener = true;
            }
            if t.kind == Kind::Punct {
                let s = t.text(self.text);
                if matches!(s, "“" | "”" | "\"" | "«" | ":" | "–" | "—" | "•" | "*" | "(" | "‘" | "·" | "►") || (s == "-" && t.space_before) {
                    after_opener = true;
                }
                // A sentence-final stop followed by a space starts a sentence,
                // whatever the segmenter said.
                let abbreviation = i > 0 && ABBREVIATIONS.contains(&self.s(i - 1));
                if matches!(s, "." | "!" | "?") && !abbreviation && self.toks.get(i + 1).is_some_and(|n| n.space_before) {
                    after_opener = true;
                }
                continue;
            }
            if after_opener {
                self.initial[i] = true;
                self.weak_cap[i] = true;
            }
            after_opener = false;
        }
    }

    /// A line in title case (most longer words capitalised) is a headline:
    /// its capitals say nothing.
    fn mark_headlines(&mut self) {
        let mut start = 0;
        while start < self.len() {
            let mut end = start + 1;
            while end < self.len() && !self.toks[end].line_start {
                end += 1;
            }
            let long: Vec<usize> = (start..end).filter(|&i| self.is_word(i) && self.s(i).chars().count() >= 4).collect();
            let caps = long.iter().filter(|&&i| self.is_cap(i)).count();
            let ends_in_stop = end > start && matches!(self.s(end - 1), "." | "?" | "!");
            if long.len() >= 2 && caps * 10 >= long.len() * 8 && !(ends_in_stop && long.len() > 12) {
                for w in &mut self.weak_cap[start..end] {
                    *w = true;
                }
            }
            start = end;
        }
    }
}
