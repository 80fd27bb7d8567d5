//! `pactum annotate -`: a streaming filter from stdin to stdout, the contract
//! of Spark's `RDD.pipe`, Ray, Dask and GNU `parallel --pipe`: exactly one
//! output line per input line, in order, so that a partition's input and
//! output stay aligned.
//!
//! - `--format json` (default): each line is a JSON object with a string
//!   `text`; the answer is `{"id"?, "text", "spans", …}` — the input's other
//!   fields are passed through (`spans` and `relations` fields are replaced), `id` only when
//!   the input has one.
//! - `--format text`: each line is a document; the answer is
//!   `{"id": <line number, from 1>, "text", "spans"}`.
//!
//! A line that cannot be annotated (not JSON, not an object, no string
//! `text`, not UTF-8, longer than `--max-line-bytes`) is answered with
//! `{"id": <its id, or null>, "error": "…"}` on its own line; the filter goes
//! on. Messages never name the line's number: a partition of a stream must
//! be answered exactly as the same lines within the whole stream. A line over the limit is skipped to its end without being kept, so
//! memory stays bounded whatever comes in.

use std::io::Write;
use std::num::NonZeroUsize;

use pactum_engine::Engine;
use pactum_schema::Schema;
use pactum_store::parallel::ordered_map_shared_sink;
use serde::Serialize;
use serde_json::{Map, Value};

use super::annotate::{annotate_text, Annotated, Explain};
use super::encode;
use super::lines::{BoundedLines, Line};

/// The default `--max-line-bytes`: the size of document the language server
/// still analyses.
pub const DEFAULT_MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LineFormat {
    /// One JSON object per line, with a string field `text`.
    Json,
    /// One document per line, the line itself.
    Text,
}

pub struct Options {
    pub format: LineFormat,
    pub max_line_bytes: usize,
    pub jobs: NonZeroUsize,
    /// Whether each span names its rules (`--explain`).
    pub explain: Explain,
}

#[derive(Serialize)]
struct ErrorAnswer<'a> {
    id: &'a Value,
    error: &'a str,
}

/// One output line (with its newline), and whether it is an error line.
struct Output {
    line: Vec<u8>,
    failed: bool,
}

pub fn run(engine: &Engine, schema: &Schema, options: &Options) -> anyhow::Result<bool> {
    // Our own buffer over the unlocked handle: the reader thread owns it.
    let stdin = std::io::BufReader::with_capacity(1 << 20, std::io::stdin());
    let lines = BoundedLines::new(stdin, options.max_line_bytes);
    let mut out = encode::raw_stdout().map_err(|e| anyhow::anyhow!("cannot write to stdout: {e}"))?;
    let (mut total, mut failed) = (0usize, 0usize);
    let mut read_error = None;
    let numbered = lines.enumerate().map_while(|(i, line)| match line {
        Ok(line) => Some((i + 1, line)),
        Err(e) => {
            // Reading stdin failed: answer what was read, then report.
            read_error = Some(e);
            None
        }
    });
    let written = ordered_map_shared_sink(
        numbered,
        options.jobs,
        |(number, line)| answer(engine, schema, options, number, line),
        |output: Output| {
            total += 1;
            failed += usize::from(output.failed);
            // Unbuffered, each answer as soon as it is known: a consumer may
            // be waiting for it before it sends the next line.
            out.write_all(&output.line)
        },
    );
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(true),
        Err(e) => return Err(anyhow::anyhow!("cannot write to stdout: {e}")),
    }
    if failed > 0 {
        eprintln!("pactum: {failed} of {total} line(s) could not be annotated; their output lines carry an \"error\"");
    }
    if let Some(e) = read_error {
        anyhow::bail!("cannot read stdin after line {total}: {e}");
    }
    Ok(true)
}

