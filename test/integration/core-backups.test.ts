// Backups, restores and storages through the contract against the demo: back up, list, restore to
// a new id, delete; a protected backup refused with PVE's message; running out of space; backup
// jobs with their last run and "run now"; every write sent exactly once (counted at the demo),
// also when its reply was lost.

import { describe, expect, it } from 'vitest';
import type { GuestResource } from '../../shared/model';
import {
  ended,
  firstGuests as guests,
  useDemoProfile,
  type DemoProfile as Ctx,
} from './demo-profile';
import { waitFor } from './helpers';

const { open, demos, count } = useDemoProfile();

function pick(c: Ctx, pred: (g: GuestResource) => boolean): GuestResource {
  const g = guests(c).find((x) => x.node === 'pve1' && !x.template && !x.lock && pred(x));
  if (!g) throw new Error('no such guest');
  return g;
}

function seen(c: Ctx, vmid: number): boolean {
  return c.rec.events.resources.some((e) =>
    (e.kind === 'snapshot' ? e.items : e.kind === 'delta' ? e.added : []).some(
      (r) => r.id === `qemu/${vmid}` || r.id === `lxc/${vmid}`,
    ),
  );
}

describe('backups through the contract', () => {
  it('backs up a VM to PBS, lists it, restores it to a new id, deletes it; each write once', async () => {
    const c = await open();
    const vm = pick(c, (g) => g.type === 'qemu' && g.status === 'running');
    const run = await c.api['backups.create']({
      profileId: c.profileId,
      guests: [{ node: 'pve1', type: 'qemu', vmid: vm.vmid }],
      storage: 'pbs',
      mode: 'snapshot',
      notesTemplate: '{{guestname}} on {{node}}',
    });
    expect(run.failures).toEqual([]);
    expect(run.tasks).toHaveLength(1);
    const task = run.tasks[0]!;
    expect(task).toMatchObject({ type: 'vzdump', id: String(vm.vmid), guestId: `qemu/${vm.vmid}` });
    expect(task.label).toBe(`Back up VM ${vm.vmid} (${vm.name}) to pbs`);
    const end = await ended(c, task);
    expect(end).toMatchObject({ ok: true, exitstatus: 'OK' });
    expect(end.logTail).toContain('INFO: Backup job finished successfully');

    const list = await c.api['backups.list']({
      profileId: c.profileId,
      node: 'pve1',
      type: 'qemu',
      vmid: vm.vmid,
    });
    expect(list.failures).toEqual([]);
    const made = list.volumes[0]!;
    expect(made).toMatchObject({
      storage: 'pbs',
      format: 'pbs-vm',
      notes: `${vm.name} on pve1`,
      protected: false,
      archive: { kind: 'pbs', guestType: 'qemu', vmid: vm.vmid },
    });
    expect(made.volid).toMatch(new RegExp(`^pbs:backup/vm/${vm.vmid}/\\d{4}-\\d\\d-\\d\\dT`));

    const newId = await c.api['backups.nextId']({ profileId: c.profileId });
    expect(seen(c, newId)).toBe(false);
    const restore = await c.api['backups.restore']({
      profileId: c.profileId,
      node: 'pve1',
      volid: made.volid,
      type: 'qemu',
      vmid: newId,
      storage: 'local-lvm',
    });
    expect(restore.label).toBe(`Restore backup as VM ${newId}`);
    expect(await ended(c, restore)).toMatchObject({ ok: true, type: 'qmrestore' });
    await waitFor('the restored VM in the resources', () => seen(c, newId));

    const del = await c.api['backups.delete']({
      profileId: c.profileId,
      node: 'pve1',
      volid: made.volid,
    });
    expect(await ended(c, del)).toMatchObject({ ok: true, type: 'imgdel' });
    const after = await c.api['backups.list']({
      profileId: c.profileId,
      node: 'pve1',
      type: 'qemu',
      vmid: vm.vmid,
    });
    expect(after.volumes.map((v) => v.volid)).not.toContain(made.volid);

    expect(count('POST', '/nodes/pve1/vzdump')).toBe(1);
    expect(count('POST', '/nodes/pve1/qemu')).toBe(1);
    expect(
      count('DELETE', `/nodes/pve1/storage/pbs/content/${encodeURIComponent(made.volid)}`),
    ).toBe(1);
  });

  it('refuses to delete a protected backup with PVE’s message', async () => {
    const c = await open();
    const ct = pick(c, (g) => g.type === 'lxc');
    const run = await c.api['backups.create']({
      profileId: c.profileId,
      guests: [{ node: 'pve1', type: 'lxc', vmid: ct.vmid }],
      storage: 'local',
      mode: 'snapshot',
      compress: 'zstd',
      protected: true,
    });
    expect((await ended(c, run.tasks[0]!)).ok).toBe(true);
    const list = await c.api['backups.list']({
      profileId: c.profileId,
      node: 'pve1',
      type: ct.type,
      vmid: ct.vmid,
    });
    const v = list.volumes.find((x) => x.storage === 'local')!;
    expect(v).toMatchObject({ protected: true, format: 'tar.zst', archive: { kind: 'file' } });
    const del = await c.api['backups.delete']({
      profileId: c.profileId,
      node: 'pve1',
      volid: v.volid,
    });
    const end = await ended(c, del);
    expect(end.ok).toBe(false);
    expect(end.exitstatus).toBe(
      `cannot remove protected volume '${v.volid.slice('local:'.length)}' on 'local'`,
    );
    const still = await c.api['backups.list']({
      profileId: c.profileId,
      node: 'pve1',
      type: ct.type,
      vmid: ct.vmid,
    });
    expect(still.volumes.map((x) => x.volid)).toContain(v.volid);
  });

  it('ends a backup that runs out of space with vzdump’s error', async () => {
    const c = await open();
    const vm = pick(c, (g) => g.type === 'qemu');
    demos[0]!.setStorageAvail('pve1', 'local', 1024 ** 2);
    const run = await c.api['backups.create']({
      profileId: c.profileId,
      guests: [{ node: 'pve1', type: 'qemu', vmid: vm.vmid }],
      storage: 'local',
      mode: 'snapshot',
    });
    const end = await ended(c, run.tasks[0]!);
    expect(end).toMatchObject({ ok: false, exitstatus: 'job errors' });
    expect(end.logTail).toContain(
      `ERROR: Backup of VM ${vm.vmid} failed - vma_queue_write: write error - No space left on device`,
    );
  });

  it('a backup whose reply was lost is sent once, found in the task list and followed', async () => {
    const c = await open();
    const ct = pick(c, (g) => g.type === 'lxc');
    demos[0]!.addFault({
      kind: 'drop-reply',
      method: 'POST',
      path: /\/nodes\/pve1\/vzdump$/,
      times: 1,
    });
    const run = await c.api['backups.create']({
      profileId: c.profileId,
      guests: [{ node: 'pve1', type: 'lxc', vmid: ct.vmid }],
      storage: 'pbs',
      mode: 'suspend',
    });
    expect(run.tasks[0]!.outcome).toBe('in-doubt');
    const end = await ended(c, run.tasks[0]!);
    expect(end).toMatchObject({ outcome: 'confirmed', type: 'vzdump', ok: true });
    expect(count('POST', '/nodes/pve1/vzdump')).toBe(1);
  }, 20_000);

  it('backs up a selection across nodes (one vzdump per node); restores a CT over itself', async () => {
    const c = await open();
    const a = pick(c, (g) => g.type === 'lxc' && g.status === 'stopped');
    const b = guests(c).find((g) => g.node === 'pve2' && !g.template && !g.lock)!;
    const run = await c.api['backups.create']({
      profileId: c.profileId,
      guests: [
        { node: 'pve1', type: 'lxc', vmid: a.vmid },
        { node: 'pve2', type: b.type, vmid: b.vmid },
      ],
      storage: 'nas-backup',
      mode: 'stop',
      compress: 'zstd',
    });
    expect(run.tasks.map((t) => t.node)).toEqual(['pve1', 'pve2']);
    for (const t of run.tasks) expect((await ended(c, t)).ok).toBe(true);
    const list = await c.api['backups.list']({
      profileId: c.profileId,
      node: 'pve1',
      type: a.type,
      vmid: a.vmid,
    });
    const mine = list.volumes.find((v) => v.storage === 'nas-backup')!;
    // Same id without overwrite: PVE's refusal, before any task.
    await expect(
      c.api['backups.restore']({
        profileId: c.profileId,
        node: 'pve1',
        volid: mine.volid,
        type: 'lxc',
        vmid: a.vmid,
      }),
    ).rejects.toThrow(`CT ${a.vmid} already exists on node 'pve1'`);
    const over = await c.api['backups.restore']({
      profileId: c.profileId,
      node: 'pve1',
      volid: mine.volid,
      type: 'lxc',
      vmid: a.vmid,
      force: true,
    });
    expect(await ended(c, over)).toMatchObject({ ok: true, type: 'vzrestore' });
    expect(count('POST', '/nodes/pve1/lxc')).toBe(2);
  });
});

