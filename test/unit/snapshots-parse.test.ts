// What real servers send for GET …/snapshot (spec §8), read into the contract's SnapshotList:
// numbers as strings, snaptime 0 or absent, vmstate absent (containers) or "1", the `current`
// pseudo entry anywhere; and the snapshot name rule (PVE's configid) the form and contract share.

import { describe, expect, it } from 'vitest';
import type { PveClient } from '../../electron/core/pve/client';
import { getSnapshots } from '../../electron/core/pve/snapshots';
import { snapshotNameProblem } from '../../shared/snapshots';

function clientAnswering(data: unknown): PveClient {
  const fake = {
    get: async (_path: string, schema: { parse(v: unknown): unknown }) => ({
      data: schema.parse(data),
    }),
  };
  return fake as unknown as PveClient;
}

const G = { node: 'pve1', type: 'qemu' as const, vmid: 100 };

describe('getSnapshots', () => {
  it('reads loosely typed items and the current entry', async () => {
    const list = await getSnapshots(
      clientAnswering([
        { name: 'current', description: 'You are here!', digest: 'ab', running: '1', parent: 'b' },
        { name: 'a', description: '', snaptime: '1700000000', vmstate: '0' },
        { name: 'b', parent: 'a', snaptime: 0, vmstate: 1, description: 'with RAM' },
        { name: 'c', snapstate: 'prepare', parent: 'a' },
        { description: 'no name: skipped' },
      ]),
      G,
    );
    expect(list).toEqual({
      current: { parent: 'b', running: true },
      snapshots: [
        { name: 'a', description: '', snaptime: 1_700_000_000, vmstate: false },
        { name: 'b', description: 'with RAM', parent: 'a', vmstate: true },
        { name: 'c', description: '', parent: 'a', vmstate: false, snapstate: 'prepare' },
      ],
    });
  });

  it('a guest without snapshots (older lxc: no description on current)', async () => {
    const list = await getSnapshots(clientAnswering([{ name: 'current', running: 0 }]), G);
    expect(list).toEqual({ current: { running: false }, snapshots: [] });
  });
});

describe('snapshotNameProblem', () => {
  it('accepts what pve-configid accepts and says what is wrong otherwise', () => {
    expect(snapshotNameProblem('before-upgrade_2')).toBeUndefined();
    expect(snapshotNameProblem('')).toBe('Give the snapshot a name');
    expect(snapshotNameProblem('1st')).toBe('Must start with a letter');
    expect(snapshotNameProblem('a')).toBe('At least 2 characters');
    expect(snapshotNameProblem('has space')).toBe('Only letters, digits, - and _');
    expect(snapshotNameProblem('x'.repeat(41))).toBe('At most 40 characters');
    expect(snapshotNameProblem('current')).toBe("'current' is a reserved name");
    expect(snapshotNameProblem('Pending', 'qemu')).toBe("'pending' is a reserved name");
    expect(snapshotNameProblem('Pending', 'lxc')).toBeUndefined();
    expect(snapshotNameProblem('vzdump', 'lxc')).toBe("'vzdump' is a reserved name");
  });
});
