// The address index's cadence on a fake clock and a stub client: every guest read once at first,
// then only on a status change, the slow refresh (running guests; stopped ones every few rounds),
// a few retries for an agent not up yet; never more reads at once than its concurrency.

import { describe, expect, it } from 'vitest';
import { AddressIndex } from '../../electron/core/addresses/address-index';
import type { PveClient } from '../../electron/core/pve/client';
import type { AddressEvent } from '../../shared/addresses';
import { DeckhandError } from '../../shared/errors';
import type { GuestResource, Resource } from '../../shared/model';
import { createFakeScheduler } from '../kit/fake-scheduler';

const guest = (vmid: number, type: 'qemu' | 'lxc', status: string): GuestResource => ({
  id: `${type}/${vmid}`,
  type,
  vmid,
  node: 'pve1',
  status,
  template: false,
  tags: [],
});

function stubClient(opts: { agentDown?: number[] } = {}) {
  const paths: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const client = {
    async get(path: string) {
      paths.push(path);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      if (path === '/cluster/status') {
        return { data: [{ type: 'node', name: 'pve1', ip: '10.0.0.1' }] };
      }
      const vmid = Number(/\/(\d+)\//.exec(path)?.[1]);
      if (path.endsWith('/config')) return { data: { agent: 1, hostname: `ct${vmid}` } };
      if (path.endsWith('/interfaces')) return { data: [] };
      if (opts.agentDown?.includes(vmid)) {
        throw new DeckhandError({
          kind: 'api',
          status: 500,
          message: 'QEMU guest agent is not running',
        });
      }
      return {
        data: { result: path.endsWith('get-host-name') ? { 'host-name': `vm${vmid}` } : [] },
      };
    },
  };
  return { client: client as unknown as PveClient, paths, max: () => maxInFlight };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

function setup(stub: ReturnType<typeof stubClient>) {
  const scheduler = createFakeScheduler(1_000_000);
  const events: AddressEvent[] = [];
  const abort = new AbortController();
  const index = new AddressIndex({
    profileId: 'p',
    client: stub.client,
    scheduler,
    now: () => scheduler.now(),
    signal: abort.signal,
    log: () => undefined,
    canFetch: () => true,
    onChange: (e) => events.push(e),
    timings: {
      concurrency: 2,
      refreshMs: 60_000,
      stoppedEvery: 3,
      agentRetryMs: 10_000,
      agentRetries: 2,
      batchMs: 100,
    },
  });
  return { index, scheduler, events };
}

const reads = (paths: string[], vmid: number) =>
  paths.filter((p) => p.includes(`/${vmid}/config`)).length;

describe('AddressIndex', () => {
  it('reads each guest once, then only when its status changes; events only on change', async () => {
    const stub = stubClient();
    const { index, scheduler, events } = setup(stub);
    const list: Resource[] = [
      guest(100, 'qemu', 'running'),
      guest(101, 'lxc', 'stopped'),
      guest(102, 'lxc', 'running'),
    ];
    index.observe(list);
    await settle();
    scheduler.advance(100);
    expect(events).toHaveLength(1);
    expect(events[0]!.guests.map((g) => g.guestId).sort()).toEqual([
      'lxc/101',
      'lxc/102',
      'qemu/100',
    ]);
    expect(events[0]!.nodes).toEqual([{ node: 'pve1', ip: '10.0.0.1' }]);
    expect(stub.max()).toBeLessThanOrEqual(2);

    const before = stub.paths.length;
    for (let t = 0; t < 10; t++) {
      index.observe(list);
      await settle();
      scheduler.advance(3_000);
    }
    expect(stub.paths.length).toBe(before);
    expect(events).toHaveLength(1);

    index.observe([
      guest(100, 'qemu', 'running'),
      guest(101, 'lxc', 'running'),
      guest(102, 'lxc', 'running'),
    ]);
    await settle();
    expect(stub.paths.slice(before)).toEqual([
      '/nodes/pve1/lxc/101/config',
      '/nodes/pve1/lxc/101/interfaces',
    ]);
    // Its addresses did not change (the stub has none either way): no event.
    scheduler.advance(100);
    expect(events).toHaveLength(1);

    index.observe([guest(100, 'qemu', 'running')]);
    scheduler.advance(100);
    expect(events.at(-1)).toMatchObject({ removed: ['lxc/101', 'lxc/102'], guests: [] });
    await index.dispose();
    expect(scheduler.pending).toBe(0);
  });

  it('reads a guest again when its status changed while it was being read', async () => {
    const stub = stubClient();
    const { index, scheduler, events } = setup(stub);
    index.observe([guest(101, 'lxc', 'running')]);
    // The first read is in flight (config requested) when the container stops.
    expect(stub.paths).toContain('/nodes/pve1/lxc/101/config');
    index.observe([guest(101, 'lxc', 'stopped')]);
    await settle();
    scheduler.advance(100);
    expect(reads(stub.paths, 101)).toBe(2);
    expect(events).toHaveLength(1);
    await index.dispose();
  });

  it('refreshes running guests slowly, stopped ones every few rounds', async () => {
    const stub = stubClient();
    const { index, scheduler } = setup(stub);
    index.observe([guest(100, 'qemu', 'running'), guest(101, 'lxc', 'stopped')]);
    await settle();
    for (let round = 1; round <= 3; round++) {
      scheduler.advance(60_000);
      await settle();
    }
    expect(reads(stub.paths, 100)).toBe(4);
    expect(reads(stub.paths, 101)).toBe(2);
    await index.dispose();
  });

  it('asks a just-started VM whose agent is not up again, a few times only', async () => {
    const stub = stubClient({ agentDown: [100] });
    const { index, scheduler, events } = setup(stub);
    const list = [guest(100, 'qemu', 'running')];
    index.observe(list);
    await settle();
    scheduler.advance(100);
    expect(events[0]!.guests[0]).toMatchObject({
      agent: 'not-running',
      message: 'QEMU guest agent is not running',
    });
    for (let t = 0; t < 15; t++) {
      scheduler.advance(3_000);
      index.observe(list);
      await settle();
    }
    // The first read and two retries, 10 s apart; then only the slow refresh.
    expect(reads(stub.paths, 100)).toBe(3);
    await index.dispose();
  });
});
