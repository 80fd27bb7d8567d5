//! The document-level pass: names learnt in one paragraph are found again
//! everywhere (`Or` after `Eric Or`, `Technopolis` after `Technopolis
//! Plc`), and a name typed on weak evidence takes the type the document
//! settled on (`Sophia Antipolis`, a park, not a person).
//!
//! One scan over the document per call, with a matcher built from the
//! (few) learnt names in microseconds, so this stays cheap on every
//! keystroke and on every short document; a long document is scanned with
//! an aho-corasick automaton, slower to build but faster to run.

use std::borrow::Borrow;
use std::hash::Hash;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::super::rules::{Options, Provenance, RuleId};
use super::super::{bytescan, lexicon};
use super::super::{Label, LearntName, Span};
use super::fxhash::FxHashMap;
use super::gazetteer::Gazetteer;

/// Texts at least this long are scanned with an automaton.
const LONG_TEXT: usize = 256 * 1024;

/// No entity span is longer than this; bounds the look-back for overlaps.
const MAX_ENTITY_BYTES: usize = 512;

/// Which label wins when one name was learnt with several.
fn rank(label: Label) -> u8 {
    match label {
        Label::Park => 4,
        Label::Org => 3,
        Label::Person => 2,
        _ => 1,
    }
}

/// Words besides the reporting verbs of the lexicon that let a learnt name
/// that is also an English word (`Or`) be found again: `Or said`, `Or also
/// discussed`.
const FOLLOWERS: &[&str] = &["also", "further", "continued"];

pub fn link<'n>(
    gaz: &Gazetteer,
    text: &str,
    spans: Vec<Span>,
    names: impl IntoIterator<Item = &'n LearntName>,
    options: &Options,
) -> Vec<Span> {
    link_learnt(gaz, text, spans, &learn(names), options)
}

/// The label each learnt name is found again with (the best-ranked one;
/// among equal ranks, the first seen) and the rules that typed it: the only
/// way the names reach [`link_learnt`].
pub fn learn<'n>(names: impl IntoIterator<Item = &'n LearntName>) -> FxHashMap<&'n str, (Label, Provenance)> {
    // A document learns a few dozen names: room for them from the start.
    let names = names.into_iter();
    let mut best: FxHashMap<&str, (Label, Provenance)> = FxHashMap::default();
    best.reserve(names.size_hint().0.max(32));
    for learnt in names {
        let name = learnt.text.as_str();
        if name.chars().nth(1).is_none() || name.trim() != name {
            continue;
        }
        let e = best.entry(name).or_insert((learnt.label, learnt.provenance));
        if rank(learnt.label) > rank(e.0) {
            *e = (learnt.label, learnt.provenance);
        }
    }
    best
}

