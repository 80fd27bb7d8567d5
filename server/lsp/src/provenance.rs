//! The hover's "why" of a suggestion, as the workspace learner sees it:
//! "accepted as PARK 4× in 3 files", "rule park.head-word — accepted 12×,
//! rejected 1× in this workspace", "model 0.83" (`Suggestion::explain`);
//! on an accepted span, how often the workspace accepted that text so.

use super::state::{Finding, FindingKind, OpenDocument, State};
use super::suggested::Suggested;

/// The shown suggestion behind a finding, if it is one.
pub fn suggestion_of<'a>(open: &'a OpenDocument, f: &Finding<'_>) -> Option<&'a Suggested> {
    if f.kind != FindingKind::Suggestion {
        return None;
    }
    let suggestions = open.analysis.suggestions();
    let first = suggestions.partition_point(|s| s.start < f.start);
    suggestions
        .get(first..)?
        .iter()
        .take_while(|s| s.start == f.start)
        .find(|s| s.end == f.end && s.label.as_str() == f.label)
}

/// `Learnt from this workspace: accepted as PARK 4× in 3 files`, when the
/// learner has something to say about the finding.
pub fn line(state: &State, open: &OpenDocument, f: &Finding<'_>) -> Option<String> {
    let learned = state.learning.learned.as_ref()?;
    let text = open.text_of(f);
    if learned.forgotten.contains(text) {
        return Some("Learnt from this workspace: nothing (forgotten)".to_string());
    }
    let why = match f.kind {
        FindingKind::Suggestion => suggestion_of(open, f)?.explain()?,
        FindingKind::Accepted => {
            let c = learned.learner.memory_counts(text, f.label);
            if c.accepted == 0 {
                return None;
            }
            format!(
                "accepted as {} {}× in {} file{}",
                f.label,
                c.accepted,
                c.files,
                if c.files == 1 { "" } else { "s" }
            )
        }
        FindingKind::Stale => return None,
    };
    Some(format!("Learnt from this workspace: {why}"))
}
