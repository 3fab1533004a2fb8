// The process behind a termproxy session: a real shell in a pseudo-terminal (@lydell/node-pty,
// N-API prebuilds that load in Node and Electron alike), started as termproxy starts its command
// (pve-xtermjs termproxy/src/main.rs run_pty: 80×20, TERM=xterm-256color, a filtered environment).
// When node-pty cannot load or spawn, a shell over pipes stands in, with a notice saying why:
// the demo must never crash for want of a PTY.

import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { systemScheduler, type Scheduler } from '../../../shared/lifecycle';

export interface TerminalProcess {
  readonly pty: boolean;
  cols: number;
  rows: number;
  write(data: Buffer): void;
  /** false when the terminal cannot be resized (pipe fallback) */
  resize(cols: number, rows: number): boolean;
  onData(cb: (data: Buffer) => void): void;
  onExit(cb: () => void): void;
  /** Hang up (SIGHUP, then SIGKILL if it lingers); resolves once the process is gone. */
  kill(): Promise<void>;
}

export interface ShellOptions {
  /** the prompt, e.g. `root@pve1:~# ` (bash gets `\w` for the directory) */
  user: string;
  host: string;
  home: string;
  cols: number;
  rows: number;
  /** false: pipes even where node-pty loads (as if it could not). */
  pty?: boolean;
  /** where the hang-up's SIGKILL deadline comes from (default: the real clock) */
  scheduler?: Scheduler;
  /** a directory put first on PATH (the node shell's `pct`, console/pct-bridge.ts) */
  pathPrefix?: string;
  /** more variables for the shell's environment */
  env?: Record<string, string>;
}

// A shell that ignores SIGHUP gets SIGKILL this long after.
const KILL_GRACE_MS = 2000;

type PtyModule = typeof import('@lydell/node-pty');

let ptyModule: PtyModule | undefined;
let ptyError: string | undefined;
let ptyLoad: Promise<void> | undefined;

/** Load node-pty once; afterwards `ptyStatus()` tells whether terminals are real. */
export function loadPty(): Promise<void> {
  ptyLoad ??= import('@lydell/node-pty').then(
    (m) => {
      // The CommonJS module arrives as `default` under some loaders.
      const mod = (m as { default?: PtyModule }).default ?? m;
      if (typeof mod.spawn !== 'function') throw new Error('@lydell/node-pty has no spawn()');
      ptyModule = mod;
    },
    (err: unknown) => {
      ptyError = `@lydell/node-pty did not load: ${err instanceof Error ? err.message : String(err)}`;
    },
  );
  return ptyLoad;
}

