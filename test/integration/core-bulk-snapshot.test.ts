// Bulk snapshots and backups through the contract against the demo: one name for three guests,
// where the name is taken on one (that row fails with PVE's message, the others succeed), each
// snapshot POST sent once, retry of the failed one after the name is freed; a backup of two
// guests, one vzdump per guest, each row OK with its archive on the storage.

import { describe, expect, it } from 'vitest';
import type { BulkJob } from '../../shared/bulk';
import type { GuestResource, Resource, TaskInfo } from '../../shared/model';
import { directClient, type ContractClient } from './contract-client';
import { useCores, waitFor } from './helpers';

const { start, demos } = useCores();

async function open(): Promise<{
  client: ContractClient;
  profileId: string;
  guests: GuestResource[];
  tasks: () => TaskInfo[];
}> {
  const rec = await start({}, { version: '9.0.10' });
  const client = directClient(rec.core);
  const profile = await client.invoke('profiles.addDemo');
  await waitFor('resources', () => rec.events.resources.some((e) => e.kind === 'snapshot'));
  const { items } = await client.invoke('resources.snapshot', { profileId: profile.id });
  const guests = items.filter(
    (r: Resource): r is GuestResource => (r.type === 'lxc' || r.type === 'qemu') && !r.template,
  );
  return { client, profileId: profile.id, guests, tasks: () => rec.events.task };
}

function latest(client: ContractClient, jobId: string): BulkJob | undefined {
  return client.events
    .filter((e) => e.name === 'bulk')
    .map((e) => e.payload as BulkJob)
    .filter((j) => j.jobId === jobId)
    .at(-1);
}

function done(client: ContractClient, jobId: string, rev = 0): Promise<BulkJob> {
  return waitFor('the job ends', () => {
    const j = latest(client, jobId);
    return j?.done && j.rev > rev ? j : undefined;
  });
}

function count(method: string, path: string): number {
  return demos[0]!.requestCounts().get(`${method} /api2/json${path}`) ?? 0;
}

const ref = (profileId: string, g: GuestResource) => ({
  profileId,
  node: g.node,
  type: g.type as 'lxc' | 'qemu',
  vmid: g.vmid,
});

const snapPath = (g: GuestResource) => `/nodes/${g.node}/${g.type}/${String(g.vmid)}/snapshot`;

describe('bulk snapshot and backup', () => {
  it('snapshots three guests; the name is taken on one: it fails with PVE’s message, retry runs only it', async () => {
    const { client, profileId, guests, tasks } = await open();
    const cts = guests.filter((g) => g.type === 'lxc' && g.status === 'running').slice(0, 2);
    const vm = guests.find((g) => g.type === 'qemu' && g.status === 'running');
    expect(cts).toHaveLength(2);
    expect(vm).toBeDefined();
    const all = [cts[0]!, vm!, cts[1]!];
    const taken = cts[1]!;

    // The name is already used on the third guest.
    const first = await client.invoke('snapshots.create', {
      ...ref(profileId, taken),
      name: 'pre-upgrade',
    });
    await waitFor('the first snapshot', () =>
      tasks().find((t) => t.upid === first.upid && t.status === 'stopped' && t.ok),
    );

    const job = await client.invoke('bulk.run', {
      items: all.map((g) => ref(profileId, g)),
      action: 'snapshot',
      snapshot: { name: 'pre-upgrade', description: 'before the upgrade', vmstate: true },
    });
    expect(job.action).toBe('snapshot');
    const end = await done(client, job.jobId);
    expect(end.items.map((i) => i.state)).toEqual(['ok', 'ok', 'failed']);
    expect(end.items[2]!.message).toBe("snapshot name 'pre-upgrade' already used");
    expect(end.items[0]!.label).toBe(
      `Snapshot CT ${String(cts[0]!.vmid)} (${cts[0]!.name ?? ''}): pre-upgrade`,
    );
    for (const g of all) expect(count('POST', snapPath(g))).toBe(g === taken ? 2 : 1);

    // The VM (running) saved its RAM; the container took the description.
    const vmList = await client.invoke('snapshots.list', ref(profileId, vm!));
    expect(vmList.snapshots).toContainEqual(
      expect.objectContaining({ name: 'pre-upgrade', vmstate: true }),
    );
    const ctList = await client.invoke('snapshots.list', ref(profileId, cts[0]!));
    expect(ctList.snapshots).toContainEqual(
      expect.objectContaining({ name: 'pre-upgrade', description: 'before the upgrade' }),
    );

    // Free the name on the failed guest, then retry: only its snapshot is sent again.
    const del = await client.invoke('snapshots.delete', {
      ...ref(profileId, taken),
      name: 'pre-upgrade',
    });
    await waitFor('the delete', () =>
      tasks().find((t) => t.upid === del.upid && t.status === 'stopped' && t.ok),
    );
    const again = await client.invoke('bulk.retry', { jobId: job.jobId });
    expect(again.items.map((i) => i.state)).toEqual(['ok', 'ok', 'running']);
    const end2 = await done(client, job.jobId, again.rev);
    expect(end2.items.map((i) => i.state)).toEqual(['ok', 'ok', 'ok']);
    for (const g of all) expect(count('POST', snapPath(g))).toBe(g === taken ? 3 : 1);
  });

  it('refuses a bad snapshot name before anything is sent', async () => {
    const { client, profileId, guests } = await open();
    const g = guests[0]!;
    await expect(
      client.invoke('bulk.run', {
        items: [ref(profileId, g)],
        action: 'snapshot',
        snapshot: { name: '1st' },
      }),
    ).rejects.toMatchObject({ kind: 'validation' });
    expect(count('POST', snapPath(g))).toBe(0);
  });

  it('backs up two guests, one vzdump each, every row OK with its archive on the storage', async () => {
    const { client, profileId, guests } = await open();
    const two = guests.filter((g) => g.node === 'pve1').slice(0, 2);
    expect(two).toHaveLength(2);
    const job = await client.invoke('bulk.run', {
      items: two.map((g) => ref(profileId, g)),
      action: 'backup',
      backup: { storage: 'local', mode: 'snapshot', compress: 'zstd' },
    });
    const end = await done(client, job.jobId);
    expect(end.items.map((i) => i.state)).toEqual(['ok', 'ok']);
    expect(end.items[0]!.label).toMatch(/^Back up (CT|VM) \d+ \(.+\) to local$/);
    expect(count('POST', '/nodes/pve1/vzdump')).toBe(2);
    for (const g of two) {
      const list = await client.invoke('backups.list', ref(profileId, g));
      expect(list.volumes.filter((v) => v.storage === 'local').length).toBeGreaterThan(0);
    }
  });
});
