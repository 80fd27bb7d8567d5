//! Lines of a byte stream with a cap on how much of one line is kept:
//! `BufRead::read_line` would hold a 100 MB line whole; here a line over the
//! cap is read to its end and dropped, only its first bytes kept (enough to
//! find an id for the error message).

use std::io::{BufRead, ErrorKind};

/// How much of a line over the cap is kept.
pub const HEAD_BYTES: usize = 64 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The line, without its `\n` (or `\r\n`).
    Complete(Vec<u8>),
    /// A line longer than the cap: its length (without the line break) and
    /// its first `HEAD_BYTES` bytes.
    TooLong { bytes: usize, head: Vec<u8> },
}

pub struct BoundedLines<R> {
    reader: R,
    max: usize,
}

impl<R: BufRead> BoundedLines<R> {
    pub fn new(reader: R, max: usize) -> Self {
        BoundedLines { reader, max }
    }
}

impl<R: BufRead> Iterator for BoundedLines<R> {
    type Item = std::io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut kept: Vec<u8> = Vec::new();
        let mut len = 0usize;
        let mut any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if chunk.is_empty() {
                if !any {
                    return None; // end of input, no partial line
                }
                break;
            }
            any = true;
            let (part, used, ends) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..i], i + 1, true),
                None => (chunk, chunk.len(), false),
            };
            len += part.len();
            if len <= self.max {
                kept.extend_from_slice(part);
            } else if kept.len() < HEAD_BYTES || kept.capacity() > HEAD_BYTES {
                // Over the cap: keep the head only, and give the rest back.
                kept.extend_from_slice(&part[..part.len().min(HEAD_BYTES.saturating_sub(kept.len()))]);
                kept.truncate(HEAD_BYTES);
                kept.shrink_to_fit();
            }
            self.reader.consume(used);
            if ends {
                break;
            }
        }
        if len > self.max {
            return Some(Ok(Line::TooLong { bytes: len, head: kept }));
        }
        if kept.last() == Some(&b'\r') {
            kept.pop();
        }
        Some(Ok(Line::Complete(kept)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<Line> {
        // A tiny buffer, so lines span many reads.
        let reader = std::io::BufReader::with_capacity(7, input);
        BoundedLines::new(reader, max).map(Result::unwrap).collect()
    }

    #[test]
    fn splits_at_line_feeds_and_drops_the_carriage_return() {
        let got = lines(b"one\r\ntwo\n\nlast", 100);
        let want: Vec<Line> =
            [&b"one"[..], b"two", b"", b"last"].iter().map(|l| Line::Complete(l.to_vec())).collect();
        assert_eq!(got, want);
        assert_eq!(lines(b"", 100), Vec::new());
        assert_eq!(lines(b"x\n", 100), vec![Line::Complete(b"x".to_vec())]);
    }

    #[test]
    fn a_line_over_the_cap_is_reported_with_its_length_and_the_next_line_is_whole() {
        let long = vec![b'a'; HEAD_BYTES * 3];
        let mut input = b"short\n".to_vec();
        input.extend_from_slice(&long);
        input.extend_from_slice(b"\nafter\n");
        let got = lines(&input, HEAD_BYTES * 2);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], Line::Complete(b"short".to_vec()));
        match &got[1] {
            Line::TooLong { bytes, head } => {
                assert_eq!(*bytes, HEAD_BYTES * 3);
                assert_eq!(head.len(), HEAD_BYTES);
                assert!(head.capacity() <= HEAD_BYTES * 2, "the rest was given back");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(got[2], Line::Complete(b"after".to_vec()));
    }
}
