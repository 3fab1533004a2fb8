// `pct exec VMID -- COMMAND…` on a demo node, as the node shell runs it (PVE::CLI::pct exec →
// lxc-attach): the container must be on this node and running; inside it `hostname`, `cat`,
// `test -e|-f`, `tail [-f|-F] [-n N]` and `journalctl …` (console/journalctl.ts) answer with the
// container's data. A container without systemd (Alpine) has no journalctl (lxc-attach's exec
// fails, exit 127) and writes /var/log/messages instead. Followers poll the generated journal.

import type { Disposable, Scheduler } from '../../../shared/lifecycle';
import {
  appOf,
  busyboxLine,
  hasSystemd,
  lastRecords,
  recordsBetween,
  type JournalRecord,
  type RecordFilter,
} from '../guest-journal';
import type { Guest } from '../model';
import type { Simulation } from '../sim';
import { formatRecord, initialRecords, JOURNALCTL_VERSION, parseJournalArgs } from './journalctl';

export interface PctIo {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
  /** stdout is a terminal (journalctl highlights priorities then). */
  tty: boolean;
}

const FOLLOW_MS = 500;

/** A file in a container: its lines over the journal (so a tail grows), or fixed text. */
interface GuestFile {
  records?: { filter: RecordFilter; line: (r: JournalRecord) => string };
  text?: string;
}

function osRelease(g: Guest): string {
  if (g.ostype === 'alpine') {
    return 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n';
  }
  if (g.ostype === 'ubuntu') {
    return 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\n';
  }
  return 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
}

export function guestFile(g: Guest, path: string): GuestFile | undefined {
  switch (path) {
    case '/etc/hostname':
      return { text: `${g.name}\n` };
    case '/etc/os-release':
      return { text: osRelease(g) };
  }
  if (!hasSystemd(g) && path === '/var/log/messages') {
    return { records: { filter: () => true, line: (r) => busyboxLine(g, r) } };
  }
  const app = appOf(g);
  if (hasSystemd(g) && path === `/var/log/${app.ident}.log`) {
    return {
      records: {
        filter: (r) => r.unit === app.unit,
        line: (r) => `${new Date(Math.floor(r.usec / 1000)).toISOString()} ${r.message}`,
      },
    };
  }
  return undefined;
}

/** Run `pct ARGS…` on `nodeName`; a follower is stopped by disposing what is returned. */
export function runPct(
  sim: Simulation,
  nodeName: string,
  args: readonly string[],
  io: PctIo,
  scheduler: Scheduler,
): Disposable | undefined {
  if (args[0] !== 'exec') {
    io.err(
      `ERROR: unknown command 'pct ${args.join(' ')}'\nUSAGE: pct <COMMAND> [ARGS] [OPTIONS]\n`,
    );
    io.exit(255);
    return undefined;
  }
  const vmid = Number(args[1]);
  const g = /^\d+$/.test(args[1] ?? '') ? sim.state.guests.get(vmid) : undefined;
  if (!g || g.type !== 'lxc' || g.node !== nodeName) {
    io.err(`Configuration file 'nodes/${nodeName}/lxc/${args[1] ?? ''}.conf' does not exist\n`);
    io.exit(255);
    return undefined;
  }
  if (g.run !== 'running') {
    io.err(`CT ${String(vmid)} not running\n`);
    io.exit(255);
    return undefined;
  }
  const rest = args[2] === '--' ? args.slice(3) : args.slice(2);
  const [cmd, ...cmdArgs] = rest;
  if (cmd === undefined) {
    io.err('lxc-attach: no command given (the shell is not simulated)\n');
    io.exit(1);
    return undefined;
  }
  const nowUsec = (): number => sim.clock.nowMs() * 1000;
  switch (cmd) {
    case 'hostname':
      io.out(`${g.name}\n`);
      io.exit(0);
      return undefined;
    case 'cat':
      return cat(g, cmdArgs, io, nowUsec());
    case 'test':
      io.exit(
        guestFile(g, cmdArgs[1] ?? '') && ['-e', '-f', '-r'].includes(cmdArgs[0] ?? '') ? 0 : 1,
      );
      return undefined;
    case 'tail':
      return tail(g, cmdArgs, io, nowUsec, scheduler);
    case 'journalctl':
      if (hasSystemd(g)) return journalctl(g, cmdArgs, io, nowUsec, scheduler);
      break;
  }
  io.err(
    `lxc-attach: ${String(vmid)}: ../src/lxc/attach.c: lxc_attach_run_command: 1841 No such file or directory - Failed to exec "${cmd}"\n`,
  );
  io.exit(127);
  return undefined;
}

