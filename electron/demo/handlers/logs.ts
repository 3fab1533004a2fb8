// Log handlers: a node's journal (gzip-encoded, as pve-manager streams mini-journalreader's
// output), a node's clock (/time: the zone its journal lines are printed in) and the cluster log,
// made from the tasks' start and end as pvedaemon and pveproxy log them to the cluster.

import { gzipSync } from 'node:zlib';
import { hash01 } from '../random';
import { DEMO_TIMEZONE, zoneOffsetMs } from '../journal';
import { readJournal, type JournalQuery } from '../journal-read';
import type { Task } from '../tasks';
import { str, type Route } from './context';

function hex8(n: number): string {
  return (Math.floor(n) >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

interface ClusterLogEntry {
  uid: number;
  time: number;
  pri: number;
  tag: string;
  pid: number;
  node: string;
  user: string;
  msg: string;
  id: string;
}

function taskEntries(t: Task, seed: number): ClusterLogEntry[] {
  const tag = t.type === 'vncshell' || t.type === 'vncproxy' ? 'pveproxy' : 'pvedaemon';
  const uidOf = (phase: number): number =>
    Math.floor(hash01(seed, t.starttime * 2 + phase, t.pid) * 2 ** 31);
  const base = { tag, pid: t.pid, node: t.node, user: t.authid };
  const out: ClusterLogEntry[] = [];
  const startUid = uidOf(0);
  out.push({
    ...base,
    uid: startUid,
    time: t.starttime,
    pri: 6,
    msg: `starting task ${t.upid}`,
    id: `${hex8(hash01(seed, 1, t.pid) * 2 ** 32)}:${hex8(startUid)}`,
  });
  if (t.status === 'stopped' && t.endtime !== undefined) {
    const ok = t.exitstatus === 'OK' || /^WARNINGS: \d+$/.test(t.exitstatus ?? '');
    const endUid = uidOf(1);
    out.push({
      ...base,
      uid: endUid,
      time: t.endtime,
      pri: ok ? 6 : 3,
      msg: `end task ${t.upid} ${t.exitstatus ?? 'unexpected status'}`,
      id: `${hex8(hash01(seed, 2, t.pid) * 2 ** 32)}:${hex8(endUid)}`,
    });
  }
  return out;
}

export const logRoutes: Route[] = [
  {
    method: 'GET',
    template: '/nodes/{node}/journal',
    auth: true,
    perm: ['/nodes/{node}', 'Sys.Syslog'],
    handler: (ctx) => {
      const node = ctx.sim.node(str(ctx.params, 'node'));
      const p = ctx.params;
      const q: JournalQuery = {};
      // pve-manager passes each only when true in Perl (0 and '' are left out).
      if (p.lastentries) q.lastentries = Number(p.lastentries);
      if (p.since) q.since = Number(p.since);
      if (p.until) q.until = Number(p.until);
      if (p.startcursor) q.startcursor = String(p.startcursor);
      if (p.endcursor) q.endcursor = String(p.endcursor);
      const text = readJournal(ctx.sim.journals.of(node), q, DEMO_TIMEZONE);
      return {
        data: null,
        raw: { contentType: 'application/json', body: gzipSync(text), encoding: 'gzip' },
      };
    },
  },
  {
    method: 'GET',
    template: '/nodes/{node}/time',
    auth: true,
    perm: ['/nodes/{node}', 'Sys.Audit'],
    handler: (ctx) => {
      ctx.sim.node(str(ctx.params, 'node'));
      const ms = ctx.sim.clock.nowMs();
      const time = Math.floor(ms / 1000);
      return {
        data: { timezone: DEMO_TIMEZONE, time, localtime: time + zoneOffsetMs(ms) / 1000 },
      };
    },
  },
  {
    method: 'GET',
    template: '/cluster/log',
    auth: true,
    handler: (ctx) => {
      // Cluster.pm: without Sys.Syslog on / a user sees only their own entries.
      const id = ctx.identity!;
      const all = ctx.auth.hasPriv(id, 'Sys.Syslog');
      const max = ctx.params.max !== undefined ? Number(ctx.params.max) : 50;
      const seed = ctx.sim.opts.seed;
      const entries = ctx.sim.tasks
        .all()
        .filter((t) => all || t.authid === id.authid)
        .flatMap((t) => taskEntries(t, seed))
        .sort((a, b) => b.time - a.time || b.uid - a.uid)
        .slice(0, max);
      return { data: entries };
    },
  },
];
