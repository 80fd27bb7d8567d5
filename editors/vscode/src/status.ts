// The status-bar item: counts of suggestions and accepted annotations in the
// active document, refreshed whenever diagnostics or the editor change.
import * as vscode from 'vscode';
import { counts } from './diagnostics';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('pactum.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private running = false;

  constructor() {
    this.item.name = 'Pactum';
    this.item.command = 'pactum.nextSuggestion';
    this.subscriptions.push(
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
  }

  setRunning(running: boolean): void {
    this.running = running;
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!this.running || !editor || editor.document.languageId !== 'plaintext') {
      this.item.hide();
      return;
    }
    const c = counts(editor.document.uri);
    this.item.text = `$(tag) ${c.suggestions} suggested $(check) ${c.accepted} accepted` + (c.stale ? ` $(warning) ${c.stale} stale` : '');
    this.item.tooltip = `Pactum: ${c.suggestions} suggestions and ${c.accepted} accepted annotations in this document` +
      (c.stale ? `, ${c.stale} stale` : '') + '. Click for the next suggestion.';
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