function fileLines(g: Guest, f: GuestFile, n: number | 'all', nowUsec: number): string[] {
  if (f.text !== undefined) {
    const lines = f.text.split('\n').slice(0, -1);
    return n === 'all' ? lines : lines.slice(Math.max(0, lines.length - n));
  }
  const { filter, line } = f.records!;
  const rs =
    n === 'all' ? recordsBetween(g, -1, nowUsec, filter) : lastRecords(g, n, nowUsec, filter);
  return rs.map(line);
}

function cat(g: Guest, paths: readonly string[], io: PctIo, nowUsec: number): undefined {
  let code = 0;
  for (const p of paths) {
    const f = guestFile(g, p);
    if (!f) {
      io.err(`cat: ${p}: No such file or directory\n`);
      code = 1;
      continue;
    }
    const lines = fileLines(g, f, 'all', nowUsec);
    if (lines.length) io.out(`${lines.join('\n')}\n`);
  }
  io.exit(code);
  return undefined;
}

/** Follow records after `from` every FOLLOW_MS, printing each with `line`. */
function follow(
  g: Guest,
  fromUsec: number,
  filter: RecordFilter | undefined,
  line: (r: JournalRecord) => string,
  io: PctIo,
  nowUsec: () => number,
  scheduler: Scheduler,
): Disposable {
  let last = fromUsec;
  return scheduler.setInterval(
    () => {
      const now = nowUsec();
      const rs = recordsBetween(g, last, now, filter);
      last = now;
      const text = rs.map(line).join('');
      if (text) io.out(text);
    },
    FOLLOW_MS,
    { label: 'demo pct follow' },
  );
}

function tail(
  g: Guest,
  args: readonly string[],
  io: PctIo,
  nowUsec: () => number,
  scheduler: Scheduler,
): Disposable | undefined {
  let n = 10;
  let mode: 'none' | 'f' | 'F' = 'none';
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-f' || a === '--follow') mode = mode === 'F' ? 'F' : 'f';
    else if (a === '-F') mode = 'F';
    else if (a === '-n' || a === '--lines') n = Number(args[++i]);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^--lines=\d+$/.test(a)) n = Number(a.slice(8));
    else if (a.startsWith('-')) {
      io.err(`tail: invalid option -- '${a.slice(1)}'\nTry 'tail --help' for more information.\n`);
      io.exit(1);
      return undefined;
    } else paths.push(a);
    if (!Number.isFinite(n)) {
      io.err(`tail: invalid number of lines: '${args[i] ?? ''}'\n`);
      io.exit(1);
      return undefined;
    }
  }
  const path = paths[0];
  const f = path === undefined ? undefined : guestFile(g, path);
  if (!f || path === undefined) {
    io.err(`tail: cannot open '${path ?? '-'}' for reading: No such file or directory\n`);
    if (mode === 'F')
      return scheduler.setTimeout(() => undefined, 2 ** 31 - 1, { label: 'tail -F retry' });
    if (mode === 'f') io.err('tail: no files remaining\n');
    io.exit(1);
    return undefined;
  }
  const start = nowUsec();
  const lines = fileLines(g, f, n, start);
  if (lines.length) io.out(`${lines.join('\n')}\n`);
  if (mode === 'none' || !f.records) {
    if (mode === 'none') io.exit(0);
    return mode === 'none'
      ? undefined
      : scheduler.setTimeout(() => undefined, 2 ** 31 - 1, { label: 'tail -f idle' });
  }
  const { filter, line } = f.records;
  return follow(g, start, filter, (r) => `${line(r)}\n`, io, nowUsec, scheduler);
}

function journalctl(
  g: Guest,
  args: readonly string[],
  io: PctIo,
  nowUsec: () => number,
  scheduler: Scheduler,
): Disposable | undefined {
  const q = parseJournalArgs(args);
  if ('error' in q) {
    io.err(`${q.error}\n`);
    io.exit(1);
    return undefined;
  }
  if (q.version) {
    io.out(JOURNALCTL_VERSION);
    io.exit(0);
    return undefined;
  }
  const start = nowUsec();
  const first = initialRecords(g, q, start);
  if ('error' in first) {
    io.err(`${first.error}\n`);
    io.exit(1);
    return undefined;
  }
  const line = (r: JournalRecord): string => formatRecord(g, r, q.format, io.tty);
  const text = first.records.map(line).join('');
  if (text) io.out(text);
  if (!q.follow) {
    io.exit(0);
    return undefined;
  }
  return follow(g, start, first.filter, line, io, nowUsec, scheduler);
}
