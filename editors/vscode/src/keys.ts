// Keyboard-first labelling: the label picker, boundary fixes, the uncertain
// suggestions and accepting a paragraph. Each is a server command (see
// ARCHITECTURE.md); these editor commands only read the selection, show the
// server's choices and select what the server answers. Their ids differ from
// the server's, which the language client registers itself.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import * as lsp from 'vscode-languageclient/node';
import { choose, ChoiceSet } from './picker';

type Change = 'extendNext' | 'extendPrevious' | 'shrinkStart' | 'shrinkEnd';

interface SpanResult {
  range: lsp.Range;
  label: string;
}

/** The arguments the server's "Change label…" code action passes to `pactum.label`. */
interface LabelArgs {
  uri: string;
  range: lsp.Range;
}

export class Keys {
  constructor(
    private readonly getClient: () => LanguageClient | undefined,
    private readonly storage: vscode.Uri,
  ) {}

  register(): vscode.Disposable[] {
    const resize = (change: Change) => () => this.resize(change);
    return [
      vscode.commands.registerCommand('pactum.label', (args?: LabelArgs) => this.label(args)),
      vscode.commands.registerCommand('pactum.extendSpanNext', resize('extendNext')),
      vscode.commands.registerCommand('pactum.extendSpanPrevious', resize('extendPrevious')),
      vscode.commands.registerCommand('pactum.shrinkSpanStart', resize('shrinkStart')),
      vscode.commands.registerCommand('pactum.shrinkSpanEnd', resize('shrinkEnd')),
      vscode.commands.registerCommand('pactum.setSpanToSelection', () => this.setSpan()),
      vscode.commands.registerCommand('pactum.nextUncertain', () => this.uncertain('next')),
      vscode.commands.registerCommand('pactum.previousUncertain', () => this.uncertain('previous')),
      vscode.commands.registerCommand('pactum.acceptAllInParagraph', () => this.acceptParagraph()),
      vscode.commands.registerCommand('pactum.linkEntity', () => this.link()),
    ];
  }

  private context(): { editor: vscode.TextEditor; client: LanguageClient } | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'plaintext') {
      void vscode.window.showInformationMessage('Pactum: open a plain-text document first.');
      return undefined;
    }
    const client = this.getClient();
    if (!client || !client.isRunning()) {
      void vscode.window.showWarningMessage('Pactum: the language server is not running.');
      return undefined;
    }
    return { editor, client };
  }

  /** Runs a server command; a refusal (nothing here, stale …) is shown as the server words it. */
  private async run<T>(client: LanguageClient, command: string, args: object): Promise<T | undefined> {
    try {
      return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] })) as T;
    } catch (e) {
      void vscode.window.showWarningMessage(`Pactum: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** Selects `range` with the cursor at its start, as "next suggestion" does. */
  private select(editor: vscode.TextEditor, client: LanguageClient, range: lsp.Range): void {
    const r = client.protocol2CodeConverter.asRange(range);
    editor.selection = new vscode.Selection(r.end, r.start);
    editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** The label picker on the selection, or on the span or word under the cursor. */
  async label(given?: LabelArgs): Promise<unknown> {
    const ctx = this.context();
    if (!ctx) {
      return undefined;
    }
    const { editor, client } = ctx;
    const c2p = client.code2ProtocolConverter;
    const args = given ?? { uri: c2p.asUri(editor.document.uri), range: c2p.asRange(editor.selection) };
    const set = await this.run<ChoiceSet>(client, 'pactum.labelChoices', args);
    if (!set) {
      return undefined;
    }
    return choose(client, set, this.storage);
  }

  /**
   * The relation picker on the entity under the cursor: its suggested
   * relations and the links the schema allows in its sentence, by key.
   */
  async link(): Promise<unknown> {
    const ctx = this.context();
    if (!ctx) {
      return undefined;
    }
    const { editor, client } = ctx;
    const c2p = client.code2ProtocolConverter;
    const set = await this.run<ChoiceSet>(client, 'pactum.relationChoices', {
      uri: c2p.asUri(editor.document.uri),
      position: c2p.asPosition(editor.selection.active),
    });
    if (!set) {
      return undefined;
    }
    return choose(client, set, this.storage);
  }

  private async resize(change: Change): Promise<unknown> {
    const ctx = this.context();
    if (!ctx) {
      return undefined;
    }
    const { editor, client } = ctx;
    const c2p = client.code2ProtocolConverter;
    // The selection, when it is exactly a span (as after Alt+N or a fix), names it.
    const result = await this.run<SpanResult>(client, 'pactum.resizeSpan', {
      uri: c2p.asUri(editor.document.uri),
      position: c2p.asPosition(editor.selection.active),
      range: c2p.asRange(editor.selection),
      change,
    });
    if (result) {
      this.select(editor, client, result.range);
    }
    return result;
  }

  private async setSpan(): Promise<unknown> {
    const ctx = this.context();
    if (!ctx) {
      return undefined;
    }
    const { editor, client } = ctx;
    const c2p = client.code2ProtocolConverter;
    const result = await this.run<SpanResult>(client, 'pactum.setSpan', {
      uri: c2p.asUri(editor.document.uri),
      range: c2p.asRange(editor.selection),
    });
    if (result) {
      this.select(editor, client, result.range);
    }
    return result;
  }

  private async uncertain(direction: 'next' | 'previous'): Promise<unknown> {
    const ctx = this.context();
    if (!ctx) {
      return undefined;
    }
    const { editor, client } = ctx;
    const c2p = client.code2ProtocolConverter;
    const result = await this.run<SpanResult | null>(client, 'pactum.uncertain', {
      uri: c2p.asUri(editor.document.uri),
      position: c2p.asPosition(editor.selection.active),
      direction,
    });
    if (result) {
      this.select(editor, client, result.range);
    } else if (result === null) {
      void vscode.window.showInformationMessage('Pactum: no suggestions left in this document.');
    }
    return result;
  }

  private async acceptParagraph(): Promise<unknown> {
    const ctx = this.context();
    if (!ctx) {
      return undefined;
    }
    const { editor, client } = ctx;
    const c2p = client.code2ProtocolConverter;
    const result = await this.run<{ accepted: number }>(client, 'pactum.acceptParagraph', {
      uri: c2p.asUri(editor.document.uri),
      position: c2p.asPosition(editor.selection.active),
    });
    if (result) {
      vscode.window.setStatusBarMessage(`Pactum: accepted ${result.accepted} suggestion(s) in this paragraph`, 4000);
    }
    return result;
  }
}
