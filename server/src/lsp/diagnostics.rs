//! Diagnostics: how findings, broken annotation files and configuration
//! problems are shown (the contract with the editors is in ARCHITECTURE.md).

use ropey::Rope;
use tower_lsp::lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, Url};

use super::config::ConfigProblem;
use super::position::{self, Encoding};
use super::state::{Finding, FindingKind, OpenDocument};

pub const SOURCE: &str = "pactum";

/// At most this many findings are published per document. A diagnostic is
/// ~250 bytes of JSON; a 5 MB document has ~100k findings, i.e. 25 MB to
/// encode and for the editor to parse on every keystroke. Beyond the cap the
/// document carries one Warning saying so; hover, code actions and semantic
/// tokens still see every finding.
pub const MAX_DIAGNOSTICS: usize = 2000;

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

fn severity(kind: FindingKind) -> DiagnosticSeverity {
    match kind {
        FindingKind::Suggestion => DiagnosticSeverity::INFORMATION,
        FindingKind::Accepted => DiagnosticSeverity::HINT,
        FindingKind::Stale => DiagnosticSeverity::WARNING,
    }
}

pub fn finding_diagnostic(open: &OpenDocument, f: &Finding<'_>, enc: Encoding) -> Diagnostic {
    Diagnostic {
        range: position::range_from_bytes(open.doc.rope(), f.start..f.end, enc),
        severity: Some(severity(f.kind)),
        code: Some(NumberOrString::String(f.label.to_string())),
        source: Some(SOURCE.to_string()),
        message: message(f.kind, f.label, open.text_of(f)),
        ..Diagnostic::default()
    }
}

/// Everything published for one open document.
pub fn for_document(open: &OpenDocument, enc: Encoding) -> Vec<Diagnostic> {
    let findings = open.findings();
    let mut out: Vec<Diagnostic> =
        findings.iter().take(MAX_DIAGNOSTICS).map(|f| finding_diagnostic(open, f, enc)).collect();
    if findings.len() > MAX_DIAGNOSTICS {
        out.push(notice(
            DiagnosticSeverity::WARNING,
            "too-many-findings",
            format!(
                "pactum: showing the first {MAX_DIAGNOSTICS} of {} findings in this document; hover, code actions and highlighting cover all of them",
                findings.len()
            ),
        ));
    }
    if let super::state::SidecarState::Broken(msg) = &open.sidecar {
        out.push(notice(
            DiagnosticSeverity::ERROR,
            "annotation-file",
            format!("pactum: {msg}. Fix or delete the annotation file; Pactum will not overwrite it."),
        ));
    }
    if open.paused {
        out.push(notice(
            DiagnosticSeverity::INFORMATION,
            "analysis-paused",
            format!(
                "pactum: this document is larger than {} MB, engine suggestions are paused",
                super::state::MAX_ANALYSED_BYTES / (1024 * 1024)
            ),
        ));
    }
    out
}

/// A document-level message at its start.
fn notice(severity: DiagnosticSeverity, code: &str, message: String) -> Diagnostic {
    Diagnostic {
        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
        severity: Some(severity),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some(SOURCE.to_string()),
        message,
        ..Diagnostic::default()
    }
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
