// The one picker of Pactum: shows a *choice set* the server built (title,
// choices with name, key, colour, description; see server/lsp/src/choices.rs)
// in a QuickPick and runs the server command it names with the pick. Labels
// for a span are one use; relation labels when linking are another: any
// command that gets a choice set from the server calls `choose()`.
//
// Typing a choice's key (one character, case-sensitive) applies it at once;
// other typing filters by name and Enter picks. Choices without a usable key
// (`key: null`) are picked by name only.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { applyArguments, Choice, ChoiceSet, choiceForKey } from './choices';

export type { ChoiceSet } from './choices';

interface Item extends vscode.QuickPickItem {
  choice: Choice;
}

/** A small SVG disc in `color`, written once to the extension's storage. */
async function colourIcon(storage: vscode.Uri, color: string | null): Promise<vscode.Uri | undefined> {
  if (!color || !/^#[0-9a-fA-F]{6}$/.test(color)) {
    return undefined;
  }
  const file = vscode.Uri.joinPath(storage, 'label-colours', `${color.slice(1).toLowerCase()}.svg`);
  try {
    await vscode.workspace.fs.stat(file);
  } catch {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="6" fill="${color}"/></svg>`;
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(storage, 'label-colours'));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(svg));
  }
  return file;
}

/** Shows `set`; resolves to the picked choice's name, or undefined when dismissed. */
export async function ask(set: ChoiceSet, storage: vscode.Uri): Promise<string | undefined> {
  if (set.choices.length === 0) {
    void vscode.window.showWarningMessage('Pactum: nothing to choose from.');
    return undefined;
  }
  if (set.keyNote) {
    void vscode.window.showWarningMessage(`Pactum: ${set.keyNote}`);
  }
  const items: Item[] = await Promise.all(
    set.choices.map(async (c) => ({
      label: c.name,
      description: [c.key ? `[${c.key}]` : '', c.current ? 'current' : ''].filter(Boolean).join(' '),
      detail: c.description,
      iconPath: await colourIcon(storage, c.color).catch(() => undefined),
      choice: c,
    })),
  );
  const keyed = set.choices.some((c) => c.key);
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<Item>();
    let done = false;
    const finish = (name: string | undefined) => {
      if (!done) {
        done = true;
        resolve(name);
        qp.hide();
      }
    };
    qp.title = set.title;
    qp.placeholder = keyed ? 'Press a label’s key, or type its name and Enter' : 'Type a label’s name and Enter';
    qp.items = items;
    const current = items.find((i) => i.choice.current);
    if (current) {
      qp.activeItems = [current];
    }
    qp.onDidChangeValue((value) => {
      const c = choiceForKey(set, value);
      if (c) {
        finish(c.name);
      }
    });
    qp.onDidAccept(() => finish((qp.selectedItems[0] ?? qp.activeItems[0])?.choice.name));
    qp.onDidHide(() => {
      finish(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/** Asks for a choice of `set` and carries it out: runs `set.apply.command`
 * with its arguments plus `label: <name>`. Resolves to the server's answer,
 * or undefined when dismissed or refused (the refusal is shown). */
export async function choose(client: LanguageClient, set: ChoiceSet, storage: vscode.Uri): Promise<unknown> {
  const name = await ask(set, storage);
  if (!name) {
    return undefined;
  }
  try {
    return await client.sendRequest(ExecuteCommandRequest.type, { command: set.apply.command, arguments: [applyArguments(set, name)] });
  } catch (e) {
    void vscode.window.showWarningMessage(`Pactum: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
