//! Clause labels: SIGNING, PURPOSE, COMMITMENT on whole sentences.

use std::ops::Range;

use super::{Label, Span};

/// Clause spans of one paragraph (byte offsets relative to it), at most one
/// per sentence. `entities` are the paragraph's entity spans (relative, sorted).
pub fn classify(paragraph: &str, sentences: &[Range<usize>], entities: &[Span]) -> Vec<Span> {
    // Placeholder until the real classifier lands: a sentence that mentions
    // signing is SIGNING.
    let _ = entities;
    sentences
        .iter()
        .filter(|r| {
            let s = &paragraph[(*r).clone()];
            s.contains("signed") || s.contains("Sign")
        })
        .map(|r| Span { start: r.start, end: r.end, label: Label::Signing })
        .collect()
}
