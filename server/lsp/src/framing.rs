//! Cutting the client's byte stream into message bodies, and finding the
//! next message again after a bad frame.
//!
//! A frame is headers (`Name: value` lines), an empty line, and a body of
//! exactly `Content-Length` bytes. Anything else — a length that is no
//! number, negative, too big or given twice, a missing length, a header line
//! that is no header, junk between frames, a body cut short by the next
//! header — is reported once as [`Frame::Skipped`] and the framer skips to
//! the next `Content-Length` header. It never waits for bytes a broken frame
//! promised when a new header has already arrived: a raw
//! `Content-Length: <digits><newline>` can never occur inside a JSON body
//! (JSON strings cannot hold a raw newline, and outside strings the bare
//! word is not JSON), so seeing one inside a body means that body was cut.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// Larger bodies are refused rather than allocated (a 100 MB document is
/// well below this even with JSON escapes).
pub const MAX_BODY: usize = 1 << 30;

/// A header block longer than this is junk, not headers.
const MAX_HEADERS: usize = 8 * 1024;

const NAME: &[u8] = b"content-length";

/// How far back a new scan of a growing body starts, so that a header
/// split across two reads is still seen.
const OVERLAP: usize = 64;

#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A well-framed body (not yet known to be JSON).
    Body(Vec<u8>),
    /// Bytes that were no message; `why` says what was wrong.
    Skipped { why: String },
}

#[derive(Default)]
pub struct Framer {
    buf: Vec<u8>,
    /// After a bad frame: drop bytes until the next `Content-Length`.
    resyncing: bool,
    /// How much of the current frame's body was already searched for a
    /// header (a 100 MB body arrives in many reads; each is searched once).
    scanned: usize,
}

enum Step {
    /// The body is incomplete; its first `scanned` bytes hold no header.
    NeedMore { scanned: usize },
    /// A body of `len` bytes ending at `end`.
    Frame { end: usize, len: usize },
    /// Bad frame: report `why`, drop `drop` bytes, then resynchronise.
    Bad { drop: usize, why: String },
}

impl Framer {
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete frame among the bytes pushed so far.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            if self.resyncing {
                match find_name(&self.buf, 0) {
                    Some(p) => {
                        self.buf.drain(..p);
                        self.resyncing = false;
                    }
                    None => {
                        // Keep a tail that may be the start of the header.
                        let keep = (NAME.len() - 1).min(self.buf.len());
                        self.buf.drain(..self.buf.len() - keep);
                        return None;
                    }
                }
            }
            let blank = self.buf.iter().take_while(|b| b" \t\r\n".contains(b)).count();
            self.buf.drain(..blank);
            if self.buf.is_empty() {
                return None;
            }
            match step(&self.buf, self.scanned.saturating_sub(OVERLAP)) {
                Step::NeedMore { scanned } => {
                    self.scanned = scanned;
                    return None;
                }
                Step::Frame { end, len } => {
                    let body = self.buf[end - len..end].to_vec();
                    self.buf.drain(..end);
                    self.scanned = 0;
                    return Some(Frame::Body(body));
                }
                Step::Bad { drop, why } => {
                    self.buf.drain(..drop.min(self.buf.len()));
                    self.resyncing = true;
                    self.scanned = 0;
                    return Some(Frame::Skipped { why });
                }
            }
        }
    }

    /// What is left when the input ends: an incomplete frame, if any.
    pub fn finish(&mut self) -> Option<Frame> {
        let left = self.buf.iter().filter(|b| !b" \t\r\n".contains(b)).count();
        self.buf.clear();
        (left > 0 && !self.resyncing).then(|| Frame::Skipped {
            why: format!("an incomplete message ({left} bytes) at the end of input"),
        })
    }
}

/// Case-insensitive position of `content-length` in `buf` at or after `from`.
fn find_name(buf: &[u8], from: usize) -> Option<usize> {
    static FINDER: LazyLock<Option<AhoCorasick>> =
        LazyLock::new(|| AhoCorasick::builder().ascii_case_insensitive(true).build([NAME]).ok());
    let hay = buf.get(from..)?;
    match &*FINDER {
        Some(f) => f.find(hay).map(|m| from + m.start()),
        None => hay.windows(NAME.len()).position(|w| w.eq_ignore_ascii_case(NAME)).map(|i| from + i),
    }
}

/// A raw `Content-Length: <digits><newline>` header inside `body`, at or
/// after `from`: where it starts.
fn embedded_header(body: &[u8], mut from: usize) -> Option<usize> {
    while let Some(p) = find_name(body, from) {
        let rest = &body[p + NAME.len()..];
        let rest = skip(rest, b" \t");
        if let Some(rest) = rest.strip_prefix(b":") {
            let rest = skip(rest, b" \t");
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            let after = skip(&rest[digits..], b" \t");
            if digits > 0 && (after.starts_with(b"\n") || after.starts_with(b"\r")) {
                return Some(p);
            }
        }
        from = p + 1;
    }
    None
}

