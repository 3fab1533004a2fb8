// Migration and removal through the contract against the demo: the precondition in both key
// styles, an offline and an online VM migration and a CT in restart mode followed until the guest
// shows on its new node; PVE's refusals (running VM without online, protected or running guest on
// removal) with its messages; a removal whose guest leaves the resources; every write sent once.

import { describe, expect, it } from 'vitest';
import type { GuestResource } from '../../shared/model';
import {
  currentGuests as guests,
  ended,
  guestPath as at,
  guestRef as ref,
  useDemoProfile,
  type DemoProfile as Ctx,
} from './demo-profile';
import { failure } from './helpers';

const { open, count } = useDemoProfile();

async function pick(c: Ctx, pred: (g: GuestResource) => boolean): Promise<GuestResource> {
  const g = (await guests(c)).find(
    (x) => x.node !== 'pve3' && !x.template && !x.lock && !x.hastate && pred(x),
  );
  if (!g) throw new Error('no such guest in the demo');
  return g;
}

/** Wait until the resources show the guest on `node` (or gone, for `null`). */
async function shows(c: Ctx, id: string, node: string | null): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const g = (await guests(c)).find((x) => x.id === id);
    if (node === null ? !g : g?.node === node) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${id} on ${String(node)}`);
}

const other = (node: string) => (node === 'pve1' ? 'pve2' : 'pve1');

describe('migration through the contract', () => {
  it('reads the precondition of a VM (underscore keys) and a CT (hyphen keys)', async () => {
    const c = await open();
    const vm = await pick(c, (g) => g.type === 'qemu');
    const q = await c.api['migrate.precondition']({ profileId: c.profileId, ...ref(vm) });
    expect(q.allowedNodes).toContain(other(vm.node));
    expect(q.notAllowed).toEqual([]);
    expect(q.localDisks).toEqual([
      expect.objectContaining({ volid: `local-lvm:vm-${vm.vmid}-disk-0`, drive: 'scsi0' }),
    ]);
    expect(q.localResources).toEqual([]);
    const ct = await pick(c, (g) => g.type === 'lxc');
    const l = await c.api['migrate.precondition']({ profileId: c.profileId, ...ref(ct) });
    expect(l.running).toBe(ct.status === 'running');
    expect(l.allowedNodes).toContain(other(ct.node));
    expect(l.localDisks).toEqual([]);
  });

  it('migrates a stopped VM offline and a running VM online; each shows on its new node', async () => {
    const c = await open();
    const off = await pick(c, (g) => g.type === 'qemu' && g.status === 'stopped');
    const t1 = await c.api['migrate.run']({
      profileId: c.profileId,
      ...ref(off),
      target: other(off.node),
    });
    expect(t1).toMatchObject({ type: 'qmigrate', own: true, guestId: off.id });
    expect(t1.label).toBe(`Migrate VM ${off.vmid} (${off.name}) to ${other(off.node)}`);
    expect(await ended(c, t1)).toMatchObject({ ok: true, exitstatus: 'OK' });
    await shows(c, off.id, other(off.node));

    const on = await pick(c, (g) => g.type === 'qemu' && g.status === 'running');
    const t2 = await c.api['migrate.run']({
      profileId: c.profileId,
      ...ref(on),
      target: other(on.node),
      online: true,
      withLocalDisks: true,
    });
    const end = await ended(c, t2);
    expect(end.ok).toBe(true);
    expect(end.logTail?.join('\n')).toMatch(/migration finished successfully/);
    await shows(c, on.id, other(on.node));
    expect(count('POST', `${at(off)}/migrate`)).toBe(1);
    expect(count('POST', `${at(on)}/migrate`)).toBe(1);
  });

  it('refuses a running VM without online with PVE’s message, sent once', async () => {
    const c = await open();
    const vm = await pick(c, (g) => g.type === 'qemu' && g.status === 'running');
    const err = await failure(
      c.api['migrate.run']({ profileId: c.profileId, ...ref(vm), target: other(vm.node) }),
    );
    expect(err.message).toBe("can't migrate running VM without --online");
    expect(count('POST', `${at(vm)}/migrate`)).toBe(1);
  });

  it('migrates a running CT in restart mode; it runs again on the new node', async () => {
    const c = await open();
    const ct = await pick(c, (g) => g.type === 'lxc' && g.status === 'running');
    const t = await c.api['migrate.run']({
      profileId: c.profileId,
      ...ref(ct),
      target: other(ct.node),
      restart: true,
    });
    expect(t.type).toBe('vzmigrate');
    expect(await ended(c, t)).toMatchObject({ ok: true });
    await shows(c, ct.id, other(ct.node));
    expect((await guests(c)).find((g) => g.id === ct.id)!.status).toBe('running');
    expect(count('POST', `${at(ct)}/migrate`)).toBe(1);
  });
});

describe('HA migration through the contract', () => {
  it('sends an HA-managed VM through HA (hamigrate); the CRM’s migration then moves it', async () => {
    const c = await open();
    const ha = (await guests(c)).find(
      (g) => g.type === 'qemu' && g.status === 'running' && !!g.hastate && g.node !== 'pve3',
    )!;
    const t = await c.api['migrate.run']({
      profileId: c.profileId,
      ...ref(ha),
      target: other(ha.node),
      online: true,
    });
    expect(t).toMatchObject({ type: 'hamigrate', guestId: ha.id });
    expect(t.label).toBe(`HA migrate VM ${ha.vmid} (${ha.name}) to ${other(ha.node)}`);
    const end = await ended(c, t);
    expect(end.logTail).toContain(
      `Requesting HA migration for VM ${ha.vmid} to node ${other(ha.node)}`,
    );
    await shows(c, ha.id, other(ha.node));
    expect(count('POST', `${at(ha)}/migrate`)).toBe(1);
  });
});

describe('removal through the contract', () => {
  it('refuses a protected guest, a running CT and a running VM with PVE’s messages', async () => {
    const c = await open();
    const prot = (await guests(c)).find((g) => g.name === 'db-primary')!;
    const p = await failure(
      c.api['guest.delete']({ profileId: c.profileId, ...ref(prot), purge: true }),
    );
    expect(p.message).toBe(`can't remove VM ${prot.vmid} - protection mode enabled`);
    const run = await pick(c, (g) => g.type === 'lxc' && g.status === 'running');
    const r = await failure(
      c.api['guest.delete']({ profileId: c.profileId, ...ref(run), purge: true }),
    );
    expect(r.message).toBe(`unable to destroy CT ${run.vmid} - container is running`);
    const vm = await pick(c, (g) => g.type === 'qemu' && g.status === 'running');
    const v = await failure(
      c.api['guest.delete']({ profileId: c.profileId, ...ref(vm), purge: true }),
    );
    expect(v.message).toBe(`VM ${vm.vmid} is running - destroy failed`);
    expect(count('DELETE', at(prot))).toBe(1);
    expect(count('DELETE', at(run))).toBe(1);
    expect(count('DELETE', at(vm))).toBe(1);
  });

  it('destroys a stopped guest with purge; it leaves the resources; sent once', async () => {
    const c = await open();
    const vm = await pick(c, (g) => g.type === 'qemu' && g.status === 'stopped');
    const t = await c.api['guest.delete']({
      profileId: c.profileId,
      ...ref(vm),
      purge: true,
      destroyUnreferencedDisks: true,
    });
    expect(t).toMatchObject({ type: 'qmdestroy', label: `Destroy VM ${vm.vmid} (${vm.name})` });
    expect(await ended(c, t)).toMatchObject({ ok: true });
    await shows(c, vm.id, null);
    expect(count('DELETE', at(vm))).toBe(1);
  });
});