/// The output line for input line `number`.
fn answer(engine: &Engine, schema: &Schema, options: &Options, number: usize, line: Line) -> Output {
    let null = Value::Null;
    let bytes = match line {
        Line::Complete(bytes) => bytes,
        Line::TooLong { bytes, head } => {
            let id = match options.format {
                LineFormat::Json => id_from_head(&head).unwrap_or(Value::Null),
                LineFormat::Text => Value::from(number),
            };
            let msg = format!(
                "the line is {bytes} bytes, over the limit of {} bytes for one document (--max-line-bytes); not annotated",
                options.max_line_bytes
            );
            return error_line(&id, &msg);
        }
    };
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let id = match options.format {
                LineFormat::Json => Value::Null,
                LineFormat::Text => Value::from(number),
            };
            let msg = format!("the line is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to());
            return error_line(&id, &msg);
        }
    };
    match options.format {
        LineFormat::Text => {
            let id = Value::from(number);
            let empty = Map::new();
            let annotated = annotate_text(engine, schema, text, options.explain);
            ok_line(Some(&id), text, &annotated, &empty)
        }
        LineFormat::Json if text.trim().is_empty() => {
            error_line(&null, "the line is empty (expected a JSON object with a string \"text\")")
        }
        LineFormat::Json => {
            let mut object = match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(o)) => o,
                Ok(other) => {
                    let msg = format!("the line is JSON but not an object ({})", kind(&other));
                    return error_line(&null, &msg);
                }
                Err(e) => return error_line(&null, &format!("the line is not JSON: {e}")),
            };
            let id = object.remove("id");
            let doc_text = match object.remove("text") {
                Some(Value::String(t)) => t,
                Some(other) => {
                    let msg = format!("\"text\" must be a string, not {}", kind(&other));
                    return error_line(id.as_ref().unwrap_or(&null), &msg);
                }
                None => {
                    let msg = "the line has no \"text\" field".to_string();
                    return error_line(id.as_ref().unwrap_or(&null), &msg);
                }
            };
            object.remove("spans");
            object.remove("relations");
            let annotated = annotate_text(engine, schema, &doc_text, options.explain);
            ok_line(id.as_ref(), &doc_text, &annotated, &object)
        }
    }
}

/// The answer `{"id"?, "text", "spans", "relations", …rest}`: the input's
/// other fields after ours, as a flattened map would put them.
fn ok_line(id: Option<&Value>, text: &str, annotated: &Annotated<'_>, rest: &Map<String, Value>) -> Output {
    // The passed-through fields are not sized: usually a few short ones.
    let size = text.len() + annotated.json_size_hint() + 64;
    let mut line = encode::ObjectLine::with_capacity(size);
    let encoded = (|| {
        if let Some(id) = id {
            line.value("id", id)?;
        }
        line.str("text", text);
        annotated.push_fields(&mut line)?;
        rest.iter().try_for_each(|(key, value)| line.value(key, value))
    })();
    match encoded {
        Ok(()) => Output { line: line.finish(), failed: false },
        Err(e) => error_line(id.unwrap_or(&Value::Null), &format!("cannot encode the answer: {e}")),
    }
}

fn error_line(id: &Value, message: &str) -> Output {
    let mut line = serde_json::to_vec(&ErrorAnswer { id, error: message })
        .unwrap_or_else(|_| br#"{"id":null,"error":"unencodable error"}"#.to_vec());
    line.push(b'\n');
    Output { line, failed: true }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The `id` of a JSON object of which only the first bytes were kept (a
/// line over the limit), when it comes before the long field: the object's
/// keys are read in order and reading stops at `id`.
fn id_from_head(head: &[u8]) -> Option<Value> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    struct FindId<'a>(&'a mut Option<Value>);
    impl<'de> Visitor<'de> for FindId<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "id" {
                    *self.0 = Some(map.next_value::<Value>()?);
                    // Found: stop here rather than read the truncated rest.
                    return Err(serde::de::Error::custom("found"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let mut found = None;
    let mut de = serde_json::Deserializer::from_slice(head);
    let _ = (&mut de).deserialize_map(FindId(&mut found));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_of_a_truncated_object_is_found_when_it_comes_first() {
        assert_eq!(id_from_head(br#"{"id": "a-1", "text": "very long"#), Some(Value::from("a-1")));
        assert_eq!(id_from_head(br#"{"lang": "en", "id": 7, "text": "very"#), Some(Value::from(7)));
        assert_eq!(id_from_head(br#"{"text": "very long ... "id": 3"#), None);
        assert_eq!(id_from_head(b"not json"), None);
    }
}
