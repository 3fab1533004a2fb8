// The address index against the demo cluster, through the contract: each source of a guest's
// addresses (a running container's interfaces, a stopped one's netN, a VM's agent, a VM without
// one, cloud-init), the nodes' addresses, and the cadence: no request per guest per tick.

import { describe, expect, it } from 'vitest';
import type { AddressSnapshot, GuestAddresses } from '../../shared/addresses';
import { viaContract } from './contract-client';
import { useCores, waitFor } from './helpers';

const { start, demos } = useCores();

// The default demo cluster (3 nodes, pve3 offline): see electron/demo/seed/guests.ts.
const WEB01 = 'qemu/100'; // agent runs
const WEB02 = 'qemu/104'; // no agent configured
const ELASTIC = 'qemu/122'; // agent configured, not answering
const K8S = 'qemu/113'; // stopped, cloud-init ipconfig0 static
const PROXY = 'lxc/101'; // running container, static
const GIT = 'lxc/109'; // running container, DHCP
const BACKUP = 'lxc/118'; // stopped container, static

async function demoCore() {
  const rec = await start();
  const api = viaContract(rec.core);
  const profile = await api['profiles.addDemo']();
  const snapshot = async (): Promise<AddressSnapshot> =>
    api['addresses.snapshot']({ profileId: profile.id });
  return { ...rec, api, profileId: profile.id, snapshot };
}

/** The index once every guest on the online nodes has been read. */
async function filled(snapshot: () => Promise<AddressSnapshot>): Promise<AddressSnapshot> {
  let last: AddressSnapshot | undefined;
  await waitFor('the address index to fill', () => {
    void snapshot().then((s) => (last = s));
    return last !== undefined && last.nodes.length > 0 && last.guests.length >= 18;
  });
  return last!;
}

const guestOf = (s: AddressSnapshot, id: string): GuestAddresses => {
  const g = s.guests.find((x) => x.guestId === id);
  if (!g) throw new Error(`no addresses for ${id}`);
  return g;
};

