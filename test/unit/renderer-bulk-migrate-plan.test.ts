// The bulk migrate dialog's verdicts: which guests can go to a node and why not, from each
// guest's precondition (PVE's refused nodes and reasons, local resources), the node's state, and
// the options (online, copying a running VM's local disks); the node offered first.

import { describe, expect, it } from 'vitest';
import {
  bestNode,
  verdict,
  type PlanGuest,
} from '../../renderer/src/features/bulk/bulkMigratePlan';
import type { MigratePrecondition } from '../../shared/migrate';
import type { GuestResource } from '../../shared/model';

function guest(vmid: number, type: 'qemu' | 'lxc', status: string, node = 'pve2'): GuestResource {
  return {
    id: `${type}/${String(vmid)}`,
    type,
    vmid,
    node,
    status,
    name: `g${String(vmid)}`,
  } as GuestResource;
}

function pre(p: Partial<MigratePrecondition> = {}): MigratePrecondition {
  return {
    running: false,
    notAllowed: [],
    localDisks: [],
    localResources: [],
    dependentHa: [],
    ...p,
  };
}

const pve1 = { node: 'pve1', online: true };
const pve3 = { node: 'pve3', online: false };
const on = { online: true, copyDisks: true };

describe('bulk migrate plan', () => {
  it('says why a guest cannot go', () => {
    const disk = { volid: 'local-lvm:vm-100-disk-0', cdrom: false };
    const cases: [PlanGuest, typeof on][] = [
      [{ guest: guest(100, 'qemu', 'running', 'pve1'), pre: pre() }, on],
      [{ guest: guest(101, 'qemu', 'stopped'), pre: pre() }, on],
      [
        {
          guest: guest(102, 'qemu', 'stopped'),
          pre: pre({
            notAllowed: [{ node: 'pve1', reasons: ['storage local-zfs is not available'] }],
          }),
        },
        on,
      ],
      [
        {
          guest: guest(103, 'qemu', 'running'),
          pre: pre({ running: true, localResources: ['hostpci0'] }),
        },
        on,
      ],
      [
        { guest: guest(104, 'lxc', 'running'), pre: pre({ running: true }) },
        { online: false, copyDisks: true },
      ],
      [
        { guest: guest(105, 'qemu', 'running'), pre: pre({ running: true, localDisks: [disk] }) },
        { online: true, copyDisks: false },
      ],
      [
        { guest: guest(106, 'qemu', 'stopped'), pre: pre({ localDisks: [disk] }) },
        { online: true, copyDisks: false },
      ],
      [{ guest: guest(107, 'qemu', 'running'), pre: 'can’t check: Permission check failed' }, on],
    ];
    expect(cases.map(([p, o]) => verdict(p, pve1, o))).toEqual([
      { go: false, reason: 'already there', here: true },
      { go: true },
      { go: false, reason: 'storage local-zfs is not available' },
      { go: false, reason: 'local resources: hostpci0' },
      { go: false, reason: 'running: PVE migrates it only in restart mode' },
      { go: false, reason: 'running with local disks: PVE live-migrates them only copied' },
      { go: true },
      { go: false, reason: 'can’t check: Permission check failed' },
    ]);
    expect(verdict(cases[1]![0], pve3, on)).toEqual({ go: false, reason: 'node offline' });
  });

  it('offers first the node most can go to', () => {
    const plan: PlanGuest[] = [
      { guest: guest(101, 'qemu', 'stopped'), pre: pre() },
      { guest: guest(102, 'lxc', 'stopped', 'pve1'), pre: pre() },
    ];
    const pve2 = { node: 'pve2', online: true };
    expect(bestNode(plan, [pve1, pve2, pve3], on)).toBe('pve1');
    expect(bestNode([plan[0]!], [pve2, pve3], on)).toBeNull();
  });
});
