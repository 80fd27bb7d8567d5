//! Tokens for the formats that need them (CoNLL, spaCy).
//!
//! Words are cut by the Unicode word-boundary rules (UAX #29, the
//! `unicode-segmentation` crate), whitespace is never part of a token, and
//! a boundary is forced at every span edge, so that every span covers whole
//! tokens and none is lost to tokenisation.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::documents::{DocSpan, Document};
use super::ExportProblem;
use pactum_schema::LabelKind;

/// Characters that separate tokens: Unicode white space, plus the ASCII
/// information separators that Python's `str.split()` also splits on, so
/// that a reader splitting lines on white space sees the same tokens.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Byte ranges of the tokens of `text`, in order, with a boundary at every
/// byte offset in `cuts` (offsets inside a character are ignored).
pub fn tokenize(text: &str, cuts: &[usize]) -> Vec<Range<usize>> {
    let mut cuts: Vec<usize> = cuts.iter().copied().filter(|&c| text.is_char_boundary(c)).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut tokens = Vec::new();
    for (offset, word) in text.split_word_bound_indices() {
        let mut run: Option<usize> = None;
        for (i, c) in word.char_indices() {
            match (is_separator(c), run) {
                (true, Some(start)) => {
                    push_cut(offset + start..offset + i, &cuts, &mut tokens);
                    run = None;
                }
                (false, None) => run = Some(i),
                _ => {}
            }
        }
        if let Some(start) = run {
            push_cut(offset + start..offset + word.len(), &cuts, &mut tokens);
        }
    }
    tokens
}

/// Pushes `range`, split at every cut strictly inside it.
fn push_cut(range: Range<usize>, cuts: &[usize], tokens: &mut Vec<Range<usize>>) {
    let first = cuts.partition_point(|&c| c <= range.start);
    let mut start = range.start;
    for &cut in cuts.get(first..).unwrap_or_default().iter().take_while(|&&c| c < range.end) {
        tokens.push(start..cut);
        start = cut;
    }
    tokens.push(start..range.end);
}

/// Token indices `first..last+1` that exactly cover `bytes`, if any.
pub fn token_range(tokens: &[Range<usize>], bytes: &Range<usize>) -> Option<Range<usize>> {
    let first = tokens.binary_search_by_key(&bytes.start, |t| t.start).ok()?;
    let last = tokens.binary_search_by_key(&bytes.end, |t| t.end).ok()?;
    (first <= last).then_some(first..last + 1)
}

/// Why a span cannot be made of whole tokens, if it cannot: tokens never
/// hold white space, so a span starting or ending with it has no tokens
/// for that edge.
pub fn untokenizable(doc: &Document, span: &DocSpan) -> Option<&'static str> {
    let covered = doc.covered(span);
    let starts = covered.chars().next().is_some_and(is_separator);
    let ends = covered.chars().next_back().is_some_and(is_separator);
    (starts || ends).then_some("starts or ends with white space, which no token can hold")
}

/// Byte offsets of the edges of every span that tokens can represent.
pub fn span_cuts(doc: &Document) -> Vec<usize> {
    doc.spans
        .iter()
        .filter(|s| untokenizable(doc, s).is_none())
        .flat_map(|s| [s.bytes.start, s.bytes.end])
        .collect()
}

/// The entity spans that fit one flat layer (BIO tags, spaCy `doc.ents`):
/// in order, skipping — and reporting — those that overlap an entity kept
/// before them or cannot be made of whole tokens. `format` names the
/// format in messages.
pub fn flat_entities<'d>(
    doc: &'d Document,
    format: &str,
    problems: &mut Vec<ExportProblem>,
) -> Vec<&'d DocSpan> {
    let mut entities: Vec<&DocSpan> = doc.spans.iter().filter(|s| s.kind == LabelKind::Entity).collect();
    // Longest first among spans starting together: the outer name wins.
    entities.sort_by(|a, b| (a.start, b.end, &a.label).cmp(&(b.start, a.end, &b.label)));
    let mut kept: Vec<&DocSpan> = Vec::new();
    for span in entities {
        if let Some(why) = untokenizable(doc, span) {
            problems.push(doc.problem(span, format!("{format}: {why}")));
            continue;
        }
        if let Some(other) = kept.last().filter(|k| k.end > span.start) {
            problems.push(doc.problem(
                span,
                format!(
                    "{format}: overlaps {} “{}” at {}-{}; {format} cannot hold overlapping entities",
                    other.label,
                    doc.covered(other),
                    other.start,
                    other.end
                ),
            ));
            continue;
        }
        kept.push(span);
    }
    kept
}

/// Byte offsets where the engine's sentences start (paragraphs split at
/// blank lines, then sentences).
pub fn sentence_starts(text: &str) -> Vec<usize> {
    pactum_engine::paragraph_ranges(text)
        .flat_map(|p| {
            let offset = p.start;
            pactum_engine::sentence::sentences(&text[p]).into_iter().map(move |s| s.start + offset)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::sample as doc;

    fn texts(text: &str, tokens: &[Range<usize>]) -> Vec<String> {
        tokens.iter().map(|t| text[t.clone()].to_string()).collect()
    }

    #[test]
    fn words_and_punctuation_without_white_space() {
        let text = "Technopolis’ “Z-Park”,\u{a0}8,000 m² —\n😀 Тро.";
        let got = texts(text, &tokenize(text, &[]));
        assert_eq!(
            got,
            ["Technopolis", "’", "“", "Z", "-", "Park", "”", ",", "8,000", "m", "²", "—", "😀", "Тро", "."]
        );
        assert!(got.iter().all(|t| !t.chars().any(is_separator)));
    }

    #[test]
    fn a_boundary_at_every_cut() {
        let text = "Ascendas-Singbridge signed";
        let cut = "Ascendas".len();
        let tokens = tokenize(text, &[cut, cut, 3, 999]);
        assert_eq!(texts(text, &tokens), ["Asc", "endas", "-", "Singbridge", "signed"]);
        assert_eq!(token_range(&tokens, &(0..cut)), Some(0..2));
        assert_eq!(token_range(&tokens, &(0..4)), None);
    }

    #[test]
    fn flags_and_combined_emoji_stay_one_token_unless_cut() {
        let text = "in 🇨🇳 and 👩‍🔬.";
        assert_eq!(texts(text, &tokenize(text, &[])), ["in", "🇨🇳", "and", "👩‍🔬", "."]);
    }

    #[test]
    fn overlapping_and_white_space_edged_entities_are_reported() {
        let e = LabelKind::Entity;
        let d = doc(
            "Hong Kong Science Park met Ascendas  today",
            &[
                ("Hong Kong Science Park", "PARK", e),
                ("Hong Kong", "GPE", e),
                ("Ascendas ", "ORG", e),
                ("Hong Kong Science Park met Ascendas", "SIGNING", LabelKind::Clause),
            ],
        );
        let mut problems = Vec::new();
        let kept = flat_entities(&d, "CoNLL", &mut problems);
        assert_eq!(kept.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), ["PARK"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().any(|p| p.label == "GPE" && p.message.contains("overlaps PARK")));
        assert!(problems.iter().any(|p| p.label == "ORG" && p.message.contains("white space")));
    }
}
