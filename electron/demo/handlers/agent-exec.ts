// The guest agent's exec commands (qemu-server src/PVE/API2/Qemu/Agent.pm exec, exec-status;
// QGA guest-exec / guest-exec-status): `POST …/agent/exec` with a `command` array starts a process
// in the VM and answers its pid; `GET …/agent/exec-status?pid=` answers `exited: false` while it
// runs, then `exited`, `exitcode` and `out-data`/`err-data` (decoded text) once, after which QGA
// forgets the pid. Inside, `journalctl` (console/journalctl.ts over the VM's generated journal),
// `hostname` and `cat /etc/hostname` answer; anything else fails to execute as QGA reports it.

import { fail } from '../errors';
import {
  formatRecord,
  initialRecords,
  JOURNALCTL_VERSION,
  parseJournalArgs,
} from '../console/journalctl';
import type { Guest } from '../model';
import type { Simulation } from '../sim';
import { agentGuest } from './agent';
import { num, type Route } from './context';

/** How long a command "runs" before exec-status reports it exited (simulated ms). */
const RUN_MS = 150;

interface Proc {
  doneAt: number;
  exitcode: number;
  out: string;
  err: string;
}

const procs = new WeakMap<Simulation, Map<string, Proc>>();
let nextPid = 4100;

function run(
  g: Guest,
  argv: readonly string[],
  nowMs: number,
): { exitcode: number; out: string; err: string } {
  const [cmd, ...args] = argv;
  const base = cmd?.split('/').at(-1);
  if (base === 'hostname') return { exitcode: 0, out: `${g.name}\n`, err: '' };
  if (base === 'cat' && args.length === 1 && args[0] === '/etc/hostname') {
    return { exitcode: 0, out: `${g.name}\n`, err: '' };
  }
  if (base === 'journalctl') {
    const q = parseJournalArgs(args);
    if ('error' in q) return { exitcode: 1, out: '', err: `${q.error}\n` };
    if (q.version) return { exitcode: 0, out: JOURNALCTL_VERSION, err: '' };
    if (q.follow) {
      // It would never exit: QGA keeps it running and its output is never returned.
      return { exitcode: -1, out: '', err: '' };
    }
    const first = initialRecords(g, q, nowMs * 1000);
    if ('error' in first) return { exitcode: 1, out: '', err: `${first.error}\n` };
    return {
      exitcode: 0,
      out: first.records.map((r) => formatRecord(g, r, q.format, false)).join(''),
      err: '',
    };
  }
  throw fail(
    `Agent error: Failed to execute child process “${cmd ?? ''}” (No such file or directory)`,
  );
}

export const agentExecRoutes: Route[] = [
  {
    method: 'POST',
    template: '/nodes/{node}/qemu/{vmid}/agent/exec',
    auth: true,
    perm: ['/vms/{vmid}', 'VM.GuestAgent.Unrestricted'],
    handler: (ctx) => {
      const g = agentGuest(ctx);
      const raw = ctx.params.command;
      const argv = Array.isArray(raw) ? raw.map(String) : raw === undefined ? [] : [String(raw)];
      if (argv.length === 0) throw fail('no command specified');
      const now = ctx.sim.clock.nowMs();
      const r = run(g, argv, now);
      const pid = nextPid++;
      let table = procs.get(ctx.sim);
      if (!table) procs.set(ctx.sim, (table = new Map()));
      table.set(`${g.vmid}:${pid}`, { doneAt: r.exitcode === -1 ? Infinity : now + RUN_MS, ...r });
      return { data: { pid } };
    },
  },
  {
    method: 'GET',
    template: '/nodes/{node}/qemu/{vmid}/agent/exec-status',
    auth: true,
    perm: ['/vms/{vmid}', 'VM.GuestAgent.Unrestricted'],
    handler: (ctx) => {
      const g = agentGuest(ctx);
      const pid = num(ctx.params, 'pid');
      const table = procs.get(ctx.sim);
      const key = `${g.vmid}:${pid}`;
      const p = table?.get(key);
      if (!p) throw fail(`Agent error: Invalid parameter 'pid'`);
      if (ctx.sim.clock.nowMs() < p.doneAt) return { data: { exited: 0 } };
      table!.delete(key);
      const data: Record<string, unknown> = { exited: 1, exitcode: p.exitcode };
      if (p.out) data['out-data'] = p.out;
      if (p.err) data['err-data'] = p.err;
      return { data };
    },
  },
];
