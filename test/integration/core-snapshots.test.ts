// Snapshots through the contract against the demo: take, roll back and delete for a VM with and
// without RAM and for a container, each a task followed to its end; PVE's refusals (name taken,
// guest locked) as the task's end; a write whose reply was lost is never sent again.

import { describe, expect, it } from 'vitest';
import { ended, useDemoProfile } from './demo-profile';
import { failure } from './helpers';

const { open, demos, count } = useDemoProfile();

/** Poll an async probe until it gives something (waitFor's probes are synchronous). */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const VM = { node: 'pve2', type: 'qemu' as const, vmid: 122 }; // elastic01, running
const CT = { node: 'pve2', type: 'lxc' as const, vmid: 101 }; // proxy01, running

describe('snapshots through the contract', () => {
  it('a VM: take with and without RAM, roll back to each, delete; every write sent once', async () => {
    const c = await open();
    const g = { profileId: c.profileId, ...VM };
    const base = `/nodes/pve2/qemu/122/snapshot`;

    const plain = await c.api['snapshots.create']({
      ...g,
      name: 'plain',
      description: 'disk only',
    });
    expect(plain).toMatchObject({ type: 'qmsnapshot', own: true, guestId: 'qemu/122' });
    expect(plain.label).toBe('Snapshot VM 122 (elastic01): plain');
    expect(await ended(c, plain)).toMatchObject({ ok: true, exitstatus: 'OK' });

    const ram = await c.api['snapshots.create']({ ...g, name: 'withram', vmstate: true });
    const ramEnd = await ended(c, ram);
    expect(ramEnd.ok).toBe(true);
    expect(ramEnd.logTail).toContain("saving VM state and RAM using storage 'local-lvm'");

    let list = await c.api['snapshots.list'](g);
    expect(list.current).toEqual({ parent: 'withram', running: true });
    expect(list.snapshots).toEqual([
      expect.objectContaining({ name: 'plain', description: 'disk only', vmstate: false }),
      expect.objectContaining({ name: 'withram', parent: 'plain', vmstate: true }),
    ]);
    expect(list.snapshots[0]!.snaptime).toBeGreaterThan(1_000_000_000);

    // Rolling back to a disk-only snapshot stops the VM (and `start` was not asked for).
    const back = await c.api['snapshots.rollback']({ ...g, name: 'plain' });
    expect(back.label).toBe('Roll back VM 122 (elastic01) to plain');
    expect(await ended(c, back)).toMatchObject({ ok: true, type: 'qmrollback' });
    list = await c.api['snapshots.list'](g);
    expect(list.current).toEqual({ parent: 'plain', running: false });

    // A RAM snapshot starts the VM whatever `start` says.
    const ramBack = await c.api['snapshots.rollback']({ ...g, name: 'withram', start: false });
    expect((await ended(c, ramBack)).ok).toBe(true);
    list = await c.api['snapshots.list'](g);
    expect(list.current).toEqual({ parent: 'withram', running: true });

    const del = await c.api['snapshots.delete']({ ...g, name: 'plain' });
    expect(await ended(c, del)).toMatchObject({ ok: true, type: 'qmdelsnapshot' });
    list = await c.api['snapshots.list'](g);
    // The child now hangs from where its parent hung (nowhere).
    expect(list.snapshots).toEqual([expect.objectContaining({ name: 'withram', vmstate: true })]);
    expect(list.snapshots[0]!.parent).toBeUndefined();

    expect(count('POST', base)).toBe(2);
    expect(count('POST', `${base}/plain/rollback`)).toBe(1);
    expect(count('POST', `${base}/withram/rollback`)).toBe(1);
    expect(count('DELETE', `${base}/plain`)).toBe(1);
  });

  it('a container: take (no vmstate sent), roll back with start, edit the description, delete', async () => {
    const c = await open();
    const g = { profileId: c.profileId, ...CT };
    const t = await c.api['snapshots.create']({ ...g, name: 'ct-snap' });
    expect(await ended(c, t)).toMatchObject({ ok: true, type: 'vzsnapshot' });
    await c.api['snapshots.update']({ ...g, name: 'ct-snap', description: 'before the change' });
    let list = await c.api['snapshots.list'](g);
    expect(list.snapshots.find((s) => s.name === 'ct-snap')).toMatchObject({
      description: 'before the change',
      parent: 'pre-certbot',
      vmstate: false,
    });

    // Tasks of CT 101 from before (the demo's history has vzstarts of its own): not the one.
    const before = new Set(
      (await c.api['tasks.list']({ profileId: c.profileId })).map((x) => x.upid),
    );
    const back = await c.api['snapshots.rollback']({ ...g, name: 'pre-certbot', start: true });
    expect(await ended(c, back)).toMatchObject({ ok: true, type: 'vzrollback' });
    // `start` runs a vzstart of its own after the rollback (in the cluster's task list).
    const vzstart = await eventually('the vzstart task ends', async () => {
      const tasks = await c.api['tasks.list']({ profileId: c.profileId });
      return tasks.find(
        (x) =>
          x.type === 'vzstart' && x.id === '101' && x.status === 'stopped' && !before.has(x.upid),
      );
    });
    expect(vzstart.ok).toBe(true);
    list = await c.api['snapshots.list'](g);
    expect(list.current).toEqual({ parent: 'pre-certbot', running: true });

    const del = await c.api['snapshots.delete']({ ...g, name: 'ct-snap' });
    expect((await ended(c, del)).ok).toBe(true);
    list = await c.api['snapshots.list'](g);
    expect(list.snapshots.map((s) => s.name)).toEqual(['pre-certbot']);

    // A container snapshot never carries vmstate: the contract refuses it before PVE would.
    const refused = await failure(c.api['snapshots.create']({ ...g, name: 'x1', vmstate: true }));
    expect(refused.message).toBe('Invalid vmstate for snapshots.create: vmstate is for VMs only');
  });

  it('PVE’s refusals end the task: name taken, guest locked', async () => {
    const c = await open();
    const taken = await c.api['snapshots.create']({
      profileId: c.profileId,
      ...CT,
      name: 'pre-certbot',
    });
    expect(await ended(c, taken)).toMatchObject({
      ok: false,
      exitstatus: "snapshot name 'pre-certbot' already used",
    });
    // files01 (107) is locked by a backup in the demo.
    const locked = await c.api['snapshots.create']({
      profileId: c.profileId,
      node: 'pve2',
      type: 'qemu',
      vmid: 107,
      name: 'nope',
    });
    expect(await ended(c, locked)).toMatchObject({
      ok: false,
      exitstatus: 'VM is locked (backup)',
    });
    const badName = await failure(
      c.api['snapshots.create']({ profileId: c.profileId, ...CT, name: '9lives' }),
    );
    expect(badName.message).toBe('Invalid name for snapshots.create: Must start with a letter');
  });

  it('a snapshot whose reply was lost is sent once, found in the task list and followed', async () => {
    const c = await open();
    const path = '/nodes/pve2/lxc/101/snapshot';
    demos[0]!.addFault({
      kind: 'drop-reply',
      method: 'POST',
      path: new RegExp(`${path}$`),
      times: 1,
    });
    const placeholder = await c.api['snapshots.create']({
      profileId: c.profileId,
      ...CT,
      name: 'lost',
    });
    expect(placeholder.outcome).toBe('in-doubt');
    const end = await ended(c, placeholder);
    expect(end).toMatchObject({ outcome: 'confirmed', type: 'vzsnapshot', ok: true });
    expect(count('POST', path)).toBe(1);
    const list = await c.api['snapshots.list']({ profileId: c.profileId, ...CT });
    expect(list.current.parent).toBe('lost');
  }, 20_000);

  it('deletes a broken snapshot with force (PVE warns), reading what real servers send', async () => {
    const c = await open();
    const g = { profileId: c.profileId, node: 'pve2', type: 'qemu' as const, vmid: 113 };
    const list = await c.api['snapshots.list'](g);
    expect(list.snapshots.find((s) => s.name === 'pre-migration')?.snapstate).toBe('prepare');
    const del = await c.api['snapshots.delete']({ ...g, name: 'pre-migration', force: true });
    expect(await ended(c, del)).toMatchObject({ ok: true, exitstatus: 'WARNINGS: 1' });
    expect((await c.api['snapshots.list'](g)).snapshots.map((s) => s.name)).toEqual(['initial']);
    expect(count('DELETE', '/nodes/pve2/qemu/113/snapshot/pre-migration')).toBe(1);
  });
});
