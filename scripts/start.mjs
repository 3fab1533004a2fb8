// `npm start`: build with electron-vite, then launch the Electron app. Where the Electron binary
// cannot be obtained (no download possible), say so plainly and point at the browser host.

import { spawn, spawnSync } from 'node:child_process';
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

const build = spawnSync(process.execPath, [electronViteBin, 'build'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) fail('npm start: the build failed (see above).');

// Resolving the 'electron' package downloads its binary when missing; do it in a child process
// so a failed download ends in our message rather than its stack trace.
process.stdout.write('Looking for the Electron binary…\n');
const probe = spawnSync(
  process.execPath,
  ['-e', "process.stdout.write(String(require('electron')))"],
  { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000 },
);
const electronPath = probe.status === 0 ? probe.stdout.trim().split('\n').pop() : undefined;
if (!electronPath) {
  const reason =
    firstErrorLine(probe.stderr) ?? (probe.error ? probe.error.message : 'unknown error');
  fail(
    [
      'npm start: the Electron binary is not installed and could not be downloaded',
      `(${reason}).`,
      '',
      'To use Deckhand on this machine without Electron, run:',
      '',
      '  npm run serve',
      '',
      'It serves the same app to your browser on 127.0.0.1 and prints the address to open.',
    ].join('\n'),
  );
}

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
