//! Sentence segmentation. Clause labels cover whole sentences, and entity
//! rules need to know where a sentence starts (capitalisation there says
//! nothing about names).

use std::ops::Range;

/// Byte ranges of the sentences of a paragraph, trimmed of surrounding
/// whitespace. Each line break that ends a line without final punctuation
/// also ends a sentence (headlines, list items).
pub fn sentences(paragraph: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = paragraph.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end = if b == b'\n' {
            Some(i)
        } else if matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace())
        {
            Some(i + 1)
        } else {
            None
        };
        if let Some(e) = end {
            push_trimmed(paragraph, start..e, &mut out);
            start = e;
        }
        i += 1;
    }
    push_trimmed(paragraph, start..paragraph.len(), &mut out);
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push(r.start + lead..r.start + lead + trimmed.len());
    }
}
