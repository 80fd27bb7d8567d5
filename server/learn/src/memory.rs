//! Span memory: every text the workspace accepted as a label, with how often
//! and in how many files, and every text it rejected as a label.
//!
//! Rules (also in the README):
//! - a remembered text is found again case-sensitively, as whole words
//!   (no letter or digit right before or after it), longest match first;
//! - it must have at least 3 characters, or 2 when all are capitals or
//!   digits (`EU`), and contain a letter: short lower-case words are too
//!   ambiguous to suggest everywhere;
//! - between labels, the label with most accepts wins (ties: the label
//!   named first in the schema);
//! - a text rejected as a label more often than it was accepted as that
//!   label is not suggested as it, whoever proposes it;
//! - a text is suggested by memory only where it was accepted at about half
//!   of its occurrences or more: `(accepted + 1) / (occurrences + 2) ≥ 0.5`,
//!   where occurrences are its whole-word occurrences in documents marked
//!   done, tagged or not (inside a longer name too), and its judged ones in
//!   the others. "High-Tech Park" accepted once but seen inside five longer
//!   park names is not suggested on its own;
//! - a text written all in lower case ("renewable energy") is also found
//!   with its first letter capitalised, as at the start of a sentence or in
//!   a headline ("Renewable energy"); other case variants are not.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub accepted: u32,
    pub rejected: u32,
    /// Files with at least one accept.
    pub files: u32,
    /// Whole-word occurrences in documents marked done (tagged or not).
    pub seen: u32,
}

/// The default least share of accepts ([`crate::Settings::memory_share`]).
pub const MIN_SHARE: f32 = 0.5;

impl Counts {
    /// Laplace-smoothed share of accepts among the times the text was met:
    /// judged, or seen in a document marked done.
    pub fn ratio(&self) -> f32 {
        let met = (self.accepted + self.rejected).max(self.seen);
        (self.accepted as f32 + 1.0) / (met as f32 + 2.0)
    }
}

#[derive(Default)]
pub struct Memory {
    /// text → label index → counts.
    entries: HashMap<String, BTreeMap<usize, Counts>>,
    /// The automaton and, per pattern, the remembered text it stands for and its label.
    matcher: Option<(AhoCorasick, Vec<(String, String, usize)>)>,
}

/// A remembered text found in a document.
pub struct Found {
    pub range: Range<usize>,
    pub label: usize,
    pub counts: Counts,
}

pub fn rememberable(text: &str) -> bool {
    let n = text.chars().count();
    let has_letter = text.chars().any(char::is_alphabetic);
    let capitals = text.chars().all(|c| c.is_uppercase() || c.is_numeric());
    has_letter && (n >= 3 || (n == 2 && capitals)) && !text.contains('\n')
}

