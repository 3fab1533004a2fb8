// Bulk jobs through PVE's cluster bulk endpoint (9.0.13+): one POST for a profile's guests, one
// task whose log gives each row its result (a failing guest carries PVE's message, retry sends
// only it); an older server (9.0.10) gets one request per guest and its demo answers the bulk path
// 501 as PVE would; a server whose version says yes but answers 501 falls back to per guest.

import { describe, expect, it } from 'vitest';
import type { BulkJob } from '../../shared/bulk';
import type { GuestResource, Resource } from '../../shared/model';
import { directClient, type ContractClient } from './contract-client';
import { useCores, waitFor } from './helpers';

const { start, demos } = useCores();

async function open(version?: string) {
  const rec = await start({}, version ? { version } : {});
  const client = directClient(rec.core);
  const profile = await client.invoke('profiles.addDemo');
  await waitFor('resources', () => rec.events.resources.some((e) => e.kind === 'snapshot'));
  const { items } = await client.invoke('resources.snapshot', { profileId: profile.id });
  const guests = items.filter(
    (r: Resource): r is GuestResource => (r.type === 'lxc' || r.type === 'qemu') && !r.template,
  );
  const running = guests.filter((g) => g.type === 'lxc' && g.status === 'running' && !g.hastate);
  return { client, profileId: profile.id, running, demo: demos[0]! };
}

/** The job's first ended state after `after` (a retry's result). */
function done(client: ContractClient, jobId: string, after = -1): Promise<BulkJob> {
  return waitFor('the job ends', () =>
    client.events
      .filter((e) => e.name === 'bulk')
      .map((e) => e.payload as BulkJob)
      .filter((j) => j.jobId === jobId && j.done && j.rev > after)
      .at(-1),
  );
}

const ref = (profileId: string, g: GuestResource) => ({
  profileId,
  node: g.node,
  type: g.type as 'lxc' | 'qemu',
  vmid: g.vmid,
});

const BULK = 'POST /api2/json/cluster/bulk-action/guest/shutdown';
const perGuest = (g: GuestResource) =>
  `POST /api2/json/nodes/${g.node}/${g.type}/${String(g.vmid)}/status/shutdown`;

describe('bulk jobs through the cluster bulk endpoint', () => {
  it('sends one request; the task log gives each row its result, one failing; retry sends only it', async () => {
    const { client, profileId, running, demo } = await open();
    const three = running.slice(0, 3);
    expect(three).toHaveLength(3);
    const locked = three[2]!;
    demo.editConfig(locked.vmid, { lock: 'backup' });

    const job = await client.invoke('bulk.run', {
      items: three.map((g) => ref(profileId, g)),
      action: 'shutdown',
    });
    expect(job.items.map((i) => i.state)).toEqual(['running', 'running', 'running']);
    const end = await done(client, job.jobId);
    expect(end.items.map((i) => i.state)).toEqual(['ok', 'ok', 'failed']);
    expect(end.items[2]!.message).toBe('CT is locked (backup)');
    // One task for all: every row names the bulk task's UPID.
    expect(new Set(end.items.map((i) => i.upid)).size).toBe(1);
    expect(end.items[0]!.upid).toMatch(
      /^UPID:[^:]+:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:bulk-shutdown::/,
    );
    const counts = demo.requestCounts();
    expect(counts.get(BULK)).toBe(1);
    for (const g of three) expect(counts.get(perGuest(g))).toBeUndefined();
    const after = await client.invoke('resources.snapshot', { profileId });
    const status = (g: GuestResource) =>
      (after.items.find((r) => r.id === g.id) as GuestResource | undefined)?.status;
    await waitFor('the two stop', async () => {
      const s = await client.invoke('resources.snapshot', { profileId });
      return three
        .slice(0, 2)
        .every((g) => (s.items.find((r) => r.id === g.id) as GuestResource).status === 'stopped');
    });
    expect(status(locked)).toBe('running');

    // Unlocked, a retry sends one more bulk request, for it alone.
    demo.editConfig(locked.vmid, { lock: '' });
    const again = await client.invoke('bulk.retry', { jobId: job.jobId });
    expect(again.items.map((i) => i.state)).toEqual(['ok', 'ok', 'running']);
    const retried = await done(client, job.jobId, again.rev);
    expect(retried.items.map((i) => i.state)).toEqual(['ok', 'ok', 'ok']);
    expect(demo.requestCounts().get(BULK)).toBe(2);
  });

  it('runs per guest on a server before 9.0.13, whose bulk path answers 501', async () => {
    const { client, profileId, running, demo } = await open('9.0.10');
    const two = running.slice(0, 2);
    const job = await client.invoke('bulk.run', {
      items: two.map((g) => ref(profileId, g)),
      action: 'shutdown',
    });
    const end = await done(client, job.jobId);
    expect(end.items.map((i) => i.state)).toEqual(['ok', 'ok']);
    expect(demo.requestCounts().get(BULK)).toBeUndefined();
    for (const g of two) expect(demo.requestCounts().get(perGuest(g))).toBe(1);
  });

  it('falls back to per guest when the endpoint answers 501 although the version has it', async () => {
    const { client, profileId, running, demo } = await open();
    demo.addFault({ kind: 'status', status: 501, method: 'POST', path: /bulk-action/, times: 1 });
    const two = running.slice(0, 2);
    const job = await client.invoke('bulk.run', {
      items: two.map((g) => ref(profileId, g)),
      action: 'shutdown',
    });
    const end = await done(client, job.jobId);
    expect(end.items.map((i) => i.state)).toEqual(['ok', 'ok']);
    expect(demo.requestCounts().get(BULK)).toBe(1);
    for (const g of two) expect(demo.requestCounts().get(perGuest(g))).toBe(1);
  });
});
