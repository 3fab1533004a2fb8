// Bulk migration through the contract against the demo: several guests to one node, one failing
// (a running VM with local disks sent without with-local-disks: its task aborts with PVE's text),
// each row ending only once its guest shows on the target in the resources; through the cluster
// bulk endpoint on 9.0.13+ (one POST, none per guest) and per guest on 9.0.10 (one POST each, at
// most max-workers at once); an HA-managed guest goes through ha-manager; retry sends only the
// failed one again.

import { describe, expect, it } from 'vitest';
import type { BulkJob, BulkMigrateParams } from '../../shared/bulk';
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
  return { client, profileId: profile.id, guests, demo: demos[0]! };
}

function jobEvents(client: ContractClient, jobId: string): BulkJob[] {
  return client.events
    .filter((e) => e.name === 'bulk')
    .map((e) => e.payload as BulkJob)
    .filter((j) => j.jobId === jobId);
}

function done(client: ContractClient, jobId: string, after = -1): Promise<BulkJob> {
  return waitFor('the job ends', () =>
    jobEvents(client, jobId)
      .filter((j) => j.done && j.rev > after)
      .at(-1),
  );
}

const ref = (profileId: string, g: GuestResource) => ({
  profileId,
  node: g.node,
  type: g.type as 'lxc' | 'qemu',
  vmid: g.vmid,
});

/** Three guests of one node: a running CT, a stopped guest, and a running VM (local disks). */
function pick(guests: GuestResource[], ha = false) {
  const plain = guests.filter((g) => !g.hastate && !g.lock);
  const vm = plain.find((g) => g.type === 'qemu' && g.status === 'running')!;
  const on = (g: GuestResource) => g.node === vm.node;
  const ct = plain.find((g) => on(g) && g.type === 'lxc' && g.status === 'running')!;
  const stopped = plain.find((g) => on(g) && g.status === 'stopped')!;
  const picked = [ct, stopped, vm];
  if (ha) picked.push(guests.find((g) => on(g) && g.hastate && g.status === 'running')!);
  for (const g of picked) expect(g).toBeDefined();
  return picked;
}

function targetOf(guests: GuestResource[], from: string): string {
  const nodes = [...new Set(guests.map((g) => g.node))].sort();
  return nodes.find((n) => n !== from)!;
}

const ABORTED =
  /^migration aborted \(duration \d\d:\d\d:\d\d\): can't live migrate attached local disks without with-local-disks option$/;

const BULK = 'POST /api2/json/cluster/bulk-action/guest/migrate';
const perGuest = (g: GuestResource) =>
  `POST /api2/json/nodes/${g.node}/${g.type}/${String(g.vmid)}/migrate`;

async function nodesNow(client: ContractClient, profileId: string, gs: GuestResource[]) {
  const { items } = await client.invoke('resources.snapshot', { profileId });
  return gs.map((g) => (items.find((r) => r.id === g.id) as GuestResource).node);
}

describe('bulk migration', () => {
  it('cluster bulk endpoint: one POST; one row fails with PVE’s message; the rest end on the target', async () => {
    const { client, profileId, guests, demo } = await open();
    const three = pick(guests);
    const target = targetOf(guests, three[0]!.node);
    const migrate: BulkMigrateParams = { target, online: true, withLocalDisks: false };

    const job = await client.invoke('bulk.run', {
      items: three.map((g) => ref(profileId, g)),
      action: 'migrate',
      migrate,
    });
    expect(job.items.map((i) => i.label)).toEqual(
      three.map((g) => `Migrate ${g.type === 'lxc' ? 'CT' : 'VM'} ${String(g.vmid)} to ${target}`),
    );
    const end = await done(client, job.jobId);
    expect(end.items.map((i) => i.state)).toEqual(['ok', 'ok', 'failed']);
    // The cluster's bulk log has only the guest task's bare exit status (the per-guest path reads
    // the reason from the task's own log).
    expect(end.items[2]!.message).toBe('migration aborted');
    expect(end.items[0]!.upid).toMatch(/:bulk-migrate::/);
    // The rows ended once the guests showed on their new node.
    expect(await nodesNow(client, profileId, three)).toEqual([target, target, three[2]!.node]);

    const counts = demo.requestCounts();
    expect(counts.get(BULK)).toBe(1);
    for (const g of three) expect(counts.get(perGuest(g))).toBeUndefined();

    // Retry: only the failed VM is sent again, in a bulk request of its own.
    await client.invoke('bulk.retry', { jobId: job.jobId });
    const again = await done(client, job.jobId, end.rev);
    expect(again.items.map((i) => i.state)).toEqual(['ok', 'ok', 'failed']);
    expect(demo.requestCounts().get(BULK)).toBe(2);
  });

  it('per guest before 9.0.13: one POST each, max-workers at once, HA through ha-manager', async () => {
    const { client, profileId, guests, demo } = await open('9.0.10');
    const four = pick(guests, true);
    const target = targetOf(guests, four[0]!.node);

    const job = await client.invoke('bulk.run', {
      items: four.map((g) => ref(profileId, g)),
      action: 'migrate',
      migrate: { target, online: true, withLocalDisks: false, maxWorkers: 2 },
    });
    const end = await done(client, job.jobId);
    expect(end.items.map((i) => i.state)).toEqual(['ok', 'ok', 'failed', 'ok']);
    expect(end.items[2]!.message).toMatch(ABORTED);
    expect(end.items[3]!.label).toMatch(/^HA migrate VM \d+ \(.+\) to /);
    expect(await nodesNow(client, profileId, four)).toEqual([
      target,
      target,
      four[2]!.node,
      target,
    ]);
    // Never more than two at once.
    for (const j of jobEvents(client, job.jobId)) {
      expect(j.items.filter((i) => i.state === 'running').length).toBeLessThanOrEqual(2);
    }
    const counts = demo.requestCounts();
    expect(counts.get(BULK)).toBeUndefined();
    for (const g of four) expect(counts.get(perGuest(g))).toBe(1);
  });

  it('without online: a running VM and a running CT each fail with PVE’s refusal', async () => {
    const { client, profileId, guests, demo } = await open('9.0.10');
    const [ct, , vm] = pick(guests);
    const target = targetOf(guests, ct!.node);
    const job = await client.invoke('bulk.run', {
      items: [ref(profileId, vm!), ref(profileId, ct!)],
      action: 'migrate',
      migrate: { target, online: false },
    });
    const end = await done(client, job.jobId);
    expect(end.items.map((i) => i.state)).toEqual(['failed', 'failed']);
    expect(end.items[0]!.message).toBe("can't migrate running VM without --online");
    expect(end.items[1]!.message).toBe(
      "can't migrate running container without --online or --restart",
    );
    expect(demo.requestCounts().get(perGuest(vm!))).toBe(1);
  });
});
