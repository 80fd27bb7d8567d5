//! List structure of a paragraph: which sentences open a list item, and
//! which items have the `Label: text` form (`Talent Exchange: The partnership
//! will …`). Items of an enumerated list of cooperation areas are
//! commitments even when their wording states an aim.

use std::ops::Range;

use crate::rules::RuleId;
use crate::sentence::list_marker_len;
use crate::Label;

use super::verbs::{self, Predicate};
use super::words::{self, Token, WordSet};
use super::Sentence;

struct Line {
    /// Where the line's content starts: after indentation and list marker.
    content: usize,
    end: usize,
    marker: bool,
    label_form: bool,
}

/// The lines of one paragraph, with a cursor for sentences visited in order.
pub struct Lines {
    lines: Vec<Line>,
    cursor: usize,
}

/// Where a sentence stands in the list structure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Item {
    /// The sentence opens a line that starts with a list marker.
    pub bulleted: bool,
    /// The sentence is a `Label: text.` item in a list (a bulleted line,
    /// or a line next to another `Label: text` line).
    pub label_item: bool,
}

/// The longest label before the colon of a `Label: text` line, in bytes.
const MAX_LABEL_BYTES: usize = 100;
const MAX_LABEL_WORDS: usize = 8;
/// The text after the label must be a real sentence, not `Source: Reuters`.
const MIN_TEXT_WORDS: usize = 5;

impl Lines {
    /// The lines of `paragraph`, given the offsets of its newlines.
    pub fn new(paragraph: &str, newlines: &[usize]) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        // The pieces `split_inclusive('\n')` cuts: each ends after its
        // newline, the last at the end of the text (if any text is left).
        let ends =
            newlines.iter().map(|n| n + 1).chain((!paragraph.ends_with('\n')).then_some(paragraph.len()));
        for end in ends.filter(|e| *e > 0) {
            let Some(raw) = paragraph.get(start..end) else { break };
            let body = raw.trim_end_matches(['\n', '\r']);
            let marker = list_marker_len(body);
            let rest = &body[marker..];
            let content = start + marker + (rest.len() - rest.trim_start().len());
            let label_form = is_label_form(paragraph, content, start + body.len());
            lines.push(Line { content, end, marker: marker > 0, label_form });
            start = end;
        }
        Lines { lines, cursor: 0 }
    }

    /// The list position of `sentence`; sentences must come in order.
    pub fn item(&mut self, sentence: &Range<usize>, sentence_text: &str) -> Item {
        while self.lines.get(self.cursor).is_some_and(|l| l.end <= sentence.start) {
            self.cursor += 1;
        }
        let Some(line) = self.lines.get(self.cursor) else { return Item::default() };
        if line.content != sentence.start {
            return Item::default();
        }
        let neighbour_is_label =
            |k: Option<usize>| k.and_then(|k| self.lines.get(k)).is_some_and(|l| l.label_form);
        let in_list = line.marker
            || neighbour_is_label(self.cursor.checked_sub(1))
            || neighbour_is_label(Some(self.cursor + 1));
        // Items of a running list end in `;`.
        let ends_as_sentence =
            sentence_text.trim_end_matches(['”', '’', '"', '\'', ')']).ends_with(['.', '!', ';']);
        Item { bulleted: line.marker, label_item: line.label_form && in_list && ends_as_sentence }
    }
}

/// `Label words: text of at least a few words` on `text[content..end]`.
fn is_label_form(text: &str, content: usize, end: usize) -> bool {
    let Some(line) = text.get(content..end) else { return false };
    // The first `MAX_LABEL_BYTES` bytes, cut back to a char boundary (no
    // `:` is lost: the bytes cut are inside a char), searched by memchr.
    let mut head_len = line.len().min(MAX_LABEL_BYTES);
    while !line.is_char_boundary(head_len) {
        head_len -= 1;
    }
    let Some(colon) = line.get(..head_len).and_then(|head| head.find(':')) else { return false };
    let label = &line[..colon];
    if label.contains(['.', '!', '?', ';', '"', '“', '”', '(', ')'])
        || !line[colon + 1..].starts_with(char::is_whitespace)
    {
        return false;
    }
    // The label's words, counted only up to one too many.
    let mut label_words = words::forward(text, content, content + colon).filter(words::Token::is_word);
    let first = label_words.next();
    let (count, last) = label_words
        .take(MAX_LABEL_WORDS)
        .fold((usize::from(first.is_some()), first), |(n, _), w| (n + 1, Some(w)));
    let well_formed = count > 0
        && count <= MAX_LABEL_WORDS
        && first.is_some_and(|w| w.is_capitalised())
        // `He said: …` introduces speech, not a list item.
        && !last.is_some_and(|w| crate::lexicon::is_reporting(w.text, 0));
    if !well_formed {
        return false;
    }
    words::forward(text, content + colon + 1, end)
        .filter(words::Token::is_word)
        .nth(MIN_TEXT_WORDS - 1)
        .is_some()
}

