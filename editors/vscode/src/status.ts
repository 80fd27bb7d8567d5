// The status-bar items: counts of suggestions and accepted annotations in the
// active document (and whether it is marked done), refreshed whenever
// diagnostics or the editor change; and the workspace's progress
// (`N/M done`), refreshed when a document's status changes.
import * as vscode from 'vscode';
import { counts } from './diagnostics';

/** What the server's `pactum/documentStatus` notification carries. */
export interface DocumentStatus {
  uri: string;
  status: 'in_progress' | 'done';
  by?: string;
  at?: string;
}

/** The server's `pactum.workspaceStatus` result (the fields shown here). */
export interface WorkspaceProgress {
  documents: number;
  annotated: number;
  done: number;
}

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('pactum.status', vscode.StatusBarAlignment.Right, 100);
  private readonly progressItem = vscode.window.createStatusBarItem('pactum.progress', vscode.StatusBarAlignment.Right, 99);
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly statuses = new Map<string, DocumentStatus>();
  private running = false;

  constructor() {
    this.item.name = 'Pactum';
    this.item.command = 'pactum.nextSuggestion';
    this.progressItem.name = 'Pactum progress';
    this.progressItem.command = 'pactum.showWorkspaceProgress';
    this.subscriptions.push(
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
  }

  setRunning(running: boolean): void {
    this.running = running;
    if (!running) {
      this.progressItem.hide();
    }
    this.update();
  }

  /** From the server's `pactum/documentStatus` notification. */
  setDocumentStatus(status: DocumentStatus): void {
    this.statuses.set(vscode.Uri.parse(status.uri).toString(), status);
    this.update();
  }

  setProgress(p: WorkspaceProgress | undefined): void {
    if (!p || !this.running) {
      this.progressItem.hide();
      return;
    }
    this.progressItem.text = `$(checklist) ${p.done}/${p.documents} done`;
    this.progressItem.tooltip = `Pactum: ${p.done} of ${p.documents} documents done, ${p.annotated} with annotations. Click for details.`;
    this.progressItem.show();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!this.running || !editor || editor.document.languageId !== 'plaintext') {
      this.item.hide();
      return;
    }
    const c = counts(editor.document.uri);
    const doc = this.statuses.get(editor.document.uri.toString());
    const done = doc?.status === 'done';
    this.item.text = `$(tag) ${c.suggestions} suggested $(check) ${c.accepted} accepted` + (c.stale ? ` $(warning) ${c.stale} stale` : '') +
      (done ? ' $(pass-filled) done' : '');
    this.item.tooltip = `Pactum: ${c.suggestions} suggestions and ${c.accepted} accepted annotations in this document` +
      (c.stale ? `, ${c.stale} stale` : '') + (done ? `; marked done${doc?.by ? ` by ${doc.by}` : ''}${doc?.at ? ` at ${doc.at}` : ''}` : '') +
      '. Click for the next suggestion.';
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.progressItem.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
