//! Framing stdin before tower-lsp sees it. tower-lsp stops reading for good
//! after one message it cannot decode (bad JSON, a body that is not JSON-RPC,
//! an unknown header); one bad message from a client must not end the
//! session. This pump re-frames every message with a clean header, and
//! replaces a malformed body by a `pactum/malformedMessage` notification,
//! which the server logs and otherwise ignores.

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

/// The notification a malformed message becomes.
pub const MALFORMED: &str = "pactum/malformedMessage";

/// Larger bodies are refused rather than allocated (a 100 MB document is
/// well below this even with JSON escapes).
const MAX_BODY: usize = 1 << 30;

/// A stream carrying the client's messages, cleaned, for `tower_lsp::Server`.
pub fn filtered_stdin() -> DuplexStream {
    let (ours, theirs) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        // An error here means stdin or tower-lsp is gone; ending the pump
        // closes the stream, which ends the session cleanly.
        let _ = pump(tokio::io::stdin(), ours).await;
    });
    theirs
}

async fn pump(input: impl AsyncRead + Unpin, mut out: DuplexStream) -> std::io::Result<()> {
    let mut r = BufReader::new(input);
    let mut line = Vec::new();
    loop {
        let mut len: Option<usize> = None;
        let mut headers = 0;
        loop {
            line.clear();
            if r.read_until(b'\n', &mut line).await? == 0 {
                return Ok(());
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim();
            if text.is_empty() {
                if headers > 0 {
                    break;
                }
                continue;
            }
            headers += 1;
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    len = value.trim().parse().ok();
                }
            }
        }
        let body = match len {
            Some(n) if n <= MAX_BODY => {
                let mut body = vec![0; n];
                r.read_exact(&mut body).await?;
                if is_json_rpc(&body) {
                    body
                } else {
                    notice(&format!("a message of {n} bytes that is not JSON-RPC"))
                }
            }
            Some(n) => {
                // Skip it without holding it in memory.
                tokio::io::copy(&mut (&mut r).take(n as u64), &mut tokio::io::sink()).await?;
                notice(&format!("a message of {n} bytes, more than {MAX_BODY}"))
            }
            None => notice("headers without a valid Content-Length"),
        };
        out.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await?;
        out.write_all(&body).await?;
        out.flush().await?;
    }
}

fn notice(what: &str) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "method": MALFORMED, "params": {"message": format!("pactum: ignored {what}")}})
        .to_string()
        .into_bytes()
}

/// Whether tower-lsp can decode `body`: a JSON-RPC 2.0 request,
/// notification or response.
fn is_json_rpc(body: &[u8]) -> bool {
    let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(body) else {
        return false;
    };
    let id_ok = |v: Option<&Value>| match v {
        None | Some(Value::Null) | Some(Value::String(_)) => true,
        Some(Value::Number(n)) => n.is_i64(),
        Some(_) => false,
    };
    if m.get("jsonrpc") != Some(&Value::String("2.0".into())) || !id_ok(m.get("id")) {
        return false;
    }
    match m.get("method") {
        Some(Value::String(_)) => matches!(
            m.get("params"),
            None | Some(Value::Object(_)) | Some(Value::Array(_)) | Some(Value::Null)
        ),
        Some(_) => false,
        None => {
            let error_ok = match m.get("error") {
                None => m.contains_key("result"),
                Some(e) => {
                    e.get("code").is_some_and(Value::is_i64) && e.get("message").is_some_and(Value::is_string)
                }
            };
            m.contains_key("id") && error_ok
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_what_tower_lsp_can_decode() {
        assert!(is_json_rpc(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#));
        assert!(is_json_rpc(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        assert!(is_json_rpc(br#"{"jsonrpc":"2.0","id":3,"result":null}"#));
        assert!(!is_json_rpc(br#""not a request""#));
        assert!(!is_json_rpc(br#"{"jsonrpc":"1.0","method":"x"}"#));
        assert!(!is_json_rpc(br#"{"jsonrpc":"2.0","method":5}"#));
        assert!(!is_json_rpc(b"{oops"));
        assert!(!is_json_rpc(b"\xff\xfe"));
    }

    #[tokio::test]
    async fn reframes_and_replaces_bad_messages() {
        let input: &[u8] = b"Content-Length: 5\r\nContent-Type: nonsense\r\n\r\n{oops\
Content-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}";
        let (ours, mut theirs) = tokio::io::duplex(1 << 16);
        pump(input, ours).await.unwrap();
        let mut all = String::new();
        theirs.read_to_string(&mut all).await.unwrap();
        assert!(all.contains(MALFORMED), "{all}");
        assert!(all.ends_with("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"), "{all}");
        assert!(!all.contains("nonsense"));
    }
}
