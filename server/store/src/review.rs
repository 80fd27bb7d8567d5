//! A document's review state: `in_progress` or `done`, who set it and when.
//! Stored once per annotation file (`"document": {"status", "by", "at"}`), and
//! only rewritten when the state itself changes, so saving a file again never
//! touches it (annotation files stay merge-friendly).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentState {
    InProgress,
    Done,
}

impl DocumentState {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentState::InProgress => "in_progress",
            DocumentState::Done => "done",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentStatus {
    pub status: DocumentState,
    /// The annotator who set the status, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// When, as an RFC 3339 UTC timestamp to the second (`2026-12-01T05:03:09Z`).
    pub at: String,
}

impl DocumentStatus {
    /// `status` set now by `by`.
    pub fn now(status: DocumentState, by: Option<&str>) -> Self {
        DocumentStatus { status, by: by.map(str::to_string), at: utc_now() }
    }
}

/// The current time as RFC 3339 UTC to the second.
pub fn utc_now() -> String {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    rfc3339(secs)
}

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ` (proleptic
/// Gregorian calendar; Howard Hinnant's days-to-civil algorithm).
fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_796_094_189), "2026-12-01T03:03:09Z");
        assert_eq!(utc_now().len(), 20);
    }

    #[test]
    fn status_serialises_in_snake_case_and_rejects_unknown_keys() {
        let s = DocumentStatus { status: DocumentState::InProgress, by: Some("anna".into()), at: rfc3339(0) };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"status":"in_progress","by":"anna","at":"1970-01-01T00:00:00Z"}"#);
        assert!(serde_json::from_str::<DocumentStatus>(r#"{"status":"done","at":"x","when":1}"#).is_err());
        assert!(serde_json::from_str::<DocumentStatus>(r#"{"status":"finished","at":"x"}"#).is_err());
    }
}
