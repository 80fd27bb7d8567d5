//! Diagnostics: how findings, broken annotation files and configuration
//! problems are shown (the contract with the editors is in ARCHITECTURE.md).

use ropey::Rope;
use tower_lsp::lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, Url};

use super::config::ConfigProblem;
use super::position::{self, Encoding};
use super::state::{Finding, FindingKind, OpenDocument};

pub const SOURCE: &str = "pactum";

/// At most about this many findings are published per document. A
/// diagnostic is ~250 bytes of JSON; a 5 MB document has 10k–100k findings,
/// i.e. megabytes to build, encode and parse on every keystroke. Beyond the
/// cap, the findings around the last edit are published (the user is told
/// once, by a message: editors count diagnostics by severity, so a notice
/// diagnostic would be miscounted); hover, code actions and semantic tokens
/// still see every finding.
pub const MAX_DIAGNOSTICS: usize = 1000;

/// The message of a finding, e.g. `ORG? “Ascendas”`.
pub fn message(kind: FindingKind, label: &str, text: &str) -> String {
    let quoted = quote(text);
    match kind {
        FindingKind::Suggestion => format!("{label}? {quoted}"),
        FindingKind::Accepted => format!("{label} {quoted}"),
        FindingKind::Stale => format!("stale annotation: {label} {quoted}"),
    }
}

/// `“text”`, on one line, long clauses shortened.
pub fn quote(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_CHARS {
        format!("“{one_line}”")
    } else {
        let head: String = one_line.chars().take(MAX_CHARS - 1).collect();
        format!("“{head}…”")
    }
}

/// Suggestions as the user chose (`settings::SuggestionSeverity`); accepted
/// annotations are always Hints, so they never show as problems.
fn severity(open: &OpenDocument, kind: FindingKind) -> DiagnosticSeverity {
    match kind {
        FindingKind::Suggestion => open.suggestion_severity.lsp(),
        FindingKind::Accepted => DiagnosticSeverity::HINT,
        FindingKind::Stale => DiagnosticSeverity::WARNING,
    }
}

pub fn finding_diagnostic(open: &OpenDocument, f: &Finding<'_>, enc: Encoding) -> Diagnostic {
    with_range(open, f, position::range_from_bytes(open.doc.rope(), f.start..f.end, enc))
}

fn with_range(open: &OpenDocument, f: &Finding<'_>, range: Range) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(severity(open, f.kind)),
        code: Some(NumberOrString::String(f.label.to_string())),
        source: Some(SOURCE.to_string()),
        message: message(f.kind, f.label, open.text_of(f)),
        ..Diagnostic::default()
    }
}

/// Everything published for one open document.
pub fn for_document(open: &OpenDocument, enc: Encoding) -> Vec<Diagnostic> {
    if open.diverged.is_some() {
        // Ranges into a text the editor does not have would mislead.
        return Vec::new();
    }
    let total = open.count_findings();
    let shown = if total <= MAX_DIAGNOSTICS { open.findings() } else { around_focus(open) };
    let mut cursor = position::Cursor::new(open.doc.rope(), open.doc.text(), enc);
    let mut out: Vec<Diagnostic> = shown
        .iter()
        .map(|f| {
            let start = cursor.at(f.start);
            let end = cursor.after(f.start, start, f.end);
            with_range(open, f, Range::new(start, end))
        })
        .collect();
    out.extend(super::compare::diagnostics(open, enc));
    if let super::state::SidecarState::Broken(msg) = &open.sidecar {
        out.push(Diagnostic {
            range: Range::new(Position::new(0, 0), Position::new(0, 0)),
            severity: Some(DiagnosticSeverity::ERROR),
            code: Some(NumberOrString::String("annotation-file".to_string())),
            source: Some(SOURCE.to_string()),
            message: format!(
                "pactum: {msg}. Fix or delete the annotation file; Pactum will not overwrite it."
            ),
            ..Diagnostic::default()
        });
    }
    out
}

/// At most `MAX_DIAGNOSTICS` findings: every stale annotation first (those
/// must not go unseen; if there are more, the first `MAX_DIAGNOSTICS`), then
/// the findings nearest the document's focus (the last edit) in the room left.
fn around_focus(open: &OpenDocument) -> Vec<Finding<'_>> {
    let suggestions = open.analysis.suggestions();
    let k = suggestions.partition_point(|s| s.start < open.focus);
    let hi = (k.saturating_sub(MAX_DIAGNOSTICS / 2) + MAX_DIAGNOSTICS).min(suggestions.len());
    let lo = hi.saturating_sub(MAX_DIAGNOSTICS);
    let window = match (suggestions.get(lo), hi.checked_sub(1).and_then(|i| suggestions.get(i))) {
        (Some(first), Some(last)) => first.start..last.end,
        _ => open.focus..open.focus,
    };
    let mut stale: Vec<Finding<'_>> = open
        .stale_findings()
        .into_iter()
        .filter(|f| f.end < window.start || f.start > window.end)
        .take(MAX_DIAGNOSTICS)
        .collect();
    // The window holds suggestions and annotations (up to twice the cap):
    // keep the ones nearest the focus.
    let in_window = open.findings_in(window);
    let room = MAX_DIAGNOSTICS - stale.len();
    let k = in_window.partition_point(|f| f.start < open.focus);
    let hi = (k.saturating_sub(room / 2) + room).min(in_window.len());
    let lo = hi.saturating_sub(room);
    let mut shown: Vec<Finding<'_>> = in_window.into_iter().skip(lo).take(hi - lo).collect();
    shown.append(&mut stale);
    shown
}

/// The diagnostic for a broken configuration, on the config file itself.
pub fn for_config(problem: &ConfigProblem, enc: Encoding) -> Option<(Url, Diagnostic)> {
    let uri = Url::from_file_path(&problem.path).ok()?;
    let rope = Rope::from_str(&problem.text);
    let d = Diagnostic {
        range: position::range_from_bytes(&rope, problem.span.clone(), enc),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("config".to_string())),
        source: Some(SOURCE.to_string()),
        message: problem.message.clone(),
        ..Diagnostic::default()
    };
    Some((uri, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_editor_contract() {
        assert_eq!(message(FindingKind::Suggestion, "ORG", "Ascendas"), "ORG? “Ascendas”");
        assert_eq!(message(FindingKind::Accepted, "ORG", "Ascendas"), "ORG “Ascendas”");
        assert_eq!(message(FindingKind::Stale, "ORG", "Ascendas"), "stale annotation: ORG “Ascendas”");
        let long = "word ".repeat(40);
        let q = quote(&long);
        assert!(q.ends_with("…”") && q.chars().count() == 62, "{q}");
        assert_eq!(quote("two\nlines"), "“two lines”");
    }
}
