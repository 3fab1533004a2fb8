// Creating guests through the contract against the demo: the options a node offers (bridges,
// disk storages, templates, ISO images, pools), a container and a VM created and followed to the
// end of their task (started when asked), a taken id refused with PVE's words, PVE's 400
// parameter errors mapped to the wizard's fields, and a create whose reply was lost sent once.

import { describe, expect, it } from 'vitest';
import type { CreateSpec } from '../../shared/create';
import type { GuestResource } from '../../shared/model';
import { useDemoProfile, type DemoProfile as Ctx } from './demo-profile';

const { open, demos, count } = useDemoProfile();

async function nextId(c: Ctx): Promise<number> {
  return (await c.api['clone.nextIds']({ profileId: c.profileId, count: 1 }))[0]!;
}

function ct(c: Ctx, vmid: number, over: Partial<CreateSpec> = {}): CreateSpec {
  return {
    profileId: c.profileId,
    node: 'pve1',
    type: 'lxc',
    vmid,
    name: 'web-new',
    cores: 2,
    memoryMiB: 1024,
    swapMiB: 256,
    diskStorage: 'local-lvm',
    diskGiB: 8,
    template: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst',
    password: 'correct horse',
    unprivileged: true,
    net: { bridge: 'vmbr0', ip: 'dhcp', firewall: true },
    start: true,
    ...over,
  };
}

async function guestOf(c: Ctx, vmid: number): Promise<GuestResource | undefined> {
  const snap = await c.api['resources.snapshot']({ profileId: c.profileId });
  return snap.items.find((r) => r.type !== 'node' && r.id.endsWith(`/${vmid}`)) as
    GuestResource | undefined;
}

describe('create through the contract', () => {
  it('offers the node bridges, disk storages with free space, templates, ISOs and pools', async () => {
    const c = await open();
    const lxc = await c.api['create.options']({
      profileId: c.profileId,
      node: 'pve1',
      type: 'lxc',
    });
    expect(lxc.bridges).toEqual([
      expect.objectContaining({ iface: 'vmbr0', vlanAware: false }),
      expect.objectContaining({ iface: 'vmbr1', vlanAware: true }),
    ]);
    expect(lxc.diskStorages.map((s) => s.storage)).toEqual(['local-lvm']);
    expect(lxc.diskStorages[0]!.avail).toBeGreaterThan(0);
    expect(lxc.templates.map((t) => t.volid)).toContain(
      'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst',
    );
    expect(lxc.isos).toEqual([]);
    expect(lxc.pools).toEqual(['lab', 'prod']);
    expect(lxc.maxcpu).toBeGreaterThan(0);
    const vm = await c.api['create.options']({
      profileId: c.profileId,
      node: 'pve1',
      type: 'qemu',
    });
    expect(vm.isos.map((t) => t.volid)).toContain('local:iso/debian-13.1.0-amd64-netinst.iso');
    expect(vm.templates).toEqual([]);
  });

  it('creates a container, follows vzcreate to its end and starts it; sent once', async () => {
    const c = await open();
    const vmid = await nextId(c);
    const out = await c.api['create.run'](ct(c, vmid));
    expect(out).toMatchObject({ state: 'ok' });
    expect(out.task).toMatchObject({ type: 'vzcreate', ok: true, own: true });
    expect(out.task!.label).toBe(`Create CT ${vmid} (web-new)`);
    expect(count('POST', '/nodes/pve1/lxc')).toBe(1);
    await expect
      .poll(async () => (await guestOf(c, vmid))?.status, { timeout: 10_000 })
      .toBe('running');
    expect(await guestOf(c, vmid)).toMatchObject({ name: 'web-new', node: 'pve1', type: 'lxc' });
  }, 20_000);

  it('creates a VM with an ISO and a cloud-init drive by qmcreate', async () => {
    const c = await open();
    const vmid = await nextId(c);
    const out = await c.api['create.run']({
      profileId: c.profileId,
      node: 'pve1',
      type: 'qemu',
      vmid,
      name: 'vm-new',
      cores: 2,
      memoryMiB: 2048,
      diskStorage: 'local-lvm',
      diskGiB: 16,
      iso: 'local:iso/debian-13.1.0-amd64-netinst.iso',
      sshKeys: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake me@laptop',
      net: { bridge: 'vmbr1', vlan: 20, ip: '10.10.9.50/16', gw: '10.10.0.1', firewall: false },
      cloudInit: { storage: 'local-lvm', user: 'admin' },
      start: false,
    });
    expect(out).toMatchObject({ state: 'ok', task: { type: 'qmcreate', ok: true } });
    const conf = await c.api['config.get']({
      profileId: c.profileId,
      node: 'pve1',
      type: 'qemu',
      vmid,
    });
    // `sshkeys` went URL-encoded (the demo refuses it otherwise, as PVE does)
    expect(conf.nets[0]!.raw).toMatch(/^virtio=[0-9A-F:]+,bridge=vmbr1,tag=20$/);
    expect(conf.values).toMatchObject({ name: 'vm-new', cores: 2, memory: 2048 });
  }, 20_000);

  it('refuses a taken id with PVE words and sends nothing else', async () => {
    const c = await open();
    const owner = (await guestOf(c, 100))!;
    const out = await c.api['create.run'](ct(c, 100));
    const kind = owner.type === 'qemu' ? 'VM' : 'CT';
    expect(out).toEqual({
      state: 'failed',
      message: `${kind} 100 already exists on node '${owner.node}'`,
    });
  });

  it('maps PVE 400 parameter errors back to the wizard fields', async () => {
    const c = await open();
    const vmid = await nextId(c);
    const out = await c.api['create.run'](
      ct(c, vmid, { name: 'bad_name', memoryMiB: 8, password: 'abc' }),
    );
    expect(out).toEqual({
      state: 'failed',
      message: 'Parameter verification failed.',
      errors: {
        name: 'value does not look like a valid DNS name',
        memoryMiB: 'value must have a minimum value of 16',
        password: 'value must be at least 5 characters long',
      },
    });
    const vlan = await c.api['create.run'](
      ct(c, vmid, { net: { bridge: 'vmbr1', vlan: 5000, ip: 'dhcp', firewall: true } }),
    );
    expect(vlan.errors).toEqual({
      vlan: 'invalid format - format error\nnet0.tag: value must have a maximum value of 4094',
    });
    expect(await guestOf(c, vmid)).toBeUndefined();
  });

  it('a create whose reply was lost is sent once, its task found and followed', async () => {
    const c = await open();
    const vmid = await nextId(c);
    demos[0]!.addFault({
      kind: 'drop-reply',
      method: 'POST',
      path: /\/nodes\/pve1\/lxc$/,
      times: 1,
    });
    const out = await c.api['create.run'](ct(c, vmid, { start: false }));
    expect(out.state).toBe('ok');
    expect(out.task).toMatchObject({ outcome: 'confirmed', type: 'vzcreate', ok: true });
    expect(count('POST', '/nodes/pve1/lxc')).toBe(1);
    await expect
      .poll(async () => (await guestOf(c, vmid))?.name, { timeout: 10_000 })
      .toBe('web-new');
  }, 30_000);
});
