// The Options tab's hardware through the contract against the demo: grow a disk (a resize task
// followed to its end, the new size read back; a shrink refused with PVE's text before anything
// is sent; a stale digest answered as a conflict), swap, add and remove a network interface with
// the digest read (hot-plugged on a running VM, PVE's MAC address kept), the node's bridges and
// the cluster's tag colours.

import { describe, expect, it } from 'vitest';
import { ended, pickArgs as pick, useDemoProfile } from './demo-profile';
import { failure } from './helpers';

const { open, demos, count } = useDemoProfile();

const GiB = 1024 ** 3;

describe('guest hardware through the contract', () => {
  it('grows a container’s rootfs by +2G in a followed task; a shrink is refused before sending', async () => {
    const c = await open();
    const g = pick(c, (x) => x.type === 'lxc' && x.status === 'running');
    const path = `/nodes/${g.node}/lxc/${g.vmid}/resize`;
    const read = await c.api['config.get'](g);
    const root = read.disks.find((d) => d.key === 'rootfs')!;
    expect(root).toMatchObject({ mountpoint: '/', resizable: true });
    const size = root.sizeBytes!;

    const shrink = await failure(
      c.api['config.resize']({
        ...g,
        disk: 'rootfs',
        size: `${size / GiB - 1}G`,
        digest: read.digest,
      }),
    );
    expect(shrink.message).toBe('unable to shrink disk size');
    expect(count('PUT', path)).toBe(0);

    const res = await c.api['config.resize']({
      ...g,
      disk: 'rootfs',
      size: '+2G',
      digest: read.digest,
    });
    expect(res.outcome).toBe('started');
    if (res.outcome !== 'started') return;
    expect(res.task.label).toMatch(
      new RegExp(`^Resize rootfs of CT ${g.vmid} \\(.+\\) to ${size / GiB + 2} GiB$`),
    );
    expect((await ended(c, res.task)).exitstatus).toBe('OK');
    const after = await c.api['config.get'](g);
    expect(after.disks.find((d) => d.key === 'rootfs')!.sizeBytes).toBe(size + 2 * GiB);
    expect(count('PUT', path)).toBe(1);
  });

  it('a VM: shrinking refused with qemu-server’s text; a stale digest is a conflict, not a resize', async () => {
    const c = await open();
    const g = pick(c, (x) => x.type === 'qemu' && x.status === 'stopped');
    const path = `/nodes/${g.node}/qemu/${g.vmid}/resize`;
    const read = await c.api['config.get'](g);
    const disk = read.disks.find((d) => d.key === 'scsi0')!;
    const shrink = await failure(
      c.api['config.resize']({
        ...g,
        disk: 'scsi0',
        size: `${disk.sizeBytes! - GiB}`,
        digest: read.digest,
      }),
    );
    expect(shrink.message).toBe('shrinking disks is not supported');
    demos[0]!.editConfig(g.vmid, { description: 'edited by another admin' });
    const stale = await c.api['config.resize']({
      ...g,
      disk: 'scsi0',
      size: '+1G',
      digest: read.digest,
    });
    expect(stale.outcome).toBe('conflict');
    if (stale.outcome !== 'conflict') return;
    expect(stale.message).toBe('checksum mismatch (file change by other user?)');
    expect(stale.changed.map((x) => x.key)).toEqual(['description']);
    expect(count('PUT', path)).toBe(0);
    const again = await c.api['config.resize']({
      ...g,
      disk: 'scsi0',
      size: '+1G',
      digest: stale.fresh.digest,
    });
    if (again.outcome !== 'started') throw new Error(again.outcome);
    expect((await ended(c, again.task)).exitstatus).toBe('OK');
    const after = await c.api['config.get'](g);
    expect(after.disks.find((d) => d.key === 'scsi0')!.sizeBytes).toBe(disk.sizeBytes! + GiB);
    expect(count('PUT', path)).toBe(1);
  });

  it('edits a container’s swap', async () => {
    const c = await open();
    const g = pick(c, (x) => x.type === 'lxc' && x.status === 'stopped');
    const read = await c.api['config.get'](g);
    expect(read.values.swap).toBe(512);
    const res = await c.api['config.update']({
      ...g,
      changes: { swap: 1024 },
      digest: read.digest,
    });
    if (res.outcome !== 'saved') throw new Error(res.outcome);
    expect(res.config.values.swap).toBe(1024);
    const bad = await failure(
      c.api['config.update']({ ...g, changes: { swap: -1 }, digest: res.config.digest }),
    );
    expect(bad.message).toBe('Invalid changes.swap for config.update: Whole MiB, 0 for none');
  });

  it('adds a VM interface on a node bridge (hot-plugged while running) and removes it', async () => {
    const c = await open();
    const g = pick(c, (x) => x.type === 'qemu' && x.status === 'running');
    expect(await c.api['config.bridges']({ profileId: c.profileId, node: g.node })).toEqual([
      'vmbr0',
      'vmbr1',
    ]);
    const read = await c.api['config.get'](g);
    expect(read.nets.map((n) => n.key)).toEqual(['net0']);
    const add = await c.api['config.setNet']({
      ...g,
      key: 'net1',
      net: { model: 'e1000', bridge: 'vmbr1' },
      digest: read.digest,
    });
    if (add.outcome !== 'saved') throw new Error(add.outcome);
    const net1 = add.config.nets.find((n) => n.key === 'net1')!;
    expect(net1).toMatchObject({ model: 'e1000', bridge: 'vmbr1', firewall: true });
    expect(net1.pending).toBeUndefined();
    expect(net1.mac).toMatch(/^BC:24:11(:[0-9A-F]{2}){3}$/);
    const rm = await c.api['config.setNet']({
      ...g,
      key: 'net1',
      net: null,
      digest: add.config.digest,
    });
    if (rm.outcome !== 'saved') throw new Error(rm.outcome);
    expect(rm.config.nets.map((n) => n.key)).toEqual(['net0']);
    expect(count('PUT', `/nodes/${g.node}/qemu/${g.vmid}/config`)).toBe(2);
  });

  it('adds a container interface with a static address; a stale digest is a conflict', async () => {
    const c = await open();
    const g = pick(c, (x) => x.type === 'lxc' && x.status === 'stopped');
    const read = await c.api['config.get'](g);
    const bad = await failure(
      c.api['config.setNet']({
        ...g,
        key: 'net1',
        net: { bridge: 'vmbr0', name: 'eth1', ip: '10.0.0.300/24' },
        digest: read.digest,
      }),
    );
    expect(bad.message).toBe(
      'Invalid net.ip for config.setNet: dhcp, or an IPv4 address with its prefix (10.0.0.5/24)',
    );
    const spec = { bridge: 'vmbr0', name: 'eth1', ip: '10.20.0.5/24', gw: '10.20.0.1' };
    const add = await c.api['config.setNet']({ ...g, key: 'net1', net: spec, digest: read.digest });
    if (add.outcome !== 'saved') throw new Error(add.outcome);
    expect(add.config.nets.find((n) => n.key === 'net1')).toMatchObject({
      ...spec,
      firewall: true,
    });
    // A change someone else made meanwhile: the removal with the old digest is refused.
    demos[0]!.editConfig(g.vmid, { onboot: '1' });
    const rm = await c.api['config.setNet']({
      ...g,
      key: 'net1',
      net: null,
      digest: add.config.digest,
    });
    expect(rm.outcome).toBe('conflict');
    if (rm.outcome !== 'conflict') return;
    expect(rm.changed).toEqual([{ key: 'onboot', before: false, after: true }]);
    expect(rm.fresh.nets.map((n) => n.key)).toEqual(['net0', 'net1']);
  });

  it('reads the cluster’s tag colours from tag-style', async () => {
    const c = await open();
    expect(await c.api['config.tagColors']({ profileId: c.profileId })).toEqual({
      prod: { bg: '#c62828', fg: '#ffffff' },
      db: { bg: '#1565c0' },
      infra: { bg: '#2e7d32', fg: '#ffffff' },
    });
  });
});
