//! Every conversion between LSP positions and text offsets.
//!
//! LSP counts columns in the negotiated encoding (UTF-16 code units unless the
//! client offers UTF-8 or UTF-32); the server keeps text in a ropey `Rope`,
//! indexed by chars (code points, the unit of annotation files) and bytes (the
//! unit of the engine). No other module does position arithmetic.
//!
//! Out-of-range input is clamped, never rejected: a line past the end means
//! the end of the document, a column past the end of a line means the end of
//! that line (before its line break), and a column inside a multi-unit
//! character means that character's start.

use ropey::Rope;
use tower_lsp::lsp_types::{Position, PositionEncodingKind, Range};

/// The unit LSP columns are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The first encoding the client offers that we support (we support all
    /// three); UTF-16 when the client names none, as the protocol says.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        offered.unwrap_or_default().iter().find_map(Encoding::from_kind).unwrap_or_default()
    }

    fn from_kind(kind: &PositionEncodingKind) -> Option<Encoding> {
        match kind.as_str() {
            "utf-8" => Some(Encoding::Utf8),
            "utf-16" => Some(Encoding::Utf16),
            "utf-32" => Some(Encoding::Utf32),
            _ => None,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// Length of `s` in this encoding's units.
    pub fn len(self, s: &str) -> usize {
        match self {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => s.chars().count(),
        }
    }

    /// Offset of char `c` in this encoding's units from the rope's start.
    fn units_before(self, rope: &Rope, c: usize) -> usize {
        match self {
            Encoding::Utf8 => rope.char_to_byte(c),
            Encoding::Utf16 => rope.char_to_utf16_cu(c),
            Encoding::Utf32 => c,
        }
    }

    /// The char containing unit offset `u` (from the rope's start).
    fn char_at_units(self, rope: &Rope, u: usize) -> usize {
        match self {
            Encoding::Utf8 => rope.byte_to_char(u),
            Encoding::Utf16 => rope.utf16_cu_to_char(u),
            Encoding::Utf32 => u,
        }
    }
}

/// Char offset of the end of line `line`'s content (before `\n`, `\r\n` or `\r`).
/// `line` must be a valid line index.
fn line_content_end(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_char(line);
    let mut end = if line + 1 < rope.len_lines() { rope.line_to_char(line + 1) } else { rope.len_chars() };
    if end > start && rope.char(end - 1) == '\n' {
        end -= 1;
    }
    if end > start && rope.char(end - 1) == '\r' {
        end -= 1;
    }
    end
}

/// Char offset of an LSP position, clamped into the document.
pub fn to_char(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let end = line_content_end(rope, line);
    let start_units = enc.units_before(rope, start);
    let end_units = enc.units_before(rope, end);
    let target = start_units.saturating_add(pos.character as usize).min(end_units);
    enc.char_at_units(rope, target)
}

/// Byte offset of an LSP position, clamped into the document.
pub fn to_byte(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    rope.char_to_byte(to_char(rope, pos, enc))
}

/// Char offset `c` (clamped), moved off the middle of a `\r\n` to before
/// the `\r`: no LSP position lies between the two.
pub fn off_crlf(rope: &Rope, c: usize) -> usize {
    let c = c.min(rope.len_chars());
    if c > 0 && c < rope.len_chars() && rope.char(c) == '\n' && rope.char(c - 1) == '\r' {
        c - 1
    } else {
        c
    }
}

/// LSP position of char offset `c` (clamped to the document's end).
pub fn from_char(rope: &Rope, c: usize, enc: Encoding) -> Position {
    let c = c.min(rope.len_chars());
    let line = rope.char_to_line(c);
    let start = rope.line_to_char(line);
    let col = enc.units_before(rope, c) - enc.units_before(rope, start);
    Position::new(to_u32(line), to_u32(col))
}

/// LSP position of byte offset `b` (clamped; a byte inside a char means that char).
pub fn from_byte(rope: &Rope, b: usize, enc: Encoding) -> Position {
    from_char(rope, rope.byte_to_char(b.min(rope.len_bytes())), enc)
}

/// Char range of an LSP range, clamped and put in order.
pub fn range_to_chars(rope: &Rope, range: Range, enc: Encoding) -> std::ops::Range<usize> {
    let a = to_char(rope, range.start, enc);
    let b = to_char(rope, range.end, enc);
    a.min(b)..a.max(b)
}

/// LSP range of a byte range.
pub fn range_from_bytes(rope: &Rope, r: std::ops::Range<usize>, enc: Encoding) -> Range {
    Range::new(from_byte(rope, r.start, enc), from_byte(rope, r.end, enc))
}

/// Converts many byte offsets, in increasing order, to LSP positions in one
/// forward pass over the text: O(bytes passed) instead of several O(log n)
/// rope lookups per offset. Diagnostics convert hundreds of sorted spans per
/// keystroke; this is their path. (`rope` and `text` hold the same text.)
pub struct Cursor<'a> {
    rope: &'a Rope,
    text: &'a str,
    enc: Encoding,
    byte: usize,
    pos: Position,
}

impl<'a> Cursor<'a> {
    pub fn new(rope: &'a Rope, text: &'a str, enc: Encoding) -> Self {
        Cursor { rope, text, enc, byte: 0, pos: Position::new(0, 0) }
    }