/// Whether `rest` is the beginning of a `Content-Length: <digits><newline>`
/// header, not yet complete.
fn partial_header(rest: &[u8]) -> bool {
    let k = rest.len().min(NAME.len());
    if k == 0 || !rest[..k].eq_ignore_ascii_case(&NAME[..k]) {
        return false;
    }
    let rest = skip(&rest[k..], b" \t");
    if k < NAME.len() || rest.is_empty() {
        return true;
    }
    let Some(rest) = rest.strip_prefix(b":") else { return false };
    let rest = skip(rest, b" \t");
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    skip(&rest[digits..], b" \t").is_empty()
}

fn skip<'a>(s: &'a [u8], set: &[u8]) -> &'a [u8] {
    let n = s.iter().take_while(|b| set.contains(b)).count();
    &s[n..]
}

fn is_token(name: &[u8]) -> bool {
    !name.is_empty() && name.iter().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(b))
}

/// Looks at one frame at the start of `buf` (which starts with no blank);
/// its body before `scanned` is known to hold no header.
fn step(buf: &[u8], scanned: usize) -> Step {
    let mut length: Option<usize> = None;
    let mut pos = 0;
    let body_start = loop {
        let Some(nl) = buf[pos..].iter().position(|&b| b == b'\n') else {
            if buf.len() > MAX_HEADERS {
                return Step::Bad { drop: 1, why: format!("{} bytes that are no message header", buf.len()) };
            }
            return Step::NeedMore { scanned: 0 };
        };
        let line = &buf[pos..pos + nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let bad = |why: String| Step::Bad { drop: pos + 1, why };
        if line.is_empty() {
            break pos + nl + 1;
        }
        if pos + nl > MAX_HEADERS {
            return bad("a header block longer than 8 KiB".into());
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return bad(format!("`{}`, which is no message header", shown(line)));
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if !is_token(name) {
            return bad(format!("`{}`, which is no message header", shown(line)));
        }
        if name.eq_ignore_ascii_case(NAME) {
            let value = std::str::from_utf8(value).unwrap_or("").trim();
            let n = match value.parse::<usize>() {
                Ok(n) if value.bytes().all(|b| b.is_ascii_digit()) => n,
                _ => {
                    return bad(format!(
                        "`Content-Length: {}`, which is not a length in bytes",
                        shown(value.as_bytes())
                    ))
                }
            };
            if n > MAX_BODY {
                return bad(format!("a message of {n} bytes, more than the limit of {MAX_BODY}"));
            }
            if length.is_some() {
                // The first header block was abandoned: this one starts
                // the next message.
                return Step::Bad {
                    drop: pos,
                    why: "a header block cut short by another Content-Length".into(),
                };
            }
            length = Some(n);
        }
        pos += nl + 1;
    };
    let Some(n) = length else {
        return Step::Bad { drop: 1, why: "headers without a Content-Length".into() };
    };
    let have = &buf[body_start..buf.len().min(body_start + n)];
    // A header may start inside the body and end after it (a body shorter
    // than its length, the next header right behind): look a little past.
    let window = &buf[body_start..buf.len().min(body_start + n + OVERLAP)];
    if let Some(p) = embedded_header(window, scanned.min(have.len())).filter(|&p| p < have.len()) {
        return Step::Bad {
            drop: body_start + p,
            why: format!("a message cut short: a new header came after {p} of its {n} bytes"),
        };
    }
    if have.len() < n {
        return Step::NeedMore { scanned: have.len() };
    }
    // The body may end with the start of a header whose rest has not
    // arrived yet: wait for it rather than misread the next message. (A
    // JSON body never ends so: its last byte is no `c`… of a header.)
    let at_end_of_input = window.len() < n + OVERLAP;
    if at_end_of_input && (n.saturating_sub(40)..n).any(|p| partial_header(&window[p..])) {
        return Step::NeedMore { scanned: n.saturating_sub(OVERLAP) };
    }
    Step::Frame { end: body_start + n, len: n }
}

/// At most 60 chars of `bytes`, printable.
fn shown(bytes: &[u8]) -> String {
    let s: String = String::from_utf8_lossy(bytes).chars().take(60).collect();
    s.escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// Every frame of `input`, pushed in pieces of `piece` bytes.
    fn frames(input: &[u8], piece: usize) -> Vec<Frame> {
        let mut f = Framer::default();
        let mut out = Vec::new();
        for chunk in input.chunks(piece.max(1)) {
            f.push(chunk);
            while let Some(x) = f.next_frame() {
                out.push(x);
            }
        }
        out.extend(f.finish());
        out
    }

    fn bodies(frames: &[Frame]) -> Vec<String> {
        frames
            .iter()
            .filter_map(|f| match f {
                Frame::Body(b) => Some(String::from_utf8_lossy(b).into_owned()),
                Frame::Skipped { .. } => None,
            })
            .collect()
    }

    const GOOD: &str = r#"{"jsonrpc":"2.0","id":9,"method":"shutdown"}"#;

    #[test]
    fn each_bad_frame_is_skipped_and_the_next_message_read() {
        let long = "x".repeat(10_000);
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("length not a number", b"Content-Length: abc\r\n\r\n{}".to_vec()),
            ("negative", b"Content-Length: -5\r\n\r\n{}".to_vec()),
            ("missing", b"Content-Type: x\r\n\r\n{\"a\":1}".to_vec()),
            ("overflowing", b"Content-Length: 99999999999999999999999\r\n\r\n{}".to_vec()),
            ("above the cap", b"Content-Length: 1099511627776\r\n\r\n{}".to_vec()),
            ("a header block without a body", b"Content-Length: 2\r\n\r\n".to_vec()),
            ("a lone header line", b"Content-Length: 2\r\n".to_vec()),
            ("truncated", b"Content-Length: 500\r\n\r\n{\"jsonrpc\"".to_vec()),
            ("junk line", b"hello there\r\n".to_vec()),
            ("binary junk", vec![0, 159, 146, 150, 255, 10, 13, 0]),
            ("no blank line", b"Content-Length: 10\r\n{\"a\":1234}".to_vec()),
            ("long junk", long.into_bytes()),
            ("cut in the headers", b"Content-Len".to_vec()),
        ];
        for (what, bad) in cases {
            for piece in [1, 7, 1 << 20] {
                let mut input = bad.clone();
                input.extend(frame(GOOD));
                let got = frames(&input, piece);
                assert_eq!(bodies(&got), vec![GOOD.to_string()], "{what}, pieces of {piece}: {got:?}");
                assert!(matches!(got[0], Frame::Skipped { .. }), "{what}: reported");
            }
        }
    }

    #[test]
    fn a_second_content_length_starts_the_next_message() {
        let input = format!("Content-Length: 3\r\nContent-Length: {}\r\n\r\n{GOOD}", GOOD.len());
        let got = frames(input.as_bytes(), 5);
        assert_eq!(bodies(&got), vec![GOOD.to_string()]);
        assert!(matches!(got[0], Frame::Skipped { .. }));
    }

    #[test]
    fn an_overlong_body_leaves_junk_that_is_skipped() {
        let mut input = b"Content-Length: 5\r\n\r\n".to_vec();
        input.extend(GOOD.as_bytes());
        input.extend(frame(GOOD));
        let got = frames(&input, 3);
        assert_eq!(bodies(&got), vec![GOOD[..5].to_string(), GOOD.to_string()]);
        assert_eq!(got.iter().filter(|f| matches!(f, Frame::Skipped { .. })).count(), 1, "{got:?}");
    }

    #[test]
    fn lenient_where_harmless() {
        let input = format!("\r\n\ncontent-length:{}\nContent-Type: utf8\n\n{GOOD}", GOOD.len());
        assert_eq!(frames(input.as_bytes(), 4), vec![Frame::Body(GOOD.as_bytes().to_vec())]);
        // A body may mention a header, escaped, as JSON must.
        let body = r#"{"text":"Content-Length: 5\r\n"}"#;
        assert_eq!(bodies(&frames(&frame(body), 2)), vec![body.to_string()]);
        assert_eq!(frames(b"", 1), vec![]);
    }

    proptest! {
        /// Any junk, then valid frames: every valid frame after the junk is
        /// read (junk cannot swallow a later complete header), however the
        /// bytes are split into reads.
        #[test]
        fn resynchronises_after_any_junk(
            junk in proptest::collection::vec(any::<u8>(), 0..300),
            texts in proptest::collection::vec("[a-z \"{}:]{0,40}", 1..4),
            piece in 1usize..64,
        ) {
            let good: Vec<String> = texts.iter().map(|t| serde_json::json!({"t": t}).to_string()).collect();
            let mut input = junk.clone();
            // A newline ends whatever line the junk left open, as a
            // client's next header starts a line.
            input.extend(b"\r\n");
            for g in &good {
                input.extend(frame(g));
            }
            let got = bodies(&frames(&input, piece));
            prop_assert!(got.len() >= good.len(), "{:?}", got);
            prop_assert_eq!(&got[got.len() - good.len()..], &good[..]);
        }
    }
}
