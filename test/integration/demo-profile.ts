// The setup the guest-lifecycle tests share (options, hardware, clone, create, migrate, snapshots,
// backups): a core with the demo profile added, its first resources in, spoken to through the
// contract; how often the demo saw a request (a write sent once); a task followed to its end; the
// guests of the first snapshot or as core sees them now.

import type { CallHandlers } from '../../shared/ipc';
import type { GuestResource, TaskInfo } from '../../shared/model';
import { viaContract } from './contract-client';
import { useCores, waitFor, type RecordedCore } from './helpers';

export interface DemoProfile {
  api: CallHandlers;
  rec: RecordedCore;
  profileId: string;
}

/**
 * Call at the top of a test file (it calls useCores). `open()` makes a core, adds the demo
 * profile and waits for its first resource snapshot; `count` is how often the demo saw
 * `METHOD /path` (path below /api2/json).
 */
export function useDemoProfile() {
  const cores = useCores();

  async function open(): Promise<DemoProfile> {
    const rec = await cores.start();
    const api = viaContract(rec.core);
    const profile = await api['profiles.addDemo']();
    await waitFor('resources', () => rec.events.resources.some((e) => e.kind === 'snapshot'));
    return { api, rec, profileId: profile.id };
  }

  function count(method: string, path: string): number {
    return cores.demos[0]!.requestCounts().get(`${method} /api2/json${path}`) ?? 0;
  }

  return { ...cores, open, count };
}

/** The task (or the one its in-doubt placeholder became) once it has stopped. */
export function ended(c: DemoProfile, task: TaskInfo): Promise<TaskInfo> {
  return waitFor(`end of ${task.label}`, () =>
    c.rec.events.task.find(
      (t) => (t.upid === task.upid || t.replaces === task.upid) && t.status === 'stopped',
    ),
  );
}

/** The guests of the first resource snapshot. */
export function firstGuests(c: DemoProfile): GuestResource[] {
  const snap = c.rec.events.resources.find((e) => e.kind === 'snapshot');
  if (!snap || snap.kind !== 'snapshot') throw new Error('no snapshot');
  return snap.items.filter((r): r is GuestResource => r.type === 'qemu' || r.type === 'lxc');
}

/** The guests as core sees them now. */
export async function currentGuests(c: DemoProfile): Promise<GuestResource[]> {
  const snap = await c.api['resources.snapshot']({ profileId: c.profileId });
  return snap.items.filter((r): r is GuestResource => r.type === 'qemu' || r.type === 'lxc');
}

/**
 * The first plain guest of the first snapshot matching `pred` (no template, lock or HA), as the
 * arguments of a guest call.
 */
export function pickArgs(c: DemoProfile, pred: (g: GuestResource) => boolean) {
  const g = firstGuests(c).find((r) => !r.template && !r.lock && !r.hastate && pred(r));
  if (!g) throw new Error('no such guest in the demo');
  return { profileId: c.profileId, node: g.node, type: g.type, vmid: g.vmid };
}

export const guestRef = (g: GuestResource) => ({ node: g.node, type: g.type, vmid: g.vmid });

/** The guest's API path below /api2/json. */
export const guestPath = (g: { node: string; type: string; vmid: number }) =>
  `/nodes/${g.node}/${g.type}/${g.vmid}`;
