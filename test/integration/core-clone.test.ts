// Clone and convert to template through the contract against the demo: free ids (next id and the
// free ones after it, a taken id refused with PVE's words), three linked copies of a CT template
// named by a pattern, run one after another and each followed to its end, the new guests in the
// resources; a VM template cloned linked (the default) and full; PVE's refusals (a taken id, linked from a non-template, a running CT full clone,
// a bad name as a 400 mapped to its field) stopping the copies after them; convert to template
// of a VM and a CT (whose task PVE does not name); every write sent once.

import { describe, expect, it } from 'vitest';
import { copyNames } from '../../shared/clone';
import type { GuestResource } from '../../shared/model';
import {
  currentGuests as guests,
  guestPath as at,
  guestRef as ref,
  useDemoProfile,
  type DemoProfile as Ctx,
} from './demo-profile';
import { waitFor } from './helpers';

const { open, count } = useDemoProfile();

async function pick(c: Ctx, pred: (g: GuestResource) => boolean): Promise<GuestResource> {
  const g = (await guests(c)).find((x) => x.node !== 'pve3' && !x.lock && !x.hastate && pred(x));
  if (!g) throw new Error('no such guest in the demo');
  return g;
}

describe('clone through the contract', () => {
  it('gives free ids and refuses a taken one with PVE words', async () => {
    const c = await open();
    const ids = await c.api['clone.nextIds']({ profileId: c.profileId, count: 3 });
    expect(ids).toHaveLength(3);
    const taken = new Set((await guests(c)).map((g) => g.vmid));
    for (const id of ids) expect(taken.has(id)).toBe(false);
    expect(new Set(ids).size).toBe(3);
    const used = [...taken][0]!;
    expect(await c.api['clone.checkId']({ profileId: c.profileId, vmid: used })).toEqual({
      free: false,
      message: `VM ${used} already exists`,
    });
    expect(await c.api['clone.checkId']({ profileId: c.profileId, vmid: ids[0]! })).toEqual({
      free: true,
    });
  });

  it('clones a CT template into three named copies, one after another, each followed', async () => {
    const c = await open();
    const tpl = await pick(c, (g) => g.type === 'lxc' && g.template === true);
    const ids = await c.api['clone.nextIds']({ profileId: c.profileId, count: 3 });
    const names = copyNames('web-{n}', 3);
    const out = await c.api['clone.run']({
      profileId: c.profileId,
      ...ref(tpl),
      copies: ids.map((newid, i) => ({ newid, name: names[i]! })),
      pool: 'lab',
    });
    expect(out.map((o) => [o.newid, o.name, o.state])).toEqual(
      ids.map((id, i) => [id, `web-${i + 1}`, 'ok']),
    );
    // One after another: each task began after the one before it ended.
    for (let i = 1; i < out.length; i++) {
      expect(out[i]!.task!.starttime).toBeGreaterThanOrEqual(out[i - 1]!.task!.endtime!);
    }
    expect(out.map((o) => o.task!.type)).toEqual(['vzclone', 'vzclone', 'vzclone']);
    expect(out[0]!.task!.label).toBe(`Clone CT ${tpl.vmid} (${tpl.name}) to ${ids[0]} (web-1)`);
    await waitFor('the copies in the resources', async () => {
      const all = await guests(c);
      return ids.every((id) =>
        all.some((g) => g.vmid === id && g.type === 'lxc' && !g.lock && g.pool === 'lab'),
      )
        ? true
        : undefined;
    });
    const created = (await guests(c)).filter((g) => ids.includes(g.vmid));
    expect(created.map((g) => g.name).sort()).toEqual(['web-1', 'web-2', 'web-3']);
    expect(count('POST', `${at(tpl)}/clone`)).toBe(3);
  });

  it('stops at a taken id, a linked clone of a non-template and a running CT full clone', async () => {
    const c = await open();
    const tpl = await pick(c, (g) => g.type === 'lxc' && g.template === true);
    const [free1, free2] = await c.api['clone.nextIds']({ profileId: c.profileId, count: 2 });
    const someone = (await guests(c))[0]!;
    const taken = await c.api['clone.run']({
      profileId: c.profileId,
      ...ref(tpl),
      copies: [{ newid: someone.vmid }, { newid: free1! }],
    });
    expect(taken).toEqual([
      {
        newid: someone.vmid,
        state: 'failed',
        message: `VM ${someone.vmid} already exists`,
        errors: { newid: `VM ${someone.vmid} already exists` },
      },
      { newid: free1, state: 'not-started' },
    ]);
    expect(count('POST', `${at(tpl)}/clone`)).toBe(0);

    const vm = await pick(c, (g) => g.type === 'qemu' && !g.template && g.status === 'stopped');
    const linked = await c.api['clone.run']({
      profileId: c.profileId,
      ...ref(vm),
      copies: [{ newid: free1! }, { newid: free2! }],
      full: false,
    });
    expect(linked.map((o) => [o.state, o.message])).toEqual([
      [
        'failed',
        `Linked clone feature is not supported for 'local-lvm:vm-${vm.vmid}-disk-0' (scsi0)`,
      ],
      ['not-started', undefined],
    ]);
    expect(count('POST', `${at(vm)}/clone`)).toBe(1);

    const ct = await pick(c, (g) => g.type === 'lxc' && !g.template && g.status === 'running');
    const running = await c.api['clone.run']({
      profileId: c.profileId,
      ...ref(ct),
      copies: [{ newid: free1! }],
    });
    expect(running[0]).toMatchObject({
      state: 'failed',
      message: 'Full clone of a running container is only possible from a snapshot',
    });
    expect(count('POST', `${at(ct)}/clone`)).toBe(1);
    // Nothing was left behind.
    expect((await guests(c)).some((g) => g.vmid === free1)).toBe(false);
  });

  it("maps PVE's 400 parameter errors to the form's fields", async () => {
    const c = await open();
    const tpl = await pick(c, (g) => g.type === 'qemu' && g.template === true);
    const [id] = await c.api['clone.nextIds']({ profileId: c.profileId, count: 1 });
    const out = await c.api['clone.run']({
      profileId: c.profileId,
      ...ref(tpl),
      copies: [{ newid: id! }],
      full: true,
      storage: 'local',
    });
    expect(out[0]).toMatchObject({
      state: 'failed',
      message: "Parameter verification failed: storage: storage 'local' does not support vm images",
      errors: { storage: "storage 'local' does not support vm images" },
    });
  });

  it('clones a VM template linked by default and full when asked; the task log says which', async () => {
    const c = await open();
    const tpl = await pick(c, (g) => g.type === 'qemu' && g.template === true);
    const [a, b] = await c.api['clone.nextIds']({ profileId: c.profileId, count: 2 });
    const linked = await c.api['clone.run']({
      profileId: c.profileId,
      ...ref(tpl),
      copies: [{ newid: a!, name: 'linked-1' }],
    });
    const full = await c.api['clone.run']({
      profileId: c.profileId,
      ...ref(tpl),
      copies: [{ newid: b!, name: 'full-1' }],
      full: true,
      storage: 'local-lvm',
    });
    expect([linked[0]!.state, full[0]!.state]).toEqual(['ok', 'ok']);
    const log = async (upid: string) =>
      (await c.api['tasks.log']({ profileId: c.profileId, upid })).lines.map((l) => l.t);
    const vol = `local-lvm:base-${tpl.vmid}-disk-0`;
    expect(await log(linked[0]!.task!.upid)).toContain(
      `create linked clone of drive scsi0 (${vol})`,
    );
    expect(await log(full[0]!.task!.upid)).toContain(`create full clone of drive scsi0 (${vol})`);
    await waitFor('both copies', async () => {
      const all = await guests(c);
      return [a, b].every((id) => all.some((g) => g.vmid === id && !g.lock)) ? true : undefined;
    });
    expect(count('POST', `${at(tpl)}/clone`)).toBe(2);
  });

  it('converts a stopped VM and a stopped CT to templates, each a followed task', async () => {
    const c = await open();
    const vtpl = await pick(c, (g) => g.type === 'qemu' && g.template === true);
    const ctpl = await pick(c, (g) => g.type === 'lxc' && g.template === true);
    const [a, b] = await c.api['clone.nextIds']({ profileId: c.profileId, count: 2 });
    const one = await c.api['clone.run']({
      profileId: c.profileId,
      ...ref(vtpl),
      copies: [{ newid: a!, name: 'golden' }],
    });
    const two = await c.api['clone.run']({
      profileId: c.profileId,
      ...ref(ctpl),
      copies: [{ newid: b! }],
    });
    expect([one[0]!.state, two[0]!.state]).toEqual(['ok', 'ok']);
    const vm = { node: vtpl.node, type: 'qemu' as const, vmid: a! };
    const ct = { node: ctpl.node, type: 'lxc' as const, vmid: b! };
    const t1 = await c.api['guest.template']({ profileId: c.profileId, ...vm });
    expect(t1).toMatchObject({ type: 'qmtemplate', id: String(a), status: 'running' });
    // PVE answers null for a CT: the task is found in the node's list, not in doubt.
    const t2 = await c.api['guest.template']({ profileId: c.profileId, ...ct });
    expect(t2).toMatchObject({ type: 'vztemplate', id: String(b) });
    expect(t2.outcome).toBeUndefined();
    await waitFor('both templates', async () => {
      const all = await guests(c);
      return [a, b].every((id) => all.find((g) => g.vmid === id)?.template === true)
        ? true
        : undefined;
    });
    expect(count('POST', `/nodes/${vm.node}/qemu/${a}/template`)).toBe(1);
    expect(count('POST', `/nodes/${ct.node}/lxc/${b}/template`)).toBe(1);
  });
});
