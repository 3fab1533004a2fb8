// Live stats and history through the contract against the demo cluster: status/current is read
// only while a window watches (counted at the demo), stops with unwatch and with the window, rates
// stay sane across a guest restart, and rrddata comes in PVE 9's (and pre-9's) resolutions.

import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import type { GuestResource } from '../../shared/model';
import type { GuestLiveStats, RrdTimeframe, StatsEvent } from '../../shared/stats';
import { createTestCore } from '../kit/core';
import { directClient, type ContractClient } from './contract-client';
import { waitFor } from './helpers';

let demo: DemoCluster | undefined;
let core: Core | undefined;

afterEach(async () => {
  await core?.dispose();
  await demo?.close();
  core = undefined;
  demo = undefined;
});

/** A core with the Demo profile on a demo whose stats move every second. */
async function setUp(version?: string) {
  demo = await startDemoCluster({
    taskTimeScale: 0.02,
    statsIntervalMs: 1000,
    ...(version ? { version } : {}),
  });
  const d = demo;
  ({ core } = await createTestCore({ demo: d }));
  const client = directClient(core);
  const profile = await client.invoke('profiles.addDemo');
  return { client, profileId: profile.id, demo: d };
}

async function runningGuest(
  client: ContractClient,
  profileId: string,
  type: 'lxc' | 'qemu',
): Promise<GuestResource> {
  await waitFor('first refresh', () => client.events.some((e) => e.name === 'resources'));
  const items = await client.invoke('resources.snapshot', { profileId });
  const offline = new Set(
    items.items.filter((r) => r.type === 'node' && r.status !== 'online').map((r) => r.id),
  );
  const g = items.items.find(
    (r): r is GuestResource =>
      r.type === type &&
      r.status === 'running' &&
      !r.template &&
      !r.lock &&
      !offline.has(`node/${r.node}`),
  );
  if (!g) throw new Error(`no running ${type}`);
  return g;
}

function samples(client: ContractClient, watchId: string): StatsEvent[] {
  return client.events
    .filter((e) => e.name === 'stats')
    .map((e) => e.payload as StatsEvent)
    .filter((e) => e.watchId === watchId);
}

function statusCurrentRequests(d: DemoCluster): number {
  let n = 0;
  for (const [key, count] of d.requestCounts()) if (key.endsWith('/status/current')) n += count;
  return n;
}

/** Requests of `GET /path` (the demo counts the full /api2/json path). */
function countOf(d: DemoCluster, key: string): number {
  return d.requestCounts().get(key.replace(' /', ' /api2/json/')) ?? 0;
}

/** Let the session's refresh loop tick `n` more times (each 250 ms in tests): time passes. */
async function refreshTicks(d: DemoCluster, n: number): Promise<void> {
  const from = countOf(d, 'GET /cluster/resources');
  await waitFor(
    `${String(n)} refresh ticks`,
    () => countOf(d, 'GET /cluster/resources') >= from + n,
  );
}

