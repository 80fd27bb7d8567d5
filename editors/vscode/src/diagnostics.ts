// Reading Pactum's own diagnostics back from VS Code: suggestions are
// Information, accepted annotations Hint, stale annotations Warning (see the
// server's contract in ARCHITECTURE.md).
import * as vscode from 'vscode';

export const SOURCE = 'pactum';

export function pactumDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function suggestions(uri: vscode.Uri): vscode.Diagnostic[] {
  return pactumDiagnostics(uri)
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Information)
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
    if (d.severity === vscode.DiagnosticSeverity.Information) {
      c.suggestions++;
    } else if (d.severity === vscode.DiagnosticSeverity.Hint) {
      c.accepted++;
    } else if (d.severity === vscode.DiagnosticSeverity.Warning) {
      c.stale++;
    }
  }
  return c;
}
