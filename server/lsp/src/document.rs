//! One open document: its text, version, and incremental edits.
//!
//! The text is held twice: as a `Rope` (O(log n) edits and line / char / UTF-16
//! lookups) and as a `String` (the engine wants one contiguous `&str`). Both
//! are edited in place per change; a String splice is a memmove, far cheaper
//! than rebuilding 5 MB from the rope on every keystroke.

use ropey::Rope;
use tower_lsp::lsp_types::TextDocumentContentChangeEvent;

use super::position::{self, Encoding};

/// One replacement, minimal (common prefix and suffix of old and new text
/// trimmed away), in both units the server uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    /// Char offsets in the old text: `start..old_end` was replaced…
    pub start: usize,
    pub old_end: usize,
    /// …by this many chars.
    pub new_len: usize,
    /// The same in bytes.
    pub start_byte: usize,
    pub old_end_byte: usize,
    pub new_len_bytes: usize,
}

impl Edit {
    pub fn is_noop(&self) -> bool {
        self.start == self.old_end && self.new_len == 0
    }
}

pub struct Document {
    rope: Rope,
    text: String,
    pub version: i32,
}

impl Document {
    pub fn new(text: String, version: i32) -> Self {
        Document { rope: Rope::from_str(&text), text, version }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Applies one content change (ranged, or the whole text when `range` is
    /// absent) and returns it as a minimal edit.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, enc: Encoding) -> Edit {
        let chars = match change.range {
            Some(r) => position::range_to_chars(&self.rope, r, enc),
            None => 0..self.rope.len_chars(),
        };
        self.replace(chars, &change.text)
    }

    /// Replaces chars `range` (clamped) by `new`, trimming the part of `new`
    /// that equals the text it replaces. Clients that resend a whole line or
    /// the whole document therefore still produce the small edit that
    /// annotations must follow.
    pub fn replace(&mut self, range: std::ops::Range<usize>, new: &str) -> Edit {
        let len = self.rope.len_chars();
        let (mut start, mut old_end) = (range.start.min(len), range.end.min(len));
        let old = self.rope.slice(start..old_end);
        let mut new_slice = new;
        // Common prefix.
        for (o, n) in old.chars().zip(new.chars()) {
            if o != n {
                break;
            }
            start += 1;
            new_slice = &new_slice[n.len_utf8()..];
        }
        // Common suffix, not overlapping the prefix.
        let mut old_rev = self.rope.slice(start..old_end).chars_at(old_end - start).reversed();
        let mut new_chars = new_slice.chars().rev();
        loop {
            match (old_rev.next(), new_chars.next()) {
                (Some(o), Some(n)) if o == n => {
                    old_end -= 1;
                    new_slice = &new_slice[..new_slice.len() - n.len_utf8()];
                }
                _ => break,
            }
        }
        let start_byte = self.rope.char_to_byte(start);
        let old_end_byte = self.rope.char_to_byte(old_end);
        let edit = Edit {
            start,
            old_end,
            new_len: new_slice.chars().count(),
            start_byte,
            old_end_byte,
            new_len_bytes: new_slice.len(),
        };
        if !edit.is_noop() {
            self.rope.remove(start..old_end);
            self.rope.insert(start, new_slice);
            self.text.replace_range(start_byte..old_end_byte, new_slice);
        }
        edit
    }
}

#[cfg(test)]
mod tests {
    use tower_lsp::lsp_types::{Position, Range};

    use super::*;

    fn change(range: Option<((u32, u32), (u32, u32))>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|(a, b)| Range::new(Position::new(a.0, a.1), Position::new(b.0, b.1))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn ranged_changes_in_utf16_land_after_emoji() {
        let mut d = Document::new("😀 Ascendas\nТро".to_string(), 1);
        // Column 3 in UTF-16 is after "😀 ".
        let e = d.apply(&change(Some(((0, 3), (0, 3))), "X"), Encoding::Utf16);
        assert_eq!(d.text(), "😀 XAscendas\nТро");
        assert_eq!((e.start, e.old_end, e.new_len), (2, 2, 1));
        assert_eq!((e.start_byte, e.old_end_byte, e.new_len_bytes), (5, 5, 1));
        d.apply(&change(Some(((1, 1), (1, 99))), ""), Encoding::Utf16);
        assert_eq!(d.text(), "😀 XAscendas\nТ");
        assert_eq!(d.rope().to_string(), d.text());
    }

    #[test]
    fn whole_document_changes_become_minimal_edits() {
        let mut d = Document::new("Technopolis met Ascendas.".to_string(), 1);
        let e = d.apply(&change(None, "Technopolis met the Ascendas."), Encoding::Utf16);
        assert_eq!((e.start, e.old_end, e.new_len), (16, 16, 4));
        let e = d.apply(&change(None, "Technopolis met the Ascendas."), Encoding::Utf16);
        assert!(e.is_noop());
        // Repeated letters: the prefix wins, the suffix does not overlap it.
        let mut d = Document::new("aaa".to_string(), 1);
        let e = d.apply(&change(None, "aaaa"), Encoding::Utf16);
        assert_eq!((e.start, e.old_end, e.new_len), (3, 3, 1));
        let e = d.apply(&change(None, "a"), Encoding::Utf16);
        assert_eq!((e.start, e.old_end, e.new_len), (1, 4, 0));
        assert_eq!(d.text(), "a");
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let mut d = Document::new("ab".to_string(), 1);
        d.apply(&change(Some(((5, 0), (9, 9))), "!"), Encoding::Utf8);
        assert_eq!(d.text(), "ab!");
    }
}
