//! Offset arithmetic on UTF-8 text.
//!
//! The engine works in byte offsets (what `&str` slicing needs); files on disk
//! and exports use Unicode code points (Python `str` indices). LSP positions
//! are converted elsewhere (`lsp::position`) because only the server knows
//! about lines and UTF-16.

/// Converts byte offsets to code-point offsets in one forward pass.
///
/// Each call costs the distance from the previous offset, so walking sorted
/// spans (start, end, next start …) stays linear even when the ends of long
/// spans (clauses) jump past the starts of the spans inside them.
pub struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { text, byte: 0, chars: 0 }
    }

    /// Code-point offset of `byte`, which must lie on a char boundary
    /// (a byte offset inside a char is rounded down).
    pub fn char_offset(&mut self, byte: usize) -> usize {
        let byte = floor_char_boundary(self.text, byte);
        if byte >= self.byte {
            self.chars += self.text[self.byte..byte].chars().count();
        } else {
            self.chars -= self.text[byte..self.byte].chars().count();
        }
        self.byte = byte;
        self.chars
    }
}

/// Byte offset of the code point `char_offset`, or `None` past the end.
pub fn byte_offset(text: &str, char_offset: usize) -> Option<usize> {
    if char_offset == 0 {
        return Some(0);
    }
    match text.char_indices().nth(char_offset) {
        Some((b, _)) => Some(b),
        None if text.chars().count() == char_offset => Some(text.len()),
        None => None,
    }
}

/// Builds a table for repeated code-point → byte conversions on one text.
pub struct CharToByte {
    /// Byte offset of every code point, plus the text length at the end.
    bytes: Vec<usize>,
}

impl CharToByte {
    pub fn new(text: &str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        Self { bytes }
    }

    /// Byte offset of code point `c`, or `None` past the end of the text.
    pub fn byte(&self, c: usize) -> Option<usize> {
        self.bytes.get(c).copied()
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        self.bytes.len() - 1
    }

    /// Code-point offset of byte `b`, which must be a char boundary (or the
    /// text length); `None` otherwise. O(log n).
    pub fn char_of(&self, b: usize) -> Option<usize> {
        self.bytes.binary_search(&b).ok()
    }
}

/// The largest char boundary `<= byte` (clamped to the text length).
pub fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Number of UTF-16 code units in `s` (Label Studio and LSP's default count).
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_points_not_bytes() {
        let text = "a’b 😀 Тро";
        let mut c = CharCounter::new(text);
        assert_eq!(c.char_offset(0), 0);
        assert_eq!(c.char_offset(1), 1);
        assert_eq!(c.char_offset(4), 2); // after the 3-byte curly quote
        let emoji = text.find('😀').unwrap();
        assert_eq!(c.char_offset(emoji), 4);
        assert_eq!(c.char_offset(emoji + 4), 5);
        // Going backwards counts back from where it is.
        assert_eq!(c.char_offset(1), 1);
        assert_eq!(c.char_offset(emoji), 4);
        assert_eq!(c.char_offset(4), 2);
    }

    #[test]
    fn char_to_byte_round_trips() {
        let text = "x\u{a0}Тро😀!";
        let table = CharToByte::new(text);
        let mut counter = CharCounter::new(text);
        for (b, _) in text.char_indices() {
            let c = counter.char_offset(b);
            assert_eq!(table.byte(c), Some(b));
            assert_eq!(byte_offset(text, c), Some(b));
        }
        assert_eq!(table.byte(table.len_chars()), Some(text.len()));
        for (c, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(table.char_of(b), Some(c));
        }
        assert_eq!(table.char_of(text.len()), Some(table.len_chars()));
        assert_eq!(table.char_of(2), None, "inside the NBSP");
        assert_eq!(table.byte(table.len_chars() + 1), None);
        assert_eq!(byte_offset(text, 100), None);
    }

    #[test]
    fn utf16_counts_surrogate_pairs() {
        assert_eq!(utf16_len("a😀"), 3);
        assert_eq!(utf16_len("Тро"), 3);
    }
}
