// The built-in standalone demo over real HTTPS: a PVE 8 node in no cluster, as pve-manager reports
// one: /cluster/status lists only the node (no `cluster` entry, `nodeid` 0, as Cluster.pm's
// "fake entry for local node"), the login names no cluster, /version says 8.x, no PVE 9 fields
// (`memhost`, pressure) and no cluster bulk endpoints (those are 9.0.13+), no HA, no join.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDALONE_DEMO_OPTIONS, STANDALONE_DEMO_VERSION } from '../../electron/demo/built-in';
import { call, cluster, resources, startCluster, stopCluster } from './demo-api-kit';

describe('demo standalone node', () => {
  beforeAll(async () => {
    await startCluster({ ...STANDALONE_DEMO_OPTIONS, taskTimeScale: 0.05 });
  });
  afterAll(async () => {
    await stopCluster();
  });

  it('reports one node in no cluster, on PVE 8', async () => {
    expect(STANDALONE_DEMO_VERSION).toMatch(/^8\./);
    expect(cluster.standalone).toBe(true);
    const status = await call('GET', '/cluster/status');
    expect(status.status).toBe(200);
    expect(status.json!.data).toEqual([
      {
        type: 'node',
        id: 'node/pve-edge',
        name: 'pve-edge',
        ip: '10.10.0.11',
        local: 1,
        nodeid: 0,
        online: 1,
        level: '',
      },
    ]);
    const version = await call('GET', '/version');
    expect(version.json!.data).toMatchObject({ version: STANDALONE_DEMO_VERSION, release: '8.4' });

    // The ticket names no cluster: there is none.
    const { username, password } = cluster.credentials;
    const login = await call('POST', '/access/ticket', {
      anonymous: true,
      form: { username, password },
    });
    expect(login.status).toBe(200);
    const ticket = login.json!.data as Record<string, unknown>;
    expect(ticket.username).toBe('root@pam');
    expect(ticket).not.toHaveProperty('clustername');

    const nodes = (await call('GET', '/nodes')).json!.data as { node: string }[];
    expect(nodes.map((n) => n.node)).toEqual(['pve-edge']);
  });

  it('has its own guests, without PVE 9 fields or HA', async () => {
    const guests = (await resources()).filter((r) => r.type === 'qemu' || r.type === 'lxc');
    expect(guests.length).toBe(STANDALONE_DEMO_OPTIONS.guests);
    // Not the cluster's first guest: the standalone's list starts elsewhere in the seed.
    expect(guests.map((g) => g.name)).not.toContain('web01');
    expect(guests.every((g) => g.node === 'pve-edge')).toBe(true);
    expect(guests.some((g) => 'memhost' in g)).toBe(false);
    expect(guests.some((g) => 'hastate' in g)).toBe(false);
    const vm = guests.find((g) => g.type === 'qemu' && g.status === 'running');
    expect(vm).toBeDefined();
    const current = await call('GET', `/nodes/pve-edge/qemu/${String(vm!.vmid)}/status/current`);
    const data = current.json!.data as Record<string, unknown>;
    expect(data).not.toHaveProperty('memhost');
    expect(data).not.toHaveProperty('pressurecpusome');
    expect(data['running-qemu']).toMatch(/^9\./);
  });

  it('answers the cluster bulk endpoints 501, as PVE before 9.0.13, and refuses a join', async () => {
    const r = await call('POST', '/cluster/bulk-action/guest/start', { form: { vms: '100' } });
    expect(r.status).toBe(501);
    await expect(cluster.addNode()).rejects.toThrow('A standalone node has no cluster to join');
  });
});