/// [`link`] with the names already learnt (borrowed or owned names).
pub fn link_learnt<K: Borrow<str> + Hash + Eq>(
    gaz: &Gazetteer,
    text: &str,
    mut spans: Vec<Span>,
    best: &FxHashMap<K, (Label, Provenance)>,
    options: &Options,
) -> Vec<Span> {
    let (repeat, relabel, outer) = (
        options.enabled(RuleId::LinkRepeat),
        options.enabled(RuleId::LinkRelabel),
        options.enabled(RuleId::LinkOuterName),
    );
    if best.is_empty() || !(repeat || relabel || outer) {
        return spans;
    }
    let matcher = Matcher::new(best.keys().map(|k| k.borrow()));
    spans.sort();
    let mut added = Vec::new();
    let mut removed: Vec<usize> = Vec::new();
    for (a, name) in matcher.find_iter(text) {
        let b = a + name.len();
        let before = text[..a].chars().next_back();
        let after = text[b..].chars().next();
        if before.is_some_and(|c| c.is_alphanumeric())
            || after.is_some_and(|c| c.is_alphanumeric() || c == '-')
        {
            continue;
        }
        let Some(&(label, learnt)) = best.get(name) else { continue };
        // Entity spans overlapping the match (spans are sorted by start;
        // entity spans are short, so a short look back suffices).
        let idx = spans.partition_point(|s| s.start < b);
        let mut exact = None;
        let mut inside: Vec<usize> = Vec::new();
        let mut crossing = false;
        let mut k = idx;
        while k > 0 {
            k -= 1;
            let s = spans[k];
            if s.start.saturating_add(MAX_ENTITY_BYTES) < a {
                break;
            }
            if s.label.is_clause() || s.end <= a {
                continue;
            }
            if s.start == a && s.end == b {
                exact = Some(k);
            } else if s.start >= a && s.end <= b {
                inside.push(k);
            } else {
                crossing = true;
            }
        }
        if crossing {
            continue;
        }
        if let Some(k) = exact {
            let s = &mut spans[k];
            if matches!(s.label, Label::Org | Label::Person | Label::Gpe) && s.label != label && relabel {
                s.label = label;
                // What typed it, what the document settled on, and this rule.
                let settled = learnt.last().map_or(s.provenance, |r| s.provenance.then(r));
                s.provenance = settled.then(RuleId::LinkRelabel);
            }
            continue;
        }
        // The outer name wins: "Astana Hub" (a park learnt elsewhere) over
        // "Astana" (a city) inside it.
        if !inside.is_empty() {
            if name.contains(' ') && outer {
                removed.extend(inside);
                added.push(Span { start: a, end: b, label, provenance: learnt.then(RuleId::LinkOuterName) });
            }
            continue;
        }
        if word_like(gaz, name) && !followed_by_verb(text, b) || !repeat {
            continue;
        }
        added.push(Span { start: a, end: b, label, provenance: learnt.then(RuleId::LinkRepeat) });
    }
    if !removed.is_empty() {
        let mut drop = vec![false; spans.len()];
        for k in removed {
            if let Some(d) = drop.get_mut(k) {
                *d = true;
            }
        }
        let mut k = 0;
        spans.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
    spans.extend(added);
    spans.sort();
    spans
}

/// The learnt names, indexed by their first two bytes (every name has at
/// least two characters).
struct Matcher<'a> {
    /// The bytes some name starts with: the scan looks closer only there.
    firsts: [bool; 256],
    /// Bit set over the (first, second) byte pairs of the names, each
    /// byte folded to its low six bits: a pair that is not in it starts no
    /// name (a folded pair that is costs one needless map lookup). Small
    /// enough to live on the stack: a bit per exact pair (8 kB, zeroed for
    /// every document) cost more than the lookups it saved.
    pairs: [u64; PAIR_WORDS],
    /// Names by their first two bytes, longest first.
    by_pair: FxHashMap<[u8; 2], Vec<&'a str>>,
    /// Which kinds of byte some name starts with, for a coarse test of many
    /// bytes at once before [`Matcher::firsts`]; `None` when some name
    /// starts with a byte of no kind (punctuation), or with a lower-case
    /// letter (nearly every byte would pass the coarse test).
    starts: Option<Starts>,
}

/// Kinds of byte a name may start with (see [`Matcher::starts`]).
#[derive(Clone, Copy)]
struct Starts {
    upper: bool,
    digit: bool,
    /// A lead byte of a multi-byte character other than E2 (the lead byte
    /// of the typographic quotes and dashes, frequent between names).
    lead: bool,
    /// E2 itself.
    e2: bool,
}

impl Starts {
    fn of(firsts: &[bool; 256]) -> Option<Starts> {
        let mut starts = Starts { upper: false, digit: false, lead: false, e2: false };
        for (b, _) in firsts.iter().enumerate().filter(|(_, f)| **f) {
            let b = u8::try_from(b).ok()?;
            match b {
                b'A'..=b'Z' => starts.upper = true,
                b'0'..=b'9' => starts.digit = true,
                0xE2 => starts.e2 = true,
                0xC0..=0xFF => starts.lead = true,
                _ => return None,
            }
        }
        Some(starts)
    }

    /// Byte `b` is of a kind some name starts with (branch-free, so that a
    /// chunk of bytes is tested at once).
    #[inline(always)]
    fn admits(self, b: u8) -> bool {
        (self.upper & (b.wrapping_sub(b'A') < 26))
            | (self.digit & (b.wrapping_sub(b'0') < 10))
            | (self.lead & (b >= 0xC0) & (b != 0xE2))
            | (self.e2 & (b == 0xE2))
    }
}

