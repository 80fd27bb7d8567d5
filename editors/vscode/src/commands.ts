// The editor commands. Annotation changes are server commands
// (`pactum.acceptAt`, `pactum.rejectAt`, `pactum.acceptAll`, `pactum.export`,
// run through workspace/executeCommand); the client ids here differ from them
// because the language client registers the server's own ids itself.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { suggestions } from './diagnostics';

export const EXPORT_FORMATS = [
  { format: 'jsonl', extension: 'jsonl', detail: 'JSON lines: {"text", "spans"} per document' },
  { format: 'spacy', extension: 'spacy', detail: 'spaCy DocBin' },
  { format: 'conll', extension: 'conll', detail: 'CoNLL BIO tags' },
  { format: 'brat', extension: '', detail: 'brat standoff: a folder of .txt and .ann files' },
  { format: 'labelstudio', extension: 'json', detail: 'Label Studio tasks with predictions' },
] as const;

export interface ExportArgs {
  format: string;
  out: string;
  includeSuggestions?: boolean;
  /** Replace an existing output (the server refuses otherwise; never an input). */
  force?: boolean;
}

export class Commands {
  constructor(private readonly getClient: () => LanguageClient | undefined) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('pactum.acceptSuggestion', () => this.atCursor('pactum.acceptAt')),
      vscode.commands.registerCommand('pactum.rejectSuggestion', () => this.atCursor('pactum.rejectAt')),
      vscode.commands.registerCommand('pactum.acceptAllInDocument', () => this.acceptAll()),
      vscode.commands.registerCommand('pactum.exportWorkspace', (args?: ExportArgs) => this.export(args)),
      vscode.commands.registerCommand('pactum.nextSuggestion', () => this.jump(1)),
      vscode.commands.registerCommand('pactum.previousSuggestion', () => this.jump(-1)),
      vscode.commands.registerCommand('pactum.markDocumentDone', () => this.onDocument('pactum.markDone')),
      vscode.commands.registerCommand('pactum.reopenDocument', () => this.onDocument('pactum.reopen')),
      vscode.commands.registerCommand('pactum.compareWithCopy', (folder?: string) => this.compareWith(folder)),
      vscode.commands.registerCommand('pactum.showWorkspaceProgress', () => this.showProgress()),
    ];
  }

  private client(): LanguageClient | undefined {
    const client = this.getClient();
    if (!client || !client.isRunning()) {
      void vscode.window.showWarningMessage('Pactum: the language server is not running.');
      return undefined;
    }
    return client;
  }

  private async run(command: string, args: object): Promise<unknown> {
    const client = this.client();
    if (!client) {
      return undefined;
    }
    try {
      return await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] });
    } catch (e) {
      void vscode.window.showErrorMessage(`Pactum: ${command} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private textEditor(): vscode.TextEditor | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'plaintext') {
      void vscode.window.showInformationMessage('Pactum: open a plain-text document first.');
      return undefined;
    }
    return editor;
  }

  private async atCursor(command: 'pactum.acceptAt' | 'pactum.rejectAt'): Promise<unknown> {
    const editor = this.textEditor();
    const client = this.getClient();
    if (!editor || !client) {
      return this.client();
    }
    const c2p = client.code2ProtocolConverter;
    return this.run(command, { uri: c2p.asUri(editor.document.uri), position: c2p.asPosition(editor.selection.active) });
  }

  private async acceptAll(): Promise<unknown> {
    const editor = this.textEditor();
    const client = this.getClient();
    if (!editor || !client) {
      return this.client();
    }
    return this.run('pactum.acceptAll', { uri: client.code2ProtocolConverter.asUri(editor.document.uri) });
  }

  /** A server command on the active document (`{uri}`). */
  private async onDocument(command: 'pactum.markDone' | 'pactum.reopen'): Promise<unknown> {
    const editor = this.textEditor();
    const client = this.getClient();
    if (!editor || !client) {
      return this.client();
    }
    return this.run(command, { uri: client.code2ProtocolConverter.asUri(editor.document.uri) });
  }

  /** Compares with another annotator's copy (asks for the folder; an empty answer stops comparing). */
  private async compareWith(given?: string): Promise<unknown> {
    let folder = given;
    if (folder === undefined) {
      const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        title: "Pactum: the other annotator's copy of this workspace",
        openLabel: 'Compare',
      });
      if (!picked) {
        return undefined;
      }
      folder = picked[0].fsPath;
    }
    const result = (await this.run('pactum.compareWith', { path: folder === '' ? null : folder })) as { differences?: number } | undefined;
    return result;
  }

  /** The workspace's progress, one line per label and per annotator. */
  private async showProgress(): Promise<unknown> {
    const p = (await this.run('pactum.workspaceStatus', {})) as {
      documents: number; annotated: number; done: number;
      labels: Record<string, { accepted: number; rejected: number }>;
      annotators: Record<string, { accepted: number; rejected: number; done: number }>;
    } | undefined;
    if (!p) {
      return undefined;
    }
    const items: vscode.QuickPickItem[] = [
      { label: `${p.done}/${p.documents} documents done`, detail: `${p.annotated} with annotations` },
      { label: 'Labels', kind: vscode.QuickPickItemKind.Separator },
      ...Object.entries(p.labels).map(([l, c]) => ({ label: l, description: `${c.accepted} accepted, ${c.rejected} rejected` })),
      { label: 'Annotators', kind: vscode.QuickPickItemKind.Separator },
      ...Object.entries(p.annotators).map(([n, c]) => ({ label: n, description: `${c.accepted} accepted, ${c.rejected} rejected, ${c.done} done` })),
    ];
    void vscode.window.showQuickPick(items, { title: 'Pactum: workspace progress' });
    return p;
  }

  /** Without arguments, asks for the format, the scope and the output path. */
  private async export(given?: ExportArgs): Promise<unknown> {
    const args = given ?? (await this.askExport());
    if (!args) {
      return undefined;
    }
    const result = await this.run('pactum.export', args);
    if (result !== undefined) {
      const detail = typeof result === 'string' ? result : JSON.stringify(result);
      void vscode.window.showInformationMessage(`Pactum: exported ${args.format} to ${args.out}${detail && detail !== 'null' ? ` (${detail})` : ''}`);
    }
    return result;
  }

  private async askExport(): Promise<ExportArgs | undefined> {
    const pick = await vscode.window.showQuickPick(
      EXPORT_FORMATS.map((f) => ({ label: f.format, detail: f.detail, f })),
      { title: 'Pactum: export format' },
    );
    if (!pick) {
      return undefined;
    }
    const scope = await vscode.window.showQuickPick(
      [
        { label: 'Accepted annotations only', include: false },
        { label: 'Accepted annotations and unreviewed suggestions', include: true },
      ],
      { title: 'Pactum: what to export' },
    );
    if (!scope) {
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    let out: vscode.Uri | undefined;
    if (pick.f.format === 'brat') {
      out = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: folder, title: 'Folder for the brat files' }))?.[0];
    } else {
      const defaultUri = folder ? vscode.Uri.joinPath(folder, `annotations.${pick.f.extension}`) : undefined;
      out = await vscode.window.showSaveDialog({ defaultUri, title: `Pactum: ${pick.f.format} export` });
    }
    // The save dialog asked before replacing a file, and a folder was picked
    // on purpose: the user's word, so an existing output may be replaced.
    return out ? { format: pick.f.format, out: out.fsPath, includeSuggestions: scope.include, force: true } : undefined;
  }

  /** Selects the next (+1) or previous (-1) suggestion, wrapping around. */
  private jump(direction: 1 | -1): void {
    const editor = this.textEditor();
    if (!editor) {
      return;
    }
    const all = suggestions(editor.document.uri);
    if (all.length === 0) {
      void vscode.window.showInformationMessage('Pactum: no suggestions left in this document.');
      return;
    }
    const here = editor.selection.active;
    const target = direction > 0
      ? all.find((d) => d.range.start.isAfter(here)) ?? all[0]
      : [...all].reverse().find((d) => d.range.start.isBefore(here)) ?? all[all.length - 1];
    // The cursor goes to the start so that accept/reject act on this span.
    editor.selection = new vscode.Selection(target.range.end, target.range.start);
    editor.revealRange(target.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}
