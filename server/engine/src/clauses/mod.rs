//! Clause labels: SIGNING, PURPOSE, COMMITMENT on whole sentences.
//!
//! One pass over a paragraph finds its trigger words (a trie walked from
//! word starts, [`lexicon`]); each sentence then checks its own triggers with a few words
//! of context on either side ([`subject`], [`verbs`]). A sentence gets at most
//! one label: SIGNING wins over PURPOSE, PURPOSE over COMMITMENT, except that
//! an item of an enumerated list of cooperation areas is a commitment.

mod commitment;
mod lexicon;
mod lists;
mod openers;
mod purpose;
mod signing;
mod subject;
mod verbs;
mod words;

use std::cell::Cell;
use std::ops::Range;

use super::rules::{Options, Provenance, RuleId};
use super::{Label, Span};
use lexicon::{Cue, Hit};
use openers::Opener;
use subject::{Names, Subject};
use verbs::Predicate;
use words::Token;

/// Clause spans of one paragraph (byte offsets relative to it), at most one
/// per sentence. `entities` are the paragraph's entity spans (relative);
/// organisations, parks and places among them name parties.
pub fn classify(
    paragraph: &str,
    sentences: &[Range<usize>],
    entities: &[Span],
    options: &Options,
) -> Vec<Span> {
    let mut newlines = Vec::new();
    let hits = lexicon::find_with_newlines(paragraph, &mut newlines);
    let names = Names::new(entities);
    let mut lines = lists::Lines::new(paragraph, &newlines);
    let mut out = Vec::new();
    let mut next_hit = 0;
    let mut previous = None;
    let mut readings = Vec::new();
    for range in sentences {
        while hits.get(next_hit).is_some_and(|h| h.start < range.start) {
            next_hit += 1;
        }
        let first_hit = next_hit;
        while hits.get(next_hit).is_some_and(|h| h.start < range.end) {
            next_hit += 1;
        }
        let Some(text) = paragraph.get(range.clone()) else { continue };
        let sentence_hits = hits.get(first_hit..next_hit).unwrap_or(&[]);
        readings.clear();
        for h in sentence_hits {
            let mut reading = Reading::of(paragraph, range, h, &names);
            if reading.predicate.is_some()
                && reading.subject == Subject::Other
                && subject::continues_verb_phrase(paragraph, range.start, h.start)
            {
                // `STPI will select …, and will arrange …`: the subject of
                // the verb phrase before.
                let earlier = readings.iter().rev().find(|r: &&Reading<'_>| r.predicate.is_some());
                if let Some(earlier) = earlier {
                    reading.subject = earlier.subject;
                }
            }
            readings.push(reading);
        }
        let sentence = Sentence {
            paragraph,
            range: range.clone(),
            hits: sentence_hits,
            readings: &readings,
            names: &names,
            previous,
            options,
            first_word: Cell::new(None),
            opener: Cell::new(None),
        };
        let item = lines.item(range, text);
        let label = label_of(&sentence, item);
        if let Some((label, rule)) = label {
            out.push(Span { start: range.start, end: range.end, label, provenance: Provenance::rule(rule) });
        }
        previous = label.map(|(l, _)| l);
    }
    out
}

/// The label of one sentence and the rule that gave it: the families in
/// precedence order (`rules::Family`), each trying its rules in order.
fn label_of(s: &Sentence<'_>, item: lists::Item) -> Option<(Label, RuleId)> {
    if let Some(rule) = signing::signing_rule(s) {
        return Some((Label::Signing, rule));
    }
    if let Some(found) = lists::item_rule(s, item) {
        return Some(found);
    }
    if let Some(rule) = purpose::purpose_rule(s) {
        return Some((Label::Purpose, rule));
    }
    if let Some(rule) = commitment::commitment_rule(s) {
        return Some((Label::Commitment, rule));
    }
    None
}

/// How a modal or intention cue reads: the verb after it and the subject
/// before it. Worked out once per cue, as the purpose and commitment rules
/// both need it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reading<'a> {
    predicate: Option<(Predicate, Token<'a>)>,
    /// Only looked for when there is a predicate: `Other` otherwise.
    subject: Subject,
}

impl<'a> Reading<'a> {
    fn of(paragraph: &'a str, range: &Range<usize>, hit: &Hit, names: &Names) -> Self {
        let predicate = match hit.cue {
            Cue::Modal | Cue::Desire | Cue::AgreeTo | Cue::Ability => {
                verbs::predicate(paragraph, hit.end, range.end)
            }
            _ => None,
        };
        let subject = if predicate.is_some() {
            subject::subject(paragraph, range.start, hit.start, names)
        } else {
            Subject::Other
        };
        Reading { predicate, subject }
    }
}

/// One sentence with its triggers and what the rules need around it.
pub(crate) struct Sentence<'a> {
    paragraph: &'a str,
    range: Range<usize>,
    /// The cues inside the sentence, sorted by start.
    hits: &'a [Hit],
    /// `readings[k]` is how `hits[k]` reads (for modals and intentions).
    readings: &'a [Reading<'a>],
    names: &'a Names,
    /// The label of the sentence before in the paragraph.
    previous: Option<Label>,
    options: &'a Options,
    /// The first word, once looked for (several rules read it).
    first_word: Cell<Option<Option<Token<'a>>>>,
    /// How the sentence opens, once worked out (the purpose and commitment
    /// rules both ask).
    opener: Cell<Option<Opener>>,
}