describe('stats.watch', () => {
  it('reads status/current only while watched, and stops with unwatch and with the window', async () => {
    const { client, profileId, demo: d } = await setUp();
    const ct = await runningGuest(client, profileId, 'lxc');
    await refreshTicks(d, 4);
    // Listing and refreshing never read status/current.
    expect(statusCurrentRequests(d)).toBe(0);

    const target = { profileId, node: ct.node, kind: 'lxc' as const, vmid: ct.vmid };
    const { watchId } = await client.invoke('stats.watch', target);
    await waitFor('three samples', () => samples(client, watchId).length >= 3);
    const path = `GET /nodes/${ct.node}/lxc/${String(ct.vmid)}/status/current`;
    expect(countOf(d, path)).toBeGreaterThanOrEqual(3);
    const first = samples(client, watchId)[0]!;
    expect(first.stats).toMatchObject({ kind: 'lxc', status: 'running', cpus: ct.maxcpu });

    await client.invoke('stats.unwatch', { watchId });
    const after = countOf(d, path);
    await refreshTicks(d, 6); // 1.5 s: a poll would have come
    expect(countOf(d, path)).toBe(after);

    // A second window's watch ends when that window goes.
    const other = core!.connectClient({ event: () => undefined, stream: () => undefined });
    await core!.handlers['stats.watch'](target, { clientId: other.clientId });
    await waitFor('polled for the other window', () => countOf(d, path) > after);
    other.dispose();
    const gone = countOf(d, path);
    await refreshTicks(d, 6);
    expect(countOf(d, path)).toBe(gone);
  });

  it('keeps rates non-negative and sane across a reboot, and measures again after it', async () => {
    const { client, profileId } = await setUp();
    const ct = await runningGuest(client, profileId, 'lxc');
    const { watchId } = await client.invoke('stats.watch', {
      profileId,
      node: ct.node,
      kind: 'lxc',
      vmid: ct.vmid,
    });
    const withRates = (e: StatsEvent) => (e.stats as GuestLiveStats | undefined)?.rates;
    await waitFor('rates before', () => samples(client, watchId).some(withRates));
    const before = samples(client, watchId).length;
    const upBefore = (samples(client, watchId).at(-1)!.stats as GuestLiveStats).uptime ?? 0;

    await client.invoke('guest.action', {
      profileId,
      node: ct.node,
      type: 'lxc',
      vmid: ct.vmid,
      action: 'reboot',
    });
    // Uptime starts over; rates come back within a few samples of the new run.
    await waitFor(
      'rates after the restart',
      () => {
        const after = samples(client, watchId).slice(before);
        const restart = after.findIndex(
          (e) => ((e.stats as GuestLiveStats | undefined)?.uptime ?? Infinity) < upBefore,
        );
        return restart >= 0 && after.slice(restart + 1).some(withRates);
      },
      15_000,
    );
    const all = samples(client, watchId)
      .map(withRates)
      .filter((r) => r !== undefined);
    for (const r of all) {
      for (const v of Object.values(r)) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(100 * 1024 ** 2); // the demo's guests move KB/s to a few MB/s
      }
    }
  }, 30_000);

  it('watches a node: its status, versions and CPU facts', async () => {
    const { client, profileId, demo: d } = await setUp();
    const { watchId } = await client.invoke('stats.watch', {
      profileId,
      node: d.localNode,
      kind: 'node',
    });
    const e = await waitFor('node sample', () => samples(client, watchId)[0]);
    expect(e.stats).toMatchObject({
      kind: 'node',
      pveVersion: d.version,
      cpuinfo: { model: expect.any(String), cpus: expect.any(Number) },
      loadavg: [expect.any(Number), expect.any(Number), expect.any(Number)],
      memory: { total: expect.any(Number), used: expect.any(Number) },
      rootfs: { total: expect.any(Number), used: expect.any(Number) },
    });
    const services = await client.invoke('stats.services', { profileId, node: d.localNode });
    expect(services.find((s) => s.name === 'pveproxy')).toMatchObject({
      state: 'running',
      activeState: 'active',
    });
  });
});

describe('stats.rrd', () => {
  const PVE9: Record<RrdTimeframe, [number, number]> = {
    hour: [60, 60],
    day: [60, 1440],
    week: [1800, 336],
    month: [1800, 1440],
    year: [21600, 1440],
  };

  it('serves every timeframe in PVE 9 resolutions, MAX at least AVERAGE', async () => {
    const { client, profileId } = await setUp();
    const vm = await runningGuest(client, profileId, 'qemu');
    const target = { profileId, node: vm.node, kind: 'qemu' as const, vmid: vm.vmid };
    for (const [timeframe, [step, count]] of Object.entries(PVE9) as [
      RrdTimeframe,
      [number, number],
    ][]) {
      const avg = await client.invoke('stats.rrd', { ...target, timeframe, cf: 'AVERAGE' });
      const max = await client.invoke('stats.rrd', { ...target, timeframe, cf: 'MAX' });
      expect([avg.step, avg.points.length]).toEqual([step, count]);
      const last = avg.points.at(-1)!;
      expect(Object.keys(last)).toEqual(
        expect.arrayContaining(['cpu', 'mem', 'memhost', 'maxmem', 'netin', 'diskwrite']),
      );
      expect(Date.now() / 1000 - last.time).toBeLessThan(2 * step + 5);
      for (let i = 0; i < avg.points.length; i++) {
        for (const k of ['cpu', 'netin', 'netout', 'diskread', 'diskwrite'] as const) {
          expect(max.points[i]![k]!).toBeGreaterThanOrEqual(avg.points[i]![k]! - 1e-9);
        }
      }
    }
    const node = await client.invoke('stats.rrd', {
      profileId,
      node: vm.node,
      kind: 'node',
      timeframe: 'day',
      cf: 'AVERAGE',
    });
    expect(Object.keys(node.points.at(-1)!)).toEqual(
      expect.arrayContaining(['loadavg', 'iowait', 'swapused', 'rootused', 'memused', 'cpu']),
    );
  }, 30_000);

  it('reads a pre-9 server: 70 points per timeframe and no memhost', async () => {
    const { client, profileId } = await setUp('8.4.1');
    const vm = await runningGuest(client, profileId, 'qemu');
    const day = await client.invoke('stats.rrd', {
      profileId,
      node: vm.node,
      kind: 'qemu',
      vmid: vm.vmid,
      timeframe: 'day',
      cf: 'AVERAGE',
    });
    expect([day.step, day.points.length]).toEqual([1800, 70]);
    expect(day.points[0]).not.toHaveProperty('memhost');
  });
});