export function ptyStatus(): { pty: boolean; ptyError?: string } {
  return ptyModule ? { pty: true } : { pty: false, ptyError: ptyError ?? 'not loaded yet' };
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

interface Command {
  file: string;
  args: string[];
  env: Record<string, string>;
}

function shellCommand(o: ShellOptions): Command {
  // termproxy passes only PATH, USER, HOME, LANG, LANGUAGE and LC_* on, and sets TERM.
  const basePath = process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin';
  const env: Record<string, string> = {
    ...o.env,
    PATH: o.pathPrefix ? `${o.pathPrefix}${delimiter}${basePath}` : basePath,
    HOME: o.home,
    USER: o.user,
    LANG: process.env.LANG ?? 'C.UTF-8',
    TERM: 'xterm-256color',
    HISTFILE: join(o.home, '.bash_history'),
  };
  if (process.platform === 'win32') {
    const ps = onPath('powershell.exe') ?? onPath('pwsh.exe');
    if (ps) {
      const prompt = `function prompt { '${o.user}@${o.host}:~# ' }`;
      return {
        file: ps,
        args: ['-NoLogo', '-NoProfile', '-NoExit', '-Command', prompt],
        env: { ...process.env, ...env } as Record<string, string>,
      };
    }
    return {
      file: process.env.ComSpec ?? 'cmd.exe',
      args: [],
      env: { ...process.env, ...env, PROMPT: `${o.user}@${o.host}:~# ` } as Record<string, string>,
    };
  }
  const bash = onPath('bash');
  if (bash) {
    return {
      file: bash,
      args: ['--norc', '--noprofile', '-i'],
      env: { ...env, PS1: `${o.user}@${o.host}:\\w# ` },
    };
  }
  const sh = existsSync('/bin/sh') ? '/bin/sh' : (onPath('sh') ?? 'sh');
  return { file: sh, args: ['-i'], env: { ...env, PS1: `${o.user}@${o.host}:~# ` } };
}

/** A shell in a PTY, or over pipes when that is impossible (the notice is its first output). */
export function spawnShell(o: ShellOptions): TerminalProcess {
  if (o.pty === false) return spawnPiped(o, 'pseudo-terminals are turned off for this demo');
  if (ptyModule) {
    try {
      return spawnPty(ptyModule, o);
    } catch (err) {
      return spawnPiped(
        o,
        `node-pty could not spawn: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return spawnPiped(o, ptyError ?? 'node-pty is not loaded');
}

function spawnPty(mod: PtyModule, o: ShellOptions): TerminalProcess {
  const cmd = shellCommand(o);
  const p = mod.spawn(cmd.file, cmd.args, {
    name: 'xterm-256color',
    cols: o.cols,
    rows: o.rows,
    cwd: o.home,
    env: cmd.env,
  });
  let exited = false;
  const exitWaiters: Array<() => void> = [];
  p.onExit(() => {
    exited = true;
    for (const w of exitWaiters.splice(0)) w();
  });
  const t: TerminalProcess = {
    pty: true,
    cols: o.cols,
    rows: o.rows,
    write: (data) => {
      if (!exited) p.write(data.toString('utf8'));
    },
    resize: (cols, rows) => {
      // TIOCSWINSZ takes 0, node-pty does not; termproxy passes the numbers through.
      const c = Math.max(1, cols);
      const r = Math.max(1, rows);
      if (exited) return false;
      try {
        p.resize(c, r);
      } catch {
        return false;
      }
      t.cols = c;
      t.rows = r;
      return true;
    },
    onData: (cb) => {
      p.onData((s) => cb(Buffer.from(s, 'utf8')));
    },
    onExit: (cb) => {
      if (exited) cb();
      else exitWaiters.push(cb);
    },
    kill: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        exitWaiters.push(resolve);
        try {
          p.kill('SIGHUP');
        } catch {
          // already gone
        }
        const hard = (o.scheduler ?? systemScheduler).setTimeout(
          () => {
            try {
              p.kill('SIGKILL');
            } catch {
              // already gone
            }
          },
          KILL_GRACE_MS,
          { label: 'demo shell SIGKILL' },
        );
        exitWaiters.push(() => void hard.dispose());
      }),
  };
  return t;
}

function spawnPiped(o: ShellOptions, why: string): TerminalProcess {
  const cmd = shellCommand(o);
  let child: ChildProcess | undefined;
  let spawnError: string | undefined;
  try {
    child = spawnChild(cmd.file, cmd.args, { cwd: o.home, env: cmd.env, stdio: 'pipe' });
  } catch (err) {
    spawnError = err instanceof Error ? err.message : String(err);
  }
  const dataCbs: Array<(d: Buffer) => void> = [];
  const exitCbs: Array<() => void> = [];
  let exited = false;
  const notice = Buffer.from(
    `[deckhand demo] no pseudo-terminal (${why}); a plain shell over pipes, no resize\r\n`,
  );
  const emit = (d: Buffer): void => {
    // Without a tty nobody turns \n into \r\n.
    const text = d.toString('utf8').replace(/\r?\n/g, '\r\n');
    for (const cb of dataCbs) cb(Buffer.from(text, 'utf8'));
  };
  const finish = (): void => {
    if (exited) return;
    exited = true;
    for (const cb of exitCbs.splice(0)) cb();
  };
  if (child) {
    child.stdout?.on('data', emit);
    child.stderr?.on('data', emit);
    child.on('error', (err) => {
      emit(Buffer.from(`${err.message}\n`));
      finish();
    });
    child.on('close', finish);
  }
  const t: TerminalProcess = {
    pty: false,
    cols: o.cols,
    rows: o.rows,
    write: (data) => {
      if (exited || !child?.stdin?.writable) return;
      // xterm sends \r for Enter; a shell on a pipe wants \n. There is no tty to echo either.
      const text = data.toString('utf8').replace(/\r/g, '\n');
      emit(Buffer.from(text));
      child.stdin.write(text);
    },
    resize: () => false,
    onData: (cb) => {
      dataCbs.push(cb);
      if (dataCbs.length === 1) {
        cb(notice);
        if (spawnError !== undefined) {
          cb(Buffer.from(`cannot start ${cmd.file}: ${spawnError}\r\n`));
          (o.scheduler ?? systemScheduler).setTimeout(finish, 0, { label: 'demo shell exit' });
        }
      }
    },
    onExit: (cb) => {
      if (exited) cb();
      else exitCbs.push(cb);
    },
    kill: () =>
      new Promise<void>((resolve) => {
        if (exited || !child) {
          finish();
          return resolve();
        }
        exitCbs.push(resolve);
        child.stdin?.end();
        child.kill('SIGHUP');
        const hard = (o.scheduler ?? systemScheduler).setTimeout(
          () => child?.kill('SIGKILL'),
          KILL_GRACE_MS,
          { label: 'demo shell SIGKILL' },
        );
        exitCbs.push(() => void hard.dispose());
      }),
  };
  return t;
}
