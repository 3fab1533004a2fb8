// Stop while a Shutdown runs, as PVE has it: `overrule-shutdown` (qemu-server 8.1.2 /
// pve-container 5.0.10, PVE 8.2) aborts the guest's shutdown task, which ends "received
// interrupt", and the stop's log says "overruled vzshutdown tasks: <UPID>". Core leaves the key
// out where PVE refuses it: an HA-managed guest ("Not applicable for HA resources.", its stop
// goes through ha-manager) and a server before 8.2 (no such key in its schema).

import { describe, expect, it } from 'vitest';
import type { GuestResource, Resource, TaskInfo } from '../../shared/model';
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

const target = (profileId: string, g: GuestResource) => ({
  profileId,
  node: g.node,
  type: g.type as 'lxc' | 'qemu',
  vmid: g.vmid,
});

function ended(client: ContractClient, upid: string): Promise<TaskInfo> {
  return waitFor(`task ${upid} ends`, () =>
    client.events
      .filter((e) => e.name === 'task')
      .map((e) => e.payload as TaskInfo)
      .find((t) => t.upid === upid && t.status === 'stopped'),
  );
}

const stopPath = (g: GuestResource) =>
  `POST /api2/json/nodes/${g.node}/${g.type}/${String(g.vmid)}/status/stop`;

describe('Stop overruling a running Shutdown', () => {
  it("aborts the guest's shutdown task and logs it, as PVE 8.2+ does", async () => {
    const { client, profileId, guests, demo } = await open();
    const ct = guests.find((g) => g.type === 'lxc' && g.status === 'running' && !g.hastate)!;
    demo.ignoreShutdown(ct.vmid, true);
    const shutdown = await client.invoke('guest.action', {
      ...target(profileId, ct),
      action: 'shutdown',
    });
    expect(shutdown.status).toBe('running');
    const stop = await client.invoke('guest.action', {
      ...target(profileId, ct),
      action: 'stop',
      params: { overruleShutdown: true },
    });
    expect((await ended(client, stop.upid)).exitstatus).toBe('OK');
    expect((await ended(client, shutdown.upid)).exitstatus).toBe('received interrupt');
    const log = await client.invoke('tasks.log', { profileId, upid: stop.upid });
    expect(log.lines.map((l) => l.t)).toEqual([
      `overruled vzshutdown tasks: ${shutdown.upid}`,
      'TASK OK',
    ]);
  });

  it('leaves overrule-shutdown out for an HA-managed guest, whose stop goes through HA', async () => {
    const { client, profileId, guests, demo } = await open();
    const ha = guests.find((g) => g.status === 'running' && g.hastate)!;
    expect(ha).toBeDefined();
    const stop = await client.invoke('guest.action', {
      ...target(profileId, ha),
      action: 'stop',
      params: { overruleShutdown: true },
    });
    expect(stop.type).toBe('hastop');
    expect((await ended(client, stop.upid)).exitstatus).toBe('OK');
    expect(demo.requestCounts().get(stopPath(ha))).toBe(1);
  });

  it('leaves overrule-shutdown out on a server before PVE 8.2, which has no such key', async () => {
    const { client, profileId, guests } = await open('8.1.4');
    const ct = guests.find((g) => g.type === 'lxc' && g.status === 'running' && !g.hastate)!;
    const stop = await client.invoke('guest.action', {
      ...target(profileId, ct),
      action: 'stop',
      params: { overruleShutdown: true },
    });
    expect(stop.type).toBe('vzstop');
    expect((await ended(client, stop.upid)).exitstatus).toBe('OK');
  });
});