describe('storages and backup jobs through the contract', () => {
  it('lists storages once per shared storage, and content with both volid formats', async () => {
    const c = await open();
    const all = await c.api['storage.list']({ profileId: c.profileId });
    const pbs = all.filter((s) => s.storage === 'pbs');
    expect(pbs).toHaveLength(1);
    expect(pbs[0]).toMatchObject({
      type: 'pbs',
      shared: true,
      active: true,
      nodes: ['pve1', 'pve2'],
    });
    expect(all.filter((s) => s.storage === 'local').map((s) => s.nodes)).toEqual([
      ['pve1'],
      ['pve2'],
    ]);
    const backupOnly = await c.api['storage.list']({
      profileId: c.profileId,
      node: 'pve1',
      content: 'backup',
    });
    expect(backupOnly.map((s) => s.storage)).toEqual(['local', 'nas-backup', 'pbs']);
    for (const s of backupOnly) expect(s.avail).toBeGreaterThan(0);

    const nas = await c.api['storage.content']({
      profileId: c.profileId,
      node: 'pve1',
      storage: 'nas-backup',
    });
    const file = nas.find((v) => v.content === 'backup')!;
    expect(file.archive).toMatchObject({ kind: 'file' });
    expect(file.archive!.time).toBe(file.ctime);
    const store = await c.api['storage.content']({
      profileId: c.profileId,
      node: 'pve1',
      storage: 'pbs',
    });
    expect(store.find((v) => v.protected)).toMatchObject({
      verification: 'ok',
      archive: { kind: 'pbs' },
    });
    expect(store.some((v) => v.verification === 'failed')).toBe(true);
    const local = await c.api['storage.content']({
      profileId: c.profileId,
      node: 'pve1',
      storage: 'local',
    });
    expect(new Set(local.map((v) => v.content))).toEqual(new Set(['iso', 'vztmpl']));
  });

  it('lists the jobs with their last run per guest, and runs one now', async () => {
    const c = await open();
    const jobs = await c.api['backups.jobs']({ profileId: c.profileId });
    expect(jobs.map((j) => j.storage)).toEqual(['nas-backup', 'pbs', 'local']);
    const nightly = jobs[0]!;
    expect(nightly).toMatchObject({ all: true, enabled: true, schedule: '01:00' });
    expect(nightly.nextRun).toBeGreaterThan(Date.now() / 1000);
    // Last night's runs (the seeded vzdump tasks): one result per guest, the locked one failed.
    expect(nightly.lastRun.length).toBeGreaterThan(3);
    expect(nightly.lastRun.some((r) => !r.ok && r.error === 'job errors')).toBe(true);

    const weekly = jobs[1]!;
    expect(weekly.lastRun).toEqual([]);
    const run = await c.api['backups.runJob']({ profileId: c.profileId, id: weekly.id });
    expect(run.failures).toEqual([]);
    expect(run.tasks.length).toBeGreaterThan(0);
    for (const t of run.tasks) await ended(c, t);
    const again = await c.api['backups.jobs']({ profileId: c.profileId });
    const results = again[1]!.lastRun;
    // pve3 is offline: its guest of the job has no result.
    const reachable = guests(c)
      .filter((g) => weekly.vmids.includes(g.vmid) && g.node !== 'pve3')
      .map((g) => g.vmid);
    expect(reachable.length).toBeGreaterThan(0);
    expect(results.map((r) => r.vmid).sort()).toEqual(reachable.sort());
    expect(results.every((r) => r.ok || r.error !== undefined)).toBe(true);
    // One vzdump per online node; a node without the job's guests answers OK and starts nothing.
    expect(count('POST', '/nodes/pve1/vzdump')).toBe(1);
    expect(count('POST', '/nodes/pve2/vzdump')).toBe(1);
  });
});