impl Memory {
    /// Adds one file's judged spans (text, label index, accepted?).
    pub fn add_file<'a>(&mut self, spans: impl Iterator<Item = (&'a str, usize, crate::Verdict)>) {
        let mut seen = std::collections::HashSet::new();
        for (text, label, verdict) in spans {
            let c = self.entries.entry(text.to_string()).or_default().entry(label).or_default();
            match verdict {
                crate::Verdict::Accepted => {
                    c.accepted += 1;
                    if seen.insert((text, label)) {
                        c.files += 1;
                    }
                }
                crate::Verdict::Rejected => c.rejected += 1,
            }
        }
    }

    pub fn counts(&self, text: &str, label: usize) -> Counts {
        self.entries.get(text).and_then(|m| m.get(&label)).copied().unwrap_or_default()
    }

    /// Rejected as `label` more often than accepted as it.
    pub fn rejects(&self, text: &str, label: usize) -> bool {
        let c = self.counts(text, label);
        c.rejected > c.accepted
    }

    /// The label a text is remembered as, if any.
    pub fn label_of(&self, text: &str) -> Option<(usize, Counts)> {
        let labels = self.entries.get(text)?;
        let mut best: Option<(usize, Counts)> = None;
        // Most accepts wins; labels are walked in schema order, so a tie keeps the first.
        for (label, c) in labels.iter().filter(|(_, c)| c.accepted > 0) {
            if best.is_none_or(|(_, b)| c.accepted > b.accepted) {
                best = Some((*label, *c));
            }
        }
        best.filter(|(_, c)| c.rejected <= c.accepted)
    }

    /// Counts the whole-word occurrences of every remembered text in the
    /// texts of documents marked done (overlapping ones too: a text met
    /// inside a longer name counts). Call after the last `add_file`.
    pub fn count_seen<'a>(&mut self, done: impl Iterator<Item = &'a str>) {
        let texts: Vec<String> = self
            .entries
            .iter()
            .filter(|(t, m)| rememberable(t) && m.values().any(|c| c.accepted > 0))
            .map(|(t, _)| t.clone())
            .collect();
        let variants: Vec<(String, usize)> = texts
            .iter()
            .enumerate()
            .flat_map(|(k, t)| spellings(t).into_iter().map(move |v| (v, k)))
            .collect();
        let Ok(ac) = AhoCorasick::new(variants.iter().map(|(v, _)| v)) else { return };
        let mut seen = vec![0u32; texts.len()];
        for text in done {
            for m in ac.find_overlapping_iter(text) {
                if whole_word(text, m.start(), m.end()) {
                    seen[variants[m.pattern().as_usize()].1] += 1;
                }
            }
        }
        for (t, n) in texts.iter().zip(seen) {
            if let Some(labels) = self.entries.get_mut(t) {
                labels.values_mut().for_each(|c| c.seen += n);
            }
        }
    }

    /// Builds the matcher over the texts with a label. Call once after the
    /// last `add_file` and `count_seen`.
    pub fn compile(&mut self, min_share: f32) {
        let mut patterns: Vec<(String, String, usize)> = self
            .entries
            .keys()
            .filter(|t| rememberable(t))
            .filter_map(|t| Some((t.clone(), self.label_of(t)?)))
            .filter(|(_, (_, c))| c.ratio() >= min_share)
            .flat_map(|(t, (label, _))| spellings(&t).into_iter().map(move |v| (v, t.clone(), label)))
            .collect();
        patterns.sort();
        self.matcher = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(patterns.iter().map(|(v, _, _)| v.as_str()))
                .ok()
                .map(|ac| (ac, patterns))
        };
    }

    /// Whole-word occurrences of remembered texts, longest first at each place.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let Some((ac, patterns)) = &self.matcher else { return Vec::new() };
        ac.find_iter(text)
            .filter(|m| whole_word(text, m.start(), m.end()))
            .map(|m| {
                let (_, t, label) = &patterns[m.pattern().as_usize()];
                Found { range: m.start()..m.end(), label: *label, counts: self.counts(t, *label) }
            })
            .collect()
    }
}

/// How a remembered text is written where it is found: as it was, and
/// with a capital first letter when it is all lower case.
fn spellings(text: &str) -> Vec<String> {
    let mut out = vec![text.to_string()];
    if !text.chars().any(char::is_uppercase) {
        let mut chars = text.chars();
        if let Some(first) = chars.next().filter(|c| c.is_lowercase()) {
            out.push(first.to_uppercase().chain(chars).collect());
        }
    }
    out
}