impl<'a> Matcher<'a> {
    fn new(names: impl Iterator<Item = &'a str>) -> Self {
        let mut firsts = [false; 256];
        let mut pairs = [0u64; PAIR_WORDS];
        let mut by_pair: FxHashMap<[u8; 2], Vec<&'a str>> = FxHashMap::default();
        for name in names {
            let &[a, b, ..] = name.as_bytes() else { continue };
            firsts[usize::from(a)] = true;
            let key = pair_key(a, b);
            if let Some(word) = pairs.get_mut(key / 64) {
                *word |= 1 << (key % 64);
            }
            by_pair.entry([a, b]).or_default().push(name);
        }
        for list in by_pair.values_mut() {
            list.sort_by_key(|n| std::cmp::Reverse(n.len()));
        }
        let starts = Starts::of(&firsts);
        Matcher { firsts, pairs, by_pair, starts }
    }

    /// The longest name that `text[at..]` starts with.
    fn longest_at(&self, text: &str, at: usize) -> Option<&'a str> {
        let bytes = text.as_bytes();
        let (&a, &b) = (bytes.get(at)?, bytes.get(at + 1)?);
        let key = pair_key(a, b);
        if self.pairs.get(key / 64).is_none_or(|w| (w >> (key % 64)) & 1 == 0) {
            return None;
        }
        let rest = bytes.get(at..)?;
        self.by_pair.get(&[a, b])?.iter().copied().find(|n| rest.starts_with(n.as_bytes()))
    }

    /// Non-overlapping matches, left to right, the longest where several
    /// start at one place (leftmost-longest): (start, name).
    fn find_iter(&self, text: &str) -> Vec<(usize, &'a str)> {
        if text.len() >= LONG_TEXT {
            let names: Vec<&'a str> = self.by_pair.values().flatten().copied().collect();
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&names);
            if let Ok(ac) = automaton {
                return ac
                    .find_iter(text)
                    .filter_map(|m| names.get(m.pattern().as_usize()).map(|n| (m.start(), *n)))
                    .collect();
            }
        }
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut at = 0;
        while at + 1 < bytes.len() {
            // Most bytes start no name: they are skipped many at a time by
            // their kind, then one at a time by the table (the same
            // positions the pair test below would reject).
            if let Some(starts) = self.starts {
                at = bytescan::next(bytes, at, |b| starts.admits(b));
                if at + 1 >= bytes.len() {
                    break;
                }
            }
            if !self.firsts[usize::from(bytes[at])] {
                at += 1;
                continue;
            }
            match self.longest_at(text, at) {
                Some(name) => {
                    out.push((at, name));
                    at += name.len();
                }
                None => at += 1,
            }
        }
        out
    }
}

/// 64-bit words of [`Matcher::pairs`]: 4096 bits, one per folded pair.
const PAIR_WORDS: usize = 4096 / 64;

fn pair_key(a: u8, b: u8) -> usize {
    usize::from(a & 0x3F) << 6 | usize::from(b & 0x3F)
}

/// A one-word name that is also an English word.
fn word_like(gaz: &Gazetteer, name: &str) -> bool {
    !name.contains(' ') && gaz.is_common(name)
}

fn followed_by_verb(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\u{a0}']);
    let word: &str = rest.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    FOLLOWERS.contains(&word) || lexicon::is_reporting(word, 0)
}

#[cfg(test)]
mod tests {
    use crate::rules::Family;
    use crate::testing::check_family;
    use crate::Label::{Park, Person};

    #[test]
    fn each_link_rule_finds_its_names_and_nothing_else() {
        check_family(
            Family::Link,
            &[
                (
                    "Eric Or, chief executive officer of the park, spoke.\n\nOr explained the plan. Or else nothing.",
                    &[("person.role+link.repeat", Person, "Or")],
                ),
                (
                    "Sophia Antipolis, a famous technology park, grew.\n\nSophia Antipolis agreed.",
                    &[("person.given-name+park.apposition+link.relabel", Park, "Sophia Antipolis")],
                ),
                (
                    "The Astana Hub international technology park agreed.\n\nAstana Hub grew.",
                    &[("park.described-after+link.outer-name", Park, "Astana Hub")],
                ),
                // Names typed in the paragraph are not found again.
                ("Technopolis Plc grows.\n\nTechnopolis agreed.", &[]),
            ],
        );
    }
}
