// The browser host's application log, as a user starts it (`npm run serve`): the log's path is
// printed at start and in --help, the file is in the data directory and gets the host's lines; with
// --ephemeral no file is written and the host says so.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from './helpers';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'deckhand-serve-log-'));
  dirs.push(d);
  return d;
}

/** Start the CLI; its stdout so far is in `out()`. */
function serve(args: string[]): { child: ChildProcess; out: () => string } {
  const staticDir = tempDir();
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Deckhand</title>');
  const child = spawn(tsx, ['electron/serve/cli.ts', '--static-dir', staticDir, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.resume();
  return { child, out: () => out };
}

describe('the browser host’s log', () => {
  it('is written in the data directory, and its path is printed at start', async () => {
    const dataDir = tempDir();
    const { child, out } = serve(['--data-dir', dataDir]);
    const file = path.join(dataDir, 'logs', 'deckhand.log');
    await waitFor('the start banner', () => out().includes('Press Ctrl+C'), 20_000);
    expect(out()).toContain(`  Log: ${file}\n`);
    await stop(child);
    expect(readFileSync(file, 'utf8')).toMatch(/^\S+ INFO {2}Deckhand \S+ browser host started/);
  });

  it('is not written with --ephemeral, and the host says so', async () => {
    const { out } = serve(['--ephemeral']);
    await waitFor('the start banner', () => out().includes('Press Ctrl+C'), 20_000);
    expect(out()).toContain('  Log: none written (--ephemeral); warnings go to stderr\n');
  });

  it('is named in --help', async () => {
    const { child, out } = serve(['--help']);
    await new Promise((resolve) => child.once('exit', resolve));
    expect(out()).toContain('<data-dir>/logs/deckhand.log');
  });
});