    /// Position of byte `b` (clamped, rounded down to a char boundary).
    /// Moving backwards restarts from a rope lookup, so it stays correct.
    pub fn at(&mut self, b: usize) -> Position {
        let b = pactum_text::floor_char_boundary(self.text, b);
        if b < self.byte || b - self.byte > 64 * 1024 {
            // Far away (or behind): one rope lookup beats scanning.
            self.pos = from_byte(self.rope, b, self.enc);
        } else {
            self.pos = self.scan(self.byte, b, self.pos);
        }
        self.byte = b;
        self.pos
    }

    /// Position of byte `end`, given that byte `start` (≤ `end`) is at `pos`;
    /// leaves the cursor where it is.
    pub fn after(&self, start: usize, pos: Position, end: usize) -> Position {
        let end = pactum_text::floor_char_boundary(self.text, end);
        if end < start {
            return from_byte(self.rope, end, self.enc);
        }
        self.scan(start, end, pos)
    }

    fn scan(&self, from: usize, to: usize, mut pos: Position) -> Position {
        let span = self.text.get(from..to).unwrap_or_default();
        let mut chars = span.chars().peekable();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied().or_else(|| self.text.get(to..).and_then(|t| t.chars().next()));
            let breaks = c == '\n' || (c == '\r' && next != Some('\n'));
            if breaks {
                pos = Position::new(pos.line.saturating_add(1), 0);
            } else {
                let units = match self.enc {
                    Encoding::Utf8 => c.len_utf8(),
                    Encoding::Utf16 => c.len_utf16(),
                    Encoding::Utf32 => 1,
                };
                pos.character = pos.character.saturating_add(to_u32(units));
            }
        }
        pos
    }
}

/// LSP numbers are `u32`; a document big enough to overflow one saturates.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a😀b\r\nТро\u{a0}“x”\n\nend";

    fn rope() -> Rope {
        Rope::from_str(TEXT)
    }

    #[test]
    fn negotiation_prefers_the_clients_order_and_defaults_to_utf16() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[])), Encoding::Utf16);
        let offered =
            [PositionEncodingKind::new("utf-7"), PositionEncodingKind::UTF8, PositionEncodingKind::UTF16];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])), Encoding::Utf32);
    }

    #[test]
    fn columns_count_in_the_negotiated_unit() {
        let r = rope();
        let b = TEXT.chars().position(|c| c == 'b').unwrap();
        assert_eq!(from_char(&r, b, Encoding::Utf16), Position::new(0, 3));
        assert_eq!(from_char(&r, b, Encoding::Utf8), Position::new(0, 5));
        assert_eq!(from_char(&r, b, Encoding::Utf32), Position::new(0, 2));
        let x = TEXT.chars().position(|c| c == 'x').unwrap();
        assert_eq!(from_char(&r, x, Encoding::Utf16), Position::new(1, 5));
        assert_eq!(from_char(&r, x, Encoding::Utf8), Position::new(1, 11));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for c in 0..=r.len_chars() {
                let p = from_char(&r, c, enc);
                // A position on a line break char maps back to the end of the line content.
                let back = to_char(&r, p, enc);
                let ch = r.get_char(c);
                if ch != Some('\n') && ch != Some('\r') {
                    assert_eq!(back, c, "{enc:?} char {c} → {p:?}");
                }
            }
        }
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let r = rope();
        // Past the end of line 0: end of its content, before "\r\n".
        assert_eq!(to_char(&r, Position::new(0, 99), Encoding::Utf16), 3);
        // Past the last line: end of document.
        assert_eq!(to_char(&r, Position::new(99, 0), Encoding::Utf16), r.len_chars());
        // Inside the surrogate pair of 😀: the emoji's start.
        assert_eq!(to_char(&r, Position::new(0, 2), Encoding::Utf16), 1);
        // Inside the UTF-8 bytes of 😀: the emoji's start.
        assert_eq!(to_char(&r, Position::new(0, 3), Encoding::Utf8), 1);
        assert_eq!(from_char(&r, 10_000, Encoding::Utf16), Position::new(3, 3));
        assert_eq!(from_byte(&r, 2, Encoding::Utf16), Position::new(0, 1));
    }

    #[test]
    fn unicode_line_separators_are_not_lsp_line_breaks() {
        let r = Rope::from_str("a\u{2028}b\u{85}c\rd");
        assert_eq!(r.len_lines(), 2);
        assert_eq!(from_char(&r, 6, Encoding::Utf16), Position::new(1, 0));
    }

    #[test]
    fn the_cursor_agrees_with_rope_lookups() {
        let text = "a😀b\r\nТро\u{a0}“x”\r\rz\n\nend 🇫🇮";
        let r = Rope::from_str(text);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let mut cur = Cursor::new(&r, text, enc);
            let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
            for (i, &b) in starts.iter().enumerate() {
                let p = cur.at(b);
                assert_eq!(p, from_byte(&r, b, enc), "{enc:?} at {b}");
                for &e in &starts[i..] {
                    assert_eq!(cur.after(b, p, e), from_byte(&r, e, enc), "{enc:?} {b}..{e}");
                }
            }
            // Backwards works too.
            assert_eq!(cur.at(1), from_byte(&r, 1, enc));
        }
    }

    #[test]
    fn ranges_are_ordered() {
        let r = rope();
        let range = Range::new(Position::new(1, 2), Position::new(0, 1));
        assert_eq!(range_to_chars(&r, range, Encoding::Utf32), 1..7);
    }
}
