// Where the `pactum` binary comes from: the `pactum.server.path` setting, else
// the binary bundled in the extension (`server/pactum`), else `pactum` on PATH.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type ServerLocation =
  | { kind: 'found'; path: string; source: 'setting' | 'bundled' | 'PATH' }
  | { kind: 'missing'; message: string };

const EXE = process.platform === 'win32' ? 'pactum.exe' : 'pactum';

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function expandSetting(value: string, workspaceRoot: string | undefined): string {
  let p = value.trim();
  if (p === '~' || p.startsWith('~/')) {
    p = path.join(os.homedir(), p.slice(1));
  }
  if (workspaceRoot) {
    p = p.replace(/\$\{workspaceFolder\}/g, workspaceRoot);
    if (!path.isAbsolute(p)) {
      p = path.join(workspaceRoot, p);
    }
  }
  return p;
}

function onPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, EXE))) {
      return path.join(dir, EXE);
    }
  }
  return undefined;
}

export const INSTALL_HINT =
  'Install it (`cargo install --path server/cli` in the Pactum repository) or set `pactum.server.path` to the binary.';

export function locateServer(setting: string, extensionPath: string, workspaceRoot: string | undefined): ServerLocation {
  if (setting.trim() !== '') {
    const p = expandSetting(setting, workspaceRoot);
    return isExecutable(p)
      ? { kind: 'found', path: p, source: 'setting' }
      : { kind: 'missing', message: `Pactum: \`pactum.server.path\` is "${setting}", but there is no executable file at ${p}. Fix the setting, or clear it to use a bundled or installed \`pactum\`.` };
  }
  const bundled = path.join(extensionPath, 'server', EXE);
  if (isExecutable(bundled)) {
    return { kind: 'found', path: bundled, source: 'bundled' };
  }
  const found = onPath();
  if (found) {
    return { kind: 'found', path: found, source: 'PATH' };
  }
  return { kind: 'missing', message: `Pactum: cannot find the \`pactum\` language server (no \`pactum.server.path\` setting, no bundled binary, none on PATH). ${INSTALL_HINT}` };
}
