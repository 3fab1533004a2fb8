// The cluster bulk actions (pve-manager 9.0.13+, PVE/API2/Cluster/BulkAction/Guest.pm): one worker
// task (`bulkstart`, `bulkshutdown`, `bulksuspend`, `bulkmigrate`) on the node that took the call,
// which starts each guest's own task through the API as the caller, at most `max-workers` at once,
// and logs each guest by name: "Starting VM 100", and "Starting VM 100 failed: <PVE's message>".
// It fails as "Some guests failed to finish the task: 100, 103" when any did. Older versions answer
// the path with the 501 every unknown path gets.

import type { Identity } from './auth';
import { migrateGuest } from './migrate';
import type { Guest } from './model';
import type { Params } from './params';
import { powerAction } from './power';
import type { Simulation } from './sim';
import type { TaskStep } from './tasks';

export type BulkGuestAction = 'start' | 'shutdown' | 'suspend' | 'migrate';

const VERB: Record<BulkGuestAction, string> = {
  start: 'Starting',
  shutdown: 'Shutting down',
  suspend: 'Suspending',
  migrate: 'Migrating',
};

/** Whether this pve-manager version has /cluster/bulk-action (9.0.13, Nov 2025). */
export function hasBulkActions(version: string): boolean {
  const [a = 0, b = 0, c = 0] = version.split('.').map(Number);
  return a > 9 || (a === 9 && (b > 0 || c >= 13));
}

function what(g: Guest): string {
  return `${g.type === 'qemu' ? 'VM' : 'CT'} ${g.vmid}`;
}

/** The guests the action considers: `vms` (or all), those it applies to, in vmid order. */
function candidates(sim: Simulation, action: BulkGuestAction, p: Params): Guest[] {
  const listed = Array.isArray(p.vms) ? new Set(p.vms.map(Number)) : undefined;
  const out: Guest[] = [];
  for (const g of sim.state.guests.values()) {
    if (listed && !listed.has(g.vmid)) continue;
    if (g.template) continue;
    if (action === 'start' && g.run !== 'stopped') continue;
    if ((action === 'shutdown' || action === 'suspend') && g.run === 'stopped') continue;
    if (action === 'migrate' && g.node === p.target) continue;
    out.push(g);
  }
  return out.sort((a, b) => a.vmid - b.vmid);
}

function startOne(
  sim: Simulation,
  identity: Identity,
  g: Guest,
  action: BulkGuestAction,
  p: Params,
): string {
  switch (action) {
    case 'start':
      return powerAction(
        sim,
        identity,
        g,
        'start',
        g.type === 'qemu' && typeof p.timeout === 'number' ? { timeout: p.timeout } : {},
      );
    case 'shutdown':
      return powerAction(sim, identity, g, 'shutdown', {
        timeout: typeof p.timeout === 'number' ? p.timeout : 180,
        forceStop: p['force-stop'] !== false,
      });
    case 'suspend':
      return powerAction(
        sim,
        identity,
        g,
        'suspend',
        p['to-disk'] === true ? { todisk: true } : {},
      );
    case 'migrate': {
      const running = g.run !== 'stopped';
      const online = p.online === true;
      return migrateGuest(sim, identity, g, {
        target: String(p.target),
        online: online && running && g.type === 'qemu',
        restart: online && running && g.type === 'lxc',
        withLocalDisks: p['with-local-disks'] === true,
      });
    }
  }
}

export function bulkGuestAction(
  sim: Simulation,
  identity: Identity,
  action: BulkGuestAction,
  p: Params,
): string {
  if (action === 'migrate') sim.node(String(p.target));
  const queue = candidates(sim, action, p);
  const max = Number(p['max-workers'] ?? p.maxworkers ?? (action === 'migrate' ? 1 : 4));
  const running = new Map<string, Guest>();
  const failed: number[] = [];
  const steps: TaskStep[] = [];
  const poll: TaskStep = {
    seconds: 0.2,
    action: (log) => {
      for (const [upid, g] of running) {
        const t = sim.tasks.get(upid);
        if (t && t.status === 'running') continue;
        running.delete(upid);
        const status = t?.exitstatus ?? 'unexpected status';
        if (status !== 'OK' && !status.startsWith('WARNINGS')) {
          log(`${VERB[action]} ${what(g)} failed: ${status}`);
          failed.push(g.vmid);
        }
      }
      while (running.size < max && queue.length > 0) {
        const g = queue.shift()!;
        log(`${VERB[action]} ${what(g)}${action === 'migrate' ? ` to ${String(p.target)}` : ''}`);
        try {
          running.set(startOne(sim, identity, g, action, p), g);
        } catch (err) {
          log(
            `${VERB[action]} ${what(g)} failed: ${err instanceof Error ? err.message.trim() : String(err)}`,
          );
          failed.push(g.vmid);
        }
      }
      if (running.size > 0 || queue.length > 0) {
        steps.push(poll);
        return;
      }
      if (failed.length > 0) {
        throw new Error(
          `Some guests failed to finish the task: ${failed.sort((a, b) => a - b).join(', ')}`,
        );
      }
    },
  };
  const task = sim.tasks.start(sim.localNode.name, `bulk${action}`, '', identity.authid, () => {
    steps.push(poll);
    return steps;
  });
  return task.upid;
}
