// Pactum for VS Code: starts `pactum lsp` for plain-text documents and adds
// commands, keybindings, label colours and a status-bar item around it.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DocumentFilter, ExecuteCommandRequest, LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { Commands } from './commands';
import { Keys } from './keys';
import { locateServer } from './server';
import { DocumentStatus, StatusItem, WorkspaceProgress } from './status';

let client: LanguageClient | undefined;
let status: StatusItem | undefined;
let output: vscode.LogOutputChannel | undefined;

/** Folders whose root holds a `pactum.toml`. */
function configuredFolders(): readonly vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file' && fs.existsSync(path.join(f.uri.fsPath, 'pactum.toml')));
}

function documentSelector(onlyWithConfig: boolean): DocumentFilter[] {
  if (!onlyWithConfig) {
    return [
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'untitled', language: 'plaintext' },
    ];
  }
  return configuredFolders().map((f) => ({
    scheme: 'file',
    language: 'plaintext',
    pattern: `${f.uri.fsPath.replace(/\\/g, '/')}/**`,
  }));
}

/** The settings the server reads: the severity of suggestions, that this
 * editor has the label picker (`pactum.label`), and the schema files outside
 * the workspace the user trusts — from the user's own settings only, never
 * a workspace's (a cloned repository must not trust files for them). */
function serverSettings(): object {
  const cfg = vscode.workspace.getConfiguration('pactum');
  const trusted = cfg.inspect<string[]>('trustedPaths')?.globalValue;
  return {
    suggestions: { severity: cfg.get<string | null>('suggestions.severity', null) ?? null },
    codeActions: { labelPicker: cfg.get<boolean>('codeActions.labelPicker', true) },
    trustedPaths: Array.isArray(trusted) ? trusted.filter((p) => typeof p === 'string') : [],
  };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('pactum');
  const onlyWithConfig = cfg.get<boolean>('onlyWithConfig', false);
  const selector = documentSelector(onlyWithConfig);
  if (selector.length === 0) {
    output?.info('No workspace folder has a pactum.toml and pactum.onlyWithConfig is set: not starting.');
    return;
  }
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const server = locateServer(cfg.get<string>('server.path', ''), context.extensionPath, root);
  if (server.kind === 'missing') {
    output?.error(server.message);
    const choice = await vscode.window.showErrorMessage(server.message, 'Open Settings');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'pactum.server.path');
    }
    return;
  }
  output?.info(`Starting ${server.path} lsp (from ${server.source}).`);
  const serverOptions: ServerOptions = { command: server.path, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    outputChannel: output,
    // What the server needs to know of this editor (see server/lsp/src/settings.rs);
    // changes of the `pactum` settings reach it as didChangeConfiguration.
    initializationOptions: serverSettings(),
    synchronize: { configurationSection: 'pactum' },
  };
  client = new LanguageClient('pactum', 'Pactum', serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    const running = e.newState === State.Running;
    status?.setRunning(running);
    void vscode.commands.executeCommand('setContext', 'pactum.active', running);
  });
  await client.start();
  const started = client;
  started.onNotification('pactum/documentStatus', (p: DocumentStatus) => {
    status?.setDocumentStatus(p);
    void refreshProgress(started);
  });
  void refreshProgress(started);
}

/** Asks the server for the workspace's progress and shows it in the status bar. */
async function refreshProgress(c: LanguageClient): Promise<void> {
  if (!vscode.workspace.workspaceFolders?.length) {
    return;
  }
  try {
    const p = await c.sendRequest(ExecuteCommandRequest.type, { command: 'pactum.workspaceStatus', arguments: [{}] });
    status?.setProgress(p as WorkspaceProgress);
  } catch {
    status?.setProgress(undefined);
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    await c.stop().catch(() => undefined);
  }
  status?.setRunning(false);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Pactum', { log: true });
  status = new StatusItem();
  context.subscriptions.push(output, status, ...new Commands(() => client).register());
  context.subscriptions.push(...new Keys(() => client, context.globalStorageUri).register());

  const restart = async () => {
    await stop();
    await start(context);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('pactum.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('pactum.server.path') || e.affectsConfiguration('pactum.onlyWithConfig')) {
        void restart();
      }
    }),
    // With `pactum.onlyWithConfig`, a pactum.toml appearing or going changes what is served.
    (() => {
      const watcher = vscode.workspace.createFileSystemWatcher('**/pactum.toml', false, true, false);
      const onChange = () => {
        if (vscode.workspace.getConfiguration('pactum').get<boolean>('onlyWithConfig', false)) {
          void restart();
        }
      };
      watcher.onDidCreate(onChange);
      watcher.onDidDelete(onChange);
      return watcher;
    })(),
  );
  await start(context);
}

export function deactivate(): Promise<void> {
  return stop();
}
