// Stopping a running task through the contract against the demo (DELETE …/tasks/{upid}, sent
// once): a VM start ends as fork_worker's interrupted worker does (`TASK ERROR: received
// interrupt`), a backup as vzdump's does (the guest fails "interrupted by signal", is unlocked, and
// the job ends `job errors`).

import { describe, expect, it, vi } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import type { CallHandlers } from '../../shared/ipc';
import type { GuestResource, Resource, TaskInfo } from '../../shared/model';
import { createTestCore } from '../kit/core';
import { viaContract } from './contract-client';
import { DEMO_OPTIONS, useCores, waitFor } from './helpers';

const { demos, cores } = useCores();

interface Ctx {
  api: CallHandlers;
  demo: DemoCluster;
  profileId: string;
  tasks: TaskInfo[];
  resources: Resource[];
}

async function open(): Promise<Ctx> {
  // Real durations: the tasks run long enough to be stopped mid-way.
  const demo = await startDemoCluster({ ...DEMO_OPTIONS, taskTimeScale: 1 });
  demos.push(demo);
  const { core } = await createTestCore({ demo });
  cores.push(core);
  const tasks: TaskInfo[] = [];
  const resources: Resource[] = [];
  core.on('task', (t) => tasks.push(t));
  core.on('resources', (e) => {
    if (e.kind === 'snapshot') resources.push(...e.items);
  });
  const api = viaContract(core);
  const profile = await api['profiles.addDemo']();
  await waitFor('resources', () => resources.length > 0);
  return { api, demo, profileId: profile.id, tasks, resources };
}

function guest(c: Ctx, pred: (g: GuestResource) => boolean): GuestResource {
  const g = c.resources.find(
    (r): r is GuestResource =>
      (r.type === 'qemu' || r.type === 'lxc') && !r.template && !r.lock && pred(r),
  );
  if (!g) throw new Error('no such guest');
  return g;
}

/** Wait until an async probe holds (the log and the resources are read through the contract). */
async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await probe())) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: 15_000, interval: 50 },
  );
}

/** The guest as core sees it now. */
async function current(c: Ctx, id: string): Promise<GuestResource | undefined> {
  const { items } = await c.api['resources.snapshot']({ profileId: c.profileId });
  return items.find(
    (r): r is GuestResource => r.id === id && (r.type === 'qemu' || r.type === 'lxc'),
  );
}

function ended(c: Ctx, task: TaskInfo): Promise<TaskInfo> {
  return waitFor(`end of ${task.label}`, () =>
    c.tasks.find((t) => t.upid === task.upid && t.status === 'stopped'),
  );
}

/** Wait until the task's log has a line matching `re` (it is that far). */
async function logReaches(c: Ctx, task: TaskInfo, re: RegExp): Promise<void> {
  await waitFor(`${task.label} at ${String(re)}`, async () => {
    const { lines } = await c.api['tasks.log']({ profileId: c.profileId, upid: task.upid });
    return lines.some((l) => re.test(l.t));
  });
}

function deletes(c: Ctx): string[] {
  return [...c.demo.requestCounts()]
    .filter(([k]) => /^DELETE \/api2\/json\/nodes\/[^/]+\/tasks\//.test(k))
    .flatMap(([k, n]) => Array<string>(n).fill(k));
}

describe('stopping a running task', () => {
  it('ends a VM start with "received interrupt", one DELETE sent', async () => {
    const c = await open();
    const vm = guest(c, (g) => g.type === 'qemu' && g.status === 'stopped');
    const task = await c.api['guest.action']({
      profileId: c.profileId,
      node: vm.node,
      type: 'qemu',
      vmid: vm.vmid,
      action: 'start',
    });
    expect(task.status).toBe('running');
    await c.api['tasks.stop']({ profileId: c.profileId, upid: task.upid });
    const end = await ended(c, task);
    expect(end).toMatchObject({ ok: false, exitstatus: 'received interrupt' });
    expect(end.logTail?.at(-1)).toBe('TASK ERROR: received interrupt');
    expect(deletes(c)).toEqual([
      `DELETE /api2/json/nodes/${vm.node}/tasks/${encodeURIComponent(task.upid)}`,
    ]);
    // The start did not happen.
    expect((await current(c, vm.id))?.status).toBe('stopped');
  });

  it('ends a backup as vzdump does: the guest failed "interrupted by signal", unlocked, "job errors"', async () => {
    const c = await open();
    const vm = guest(c, (g) => g.node === 'pve1' && g.type === 'qemu' && g.status === 'running');
    const run = await c.api['backups.create']({
      profileId: c.profileId,
      guests: [{ node: 'pve1', type: 'qemu', vmid: vm.vmid }],
      storage: 'pbs',
      mode: 'snapshot',
    });
    const task = run.tasks[0]!;
    // Under way: the guest is being backed up (and locked for it).
    await logReaches(c, task, /^INFO: creating Proxmox Backup Server archive/);
    await until('the backup lock', async () => (await current(c, vm.id))?.lock === 'backup');
    await c.api['tasks.stop']({ profileId: c.profileId, upid: task.upid });
    const end = await ended(c, task);
    expect(end).toMatchObject({ ok: false, exitstatus: 'job errors' });
    expect(end.logTail?.slice(-4)).toEqual([
      `ERROR: Backup of VM ${vm.vmid} failed - interrupted by signal`,
      expect.stringMatching(/^INFO: Failed at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      'INFO: Backup job finished with errors',
      'TASK ERROR: job errors',
    ]);
    // No backup lock left behind, and the VM runs on.
    await until('the guest unlocked', async () => {
      const g = await current(c, vm.id);
      return g !== undefined && g.lock === undefined && g.status === 'running';
    });
    expect(deletes(c)).toEqual([
      `DELETE /api2/json/nodes/pve1/tasks/${encodeURIComponent(task.upid)}`,
    ]);
    expect(c.demo.requestCounts().get('POST /api2/json/nodes/pve1/vzdump')).toBe(1);
  });
});
