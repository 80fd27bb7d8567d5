//! The document-level pass: names learnt in one paragraph are found again
//! everywhere (`Or` after `Eric Or`, `Technopolis` after `Technopolis
//! Plc`), and a name typed on weak evidence takes the type the document
//! settled on (`Sophia Antipolis`, a park, not a person).
//!
//! One aho-corasick scan over the document per call; the automaton is built
//! from the (few) learnt names, so this stays cheap on every keystroke.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::super::{Label, Span};
use super::gazetteer::Gazetteer;

/// Texts shorter than this are scanned with an automaton that is cheap to
/// build rather than fast to run.
const SHORT_TEXT: usize = 16 * 1024;

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

/// Verbs that let a learnt name that is also an English word (`Or`) be
/// found again: `Or said`, `Or also discussed`.
const FOLLOWERS: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "explained",
    "noted",
    "told",
    "also",
    "stated",
    "argued",
    "mentioned",
    "emphasized",
    "emphasised",
    "pointed",
    "stressed",
    "commented",
    "believes",
    "thinks",
    "further",
    "recalled",
    "remarked",
    "acknowledged",
    "admitted",
    "insisted",
    "urged",
    "warned",
    "suggested",
    "revealed",
    "highlighted",
    "expressed",
    "continued",
    "asked",
    "replied",
    "wrote",
    "spoke",
];

pub fn link(gaz: &Gazetteer, text: &str, mut spans: Vec<Span>, names: &[(String, Label)]) -> Vec<Span> {
    let mut best: HashMap<&str, Label> = HashMap::new();
    for (name, label) in names {
        if name.chars().count() < 2 || name.trim() != name {
            continue;
        }
        let e = best.entry(name.as_str()).or_insert(*label);
        if rank(*label) > rank(*e) {
            *e = *label;
        }
    }
    if best.is_empty() {
        return spans;
    }
    let patterns: Vec<&str> = best.keys().copied().collect();
    // The automaton is rebuilt on every call (every keystroke in the
    // language server): for a short text the cheapest to build wins, for a
    // long one the fastest to run.
    let kind = if text.len() < SHORT_TEXT { AhoCorasickKind::NoncontiguousNFA } else { AhoCorasickKind::ContiguousNFA };
    let Ok(ac) = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).kind(Some(kind)).build(&patterns) else {
        return spans;
    };
    spans.sort();
    let mut added = Vec::new();
    let mut removed: Vec<usize> = Vec::new();
    for m in ac.find_iter(text) {
        let (a, b) = (m.start(), m.end());
        let before = text[..a].chars().next_back();
        let after = text[b..].chars().next();
        if before.is_some_and(|c| c.is_alphanumeric()) || after.is_some_and(|c| c.is_alphanumeric() || c == '-') {
            continue;
        }
        let name = patterns[m.pattern().as_usize()];
        let Some(&label) = best.get(name) else { continue };
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
            if matches!(s.label, Label::Org | Label::Person | Label::Gpe) && s.label != label {
                s.label = label;
            }
            continue;
        }
        // The outer name wins: "Astana Hub" (a park learnt elsewhere) over
        // "Astana" (a city) inside it.
        if !inside.is_empty() {
            if name.contains(' ') {
                removed.extend(inside);
                added.push(Span { start: a, end: b, label });
            }
            continue;
        }
        if word_like(gaz, name) && !followed_by_verb(text, b) {
            continue;
        }
        added.push(Span { start: a, end: b, label });
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

/// A one-word name that is also an English word.
fn word_like(gaz: &Gazetteer, name: &str) -> bool {
    !name.contains(' ') && gaz.is_common(name)
}

fn followed_by_verb(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\u{a0}']);
    let word: &str = rest.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    FOLLOWERS.contains(&word)
}