/// No letter or digit right before `start` or right after `end`.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !word(text[..start].chars().next_back()) && !word(text[end..].chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Verdict::{Accepted, Rejected};

    #[test]
    fn most_accepts_win_and_rejections_outweighing_accepts_silence_a_text() {
        let mut m = Memory::default();
        m.add_file(
            [("Tehnopol", 0, Accepted), ("Tehnopol", 1, Accepted), ("Tehnopol", 1, Accepted)].into_iter(),
        );
        m.add_file(
            [
                ("Tehnopol", 1, Accepted),
                ("Ascendas", 0, Accepted),
                ("Ascendas", 0, Rejected),
                ("Ascendas", 0, Rejected),
            ]
            .into_iter(),
        );
        assert_eq!(m.label_of("Tehnopol").map(|(l, c)| (l, c.accepted, c.files)), Some((1, 3, 2)));
        assert!(m.rejects("Ascendas", 0));
        assert_eq!(m.label_of("Ascendas").map(|(l, _)| l), None);
        m.compile(MIN_SHARE);
        let text = "Tehnopol, Tehnopolis and Ascendas; (Tehnopol)";
        let found: Vec<(&str, usize)> = m.find(text).into_iter().map(|f| (&text[f.range], f.label)).collect();
        assert_eq!(
            found,
            [("Tehnopol", 1), ("Tehnopol", 1)],
            "whole words only; rejected texts are not found"
        );
    }

    #[test]
    fn short_and_lower_case_texts_are_not_remembered_for_matching() {
        assert!(rememberable("EU"));
        assert!(!rememberable("eu"));
        assert!(!rememberable("42"));
        assert!(rememberable("biomedicine"));
        assert!(!rememberable("A\nB park"));
    }

    #[test]
    fn a_text_mostly_met_untagged_is_not_suggested_and_a_mostly_tagged_one_is() {
        let mut m = Memory::default();
        // "High-Tech Park" accepted once on its own, and met inside longer
        // names in finished documents; "Tehnopol" accepted wherever it occurs.
        m.add_file([("High-Tech Park", 2, Accepted), ("Tehnopol", 2, Accepted)].into_iter());
        m.add_file([("Tehnopol", 2, Accepted)].into_iter());
        let done = [
            "The High-Tech Park signed with Tehnopol.",
            "Baku High-Tech Park and Minsk High-Tech Park met Tehnopol; Tehnopolis did not.",
            "Astana High-Tech Park.",
        ];
        m.count_seen(done.into_iter());
        assert_eq!(m.counts("High-Tech Park", 2).seen, 4, "inside longer names too");
        assert_eq!(m.counts("Tehnopol", 2).seen, 2, "whole words only");
        m.compile(MIN_SHARE);
        let text = "Tehnopol and the High-Tech Park.";
        let found: Vec<&str> = m.find(text).into_iter().map(|f| &text[f.range]).collect();
        assert_eq!(found, ["Tehnopol"]);
    }

    #[test]
    fn a_lower_case_text_is_found_capitalised_and_a_name_is_not_found_in_lower_case() {
        let mut m = Memory::default();
        m.add_file([("renewable energy", 5, Accepted), ("Tehnopol", 2, Accepted)].into_iter());
        m.count_seen(["Renewable energy grows; renewable energy."].into_iter());
        assert_eq!(m.counts("renewable energy", 5).seen, 2);
        m.compile(MIN_SHARE);
        let text = "Renewable energy and RENEWABLE ENERGY at tehnopol and Tehnopol.";
        let found: Vec<(&str, u32)> =
            m.find(text).into_iter().map(|f| (&text[f.range], f.counts.accepted)).collect();
        assert_eq!(found, [("Renewable energy", 1), ("Tehnopol", 1)]);
    }

    #[test]
    fn without_finished_documents_the_share_is_that_of_the_judgements() {
        let c = Counts { accepted: 1, rejected: 0, files: 1, seen: 0 };
        assert!((c.ratio() - 2.0 / 3.0).abs() < 1e-6);
        let c = Counts { accepted: 1, rejected: 0, files: 1, seen: 4 };
        assert!(c.ratio() < MIN_SHARE);
    }

    #[test]
    fn equal_counts_go_to_the_label_named_first() {
        let mut m = Memory::default();
        m.add_file([("Skolkovo", 2, Accepted), ("Skolkovo", 1, Accepted)].into_iter());
        assert_eq!(m.label_of("Skolkovo").map(|(l, _)| l), Some(1));
    }
}