/// The list-item rule that applies to the sentence, with its label: a
/// `Label: text` item is a PURPOSE when its label names an aim and a
/// COMMITMENT otherwise (an item of a list of cooperation areas, even when
/// its wording states an aim); a bulleted item naming an activity is a
/// COMMITMENT.
pub fn item_rule(s: &Sentence<'_>, item: Item) -> Option<(Label, RuleId)> {
    if item.label_item {
        let (label, rule) = if names_an_aim(s) {
            (Label::Purpose, RuleId::ClauseListAimLabel)
        } else {
            (Label::Commitment, RuleId::ClauseListAreaItem)
        };
        if s.on(rule) {
            return Some((label, rule));
        }
    }
    if item.bulleted && s.on(RuleId::ClauseListActivityItem) && is_activity_item(s) {
        return Some((Label::Commitment, RuleId::ClauseListActivityItem));
    }
    None
}

/// Nouns that head a list label naming an aim (`Objective: …`).
const AIM_LABELS: &[&str] = &["purpose", "aim", "aims", "goal", "goals", "objective", "objectives"];

/// A `Label: text` list item whose label names an aim (`Objective: …`).
pub fn names_an_aim(s: &Sentence<'_>) -> bool {
    let label_end = s.text().find(':').map_or(0, |c| s.range.start + c);
    s.tokens_before(label_end, 8).iter().any(|t| t.is_any(AIM_LABELS))
}

/// Words that open a list item naming a joint activity (`1. Joint research
/// on …;`, `- Mutual recognition of …`).
const JOINT_OPENINGS: WordSet = WordSet::new(&["joint", "mutual", "reciprocal"]);

/// A bulleted item that names an activity: a verb in the imperative (`-
/// Establish a powerful technique for …`), an activity in `-ing`
/// (`• Organising an annual forum;`), or joint work (`1. Joint research on
/// chips;`).
pub fn is_activity_item(s: &Sentence<'_>) -> bool {
    let Some(verb) = s.first_word() else { return false };
    let next = s.tokens_after(verb.end()).find(Token::is_word);
    if !verb.is_capitalised() {
        return false;
    }
    let lower = verb.text.to_ascii_lowercase();
    let co_word = lower.starts_with("co-") && lower.len() > 3;
    if verb.is_in(&JOINT_OPENINGS) || co_word {
        return true;
    }
    match verbs::classify_verb(verb, next) {
        Some(Predicate::Activity) => true,
        // `- Promote …` is an undertaking; `- Promoting …` may be an aim.
        Some(Predicate::Benefit) => !lower.ends_with("ing"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentence::sentences;

    fn items(paragraph: &str) -> Vec<(String, Item)> {
        let newlines: Vec<usize> = paragraph.match_indices('\n').map(|(i, _)| i).collect();
        let mut lines = Lines::new(paragraph, &newlines);
        sentences(paragraph)
            .into_iter()
            .map(|r| {
                let s = &paragraph[r.clone()];
                (s.to_string(), lines.item(&r, s))
            })
            .collect()
    }

    #[test]
    fn label_lines_next_to_each_other_are_items() {
        let p = "Areas include:\nJoint Research: The partnership will facilitate joint projects. This helps.\nTalent Exchange: The partnership will facilitate talent exchange programs.";
        let got = items(p);
        let labelled: Vec<bool> = got.iter().map(|(_, i)| i.label_item).collect();
        assert_eq!(labelled, [false, true, false, true]);
    }

    #[test]
    fn a_single_label_line_or_metadata_is_not_an_item() {
        let p = "Note: The company will report its results next week.";
        assert!(items(p).iter().all(|(_, i)| !i.label_item));
        let p = "Source: Newspaper Ritm\nAuthor: Natalya Mai";
        assert!(items(p).iter().all(|(_, i)| !i.label_item));
        let p = "He said: we will sign the deal with them soon.\nShe added: they will also sign it.";
        assert!(items(p).iter().all(|(_, i)| !i.label_item));
    }

    #[test]
    fn bulleted_items() {
        let p = "- Education and seminars: Enhancing innovative capabilities and strong ecosystems.\n- Establish a technique. This helps.";
        let got = items(p);
        assert_eq!(got[0].1, Item { bulleted: true, label_item: true });
        assert_eq!(got[1].1, Item { bulleted: true, label_item: false });
        assert_eq!(got[2].1, Item::default());
    }
}

#[cfg(test)]
mod rule_tests {
    use crate::rules::Family;
    use crate::testing::check_family;
    use crate::Label::{Commitment, Purpose};

    #[test]
    fn each_list_rule_finds_its_items_and_nothing_else() {
        check_family(
            Family::ClauseList,
            &[
                (
                    "Areas include:\nJoint Research: The partnership will facilitate joint projects in the region.\nObjective: The partnership will foster talent in both cities.",
                    &[
                        (
                            "clause.list.area-item",
                            Commitment,
                            "Joint Research: The partnership will facilitate joint projects in the region.",
                        ),
                        ("clause.list.aim-label", Purpose, "Objective: The partnership will foster talent in both cities."),
                    ],
                ),
                (
                    "The parks will:\n- Establish a joint laboratory;\n- Organise a yearly meeting.",
                    &[
                        ("clause.list.activity-item", Commitment, "Establish a joint laboratory;"),
                        ("clause.list.activity-item", Commitment, "Organise a yearly meeting."),
                    ],
                ),
                // What is no list item: metadata, speech, a bullet without an activity.
                ("Source: Newspaper Ritm\nAuthor: Natalya Mai", &[]),
                ("He said: we will sign the deal with them soon.\nShe added: they will also sign it.", &[]),
                ("Highlights:\n- Record attendance at the fair;\n- A new logo.", &[]),
            ],
        );
    }
}
