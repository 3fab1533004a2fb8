// Bulk power actions through the contract against the demo: a run with one failing item (the
// others succeed, the failure carries PVE's message), retry runs only the failed one, cancel stops
// the queued ones; each POST reaches the demo once.

import { describe, expect, it } from 'vitest';
import type { BulkJob } from '../../shared/bulk';
import type { GuestResource, Resource, TaskInfo } from '../../shared/model';
import { directClient, type ContractClient } from './contract-client';
import { useCores, waitFor } from './helpers';

const { start, demos } = useCores();

/** A server before 9.0.13 (no /cluster/bulk-action): bulk jobs run per guest. */
const PER_GUEST = { version: '9.0.10' };

async function open(demo: { version?: string } = PER_GUEST): Promise<{
  client: ContractClient;
  profileId: string;
  guests: GuestResource[];
}> {
  const rec = await start({}, demo);
  const client = directClient(rec.core);
  const profile = await client.invoke('profiles.addDemo');
  await waitFor('resources', () => rec.events.resources.some((e) => e.kind === 'snapshot'));
  const { items } = await client.invoke('resources.snapshot', { profileId: profile.id });
  const guests = items.filter(
    (r: Resource): r is GuestResource => (r.type === 'lxc' || r.type === 'qemu') && !r.template,
  );
  return { client, profileId: profile.id, guests };
}

function jobEvents(client: ContractClient, jobId: string): BulkJob[] {
  return client.events
    .filter((e) => e.name === 'bulk')
    .map((e) => e.payload as BulkJob)
    .filter((j) => j.jobId === jobId);
}

function latest(client: ContractClient, jobId: string): BulkJob | undefined {
  return jobEvents(client, jobId).at(-1);
}

function posts(g: GuestResource, action: string): number {
  const path = `POST /api2/json/nodes/${g.node}/${g.type}/${String(g.vmid)}/status/${action}`;
  return demos[0]!.requestCounts().get(path) ?? 0;
}

const ref = (profileId: string, g: GuestResource) => ({
  profileId,
  node: g.node,
  type: g.type as 'lxc' | 'qemu',
  vmid: g.vmid,
});

describe('bulk power actions', () => {
  it('one failing item: the others succeed, the failure carries PVE’s message, retry runs only it', async () => {
    const { client, profileId, guests } = await open();
    const running = guests.filter((g) => g.type === 'lxc' && g.status === 'running').slice(0, 2);
    const stopped = guests.find((g) => g.type === 'lxc' && g.status === 'stopped');
    expect(running).toHaveLength(2);
    expect(stopped).toBeDefined();
    const all = [...running, stopped!];

    const job = await client.invoke('bulk.run', {
      items: all.map((g) => ref(profileId, g)),
      action: 'shutdown',
    });
    expect(job.items.map((i) => i.state)).toEqual(['running', 'running', 'running']);
    const done = await waitFor('the job ends', () => {
      const j = latest(client, job.jobId);
      return j?.done ? j : undefined;
    });
    expect(done.items.map((i) => i.state)).toEqual(['ok', 'ok', 'failed']);
    expect(done.items[2]!.message).toBe(`CT ${String(stopped!.vmid)} not running`);
    expect(done.items[0]!.label).toMatch(/^Shut down CT \d+ \(.+\)$/);
    for (const g of all) expect(posts(g, 'shutdown')).toBe(1);

    // The failed one can run once it is running: retry sends only its request again.
    const started = await client.invoke('guest.action', {
      ...ref(profileId, stopped!),
      action: 'start',
    });
    await waitFor('it runs', () =>
      client.events.some(
        (e) =>
          e.name === 'task' &&
          (e.payload as TaskInfo).upid === started.upid &&
          (e.payload as TaskInfo).ok === true,
      ),
    );
    const again = await client.invoke('bulk.retry', { jobId: job.jobId });
    expect(again.items.map((i) => i.state)).toEqual(['ok', 'ok', 'running']);
    const retried = await waitFor('the retry ends', () => {
      const j = latest(client, job.jobId);
      return j?.done ? j : undefined;
    });
    expect(retried.items.map((i) => i.state)).toEqual(['ok', 'ok', 'ok']);
    expect(retried.items[2]!.message).toBeUndefined();
    expect(posts(running[0]!, 'shutdown')).toBe(1);
    expect(posts(running[1]!, 'shutdown')).toBe(1);
    expect(posts(stopped!, 'shutdown')).toBe(2);
  });

  it('runs at most four per profile at once; cancel stops the queued ones, never sent', async () => {
    const { client, profileId, guests } = await open();
    const running = guests.filter((g) => g.status === 'running').slice(0, 7);
    expect(running).toHaveLength(7);
    // Start on running guests: PVE refuses each ("already running"), nothing changes.
    const job = await client.invoke('bulk.run', {
      items: running.map((g) => ref(profileId, g)),
      action: 'start',
    });
    expect(job.items.map((i) => i.state)).toEqual([
      'running',
      'running',
      'running',
      'running',
      'queued',
      'queued',
      'queued',
    ]);
    const cancelled = await client.invoke('bulk.cancel', { jobId: job.jobId });
    expect(cancelled.items.slice(4).map((i) => [i.state, i.message])).toEqual([
      ['cancelled', 'Cancelled before it started'],
      ['cancelled', 'Cancelled before it started'],
      ['cancelled', 'Cancelled before it started'],
    ]);
    const done = await waitFor('the job ends', () => {
      const j = latest(client, job.jobId);
      return j?.done ? j : undefined;
    });
    // The four sent ones settle (PVE refuses a CT's start; a VM's start task may end OK).
    expect(done.items.slice(0, 4).every((i) => i.state === 'ok' || i.state === 'failed')).toBe(
      true,
    );
    expect(done.items.slice(4).map((i) => i.state)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    running.slice(0, 4).forEach((g) => expect(posts(g, 'start')).toBe(1));
    running.slice(4).forEach((g) => expect(posts(g, 'start')).toBe(0));
  });

  it('refuses another window’s job and an empty run', async () => {
    const { client } = await open();
    await expect(client.invoke('bulk.cancel', { jobId: 'b000000000000' })).rejects.toThrow(
      'No such bulk job',
    );
    await expect(client.invoke('bulk.run', { items: [], action: 'stop' })).rejects.toThrow();
  });
});