impl<'a> Sentence<'a> {
    /// The first word of the sentence (punctuation skipped).
    fn first_word(&self) -> Option<Token<'a>> {
        if let Some(first) = self.first_word.get() {
            return first;
        }
        let first = self.tokens_after(self.range.start).find(Token::is_word);
        self.first_word.set(Some(first));
        first
    }

    fn opener(&self) -> Opener {
        if let Some(opener) = self.opener.get() {
            return opener;
        }
        let opener = openers::opener(self);
        self.opener.set(Some(opener));
        opener
    }

    /// Whether rule `id` is on.
    fn on(&self, id: RuleId) -> bool {
        self.options.enabled(id)
    }

    fn text(&self) -> &'a str {
        self.paragraph.get(self.range.clone()).unwrap_or("")
    }

    fn cue_text(&self, hit: &Hit) -> &'a str {
        self.paragraph.get(hit.start..hit.end).unwrap_or("")
    }

    /// Tokens from `from` to the end of the sentence.
    fn tokens_after(&self, from: usize) -> words::Forward<'a> {
        words::forward(self.paragraph, from, self.range.end)
    }

    /// Up to `max` tokens before `to`, nearest first, within the sentence.
    fn tokens_before(&self, to: usize, max: usize) -> words::Backward<'a> {
        words::backward(self.paragraph, self.range.start, to, max)
    }

    fn subject(&self, at: usize) -> Subject {
        subject::subject(self.paragraph, self.range.start, at, self.names)
    }

    /// The reading of the `k`-th cue.
    fn reading(&self, k: usize) -> Reading<'a> {
        self.readings.get(k).copied().unwrap_or(Reading { predicate: None, subject: Subject::Other })
    }

    /// The cues that start in `from..to` (a bounded window, so rules that
    /// look around a cue stay linear on huge sentences).
    fn hits_in(&self, from: usize, to: usize) -> &'a [Hit] {
        let first = self.hits.partition_point(|h| h.start < from);
        let last = self.hits.partition_point(|h| h.start < to).max(first);
        self.hits.get(first..last).unwrap_or(&[])
    }

    fn has_cue(&self, cues: &[Cue]) -> bool {
        self.hits.iter().any(|h| cues.contains(&h.cue))
    }

    /// Questions (`What areas will the collaboration focus on?`) state nothing.
    fn is_question(&self) -> bool {
        self.text().trim_end_matches(['”', '’', '"', '\'', ')']).ends_with('?')
    }

    /// `This`/`It` openings count when they refer back to a clause.
    fn follows_clause(&self) -> bool {
        self.previous.is_some()
    }
}

#[cfg(test)]
mod frame_tests;
#[cfg(test)]
mod tests;
