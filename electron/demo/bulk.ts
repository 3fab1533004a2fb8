// The cluster bulk actions (pve-manager 9.0.13+, PVE/API2/Cluster/BulkAction/Guest.pm): one worker
// task (`bulkstart`, `bulkshutdown`, `bulksuspend`, `bulkmigrate`; `bulk-start`, … from 9.0.17)
// on the node that took the call, which starts each guest's own task through the API as the
// caller, at most `max-workers` at once, with pve-manager's texts: "Starting guests: 100, 101"
// (or "Starting all guests"), "Starting VM 100", "Shutting down CT 101 (Timeout = 180 seconds)",
// "Suspending VM 100"; a guest already in that state is a warning and no task ("WARN: Skipping CT
// 101, not running."); a refused request a warning with PVE's message; a failed task
// "WARN: Starting VM 100 failed: <exit status>" (a shutdown's and a suspend's say "Stopping").
// It fails as "Some guests failed to start: 100, 103" ("… to shutdown 100, 103", "… to suspend
// 100") when any did. Older versions answer the path with the 501 every unknown path gets.
//
// Migrate follows pve-manager's own texts (Guest.pm `migrate`): "Migrating guests to pve2: 100,
// 101", "Migrating VM 100"; a guest already on the target is a warning and no task; a refused
// request is a warning with PVE's message right after its line, a failed task
// "WARN: Migrating VM 100 failed: <exit status>"; at the end "Some guests failed to migrate 100,
// 103". `online` means live for VMs and restart mode for CTs; max-workers defaults to 1.

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

/** pve-manager 9.0.17 renamed the workers bulk-start, bulk-migrate, … (kebab case, e4fec860). */
function workerType(version: string, action: BulkGuestAction): string {
  const [a = 0, b = 0, c = 0] = version.split('.').map(Number);
  return a > 9 || (a === 9 && (b > 0 || c >= 17)) ? `bulk-${action}` : `bulk${action}`;
}

/** What a guest's failed task is logged as: pve-manager says "Stopping" for shutdown and suspend. */
const FAILED_VERB: Record<BulkGuestAction, string> = {
  start: 'Starting',
  shutdown: 'Stopping',
  suspend: 'Stopping',
  migrate: 'Migrating',
};

/** The summary a failed bulk task dies with (pve-manager's texts, colon only for start). */
function someFailed(action: BulkGuestAction, ids: string): string {
  return action === 'start'
    ? `Some guests failed to start: ${ids}`
    : `Some guests failed to ${action} ${ids}`;
}

/** Whether this pve-manager version has /cluster/bulk-action (9.0.13, Nov 2025). */
export function hasBulkActions(version: string): boolean {
  const [a = 0, b = 0, c = 0] = version.split('.').map(Number);
  return a > 9 || (a === 9 && (b > 0 || c >= 13));
}

/** A guest's shutdown timeout: the call's, else PVE's 180 s (a guest's startup `down` aside). */
function shutdownTimeout(p: Params): number {
  return typeof p.timeout === 'number' ? p.timeout : 180;
}

function what(g: Guest): string {
  return `${g.type === 'qemu' ? 'VM' : 'CT'} ${g.vmid}`;
}

/** The guests the action considers: `vms` (or all), templates aside, in vmid order. */
function candidates(sim: Simulation, action: BulkGuestAction, p: Params): Guest[] {
  const listed = Array.isArray(p.vms) ? new Set(p.vms.map(Number)) : undefined;
  const out: Guest[] = [];
  for (const g of sim.state.guests.values()) {
    if (listed && !listed.has(g.vmid)) continue;
    if (g.template && action !== 'migrate') continue;
    out.push(g);
  }
  return out.sort((a, b) => a.vmid - b.vmid);
}

/** Guest.pm's check before a guest's request: why it is skipped (a warning, no task), if it is. */
function skipReason(g: Guest, action: BulkGuestAction, p: Params): string | undefined {
  switch (action) {
    case 'start':
      // A paused VM is resumed instead.
      return g.run === 'running' ? `Skipping ${what(g)}, already running.` : undefined;
    case 'shutdown':
      if (g.run === 'stopped') return `Skipping ${what(g)}, not running.`;
      return g.run === 'paused' && p['force-stop'] === false
        ? `Skipping ${what(g)}, resume paused VM before shutdown.`
        : undefined;
    case 'suspend':
      if (g.type !== 'qemu') return `skipping ${String(g.vmid)}, only VMs can be suspended`;
      return g.run === 'stopped' ? `Skipping VM ${String(g.vmid)}, not running.` : undefined;
    case 'migrate':
      return undefined;
  }
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
      if (g.run === 'paused') return powerAction(sim, identity, g, 'resume', {});
      return powerAction(
        sim,
        identity,
        g,
        'start',
        g.type === 'qemu' && typeof p.timeout === 'number' ? { timeout: p.timeout } : {},
      );
    case 'shutdown':
      return powerAction(sim, identity, g, 'shutdown', {
        timeout: shutdownTimeout(p),
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
      // As Guest.pm passes them on: `online` as a VM's online and a CT's restart.
      const online = p.online === true;
      return migrateGuest(sim, identity, g, {
        target: String(p.target),
        online: online && g.type === 'qemu',
        restart: online && g.type === 'lxc',
        withLocalDisks: g.type === 'qemu' && p['with-local-disks'] === true,
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
  const migrate = action === 'migrate';
  const target = String(p.target);
  const message = (err: unknown) => (err instanceof Error ? err.message.trim() : String(err));
  let begun = false;
  const poll: TaskStep = {
    seconds: 0.2,
    action: (log, warn) => {
      if (!begun) {
        begun = true;
        const to = migrate ? ` to ${target}` : '';
        log(
          Array.isArray(p.vms)
            ? `${VERB[action]} guests${to}: ${p.vms.join(', ')}`
            : `${VERB[action]} all guests${to}`,
        );
      }
      for (const [upid, g] of running) {
        const t = sim.tasks.get(upid);
        if (t && t.status === 'running') continue;
        running.delete(upid);
        const status = t?.exitstatus ?? 'unexpected status';
        if (status !== 'OK' && !status.startsWith('WARNINGS')) {
          warn(`WARN: ${FAILED_VERB[action]} ${what(g)} failed: ${status}`);
          failed.push(g.vmid);
        }
      }
      while (running.size < max && queue.length > 0) {
        const g = queue.shift()!;
        if (migrate && g.node === target) {
          warn(`WARN: ${what(g)} already on ${target}, skipping.`);
          continue;
        }
        const skip = skipReason(g, action, p);
        if (skip) {
          warn(`WARN: ${skip}`);
          continue;
        }
        log(
          action === 'shutdown'
            ? `Shutting down ${what(g)} (Timeout = ${String(shutdownTimeout(p))} seconds)`
            : `${VERB[action]} ${what(g)}`,
        );
        try {
          running.set(startOne(sim, identity, g, action, p), g);
        } catch (err) {
          // Guest.pm: log_warn("$@") — the request's error, right after the guest's line.
          warn(`WARN: ${message(err)}`);
          failed.push(g.vmid);
        }
      }
      if (running.size > 0 || queue.length > 0) {
        steps.push(poll);
        return;
      }
      if (failed.length > 0) {
        const ids = failed.sort((a, b) => a - b).join(', ');
        throw new Error(someFailed(action, ids));
      }
    },
  };
  const type = workerType(sim.opts.version, action);
  const task = sim.tasks.start(sim.localNode.name, type, '', identity.authid, () => {
    steps.push(poll);
    return steps;
  });
  return task.upid;
}
