//! Writing the answers of `pactum annotate`: one JSON line per document,
//! encoded by the worker that annotated it, written by the caller's thread
//! straight to the stdout descriptor.
//!
//! Measured (perf and callgrind, the generated corpus): encoding is ~5% of
//! the instructions, two thirds of it escaping strings — mostly the
//! document's text, which serde_json escapes a byte at a time through a
//! table. [`ObjectLine`] writes the answer's object itself: the text with an
//! escaper that skips eight clean bytes at a time, the rest (spans,
//! relations, passed-through fields) with serde_json, giving the same bytes
//! as `serde_json::to_vec` of the whole object (property-tested below).
//! The writer thread used to copy each line into a `BufWriter`, then through
//! std's line-buffered `Stdout` (which scans for the last `\n`), and flush:
//! now a line is handed to the kernel in one `write`, the thread does
//! nothing else.

use std::os::fd::AsFd;

use serde::Serialize;

/// A JSON object written field by field into one output line, in the
/// compact form serde_json writes.
pub struct ObjectLine {
    buf: Vec<u8>,
    fields: usize,
}

impl ObjectLine {
    /// `capacity`: about the bytes the line will take, so that the buffer
    /// is allocated once.
    pub fn with_capacity(capacity: usize) -> Self {
        let mut buf = Vec::with_capacity(capacity + 2);
        buf.push(b'{');
        ObjectLine { buf, fields: 0 }
    }

    fn key(&mut self, key: &str) {
        if self.fields > 0 {
            self.buf.push(b',');
        }
        self.fields += 1;
        push_json_str(&mut self.buf, key);
        self.buf.push(b':');
    }

    /// A string field (the fast escaper: for the document's text).
    pub fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        push_json_str(&mut self.buf, value);
    }

    /// Any other field, encoded by serde_json.
    pub fn value<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> serde_json::Result<()> {
        self.key(key);
        serde_json::to_writer(&mut self.buf, value)
    }

    /// An array field whose items write themselves.
    pub fn array<T>(
        &mut self,
        key: &str,
        items: &[T],
        push_item: impl Fn(&T, &mut Vec<u8>) -> serde_json::Result<()>,
    ) -> serde_json::Result<()> {
        self.key(key);
        self.buf.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            push_item(item, &mut self.buf)?;
        }
        self.buf.push(b']');
        Ok(())
    }

    /// The object closed, with its line feed.
    pub fn finish(mut self) -> Vec<u8> {
        self.buf.extend_from_slice(b"}\n");
        self.buf
    }
}

/// Appends `s` as a JSON string, escaped exactly as serde_json escapes it:
/// `"` and `\` with a backslash, the control characters below U+0020 as
/// `\b \t \n \f \r` or `\u00xx`, everything else as it is.
pub fn push_json_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // `copied`: the bytes before it are already in `out`.
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            if !any_byte_to_escape(word) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if needs_escape(b) {
            out.extend_from_slice(&bytes[copied..i]);
            push_escape(out, b);
            copied = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any of the eight bytes of `word` needs escaping (exact, not a
/// guess): the classic bit tricks for "a byte below n" and "a zero byte".
fn any_byte_to_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    (below_space | zero_in(quote) | zero_in(backslash)) != 0
}

fn push_escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        _ => {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// Standard output as a plain file: writes go to the descriptor as they
/// are, with no buffer and no line scanning of our own. Each answer is one
/// `write_all` of a whole line, so a reader of the pipe sees complete lines
/// as soon as they are written (no flush needed).
pub fn raw_stdout() -> std::io::Result<std::fs::File> {
    // A duplicate of fd 1: nothing else in the process writes to stdout
    // while the answers are written, so the two handles cannot interleave.
    Ok(std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        push_json_str(&mut out, s);
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn escapes_as_serde_json_does() {
        for s in [
            "",
            "plain",
            "\"",
            "\\",
            "a\u{0}b\u{1f}\u{7f}",
            "\t\n\r\u{8}\u{c}",
            "Тро 😀 — café",
            "12345678\"12345678",
        ] {
            assert_eq!(escaped(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn an_object_line_is_what_serde_json_writes() {
        let mut line = ObjectLine::with_capacity(0);
        line.value("id", &7).unwrap();
        line.str("text", "Kista \"Science\" Park\n");
        line.value("spans", &[1, 2][..]).unwrap();
        line.str("k\u{1}", "");
        // A struct keeps its fields in order (`json!` would sort them).
        #[derive(Serialize)]
        struct Want {
            id: u8,
            text: &'static str,
            spans: [u8; 2],
            #[serde(rename = "k\u{1}")]
            k: &'static str,
        }
        let want = Want { id: 7, text: "Kista \"Science\" Park\n", spans: [1, 2], k: "" };
        let mut want = serde_json::to_vec(&want).unwrap();
        want.push(b'\n');
        assert_eq!(String::from_utf8(line.finish()).unwrap(), String::from_utf8(want).unwrap());
    }

    proptest! {
        // The oracle: serde_json itself, on strings dense in the bytes that
        // need escaping (so the eight-byte skips meet them at every offset).
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(
            s in proptest::string::string_regex("[a-z\"\\\\\\x00-\\x1f\\x7f é😀]{0,40}").unwrap()
        ) {
            prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn any_unicode_is_escaped_as_serde_json_escapes_it(s in any::<String>()) {
            prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
