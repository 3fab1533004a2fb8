// The demo's snapshots as PVE answers them (spec §8): the list with its `current` entry, the
// schema's parameter checks (configid names, no vmstate for containers), the guest locked while a
// snapshot task runs, and PVE's task errors (name taken, guest locked, broken snapshot).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startCluster, stopCluster, taskEnd, taskLog, until } from './demo-api-kit';

// Tasks at half their real length, so a second request lands while the first still runs.
beforeAll(() => startCluster({ taskTimeScale: 0.5 }));
afterAll(() => stopCluster());

type Snap = Record<string, unknown> & { name: string };

async function list(node: string, type: string, vmid: number): Promise<Snap[]> {
  const r = await call('GET', `/nodes/${node}/${type}/${vmid}/snapshot`);
  expect(r.status).toBe(200);
  return r.json!.data as Snap[];
}

async function lockOf(vmid: number): Promise<unknown> {
  const r = await call('GET', '/cluster/resources?type=vm');
  return (r.json!.data as { vmid: number; lock?: string }[]).find((g) => g.vmid === vmid)?.lock;
}

describe('demo snapshots', () => {
  it('lists the seeded tree with the current state as PVE does', async () => {
    const snaps = await list('pve1', 'qemu', 100);
    const byName = new Map(snaps.map((s) => [s.name, s]));
    expect(byName.get('after-upgrade')).toMatchObject({ parent: 'before-upgrade', vmstate: 1 });
    expect(byName.get('before-upgrade')).toMatchObject({ vmstate: 0 });
    expect(byName.get('before-upgrade')!.parent).toBeUndefined();
    expect(typeof byName.get('before-upgrade')!.snaptime).toBe('number');
    expect(snaps.at(-1)).toMatchObject({
      name: 'current',
      description: 'You are here!',
      parent: 'after-upgrade',
      running: 1,
    });
    expect(snaps.at(-1)!.digest).toMatch(/^[0-9a-f]{40}$/);
    // Containers have no vmstate field.
    const ct = await list('pve2', 'lxc', 101);
    expect(ct[0]).not.toHaveProperty('vmstate');
    // The config names the parent.
    const conf = await call('GET', '/nodes/pve1/qemu/100/config');
    expect((conf.json!.data as Record<string, unknown>).parent).toBe('after-upgrade');
  });

  it('refuses a bad name and a container vmstate with the schema’s 400', async () => {
    const bad = await call('POST', '/nodes/pve2/lxc/101/snapshot', { form: { snapname: '1st' } });
    expect(bad.status).toBe(400);
    expect(bad.json!.errors).toEqual({ snapname: "invalid configuration ID '1st'" });
    const ram = await call('POST', '/nodes/pve2/lxc/101/snapshot', {
      form: { snapname: 'withram', vmstate: '1' },
    });
    expect(ram.status).toBe(400);
    expect(ram.json!.errors).toEqual({
      vmstate:
        'property is not defined in schema and the schema does not allow additional properties',
    });
    const reserved = await call('POST', '/nodes/pve2/lxc/101/snapshot', {
      form: { snapname: 'current' },
    });
    expect(reserved.status).toBe(500);
    expect(reserved.json!.message).toBe("unable to use snapshot name 'current' (reserved name)\n");
  });

  it('locks the guest while a snapshot task runs; a second one fails with PVE’s message', async () => {
    const first = await call('POST', '/nodes/pve2/lxc/101/snapshot', {
      form: { snapname: 'one', description: 'first' },
    });
    expect(first.status).toBe(200);
    await until('lock', async () => ((await lockOf(101)) === 'snapshot' ? true : undefined));
    const second = await call('POST', '/nodes/pve2/lxc/101/snapshot', {
      form: { snapname: 'two' },
    });
    const upid2 = second.json!.data as string;
    expect((await taskEnd('pve2', upid2)).exitstatus).toBe('CT is locked (snapshot)');
    const end1 = await taskEnd('pve2', first.json!.data as string);
    expect(end1).toMatchObject({ exitstatus: 'OK', type: 'vzsnapshot' });
    expect(await lockOf(101)).toBeUndefined();
    const log = await taskLog('pve2', first.json!.data as string);
    expect(log).toEqual(['  Logical volume "snap_vm-101-disk-0_one" created.', 'TASK OK']);
    const snaps = await list('pve2', 'lxc', 101);
    expect(snaps.find((s) => s.name === 'one')).toMatchObject({
      parent: 'pre-certbot',
      description: 'first',
    });
    expect(snaps.at(-1)).toMatchObject({ name: 'current', parent: 'one' });

    const taken = await call('POST', '/nodes/pve2/lxc/101/snapshot', { form: { snapname: 'one' } });
    expect((await taskEnd('pve2', taken.json!.data as string)).exitstatus).toBe(
      "snapshot name 'one' already used",
    );
  });

  it('edits a description with PUT …/config and answers unknown snapshots as PVE', async () => {
    const put = await call('PUT', '/nodes/pve2/lxc/101/snapshot/pre-certbot/config', {
      form: { description: 'edited' },
    });
    expect(put.status).toBe(200);
    expect(put.json!.data).toBeNull();
    const snaps = await list('pve2', 'lxc', 101);
    expect(snaps.find((s) => s.name === 'pre-certbot')!.description).toBe('edited');
    const missing = await call('PUT', '/nodes/pve2/lxc/101/snapshot/nope/config', {
      form: { description: 'x' },
    });
    expect(missing.status).toBe(500);
    expect(missing.json!.message).toBe("snapshot 'nope' does not exist\n");
    const del = await call('DELETE', '/nodes/pve2/lxc/101/snapshot/nope');
    expect((await taskEnd('pve2', del.json!.data as string)).exitstatus).toBe(
      "snapshot 'nope' does not exist",
    );
  });

  it('a broken snapshot: no rollback, delete fails without force and leaves the lock', async () => {
    const snaps = await list('pve2', 'qemu', 113);
    expect(snaps.find((s) => s.name === 'pre-migration')).toMatchObject({ snapstate: 'prepare' });
    const rb = await call('POST', '/nodes/pve2/qemu/113/snapshot/pre-migration/rollback');
    expect((await taskEnd('pve2', rb.json!.data as string)).exitstatus).toBe(
      'unable to rollback to incomplete snapshot (snapstate = prepare)',
    );
    const del = await call('DELETE', '/nodes/pve2/qemu/113/snapshot/pre-migration');
    const end = await taskEnd('pve2', del.json!.data as string);
    expect(end.exitstatus).toBe(
      `lvremove 'pve/snap_vm-113-disk-0_pre-migration' error:   Failed to find logical volume "pve/snap_vm-113-disk-0_pre-migration"`,
    );
    expect(await lockOf(113)).toBe('snapshot-delete');
  });
});
