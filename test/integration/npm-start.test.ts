// `npm start` on a machine without the Electron binary: it says so at once, with the way out (the
// browser host), and does not spend a full build first.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_MAIN = join(ROOT, 'out/main/index.js');

function mtimeOf(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function runStart(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => done({ code, out, err }));
  });
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('npm start without the Electron binary', () => {
  it('exits at once with a clear message and builds nothing', async () => {
    // An empty override directory is how the `electron` package finds no binary on any machine,
    // and it never downloads one: the same state as a machine whose download is impossible.
    const empty = mkdtempSync(join(tmpdir(), 'deckhand-no-electron-'));
    dirs.push(empty);
    const before = mtimeOf(OUT_MAIN);
    const { code, out, err } = await runStart({
      ...process.env,
      ELECTRON_OVERRIDE_DIST_PATH: empty,
    });

    expect(code).toBe(1);
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    const old = major < 22 || (major === 22 && minor < 12);
    expect(err).toBe(
      [
        '',
        'npm start: the Electron binary is not installed and could not be downloaded',
        `(no executable at ${join(empty, 'electron')}).`,
        ...(old
          ? [
              '',
              `Electron's download tooling needs Node.js 22.12 or newer; this is Node.js ${process.versions.node}.`,
            ]
          : []),
        '',
        'To use Deckhand on this machine without Electron, run:',
        '',
        '  npm run serve',
        '',
        'It serves the same app to your browser on 127.0.0.1 and prints the address to open.',
        '',
      ].join('\n'),
    );
    // Nothing was built: electron-vite never ran and out/main is as it was.
    expect(out).toBe('The Electron binary is not installed yet: downloading it…\n');
    expect(mtimeOf(OUT_MAIN)).toBe(before);
  });
});
