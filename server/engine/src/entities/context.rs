//! A tokenised paragraph with what every recogniser needs to know about its
//! tokens: where capitalisation is weak evidence (sentence starts, headlines),
//! which tokens an earlier recogniser already claimed, and the candidate
//! spans found so far.

use std::ops::Range;

use super::super::rules::{Options, Provenance, RuleId};
use super::super::Label;
use super::gazetteer::{Case, Gazetteer, WordInfo, W_COMMON};
use super::tokens::{
    tokenize, Kind, Token, SHAPE_ALL_UPPER, SHAPE_DIGIT, SHAPE_HAS_LOWER, SHAPE_HAS_UPPER, SHAPE_HYPHEN,
    SHAPE_NON_ASCII,
};

/// A candidate entity over tokens `start..end` (token indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cand {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub why: Provenance,
}

/// What a rule of a recogniser's ordered list makes of the token it is
/// tried on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Not this rule's business: the next rule is tried.
    Next,
    /// This rule's trigger, but no entity here: no later rule is tried.
    Stop,
    /// An entity over tokens `start..end`.
    Found(usize, usize),
}

/// A recogniser's match: tokens, label and rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub rule: RuleId,
}

/// Declares a recogniser's ordered list of rules once, as the function
/// `$name(ctx, i) -> Option<Found>` that tries them in that order on the
/// trigger token `i` (skipping those turned off) with direct calls: each
/// rule is `fn(&Ctx, usize) -> Verdict`.
macro_rules! scan_rules {
    ($(#[$doc:meta])* fn $name:ident { $( $id:ident => $label:ident by $find:ident, )* }) => {
        $(#[$doc])*
        fn $name(ctx: &Ctx, i: usize) -> Option<Found> {
            $(
                if ctx.on(RuleId::$id) {
                    match $find(ctx, i) {
                        Verdict::Next => {}
                        Verdict::Stop => return None,
                        Verdict::Found(start, end) => {
                            return Some(Found { start, end, label: Label::$label, rule: RuleId::$id })
                        }
                    }
                }
            )*
            None
        }
    };
}
pub(crate) use scan_rules;

/// Words whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Co", "Corp", "Inc", "Ltd", "No", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "Gen", "Sen", "Rep", "Gov", "Jr", "Sr",
    "Bros", "Mt",
];

/// The longest of [`ABBREVIATIONS`] in bytes: a longer word is not compared
/// with them.
const LONGEST_ABBREVIATION: usize = {
    let (mut i, mut max) = (0, 0);
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > max {
            max = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    max
};

/// Which recognisers a token may start (bits of [`Ctx::trig`]), so that each
/// recogniser looks closely only at its own trigger words.
pub const TRIG_DATE: u8 = 1;
pub const TRIG_NUMBER: u8 = 2;
pub const TRIG_AGREEMENT: u8 = 4;
pub const TRIG_ROLE: u8 = 8;
/// A number word (`five`, `twenty`, `hundred`): not a recogniser of its own,
/// it saves the number grammar from comparing every word with its lists.
pub const TRIG_NUMBER_WORD: u8 = 16;

/// The recognisers' trigger words with their bits, for the gazetteer's
/// per-word table (lower case). Each recogniser names its triggers from the
/// word lists it already has (number words, ordinals, the lexicon's
/// instrument nouns), so nothing is repeated.
pub fn trigger_lists() -> [(Vec<&'static str>, u8); 5] {
    let flat = |lists: &[&[&'static str]]| lists.iter().flat_map(|l| l.iter().copied()).collect::<Vec<_>>();
    [
        (flat(super::numbers::NUMBER_WORDS), TRIG_NUMBER_WORD),
        (flat(super::dates::TRIGGERS), TRIG_DATE),
        (flat(super::numbers::TRIGGERS), TRIG_NUMBER),
        (super::agreements::triggers(), TRIG_AGREEMENT),
        (super::roles::TRIGGERS.to_vec(), TRIG_ROLE),
    ]
}

/// Trigger bits of one token (`s` is its text), given its word info.
fn triggers_of(tok: &Token, s: &str, info: WordInfo) -> u8 {
    match tok.kind {
        Kind::Number => TRIG_DATE | TRIG_NUMBER,
        // Currency symbols start money.
        Kind::Punct if s == "$" => TRIG_NUMBER,
        Kind::Punct if s.len() > 1 && matches!(s, "€" | "£" | "¥" | "₹" | "₩" | "₽" | "₺" | "₫" | "₱") => {
            TRIG_NUMBER
        }
        Kind::Punct => 0,
        Kind::Word => {
            let bytes = s.as_bytes();
            let mut bits = info.trig;
            // Digits; "twenty-five", "twenty-first", "mid-2020".
            if tok.shape & (SHAPE_DIGIT | SHAPE_HYPHEN) != 0 {
                bits |= TRIG_NUMBER | TRIG_DATE;
            }
            if bytes.len() == 2 && matches!(bytes[0], b'Q' | b'H') {
                bits |= TRIG_DATE;
            }
            // Currency codes before an amount ("US", "RMB").
            if bytes.len() <= 4 && tok.upper && (bytes.len() == 1 || tok.shape & SHAPE_ALL_UPPER != 0) {
                bits |= TRIG_NUMBER;
            }
            bits
        }
    }
}

pub struct Ctx<'a> {
    pub text: &'a str,
    /// Which rules are on.
    pub options: Options,
    /// The text of each token (sliced once: every rule compares words).
    strs: Vec<&'a str>,
    pub toks: Vec<Token>,
    /// Capitalisation of this token says little: it starts a sentence, a
    /// line, a quotation or a list item, or it sits in a title-case line.
    pub weak_cap: Vec<bool>,
    /// The token starts a sentence (or line, quotation, list item).
    pub initial: Vec<bool>,
    /// The token is part of an accepted candidate.
    pub claimed: Vec<bool>,
    pub cands: Vec<Cand>,
    /// Trigger bits per token (`TRIG_*`).
    pub trig: Vec<u8>,
    /// What the word lists say about each token.
    pub info: Vec<WordInfo>,
    /// Indices of the tokens with any trigger bit, and of the capitalised
    /// words: the recognisers visit only these.
    pub trig_idx: Vec<usize>,
    pub cap_idx: Vec<usize>,
    /// The token's line is written in capitals.
    pub caps_line: Vec<bool>,
    /// A ROLE candidate starts / ends at this token index (filled by
    /// [`Ctx::index_roles`]; `role_end` has one extra slot).
    pub role_start: Vec<bool>,
    pub role_end: Vec<bool>,
}

impl<'a> Ctx<'a> {
    pub fn new(text: &'a str, sentences: &[Range<usize>], gaz: &Gazetteer, options: Options) -> Self {
        let toks = tokenize(text);
        let n = toks.len();
        let mut info = Vec::with_capacity(n);
        let mut trig = Vec::with_capacity(n);
        // Most tokens trigger nothing and few are capitalised; a quarter
        // of the tokens saves the repeated growing of these two lists.
        let mut trig_idx = Vec::with_capacity(n / 4 + 1);
        let mut cap_idx = Vec::with_capacity(n / 4 + 1);
        // Each token's text is sliced once (a checked slice) and shared by
        // the word lists, the triggers and the rules.
        let mut strs = Vec::with_capacity(n);
        for (i, t) in toks.iter().enumerate() {
            let s = t.text(text);
            strs.push(s);
            let w = if t.kind == Kind::Word {
                let case = if t.upper {
                    Case::Capitalised
                } else if t.shape & (SHAPE_HAS_UPPER | SHAPE_NON_ASCII) == 0 {
                    Case::AsciiLower
                } else {
                    Case::Other
                };
                gaz.word_info(s, case)
            } else {
                WordInfo::default()
            };
            let bits = triggers_of(t, s, w);
            if bits != 0 {
                trig_idx.push(i);
            }
            if t.kind == Kind::Word && t.upper {
                cap_idx.push(i);
            }
            info.push(w);
            trig.push(bits);
        }
        let mut ctx = Ctx {
            text,
            options,
            strs,
            toks,
            weak_cap: vec![false; n],
            initial: vec![false; n],
            claimed: vec![false; n],
            // The recognisers push a candidate every eight tokens or so;
            // presized, the list is not reallocated as it grows.
            cands: Vec::with_capacity(n / 8 + 4),
            trig,
            trig_idx,
            cap_idx,
            info,
            caps_line: vec![false; n],
            role_start: Vec::new(),
            role_end: Vec::new(),
        };
        ctx.mark_initials(sentences);
        ctx.mark_headlines();
        ctx
    }

    /// Whether rule `id` is on.
    #[inline]
    pub fn on(&self, id: RuleId) -> bool {
        self.options.enabled(id)
    }

    /// Runs `at` on every token that may start what recogniser `bit` looks
    /// for, left to right; a match that is still free is claimed and the
    /// scan goes on after it.
    pub fn scan(&mut self, bit: u8, at: impl Fn(&Ctx, usize) -> Option<Found>) {
        let mut next = 0;
        for n in 0..self.trig_idx.len() {
            let i = self.trig_idx[n];
            if i < next || self.trig[i] & bit == 0 || self.claimed[i] {
                continue;
            }
            if let Some(f) = at(self, i) {
                if self.free(f.start..f.end) {
                    self.claim(f.start, f.end, f.label, Provenance::rule(f.rule));
                    next = f.end;
                }
            }
        }
    }

    /// Token `i` may start what recogniser `bit` looks for.
    pub fn triggers(&self, i: usize, bit: u8) -> bool {
        self.trig.get(i).is_some_and(|t| t & bit != 0)
    }

    /// Token `i` is a common English word (any case).
    pub fn common(&self, i: usize) -> bool {
        self.info.get(i).is_some_and(|w| w.flags & W_COMMON != 0)
    }

    pub fn has_flag(&self, i: usize, flag: u16) -> bool {
        self.info.get(i).is_some_and(|w| w.flags & flag != 0)
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn s(&self, i: usize) -> &'a str {
        self.strs.get(i).copied().unwrap_or("")
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
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Word && t.upper)
    }

    /// Token `i` is a word whose letters are all capitals (two or more).
    pub fn is_all_caps(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Kind::Word && t.shape & SHAPE_ALL_UPPER != 0)
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
    pub fn claim(&mut self, start: usize, end: usize, label: Label, why: Provenance) {
        if start >= end || end > self.len() {
            return;
        }
        for c in &mut self.claimed[start..end] {
            *c = true;
        }
        self.cands.push(Cand { start, end, label, why });
    }

    /// Records a candidate without claiming (it may overlap others; the
    /// longest wins at the end).
    pub fn propose(&mut self, start: usize, end: usize, label: Label, why: Provenance) {
        if start < end && end <= self.len() {
            self.cands.push(Cand { start, end, label, why });
        }
    }

    pub fn bytes(&self, start: usize, end: usize) -> Range<usize> {
        let s = self.toks.get(start).map_or(0, |t| t.start);
        let e = end.checked_sub(1).and_then(|i| self.toks.get(i)).map_or(s, |t| t.end);
        s..e
    }

    /// Indexes the ROLE candidates found so far by start and end token.
    pub fn index_roles(&mut self) {
        self.role_start = vec![false; self.len() + 1];
        self.role_end = vec![false; self.len() + 1];
        for c in &self.cands {
            if c.label == Label::Role {
                self.role_start[c.start] = true;
                self.role_end[c.end] = true;
            }
        }
    }

    pub fn role_starts_at(&self, i: usize) -> bool {
        self.role_start.get(i).copied().unwrap_or(false)
    }

    pub fn role_ends_at(&self, i: usize) -> bool {
        self.role_end.get(i).copied().unwrap_or(false)
    }

    fn mark_initials(&mut self, sentences: &[Range<usize>]) {
        let toks = &self.toks;
        let strs = &self.strs;
        let mut next_sentence = 0;
        let mut after_opener = true;
        for (i, t) in toks.iter().enumerate() {
            while sentences.get(next_sentence).is_some_and(|r| r.start <= t.start) {
                next_sentence += 1;
                after_opener = true;
            }
            if t.line_start {
                after_opener = true;
            }
            if t.kind == Kind::Punct {
                let s = strs.get(i).copied().unwrap_or("");
                match s.as_bytes() {
                    [b'.' | b'!' | b'?'] => {
                        // A sentence-final stop followed by a space starts a
                        // sentence, whatever the segmenter said.
                        let before = if i > 0 { strs.get(i - 1).copied().unwrap_or("") } else { "" };
                        let abbreviation =
                            before.len() <= LONGEST_ABBREVIATION && ABBREVIATIONS.contains(&before);
                        if !abbreviation && toks.get(i + 1).is_some_and(|n| n.space_before) {
                            after_opener = true;
                        }
                    }
                    [b'"' | b':' | b'*' | b'('] => after_opener = true,
                    [b'-'] if t.space_before => after_opener = true,
                    [b0, ..] if *b0 >= 0x80 => {
                        if matches!(s, "“" | "”" | "«" | "–" | "—" | "•" | "‘" | "·" | "►") {
                            after_opener = true;
                        }
                    }
                    _ => {}
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
        let n = self.toks.len();
        let mut start = 0;
        while start < n {
            // One pass over the line: its end and its counts together.
            let (mut long, mut caps, mut upper) = (0usize, 0usize, 0usize);
            let mut end = start;
            loop {
                let t = &self.toks[end];
                end += 1;
                // The tokeniser's shape bits say what a scan of the letters would.
                if t.kind == Kind::Word
                    && t.end - t.start >= 4
                    && !(t.shape & SHAPE_NON_ASCII != 0 && t.text(self.text).chars().count() < 4)
                {
                    long += 1;
                    if t.upper {
                        caps += 1;
                        if t.shape & SHAPE_HAS_LOWER == 0 {
                            upper += 1;
                        }
                    }
                }
                if end >= n || self.toks[end].line_start {
                    break;
                }
            }
            let ends_in_stop = matches!(self.s(end - 1), "." | "?" | "!");
            let all_caps = long >= 3 && upper == long;
            if all_caps {
                for c in &mut self.caps_line[start..end] {
                    *c = true;
                }
            }
            if long >= 2 && caps * 10 >= long * 8 && !(ends_in_stop && long > 12) {
                for w in &mut self.weak_cap[start..end] {
                    *w = true;
                }
            }
            start = end;
        }
    }
}
