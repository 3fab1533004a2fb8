// Core with the built-in demos side by side (a PVE 9 cluster and a standalone PVE 8 node, each its
// own server): both added at once as two profiles on the right versions, the standalone known as
// such; a bulk start on the 8.x one runs per guest (no cluster bulk endpoint there); removing one
// profile closes only its demo, which can come back alone; closing core closes both.

import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { DemoSpec } from '../../electron/core';
import { startDemoCluster, type DemoCluster } from '../../electron/demo';
import { STANDALONE_DEMO_OPTIONS, STANDALONE_DEMO_VERSION } from '../../electron/demo/built-in';
import type { BulkJob } from '../../shared/bulk';
import type { GuestResource } from '../../shared/model';
import { createTestCore } from '../kit/core';
import { directClient } from './contract-client';
import { DEMO_OPTIONS, useCores, waitFor } from './helpers';

const { cores } = useCores();

/** Whether anything still listens on the demo's port. */
function listening(demo: DemoCluster): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: demo.port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A core offering both demos; `started` holds every demo it started, in order. */
async function coreWithDemos() {
  const started: { id: string; demo: DemoCluster }[] = [];
  const spec = (id: string, name: string, opts: object): DemoSpec => ({
    id,
    name,
    start: async () => {
      const demo = await startDemoCluster({ ...DEMO_OPTIONS, ...opts });
      started.push({ id, demo });
      return demo;
    },
  });
  const { core } = await createTestCore({
    demos: [
      spec('cluster', 'Demo cluster', {}),
      spec('standalone', 'Demo standalone', STANDALONE_DEMO_OPTIONS),
    ],
  });
  cores.push(core);
  const client = directClient(core);
  const latest = (id: string) => started.filter((s) => s.id === id).at(-1)!.demo;
  return { core, client, started, latest };
}

describe('several demos at once', () => {
  it('adds a cluster and a standalone node as two profiles on their own versions', async () => {
    const { client, latest } = await coreWithDemos();
    expect(await client.invoke('demos.list')).toEqual([
      { id: 'cluster', name: 'Demo cluster', description: '' },
      { id: 'standalone', name: 'Demo standalone', description: '' },
    ]);
    const added = await client.invoke('demos.add', {});
    expect(added.map((p) => [p.name, p.demo, p.isDemo])).toEqual([
      ['Demo cluster', 'cluster', true],
      ['Demo standalone', 'standalone', true],
    ]);
    const [cluster, standalone] = added as [(typeof added)[0], (typeof added)[0]];
    // Two servers, each with its own certificate.
    expect(cluster.url).not.toBe(standalone.url);
    expect(cluster.fingerprint).not.toBe(standalone.fingerprint);
    expect(standalone.url).toBe(latest('standalone').url);

    const online = (profileId: string) =>
      waitFor(`${profileId} online`, async () => {
        const s = await client.invoke('session.state', { profileId });
        return s.status !== 'connecting' && s.version !== undefined && s;
      });
    const c = await online(cluster.id);
    const s = await online(standalone.id);
    expect([c.version, c.clusterName, c.standalone]).toEqual(['9.1.9', 'deckhand-demo', undefined]);
    expect([s.status, s.version, s.clusterName, s.standalone]).toEqual([
      'online',
      STANDALONE_DEMO_VERSION,
      undefined,
      true,
    ]);
    const { items } = await client.invoke('resources.snapshot', { profileId: standalone.id });
    expect(items.filter((r) => r.type === 'node').map((r) => r.id)).toEqual(['node/pve-edge']);
  });

  it('runs a bulk start on the 8.x standalone per guest', async () => {
    const { client, latest } = await coreWithDemos();
    const [profile] = await client.invoke('demos.add', { demos: ['standalone'] });
    const demo = latest('standalone');
    const stopped = await waitFor('stopped guests', async () => {
      const { items } = await client.invoke('resources.snapshot', { profileId: profile!.id });
      const g = items.filter(
        (r): r is GuestResource =>
          (r.type === 'lxc' || r.type === 'qemu') && !r.template && r.status === 'stopped',
      );
      return g.length >= 2 && g.slice(0, 2);
    });
    const job = await client.invoke('bulk.run', {
      items: stopped.map((g) => ({
        profileId: profile!.id,
        node: g.node,
        type: g.type as 'lxc' | 'qemu',
        vmid: g.vmid,
      })),
      action: 'start',
    });
    const end = await waitFor('the job ends', () =>
      client.events
        .filter((e) => e.name === 'bulk')
        .map((e) => e.payload as BulkJob)
        .find((j) => j.jobId === job.jobId && j.done),
    );
    expect(end.items.map((i) => i.state)).toEqual(['ok', 'ok']);
    const counts = demo.requestCounts();
    expect(counts.get('POST /api2/json/cluster/bulk-action/guest/start')).toBeUndefined();
    for (const g of stopped)
      expect(
        counts.get(`POST /api2/json/nodes/pve-edge/${g.type}/${String(g.vmid)}/status/start`),
      ).toBe(1);
  });

  it('closes only the removed profile’s demo; it comes back alone; closing core closes both', async () => {
    const { core, client, started, latest } = await coreWithDemos();
    const [cluster, standalone] = await client.invoke('demos.add', {});
    const first = latest('standalone');
    expect(await listening(first)).toBe(true);

    await client.invoke('profiles.remove', { profileId: standalone!.id });
    expect(await listening(first)).toBe(false);
    expect(await listening(latest('cluster'))).toBe(true);
    expect((await client.invoke('profiles.list')).map((p) => p.name)).toEqual(['Demo cluster']);
    await waitFor('the cluster still answers', async () => {
      const s = await client.invoke('session.state', { profileId: cluster!.id });
      return s.status === 'online' || s.status === 'degraded';
    });

    // Added again alone: a new standalone server, the cluster untouched.
    const [again] = await client.invoke('demos.add', { demos: ['standalone'] });
    expect(again!.name).toBe('Demo standalone');
    expect(latest('standalone')).not.toBe(first);
    expect(started.filter((s) => s.id === 'cluster')).toHaveLength(1);
    expect((await client.invoke('profiles.list')).map((p) => p.name)).toEqual([
      'Demo cluster',
      'Demo standalone',
    ]);

    cores.splice(cores.indexOf(core), 1);
    await core.dispose();
    expect(await listening(latest('cluster'))).toBe(false);
    expect(await listening(latest('standalone'))).toBe(false);
  });
});
