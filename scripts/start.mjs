// `npm start`: find (or fetch) the Electron binary, then build with electron-vite and launch the
// app. The binary is looked for first, so a machine without it hears so at once, not after a
// full build; where it cannot be obtained, say so plainly and point at the browser host.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const electronViteBin = path.join(
  path.dirname(require.resolve('electron-vite/package.json')),
  'bin',
  'electron-vite.js',
);

function fail(message) {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

/**
 * Where the installed binary is, as the `electron` package itself resolves it (its index.js):
 * `path.txt` names the executable inside `dist/` (or inside ELECTRON_OVERRIDE_DIST_PATH).
 * Undefined when it is not there; nothing is downloaded.
 */
function installedElectron() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = path.join(dir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const full = override
    ? path.join(override, executable || 'electron')
    : executable
      ? path.join(dir, 'dist', executable)
      : undefined;
  return full && existsSync(full) ? full : undefined;
}

/** Resolving the 'electron' package downloads its binary when missing; in a child process, so a
 * failed download ends in our message rather than its stack trace. */
function downloadElectron() {
  process.stdout.write('The Electron binary is not installed yet: downloading it…\n');
  const probe = spawnSync(
    process.execPath,
    ['-e', "process.stdout.write(String(require('electron')))"],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000 },
  );
  const found = probe.status === 0 ? probe.stdout.trim().split('\n').pop() : undefined;
  if (found && existsSync(found)) return { path: found };
  const reason = found
    ? `no executable at ${found}`
    : (firstErrorLine(probe.stderr) ?? (probe.error ? probe.error.message : 'unknown error'));
  return { reason };
}

/** Electron's download and packaging tools (@electron/get, @electron/rebuild) want Node 22.12+. */
function nodeTooOld() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major < 22 || (major === 22 && minor < 12);
}

let electronPath = installedElectron();
if (!electronPath) {
  const got = downloadElectron();
  if (!got.path) {
    fail(
      [
        'npm start: the Electron binary is not installed and could not be downloaded',
        `(${got.reason}).`,
        ...(nodeTooOld()
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
      ].join('\n'),
    );
  }
  electronPath = got.path;
}

const build = spawnSync(process.execPath, [electronViteBin, 'build'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) fail('npm start: the build failed (see above).');

const child = spawn(electronPath, ['.'], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (err) => fail(`npm start: Electron could not be launched: ${err.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

function firstErrorLine(text) {
  const line = (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /error|failed/i.test(l) && !l.startsWith('at '));
  return line ? line.replace(/^(Type)?Error:\s*/, '') : undefined;
}
