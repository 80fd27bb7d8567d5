// Unit tests of the server lookup (plain Node, no VS Code needed):
// `npm test` bundles this file with esbuild and runs it with `node --test`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { locateServer } from './server';

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-ext-'));
  made.push(d);
  return d;
}

function executable(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, 0o755);
  return file;
}

function withPath<T>(value: string, f: () => T): T {
  const saved = process.env.PATH;
  process.env.PATH = value;
  try {
    return f();
  } finally {
    process.env.PATH = saved;
  }
}

test('the setting wins, relative to the workspace folder', () => {
  const ws = tempDir();
  const bin = executable(path.join(ws, 'bin', 'pactum'));
  const ext = tempDir();
  executable(path.join(ext, 'server', 'pactum'));
  assert.deepEqual(locateServer('bin/pactum', ext, ws), { kind: 'found', path: bin, source: 'setting' });
  assert.deepEqual(locateServer('${workspaceFolder}/bin/pactum', ext, ws), { kind: 'found', path: bin, source: 'setting' });
});

test('a setting that names no executable is an error that names the setting', () => {
  const ws = tempDir();
  fs.writeFileSync(path.join(ws, 'not-executable'), '');
  for (const setting of ['/nonexistent/pactum', 'not-executable', '.']) {
    const r = locateServer(setting, tempDir(), ws);
    assert.equal(r.kind, 'missing');
    assert.match(r.kind === 'missing' ? r.message : '', /pactum\.server\.path/);
  }
});

test('then the bundled binary, then PATH', () => {
  const ext = tempDir();
  const onPath = tempDir();
  const fromPath = executable(path.join(onPath, 'pactum'));
  withPath(onPath, () => {
    assert.deepEqual(locateServer('', ext, undefined), { kind: 'found', path: fromPath, source: 'PATH' });
    const bundled = executable(path.join(ext, 'server', 'pactum'));
    assert.deepEqual(locateServer('  ', ext, undefined), { kind: 'found', path: bundled, source: 'bundled' });
  });
});

test('none found: the message says how to fix it', () => {
  const r = withPath(tempDir(), () => locateServer('', tempDir(), undefined));
  assert.equal(r.kind, 'missing');
  const message = r.kind === 'missing' ? r.message : '';
  assert.match(message, /cargo install --path server\/cli/);
  assert.match(message, /pactum\.server\.path/);
});
