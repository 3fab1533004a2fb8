// The 'xvnc' VNC backend: a real TigerVNC Xvnc per vncproxy session, on a free loopback port,
// VNC Authentication only, with an xterm filling the screen that shows the VM's console. The
// client's RFB handshake and DES challenge are answered by Xvnc itself, against the password of
// that vncproxy reply. Debian: tigervnc-standalone-server, tigervnc-tools (vncpasswd), xterm.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import type { Scheduler } from '../../../shared/lifecycle';

export const XVNC_PACKAGES = 'tigervnc-standalone-server tigervnc-tools xterm';

const WIDTH = 1024;
const HEIGHT = 768;
// The X server's built-in `fixed` font is 6×13: this many cells fill the screen.
const XTERM_GEOMETRY = `${Math.floor(WIDTH / 6)}x${Math.floor(HEIGHT / 13)}+0+0`;
const START_TIMEOUT_MS = 10_000;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Which of the programs the backend needs are missing from PATH. */
export function missingXvncPrograms(): string[] {
  if (process.platform === 'win32') return ['Xvnc', 'xterm', 'vncpasswd'];
  return ['Xvnc', 'xterm', 'vncpasswd'].filter((p) => !onPath(p));
}

/** `vncpasswd -f`: the obfuscated password file TigerVNC reads. */
function obfuscate(password: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'vncpasswd',
      ['-f'],
      { encoding: 'buffer', timeout: 5000 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
    child.stdin?.end(`${password}\n`);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

async function stop(child: ChildProcess | undefined, scheduler: Scheduler): Promise<void> {
  if (!child) return;
  const gone = exited(child);
  child.kill('SIGTERM');
  const hard = scheduler.setTimeout(() => child.kill('SIGKILL'), 2000, {
    label: 'demo Xvnc SIGKILL',
  });
  await gone;
  await hard.dispose();
}

export interface XvncOptions {
  /** a private directory (password file, HOME of the xterm) */
  dir: string;
  vmName: string;
  password: string;
  /** start and kill deadlines */
  scheduler: Scheduler;
}

export class XvncDisplay {
  private constructor(
    readonly port: number,
    private readonly passwordFile: string,
    private readonly server: ChildProcess,
    private readonly xterm: ChildProcess,
    private readonly scheduler: Scheduler,
  ) {}

  static async start(o: XvncOptions): Promise<XvncDisplay> {
    const passwordFile = join(o.dir, 'passwd');
    await writeFile(passwordFile, await obfuscate(o.password), { mode: 0o600 });
    let lastError = 'no free display';
    // Parallel demos (test workers) race for display numbers; a taken one just fails to start.
    const first = 20 + Math.floor(Math.random() * 500);
    for (let i = 0; i < 8; i++) {
      const display = first + i * 7;
      if (existsSync(`/tmp/.X${display}-lock`) || existsSync(`/tmp/.X11-unix/X${display}`)) {
        continue;
      }
      const port = await freePort();
      const server = spawn(
        'Xvnc',
        [
          `:${display}`,
          '-localhost',
          '-rfbport',
          String(port),
          '-SecurityTypes',
          'VncAuth',
          '-PasswordFile',
          passwordFile,
          '-geometry',
          `${WIDTH}x${HEIGHT}`,
          '-depth',
          '24',
          '-desktop',
          o.vmName,
          '-nolisten',
          'tcp',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      const ready = await new Promise<string | undefined>((resolve) => {
        let log = '';
        const timer = o.scheduler.setTimeout(
          () => resolve('Xvnc did not start listening in time'),
          START_TIMEOUT_MS,
          { label: 'demo Xvnc start' },
        );
        const done = (err: string | undefined): void => {
          void timer.dispose();
          server.stderr?.off('data', onData);
          server.off('exit', onExit);
          resolve(err);
        };
        const onData = (d: Buffer): void => {
          log += d.toString();
          if (log.includes('Listening for VNC connections')) done(undefined);
        };
        const onExit = (): void =>
          done(`Xvnc exited: ${log.trim().split('\n').slice(-2).join(' ')}`);
        server.stderr?.on('data', onData);
        server.once('exit', onExit);
        server.once('error', (err) => done(err.message));
      });
      if (ready !== undefined) {
        lastError = ready;
        await stop(server, o.scheduler);
        continue;
      }
      // Keep reading Xvnc's log so a full pipe never blocks it.
      server.stderr?.resume();
      const banner = `printf '\\nDebian GNU/Linux 13 %s tty1\\n\\n' "$VMNAME"`;
      const xterm = spawn(
        'xterm',
        [
          '-geometry',
          XTERM_GEOMETRY,
          '-fn',
          'fixed',
          '-bg',
          'black',
          '-fg',
          '#aaaaaa',
          '+sb',
          '-title',
          o.vmName,
          '-e',
          '/bin/sh',
          '-c',
          `${banner}; if command -v bash >/dev/null; then exec bash --norc --noprofile -i; else exec /bin/sh -i; fi`,
        ],
        {
          cwd: o.dir,
          stdio: 'ignore',
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            DISPLAY: `:${display}`,
            HOME: o.dir,
            LANG: process.env.LANG ?? 'C.UTF-8',
            VMNAME: o.vmName,
            PS1: `root@${o.vmName}:\\w# `,
            HISTFILE: join(o.dir, '.bash_history'),
          },
        },
      );
      xterm.on('error', () => {});
      return new XvncDisplay(port, passwordFile, server, xterm, o.scheduler);
    }
    throw new Error(`could not start Xvnc: ${lastError}`);
  }

  /** QEMU's `expire_password`: from now on the old password no longer authenticates. */
  async expirePassword(): Promise<void> {
    try {
      await writeFile(this.passwordFile, await obfuscate(randomBytes(6).toString('base64')));
    } catch {
      // the display is going away anyway
    }
  }

  async close(): Promise<void> {
    await Promise.all([stop(this.xterm, this.scheduler), stop(this.server, this.scheduler)]);
  }
}
