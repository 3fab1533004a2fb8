// Backup handlers: vzdump, restores (qemu `archive`, lxc `restore=1`), the next free id and the
// cluster's backup jobs with their next run (pve-manager API2/VZDump.pm, API2/Backup.pm,
// API2/Cluster/BackupInfo.pm, API2/Cluster.pm nextid).

import { storageOf, type BackupJob } from '../backups-model';
import { paramError } from '../errors';
import type { Simulation } from '../sim';
import { startRestore } from '../restore';
import { createContainer, createVm } from '../create';
import { startVzdump } from '../vzdump';
import { need, str, type HandlerContext, type Route } from './context';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The next time a simple calendar event (`[dow[,dow]] HH:MM`) fires after `now` (UTC). */
export function nextRun(schedule: string, now: number): number | undefined {
  const m = /^(?:([a-z,.]+)\s+)?(\d{1,2}):(\d{2})$/.exec(schedule.trim());
  if (!m) return undefined;
  const days = m[1]
    ? new Set(m[1].split(',').map((d) => DAYS.indexOf(d.slice(0, 3))))
    : new Set([0, 1, 2, 3, 4, 5, 6]);
  const base = now - (now % 86400);
  for (let i = 0; i <= 7; i++) {
    const t = base + i * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60;
    if (t > now && days.has(new Date(t * 1000).getUTCDay())) return t;
  }
  return undefined;
}

function jobEntry(sim: Simulation, j: BackupJob): Record<string, unknown> {
  const e: Record<string, unknown> = { ...j, enabled: j.enabled ? 1 : 0 };
  if (j.all) e.all = 1;
  const next = nextRun(j.schedule, sim.clock.now());
  if (next !== undefined) e['next-run'] = next;
  return e;
}

function nextId(ctx: HandlerContext): string {
  const used = ctx.sim.state.guests;
  const want = ctx.params.vmid as number | undefined;
  if (want !== undefined) {
    if (used.has(want)) throw paramError({ vmid: `VM ${want} already exists` });
    return String(want);
  }
  let id = 100;
  while (used.has(id)) id++;
  // PVE returns the id as a string
  return String(id);
}

function restore(type: 'qemu' | 'lxc') {
  return (ctx: HandlerContext) => {
    const node = ctx.sim.node(str(ctx.params, 'node'));
    const p = ctx.params;
    // Not a restore: a new guest (create.ts)
    if (type === 'qemu' ? p.archive === undefined : p.restore !== true) {
      need(ctx, `/vms/${str(p, 'vmid')}`, 'VM.Allocate');
      const create = type === 'qemu' ? createVm : createContainer;
      return { data: create(ctx.sim, ctx.identity!, node, p) };
    }
    need(ctx, `/vms/${str(p, 'vmid')}`, 'VM.Backup');
    return { data: startRestore(ctx.sim, ctx.identity!, node, type, p) };
  };
}

export const backupRoutes: Route[] = [
  {
    method: 'POST',
    template: '/nodes/{node}/vzdump',
    auth: true,
    handler: (ctx) => {
      const node = ctx.sim.node(str(ctx.params, 'node'));
      need(ctx, '/vms', 'VM.Backup');
      return { data: startVzdump(ctx.sim, ctx.identity!, node, ctx.params) };
    },
  },
  { method: 'POST', template: '/nodes/{node}/qemu', auth: true, handler: restore('qemu') },
  { method: 'POST', template: '/nodes/{node}/lxc', auth: true, handler: restore('lxc') },
  {
    method: 'GET',
    template: '/cluster/nextid',
    auth: true,
    handler: (ctx) => ({ data: nextId(ctx) }),
  },
  {
    method: 'GET',
    template: '/cluster/backup',
    auth: true,
    perm: ['/', 'Sys.Audit'],
    handler: (ctx) => ({ data: storageOf(ctx.sim).jobs.map((j) => jobEntry(ctx.sim, j)) }),
  },
  {
    method: 'GET',
    template: '/cluster/backup-info/not-backed-up',
    auth: true,
    perm: ['/', 'Sys.Audit'],
    handler: (ctx) => {
      const covered = new Set<number>();
      for (const j of storageOf(ctx.sim).jobs) {
        const exclude = new Set(
          String(j.exclude ?? '')
            .split(',')
            .map(Number),
        );
        for (const g of ctx.sim.state.order) {
          if (
            j.all
              ? !exclude.has(g.vmid)
              : String(j.vmid ?? '')
                  .split(',')
                  .includes(String(g.vmid))
          ) {
            covered.add(g.vmid);
          }
        }
      }
      const data = ctx.sim.state.order
        .filter((g) => !g.template && !covered.has(g.vmid))
        .map((g) => ({ vmid: g.vmid, type: g.type, name: g.name }));
      return { data };
    },
  },
];
