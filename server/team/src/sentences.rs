//! The items Cohen's κ counts for clauses: the text's sentences, each given
//! one code per annotator — the clause label covering it, or `NONE`.
//!
//! Sentences are the engine's (paragraphs at blank lines, then
//! [`pactum_engine::sentence::sentences`]), the same for both annotators
//! because both annotate the same text. A sentence gets a label when one of
//! the annotator's clause spans of that label covers at least half of the
//! sentence's characters (the largest cover wins; ties go to the guide's
//! precedence order, i.e. the first of `clause_labels`), so a clause span
//! cut a few characters short or long still codes its sentence.

use std::ops::Range;

use pactum_text::CharCounter;

use super::copy::Span;
use super::kappa::Kappa;

/// The code of a sentence that carries no clause label.
pub const NONE: &str = "NONE";

/// Code-point ranges of the sentences of `text`.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let mut counter = CharCounter::new(text);
    let mut out = Vec::new();
    for para in pactum_engine::paragraph_ranges(text) {
        for s in pactum_engine::sentence::sentences(&text[para.clone()]) {
            let (bs, be) = (para.start + s.start, para.start + s.end);
            let start = counter.char_offset(bs);
            let end = counter.char_offset(be);
            if start < end {
                out.push(start..end);
            }
        }
    }
    out
}

/// The code of one sentence given one annotator's clause spans.
pub fn code<'a>(sentence: &Range<usize>, clauses: &[&'a Span], clause_labels: &'a [String]) -> &'a str {
    let len = sentence.end - sentence.start;
    let mut best: Option<(usize, usize, &str)> = None; // cover, precedence, label
    for c in clauses {
        let cover = c.end.min(sentence.end).saturating_sub(c.start.max(sentence.start));
        if cover == 0 || 2 * cover < len {
            continue;
        }
        let rank = clause_labels.iter().position(|l| *l == c.label).unwrap_or(usize::MAX);
        let better = match best {
            None => true,
            Some((bc, br, _)) => cover > bc || (cover == bc && rank < br),
        };
        if better {
            best = Some((cover, rank, c.label.as_str()));
        }
    }
    best.map(|b| b.2).unwrap_or(NONE)
}

/// κ table of one document: every sentence coded by both annotators.
pub fn kappa_table(text: &str, a: &[Span], b: &[Span], clause_labels: &[String]) -> Kappa {
    let pick = |spans: &[Span]| -> Vec<Span> {
        spans.iter().filter(|s| clause_labels.contains(&s.label)).cloned().collect()
    };
    let (ca, cb) = (pick(a), pick(b));
    let (ra, rb): (Vec<&Span>, Vec<&Span>) = (ca.iter().collect(), cb.iter().collect());
    let mut k = Kappa::default();
    for s in sentence_ranges(text) {
        k.add(code(&s, &near(&ra, &s), clause_labels), code(&s, &near(&rb, &s), clause_labels));
    }
    k
}

/// The spans that overlap sentence `s`.
fn near<'a>(spans: &[&'a Span], s: &Range<usize>) -> Vec<&'a Span> {
    spans.iter().copied().filter(|c| c.start < s.end && s.start < c.end).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["SIGNING", "PURPOSE", "COMMITMENT"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn sentences_are_code_point_ranges() {
        let text = "Тро “signed” it. The aim 😀 is growth.\n\nNext para.";
        let got: Vec<String> = sentence_ranges(text)
            .iter()
            .map(|r| text.chars().skip(r.start).take(r.end - r.start).collect())
            .collect();
        assert_eq!(got, ["Тро “signed” it.", "The aim 😀 is growth.", "Next para."]);
    }

    #[test]
    fn a_clause_codes_the_sentences_it_mostly_covers() {
        let l = labels();
        let s = 10..30;
        let sig = Span::new(10, 30, "SIGNING");
        let short = Span::new(12, 25, "PURPOSE"); // 13 of 20
        let tiny = Span::new(25, 31, "COMMITMENT"); // 5 of 20
        assert_eq!(code(&s, &[&sig], &l), "SIGNING");
        assert_eq!(code(&s, &[&short], &l), "PURPOSE");
        assert_eq!(code(&s, &[&tiny], &l), NONE);
        assert_eq!(code(&s, &[], &l), NONE);
        // Equal cover: the guide's precedence (SIGNING before PURPOSE).
        let p = Span::new(10, 30, "PURPOSE");
        assert_eq!(code(&s, &[&p, &sig], &l), "SIGNING");
    }

    #[test]
    fn every_sentence_is_an_item() {
        let text = "They signed an MoU. It aims at growth. Weather was fine.";
        let a = [Span::new(0, 19, "SIGNING"), Span::new(20, 38, "PURPOSE")];
        let b = [Span::new(0, 19, "SIGNING")];
        let k = kappa_table(text, &a, &b, &labels());
        assert_eq!(k.items, 3);
        assert_eq!(k.table["PURPOSE"]["NONE"], 1);
        assert_eq!(k.table["SIGNING"]["SIGNING"], 1);
    }
}
