// Reading Pactum's own diagnostics back from VS Code: suggestions are
// Information (or Hint, by the severity setting) with a `?` after the label,
// accepted annotations Hint, stale annotations Warning (see the server's
// contract in ARCHITECTURE.md).
import * as vscode from 'vscode';

export const SOURCE = 'pactum';

export function pactumDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** An engine suggestion (`ORG? “…”`). Told by its message: with the
 * severity setting at `hint`, suggestions share the severity of accepted
 * annotations. */
export function isSuggestion(d: vscode.Diagnostic): boolean {
  return d.source === SOURCE && /^[A-Z][A-Z0-9_-]*\? “/.test(d.message);
}

/** An accepted annotation (`ORG “…”`): always a Hint, never a problem. */
export function isAccepted(d: vscode.Diagnostic): boolean {
  return d.source === SOURCE && d.severity === vscode.DiagnosticSeverity.Hint && /^[A-Z][A-Z0-9_-]* “/.test(d.message);
}

export function suggestions(uri: vscode.Uri): vscode.Diagnostic[] {
  return pactumDiagnostics(uri)
    .filter(isSuggestion)
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

export interface Counts {
  suggestions: number;
  accepted: number;
  stale: number;
}

export function counts(uri: vscode.Uri): Counts {
  const c: Counts = { suggestions: 0, accepted: 0, stale: 0 };
  for (const d of pactumDiagnostics(uri)) {
    if (isSuggestion(d)) {
      c.suggestions++;
    } else if (isAccepted(d)) {
      c.accepted++;
    } else if (d.severity === vscode.DiagnosticSeverity.Warning) {
      c.stale++;
    }
  }
  return c;
}
