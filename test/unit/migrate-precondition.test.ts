// Reading GET …/migrate as real servers send it: qemu's underscore keys and lxc's hyphen keys,
// PVE 7's reply without node lists for a running VM, numbers as strings, and a refused node's
// detail put in words.

import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { PveClient } from '../../electron/core/pve/client';
import { getMigratePrecondition } from '../../electron/core/pve/migrate';

function client(data: unknown): PveClient {
  const fake = {
    get: async (_path: string, schema: z.ZodType) => ({ data: schema.parse(data) }),
  };
  return fake as unknown as PveClient;
}

const VM = { node: 'pve1', type: 'qemu' as const, vmid: 100 };
const CT = { node: 'pve1', type: 'lxc' as const, vmid: 101 };

describe('migrate precondition', () => {
  it('reads qemu underscore keys with refused nodes and strings for numbers', async () => {
    const p = await getMigratePrecondition(
      client({
        running: '0',
        allowed_nodes: ['pve2'],
        not_allowed_nodes: {
          pve3: { unavailable_storages: ['local-zfs'] },
          pve4: { 'blocking-ha-resources': [{ sid: 'vm:200', cause: 'resource-affinity' }] },
        },
        local_disks: [
          { volid: 'local-zfs:vm-100-disk-0', size: '34359738368', drivename: 'scsi0' },
        ],
        local_resources: ['hostpci0'],
      }),
      VM,
    );
    expect(p).toEqual({
      running: false,
      allowedNodes: ['pve2'],
      notAllowed: [
        { node: 'pve3', reasons: ['storage local-zfs is not available'] },
        { node: 'pve4', reasons: ['HA resource vm:200 blocks it (affinity rule)'] },
      ],
      localDisks: [
        { volid: 'local-zfs:vm-100-disk-0', size: 34359738368, drive: 'scsi0', cdrom: false },
      ],
      localResources: ['hostpci0'],
      dependentHa: [],
    });
  });

  it('reads lxc hyphen keys', async () => {
    const p = await getMigratePrecondition(
      client({
        running: 1,
        'allowed-nodes': ['pve2'],
        'not-allowed-nodes': { pve3: { 'blocking-ha-resources': [{ sid: 'ct:300' }] } },
        'dependent-ha-resources': ['ct:102'],
      }),
      CT,
    );
    expect(p.running).toBe(true);
    expect(p.allowedNodes).toEqual(['pve2']);
    expect(p.notAllowed).toEqual([
      { node: 'pve3', reasons: ['HA resource ct:300 blocks it (affinity rule)'] },
    ]);
    expect(p.dependentHa).toEqual(['ct:102']);
  });

  it('leaves the nodes unknown when PVE 7 does not list them for a running VM', async () => {
    const p = await getMigratePrecondition(
      client({ running: 1, local_disks: [], local_resources: [] }),
      VM,
    );
    expect(p.allowedNodes).toBeUndefined();
    expect(p.notAllowed).toEqual([]);
  });
});