describe('address index', () => {
  it('reads every source: container, config, agent, no agent, cloud-init', async () => {
    const { snapshot } = await demoCore();
    const s = await filled(snapshot);

    const proxy = guestOf(s, PROXY);
    expect(proxy.hostname).toBe('proxy01');
    expect(proxy.interfaces.map((i) => [i.name, i.source])).toEqual([
      ['lo', 'container'],
      ['eth0', 'container'],
    ]);
    const eth0 = proxy.interfaces[1]!;
    expect(eth0.mac).toMatch(/^BC:24:11:[0-9A-F:]{8}$/);
    expect(eth0.addresses[0]).toEqual({ address: '10.10.1.103', family: 'ipv4', prefix: 16 });
    expect(eth0.addresses[1]?.address).toMatch(/^fe80::/);

    // DHCP: the running container's live answer has the lease (and SLAAC) address.
    const git = guestOf(s, GIT);
    expect(git.interfaces[1]!.addresses.map((a) => a.address)).toContain('10.10.1.111');

    const backup = guestOf(s, BACKUP);
    expect(backup.interfaces).toEqual([
      {
        name: 'eth0',
        mac: expect.stringMatching(/^BC:24:11:/) as unknown as string,
        source: 'config',
        addresses: [{ address: '10.10.1.120', family: 'ipv4', prefix: 16 }],
      },
    ]);

    const web01 = guestOf(s, WEB01);
    expect(web01).toMatchObject({
      agent: 'running',
      hostname: 'web01',
      os: { name: 'Debian GNU/Linux 12 (bookworm)', id: 'debian', kernel: '6.1.0-26-amd64' },
    });
    expect(web01.message).toBeUndefined();
    expect(web01.interfaces.map((i) => `${i.name} ${i.source}`)).toEqual([
      'lo agent',
      'ens18 agent',
    ]);
    expect(web01.interfaces[1]!.addresses[0]?.address).toBe('10.10.1.102');

    expect(guestOf(s, WEB02)).toMatchObject({
      agent: 'not-configured',
      message: 'No QEMU guest agent configured',
      interfaces: [],
    });
    expect(guestOf(s, ELASTIC)).toMatchObject({
      agent: 'not-running',
      message: 'QEMU guest agent is not running',
      interfaces: [],
    });

    const k8s = guestOf(s, K8S);
    expect(k8s.agent).toBe('vm-stopped');
    expect(k8s.message).toBeUndefined();
    expect(k8s.interfaces).toEqual([
      {
        name: 'net0',
        mac: expect.stringMatching(/^BC:24:11:/) as unknown as string,
        source: 'cloud-init',
        addresses: [{ address: '10.10.1.115', family: 'ipv4', prefix: 16 }],
      },
    ]);

    // The nodes' cluster addresses, for the reverse lookup.
    expect(s.nodes).toEqual([
      { node: 'pve1', ip: '10.10.0.11' },
      { node: 'pve2', ip: '10.10.0.12' },
      { node: 'pve3', ip: '10.10.0.13' },
    ]);
  });

  it('reads a VM whose agent does not answer once: PVE says why, nothing is retried', async () => {
    const { snapshot } = await demoCore();
    await filled(snapshot);
    const counts = demos[0]!.requestCounts();
    expect(counts.get('GET /api2/json/nodes/pve2/qemu/122/agent/network-get-interfaces')).toBe(1);
    expect(
      counts.get('GET /api2/json/nodes/pve2/qemu/104/agent/network-get-interfaces'),
    ).toBeUndefined();
  });

  it('asks nothing per guest per tick: only a guest that changed status is read again', async () => {
    const { api, profileId, snapshot, events } = await demoCore();
    await filled(snapshot);
    const demo = demos[0]!;
    const perGuest = () =>
      [...demo.requestCounts()]
        .filter(([k]) => /\/(qemu|lxc)\/\d+\/(config|interfaces|agent\/)/.test(k))
        .reduce((n, [, c]) => n + c, 0);
    const ticks = () => demo.requestCounts().get('GET /api2/json/cluster/resources') ?? 0;
    const before = perGuest();
    const t0 = ticks();
    await waitFor('five more refresh ticks', () => ticks() >= t0 + 5);
    expect(perGuest()).toBe(before);

    // Stopping a container: the index reads it (and only it) again, and tells the windows.
    const seen = events.addresses.length;
    const task = await api['guest.action']({
      profileId,
      node: 'pve1',
      type: 'lxc',
      vmid: 109,
      action: 'stop',
    });
    await waitFor('the stop task', () =>
      events.task.find((t) => t.upid === task.upid && t.status === 'stopped'),
    );
    const change = await waitFor('an address event for the stopped CT', () =>
      events.addresses.slice(seen).find((e) => e.guests.some((g) => g.guestId === GIT)),
    );
    const git = change.guests.find((g) => g.guestId === GIT)!;
    expect(git.interfaces).toEqual([
      {
        name: 'eth0',
        mac: expect.stringMatching(/^BC:24:11:/) as unknown as string,
        source: 'config',
        addresses: [],
        notes: ['IPv4 by DHCP', 'IPv6 by SLAAC'],
      },
    ]);
    const reread = [...demo.requestCounts()].filter(
      ([k, c]) => /\/(qemu|lxc)\/\d+\/config$/.test(k) && c > 1,
    );
    expect(reread.map(([k]) => k)).toEqual(['GET /api2/json/nodes/pve1/lxc/109/config']);
  });

  it('reads one guest anew for the detail view, through addresses.guest', async () => {
    const { api, profileId, snapshot } = await demoCore();
    await filled(snapshot);
    const demo = demos[0]!;
    const key = 'GET /api2/json/nodes/pve1/qemu/100/agent/network-get-interfaces';
    const n = demo.requestCounts().get(key) ?? 0;
    // Fresh (read moments ago): the index's entry, no request.
    const fresh = await api['addresses.guest']({ profileId, guestId: WEB01 });
    expect(fresh?.hostname).toBe('web01');
    expect(demo.requestCounts().get(key)).toBe(n);
    expect(await api['addresses.guest']({ profileId, guestId: 'qemu/9000' })).toBeNull();
  });
});
